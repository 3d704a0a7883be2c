//! The search engine: the same Rust code natively (tests, benchmarks) and in the browser.
//!
//! It holds the decoded manifest and whatever facet, text and record files it has been given,
//! and answers a [`Query`] with a ranked page of resources, the total and every facet count. It
//! never does I/O itself: [`Engine::files_needed`] says which files a query lacks, the caller
//! fetches them (from disk or with `fetch`, see [`fetch`]) and hands them to
//! [`Engine::add_file`]; [`Engine::run`] does that loop for any [`Fetch`].
//!
//! Matching, in order of preference: a term equal to a query word, a term with the same stem in
//! one of the languages it occurs in, a term starting with the word being typed, and, only when
//! a word of five letters or more matched nothing else, a term one edit away. Descriptor labels
//! match the same way in every language, and bring the resources indexed with the descriptor
//! (the labels out of the manifest come in label chunks, fetched for the words that need them).
//! Every word must match (AND). Ranking is BM25 with field weights: title > descriptor labels >
//! summary > authors; ties go to the newer resource.

pub mod facets;
pub mod fetch;
pub mod labels;
pub mod query;
pub mod words;

pub use facets::Counts;
pub use fetch::{block_on, Fetch, FsFetch};
pub use labels::Suggestion;
pub use query::{Combine, Query, Selection, Sort};

use crate::format::entry::Entry;
use crate::format::facets::Facets;
use crate::format::labels::{LabelChunk, LanguageLabels};
use crate::format::manifest::Manifest;
use crate::format::notes::NotesChunk;
use crate::format::records::{Record, RecordChunk};
use crate::format::text::{field, Blooms, TextChunk};
use crate::format::{BuildId, FormatError};
use crate::model::{ConceptId, Lang, Note};
use crate::text::{Analyzer, Language};
use bloomfilter::Bloom;
use facets::FacetIndex;
use fixedbitset::FixedBitSet;
use labels::LabelSet;

use crate::sort::{sort, sort_by, sort_dedup};
use std::fmt;
use words::{query_words, MatchKind, QueryWord};

/// Score factor for resources in the visitor's first language: enough to break near-ties, not to
/// bury a better match in another language.
const VISITOR_LANGUAGE: f32 = 1.08;
/// BM25 saturation.
const K1: f32 = 1.2;
/// BM25 length normalisation (of the text fields; descriptors are not normalised).
const B: f32 = 0.75;
/// Field weights: title > descriptor labels > summary > authors. They are BM25F
/// pseudo-frequencies: a word's fields add up before saturation, so a word in the title and in a
/// descriptor counts for more than in either alone, with diminishing returns.
const TITLE: f32 = 3.0;
const SUBTITLE: f32 = 2.0;
const DESCRIPTOR: f32 = 1.6;
const SUMMARY: f32 = 1.0;
const PLACE: f32 = 1.0;
const AUTHORS: f32 = 0.8;
/// Each occurrence of a term beyond one per field.
const REPEAT: f32 = 0.3;
/// Each step of indexing weight (`^2` … `^5`) above 1 adds this share of [`DESCRIPTOR`]. Kept
/// small enough that even `^5` (2.24) stays below a title match (3.0) in a resource of average
/// length: descriptors are not length-normalised, text is.
const DESCRIPTOR_STEP: f32 = 0.1;

/// Why a search could not be answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EngineError {
    /// A file is not a valid index file.
    Format { file: String, error: FormatError },
    /// A file could not be fetched.
    Fetch { file: String, message: String },
    /// Files decode but disagree with each other.
    Inconsistent(String),
    /// The query needs files that have not been added yet.
    Missing(Vec<String>),
    /// A file name that is not part of this index.
    UnknownFile(String),
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EngineError::Format { file, error } => write!(f, "{file}: {error}"),
            EngineError::Fetch { file, message } => write!(f, "cannot load {file}: {message}"),
            EngineError::Inconsistent(m) => write!(f, "the index is inconsistent: {m}"),
            EngineError::Missing(files) => write!(f, "not loaded yet: {}", files.join(", ")),
            EngineError::UnknownFile(name) => write!(f, "{name} is not a file of this index"),
        }
    }
}

impl std::error::Error for EngineError {}

/// One resource of a results page.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub resource: u32,
    pub score: f32,
}

/// The answer to a query.
#[derive(Clone, Debug, PartialEq)]
pub struct Results {
    /// Resources matching the query, selections and filters.
    pub total: u32,
    /// The requested page.
    pub hits: Vec<Hit>,
    pub counts: Counts,
    /// Folded terms that matched, for highlighting: sorted, without repeats.
    pub matched_terms: Vec<String>,
    /// Descriptors whose labels matched a query word (their resources count as matching it).
    pub matched_concepts: Vec<ConceptId>,
    /// When nothing matches because some words match nothing: the query with each of them
    /// replaced by the nearest word of the index (see [`Engine::did_you_mean`]).
    pub did_you_mean: Option<String>,
}

/// How one query word will be matched (see [`Engine::plan`]).
struct WordPlan {
    /// Text chunks to look in: sorted, without repeats.
    chunks: Vec<usize>,
    /// Whether terms and labels one edit away count (the word matched nothing closer).
    typo: bool,
    /// Descriptors whose labels the word matches.
    labels: Vec<(ConceptId, MatchKind)>,
    /// Label chunks the word's keys can be in: sorted, without repeats.
    label_chunks: Vec<usize>,
}

