//! A thesaurus in five languages (`examples/thesauri/microthesauri`: English, French, Spanish
//! declared, English first; Russian and Arabic too in the thesaurus): the manifest keeps the
//! default language's labels, every other label is in a label chunk, a language file and a notes
//! chunk (`format::labels`), and the visitor meets each where it is needed (issue 13).

mod common;

use commons_atlas::engine::{block_on, Engine, FsFetch, Query};
use commons_atlas::format::entry::{Entry, FILE_NAME};
use commons_atlas::format::labels::LabelChunk;
use commons_atlas::model::{Commons, ConceptId, Lang};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn index() -> &'static (PathBuf, Commons) {
    static INDEX: OnceLock<(PathBuf, Commons)> = OnceLock::new();
    INDEX.get_or_init(|| common::build_with_model("examples/thesauri/microthesauri/commons.toml"))
}

fn lang(code: &str) -> Lang {
    Lang::parse(code).unwrap()
}

fn open_for(dir: &Path, languages: &[Lang]) -> (Engine, FsFetch) {
    let fetch = FsFetch { dir: dir.to_path_buf() };
    (block_on(Engine::open(&fetch, languages)).expect("index opens"), fetch)
}

fn concept(commons: &Commons, iri: &str) -> ConceptId {
    commons.thesaurus.by_iri(iri).expect("the fixture has it")
}

fn ids(engine: &mut Engine, fetch: &FsFetch, text: &str) -> Vec<String> {
    let query = Query { text: text.into(), languages: vec![lang("en")], ..Query::default() };
    let results = common::run(engine, fetch, &query);
    let mut ids: Vec<String> = results.hits.iter().map(|h| engine.record(h.resource).expect("record loaded").id.clone()).collect();
    ids.sort();
    ids
}

#[test]
fn the_manifest_keeps_the_default_language_and_every_other_label_is_in_a_label_chunk() {
    let (dir, commons) = index();
    let (engine, _) = open_for(dir, &[]);
    let atlas = ["en"];
    let th = &engine.manifest.thesaurus;
    for c in &th.concepts {
        assert!(c.labels.iter().all(|(l, _)| atlas.contains(&l.as_str())), "{}: {:?}", c.iri, c.labels);
        assert!(c.alt_labels.iter().all(|(l, _)| atlas.contains(&l.as_str())), "{}", c.iri);
        assert!(c.hidden_labels.is_empty());
    }
    // Every label of the thesaurus is in the manifest or in a label chunk: nothing is lost.
    let mut in_chunks = Vec::new();
    for chunk in &engine.manifest.label_chunks {
        let bytes = std::fs::read(dir.join(&chunk.file)).unwrap();
        for l in LabelChunk::decode(&bytes).unwrap().labels {
            in_chunks.push((l.concept, l.lang.as_str().to_string(), l.text));
        }
    }
    assert!(!in_chunks.is_empty());
    for (i, c) in commons.thesaurus.concepts.iter().enumerate() {
        let kept = &th.concepts[i];
        let all = c.labels.iter().map(|(l, t)| (l, t, kept.labels.get(l) == Some(t))).chain(
            c.alt_labels.iter().chain(&c.hidden_labels).map(|(l, t)| (l, t.as_str(), kept.alt_labels.contains(&(l.clone(), t.clone())))),
        );
        for (l, text, in_manifest) in all {
            let in_chunk = in_chunks.contains(&(i as u32, l.as_str().to_string(), text.to_string()));
            assert!(in_manifest || in_chunk, "{} {l} {text:?} is lost", c.iri);
            if !atlas.contains(&l.as_str()) {
                assert!(in_chunk, "{} {l} {text:?} is out of the manifest, so in a chunk", c.iri);
            }
        }
    }
    // The entry names a language file for each language left out.
    let entry = Entry::decode(&std::fs::read(dir.join(FILE_NAME)).unwrap()).unwrap();
    let mut left_out: Vec<&str> = entry.languages.iter().map(|(l, _)| l.as_str()).collect();
    left_out.sort();
    assert_eq!(left_out, ["ar", "es", "fr", "ru"]);
}

#[test]
fn a_word_in_a_language_out_of_the_manifest_finds_its_descriptor_through_one_label_chunk() {
    let (dir, commons) = index();
    let (mut engine, fetch) = open_for(dir, &[lang("en")]);
    assert!(!engine.loaded.iter().any(|f| f.starts_with("labels-") || f.starts_with("language-")), "{:?}", engine.loaded);
    // "Водные ресурсы" is water resources (2010.1) in Russian, the descriptor of doc-1 and the
    // broader one of doc-3's (groundwater); no document's text has the word.
    let query = Query { text: "водные ".into(), languages: vec![lang("en")], ..Query::default() };
    let needed = engine.files_needed(&query);
    let label_files: Vec<&String> = needed.iter().filter(|f| f.starts_with("labels-")).collect();
    assert_eq!(label_files.len(), 1, "{needed:?}");
    assert_eq!(ids(&mut engine, &fetch, "водные "), ["doc-1", "doc-3"]);
    // And the suggestion offers the descriptor, matched in Russian.
    let water = concept(commons, "https://vocab.example.org/concept/201");
    let suggestions = engine.suggest("водные", &[lang("en")], 5);
    let s = suggestions.iter().find(|s| s.concept == water).expect("the descriptor is suggested");
    assert_eq!((s.matched_lang.as_str(), s.matched_label.as_str()), ("ru", "Водные ресурсы"));
    // A word being typed finds it by prefix, in Arabic this time ("المائية", water).
    assert_eq!(ids(&mut engine, &fetch, "المائ"), ["doc-1", "doc-3"]);
}

