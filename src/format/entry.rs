//! The entry file: the one file with a stable name, which names the current manifest and the
//! other files the first screen needs.
//!
//! The loader and the widget know only the index folder's address; they fetch `index.bin`
//! (cached briefly) and from it the content-hashed files (cached forever). Publishing a new
//! build therefore switches every visitor to it at once, with no mix of old and new files.
//!
//! The entry also lists the facets file, which the manifest names too, so that the loader can
//! fetch manifest and facets side by side while the wasm compiles, instead of one after the
//! other once it runs. For the same reason its payload is *stored* (DEFLATE level 0, whose
//! blocks hold the bytes as they are): the loader finds the file names in it with a regular
//! expression, without inflating or decoding anything. It only guesses what to fetch early;
//! the engine still decodes and checks the entry and every file it names.
//!
//! Last, it names the language files (`super::labels`): a page in one of those languages needs
//! its file with the manifest, and the entry lets the engine fetch both at once.

use super::bytes::{Reader, Writer};
use super::{open, seal_stored, BuildId, FormatError, Kind};
use crate::model::Lang;

/// The stable name of the entry file in an index folder.
pub const FILE_NAME: &str = "index.bin";

/// What the entry file says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// File name of the manifest, in the same folder.
    pub manifest: String,
    /// File name of the facets file (the same as the manifest's `facets`).
    pub facets: String,
    /// The language files, by language: the labels of languages the manifest leaves out.
    pub languages: Vec<(Lang, String)>,
}

impl Entry {
    /// The entry of a build: its header states the build's identity, which the manifest it
    /// names must share.
    pub fn encode(&self, build: BuildId) -> Vec<u8> {
        let mut w = Writer::new();
        w.str(&self.manifest);
        w.str(&self.facets);
        super::labels::write_files(&mut w, &self.languages);
        seal_stored(Kind::Entry, build, &w.buf)
    }

    pub fn decode(file: &[u8]) -> Result<Entry, FormatError> {
        let payload = open(Kind::Entry, file)?;
        let mut r = Reader::new(&payload, "entry");
        let manifest = r.string()?;
        let facets = r.string()?;
        let languages = super::labels::read_files(&mut r)?;
        r.finish()?;
        Ok(Entry { manifest, facets, languages })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_names_can_be_read_in_the_entry_without_inflating_it() {
        let entry = Entry { manifest: "manifest-0123456789abcdef.bin".into(), facets: "facets-fedcba9876543210.bin".into(), languages: vec![(Lang::parse("ru").unwrap(), "language-00112233445566ff.bin".into())] };
        let file = entry.encode(BuildId(7));
        assert_eq!(Entry::decode(&file).unwrap(), entry);
        // What the loader (www/atlas.js) does: the names appear in the bytes as they are.
        let text = String::from_utf8_lossy(&file);
        assert!(text.contains("manifest-0123456789abcdef.bin") && text.contains("facets-fedcba9876543210.bin"), "{text:?}");
        // And a language file's name just after its code and the name's length, 29 bytes: the
        // loader's pattern `([a-z0-9-]+)\x1d(language-[0-9a-f]{16}\.bin)`.
        assert!(text.contains("ru\u{1d}language-00112233445566ff.bin"), "{text:?}");
    }
}