/// Chunks of one kind, by their number in the manifest, as far as they are loaded. (A vector,
/// not a map: the manifest says how many there are.)
struct Loaded<T>(Vec<Option<T>>);

impl<T> Loaded<T> {
    fn new(count: usize) -> Loaded<T> {
        Loaded(std::iter::repeat_with(|| None).take(count).collect())
    }

    fn has(&self, i: usize) -> bool {
        self.get(i).is_some()
    }

    fn get(&self, i: usize) -> Option<&T> {
        self.0.get(i).and_then(Option::as_ref)
    }

    fn insert(&mut self, i: usize, chunk: T) {
        if let Some(slot) = self.0.get_mut(i) {
            *slot = Some(chunk);
        }
    }
}

/// A searchable index, loaded as far as queries have needed.
pub struct Engine {
    /// Shared with whoever shows the index (the widget's `Atlas`): decoded once, never copied.
    pub manifest: std::rc::Rc<Manifest>,
    /// The manifest's file name: content-hashed, so it names this release of the index.
    pub manifest_file: String,
    /// The build the manifest belongs to: every file added must be of the same build.
    pub build: BuildId,
    analyzer: Analyzer,
    /// The manifest's labels as a search index, built on first use, or by
    /// [`Engine::prepare_labels`]: the first screen needs no label search, and building it is
    /// most of what opening an index costs.
    labels: std::cell::OnceCell<LabelSet>,
    /// Label chunks loaded so far: the labels out of the manifest (`format::labels`).
    label_chunks: Loaded<LabelSet>,
    blooms: Vec<Option<Bloom<str>>>,
    blooms_loaded: bool,
    facets: Option<FacetIndex>,
    /// Text and record chunks loaded so far, by their number in the manifest.
    chunks: Loaded<TextChunk>,
    records: Loaded<RecordChunk>,
    /// Notes chunks loaded so far (see [`Engine::notes_file`]).
    notes: Loaded<NotesChunk>,
    /// Every file added, in order: what a query cost.
    pub loaded: Vec<String>,
    /// Language files that could not be had when the index was opened: the page then shows
    /// the labels of the commons' default language instead, and says why in the console.
    pub skipped: Vec<EngineError>,
    /// Whether each of the manifest's language files was asked for (`format::labels`).
    languages_asked: Vec<bool>,
}

impl Engine {
    /// An engine over a decoded manifest (the entry and manifest files are the caller's first two
    /// fetches; see [`Engine::open`]).
    pub fn new(manifest_file: &[u8], name: &str) -> Result<Engine, EngineError> {
        let manifest = Manifest::decode(manifest_file).map_err(|error| EngineError::Format { file: name.to_string(), error })?;
        let build = BuildId::of_file(manifest_file).unwrap_or_default();
        Ok(Engine::of_manifest(manifest, build, name))
    }

    fn of_manifest(manifest: Manifest, build: BuildId, name: &str) -> Engine {
        let analyzer = Analyzer::new();
        // Until the Bloom filters are added (`Engine::blooms_file`), every chunk is a "maybe".
        let blooms = manifest.text_chunks.iter().map(|_| None).collect();
        let (manifest_text_chunks, manifest_record_chunks) = (manifest.text_chunks.len(), manifest.record_chunks.len());
        let (notes_chunks, label_chunks) = (manifest.notes_chunks.len(), manifest.label_chunks.len());
        let languages_asked = vec![false; manifest.language_files.len()];
        Engine {
            manifest: std::rc::Rc::new(manifest),
            manifest_file: name.to_string(),
            build,
            analyzer,
            labels: std::cell::OnceCell::new(),
            blooms,
            blooms_loaded: false,
            facets: None,
            chunks: Loaded::new(manifest_text_chunks),
            records: Loaded::new(manifest_record_chunks),
            notes: Loaded::new(notes_chunks),
            label_chunks: Loaded::new(label_chunks),
            loaded: vec![name.to_string()],
            skipped: Vec::new(),
            languages_asked,
        }
    }

