//! A report for each member: what the secretariat sends each webmaster about their own feed.
//!
//! `--report-dir DIR` writes `SITE.md` (to read) and `SITE.json` (to process) for every site:
//! its counts, where its records came from, its problems grouped by rule with how many of each,
//! the keywords of its ScrutariData thesauri that map to no descriptor with their labels and how
//! often each is used, and a draft of the `commons.toml` line that would map them. A webmaster
//! gets the problems of their own feed only, not the whole alliance's.

use crate::report::{Problem, Report, Rule, Severity, SiteCounts};
use crate::validate::Unmapped;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// Problems of one rule for one site.
#[derive(Clone, Debug, Serialize)]
pub struct RuleGroup<'a> {
    pub rule: Rule,
    pub severity: Severity,
    pub count: usize,
    pub problems: Vec<&'a Problem>,
}

/// Everything one member's report says.
#[derive(Clone, Debug, Serialize)]
pub struct MemberReport<'a> {
    pub site: &'a str,
    pub commons: Option<&'a str>,
    /// The release the changes are counted against ("the release of 2026-11-30"), if any.
    pub previous_release: Option<&'a str>,
    pub counts: &'a SiteCounts,
    pub rules: Vec<RuleGroup<'a>>,
    pub unmapped_keywords: &'a [Unmapped],
    /// The `keywords = { … }` line to complete and add to the site's `[[sites]]` entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keywords_draft: Option<String>,
}

/// The report of `site`.
pub fn member<'a>(
    report: &'a Report,
    site: &'a str,
    commons: Option<&'a str>,
    previous_release: Option<&'a str>,
    counts: &'a SiteCounts,
) -> MemberReport<'a> {
    let mut groups: BTreeMap<(Severity, Rule), Vec<&Problem>> = BTreeMap::new();
    for p in report.problems.iter().filter(|p| p.site.as_deref() == Some(site)) {
        groups.entry((p.severity, p.rule)).or_default().push(p);
    }
    let rules = groups
        .into_iter()
        .map(|((severity, rule), problems)| RuleGroup { rule, severity, count: problems.len(), problems })
        .collect();
    let unmapped: &[Unmapped] = report.unmapped.get(site).map_or(&[], Vec::as_slice);
    MemberReport { site, commons, previous_release, counts, rules, unmapped_keywords: unmapped, keywords_draft: keywords_draft(unmapped) }
}

/// `keywords = { "themes/portraits" = "?", … }`, one entry per unmapped keyword.
fn keywords_draft(unmapped: &[Unmapped]) -> Option<String> {
    if unmapped.is_empty() {
        return None;
    }
    let entries: Vec<String> = unmapped.iter().map(|u| format!("{} = \"?\"", toml_key(&u.keyword))).collect();
    Some(format!("keywords = {{ {} }}", entries.join(", ")))
}

fn toml_key(key: &str) -> String {
    let escaped = key.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{escaped}\"")
}

