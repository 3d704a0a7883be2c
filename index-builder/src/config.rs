//! `commons.toml`: where the thesaurus and the feeds are, and how to read them.
//!
//! Every key is documented for maintainers in `docs/COMMONS_TOML.md`; keep the two in step.
//! Unknown keys are refused rather than ignored, because a misspelt `colour` silently doing
//! nothing is worse than an error naming the line.
//!
//! `[[maps]]` is read here but judged later, against the atlas ([`crate::maps`]): whether a map's
//! concepts exist is only known once the thesaurus is read, and a wrong map is a problem in the
//! report (exit 1, with the other problems of the release) rather than a refused file. So each map
//! keeps the line and column of its id and of each concept it lists.

use crate::report::Location;
use commons_atlas::model::Lang;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// A problem with `commons.toml` itself: nothing can be read without it, so these stop the run.
#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}: {message}")]
    Syntax { path: String, message: String },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    commons: CommonsSection,
    thesaurus: ThesaurusSection,
    #[serde(default)]
    dimensions: Vec<DimensionSection>,
    matrix: Option<MatrixSection>,
    #[serde(default)]
    types: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(default)]
    sites: Vec<SiteSection>,
    #[serde(default)]
    maps: Vec<MapSection>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CommonsSection {
    name: Option<String>,
    languages: Vec<String>,
    max_rejected: Option<f64>,
    /// Whether the thesaurus and feeds may be outside the folder of `commons.toml`.
    #[serde(default)]
    allow_outside: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThesaurusSection {
    path: OneOrMany,
    format: Option<ThesaurusFormat>,
    scheme: Option<String>,
}

/// `path = "atlas.ttl"` or `path = ["backbone.rdf", "labels-*.rdf"]`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DimensionSection {
    id: String,
    collection: Option<String>,
    concept: Option<String>,
    #[serde(default)]
    families: BTreeMap<String, FamilyStyle>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MatrixSection {
    rows: String,
    columns: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MapSection {
    id: toml::Spanned<String>,
    #[serde(default)]
    title: BTreeMap<String, String>,
    concepts: Option<toml::Spanned<Vec<toml::Spanned<String>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteSection {
    id: String,
    name: String,
    url: String,
    languages: Vec<String>,
    colour: Option<String>,
    logo: Option<String>,
    feed: String,
    format: Option<FeedFormat>,
    max_rejected: Option<f64>,
    #[serde(default)]
    descriptors: DescriptorNaming,
    descriptor_lang: Option<String>,
    #[serde(default)]
    keywords: BTreeMap<String, String>,
    #[serde(default)]
    keyword_ids: BTreeMap<String, KeywordIds>,
}

/// What the `motcle-id`s of a ScrutariData thesaurus are, when they are atlas references.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeywordIds {
    /// Each `motcle-id` is a descriptor's notation.
    Notation,
    /// Each `motcle-id` is a descriptor's IRI.
    Iri,
}

/// The syntax of a thesaurus file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThesaurusFormat {
    Turtle,
    NTriples,
    RdfXml,
}

impl ThesaurusFormat {
    /// The format a file's extension says, if it says one.
    fn from_extension(path: &Path) -> Option<ThesaurusFormat> {
        match extension(path).as_deref() {
            Some("ttl") => Some(ThesaurusFormat::Turtle),
            Some("nt") => Some(ThesaurusFormat::NTriples),
            Some("rdf" | "xml" | "owl") => Some(ThesaurusFormat::RdfXml),
            _ => None,
        }
    }
}

/// One file of the thesaurus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThesaurusFile {
    /// Resolved against the configuration's folder.
    pub path: PathBuf,
    pub format: ThesaurusFormat,
}

/// The syntax of a member's feed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedFormat {
    ScrutariData,
    Json,
    JsonL,
    Csv,
}

