//! Notes chunks: the documentation notes of consecutive concepts, out of the manifest.
//!
//! Scope notes, definitions, examples and history notes are what a descriptor's panel shows,
//! and only there; in every language a thesaurus gives them, they can outweigh the rest of the
//! thesaurus. The first screen needs none of them, so the manifest leaves them out and the
//! concepts' notes are cut into chunks of consecutive concepts (about [`TARGET_RAW_BYTES`]
//! each), which the widget fetches when a panel opens (`Engine::notes_file`).
//!
//! The chunk also carries each concept's preferred labels in the languages the manifest leaves
//! out (`super::labels`): the panel's "other languages" are shown with its notes, and like them
//! only there. A chunk is self-contained: it carries the language codes its texts use.

use super::bytes::{Reader, Writer};
use super::{open, seal, BuildId, FormatError, Kind};
use crate::model::{Lang, Note, NoteKind};

/// Uncompressed size a chunk is cut at, by the builder: a panel costs a few KB.
pub const TARGET_RAW_BYTES: usize = 16 * 1024;

/// The notes of concepts `first .. first + notes.len()`, each concept's in the thesaurus' order,
/// and their preferred labels out of the manifest (`labels[i]` for the concept `first + i`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NotesChunk {
    pub first: u32,
    pub notes: Vec<Vec<Note>>,
    pub labels: Vec<Vec<(Lang, String)>>,
}

fn kind_code(kind: NoteKind) -> u8 {
    match kind {
        NoteKind::Scope => 0,
        NoteKind::Definition => 1,
        NoteKind::Note => 2,
        NoteKind::Example => 3,
        NoteKind::History => 4,
    }
}

impl NotesChunk {
    pub fn encode(&self, build: BuildId) -> Vec<u8> {
        let mut w = Writer::new();
        w.varint(u64::from(self.first));
        let languages = w.lang_table(self.notes.iter().flatten().map(|n| &n.lang).chain(self.labels.iter().flatten().map(|(l, _)| l)));
        w.len(self.notes.len());
        for notes in &self.notes {
            w.len(notes.len());
            for note in notes {
                w.u8(kind_code(note.kind));
                w.len(languages.binary_search(&&note.lang).expect("every note's language is in the table"));
                w.str(&note.text);
            }
        }
        w.len(self.labels.len());
        for labels in &self.labels {
            w.len(labels.len());
            for (lang, text) in labels {
                w.len(languages.binary_search(&lang).expect("every label's language is in the table"));
                w.str(text);
            }
        }
        seal(Kind::Notes, build, &w.buf)
    }

    pub fn decode(file: &[u8]) -> Result<NotesChunk, FormatError> {
        let payload = open(Kind::Notes, file)?;
        let mut r = Reader::new(&payload, "notes chunk");
        let first = r.varint_u32()?;
        let languages = r.lang_table()?;
        let n = r.count(1)?;
        let mut notes = Vec::with_capacity(n);
        for _ in 0..n {
            let count = r.count(3)?;
            let mut concept = Vec::with_capacity(count);
            for _ in 0..count {
                let code = r.u8()?;
                let kind = NoteKind::ALL.into_iter().find(|&k| kind_code(k) == code).ok_or_else(|| r.error(format!("unknown note kind {code}")))?;
                let lang = r.lang_in(&languages)?;
                concept.push(Note { kind, lang, text: r.string()? });
            }
            notes.push(concept);
        }
        let n_labels = r.count(1)?;
        if n_labels != 0 && n_labels != notes.len() {
            return Err(r.error("the chunk's labels are not of its concepts"));
        }
        let mut labels = Vec::with_capacity(n_labels);
        for _ in 0..n_labels {
            let count = r.count(2)?;
            let mut concept = Vec::with_capacity(count);
            for _ in 0..count {
                let lang = r.lang_in(&languages)?;
                concept.push((lang, r.string()?));
            }
            labels.push(concept);
        }
        r.finish()?;
        if u64::from(first) + notes.len() as u64 > u64::from(u32::MAX) {
            return Err(r.error("the chunk's concepts run past the last concept number"));
        }
        Ok(NotesChunk { first, notes, labels })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_and_labels_round_trip_in_their_order_with_their_languages() {
        let note = |kind, lang: &str, text: &str| Note { kind, lang: Lang::parse(lang).unwrap(), text: text.into() };
        let chunk = NotesChunk {
            first: 40,
            notes: vec![
                vec![note(NoteKind::Scope, "fr", "Deux"), note(NoteKind::Scope, "fr", "Un"), note(NoteKind::Definition, "ar", "تعريف")],
                vec![],
                vec![note(NoteKind::History, "pt-br", "Histórico")],
            ],
            labels: vec![vec![(Lang::parse("de").unwrap(), "Wohnen".into())], vec![], vec![(Lang::parse("ar").unwrap(), "سكن".into())]],
        };
        assert_eq!(NotesChunk::decode(&chunk.encode(BuildId::default())).unwrap(), chunk);
        let file = chunk.encode(BuildId::default());
        for cut in 0..file.len() {
            assert!(NotesChunk::decode(&file[..cut]).is_err(), "cut at {cut}");
        }
    }
}
