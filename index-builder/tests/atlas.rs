//! The atlas and the resources as the builder understands them, on the bundled sample commons and
//! on small thesauri written for one rule each.

use commons_atlas::model::{Commons, Lang, Role};
use index_builder::{ingest, Config, Report};
use std::path::Path;

fn sample() -> (Commons, Report) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let config = Config::load(&root.join("examples/commons/commons.toml")).unwrap();
    let ingested = ingest(&config).unwrap();
    (ingested.commons, ingested.report)
}

fn lang(code: &str) -> Lang {
    Lang::parse(code).unwrap()
}

#[test]
fn the_sample_atlas_has_components_angles_and_three_levels_of_descriptors() {
    let (commons, _) = sample();
    let t = &commons.thesaurus;
    let ids: Vec<_> = t.dimensions.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["components", "angles"]);
    assert_eq!(t.dimensions[0].families.len(), 7);
    assert!((6..=9).contains(&t.dimensions[1].families.len()));
    assert_eq!(t.dimensions[0].families[0].colour.as_deref(), Some("#c0392b"));
    assert_eq!(t.dimensions[1].families[0].icon.as_deref(), Some("👥"));
    let mut levels = [0usize; 4];
    for id in t.descriptors() {
        match t.concept(id).role {
            Role::Descriptor { level } => levels[level.min(3) as usize] += 1,
            Role::Family { .. } => unreachable!(),
        }
    }
    assert!(levels[1] > 0 && levels[2] > 0 && levels[3] > 0, "{levels:?}");
    assert!(t.descriptors().count() >= 150);
}

#[test]
fn labels_exist_in_four_languages_and_fall_back() {
    let (commons, _) = sample();
    let t = &commons.thesaurus;
    let housing = t.by_notation("1B.1").expect("1B.1 exists");
    let c = t.concept(housing);
    assert_eq!(c.label(&[lang("fr")]), "habitat et logement");
    assert_eq!(c.label(&[lang("en")]), "housing");
    assert_eq!(c.label(&[lang("de"), lang("es")]), c.labels.get(&lang("es")).unwrap());
    for id in t.descriptors() {
        assert_eq!(t.concept(id).labels.len(), 4, "{}", t.concept(id).iri);
    }
}

#[test]
fn polyhierarchy_puts_a_descriptor_in_several_cells_and_links_are_symmetric() {
    let (commons, _) = sample();
    let t = &commons.thesaurus;
    let multi = t.descriptors().filter(|&id| t.concept(id).cells.len() > 1).count();
    assert!(multi >= 10, "{multi} descriptors in several cells");
    for id in t.ids() {
        let c = t.concept(id);
        for &b in &c.broader {
            assert!(t.concept(b).narrower.contains(&id));
        }
        for &r in &c.related {
            assert!(t.concept(r).related.contains(&id), "related is symmetric");
        }
        if !c.is_family() {
            assert!(!c.families.is_empty(), "{} reaches a family", c.iri);
        }
    }
    // A level-1 descriptor notated "3B.x" sits in cell (3, B).
    let d = t.descriptors().find(|&id| t.concept(id).notation.as_deref().is_some_and(|n| n.starts_with("3B."))).unwrap();
    let cell = t.concept(d).cells[0];
    assert_eq!(t.concept(cell.row).notation.as_deref(), Some("3"));
    assert_eq!(t.concept(cell.column).notation.as_deref(), Some("B"));
}

