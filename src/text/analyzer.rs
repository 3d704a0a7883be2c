//! The analyzer: words, stop words and stems, per language.
//!
//! One [`Analyzer`] is built once and used for every text, at index time in the builder and at
//! query time in the browser, so that both sides cut, fold and stem words identically. It holds
//! no mutable state: the stemmers are plain functions and the stop lists are static.

use rust_stemmers::{Algorithm, Stemmer};

use super::{fold, stop_words, tokens};

/// A language the analyzer knows stop words and a stemmer for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    French = 0,
    English = 1,
    Spanish = 2,
    Portuguese = 3,
}

impl Language {
    /// Every language, in [`index`](Language::index) order.
    pub const ALL: [Language; 4] = [
        Language::French,
        Language::English,
        Language::Spanish,
        Language::Portuguese,
    ];

    /// The language of a BCP 47 tag or ISO 639 code, ignoring case and any region or script:
    /// "fr", "fr-CA", "FR" and "fra" give French, "pt-br" Portuguese; anything else `None`.
    pub fn from_code(code: &str) -> Option<Language> {
        let primary = code.trim().split(['-', '_']).next().unwrap_or_default();
        let is = |codes: &[&str]| codes.iter().any(|c| primary.eq_ignore_ascii_case(c));
        if is(&["fr", "fra", "fre"]) {
            Some(Language::French)
        } else if is(&["en", "eng"]) {
            Some(Language::English)
        } else if is(&["es", "spa"]) {
            Some(Language::Spanish)
        } else if is(&["pt", "por"]) {
            Some(Language::Portuguese)
        } else {
            None
        }
    }

    /// The ISO 639-1 code: "fr", "en", "es" or "pt".
    pub fn code(self) -> &'static str {
        match self {
            Language::French => "fr",
            Language::English => "en",
            Language::Spanish => "es",
            Language::Portuguese => "pt",
        }
    }

    /// The position in [`ALL`](Language::ALL), 0 to 3: a bit number in a language mask.
    pub fn index(self) -> usize {
        self as usize
    }

    fn algorithm(self) -> Algorithm {
        match self {
            Language::French => Algorithm::French,
            Language::English => Algorithm::English,
            Language::Spanish => Algorithm::Spanish,
            Language::Portuguese => Algorithm::Portuguese,
        }
    }

    fn stop_words(self) -> &'static [&'static str] {
        match self {
            Language::French => stop_words::FRENCH,
            Language::English => stop_words::ENGLISH,
            Language::Spanish => stop_words::SPANISH,
            Language::Portuguese => stop_words::PORTUGUESE,
        }
    }
}

/// One word of a text, folded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// The word, folded with [`fold`].
    pub text: String,
    /// Byte offset of the word's first byte in the original, unfolded text (for highlighting).
    pub start: usize,
    /// Byte offset just past the word in the original text.
    pub end: usize,
    /// The word's index among the text's tokens: 0, 1, 2…
    pub position: u32,
}

/// Cuts texts into words and gives their stop-word status and stems; see the module docs.
pub struct Analyzer {
    /// One Snowball stemmer per language, in [`Language::index`] order.
    stemmers: [Stemmer; 4],
}

impl Analyzer {
    /// Builds the analyzer and its four stemmers.
    pub fn new() -> Analyzer {
        Analyzer {
            stemmers: Language::ALL.map(|lang| Stemmer::create(lang.algorithm())),
        }
    }

    /// Words of `text`, folded, with their byte offsets in `text` and their positions; see
    /// the `tokens` module docs for how words are cut (runs of letters and digits, hyphens, elision).
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        tokens::tokens(text)
    }

    /// Whether the folded word `folded` is a stop word in `lang` (Snowball lists, folded).
    pub fn is_stop_word(&self, lang: Language, folded: &str) -> bool {
        lang.stop_words().binary_search(&folded).is_ok()
    }

    /// The Snowball stem of the folded word `folded` in `lang`, folded again, so that it is
    /// always lowercase and accent-free.
    pub fn stem(&self, lang: Language, folded: &str) -> String {
        let stemmed = self.stemmers[lang.index()].stem(folded);
        if stemmed
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        {
            stemmed.into_owned()
        } else {
            fold(&stemmed)
        }
    }
}

impl Default for Analyzer {
    fn default() -> Analyzer {
        Analyzer::new()
    }
}

impl Clone for Analyzer {
    fn clone(&self) -> Analyzer {
        Analyzer::new()
    }
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{fold, stop_words};
    use super::{Analyzer, Language};

