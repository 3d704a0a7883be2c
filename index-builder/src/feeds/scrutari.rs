//! ScrutariData XML: the network's exchange format (see `shared/SCRUTARIDATA.md`).
//!
//! A base holds corpora of fiches, thesauri of keywords (motcles) and indexation groups linking
//! the two. Indexations usually come after the fiches, so fiches are kept until the end of the
//! file and emitted once their keywords are known; that holds one file's records in memory (a
//! few times its size at worst), which the format forces on any reader. Parsing is quick-xml's,
//! streamed through a [`Tracked`] reader so that every fiche knows its line.
//!
//! The format note asks readers to be lenient: elements this builder has no use for are skipped,
//! and ones it does not know are reported once per file as warnings.

use super::{clean, field_problem, DescriptorKey, DescriptorRef, FeedError, RawRecord};
use crate::position::{Position, Tracked};
use crate::report::{Location, Problem, Rule};
use quick_xml::events::{BytesStart, Event};
use std::collections::{BTreeMap, HashMap};
use std::io::{BufReader, Read};

/// Elements read for what they hold.
const USED: &[&str] = &[
    "base", "base-metadata", "authority", "authority-uuid", "base-name", "intitule-short", "intitule-long",
    "langs-ui", "lang", "lib", "corpus", "corpus-metadata", "intitule-corpus", "intitule-fiche",
    "href-parent", "complement-metadata", "fiche", "titre", "soustitre", "date", "href", "complement",
    "attr", "val", "thesaurus", "thesaurus-metadata", "intitule-thesaurus", "motcle", "indexation-group",
    "indexation", "geoloc", "lat", "lon",
];
/// Elements known to the format that the index has no use for.
const SKIPPED: &[&str] = &["base-icon", "corpus-icon", "fiche-icon"];

/// What a corpus' complementary field is about, from its label.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Complement {
    Place,
    Summary,
    Other,
}

fn complement_role(labels: &[String]) -> Complement {
    let folded: Vec<String> = labels.iter().map(|l| commons_atlas::text::fold(l)).collect();
    let is = |names: &[&str]| folded.iter().any(|l| names.contains(&l.trim_end_matches([':', ' ']))) ;
    if is(&["lieu", "place", "lugar", "local", "localisation", "location"]) {
        Complement::Place
    } else if is(&["resume", "abstract", "summary", "resumen", "resumo", "description", "descripcion", "descricao"]) {
        Complement::Summary
    } else {
        Complement::Other
    }
}

#[derive(Default)]
struct Corpus {
    href_parent: Option<String>,
    complements: Vec<Complement>,
}

struct Fiche {
    corpus: String,
    id: String,
    record: RawRecord,
    hrefs: Vec<(Option<String>, String)>,
    complements: Vec<String>,
    geoloc: (Option<String>, Option<String>),
    extra_type: Option<String>,
}

struct Indexation {
    corpus: String,
    thesaurus: String,
    fiche: String,
    motcle: String,
    weight: u16,
    location: Location,
}

/// State of the walk through the file.
#[derive(Default)]
struct Walk {
    stack: Vec<String>,
    text: String,
    lang: Option<String>,
    corpora: BTreeMap<String, Corpus>,
    corpus: Option<String>,
    complement_labels: Vec<String>,
    fiches: Vec<Fiche>,
    fiche: Option<Fiche>,
    attr: Option<(String, String)>,
    thesaurus: Option<String>,
    motcle: Option<(String, Vec<(String, String)>)>,
    keywords: HashMap<(String, String), Vec<(String, String)>>,
    group: Option<(String, String)>,
    indexations: Vec<Indexation>,
    unknown: BTreeMap<String, (Location, usize)>,
}

pub(super) fn read(
    file: impl Read,
    name: &str,
    record: &mut dyn FnMut(RawRecord),
    problem: &mut dyn FnMut(Problem),
) -> Result<(), FeedError> {
    let (tracked, position) = Tracked::new(file, true);
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(tracked));
    reader.config_mut().check_end_names = true;
    let mut walk = Walk::default();
    let result = walk_file(&mut reader, &position, name, &mut walk, problem);
    finish(walk, name, record, problem);
    result
}

