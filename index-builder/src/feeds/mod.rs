//! Member feeds in: ScrutariData XML, JSON (array or lines) and CSV, each into [`RawRecord`]s.
//!
//! Readers only *read*: they turn each record of a file into a [`RawRecord`] with the place it
//! came from, as faithfully as the format allows, and hand it over one at a time so that a 100 MB
//! feed never sits in memory as records. Judging a record (is the URL safe, does the descriptor
//! exist) is [`crate::validate`]'s job, the same for every format. A reader stops only when the
//! file itself cannot be parsed any further; it says where.
//!
//! [`open`] finds a feed's bytes first: a file, or a web address fetched through
//! [`crate::fetch`]; a ScrutariData *info* file ([`info`]) is followed to the pieces it names.
//!
//! Every reader reads through the same [`input`] layer (byte order mark, size caps) and every
//! record leaves through the same [`text`] policy (control characters, HTML references, length
//! limits), so that the four formats cannot drift apart on what reaches a visitor.

mod csv;
pub mod info;
pub mod input;
mod json;
mod scrutari;
pub mod text;

use crate::config::{FeedFormat, FeedLocation, SiteConfig};
use crate::fetch::{FetchError, Fetcher, Freshness};
use crate::report::{Location, Problem, Rule};
use std::io::Read;
use std::path::Path;
use thiserror::Error;

/// How a record names a descriptor, before it is looked up in the atlas.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DescriptorKey {
    /// A bare string: an IRI, a notation or a label, depending on the site's `descriptors` setting.
    Text(String),
    Notation(String),
    Iri(String),
    /// A label, in a given language or in any.
    Label { text: String, lang: Option<String> },
    /// A ScrutariData keyword, mapped to a descriptor through the site's configuration or labels.
    Keyword {
        thesaurus: String,
        id: String,
        labels: Vec<(String, String)>,
        /// Where the `motcle` is defined, for a report about the keyword itself.
        defined: Option<Location>,
    },
}

/// A reference to a descriptor with its weight (1 unless the feed says otherwise).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DescriptorRef {
    pub key: DescriptorKey,
    pub weight: u16,
}

impl DescriptorRef {
    /// Parses the string form: `E32`, `https://…`, `habitat@fr`, each optionally with `^N`.
    pub fn parse(text: &str) -> Result<DescriptorRef, String> {
        let text = text.trim();
        let (body, weight) = match text.rsplit_once('^') {
            Some((body, w)) if !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()) => {
                let weight: u16 = w.parse().map_err(|_| format!("weight {w:?} is too large"))?;
                if weight == 0 {
                    return Err(format!("{text:?} has weight 0"));
                }
                (body.trim_end(), weight)
            }
            _ => (text, 1),
        };
        if body.is_empty() {
            return Err("an empty descriptor reference".to_string());
        }
        let key = match body.rsplit_once('@') {
            Some((label, lang))
                if (2..=3).contains(&lang.len()) && lang.bytes().all(|b| b.is_ascii_alphabetic()) && !label.trim().is_empty() =>
            {
                DescriptorKey::Label { text: label.trim().to_string(), lang: Some(lang.to_string()) }
            }
            _ => DescriptorKey::Text(body.to_string()),
        };
        Ok(DescriptorRef { key, weight })
    }

    /// The reference as a maintainer would recognise it in their feed.
    pub fn describe(&self) -> String {
        match &self.key {
            DescriptorKey::Text(t) | DescriptorKey::Notation(t) | DescriptorKey::Iri(t) => t.clone(),
            DescriptorKey::Label { text, lang: Some(l) } => format!("{text}@{l}"),
            DescriptorKey::Label { text, lang: None } => text.clone(),
            DescriptorKey::Keyword { thesaurus, id, .. } => format!("keyword {thesaurus}/{id}"),
        }
    }
}

/// One record as read from a feed, not yet judged.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawRecord {
    /// Where the record starts.
    pub location: Location,
    pub id: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub summary: Option<String>,
    pub authors: Vec<String>,
    pub date: Option<String>,
    pub kind: Option<String>,
    /// The feed's own labels for `kind`, (language, text), when it has some (a ScrutariData
    /// corpus' `intitule-corpus`): shown when `[types]` does not name the type.
    pub kind_labels: Vec<(String, String)>,
    pub lang: Option<String>,
    pub place: Option<String>,
    pub country: Option<String>,
    pub descriptors: Vec<DescriptorRef>,
    pub translation: Option<String>,
    /// Problems in this record's fields that the reader saw (a number where text was expected…).
    pub problems: Vec<Problem>,
}

