//! The index format: the static files the builder writes and the widget reads.
//!
//! One module holds both the encoder (called by `index-builder`) and the decoder (called by the
//! engine, natively and in wasm), so that round-trip tests keep them in step. The byte layout is
//! documented in `docs/FORMAT.md`; change both together.
//!
//! Every file is a *container*: a fixed header (magic, kind, format version, payload length,
//! CRC-32 of the payload, the identity of the build that wrote it) followed by the payload
//! compressed with DEFLATE. The build identity ([`BuildId`]) lets the engine refuse a file of
//! another build that a manifest names (a host or CDN mixing two releases, an upload gone wrong)
//! instead of answering with postings that point at other resources. Files are compressed by
//! the builder rather than left to the web server, like Pagefind's, so that their size on the
//! wire does not depend on how a member's host is configured. Apart from the small [`entry`] file
//! with a stable name, every file is named after a hash of its bytes, so it can be cached forever.
//!
//! | kind | module | what a query needs it for |
//! |---|---|---|
//! | entry | [`entry`] | names the current manifest and facets |
//! | manifest | [`manifest`] | thesaurus, sites, types, directories of the other files |
//! | facets | [`facets`] | per-resource columns (site, type, language, year, length) and descriptor postings |
//! | text chunk | [`text`] | a range of the vocabulary with its postings |
//! | Bloom filters | [`text`] | one per text chunk, sparing a word the chunks that cannot hold it, once loaded |
//! | record chunk | [`records`] | what a result shows, for a block of consecutive resources |
//! | notes chunk | [`notes`] | the documentation notes of consecutive concepts (and their labels in the languages the manifest leaves out), for their panels |
//! | label chunk | [`labels`] | a range of the words of the labels the manifest leaves out, with those labels |
//! | language file | [`labels`] | one language's labels the manifest leaves out, for a page, or an interface switched, in that language |

pub mod bytes;
pub mod entry;
pub mod facets;
pub mod labels;
pub mod manifest;
pub mod notes;
pub mod records;
pub mod text;

use std::fmt;

/// Identifies the files of this format.
pub const MAGIC: [u8; 4] = *b"CATL";
/// Bumped on any change a previous decoder would misread (the table in `docs/FORMAT.md`).
pub const FORMAT_VERSION: u16 = 5;
/// Header bytes before the compressed payload.
pub const HEADER_LEN: usize = 4 + 1 + 2 + 1 + 4 + 4 + 8;
/// No payload of any kind is larger: bounds what a corrupt header can make the decoder allocate.
pub const MAX_PAYLOAD: u32 = 64 << 20;

/// The kind of a file, written in its header so that a file cannot be read as another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Entry = 1,
    Manifest = 2,
    Facets = 3,
    Text = 4,
    Records = 5,
    Notes = 6,
    Labels = 7,
    Language = 8,
    Blooms = 9,
}

impl Kind {
    pub const ALL: [Kind; 9] = [Kind::Entry, Kind::Manifest, Kind::Facets, Kind::Text, Kind::Records, Kind::Notes, Kind::Labels, Kind::Language, Kind::Blooms];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Entry => "entry",
            Kind::Manifest => "manifest",
            Kind::Facets => "facets",
            Kind::Text => "text",
            Kind::Records => "records",
            Kind::Notes => "notes",
            Kind::Labels => "labels",
            Kind::Language => "language",
            Kind::Blooms => "blooms",
        }
    }

    fn from_byte(b: u8) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| *k as u8 == b)
    }

    /// The kind a file name says it is (`text-…bin` → text), for tools that list an index.
    pub fn of_file_name(name: &str) -> Option<Kind> {
        if name == entry::FILE_NAME {
            return Some(Kind::Entry);
        }
        let prefix = name.split('-').next()?;
        Kind::ALL.into_iter().find(|k| k.name() == prefix)
    }
}

/// The identity of one build: every file of the build carries it in its header.
///
/// The builder derives it from the content of the whole build ([`BuildId::of`]), so the same
/// commons still gives byte-identical files, and any change to any file changes it (and with it
/// every content-hashed name).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct BuildId(pub u64);

impl BuildId {
    /// The identity of a build made of `parts` (each with its kind, in the order the builder
    /// writes them): the builder gives its chunks as sealed before they are [`stamp`]ed, and the
    /// manifest's payload with its file names left empty, since those names depend on the
    /// identity.
    pub fn of<'a>(parts: impl IntoIterator<Item = (Kind, &'a [u8])>) -> BuildId {
        BuildId(fnv1a(parts.into_iter().flat_map(|(kind, payload)| {
            std::iter::once(kind as u8).chain((payload.len() as u64).to_le_bytes()).chain(payload.iter().copied())
        })))
    }

    /// The identity a file's header states, if it has a header at all.
    pub fn of_file(file: &[u8]) -> Option<BuildId> {
        if file.len() < HEADER_LEN || file[..4] != MAGIC {
            return None;
        }
        let mut b = [0u8; 8];
        b.copy_from_slice(&file[16..24]);
        Some(BuildId(u64::from_le_bytes(b)))
    }

    /// Refuses a file that was not written by this build (or has no header).
    pub fn check(self, file: &[u8]) -> Result<(), FormatError> {
        match BuildId::of_file(file) {
            Some(found) if found == self => Ok(()),
            Some(found) => Err(FormatError::OtherBuild { expected: self, found }),
            None => Err(FormatError::NotAnIndexFile),
        }
    }
}

