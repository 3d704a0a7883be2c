//! The atlas: dimensions of families, descriptors beneath them, and the matrix of two dimensions.
//!
//! The relational atlas is a matrix, not a tree. A *dimension* (components of the territory,
//! angles of approach to governance, …) is made of *families* (component 3, angle B, …). Every
//! other concept is a *descriptor* reached from one or more families through `broader` links,
//! often from one family of each dimension, which puts it in a *cell* of the matrix. Nothing here
//! knows CITEGO's lists: dimensions and families are data read from the thesaurus.

use super::{Labels, Lang};
use serde::{Deserialize, Serialize};
use crate::sort::sort_by;

/// Dense number of a concept: its index in [`Thesaurus::concepts`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ConceptId(pub u32);

impl ConceptId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What a concept is in the atlas.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Role {
    /// A family of the given dimension (an index into [`Thesaurus::dimensions`]).
    Family { dimension: u16 },
    /// A descriptor; level 1 is the most general, counted from the nearest family.
    Descriptor { level: u8 },
}

/// A SKOS concept as the atlas uses it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Concept {
    pub iri: String,
    pub notation: Option<String>,
    pub role: Role,
    /// `skos:prefLabel`, at most one per language.
    pub labels: Labels,
    /// `skos:altLabel`s, several per language allowed.
    pub alt_labels: Vec<(Lang, String)>,
    /// `skos:hiddenLabel`s: searched, never shown.
    pub hidden_labels: Vec<(Lang, String)>,
    /// Every documentation note (`skos:scopeNote`, `definition`, `note`, `example`,
    /// `historyNote`), in every language, in the order the thesaurus states them: a thesaurus may
    /// give several scope notes in one language, and each one is the manager's text.
    pub notes: Vec<Note>,
    /// Direct broader concepts; several in a polyhierarchy. Sorted.
    pub broader: Vec<ConceptId>,
    /// Direct narrower concepts, the inverse of `broader`. Sorted.
    pub narrower: Vec<ConceptId>,
    /// `skos:related`, symmetric. Sorted.
    pub related: Vec<ConceptId>,
    /// Every family above this concept (itself for a family). Sorted.
    pub families: Vec<ConceptId>,
    /// The matrix cells the concept sits in (see [`Thesaurus::matrix`]). Sorted.
    pub cells: Vec<Cell>,
}

impl Concept {
    pub fn is_family(&self) -> bool {
        matches!(self.role, Role::Family { .. })
    }

    /// The notes a visitor reading `langs` sees: those in the first of `langs` that has any
    /// (primary language matching, so `pt` finds `pt-br`), else those in the language of the first
    /// note, so that a note is never hidden only because it is not translated. File order.
    pub fn notes_for<'a>(&'a self, langs: &[Lang]) -> Vec<&'a Note> {
        notes_for(&self.notes, langs)
    }

    /// The label to show to a visitor whose languages are `langs`, best first; falls back to the
    /// notation, then the IRI, so that a concept is never shown blank.
    pub fn label<'a>(&'a self, langs: &[Lang]) -> &'a str {
        self.labels
            .best(langs)
            .or(self.notation.as_deref())
            .unwrap_or(&self.iri)
    }
}

/// The notes (of one concept) a visitor reading `langs` sees: see [`Concept::notes_for`]; for the
/// widget, whose manifest carries no notes (they come in notes chunks).
pub fn notes_for<'a>(notes: &'a [Note], langs: &[Lang]) -> Vec<&'a Note> {
    let pick = |want: &dyn Fn(&Lang) -> bool| -> Vec<&'a Note> { notes.iter().filter(|n| want(&n.lang)).collect() };
    for want in langs {
        let exact = pick(&|l| l == want);
        if !exact.is_empty() {
            return exact;
        }
        let primary = pick(&|l| l.primary() == want.primary());
        if !primary.is_empty() {
            return primary;
        }
    }
    match notes.first() {
        Some(first) => pick(&|l| l == &first.lang),
        None => Vec::new(),
    }
}

/// Which SKOS documentation property a note comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoteKind {
    Scope,
    Definition,
    Note,
    Example,
    History,
}