fn walk_file<R: std::io::BufRead>(
    reader: &mut quick_xml::Reader<R>,
    position: &Position,
    name: &str,
    walk: &mut Walk,
    problem: &mut dyn FnMut(Problem),
) -> Result<(), FeedError> {
    let at = |offset: u64| {
        let (line, column) = position.at_offset(offset);
        Location::at(name, line, column)
    };
    let syntax = |location: Location, message: String| FeedError::Syntax { location, message };
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let event = match reader.read_event_into(&mut buf) {
            Ok(e) => e,
            Err(e) => {
                return Err(syntax(
                    at(reader.error_position()),
                    format!("the XML cannot be read past this point: {e}"),
                ))
            }
        };
        let end = reader.buffer_position();
        match event {
            Event::Start(e) => {
                let location = at(end.saturating_sub(e.len() as u64 + 2));
                start(walk, &e, location, reader.decoder())?;
            }
            Event::Empty(e) => {
                let location = at(end.saturating_sub(e.len() as u64 + 3));
                start(walk, &e, location, reader.decoder())?;
                close(walk);
            }
            Event::End(_) => close(walk),
            Event::Text(t) => {
                let text = t.decode().map_err(|e| {
                    syntax(at(end), format!("text that is not valid in the file's encoding: {e}"))
                })?;
                walk.text.push_str(&text);
            }
            Event::CData(t) => {
                let text = t.decode().map_err(|e| {
                    syntax(at(end), format!("text that is not valid in the file's encoding: {e}"))
                })?;
                walk.text.push_str(&text);
            }
            Event::GeneralRef(r) => {
                let entity = String::from_utf8_lossy(&r).to_string();
                match xml_entity(&r) {
                    Some(c) => walk.text.push(c),
                    None => {
                        // HTML entities such as &nbsp; are not XML; keep them as written and say so.
                        walk.text.push_str(&format!("&{entity};"));
                        let location = at(end);
                        let mut p = field_problem(
                            Rule::InvalidField,
                            &location,
                            format!("&{entity}; is not an XML entity; kept as written"),
                        )
                        .expected("one of &amp; &lt; &gt; &quot; &apos; or a numeric reference such as &#x00A0;");
                        p.severity = crate::report::Severity::Warning;
                        match walk.fiche.as_mut() {
                            Some(f) => f.record.problems.push(p),
                            None => problem(p),
                        }
                    }
                }
            }
            Event::Eof => {
                if let Some(open) = walk.stack.last() {
                    return Err(syntax(
                        at(end),
                        format!("the file ends inside <{open}>: it is truncated or an element is not closed"),
                    ));
                }
                if walk.corpora.is_empty() && walk.fiches.is_empty() {
                    return Err(syntax(Location::at(name, 1, 1), "this is not a ScrutariData file: it has no <base> with a <corpus>".into()));
                }
                return Ok(());
            }
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
}

/// The character an XML entity or character reference stands for; `None` for what XML does not
/// define (HTML's `&nbsp;`).
pub(super) fn xml_entity(r: &quick_xml::events::BytesRef) -> Option<char> {
    let name: &[u8] = r.as_ref();
    match name {
        b"amp" => Some('&'),
        b"lt" => Some('<'),
        b"gt" => Some('>'),
        b"quot" => Some('"'),
        b"apos" => Some('\''),
        _ => r.resolve_char_ref().ok().flatten(),
    }
}

fn attribute(e: &BytesStart, key: &str, decoder: quick_xml::encoding::Decoder) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key.as_bytes())
        .and_then(|a| a.decode_and_unescape_value(decoder).ok())
        .and_then(|v| clean(&v))
}

