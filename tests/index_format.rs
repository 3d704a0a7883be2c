//! The index files as written by the builder: they decode to what the model says, are the same on
//! every build, never make the engine panic however damaged, and let the Bloom filters spare
//! fetches.

mod common;

use bloomfilter::Bloom;
use commons_atlas::engine::{block_on, Engine, EngineError, Fetch, FsFetch, Query, Results, Selection};
use commons_atlas::format::entry::{self, Entry};
use commons_atlas::format::facets::Facets;
use commons_atlas::format::manifest::{Manifest, RecordFiles};
use commons_atlas::format::labels::LanguageLabels;
use commons_atlas::format::notes::NotesChunk;
use commons_atlas::format::records::{Record, RecordChunk};
use commons_atlas::format::text::{field, Blooms, TextChunk};
use commons_atlas::format::{self, file_name, FormatError, Kind, FORMAT_VERSION, HEADER_LEN};
use commons_atlas::model::{Commons, ConceptId, Indexing, PartialDate, Resource, SiteId};
use commons_atlas::text::{Analyzer, Language};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::Rng;

fn sample() -> &'static (PathBuf, Commons) {
    static SAMPLE: OnceLock<(PathBuf, Commons)> = OnceLock::new();
    SAMPLE.get_or_init(|| common::build_with_model("examples/commons/commons.toml"))
}

/// Compiles `commons` and writes it to a new temporary folder.
fn write(commons: &Commons) -> PathBuf {
    let index = index_builder::compile::compile(commons);
    let out = tempfile::tempdir().expect("temp dir").keep().join("index");
    index_builder::output::write_index(&out, &index, index_builder::output::DEFAULT_KEEP).expect("index written");
    out
}

/// Resources added to the sample commons for an index of several text chunks.
const SYNTHETIC: usize = 4000;

/// The sample commons plus [`SYNTHETIC`] resources with pseudo-words (a vocabulary large enough
/// to be cut into several text chunks), built once.
fn synthetic() -> &'static (PathBuf, Commons) {
    static SYNTH: OnceLock<(PathBuf, Commons)> = OnceLock::new();
    SYNTH.get_or_init(|| {
        let mut commons = sample().1.clone();
        let mut rng = Rng::new(99);
        let descriptors: Vec<ConceptId> = commons.thesaurus.descriptors().collect();
        let consonants = ["b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "ch", "tr"];
        let vowels = ["a", "e", "i", "o", "u", "é", "ou", "ai"];
        let word = |rng: &mut Rng| {
            let syllables = 2 + rng.below(3);
            (0..syllables).map(|_| format!("{}{}", consonants[rng.below(consonants.len())], vowels[rng.below(vowels.len())])).collect::<String>()
        };
        for i in 0..SYNTHETIC {
            let site = rng.below(commons.sites.len());
            let title = (0..3 + rng.below(4)).map(|_| word(&mut rng)).collect::<Vec<_>>().join(" ");
            let summary = (0..rng.below(12)).map(|_| word(&mut rng)).collect::<Vec<_>>().join(" ");
            let mut chosen: Vec<ConceptId> = (0..1 + rng.below(3)).map(|_| descriptors[rng.below(descriptors.len())]).collect();
            chosen.sort();
            chosen.dedup();
            let lang = commons.languages[rng.below(commons.languages.len())].clone();
            commons.resources.push(Resource {
                site: SiteId(site as u16),
                id: format!("synthetic-{i}"),
                url: format!("https://synthetic.example.org/{i}"),
                title,
                subtitle: None,
                summary: (!summary.is_empty()).then_some(summary),
                authors: vec![format!("{} {}", word(&mut rng), word(&mut rng))],
                date: (rng.below(10) > 0).then(|| PartialDate { year: 1990 + rng.below(35) as u16, month: Some(1 + rng.below(12) as u8), day: None }),
                kind: commons.types.first().map(|t| t.key.clone()).filter(|_| rng.below(2) == 0),
                lang,
                place: None,
                country: None,
                descriptors: chosen.into_iter().map(|concept| Indexing { concept, weight: 1 + rng.below(3) as u16 }).collect(),
                translation: None,
            });
        }
        (write(&commons), commons)
    })
}

/// Every file of an index folder, by name.
/// The index files of a folder (not the folder's list of releases, which records when).
fn read_dir(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("index folder lists")
        .filter(|e| e.as_ref().map_or(true, |e| e.file_name() != index_builder::output::LIST))
        .map(|e| {
            let e = e.expect("entry");
            (e.file_name().to_string_lossy().to_string(), std::fs::read(e.path()).expect("file reads"))
        })
        .collect()
}

/// Serves index files from memory.
struct MemFetch(BTreeMap<String, Vec<u8>>);

impl Fetch for MemFetch {
    fn fetch(&self, name: &str) -> impl Future<Output = Result<Vec<u8>, String>> {
        std::future::ready(self.0.get(name).cloned().ok_or_else(|| format!("{name}: no such file")))
    }
}

/// A resource's words as the builder indexes them: per folded word, the fields it occurs in and
/// how often (stop words of the resource's language left out of the prose fields).
fn indexed_words(analyzer: &Analyzer, r: &Resource) -> (BTreeMap<String, (u8, u32)>, u32) {
    let lang = Language::from_code(r.lang.as_str());
    let mut words: BTreeMap<String, (u8, u32)> = BTreeMap::new();
    let mut length = 0;
    let mut add = |text: &str, bit: u8, prose: bool| {
        for t in analyzer.tokens(text) {
            if prose && lang.is_some_and(|l| analyzer.is_stop_word(l, &t.text)) {
                continue;
            }
            length += 1;
            let e = words.entry(t.text).or_default();
            e.0 |= bit;
            e.1 += 1;
        }
    };
    add(&r.title, field::TITLE, true);
    if let Some(s) = &r.subtitle {
        add(s, field::SUBTITLE, true);
    }
    if let Some(s) = &r.summary {
        add(s, field::SUMMARY, true);
    }
    for a in &r.authors {
        add(a, field::AUTHORS, false);
    }
    if let Some(p) = &r.place {
        add(p, field::PLACE, false);
    }
    (words, length)
}

