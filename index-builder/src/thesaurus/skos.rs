//! Reading SKOS: RDF triples in, a plain graph of concepts, collections and schemes out.
//!
//! The RDF parsing itself is oxttl's (Turtle, N-Triples) and oxrdfxml's (RDF/XML). This module
//! only gathers the SKOS properties the atlas uses, per subject, in the order subjects first
//! appear, so that the same files always yield the same graph. Interpreting the graph as an atlas
//! (dimensions, families, levels, cells) is [`super::atlas`]'s job.
//!
//! Published thesauri often come as several files: the structure in one, the labels of each
//! language in others. [`Graph::read`] merges any number of files into one graph, and remembers,
//! for each subject, the file and line where it is first described, so that a problem found later
//! about a concept can point a maintainer at its line. Neither parser reports where a triple was
//! read, so the Turtle and N-Triples text is fed to oxttl's low-level parser one line at a time
//! (a triple comes out on the line where it ends), and RDF/XML subjects are located by a quick-xml
//! pass over their `rdf:about`.

use crate::config::ThesaurusFormat;
use crate::report::Location;
use commons_atlas::model::NoteKind;
use oxrdf::{NamedOrBlankNode, Term, Triple};
use std::collections::HashMap;
use std::path::Path;
use thiserror::Error;

const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/// Why a thesaurus file could not be read at all.
#[derive(Debug, Error)]
pub enum SkosError {
    #[error("cannot read the thesaurus {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{location}: the thesaurus is not valid {format}: {message}")]
    Syntax { location: Location, format: &'static str, message: String },
}

/// A literal with its language tag (empty when it has none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub lang: String,
    pub value: String,
}

/// Where a subject is first described: a file of [`Graph::files`] and a 1-based line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    pub file: usize,
    pub line: u64,
    /// Whether `line` is the line of an `rdf:type` statement (the best place to point at).
    typed: bool,
}

/// Everything SKOS says about one subject.
#[derive(Clone, Debug, Default)]
pub struct Node {
    pub iri: String,
    pub types: Vec<String>,
    pub pref_labels: Vec<Text>,
    pub alt_labels: Vec<Text>,
    pub hidden_labels: Vec<Text>,
    pub notations: Vec<String>,
    /// Every documentation note, in the order read.
    pub notes: Vec<(NoteKind, Text)>,
    pub broader: Vec<String>,
    pub narrower: Vec<String>,
    pub related: Vec<String>,
    pub members: Vec<String>,
    pub in_scheme: Vec<String>,
    pub top_concept_of: Vec<String>,
    pub has_top_concept: Vec<String>,
    pub origin: Origin,
}

impl Node {
    pub fn has_type(&self, local: &str) -> bool {
        self.types.iter().any(|t| t.strip_prefix(SKOS) == Some(local))
    }

    /// Whether the node says anything that only a concept says.
    pub fn looks_like_concept(&self) -> bool {
        self.has_type("Concept")
            || (!self.has_type("Collection")
                && !self.has_type("OrderedCollection")
                && !self.has_type("ConceptScheme")
                && (!self.pref_labels.is_empty()
                    || !self.broader.is_empty()
                    || !self.narrower.is_empty()
                    || !self.notations.is_empty()
                    || !self.top_concept_of.is_empty()))
    }

    pub fn is_collection(&self) -> bool {
        self.has_type("Collection") || self.has_type("OrderedCollection") || !self.members.is_empty()
    }
}

/// The SKOS content of one or more files, subjects in order of first appearance.
#[derive(Debug, Default)]
pub struct Graph {
    /// The files read, as shown in messages; [`Origin::file`] points here.
    pub files: Vec<String>,
    pub nodes: Vec<Node>,
    index: HashMap<String, usize>,
}

impl Graph {
    pub fn get(&self, iri: &str) -> Option<&Node> {
        self.index.get(iri).map(|&i| &self.nodes[i])
    }

