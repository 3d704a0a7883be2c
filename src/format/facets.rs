//! Facet data: what the engine counts and filters with, for every resource.
//!
//! Counting "how many results per site, type, language, year, place, descriptor and matrix cell" for
//! every keystroke needs every resource's facet values in memory, so they are loaded once, as
//! compact columns (one value per resource) and, for descriptors, as postings (the sorted
//! resources each descriptor indexes, with the indexing weight). The engine turns these into
//! bitsets; see `crate::engine`.

use super::bytes::{Reader, Writer};
use super::{open, seal, BuildId, FormatError, Kind};
use crate::model::ConceptId;

/// The resources one concept indexes directly (not through narrower concepts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConceptPostings {
    pub concept: ConceptId,
    /// Sorted, distinct resource numbers.
    pub resources: Vec<u32>,
    /// One weight per resource (1 = default), capped at 255.
    pub weights: Vec<u8>,
}

/// A place as records name it: a country code and a place, either of them empty when the
/// record does not say. As a filter, an empty `name` means the whole country.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Place {
    pub country: String,
    pub name: String,
}

/// Every resource's facet values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facets {
    /// Site index into the manifest's sites.
    pub sites: Vec<u16>,
    /// Type index into the manifest's types, plus one; 0 when the resource has no type.
    pub types: Vec<u16>,
    /// Language index into the manifest's languages.
    pub langs: Vec<u8>,
    /// Publication year; 0 when unknown.
    pub years: Vec<u16>,
    /// Length of the resource's searchable text, quantised (see `index-builder`), for BM25.
    pub lengths: Vec<u8>,
    /// Translation group plus one; 0 when the resource has no known translation.
    pub translations: Vec<u32>,
    /// Sorted by concept.
    pub concepts: Vec<ConceptPostings>,
    /// The distinct places of the records, sorted (so a country's places are together).
    pub place_names: Vec<Place>,
    /// Place number into `place_names` plus one; 0 when the record names no place nor country.
    pub places: Vec<u32>,
}

impl Facets {
    pub fn resources(&self) -> usize {
        self.sites.len()
    }

    pub fn encode(&self, build: BuildId) -> Vec<u8> {
        seal(Kind::Facets, build, &self.payload())
    }

    /// The uncompressed payload (what the build's identity is computed from).
    pub fn payload(&self) -> Vec<u8> {
        let mut w = Writer::new();
        let n = self.resources();
        w.len(n);
        for &v in &self.sites {
            w.varint(u64::from(v));
        }
        for &v in &self.types {
            w.varint(u64::from(v));
        }
        w.buf.extend_from_slice(&self.langs);
        for &v in &self.years {
            w.varint(u64::from(v));
        }
        w.buf.extend_from_slice(&self.lengths);
        for &v in &self.translations {
            w.varint(u64::from(v));
        }
        let concepts: Vec<u32> = self.concepts.iter().map(|c| c.concept.0).collect();
        w.sorted_u32s(&concepts);
        for c in &self.concepts {
            w.sorted_u32s(&c.resources);
            w.buf.extend_from_slice(&c.weights);
        }
        w.len(self.place_names.len());
        for p in &self.place_names {
            w.str(&p.country);
            w.str(&p.name);
        }
        for &v in &self.places {
            w.varint(u64::from(v));
        }
        w.buf
    }

    pub fn decode(file: &[u8]) -> Result<Facets, FormatError> {
        let payload = open(Kind::Facets, file)?;
        let mut r = Reader::new(&payload, "facets");
        // Each resource takes at least 6 bytes across the columns.
        let n = r.count(6)?;
        let column_u16 = |r: &mut Reader| -> Result<Vec<u16>, FormatError> { (0..n).map(|_| r.varint_u16()).collect() };
        let sites = column_u16(&mut r)?;
        let types = column_u16(&mut r)?;
        let langs = r.take(n)?.to_vec();
        let years = column_u16(&mut r)?;
        let lengths = r.take(n)?.to_vec();
        let translations = (0..n).map(|_| r.varint_u32()).collect::<Result<Vec<_>, _>>()?;
        let ids = r.sorted_u32s()?;
        let mut concepts = Vec::with_capacity(ids.len());
        let mut last: Option<u32> = None;
        for id in ids {
            if last == Some(id) {
                return Err(r.error("a concept is listed twice"));
            }
            last = Some(id);
            let resources = r.sorted_u32s()?;
            if resources.windows(2).any(|w| w[0] == w[1]) || resources.last().is_some_and(|&x| x as usize >= n) {
                return Err(r.error("a concept's postings are out of range or repeated"));
            }
            let weights = r.take(resources.len())?.to_vec();
            concepts.push(ConceptPostings { concept: ConceptId(id), resources, weights });
        }
        // Each place takes at least its two lengths.
        let place_names = (0..r.count(2)?).map(|_| Ok(Place { country: r.string()?, name: r.string()? })).collect::<Result<Vec<_>, FormatError>>()?;
        let places = (0..n).map(|_| r.varint_u32()).collect::<Result<Vec<_>, _>>()?;
        if places.iter().any(|&p| p as usize > place_names.len()) {
            return Err(r.error("a place number out of range"));
        }
        r.finish()?;
        Ok(Facets { sites, types, langs, years, lengths, translations, concepts, place_names, places })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facets_round_trip_and_reject_out_of_range_postings() {
        let facets = Facets {
            sites: vec![0, 1, 1],
            types: vec![1, 0, 2],
            langs: vec![0, 1, 0],
            years: vec![2021, 0, 1999],
            lengths: vec![10, 20, 30],
            translations: vec![0, 1, 1],
            concepts: vec![ConceptPostings { concept: ConceptId(7), resources: vec![0, 2], weights: vec![1, 3] }],
            place_names: vec![Place { country: "BR".into(), name: "Fortaleza".into() }, Place { country: "FR".into(), name: String::new() }],
            places: vec![2, 0, 1],
        };
        assert_eq!(Facets::decode(&facets.encode(BuildId(1))).unwrap(), facets);
        let mut bad = facets.clone();
        bad.concepts[0].resources = vec![0, 3];
        assert!(Facets::decode(&bad.encode(BuildId(1))).is_err());
        let mut bad = facets.clone();
        bad.places[1] = 3;
        assert!(Facets::decode(&bad.encode(BuildId(1))).is_err());
        let file = facets.encode(BuildId(1));
        for cut in 0..file.len() {
            assert!(Facets::decode(&file[..cut]).is_err());
        }
    }
}
