//! Text chunks: a range of the vocabulary, with each term's postings.
//!
//! The vocabulary (every folded word of every resource) is sorted and cut into chunks of a
//! bounded size; the manifest lists each chunk's first term, so a query fetches only the chunks
//! its words fall in (Pagefind's approach). Terms are front-coded (each stores only what differs
//! from the previous one), and postings are gaps between resource numbers, so deflate finds
//! little left to squeeze.
//!
//! Terms are the words as written (folded), not stems: the engine stems at query time in every
//! language of the commons and matches terms whose stem agrees, which also lets it match prefixes
//! as the visitor types and tolerate a typo, neither of which works on stems. Each term carries
//! the languages it occurs in, so that a stem is compared only in a language where it means
//! something.

use super::bytes::{Reader, Writer};
use super::{open, seal, BuildId, FormatError, Kind};

/// Fields of a resource a term can occur in, as bits of [`Posting::fields`].
pub mod field {
    pub const TITLE: u8 = 1;
    pub const SUBTITLE: u8 = 2;
    pub const SUMMARY: u8 = 4;
    pub const AUTHORS: u8 = 8;
    pub const PLACE: u8 = 16;
    pub const ALL: u8 = 31;
}

/// One resource a term occurs in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Posting {
    pub resource: u32,
    /// Which fields it occurs in ([`field`] bits).
    pub fields: u8,
    /// How many times in all, capped at 7.
    pub tf: u8,
}

/// A term and where it occurs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// The folded word.
    pub text: String,
    /// Languages of the resources it occurs in, as bits of `Language::index()`.
    pub langs: u8,
    /// Sorted by resource, each resource once.
    pub postings: Vec<Posting>,
}

/// A sorted run of terms.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextChunk {
    pub terms: Vec<Term>,
}

impl TextChunk {
    /// Encodes the chunk. Terms must be sorted and distinct.
    pub fn encode(&self, build: BuildId) -> Vec<u8> {
        seal(Kind::Text, build, &self.payload())
    }

    /// The uncompressed payload, which the builder also uses to size chunks and to compute the
    /// build's identity.
    pub fn payload(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.len(self.terms.len());
        let mut previous: &[u8] = &[];
        for term in &self.terms {
            let t = term.text.as_bytes();
            let shared = previous.iter().zip(t).take_while(|(a, b)| a == b).count();
            w.len(shared);
            w.bytes(&t[shared..]);
            w.u8(term.langs);
            w.len(term.postings.len());
            let mut last = 0u32;
            for (i, p) in term.postings.iter().enumerate() {
                w.varint(u64::from(if i == 0 { p.resource } else { p.resource - last }));
                w.u8((p.fields & field::ALL) | (p.tf.min(7) << 5));
                last = p.resource;
            }
            previous = t;
        }
        w.buf
    }

    pub fn decode(file: &[u8]) -> Result<TextChunk, FormatError> {
        let payload = open(Kind::Text, file)?;
        let mut r = Reader::new(&payload, "text chunk");
        let n = r.count(4)?;
        let mut terms: Vec<Term> = Vec::with_capacity(n);
        for _ in 0..n {
            let shared = r.varint()? as usize;
            let suffix = r.bytes()?;
            let previous = terms.last().map(|t| t.text.as_bytes()).unwrap_or(&[]);
            if shared > previous.len() {
                return Err(r.error("a term shares more than the previous term has"));
            }
            let mut bytes = previous[..shared].to_vec();
            bytes.extend_from_slice(suffix);
            let text = String::from_utf8(bytes).map_err(|_| r.error("a term is not UTF-8"))?;
            if terms.last().is_some_and(|t| t.text >= text) {
                return Err(r.error("terms are not in order"));
            }
            let langs = r.u8()?;
            let n_postings = r.count(2)?;
            let mut postings = Vec::with_capacity(n_postings);
            let mut last = 0u32;
            for i in 0..n_postings {
                let gap = r.varint_u32()?;
                let resource = if i == 0 {
                    gap
                } else if gap == 0 {
                    return Err(r.error("a resource is listed twice"));
                } else {
                    last.checked_add(gap).ok_or_else(|| r.error("resource numbers overflow"))?
                };
                let info = r.u8()?;
                postings.push(Posting { resource, fields: info & field::ALL, tf: info >> 5 });
                last = resource;
            }
            terms.push(Term { text, langs, postings });
        }
        r.finish()?;
        Ok(TextChunk { terms })
    }

