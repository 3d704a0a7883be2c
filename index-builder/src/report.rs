//! The build report: every problem found, where, and the counts that prove nothing was lost.
//!
//! A maintainer reads this at each release, so each [`Problem`] says which file, line and column,
//! which site and record, what is wrong and what was expected. What a problem *does* follows from
//! its rule's [`Scope`] and [`Severity`], and from nothing else (see [`crate::policy`]): a record
//! error rejects that record only, a record warning says what was dropped or guessed, a feed error
//! means the site's feed could not be used, an atlas error refuses the release. The counts must
//! add up: every record read is either kept or rejected, and every rejection has a problem that
//! names it.

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// The kind of problem, as a stable kebab-case code that reports, tests and documentation share.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    // The thesaurus.
    BroaderCycle,
    DanglingConceptLink,
    DuplicateNotation,
    UnreachableConcept,
    MissingLabel,
    SharedNotation,
    EmptyCollection,
    SingleFamilyDimension,
    SparseMatrix,
    // Reading a feed.
    FeedUnreachable,
    FeedSyntax,
    RowShape,
    InvalidField,
    UnknownField,
    IgnoredElement,
    InvalidEncoding,
    ControlCharacter,
    HtmlEntity,
    FieldTooLong,
    UrlCredentials,
    DuplicateKey,
    IgnoredField,
    InvalidWeight,
    // A record.
    MissingId,
    MissingTitle,
    MissingUrl,
    UnsafeUrl,
    InvalidUrl,
    InvalidDate,
    UnknownLanguage,
    UnknownType,
    DuplicateId,
    DuplicateAcrossSites,
    UnknownDescriptor,
    AmbiguousDescriptor,
    NoDescriptorLeft,
    NoDescriptor,
    UnmappedKeyword,
    DanglingIndexation,
    // A local map of commons.toml.
    InvalidMapId,
    DuplicateMapId,
    EmptyMap,
    UnknownMapConcept,
    MissingMapTitle,
}

/// What a rule is about, and so what its problems can stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// The thesaurus or the local maps: an error here refuses the release.
    Atlas,
    /// A site's feed as a whole: an error means today's feed cannot be used, and the site keeps
    /// its records of the previous release (or, without one, the release is refused).
    Feed,
    /// One record: an error rejects that record only; a warning drops or guesses one value.
    Record,
}

impl Rule {
    /// The default severity; `--strict` raises every warning to an error.
    ///
    /// For record rules, *error* means "the record cannot be shown without it" (an id, a title,
    /// a safe web URL, a readable row) and rejects the record; every other record problem is a
    /// warning that drops the unreadable value and keeps the record.
    pub fn severity(self) -> Severity {
        use Rule::*;
        match self {
            BroaderCycle | DuplicateNotation | FeedUnreachable | FeedSyntax | RowShape | MissingId
            | MissingTitle | MissingUrl | UnsafeUrl | InvalidUrl | DuplicateId | NoDescriptorLeft
            | InvalidMapId | DuplicateMapId | EmptyMap | UnknownMapConcept | InvalidEncoding => Severity::Error,
            DanglingConceptLink | UnreachableConcept | MissingLabel | SharedNotation | EmptyCollection
            | SingleFamilyDimension | SparseMatrix | InvalidField | UnknownField
            | IgnoredElement | InvalidDate | UnknownLanguage | UnknownType | DuplicateAcrossSites
            | UnknownDescriptor | AmbiguousDescriptor | NoDescriptor | UnmappedKeyword
            | DanglingIndexation | MissingMapTitle | ControlCharacter | HtmlEntity | FieldTooLong
            | UrlCredentials | DuplicateKey | IgnoredField | InvalidWeight => Severity::Warning,
        }
    }