/// The feed could not be read, or stopped being readable; records before `location` were read,
/// none after.
#[derive(Debug, Error)]
pub enum FeedError {
    #[error("cannot read the feed {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("feed unreachable ({source})")]
    Fetch { url: String, source: FetchError },
    #[error("{location}: {message}")]
    Syntax { location: Location, message: String },
}

/// A feed's bytes, ready to read.
pub struct Opened {
    reader: Box<dyn Read>,
    /// What problems are located in: the file or the address (of the info file, for a base
    /// assembled from pieces).
    pub name: String,
    /// Each address fetched, and how.
    pub fetched: Vec<(String, Freshness)>,
}

/// Finds the bytes of `site`'s feed: opens the file or fetches the address, and follows a
/// ScrutariData info file to its pieces. `progress` is told the bytes received by each fetch.
pub fn open(site: &SiteConfig, fetcher: &Fetcher, progress: &mut dyn FnMut(u64)) -> Result<Opened, FeedError> {
    let mut fetched = Vec::new();
    let path = local_copy(&site.feed, fetcher, &mut fetched, progress)?;
    let name = site.feed.name();
    let io = |path: &Path| {
        let shown = path.display().to_string();
        move |source| FeedError::Io { path: shown, source }
    };
    let mut file = open_file(&path)?;
    if site.format == FeedFormat::ScrutariData {
        let mut head = Vec::new();
        (&mut file).take(4096).read_to_end(&mut head).map_err(io(&path))?;
        if info::is_info(&head) {
            let text = std::fs::read(&path).map_err(io(&path))?;
            let info = info::parse(&text).map_err(|message| FeedError::Syntax { location: Location::at(name.clone(), 1, 1), message })?;
            let mut reader: Box<dyn Read> = Box::new(std::io::empty());
            for piece in info.pieces {
                let part: Box<dyn Read> = match piece {
                    info::Piece::Fragment(text) => Box::new(std::io::Cursor::new(text.into_bytes())),
                    info::Piece::Url(reference) => {
                        let location = relative_to(&site.feed, &reference);
                        let path = local_copy(&location, fetcher, &mut fetched, progress)?;
                        Box::new(open_file(&path)?)
                    }
                };
                reader = Box::new(reader.chain(part));
            }
            return Ok(Opened { reader, name: format!("{name} (assembled from its info file)"), fetched });
        }
        drop(file);
        file = open_file(&path)?;
    }
    Ok(Opened { reader: Box::new(file), name, fetched })
}

/// A file to read for `location`: itself, or its copy in the fetch cache.
fn local_copy(
    location: &FeedLocation,
    fetcher: &Fetcher,
    fetched: &mut Vec<(String, Freshness)>,
    progress: &mut dyn FnMut(u64),
) -> Result<std::path::PathBuf, FeedError> {
    match location {
        FeedLocation::File(path) => Ok(path.clone()),
        FeedLocation::Url(url) if !crate::fetch::is_url(url) => Err(FeedError::Fetch {
            url: url.clone(),
            source: FetchError::Network(format!("{url:?} is not an http:// or https:// address")),
        }),
        FeedLocation::Url(url) => {
            let got = fetcher.get(url, progress).map_err(|source| FeedError::Fetch { url: url.clone(), source })?;
            fetched.push((url.clone(), got.freshness));
            Ok(got.path)
        }
    }
}

/// A piece named in an info file, relative to the info file's own location.
fn relative_to(base: &FeedLocation, reference: &str) -> FeedLocation {
    if crate::fetch::is_url(reference) {
        return FeedLocation::Url(reference.to_string());
    }
    match base {
        FeedLocation::Url(url) => FeedLocation::Url(scrutari::resolve(reference, Some(url))),
        FeedLocation::File(path) => FeedLocation::File(path.parent().unwrap_or(Path::new("")).join(reference)),
    }
}

/// Reads an opened feed, giving each record to `record` and file-level problems (unknown
/// fields, ignored elements) to `problem`.
pub fn read(
    site: &SiteConfig,
    opened: Opened,
    record: &mut dyn FnMut(RawRecord),
    problem: &mut dyn FnMut(Problem),
) -> Result<(), FeedError> {
    let Opened { reader, name, .. } = opened;
    read_from(reader, site.format, &name, input::LIMITS, record, problem)
}

impl Opened {
    /// Each web address fetched, for the report.
    pub fn fetched(&self) -> Vec<crate::report::Fetched> {
        self.fetched
            .iter()
            .map(|(url, freshness)| crate::report::Fetched {
                url: url.clone(),
                not_modified: *freshness == Freshness::NotModified,
                bytes: match freshness {
                    Freshness::Downloaded(n) => *n,
                    Freshness::NotModified => 0,
                },
            })
            .collect()
    }
}