#[test]
fn every_file_of_the_sample_index_decodes_to_what_the_model_says() {
    let (dir, commons) = sample();
    assert!(commons.maps.len() >= 2, "the sample commons has local maps");
    round_trip(dir, commons, "sample");
}

#[test]
fn every_file_of_an_index_of_several_text_chunks_decodes_to_what_the_model_says() {
    let (dir, commons) = synthetic();
    let chunks = round_trip(dir, commons, "synthetic");
    assert!(chunks >= 3, "the vocabulary is cut into several chunks ({chunks})");
}

/// Checks every file of the index in `dir` against `commons`; returns the number of text chunks.
fn round_trip(dir: &Path, commons: &Commons, what: &str) -> usize {
    let files = read_dir(dir);
    let entry = Entry::decode(&files[entry::FILE_NAME]).expect("entry decodes");
    let manifest = Manifest::decode(&files[&entry.manifest]).expect("manifest decodes");

    // The folder holds exactly the files the manifest names, each named after its bytes.
    let mut named: BTreeMap<String, Kind> = BTreeMap::new();
    named.insert(entry.manifest.clone(), Kind::Manifest);
    named.insert(manifest.facets.clone(), Kind::Facets);
    for c in &manifest.text_chunks {
        named.insert(c.file.clone(), Kind::Text);
    }
    for c in &manifest.notes_chunks {
        named.insert(c.file.clone(), Kind::Notes);
    }
    for c in &manifest.label_chunks {
        named.insert(c.file.clone(), Kind::Labels);
    }
    named.insert(manifest.blooms.clone(), Kind::Blooms);
    for (_, file) in &manifest.language_files {
        named.insert(file.clone(), Kind::Language);
    }
    assert_eq!(entry.languages, manifest.language_files, "the entry names the language files too");
    let record_names: BTreeSet<String> = manifest.record_chunks.names().collect();
    let others = 1 + manifest.text_chunks.len() + manifest.notes_chunks.len() + manifest.label_chunks.len() + manifest.language_files.len();
    assert_eq!(named.len(), 2 + others, "no two files share a name");
    assert_eq!(record_names.len(), manifest.record_chunks.len());
    assert_eq!(entry.facets, manifest.facets, "the entry names the facets file too");
    let mut expected_names: BTreeSet<String> = named.keys().cloned().chain(record_names.iter().cloned()).collect();
    expected_names.insert(entry::FILE_NAME.to_string());
    assert_eq!(files.keys().cloned().collect::<BTreeSet<_>>(), expected_names);
    assert!(dir.join(index_builder::output::LIST).exists(), "and the folder's list of releases");
    for (name, kind) in &named {
        assert_eq!(*name, file_name(*kind, &files[name]), "{name} is named after its bytes");
        assert_eq!(Kind::of_file_name(name), Some(*kind));
    }
    // Record chunks share one set name, a hash of all of them (`RecordFiles`).
    let record_bytes: Vec<Vec<u8>> = manifest.record_chunks.names().map(|f| files[&f].clone()).collect();
    assert_eq!(RecordFiles::of(&record_bytes), manifest.record_chunks);
    for name in &record_names {
        assert_eq!(Kind::of_file_name(name), Some(Kind::Records));
    }

    // Manifest.
    let n = commons.resources.len();
    assert_eq!(manifest.name, commons.name);
    assert_eq!(manifest.languages, commons.languages);
    assert_eq!(manifest.sites, commons.sites);
    // The thesaurus, but for its notes (in the notes chunks, in concept order) and its labels in
    // other languages than the default one (in the language files, which `tests/languages.rs`
    // follows further; hidden labels only in label chunks).
    let mut without_notes = commons.thesaurus.clone();
    let mut notes = Vec::new();
    for c in &mut without_notes.concepts {
        notes.push(std::mem::take(&mut c.notes));
        c.hidden_labels.clear();
        c.alt_labels.sort();
    }
    let default = commons.languages[0].primary();
    for c in &manifest.thesaurus.concepts {
        let kept = |l: &commons_atlas::model::Lang| l.primary() == default;
        assert!(c.labels.len() == 1 || c.labels.iter().all(|(l, _)| kept(l)), "{}: {:?}", c.iri, c.labels);
        assert!(c.alt_labels.iter().all(|(l, _)| kept(l)) && c.hidden_labels.is_empty(), "{}", c.iri);
    }
    let mut relabelled = manifest.thesaurus.clone();
    for (_, file) in &manifest.language_files {
        let labels = LanguageLabels::decode(&files[file]).expect("language file decodes");
        relabelled.add_labels(&labels.lang, &labels.preferred, &labels.alternative);
    }
    for c in &mut relabelled.concepts {
        c.alt_labels.sort();
    }
    assert_eq!(relabelled, without_notes);
    let mut chunked = Vec::new();
    for c in &manifest.notes_chunks {
        let chunk = NotesChunk::decode(&files[&c.file]).expect("notes chunk decodes");
        assert_eq!(chunk.first as usize, chunked.len(), "{} starts where the previous chunk ends", c.file);
        chunked.extend(chunk.notes);
    }
    if notes.iter().any(|n| !n.is_empty()) {
        assert_eq!(chunked, notes, "every concept's notes, in order");
    } else {
        assert!(manifest.notes_chunks.is_empty(), "no notes, no notes chunk");
    }
    assert_eq!(manifest.maps, commons.maps, "local maps, concepts in the order given");
    assert_eq!(manifest.types[..commons.types.len()], commons.types[..]);
    let extra: BTreeSet<&str> = commons.resources.iter().filter_map(|r| r.kind.as_deref()).filter(|k| !commons.types.iter().any(|t| t.key == *k)).collect();
    let manifest_extra: Vec<&str> = manifest.types[commons.types.len()..].iter().map(|t| t.key.as_str()).collect();
    assert_eq!(manifest_extra, extra.into_iter().collect::<Vec<_>>(), "types the feeds use beyond the configured ones, sorted");
    assert_eq!(manifest.resources as usize, n);
    let block = manifest.record_block as usize;
    assert!(block > 0);
    assert_eq!(manifest.record_chunks.len(), n.div_ceil(block));

    // Records: every resource once, newest first, each equal to the model's.
    let by_key: HashMap<(&str, &str), &Resource> = commons.resources.iter().map(|r| ((r.id.as_str(), r.url.as_str()), r)).collect();
    assert_eq!(by_key.len(), n);
    let mut ordered: Vec<&Resource> = Vec::new();
    for (i, f) in manifest.record_chunks.names().enumerate() {
        let chunk = RecordChunk::decode(&files[&f]).expect("record chunk decodes");
        assert_eq!(chunk.first as usize, i * block);
        assert_eq!(chunk.records.len(), block.min(n - i * block), "{f}");
        for rec in &chunk.records {
            let r = by_key.get(&(rec.id.as_str(), rec.url.as_str())).unwrap_or_else(|| panic!("record {} is a resource of the model", rec.id));
            let expected = Record {
                id: r.id.clone(),
                url: r.url.clone(),
                title: r.title.clone(),
                subtitle: r.subtitle.clone(),
                summary: r.summary.clone(),
                authors: r.authors.clone(),
                date: r.date,
                place: r.place.clone(),
                country: r.country.clone(),
                translation: r.translation.clone(),
                descriptors: r.descriptors.clone(),
            };
            assert_eq!(*rec, expected);
            ordered.push(r);
        }
    }
    assert_eq!(ordered.len(), n);
    assert_eq!(ordered.iter().map(|r| (r.site, &r.id)).collect::<BTreeSet<_>>().len(), n, "every resource once");
    let key = |r: &Resource| (r.date.is_none(), Reverse(r.date), r.site, r.id.clone());
    assert!(ordered.windows(2).all(|w| key(w[0]) < key(w[1])), "resources are numbered newest first, then by site and id");

    // Facets.
    let facets = Facets::decode(&files[&manifest.facets]).expect("facets decode");
    let analyzer = Analyzer::new();
    assert_eq!(facets.resources(), n);
    let mut total_length = 0u64;
    let mut groups: HashMap<u32, BTreeSet<(u16, &str)>> = HashMap::new();
    for (number, r) in ordered.iter().enumerate() {
        assert_eq!(facets.sites[number], r.site.0);
        let ty = r.kind.as_deref().map_or(0, |k| manifest.types.iter().position(|t| t.key == k).unwrap() + 1);
        assert_eq!(facets.types[number] as usize, ty, "{}", r.id);
        assert_eq!(commons.languages[facets.langs[number] as usize].primary(), r.lang.primary(), "{}", r.id);
        assert_eq!(facets.years[number], r.date.map_or(0, |d| d.year));
        let (_, length) = indexed_words(&analyzer, r);
        total_length += u64::from(length);
        assert_eq!(u32::from(facets.lengths[number]), length.min(255), "{}: indexed words", r.id);
        let group = facets.translations[number];
        let key = r.translation.as_deref().map(|k| (r.site.0, k));
        let partners = ordered.iter().filter(|o| key.is_some() && o.translation.as_deref().map(|k| (o.site.0, k)) == key).count();
        assert_eq!(group != 0, partners > 1, "{}: a translation group when another record shares the key", r.id);
        if group != 0 {
            groups.entry(group).or_default().insert(key.unwrap());
        }
    }
    assert!(groups.values().all(|keys| keys.len() == 1), "a translation group is one (site, key)");
    assert!(groups.len() == groups.values().flatten().collect::<BTreeSet<_>>().len(), "a (site, key) is one group");
    let average = total_length as f32 / n as f32;
    assert!((manifest.average_length - average).abs() <= 0.006, "average length {} vs {average}", manifest.average_length);
    let mut postings: BTreeMap<u32, (Vec<u32>, Vec<u8>)> = BTreeMap::new();
    for (number, r) in ordered.iter().enumerate() {
        for d in &r.descriptors {
            let e = postings.entry(d.concept.0).or_default();
            e.0.push(number as u32);
            e.1.push(d.weight.min(255) as u8);
        }
    }
    let decoded: BTreeMap<u32, (Vec<u32>, Vec<u8>)> = facets.concepts.iter().map(|c| (c.concept.0, (c.resources.clone(), c.weights.clone()))).collect();
    assert_eq!(decoded, postings, "descriptor postings");

    // Text chunks: the inverted index of every resource's words, in term order across chunks,
    // each term in the Bloom filter of its chunk.
    let mut expected: BTreeMap<String, Vec<(u32, u8, u8)>> = BTreeMap::new();
    let mut expected_langs: BTreeMap<String, u8> = BTreeMap::new();
    for (number, r) in ordered.iter().enumerate() {
        let lang_bit = Language::from_code(r.lang.as_str()).map_or(0, |l| 1u8 << l.index());
        for (word, (fields, tf)) in indexed_words(&analyzer, r).0 {
            *expected_langs.entry(word.clone()).or_default() |= lang_bit;
            expected.entry(word).or_default().push((number as u32, fields, tf.min(7) as u8));
        }
    }
    let mut previous: Option<String> = None;
    let mut terms = 0;
    let blooms = Blooms::decode(&files[&manifest.blooms]).expect("the Bloom filters decode");
    assert_eq!(blooms.filters.len(), manifest.text_chunks.len(), "a Bloom filter per text chunk");
    for (c, filter) in manifest.text_chunks.iter().zip(&blooms.filters) {
        let chunk = TextChunk::decode(&files[&c.file]).expect("text chunk decodes");
        assert_eq!(chunk.terms.first().map(|t| &t.text), Some(&c.first_term), "{}: first term as the manifest says", c.file);
        let bloom: Bloom<str> = Bloom::from_slice(filter).expect("Bloom filter decodes");
        for t in &chunk.terms {
            if let Some(p) = &previous {
                assert!(*p < t.text, "terms in order across chunks: {p:?} then {:?}", t.text);
            }
            previous = Some(t.text.clone());
            terms += 1;
            let got: Vec<(u32, u8, u8)> = t.postings.iter().map(|p| (p.resource, p.fields, p.tf)).collect();
            assert_eq!(Some(&got), expected.get(&t.text), "postings of {:?}", t.text);
            assert_eq!(Some(&t.langs), expected_langs.get(&t.text), "languages of {:?}", t.text);
            if t.langs == 0 {
                assert!(bloom.check(t.text.as_str()), "{:?} in its chunk's filter", t.text);
            }
            for l in Language::ALL {
                if t.langs & (1 << l.index()) != 0 {
                    let stem = analyzer.stem(l, &t.text);
                    assert!(bloom.check(stem.as_str()), "stem {stem:?} of {:?} in its chunk's filter", t.text);
                }
            }
        }
    }
    assert_eq!(terms, expected.len(), "every indexed word is a term");
    eprintln!("{what} index: {n} resources, {terms} terms in {} text chunks, {} record chunks", manifest.text_chunks.len(), manifest.record_chunks.len());
    manifest.text_chunks.len()
}

