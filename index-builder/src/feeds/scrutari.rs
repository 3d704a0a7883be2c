//! ScrutariData XML: the network's exchange format (see `shared/SCRUTARIDATA.md`).
//!
//! A base holds corpora of fiches, thesauri of keywords (motcles) and indexation groups linking
//! the two. Indexations usually come after the fiches, so fiches are kept until the end of the
//! file and emitted once their keywords are known; that holds one file's records in memory (a
//! few times its size at worst), which the format forces on any reader. Parsing is quick-xml's,
//! streamed through a [`Tracked`] reader so that every fiche knows its line.
//!
//! The format note asks readers to be lenient: whatever the format defines is either carried into
//! the record or reported once per file as an ignored field (`sct:tags`, a second `href` in
//! another language, complements the corpus does not declare…), and elements it does not know are
//! reported once per file as warnings. When a fiche repeats `titre`, `lang`, `date` or `href`,
//! the first is kept (as for a JSON key given twice) and the repeat is reported.
//!
//! Document type declarations with entities are refused, and nesting is limited
//! ([`super::input`]): quick-xml does not expand entities, but a file that declares them is meant
//! for a parser that does.

use super::input::{self, Gauge};
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

/// Fiche children kept once: a repeat is reported and the first value kept.
const SINGLE: &[&str] = &["titre", "soustitre", "date", "lang", "fiche-icon"];

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
    /// `intitule-corpus` labels, (language, text): the type's label when `[types]` has none.
    labels: Vec<(String, String)>,
}

struct Fiche {
    corpus: String,
    id: String,
    record: RawRecord,
    hrefs: Vec<(Option<String>, String)>,
    complements: Vec<String>,
    extra_type: Option<String>,
    /// Fiche children seen, to report repeats.
    seen: Vec<&'static str>,
}

struct Indexation {
    corpus: String,
    thesaurus: String,
    fiche: String,
    motcle: String,
    weight: u16,
    location: Location,
}

/// A keyword with where it is defined.
struct Keyword {
    labels: Vec<(String, String)>,
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
    motcle: Option<(String, Keyword)>,
    keywords: HashMap<(String, String), Keyword>,
    group: Option<(String, String)>,
    indexations: Vec<Indexation>,
    unknown: BTreeMap<String, (Location, usize)>,
    /// What the format defines and the index does not carry, with where it was first seen.
    ignored: BTreeMap<String, (Location, usize)>,
    /// `poids` that are not whole numbers from 1 to 65535: where, as written, and the fiche.
    invalid_weights: Vec<(Location, String, String)>,
    /// Languages of the `lib`s of the `complement-metadata` being read.
    complement_langs: Vec<String>,
}

impl Walk {
    fn ignore(&mut self, what: String, location: &Location) {
        self.ignored.entry(what).or_insert_with(|| (location.clone(), 0)).1 += 1;
    }

    /// The location of the fiche being read, or of the file.
    fn here(&self) -> Location {
        self.fiche.as_ref().map(|f| f.record.location.clone()).unwrap_or_default()
    }
}

pub(super) fn read(
    file: impl Read,
    gauge: &Gauge,
    name: &str,
    record: &mut dyn FnMut(RawRecord),
    problem: &mut dyn FnMut(Problem),
) -> Result<(), FeedError> {
    let (tracked, position) = Tracked::new(file, true);
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(tracked));
    reader.config_mut().check_end_names = true;
    let mut walk = Walk::default();
    let result = walk_file(&mut reader, &position, gauge, name, &mut walk, problem);
    finish(walk, name, record, problem);
    result
}

