//! Facet columns and descriptor postings.

use commons_atlas::format::facets::{ConceptPostings, Facets, Place};
use commons_atlas::model::{Commons, ConceptId, Resource, ResourceType};
use std::collections::{BTreeMap, HashMap};

pub fn compile(commons: &Commons, ordered: &[&Resource], types: &[ResourceType], lengths: &[u8]) -> Facets {
    let type_number: HashMap<&str, u16> = types.iter().enumerate().map(|(i, t)| (t.key.as_str(), i as u16 + 1)).collect();
    // Translation groups are per site (two sites may use the same key for unrelated records),
    // and only groups of two or more records are worth a number.
    let mut group_sizes: HashMap<(u16, &str), usize> = HashMap::new();
    for r in ordered {
        if let Some(key) = r.translation.as_deref() {
            *group_sizes.entry((r.site.0, key)).or_default() += 1;
        }
    }
    let mut group_numbers: HashMap<(u16, &str), u32> = HashMap::new();
    // Places as the place facet lists them: the country code in capitals, both trimmed.
    let place_of = |r: &Resource| {
        let trim = |s: &Option<String>| s.as_deref().map_or(String::new(), |s| s.trim().to_string());
        Some(Place { country: trim(&r.country).to_ascii_uppercase(), name: trim(&r.place) }).filter(|p| p != &Place::default())
    };
    let place_names: Vec<Place> = ordered.iter().filter_map(|r| place_of(r)).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
    let mut facets = Facets::default();
    let mut postings: BTreeMap<ConceptId, (Vec<u32>, Vec<u8>)> = BTreeMap::new();
    for (number, r) in ordered.iter().enumerate() {
        facets.sites.push(r.site.0);
        facets.types.push(r.kind.as_deref().and_then(|k| type_number.get(k).copied()).unwrap_or(0));
        let lang = commons.languages.iter().position(|l| l.primary() == r.lang.primary()).unwrap_or(0);
        facets.langs.push(lang as u8);
        facets.years.push(r.date.map_or(0, |d| d.year));
        facets.lengths.push(lengths[number]);
        let group = match r.translation.as_deref() {
            Some(key) if group_sizes[&(r.site.0, key)] > 1 => {
                let next = group_numbers.len() as u32 + 1;
                *group_numbers.entry((r.site.0, key)).or_insert(next)
            }
            _ => 0,
        };
        facets.translations.push(group);
        facets.places.push(place_of(r).map_or(0, |p| place_names.binary_search(&p).map_or(0, |i| i as u32 + 1)));
        for d in &r.descriptors {
            let entry = postings.entry(d.concept).or_default();
            entry.0.push(number as u32);
            entry.1.push(d.weight.min(255) as u8);
        }
    }
    facets.concepts = postings
        .into_iter()
        .map(|(concept, (resources, weights))| ConceptPostings { concept, resources, weights })
        .collect();
    facets.place_names = place_names;
    facets
}