#[test]
fn building_the_sample_commons_twice_gives_byte_identical_folders() {
    let first = read_dir(&common::build("examples/commons/commons.toml"));
    let second = read_dir(&common::build("examples/commons/commons.toml"));
    assert_eq!(first.keys().collect::<Vec<_>>(), second.keys().collect::<Vec<_>>(), "same file names");
    for (name, bytes) in &first {
        assert!(second[name] == *bytes, "{name} differs between two builds");
    }
    assert!(first.len() >= 5);
}

/// Queries the corruption test runs, with the ids of the records of each page: what a visitor
/// would see.
fn queries(manifest: &Manifest) -> Vec<Query> {
    let descriptor = manifest.thesaurus.descriptors().next().expect("a descriptor");
    vec![
        Query::default(),
        Query::text("habitants "),
        Query::text("housing curr"),
        Query::text("cooperativ"),
        Query { selections: vec![Selection { concept: descriptor, dimension: 0 }], ..Query::default() },
    ]
    .into_iter()
    // A word of each label chunk, so that every one of them is read.
    .chain(manifest.label_chunks.iter().map(|c| Query::text(format!("{} ", c.first_key))))
    .collect()
}

thread_local! {
    /// Where the last panic on this thread happened (set by the corruption test's hook).
    static LAST_PANIC: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    /// Whether this thread is inside a trial, whose panics the trial reports itself.
    static IN_TRIAL: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

type Seen = Vec<(Results, Vec<String>)>;

fn answers(engine: &Engine) -> Result<Seen, EngineError> {
    queries(&engine.manifest)
        .iter()
        .map(|q| {
            let results = engine.search(q)?;
            let ids = results.hits.iter().map(|h| engine.record(h.resource).map_or_else(|| "?".to_string(), |r| r.id.clone())).collect();
            Ok((results, ids))
        })
        .collect()
}

/// The entry, then the manifest through `Engine::new`, then every other file through
/// `add_file`, then the queries.
fn by_hand(files: &BTreeMap<String, Vec<u8>>) -> Result<Seen, String> {
    let entry = Entry::decode(&files[entry::FILE_NAME]).map_err(|e| e.to_string())?;
    let manifest = files.get(&entry.manifest).ok_or("the entry names a missing manifest")?;
    let mut engine = Engine::new(manifest, &entry.manifest).map_err(|e| e.to_string())?;
    let mut names = vec![engine.manifest.facets.clone(), engine.manifest.blooms.clone()];
    names.extend(engine.manifest.text_chunks.iter().map(|c| c.file.clone()));
    names.extend(engine.manifest.label_chunks.iter().map(|c| c.file.clone()));
    names.extend(engine.manifest.language_files.iter().map(|(_, f)| f.clone()));
    names.extend(engine.manifest.record_chunks.names());
    for name in names {
        let bytes = files.get(&name).ok_or_else(|| format!("{name}: no such file"))?;
        engine.add_file(&name, bytes).map_err(|e| e.to_string())?;
    }
    answers(&engine).map_err(|e| e.to_string())
}

/// `Engine::open`, then `run` for each query, fetching as it goes.
fn by_fetch(files: &BTreeMap<String, Vec<u8>>) -> Result<Seen, String> {
    let fetch = MemFetch(files.clone());
    block_on(async {
        let mut engine = Engine::open(&fetch, &[]).await?;
        let mut seen = Vec::new();
        for (i, q) in queries(&engine.manifest).into_iter().enumerate() {
            // The Bloom filters arrive after the first answer, as in the widget.
            if let (1, Some(file)) = (i, engine.blooms_file()) {
                let bytes = fetch.fetch(&file).await.map_err(|message| EngineError::Fetch { file: file.clone(), message })?;
                engine.add_file(&file, &bytes)?;
            }
            let results = engine.run(&q, &fetch).await?;
            let ids = results.hits.iter().map(|h| engine.record(h.resource).map_or_else(|| "?".to_string(), |r| r.id.clone())).collect();
            seen.push((results, ids));
        }
        // And every descriptor panel's notes chunk, as the widget fetches it.
        let firsts: Vec<u32> = engine.manifest.notes_chunks.iter().map(|c| c.first).collect();
        for first in firsts {
            if let Some(file) = engine.notes_file(commons_atlas::model::ConceptId(first)) {
                let bytes = fetch.fetch(&file).await.map_err(|message| EngineError::Fetch { file: file.clone(), message })?;
                engine.add_file(&file, &bytes)?;
            }
        }
        Ok::<Seen, EngineError>(seen)
    })
    .map_err(|e| e.to_string())
}

/// The undamaged index and what it answers, and what damaging it has shown so far.
struct Trials {
    files: BTreeMap<String, Vec<u8>>,
    baseline: Seen,
    failures: Vec<String>,
    harmless: usize,
    attempts: usize,
}

impl Trials {
    /// Runs both ways over the files with `name` replaced by `bytes`; a panic becomes a failure
    /// naming the damage. `exact`: a result must equal the undamaged one (the damage hit
    /// nothing).
    fn attempt(&mut self, name: &str, bytes: Vec<u8>, what: &str, exact: bool) {
        self.attempts += 1;
        let mut damaged = self.files.clone();
        damaged.insert(name.to_string(), bytes);
        for (how, run) in [("by hand", by_hand as fn(&_) -> _), ("by fetch", by_fetch as fn(&_) -> _)] {
            IN_TRIAL.with(|t| t.set(true));
            let outcome = catch_unwind(AssertUnwindSafe(|| run(&damaged)));
            IN_TRIAL.with(|t| t.set(false));
            match outcome {
                Err(panic) => {
                    let msg = panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default();
                    let place = LAST_PANIC.with(|p| p.borrow().clone());
                    self.failures.push(format!("{name}, {what} ({how}): panic at {place}: {msg}"));
                }
                Ok(Err(_)) => {}
                Ok(Ok(seen)) => {
                    if exact && seen != self.baseline {
                        self.failures.push(format!("{name}, {what} ({how}): a different result, unnoticed"));
                    } else if exact {
                        self.harmless += 1;
                    }
                }
            }
        }
    }
}

#[test]
fn every_truncation_and_byte_flip_of_every_file_is_an_error_or_harmless_never_a_panic() {
    let dir = common::build("examples/broken/good.toml");
    let mut files = read_dir(&dir);
    files.remove(index_builder::output::MARKER);
    let baseline = by_hand(&files).expect("the undamaged index answers");
    assert_eq!(by_fetch(&files).expect("the undamaged index answers"), baseline);
    assert_eq!(baseline[0].0.total, 2);
    assert!(baseline[1].0.total == 1 && baseline[1].1 == ["g1"], "the text queries find something: {:?}", baseline[1]);

    // Panics inside a trial become failures that name the damage and the panic's place; any
    // other panic is reported as usual.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if IN_TRIAL.with(|t| t.get()) {
            let place = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
            LAST_PANIC.with(|p| *p.borrow_mut() = place);
        } else {
            default_hook(info);
        }
    }));
    let mut rng = Rng::new(2024);
    let mut t = Trials { files: files.clone(), baseline, failures: Vec::new(), harmless: 0, attempts: 0 };
    for (name, bytes) in &files {
        let kind = Kind::of_file_name(name).expect("a file of the index");
        // Every truncation.
        for cut in 0..bytes.len() {
            t.attempt(name, bytes[..cut].to_vec(), &format!("cut at {cut}"), true);
        }
        // Random byte flips of the file as stored: the container must catch them.
        for _ in 0..2000 {
            let mut bad = bytes.clone();
            let at = rng.below(bad.len());
            let mask = 1 + rng.below(255) as u8;
            bad[at] ^= mask;
            t.attempt(name, bad, &format!("byte {at} ^ {mask:#04x}"), true);
        }
        // Random flips and cuts of the payload, sealed again with a valid checksum: what a
        // builder bug or a crafted file gives. The decoder and the engine must refuse them or
        // cope, without panicking; the result may differ.
        let payload = format::open(kind, bytes).expect("payload");
        // Sealed again in the same build, so that the damage reaches the decoders.
        let build = format::BuildId::of_file(bytes).expect("a header");
        for i in 0..2000 {
            let mut bad = payload.clone();
            let what = if i % 10 == 0 {
                let cut = rng.below(bad.len());
                bad.truncate(cut);
                format!("payload cut at {cut}")
            } else {
                let at = rng.below(bad.len());
                let mask = 1 + rng.below(255) as u8;
                bad[at] ^= mask;
                format!("payload byte {at} ^ {mask:#04x}")
            };
            t.attempt(name, format::seal(kind, build, &bad), &what, false);
        }
    }
    drop(std::panic::take_hook());
    eprintln!("{} damaged files over {} files, {} runs harmless, {} failures", t.attempts, files.len(), t.harmless, t.failures.len());
    let failures = t.failures;
    assert!(failures.is_empty(), "{} failures, the first:\n{}", failures.len(), failures.iter().take(20).cloned().collect::<Vec<_>>().join("\n"));
}

