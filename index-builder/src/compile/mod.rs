//! Compiling the validated commons into the index files (see `commons_atlas::format`).
//!
//! The stages:
//! 1. [`order`]: number the resources, newest first, so that postings are sorted by number and
//!    a date-sorted page reads consecutive records;
//! 2. [`facets`]: the per-resource columns and the descriptor postings;
//! 3. [`text`]: analyse every resource's text in its own language, gather the vocabulary, cut it
//!    into chunks of bounded size, and give each chunk its Bloom filter;
//! 4. [`records`]: what results show, in blocks of consecutive resources;
//! 5. the manifest that names all of the above (and holds the thesaurus and the local maps),
//!    and the entry file that names the manifest.
//!
//! The output is deterministic: the same commons gives byte-identical files.

mod facets;
mod order;
mod notes;
mod records;
mod text;

use commons_atlas::format::entry::{self, Entry};
use commons_atlas::format::manifest::{Manifest, NotesChunkRef, RecordFiles};
use commons_atlas::format::{file_name, Kind};
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
}

/// Compiles `commons` into index files.
pub fn compile(commons: &Commons) -> CompiledIndex {
    let analyzer = Analyzer::new();
    let ordered = order::newest_first(&commons.resources);
    let types = all_types(commons);
    let mut files = Vec::new();
    let mut add = |kind: Kind, bytes: Vec<u8>| -> String {
        let name = file_name(kind, &bytes);
        files.push(IndexFile { name: name.clone(), kind, bytes });
        name
    };

    let text = text::compile(&ordered, &analyzer);
    let text_chunks = text.chunks.into_iter().map(|c| {
        let file = add(Kind::Text, c.bytes);
        commons_atlas::format::manifest::TextChunkRef { first_term: c.first_term, file, bloom: c.bloom }
    });
    let text_chunks: Vec<_> = text_chunks.collect();

    let facets = facets::compile(commons, &ordered, &types, &text.lengths);
    let facets_file = add(Kind::Facets, facets.encode());

    let record_bytes: Vec<Vec<u8>> = records::compile(&ordered, RECORD_BLOCK).iter().map(|chunk| chunk.encode()).collect();
    let record_chunks = RecordFiles::of(&record_bytes);
    let record_files: Vec<IndexFile> = record_bytes
        .into_iter()
        .zip(record_chunks.names())
        .map(|(bytes, name)| IndexFile { name, kind: Kind::Records, bytes })
        .collect();

    let notes_chunks: Vec<NotesChunkRef> = notes::compile(&commons.thesaurus)
        .into_iter()
        .map(|chunk| NotesChunkRef { first: chunk.first, file: add(Kind::Notes, chunk.encode()) })
        .collect();

    let manifest = Manifest {
        name: commons.name.clone(),
        languages: commons.languages.clone(),
        sites: commons.sites.clone(),
        types,
        thesaurus: commons.thesaurus.clone(),
        maps: commons.maps.clone(),
        resources: ordered.len() as u32,
        average_length: text.average_length,
        facets: facets_file.clone(),
        text_chunks,
        record_block: RECORD_BLOCK,
        record_chunks,
        notes_chunks,
    };
    let facets_name = facets_file;
    let manifest_file = add(Kind::Manifest, manifest.encode());
    files.extend(record_files);
    files.push(IndexFile {
        name: entry::FILE_NAME.to_string(),
        kind: Kind::Entry,
        bytes: Entry { manifest: manifest_file, facets: facets_name }.encode(),
    });
    CompiledIndex { files }
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