impl FeedFormat {
    pub fn name(self) -> &'static str {
        match self {
            FeedFormat::ScrutariData => "ScrutariData XML",
            FeedFormat::Json => "JSON",
            FeedFormat::JsonL => "JSON Lines",
            FeedFormat::Csv => "CSV",
        }
    }
}

/// How a feed names the descriptors that index a record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DescriptorNaming {
    /// An IRI, else a notation, else a label in any language.
    #[default]
    Auto,
    Notation,
    Iri,
    /// A label in the site's `descriptor_lang`.
    Label,
}

/// How the atlas draws a family.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilyStyle {
    pub colour: Option<String>,
    pub icon: Option<String>,
}

/// Where a dimension's families come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FamilySource {
    /// The members of a `skos:Collection`.
    Collection(String),
    /// The narrower concepts of a concept.
    Concept(String),
}

/// A dimension as configured.
#[derive(Clone, Debug)]
pub struct DimensionConfig {
    pub id: String,
    pub source: FamilySource,
    /// Keyed by family notation or IRI.
    pub families: BTreeMap<String, FamilyStyle>,
}

/// Where a member's feed is: a file beside `commons.toml`, or a web address fetched at each run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FeedLocation {
    /// Resolved against the configuration's folder.
    File(PathBuf),
    /// An `http://` or `https://` address.
    Url(String),
}

impl FeedLocation {
    /// The name problems are located in: the path, or the address.
    pub fn name(&self) -> String {
        match self {
            FeedLocation::File(path) => path.display().to_string(),
            FeedLocation::Url(url) => url.clone(),
        }
    }

    /// What the format is guessed from: the file name, or the address' path.
    fn extension(&self) -> Option<String> {
        match self {
            FeedLocation::File(path) => extension(path),
            FeedLocation::Url(url) => {
                let path = url.split(['?', '#']).next().unwrap_or(url);
                let last = path.rsplit('/').next().unwrap_or("");
                last.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())
            }
        }
    }
}

impl std::fmt::Display for FeedLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name())
    }
}

/// A member site as configured.
#[derive(Clone, Debug)]
pub struct SiteConfig {
    pub id: String,
    pub name: String,
    pub url: String,
    pub languages: Vec<Lang>,
    pub colour: Option<String>,
    pub logo: Option<String>,
    pub feed: FeedLocation,
    pub format: FeedFormat,
    /// The share of this site's records that may be rejected before the release is refused, in
    /// percent (the site's `max_rejected`, else `[commons] max_rejected`, else 20).
    pub max_rejected: f64,
    pub descriptors: DescriptorNaming,
    pub descriptor_lang: Option<Lang>,
    /// `"thesaurus-name/motcle-id"` → descriptor reference.
    pub keywords: BTreeMap<String, String>,
    /// ScrutariData thesaurus name → what its keyword ids are.
    pub keyword_ids: BTreeMap<String, KeywordIds>,
}

/// A local map as configured (`[[maps]]`), not yet checked: [`crate::maps`] checks its id and
/// title and resolves its concepts against the atlas, reporting problems at these locations.
#[derive(Clone, Debug)]
pub struct MapConfig {
    /// As written; may be invalid or used twice.
    pub id: String,
    /// Where the id is in `commons.toml`.
    pub location: Location,
    /// Title by language; may be empty.
    pub titles: BTreeMap<Lang, String>,
    /// Each concept reference as written (a notation, an IRI, `label@lang` or a label), with
    /// where it is.
    pub concepts: Vec<(String, Location)>,
    /// Where the `concepts` list is, or the id when there is none.
    pub concepts_location: Location,
}