    /// Opens the index behind `fetch` for a visitor reading `languages` (preferred first): the
    /// entry file, then side by side the manifest and the facets it names (the first screen
    /// needs both) and the language file of the visitor's language when the manifest leaves it
    /// out (`format::labels`). A language file that cannot be had is only reported
    /// ([`Engine::skipped`]): the default language's labels stand in.
    pub async fn open<F: Fetch>(fetch: &F, languages: &[Lang]) -> Result<Engine, EngineError> {
        let name = crate::format::entry::FILE_NAME;
        let bytes = fetch.fetch(name).await.map_err(|message| EngineError::Fetch { file: name.into(), message })?;
        let entry = Entry::decode(&bytes).map_err(|error| EngineError::Format { file: name.into(), error })?;
        // The entry names the language files so that the visitor's can be fetched with the
        // manifest; the manifest names them too, and must name the same.
        let language = language_of(&entry.languages, languages);
        let mut names = vec![&entry.manifest, &entry.facets];
        names.extend(language.map(|i| &entry.languages[i].1));
        let mut bodies = fetch::join_all(names.iter().map(|n| fetch.fetch(n)).collect()).await.into_iter();
        let (manifest, facets) = (bodies.next().expect("a body per name"), bodies.next().expect("a body per name"));
        let manifest = manifest.map_err(|message| EngineError::Fetch { file: entry.manifest.clone(), message })?;
        let mut engine = Engine::new(&manifest, &entry.manifest)?;
        // An entry names its own build's manifest; anything else is a folder caught between two
        // releases (a CDN serving a fresh entry and a stale manifest, or the reverse).
        if let Some(build) = BuildId::of_file(&bytes) {
            build.check(&manifest).map_err(|error| EngineError::Format { file: entry.manifest.clone(), error })?;
        }
        engine.loaded.insert(0, name.to_string());
        if entry.facets != engine.manifest.facets || entry.languages != engine.manifest.language_files {
            return Err(EngineError::Inconsistent(format!("{name} names other files than the manifest {}", entry.manifest)));
        }
        if let (Some(i), Some(body)) = (language, bodies.next()) {
            engine.languages_asked[i] = true;
            let file = entry.languages[i].1.clone();
            let added = body.map_err(|message| EngineError::Fetch { file: file.clone(), message }).and_then(|b| engine.add_language(&file, &b));
            if let Err(e) = added {
                engine.skipped.push(e);
            }
        }
        let facets = facets.map_err(|message| EngineError::Fetch { file: entry.facets.clone(), message })?;
        engine.add_file(&entry.facets, &facets)?;
        Ok(engine)
    }

    /// The language file to fetch for a visitor reading `languages` (preferred first), if the
    /// manifest leaves the first of them out and its file was not asked for yet; it counts as
    /// asked for from now on (a file that fails is not asked for again).
    pub fn take_language_file(&mut self, languages: &[Lang]) -> Option<String> {
        let i = language_of(&self.manifest.language_files, languages).filter(|&i| !self.languages_asked[i])?;
        self.languages_asked[i] = true;
        Some(self.manifest.language_files[i].1.clone())
    }

    /// Adds a language file: its labels join the manifest's thesaurus (copied once if the
    /// manifest is shared: whoever shows it must take [`Engine::manifest`] anew).
    pub fn add_language(&mut self, name: &str, bytes: &[u8]) -> Result<(), EngineError> {
        let format_error = |error| EngineError::Format { file: name.to_string(), error };
        let labels = LanguageLabels::decode(bytes).map_err(format_error)?;
        self.build.check(bytes).map_err(format_error)?;
        if crate::format::file_name(crate::format::Kind::Language, bytes) != name {
            return Err(EngineError::Inconsistent(format!("{name} does not hold the content its name promises")));
        }
        std::rc::Rc::make_mut(&mut self.manifest).thesaurus.add_labels(&labels.lang, &labels.preferred, &labels.alternative);
        self.loaded.push(name.to_string());
        Ok(())
    }

    /// The manifest's label set, built now if it is not yet.
    fn labels(&self) -> &LabelSet {
        self.labels.get_or_init(|| LabelSet::of_thesaurus(&self.manifest.thesaurus, &self.analyzer))
    }

    /// Every label set loaded: the manifest's, then the label chunks'.
    fn label_sets(&self) -> Vec<&LabelSet> {
        std::iter::once(self.labels()).chain(self.label_chunks.0.iter().flatten()).collect()
    }

    /// Whether the label index is built.
    pub fn labels_ready(&self) -> bool {
        self.labels.get().is_some()
    }

    /// Builds the label index ahead of the first query that needs it (the widget calls this once
    /// the first screen is shown, so that the first keystroke does not pay for it).
    pub fn prepare_labels(&self) {
        self.labels();
    }