fn start(
    walk: &mut Walk,
    e: &BytesStart,
    location: Location,
    decoder: quick_xml::encoding::Decoder,
) -> Result<(), FeedError> {
    let element = String::from_utf8_lossy(e.local_name().as_ref()).to_string();
    let parent = walk.stack.last().map(String::as_str);
    if walk.stack.is_empty() && element != "base" {
        return Err(FeedError::Syntax {
            location,
            message: format!("this is not a ScrutariData file: the root element is <{element}>, not <base>"),
        });
    }
    walk.text.clear();
    let attr = |key: &str| attribute(e, key, decoder);
    match (parent, element.as_str()) {
        (Some("base"), "corpus") => {
            let corpus = attr("corpus-name").unwrap_or_default();
            walk.corpora.entry(corpus.clone()).or_default();
            walk.corpus = Some(corpus);
        }
        (Some("corpus-metadata"), "complement-metadata") => walk.complement_labels.clear(),
        (Some("corpus"), "fiche") => {
            let id = attr("fiche-id").unwrap_or_default();
            let corpus = walk.corpus.clone().unwrap_or_default();
            let record = RawRecord {
                location: location.clone(),
                id: (!id.is_empty()).then(|| format!("{corpus}/{id}")),
                ..RawRecord::default()
            };
            walk.fiche = Some(Fiche {
                corpus,
                id,
                record,
                hrefs: Vec::new(),
                complements: Vec::new(),
                geoloc: (None, None),
                extra_type: None,
            });
        }
        (Some("fiche") | Some("base-metadata") | Some("corpus-metadata") | Some("motcle"), "attr") => {
            walk.attr = Some((attr("ns").unwrap_or_default(), attr("key").unwrap_or_default()));
        }
        (Some("base"), "thesaurus") => walk.thesaurus = Some(attr("thesaurus-name").unwrap_or_default()),
        (Some("thesaurus"), "motcle") => walk.motcle = Some((attr("motcle-id").unwrap_or_default(), Vec::new())),
        (Some("base"), "indexation-group") => {
            walk.group = Some((attr("corpus-path").unwrap_or_default(), attr("thesaurus-path").unwrap_or_default()));
        }
        (Some("indexation-group"), "indexation") => {
            let (corpus, thesaurus) = walk.group.clone().unwrap_or_default();
            let weight = match attr("poids") {
                None => 1,
                Some(w) => w.parse::<u16>().ok().filter(|&w| w > 0).unwrap_or(1),
            };
            walk.indexations.push(Indexation {
                corpus,
                thesaurus,
                fiche: attr("fiche-id").unwrap_or_default(),
                motcle: attr("motcle-id").unwrap_or_default(),
                weight,
                location: location.clone(),
            });
        }
        (_, "lib") | (_, "href") => walk.lang = attr("xml:lang").or_else(|| attr("lang")),
        _ => {}
    }
    if !USED.contains(&element.as_str()) && !SKIPPED.contains(&element.as_str()) {
        let entry = walk.unknown.entry(element.clone()).or_insert_with(|| (location.clone(), 0));
        entry.1 += 1;
    }
    walk.stack.push(element);
    Ok(())
}

fn close(walk: &mut Walk) {
    let Some(element) = walk.stack.pop() else { return };
    let parent = walk.stack.last().map(String::as_str);
    let text = std::mem::take(&mut walk.text);
    let value = clean(&text);
    match (parent, element.as_str()) {
        (Some("corpus-metadata"), "href-parent") => {
            if let Some(c) = walk.corpus.as_ref().and_then(|c| walk.corpora.get_mut(c)) {
                c.href_parent = value;
            }
        }
        (Some("complement-metadata"), "lib") => walk.complement_labels.extend(value),
        (Some("corpus-metadata"), "complement-metadata") => {
            let role = complement_role(&walk.complement_labels);
            if let Some(c) = walk.corpus.as_ref().and_then(|c| walk.corpora.get_mut(c)) {
                c.complements.push(role);
            }
        }
        (Some("base"), "corpus") => walk.corpus = None,
        (Some("corpus"), "fiche") => {
            if let Some(f) = walk.fiche.take() {
                walk.fiches.push(f);
            }
        }
        (Some("fiche"), field) => {
            if let Some(f) = walk.fiche.as_mut() {
                let r = &mut f.record;
                match field {
                    "titre" => r.title = value,
                    "soustitre" => r.subtitle = value,
                    "date" => r.date = value,
                    "lang" => r.lang = value,
                    "href" => f.hrefs.extend(value.map(|v| (walk.lang.take(), v))),
                    "complement" => f.complements.push(value.unwrap_or_default()),
                    _ => {}
                }
            }
        }
        (Some("geoloc"), coordinate @ ("lat" | "lon")) => {
            if let Some(f) = walk.fiche.as_mut() {
                if coordinate == "lat" {
                    f.geoloc.0 = value;
                } else {
                    f.geoloc.1 = value;
                }
            }
        }
        (Some("attr"), "val") => {
            if let (Some(f), Some((ns, key)), Some(v)) = (walk.fiche.as_mut(), walk.attr.as_ref(), value) {
                match (ns.as_str(), key.as_str()) {
                    ("sct", "authors") => f.record.authors.push(v),
                    ("sct", "type") => f.extra_type = Some(v),
                    ("sct", "country") => f.record.country = Some(v),
                    ("sct", "place") => f.record.place = Some(v),
                    ("sct", "translation") => f.record.translation = Some(v),
                    _ => {}
                }
            }
        }
        (_, "attr") => walk.attr = None,
        (Some("motcle"), "lib") => {
            if let (Some((_, labels)), Some(v)) = (walk.motcle.as_mut(), value) {
                labels.push((walk.lang.take().unwrap_or_default(), v));
            }
        }
        (Some("thesaurus"), "motcle") => {
            if let (Some(thesaurus), Some((id, labels))) = (walk.thesaurus.clone(), walk.motcle.take()) {
                walk.keywords.insert((thesaurus, id), labels);
            }
        }
        (Some("base"), "thesaurus") => walk.thesaurus = None,
        (Some("base"), "indexation-group") => walk.group = None,
        _ => {}
    }
}