    /// The term equal to `text`, if the chunk has it.
    pub fn get(&self, text: &str) -> Option<&Term> {
        self.terms.binary_search_by(|t| t.text.as_str().cmp(text)).ok().map(|i| &self.terms[i])
    }

    /// The terms starting with `prefix`.
    pub fn with_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a Term> + 'a {
        let start = self.terms.partition_point(|t| t.text.as_str() < prefix);
        self.terms[start..].iter().take_while(move |t| t.text.starts_with(prefix))
    }
}

/// The text chunks' Bloom filters, in chunk order, in a file of their own.
///
/// Each (crate `bloomfilter`) holds the stems of its chunk's terms in the languages they occur
/// in (the stem strings alone: a stem shared by two languages is one key, which keeps the filters
/// and the number of checks small). A query word whose stems no filter of its range holds costs
/// no request. A false positive costs one useless fetch and never a wrong result: results always
/// come from the exact postings of the chunk (tinysearch's per-document filters gave visitors
/// false matches; this design cannot).
///
/// They spare a query word the chunks of its range that cannot hold it, and nothing else: the
/// first answer needs none of them (a word's range is one or two chunks, whose terms it most
/// likely has), and a visit of a few words saves less than they weigh (measured in
/// `docs/FORMAT.md`, "Bloom filters"). So they are not in the manifest: the widget fetches them
/// once the first answer is shown, and the words typed after that use them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Blooms {
    /// `bloomfilter::Bloom<str>` bytes, one per text chunk.
    pub filters: Vec<Vec<u8>>,
}

impl Blooms {
    pub fn encode(&self, build: BuildId) -> Vec<u8> {
        let mut w = Writer::new();
        w.len(self.filters.len());
        for f in &self.filters {
            w.bytes(f);
        }
        seal(Kind::Blooms, build, &w.buf)
    }

    pub fn decode(file: &[u8]) -> Result<Blooms, FormatError> {
        let payload = open(Kind::Blooms, file)?;
        let mut r = Reader::new(&payload, "Bloom filters");
        let n = r.count(1)?;
        let mut filters = Vec::with_capacity(n);
        for _ in 0..n {
            let bloom = r.bytes()?.to_vec();
            // The `bloomfilter` crate accepts a filter of no bits, then divides by its size on
            // every check: refuse it here (the builder never writes one). Not `is_empty`, which
            // means "no bit set".
            #[allow(clippy::len_zero)]
            if bloomfilter::Bloom::<str>::from_slice(&bloom).is_ok_and(|b| b.len() == 0) {
                return Err(r.error("a Bloom filter has no bits"));
            }
            filters.push(bloom);
        }
        r.finish()?;
        Ok(Blooms { filters })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk() -> TextChunk {
        let p = |resource, fields, tf| Posting { resource, fields, tf };
        TextChunk {
            terms: vec![
                Term { text: "cooperation".into(), langs: 0b11, postings: vec![p(0, field::TITLE, 1), p(5, field::SUMMARY, 3)] },
                Term { text: "cooperative".into(), langs: 0b1, postings: vec![p(2, field::TITLE | field::SUMMARY, 7)] },
                Term { text: "énergie".into(), langs: 0b1, postings: vec![p(40000, field::AUTHORS, 1)] },
            ],
        }
    }

    #[test]
    fn chunks_round_trip_and_find_terms_and_prefixes() {
        let c = chunk();
        let back = TextChunk::decode(&c.encode(BuildId(1))).unwrap();
        assert_eq!(back, c);
        assert_eq!(back.get("cooperative").unwrap().postings[0].tf, 7);
        assert!(back.get("cooperat").is_none());
        let prefixed: Vec<_> = back.with_prefix("cooperat").map(|t| t.text.as_str()).collect();
        assert_eq!(prefixed, ["cooperation", "cooperative"]);
    }

    #[test]
    fn every_truncation_of_a_chunk_is_an_error() {
        let file = chunk().encode(BuildId(1));
        for cut in 0..file.len() {
            assert!(TextChunk::decode(&file[..cut]).is_err());
        }
    }
}
