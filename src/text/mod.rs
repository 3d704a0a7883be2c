//! Text analysis shared by the builder and the engine.
//!
//! The index builder and the browser widget must turn text into the same terms, or a query
//! would miss the very words it was indexed under. Everything here is therefore deterministic
//! plain Rust, with no I/O, no threads and no global mutable state, and small enough for wasm
//! (no regex; the stemmers are code, the stop lists static arrays).
//!
//! The pipeline, the same for a resource's text at index time and a visitor's query:
//!
//! 1. **Words** ([`Analyzer::tokens`]): runs of letters and digits, so split at spaces,
//!    hyphens, punctuation and apostrophes, with elided articles dropped ("l'école" gives
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
//! [`within_one_edit`] tolerates one typo between a folded query word and an indexed one;
//! [`edit_distance`] finds the nearest indexed words when nothing matches ("did you mean").

mod analyzer;
mod edit;
mod stop_words;
mod tokens;

pub use analyzer::{Analyzer, Language, Token};
pub use edit::{edit_distance, within_one_edit};

/// Folds `text` for case- and accent-insensitive comparison.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    let mut push = |c: char| {
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
    if text.chars().all(|c| c.is_ascii() || latin(c).is_some()) {
        // The common case, and the cheap one: nothing beyond the table below.
        for c in text.chars() {
            match latin(c) {
                Some(bare) => bare.chars().for_each(&mut push),
                None => push(c),
            }
        }
    } else {
        decomposed::without_marks(text, push);
    }
    out
}

/// The first character [`LATIN`] covers.
const LATIN_FIRST: u32 = 0xC0;

/// The letters of Latin-1 Supplement and Latin Extended-A (U+00C0 to U+017F), the accented
/// letters of French, Spanish, Portuguese and most European languages, as folding decomposes
/// them: NFKD with the combining marks removed. A table, so that the common case needs neither
/// `unicode-normalization`'s tables nor, in the widget, a call into the browser; the test
/// `the_latin_table_is_nfkd_without_marks` checks every entry against the crate.
#[rustfmt::skip]
const LATIN: [&str; 192] = [
    "A", "A", "A", "A", "A", "A", "Æ", "C", "E", "E", "E", "E", "I", "I", "I", "I",
    "Ð", "N", "O", "O", "O", "O", "O", "×", "Ø", "U", "U", "U", "U", "Y", "Þ", "ß",
    "a", "a", "a", "a", "a", "a", "æ", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "ð", "n", "o", "o", "o", "o", "o", "÷", "ø", "u", "u", "u", "u", "y", "þ", "y",
    "A", "a", "A", "a", "A", "a", "C", "c", "C", "c", "C", "c", "C", "c", "D", "d",
    "Đ", "đ", "E", "e", "E", "e", "E", "e", "E", "e", "E", "e", "G", "g", "G", "g",
    "G", "g", "G", "g", "H", "h", "Ħ", "ħ", "I", "i", "I", "i", "I", "i", "I", "i",
    "I", "ı", "IJ", "ij", "J", "j", "K", "k", "ĸ", "L", "l", "L", "l", "L", "l", "L·",
    "l·", "Ł", "ł", "N", "n", "N", "n", "N", "n", "ʼn", "Ŋ", "ŋ", "O", "o", "O", "o",
    "O", "o", "Œ", "œ", "R", "r", "R", "r", "R", "r", "S", "s", "S", "s", "S", "s",
    "S", "s", "T", "t", "T", "t", "Ŧ", "ŧ", "U", "u", "U", "u", "U", "u", "U", "u",
    "U", "u", "U", "u", "W", "w", "Y", "y", "Y", "Z", "z", "Z", "z", "Z", "z", "s",
];

fn latin(c: char) -> Option<&'static str> {
    LATIN.get((c as u32).checked_sub(LATIN_FIRST)? as usize).copied()
}

/// Whether `c` is a combining mark (general category M): part of the word it follows.
pub(crate) fn is_combining_mark(c: char) -> bool {
    !c.is_ascii() && decomposed::is_mark(c)
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

    pub fn is_mark(c: char) -> bool {
        is_combining_mark(c)
    }
}

#[cfg(all(target_arch = "wasm32", feature = "widget"))]
mod decomposed {
    use js_sys::{JsString, RegExp};

    thread_local! {
        static MARKS: RegExp = RegExp::new("\\p{M}", "gu");
        static MARK: RegExp = RegExp::new("^\\p{M}$", "u");
    }

    pub fn is_mark(c: char) -> bool {
        MARK.with(|mark| mark.test(c.encode_utf8(&mut [0; 4])))
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
    fn the_latin_table_is_nfkd_without_marks() {
        for (i, entry) in super::LATIN.iter().enumerate() {
            let c = char::from_u32(super::LATIN_FIRST + i as u32).unwrap();
            let mut expected = String::new();
            super::decomposed::without_marks(&c.to_string(), |m| expected.push(m));
            assert_eq!(*entry, expected, "U+{:04X} {c}", c as u32);
        }
    }

    #[test]
    fn the_table_and_the_decomposition_fold_alike() {
        // Text with a character beyond the table takes the other path: same result for the rest.
        assert_eq!(fold("Ĳssel Ŀlama ǅ"), "ijssel l·lama dz");
        assert_eq!(fold("Ĳssel Ŀlama"), "ijssel l·lama");
    }

    #[test]
    fn case_accents_and_spacing_fold_away() {
        assert_eq!(fold("  Énergie   Territoriale "), "energie territoriale");
        assert_eq!(fold("Habitação"), "habitacao");
        assert_eq!(fold("Œuvre"), "oeuvre");
        assert_eq!(fold("niño"), "nino");
    }
}
