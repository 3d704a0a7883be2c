//! Facets in memory: filtering by atlas selections and filters, and counting.
//!
//! The facet file gives, per resource, its site, type, language, year and place, and per concept the
//! resources it indexes directly. At load, that becomes, per resource, the list of every concept
//! it falls under (its descriptors and all their broader concepts up to the families) and of every
//! matrix cell it sits in. Counting a result set is then one pass over its resources, whatever
//! the number of descriptors, and counts roll up by construction: a family counts each resource
//! under it once, however many of its descriptors index it.
//!
//! Sets of resources are `FixedBitSet`s over the dense resource numbers.

use super::query::{Combine, Query};
use super::EngineError;
use crate::format::facets::{Facets, Place};
use crate::model::{Cell, ConceptId, Thesaurus};
use fixedbitset::FixedBitSet;
use crate::sort::{sort, sort_by, sort_dedup};

/// A list of lists, flattened: `items[offsets[i]..offsets[i + 1]]` is list `i`.
#[derive(Clone, Debug, Default)]
struct Lists {
    offsets: Vec<u32>,
    items: Vec<u32>,
}

impl Lists {
    fn get(&self, i: usize) -> &[u32] {
        &self.items[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }
}

/// Facet data, ready to filter and count.
pub struct FacetIndex {
    pub resources: usize,
    pub sites: Vec<u16>,
    pub types: Vec<u16>,
    pub langs: Vec<u8>,
    pub years: Vec<u16>,
    /// The distinct years, in order, and per resource the position of its year among them: the
    /// year facet is counted in an array, not a map.
    year_values: Vec<u16>,
    year_slots: Vec<u16>,
    pub lengths: Vec<u8>,
    pub translations: Vec<u32>,
    /// Per resource, its place number plus one (0: none), into `place_names`.
    places: Vec<u32>,
    place_names: Vec<Place>,
    /// Per concept, the resources it indexes directly, with weights.
    direct: Vec<Vec<(u32, u8)>>,
    /// Per resource, every concept it falls under.
    resource_concepts: Lists,
    /// Per resource, every matrix cell it sits in (indexes into `cells`).
    resource_cells: Lists,
    /// Every cell some concept sits in.
    pub cells: Vec<Cell>,
}

/// Counts of the current result set, for every facet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Per dimension, per concept (indexed by concept number): resources of the result falling
    /// under the concept. When the visitor has selected concepts in that dimension (and combines
    /// them with OR), the counts ignore that dimension's own selection, so that the visitor sees
    /// what choosing another one would add.
    pub concepts: Vec<Vec<u32>>,
    /// Per matrix cell, in cell order, ignoring the visitor's own cell selection.
    pub cells: Vec<(Cell, u32)>,
    /// Per site number, ignoring the site filter.
    pub sites: Vec<u32>,
    /// Per type number plus one (0: no type), ignoring the type filter.
    pub types: Vec<u32>,
    /// Per language number, ignoring the language filter.
    pub langs: Vec<u32>,
    /// Per year (0: unknown) with resources, in year order, ignoring the year filter.
    pub years: Vec<(u16, u32)>,
    /// Per place with resources, in place order, ignoring the place filter.
    pub places: Vec<(Place, u32)>,
}

/// The groups of a query's conditions: AND between groups, each counted without its own group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Group {
    Dimension(u16),
    Cells,
    Sites,
    Types,
    Langs,
    Years,
    Places,
}

