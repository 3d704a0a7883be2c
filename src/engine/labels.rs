//! Descriptor labels as a search index: the atlas speaks every language.
//!
//! A visitor on a French page who types "housing" should be offered "habitat et logement" and
//! find the resources indexed with it. Every preferred, alternative and hidden label of every
//! concept, in every language, is analysed once when the manifest loads, into a small inverted
//! index of label words: sorted (for exact and prefix lookups) and by stem in each language. Query
//! words are matched against it by text, stem (in the label's language), prefix and, only when
//! asked, typo, like terms.

use super::words::{MatchKind, QueryWord};
use crate::model::{ConceptId, Lang, Thesaurus};
use crate::text::{Analyzer, Language};
use std::collections::{HashMap, HashSet};

use crate::sort::{sort, sort_by};

struct Label {
    concept: ConceptId,
    lang: Lang,
    language: Option<Language>,
    text: String,
    preferred: bool,
    family: bool,
    words: usize,
}

/// One distinct folded word of the labels, and the labels it occurs in.
struct LabelWord {
    text: String,
    labels: Vec<u32>,
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

/// Every label of the thesaurus, analysed.
pub struct LabelIndex {
    labels: Vec<Label>,
    /// Sorted by text.
    words: Vec<LabelWord>,
    /// Per language (`Language::index`): stem → words (indexes into `words`) of labels in that
    /// language with that stem.
    stems: [HashMap<String, Vec<u32>>; 4],
}

impl LabelIndex {
    pub fn new(thesaurus: &Thesaurus, analyzer: &Analyzer) -> LabelIndex {
        let mut labels = Vec::new();
        let mut by_word: HashMap<String, Vec<u32>> = HashMap::new();
        // The distinct words of each language's labels: stemmed once each, not once per label
        // (the labels share most of their words, and stemming is most of this function's cost).
        let mut words_in: [HashSet<String>; 4] = Default::default();
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
                    let list = by_word.entry(t.text.clone()).or_default();
                    if list.last() != Some(&index) {
                        list.push(index);
                    }
                    if let Some(l) = language {
                        if !words_in[l.index()].contains(&t.text) {
                            words_in[l.index()].insert(t.text.clone());
                        }
                    }
                }
                labels.push(Label { concept: id, lang: lang.clone(), language, text: text.to_string(), preferred, family, words: tokens.len() });
            }
        }
        let mut words: Vec<LabelWord> = by_word.into_iter().map(|(text, labels)| LabelWord { text, labels }).collect();
        sort_by(&mut words, |a, b| a.text.cmp(&b.text));
        let position = |text: &str| words.binary_search_by(|w| w.text.as_str().cmp(text)).ok().map(|i| i as u32);
        let stems = Language::ALL.map(|l| {
            let mut map: HashMap<String, Vec<u32>> = HashMap::new();
            for word in &words_in[l.index()] {
                if let Some(i) = position(word) {
                    map.entry(analyzer.stem(l, word)).or_default().push(i);
                }
            }
            for ids in map.values_mut() {
                sort(ids);
            }
            map
        });
        LabelIndex { labels, words, stems }
    }

    /// Labels having a word that matches `word`, each with the best kind of match.
    fn labels_matching(&self, word: &QueryWord, typo: bool) -> HashMap<u32, MatchKind> {
        let mut out: HashMap<u32, MatchKind> = HashMap::new();
        let mut note = |label: u32, kind: MatchKind| {
            let k = out.entry(label).or_insert(kind);
            *k = (*k).min(kind);
        };
        if let Ok(i) = self.words.binary_search_by(|w| w.text.as_str().cmp(&word.text)) {
            for &l in &self.words[i].labels {
                note(l, MatchKind::Exact);
            }
        }
        for lang in Language::ALL {
            if let Some(ids) = self.stems[lang.index()].get(&word.stems[lang.index()]) {
                for &i in ids {
                    for &l in &self.words[i as usize].labels {
                        if self.labels[l as usize].language == Some(lang) {
                            note(l, MatchKind::Stem);
                        }
                    }
                }
            }
        }
        if word.prefix && word.text.chars().count() >= 2 {
            let start = self.words.partition_point(|w| w.text.as_str() < word.text.as_str());
            for w in self.words[start..].iter().take_while(|w| w.text.starts_with(&word.text)) {
                for &l in &w.labels {
                    note(l, MatchKind::Prefix);
                }
            }
        }
        if typo && word.text.chars().count() >= super::words::TYPO_MIN_CHARS {
            for w in &self.words {
                if crate::text::within_one_edit(&w.text, &word.text) {
                    for &l in &w.labels {
                        note(l, MatchKind::Typo);
                    }
                }
            }
        }
        out
    }

    /// Descriptors (not families: a family's label is too broad to stand for a word) one of whose
    /// labels has a word matching `word`, with the best kind of match. Typos only when `typo`.
    pub fn concepts_matching(&self, word: &QueryWord, typo: bool) -> Vec<(ConceptId, MatchKind)> {
        let mut best: HashMap<ConceptId, MatchKind> = HashMap::new();
        for (label, kind) in self.labels_matching(word, typo) {
            let label = &self.labels[label as usize];
            if label.family {
                continue;
            }
            let k = best.entry(label.concept).or_insert(kind);
            *k = (*k).min(kind);
        }
        let mut out: Vec<(ConceptId, MatchKind)> = best.into_iter().collect();
        sort(&mut out);
        out
    }

    /// Concepts (families too) whose one label matches every query word, best first:
    /// whole-label and visitor-language matches before partial ones, then the concepts indexing
    /// more resources.
    pub fn suggest(&self, words: &[QueryWord], visitor: &[Lang], popularity: &dyn Fn(ConceptId) -> u32, limit: usize) -> Vec<Suggestion> {
        if words.is_empty() {
            return Vec::new();
        }
        // Per label: the summed weight of its matches, while every word so far matched it.
        let mut scores: Option<HashMap<u32, f32>> = None;
        for word in words {
            let typo = word.text.chars().count() >= super::words::TYPO_MIN_CHARS;
            let matched = self.labels_matching(word, typo);
            scores = Some(match scores {
                None => matched.into_iter().map(|(l, k)| (l, k.weight())).collect(),
                Some(previous) => previous
                    .into_iter()
                    .filter_map(|(l, s)| matched.get(&l).map(|k| (l, s + k.weight())))
                    .collect(),
            });
        }
        let mut best: HashMap<ConceptId, Suggestion> = HashMap::new();
        for (l, mut score) in scores.unwrap_or_default() {
            let label = &self.labels[l as usize];
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
            let candidate = Suggestion { concept: label.concept, matched_label: label.text.clone(), matched_lang: label.lang.clone(), score };
            match best.get(&label.concept) {
                Some(s) if s.score >= score => {}
                _ => {
                    best.insert(label.concept, candidate);
                }
            }
        }
        let mut out: Vec<Suggestion> = best.into_values().collect();
        sort_by(&mut out, |a, b| b.score.total_cmp(&a.score).then(a.concept.cmp(&b.concept)));
        out.truncate(limit);
        out
    }
}