impl MemberReport<'_> {
    /// The Markdown form.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let c = self.counts;
        let _ = writeln!(out, "# Report for site `{}`", self.site);
        if let Some(name) = self.commons {
            let _ = writeln!(out, "\nCommons: {name}");
        }
        let _ = writeln!(out);
        if let Some(why) = &c.feed_failure {
            let _ = writeln!(out, "**Today's feed could not be used: {why}.**\n");
        }
        let source = match c.source {
            crate::report::Source::Feed => "today's feed",
            crate::report::Source::Previous => "the previous release (today's feed could not be used)",
        };
        let _ = writeln!(out, "| | records |\n|---|---:|");
        let _ = writeln!(out, "| read | {} |\n| published | {} |\n| rejected | {} |", c.read, c.kept, c.rejected);
        if let Some(previous) = self.previous_release {
            let _ = writeln!(
                out,
                "| added since {previous} | {} |\n| removed | {} |\n| changed | {} |",
                c.changes.added, c.changes.removed, c.changes.changed
            );
        }
        let _ = writeln!(out, "\nThe published records come from {source}.");
        if c.read > 0 {
            // The policy's share: copies of another site's records are left out, not lost.
            let lost = c.rejected.saturating_sub(c.copies);
            let share = lost as f64 * 100.0 / c.read as f64;
            let copies = if c.copies > 0 { format!(" (not counting {} copies of other sites' records)", c.copies) } else { String::new() };
            let _ = writeln!(
                out,
                "{share:.1} % of the records were rejected{copies}; the release is refused above {} %.",
                c.max_rejected
            );
        }
        let _ = writeln!(out, "\n## Problems\n");
        if self.rules.is_empty() {
            let _ = writeln!(out, "None.");
        } else {
            let _ = writeln!(out, "| rule | severity | count |\n|---|---|---:|");
            for g in &self.rules {
                let _ = writeln!(out, "| `{}` | {} | {} |", g.rule.code(), severity(g.severity), g.count);
            }
            for g in &self.rules {
                let _ = writeln!(out, "\n### `{}` ({} × {})\n", g.rule.code(), g.count, severity(g.severity));
                for p in &g.problems {
                    let _ = writeln!(out, "- {}", markdown_line(p));
                }
            }
        }
        if !self.unmapped_keywords.is_empty() {
            let _ = writeln!(out, "\n## Keywords that map to no atlas descriptor\n");
            let _ = writeln!(out, "| keyword | labels | records |\n|---|---|---:|");
            let mut by_use: Vec<&Unmapped> = self.unmapped_keywords.iter().collect();
            by_use.sort_by(|a, b| b.records.cmp(&a.records).then_with(|| a.keyword.cmp(&b.keyword)));
            for u in by_use {
                let labels: Vec<String> =
                    u.labels.iter().map(|(l, t)| if l.is_empty() { t.clone() } else { format!("{t} ({l})") }).collect();
                let _ = writeln!(out, "| `{}` | {} | {} |", u.keyword, escape_cell(&labels.join(", ")), u.records);
            }
            if let Some(draft) = &self.keywords_draft {
                let _ = writeln!(
                    out,
                    "\nA draft for this site's `[[sites]]` entry in `commons.toml`: replace each `?` with the notation, IRI or `label@lang` of an atlas descriptor (and drop the entries left unmapped on purpose):\n\n```toml\n{draft}\n```"
                );
            }
        }
        out
    }
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A problem as one list item; feed text is shown as code, never as Markdown.
fn markdown_line(p: &Problem) -> String {
    let mut line = format!("`{}`", p.location.to_string().replace('`', "'"));
    if let Some(record) = &p.record {
        let _ = write!(line, " record `{}`", record.replace('`', "'"));
    }
    let _ = write!(line, ": {}", escape_cell(&p.message));
    if let Some(expected) = &p.expected {
        let _ = write!(line, " (expected {})", escape_cell(expected));
    }
    if p.rejected {
        line.push_str(" **[record rejected]**");
    }
    line
}

/// Feed text inside Markdown: no markup, no HTML, no table breaks.
fn escape_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Writes `SITE.md` and `SITE.json` for every site of `report` into `dir`.
pub fn write_all(dir: &Path, report: &Report, commons: Option<&str>, previous_release: Option<&str>) -> std::io::Result<Vec<String>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for (site, counts) in &report.sites {
        let member = member(report, site, commons, previous_release, counts);
        let md = dir.join(format!("{site}.md"));
        std::fs::write(&md, member.markdown())?;
        let json = dir.join(format!("{site}.json"));
        std::fs::write(&json, serde_json::to_string_pretty(&member).unwrap_or_default() + "\n")?;
        written.push(md.display().to_string());
        written.push(json.display().to_string());
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Location, Problem, Rule};

    #[test]
    fn feed_text_in_a_member_report_is_never_markup() {
        let mut report = Report::default();
        report.sites.insert("a".into(), SiteCounts { read: 1, ..SiteCounts::default() });
        report.push(Problem::new(Rule::InvalidUrl, Location::at("f.json", 3, 1), "URL \"<script>x</script>|`y`\" is bad").site("a").record("r`1"));
        let member = member(&report, "a", None, None, &report.sites["a"]);
        let md = member.markdown();
        assert!(md.contains(r"\<script\>x\</script\>\|\`y\`"), "{md}");
        assert!(md.contains("record `r'1`"), "{md}");
        assert_eq!(member.rules[0].count, 1);
        assert!(member.keywords_draft.is_none());
    }
}