impl NoteKind {
    pub const ALL: [NoteKind; 5] =
        [NoteKind::Scope, NoteKind::Definition, NoteKind::Note, NoteKind::Example, NoteKind::History];

    /// The SKOS property's local name (`scopeNote`, `definition`, …).
    pub fn skos_name(self) -> &'static str {
        match self {
            NoteKind::Scope => "scopeNote",
            NoteKind::Definition => "definition",
            NoteKind::Note => "note",
            NoteKind::Example => "example",
            NoteKind::History => "historyNote",
        }
    }

    pub fn from_skos_name(name: &str) -> Option<NoteKind> {
        NoteKind::ALL.into_iter().find(|k| k.skos_name() == name)
    }
}

/// One documentation note of a concept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub kind: NoteKind,
    pub lang: Lang,
    pub text: String,
}

/// A family of a dimension, with how the atlas draws it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Family {
    pub concept: ConceptId,
    /// A CSS colour, for the components of the territory.
    pub colour: Option<String>,
    /// A short text or emoji, for the angles of approach.
    pub icon: Option<String>,
}

/// One way of dividing the atlas, such as "components of the territory".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dimension {
    /// Short name from `commons.toml`, stable across releases.
    pub id: String,
    /// The collection or concept the families come from.
    pub iri: String,
    pub labels: Labels,
    pub families: Vec<Family>,
}

/// The two dimensions drawn as the atlas matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matrix {
    pub rows: u16,
    pub columns: u16,
}

/// A cell of the matrix: one family of the row dimension and one of the column dimension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Cell {
    pub row: ConceptId,
    pub column: ConceptId,
}

/// The whole atlas.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thesaurus {
    pub scheme_labels: Labels,
    pub concepts: Vec<Concept>,
    pub dimensions: Vec<Dimension>,
    pub matrix: Option<Matrix>,
    /// The concepts in the order of their IRIs, one per IRI (the last of equals): found by
    /// binary search. Sorted lists rather than hash maps: the widget carries no hash map code for
    /// them, and they copy no string.
    #[serde(skip)]
    by_iri: Vec<ConceptId>,
    /// The concepts with a notation, in the order of their notations, one per notation (see
    /// [`Thesaurus::reindex`]).
    #[serde(skip)]
    by_notation: Vec<ConceptId>,
}

impl Thesaurus {
    /// Assembles a thesaurus and its lookup tables. The caller (the builder) guarantees that every
    /// [`ConceptId`] inside `concepts` and `dimensions` is in range.
    pub fn new(
        scheme_labels: Labels,
        concepts: Vec<Concept>,
        dimensions: Vec<Dimension>,
        matrix: Option<Matrix>,
    ) -> Thesaurus {
        let mut thesaurus = Thesaurus {
            scheme_labels,
            concepts,
            dimensions,
            matrix,
            by_iri: Vec::new(),
            by_notation: Vec::new(),
        };
        thesaurus.reindex();
        thesaurus
    }

    /// Rebuilds the lookup tables, e.g. after deserialising.
    pub fn reindex(&mut self) {
        let concepts = &self.concepts;
        let iri = |c: &ConceptId| concepts[c.index()].iri.as_str();
        let mut by_iri: Vec<ConceptId> = self.ids().collect();
        // Stable: of equal IRIs, the last concept is kept (as a map filled in order would).
        sort_by(&mut by_iri, |a, b| iri(a).cmp(iri(b)));
        keep_last(&mut by_iri, |a, b| iri(a) == iri(b));
        // A notation that a family collection shares with a descriptor (microthesaurus `1006`
        // and concept `1006`) names the descriptor: feeds index with descriptors. Of equals, the
        // descriptors come after the families, and the last is kept.
        let notation = |c: &ConceptId| concepts[c.index()].notation.as_deref().unwrap_or_default();
        let mut by_notation: Vec<ConceptId> = self.ids().filter(|c| concepts[c.index()].notation.is_some()).collect();
        sort_by(&mut by_notation, |a, b| notation(a).cmp(notation(b)).then(concepts[a.index()].is_family().cmp(&concepts[b.index()].is_family()).reverse()));
        keep_last(&mut by_notation, |a, b| notation(a) == notation(b));
        (self.by_iri, self.by_notation) = (by_iri, by_notation);
    }