    /// Where `node` is described, for a problem about it.
    pub fn location(&self, node: &Node) -> Location {
        let file = self.files.get(node.origin.file).cloned().unwrap_or_default();
        if node.origin.line == 0 {
            return Location::file(file);
        }
        Location { file, line: Some(node.origin.line), column: None }
    }

    /// Reads every file into one graph, in the order given: a subject described in several files
    /// (its structure in one, its labels in another) is one node.
    pub fn read(files: &[(impl AsRef<Path>, ThesaurusFormat)]) -> Result<Graph, SkosError> {
        let mut graph = Graph::default();
        for (path, format) in files {
            let path = path.as_ref();
            let shown = path.display().to_string();
            let bytes = std::fs::read(path).map_err(|source| SkosError::Io { path: shown.clone(), source })?;
            graph.parse(&bytes, *format, &shown)?;
        }
        Ok(graph)
    }

    /// Adds the triples of one file's text; `name` is the file name used in messages.
    pub fn parse(&mut self, bytes: &[u8], format: ThesaurusFormat, name: &str) -> Result<(), SkosError> {
        let file = self.files.len();
        self.files.push(name.to_string());
        // A byte order mark is invisible in an editor; it is not part of the text.
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match format {
            ThesaurusFormat::Turtle => {
                let parser = oxttl::TurtleParser::new().low_level();
                self.parse_lines(bytes, file, name, "Turtle", parser, |p, b| p.extend_from_slice(b), |p| p.end(), |p| p.parse_next())
            }
            ThesaurusFormat::NTriples => {
                let parser = oxttl::NTriplesParser::new().low_level();
                self.parse_lines(bytes, file, name, "N-Triples", parser, |p, b| p.extend_from_slice(b), |p| p.end(), |p| p.parse_next())
            }
            ThesaurusFormat::RdfXml => self.parse_rdf_xml(bytes, file, name),
        }
    }

    /// Feeds a line-based parser one line at a time, so that each triple gets the line it ends on.
    #[allow(clippy::too_many_arguments)]
    fn parse_lines<P>(
        &mut self,
        bytes: &[u8],
        file: usize,
        name: &str,
        format: &'static str,
        mut parser: P,
        extend: impl Fn(&mut P, &[u8]),
        end: impl Fn(&mut P),
        mut next: impl FnMut(&mut P) -> Option<Result<Triple, oxttl::TurtleSyntaxError>>,
    ) -> Result<(), SkosError> {
        let syntax = |e: oxttl::TurtleSyntaxError| {
            let at = e.location().start;
            SkosError::Syntax {
                location: Location::at(name, at.line + 1, at.column + 1),
                format,
                message: e.message().to_string(),
            }
        };
        let mut line = 0u64;
        for chunk in bytes.split_inclusive(|&b| b == b'\n') {
            line += 1;
            if std::str::from_utf8(chunk).is_err() {
                return Err(SkosError::Syntax {
                    location: Location::at(name, line, 1),
                    format,
                    message: "the text is not valid UTF-8".into(),
                });
            }
            extend(&mut parser, chunk);
            while let Some(triple) = next(&mut parser) {
                self.add(triple.map_err(syntax)?, Origin { file, line, typed: false });
            }
        }
        end(&mut parser);
        while let Some(triple) = next(&mut parser) {
            self.add(triple.map_err(syntax)?, Origin { file, line: line.max(1), typed: false });
        }
        Ok(())
    }

