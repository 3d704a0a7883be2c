//! Reading the whole commons: configuration, thesaurus and its local maps, then every site's
//! feed, into one validated [`Commons`] and one [`Report`].
//!
//! This is the one place where the counts are kept, so that they add up by construction: each
//! record a reader yields is counted as read, then either kept or rejected, and every rejection
//! carries at least one problem that names the record.

use crate::config::{Config, SiteConfig};
use crate::feeds::{self, FeedError};
use crate::fetch::{FetchOptions, Fetcher};
use crate::previous::Previous;
use crate::report::{Location, Problem, Report, Rule, Severity, SiteCounts, Source};
use crate::thesaurus::{self, ThesaurusError};
use crate::validate::{Duplicates, Rules, UnmappedKeywords, Verdict};
use commons_atlas::model::{Commons, Labels, Resource, ResourceType, Site, SiteId};
use indicatif::{ProgressBar, ProgressStyle};

use thiserror::Error;

/// Input that cannot be read at all: the run stops (exit status 2). A member's feed is never one
/// of these: a feed that cannot be read is that site's problem, in the report.
#[derive(Debug, Error)]
pub enum IngestError {
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error(transparent)]
    Thesaurus(#[from] ThesaurusError),
}

/// The validated commons and what was found on the way.
pub struct Ingested {
    pub commons: Commons,
    pub report: Report,
}

/// How a run gets its feeds, and what it may fall back on.
pub struct IngestOptions<'a> {
    pub fetch: FetchOptions,
    /// The release a site whose feed fails keeps its records from, and that changes are
    /// counted against.
    pub previous: Option<&'a Previous>,
}

impl<'a> IngestOptions<'a> {
    /// Default limits, the cache beside `commons.toml`, no previous release.
    pub fn new(config: &Config) -> IngestOptions<'a> {
        IngestOptions { fetch: FetchOptions::new(&config.folder), previous: None }
    }
}

/// Reads and validates everything `config` names, with default options.
pub fn ingest(config: &Config) -> Result<Ingested, IngestError> {
    ingest_with(config, &IngestOptions::new(config))
}

/// One record of the site being read, judged but not yet kept.
struct Judged {
    resource: Option<Resource>,
    location: Location,
    problems: Vec<Problem>,
}

