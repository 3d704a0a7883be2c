//! Labels out of the manifest: label chunks (for search) and language files (for display).
//!
//! A thesaurus published in thirty languages is mostly labels, and even the commons' four
//! languages are most of a manifest; a visitor reads one of them. The manifest keeps the labels
//! of the commons' default language (`Manifest::label_languages`), which every other language
//! falls back to. Every other label leaves it, in three layouts, each for one use:
//!
//! - **Language files** ([`LanguageLabels`]), for display: the preferred and alternative labels
//!   of one language, fetched with the manifest when the page is in that language (the entry
//!   names them), or when the visitor switches the interface to it; their labels join the
//!   thesaurus.
//! - **Label chunks** ([`LabelChunk`]), for search: the words of those labels (and their stems,
//!   in the languages the engine stems), sorted and cut into ranges like the text chunks, each
//!   chunk with the labels its words belong to. A query word fetches the chunk of its range, a
//!   few KB, so a word typed in any language still finds its descriptor and its suggestion
//!   without the visitor downloading every language.
//! - **Notes chunks** (`super::notes`) carry each concept's preferred labels in those languages,
//!   for its panel's "other languages".
//!
//! Hidden labels are never shown: they leave the manifest in every language, for label chunks.

use super::bytes::{Reader, Writer};
use super::{open, seal, BuildId, FormatError, Kind};
use crate::model::Lang;

/// Uncompressed size a label chunk is cut at, by the builder: a query word fetches one or two,
/// so they are smaller than text chunks (measured in `docs/FORMAT.md`, "Label chunk").
pub const TARGET_RAW_BYTES: usize = 4 * 1024;

/// What a key of a label chunk is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyKind {
    /// A folded word of the label (as `text::Analyzer::tokens` gives it).
    Word,
    /// The stem of a word, in the language `text::Language::ALL[i]` (the label's).
    Stem(u8),
}

impl KeyKind {
    fn code(self) -> u8 {
        match self {
            KeyKind::Word => 0,
            KeyKind::Stem(i) => 1 + i,
        }
    }

    fn from_code(code: u8) -> Option<KeyKind> {
        match code {
            0 => Some(KeyKind::Word),
            1..=4 => Some(KeyKind::Stem(code - 1)),
            _ => None,
        }
    }
}

/// A label as a chunk carries it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChunkLabel {
    /// The label's number in the build: a label whose words fall in two chunks is in both, with
    /// the same number, so that a query's words can meet on it.
    pub id: u32,
    pub concept: u32,
    pub lang: Lang,
    pub text: String,
    pub preferred: bool,
    /// How many words the label has.
    pub words: u16,
}

/// A key and the labels (indexes into [`LabelChunk::labels`]) it occurs in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelKey {
    pub key: String,
    pub kind: KeyKind,
    pub labels: Vec<u32>,
}

/// The keys from one string to the next chunk's first (keys sorted by string, then kind; the
/// keys of one string are never cut apart), with the labels they point at.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelChunk {
    pub labels: Vec<ChunkLabel>,
    pub keys: Vec<LabelKey>,
}

/// The language files' directory, as the entry and the manifest both write it.
pub fn write_files(w: &mut Writer, files: &[(Lang, String)]) {
    w.len(files.len());
    for (lang, file) in files {
        w.str(lang.as_str());
        w.str(file);
    }
}

pub fn read_files(r: &mut Reader) -> Result<Vec<(Lang, String)>, FormatError> {
    let n = r.count(2)?;
    let mut files = Vec::with_capacity(n);
    for _ in 0..n {
        files.push((r.lang()?, r.string()?));
    }
    Ok(files)
}

impl LabelChunk {
    pub fn encode(&self, build: BuildId) -> Vec<u8> {
        let mut w = Writer::new();
        let languages = w.lang_table(self.labels.iter().map(|l| &l.lang));
        w.len(self.labels.len());
        for l in &self.labels {
            w.varint(u64::from(l.id));
            w.varint(u64::from(l.concept));
            w.len(languages.binary_search(&&l.lang).expect("every label's language is in the table"));
            w.str(&l.text);
            w.u8(u8::from(l.preferred));
            w.varint(u64::from(l.words));
        }
        w.len(self.keys.len());
        for k in &self.keys {
            w.str(&k.key);
            w.u8(k.kind.code());
            w.len(k.labels.len());
            for &l in &k.labels {
                w.varint(u64::from(l));
            }
        }
        seal(Kind::Labels, build, &w.buf)
    }