/// Reads a feed from any source, as [`read`] does from a site's file (the fuzz targets and tests
/// read bytes this way).
pub fn read_from(
    file: impl std::io::Read,
    format: FeedFormat,
    name: &str,
    limits: input::Limits,
    record: &mut dyn FnMut(RawRecord),
    problem: &mut dyn FnMut(Problem),
) -> Result<(), FeedError> {
    let name = name.to_string();
    let (bounded, gauge) = input::Bounded::new(file, limits);
    let mut tally = text::Tally::default();
    let mut tidied = |mut raw: RawRecord| {
        text::tidy(&mut raw, &mut tally);
        record(raw)
    };
    let result = match format {
        FeedFormat::Json => json::read_array(bounded, &gauge, &name, &mut tidied, problem),
        FeedFormat::JsonL => json::read_lines(bounded, &gauge, &name, &mut tidied, problem),
        FeedFormat::Csv => csv::read(bounded, &gauge, &name, &mut tidied, problem),
        FeedFormat::ScrutariData => scrutari::read(bounded, &gauge, &name, &mut tidied, problem),
    };
    if let Some((count, line)) = gauge.nuls() {
        problem(
            Problem::new(Rule::ControlCharacter, Location::at(&name, line, 1), format!("{count} NUL byte(s) removed from the feed; the first on this line"))
                .expected("text without NUL bytes"),
        );
    }
    for p in tally.into_problems(&name) {
        problem(p);
    }
    // A reader stopped by a limit says so in its own words ("I/O error"); say which limit.
    match (result, gauge.exceeded()) {
        (Err(_), Some(e)) => Err(FeedError::Syntax { location: Location::at(&name, e.line, 1), message: e.message }),
        (result, _) => result,
    }
}

fn open_file(path: &Path) -> Result<std::fs::File, FeedError> {
    let io = |source| FeedError::Io { path: path.display().to_string(), source };
    // A folder opens like a file on Unix and fails only at the first read, with a message
    // that does not say which file was meant.
    if std::fs::metadata(path).map_err(io)?.is_dir() {
        return Err(io(std::io::Error::other("it is a folder, not a feed file")));
    }
    std::fs::File::open(path).map_err(io)
}

/// Trimmed text, or nothing when it is blank.
pub(crate) fn clean(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// A field-level problem for the record being read.
pub(crate) fn field_problem(rule: Rule, location: &Location, message: String) -> Problem {
    Problem::new(rule, location.clone(), message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_nul_bytes_leave_every_format_with_one_warning() {
        let feeds: [(FeedFormat, &[u8]); 4] = [
            (FeedFormat::Json, b"[{\"id\": \"a\0\", \"title\": \"T\0\0\"}]"),
            (FeedFormat::JsonL, b"{\"id\": \"a\0\", \"title\": \"T\0\0\"}\n"),
            (FeedFormat::Csv, b"id,url,title\na\0,https://x.org/,T\0\0\n"),
            (FeedFormat::ScrutariData, b"<base><corpus corpus-name=\"c\"><fiche fiche-id=\"a\0\"><titre>T\0\0</titre></fiche></corpus></base>"),
        ];
        for (format, bytes) in feeds {
            let (mut records, mut problems) = (Vec::new(), Vec::new());
            read_from(bytes, format, "f", input::LIMITS, &mut |r| records.push(r), &mut |p| problems.push(p)).unwrap();
            assert_eq!(records[0].title.as_deref(), Some("T"), "{format:?}");
            assert!(records[0].id.as_deref().unwrap().ends_with('a'), "{format:?}");
            assert_eq!(problems.len(), 1, "{format:?}: {problems:?}");
            assert_eq!(problems[0].rule, Rule::ControlCharacter);
            assert!(problems[0].message.starts_with("3 NUL byte(s)"), "{}", problems[0].message);
        }
    }

    #[test]
    fn reference_strings_carry_weights_and_languages() {
        let r = DescriptorRef::parse("E32^3").unwrap();
        assert_eq!((r.key, r.weight), (DescriptorKey::Text("E32".into()), 3));
        let r = DescriptorRef::parse("habitat et logement@fr").unwrap();
        assert_eq!(
            r.key,
            DescriptorKey::Label { text: "habitat et logement".into(), lang: Some("fr".into()) }
        );
        let r = DescriptorRef::parse("https://atlas.example/E32").unwrap();
        assert_eq!(r.key, DescriptorKey::Text("https://atlas.example/E32".into()));
        assert!(DescriptorRef::parse("E32^0").is_err());
        assert!(DescriptorRef::parse("  ").is_err());
    }
}
