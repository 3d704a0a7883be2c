//! A query's words, analysed once: folded, stemmed in every language, and whether the visitor is
//! still typing the last one.

use crate::text::{Analyzer, Language};

/// How a term (or label word) matched a query word, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchKind {
    Exact,
    Stem,
    Prefix,
    Typo,
}

impl MatchKind {
    /// How much a match of this kind counts, relative to an exact one.
    pub fn weight(self) -> f32 {
        match self {
            MatchKind::Exact => 1.0,
            MatchKind::Stem => 0.9,
            MatchKind::Prefix => 0.75,
            MatchKind::Typo => 0.5,
        }
    }
}

/// Words shorter than this are not matched with a typo.
pub const TYPO_MIN_CHARS: usize = 5;

/// One word of the query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryWord {
    /// Folded.
    pub text: String,
    /// Its stem in each language, in `Language::ALL` order.
    pub stems: [String; 4],
    /// The last word, still being typed: terms starting with it match too.
    pub prefix: bool,
}

impl QueryWord {
    pub fn new(analyzer: &Analyzer, text: String, prefix: bool) -> QueryWord {
        let stems = Language::ALL.map(|l| analyzer.stem(l, &text));
        QueryWord { text, stems, prefix }
    }

    /// How `term`, which occurs in the languages of `langs` (bits of `Language::index`), matches
    /// this word, if it does. `stem_of` gives a term's stem in a language (the caller caches).
    pub fn matches(&self, term: &str, langs: u8, typo: bool, stem_of: &mut dyn FnMut(Language, &str) -> String) -> Option<MatchKind> {
        if term == self.text {
            return Some(MatchKind::Exact);
        }
        for lang in Language::ALL {
            let stem = &self.stems[lang.index()];
            // Cheap test first: a term whose stem equals ours starts like it, bar its last letter.
            if langs & (1 << lang.index()) != 0 && shares_start(term, stem) && stem_of(lang, term) == *stem {
                return Some(MatchKind::Stem);
            }
        }
        if self.prefix && term.starts_with(&self.text) {
            return Some(MatchKind::Prefix);
        }
        if typo && self.text.chars().count() >= TYPO_MIN_CHARS && crate::text::within_one_edit(term, &self.text) {
            return Some(MatchKind::Typo);
        }
        None
    }

    /// The start every term that can match this word by its text or a stem begins with: the
    /// common start of the word and its stems, less one letter (English "cities" → "citi"
    /// must reach "city").
    pub fn range_prefix(&self) -> String {
        let mut common: &str = &self.text;
        for stem in &self.stems {
            let n = common.chars().zip(stem.chars()).take_while(|(a, b)| a == b).count();
            let end = common.char_indices().nth(n).map_or(common.len(), |(i, _)| i);
            common = &common[..end];
        }
        let keep = common.chars().count().saturating_sub(1).max(2);
        common.chars().take(keep).collect::<String>().chars().take(self.text.chars().count()).collect()
    }
}

fn shares_start(term: &str, stem: &str) -> bool {
    let n = stem.len().saturating_sub(2);
    stem.is_char_boundary(n) && term.is_char_boundary(n.min(term.len())) && term.len() >= n && term[..n] == stem[..n]
}

/// The query's words. Stop words of the visitor's languages are dropped unless the query is made
/// of nothing else ("the who"); the last word is a prefix unless the text ends with a space.
pub fn query_words(analyzer: &Analyzer, text: &str, languages: &[Language]) -> Vec<QueryWord> {
    let tokens = analyzer.tokens(text);
    let typing = tokens.last().is_some_and(|t| t.end == text.trim_end().len() && !text.ends_with(char::is_whitespace));
    let last = tokens.len().saturating_sub(1);
    let stop = |word: &str| {
        let langs: &[Language] = if languages.is_empty() { &Language::ALL } else { languages };
        langs.iter().any(|&l| analyzer.is_stop_word(l, word))
    };
    let all_stop = tokens.iter().all(|t| stop(&t.text));
    let mut words: Vec<QueryWord> = Vec::new();
    for (i, token) in tokens.into_iter().enumerate() {
        let prefix = typing && i == last;
        if !all_stop && !prefix && stop(&token.text) {
            continue;
        }
        if words.iter().any(|w| w.text == token.text && w.prefix == prefix) {
            continue;
        }
        words.push(QueryWord::new(analyzer, token.text, prefix));
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_word_is_a_prefix_until_a_space_follows() {
        let a = Analyzer::new();
        let w = query_words(&a, "budget partici", &[Language::French]);
        assert_eq!(w.len(), 2);
        assert!(!w[0].prefix && w[1].prefix);
        let w = query_words(&a, "budget partici ", &[Language::French]);
        assert!(!w[1].prefix);
    }

    #[test]
    fn stop_words_go_unless_nothing_else_is_left() {
        let a = Analyzer::new();
        let w = query_words(&a, "la monnaie de la ville ", &[Language::French]);
        let texts: Vec<_> = w.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["monnaie", "ville"]);
        assert_eq!(query_words(&a, "le la ", &[Language::French]).len(), 2);
    }

    #[test]
    fn range_prefix_reaches_terms_with_the_same_stem() {
        let a = Analyzer::new();
        let w = QueryWord::new(&a, "cities".into(), false);
        assert!("city".starts_with(&w.range_prefix()), "{}", w.range_prefix());
        let w = QueryWord::new(&a, "cooperatives".into(), false);
        assert!("cooperative".starts_with(&w.range_prefix()));
    }

    #[test]
    fn terms_match_by_text_stem_prefix_or_typo() {
        let a = Analyzer::new();
        let mut stem = |l: Language, t: &str| a.stem(l, t);
        let fr = 1 << Language::French.index();
        let w = QueryWord::new(&a, "cooperatives".into(), false);
        assert_eq!(w.matches("cooperatives", fr, false, &mut stem), Some(MatchKind::Exact));
        assert_eq!(w.matches("cooperative", fr, false, &mut stem), Some(MatchKind::Stem));
        let w = QueryWord::new(&a, "partici".into(), true);
        assert_eq!(w.matches("participatif", fr, false, &mut stem), Some(MatchKind::Prefix));
        let w = QueryWord::new(&a, "cooperatve".into(), false);
        assert_eq!(w.matches("cooperative", 0, true, &mut stem), Some(MatchKind::Typo));
        assert_eq!(w.matches("cooperative", 0, false, &mut stem), None);
    }
}