    fn parse_rdf_xml(&mut self, bytes: &[u8], file: usize, name: &str) -> Result<(), SkosError> {
        // oxrdfxml expands the entities a document type declares, and its time grows faster
        // than the nesting depth: refuse both before it sees the file (as every XML reader does).
        if let Err((offset, message)) = crate::feeds::input::check_xml(bytes) {
            let (line, column) = crate::position::line_column(bytes, offset);
            return Err(SkosError::Syntax { location: Location::at(name, line, column), format: "RDF/XML", message });
        }
        let lines = subject_lines(bytes);
        for triple in oxrdfxml::RdfXmlParser::new().for_slice(bytes) {
            match triple {
                Ok(t) => self.add(t, Origin { file, line: 0, typed: false }),
                Err(e) => {
                    return Err(SkosError::Syntax {
                        location: locate_xml_error(bytes, name),
                        format: "RDF/XML",
                        message: e.to_string(),
                    });
                }
            }
        }
        // A file cut off between two elements parses as far as it goes; refuse it all the same.
        let location = locate_xml_error(bytes, name);
        if location.line.is_some() {
            return Err(SkosError::Syntax {
                location,
                format: "RDF/XML",
                message: "the file ends before its elements are closed: it is truncated".into(),
            });
        }
        // Nodes this file created, or that it is the first to type, get their line from the
        // element that describes them.
        for node in &mut self.nodes {
            if node.origin.file == file && node.origin.line == 0 {
                node.origin.line = lines.line_of(&node.iri).unwrap_or(0);
            }
        }
        Ok(())
    }

    fn node(&mut self, iri: String, origin: Origin) -> &mut Node {
        let next = self.nodes.len();
        let i = *self.index.entry(iri.clone()).or_insert(next);
        if i == next {
            self.nodes.push(Node { iri, origin, ..Node::default() });
        }
        &mut self.nodes[i]
    }

    fn add(&mut self, triple: Triple, origin: Origin) {
        let file = origin.file;
        let blank = |id: &str| format!("_:{file}:{id}"); // blank nodes are local to their file
        let subject = match triple.subject {
            NamedOrBlankNode::NamedNode(n) => n.into_string(),
            NamedOrBlankNode::BlankNode(b) => blank(b.as_str()),
        };
        let predicate = triple.predicate.as_str();
        let object_iri = || match &triple.object {
            Term::NamedNode(n) => Some(n.as_str().to_string()),
            Term::BlankNode(b) => Some(blank(b.as_str())),
            _ => None,
        };
        let text = || match &triple.object {
            Term::Literal(l) => Some(Text {
                lang: l.language().unwrap_or("").to_string(),
                value: l.value().to_string(),
            }),
            _ => None,
        };
        if predicate == RDF_TYPE {
            if let Some(t) = object_iri() {
                let node = self.node(subject, origin);
                // The statement that says what a node is, is where a maintainer looks for it.
                if !node.origin.typed && t.starts_with(SKOS) {
                    node.origin = Origin { typed: true, ..origin };
                }
                node.types.push(t);
            }
            return;
        }
        let Some(local) = predicate.strip_prefix(SKOS) else { return };
        if let Some(kind) = NoteKind::from_skos_name(local) {
            if let Some(t) = text() {
                self.node(subject, origin).notes.push((kind, t));
            }
            return;
        }
        match local {
            "prefLabel" | "altLabel" | "hiddenLabel" => {
                if let Some(t) = text() {
                    let node = self.node(subject, origin);
                    match local {
                        "prefLabel" => node.pref_labels.push(t),
                        "altLabel" => node.alt_labels.push(t),
                        _ => node.hidden_labels.push(t),
                    }
                }
            }
            "notation" => {
                if let Some(t) = text() {
                    let node = self.node(subject, origin);
                    if !node.notations.contains(&t.value) {
                        node.notations.push(t.value);
                    }
                }
            }
            "broader" | "narrower" | "related" | "member" | "inScheme" | "topConceptOf"
            | "hasTopConcept" => {
                let Some(object) = object_iri() else { return };
                let node = self.node(subject, origin);
                let list = match local {
                    "broader" => &mut node.broader,
                    "narrower" => &mut node.narrower,
                    "related" => &mut node.related,
                    "member" => &mut node.members,
                    "inScheme" => &mut node.in_scheme,
                    "topConceptOf" => &mut node.top_concept_of,
                    _ => &mut node.has_top_concept,
                };
                // The same statement in two files (a backbone and a label file both stating the
                // hierarchy) is one link.
                if !list.contains(&object) {
                    list.push(object);
                }
            }
            _ => {}
        }
    }
}

