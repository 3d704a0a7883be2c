//! Descriptor labels as a search index: the atlas speaks every language.
//!
//! A visitor on a French page who types "housing" should be offered "habitat et logement" and
//! find the resources indexed with it. Every preferred, alternative and hidden label of every
//! concept, in every language, is analysed once when the manifest loads; query words are matched
//! against them by text, stem (in the label's language), prefix and typo, like terms.

use super::words::{MatchKind, QueryWord};
use crate::model::{ConceptId, Lang, Thesaurus};
use crate::text::{Analyzer, Language};

struct LabelWord {
    text: String,
    /// Stem in the label's language, when it is one the analyser knows.
    stem: Option<String>,
}

struct Label {
    concept: ConceptId,
    lang: Lang,
    text: String,
    preferred: bool,
    words: Vec<LabelWord>,
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
}

impl LabelIndex {
    pub fn new(thesaurus: &Thesaurus, analyzer: &Analyzer) -> LabelIndex {
        let mut labels = Vec::new();
        for id in thesaurus.ids() {
            let c = thesaurus.concept(id);
            let mut add = |lang: &Lang, text: &str, preferred: bool| {
                let language = Language::from_code(lang.as_str());
                let words = analyzer
                    .tokens(text)
                    .into_iter()
                    .map(|t| LabelWord { stem: language.map(|l| analyzer.stem(l, &t.text)), text: t.text })
                    .collect();
                labels.push(Label { concept: id, lang: lang.clone(), text: text.to_string(), preferred, words });
            };
            for (lang, text) in c.labels.iter() {
                add(lang, text, true);
            }
            for (lang, text) in c.alt_labels.iter().chain(&c.hidden_labels) {
                add(lang, text, false);
            }
        }
        LabelIndex { labels }
    }

    fn word_match(word: &QueryWord, label_word: &LabelWord, lang: &Lang) -> Option<MatchKind> {
        if label_word.text == word.text {
            return Some(MatchKind::Exact);
        }
        if let (Some(stem), Some(language)) = (&label_word.stem, Language::from_code(lang.as_str())) {
            if *stem == word.stems[language.index()] {
                return Some(MatchKind::Stem);
            }
        }
        if word.prefix && word.text.chars().count() >= 2 && label_word.text.starts_with(&word.text) {
            return Some(MatchKind::Prefix);
        }
        if word.text.chars().count() >= super::words::TYPO_MIN_CHARS && crate::text::within_one_edit(&label_word.text, &word.text) {
            return Some(MatchKind::Typo);
        }
        None
    }

    /// Concepts one of whose labels has a word matching `word`, with the best kind of match.
    pub fn concepts_matching(&self, word: &QueryWord) -> Vec<(ConceptId, MatchKind)> {
        let mut out: Vec<(ConceptId, MatchKind)> = Vec::new();
        for label in &self.labels {
            let best = label.words.iter().filter_map(|w| Self::word_match(word, w, &label.lang)).min();
            if let Some(kind) = best {
                match out.iter_mut().find(|(c, _)| *c == label.concept) {
                    Some((_, k)) => *k = (*k).min(kind),
                    None => out.push((label.concept, kind)),
                }
            }
        }
        out
    }

    /// Descriptors whose one label matches every query word, best first: whole-label and
    /// visitor-language matches before partial ones, then the concepts indexing more resources.
    pub fn suggest(&self, words: &[QueryWord], visitor: &[Lang], popularity: &dyn Fn(ConceptId) -> u32, limit: usize) -> Vec<Suggestion> {
        if words.is_empty() {
            return Vec::new();
        }
        let mut best: Vec<Suggestion> = Vec::new();
        for label in &self.labels {
            let mut score = 0.0;
            for word in words {
                match label.words.iter().filter_map(|w| Self::word_match(word, w, &label.lang)).min() {
                    Some(kind) => score += kind.weight(),
                    None => {
                        score = -1.0;
                        break;
                    }
                }
            }
            if score < 0.0 {
                continue;
            }
            if label.words.len() == words.len() {
                score += 0.5; // the label is just what was typed
            }
            if visitor.first().is_some_and(|l| l.primary() == label.lang.primary()) {
                score += 0.3;
            }
            if label.preferred {
                score += 0.1;
            }
            score += (popularity(label.concept) as f32 + 1.0).ln() * 0.05;
            match best.iter_mut().find(|s| s.concept == label.concept) {
                Some(s) if s.score >= score => {}
                Some(s) => *s = Suggestion { concept: label.concept, matched_label: label.text.clone(), matched_lang: label.lang.clone(), score },
                None => best.push(Suggestion { concept: label.concept, matched_label: label.text.clone(), matched_lang: label.lang.clone(), score }),
            }
        }
        best.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.concept.cmp(&b.concept)));
        best.truncate(limit);
        best
    }
}
