//! Thesauri shaped like those published by others (`examples/thesauri/`): collections of
//! collections, one thesaurus in several files, polyhierarchy, several notes per language,
//! colliding labels and notations, Russian and Arabic labels.
//!
//! Each fixture is counted twice: by these tests, straight from the RDF with oxttl and oxrdfxml
//! (triples as a set, so a statement made twice counts once), and by `check --json`'s `thesaurus`
//! object. The two must agree, so that a maintainer can trust the builder's figures against the
//! thesaurus manager's.

use commons_atlas::model::{Cell, Commons, Lang, NoteKind, Role, Thesaurus};
use index_builder::{ingest, Config, Report};
use oxrdf::{NamedOrBlankNode, Term, Triple};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn fixture(name: &str) -> PathBuf {
    root().join("examples/thesauri").join(name)
}

fn check_json(name: &str) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_index-builder"))
        .args(["check", "--json", "--config"])
        .arg(fixture(name).join("commons.toml"))
        .output()
        .expect("index-builder runs");
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{name}: not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)))
}

fn load(name: &str) -> (Commons, Report) {
    let config = Config::load(&fixture(name).join("commons.toml")).unwrap();
    let ingested = ingest(&config).unwrap();
    (ingested.commons, ingested.report)
}

/// Every triple of the files, read without the builder.
fn triples(files: &[PathBuf]) -> HashSet<Triple> {
    let mut all = HashSet::new();
    for file in files {
        let bytes = std::fs::read(file).unwrap();
        match file.extension().and_then(|e| e.to_str()) {
            Some("ttl") => {
                for t in oxttl::TurtleParser::new().for_slice(&bytes) {
                    all.insert(t.unwrap());
                }
            }
            Some("rdf") => {
                for t in oxrdfxml::RdfXmlParser::new().for_slice(&bytes) {
                    all.insert(t.unwrap());
                }
            }
            other => panic!("no reader for {other:?}"),
        }
    }
    all
}

fn skos(local: &str) -> String {
    format!("{SKOS}{local}")
}

fn subject(t: &Triple) -> String {
    match &t.subject {
        NamedOrBlankNode::NamedNode(n) => n.as_str().to_string(),
        other => other.to_string(),
    }
}

fn object_iri(t: &Triple) -> Option<String> {
    match &t.object {
        Term::NamedNode(n) => Some(n.as_str().to_string()),
        _ => None,
    }
}

/// What the thesaurus object should say, counted from the triples; untagged text counts for
/// `default_lang`, as the atlas reads it.
fn expected_counts(files: &[PathBuf], default_lang: &str) -> Value {
    let all = triples(files);
    let typed = |class: &str| -> BTreeSet<String> {
        all.iter()
            .filter(|t| t.predicate.as_str() == RDF_TYPE && object_iri(t).as_deref() == Some(skos(class).as_str()))
            .map(subject)
            .collect()
    };
    let concepts = typed("Concept");
    let collections = typed("Collection");
    let by_lang = |predicates: &[&str]| -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for t in &all {
            if predicates.iter().any(|p| t.predicate.as_str() == skos(p)) && concepts.contains(&subject(t)) {
                if let Term::Literal(l) = &t.object {
                    *counts.entry(l.language().unwrap_or(default_lang).to_ascii_lowercase()).or_default() += 1;
                }
            }
        }
        counts
    };
    let link = |t: &Triple, local: &str| -> Option<(String, String)> {
        let o = object_iri(t)?;
        (t.predicate.as_str() == skos(local) && concepts.contains(&subject(t)) && concepts.contains(&o)).then(|| (subject(t), o))
    };
    let mut broader = BTreeSet::new();
    let mut related = BTreeSet::new();
    for t in &all {
        if let Some((s, o)) = link(t, "broader") {
            broader.insert((s, o));
        }
        if let Some((s, o)) = link(t, "narrower") {
            broader.insert((o, s));
        }
        if let Some((s, o)) = link(t, "related") {
            related.insert(if s < o { (s, o) } else { (o, s) });
        }
    }
    json!({
        "concepts": concepts.len(),
        "collections": collections.len(),
        "pref_labels": by_lang(&["prefLabel"]),
        "alt_labels": by_lang(&["altLabel"]),
        "hidden_labels": by_lang(&["hiddenLabel"]),
        "notes": by_lang(&["scopeNote", "definition", "note", "example", "historyNote"]),
        "broader": broader.len(),
        "related": related.len(),
    })
}