#[test]
fn a_file_of_another_kind_under_a_files_name_is_an_error() {
    let dir = common::build("examples/broken/good.toml");
    let mut files = read_dir(&dir);
    files.remove(index_builder::output::MARKER);
    let entry = Entry::decode(&files[entry::FILE_NAME]).unwrap();
    let manifest_bytes = files[&entry.manifest].clone();
    for (name, bytes) in &files {
        let kind = Kind::of_file_name(name).unwrap();
        for (other, other_bytes) in &files {
            let other_kind = Kind::of_file_name(other).unwrap();
            if other_kind == kind {
                continue;
            }
            let wrong = FormatError::WrongKind { expected: kind, found: Some(other_kind) };
            match kind {
                Kind::Entry => assert_eq!(Entry::decode(other_bytes), Err(wrong), "{other} as the entry"),
                Kind::Manifest => match Engine::new(other_bytes, name) {
                    Err(EngineError::Format { error, .. }) => assert_eq!(error, wrong, "{other} as the manifest"),
                    other_result => panic!("{other} as the manifest: {:?}", other_result.map(|_| ())),
                },
                _ => {
                    let mut engine = Engine::new(&manifest_bytes, &entry.manifest).unwrap();
                    match engine.add_file(name, other_bytes) {
                        Err(EngineError::Format { error, file }) => {
                            assert_eq!(error, wrong, "{other} as {name}");
                            assert_eq!(file, *name);
                        }
                        r => panic!("{other} given as {name}: {r:?}"),
                    }
                    // And the right file still loads afterwards.
                    engine.add_file(name, bytes).unwrap();
                }
            }
        }
    }
    // A file that is not part of the index at all.
    let mut engine = Engine::new(&manifest_bytes, &entry.manifest).unwrap();
    let (_, facets) = files.iter().find(|(n, _)| n.starts_with("facets-")).unwrap();
    assert_eq!(engine.add_file("facets-0000000000000000.bin", facets), Err(EngineError::UnknownFile("facets-0000000000000000.bin".into())));
    // A record chunk given under another record chunk's name is an error too.
    let (dir, _) = sample();
    let sample_files = read_dir(dir);
    let entry = Entry::decode(&sample_files[entry::FILE_NAME]).unwrap();
    let mut engine = Engine::new(&sample_files[&entry.manifest], &entry.manifest).unwrap();
    let chunks: Vec<String> = engine.manifest.record_chunks.names().collect();
    assert!(chunks.len() >= 2);
    assert!(matches!(engine.add_file(&chunks[0], &sample_files[&chunks[1]]), Err(EngineError::Inconsistent(_))));
}