    pub fn concept(&self, id: ConceptId) -> &Concept {
        &self.concepts[id.index()]
    }

    /// Adds one language's preferred and alternative labels, by concept number (those of the
    /// languages the index keeps out of its manifest, for a page in that language; numbers
    /// beyond the thesaurus are ignored).
    pub fn add_labels(&mut self, lang: &Lang, preferred: &[(u32, String)], alternative: &[(u32, String)]) {
        for (c, text) in preferred {
            if let Some(concept) = self.concepts.get_mut(*c as usize) {
                concept.labels.insert(lang.clone(), text.clone());
            }
        }
        for (c, text) in alternative {
            if let Some(concept) = self.concepts.get_mut(*c as usize) {
                concept.alt_labels.push((lang.clone(), text.clone()));
            }
        }
    }

    pub fn by_iri(&self, iri: &str) -> Option<ConceptId> {
        let i = self.by_iri.binary_search_by(|c| self.concept(*c).iri.as_str().cmp(iri)).ok()?;
        Some(self.by_iri[i])
    }

    pub fn by_notation(&self, notation: &str) -> Option<ConceptId> {
        let i = self.by_notation.binary_search_by(|c| self.concept(*c).notation.as_deref().unwrap_or_default().cmp(notation)).ok()?;
        Some(self.by_notation[i])
    }

    pub fn ids(&self) -> impl Iterator<Item = ConceptId> {
        (0..self.concepts.len() as u32).map(ConceptId)
    }

    pub fn descriptors(&self) -> impl Iterator<Item = ConceptId> + '_ {
        self.ids().filter(|&id| !self.concept(id).is_family())
    }

    /// The concept and every concept below it, each once, in breadth-first order.
    pub fn with_narrower(&self, id: ConceptId) -> Vec<ConceptId> {
        let mut seen = vec![false; self.concepts.len()];
        let mut out = vec![id];
        seen[id.index()] = true;
        let mut i = 0;
        while i < out.len() {
            for &n in &self.concept(out[i]).narrower {
                if !seen[n.index()] {
                    seen[n.index()] = true;
                    out.push(n);
                }
            }
            i += 1;
        }
        out
    }

    /// Every concept of the part of the atlas that `listed` defines (a local map, a sub-atlas):
    /// each listed concept and every concept below it through `narrower`, transitively (for a
    /// family, all its descriptors). Sorted, each once. Every id must be in range.
    pub fn sub_atlas(&self, listed: &[ConceptId]) -> Vec<ConceptId> {
        let mut inside = vec![false; self.concepts.len()];
        let mut stack: Vec<ConceptId> = Vec::new();
        for &id in listed {
            if !std::mem::replace(&mut inside[id.index()], true) {
                stack.push(id);
            }
        }
        // Depth first: a concept already inside has had (or will have) its narrower visited, so
        // polyhierarchy and shared branches are walked once.
        while let Some(id) = stack.pop() {
            for &n in &self.concept(id).narrower {
                if !std::mem::replace(&mut inside[n.index()], true) {
                    stack.push(n);
                }
            }
        }
        self.ids().filter(|id| inside[id.index()]).collect()
    }
}

/// Keeps, of each run of items `same` calls equal, the last one.
fn keep_last(items: &mut Vec<ConceptId>, same: impl Fn(&ConceptId, &ConceptId) -> bool) {
    items.reverse();
    items.dedup_by(|later, earlier| same(later, earlier));
    items.reverse();
}