#[test]
fn every_feed_format_contributes_resources_with_their_fields() {
    let (commons, _) = sample();
    let site = |id: &str| commons.sites.iter().position(|s| s.id == id).unwrap() as u16;
    for id in ["citego", "cities", "gouvernance", "rtes", "ecosol"] {
        let n = commons.resources.iter().filter(|r| r.site.0 == site(id)).count();
        assert!(n >= 50, "{id}: {n}");
    }
    for code in ["fr", "en", "es", "pt"] {
        let n = commons.resources.iter().filter(|r| r.lang == lang(code)).count();
        assert!(n >= 50, "{code}: {n}");
    }
    // ScrutariData: authors from sct:authors, weights from poids, relative hrefs resolved.
    let citego: Vec<_> = commons.resources.iter().filter(|r| r.site.0 == site("citego")).collect();
    assert!(citego.iter().any(|r| !r.authors.is_empty()));
    assert!(citego.iter().any(|r| r.descriptors.iter().any(|d| d.weight > 1)));
    assert!(citego.iter().all(|r| r.url.starts_with("https://citego.example.org/")));
    // A label@lang reference resolves to the descriptor with that label.
    let housing = commons.thesaurus.by_notation("1B.1").unwrap();
    assert!(commons.resources.iter().any(|r| r.site.0 == site("gouvernance") && r.descriptors.iter().any(|d| d.concept == housing)));
    // Markup in a title is kept as text, for the widget to show as text.
    assert!(commons.resources.iter().any(|r| r.title.contains("<img src=x onerror=alert(1)>")));
    // Translations are grouped.
    assert!(commons.resources.iter().filter(|r| r.translation.is_some()).count() >= 30);
}

fn commons_from(ttl: &str, extra: &str) -> Result<(Commons, Report), String> {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("t.ttl"), ttl).unwrap();
    std::fs::write(tmp.path().join("feed.json"), "[]").unwrap();
    let toml = format!(
        "[commons]\nlanguages = [\"en\"]\n[thesaurus]\npath = \"t.ttl\"\n{extra}\n[[sites]]\nid = \"s\"\nname = \"S\"\nurl = \"https://s.org/\"\nlanguages = [\"en\"]\nfeed = \"feed.json\"\n"
    );
    let path = tmp.path().join("commons.toml");
    std::fs::write(&path, toml).unwrap();
    let config = Config::load(&path).map_err(|e| e.to_string())?;
    ingest(&config).map(|i| (i.commons, i.report)).map_err(|e| e.to_string())
}

const PLAIN: &str = r#"@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix : <https://t.org/> .
:s a skos:ConceptScheme ; skos:hasTopConcept :places, :topics .
:places a skos:Concept ; skos:prefLabel "Places"@en .
:topics a skos:Concept ; skos:prefLabel "Topics"@en .
:europe skos:prefLabel "Europe"@en ; skos:broader :places .
:france skos:prefLabel "France"@en ; skos:broader :europe .
:energy skos:prefLabel "Energy"@en ; skos:broader :topics .
:solar skos:prefLabel "Solar energy"@en ; skos:broader :energy, :france .
"#;

#[test]
fn without_collections_each_top_concept_is_a_dimension_of_its_narrower_families() {
    let (commons, report) = commons_from(PLAIN, "").unwrap();
    let t = &commons.thesaurus;
    assert_eq!(t.dimensions.len(), 2, "{:?}", report.problems);
    assert_eq!(t.dimensions[0].id, "places");
    let europe = t.by_iri("https://t.org/europe").unwrap();
    assert_eq!(t.concept(europe).role, Role::Family { dimension: 0 });
    let solar = t.concept(t.by_iri("https://t.org/solar").unwrap());
    assert_eq!(solar.role, Role::Descriptor { level: 1 });
    // The first two dimensions make the matrix by default; solar energy sits in (Europe, Energy).
    assert_eq!(solar.families.len(), 2);
    assert_eq!(solar.cells.len(), 1);
    assert_eq!(t.concept(solar.cells[0].row).iri, "https://t.org/europe");
    assert_eq!(t.concept(solar.cells[0].column).iri, "https://t.org/energy");
    assert!(t.by_iri("https://t.org/places").is_none(), "a dimension's own concept is not a descriptor");
}

