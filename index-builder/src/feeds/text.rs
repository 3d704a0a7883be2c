//! One field policy for every reader: what a record's text may be before it is judged.
//!
//! Whatever the format, a member's text ends up in a visitor's browser, so it is made plain and
//! bounded here, once, for all readers:
//!
//! - NUL and the other C0 control characters (but tab and line breaks) are removed: they are
//!   never meant, and they break terminals, JSON consumers and the widget's highlighting.
//! - HTML character references (`&eacute;`, `&nbsp;`, `&#233;`) are decoded once into the
//!   characters they stand for: exporters from web CMSs write them, and visitors would otherwise
//!   read "Caf&eacute;". Once means `&amp;eacute;` becomes the text `&eacute;`.
//! - Each field has a length limit ([`LIMITS`]); longer text is cut with a warning naming the
//!   record. A 10 MB title would otherwise freeze every page that shows it.
//! - A URL carrying a user name or password (`https://user:pass@host/`) loses them, with a
//!   warning: the index is public.
//!
//! Removals and decodings are reported once per site ([`Tally`]); cuts once per record.

use super::RawRecord;
use crate::report::{Location, Problem, Rule};
use std::collections::BTreeMap;

/// The most a field may hold, in characters (authors: names, and characters per name).
#[derive(Clone, Copy, Debug)]
pub struct FieldLimits {
    pub id: usize,
    pub url: usize,
    pub title: usize,
    pub subtitle: usize,
    pub summary: usize,
    pub authors: usize,
    pub author: usize,
    pub short: usize,
    pub descriptors: usize,
}

pub const LIMITS: FieldLimits = FieldLimits {
    id: 500,
    url: 4_000,
    title: 1_000,
    subtitle: 1_000,
    summary: 10_000,
    authors: 100,
    author: 300,
    // date, type, lang, place, country, translation
    short: 500,
    descriptors: 1_000,
};

/// Problems that would repeat on every record of a large feed, counted per site and reported
/// once with where they were first seen.
#[derive(Default)]
pub struct Tally(BTreeMap<Rule, (String, Location, Option<String>, usize)>);

impl Tally {
    /// Counts one more of `rule`; `what` (an example) and the place are the first one's.
    pub fn note(&mut self, rule: Rule, what: impl Into<String>, location: &Location, record: Option<&str>) {
        let entry = self.0.entry(rule).or_insert_with(|| (what.into(), location.clone(), record.map(str::to_string), 0));
        entry.3 += 1;
    }

    pub fn into_problems(self, feed: &str) -> impl Iterator<Item = Problem> + '_ {
        self.0.into_iter().map(move |(rule, (what, location, record, count))| {
            let message = match rule {
                Rule::ControlCharacter => format!("{what} removed from the text of {count} field(s) in {feed}; first here"),
                Rule::HtmlEntity => format!("HTML character references such as {what} decoded into text in {count} field(s) in {feed}; first here"),
                _ => format!("{what} ({count} time(s) in {feed}; first here)"),
            };
            let mut p = Problem::new(rule, location, message);
            p.record = record;
            match rule {
                Rule::HtmlEntity => p.expected("plain text: the character itself (é), or &#x00A0; in XML"),
                Rule::ControlCharacter => p.expected("text without control characters"),
                _ => p,
            }
        })
    }
}

/// Makes every text field of `raw` plain and bounded.
pub fn tidy(raw: &mut RawRecord, tally: &mut Tally) {
    let location = raw.location.clone();
    let id = raw.id.clone();
    let mut fix = |field: &str, value: &mut Option<String>, limit: usize, raw_problems: &mut Vec<Problem>| {
        if let Some(v) = value.as_mut() {
            tidy_text(field, v, limit, &location, id.as_deref(), tally, raw_problems);
            if v.trim().is_empty() {
                *value = None;
            }
        }
    };
    let mut problems = std::mem::take(&mut raw.problems);
    fix("id", &mut raw.id, LIMITS.id, &mut problems);
    fix("url", &mut raw.url, LIMITS.url, &mut problems);
    fix("title", &mut raw.title, LIMITS.title, &mut problems);
    fix("subtitle", &mut raw.subtitle, LIMITS.subtitle, &mut problems);
    fix("summary", &mut raw.summary, LIMITS.summary, &mut problems);
    for (field, value) in [
        ("date", &mut raw.date),
        ("type", &mut raw.kind),
        ("lang", &mut raw.lang),
        ("place", &mut raw.place),
        ("country", &mut raw.country),
        ("translation", &mut raw.translation),
    ] {
        fix(field, value, LIMITS.short, &mut problems);
    }
    cap_list(&mut raw.authors, LIMITS.authors, "authors", &location, id.as_deref(), &mut problems);
    for author in &mut raw.authors {
        tidy_text("authors", author, LIMITS.author, &location, id.as_deref(), tally, &mut problems);
    }
    raw.authors.retain(|a| !a.trim().is_empty());
    cap_list(&mut raw.descriptors, LIMITS.descriptors, "descriptor references", &location, id.as_deref(), &mut problems);
    if let Some(url) = raw.url.as_mut() {
        if let Some(without) = without_credentials(url) {
            let mut p = Problem::new(
                Rule::UrlCredentials,
                location.clone(),
                format!("the URL carries a user name or password, which the public index must not; published as {without:?}"),
            )
            .expected("an address without user:password@");
            p.record = id.clone();
            problems.push(p);
            *url = without;
        }
    }
    raw.problems = problems;
}