    /// Gives the engine a file it asked for.
    pub fn add_file(&mut self, name: &str, bytes: &[u8]) -> Result<(), EngineError> {
        let format_error = |error| EngineError::Format { file: name.to_string(), error };
        // A file of another build is refused first, by its header (`FormatError::OtherBuild`: the
        // widget then reopens the index). Names are hashes of content: a file that decodes but
        // was served under another file's name (a stale cache, a mixed-up upload) is refused
        // before it can answer for the wrong terms. Both are checked after decoding, so that a
        // file of another kind or version says so.
        let build = self.build;
        let check_build = || build.check(bytes).map_err(format_error);
        let check_name = |kind| {
            check_build()?;
            if crate::format::file_name(kind, bytes) == name {
                Ok(())
            } else {
                Err(EngineError::Inconsistent(format!("{name} does not hold the content its name promises")))
            }
        };
        if name == self.manifest.blooms {
            if !self.blooms_loaded {
                let blooms = Blooms::decode(bytes).map_err(format_error)?;
                check_name(crate::format::Kind::Blooms)?;
                if blooms.filters.len() != self.manifest.text_chunks.len() {
                    return Err(EngineError::Inconsistent(format!("{name} has {} filters for {} text chunks", blooms.filters.len(), self.manifest.text_chunks.len())));
                }
                // A filter that does not decode, or claims an absurd number of hashes, is treated
                // as "maybe": it costs a fetch, never a result.
                self.blooms = blooms.filters.iter().map(|f| Bloom::from_slice(f).ok().filter(|b| (1..=64).contains(&b.number_of_hash_functions()))).collect();
                self.blooms_loaded = true;
            }
        } else if name == self.manifest.facets {
            if self.facets.is_none() {
                let facets = Facets::decode(bytes).map_err(format_error)?;
                check_name(crate::format::Kind::Facets)?;
                if facets.resources() != self.manifest.resources as usize {
                    return Err(EngineError::Inconsistent(format!(
                        "{name} has {} resources, the manifest {}",
                        facets.resources(),
                        self.manifest.resources
                    )));
                }
                let m = &self.manifest;
                self.facets = Some(FacetIndex::new(facets, &m.thesaurus, m.types.len(), m.sites.len(), m.languages.len())?);
            }
        } else if let Some(i) = self.manifest.text_chunks.iter().position(|c| c.file == name) {
            if !self.chunks.has(i) {
                let chunk = TextChunk::decode(bytes).map_err(format_error)?;
                check_name(crate::format::Kind::Text)?;
                if chunk.terms.iter().flat_map(|t| &t.postings).any(|p| p.resource >= self.manifest.resources) {
                    return Err(EngineError::Inconsistent(format!("{name} lists a resource beyond the manifest's")));
                }
                self.chunks.insert(i, chunk);
            }
        } else if let Some(i) = self.manifest.record_chunks.position(name) {
            if !self.records.has(i) {
                // Record chunks are named by their set, not each by its content (see
                // `format::manifest::RecordFiles`): their build and the position check below
                // stand for it.
                let chunk = RecordChunk::decode(bytes).map_err(format_error)?;
                check_build()?;
                let expected = i as u32 * self.manifest.record_block;
                let concepts = self.manifest.thesaurus.concepts.len() as u32;
                if chunk.first != expected || chunk.records.iter().flat_map(|r| &r.descriptors).any(|d| d.concept.0 >= concepts) {
                    return Err(EngineError::Inconsistent(format!("{name} does not hold the records the manifest says")));
                }
                self.records.insert(i, chunk);
            }
        } else if let Some(i) = self.manifest.label_chunks.iter().position(|c| c.file == name) {
            if !self.label_chunks.has(i) {
                let chunk = LabelChunk::decode(bytes).map_err(format_error)?;
                check_name(crate::format::Kind::Labels)?;
                let concepts = self.manifest.thesaurus.concepts.len() as u32;
                if chunk.labels.iter().any(|l| l.concept >= concepts) {
                    return Err(EngineError::Inconsistent(format!("{name} labels a concept beyond the thesaurus")));
                }
                self.label_chunks.insert(i, LabelSet::of_chunk(chunk, &self.manifest.thesaurus));
            }
        } else if let Some(i) = self.manifest.language_files.iter().position(|(_, f)| f == name) {
            // Added once, and never as the answer to a search: `take_language_file` says when.
            if !self.loaded.iter().any(|l| l == name) {
                self.languages_asked[i] = true;
                return self.add_language(name, bytes);
            }
            return Ok(());
        } else if let Some(i) = self.manifest.notes_chunks.iter().position(|c| c.file == name) {
            if !self.notes.has(i) {
                let chunk = NotesChunk::decode(bytes).map_err(format_error)?;
                check_name(crate::format::Kind::Notes)?;
                let end = self.manifest.notes_chunks.get(i + 1).map_or(self.manifest.thesaurus.concepts.len() as u32, |next| next.first);
                let labels_fit = chunk.labels.is_empty() || chunk.labels.len() == chunk.notes.len();
                if chunk.first != self.manifest.notes_chunks[i].first || chunk.first as usize + chunk.notes.len() != end as usize || !labels_fit {
                    return Err(EngineError::Inconsistent(format!("{name} does not hold the notes of the concepts the manifest says")));
                }
                self.notes.insert(i, chunk);
            }
        } else {
            return Err(EngineError::UnknownFile(name.to_string()));
        }
        self.loaded.push(name.to_string());
        Ok(())
    }

    fn languages(&self, query: &Query) -> Vec<Language> {
        query.languages.iter().filter_map(|l| Language::from_code(l.as_str())).collect()
    }

    /// Indexes of the text chunks that may hold terms starting with `prefix`.
    fn chunks_with_prefix(&self, prefix: &str) -> std::ops::RangeInclusive<usize> {
        chunks_with_prefix(&self.manifest.text_chunks, prefix)
    }

    /// The label chunks a word's keys can be in: its text's, its stems', and, for the word being
    /// typed, every chunk of keys starting with it.
    fn label_chunks_for(&self, word: &QueryWord) -> Vec<usize> {
        let chunks = &self.manifest.label_chunks;
        // A key before the first chunk's first key is in no chunk.
        let chunk_of = |key: &str| chunks.partition_point(|c| c.first_key.as_str() <= key).checked_sub(1);
        let mut out: Vec<usize> = std::iter::once(&word.text).chain(&word.stems).filter_map(|k| chunk_of(k)).collect();
        if word.prefix && word.text.chars().count() >= 2 {
            out.extend(chunks_with_prefix(chunks, &word.text));
        }
        sort_dedup(&mut out);
        out
    }