    pub fn decode(file: &[u8]) -> Result<LabelChunk, FormatError> {
        let payload = open(Kind::Labels, file)?;
        let mut r = Reader::new(&payload, "label chunk");
        let languages = r.lang_table()?;
        let n = r.count(5)?;
        let mut labels = Vec::with_capacity(n);
        for _ in 0..n {
            let id = r.varint_u32()?;
            let concept = r.varint_u32()?;
            let lang = r.lang_in(&languages)?;
            let text = r.string()?;
            let preferred = r.u8()? != 0;
            let words = r.varint_u16()?;
            labels.push(ChunkLabel { id, concept, lang, text, preferred, words });
        }
        let n = r.count(3)?;
        let mut keys: Vec<LabelKey> = Vec::with_capacity(n);
        for _ in 0..n {
            let key = r.string()?;
            let code = r.u8()?;
            let kind = KeyKind::from_code(code).ok_or_else(|| r.error(format!("unknown key kind {code}")))?;
            // The engine looks keys up by binary search: out of order, they would be missed.
            if keys.last().is_some_and(|last| (last.key.as_str(), last.kind) >= (key.as_str(), kind)) {
                return Err(r.error("the keys are not in order"));
            }
            let count = r.count(1)?;
            let mut list = Vec::with_capacity(count);
            for _ in 0..count {
                let l = r.varint_u32()?;
                if l as usize >= labels.len() {
                    return Err(r.error("a key points past the chunk's labels"));
                }
                list.push(l);
            }
            keys.push(LabelKey { key, kind, labels: list });
        }
        r.finish()?;
        Ok(LabelChunk { labels, keys })
    }
}

/// The preferred and alternative labels of one language the manifest leaves out, by concept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LanguageLabels {
    pub lang: Lang,
    /// (concept, label), by concept.
    pub preferred: Vec<(u32, String)>,
    /// (concept, label), by concept.
    pub alternative: Vec<(u32, String)>,
}

fn write_by_concept(w: &mut Writer, list: &[(u32, String)]) {
    w.len(list.len());
    let mut previous = 0;
    for (c, text) in list {
        w.varint(u64::from(c - previous));
        previous = *c;
        w.str(text);
    }
}

fn read_by_concept(r: &mut Reader) -> Result<Vec<(u32, String)>, FormatError> {
    let n = r.count(2)?;
    let mut out = Vec::with_capacity(n);
    let mut concept: u32 = 0;
    for _ in 0..n {
        concept = concept.checked_add(r.varint_u32()?).ok_or_else(|| r.error("a concept number past the last"))?;
        out.push((concept, r.string()?));
    }
    Ok(out)
}

impl LanguageLabels {
    pub fn encode(&self, build: BuildId) -> Vec<u8> {
        let mut w = Writer::new();
        w.str(self.lang.as_str());
        write_by_concept(&mut w, &self.preferred);
        write_by_concept(&mut w, &self.alternative);
        seal(Kind::Language, build, &w.buf)
    }

    pub fn decode(file: &[u8]) -> Result<LanguageLabels, FormatError> {
        let payload = open(Kind::Language, file)?;
        let mut r = Reader::new(&payload, "language file");
        let lang = r.lang()?;
        let preferred = read_by_concept(&mut r)?;
        let alternative = read_by_concept(&mut r)?;
        r.finish()?;
        Ok(LanguageLabels { lang, preferred, alternative })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(code: &str) -> Lang {
        Lang::parse(code).unwrap()
    }

    fn chunk() -> LabelChunk {
        let label = |id, concept, l: &str, text: &str, words| ChunkLabel { id, concept, lang: lang(l), text: text.into(), preferred: id % 2 == 0, words };
        LabelChunk {
            labels: vec![label(7, 3, "de", "Wohnungsbau", 1), label(8, 3, "ru", "жилищное строительство", 2), label(9, 12, "es", "vivienda social", 2)],
            keys: vec![
                LabelKey { key: "vivienda".into(), kind: KeyKind::Word, labels: vec![2] },
                LabelKey { key: "vivienda".into(), kind: KeyKind::Stem(2), labels: vec![2] },
                LabelKey { key: "wohnungsbau".into(), kind: KeyKind::Word, labels: vec![0] },
                LabelKey { key: "жилищное".into(), kind: KeyKind::Word, labels: vec![1] },
            ],
        }
    }

    #[test]
    fn a_label_chunk_round_trips_and_every_cut_is_refused() {
        let c = chunk();
        let file = c.encode(BuildId(3));
        assert_eq!(LabelChunk::decode(&file).unwrap(), c);
        for cut in 0..file.len() {
            assert!(LabelChunk::decode(&file[..cut]).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn keys_out_of_order_or_pointing_past_the_labels_are_refused() {
        let mut c = chunk();
        c.keys.swap(0, 2);
        assert!(matches!(LabelChunk::decode(&c.encode(BuildId(0))), Err(FormatError::Corrupt { .. })));
        let mut c = chunk();
        c.keys[0].labels = vec![3];
        assert!(matches!(LabelChunk::decode(&c.encode(BuildId(0))), Err(FormatError::Corrupt { .. })));
    }

    #[test]
    fn a_language_file_round_trips() {
        let f = LanguageLabels { lang: lang("ru"), preferred: vec![(0, "Территория".into()), (5, "Жильё".into())], alternative: vec![(5, "Жилище".into())] };
        let file = f.encode(BuildId(1));
        assert_eq!(LanguageLabels::decode(&file).unwrap(), f);
        for cut in 0..file.len() {
            assert!(LanguageLabels::decode(&file[..cut]).is_err(), "cut at {cut}");
        }
    }
}