/// Attaches keywords to fiches, resolves what depends on the corpus, and emits the records.
fn finish(walk: Walk, name: &str, record: &mut dyn FnMut(RawRecord), problem: &mut dyn FnMut(Problem)) {
    let Walk { corpora, mut fiches, keywords, indexations, unknown, .. } = walk;
    let by_id: HashMap<(&str, &str), usize> =
        fiches.iter().enumerate().map(|(i, f)| ((f.corpus.as_str(), f.id.as_str()), i)).collect();
    let mut links: Vec<(usize, DescriptorRef)> = Vec::new();
    for ix in &indexations {
        let fiche = by_id.get(&(ix.corpus.as_str(), ix.fiche.as_str()));
        let keyword = keywords.get(&(ix.thesaurus.clone(), ix.motcle.clone()));
        match (fiche, keyword) {
            (Some(&f), Some(labels)) => links.push((
                f,
                DescriptorRef {
                    key: DescriptorKey::Keyword {
                        thesaurus: ix.thesaurus.clone(),
                        id: ix.motcle.clone(),
                        labels: labels.clone(),
                    },
                    weight: ix.weight,
                },
            )),
            _ => problem(
                Problem::new(
                    Rule::DanglingIndexation,
                    ix.location.clone(),
                    format!(
                        "indexation of fiche {:?} in corpus {:?} with keyword {:?} of thesaurus {:?}: {} not in this file; ignored",
                        ix.fiche,
                        ix.corpus,
                        ix.motcle,
                        ix.thesaurus,
                        if fiche.is_none() { "the fiche is" } else { "the keyword is" }
                    ),
                )
                .expected("fiche-id and motcle-id of a fiche and a motcle defined in the file"),
            ),
        }
    }
    for (f, link) in links {
        fiches[f].record.descriptors.push(link);
    }
    for fiche in fiches {
        let Fiche { corpus, record: mut raw, hrefs, complements, geoloc, extra_type, .. } = fiche;
        let corpus_meta = corpora.get(&corpus);
        let href = hrefs
            .iter()
            .find(|(lang, _)| lang.is_some() && lang.as_deref() == raw.lang.as_deref())
            .or_else(|| hrefs.iter().find(|(lang, _)| lang.is_none()))
            .or(hrefs.first())
            .map(|(_, h)| h.clone());
        raw.url = href.map(|h| resolve(&h, corpus_meta.and_then(|c| c.href_parent.as_deref())));
        for (i, value) in complements.into_iter().enumerate() {
            let role = corpus_meta.and_then(|c| c.complements.get(i)).copied().unwrap_or(Complement::Other);
            match role {
                Complement::Place if raw.place.is_none() => raw.place = clean(&value),
                Complement::Summary if raw.summary.is_none() => raw.summary = clean(&value),
                _ => {}
            }
        }
        if raw.place.is_none() {
            if let (Some(lat), Some(lon)) = geoloc {
                raw.place = Some(format!("{lat}, {lon}"));
            }
        }
        raw.kind = extra_type.or_else(|| clean(&corpus));
        record(raw);
    }
    for (element, (location, count)) in unknown {
        problem(Problem::new(
            Rule::IgnoredElement,
            location,
            format!("element <{element}> is not part of ScrutariData as this builder knows it; ignored ({count} time(s) in {name})"),
        ));
    }
}