    /// The chunks a word needs in the first round: those whose range can hold its stems (and
    /// whose Bloom filter does not rule them out), and, for the word being typed, every chunk
    /// holding terms that start with it.
    fn first_round_chunks(&self, word: &QueryWord) -> Vec<usize> {
        let mut out = Vec::new();
        // The filters hold stems (see `format::manifest`); a word's stems in the four languages
        // are often the same string, so this is usually two or three checks.
        let mut keys: Vec<&str> = word.stems.iter().map(String::as_str).collect();
        keys.push(&word.text);
        sort_dedup(&mut keys);
        for i in self.chunks_with_prefix(&word.range_prefix()) {
            let maybe = match &self.blooms[i] {
                Some(bloom) => keys.iter().any(|k| bloom.check(*k)),
                None => true,
            };
            if maybe {
                out.push(i);
            }
        }
        if word.prefix {
            out.extend(self.chunks_with_prefix(&word.text));
        }
        sort_dedup(&mut out);
        out
    }

    /// The chunks where a word's one-typo neighbours can be: all terms sharing its first two
    /// letters (a typo in the first two letters is not looked for).
    fn typo_chunks(&self, word: &QueryWord) -> Vec<usize> {
        let start: String = word.text.chars().take(2).collect();
        self.chunks_with_prefix(&start).collect()
    }

    fn missing_chunks(&self, chunks: &[usize]) -> Vec<String> {
        chunks.iter().filter(|&&i| !self.chunks.has(i)).map(|&i| self.manifest.text_chunks[i].file.clone()).collect()
    }

    /// What a word needs and matches, worked out once per search: the chunks of its first
    /// round, whether it must look for typos (and then where), and the descriptors whose labels
    /// it matches.
    fn plan(&self, word: &QueryWord) -> WordPlan {
        let first = self.first_round_chunks(word);
        let label_chunks = self.label_chunks_for(word);
        // Whether to look for typos is decided on the text chunks alone: waiting for the label
        // chunks too would cost a typo a round trip more. If a label chunk then matches, the
        // typo chunks fetched go unused.
        let loaded = first.iter().all(|&i| self.chunks.has(i));
        let labels = labels::concepts_matching(&self.label_sets(), word, false);
        let mut plan = WordPlan { chunks: first, typo: false, labels, label_chunks };
        if !loaded || word.text.chars().count() < words::TYPO_MIN_CHARS || !plan.labels.is_empty() {
            return plan;
        }
        let range = word.range_prefix();
        let found_term = plan.chunks.iter().filter_map(|&i| self.chunks.get(i)).any(|chunk| {
            chunk.with_prefix(&range).any(|t| word.matches(&t.text, t.langs, false, &mut |l, s| self.analyzer.stem(l, s)).is_some())
                || (word.prefix && chunk.with_prefix(&word.text).next().is_some())
        });
        if !found_term {
            plan.typo = true;
            plan.chunks.extend(self.typo_chunks(word));
            sort_dedup(&mut plan.chunks);
            // Typos in labels out of the manifest are looked for in the chunks loaded so far.
            plan.labels = labels::concepts_matching(&self.label_sets(), word, true);
        }
        plan
    }

    fn plans(&self, query: &Query) -> Vec<(QueryWord, WordPlan)> {
        query_words(&self.analyzer, &query.text, &self.languages(query))
            .into_iter()
            .map(|w| {
                let plan = self.plan(&w);
                (w, plan)
            })
            .collect()
    }

    /// Files the query needs that the engine does not have yet. Call again after adding them: a
    /// word that matched nothing may need a second round to look for typos.
    pub fn files_needed(&self, query: &Query) -> Vec<String> {
        self.missing(&self.plans(query))
    }

    fn missing(&self, plans: &[(QueryWord, WordPlan)]) -> Vec<String> {
        let mut missing = Vec::new();
        if self.facets.is_none() {
            missing.push(self.manifest.facets.clone());
        }
        let mut chunks = Vec::new();
        let mut label_chunks = Vec::new();
        for (_, plan) in plans {
            chunks.extend(plan.chunks.iter().copied());
            label_chunks.extend(plan.label_chunks.iter().copied());
        }
        sort_dedup(&mut chunks);
        sort_dedup(&mut label_chunks);
        missing.extend(self.missing_chunks(&chunks));
        missing.extend(label_chunks.into_iter().filter(|&i| !self.label_chunks.has(i)).map(|i| self.manifest.label_chunks[i].file.clone()));
        missing
    }