#[test]
fn an_index_of_another_format_version_says_so() {
    let dir = common::build("examples/broken/good.toml");
    let mut files = read_dir(&dir);
    files.remove(index_builder::output::MARKER);
    let entry = Entry::decode(&files[entry::FILE_NAME]).unwrap();
    let other = FORMAT_VERSION + 1;
    let bump = |bytes: &[u8]| {
        let mut b = bytes.to_vec();
        b[5..7].copy_from_slice(&other.to_le_bytes());
        b
    };
    let says_so = |e: String, what: &str| assert!(e.contains(&format!("format version {other}")), "{what}: {e}");
    for (name, bytes) in &files {
        assert!(bytes.len() > HEADER_LEN);
        match Kind::of_file_name(name).unwrap() {
            Kind::Entry => says_so(Entry::decode(&bump(bytes)).unwrap_err().to_string(), name),
            Kind::Manifest => says_so(Engine::new(&bump(bytes), name).err().expect("refused").to_string(), name),
            _ => {
                let mut engine = Engine::new(&files[&entry.manifest], &entry.manifest).unwrap();
                says_so(engine.add_file(name, &bump(bytes)).unwrap_err().to_string(), name);
            }
        }
        // The same through the fetching engine: what the widget would show. A language file is
        // fetched for a page in its language, and one that cannot be read is only reported.
        let mut damaged = files.clone();
        damaged.insert(name.clone(), bump(bytes));
        if let Some((lang, _)) = entry.languages.iter().find(|(_, f)| f == name) {
            let engine = block_on(Engine::open(&MemFetch(damaged), std::slice::from_ref(lang))).expect("opens all the same");
            says_so(engine.skipped.iter().map(ToString::to_string).collect(), name);
        } else {
            says_so(by_fetch(&damaged).unwrap_err(), name);
        }
    }
}

