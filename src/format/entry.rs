//! The entry file: the one file with a stable name, which names the current manifest.
//!
//! The loader and the widget know only the index folder's address; they fetch `index.bin`
//! (cached briefly) and from it the content-hashed manifest (cached forever). Publishing a new
//! build therefore switches every visitor to it at once, with no mix of old and new files.

use super::bytes::{Reader, Writer};
use super::{open, seal, BuildId, FormatError, Kind};

/// The stable name of the entry file in an index folder.
pub const FILE_NAME: &str = "index.bin";

/// What the entry file says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// File name of the manifest, in the same folder.
    pub manifest: String,
}

impl Entry {
    /// The entry of a build: its header states the build's identity, which the manifest it
    /// names must share.
    pub fn encode(&self, build: BuildId) -> Vec<u8> {
        let mut w = Writer::new();
        w.str(&self.manifest);
        seal(Kind::Entry, build, &w.buf)
    }

    pub fn decode(file: &[u8]) -> Result<Entry, FormatError> {
        let payload = open(Kind::Entry, file)?;
        let mut r = Reader::new(&payload, "entry");
        let manifest = r.string()?;
        r.finish()?;
        Ok(Entry { manifest })
    }
}