    /// Folds `word`, then stems it, as the index and the query both do.
    fn stem(lang: Language, word: &str) -> String {
        Analyzer::new().stem(lang, &fold(word))
    }

    #[test]
    fn language_codes_ignore_case_and_region() {
        assert_eq!(Language::from_code("fr"), Some(Language::French));
        assert_eq!(Language::from_code("fr-CA"), Some(Language::French));
        assert_eq!(Language::from_code("FR"), Some(Language::French));
        assert_eq!(Language::from_code("pt-br"), Some(Language::Portuguese));
        assert_eq!(Language::from_code("es_419"), Some(Language::Spanish));
        assert_eq!(Language::from_code("eng"), Some(Language::English));
        assert_eq!(Language::from_code("de"), None);
        assert_eq!(Language::from_code(""), None);
        assert_eq!(Language::from_code("french"), None);
        for lang in Language::ALL {
            assert_eq!(Language::from_code(lang.code()), Some(lang));
        }
    }

    #[test]
    fn language_index_follows_all_order() {
        for (i, lang) in Language::ALL.into_iter().enumerate() {
            assert_eq!(lang.index(), i);
        }
    }

    #[test]
    fn stop_lists_are_folded_sorted_and_unique() {
        for list in [
            stop_words::FRENCH,
            stop_words::ENGLISH,
            stop_words::SPANISH,
            stop_words::PORTUGUESE,
        ] {
            assert!((100..=320).contains(&list.len()));
            for word in list {
                assert_eq!(&fold(word), word);
            }
            for pair in list.windows(2) {
                assert!(pair[0] < pair[1], "{} then {}", pair[0], pair[1]);
            }
        }
    }

    #[test]
    fn stop_words_per_language() {
        let analyzer = Analyzer::new();
        let stop = |lang, word| analyzer.is_stop_word(lang, word);
        assert!(stop(Language::French, "les"));
        assert!(stop(Language::French, "a")); // "à", folded
        assert!(stop(Language::French, "etaient")); // "étaient", folded
        assert!(!stop(Language::French, "ecole"));
        assert!(stop(Language::English, "the"));
        assert!(stop(Language::English, "s")); // what "it's" leaves
        assert!(!stop(Language::English, "les"));
        assert!(stop(Language::Spanish, "mas")); // "más", folded
        assert!(stop(Language::Spanish, "el"));
        assert!(!stop(Language::Spanish, "the"));
        assert!(stop(Language::Portuguese, "nao")); // "não", folded
        assert!(stop(Language::Portuguese, "voce"));
        assert!(!stop(Language::Portuguese, "cooperativa"));
        assert!(!stop(Language::French, "Les")); // callers pass folded words
    }

    #[test]
    fn plural_and_singular_share_a_stem() {
        assert_eq!(
            stem(Language::French, "coopératives"),
            stem(Language::French, "coopérative")
        );
        assert_eq!(
            stem(Language::English, "cooperatives"),
            stem(Language::English, "cooperative")
        );
        assert_eq!(
            stem(Language::English, "cities"),
            stem(Language::English, "city")
        );
        assert_eq!(
            stem(Language::Spanish, "cooperativas"),
            stem(Language::Spanish, "cooperativa")
        );
        assert_eq!(
            stem(Language::Portuguese, "cooperativas"),
            stem(Language::Portuguese, "cooperativa")
        );
    }

    #[test]
    fn accents_typed_or_not_give_the_same_stem() {
        assert_eq!(fold("énergie"), fold("energie"));
        assert_eq!(
            stem(Language::French, "énergie"),
            stem(Language::French, "energie")
        );
        assert_eq!(
            stem(Language::French, "Énergies"),
            stem(Language::French, "energie")
        );
        assert_eq!(
            stem(Language::Spanish, "energía"),
            stem(Language::Spanish, "energia")
        );
        assert_eq!(
            stem(Language::Portuguese, "habitação"),
            stem(Language::Portuguese, "habitacao")
        );
    }

    #[test]
    fn stems_are_lowercase_and_accent_free() {
        let analyzer = Analyzer::new();
        for lang in Language::ALL {
            for word in [
                "coopératives",
                "énergies",
                "habitação",
                "niños",
                "2021",
                "",
                "東京",
                "🌱",
            ] {
                let stemmed = analyzer.stem(lang, &fold(word));
                assert_eq!(fold(&stemmed), stemmed, "{lang:?} {word}");
            }
        }
    }

    #[test]
    fn analyzer_tokens_match_the_module_tokenizer() {
        let analyzer = Analyzer::default();
        let found: Vec<String> = analyzer
            .tokens("L'économie sociale")
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(found, ["economie", "sociale"]);
    }
}