fn walk_file<R: std::io::BufRead>(
    reader: &mut quick_xml::Reader<R>,
    position: &Position,
    gauge: &Gauge,
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
        // An element's text can come in many small events (`&amp;&amp;…`): bound it as a record.
        if walk.text.len() as u64 > input::LIMITS.record_bytes {
            return Err(syntax(
                at(reader.buffer_position()),
                format!("one element's text is longer than the limit of {} per record; reading stopped", input::bytes(input::LIMITS.record_bytes)),
            ));
        }
        buf.clear();
        // One event (a tag, a text) is what the record limit bounds: a fiche is many events.
        gauge.record_start();
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
                if walk.stack.len() >= input::MAX_XML_DEPTH {
                    return Err(syntax(location, input::too_deep()));
                }
                start(walk, &e, location, reader.decoder())?;
            }
            Event::Empty(e) => {
                let location = at(end.saturating_sub(e.len() as u64 + 3));
                start(walk, &e, location, reader.decoder())?;
                close(walk);
            }
            Event::End(_) => close(walk),
            Event::Text(t) => {
                let decoded = t.decode().map(|t| t.into_owned()).map_err(|_| String::from_utf8_lossy(&t).into_owned());
                text(walk, decoded, at(end), problem);
            }
            Event::CData(t) => {
                let decoded = t.decode().map(|t| t.into_owned()).map_err(|_| String::from_utf8_lossy(&t).into_owned());
                text(walk, decoded, at(end), problem);
            }
            Event::GeneralRef(r) => {
                let entity = String::from_utf8_lossy(&r).to_string();
                match xml_entity(&r) {
                    Some(c) => walk.text.push(c),
                    // HTML entities such as &nbsp; are not XML, but exporters write them: keep
                    // them as text, which the field policy decodes and reports (super::text).
                    None => walk.text.push_str(&format!("&{entity};")),
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
            Event::DocType(d) => {
                if let Some(why) = input::refuse_doctype(&d) {
                    return Err(syntax(at(end.saturating_sub(d.len() as u64 + 11)), why));
                }
            }
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) => {}
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

/// Adds an element's text; bytes that are not valid in the file's encoding make the fiche they
/// are in invalid (not the rest of the file), as in every reader.
fn text(walk: &mut Walk, decoded: Result<String, String>, location: Location, problem: &mut dyn FnMut(Problem)) {
    let text = match decoded {
        Ok(t) => t,
        Err(lossy) => {
            let p = field_problem(Rule::InvalidEncoding, &location, "text that is not valid in the file's encoding".into())
                .expected("a feed saved in the encoding its XML declaration names (UTF-8 by default)");
            match walk.fiche.as_mut() {
                Some(f) => f.record.problems.push(p),
                None => problem(p),
            }
            lossy
        }
    };
    walk.text.push_str(&text);
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
        (Some("corpus-metadata"), "complement-metadata") => {
            walk.complement_labels.clear();
            walk.complement_langs.clear();
        }
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
                extra_type: None,
                seen: Vec::new(),
            });
        }
        (Some("fiche") | Some("base-metadata") | Some("corpus-metadata") | Some("motcle"), "attr") => {
            walk.attr = Some((attr("ns").unwrap_or_default(), attr("key").unwrap_or_default()));
        }
        (Some("base"), "thesaurus") => walk.thesaurus = Some(attr("thesaurus-name").unwrap_or_default()),
        (Some("thesaurus"), "motcle") => {
            walk.motcle = Some((attr("motcle-id").unwrap_or_default(), Keyword { labels: Vec::new(), location: location.clone() }))
        }
        (Some("base"), "indexation-group") => {
            walk.group = Some((attr("corpus-path").unwrap_or_default(), attr("thesaurus-path").unwrap_or_default()));
        }
        (Some("indexation-group"), "indexation") => {
            let (corpus, thesaurus) = walk.group.clone().unwrap_or_default();
            let weight = match attr("poids") {
                None => 1,
                Some(w) => match w.parse::<u16>() {
                    Ok(w) if w > 0 => w,
                    _ => {
                        let fiche = format!("{corpus}/{}", attr("fiche-id").unwrap_or_default());
                        walk.invalid_weights.push((location.clone(), w, fiche));
                        1
                    }
                },
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
        (Some("intitule-corpus"), "lib") => {
            let lang = walk.lang.take().unwrap_or_default();
            if let (Some(c), Some(v)) = (walk.corpus.as_ref().and_then(|c| walk.corpora.get_mut(c)), value) {
                c.labels.push((lang, v));
            }
        }
        (Some("complement-metadata"), "lib") => {
            // The network's PHP exporter packs the labels of several complements into one
            // element, in the same language: a language seen again starts the next complement.
            let lang = walk.lang.take().unwrap_or_default();
            if walk.complement_langs.contains(&lang) {
                let labels = std::mem::take(&mut walk.complement_labels);
                walk.complement_langs.clear();
                if let Some(c) = walk.corpus.as_ref().and_then(|c| walk.corpora.get_mut(c)) {
                    c.complements.push(complement_role(&labels));
                }
            }
            walk.complement_langs.push(lang);
            walk.complement_labels.extend(value);
        }
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
            let here = walk.here();
            let Some(f) = walk.fiche.as_mut() else { return };
            if let Some(&single) = SINGLE.iter().find(|&&s| s == field) {
                if f.seen.contains(&single) {
                    let what = format!("<{field}> given more than once in a fiche; the first is kept");
                    walk.ignore(what, &here);
                    return;
                }
                f.seen.push(single);
            }
            let r = &mut f.record;
            match field {
                "titre" => r.title = value,
                "soustitre" => r.subtitle = value,
                "date" => r.date = value,
                "lang" => r.lang = value,
                "href" => f.hrefs.extend(value.map(|v| (walk.lang.take(), v))),
                "complement" => f.complements.push(value.unwrap_or_default()),
                "fiche-icon" => walk.ignore("<fiche-icon> (the index has no icons)".into(), &here),
                "geoloc" => walk.ignore("<geoloc> (the index has no coordinates; a place is text)".into(), &here),
                _ => {}
            }
        }
        (Some("attr"), "val") => {
            let here = walk.here();
            if let (Some(f), Some((ns, key)), Some(v)) = (walk.fiche.as_mut(), walk.attr.as_ref(), value) {
                let ignored = match (ns.as_str(), key.as_str()) {
                    ("sct", "authors") => {
                        f.record.authors.push(v);
                        None
                    }
                    ("sct", "type") => {
                        f.extra_type.get_or_insert(v);
                        None
                    }
                    ("sct", "country") => {
                        f.record.country.get_or_insert(v);
                        None
                    }
                    ("sct", "place") => {
                        f.record.place.get_or_insert(v);
                        None
                    }
                    ("sct", "translation") => {
                        f.record.translation.get_or_insert(v);
                        None
                    }
                    ("sct", "tags") => Some("attribute sct:tags (free tags are not descriptors; map them to atlas descriptors instead)".to_string()),
                    ("sct", "thumbnail") => Some("attribute sct:thumbnail (the index has no pictures)".to_string()),
                    ("sct", "website") => Some("attribute sct:website (the record's URL is its href)".to_string()),
                    (ns, key) => Some(format!("attribute {ns}:{key} (not a record field)")),
                };
                if let Some(what) = ignored {
                    walk.ignore(what, &here);
                }
            }
        }
        (_, "attr") => walk.attr = None,
        (Some("motcle"), "lib") => {
            if let (Some((_, keyword)), Some(v)) = (walk.motcle.as_mut(), value) {
                keyword.labels.push((walk.lang.take().unwrap_or_default(), v));
            }
        }
        (Some("thesaurus"), "motcle") => {
            if let (Some(thesaurus), Some((id, keyword))) = (walk.thesaurus.clone(), walk.motcle.take()) {
                walk.keywords.insert((thesaurus, id), keyword);
            }
        }
        (Some("base"), "thesaurus") => walk.thesaurus = None,
        (Some("base"), "indexation-group") => walk.group = None,
        _ => {}
    }
}