/// A validated `commons.toml`.
#[derive(Clone, Debug)]
pub struct Config {
    /// The file it was read from.
    pub path: PathBuf,
    pub name: Option<String>,
    pub languages: Vec<Lang>,
    /// The thesaurus' files, in the order given (globs expanded, each sorted by name), merged
    /// into one graph.
    pub thesaurus: Vec<ThesaurusFile>,
    pub scheme: Option<String>,
    /// Empty: let the builder choose (see `docs/COMMONS_TOML.md`).
    pub dimensions: Vec<DimensionConfig>,
    /// `(rows, columns)` dimension ids.
    pub matrix: Option<(String, String)>,
    /// Type key → labels by language.
    pub types: BTreeMap<String, BTreeMap<Lang, String>>,
    pub sites: Vec<SiteConfig>,
    /// The local maps, in the order written.
    pub maps: Vec<MapConfig>,
    /// The folder `commons.toml` is in: relative paths, and the default feed cache, are under it.
    pub folder: PathBuf,
}

impl Config {
    /// Reads and checks `commons.toml`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|source| ConfigError::Io { path: shown.clone(), source })?;
        Config::parse(&text, path)
    }

    /// Parses configuration text as if read from `path` (relative paths resolve against its folder).
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let shown = path.display().to_string();
        let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError::Syntax {
            path: shown.clone(),
            message: describe_toml_error(text, &e),
        })?;
        let invalid = |message: String| ConfigError::Invalid { path: shown.clone(), message };
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();

        let lang = |code: &str, what: &str| {
            Lang::parse(code).map_err(|e| invalid(format!("{what}: {e}")))
        };
        let languages = raw
            .commons
            .languages
            .iter()
            .map(|c| lang(c, "[commons] languages"))
            .collect::<Result<Vec<_>, _>>()?;
        if languages.is_empty() {
            return Err(invalid("[commons] languages is empty; list at least one language, such as [\"fr\"]".into()));
        }
        let share = |value: Option<f64>, what: &str| -> Result<Option<f64>, ConfigError> {
            match value {
                Some(v) if !(0.0..=100.0).contains(&v) => Err(invalid(format!(
                    "{what} max_rejected = {v}: it is a percentage of the site's records, from 0 to 100"
                ))),
                v => Ok(v),
            }
        };
        let max_rejected = share(raw.commons.max_rejected, "[commons]")?.unwrap_or(crate::policy::DEFAULT_MAX_REJECTED);

        let thesaurus = thesaurus_files(&raw.thesaurus.path, raw.thesaurus.format, &base).map_err(invalid)?;

        let mut dimensions = Vec::new();
        for d in raw.dimensions {
            let source = match (d.collection, d.concept) {
                (Some(c), None) => FamilySource::Collection(c),
                (None, Some(c)) => FamilySource::Concept(c),
                _ => {
                    return Err(invalid(format!(
                        "dimension {:?} must have exactly one of `collection` or `concept`",
                        d.id
                    )))
                }
            };
            if dimensions.iter().any(|x: &DimensionConfig| x.id == d.id) {
                return Err(invalid(format!("dimension id {:?} is used twice", d.id)));
            }
            dimensions.push(DimensionConfig { id: d.id, source, families: d.families });
        }

        let matrix = match raw.matrix {
            None => None,
            Some(m) => {
                if !dimensions.is_empty() {
                    for id in [&m.rows, &m.columns] {
                        if !dimensions.iter().any(|d| &d.id == id) {
                            return Err(invalid(format!(
                                "[matrix] names dimension {id:?}, which no [[dimensions]] defines"
                            )));
                        }
                    }
                }
                if m.rows == m.columns {
                    return Err(invalid("[matrix] rows and columns must be two different dimensions".into()));
                }
                Some((m.rows, m.columns))
            }
        };

        let mut types = BTreeMap::new();
        for (key, labels) in raw.types {
            let mut by_lang = BTreeMap::new();
            for (code, label) in labels {
                by_lang.insert(lang(&code, &format!("[types.{key}]"))?, label);
            }
            types.insert(key, by_lang);
        }

        let mut sites: Vec<SiteConfig> = Vec::new();
        for s in raw.sites {
            let what = format!("site {:?}", s.id);
            if s.id.is_empty()
                || !s.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
            {
                return Err(invalid(format!(
                    "{what}: the id may only hold lowercase letters, digits, '-' and '_'"
                )));
            }
            if sites.iter().any(|x| x.id == s.id) {
                return Err(invalid(format!("{what} is defined twice")));
            }
            if !crate::validate::is_web_url(&s.url) {
                return Err(invalid(format!("{what}: url {:?} must start with http:// or https://", s.url)));
            }
            if let Some(logo) = &s.logo {
                if !crate::validate::is_web_url(logo) {
                    return Err(invalid(format!("{what}: logo {logo:?} must start with http:// or https://")));
                }
            }
            let site_languages = s
                .languages
                .iter()
                .map(|c| lang(c, &format!("{what} languages")))
                .collect::<Result<Vec<_>, _>>()?;
            if site_languages.is_empty() {
                return Err(invalid(format!("{what}: languages is empty")));
            }
            let feed = if s.feed.starts_with("http://") || s.feed.starts_with("https://") {
                if !crate::validate::is_web_url(&s.feed) {
                    return Err(invalid(format!("{what}: feed {:?} is not a valid web address", s.feed)));
                }
                FeedLocation::Url(s.feed.clone())
            } else if s.feed.split_once("://").is_some_and(|(scheme, _)| scheme.chars().all(|c| c.is_ascii_alphanumeric())) {
                return Err(invalid(format!("{what}: feed {:?}: only http:// and https:// addresses, or a file path", s.feed)));
            } else {
                FeedLocation::File(base.join(&s.feed))
            };
            let format = match s.format {
                Some(f) => f,
                None => match feed.extension().as_deref() {
                    Some("xml") => FeedFormat::ScrutariData,
                    Some("json") => FeedFormat::Json,
                    Some("jsonl" | "ndjson") => FeedFormat::JsonL,
                    Some("csv") => FeedFormat::Csv,
                    _ => {
                        return Err(invalid(format!(
                            "{what}: cannot tell the format of {} from its extension; add format = \"scrutaridata\", \"json\", \"jsonl\" or \"csv\"",
                            s.feed
                        )))
                    }
                },
            };
            let descriptor_lang = s
                .descriptor_lang
                .as_deref()
                .map(|c| lang(c, &format!("{what} descriptor_lang")))
                .transpose()?;
            if s.descriptors == DescriptorNaming::Label && descriptor_lang.is_none() {
                return Err(invalid(format!(
                    "{what}: descriptors = \"label\" needs descriptor_lang, the language of the labels"
                )));
            }
            if (!s.keywords.is_empty() || !s.keyword_ids.is_empty()) && format != FeedFormat::ScrutariData {
                return Err(invalid(format!("{what}: keywords and keyword_ids only apply to ScrutariData feeds")));
            }
            sites.push(SiteConfig {
                id: s.id,
                name: s.name,
                url: s.url,
                languages: site_languages,
                colour: s.colour,
                logo: s.logo,
                feed,
                format,
                max_rejected: share(s.max_rejected, &what)?.unwrap_or(max_rejected),
                descriptors: s.descriptors,
                descriptor_lang,
                keywords: s.keywords,
                keyword_ids: s.keyword_ids,
            });
        }

        let at = |span: std::ops::Range<usize>| {
            let (line, column) = crate::position::line_column(text.as_bytes(), span.start);
            Location::at(shown.clone(), line, column)
        };
        let mut maps = Vec::new();
        for m in raw.maps {
            let location = at(m.id.span());
            let id = m.id.into_inner();
            let mut titles = BTreeMap::new();
            for (code, title) in m.title {
                titles.insert(lang(&code, &format!("[[maps]] {id:?} title"))?, title);
            }
            let (concepts, concepts_location) = match m.concepts {
                Some(list) => {
                    let list_location = at(list.span());
                    let concepts = list
                        .into_inner()
                        .into_iter()
                        .map(|c| {
                            let location = at(c.span());
                            (c.into_inner(), location)
                        })
                        .collect();
                    (concepts, list_location)
                }
                None => (Vec::new(), location.clone()),
            };
            maps.push(MapConfig { id, location, titles, concepts, concepts_location });
        }

        let mut inputs: Vec<(String, &Path)> = thesaurus.iter().map(|f| ("[thesaurus] path".to_string(), f.path.as_path())).collect();
        // Only files: a feed at a web address is fetched into the cache, never read in place.
        inputs.extend(sites.iter().filter_map(|s| match &s.feed {
            FeedLocation::File(path) => Some((format!("site {:?}: feed", s.id), path.as_path())),
            FeedLocation::Url(_) => None,
        }));
        for (what, input) in inputs {
            if !raw.commons.allow_outside {
                confine(&base, input).map_err(|folder| {
                    invalid(format!(
                        "{what} {} is outside the commons folder {folder}; move it there, or set allow_outside = true in [commons] if that is meant",
                        input.display()
                    ))
                })?;
            }
        }

        Ok(Config {
            path: path.to_path_buf(),
            name: raw.commons.name,
            languages,
            thesaurus,
            scheme: raw.thesaurus.scheme,
            dimensions,
            matrix,
            types,
            sites,
            maps,
            folder: base,
        })
    }
}