#[test]
fn a_configured_dimension_that_does_not_exist_is_an_error_naming_it() {
    let err = commons_from(PLAIN, "[[dimensions]]\nid = \"x\"\ncollection = \"https://t.org/nope\"\n").unwrap_err();
    assert!(err.contains("https://t.org/nope"), "{err}");
}

#[test]
fn a_five_thousand_concept_thesaurus_in_five_languages_loads() {
    // Six levels under one family, 5 languages, ~12,000 related links: the size of a real
    // thesaurus. How long it takes is measured in `cargo xtask bench`, not here.
    let mut ttl = String::from("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n@prefix : <https://big.org/> .\n:root a skos:Concept ; skos:prefLabel \"Root\"@en .\n:fam a skos:Concept ; skos:prefLabel \"Family\"@en ; skos:broader :root .\n");
    let n = 5000;
    for i in 0..n {
        let parent = if i < 5 { "fam".to_string() } else { format!("c{}", (i - 5) / 5) };
        ttl.push_str(&format!(":c{i} a skos:Concept ; skos:broader :{parent} ; skos:notation \"N{i}\""));
        for l in ["en", "fr", "es", "pt", "de"] {
            ttl.push_str(&format!(" ; skos:prefLabel \"concept {i} {l}\"@{l}"));
        }
        for k in 1..=5 {
            if (i * 7 + k * 13) % 2 == 0 {
                ttl.push_str(&format!(" ; skos:related :c{}", (i * 31 + k * 977) % n));
            }
        }
        ttl.push_str(" .\n");
    }
    let (commons, _) = commons_from(&ttl, "").unwrap();
    let t = &commons.thesaurus;
    assert_eq!(t.descriptors().count(), n);
    let deepest = t.descriptors().map(|id| match t.concept(id).role {
        Role::Descriptor { level } => level,
        _ => 0,
    });
    assert_eq!(deepest.max(), Some(6));
    let related: usize = t.ids().map(|id| t.concept(id).related.len()).sum::<usize>() / 2;
    assert!(related > 10_000, "{related}");
}

#[test]
fn the_sample_maps_resolve_in_the_order_given_and_cut_out_part_of_the_matrix() {
    let (commons, report) = sample();
    let t = &commons.thesaurus;
    assert!(!report.problems.iter().any(|p| p.location.file.ends_with("commons.toml")), "{:?}", report.problems);
    let ids: Vec<_> = commons.maps.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["energie-habitat", "alimentation"]);
    let map = &commons.maps[0];
    assert_eq!(map.titles.get(&lang("fr")), Some("Énergie et habitat"));
    assert_eq!(map.titles.len(), 4);
    // Named by notation and by label@lang, kept in the order given.
    let listed: Vec<_> = map.concepts.iter().map(|&c| t.concept(c).notation.as_deref().unwrap()).collect();
    assert_eq!(listed, ["4", "F", "1B.1", "6B.11", "3B.3", "7C.21"]);

    // The part of the atlas: a row family and a column family with everything below them, and
    // branches of other families; the matrix it covers is part of the whole.
    let inside = t.sub_atlas(&map.concepts);
    let n = |s: &str| t.by_notation(s).unwrap();
    for notation in ["4", "4B.1", "4B.111", "F", "3F.12", "5F.2", "1B.1", "1B.111", "6B.11", "6B.111"] {
        assert!(inside.contains(&n(notation)), "{notation} is in the map");
    }
    for notation in ["1", "B", "2B.1", "7B.1", "1A.1"] {
        assert!(!inside.contains(&n(notation)), "{notation} is not in the map");
    }
    let cells: std::collections::BTreeSet<_> = inside.iter().flat_map(|&c| t.concept(c).cells.clone()).collect();
    let rows: std::collections::BTreeSet<_> = cells.iter().map(|c| c.row).collect();
    let columns: std::collections::BTreeSet<_> = cells.iter().map(|c| c.column).collect();
    let all_cells: std::collections::BTreeSet<_> = t.ids().flat_map(|c| t.concept(c).cells.clone()).collect();
    eprintln!(
        "energie-habitat: {} of {} concepts, {} of {} cells, rows {:?}, columns {:?}",
        inside.len(),
        t.concepts.len(),
        cells.len(),
        all_cells.len(),
        rows.iter().map(|&r| t.concept(r).notation.clone().unwrap()).collect::<Vec<_>>(),
        columns.iter().map(|&c| t.concept(c).notation.clone().unwrap()).collect::<Vec<_>>()
    );
    assert!(inside.len() * 2 < t.concepts.len(), "{} of {} concepts", inside.len(), t.concepts.len());
    assert!(cells.len() * 2 < all_cells.len(), "{} of {} cells", cells.len(), all_cells.len());
}

