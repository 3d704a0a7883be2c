//! The manifest: everything the widget needs before the first query, and where the rest is.
//!
//! It holds the whole thesaurus' structure, with the labels of the commons' default language
//! ([`Manifest::label_languages`]; the others are in language files, label chunks and notes
//! chunks, `super::labels` says why), the local maps (a few concept numbers each: the widget
//! derives the rest of a map from the thesaurus), the sites and types, and the directories of the
//! other files: the facet data, the text chunks (each by its first term) and their Bloom filters,
//! the record chunks, the notes and label chunks, the language files.

use super::bytes::{Reader, Writer};
use super::{open, seal, BuildId, FormatError, Kind};
use crate::model::{
    Cell, Concept, ConceptId, Dimension, Family, Labels, Lang, LocalMap, Matrix, ResourceType, Role, Site,
    Thesaurus,
};
use std::collections::BTreeMap;

/// A text chunk in the directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextChunkRef {
    /// The chunk holds the terms from this one (inclusive) to the next chunk's first term.
    pub first_term: String,
    pub file: String,
}

/// Everything loaded before the first query.
#[derive(Clone, Debug, PartialEq)]
pub struct Manifest {
    pub name: Option<String>,
    /// The commons' languages, default first; facet language indexes point here.
    pub languages: Vec<Lang>,
    pub sites: Vec<Site>,
    /// Configured types first, then any other type the feeds used (labelled with its key).
    pub types: Vec<ResourceType>,
    pub thesaurus: Thesaurus,
    /// The local maps (`[[maps]]` of `commons.toml`), in the order configured.
    pub maps: Vec<LocalMap>,
    pub resources: u32,
    /// Average quantised text length, for BM25 length normalisation.
    pub average_length: f32,
    pub facets: String,
    pub text_chunks: Vec<TextChunkRef>,
    /// The text chunks' Bloom filters (`super::text::Blooms`); empty when there is no chunk.
    pub blooms: String,
    /// Resources per record chunk.
    pub record_block: u32,
    pub record_chunks: RecordFiles,
    /// The concepts' notes, out of the thesaurus above (whose concepts have none here): chunk
    /// refs by first concept, the first one 0 (see `super::notes`). Empty when no concept has
    /// a note.
    pub notes_chunks: Vec<NotesChunkRef>,
    /// The label chunks (`super::labels`), by first key; empty when the manifest holds every label.
    pub label_chunks: Vec<LabelChunkRef>,
    /// The language files (`super::labels`), by language (the entry names them too).
    pub language_files: Vec<(Lang, String)>,
}

/// A label chunk in the directory: it holds the keys from `first_key` (inclusive) to the next
/// chunk's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelChunkRef {
    pub first_key: String,
    pub file: String,
}

impl Manifest {
    /// Every file this manifest names: what the release is made of, with the manifest itself and
    /// the entry (a folder may also hold earlier releases, kept for pages still open on them).
    pub fn file_names(&self) -> Vec<String> {
        let mut out = vec![self.facets.clone()];
        out.extend(self.text_chunks.iter().map(|c| c.file.clone()));
        out.extend((!self.blooms.is_empty()).then(|| self.blooms.clone()));
        out.extend(self.record_chunks.names());
        out.extend(self.notes_chunks.iter().map(|c| c.file.clone()));
        out.extend(self.label_chunks.iter().map(|c| c.file.clone()));
        out.extend(self.language_files.iter().map(|(_, f)| f.clone()));
        out
    }

    /// The languages whose preferred and alternative labels the manifest keeps: the commons'
    /// default language alone. A visitor reads one language; the others are in language files
    /// (fetched for a page, or an interface switched, in that language), label chunks (search)
    /// and notes chunks (a panel's other languages): `super::labels`.
    pub fn label_languages(commons_languages: &[Lang]) -> Vec<Lang> {
        commons_languages.iter().take(1).cloned().collect()
    }
}

/// Where the notes of concepts `first ..` (up to the next chunk's first) are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotesChunkRef {
    pub first: u32,
    pub file: String,
}

