//! The release policy: from a report, whether `build` publishes.
//!
//! This is the one place that decides; `check` and `build` (and `cargo xtask dist`) ask it, and
//! every reader or rule added later only has to say what its problem is about ([`Scope`]) and how
//! bad it is ([`Severity`]) for the policy to apply to it:
//!
//! - a **record** problem concerns that record only: an error rejects it (it has no id, title or
//!   safe web URL, its row cannot be read, none of its descriptors exists), a warning drops the
//!   value it names and keeps the record. Rejected records never stop a release by themselves;
//! - a **feed** problem means a site's feed could not be used today (unreachable, or unparsable
//!   past some point): the site keeps its records of the previous release, and only when there is
//!   none is the release refused, since publishing would silently drop the site;
//! - an **atlas** error (the thesaurus or a local map is inconsistent) refuses the release;
//! - a site that loses more than its `max_rejected` share of records refuses the release: a feed
//!   that loses that much is broken, not sloppy (copies of another site's resources, left out as
//!   `duplicate-across-sites`, do not count: they are not lost);
//! - `--strict` refuses on any problem at all.
//!
//! Exit statuses follow: 0 published (or would publish), 1 refused, 2 the run could not read its
//! input at all (usage, `commons.toml`, the thesaurus, the output folder).

use crate::report::{Report, Scope, Severity};
use std::fmt;

/// The share of a site's records that may be rejected before the release is refused, in
/// percent, unless `commons.toml` says otherwise.
pub const DEFAULT_MAX_REJECTED: f64 = 20.0;

/// Why a release is refused.
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    /// The atlas itself is broken.
    Atlas { errors: usize },
    /// `--strict`, and there are problems.
    Strict { problems: usize },
    /// A site lost more than its share of records.
    TooManyRejected { site: String, rejected: usize, read: usize, max: f64 },
    /// A site's feed could not be used and no previous release holds its records.
    NoRecords { site: String, why: String },
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Atlas { errors } => write!(f, "the atlas has {errors} error(s): fix the thesaurus or commons.toml"),
            Refusal::Strict { problems } => write!(f, "--strict, and the report has {problems} problem(s)"),
            Refusal::TooManyRejected { site, rejected, read, max } => write!(
                f,
                "site {site}: {rejected} of {read} records rejected ({}), more than max_rejected = {} %: its feed looks broken",
                percent(*rejected as f64 * 100.0 / *read as f64),
                max
            ),
            Refusal::NoRecords { site, why } => {
                write!(f, "site {site}: {why}, and no previous release holds its records (the folder of the last release: build --out, check --previous)")
            }
        }
    }
}

fn percent(p: f64) -> String {
    format!("{p:.1} %")
}

/// What the policy says of one report.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Decision {
    pub refusals: Vec<Refusal>,
}

impl Decision {
    pub fn publishes(&self) -> bool {
        self.refusals.is_empty()
    }
}

/// Decides on `report` as read (call it before [`Report::make_strict`]).
pub fn decide(report: &Report, strict: bool) -> Decision {
    let mut refusals = Vec::new();
    let atlas_errors = report.problems.iter().filter(|p| p.rule.scope() == Scope::Atlas && p.severity == Severity::Error).count();
    if atlas_errors > 0 {
        refusals.push(Refusal::Atlas { errors: atlas_errors });
    }
    for (site, counts) in &report.sites {
        if let (crate::report::Source::Feed, Some(why)) = (counts.source, &counts.feed_failure) {
            refusals.push(Refusal::NoRecords { site: site.clone(), why: why.clone() });
        } else if counts.read > 0 && (counts.rejected - counts.copies) as f64 * 100.0 / counts.read as f64 > counts.max_rejected {
            refusals.push(Refusal::TooManyRejected {
                site: site.clone(),
                rejected: counts.rejected - counts.copies,
                read: counts.read,
                max: counts.max_rejected,
            });
        }
    }
    if strict && !report.problems.is_empty() {
        refusals.push(Refusal::Strict { problems: report.problems.len() });
    }
    Decision { refusals }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Location, Problem, Rule, SiteCounts, Source};

    fn site(read: usize, rejected: usize) -> SiteCounts {
        SiteCounts { read, kept: read - rejected, rejected, max_rejected: DEFAULT_MAX_REJECTED, ..SiteCounts::default() }
    }

    #[test]
    fn rejected_records_publish_until_a_site_passes_its_share() {
        let mut report = Report::default();
        report.sites.insert("a".into(), site(1000, 1));
        report.sites.insert("b".into(), site(10, 2));
        assert!(decide(&report, false).publishes(), "20 % exactly is not more than 20 %");
        report.sites.insert("c".into(), site(10, 3));
        let d = decide(&report, false);
        assert_eq!(d.refusals.len(), 1);
        assert!(d.refusals[0].to_string().starts_with("site c: 3 of 10 records rejected (30.0 %)"), "{}", d.refusals[0]);
    }

    #[test]
    fn atlas_errors_strict_and_unusable_feeds_without_a_previous_release_refuse() {
        let mut report = Report::default();
        report.push(Problem::new(Rule::NoDescriptor, Location::file("f"), "x"));
        assert!(decide(&report, false).publishes());
        assert!(!decide(&report, true).publishes());
        report.push(Problem::new(Rule::BroaderCycle, Location::file("atlas.ttl"), "x"));
        assert_eq!(decide(&report, false).refusals, [Refusal::Atlas { errors: 1 }]);

        let mut report = Report::default();
        let mut failed = site(0, 0);
        failed.feed_failure = Some("feed unreachable".into());
        report.sites.insert("a".into(), failed.clone());
        assert!(matches!(decide(&report, false).refusals[..], [Refusal::NoRecords { .. }]));
        failed.source = Source::Previous;
        report.sites.insert("a".into(), failed);
        assert!(decide(&report, false).publishes());
    }
}
