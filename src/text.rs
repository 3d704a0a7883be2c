//! Text folding shared by the builder and the engine.
//!
//! Visitors type "energie" for "énergie" and "HABITAT" for "habitat"; feeds write labels with
//! stray double spaces. Folding makes these compare equal: canonical decomposition, combining
//! marks removed, lowercase, and runs of whitespace collapsed to one space.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Folds `text` for case- and accent-insensitive comparison.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
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
    }
    out
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