/// The record chunks' file names: `records-<set>-<i>.bin` for chunk `i`.
///
/// A chunk holds a resource or a few (see `Manifest::record_block`), so that a result costs
/// the bytes of its own record; at 50,000 resources that is tens of thousands of files, and a
/// content hash per file in the manifest would make it one of the largest files of the first
/// visit. So the chunks share one *set* name, a hash of all their bytes: any change of any record
/// renames them all, which costs little, as resources are numbered newest first and a new
/// resource renumbers every chunk after it anyway.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordFiles {
    /// 16 hex digits.
    pub set: String,
    pub count: u32,
}

impl RecordFiles {
    /// The names of these chunk files (`chunks` in order).
    pub fn of(chunks: &[Vec<u8>]) -> RecordFiles {
        let set = super::fnv1a(chunks.iter().flat_map(|c| (c.len() as u64).to_le_bytes().into_iter().chain(c.iter().copied())));
        RecordFiles { set: format!("{set:016x}"), count: chunks.len() as u32 }
    }

    pub fn len(&self) -> usize {
        self.count as usize
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The file name of chunk `i`.
    pub fn name(&self, i: usize) -> Option<String> {
        (i < self.len()).then(|| format!("records-{}-{i}.bin", self.set))
    }

    /// The chunk a file name names, if it is one of these.
    pub fn position(&self, name: &str) -> Option<usize> {
        let rest = name.strip_prefix("records-")?.strip_prefix(self.set.as_str())?.strip_prefix('-')?.strip_suffix(".bin")?;
        let i: usize = rest.parse().ok()?;
        (i < self.len() && self.name(i).as_deref() == Some(name)).then_some(i)
    }

    pub fn names(&self) -> impl Iterator<Item = String> + '_ {
        (0..self.len()).filter_map(|i| self.name(i))
    }
}

/// Interns language codes so that each label stores a small number.
struct LangTable {
    codes: Vec<Lang>,
    index: BTreeMap<Lang, usize>,
}

impl LangTable {
    fn id(&mut self, lang: &Lang) -> usize {
        if let Some(&i) = self.index.get(lang) {
            return i;
        }
        self.codes.push(lang.clone());
        self.index.insert(lang.clone(), self.codes.len() - 1);
        self.codes.len() - 1
    }
}

fn write_pairs(w: &mut Writer, t: &mut LangTable, pairs: impl ExactSizeIterator<Item = (Lang, String)>) {
    w.len(pairs.len());
    for (lang, text) in pairs {
        w.len(t.id(&lang));
        w.str(&text);
    }
}

fn write_labels(w: &mut Writer, t: &mut LangTable, labels: &Labels) {
    let pairs: Vec<(Lang, String)> = labels.iter().map(|(l, s)| (l.clone(), s.to_string())).collect();
    write_pairs(w, t, pairs.into_iter());
}

fn read_pairs(r: &mut Reader, langs: &[Lang]) -> Result<Vec<(Lang, String)>, FormatError> {
    let n = r.count(2)?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let lang = r.lang_in(langs)?;
        out.push((lang, r.string()?));
    }
    Ok(out)
}

fn read_labels(r: &mut Reader, langs: &[Lang]) -> Result<Labels, FormatError> {
    let mut labels = Labels::new();
    for (lang, text) in read_pairs(r, langs)? {
        labels.insert(lang, text);
    }
    Ok(labels)
}

/// The byte that stands for a note's kind in the file (see `FORMAT.md`).

fn ids(list: &[ConceptId]) -> Vec<u32> {
    list.iter().map(|c| c.0).collect()
}

impl Manifest {
    pub fn encode(&self, build: BuildId) -> Vec<u8> {
        seal(Kind::Manifest, build, &self.payload())
    }

