//! Sorting through one copy of the sort code.
//!
//! Each `slice::sort_by` with a new element type or comparator compiles its own copy of the
//! standard library's sort (driftsort or ipnsort: 2 to 8 KB of wasm each). The widget sorted
//! some twenty kinds of things, and those copies came to about 60 KB of its wasm, more than any
//! of its components. So the crate sorts through here: one stable sort of `u32` positions, with
//! the comparison behind `dyn`, then the items are moved into that order in place (up to 20
//! items, an insertion sort in place instead). What each caller adds is a few hundred bytes; the
//! price is an indirect call per comparison, which does not show in the benchmarks.
//!
//! The same goes for sets: the crate keeps small sets as sorted, deduplicated vectors
//! ([`sort_dedup`], then `binary_search`) rather than `BTreeSet`s, whose code is also copied per
//! element type.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, keeping equal items in their order (a stable sort).
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if items.len() <= SMALL {
        insertion_sort(items, &mut compare);
        return;
    }
    let order = {
        let items = &*items;
        positions(items.len(), &mut |a, b| compare(&items[a as usize], &items[b as usize]))
    };
    permute(items, order);
}

/// Sorts `items` by the key `key` gives each, keeping equal keys in their order.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in ascending order.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// Sorts `items` and removes repeats: the crate's representation of a small set.
pub fn sort_dedup<T: Ord>(items: &mut Vec<T>) {
    sort(items);
    items.dedup();
}

/// Up to this many items (a resource's descriptors, a concept's neighbours), an insertion sort
/// in place: no allocation, and as fast as anything at that size.
const SMALL: usize = 20;

/// A stable insertion sort: an item moves left past strictly greater ones only.
fn insertion_sort<T>(items: &mut [T], compare: &mut impl FnMut(&T, &T) -> Ordering) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && compare(&items[j - 1], &items[j]) == Ordering::Greater {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// The positions `0..n` in the order `compare` gives them: the one instantiation of the
/// standard library's sort.
fn positions(n: usize, compare: &mut dyn FnMut(u32, u32) -> Ordering) -> Vec<u32> {
    let n = u32::try_from(n).expect("fewer than 2^32 items to sort");
    let mut order: Vec<u32> = (0..n).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Moves `items` so that position `i` holds what was at `order[i]`, following the cycles of the
/// permutation with swaps.
fn permute<T>(items: &mut [T], mut order: Vec<u32>) {
    const DONE: u32 = u32::MAX;
    for start in 0..items.len() {
        let mut at = start;
        loop {
            let from = order[at];
            if from == DONE {
                break;
            }
            order[at] = DONE;
            if from as usize == start {
                break;
            }
            items.swap(at, from as usize);
            at = from as usize;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so that the test covers many shapes without a crate.
    fn shuffled(n: usize, seed: u64) -> Vec<(u8, usize)> {
        let mut state = seed | 1;
        (0..n)
            .map(|i| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                ((state % 7) as u8, i)
            })
            .collect()
    }

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        for n in [0, 1, 2, 3, 5, 17, 20, 21, 64, 1000] {
            for seed in 1..6 {
                let mut ours = shuffled(n, seed);
                let mut std = ours.clone();
                sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
                std.sort_by(|a, b| a.0.cmp(&b.0));
                assert_eq!(ours, std, "n = {n}, seed = {seed}");
            }
        }
    }

    #[test]
    fn moves_items_that_are_not_copy() {
        let mut words: Vec<String> = ["pêche", "eau", "sol", "air", "eau"].map(String::from).to_vec();
        sort_dedup(&mut words);
        assert_eq!(words, ["air", "eau", "pêche", "sol"]);
        let mut by_length: Vec<String> = ["ccc", "a", "bb", "d"].map(String::from).to_vec();
        sort_by_key(&mut by_length, |w| std::cmp::Reverse(w.len()));
        assert_eq!(by_length, ["ccc", "bb", "a", "d"]);
    }
}
