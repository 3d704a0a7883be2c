//! Splitting a text into folded words.
//!
//! A word is a run of letters and digits (with their combining marks): every other character
//! separates words. That is finer than Unicode word segmentation (UAX #29), as a search box
//! wants, and it needs no segmentation tables (the crate `unicode-segmentation` put about 25 KB
//! of them in the widget's wasm, for boundaries this module then cut further anyway):
//!
//! - **Hyphens** separate: "socio-économique" gives "socio" and "economique", so a visitor finds
//!   it by either half.
//! - **Inner punctuation** separates too ("U.S.A", "3.14", "3,14", "col·lecció", "snake_case",
//!   "www.example.org"). "3.14" and "3,14" thus index the same, whatever the writer's decimal
//!   separator.
//! - **Apostrophes** (' and ’) separate, and an elided article or pronoun before one is dropped:
//!   "l'école" gives "ecole", "qu'il" gives "il", "jusqu'au" gives "au". An elided word is a run
//!   of one or two letters directly followed by an apostrophe and a letter (l', d', j', n', s',
//!   c', m', t', qu', also Italian or Catalan ones like un'), or one of the longer French
//!   conjunctions jusqu', lorsqu', puisqu', quoiqu'. Otherwise both sides are kept:
//!   "aujourd'hui" gives "aujourd" and "hui", a uniform rule with no exception list, and the
//!   query "aujourd'hui" is analysed the same way, so it still matches. (The cost: typing
//!   "aujourdhui", without the apostrophe, does not.) English clitics follow the same rule:
//!   "don't" gives "don" and "t", "it's" gives "s"; the English stop list covers the fragments.
//! - **Invisible format characters** (soft hyphen, zero-width joiners, word joiner, BOM)
//!   neither split a word nor appear in the folded text, so a soft-hyphenated
//!   "coop\u{ad}érative" from a CMS still folds to "cooperative".
//! - **Han ideographs and hiragana**, written without spaces, are a word each, as UAX #29 makes
//!   them.
//!
//! Each word is folded with [`fold`]; its offsets point at the original bytes, so that
//! `fold(&text[t.start..t.end])` is `t.text` (minus any invisible format characters).

use super::{fold, is_combining_mark, Token};

/// French conjunctions that elide like articles but are longer than two letters.
const ELIDED_CONJUNCTIONS: [&str; 4] = ["jusqu", "lorsqu", "puisqu", "quoiqu"];

/// The words of `text`, folded, with their original byte offsets and word positions.
pub(super) fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut position: u32 = 0;
    for_each_word(text, |start, end| {
        let original = &text[start..end];
        let mut folded = fold(original);
        if original.chars().any(is_invisible) {
            folded.retain(|c| !is_invisible(c));
        }
        if folded.is_empty() {
            return;
        }
        out.push(Token { text: folded, start, end, position });
        position = position.saturating_add(1);
    });
    out
}

/// Calls `emit(start, end)` for each kept word of `text`, as byte offsets.
fn for_each_word(text: &str, mut emit: impl FnMut(usize, usize)) {
    let mut run: Option<(usize, bool)> = None; // start, and whether it holds an alphanumeric
    for (i, c) in text.char_indices() {
        if is_word_on_its_own(c) {
            if let Some((start, true)) = run.take() {
                emit(start, i);
            }
            emit(i, i + c.len_utf8());
            continue;
        }
        if is_part_char(c) {
            let has_alnum = c.is_alphanumeric();
            run = match run {
                Some((start, seen)) => Some((start, seen || has_alnum)),
                None => Some((i, has_alnum)),
            };
            continue;
        }
        if let Some((start, true)) = run.take() {
            let after = &text[i + c.len_utf8()..];
            let elided = is_apostrophe(c)
                && after.chars().next().is_some_and(char::is_alphabetic)
                && is_elided(&text[start..i]);
            if !elided {
                emit(start, i);
            }
        }
    }
    if let Some((start, true)) = run {
        emit(start, text.len());
    }
}

/// Han ideographs and hiragana: a word per character.
fn is_word_on_its_own(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{309f}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}')
}

/// Whether `part`, found before an apostrophe, is an elided article, pronoun or conjunction.
fn is_elided(part: &str) -> bool {
    let mut letters = 0;
    for c in part.chars() {
        if is_combining_mark(c) || is_invisible(c) {
            continue;
        }
        if !c.is_alphabetic() {
            return false; // "80's" keeps its "80"
        }
        letters += 1;
    }
    (1..=2).contains(&letters)
        || ELIDED_CONJUNCTIONS
            .iter()
            .any(|w| part.eq_ignore_ascii_case(w))
}