/// The synthetic index opened, with its facets and Bloom filters loaded.
fn opened() -> (Engine, FsFetch, BTreeMap<String, Vec<u8>>) {
    let (dir, _) = synthetic();
    let (mut engine, fetch) = common::open(dir);
    let files = read_dir(dir);
    let facets = engine.manifest.facets.clone();
    engine.add_file(&facets, &files[&facets]).unwrap();
    let blooms = engine.blooms_file().expect("the Bloom filters are not loaded with the manifest");
    engine.add_file(&blooms, &files[&blooms]).unwrap();
    assert_eq!(engine.blooms_file(), None);
    assert!(engine.manifest.text_chunks.len() >= 3);
    (engine, fetch, files)
}

/// Text chunk `i`'s Bloom filter.
fn bloom_of(files: &BTreeMap<String, Vec<u8>>, engine: &Engine, i: usize) -> Bloom<str> {
    let blooms = Blooms::decode(&files[&engine.manifest.blooms]).unwrap();
    Bloom::from_slice(&blooms.filters[i]).unwrap()
}

fn text_files_loaded(engine: &Engine) -> Vec<String> {
    text_files(engine.loaded.clone())
}

/// The text chunks among `files` (a word may need label chunks too: `tests/languages.rs`).
fn text_files(files: Vec<String>) -> Vec<String> {
    files.into_iter().filter(|f| f.starts_with("text-")).collect()
}

/// The text chunk whose range holds `term` (the last whose first term is not after it).
fn home_chunk(engine: &Engine, term: &str) -> usize {
    engine.manifest.text_chunks.partition_point(|c| c.first_term.as_str() <= term).saturating_sub(1)
}