/// Attaches keywords to fiches, resolves what depends on the corpus, and emits the records.
fn finish(walk: Walk, name: &str, record: &mut dyn FnMut(RawRecord), problem: &mut dyn FnMut(Problem)) {
    let Walk { corpora, mut fiches, keywords, indexations, unknown, mut ignored, invalid_weights, .. } = walk;
    // A fiche id given twice is one record kept and one rejected as a duplicate (by ingest, in
    // file order): its indexations go to the first, the one kept.
    let mut by_id: HashMap<(&str, &str), usize> = HashMap::new();
    for (i, f) in fiches.iter().enumerate() {
        by_id.entry((f.corpus.as_str(), f.id.as_str())).or_insert(i);
    }
    let mut links: Vec<(usize, DescriptorRef)> = Vec::new();
    for ix in &indexations {
        let fiche = by_id.get(&(ix.corpus.as_str(), ix.fiche.as_str()));
        let keyword = keywords.get(&(ix.thesaurus.clone(), ix.motcle.clone()));
        match (fiche, keyword) {
            (Some(&f), Some(keyword)) => links.push((
                f,
                DescriptorRef {
                    key: DescriptorKey::Keyword {
                        thesaurus: ix.thesaurus.clone(),
                        id: ix.motcle.clone(),
                        labels: keyword.labels.clone(),
                        defined: Some(keyword.location.clone()),
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
    for (location, written, fiche) in invalid_weights {
        problem(
            Problem::new(Rule::InvalidWeight, location, format!("poids {written:?} of this indexation is not a whole number from 1 to 65535; weight 1 is used"))
                .record(fiche)
                .expected("a positive whole number, or no poids for 1"),
        );
    }
    for (f, link) in links {
        fiches[f].record.descriptors.push(link);
    }
    for fiche in fiches {
        let Fiche { corpus, record: mut raw, hrefs, complements, extra_type, .. } = fiche;
        let corpus_meta = corpora.get(&corpus);
        let chosen = hrefs
            .iter()
            .position(|(lang, _)| lang.is_some() && lang.as_deref() == raw.lang.as_deref())
            .or_else(|| hrefs.iter().position(|(lang, _)| lang.is_none()))
            .or((!hrefs.is_empty()).then_some(0));
        for (i, (lang, _)) in hrefs.iter().enumerate() {
            if Some(i) != chosen {
                let what = match lang {
                    Some(l) => format!("a second <href> (xml:lang=\"{l}\"): a record has one URL, the one in its own language"),
                    None => "a second <href>: a record has one URL; the first is kept".to_string(),
                };
                ignored.entry(what).or_insert_with(|| (raw.location.clone(), 0)).1 += 1;
            }
        }
        raw.url = chosen.map(|i| resolve(&hrefs[i].1, corpus_meta.and_then(|c| c.href_parent.as_deref())));
        let declared = corpus_meta.map_or(0, |c| c.complements.len());
        for (i, value) in complements.into_iter().enumerate() {
            let role = corpus_meta.and_then(|c| c.complements.get(i)).copied();
            let slot = match role {
                Some(Complement::Place) => &mut raw.place,
                Some(Complement::Summary) => &mut raw.summary,
                Some(Complement::Other) => {
                    let what = format!("complement {} of corpus {corpus:?} (its label is neither a place nor a summary)", i + 1);
                    ignored.entry(what).or_insert_with(|| (raw.location.clone(), 0)).1 += 1;
                    continue;
                }
                None => {
                    let what = format!("complement {} of corpus {corpus:?}, which declares {declared} complement(s)", i + 1);
                    ignored.entry(what).or_insert_with(|| (raw.location.clone(), 0)).1 += 1;
                    continue;
                }
            };
            match slot {
                None => *slot = clean(&value),
                Some(_) if !value.trim().is_empty() => {
                    let what = format!("complement {} of corpus {corpus:?} (a second place or summary; the first is kept)", i + 1);
                    ignored.entry(what).or_insert_with(|| (raw.location.clone(), 0)).1 += 1;
                }
                Some(_) => {}
            }
        }
        raw.kind = extra_type.or_else(|| clean(&corpus));
        if raw.kind.as_deref() == clean(&corpus).as_deref() {
            raw.kind_labels = corpus_meta.map(|c| c.labels.clone()).unwrap_or_default();
        }
        record(raw);
    }
    for (element, (location, count)) in unknown {
        problem(Problem::new(
            Rule::IgnoredElement,
            location,
            format!("element <{element}> is not part of ScrutariData as this builder knows it; ignored ({count} time(s) in {name})"),
        ));
    }
    for (what, (location, count)) in ignored {
        problem(
            Problem::new(Rule::IgnoredField, location, format!("{what}: not carried into the index ({count} time(s) in {name}; first here)"))
                .expected("only what docs/FEEDS.md says a ScrutariData fiche becomes"),
        );
    }
}

/// A fiche's `href`, resolved against its corpus' `href-parent` when relative, with `.` and `..`
/// segments removed (RFC 3986, 5.2.4) so that one page has one URL.
pub(super) fn resolve(href: &str, parent: Option<&str>) -> String {
    let has_scheme = href
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)));
    let joined = match parent {
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
    };
    remove_dot_segments(&joined)
}

/// `https://x.org/a/sub/../up/./2.html` → `https://x.org/a/up/2.html`; the query and fragment
/// are left alone, and so is anything that is not a `scheme://host/path` URL.
fn remove_dot_segments(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else { return url.to_string() };
    let after = scheme_end + 3;
    let Some(path_start) = url[after..].find('/').map(|i| after + i) else { return url.to_string() };
    let path_end = url[path_start..].find(['?', '#']).map_or(url.len(), |i| path_start + i);
    let path = &url[path_start..path_end];
    if !path.split('/').any(|s| s == "." || s == "..") {
        return url.to_string();
    }
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path[1..].split('/').collect();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *segment {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                out.pop();
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("{}/{}{}", &url[..path_start], out.join("/"), &url[path_end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &str) -> (Vec<RawRecord>, Vec<Problem>, Result<(), FeedError>) {
        let mut records = Vec::new();
        let mut problems = Vec::new();
        let result = super::super::read_from(
            text.as_bytes(),
            crate::config::FeedFormat::ScrutariData,
            "demo.xml",
            input::LIMITS,
            &mut |r| records.push(r),
            &mut |p| problems.push(p),
        );
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
        // What the format defines and the index does not carry is said once per file.
        let ignored: Vec<_> = problems.iter().map(|p| (p.rule, p.message.split(' ').take(2).collect::<Vec<_>>().join(" "))).collect();
        assert_eq!(
            ignored,
            [
                (Rule::IgnoredField, "<fiche-icon> (the".to_string()),
                (Rule::IgnoredField, "<geoloc> (the".to_string()),
                (Rule::IgnoredField, "attribute sct:tags".to_string()),
                (Rule::IgnoredField, "attribute sct:thumbnail".to_string()),
            ]
        );
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
        assert_eq!(resolve("sub/../up/2.html", Some("https://x.org/retours/")), "https://x.org/retours/up/2.html");
        assert_eq!(resolve("../../../x.html?a=../b", Some("https://x.org/r/")), "https://x.org/x.html?a=../b");
        assert_eq!(resolve("https://y.org/a/./b/../c/", None), "https://y.org/a/c/");
        assert_eq!(resolve("https://y.org/a/..", None), "https://y.org/");
    }

    #[test]
    fn another_root_is_not_scrutaridata() {
        let (_, _, result) = read_all("<?xml version=\"1.0\"?><rss></rss>");
        assert!(result.unwrap_err().to_string().contains("root element is <rss>"));
    }

    #[test]
    fn html_entities_are_decoded_once_with_one_warning_per_file() {
        let text = EXAMPLE.replace("Lyon (69)", "Lyon&nbsp;(69)").replace("Un potager", "Caf&eacute; &amp;amp;eacute;");
        let (records, problems, result) = read_all(&text);
        result.unwrap();
        assert_eq!(records[0].place.as_deref(), Some("Lyon\u{a0}(69)"));
        assert!(records[0].title.as_deref().unwrap().starts_with("Café &eacute;"), "{:?}", records[0].title);
        let entity: Vec<_> = problems.iter().filter(|p| p.rule == Rule::HtmlEntity).collect();
        assert_eq!(entity.len(), 1, "{problems:?}");
        assert!(entity[0].message.contains("2 field(s)"), "{}", entity[0].message);
    }

    fn base(corpus_metadata: &str, fiches: &str, rest: &str) -> String {
        format!("<base><base-metadata><authority>a</authority><base-name>b</base-name></base-metadata>\n<corpus corpus-name=\"c\"><corpus-metadata>{corpus_metadata}</corpus-metadata>\n{fiches}</corpus>\n{rest}</base>\n")
    }

    #[test]
    fn complement_labels_packed_in_one_element_are_one_complement_each() {
        // As the network's PHP exporter writes them: one element, one lib per complement.
        let text = base(
            "<complement-metadata><lib xml:lang=\"fr\">Lieu</lib><lib xml:lang=\"fr\">Résumé</lib></complement-metadata>",
            "<fiche fiche-id=\"1\"><titre>T</titre><complement>Lyon</complement><complement>Un résumé.</complement></fiche>\n",
            "",
        );
        let (records, problems, result) = read_all(&text);
        result.unwrap();
        assert_eq!(records[0].place.as_deref(), Some("Lyon"));
        assert_eq!(records[0].summary.as_deref(), Some("Un résumé."));
        assert!(problems.is_empty(), "{problems:?}");
        // One label per language is one complement.
        let text = base(
            "<complement-metadata><lib xml:lang=\"fr\">Résumé</lib><lib xml:lang=\"en\">Abstract</lib></complement-metadata>",
            "<fiche fiche-id=\"1\"><titre>T</titre><complement>Un résumé.</complement></fiche>\n",
            "",
        );
        let (records, _, _) = read_all(&text);
        assert_eq!(records[0].summary.as_deref(), Some("Un résumé."));
        // A second complement for the same field is reported, not silently dropped.
        let text = base(
            "<complement-metadata><lib xml:lang=\"fr\">Lieu</lib><lib xml:lang=\"fr\">Lieu</lib></complement-metadata>",
            "<fiche fiche-id=\"1\"><titre>T</titre><complement>Lyon</complement><complement>Villeurbanne</complement></fiche>\n",
            "",
        );
        let (records, problems, _) = read_all(&text);
        assert_eq!(records[0].place.as_deref(), Some("Lyon"));
        assert!(problems.iter().any(|p| p.rule == Rule::IgnoredField && p.message.contains("a second place or summary")), "{problems:?}");
    }

    #[test]
    fn a_duplicate_fiche_id_leaves_its_indexations_with_the_first_copy() {
        let text = base(
            "",
            "<fiche fiche-id=\"1\"><titre>First</titre></fiche>\n<fiche fiche-id=\"1\"><titre>Second</titre></fiche>\n",
            "<thesaurus thesaurus-name=\"t\"><motcle motcle-id=\"k\"><lib xml:lang=\"fr\">k</lib></motcle></thesaurus>\n<indexation-group corpus-path=\"c\" thesaurus-path=\"t\"><indexation fiche-id=\"1\" motcle-id=\"k\"/></indexation-group>\n",
        );
        let (records, _, result) = read_all(&text);
        result.unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!((records[0].title.as_deref(), records[0].descriptors.len()), (Some("First"), 1));
        assert_eq!(records[1].descriptors.len(), 0);
    }

    #[test]
    fn repeated_children_keep_the_first_and_are_reported() {
        let text = base(
            "",
            "<fiche fiche-id=\"1\"><titre>One</titre><titre>Two</titre><lang>fr</lang><lang>en</lang><date>2020</date><date>2021</date><href>https://x.org/1</href><href>https://x.org/2</href></fiche>\n",
            "",
        );
        let (records, problems, _) = read_all(&text);
        let r = &records[0];
        assert_eq!((r.title.as_deref(), r.lang.as_deref(), r.date.as_deref(), r.url.as_deref()), (Some("One"), Some("fr"), Some("2020"), Some("https://x.org/1")));
        let ignored: Vec<_> = problems.iter().filter(|p| p.rule == Rule::IgnoredField).map(|p| p.message.split(' ').next().unwrap().to_string()).collect();
        assert_eq!(ignored, ["<date>", "<lang>", "<titre>", "a"], "{problems:?}");
    }

    #[test]
    fn geoloc_is_not_a_place_and_the_corpus_title_labels_its_type() {
        let text = base(
            "<intitule-corpus><lib xml:lang=\"fr\">Retours d'expérience</lib><lib xml:lang=\"en\">Field reports</lib></intitule-corpus>",
            "<fiche fiche-id=\"1\"><titre>T</titre><geoloc><lat>45.76</lat><lon>4.83</lon></geoloc></fiche>\n",
            "",
        );
        let (records, problems, _) = read_all(&text);
        assert_eq!(records[0].place, None);
        assert!(problems.iter().any(|p| p.rule == Rule::IgnoredField && p.message.starts_with("<geoloc>")));
        assert_eq!(records[0].kind.as_deref(), Some("c"));
        assert_eq!(records[0].kind_labels, [("fr".to_string(), "Retours d'expérience".to_string()), ("en".to_string(), "Field reports".to_string())]);
    }

    #[test]
    fn invalid_weights_are_reported_and_count_as_one() {
        for poids in ["0", "2.5", "-1", "abc", "70000"] {
            let text = base(
                "",
                "<fiche fiche-id=\"1\"><titre>T</titre></fiche>\n",
                &format!("<thesaurus thesaurus-name=\"t\"><motcle motcle-id=\"k\"><lib>k</lib></motcle></thesaurus>\n<indexation-group corpus-path=\"c\" thesaurus-path=\"t\"><indexation fiche-id=\"1\" motcle-id=\"k\" poids=\"{poids}\"/></indexation-group>\n"),
            );
            let (records, problems, _) = read_all(&text);
            assert_eq!(records[0].descriptors[0].weight, 1);
            let p = problems.iter().find(|p| p.rule == Rule::InvalidWeight).unwrap_or_else(|| panic!("{poids}: {problems:?}"));
            assert_eq!((p.location.line, p.record.as_deref()), (Some(6), Some("c/1")), "{poids}");
        }
    }
}