    /// Scores every resource matching `word`, into `scores`; returns the set of them.
    ///
    /// BM25F over the word as a whole. For each resource, the best-matching term gives the
    /// text's pseudo-frequency (its fields' weights, normalised by the resource's length), the
    /// best-matching descriptor the descriptors' (not normalised); the two add up and saturate
    /// once. The result is scaled by how well the word matched (exact > stem > prefix > typo),
    /// averaged over the two parts by their share. The word's rarity is that of every resource
    /// it reaches, by any term or descriptor: a rare stem variant ("coopération" for
    /// "coopératives") or a narrow descriptor does not make a weak match count for more than
    /// the word itself would.
    fn match_word(&self, word: &QueryWord, plan: &WordPlan, facets: &FacetIndex, scores: &mut [f32], word_scores: &mut Vec<f32>, matched_terms: &mut Vec<String>, matched_concepts: &mut Vec<ConceptId>) -> FixedBitSet {
        let n = facets.resources;
        let mut set = FixedBitSet::with_capacity(n);
        // Per resource: the best text match's pseudo-frequency and kind weight, then the best
        // descriptor match's.
        word_scores.clear();
        word_scores.resize(4 * n, 0.0);
        let (text, descriptors) = word_scores.split_at_mut(2 * n);
        let (text_tf, text_kind) = text.split_at_mut(n);
        let (descriptor_tf, descriptor_kind) = descriptors.split_at_mut(n);
        let typo = plan.typo;
        for &i in &plan.chunks {
            let Some(chunk) = self.chunks.get(i) else { continue };
            let prefixes: Vec<String> = if typo {
                vec![word.text.chars().take(2).collect()]
            } else if word.prefix {
                vec![word.range_prefix(), word.text.clone()]
            } else {
                vec![word.range_prefix()]
            };
            for (i, prefix) in prefixes.iter().enumerate() {
                for term in chunk.with_prefix(prefix) {
                    // The prefixes' ranges can overlap: a term an earlier prefix reached is done.
                    if prefixes[..i].iter().any(|p| term.text.starts_with(p.as_str())) {
                        continue;
                    }
                    let Some(kind) = word.matches(&term.text, term.langs, typo, &mut |l, s| self.analyzer.stem(l, s)) else { continue };
                    matched_terms.push(term.text.clone());
                    let k = kind.weight();
                    for p in &term.postings {
                        let r = p.resource as usize;
                        let mut tf = 0.0;
                        for (bit, weight) in [(field::TITLE, TITLE), (field::SUBTITLE, SUBTITLE), (field::SUMMARY, SUMMARY), (field::AUTHORS, AUTHORS), (field::PLACE, PLACE)] {
                            if p.fields & bit != 0 {
                                tf += weight;
                            }
                        }
                        tf += REPEAT * (f32::from(p.tf) - p.fields.count_ones() as f32).max(0.0);
                        if k * tf > text_kind[r] * text_tf[r] {
                            text_tf[r] = tf;
                            text_kind[r] = k;
                        }
                        set.insert(r);
                    }
                }
            }
        }
        for &(concept, kind) in &plan.labels {
            matched_concepts.push(concept);
            let k = kind.weight();
            for c in self.manifest.thesaurus.with_narrower(concept) {
                for &(r, weight) in facets.direct(c) {
                    let r = r as usize;
                    let steps = f32::from(weight.clamp(1, 5) - 1);
                    let tf = DESCRIPTOR * (1.0 + DESCRIPTOR_STEP * steps);
                    if k * tf > descriptor_kind[r] * descriptor_tf[r] {
                        descriptor_tf[r] = tf;
                        descriptor_kind[r] = k;
                    }
                    set.insert(r);
                }
            }
        }
        let total = self.manifest.resources as f32;
        let df = set.count_ones(..) as f32;
        let idf = (1.0 + (total - df + 0.5) / (df + 0.5)).ln();
        let average = self.manifest.average_length.max(1.0);
        for r in set.ones() {
            let length = 1.0 - B + B * f32::from(facets.lengths[r]) / average;
            let (t, d) = (text_tf[r] / length, descriptor_tf[r]);
            let tf = t + d;
            if tf <= 0.0 {
                continue;
            }
            let kind = (text_kind[r] * t + descriptor_kind[r] * d) / tf;
            scores[r] += kind * idf * tf * (K1 + 1.0) / (tf + K1);
        }
        set
    }

    /// Answers `query` from the files already added.
    pub fn search(&self, query: &Query) -> Result<Results, EngineError> {
        let plans = self.plans(query);
        let missing = self.missing(&plans);
        if !missing.is_empty() {
            return Err(EngineError::Missing(missing));
        }
        let facets = self.facets.as_ref().ok_or_else(|| EngineError::Missing(vec![self.manifest.facets.clone()]))?;
        let thesaurus = &self.manifest.thesaurus;
        let n = facets.resources;
        let mut base = facets.scope(thesaurus, query);
        let mut scores = vec![0.0f32; if plans.is_empty() { 0 } else { n }];
        let mut word_scores = Vec::new();
        let mut matched_terms = Vec::new();
        let mut matched_concepts = Vec::new();
        let mut unmatched = Vec::new();
        for (w, plan) in &plans {
            let set = self.match_word(w, plan, facets, &mut scores, &mut word_scores, &mut matched_terms, &mut matched_concepts);
            if set.is_clear() {
                unmatched.push((w, plan));
            }
            base.intersect_with(&set);
        }
        sort_dedup(&mut matched_terms);
        sort_dedup(&mut matched_concepts);
        let m = &self.manifest;
        let (result, counts) = facets.filter_and_count(thesaurus, query, &base, m.thesaurus.dimensions.len(), m.types.len(), m.languages.len(), m.sites.len());
        let mut ranked: Vec<u32> = result.ones().map(|r| r as u32).collect();
        if let Some(visitor) = query.languages.first().and_then(|l| m.languages.iter().position(|c| c.primary() == l.primary())) {
            // Between equally good matches, the visitor's own language first.
            for r in result.ones() {
                if facets.langs[r] as usize == visitor {
                    if let Some(s) = scores.get_mut(r) {
                        *s *= VISITOR_LANGUAGE;
                    }
                }
            }
        }
        if query.sort == Sort::Relevance && !plans.is_empty() {
            // Stable sort: equal scores keep number order, which is newest first.
            sort_by(&mut ranked, |a, b| scores[*b as usize].total_cmp(&scores[*a as usize]));
        }
        if query.sort == Sort::Oldest {
            // Numbers go newest first, then the undated ones: the dated ones reversed, the
            // undated ones after them as they are.
            let dated = ranked.iter().position(|&r| facets.years.get(r as usize).is_none_or(|&y| y == 0)).unwrap_or(ranked.len());
            ranked[..dated].reverse();
        }
        let size = query.page_size.clamp(1, 200) as usize;
        let start = (query.page as usize).saturating_mul(size);
        let hits = ranked
            .iter()
            .skip(start)
            .take(size)
            .map(|&r| Hit { resource: r, score: scores.get(r as usize).copied().unwrap_or(0.0) })
            .collect();
        let did_you_mean = if ranked.is_empty() { self.did_you_mean(&query.text, &unmatched) } else { None };
        Ok(Results { total: ranked.len() as u32, hits, counts, matched_terms, matched_concepts, did_you_mean })
    }