#[test]
fn a_word_in_no_chunk_loads_no_text_chunk() {
    let (_, _, files) = opened();
    let analyzer = Analyzer::new();
    let mut all_terms = BTreeSet::new();
    for (name, bytes) in &files {
        if name.starts_with("text-") {
            all_terms.extend(TextChunk::decode(bytes).unwrap().terms.into_iter().map(|t| t.text));
        }
    }
    // Four letters: too short to be looked for with a typo, so only the Bloom filter decides.
    let mut rng = Rng::new(17);
    let mut spared = 0;
    let mut words = vec!["zzqx".to_string(), "qxjw".to_string()];
    while words.len() < 40 {
        words.push((0..4).map(|_| (b'a' + rng.below(26) as u8) as char).collect());
    }
    for word in &words {
        if all_terms.iter().any(|t| t.starts_with(&word[..3])) || Language::ALL.iter().any(|&l| analyzer.is_stop_word(l, word)) {
            continue;
        }
        let (mut engine, fetch, _) = opened();
        let q = Query::text(format!("{word} "));
        // The chunk of the word's range, unless its filter holds none of the word's stems.
        let home = home_chunk(&engine, word);
        let bloom = bloom_of(&files, &engine, home);
        let maybe = bloom.check(word) || Language::ALL.iter().any(|&l| bloom.check(&analyzer.stem(l, word)));
        let expected = if maybe { vec![engine.manifest.text_chunks[home].file.clone()] } else { Vec::new() };
        assert_eq!(text_files(engine.files_needed(&q)), expected, "{word:?}: Bloom filter says {maybe}");
        let results = common::run(&mut engine, &fetch, &q);
        assert_eq!(results.total, 0);
        assert_eq!(text_files_loaded(&engine), expected, "{word:?}");
        if !maybe {
            spared += 1;
        }
    }
    assert!(spared >= 25, "the filters spare most fetches ({spared} of {})", words.len());

    // Five letters or more: a word the filters rule out is still looked for with one typo, in the
    // chunks of its first two letters, and nowhere else.
    let (mut engine, fetch, files) = opened();
    let home = home_chunk(&engine, "zz");
    let bloom = bloom_of(&files, &engine, home);
    // A word the filter rules out (a filter has false positives: take the first it rules out).
    let word = ["zzqxj", "zzqxw", "zzwqv", "zzkqj", "zzvxq", "zzjqk"]
        .into_iter()
        .find(|w| !bloom.check(w) && Language::ALL.iter().all(|&l| !bloom.check(&analyzer.stem(l, w))))
        .expect("the filter rules out one of six made-up words");
    let q = Query::text(format!("{word} "));
    assert_eq!(text_files(engine.files_needed(&q)), [engine.manifest.text_chunks[home].file.clone()], "only the typo round's chunk");
    let results = common::run(&mut engine, &fetch, &q);
    assert_eq!(results.total, 0);
    assert_eq!(text_files_loaded(&engine), [engine.manifest.text_chunks[home].file.clone()]);
}

#[test]
fn a_word_that_exists_loads_exactly_the_chunks_of_its_range() {
    let (engine, _, files) = opened();
    let analyzer = Analyzer::new();
    let chunks: Vec<(String, Vec<String>)> = engine
        .manifest
        .text_chunks
        .iter()
        .map(|c| (c.file.clone(), TextChunk::decode(&files[&c.file]).unwrap().terms.into_iter().map(|t| t.text).collect()))
        .collect();
    let mut rng = Rng::new(5);
    let mut single = 0;
    let mut tried = 0;
    for _ in 0..300 {
        let (home, terms) = &chunks[rng.below(chunks.len())];
        let word = &terms[rng.below(terms.len())];
        let tokens = analyzer.tokens(word);
        if tokens.len() != 1 || tokens[0].text != *word || Language::ALL.iter().any(|&l| analyzer.is_stop_word(l, word)) || word.chars().count() < 3 {
            continue;
        }
        tried += 1;
        let (mut engine, fetch, _) = opened();
        let q = Query::text(format!("{word} "));
        let needed: BTreeSet<String> = text_files(engine.files_needed(&q)).into_iter().collect();
        assert!(needed.contains(home), "{word:?} needs the chunk that holds it");
        // Every chunk needed can hold a term starting with what the word and its stems share
        // (less a letter: "cities" reaches "city").
        let mut start: String = word.clone();
        for l in Language::ALL {
            let stem = analyzer.stem(l, word);
            let n = start.chars().zip(stem.chars()).take_while(|(a, b)| a == b).count();
            start = start.chars().take(n).collect();
        }
        let reach: String = start.chars().take(start.chars().count().saturating_sub(1).max(2)).collect();
        for (i, (file, terms)) in chunks.iter().enumerate() {
            if needed.contains(file) {
                let all_before = chunks.get(i + 1).is_some_and(|(_, next)| next[0] <= reach);
                let all_after = terms[0] > reach && !terms[0].starts_with(&reach);
                assert!(!all_before && !all_after, "{word:?} needs {file}, whose terms cannot start with {reach:?}");
            }
        }
        let results = common::run(&mut engine, &fetch, &q);
        assert!(results.total > 0, "{word:?} finds its resources");
        let loaded: BTreeSet<String> = text_files_loaded(&engine).into_iter().collect();
        assert_eq!(loaded, needed, "{word:?} loads what it said it needs and nothing more");
        if needed.len() == 1 {
            single += 1;
        }
    }
    assert!(tried >= 100 && single * 10 >= tried * 8, "most words need their one chunk ({single} of {tried})");
}

#[test]
fn a_bloom_filter_of_no_bits_is_refused_not_divided_by() {
    // What a builder bug or a crafted manifest could hold: a well-formed `bloomfilter` header
    // announcing no bits. Checking a word against it would divide by zero.
    let (dir, _) = sample();
    let mut files = read_dir(dir);
    files.remove(index_builder::output::MARKER);
    let entry = Entry::decode(&files[entry::FILE_NAME]).unwrap();
    let manifest = Manifest::decode(&files[&entry.manifest]).unwrap();
    let mut empty = vec![1u8]; // version
    empty.extend_from_slice(&0u64.to_le_bytes()); // bitmap bytes
    empty.extend_from_slice(&3u32.to_le_bytes()); // hash functions
    empty.extend_from_slice(&[7u8; 32]); // seed
    assert!(Bloom::<str>::from_slice(&empty).is_ok(), "the bloomfilter crate accepts it");
    let mut blooms = Blooms::decode(&files[&manifest.blooms]).unwrap();
    blooms.filters[0] = empty;
    let bytes = blooms.encode(format::BuildId::of_file(&files[&entry.manifest]).expect("a header"));
    let run = || -> Result<Results, String> {
        let mut engine = Engine::new(&files[&entry.manifest], &entry.manifest).map_err(|e| e.to_string())?;
        let facets = engine.manifest.facets.clone();
        engine.add_file(&facets, &files[&facets]).map_err(|e| e.to_string())?;
        engine.add_file(&manifest.blooms, &bytes).map_err(|e| e.to_string())?;
        for c in engine.manifest.text_chunks.clone() {
            engine.add_file(&c.file, &files[&c.file]).map_err(|e| e.to_string())?;
        }
        engine.search(&Query::text("habitants ")).map_err(|e| e.to_string())
    };
    match catch_unwind(AssertUnwindSafe(run)) {
        Err(_) => panic!("a Bloom filter of no bits makes the engine panic"),
        Ok(Err(e)) => assert!(e.contains("Bloom"), "{e}"),
        Ok(Ok(results)) => assert!(results.total > 0, "a filter that cannot say no costs a fetch, never a result"),
    }
}