fn is_part_char(c: char) -> bool {
    c.is_alphanumeric() || is_invisible(c) || is_combining_mark(c)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

/// Format characters that carry no letter and must not split a word.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
    )
}

#[cfg(test)]
mod tests {
    use super::{fold, tokens};

    fn words(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn offsets_point_at_the_original_unfolded_bytes() {
        let text = "  L'École des Coopératives — «Énergie» socio-économique, 2021 d’Œuvres ÇA VA?";
        let found = tokens(text);
        assert!(!found.is_empty());
        for t in &found {
            assert_eq!(fold(&text[t.start..t.end]), t.text, "token {t:?}");
        }
        assert_eq!(&text[found[0].start..found[0].end], "École");
        let positions: Vec<u32> = found.iter().map(|t| t.position).collect();
        assert_eq!(positions, (0..found.len() as u32).collect::<Vec<_>>());
    }

    #[test]
    fn elided_articles_and_pronouns_are_dropped() {
        assert_eq!(
            words("l'école d’énergie qu'il s’agit"),
            ["ecole", "energie", "il", "agit"]
        );
        assert_eq!(
            words("L’Atelier C'EST N'importe"),
            ["atelier", "est", "importe"]
        );
        assert_eq!(words("jusqu'au lorsqu’elle"), ["au", "elle"]);
        assert_eq!(words("un'amica"), ["amica"]);
    }

    #[test]
    fn longer_words_before_an_apostrophe_are_kept_as_parts() {
        assert_eq!(words("aujourd'hui"), ["aujourd", "hui"]);
        assert_eq!(words("d'aujourd’hui"), ["aujourd", "hui"]);
        assert_eq!(words("dell'arte"), ["dell", "arte"]);
        assert_eq!(words("don't"), ["don", "t"]);
        assert_eq!(words("the 80's"), ["the", "80", "s"]);
    }

    #[test]
    fn a_lone_or_trailing_apostrophe_is_not_an_elision() {
        assert_eq!(words("l' école"), ["l", "ecole"]);
        assert_eq!(words("'a' 'quoted'"), ["a", "quoted"]);
    }

    #[test]
    fn hyphenated_words_give_their_parts() {
        assert_eq!(words("socio-économique"), ["socio", "economique"]);
        assert_eq!(words("c'est-à-dire"), ["est", "a", "dire"]);
        assert_eq!(words("Saint‑Étienne"), ["saint", "etienne"]); // non-breaking hyphen
    }

    #[test]
    fn inner_punctuation_splits_words() {
        assert_eq!(words("U.S.A"), ["u", "s", "a"]);
        assert_eq!(words("3.14 3,14"), ["3", "14", "3", "14"]);
        assert_eq!(
            words("snake_case www.example.org"),
            ["snake", "case", "www", "example", "org"]
        );
    }

    #[test]
    fn numbers_are_kept() {
        assert_eq!(
            words("Rapport 2021, 1er trimestre"),
            ["rapport", "2021", "1er", "trimestre"]
        );
    }

    #[test]
    fn soft_hyphens_and_joiners_do_not_split_or_show() {
        let text = "coop\u{ad}érative";
        let found = tokens(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "cooperative");
        assert_eq!((found[0].start, found[0].end), (0, text.len()));
    }

    #[test]
    fn decomposed_accents_stay_in_their_word() {
        let text = "e\u{301}nergie";
        assert_eq!(words(text), ["energie"]);
        assert_eq!(tokens(text)[0].end, text.len());
    }

    #[test]
    fn empty_and_punctuation_only_inputs_give_no_tokens() {
        assert!(tokens("").is_empty());
        assert!(tokens("   \n\t ").is_empty());
        assert!(tokens("… — ! ? « » ' ’ - , . ; : ( ) / * %").is_empty());
    }

    #[test]
    fn emoji_and_cjk_do_not_panic() {
        let text = "🏡🌱 coopérative 👩‍👩‍👧 東京都 ありがとう 한국어 ﷺ";
        let found = tokens(text);
        for t in &found {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            assert!(!t.text.is_empty());
        }
        assert!(found.iter().any(|t| t.text == "cooperative"));
        assert!(found.iter().all(|t| !t.text.contains('🌱')));
    }

    #[test]
    fn han_and_hiragana_are_a_word_per_character_as_in_uax_29() {
        // (Folding drops combining marks, the dakuten of が among them.)
        assert_eq!(words("東京都に ありがとう"), ["東", "京", "都", "に", "あ", "り", "か", "と", "う"]);
        assert_eq!(words("한국어 カタカナ"), [fold("한국어"), fold("カタカナ")], "hangul and katakana words stay whole");
        assert_eq!(words("atlas東京"), ["atlas", "東", "京"]);
    }
}