    /// The uncompressed payload (with its file names left empty, what the build's identity is
    /// computed from).
    pub fn payload(&self) -> Vec<u8> {
        // The body is written first so that every language it uses is interned, then the table.
        let mut t = LangTable { codes: Vec::new(), index: BTreeMap::new() };
        for l in &self.languages {
            t.id(l);
        }
        let mut w = Writer::new();
        w.opt_str(self.name.as_deref());
        w.len(self.languages.len());
        for l in &self.languages {
            w.len(t.id(l));
        }
        w.len(self.sites.len());
        for s in &self.sites {
            w.str(&s.id);
            w.str(&s.name);
            w.str(&s.url);
            w.len(s.languages.len());
            for l in &s.languages {
                w.len(t.id(l));
            }
            w.opt_str(s.colour.as_deref());
            w.opt_str(s.logo.as_deref());
        }
        w.len(self.types.len());
        for ty in &self.types {
            w.str(&ty.key);
            write_labels(&mut w, &mut t, &ty.labels);
        }
        self.write_thesaurus(&mut w, &mut t);
        w.len(self.maps.len());
        for m in &self.maps {
            w.str(&m.id);
            write_labels(&mut w, &mut t, &m.titles);
            // In the order given, not sorted: the order is the maintainers', for the widget to show.
            w.len(m.concepts.len());
            for c in &m.concepts {
                w.varint(u64::from(c.0));
            }
        }
        w.varint(u64::from(self.resources));
        w.varint((self.average_length * 100.0).round().max(0.0) as u64);
        w.str(&self.facets);
        w.len(self.text_chunks.len());
        for c in &self.text_chunks {
            w.str(&c.first_term);
            w.str(&c.file);
        }
        w.str(&self.blooms);
        w.varint(u64::from(self.record_block));
        w.str(&self.record_chunks.set);
        w.varint(u64::from(self.record_chunks.count));
        w.len(self.notes_chunks.len());
        for c in &self.notes_chunks {
            w.varint(u64::from(c.first));
            w.str(&c.file);
        }
        w.len(self.label_chunks.len());
        for c in &self.label_chunks {
            w.str(&c.first_key);
            w.str(&c.file);
        }
        super::labels::write_files(&mut w, &self.language_files);

        let mut head = Writer::new();
        head.len(t.codes.len());
        for l in &t.codes {
            head.str(l.as_str());
        }
        head.buf.extend_from_slice(&w.buf);
        head.buf
    }

    fn write_thesaurus(&self, w: &mut Writer, t: &mut LangTable) {
        let th = &self.thesaurus;
        write_labels(w, t, &th.scheme_labels);
        w.len(th.concepts.len());
        for c in &th.concepts {
            w.str(&c.iri);
            w.opt_str(c.notation.as_deref());
            match c.role {
                Role::Family { dimension } => {
                    w.u8(0);
                    w.varint(u64::from(dimension));
                }
                Role::Descriptor { level } => {
                    w.u8(1);
                    w.u8(level);
                }
            }
            write_labels(w, t, &c.labels);
            write_pairs(w, t, c.alt_labels.iter().cloned());
            write_pairs(w, t, c.hidden_labels.iter().cloned());
            w.sorted_u32s(&ids(&c.broader));
            w.sorted_u32s(&ids(&c.related));
            w.sorted_u32s(&ids(&c.families));
            w.len(c.cells.len());
            for cell in &c.cells {
                w.varint(u64::from(cell.row.0));
                w.varint(u64::from(cell.column.0));
            }
        }
        w.len(th.dimensions.len());
        for d in &th.dimensions {
            w.str(&d.id);
            w.str(&d.iri);
            write_labels(w, t, &d.labels);
            w.len(d.families.len());
            for f in &d.families {
                w.varint(u64::from(f.concept.0));
                w.opt_str(f.colour.as_deref());
                w.opt_str(f.icon.as_deref());
            }
        }
        match th.matrix {
            None => w.u8(0),
            Some(m) => {
                w.u8(1);
                w.varint(u64::from(m.rows));
                w.varint(u64::from(m.columns));
            }
        }
    }

