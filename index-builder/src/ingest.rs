//! Reading the whole commons: configuration, thesaurus and its local maps, then every site's
//! feed, into one validated [`Commons`] and one [`Report`].
//!
//! This is the one place where the counts are kept, so that they add up by construction: each
//! record a reader yields is counted as read, then either kept or rejected, and every rejection
//! carries at least one problem that names the record.

use crate::config::Config;
use crate::feeds::{self, FeedError};
use crate::report::{Problem, Report, Rule, Severity, SiteCounts};
use crate::thesaurus::{self, ThesaurusError};
use crate::validate::{Duplicates, Rules, UnmappedKeywords, Verdict};
use commons_atlas::model::{Commons, Labels, Resource, ResourceType, Site, SiteId};
use indicatif::{ProgressBar, ProgressStyle};
use thiserror::Error;

/// Input that cannot be read at all: the run stops (exit status 2).
#[derive(Debug, Error)]
pub enum IngestError {
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error(transparent)]
    Thesaurus(#[from] ThesaurusError),
    #[error("site {site}: {source}")]
    Feed { site: String, source: FeedError },
}

/// The validated commons and what was found on the way.
pub struct Ingested {
    pub commons: Commons,
    pub report: Report,
}

/// Reads and validates everything `config` names. A progress bar is drawn on standard error
/// when it is a terminal, and nothing otherwise.
pub fn ingest(config: &Config) -> Result<Ingested, IngestError> {
    let mut report = Report::default();
    let thesaurus = thesaurus::load(config, &mut report)?;

    let total_bytes: u64 = config.sites.iter().filter_map(|s| std::fs::metadata(&s.feed).ok()).map(|m| m.len()).sum();
    let progress = ProgressBar::new(total_bytes);
    progress.set_style(
        ProgressStyle::with_template("{msg:>14} [{bar:30}] {bytes}/{total_bytes} {per_sec} eta {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );

    let rules = Rules::new(config, &thesaurus);
    let maps = crate::maps::resolve(&config.maps, &rules.resolver, &mut report);
    let mut duplicates = Duplicates::default();
    // Slots rather than a plain vector: a later site may take over a resource from an earlier one.
    let mut slots: Vec<Option<Resource>> = Vec::new();
    // Types a feed labels itself (a ScrutariData corpus' title), for those `[types]` lacks.
    let mut feed_types: std::collections::BTreeMap<String, Vec<(String, String)>> = Default::default();
    for (i, site) in config.sites.iter().enumerate() {
        let site_id = SiteId(i as u16);
        progress.set_message(site.id.clone());
        let mut counts = SiteCounts::default();
        let mut unmapped = UnmappedKeywords::default();
        let mut evicted: Vec<(usize, Problem)> = Vec::new();
        let mut file_problems: Vec<Problem> = Vec::new();
        let start = progress.position();
        let feed_size = std::fs::metadata(&site.feed).map(|m| m.len()).unwrap_or(0);
        let mut on_record = |mut raw: feeds::RawRecord| {
            counts.read += 1;
            if let Some(kind) = raw.kind.as_ref().filter(|k| !raw.kind_labels.is_empty() && !config.types.contains_key(*k)) {
                feed_types.entry(kind.clone()).or_insert_with(|| std::mem::take(&mut raw.kind_labels));
            }
            let location = raw.location.clone();
            let (resource, mut problems) = rules.judge(raw, site_id, site, &mut unmapped);
            match resource {
                Some(resource) => {
                    let index = slots.len();
                    match duplicates.check(&resource, &location, &config.sites, index) {
                        Verdict::Keep => {
                            counts.kept += 1;
                            slots.push(Some(resource));
                        }
                        Verdict::Reject(mut p) => {
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
                }
                None => {
                    counts.rejected += 1;
                    for p in problems.iter_mut().filter(|p| p.severity == Severity::Error) {
                        p.rejected = true;
                    }
                }
            }
            report.problems.extend(problems);
            if counts.read % 256 == 0 {
                progress.set_position(start + feed_size.min(counts.read as u64 * 300));
            }
        };
        let result = feeds::read(site, &mut on_record, &mut |p| file_problems.push(p));
        progress.set_position(start + feed_size);
        for mut p in file_problems {
            p.site = Some(site.id.clone());
            report.push(p);
        }
        report.problems.extend(unmapped.into_problems(&site.id));
        for (earlier, p) in evicted {
            if let Some(old) = slots[earlier].take() {
                let old_site = &config.sites[old.site.0 as usize].id;
                if let Some(c) = report.sites.get_mut(old_site) {
                    c.kept -= 1;
                    c.rejected += 1;
                }
            }
            report.push(p);
        }
        match result {
            Ok(()) => {}
            Err(FeedError::Syntax { location, message }) => {
                let mut p = Problem::new(
                    Rule::FeedSyntax,
                    location,
                    format!("{message}; the {} record(s) before this point were read, any after it are missing", counts.read),
                )
                .site(site.id.clone())
                .expected(format!("a well-formed {} file", site.format.name()));
                p.rejected = false;
                report.push(p);
            }
            Err(source @ FeedError::Io { .. }) => {
                progress.finish_and_clear();
                return Err(IngestError::Feed { site: site.id.clone(), source });
            }
        }
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
    Ok(Ingested { commons, report })
}
