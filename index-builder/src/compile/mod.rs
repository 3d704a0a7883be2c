//! Compiling the validated commons into the index files (see `commons_atlas::format`).
//!
//! The stages:
//! 1. [`order`]: number the resources, newest first, so that postings are sorted by number and
//!    a date-sorted page reads consecutive records;
//! 2. [`facets`]: the per-resource columns and the descriptor postings;
//! 3. [`text`]: analyse every resource's text in its own language, gather the vocabulary, cut it
//!    into chunks of bounded size, and give each chunk its Bloom filter;
//! 4. [`records`]: what results show, in blocks of consecutive resources;
//! 5. [`labels`] and [`notes`]: the thesaurus' labels the first screen does not need (label
//!    chunks, language files) and its notes, out of the manifest;
//! 6. the manifest that names all of the above (and holds the thesaurus and the local maps),
//!    and the entry file that names the manifest.
//!
//! The output is deterministic: the same commons gives byte-identical files, with the same build
//! identity.

mod facets;
mod labels;
mod order;
mod notes;
mod records;
mod text;

use commons_atlas::format::entry::{self, Entry};
use commons_atlas::format::manifest::{LabelChunkRef, Manifest, NotesChunkRef, RecordFiles, TextChunkRef};
use commons_atlas::format::text::Blooms;
use commons_atlas::format::{self, BuildId, Kind};
use commons_atlas::model::{Commons, Labels, ResourceType};
use commons_atlas::text::Analyzer;

/// Resources per record chunk: one, so that a result shown costs its own record (about 300 bytes)
/// and nothing else, and ticking a facet fetches only the records of newly shown results.
pub const RECORD_BLOCK: u32 = 1;

/// One file of the index, ready to write.
pub struct IndexFile {
    pub name: String,
    pub kind: Kind,
    pub bytes: Vec<u8>,
}

/// Every file of the index, the entry file last.
pub struct CompiledIndex {
    pub files: Vec<IndexFile>,
    /// The identity every file carries.
    pub build: BuildId,
}