    pub fn decode(file: &[u8]) -> Result<Manifest, FormatError> {
        let payload = open(Kind::Manifest, file)?;
        let mut r = Reader::new(&payload, "manifest");
        let codes = r.lang_table()?;
        let lang = |r: &mut Reader| r.lang_in(&codes);
        let name = r.opt_string()?;
        let n = r.count(1)?;
        let languages = (0..n).map(|_| lang(&mut r)).collect::<Result<Vec<_>, _>>()?;
        if languages.is_empty() {
            return Err(r.error("no language"));
        }
        let n_sites = r.count(5)?;
        let mut sites = Vec::with_capacity(n_sites);
        for _ in 0..n_sites {
            let id = r.string()?;
            let name = r.string()?;
            let url = r.string()?;
            let n = r.count(1)?;
            let site_langs = (0..n).map(|_| lang(&mut r)).collect::<Result<Vec<_>, _>>()?;
            let colour = r.opt_string()?;
            let logo = r.opt_string()?;
            sites.push(Site { id, name, url, languages: site_langs, colour, logo });
        }
        let n_types = r.count(2)?;
        let mut types = Vec::with_capacity(n_types);
        for _ in 0..n_types {
            let key = r.string()?;
            types.push(ResourceType { key, labels: read_labels(&mut r, &codes)? });
        }
        let thesaurus = read_thesaurus(&mut r, &codes)?;
        let maps = read_maps(&mut r, &codes, thesaurus.concepts.len())?;
        let resources = r.varint_u32()?;
        let average_length = r.varint()? as f32 / 100.0;
        let facets = r.string()?;
        let n_chunks = r.count(3)?;
        let mut text_chunks = Vec::with_capacity(n_chunks);
        for _ in 0..n_chunks {
            let first_term = r.string()?;
            let file = r.string()?;
            text_chunks.push(TextChunkRef { first_term, file });
        }
        let blooms = r.string()?;
        if text_chunks.windows(2).any(|w| w[0].first_term >= w[1].first_term) {
            return Err(r.error("text chunks are not in term order"));
        }
        let record_block = r.varint_u32()?;
        let set = r.string()?;
        if set.len() != 16 || !set.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(r.error("the record chunks' set is not 16 hex digits"));
        }
        let count = r.varint_u32()?;
        let record_chunks = RecordFiles { set, count };
        let n_notes = r.count(2)?;
        let mut notes_chunks = Vec::with_capacity(n_notes);
        for _ in 0..n_notes {
            notes_chunks.push(NotesChunkRef { first: r.varint_u32()?, file: r.string()? });
        }
        let concepts = thesaurus.concepts.len() as u64;
        let ordered = notes_chunks.windows(2).all(|w| w[0].first < w[1].first);
        if notes_chunks.first().is_some_and(|c| c.first != 0) || !ordered || notes_chunks.last().is_some_and(|c| u64::from(c.first) >= concepts) {
            return Err(r.error("notes chunks do not start at concept 0, in order, within the thesaurus"));
        }
        let n_labels = r.count(2)?;
        let mut label_chunks: Vec<LabelChunkRef> = Vec::with_capacity(n_labels);
        for _ in 0..n_labels {
            let chunk = LabelChunkRef { first_key: r.string()?, file: r.string()? };
            // The engine finds a key's chunk by binary search on these.
            if label_chunks.last().is_some_and(|last| last.first_key >= chunk.first_key) {
                return Err(r.error("label chunks are not in the order of their keys"));
            }
            label_chunks.push(chunk);
        }
        let language_files = super::labels::read_files(&mut r)?;
        r.finish()?;
        if record_block == 0 || u64::from(count) * u64::from(record_block) < u64::from(resources) {
            return Err(r.error("record chunks do not cover every resource"));
        }
        Ok(Manifest {
            name,
            languages,
            sites,
            types,
            thesaurus,
            maps,
            resources,
            average_length,
            facets,
            text_chunks,
            blooms,
            record_block,
            record_chunks,
            notes_chunks,
            label_chunks,
            language_files,
        })
    }
}

/// The local maps; `concepts` is the number of concepts of the thesaurus, which every concept
/// number must be below.
fn read_maps(r: &mut Reader, codes: &[Lang], concepts: usize) -> Result<Vec<LocalMap>, FormatError> {
    // Each map takes at least 3 bytes: its id's length, its number of titles, its number of concepts.
    let n = r.count(3)?;
    let mut maps = Vec::with_capacity(n);
    for _ in 0..n {
        let id = r.string()?;
        let titles = read_labels(r, codes)?;
        let n_concepts = r.count(1)?;
        let mut listed = Vec::with_capacity(n_concepts);
        for _ in 0..n_concepts {
            let c = r.varint_u32()?;
            if c as usize >= concepts {
                return Err(r.error(format!("local map {id:?} names a concept number out of range")));
            }
            listed.push(ConceptId(c));
        }
        maps.push(LocalMap { id, titles, concepts: listed });
    }
    Ok(maps)
}

