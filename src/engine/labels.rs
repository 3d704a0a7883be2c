//! Descriptor labels as a search index: the atlas speaks every language.
//!
//! A visitor on a French page who types "housing" should be offered "habitat et logement" and
//! find the resources indexed with it; one who types a word in any of a thesaurus' thirty
//! languages should find its descriptor too. The labels come in [`LabelSet`]s: one from the
//! manifest (the labels the first screen shows, analysed once when it is first needed), and one
//! per label chunk the engine has loaded (every other label, analysed by the builder, loaded for
//! the query words whose range it covers: `format::labels`). Each set is a small inverted index:
//! its label words sorted (for exact and prefix lookups), and its stems in each language, stemmed
//! in the label's language. Query words are matched against every set by text, stem, prefix and,
//! only when asked, typo, like terms.

use super::words::{MatchKind, QueryWord};
use crate::format::labels::{KeyKind, LabelChunk};
use crate::model::{ConceptId, Lang, Thesaurus};
use crate::text::{Analyzer, Language};
use std::collections::HashMap;

use crate::sort::{sort, sort_by};

/// Label numbers of chunk labels have this bit set, so that they never meet the manifest's
/// (numbered by position) in a query's intersection of labels.
const CHUNK_LABEL: u32 = 1 << 31;

struct Label {
    concept: ConceptId,
    lang: Lang,
    text: String,
    preferred: bool,
    family: bool,
    words: usize,
}

/// A descriptor offered for what the visitor typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub concept: ConceptId,
    /// The label that matched, in its language (may differ from the visitor's).
    pub matched_label: String,
    pub matched_lang: Lang,
    pub score: f32,
}

/// Sorted (key, labels) pairs: the labels are indexes into the set's `labels`.
type Postings = Vec<(String, Vec<u32>)>;

fn lookup<'a>(list: &'a Postings, key: &str) -> Option<&'a [u32]> {
    list.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok().map(|i| list[i].1.as_slice())
}

/// Labels with their words and stems: the manifest's, or one label chunk's.
pub struct LabelSet {
    /// Each label's number, unique across sets (a label in two chunks has one number).
    ids: Vec<u32>,
    labels: Vec<Label>,
    words: Postings,
    /// Per language (`Language::index`): stem → labels in that language with a word of that stem.
    stems: [Postings; 4],
}

impl LabelSet {
    /// Every label the manifest's thesaurus holds, analysed.
    pub fn of_thesaurus(thesaurus: &Thesaurus, analyzer: &Analyzer) -> LabelSet {
        let mut labels = Vec::new();
        let mut by_word: HashMap<String, Vec<u32>> = HashMap::new();
        // Each language's distinct words and the labels they are in: stemmed once each, not once
        // per label (the labels share most of their words, and stemming is most of this cost).
        let mut words_in: [HashMap<String, Vec<u32>>; 4] = Default::default();
        for id in thesaurus.ids() {
            let c = thesaurus.concept(id);
            let family = c.is_family();
            let all = c
                .labels
                .iter()
                .map(|(l, t)| (l, t, true))
                .chain(c.alt_labels.iter().chain(&c.hidden_labels).map(|(l, t)| (l, t.as_str(), false)));
            for (lang, text, preferred) in all {
                let language = Language::from_code(lang.as_str());
                let tokens = analyzer.tokens(text);
                let index = labels.len() as u32;
                for t in &tokens {
                    let note = |list: &mut Vec<u32>| {
                        if list.last() != Some(&index) {
                            list.push(index);
                        }
                    };
                    note(by_word.entry(t.text.clone()).or_default());
                    if let Some(l) = language {
                        note(words_in[l.index()].entry(t.text.clone()).or_default());
                    }
                }
                labels.push(Label { concept: id, lang: lang.clone(), text: text.to_string(), preferred, family, words: tokens.len() });
            }
        }
        let words = sorted(by_word);
        let stems = Language::ALL.map(|l| {
            let mut by_stem: HashMap<String, Vec<u32>> = HashMap::new();
            for (word, list) in std::mem::take(&mut words_in[l.index()]) {
                by_stem.entry(analyzer.stem(l, &word)).or_default().extend(list);
            }
            sorted(by_stem)
        });
        LabelSet { ids: (0..labels.len() as u32).collect(), labels, words, stems }
    }

    /// A label chunk's labels, as the builder analysed them. Concepts beyond the thesaurus were
    /// refused when the chunk was added.
    pub fn of_chunk(chunk: LabelChunk, thesaurus: &Thesaurus) -> LabelSet {
        let mut words = Vec::new();
        let mut stems: [Postings; 4] = Default::default();
        for key in chunk.keys {
            match key.kind {
                KeyKind::Word => words.push((key.key, key.labels)),
                KeyKind::Stem(l) => {
                    if let Some(list) = stems.get_mut(usize::from(l)) {
                        list.push((key.key, key.labels));
                    }
                }
            }
        }
        let ids = chunk.labels.iter().map(|l| CHUNK_LABEL | l.id).collect();
        let labels = chunk
            .labels
            .into_iter()
            .map(|l| {
                let concept = ConceptId(l.concept);
                let family = thesaurus.concepts.get(concept.index()).is_some_and(|c| c.is_family());
                Label { concept, lang: l.lang, text: l.text, preferred: l.preferred, family, words: usize::from(l.words) }
            })
            .collect();
        LabelSet { ids, labels, words, stems }
    }

