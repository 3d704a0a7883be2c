//! What a visitor asks: text, atlas selections, filters, sort and page.

use crate::format::facets::Place;
use crate::model::{Cell, ConceptId, Lang};

/// How descriptors selected within one dimension combine.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Combine {
    /// A resource indexed with any of them (the default: choosing more widens).
    #[default]
    Or,
    /// A resource indexed with all of them (the seed navigator's "and").
    And,
}

/// How results are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Sort {
    /// Best match first; with no text, newest first.
    #[default]
    Relevance,
    /// Newest first.
    Date,
    /// Oldest first (undated ones still last).
    Oldest,
}

/// A concept the visitor selected, with the dimension it was selected in (a descriptor of a
/// matrix cell belongs to two dimensions; the list it was picked from decides which group it
/// joins). Selecting a family or a broader descriptor includes its narrower descriptors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Selection {
    pub concept: ConceptId,
    pub dimension: u16,
}

/// One search.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    /// What the visitor typed. When it does not end with a space, its last word is taken as
    /// still being typed and matches as a prefix.
    pub text: String,
    /// The visitor's languages, preferred first: stemming and label choice follow them.
    pub languages: Vec<Lang>,
    pub selections: Vec<Selection>,
    /// Combining within each dimension; AND across dimensions always.
    pub combine: Combine,
    /// Matrix cells: any of them.
    pub cells: Vec<Cell>,
    /// Site numbers: any of them.
    pub sites: Vec<u16>,
    /// Type numbers (index into the manifest's types): any of them.
    pub types: Vec<u16>,
    /// Language numbers (index into the manifest's languages): any of them.
    pub langs: Vec<u8>,
    /// Inclusive year range; resources with no year are outside any range.
    pub years: Option<(u16, u16)>,
    /// Places (a country alone when the name is empty): any of them.
    pub places: Vec<Place>,
    /// Limits everything, counts included, to these sites (a partner showing only its own).
    pub scope_sites: Vec<u16>,
    /// Limits everything to resources indexed under these concepts (a local map, a sub-atlas).
    pub scope_concepts: Vec<ConceptId>,
    /// Limits everything to resources under this concept, besides: the documents of the
    /// descriptor the visitor opened, with every other condition still applying.
    pub focus: Option<ConceptId>,
    pub sort: Sort,
    /// 0-based.
    pub page: u32,
    pub page_size: u32,
}

impl Default for Query {
    fn default() -> Query {
        Query {
            text: String::new(),
            languages: Vec::new(),
            selections: Vec::new(),
            combine: Combine::Or,
            cells: Vec::new(),
            sites: Vec::new(),
            types: Vec::new(),
            langs: Vec::new(),
            years: None,
            places: Vec::new(),
            scope_sites: Vec::new(),
            scope_concepts: Vec::new(),
            focus: None,
            sort: Sort::Relevance,
            page: 0,
            page_size: 20,
        }
    }
}

impl Query {
    pub fn text(text: impl Into<String>) -> Query {
        Query { text: text.into(), ..Query::default() }
    }
}
