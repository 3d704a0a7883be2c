//! ScrutariData as the network's exporters write it, read into the commons through the library:
//! what the reader carries must reach the model (the record, its descriptors, its type's label).

use commons_atlas::model::Lang;
use std::path::Path;

fn root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

#[test]
fn a_corpus_without_a_types_entry_is_labelled_by_its_intitule_corpus_and_a_duplicate_keeps_its_descriptors() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(root().join("examples/broken/atlas.ttl"), tmp.path().join("atlas.ttl")).unwrap();
    std::fs::write(
        tmp.path().join("feed.xml"),
        r#"<base><base-metadata><authority>a</authority><base-name>b</base-name></base-metadata>
<corpus corpus-name="retours"><corpus-metadata><intitule-corpus><lib xml:lang="fr">Retours d'expérience</lib><lib xml:lang="en">Field reports</lib></intitule-corpus></corpus-metadata>
<fiche fiche-id="1"><titre>Premier</titre><href>https://s.example.org/1</href></fiche>
<fiche fiche-id="1"><titre>Copie</titre><href>https://s.example.org/1bis</href></fiche>
</corpus>
<thesaurus thesaurus-name="t"><motcle motcle-id="h"><lib xml:lang="fr">Habitat et logement</lib></motcle></thesaurus>
<indexation-group corpus-path="retours" thesaurus-path="t"><indexation fiche-id="1" motcle-id="h" poids="3"/></indexation-group>
</base>
"#,
    )
    .unwrap();
    let toml = "[commons]\nlanguages = [\"fr\", \"en\"]\n[thesaurus]\npath = \"atlas.ttl\"\n\
        [[dimensions]]\nid = \"components\"\ncollection = \"https://mini.atlas.example/components\"\n\
        [[dimensions]]\nid = \"angles\"\ncollection = \"https://mini.atlas.example/angles\"\n\
        [[sites]]\nid = \"s\"\nname = \"S\"\nurl = \"https://s.example.org/\"\nlanguages = [\"fr\"]\nfeed = \"feed.xml\"\n";
    let path = tmp.path().join("commons.toml");
    std::fs::write(&path, toml).unwrap();
    let config = index_builder::Config::load(&path).unwrap();
    let ingested = index_builder::ingest(&config).unwrap();
    let types = &ingested.commons.types;
    assert_eq!(types.len(), 1);
    assert_eq!(types[0].key, "retours");
    assert_eq!(types[0].labels.get(&Lang::parse("en").unwrap()), Some("Field reports"));
    let resources = &ingested.commons.resources;
    assert_eq!(resources.len(), 1);
    assert_eq!(resources[0].title, "Premier");
    assert_eq!(resources[0].descriptors.len(), 1, "the kept copy keeps its indexation");
    assert_eq!(resources[0].descriptors[0].weight, 3);
    let counts = &ingested.report.sites["s"];
    assert_eq!((counts.read, counts.kept, counts.rejected), (2, 1, 1));
    assert!(ingested.report.problems.iter().any(|p| p.rule == index_builder::Rule::DuplicateId && p.rejected));
}
