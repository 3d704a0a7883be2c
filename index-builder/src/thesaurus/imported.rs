//! What was imported from the thesaurus, counted so that a maintainer can hold it against the
//! thesaurus manager's own figures ("5,012 concepts, 29 languages, 3,104 related links").
//!
//! The counts are of what the builder *read and kept*, per language where it matters: a label
//! file that was not listed in `[thesaurus] path`, or a language tag the builder could not read,
//! shows as a language missing or short here, which is the point. `check --json` gives them as
//! its `thesaurus` object; `check` prints them as a short table.

use super::skos::{Graph, Node, Text};
use commons_atlas::model::{Lang, NoteKind, Role, Thesaurus};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write as _;

/// Counts by language code.
pub type ByLanguage = BTreeMap<String, usize>;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Imported {
    /// The files read, in order.
    pub files: Vec<String>,
    /// SKOS concepts read (in the configured scheme, when there is one).
    pub concepts: usize,
    /// SKOS collections read.
    pub collections: usize,
    /// Concepts and family collections that made it into the atlas.
    pub in_atlas: usize,
    pub pref_labels: ByLanguage,
    pub alt_labels: ByLanguage,
    pub hidden_labels: ByLanguage,
    /// Every documentation note (scope notes, definitions, notes, examples, history notes).
    pub notes: ByLanguage,
    /// Distinct broader links between concepts, whichever direction the file states them.
    pub broader: usize,
    /// Distinct related links, each counted once however many times and ways it is stated.
    pub related: usize,
    /// (descriptor, cell) pairs of the matrix.
    pub cell_memberships: usize,
    /// The deepest descriptor's level below its family.
    pub max_depth: u8,
}

impl Imported {
    /// Counts `concepts` (the graph's concepts the atlas was built from) and the atlas itself.
    pub fn count(graph: &Graph, concepts: &[&Node], default: &Lang, atlas: &Thesaurus) -> Imported {
        let mut imported = Imported {
            files: graph.files.clone(),
            concepts: concepts.len(),
            collections: graph.nodes.iter().filter(|n| n.is_collection()).count(),
            in_atlas: atlas.concepts.len(),
            ..Imported::default()
        };
        let known: HashSet<&str> = concepts.iter().map(|n| n.iri.as_str()).collect();
        let mut broader: BTreeSet<(&str, &str)> = BTreeSet::new();
        let mut related: BTreeSet<(&str, &str)> = BTreeSet::new();
        for node in concepts {
            count_texts(&mut imported.pref_labels, node.pref_labels.iter(), default);
            count_texts(&mut imported.alt_labels, node.alt_labels.iter(), default);
            count_texts(&mut imported.hidden_labels, node.hidden_labels.iter(), default);
            for kind in NoteKind::ALL {
                count_texts(&mut imported.notes, node.notes.iter().filter(|(k, _)| *k == kind).map(|(_, t)| t), default);
            }
            let me = node.iri.as_str();
            for b in node.broader.iter().filter(|b| known.contains(b.as_str()) && *b != me) {
                broader.insert((me, b));
            }
            for n in node.narrower.iter().filter(|n| known.contains(n.as_str()) && *n != me) {
                broader.insert((n, me));
            }
            for r in node.related.iter().filter(|r| known.contains(r.as_str()) && *r != me) {
                related.insert(if me < r.as_str() { (me, r) } else { (r, me) });
            }
        }
        imported.broader = broader.len();
        imported.related = related.len();
        imported.cell_memberships = atlas.concepts.iter().map(|c| c.cells.len()).sum();
        imported.max_depth = atlas
            .concepts
            .iter()
            .filter_map(|c| match c.role {
                Role::Descriptor { level } => Some(level),
                Role::Family { .. } => None,
            })
            .max()
            .unwrap_or(0);
        imported
    }

    /// The counts as a few lines for `check`'s text output.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "thesaurus: {} file(s); {} concepts ({} in the atlas), {} collections, {} broader, {} related, {} cell memberships, depth {}",
            self.files.len(),
            self.concepts,
            self.in_atlas,
            self.collections,
            self.broader,
            self.related,
            self.cell_memberships,
            self.max_depth
        );
        let mut languages: BTreeSet<&str> = BTreeSet::new();
        for counts in [&self.pref_labels, &self.alt_labels, &self.hidden_labels, &self.notes] {
            languages.extend(counts.keys().map(String::as_str));
        }
        if languages.is_empty() {
            return out;
        }
        let _ = writeln!(out, "  {:<8} {:>8} {:>8} {:>8} {:>8}", "language", "pref", "alt", "hidden", "notes");
        for lang in languages {
            let n = |counts: &ByLanguage| counts.get(lang).copied().unwrap_or(0);
            let _ = writeln!(
                out,
                "  {lang:<8} {:>8} {:>8} {:>8} {:>8}",
                n(&self.pref_labels),
                n(&self.alt_labels),
                n(&self.hidden_labels),
                n(&self.notes)
            );
        }
        out
    }
}

/// Counts distinct (language, text) pairs: a label stated in two files is one label. An untagged
/// text counts for the commons' default language, as the atlas reads it.
fn count_texts<'a>(counts: &mut ByLanguage, texts: impl Iterator<Item = &'a Text>, default: &Lang) {
    let mut seen: HashSet<(String, &str)> = HashSet::new();
    for t in texts {
        let lang = if t.lang.is_empty() { Some(default.clone()) } else { Lang::parse(&t.lang).ok() };
        let Some(lang) = lang else { continue };
        if seen.insert((lang.as_str().to_string(), t.value.trim())) {
            *counts.entry(lang.as_str().to_string()).or_default() += 1;
        }
    }
}