impl FacetIndex {
    pub fn new(facets: Facets, thesaurus: &Thesaurus, types: usize, sites: usize, langs: usize) -> Result<FacetIndex, EngineError> {
        let n = facets.resources();
        let bad = |what: &str| EngineError::Inconsistent(format!("facet data: {what}"));
        if facets.types.len() != n || facets.langs.len() != n || facets.years.len() != n || facets.lengths.len() != n || facets.translations.len() != n {
            return Err(bad("columns of different lengths"));
        }
        if facets.sites.iter().any(|&s| s as usize >= sites.max(1)) && sites > 0 {
            return Err(bad("a site number out of range"));
        }
        if facets.types.iter().any(|&t| t as usize > types) {
            return Err(bad("a type number out of range"));
        }
        if facets.places.len() != n {
            return Err(bad("columns of different lengths"));
        }
        if facets.langs.iter().any(|&l| l as usize >= langs) {
            return Err(bad("a language number out of range"));
        }
        let concepts = thesaurus.concepts.len();
        let mut direct: Vec<Vec<(u32, u8)>> = vec![Vec::new(); concepts];
        let mut per_resource: Vec<Vec<u32>> = vec![Vec::new(); n];
        for p in facets.concepts {
            let c = p.concept.index();
            if c >= concepts {
                return Err(bad("a concept number out of range"));
            }
            for (&r, &w) in p.resources.iter().zip(&p.weights) {
                direct[c].push((r, w));
                per_resource[r as usize].push(c as u32);
            }
        }
        // Every concept's ancestors, itself included, computed once.
        let ancestors: Vec<Vec<u32>> = (0..concepts)
            .map(|c| {
                let mut seen = vec![c as u32];
                let mut i = 0;
                while i < seen.len() {
                    for b in &thesaurus.concepts[seen[i] as usize].broader {
                        if !seen.contains(&b.0) {
                            seen.push(b.0);
                        }
                    }
                    i += 1;
                }
                seen
            })
            .collect();
        let mut cells: Vec<Cell> = thesaurus.concepts.iter().flat_map(|c| c.cells.iter().copied()).collect();
        sort_dedup(&mut cells);
        let cell_index = |cell: &Cell| cells.binary_search(cell).map_or(0, |i| i as u32);

        let mut resource_concepts = Lists { offsets: vec![0], items: Vec::new() };
        let mut resource_cells = Lists { offsets: vec![0], items: Vec::new() };
        for direct_concepts in per_resource {
            let start = resource_concepts.items.len();
            let cell_start = resource_cells.items.len();
            for c in direct_concepts {
                resource_concepts.items.extend_from_slice(&ancestors[c as usize]);
                for cell in &thesaurus.concepts[c as usize].cells {
                    resource_cells.items.push(cell_index(cell));
                }
            }
            let own = &mut resource_concepts.items[start..];
            sort(own);
            let kept = dedup_in_place(own);
            resource_concepts.items.truncate(start + kept);
            let own = &mut resource_cells.items[cell_start..];
            sort(own);
            let kept = dedup_in_place(own);
            resource_cells.items.truncate(cell_start + kept);
            resource_concepts.offsets.push(resource_concepts.items.len() as u32);
            resource_cells.offsets.push(resource_cells.items.len() as u32);
        }
        let mut present = vec![false; usize::from(u16::MAX) + 1];
        facets.years.iter().for_each(|&y| present[usize::from(y)] = true);
        let year_values: Vec<u16> = (0..=u16::MAX).filter(|&y| present[usize::from(y)]).collect();
        let year_slots = facets.years.iter().map(|y| year_values.binary_search(y).map_or(0, |i| i as u16)).collect();
        Ok(FacetIndex {
            resources: n,
            year_values,
            year_slots,
            sites: facets.sites,
            types: facets.types,
            langs: facets.langs,
            years: facets.years,
            lengths: facets.lengths,
            translations: facets.translations,
            places: facets.places,
            place_names: facets.place_names,
            direct,
            resource_concepts,
            resource_cells,
            cells,
        })
    }