#[test]
fn local_maps_are_checked_against_the_atlas_and_located_in_commons_toml() {
    let maps = r#"
[[maps]]
id = "solar"
title = { en = "Solar" }
concepts = ["https://t.org/energy", "Solar energy@en", "europe", "Energy"]

[[maps]]
id = "Solar Map"
title = { en = "Solar" }
concepts = ["https://t.org/solar"]

[[maps]]
id = "solar"
concepts = ["https://t.org/solar"]

[[maps]]
id = "empty"
title = { en = "Nothing" }
concepts = []

[[maps]]
id = "lost"
title = { en = "Lost" }
concepts = ["Europe", "E99", "wind@en"]
"#;
    let (commons, report) = commons_from(PLAIN, maps).unwrap();
    let t = &commons.thesaurus;
    // commons_from writes four lines before `maps`, which starts with a blank line: the first
    // map's id is on line 7.
    let found: Vec<(String, Option<u64>, Option<&str>)> = report
        .problems
        .iter()
        .filter(|p| p.location.file.ends_with("commons.toml"))
        .map(|p| (p.rule.code(), p.location.line, p.record.as_deref()))
        .collect();
    let expected = [
        ("invalid-map-id", 12, "map Solar Map"),
        ("duplicate-map-id", 17, "map solar"),
        ("missing-map-title", 17, "map solar"),
        ("empty-map", 23, "map empty"),
        ("unknown-map-concept", 28, "map lost"),
        ("unknown-map-concept", 28, "map lost"),
    ];
    let expected: Vec<(String, Option<u64>, Option<&str>)> =
        expected.iter().map(|&(rule, line, record)| (rule.to_string(), Some(line), Some(record))).collect();
    assert_eq!(found, expected, "{:#?}", report.problems);
    let e99 = report.problems.iter().find(|p| p.message.contains("\"E99\"")).unwrap();
    assert_eq!(e99.location.column, Some(23), "the column of the reference itself");
    assert!(e99.to_string().contains("commons.toml:28:23: map lost: concept \"E99\" is not in the atlas"), "{e99}");
    assert!(report.problems.iter().any(|p| p.message.contains("already used by the map at") && p.message.contains("commons.toml:7:")));
    assert_eq!(report.errors(), 5, "a missing title is only a warning");

    // Only maps with a valid, unused id and a concept found are published. Concepts are named
    // by IRI, label@lang or a label in any language (case and accents aside), each once, in the
    // order given.
    let ids: Vec<_> = commons.maps.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["solar", "lost"]);
    let iri = |c: commons_atlas::model::ConceptId| t.concept(c).iri.trim_start_matches("https://t.org/").to_string();
    let solar: Vec<_> = commons.maps[0].concepts.iter().map(|&c| iri(c)).collect();
    assert_eq!(solar, ["energy", "solar", "europe"]);
    assert_eq!(commons.maps[0].titles.get(&lang("en")), Some("Solar"));
    let whole: Vec<_> = t.sub_atlas(&commons.maps[0].concepts).into_iter().map(iri).collect();
    assert_eq!(whole.len(), 4, "energy, solar, europe and france: {whole:?}");
}