/// Keeps the first `max` items of a record's list, saying how many there were.
fn cap_list<T>(list: &mut Vec<T>, max: usize, what: &str, location: &Location, record: Option<&str>, problems: &mut Vec<Problem>) {
    if list.len() > max {
        problems.push(cut_problem(location, record, format!("the record has {} {what}; only the first {max} are kept", list.len())));
        list.truncate(max);
    }
}

fn cut_problem(location: &Location, record: Option<&str>, message: String) -> Problem {
    let mut p = Problem::new(Rule::FieldTooLong, location.clone(), message).expected("text within the limits of docs/FEEDS.md");
    p.record = record.map(str::to_string);
    p
}

fn tidy_text(
    field: &str,
    value: &mut String,
    limit: usize,
    location: &Location,
    record: Option<&str>,
    tally: &mut Tally,
    problems: &mut Vec<Problem>,
) {
    // Cut first, with a margin, so that a 10 MB field costs no more than its limit afterwards.
    let mut cut_from = None;
    if let Some((at, _)) = value.char_indices().nth(limit.saturating_mul(2)) {
        cut_from = Some(value.chars().count());
        value.truncate(at);
    }
    // References first: `&#12;` is a control character too (found by `cargo xtask fuzz`).
    if value.contains('&') {
        let decoded = html_escape::decode_html_entities(value.as_str());
        if decoded != value.as_str() {
            let first = first_reference(value);
            let decoded = decoded.into_owned();
            tally.note(Rule::HtmlEntity, first, location, record);
            *value = decoded;
        }
    }
    if value.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
        let nul = value.contains('\0');
        value.retain(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'));
        tally.note(Rule::ControlCharacter, if nul { "NUL bytes" } else { "control characters" }, location, record);
    }
    let chars = value.chars().count();
    if chars > limit || cut_from.is_some() {
        let total = cut_from.unwrap_or(chars);
        if let Some((at, _)) = value.char_indices().nth(limit) {
            value.truncate(at);
        }
        problems.push(cut_problem(
            location,
            record,
            format!("field {field:?} has {total} characters; cut to the first {limit}"),
        ));
    }
}

/// The first `&…;` of a text, for the report.
fn first_reference(text: &str) -> String {
    let Some(start) = text.find('&') else { return String::new() };
    let rest = &text[start..];
    match rest.find(';') {
        Some(end) if end <= 32 => rest[..=end].to_string(),
        _ => rest.chars().take(10).collect(),
    }
}

/// The URL without its `user:password@`, when it has one.
fn without_credentials(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let at = authority.rfind('@')?;
    Some(format!("{scheme}://{}{}", &authority[at + 1..], &rest[authority_end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tidied(raw: RawRecord) -> (RawRecord, Vec<Problem>) {
        let mut raw = raw;
        let mut tally = Tally::default();
        tidy(&mut raw, &mut tally);
        let problems = tally.into_problems("f").collect();
        (raw, problems)
    }

    #[test]
    fn nul_bytes_go_and_html_references_are_decoded_once() {
        let (raw, tally) = tidied(RawRecord {
            title: Some("Caf&eacute;&nbsp;du\0 monde".into()),
            subtitle: Some("R&D &amp;eacute; &#233;".into()),
            ..RawRecord::default()
        });
        assert_eq!(raw.title.as_deref(), Some("Café\u{a0}du monde"));
        assert_eq!(raw.subtitle.as_deref(), Some("R&D &eacute; é"));
        let rules: Vec<_> = tally.iter().map(|p| p.rule).collect();
        assert_eq!(rules, [Rule::ControlCharacter, Rule::HtmlEntity]);
        assert!(tally[1].message.contains("&eacute;") && tally[1].message.contains("2 field(s)"), "{}", tally[1].message);
    }

    #[test]
    fn a_control_character_written_as_a_reference_is_removed_too() {
        let (raw, tally) = tidied(RawRecord { id: Some("b&#12;4".into()), url: Some("https:&#x0C;//x.org/".into()), ..RawRecord::default() });
        assert_eq!((raw.id.as_deref(), raw.url.as_deref()), (Some("b4"), Some("https://x.org/")));
        assert_eq!(tally.iter().map(|p| p.rule).collect::<Vec<_>>(), [Rule::ControlCharacter, Rule::HtmlEntity]);
    }

    #[test]
    fn a_long_field_is_cut_with_a_warning_naming_the_record() {
        let (raw, _) = tidied(RawRecord {
            id: Some("r1".into()),
            title: Some("é".repeat(10_000_000)),
            authors: vec!["A".into(); 150],
            ..RawRecord::default()
        });
        assert_eq!(raw.title.unwrap().chars().count(), LIMITS.title);
        assert_eq!(raw.authors.len(), LIMITS.authors);
        assert_eq!(raw.problems.len(), 2);
        assert!(raw.problems.iter().all(|p| p.rule == Rule::FieldTooLong && p.record.as_deref() == Some("r1")));
        assert!(raw.problems.iter().any(|p| p.message.contains("10000000 characters")), "{:?}", raw.problems);
    }

    #[test]
    fn credentials_leave_the_url_with_a_warning() {
        let (raw, _) = tidied(RawRecord { url: Some("https://user:pass@host.org/a@b".into()), ..RawRecord::default() });
        assert_eq!(raw.url.as_deref(), Some("https://host.org/a@b"));
        assert_eq!(raw.problems[0].rule, Rule::UrlCredentials);
        assert_eq!(without_credentials("https://host.org/x"), None);
    }
}