/// Compiles `commons` into index files.
///
/// Every file carries the build's identity (`format::BuildId`), computed from the content of all
/// the others: chunks are sealed first, the identity is derived from them and from the
/// manifest's content, then stamped into each, and only then are the files named (text chunks and
/// facets by their hash, record chunks by their set's, `format::manifest::RecordFiles`).
pub fn compile(commons: &Commons) -> CompiledIndex {
    let analyzer = Analyzer::new();
    let ordered = order::newest_first(&commons.resources);
    let types = all_types(commons);
    let unstamped = BuildId::default();

    let text = text::compile(&ordered, &analyzer);
    let blooms = (!text.chunks.is_empty()).then(|| Blooms { filters: text.chunks.iter().map(|c| c.bloom.clone()).collect() }.encode(unstamped));
    let facets = facets::compile(commons, &ordered, &types, &text.lengths).encode(unstamped);
    let mut record_chunks: Vec<Vec<u8>> = records::compile(&ordered, RECORD_BLOCK).iter().map(|chunk| chunk.encode(unstamped)).collect();
    let split = labels::split(&commons.thesaurus, &commons.languages, &analyzer);
    let notes_chunks: Vec<(u32, Vec<u8>)> = notes::compile(&commons.thesaurus, &split.other_preferred).iter().map(|chunk| (chunk.first, chunk.encode(unstamped))).collect();
    let label_chunks: Vec<(String, Vec<u8>)> = split.chunks.iter().map(|(first, chunk)| (first.clone(), chunk.encode(unstamped))).collect();
    let language_files: Vec<(commons_atlas::model::Lang, Vec<u8>)> = split.languages.iter().map(|f| (f.lang.clone(), f.encode(unstamped))).collect();
    let mut manifest = Manifest {
        name: commons.name.clone(),
        languages: commons.languages.clone(),
        sites: commons.sites.clone(),
        types,
        thesaurus: split.thesaurus,
        maps: commons.maps.clone(),
        resources: ordered.len() as u32,
        average_length: text.average_length,
        facets: String::new(),
        text_chunks: text.chunks.iter().map(|c| TextChunkRef { first_term: c.first_term.clone(), file: String::new() }).collect(),
        blooms: String::new(),
        record_block: RECORD_BLOCK,
        record_chunks: RecordFiles { set: String::new(), count: record_chunks.len() as u32 },
        notes_chunks: notes_chunks.iter().map(|(first, _)| NotesChunkRef { first: *first, file: String::new() }).collect(),
        label_chunks: label_chunks.iter().map(|(first, _)| LabelChunkRef { first_key: first.clone(), file: String::new() }).collect(),
        language_files: language_files.iter().map(|(lang, _)| (lang.clone(), String::new())).collect(),
    };
    let manifest_content = manifest.payload();
    let build = BuildId::of(
        text.chunks
            .iter()
            .map(|c| (Kind::Text, &c.bytes[..]))
            .chain(blooms.iter().map(|b| (Kind::Blooms, &b[..])))
            .chain([(Kind::Facets, &facets[..])])
            .chain(record_chunks.iter().map(|b| (Kind::Records, &b[..])))
            .chain(notes_chunks.iter().map(|(_, b)| (Kind::Notes, &b[..])))
            .chain(label_chunks.iter().map(|(_, b)| (Kind::Labels, &b[..])))
            .chain(language_files.iter().map(|(_, b)| (Kind::Language, &b[..])))
            .chain([(Kind::Manifest, &manifest_content[..])]),
    );

    let mut files = Vec::new();
    let mut add = |kind: Kind, mut bytes: Vec<u8>| -> String {
        format::stamp(&mut bytes, build);
        let name = format::file_name(kind, &bytes);
        files.push(IndexFile { name: name.clone(), kind, bytes });
        name
    };
    for (chunk, slot) in text.chunks.into_iter().zip(&mut manifest.text_chunks) {
        slot.file = add(Kind::Text, chunk.bytes);
    }
    if let Some(blooms) = blooms {
        manifest.blooms = add(Kind::Blooms, blooms);
    }
    let facets_file = add(Kind::Facets, facets);
    manifest.facets = facets_file.clone();
    for ((_, bytes), slot) in notes_chunks.into_iter().zip(&mut manifest.notes_chunks) {
        slot.file = add(Kind::Notes, bytes);
    }
    for ((_, bytes), slot) in label_chunks.into_iter().zip(&mut manifest.label_chunks) {
        slot.file = add(Kind::Labels, bytes);
    }
    for ((_, bytes), slot) in language_files.into_iter().zip(&mut manifest.language_files) {
        slot.1 = add(Kind::Language, bytes);
    }
    let languages = manifest.language_files.clone();
    for bytes in &mut record_chunks {
        format::stamp(bytes, build);
    }
    manifest.record_chunks = RecordFiles::of(&record_chunks);
    let manifest_file = add(Kind::Manifest, manifest.encode(build));
    files.extend(record_chunks.into_iter().zip(manifest.record_chunks.names()).map(|(bytes, name)| IndexFile { name, kind: Kind::Records, bytes }));
    files.push(IndexFile {
        name: entry::FILE_NAME.to_string(),
        kind: Kind::Entry,
        bytes: Entry { manifest: manifest_file, facets: facets_file, languages }.encode(build),
    });
    CompiledIndex { files, build }
}

/// The configured types, then any type the feeds used that the configuration does not list
/// (labelled with its key), so that every resource's type has a number.
fn all_types(commons: &Commons) -> Vec<ResourceType> {
    let mut types = commons.types.clone();
    let mut extra: Vec<&str> = commons
        .resources
        .iter()
        .filter_map(|r| r.kind.as_deref())
        .filter(|k| !types.iter().any(|t| t.key == *k))
        .collect();
    extra.sort_unstable();
    extra.dedup();
    for key in extra {
        types.push(ResourceType { key: key.to_string(), labels: Labels::new() });
    }
    types
}