impl fmt::Display for BuildId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

/// Why a file cannot be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatError {
    NotAnIndexFile,
    WrongKind { expected: Kind, found: Option<Kind> },
    UnsupportedVersion { found: u16 },
    Truncated { expected: usize, found: usize },
    TooLarge { len: u32 },
    Decompression(String),
    ChecksumMismatch,
    Corrupt { what: &'static str, offset: usize, detail: String },
    /// The file is sound but belongs to another build than the manifest's: the folder mixes two
    /// releases (typically a page opened before a new release, or a cache serving old files).
    OtherBuild { expected: BuildId, found: BuildId },
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::NotAnIndexFile => write!(f, "this is not a commons atlas index file"),
            FormatError::WrongKind { expected, found } => match found {
                Some(k) => write!(f, "expected a {} file, found a {} file", expected.name(), k.name()),
                None => write!(f, "expected a {} file, found an unknown kind", expected.name()),
            },
            FormatError::UnsupportedVersion { found } => write!(
                f,
                "the index is in format version {found}, this reader reads version {FORMAT_VERSION}: rebuild the index or update the widget"
            ),
            FormatError::Truncated { expected, found } => {
                write!(f, "the file is truncated ({found} bytes, at least {expected} expected)")
            }
            FormatError::TooLarge { len } => write!(f, "the file announces {len} bytes, more than any index file holds"),
            FormatError::Decompression(e) => write!(f, "the file's content cannot be decompressed: {e}"),
            FormatError::ChecksumMismatch => write!(f, "the file's checksum does not match its content: it is corrupt"),
            FormatError::Corrupt { what, offset, detail } => write!(f, "corrupt {what} at byte {offset}: {detail}"),
            FormatError::OtherBuild { expected, found } => write!(
                f,
                "the file belongs to build {found}, the manifest to build {expected}: the folder mixes two releases of the index"
            ),
        }
    }
}

impl std::error::Error for FormatError {}

/// The CRC-32 (ISO-HDLC, as zlib and gzip) of a payload. The crate `crc` with its default
/// byte-wise table (1 KB) rather than `crc32fast`, whose 16 KB of tables would weigh more in the
/// widget's wasm than the speed is worth there: the builder checksums a few MB per build.
fn checksum(payload: &[u8]) -> u32 {
    const CRC32: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC);
    CRC32.checksum(payload)
}

/// Wraps a payload into a file of the given kind and build.
pub fn seal(kind: Kind, build: BuildId, payload: &[u8]) -> Vec<u8> {
    seal_at(kind, build, payload, 9)
}

/// Like [`seal`], with the payload in DEFLATE's stored blocks (level 0): the bytes as they are,
/// readable without inflating (see [`entry`]). Any DEFLATE decoder reads them.
pub fn seal_stored(kind: Kind, build: BuildId, payload: &[u8]) -> Vec<u8> {
    seal_at(kind, build, payload, 0)
}

fn seal_at(kind: Kind, build: BuildId, payload: &[u8], level: u8) -> Vec<u8> {
    let compressed = miniz_oxide::deflate::compress_to_vec(payload, level);
    let mut out = Vec::with_capacity(HEADER_LEN + compressed.len());
    out.extend_from_slice(&MAGIC);
    out.push(kind as u8);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.push(0); // flags, reserved
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(&checksum(payload).to_le_bytes());
    out.extend_from_slice(&build.0.to_le_bytes());
    out.extend_from_slice(&compressed);
    out
}

/// Sets the build identity of a sealed file. The builder seals (and compresses) each chunk
/// before the build's identity is known, since the identity is computed from them.
pub fn stamp(file: &mut [u8], build: BuildId) {
    if let Some(slot) = file.get_mut(16..24) {
        slot.copy_from_slice(&build.0.to_le_bytes());
    }
}

