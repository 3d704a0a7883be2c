//! Reading SKOS: RDF triples in, a plain graph of concepts, collections and schemes out.
//!
//! The RDF parsing itself is oxttl's (Turtle) and oxrdfxml's (RDF/XML). This module only gathers
//! the SKOS properties the atlas uses, per subject, in the order subjects first appear, so that
//! the same file always yields the same graph. Interpreting the graph as an atlas (dimensions,
//! families, levels, cells) is [`super::atlas`]'s job.

use crate::config::ThesaurusFormat;
use crate::report::Location;
use oxrdf::{NamedOrBlankNode, Term, Triple};
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
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

/// Everything SKOS says about one subject.
#[derive(Clone, Debug, Default)]
pub struct Node {
    pub iri: String,
    pub types: Vec<String>,
    pub pref_labels: Vec<Text>,
    pub alt_labels: Vec<Text>,
    pub hidden_labels: Vec<Text>,
    pub notations: Vec<String>,
    pub scope_notes: Vec<Text>,
    pub definitions: Vec<Text>,
    pub broader: Vec<String>,
    pub narrower: Vec<String>,
    pub related: Vec<String>,
    pub members: Vec<String>,
    pub in_scheme: Vec<String>,
    pub top_concept_of: Vec<String>,
    pub has_top_concept: Vec<String>,
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

/// The SKOS content of one file, subjects in order of first appearance.
#[derive(Debug, Default)]
pub struct Graph {
    pub nodes: Vec<Node>,
    index: HashMap<String, usize>,
}

impl Graph {
    pub fn get(&self, iri: &str) -> Option<&Node> {
        self.index.get(iri).map(|&i| &self.nodes[i])
    }

    fn node(&mut self, iri: String) -> &mut Node {
        let next = self.nodes.len();
        let i = *self.index.entry(iri.clone()).or_insert(next);
        if i == next {
            self.nodes.push(Node { iri, ..Node::default() });
        }
        &mut self.nodes[i]
    }

    fn add(&mut self, triple: Triple) {
        let subject = match triple.subject {
            NamedOrBlankNode::NamedNode(n) => n.into_string(),
            NamedOrBlankNode::BlankNode(b) => format!("_:{}", b.as_str()),
        };
        let predicate = triple.predicate.as_str();
        let object_iri = || match &triple.object {
            Term::NamedNode(n) => Some(n.as_str().to_string()),
            Term::BlankNode(b) => Some(format!("_:{}", b.as_str())),
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
                self.node(subject).types.push(t);
            }
            return;
        }
        let Some(local) = predicate.strip_prefix(SKOS) else { return };
        // Record the inverse links on the other node too, so that both directions are known
        // whichever way the file states them.
        match local {
            "prefLabel" | "altLabel" | "hiddenLabel" | "scopeNote" | "definition" => {
                if let Some(t) = text() {
                    let node = self.node(subject);
                    match local {
                        "prefLabel" => node.pref_labels.push(t),
                        "altLabel" => node.alt_labels.push(t),
                        "hiddenLabel" => node.hidden_labels.push(t),
                        "scopeNote" => node.scope_notes.push(t),
                        _ => node.definitions.push(t),
                    }
                }
            }
            "notation" => {
                if let Some(t) = text() {
                    self.node(subject).notations.push(t.value);
                }
            }
            "broader" | "narrower" | "related" | "member" | "inScheme" | "topConceptOf"
            | "hasTopConcept" => {
                let Some(object) = object_iri() else { return };
                let node = self.node(subject);
                match local {
                    "broader" => node.broader.push(object),
                    "narrower" => node.narrower.push(object),
                    "related" => node.related.push(object),
                    "member" => node.members.push(object),
                    "inScheme" => node.in_scheme.push(object),
                    "topConceptOf" => node.top_concept_of.push(object),
                    _ => node.has_top_concept.push(object),
                }
            }
            _ => {}
        }
    }
}