    /// Labels having a word that matches `word`, each with the kind of match, into `out` (a
    /// label may come several times; [`labels_matching`] keeps its best match).
    fn matching<'a>(&'a self, word: &QueryWord, typo: bool, out: &mut Vec<Match<'a>>) {
        let mut note = |label: u32, kind: MatchKind| out.push(Match { id: self.ids[label as usize], kind, label: &self.labels[label as usize] });
        for &l in lookup(&self.words, &word.text).unwrap_or_default() {
            note(l, MatchKind::Exact);
        }
        for lang in Language::ALL {
            for &l in lookup(&self.stems[lang.index()], &word.stems[lang.index()]).unwrap_or_default() {
                note(l, MatchKind::Stem);
            }
        }
        if word.prefix && word.text.chars().count() >= 2 {
            let start = self.words.partition_point(|(w, _)| w.as_str() < word.text.as_str());
            for (_, labels) in self.words[start..].iter().take_while(|(w, _)| w.starts_with(&word.text)) {
                for &l in labels {
                    note(l, MatchKind::Prefix);
                }
            }
        }
        if typo && word.text.chars().count() >= super::words::TYPO_MIN_CHARS {
            for (w, labels) in &self.words {
                if crate::text::within_one_edit(w, &word.text) {
                    for &l in labels {
                        note(l, MatchKind::Typo);
                    }
                }
            }
        }
    }
}

/// A label a query word matched.
#[derive(Clone, Copy)]
struct Match<'a> {
    id: u32,
    kind: MatchKind,
    label: &'a Label,
}

fn sorted(map: HashMap<String, Vec<u32>>) -> Postings {
    let mut list: Postings = map
        .into_iter()
        .map(|(k, mut v)| {
            sort(&mut v);
            v.dedup();
            (k, v)
        })
        .collect();
    sort_by(&mut list, |a, b| a.0.cmp(&b.0));
    list
}

fn labels_matching<'a>(sets: &[&'a LabelSet], word: &QueryWord, typo: bool) -> Vec<Match<'a>> {
    let mut out = Vec::new();
    for set in sets {
        set.matching(word, typo, &mut out);
    }
    // By label, its best match first, then once each: sorted vectors, not a map (one less hash
    // table type in the widget's wasm).
    sort_by(&mut out, |a, b| a.id.cmp(&b.id).then(a.kind.cmp(&b.kind)));
    out.dedup_by_key(|m| m.id);
    out
}

/// Descriptors (not families: a family's label is too broad to stand for a word) one of whose
/// labels, in `sets`, has a word matching `word`, with the best kind of match. Typos only when
/// `typo`.
pub fn concepts_matching(sets: &[&LabelSet], word: &QueryWord, typo: bool) -> Vec<(ConceptId, MatchKind)> {
    let mut out: Vec<(ConceptId, MatchKind)> = labels_matching(sets, word, typo).into_iter().filter(|m| !m.label.family).map(|m| (m.label.concept, m.kind)).collect();
    sort(&mut out);
    out.dedup_by_key(|(c, _)| *c);
    out
}

/// Concepts (families too) whose one label matches every query word, best first: whole-label
/// and visitor-language matches before partial ones, then the concepts indexing more resources.
pub fn suggest(sets: &[&LabelSet], words: &[QueryWord], visitor: &[Lang], popularity: &dyn Fn(ConceptId) -> u32, limit: usize) -> Vec<Suggestion> {
    if words.is_empty() {
        return Vec::new();
    }
    // Per label (sorted by number): the summed weight of its matches, while every word so far
    // matched it.
    let mut scores: Option<Vec<(f32, Match)>> = None;
    for word in words {
        let typo = word.text.chars().count() >= super::words::TYPO_MIN_CHARS;
        let matched = labels_matching(sets, word, typo);
        scores = Some(match scores {
            None => matched.into_iter().map(|m| (m.kind.weight(), m)).collect(),
            Some(previous) => previous
                .into_iter()
                .filter_map(|(s, m)| matched.binary_search_by(|o| o.id.cmp(&m.id)).ok().map(|i| (s + matched[i].kind.weight(), m)))
                .collect(),
        });
    }
    let mut out: Vec<Suggestion> = scores
        .unwrap_or_default()
        .into_iter()
        .map(|(mut score, m)| {
            let label = m.label;
            if label.words == words.len() {
                score += 0.5; // the label is just what was typed
            }
            if visitor.first().is_some_and(|v| v.primary() == label.lang.primary()) {
                score += 0.3;
            }
            if label.preferred {
                score += 0.1;
            }
            score += (popularity(label.concept) as f32 + 1.0).ln() * 0.05;
            Suggestion { concept: label.concept, matched_label: label.text.clone(), matched_lang: label.lang.clone(), score }
        })
        .collect();
    // Each concept once, by its best-scoring label (the first of equals, in label order).
    sort_by(&mut out, |a, b| a.concept.cmp(&b.concept).then(b.score.total_cmp(&a.score)));
    out.dedup_by_key(|s| s.concept);
    sort_by(&mut out, |a, b| b.score.total_cmp(&a.score).then(a.concept.cmp(&b.concept)));
    out.truncate(limit);
    out
}