/// The fixture's thesaurus object agrees with the independent count, key by key.
fn assert_counts_match(name: &str, files: &[&str], default_lang: &str) -> Value {
    let paths: Vec<PathBuf> = files.iter().map(|f| fixture(name).join(f)).collect();
    let expected = expected_counts(&paths, default_lang);
    let report = check_json(name);
    let got = &report["thesaurus"];
    for (key, value) in expected.as_object().unwrap() {
        assert_eq!(&got[key], value, "{name}: thesaurus.{key} (the whole object: {got})");
    }
    assert_eq!(got["files"].as_array().unwrap().len(), files.len(), "{name}: {got}");
    report
}

fn rules(report: &Value) -> Vec<String> {
    report["problems"].as_array().unwrap().iter().map(|p| p["rule"].as_str().unwrap().to_string()).collect()
}

fn by_notation(t: &Thesaurus, n: &str) -> commons_atlas::model::ConceptId {
    t.by_notation(n).unwrap_or_else(|| panic!("no concept {n}"))
}

fn cells(t: &Thesaurus, notation: &str) -> Vec<(String, String)> {
    let note = |id| t.concept(id).notation.clone().unwrap_or_else(|| t.concept(id).iri.clone());
    let c = t.concept(by_notation(t, notation));
    let mut out: Vec<_> = c.cells.iter().map(|&Cell { row, column }| (note(row), note(column))).collect();
    out.sort();
    out
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<_> = list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    v.sort();
    v
}

#[test]
fn collections_of_collections_make_dimensions_of_microthesauri() {
    let report = assert_counts_match("microthesauri", &["thesaurus.ttl"], "en");
    assert_eq!(report["errors"], 0, "{report}");
    assert_eq!(report["thesaurus"]["cell_memberships"], 1);
    assert_eq!(report["thesaurus"]["max_depth"], 2);
    let found = rules(&report);
    for rule in ["shared-notation", "single-family-dimension", "sparse-matrix"] {
        assert!(found.iter().any(|r| r == rule), "no {rule} in {found:?}");
    }

    let (commons, _) = load("microthesauri");
    let t = &commons.thesaurus;
    // The domains are the dimensions, their microthesauri the families.
    let dims: Vec<_> = t.dimensions.iter().map(|d| (d.id.as_str(), d.families.len())).collect();
    assert_eq!(dims, [("1", 2), ("2", 2), ("3", 1)]);
    let family = t.concept(t.dimensions[0].families[1].concept);
    assert_eq!(family.iri, "https://vocab.example.org/mt/1006");
    assert_eq!(family.labels.get(&Lang::parse("ru").unwrap()), Some("Высшее образование"));
    // Members at every depth keep their hierarchy's level.
    let level = |n| t.concept(by_notation(t, n)).role;
    assert_eq!(level("1005.1"), Role::Descriptor { level: 1 });
    assert_eq!(level("1005.11"), Role::Descriptor { level: 2 });
    // A concept in two microthesauri of two domains sits in their cell.
    assert_eq!(cells(t, "1006"), pairs(&[("1005", "2020")]));
    // "1006" is both a microthesaurus and a concept: feeds mean the concept.
    assert_eq!(t.concept(by_notation(t, "1006")).iri, "https://vocab.example.org/concept/101");
    let doc1 = commons.resources.iter().find(|r| r.id == "doc-1").unwrap();
    assert!(doc1.descriptors.iter().any(|d| t.concept(d.concept).iri.ends_with("concept/101")));
    // Every language of the thesaurus is kept, not only the commons' languages; a reference by a
    // Russian label resolves.
    let arabic = t.concept(by_notation(t, "2010.1")).labels.get(&Lang::parse("ar").unwrap());
    assert_eq!(arabic, Some("الموارد المائية"));
    assert_eq!(commons.resources.len(), 4);
}