/// Checks that `path` is inside the folder `base` once `..` and symbolic links are resolved;
/// otherwise gives the folder, for the message.
///
/// `commons.toml` may come from a member's pull request and be checked by CI: without this, a
/// feed named `../../../etc/passwd` would have the builder read, and its report quote, files of
/// the machine. Paths that do not exist yet are judged as written.
fn confine(base: &Path, path: &Path) -> Result<(), String> {
    let absolute = |p: &Path| {
        std::fs::canonicalize(p).unwrap_or_else(|_| {
            lexical(&if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) })
        })
    };
    let folder = absolute(if base.as_os_str().is_empty() { Path::new(".") } else { base });
    let resolved = absolute(path);
    if resolved.starts_with(&folder) {
        Ok(())
    } else {
        Err(folder.display().to_string())
    }
}

/// `a/b/../c` → `a/c`, without asking the file system.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Expands `[thesaurus] path` into files: each entry is a path or a glob (`labels-*.rdf`)
/// relative to the configuration's folder; a glob must match something, and its matches are
/// taken in name order so that the graph (and the index) does not depend on the file system.
fn thesaurus_files(path: &OneOrMany, format: Option<ThesaurusFormat>, base: &Path) -> Result<Vec<ThesaurusFile>, String> {
    let entries: Vec<&str> = match path {
        OneOrMany::One(p) => vec![p.as_str()],
        OneOrMany::Many(list) => list.iter().map(String::as_str).collect(),
    };
    if entries.is_empty() {
        return Err("[thesaurus] path is an empty list; name at least one file".into());
    }
    let mut files: Vec<ThesaurusFile> = Vec::new();
    for entry in entries {
        let paths: Vec<PathBuf> = if entry.contains(['*', '?', '[']) {
            let pattern = base.join(entry);
            let matches = glob::glob(&pattern.to_string_lossy())
                .map_err(|e| format!("[thesaurus] path {entry:?} is not a valid pattern: {e}"))?;
            let mut found: Vec<PathBuf> = matches.filter_map(Result::ok).filter(|p| p.is_file()).collect();
            found.sort();
            if found.is_empty() {
                return Err(format!("[thesaurus] path {entry:?} matches no file in {}", base.display()));
            }
            found
        } else {
            vec![base.join(entry)]
        };
        for path in paths {
            let format = match format.or_else(|| ThesaurusFormat::from_extension(&path)) {
                Some(f) => f,
                None => {
                    return Err(format!(
                        "[thesaurus] cannot tell the format of {} from its extension; add format = \"turtle\", \"ntriples\" or \"rdfxml\"",
                        path.display()
                    ))
                }
            };
            if !files.iter().any(|f| f.path == path) {
                files.push(ThesaurusFile { path, format });
            }
        }
    }
    Ok(files)
}