    pub fn scope(self) -> Scope {
        use Rule::*;
        match self {
            BroaderCycle | DanglingConceptLink | DuplicateNotation | UnreachableConcept | MissingLabel
            | SharedNotation | EmptyCollection | SingleFamilyDimension | SparseMatrix
            | InvalidMapId | DuplicateMapId | EmptyMap | UnknownMapConcept | MissingMapTitle => Scope::Atlas,
            FeedUnreachable | FeedSyntax => Scope::Feed,
            RowShape | InvalidField | UnknownField | IgnoredElement | MissingId | MissingTitle
            | MissingUrl | UnsafeUrl | InvalidUrl | InvalidDate | UnknownLanguage | UnknownType
            | DuplicateId | DuplicateAcrossSites | UnknownDescriptor | AmbiguousDescriptor
            | NoDescriptorLeft | NoDescriptor | UnmappedKeyword | DanglingIndexation | InvalidEncoding
            | ControlCharacter | HtmlEntity | FieldTooLong | UrlCredentials | DuplicateKey | IgnoredField
            | InvalidWeight => Scope::Record,
        }
    }

    pub fn code(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}

/// Where in an input file.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    pub file: String,
    /// 1-based; absent when the format has no lines to point at.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// 1-based, in characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u64>,
}

impl Location {
    pub fn file(file: impl Into<String>) -> Location {
        Location { file: file.into(), line: None, column: None }
    }

    pub fn at(file: impl Into<String>, line: u64, column: u64) -> Location {
        Location { file: file.into(), line: Some(line), column: Some(column) }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// One thing wrong with the input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    pub rule: Rule,
    pub location: Location,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// The record (resource id) or concept (IRI) concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// Whether the record was left out of the index because of this problem.
    pub rejected: bool,
}

impl Problem {
    pub fn new(rule: Rule, location: Location, message: impl Into<String>) -> Problem {
        Problem {
            severity: rule.severity(),
            rule,
            location,
            site: None,
            record: None,
            message: message.into(),
            expected: None,
            rejected: false,
        }
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Problem {
        self.expected = Some(expected.into());
        self
    }

    pub fn record(mut self, record: impl Into<String>) -> Problem {
        self.record = Some(record.into());
        self
    }

    pub fn site(mut self, site: impl Into<String>) -> Problem {
        self.site = Some(site.into());
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{severity}[{}]: {}: ", self.rule.code(), self.location)?;
        match (&self.site, &self.record) {
            (Some(site), Some(record)) => write!(f, "site {site}, record {record:?}: ")?,
            (Some(site), None) => write!(f, "site {site}: ")?,
            (None, Some(record)) => write!(f, "{record}: ")?,
            (None, None) => {}
        }
        f.write_str(&self.message)?;
        if let Some(expected) = &self.expected {
            write!(f, " (expected {expected})")?;
        }
        if self.rejected {
            f.write_str(" [record rejected]")?;
        }
        Ok(())
    }
}

/// Where a site's published records come from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// Today's feed.
    #[default]
    Feed,
    /// The previous release, because today's feed could not be fetched or parsed.
    Previous,
}

/// Record counts against the previous release, by site record id.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Changes {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
}

/// One web address fetched for a feed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fetched {
    pub url: String,
    /// `true` when the server answered `304 Not Modified` and the cached copy was read.
    pub not_modified: bool,
    /// Bytes received (after decoding); 0 for a `304`.
    pub bytes: u64,
}

/// Per-site record counts. For a site whose records come from the previous release, `read` and
/// `kept` count the records taken from it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SiteCounts {
    pub read: usize,
    pub kept: usize,
    pub rejected: usize,
    /// Of `rejected`, the copies of resources another site publishes (`duplicate-across-sites`):
    /// not a sign of a broken feed, so not counted against `max_rejected`.
    pub copies: usize,
    pub source: Source,
    /// Against the previous release; all zero when there is none.
    pub changes: Changes,
    /// Why today's feed could not be used (fetched, or parsed to its end), if it could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feed_failure: Option<String>,
    /// The share of rejected records above which the release is refused, in percent.
    pub max_rejected: f64,
    /// Each web address fetched for the site's feed today, and how.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fetched: Vec<Fetched>,
}

/// Everything a run found.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    pub problems: Vec<Problem>,
    /// Keyed by site id.
    pub sites: BTreeMap<String, SiteCounts>,
    /// What the thesaurus gave, once it could be read.
    pub thesaurus: Option<crate::thesaurus::Imported>,
    /// Each site's ScrutariData keywords that map to no descriptor (for the member reports).
    #[serde(skip)]
    pub unmapped: BTreeMap<String, Vec<crate::validate::Unmapped>>,
}