/// Parses a thesaurus file.
pub fn read(path: &Path, format: ThesaurusFormat) -> Result<Graph, SkosError> {
    let shown = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|source| SkosError::Io { path: shown.clone(), source })?;
    parse(BufReader::new(file), format, &shown)
}

/// Parses thesaurus text; `name` is the file name used in errors.
pub fn parse(reader: impl BufRead, format: ThesaurusFormat, name: &str) -> Result<Graph, SkosError> {
    let mut graph = Graph::default();
    match format {
        ThesaurusFormat::Turtle => {
            for triple in oxttl::TurtleParser::new().for_reader(reader) {
                match triple {
                    Ok(t) => graph.add(t),
                    Err(oxttl::TurtleParseError::Syntax(e)) => {
                        let at = e.location().start;
                        return Err(SkosError::Syntax {
                            location: Location::at(name, at.line + 1, at.column + 1),
                            format: "Turtle",
                            message: e.message().to_string(),
                        });
                    }
                    Err(oxttl::TurtleParseError::Io(source)) => {
                        return Err(io_or_encoding(source, name, "Turtle"));
                    }
                }
            }
        }
        ThesaurusFormat::RdfXml => {
            // oxrdfxml does not say where an error is; remember the bytes so that an XML-level
            // error can be located by reparsing with quick-xml.
            let mut bytes = Vec::new();
            let mut reader = reader;
            reader
                .read_to_end(&mut bytes)
                .map_err(|source| SkosError::Io { path: name.to_string(), source })?;
            for triple in oxrdfxml::RdfXmlParser::new().for_reader(bytes.as_slice()) {
                match triple {
                    Ok(t) => graph.add(t),
                    Err(oxrdfxml::RdfXmlParseError::Syntax(e)) => {
                        return Err(SkosError::Syntax {
                            location: locate_xml_error(&bytes, name),
                            format: "RDF/XML",
                            message: e.to_string(),
                        });
                    }
                    Err(oxrdfxml::RdfXmlParseError::Io(source)) => {
                        return Err(io_or_encoding(source, name, "RDF/XML"));
                    }
                }
            }
            // A file cut off between two elements parses as far as it goes; refuse it all the same.
            let location = locate_xml_error(&bytes, name);
            if location.line.is_some() {
                return Err(SkosError::Syntax {
                    location,
                    format: "RDF/XML",
                    message: "the file ends before its elements are closed: it is truncated".into(),
                });
            }
        }
    }
    Ok(graph)
}

fn io_or_encoding(source: std::io::Error, name: &str, format: &'static str) -> SkosError {
    if source.kind() == std::io::ErrorKind::InvalidData {
        SkosError::Syntax { location: Location::file(name), format, message: source.to_string() }
    } else {
        SkosError::Io { path: name.to_string(), source }
    }
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
    fn broken_turtle_names_line_and_column() {
        let broken = TTL.replace("skos:notation \"A1\" ;", "skos:notation \"A1 ;");
        let err = parse(broken.as_bytes(), ThesaurusFormat::Turtle, "t.ttl").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("t.ttl:3:"), "{text}");
    }

    #[test]
    fn rdf_xml_is_read_and_truncated_rdf_xml_is_located() {
        let xml = r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:skos="http://www.w3.org/2004/02/skos/core#">
  <skos:Concept rdf:about="https://ex.org/a">
    <skos:prefLabel xml:lang="fr">habitat</skos:prefLabel>
    <skos:broader rdf:resource="https://ex.org/root"/>
  </skos:Concept>
</rdf:RDF>
"#;
        let graph = parse(xml.as_bytes(), ThesaurusFormat::RdfXml, "t.rdf").unwrap();
        assert_eq!(graph.get("https://ex.org/a").unwrap().broader, ["https://ex.org/root"]);
        let truncated = &xml[..xml.find("</skos:prefLabel>").unwrap() + 5];
        let err = parse(truncated.as_bytes(), ThesaurusFormat::RdfXml, "t.rdf").unwrap_err();
        assert!(err.to_string().starts_with("t.rdf:4:"), "{err}");
    }
}