/// Reads and validates everything `config` names. Progress is drawn on standard error when it
/// is a terminal (one line per site), and nothing otherwise.
pub fn ingest_with(config: &Config, options: &IngestOptions) -> Result<Ingested, IngestError> {
    let mut report = Report::default();
    let thesaurus = thesaurus::load(config, &mut report)?;

    let progress = ProgressBar::new_spinner();
    progress.set_style(
        ProgressStyle::with_template("{spinner} {msg} {elapsed}").unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    progress.enable_steady_tick(std::time::Duration::from_millis(200));
    let fetcher = Fetcher::new(options.fetch.clone());

    let rules = Rules::new(config, &thesaurus);
    let maps = crate::maps::resolve(&config.maps, &rules.resolver, &mut report);
    let mut duplicates = Duplicates::default();
    // Slots rather than a plain vector: a later site may take over a resource from an earlier one.
    let mut slots: Vec<Option<Resource>> = Vec::new();
    // Types a feed labels itself (a ScrutariData corpus' title), for those `[types]` lacks.
    let mut feed_types: std::collections::BTreeMap<String, Vec<(String, String)>> = Default::default();
    for (i, site) in config.sites.iter().enumerate() {
        let site_id = SiteId(i as u16);
        progress.set_message(format!("{}: opening the feed", site.id));
        let mut counts = SiteCounts { max_rejected: site.max_rejected, ..SiteCounts::default() };
        let mut unmapped = UnmappedKeywords::default();
        let mut file_problems: Vec<Problem> = Vec::new();
        let mut judged: Vec<Judged> = Vec::new();

        // Today's feed: every record judged, or why the feed could not be used.
        let failure: Option<(Problem, String)> = match feeds::open(site, &fetcher, &mut |n| {
            progress.set_message(format!("{}: fetching, {} KB", site.id, thousands((n >> 10) as usize)))
        }) {
            Err(e) => Some(feed_failure(e, site, 0)),
            Ok(opened) => {
                progress.set_message(format!("{}: reading", site.id));
                counts.fetched = opened.fetched();
                let mut on_record = |mut raw: feeds::RawRecord| {
                    if let Some(kind) = raw.kind.as_ref().filter(|k| !raw.kind_labels.is_empty() && !config.types.contains_key(*k)) {
                        feed_types.entry(kind.clone()).or_insert_with(|| std::mem::take(&mut raw.kind_labels));
                    }
                    let location = raw.location.clone();
                    let (resource, problems) = rules.judge(raw, site_id, site, &mut unmapped);
                    judged.push(Judged { resource, location, problems });
                    if judged.len() % 256 == 0 {
                        progress.set_message(format!("{}: {} records read", site.id, thousands(judged.len())));
                    }
                };
                let result = feeds::read(site, opened, &mut on_record, &mut |p| file_problems.push(p));
                result.err().map(|e| feed_failure(e, site, judged.len()))
            }
        };
        let fallback = match (&failure, options.previous) {
            (Some(_), Some(previous)) => previous.resources(&site.id, site_id, &thesaurus).map(|r| (previous, r)),
            _ => None,
        };

        let mut evicted: Vec<(usize, Problem)> = Vec::new();
        let mut keep = |resource: Resource, location: &Location, problems: &mut Vec<Problem>, counts: &mut SiteCounts| {
            let index = slots.len();
            match duplicates.check(&resource, location, &config.sites, index) {
                Verdict::Keep => {
                    counts.kept += 1;
                    slots.push(Some(resource));
                }
                Verdict::Reject(mut p) => {
                    if p.rule == Rule::DuplicateAcrossSites {
                        counts.copies += 1;
                    }
                    p.site = Some(site.id.clone());
                    p.record = Some(resource.id.clone());
                    p.rejected = true;
                    problems.push(p);
                    counts.rejected += 1;
                }
                Verdict::Replace(earlier, mut p) => {
                    p.rejected = true;
                    evicted.push((earlier, p));
                    counts.kept += 1;
                    slots.push(Some(resource));
                }
            }
        };
        match (failure, fallback) {
            (Some((mut failure, reason)), Some((previous, resources))) => {
                // Today's partial read is set aside whole: the site is published as it was.
                counts.source = Source::Previous;
                counts.feed_failure = Some(reason);
                let location = Location::file(format!("{} ({})", previous.folder.display(), previous.describe()));
                let mut problems = Vec::new();
                for resource in resources {
                    counts.read += 1;
                    keep(resource, &location, &mut problems, &mut counts);
                }
                report.problems.extend(problems);
                failure.message = format!(
                    "{}; {} records kept from {}",
                    failure.message,
                    thousands(counts.kept),
                    previous.describe()
                );
                report.push(failure);
            }
            (failure, _) => {
                for Judged { resource, location, mut problems } in judged {
                    counts.read += 1;
                    match resource {
                        Some(resource) => keep(resource, &location, &mut problems, &mut counts),
                        None => {
                            counts.rejected += 1;
                            for p in problems.iter_mut().filter(|p| p.severity == Severity::Error) {
                                p.rejected = true;
                            }
                        }
                    }
                    report.problems.extend(problems);
                }
                for mut p in file_problems {
                    p.site = Some(site.id.clone());
                    report.push(p);
                }
                report.unmapped.insert(site.id.clone(), unmapped.list());
                report.problems.extend(unmapped.into_problems(&site.id));
                if let Some((failure, reason)) = failure {
                    counts.feed_failure = Some(reason);
                    report.push(failure);
                }
            }
        }
        for (earlier, p) in evicted {
            if let Some(old) = slots[earlier].take() {
                let old_site = &config.sites[old.site.0 as usize].id;
                if let Some(c) = report.sites.get_mut(old_site) {
                    c.kept -= 1;
                    c.rejected += 1;
                    c.copies += 1;
                }
            }
            report.push(p);
        }
        let line = match counts.source {
            Source::Feed => format!("{}: {} records read, {} kept", site.id, thousands(counts.read), thousands(counts.kept)),
            Source::Previous => format!("{}: {} records kept from the previous release", site.id, thousands(counts.kept)),
        };
        progress.println(line);
        report.sites.insert(site.id.clone(), counts);
    }
    progress.finish_and_clear();
    report.sort();

    let sites = config
        .sites
        .iter()
        .map(|s| Site {
            id: s.id.clone(),
            name: s.name.clone(),
            url: s.url.clone(),
            languages: s.languages.clone(),
            colour: s.colour.clone(),
            logo: s.logo.clone(),
        })
        .collect();
    let types = config
        .types
        .iter()
        .map(|(key, labels)| {
            let mut l = Labels::new();
            for (lang, text) in labels {
                l.insert(lang.clone(), text.clone());
            }
            ResourceType { key: key.clone(), labels: l }
        })
        .chain(feed_types.into_iter().map(|(key, labels)| {
            let mut l = Labels::new();
            for (lang, text) in labels {
                if let Ok(lang) = commons_atlas::model::Lang::parse(&lang) {
                    l.insert(lang, text);
                }
            }
            ResourceType { key, labels: l }
        }))
        .collect();
    let commons = Commons {
        name: config.name.clone(),
        languages: config.languages.clone(),
        thesaurus,
        maps,
        sites,
        types,
        resources: slots.into_iter().flatten().collect(),
    };
    if let Some(previous) = options.previous {
        for (i, site) in config.sites.iter().enumerate() {
            let before = previous.resources(&site.id, SiteId(i as u16), &commons.thesaurus).unwrap_or_default();
            let today: Vec<&Resource> = commons.resources.iter().filter(|r| r.site.0 as usize == i).collect();
            if let Some(c) = report.sites.get_mut(&site.id) {
                c.changes = crate::previous::changes(&before, &today, &commons.languages);
            }
        }
    }
    Ok(Ingested { commons, report })
}

/// Why a site's feed could not be used today: a problem of that site, and the reason in a few
/// words for the report's first lines ("feed unreachable (timeout after 30 s)").
fn feed_failure(error: FeedError, site: &SiteConfig, records_read: usize) -> (Problem, String) {
    match error {
        FeedError::Syntax { location, message } => {
            let reason = format!("feed cannot be parsed ({location}: {message})");
            let p = Problem::new(
                Rule::FeedSyntax,
                location,
                format!("{message}; the {records_read} record(s) before this point were read, any after it are missing"),
            )
            .site(site.id.clone())
            .expected(format!("a well-formed {} file", site.format.name()));
            (p, reason)
        }
        FeedError::Fetch { source, .. } => {
            let reason = format!("feed unreachable ({source})");
            let p = Problem::new(Rule::FeedUnreachable, Location::file(site.feed.name()), reason.clone())
                .site(site.id.clone())
                .expected("a feed the server delivers: check the address and the member's server");
            (p, reason)
        }
        FeedError::Io { path, source } => {
            let reason = format!("feed unreachable (cannot read {path}: {source})");
            let p = Problem::new(Rule::FeedUnreachable, Location::file(path), reason.clone())
                .site(site.id.clone())
                .expected("a feed file that exists and can be read");
            (p, reason)
        }
    }
}

/// `1204` as `1,204`, as the report writes counts.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