#[test]
fn a_thesaurus_split_across_files_is_read_as_one() {
    let files = ["backbone.rdf", "labels-de.rdf", "labels-en.rdf", "labels-fr.rdf", "dimensions.ttl"];
    let report = assert_counts_match("split-files", &files, "en");
    assert_eq!(report["errors"], 0);
    assert_eq!(report["warnings"], 0, "{report}");
    // The glob expands in name order, after the file listed before it.
    let listed: Vec<_> = report["thesaurus"]["files"].as_array().unwrap().iter().map(|f| f.as_str().unwrap().rsplit('/').next().unwrap().to_string()).collect();
    assert_eq!(listed, files);

    let (commons, _) = load("split-files");
    let t = &commons.thesaurus;
    let water = t.concept(by_notation(t, "1"));
    assert_eq!(water.labels.get(&Lang::parse("de").unwrap()), Some("Wasser"));
    assert_eq!(water.notes.len(), 3, "a definition per language, from three files");
    // Groups × themes: filed directly under a group and a theme.
    assert_eq!(cells(t, "1"), pairs(&[("http://www.eionet.europa.eu/gemet/group/1", "http://www.eionet.europa.eu/gemet/theme/1")]));
    // Polyhierarchy: two broader, the cells of both and nothing crossed.
    let g = |n: &str| format!("http://www.eionet.europa.eu/gemet/group/{n}");
    let th = |n: &str| format!("http://www.eionet.europa.eu/gemet/theme/{n}");
    let mut expected = vec![(g("1"), th("1")), (g("2"), th("2")), (g("2"), th("3"))];
    expected.sort();
    assert_eq!(cells(t, "8"), expected);
    // Inherits group 3 and theme 3 from energy, filed directly under group 1 and theme 2.
    let mut expected = vec![(g("3"), th("3")), (g("1"), th("2")), (g("1"), th("3")), (g("3"), th("2"))];
    expected.sort();
    assert_eq!(cells(t, "9"), expected);
}

#[test]
fn cells_follow_every_path_and_only_real_ones() {
    let report = assert_counts_match("cells", &["atlas.ttl"], "en");
    assert_eq!(report["errors"], 0);
    assert_eq!(report["thesaurus"]["cell_memberships"], 6);
    let (commons, _) = load("cells");
    let t = &commons.thesaurus;
    assert_eq!(cells(t, "R1C1.1"), pairs(&[("R1", "C1")]), "filed directly under a row and a column");
    assert_eq!(cells(t, "R1C1.11"), pairs(&[("R1", "C1"), ("R1", "C2")]), "a row inherited, a column of its own");
    assert_eq!(cells(t, "X.1"), pairs(&[("R1", "C1"), ("R2", "C2")]), "two broader in two cells: those two only");
}

#[test]
fn every_note_is_kept_in_order_in_every_language() {
    let report = assert_counts_match("notes", &["atlas.ttl"], "en");
    assert_eq!(report["thesaurus"]["notes"], json!({"en": 9, "fr": 3}));
    let (commons, _) = load("notes");
    let t = &commons.thesaurus;
    let c = t.concept(by_notation(t, "1.1"));
    let en = Lang::parse("en").unwrap();
    let fr = Lang::parse("fr").unwrap();
    let kinds: Vec<_> = c.notes.iter().filter(|n| n.lang == en).map(|n| n.kind).collect();
    use NoteKind::*;
    assert_eq!(kinds, [Scope, Scope, Scope, Definition, Note, Example, History]);
    let scope_fr: Vec<_> = c.notes_for(&[fr]).iter().map(|n| n.text.as_str()).collect();
    assert_eq!(scope_fr, ["Habitat conçu et géré par ses habitants.", "Inclut les coopératives d'habitants.", "Le Village Vertical à Villeurbanne."]);
    // An untagged note is read in the commons' first language.
    let gardens = t.concept(by_notation(t, "2.1"));
    assert_eq!(gardens.notes[0].lang, en);
}