fn read_thesaurus(r: &mut Reader, codes: &[Lang]) -> Result<Thesaurus, FormatError> {
    let scheme_labels = read_labels(r, codes)?;
    let n = r.count(8)?;
    let in_range = |r: &Reader, list: Vec<u32>| -> Result<Vec<ConceptId>, FormatError> {
        if list.iter().any(|&c| c as usize >= n) {
            return Err(r.error("a concept number is out of range"));
        }
        Ok(list.into_iter().map(ConceptId).collect())
    };
    let mut concepts = Vec::with_capacity(n);
    for _ in 0..n {
        let iri = r.string()?;
        let notation = r.opt_string()?;
        let role = match r.u8()? {
            0 => Role::Family { dimension: r.varint_u16()? },
            1 => Role::Descriptor { level: r.u8()? },
            other => return Err(r.error(format!("unknown concept role {other}"))),
        };
        let labels = read_labels(r, codes)?;
        let alt_labels = read_pairs(r, codes)?;
        let hidden_labels = read_pairs(r, codes)?;
        let broader = r.sorted_u32s()?;
        let broader = in_range(r, broader)?;
        let related = r.sorted_u32s()?;
        let related = in_range(r, related)?;
        let families = r.sorted_u32s()?;
        let families = in_range(r, families)?;
        let n_cells = r.count(2)?;
        let mut cells = Vec::with_capacity(n_cells);
        for _ in 0..n_cells {
            let pair = vec![r.varint_u32()?, r.varint_u32()?];
            let pair = in_range(r, pair)?;
            cells.push(Cell { row: pair[0], column: pair[1] });
        }
        concepts.push(Concept {
            iri,
            notation,
            role,
            labels,
            alt_labels,
            hidden_labels,
            notes: Vec::new(),
            broader,
            narrower: Vec::new(),
            related,
            families,
            cells,
        });
    }
    for i in 0..concepts.len() {
        for b in concepts[i].broader.clone() {
            concepts[b.index()].narrower.push(ConceptId(i as u32));
        }
    }
    let n_dims = r.count(4)?;
    let mut dimensions = Vec::with_capacity(n_dims);
    for _ in 0..n_dims {
        let id = r.string()?;
        let iri = r.string()?;
        let labels = read_labels(r, codes)?;
        let n_fam = r.count(3)?;
        let mut families = Vec::with_capacity(n_fam);
        for _ in 0..n_fam {
            let concept = r.varint_u32()?;
            let concept = in_range(r, vec![concept])?[0];
            families.push(Family { concept, colour: r.opt_string()?, icon: r.opt_string()? });
        }
        dimensions.push(Dimension { id, iri, labels, families });
    }
    let matrix = match r.u8()? {
        0 => None,
        1 => {
            let rows = r.varint_u16()?;
            let columns = r.varint_u16()?;
            if rows as usize >= dimensions.len() || columns as usize >= dimensions.len() {
                return Err(r.error("the matrix names a dimension that does not exist"));
            }
            Some(Matrix { rows, columns })
        }
        other => return Err(r.error(format!("unknown matrix tag {other}"))),
    };
    for c in &concepts {
        if let Role::Family { dimension } = c.role {
            if dimension as usize >= dimensions.len() {
                return Err(r.error("a family belongs to a dimension that does not exist"));
            }
        }
    }
    Ok(Thesaurus::new(scheme_labels, concepts, dimensions, matrix))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(code: &str) -> Lang {
        Lang::parse(code).unwrap()
    }

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        let mut l = Labels::new();
        for (code, text) in pairs {
            l.insert(lang(code), text.to_string());
        }
        l
    }

    /// Family 1 (dimension 0) with descriptor 1.1 below it, and family A (dimension 1).
    fn manifest(maps: Vec<LocalMap>) -> Manifest {
        let concept = |notation: &str, role: Role, broader: &[u32]| Concept {
            labels: labels(&[("fr", notation)]),
            ..crate::model::test_concept(notation, role, broader)
        };
        let mut concepts = vec![
            concept("1", Role::Family { dimension: 0 }, &[]),
            concept("A", Role::Family { dimension: 1 }, &[]),
            concept("1.1", Role::Descriptor { level: 1 }, &[0]),
        ];
        concepts[0].narrower.push(ConceptId(2));
        let dimension = |id: &str, concept: u32| Dimension {
            id: id.to_string(),
            iri: format!("https://t.org/{id}"),
            labels: Labels::new(),
            families: vec![Family { concept: ConceptId(concept), colour: None, icon: None }],
        };
        Manifest {
            name: Some("test".into()),
            languages: vec![lang("fr"), lang("en")],
            sites: Vec::new(),
            types: Vec::new(),
            thesaurus: Thesaurus::new(
                Labels::new(),
                concepts,
                vec![dimension("components", 0), dimension("angles", 1)],
                Some(Matrix { rows: 0, columns: 1 }),
            ),
            maps,
            resources: 0,
            average_length: 0.0,
            facets: "facets.bin".into(),
            text_chunks: Vec::new(),
            blooms: String::new(),
            record_block: 32,
            record_chunks: RecordFiles { set: "0123456789abcdef".into(), count: 0 },
            notes_chunks: Vec::new(),
            label_chunks: Vec::new(),
            language_files: Vec::new(),
        }
    }

    #[test]
    fn record_chunk_names_come_from_their_set_and_nothing_else_is_one_of_them() {
        let files = RecordFiles::of(&[b"a".to_vec(), b"b".to_vec()]);
        assert_ne!(files, RecordFiles::of(&[b"b".to_vec(), b"a".to_vec()]), "the set hashes every chunk, in order");
        let names: Vec<String> = files.names().collect();
        assert_eq!(names.len(), 2);
        assert_eq!(names[1], format!("records-{}-1.bin", files.set));
        assert_eq!(files.position(&names[1]), Some(1));
        for other in [format!("records-{}-2.bin", files.set), format!("records-{}-01.bin", files.set), format!("records-{}-+1.bin", files.set), "records-0000000000000000-1.bin".to_string()] {
            assert_eq!(files.position(&other), None, "{other}");
        }
    }

    #[test]
    fn local_maps_round_trip_in_their_order_with_titles_in_any_language() {
        let maps = vec![
            LocalMap {
                id: "energie-lille".into(),
                // Portuguese is not a language of this commons: its code joins the table.
                titles: labels(&[("fr", "Énergie à Lille"), ("en", "Energy in Lille"), ("pt", "Energia em Lille")]),
                concepts: vec![ConceptId(2), ConceptId(1)],
            },
            LocalMap { id: "untitled_2".into(), titles: Labels::new(), concepts: vec![ConceptId(0)] },
        ];
        let m = manifest(maps);
        let decoded = Manifest::decode(&m.encode(BuildId(1))).unwrap();
        assert_eq!(decoded, m);
        assert_eq!(decoded.maps[0].concepts, [ConceptId(2), ConceptId(1)], "the order given, not sorted");
        let none = manifest(Vec::new());
        assert_eq!(Manifest::decode(&none.encode(BuildId(1))).unwrap().maps, []);
    }

    #[test]
    fn a_map_naming_a_concept_beyond_the_thesaurus_is_refused() {
        let m = manifest(vec![LocalMap { id: "x".into(), titles: Labels::new(), concepts: vec![ConceptId(3)] }]);
        let err = Manifest::decode(&m.encode(BuildId(1))).unwrap_err().to_string();
        assert!(err.contains("out of range"), "{err}");
    }

    #[test]
    fn a_map_count_beyond_the_bytes_left_is_refused_before_allocating() {
        let m = manifest(Vec::new());
        let payload = open(Kind::Manifest, &m.encode(BuildId(1))).unwrap();
        // The map count is the byte right after the thesaurus; a manifest without maps has a 0
        // there followed by the resource count (0): find it from the end, whose fields are known.
        let mut tail = Writer::new();
        tail.len(0); // maps
        tail.varint(0); // resources
        tail.varint(0); // average length
        tail.str("facets.bin");
        tail.len(0); // text chunks
        tail.str(""); // Bloom filters
        tail.varint(32); // record block
        tail.str("0123456789abcdef"); // record chunks' set
        tail.varint(0); // record chunks
        tail.len(0); // notes chunks
        tail.len(0); // label chunks
        tail.len(0); // language files
        assert!(payload.ends_with(&tail.buf));
        let at = payload.len() - tail.buf.len();
        let mut bad = payload[..at].to_vec();
        let mut huge = Writer::new();
        huge.varint(u64::from(u32::MAX));
        bad.extend_from_slice(&huge.buf);
        bad.extend_from_slice(&tail.buf[1..]);
        let err = Manifest::decode(&seal(Kind::Manifest, BuildId(1), &bad)).unwrap_err().to_string();
        assert!(err.contains("cannot fit"), "{err}");
    }
}