    /// The concepts resource `r` falls under (descriptors and all their broader concepts).
    pub fn concepts_of(&self, r: u32) -> impl Iterator<Item = ConceptId> + '_ {
        self.resource_concepts.get(r as usize).iter().map(|&c| ConceptId(c))
    }

    /// Resources indexed directly with `concept`, with the indexing weight.
    pub fn direct(&self, concept: ConceptId) -> &[(u32, u8)] {
        self.direct.get(concept.index()).map_or(&[], Vec::as_slice)
    }

    /// Resources under `concept`: indexed with it or with any narrower concept.
    pub fn concept_set(&self, thesaurus: &Thesaurus, concept: ConceptId) -> FixedBitSet {
        let mut set = FixedBitSet::with_capacity(self.resources);
        if concept.index() >= thesaurus.concepts.len() {
            return set;
        }
        for c in thesaurus.with_narrower(concept) {
            for &(r, _) in self.direct(c) {
                set.insert(r as usize);
            }
        }
        set
    }

    fn cell_set(&self, cell: Cell) -> FixedBitSet {
        let mut set = FixedBitSet::with_capacity(self.resources);
        if let Ok(i) = self.cells.binary_search(&cell) {
            let i = i as u32;
            for r in 0..self.resources {
                if self.resource_cells.get(r).binary_search(&i).is_ok() {
                    set.insert(r);
                }
            }
        }
        set
    }

    fn all(&self) -> FixedBitSet {
        let mut set = FixedBitSet::with_capacity(self.resources);
        set.insert_range(..);
        set
    }

    fn column_set(&self, keep: impl Fn(usize) -> bool) -> FixedBitSet {
        let mut set = FixedBitSet::with_capacity(self.resources);
        for r in 0..self.resources {
            if keep(r) {
                set.insert(r);
            }
        }
        set
    }

    /// The sets each of the query's groups allows.
    fn groups(&self, thesaurus: &Thesaurus, query: &Query) -> Vec<(Group, FixedBitSet)> {
        let mut groups = Vec::new();
        let mut selections: Vec<(u16, ConceptId)> = query.selections.iter().map(|s| (s.dimension, s.concept)).collect();
        sort_by(&mut selections, |a, b| a.0.cmp(&b.0));
        for by_dimension in selections.chunk_by(|a, b| a.0 == b.0) {
            let dimension = by_dimension[0].0;
            let mut set: Option<FixedBitSet> = None;
            for &(_, c) in by_dimension {
                let s = self.concept_set(thesaurus, c);
                set = Some(match (set, query.combine) {
                    (None, _) => s,
                    (Some(mut acc), Combine::Or) => {
                        acc.union_with(&s);
                        acc
                    }
                    (Some(mut acc), Combine::And) => {
                        acc.intersect_with(&s);
                        acc
                    }
                });
            }
            if let Some(set) = set {
                groups.push((Group::Dimension(dimension), set));
            }
        }
        if !query.cells.is_empty() {
            let mut set = FixedBitSet::with_capacity(self.resources);
            for &cell in &query.cells {
                set.union_with(&self.cell_set(cell));
            }
            groups.push((Group::Cells, set));
        }
        if !query.sites.is_empty() {
            groups.push((Group::Sites, self.column_set(|r| query.sites.contains(&self.sites[r]))));
        }
        if !query.types.is_empty() {
            groups.push((Group::Types, self.column_set(|r| self.types[r] > 0 && query.types.contains(&(self.types[r] - 1)))));
        }
        if !query.langs.is_empty() {
            groups.push((Group::Langs, self.column_set(|r| query.langs.contains(&self.langs[r]))));
        }
        if let Some((from, to)) = query.years {
            groups.push((Group::Years, self.column_set(|r| self.years[r] != 0 && (from..=to).contains(&self.years[r]))));
        }
        if !query.places.is_empty() {
            // A place chosen by its country alone (empty name) takes every place of the country.
            let chosen: Vec<bool> = self.place_names.iter().map(|p| query.places.iter().any(|q| q.country == p.country && (q.name.is_empty() || q.name == p.name))).collect();
            groups.push((Group::Places, self.column_set(|r| self.places[r] > 0 && chosen[self.places[r] as usize - 1])));
        }
        groups
    }

    /// Resources within the query's scope (a partner's own sites, a local map): outside it,
    /// nothing is shown or counted.
    pub fn scope(&self, thesaurus: &Thesaurus, query: &Query) -> FixedBitSet {
        let mut set = if query.scope_sites.is_empty() {
            self.all()
        } else {
            self.column_set(|r| query.scope_sites.contains(&self.sites[r]))
        };
        if !query.scope_concepts.is_empty() {
            let mut within = FixedBitSet::with_capacity(self.resources);
            for &c in &query.scope_concepts {
                within.union_with(&self.concept_set(thesaurus, c));
            }
            set.intersect_with(&within);
        }
        if let Some(c) = query.focus {
            set.intersect_with(&self.concept_set(thesaurus, c));
        }
        set
    }

    /// Per concept, how many resources are under it (indexed with it or a narrower concept), in
    /// the whole commons: one pass over every resource's concepts.
    pub fn concept_totals(&self, concepts: usize) -> Vec<u32> {
        let mut totals = vec![0u32; concepts];
        for &c in &self.resource_concepts.items {
            if let Some(t) = totals.get_mut(c as usize) {
                *t += 1;
            }
        }
        totals
    }

    /// The other-language records of resource `r` (same translation group), in resource order.
    pub fn translations_of(&self, r: u32) -> Vec<u32> {
        let group = self.translations.get(r as usize).copied().unwrap_or(0);
        if group == 0 {
            return Vec::new();
        }
        (0..self.resources as u32).filter(|&o| o != r && self.translations[o as usize] == group).collect()
    }

    /// Resources indexed like `r`: those sharing most of `descriptors` (r's own), as
    /// (resource, shared descriptors), most shared first, then in resource order. Leaves out `r`
    /// and its translations, which share everything by construction.
    pub fn indexed_like(&self, r: u32, descriptors: &[ConceptId], limit: usize) -> Vec<(u32, u32)> {
        let mut shared = vec![0u32; self.resources];
        for &c in descriptors {
            for &(o, _) in self.direct(c) {
                if let Some(n) = shared.get_mut(o as usize) {
                    *n += 1;
                }
            }
        }
        shared[r as usize % self.resources.max(1)] = 0;
        for o in self.translations_of(r) {
            shared[o as usize] = 0;
        }
        let mut found: Vec<(u32, u32)> = shared.iter().enumerate().filter(|(_, &n)| n > 0).map(|(o, &n)| (o as u32, n)).collect();
        sort_by(&mut found, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        found.truncate(limit);
        found
    }

    /// Applies the query's selections and filters to `base` (the text matches within scope), and
    /// counts every facet. Returns the final result set and the counts.
    pub fn filter_and_count(&self, thesaurus: &Thesaurus, query: &Query, base: &FixedBitSet, dimensions: usize, n_types: usize, n_langs: usize, n_sites: usize) -> (FixedBitSet, Counts) {
        let groups = self.groups(thesaurus, query);
        let mut result = base.clone();
        for (_, set) in &groups {
            result.intersect_with(set);
        }
        // The set a group's facet is counted on: everything but that group's own condition.
        let without = |group: Group| -> Option<FixedBitSet> {
            if !groups.iter().any(|(g, _)| *g == group) {
                return None;
            }
            let mut set = base.clone();
            for (g, s) in &groups {
                if *g != group {
                    set.intersect_with(s);
                }
            }
            Some(set)
        };

        let mut counts = Counts::default();
        let concepts = thesaurus.concepts.len();
        let full = self.count_concepts(&result, concepts);
        for d in 0..dimensions {
            let own = if query.combine == Combine::Or { without(Group::Dimension(d as u16)) } else { None };
            counts.concepts.push(match own {
                Some(set) => self.count_concepts(&set, concepts),
                None => full.clone(),
            });
        }
        let cells_base = without(Group::Cells);
        let mut cell_counts = vec![0u32; self.cells.len()];
        for r in cells_base.as_ref().unwrap_or(&result).ones() {
            for &c in self.resource_cells.get(r) {
                cell_counts[c as usize] += 1;
            }
        }
        counts.cells = self.cells.iter().copied().zip(cell_counts).collect();

        let column = |group: Group, len: usize, value: &dyn Fn(usize) -> usize| -> Vec<u32> {
            let mut out = vec![0u32; len];
            let set = without(group);
            for r in set.as_ref().unwrap_or(&result).ones() {
                if let Some(slot) = out.get_mut(value(r)) {
                    *slot += 1;
                }
            }
            out
        };
        counts.sites = column(Group::Sites, n_sites, &|r| self.sites[r] as usize);
        counts.types = column(Group::Types, n_types + 1, &|r| self.types[r] as usize);
        counts.langs = column(Group::Langs, n_langs, &|r| self.langs[r] as usize);
        let years_base = without(Group::Years);
        let mut per_year = vec![0u32; self.year_values.len()];
        for r in years_base.as_ref().unwrap_or(&result).ones() {
            per_year[self.year_slots[r] as usize] += 1;
        }
        counts.years = self.year_values.iter().copied().zip(per_year).filter(|&(_, n)| n > 0).collect();
        let per_place = column(Group::Places, self.place_names.len() + 1, &|r| self.places[r] as usize);
        counts.places = self.place_names.iter().cloned().zip(per_place.into_iter().skip(1)).filter(|&(_, n)| n > 0).collect();
        (result, counts)
    }

    fn count_concepts(&self, set: &FixedBitSet, concepts: usize) -> Vec<u32> {
        let mut out = vec![0u32; concepts];
        for r in set.ones() {
            for &c in self.resource_concepts.get(r) {
                out[c as usize] += 1;
            }
        }
        out
    }
}

/// Removes consecutive duplicates of a sorted slice in place; returns the new length.
fn dedup_in_place(items: &mut [u32]) -> usize {
    if items.is_empty() {
        return 0;
    }
    let mut kept = 1;
    for i in 1..items.len() {
        if items[i] != items[kept - 1] {
            items[kept] = items[i];
            kept += 1;
        }
    }
    kept
}