/// A concept for tests: notation `key`, IRI `https://t.org/{key}`, no label, no link but its
/// broader concepts (callers fill in the rest they need).
#[cfg(test)]
pub(crate) fn test_concept(key: &str, role: Role, broader: &[u32]) -> Concept {
    Concept {
        iri: format!("https://t.org/{key}"),
        notation: Some(key.to_string()),
        role,
        labels: Labels::new(),
        alt_labels: Vec::new(),
        hidden_labels: Vec::new(),
        notes: Vec::new(),
        broader: broader.iter().map(|&b| ConceptId(b)).collect(),
        narrower: Vec::new(),
        related: Vec::new(),
        families: Vec::new(),
        cells: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::test_concept as concept;
    use super::*;

    /// Families 1, 2 (dimension 0) and A (dimension 1); 1A.1 under 1 and A, 1A.11 under 1A.1,
    /// 2A.1 under 2 and A, 2A.11 under 2A.1 and 1A.1 (polyhierarchy), 2.1 under 2 alone.
    fn small() -> Thesaurus {
        let fam = |d| Role::Family { dimension: d };
        let d = |level| Role::Descriptor { level };
        let mut concepts = vec![
            concept("1", fam(0), &[]),
            concept("2", fam(0), &[]),
            concept("A", fam(1), &[]),
            concept("1A.1", d(1), &[0, 2]),
            concept("1A.11", d(2), &[3]),
            concept("2A.1", d(1), &[1, 2]),
            concept("2A.11", d(2), &[3, 5]),
            concept("2.1", d(1), &[1]),
        ];
        for i in 0..concepts.len() {
            for b in concepts[i].broader.clone() {
                concepts[b.index()].narrower.push(ConceptId(i as u32));
            }
        }
        Thesaurus::new(Labels::new(), concepts, Vec::new(), None)
    }

    fn notations(t: &Thesaurus, ids: &[ConceptId]) -> Vec<String> {
        ids.iter().map(|&id| t.concept(id).notation.clone().unwrap()).collect()
    }

    #[test]
    fn concepts_are_found_by_iri_and_notation_a_descriptor_before_a_family_of_the_same_notation() {
        let mut t = small();
        for (i, c) in t.concepts.iter().enumerate() {
            assert_eq!(t.by_iri(&c.iri), Some(ConceptId(i as u32)), "{}", c.iri);
            assert_eq!(t.by_notation(c.notation.as_deref().unwrap()), Some(ConceptId(i as u32)));
        }
        assert_eq!(t.by_iri("https://t.org/9"), None);
        assert_eq!(t.by_notation("1A"), None);
        // A family and, after it, two descriptors with its notation: the last descriptor.
        t.concepts[0].notation = Some("2.1".into());
        t.concepts[3].notation = Some("2.1".into());
        t.reindex();
        assert_eq!(t.by_notation("2.1"), Some(ConceptId(7)));
        // A descriptor and, after it, a family: still the descriptor.
        t.concepts[7].notation = None;
        t.concepts[3].notation = None;
        t.concepts[1].notation = Some("1A.11".into());
        t.reindex();
        assert_eq!(t.by_notation("1A.11"), Some(ConceptId(4)));
        assert_eq!(t.by_notation("2"), None);
    }

    #[test]
    fn a_sub_atlas_is_the_listed_concepts_and_everything_below_them_sorted_once() {
        let t = small();
        let n = |s: &str| t.by_notation(s).unwrap();
        // A family brings all its descriptors, through every level.
        assert_eq!(notations(&t, &t.sub_atlas(&[n("1")])), ["1", "1A.1", "1A.11", "2A.11"]);
        // A descriptor brings its branch; listing a concept twice or one already below another
        // changes nothing; the order of the list does not matter.
        assert_eq!(notations(&t, &t.sub_atlas(&[n("2A.1"), n("1A.1"), n("2A.1"), n("2A.11")])), ["1A.1", "1A.11", "2A.1", "2A.11"]);
        // A column family brings the descriptors of every row under it.
        assert_eq!(notations(&t, &t.sub_atlas(&[n("A"), n("2.1")])), ["A", "1A.1", "1A.11", "2A.1", "2A.11", "2.1"]);
        assert_eq!(t.sub_atlas(&[]), Vec::<ConceptId>::new());
        assert_eq!(notations(&t, &t.sub_atlas(&[n("2")])), ["2", "2A.1", "2A.11", "2.1"]);
    }
}
