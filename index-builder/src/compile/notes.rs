//! Notes chunks: the concepts' documentation notes, cut into chunks of consecutive concepts
//! (`commons_atlas::format::notes` says why they are not in the manifest).

use commons_atlas::format::notes::{NotesChunk, TARGET_RAW_BYTES};
use commons_atlas::model::Thesaurus;

/// The chunks, covering every concept from 0; none when no concept has a note.
pub fn compile(thesaurus: &Thesaurus) -> Vec<NotesChunk> {
    if thesaurus.concepts.iter().all(|c| c.notes.is_empty()) {
        return Vec::new();
    }
    let mut chunks: Vec<NotesChunk> = Vec::new();
    let mut current = NotesChunk::default();
    let mut bytes = 0;
    for (i, concept) in thesaurus.concepts.iter().enumerate() {
        if bytes >= TARGET_RAW_BYTES {
            let next = NotesChunk { first: i as u32, notes: Vec::new() };
            chunks.push(std::mem::replace(&mut current, next));
            bytes = 0;
        }
        bytes += 1 + concept.notes.iter().map(|n| n.text.len() + 4).sum::<usize>();
        current.notes.push(concept.notes.clone());
    }
    chunks.push(current);
    chunks
}