/// A fiche's `href`, resolved against its corpus' `href-parent` when relative.
pub(super) fn resolve(href: &str, parent: Option<&str>) -> String {
    let has_scheme = href
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)));
    match parent {
        Some(parent) if !has_scheme && !href.starts_with("//") => {
            if let Some(path) = href.strip_prefix('/') {
                // Absolute path: keep the parent's scheme and host.
                let origin_end = parent.find("://").map(|i| i + 3).and_then(|start| {
                    parent[start..].find('/').map(|j| start + j).or(Some(parent.len()))
                });
                match origin_end {
                    Some(end) => format!("{}/{path}", &parent[..end]),
                    None => href.to_string(),
                }
            } else {
                let base = match parent.rfind('/') {
                    Some(i) if parent[..i].ends_with('/') || parent.ends_with('/') => &parent[..=i],
                    Some(i) if parent.contains("://") && i > parent.find("://").unwrap_or(0) + 2 => &parent[..=i],
                    _ => parent,
                };
                if base.ends_with('/') {
                    format!("{base}{href}")
                } else {
                    format!("{base}/{href}")
                }
            }
        }
        _ => href.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &str) -> (Vec<RawRecord>, Vec<Problem>, Result<(), FeedError>) {
        let mut records = Vec::new();
        let mut problems = Vec::new();
        let result = read(text.as_bytes(), "demo.xml", &mut |r| records.push(r), &mut |p| problems.push(p));
        (records, problems, result)
    }

    const EXAMPLE: &str = include_str!("../../../tests/fixtures/scrutaridata-example.xml");

    #[test]
    fn the_format_notes_example_reads_completely() {
        let (records, problems, result) = read_all(EXAMPLE);
        result.unwrap();
        assert_eq!(records.len(), 2);
        let r = &records[0];
        assert_eq!(r.id.as_deref(), Some("retours/17"));
        assert_eq!(r.title.as_deref(), Some("Un potager sur un toit d'école"));
        assert_eq!(r.subtitle.as_deref(), Some("Trois saisons de culture avec les élèves"));
        assert_eq!(r.date.as_deref(), Some("2021-06-14"));
        assert_eq!(r.url.as_deref(), Some("https://demo.example.org/retours/17.html"));
        assert_eq!(r.authors, ["Anne Martin", "Karim Benali"]);
        assert_eq!(r.place.as_deref(), Some("Lyon (69)"));
        assert!(r.summary.as_deref().unwrap().contains("enseignante \u{a0}: bacs"));
        assert_eq!(r.kind.as_deref(), Some("retours"));
        assert_eq!(r.descriptors.len(), 1);
        assert_eq!(r.descriptors[0].weight, 3);
        assert_eq!(records[1].descriptors[0].weight, 1);
        assert!(problems.is_empty(), "{problems:?}");
        let line = EXAMPLE.lines().position(|l| l.contains("fiche-id=\"17\"")).unwrap() as u64 + 1;
        assert_eq!(r.location.line, Some(line));
    }

    #[test]
    fn truncated_xml_gives_its_position_and_keeps_the_finished_fiches() {
        let cut = EXAMPLE.find("<fiche fiche-id=\"18\">").unwrap() + 40;
        let (records, _, result) = read_all(&EXAMPLE[..cut]);
        assert_eq!(records.len(), 1);
        match result.unwrap_err() {
            FeedError::Syntax { message, .. } => assert!(message.contains("truncated"), "{message}"),
            other => panic!("{other}"),
        }
    }

    #[test]
    fn relative_hrefs_resolve_against_href_parent() {
        assert_eq!(resolve("17.html", Some("https://x.org/retours/")), "https://x.org/retours/17.html");
        assert_eq!(resolve("/a/17.html", Some("https://x.org/retours/")), "https://x.org/a/17.html");
        assert_eq!(resolve("https://y.org/1", Some("https://x.org/")), "https://y.org/1");
        assert_eq!(resolve("javascript:alert(1)", Some("https://x.org/")), "javascript:alert(1)");
    }

    #[test]
    fn another_root_is_not_scrutaridata() {
        let (_, _, result) = read_all("<?xml version=\"1.0\"?><rss></rss>");
        assert!(result.unwrap_err().to_string().contains("root element is <rss>"));
    }

    #[test]
    fn html_entities_are_kept_with_a_warning() {
        let text = EXAMPLE.replace("Lyon (69)", "Lyon&nbsp;(69)");
        let (records, _, result) = read_all(&text);
        result.unwrap();
        assert_eq!(records[0].place.as_deref(), Some("Lyon&nbsp;(69)"));
        assert_eq!(records[0].problems.len(), 1);
    }
}