#[test]
fn a_page_in_a_language_out_of_the_manifest_gets_its_labels_with_the_manifest() {
    let (dir, commons) = index();
    let water = concept(commons, "https://vocab.example.org/concept/201");
    let (engine, _) = open_for(dir, &[lang("ru")]);
    assert!(engine.loaded.iter().any(|f| f.starts_with("language-")), "{:?}", engine.loaded);
    assert_eq!(engine.manifest.thesaurus.concept(water).labels.get(&lang("ru")), Some("Водные ресурсы"));
    assert_eq!(engine.manifest.thesaurus.concept(water).labels.get(&lang("ar")), None, "only the page's language");
    // Nor the manifest's own language, nor one the commons has no file for: they cost nothing.
    let (engine, _) = open_for(dir, &[lang("en-GB")]);
    assert_eq!(engine.loaded.len(), 3, "{:?}", engine.loaded);
    let (engine, _) = open_for(dir, &[lang("de")]);
    assert_eq!(engine.loaded.len(), 3, "{:?}", engine.loaded);
    assert!(engine.skipped.is_empty());
}

#[test]
fn a_descriptor_panel_gets_its_other_languages_with_its_notes() {
    let (dir, commons) = index();
    let water = concept(commons, "https://vocab.example.org/concept/201");
    let (mut engine, _) = open_for(dir, &[lang("en")]);
    assert_eq!(engine.other_labels(water), None, "not before its notes chunk");
    let file = engine.notes_file(water).expect("a notes chunk holds its labels");
    let bytes = std::fs::read(dir.join(&file)).unwrap();
    engine.add_file(&file, &bytes).unwrap();
    let mut other: Vec<(String, String)> = engine.other_labels(water).unwrap().iter().map(|(l, t)| (l.as_str().to_string(), t.clone())).collect();
    other.sort();
    let expected = [("ar", "الموارد المائية"), ("es", "Recursos hídricos"), ("fr", "Ressources en eau"), ("ru", "Водные ресурсы")];
    assert_eq!(other, expected.map(|(l, t)| (l.to_string(), t.to_string())));
}

#[test]
fn a_language_file_that_cannot_be_read_leaves_the_commons_languages_not_the_widget_broken() {
    let (dir, _) = index();
    let copy = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(dir).unwrap() {
        let f = f.unwrap();
        if f.file_type().unwrap().is_file() {
            std::fs::copy(f.path(), copy.path().join(f.file_name())).unwrap();
        }
    }
    let entry = Entry::decode(&std::fs::read(copy.path().join(FILE_NAME)).unwrap()).unwrap();
    let (_, ru) = entry.languages.iter().find(|(l, _)| l.as_str() == "ru").unwrap();
    std::fs::write(copy.path().join(ru), b"not an index file").unwrap();
    let (engine, _) = open_for(copy.path(), &[lang("ru")]);
    assert_eq!(engine.skipped.len(), 1, "{:?}", engine.skipped);
    assert!(engine.skipped[0].to_string().contains(ru.as_str()), "{}", engine.skipped[0]);
    assert!(engine.manifest.thesaurus.concepts.iter().all(|c| c.labels.get(&lang("ru")).is_none()));
}

#[test]
fn an_interface_switched_to_another_language_gets_that_language_once() {
    let (dir, commons) = index();
    let water = concept(commons, "https://vocab.example.org/concept/201");
    let (mut engine, _) = open_for(dir, &[lang("en")]);
    assert_eq!(engine.take_language_file(&[lang("en")]), None, "the manifest's language");
    let shown = engine.manifest.clone();
    let file = engine.take_language_file(&[lang("fr"), lang("en")]).expect("French is in a language file");
    assert_eq!(engine.take_language_file(&[lang("fr")]), None, "asked for once");
    engine.add_language(&file, &std::fs::read(dir.join(&file)).unwrap()).unwrap();
    assert_eq!(engine.manifest.thesaurus.concept(water).labels.best(&[lang("fr")]), Some("Ressources en eau"));
    // Whoever showed the manifest before keeps its copy until it takes the new one.
    assert_eq!(shown.thesaurus.concept(water).labels.get(&lang("fr")), None);
    // A file of another build is refused.
    let mut fresh = open_for(dir, &[]).0;
    let mut bytes = std::fs::read(dir.join(&file)).unwrap();
    commons_atlas::format::stamp(&mut bytes, commons_atlas::format::BuildId(fresh.build.0 ^ 1));
    assert!(fresh.add_language(&file, &bytes).is_err());
}