    /// `text` with each word that matched nothing replaced by the nearest term of the index
    /// (two edits at most, one for short words; the most used among equals), looked for in the
    /// chunks already loaded for that word: those covering its range and, for a word long enough
    /// to be matched with a typo, every term sharing its first two letters. `None` when some
    /// word has no such neighbour.
    fn did_you_mean(&self, text: &str, unmatched: &[(&QueryWord, &WordPlan)]) -> Option<String> {
        if unmatched.is_empty() {
            return None;
        }
        let mut fixes: Vec<(&str, String)> = Vec::new();
        for (word, plan) in unmatched {
            let limit = if word.text.chars().count() < words::TYPO_MIN_CHARS { 1 } else { 2 };
            let mut best: Option<(usize, std::cmp::Reverse<usize>, &str)> = None;
            let mut chunks = plan.chunks.clone();
            chunks.extend(self.typo_chunks(word));
            sort_dedup(&mut chunks);
            for term in chunks.iter().filter_map(|&i| self.chunks.get(i)).flat_map(|c| &c.terms) {
                let d = crate::text::edit_distance(&word.text, &term.text);
                let candidate = (d, std::cmp::Reverse(term.postings.len()), term.text.as_str());
                if d <= limit && best.is_none_or(|b| candidate < b) {
                    best = Some(candidate);
                }
            }
            fixes.push((&word.text, best?.2.to_string()));
        }
        // Each word replaced where the visitor typed it, the rest of the text as typed.
        let mut out = String::new();
        let mut at = 0;
        for t in self.analyzer.tokens(text) {
            if let Some((_, fix)) = fixes.iter().find(|(w, _)| **w == t.text) {
                out.push_str(&text[at..t.start]);
                out.push_str(fix);
                at = t.end;
            }
        }
        out.push_str(&text[at..]);
        Some(out.trim_end().to_string())
    }

    /// Descriptors to offer for `text` (any language), best first: first the descriptor whose
    /// notation was typed (`1C.11`, `e32`: notations are printed on every chip, and visitors
    /// copy them), then those whose labels match.
    pub fn suggest(&self, text: &str, languages: &[Lang], limit: usize) -> Vec<Suggestion> {
        let langs: Vec<Language> = languages.iter().filter_map(|l| Language::from_code(l.as_str())).collect();
        let words = query_words(&self.analyzer, text, &langs);
        let popularity = |c: ConceptId| self.facets.as_ref().map_or(0, |f| f.direct(c).len() as u32);
        let mut out = self.notation_suggestions(text, languages, limit);
        for s in labels::suggest(&self.label_sets(), &words, languages, &popularity, limit) {
            if !out.iter().any(|o| o.concept == s.concept) {
                out.push(s);
            }
        }
        out.truncate(limit);
        out
    }

    /// The concepts whose notation is `text` (ignoring case), then, when `text` has a digit (so
    /// that a word is not taken for the start of a notation), those whose notation starts with
    /// it, shortest first.
    fn notation_suggestions(&self, text: &str, languages: &[Lang], limit: usize) -> Vec<Suggestion> {
        let typed = text.trim();
        if typed.is_empty() || typed.len() > 32 || typed.contains(char::is_whitespace) {
            return Vec::new();
        }
        let prefix_too = typed.bytes().any(|b| b.is_ascii_digit());
        let th = &self.manifest.thesaurus;
        let mut found: Vec<(usize, ConceptId)> = th
            .ids()
            .filter_map(|id| {
                let n = th.concept(id).notation.as_deref()?;
                if n.eq_ignore_ascii_case(typed) {
                    Some((0, id))
                } else if prefix_too && n.len() > typed.len() && n.is_char_boundary(typed.len()) && n[..typed.len()].eq_ignore_ascii_case(typed) {
                    Some((n.len(), id))
                } else {
                    None
                }
            })
            .collect();
        sort(&mut found);
        let lang = languages.first().cloned().unwrap_or_else(|| Lang::parse("en").expect("en is a language"));
        found
            .into_iter()
            .take(limit)
            .map(|(rank, id)| Suggestion {
                concept: id,
                // The label itself, so that the suggestion shows no "(matched as …)".
                matched_label: th.concept(id).label(languages).to_string(),
                matched_lang: lang.clone(),
                score: if rank == 0 { 100.0 } else { 50.0 - rank as f32 },
            })
            .collect()
    }