#[test]
fn a_descriptors_notes_come_from_its_notes_chunk_once_it_is_added() {
    let (dir, commons) = sample();
    let files = read_dir(dir);
    let entry = Entry::decode(&files[entry::FILE_NAME]).unwrap();
    let mut engine = Engine::new(&files[&entry.manifest], &entry.manifest).unwrap();
    let (i, with_notes) = commons.thesaurus.concepts.iter().enumerate().find(|(_, c)| c.notes.len() >= 2).expect("the sample has a concept with notes");
    let c = ConceptId(i as u32);
    assert!(engine.manifest.thesaurus.concepts[i].notes.is_empty(), "the manifest carries no notes");
    assert_eq!(engine.notes(c), None, "not loaded yet");
    let file = engine.notes_file(c).expect("its chunk is to fetch");
    assert!(engine.notes_file(ConceptId(u32::MAX)).is_none());
    engine.add_file(&file, &files[&file]).unwrap();
    assert_eq!(engine.notes(c), Some(with_notes.notes.as_slice()));
    assert_eq!(engine.notes_file(c), None, "loaded");
    // A notes chunk under another notes chunk's name, or a chunk of another kind, is refused.
    let other = engine.manifest.notes_chunks.iter().find(|n| n.file != file).map(|n| n.file.clone());
    if let Some(other) = other {
        let mut fresh = Engine::new(&files[&entry.manifest], &entry.manifest).unwrap();
        assert!(fresh.add_file(&other, &files[&file]).is_err());
    }
}

#[test]
fn a_file_of_another_build_is_refused_even_under_its_own_name_in_the_manifest() {
    // Two builds of one commons, a title apart: a release and the next.
    let (dir_a, commons) = sample();
    let mut next = commons.clone();
    next.resources[0].title.push_str(" (revised)");
    let dir_b = write(&next);
    let (a, b) = (read_dir(dir_a), read_dir(&dir_b));
    let build_of = |files: &BTreeMap<String, Vec<u8>>| format::BuildId::of_file(&files[entry::FILE_NAME]).unwrap();
    let (build_a, build_b) = (build_of(&a), build_of(&b));
    assert_ne!(build_a, build_b);
    for files in [&a, &b] {
        let build = build_of(files);
        assert!(files.iter().filter(|(n, _)| !n.starts_with('.')).all(|(_, bytes)| format::BuildId::of_file(bytes) == Some(build)), "every file carries its build");
    }
    // Rebuilding the same commons gives the same identity and the same files.
    assert_eq!(read_dir(&write(commons)), a);
    // One title changed, yet every hashed name changed: no name of one release is a file of the other.
    assert!(a.keys().filter(|n| n.ends_with(".bin") && *n != entry::FILE_NAME).all(|n| !b.contains_key(n)));

    // A folder caught between the two releases: release A's manifest names its record chunks
    // (named by their set, not each by its content), the host serves release B's under those
    // names. Only the build identity tells them apart.
    let manifest_a = Manifest::decode(&a[&Entry::decode(&a[entry::FILE_NAME]).unwrap().manifest]).unwrap();
    let manifest_b = Manifest::decode(&b[&Entry::decode(&b[entry::FILE_NAME]).unwrap().manifest]).unwrap();
    let mut mixed = a.clone();
    for (name_a, name_b) in manifest_a.record_chunks.names().zip(manifest_b.record_chunks.names()) {
        mixed.insert(name_a, b[&name_b].clone());
    }
    let fetch = MemFetch(mixed);
    let mut engine = block_on(Engine::open(&fetch, &[])).expect("the entry, manifest and facets are release A's");
    let err = block_on(engine.run(&Query::default(), &fetch)).unwrap_err();
    let first = manifest_a.record_chunks.name(0).unwrap();
    assert_eq!(err, EngineError::Format { file: first, error: FormatError::OtherBuild { expected: build_a, found: build_b } });
    assert!(err.to_string().contains("two releases"), "{err}");
    // The same for the facets file, which opening the index loads.
    let mut mixed = a.clone();
    mixed.insert(manifest_a.facets.clone(), b[&manifest_b.facets].clone());
    match block_on(Engine::open(&MemFetch(mixed), &[])) {
        Err(EngineError::Format { error: FormatError::OtherBuild { expected, found }, file }) => assert_eq!((expected, found, file), (build_a, build_b, manifest_a.facets.clone())),
        other => panic!("a facets file of another build opened: {:?}", other.map(|_| ())),
    }

    // Release B's entry in front of release A's manifest (renamed as B's entry names it).
    let entry_b = Entry::decode(&b[entry::FILE_NAME]).unwrap();
    let mut mixed = b.clone();
    mixed.insert(entry_b.manifest.clone(), a[&Entry::decode(&a[entry::FILE_NAME]).unwrap().manifest].clone());
    match block_on(Engine::open(&MemFetch(mixed), &[])) {
        Err(EngineError::Format { error: FormatError::OtherBuild { expected, found }, file }) => {
            assert_eq!((expected, found, file), (build_b, build_a, entry_b.manifest));
        }
        other => panic!("a manifest of another build opened: {:?}", other.map(|_| ())),
    }
}