/// Parses one file's thesaurus text on its own (tests, and tools that read one file).
pub fn parse(bytes: &[u8], format: ThesaurusFormat, name: &str) -> Result<Graph, SkosError> {
    let mut graph = Graph::default();
    graph.parse(bytes, format, name)?;
    Ok(graph)
}

/// The line of each `rdf:about` (or `rdf:ID`, `rdf:nodeID`) in an RDF/XML file, by its value as
/// written.
struct SubjectLines {
    by_value: HashMap<String, u64>,
}

impl SubjectLines {
    /// The line where `iri` is described: its value as written, or as written relative to a base
    /// (`#c12`, `c12`).
    fn line_of(&self, iri: &str) -> Option<u64> {
        if let Some(&l) = self.by_value.get(iri) {
            return Some(l);
        }
        let fragment = iri.rsplit_once('#').map(|(_, f)| f);
        let segment = iri.rsplit(['/', '#']).find(|s| !s.is_empty());
        fragment
            .and_then(|f| self.by_value.get(&format!("#{f}")).or_else(|| self.by_value.get(f)))
            .or_else(|| segment.and_then(|s| self.by_value.get(s)))
            .copied()
    }
}

fn subject_lines(bytes: &[u8]) -> SubjectLines {
    let mut by_value = HashMap::new();
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    // Lines are counted as the reader moves on, not from the start for each element: a large
    // thesaurus has tens of thousands of them.
    let (mut line, mut counted_to) = (1u64, 0usize);
    loop {
        let before = reader.buffer_position() as usize;
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Start(e)) | Ok(quick_xml::events::Event::Empty(e)) => {
                // The event's text starts at the `<`, after any whitespace since `before`.
                let at = before + bytes[before..].iter().take_while(|b| b.is_ascii_whitespace()).count();
                line += bytes[counted_to..at].iter().filter(|&&b| b == b'\n').count() as u64;
                counted_to = at;
                for attr in e.attributes().flatten() {
                    let key = attr.key.local_name();
                    if matches!(key.as_ref(), b"about" | b"ID" | b"nodeID") {
                        if let Ok(value) = attr.decode_and_unescape_value(reader.decoder()) {
                            by_value.entry(value.into_owned()).or_insert(line);
                        }
                    }
                }
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
        buf.clear();
    }
    SubjectLines { by_value }
}

/// The position of the first XML well-formedness error in `bytes`, or just the file when the XML
/// itself is fine and the problem is at the RDF level.
fn locate_xml_error(bytes: &[u8], name: &str) -> Location {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut depth: i64 = 0;
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf);
        let at = reader.error_position() as usize;
        match event {
            Err(_) => {
                let (line, column) = crate::position::line_column(bytes, at);
                return Location::at(name, line, column);
            }
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Eof) => {
                if depth > 0 {
                    let (line, column) = crate::position::line_column(bytes, bytes.len());
                    return Location::at(name, line, column);
                }
                return Location::file(name);
            }
            Ok(_) => {}
        }
        buf.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TTL: &str = r#"@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://ex.org/> .
ex:a a skos:Concept ; skos:prefLabel "habitat"@fr, "housing"@en ; skos:notation "A1" ;
  skos:narrower ex:b .