    /// The notes chunk holding the notes of `concept`, if it is not loaded yet (`None` as well
    /// when the thesaurus has no notes at all).
    pub fn notes_file(&self, concept: ConceptId) -> Option<String> {
        let i = self.notes_chunk_of(concept)?;
        (!self.notes.has(i)).then(|| self.manifest.notes_chunks[i].file.clone())
    }

    /// The notes of `concept`, in the thesaurus' order, once its chunk is loaded; empty for a
    /// thesaurus without notes.
    pub fn notes(&self, concept: ConceptId) -> Option<&[Note]> {
        let Some(i) = self.notes_chunk_of(concept) else { return Some(&[]) };
        let chunk = self.notes.get(i)?;
        chunk.notes.get((concept.0 - chunk.first) as usize).map(Vec::as_slice)
    }

    /// The Bloom filters' file, if it is not added yet: no query needs it, and the words searched
    /// once it is added are spared the chunks that cannot hold them (`format::text::Blooms`).
    pub fn blooms_file(&self) -> Option<String> {
        (!self.blooms_loaded && !self.manifest.blooms.is_empty()).then(|| self.manifest.blooms.clone())
    }

    /// The preferred labels of `concept` in the languages the manifest leaves out, once its notes
    /// chunk is loaded (its panel's "other languages", with the manifest's).
    pub fn other_labels(&self, concept: ConceptId) -> Option<&[(Lang, String)]> {
        let Some(i) = self.notes_chunk_of(concept) else { return Some(&[]) };
        let chunk = self.notes.get(i)?;
        Some(chunk.labels.get((concept.0 - chunk.first) as usize).map_or(&[], Vec::as_slice))
    }

    fn notes_chunk_of(&self, concept: ConceptId) -> Option<usize> {
        let chunks = &self.manifest.notes_chunks;
        if chunks.is_empty() || concept.0 as usize >= self.manifest.thesaurus.concepts.len() {
            return None;
        }
        Some(chunks.partition_point(|c| c.first <= concept.0).saturating_sub(1))
    }

    /// Record files needed to show `resources`.
    pub fn record_files(&self, resources: &[u32]) -> Vec<String> {
        let block = self.manifest.record_block.max(1);
        let mut chunks: Vec<usize> = resources.iter().map(|&r| (r / block) as usize).collect();
        sort_dedup(&mut chunks);
        chunks
            .into_iter()
            .filter(|&i| !self.records.has(i))
            .filter_map(|i| self.manifest.record_chunks.name(i))
            .collect()
    }

    /// The record of a resource, if its chunk is loaded.
    pub fn record(&self, resource: u32) -> Option<&Record> {
        let block = self.manifest.record_block.max(1);
        let chunk = self.records.get((resource / block) as usize)?;
        chunk.records.get((resource - chunk.first) as usize)
    }

    /// The facet data, once loaded.
    pub fn facets(&self) -> Option<&FacetIndex> {
        self.facets.as_ref()
    }

    /// Fetches what `query` needs, searches, and fetches the records of the page.
    pub async fn run<F: Fetch>(&mut self, query: &Query, fetch: &F) -> Result<Results, EngineError> {
        // Each round can only add files, and there are at most two rounds of text chunks.
        for _ in 0..4 {
            let needed = self.files_needed(query);
            if needed.is_empty() {
                break;
            }
            self.fetch_all(&needed, fetch).await?;
        }
        let results = self.search(query)?;
        let resources: Vec<u32> = results.hits.iter().map(|h| h.resource).collect();
        let needed = self.record_files(&resources);
        self.fetch_all(&needed, fetch).await?;
        Ok(results)
    }

    async fn fetch_all<F: Fetch>(&mut self, names: &[String], fetch: &F) -> Result<(), EngineError> {
        let bodies = fetch::join_all(names.iter().map(|n| fetch.fetch(n)).collect()).await;
        for (name, body) in names.iter().zip(bodies) {
            let bytes = body.map_err(|message| EngineError::Fetch { file: name.clone(), message })?;
            self.add_file(name, &bytes)?;
        }
        Ok(())
    }
}

/// A chunk of a directory sorted by first key: text chunks by term, label chunks by key.
trait FirstKey {
    fn first_key(&self) -> &str;
}

impl FirstKey for crate::format::manifest::TextChunkRef {
    fn first_key(&self) -> &str {
        &self.first_term
    }
}

impl FirstKey for crate::format::manifest::LabelChunkRef {
    fn first_key(&self) -> &str {
        &self.first_key
    }
}

/// Indexes of the chunks of a directory that may hold keys starting with `prefix`.
fn chunks_with_prefix<T: FirstKey>(chunks: &[T], prefix: &str) -> std::ops::RangeInclusive<usize> {
    if chunks.is_empty() {
        #[allow(clippy::reversed_empty_ranges)]
        return 1..=0;
    }
    let start = chunks.partition_point(|c| c.first_key() <= prefix).saturating_sub(1);
    let mut end = start;
    while end + 1 < chunks.len() && chunks[end + 1].first_key().starts_with(prefix) {
        end += 1;
    }
    start..=end
}

/// Which of the language files `files` is the one of `languages[0]`: the same code, else the
/// same primary language (`pt` for a `pt-br` page).
fn language_of(files: &[(Lang, String)], languages: &[Lang]) -> Option<usize> {
    let first = languages.first()?;
    files.iter().position(|(l, _)| l == first).or_else(|| files.iter().position(|(l, _)| l.primary() == first.primary()))
}
