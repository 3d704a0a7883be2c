//! Text analysis shared by the builder and the engine.
//!
//! The index builder and the browser widget must turn text into the same terms, or a query
//! would miss the very words it was indexed under. Everything here is therefore deterministic
//! plain Rust, with no I/O, no threads and no global mutable state, and small enough for wasm
//! (no regex; the stemmers are code, the stop lists static arrays).
//!
//! The pipeline, the same for a resource's text at index time and a visitor's query:
//!
//! 1. **Words** ([`Analyzer::tokens`]): Unicode word segmentation, split further at hyphens,
//!    inner punctuation and apostrophes, with elided articles dropped ("l'école" gives
//!    "ecole"). Each word keeps its byte offsets in the original text, for highlighting.
//! 2. **Folding** ([`fold`]), applied to every word: visitors type "energie" for "énergie" and
//!    "HABITAT" for "habitat"; feeds write labels with stray double spaces. Folding makes these
//!    compare equal: compatibility decomposition, combining marks removed, lowercase, a few
//!    ligatures spelt out, runs of whitespace collapsed to one space.
//! 3. **Stop words** ([`Analyzer::is_stop_word`]): the Snowball lists, themselves folded, since
//!    they are only ever compared with folded words ("à" is stored as "a", "não" as "nao").
//! 4. **Stemming** ([`Analyzer::stem`]): the Snowball stemmer of the resource's language, run
//!    on the folded word and folded again. Folding *first* is what makes a query typed without
//!    accents meet a text written with them: both reach the stemmer as the same string. The
//!    Snowball rules that look at accents then see none, which changes some stems but never
//!    their agreement between index and query, the only thing search needs.
//!
//! [`within_one_edit`] tolerates one typo between a folded query word and an indexed one.

mod analyzer;
mod edit;
mod stop_words;
mod tokens;

pub use analyzer::{Analyzer, Language, Token};
pub use edit::within_one_edit;

/// Folds `text` for case- and accent-insensitive comparison.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    let push = |c: char| {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            return;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        match c {
            // Letters that do not decompose but that visitors type without their stroke or ligature.
            'œ' | 'Œ' => out.push_str("oe"),
            'æ' | 'Æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            _ => out.extend(c.to_lowercase()),
        }
    };
    if text.is_ascii() {
        // Nothing to decompose: the common case, and the cheap one.
        text.chars().for_each(push);
    } else {
        decomposed::without_marks(text, push);
    }
    out
}

/// Compatibility decomposition (NFKD) with the combining marks dropped: "É" gives "E", "ﬁ"
/// gives "fi".
///
/// The builder uses the crate `unicode-normalization`. The widget asks the browser, whose
/// `String.prototype.normalize` implements the same Unicode algorithm: the crate's tables
/// (over 100 KB) would otherwise be the largest single part of the wasm. The two agree on every
/// character both Unicode versions know; the browser tests check accented queries end to end.
#[cfg(not(all(target_arch = "wasm32", feature = "widget")))]
mod decomposed {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;

    pub fn without_marks(text: &str, push: impl FnMut(char)) {
        text.nfkd().filter(|&c| !is_combining_mark(c)).for_each(push);
    }
}

#[cfg(all(target_arch = "wasm32", feature = "widget"))]
mod decomposed {
    use js_sys::{JsString, RegExp};

    thread_local! {
        static MARKS: RegExp = RegExp::new("\\p{M}", "gu");
    }

    pub fn without_marks(text: &str, push: impl FnMut(char)) {
        let decomposed = JsString::from(text).normalize("NFKD");
        let bare = MARKS.with(|marks| decomposed.replace_by_pattern(marks, ""));
        String::from(bare).chars().for_each(push);
    }
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn case_accents_and_spacing_fold_away() {
        assert_eq!(fold("  Énergie   Territoriale "), "energie territoriale");
        assert_eq!(fold("Habitação"), "habitacao");
        assert_eq!(fold("Œuvre"), "oeuvre");
        assert_eq!(fold("niño"), "nino");
    }
}
