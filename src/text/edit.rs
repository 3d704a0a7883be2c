//! Typo tolerance: is a query word one edit away from an indexed word?
//!
//! The engine tries this against many candidate words per keystroke, so it is a single pass
//! over the two strings without any allocation or distance matrix: past their common prefix,
//! two strings within one edit must agree on the rest after skipping one character on one side
//! (insertion, deletion), on both sides (substitution), or two swapped characters
//! (transposition). It works on `char`s, so "é" counts as one character; callers compare folded
//! words, where accents are already gone.

/// Whether the Damerau–Levenshtein distance between `a` and `b` is at most one: they are equal,
/// or one insertion, deletion, substitution or transposition of two adjacent characters turns
/// one into the other. Counts `char`s, not bytes.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let (a, b) = after_common_prefix(a, b);
    let (mut rest_a, mut rest_b) = (a.chars(), b.chars());
    let (first_a, first_b) = (rest_a.next(), rest_b.next());
    let (rest_a, rest_b) = (rest_a.as_str(), rest_b.as_str());
    if rest_a == rest_b || rest_a == b || a == rest_b {
        // Equal (both empty), substitution, deletion from `a`, insertion into `a`.
        return true;
    }
    // Transposition: "xy…" against "yx…".
    let (mut after_a, mut after_b) = (rest_a.chars(), rest_b.chars());
    let (second_a, second_b) = (after_a.next(), after_b.next());
    first_a.is_some()
        && first_a == second_b
        && first_b == second_a
        && after_a.as_str() == after_b.as_str()
}

/// The Damerau–Levenshtein distance (optimal string alignment) between `a` and `b`, in `char`s,
/// for "did you mean": a word that matched nothing is compared with the terms of the chunks
/// already at hand, a few hundred short words, so a plain two-row table is enough.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    // Rows i-2, i-1 and i of the table.
    let (mut before, mut last, mut row) = (vec![0; b.len() + 1], (0..=b.len()).collect::<Vec<_>>(), vec![0; b.len() + 1]);
    for i in 1..=a.len() {
        row[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (last[j] + 1).min(row[j - 1] + 1).min(last[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            row[j] = d;
        }
        std::mem::swap(&mut before, &mut last);
        std::mem::swap(&mut last, &mut row);
    }
    last[b.len()]
}

/// `a` and `b` without the characters they begin with in common.
fn after_common_prefix<'a, 'b>(a: &'a str, b: &'b str) -> (&'a str, &'b str) {
    let (mut chars_a, mut chars_b) = (a.chars(), b.chars());
    loop {
        let (rest_a, rest_b) = (chars_a.as_str(), chars_b.as_str());
        match (chars_a.next(), chars_b.next()) {
            (Some(x), Some(y)) if x == y => {}
            _ => return (rest_a, rest_b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{edit_distance, within_one_edit};

    #[test]
    fn edit_distance_counts_insertions_deletions_substitutions_and_swaps() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("participatif", "participatif"), 0);
        assert_eq!(edit_distance("particpatf", "participatif"), 2);
        assert_eq!(edit_distance("participatif", "particpatf"), 2);
        assert_eq!(edit_distance("habitat", "ahbitat"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("énergie", "energie"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    /// Checks `a`/`b` in both orders: the relation is symmetric.
    fn one_edit(a: &str, b: &str) -> bool {
        let forward = within_one_edit(a, b);
        assert_eq!(forward, within_one_edit(b, a), "asymmetric on {a:?} {b:?}");
        forward
    }

    #[test]
    fn equal_strings_are_within_one_edit() {
        assert!(one_edit("", ""));
        assert!(one_edit("energie", "energie"));
        assert!(one_edit("énergie", "énergie"));
    }

    #[test]
    fn one_insertion_or_deletion() {
        assert!(one_edit("cooperatve", "cooperative"));
        assert!(one_edit("énergie", "énergies"));
        assert!(one_edit("nergie", "énergie"));
        assert!(one_edit("", "a"));
        assert!(one_edit("é", ""));
        assert!(one_edit("habitat", "habittat"));
    }

    #[test]
    fn one_substitution() {
        assert!(one_edit("energie", "enargie"));
        assert!(one_edit("energie", "énergie"));
        assert!(one_edit("habitat", "habitas"));
        assert!(one_edit("a", "b"));
    }

    #[test]
    fn one_transposition_of_adjacent_chars() {
        assert!(one_edit("cooperative", "cooperaitve"));
        assert!(one_edit("énergie", "néergie"));
        assert!(one_edit("ab", "ba"));
        assert!(one_edit("habitat", "ahbitat"));
    }

    #[test]
    fn two_edits_are_too_many() {
        assert!(!one_edit("energie", "enrgei"));
        assert!(!one_edit("cooperative", "coperatve"));
        assert!(!one_edit("énergie", "énergiess"));
        assert!(!one_edit("", "ab"));
        assert!(!one_edit("abc", "cba"));
        assert!(!one_edit("abcd", "badc"));
        assert!(!one_edit("énergie", "ènergié"));
        assert!(!one_edit("énergie", "nérgie"));
    }
}
