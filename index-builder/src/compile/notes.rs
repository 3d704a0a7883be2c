//! Notes chunks: the concepts' documentation notes, and their preferred labels left out of the
//! manifest (`super::labels`), cut into chunks of consecutive concepts
//! (`commons_atlas::format::notes` says why they are not in the manifest).

use commons_atlas::format::notes::{NotesChunk, TARGET_RAW_BYTES};
use commons_atlas::model::{Lang, Thesaurus};

/// The chunks, covering every concept from 0; none when no concept has a note or such a label.
/// `other_labels[i]` are concept `i`'s.
pub fn compile(thesaurus: &Thesaurus, other_labels: &[Vec<(Lang, String)>]) -> Vec<NotesChunk> {
    if thesaurus.concepts.iter().all(|c| c.notes.is_empty()) && other_labels.iter().all(Vec::is_empty) {
        return Vec::new();
    }
    let mut chunks: Vec<NotesChunk> = Vec::new();
    let mut current = NotesChunk::default();
    let mut bytes = 0;
    for (i, concept) in thesaurus.concepts.iter().enumerate() {
        if bytes >= TARGET_RAW_BYTES {
            let next = NotesChunk { first: i as u32, ..NotesChunk::default() };
            chunks.push(std::mem::replace(&mut current, next));
            bytes = 0;
        }
        let labels = other_labels.get(i).cloned().unwrap_or_default();
        bytes += 2 + concept.notes.iter().map(|n| n.text.len() + 4).sum::<usize>() + labels.iter().map(|(_, t)| t.len() + 2).sum::<usize>();
        current.notes.push(concept.notes.clone());
        current.labels.push(labels);
    }
    chunks.push(current);
    chunks
}