fn extension(path: &Path) -> Option<String> {
    path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// toml's message with the line and column it points at, as `line L, column C: message`.
fn describe_toml_error(text: &str, error: &toml::de::Error) -> String {
    let message = error.message().trim().to_string();
    match error.span() {
        Some(span) => {
            let (line, column) = crate::position::line_column(text.as_bytes(), span.start);
            format!("line {line}, column {column}: {message}")
        }
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
[commons]
languages = ["fr", "en"]

[thesaurus]
path = "atlas.ttl"

[[sites]]
id = "citego"
name = "Citego"
url = "https://citego.example.org/"
languages = ["fr"]
feed = "feeds/citego.xml"
"#;

    #[test]
    fn paths_resolve_against_the_config_folder_and_formats_follow_extensions() {
        let config = Config::parse(MINIMAL, Path::new("some/dir/commons.toml")).unwrap();
        assert_eq!(config.thesaurus, [ThesaurusFile { path: "some/dir/atlas.ttl".into(), format: ThesaurusFormat::Turtle }]);
        assert_eq!(config.sites[0].feed, FeedLocation::File("some/dir/feeds/citego.xml".into()));
        assert_eq!(config.sites[0].format, FeedFormat::ScrutariData);
    }

    #[test]
    fn a_misspelt_key_is_refused_with_its_line() {
        let text = MINIMAL.replace("feed = ", "colour = \"#fff\"\nfede = ");
        let err = Config::parse(&text, Path::new("commons.toml")).unwrap_err().to_string();
        assert!(err.contains("line 14"), "{err}");
        assert!(err.contains("fede"), "{err}");
    }

    #[test]
    fn feeds_may_be_web_addresses_and_max_rejected_defaults_per_site() {
        let text = MINIMAL
            .replace("feed = \"feeds/citego.xml\"", "feed = \"https://citego.example.org/export/base.xml?full=1\"\nmax_rejected = 5")
            .replace("languages = [\"fr\", \"en\"]", "languages = [\"fr\", \"en\"]\nmax_rejected = 10");
        let config = Config::parse(&text, Path::new("commons.toml")).unwrap();
        assert_eq!(config.sites[0].feed, FeedLocation::Url("https://citego.example.org/export/base.xml?full=1".into()));
        assert_eq!(config.sites[0].format, FeedFormat::ScrutariData);
        assert_eq!(config.sites[0].max_rejected, 5.0);
        let text = MINIMAL.replace("languages = [\"fr\"]", "languages = [\"fr\"]\nmax_rejected = 120");
        let err = Config::parse(&text, Path::new("commons.toml")).unwrap_err().to_string();
        assert!(err.contains("from 0 to 100"), "{err}");
        let text = MINIMAL.replace("feeds/citego.xml", "ftp://citego.example.org/base.xml");
        assert!(Config::parse(&text, Path::new("commons.toml")).is_err());
        assert_eq!(Config::parse(MINIMAL, Path::new("commons.toml")).unwrap().sites[0].max_rejected, 20.0);
    }

    #[test]
    fn a_site_url_must_be_http() {
        let text = MINIMAL.replace("https://citego.example.org/", "javascript:alert(1)");
        let err = Config::parse(&text, Path::new("commons.toml")).unwrap_err().to_string();
        assert!(err.contains("must start with http:// or https://"), "{err}");
    }

    #[test]
    fn the_matrix_must_name_defined_dimensions() {
        let text = format!(
            "{MINIMAL}\n[[dimensions]]\nid = \"components\"\ncollection = \"x\"\n\n[matrix]\nrows = \"components\"\ncolumns = \"angels\"\n"
        );
        let err = Config::parse(&text, Path::new("commons.toml")).unwrap_err().to_string();
        assert!(err.contains("\"angels\""), "{err}");
    }
}