ex:b skos:prefLabel "logement social"@fr ; skos:related ex:a .
ex:coll a skos:Collection ; skos:member ex:a .
"#;

    #[test]
    fn turtle_gathers_labels_links_and_collections_in_file_order() {
        let graph = parse(TTL.as_bytes(), ThesaurusFormat::Turtle, "t.ttl").unwrap();
        let iris: Vec<_> = graph.nodes.iter().map(|n| n.iri.as_str()).collect();
        assert_eq!(iris, ["https://ex.org/a", "https://ex.org/b", "https://ex.org/coll"]);
        let a = graph.get("https://ex.org/a").unwrap();
        assert_eq!(a.pref_labels.len(), 2);
        assert_eq!(a.narrower, ["https://ex.org/b"]);
        assert!(graph.get("https://ex.org/b").unwrap().looks_like_concept());
        assert!(graph.get("https://ex.org/coll").unwrap().is_collection());
    }

    #[test]
    fn each_subject_remembers_the_line_it_is_described_on() {
        let graph = parse(TTL.as_bytes(), ThesaurusFormat::Turtle, "t.ttl").unwrap();
        let line = |iri: &str| graph.location(graph.get(iri).unwrap()).to_string();
        assert_eq!(line("https://ex.org/a"), "t.ttl:3");
        assert_eq!(line("https://ex.org/b"), "t.ttl:5");
        assert_eq!(line("https://ex.org/coll"), "t.ttl:6");
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_text() {
        let with_bom = format!("\u{feff}{TTL}");
        let graph = parse(with_bom.as_bytes(), ThesaurusFormat::Turtle, "t.ttl").unwrap();
        assert_eq!(graph.nodes.len(), 3);
    }

    #[test]
    fn files_merge_into_one_graph_and_blank_nodes_stay_in_their_file() {
        let mut graph = Graph::default();
        graph.parse(TTL.as_bytes(), ThesaurusFormat::Turtle, "backbone.ttl").unwrap();
        let labels = "<https://ex.org/a> <http://www.w3.org/2004/02/skos/core#prefLabel> \"vivienda\"@es .\n\
                      <https://ex.org/a> <http://www.w3.org/2004/02/skos/core#narrower> <https://ex.org/b> .\n\
                      _:x <http://www.w3.org/2004/02/skos/core#prefLabel> \"x\" .\n";
        graph.parse(labels.as_bytes(), ThesaurusFormat::NTriples, "labels-es.nt").unwrap();
        let a = graph.get("https://ex.org/a").unwrap();
        assert_eq!(a.pref_labels.len(), 3);
        assert_eq!(a.narrower, ["https://ex.org/b"], "the same link stated twice is one link");
        assert_eq!(graph.location(a).to_string(), "backbone.ttl:3");
        assert!(graph.get("_:1:x").is_some());
    }

    #[test]
    fn broken_turtle_names_line_and_column() {
        let broken = TTL.replace("skos:notation \"A1\" ;", "skos:notation \"A1 ;");
        let err = parse(broken.as_bytes(), ThesaurusFormat::Turtle, "t.ttl").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("t.ttl:3:"), "{text}");
    }

    #[test]
    fn rdf_xml_is_read_located_and_truncated_rdf_xml_is_refused() {
        let xml = r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:skos="http://www.w3.org/2004/02/skos/core#">
  <skos:Concept rdf:about="https://ex.org/a">
    <skos:prefLabel xml:lang="fr">habitat</skos:prefLabel>
    <skos:scopeNote xml:lang="fr">un</skos:scopeNote>
    <skos:scopeNote xml:lang="fr">deux</skos:scopeNote>
    <skos:broader rdf:resource="https://ex.org/root"/>
  </skos:Concept>
</rdf:RDF>
"#;
        let graph = parse(xml.as_bytes(), ThesaurusFormat::RdfXml, "t.rdf").unwrap();
        let a = graph.get("https://ex.org/a").unwrap();
        assert_eq!(a.broader, ["https://ex.org/root"]);
        assert_eq!(a.notes.iter().map(|(_, t)| t.value.as_str()).collect::<Vec<_>>(), ["un", "deux"]);
        assert_eq!(graph.location(a).to_string(), "t.rdf:3");
        let truncated = &xml[..xml.find("</skos:prefLabel>").unwrap() + 5];
        let err = parse(truncated.as_bytes(), ThesaurusFormat::RdfXml, "t.rdf").unwrap_err();
        assert!(err.to_string().starts_with("t.rdf:4:"), "{err}");
    }
}