#[test]
fn labels_resolve_by_precedence_and_ambiguity_names_each_candidate() {
    let report = assert_counts_match("labels", &["atlas.ttl"], "en");
    let (commons, _) = load("labels");
    let t = &commons.thesaurus;
    let descriptors_of = |id: &str| -> Vec<String> {
        let r = commons.resources.iter().find(|r| r.id == id).unwrap_or_else(|| panic!("record {id} not kept"));
        r.descriptors.iter().map(|d| t.concept(d.concept).notation.clone().unwrap()).collect()
    };
    // A preferred label wins over another concept's alternative label that folds the same.
    assert_eq!(descriptors_of("sea"), ["ENV.1"]);
    assert_eq!(descriptors_of("sea-en"), ["ENV.1"]);
    assert_eq!(descriptors_of("acronym"), ["POL.1"], "an alternative label in its language");
    assert_eq!(descriptors_of("misspelt"), ["POL.1"], "a hidden label, last");
    assert_eq!(descriptors_of("by-iri"), ["POL.2"], "an IRI works whatever the descriptors mode");
    let ambiguous: Vec<_> = report["problems"].as_array().unwrap().iter().filter(|p| p["rule"] == "ambiguous-descriptor").collect();
    assert_eq!(ambiguous.len(), 1, "{report}");
    let message = ambiguous[0]["message"].as_str().unwrap();
    assert!(message.contains(r#"ENV.2 "crisis" <https://labels.example/crisis-env>"#), "{message}");
    assert!(message.contains(r#"POL.2 "crisis" <https://labels.example/crisis-pol>"#), "{message}");
    assert_eq!(ambiguous[0]["record"], "crisis");
    assert_eq!(descriptors_of("crisis"), ["ENV.1"], "the ambiguous reference is left out, the other kept");
}

#[test]
fn thesaurus_problems_name_the_file_and_line() {
    // The shared notation is reported on the concept's line, naming the collection's line too.
    let report = check_json("microthesauri");
    let p = report["problems"].as_array().unwrap().iter().find(|p| p["rule"] == "shared-notation").unwrap();
    assert!(p["location"]["file"].as_str().unwrap().ends_with("thesaurus.ttl"));
    let text = std::fs::read_to_string(fixture("microthesauri/thesaurus.ttl")).unwrap();
    let line = p["location"]["line"].as_u64().unwrap() as usize;
    assert!(text.lines().nth(line - 1).unwrap().starts_with("c:101 "), "line {line}");
    let mt_line = text.lines().position(|l| l.starts_with("mt:1006 ")).unwrap() + 1;
    assert!(p["message"].as_str().unwrap().contains(&format!("thesaurus.ttl:{mt_line}")), "{p}");
    // In RDF/XML too: the line of the element that describes the concept, whichever file.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("split-files/backbone.rdf"), dir.path().join("backbone.rdf")).unwrap();
    let orphan = "<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n  xmlns:skos=\"http://www.w3.org/2004/02/skos/core#\">\n\n  <skos:Concept rdf:about=\"http://www.eionet.europa.eu/gemet/concept/99\">\n    <skos:prefLabel xml:lang=\"en\">orphan</skos:prefLabel>\n  </skos:Concept>\n</rdf:RDF>\n";
    std::fs::write(dir.path().join("extra.rdf"), orphan).unwrap();
    std::fs::copy(fixture("split-files/dimensions.ttl"), dir.path().join("dimensions.ttl")).unwrap();
    let toml = std::fs::read_to_string(fixture("split-files/commons.toml")).unwrap().replace("\"labels-*.rdf\"", "\"extra.rdf\"");
    std::fs::write(dir.path().join("commons.toml"), toml).unwrap();
    let config = Config::load(&dir.path().join("commons.toml")).unwrap();
    let report = ingest(&config).unwrap().report;
    let p = report.problems.iter().find(|p| p.rule == index_builder::Rule::UnreachableConcept).expect("the orphan is reported");
    assert!(p.location.file.ends_with("extra.rdf"), "{p}");
    assert_eq!(p.location.line, Some(5), "{p}");
}