impl Report {
    pub fn push(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|p| p.severity == Severity::Error).count()
    }

    pub fn warnings(&self) -> usize {
        self.problems.iter().filter(|p| p.severity == Severity::Warning).count()
    }

    /// Turns every warning into an error, for `--strict`.
    pub fn make_strict(&mut self) {
        for problem in &mut self.problems {
            problem.severity = Severity::Error;
        }
    }

    pub fn resources_read(&self) -> usize {
        self.sites.values().map(|c| c.read).sum()
    }

    pub fn resources_kept(&self) -> usize {
        self.sites.values().map(|c| c.kept).sum()
    }

    pub fn resources_rejected(&self) -> usize {
        self.sites.values().map(|c| c.rejected).sum()
    }

    /// Problems in a stable order: by file, then position, then rule.
    pub fn sort(&mut self) {
        self.problems.sort_by(|a, b| {
            (&a.location.file, a.location.line, a.location.column, a.rule, &a.record).cmp(&(
                &b.location.file,
                b.location.line,
                b.location.column,
                b.rule,
                &b.record,
            ))
        });
    }

    /// The problems as a maintainer reads them on a terminal: at most `per_rule` lines of each
    /// kind, then how many more there are, so that 30,000 identical warnings do not bury the one
    /// error that matters.
    /// What the maintainer must see first: the sites whose feed could not be used today, and
    /// whether the previous release (`previous`, as `Previous::describe` says it) kept their
    /// records.
    pub fn render_feed_failures(&self, previous: Option<&str>) -> String {
        let mut out = String::new();
        for (site, c) in &self.sites {
            let Some(why) = &c.feed_failure else { continue };
            match (c.source, previous) {
                (Source::Previous, Some(p)) => {
                    out.push_str(&format!("{site}: {why}; {} records kept from {p}\n", crate::ingest::thousands(c.kept)))
                }
                _ => out.push_str(&format!("{site}: {why}; no previous release holds its records\n")),
            }
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out
    }

    pub fn render_problems(&self, per_rule: usize) -> String {
        let mut shown: BTreeMap<(Severity, Rule), usize> = BTreeMap::new();
        let mut out = String::new();
        for severity in [Severity::Error, Severity::Warning] {
            for problem in self.problems.iter().filter(|p| p.severity == severity) {
                let n = shown.entry((severity, problem.rule)).or_default();
                *n += 1;
                if *n <= per_rule {
                    let _ = writeln!(out, "{problem}");
                }
            }
        }
        for ((_, rule), n) in shown {
            if n > per_rule {
                let _ = writeln!(
                    out,
                    "… and {} more [{}] (all of them with --json)",
                    n - per_rule,
                    rule.code()
                );
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_line_names_file_line_column_site_and_record() {
        let mut p = Problem::new(Rule::UnsafeUrl, Location::at("feeds/a.json", 12, 5), "URL \"javascript:x\" is not allowed")
            .site("rtes")
            .record("r1")
            .expected("an http:// or https:// address");
        p.rejected = true;
        assert_eq!(
            p.to_string(),
            "error[unsafe-url]: feeds/a.json:12:5: site rtes, record \"r1\": URL \"javascript:x\" is not allowed (expected an http:// or https:// address) [record rejected]"
        );
    }

    #[test]
    fn strict_turns_warnings_into_errors() {
        let mut report = Report::default();
        report.push(Problem::new(Rule::NoDescriptor, Location::file("f"), "x"));
        assert_eq!((report.errors(), report.warnings()), (0, 1));
        report.make_strict();
        assert_eq!((report.errors(), report.warnings()), (1, 0));
    }

    #[test]
    fn long_runs_of_one_rule_are_summarised() {
        let mut report = Report::default();
        for i in 0..5 {
            report.push(Problem::new(Rule::NoDescriptor, Location::at("f", i + 1, 1), "no descriptor"));
        }
        let text = report.render_problems(2);
        assert_eq!(text.lines().count(), 3);
        assert!(text.contains("… and 3 more [no-descriptor]"));
    }
}