/// Checks a file's header and checksum and returns its payload. Which build the file belongs
/// to is the caller's to check ([`BuildId::check`]): only the caller knows the manifest.
pub fn open(kind: Kind, file: &[u8]) -> Result<Vec<u8>, FormatError> {
    if file.len() < 4 || file[..4] != MAGIC {
        return Err(FormatError::NotAnIndexFile);
    }
    if file.len() < HEADER_LEN {
        return Err(FormatError::Truncated { expected: HEADER_LEN, found: file.len() });
    }
    let found = Kind::from_byte(file[4]);
    if found != Some(kind) {
        return Err(FormatError::WrongKind { expected: kind, found });
    }
    let version = u16::from_le_bytes([file[5], file[6]]);
    if version != FORMAT_VERSION {
        return Err(FormatError::UnsupportedVersion { found: version });
    }
    let len = u32::from_le_bytes([file[8], file[9], file[10], file[11]]);
    if len > MAX_PAYLOAD {
        return Err(FormatError::TooLarge { len });
    }
    let crc = u32::from_le_bytes([file[12], file[13], file[14], file[15]]);
    let payload = miniz_oxide::inflate::decompress_to_vec_with_limit(&file[HEADER_LEN..], len as usize)
        .map_err(|e| FormatError::Decompression(format!("{:?}", e.status)))?;
    if payload.len() != len as usize {
        return Err(FormatError::Truncated { expected: len as usize, found: payload.len() });
    }
    if checksum(&payload) != crc {
        return Err(FormatError::ChecksumMismatch);
    }
    Ok(payload)
}

/// The content-hashed name of a file: `kind-<16 hex digits>.bin`.
pub fn file_name(kind: Kind, file: &[u8]) -> String {
    format!("{}-{:016x}.bin", kind.name(), fnv1a(file.iter().copied()))
}

/// FNV-1a, 64 bits: enough to tell apart the few thousand files of one index, and no
/// dependency for something that is only a cache key.
pub(crate) fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_payload_opens_only_as_its_own_kind() {
        let file = seal(Kind::Text, BuildId(7), b"hello hello hello");
        assert_eq!(open(Kind::Text, &file).unwrap(), b"hello hello hello");
        assert!(matches!(open(Kind::Records, &file), Err(FormatError::WrongKind { .. })));
        assert!(file_name(Kind::Text, &file).starts_with("text-"));
    }

    #[test]
    fn every_truncation_is_an_error_and_no_byte_flip_changes_content_unnoticed() {
        let payload: Vec<u8> = (0..2000u32).flat_map(|i| (i % 251).to_le_bytes()).collect();
        let file = seal(Kind::Facets, BuildId(7), &payload);
        for cut in 0..file.len() {
            assert!(open(Kind::Facets, &file[..cut]).is_err(), "cut at {cut}");
        }
        for i in 0..file.len() {
            for bit in [0x01, 0x80] {
                let mut bad = file.clone();
                bad[i] ^= bit;
                // A flip either is detected or lands in bits that carry nothing (the reserved
                // flags, the padding after the last DEFLATE block): never different content.
                // A flip in the build identity is the caller's check.
                match open(Kind::Facets, &bad) {
                    Err(_) => {}
                    Ok(_) if (16..24).contains(&i) => assert!(BuildId(7).check(&bad).is_err(), "flip at {i}"),
                    Ok(p) => assert_eq!(p, payload, "flip at {i} changed the content unnoticed"),
                }
            }
        }
    }

    #[test]
    fn another_version_says_so() {
        let mut file = seal(Kind::Manifest, BuildId(7), b"x");
        file[5] = 9;
        let err = open(Kind::Manifest, &file).unwrap_err();
        assert!(err.to_string().contains("format version 9"));
    }

    #[test]
    fn a_file_of_another_build_is_refused_by_name() {
        let ours = BuildId::of([(Kind::Text, &b"aaa"[..]), (Kind::Facets, &b"bbb"[..])]);
        let theirs = BuildId::of([(Kind::Text, &b"aaa"[..]), (Kind::Facets, &b"bbc"[..])]);
        assert_ne!(ours, theirs, "one byte of one file changes the build");
        assert_eq!(ours, BuildId::of([(Kind::Text, &b"aaa"[..]), (Kind::Facets, &b"bbb"[..])]), "and nothing else does");
        let same_content = seal(Kind::Text, theirs, b"aaa");
        // The file itself is sound: only the build tells it apart.
        assert_eq!(open(Kind::Text, &same_content).unwrap(), b"aaa");
        assert_eq!(BuildId::of_file(&same_content), Some(theirs));
        assert_eq!(ours.check(&same_content), Err(FormatError::OtherBuild { expected: ours, found: theirs }));
        assert!(ours.check(&seal(Kind::Text, ours, b"aaa")).is_ok());
        let mut stamped = same_content.clone();
        stamp(&mut stamped, ours);
        assert_eq!(stamped, seal(Kind::Text, ours, b"aaa"), "stamping is sealing with the identity");
        assert!(ours.check(b"<html>").is_err());
        assert_ne!(file_name(Kind::Text, &same_content), file_name(Kind::Text, &seal(Kind::Text, ours, b"aaa")));
        let message = FormatError::OtherBuild { expected: ours, found: theirs }.to_string();
        assert!(message.contains(&theirs.to_string()) && message.contains("two releases"), "{message}");
    }
}
