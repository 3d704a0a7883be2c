//! Local maps (`[[maps]]` of `commons.toml`): checked and resolved against the atlas.
//!
//! A map names families and descriptors the way the rest of `commons.toml` does (notation, IRI,
//! `label@lang`, label), so it can only be judged once the thesaurus is read. Its problems go to
//! the report like a record's, at the line of `commons.toml` they are on: a map that names a
//! concept the atlas no longer has is an error that stops the release, the same as a feed that
//! does, rather than a map that silently shows less than its maintainers meant.

use crate::config::MapConfig;
use crate::report::{Problem, Report, Rule};
use crate::validate::{Resolver, Unresolved};
use commons_atlas::model::{Labels, LocalMap};

/// Checks every configured map and resolves its concepts. Returns the maps to publish: those
/// with a valid id not used before and at least one concept found.
pub fn resolve(maps: &[MapConfig], resolver: &Resolver, report: &mut Report) -> Vec<LocalMap> {
    let mut out: Vec<LocalMap> = Vec::new();
    for (i, map) in maps.iter().enumerate() {
        let record = format!("map {}", map.id);
        let problem = |rule: Rule, location: &crate::report::Location, message: String, expected: &str| {
            Problem::new(rule, location.clone(), message).record(record.clone()).expected(expected)
        };
        let mut publish = true;
        if !LocalMap::is_valid_id(&map.id) {
            report.push(problem(
                Rule::InvalidMapId,
                &map.location,
                format!("the map id {:?} cannot be used in the widget's local-map attribute", map.id),
                "lowercase letters, digits, '-' and '_', such as \"energie-lille\"",
            ));
            publish = false;
        } else if let Some(first) = maps[..i].iter().find(|m| m.id == map.id) {
            report.push(problem(
                Rule::DuplicateMapId,
                &map.location,
                format!("the map id {:?} is already used by the map at {}", map.id, first.location),
                "each map with its own id",
            ));
            publish = false;
        }
        if map.titles.is_empty() {
            report.push(problem(
                Rule::MissingMapTitle,
                &map.location,
                "the map has no title; the widget shows its id instead".to_string(),
                "title = { fr = \"…\", en = \"…\" }",
            ));
        }
        if map.concepts.is_empty() {
            report.push(problem(
                Rule::EmptyMap,
                &map.concepts_location,
                "the map lists no concept, so it would show nothing".to_string(),
                "concepts = [\"NOTATION\", …], the families and descriptors of the map",
            ));
        }
        let mut concepts = Vec::new();
        for (reference, location) in &map.concepts {
            match resolver.by_reference(reference) {
                Ok(id) => {
                    if !concepts.contains(&id) {
                        concepts.push(id);
                    }
                }
                Err(Unresolved::Unknown) => report.push(problem(
                    Rule::UnknownMapConcept,
                    location,
                    format!("concept {reference:?} is not in the atlas"),
                    "a notation, an IRI, label@lang or a label of an atlas family or descriptor",
                )),
                Err(Unresolved::Ambiguous(ids)) => report.push(problem(
                    Rule::AmbiguousDescriptor,
                    location,
                    format!("concept {reference:?} could be any of {}", resolver.describe_candidates(&ids, &[])),
                    "the notation or IRI of the one meant, which no other concept has",
                )),
            }
        }
        if publish && !concepts.is_empty() {
            let mut titles = Labels::new();
            for (lang, title) in &map.titles {
                titles.insert(lang.clone(), title.clone());
            }
            out.push(LocalMap { id: map.id.clone(), titles, concepts });
        }
    }
    out
}
