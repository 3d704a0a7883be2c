//! The text index: every resource's words, analysed in its own language, cut into chunks.
//!
//! Each resource's title, subtitle, summary, authors and place are split into folded words
//! (`commons_atlas::text::Analyzer`); stop words of the resource's language are left out of the
//! prose fields. A term's postings record which fields it occurs in and how often, which is all
//! BM25 needs besides the resource's length.
//!
//! The sorted vocabulary is cut into chunks of about [`TARGET_RAW_BYTES`] before compression, and
//! never more than [`MAX_CHUNK_BYTES`] after: a chunk is what one query word costs to fetch.
//! Each chunk gets a Bloom filter of the stems of its terms (see `commons_atlas::format::manifest`).

use bloomfilter::Bloom;
use commons_atlas::format::text::{field, Posting, Term, TextChunk};
use commons_atlas::model::Resource;
use commons_atlas::text::{Analyzer, Language};
use std::collections::HashMap;

/// Uncompressed size a chunk is cut at.
pub const TARGET_RAW_BYTES: usize = 16 * 1024;
/// Compressed size no chunk may exceed; a chunk over it is split. Kept a little under 64 KiB so
/// that a server gzipping the (already compressed) file still sends under 64 KiB.
pub const MAX_CHUNK_BYTES: usize = 64 * 1024 - 64;
/// Rate of false positives of each chunk's Bloom filter: a false positive costs one useless
/// fetch of a chunk (about 9 KB since chunks are cut at 16 KB); a lower rate costs bytes of the
/// filters' file, which the widget fetches after its first answer (`format::text::Blooms`).
/// Measured with `cargo xtask bench` in session 5, when the filters were in the manifest: 5 %
/// gives filters of 31 KB at 5,000 resources and 73 KB at 50,000; 20 % gives 18 KB and 47 KB.
/// 10 % is between, at about one useless fetch per ten chunks a word's stems could be in.
pub const BLOOM_FALSE_POSITIVES: f64 = 0.1;
/// Fixed so that builds are reproducible; the filter needs no secrecy.
const BLOOM_SEED: [u8; 32] = *b"commons-atlas bloom filter seed!";

pub struct Chunk {
    pub first_term: String,
    /// The sealed file, not yet stamped with the build's identity.
    pub bytes: Vec<u8>,
    pub bloom: Vec<u8>,
}

pub struct CompiledText {
    pub chunks: Vec<Chunk>,
    /// Per resource, in index order: its number of indexed words, capped at 255.
    pub lengths: Vec<u8>,
    pub average_length: f32,
}

#[derive(Default)]
struct TermPostings {
    langs: u8,
    postings: Vec<Posting>,
}

pub fn compile(ordered: &[&Resource], analyzer: &Analyzer) -> CompiledText {
    let mut vocabulary: HashMap<String, TermPostings> = HashMap::new();
    let mut lengths = Vec::with_capacity(ordered.len());
    let mut total_length: u64 = 0;
    let mut words: HashMap<String, (u8, u8)> = HashMap::new();
    for (number, resource) in ordered.iter().enumerate() {
        let lang = Language::from_code(resource.lang.as_str());
        words.clear();
        let mut length = 0u32;
        let mut add = |text: &str, bit: u8, prose: bool| {
            for token in analyzer.tokens(text) {
                if prose && lang.is_some_and(|l| analyzer.is_stop_word(l, &token.text)) {
                    continue;
                }
                length += 1;
                let entry = words.entry(token.text).or_insert((0, 0));
                entry.0 |= bit;
                entry.1 = entry.1.saturating_add(1);
            }
        };
        add(&resource.title, field::TITLE, true);
        if let Some(s) = &resource.subtitle {
            add(s, field::SUBTITLE, true);
        }
        if let Some(s) = &resource.summary {
            add(s, field::SUMMARY, true);
        }
        for a in &resource.authors {
            add(a, field::AUTHORS, false);
        }
        if let Some(p) = &resource.place {
            add(p, field::PLACE, false);
        }
        let lang_bit = lang.map_or(0, |l| 1u8 << l.index());
        for (word, (fields, tf)) in words.drain() {
            let term = vocabulary.entry(word).or_default();
            term.langs |= lang_bit;
            term.postings.push(Posting { resource: number as u32, fields, tf: tf.min(7) });
        }
        total_length += u64::from(length);
        lengths.push(length.min(255) as u8);
    }
    let average_length = if ordered.is_empty() { 0.0 } else { total_length as f32 / ordered.len() as f32 };

    let mut terms: Vec<Term> = vocabulary
        .into_iter()
        .map(|(text, t)| {
            let mut postings = t.postings;
            postings.sort_by_key(|p| p.resource);
            Term { text, langs: t.langs, postings }
        })
        .collect();
    terms.sort_by(|a, b| a.text.cmp(&b.text));

    let mut chunks = Vec::new();
    let mut current: Vec<Term> = Vec::new();
    let mut size = 0usize;
    for term in terms {
        let term_size = term.text.len() + 4 + term.postings.len() * 3;
        if size + term_size > TARGET_RAW_BYTES && !current.is_empty() {
            finish(std::mem::take(&mut current), analyzer, &mut chunks);
            size = 0;
        }
        size += term_size;
        current.push(term);
    }
    if !current.is_empty() {
        finish(current, analyzer, &mut chunks);
    }
    CompiledText { chunks, lengths, average_length }
}

/// Encodes a run of terms as one chunk, or as several if it compresses to more than the limit.
fn finish(terms: Vec<Term>, analyzer: &Analyzer, chunks: &mut Vec<Chunk>) {
    let chunk = TextChunk { terms };
    // Sealed without the build's identity, which is computed from all chunks (see `compile`).
    let bytes = chunk.encode(commons_atlas::format::BuildId::default());
    if bytes.len() > MAX_CHUNK_BYTES && chunk.terms.len() > 1 {
        let mut first = chunk.terms;
        let second = first.split_off(first.len() / 2);
        finish(first, analyzer, chunks);
        finish(second, analyzer, chunks);
        return;
    }
    let mut keys: Vec<String> = Vec::new();
    for term in &chunk.terms {
        // A term of a resource in no analysed language is its own key.
        if term.langs == 0 {
            keys.push(term.text.clone());
        }
        for lang in Language::ALL {
            if term.langs & (1 << lang.index()) != 0 {
                keys.push(analyzer.stem(lang, &term.text));
            }
        }
    }
    keys.sort_unstable();
    keys.dedup();
    let mut bloom: Bloom<str> = Bloom::new_for_fp_rate_with_seed(keys.len().max(1), BLOOM_FALSE_POSITIVES, &BLOOM_SEED)
        .expect("a positive item count and a rate in (0, 1)");
    for key in &keys {
        bloom.set(key.as_str());
    }
    chunks.push(Chunk { first_term: chunk.terms[0].text.clone(), bytes, bloom: bloom.into_bytes() });
}
