//! Judging records: the rules every record must pass, whatever feed format it came in.
//!
//! A [`RawRecord`] becomes a [`Resource`] when it has what it cannot be shown without: an id, a
//! title and a web URL (and, when it names descriptors, at least one that exists in the atlas).
//! Otherwise it is rejected and every reason is reported. Anything else that cannot be read (a
//! date such as `2012-3-5`, a language the commons does not have, a descriptor reference that
//! resolves to nothing) is left out of the record with a warning, and the record is kept: one
//! stale tag must not cost a member its record, let alone the alliance its release (the policy
//! as a whole is in [`crate::policy`]). URLs are the one place where feed text could become
//! behaviour in a visitor's browser, so only `http:` and `https:` ever pass.

use crate::config::{Config, DescriptorNaming, KeywordIds, SiteConfig};
use crate::feeds::{DescriptorKey, DescriptorRef, RawRecord};
use crate::report::{Location, Problem, Rule, Severity};
use commons_atlas::model::{ConceptId, Indexing, Lang, PartialDate, Resource, SiteId, Thesaurus};
use commons_atlas::text::fold;
use std::collections::{BTreeMap, HashMap};

pub use commons_atlas::model::is_web_url;

/// The scheme of a URL, lowercased, if it has one.
fn scheme(url: &str) -> Option<String> {
    let (scheme, _) = url.trim_start().split_once(':')?;
    let ok = !scheme.is_empty()
        && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    ok.then(|| scheme.to_ascii_lowercase())
}

/// A URL reduced to what makes two records the same resource: no fragment, lowercase scheme and
/// host, no trailing slash.
fn url_key(url: &str) -> String {
    let url = url.split('#').next().unwrap_or(url);
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let scheme = scheme.to_ascii_lowercase().replace("https", "http");
    format!("{scheme}://{}{}", host.to_ascii_lowercase().trim_start_matches("www."), path.trim_end_matches('/'))
}

fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or("").to_ascii_lowercase().trim_start_matches("www.").to_string()
}

/// Why a descriptor reference does not resolve.
pub enum Unresolved {
    /// Nothing in the atlas has that IRI, notation or label.
    Unknown,
    /// A label that several concepts have, sorted.
    Ambiguous(Vec<ConceptId>),
}

/// Which kind of label a text is, in the order labels are tried.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum LabelKind {
    Pref,
    Alt,
    Hidden,
}

/// Finds descriptors (and families) by notation, IRI or label.
///
/// A reference is tried against one kind of name after another, and the first kind that matches
/// anything decides: notation, then IRI, then preferred label in the stated language, then
/// preferred label in any language, then alternative label (stated language first), then hidden
/// label. So "sea@en" names the concept whose preferred label is "sea", not the one that has the
/// acronym "SEA" as an alternative label; and a reference is ambiguous only when several concepts
/// match at the best level that matches at all.
pub struct Resolver<'a> {
    thesaurus: &'a Thesaurus,
    /// Folded label → the concepts with that label, with its language and kind.
    labels: HashMap<String, Vec<(LabelKind, Lang, ConceptId)>>,
}

impl<'a> Resolver<'a> {
    pub fn new(thesaurus: &'a Thesaurus) -> Resolver<'a> {
        let mut labels: HashMap<String, Vec<(LabelKind, Lang, ConceptId)>> = HashMap::new();
        for id in thesaurus.ids() {
            let c = thesaurus.concept(id);
            let all = c
                .labels
                .iter()
                .map(|(l, t)| (LabelKind::Pref, l, t))
                .chain(c.alt_labels.iter().map(|(l, t)| (LabelKind::Alt, l, t.as_str())))
                .chain(c.hidden_labels.iter().map(|(l, t)| (LabelKind::Hidden, l, t.as_str())));
            for (kind, lang, text) in all {
                let entry = labels.entry(fold(text)).or_default();
                let item = (kind, lang.clone(), id);
                if !entry.contains(&item) {
                    entry.push(item);
                }
            }
        }
        Resolver { thesaurus, labels }
    }

    fn by_label(&self, text: &str, lang: Option<&str>) -> Result<ConceptId, Unresolved> {
        let Some(candidates) = self.labels.get(&fold(text)) else { return Err(Unresolved::Unknown) };
        let in_lang = |l: &Lang| lang.is_some_and(|want| l.primary().eq_ignore_ascii_case(want) || l.as_str().eq_ignore_ascii_case(want));
        // (kind, whether the stated language must match), best first.
        let mut levels = vec![(LabelKind::Pref, true), (LabelKind::Pref, false), (LabelKind::Alt, true), (LabelKind::Alt, false), (LabelKind::Hidden, true), (LabelKind::Hidden, false)];
        if lang.is_none() {
            levels.retain(|(_, stated)| !stated);
        }
        for (kind, stated) in levels {
            let mut found: Vec<ConceptId> = candidates
                .iter()
                .filter(|(k, l, _)| *k == kind && (!stated || in_lang(l)))
                .map(|(_, _, id)| *id)
                .collect();
            found.sort();
            found.dedup();
            match found.len() {
                0 => continue,
                1 => return Ok(found[0]),
                _ => return Err(Unresolved::Ambiguous(found)),
            }
        }
        Err(Unresolved::Unknown)
    }

    /// The candidates of an ambiguous reference, each as a maintainer can tell them apart:
    /// notation, label and IRI.
    pub fn describe_candidates(&self, ids: &[ConceptId], langs: &[Lang]) -> String {
        let names: Vec<String> = ids
            .iter()
            .map(|&id| {
                let c = self.thesaurus.concept(id);
                let label = c.labels.best(langs).unwrap_or("");
                match &c.notation {
                    Some(n) => format!("{n} {label:?} <{}>", c.iri),
                    None => format!("{label:?} <{}>", c.iri),
                }
            })
            .collect();
        names.join(", ")
    }

    /// A concept named the way `commons.toml` names one (in `[sites.keywords]` and `[[maps]]`):
    /// a notation, an IRI, `label@lang` or a label, by the precedence above. A `^N` weight is read
    /// and ignored.
    pub fn by_reference(&self, reference: &str) -> Result<ConceptId, Unresolved> {
        let reference = DescriptorRef::parse(reference).map_err(|_| Unresolved::Unknown)?;
        match &reference.key {
            DescriptorKey::Text(text) => self.by_text(text, DescriptorNaming::Auto, None),
            DescriptorKey::Label { text, lang } => self.by_label(text, lang.as_deref()),
            _ => Err(Unresolved::Unknown),
        }
    }

    /// A bare reference, read as the site's `descriptors` setting says; an IRI is an IRI whatever
    /// the setting, since it cannot be mistaken for anything else.
    fn by_text(&self, text: &str, naming: DescriptorNaming, lang: Option<&Lang>) -> Result<ConceptId, Unresolved> {
        let t = self.thesaurus;
        let iri = || if scheme(text).is_some() { t.by_iri(text) } else { None };
        match naming {
            DescriptorNaming::Iri => t.by_iri(text).ok_or(Unresolved::Unknown),
            DescriptorNaming::Notation => t.by_notation(text).or_else(iri).ok_or(Unresolved::Unknown),
            DescriptorNaming::Label => match iri() {
                Some(id) => Ok(id),
                None => self.by_label(text, lang.map(Lang::as_str)),
            },
            DescriptorNaming::Auto => match t.by_notation(text).or_else(iri) {
                Some(id) => Ok(id),
                None => self.by_label(text, None),
            },
        }
    }

    fn resolve(&self, key: &DescriptorKey, site: &SiteConfig) -> Result<ConceptId, Unresolved> {
        match key {
            DescriptorKey::Text(text) => self.by_text(text, site.descriptors, site.descriptor_lang.as_ref()),
            DescriptorKey::Notation(n) => self.thesaurus.by_notation(n).ok_or(Unresolved::Unknown),
            DescriptorKey::Iri(i) => self.thesaurus.by_iri(i).ok_or(Unresolved::Unknown),
            DescriptorKey::Label { text, lang } => self.by_label(text, lang.as_deref()),
            DescriptorKey::Keyword { thesaurus, id, labels, .. } => {
                if let Some(target) = site.keywords.get(&format!("{thesaurus}/{id}")) {
                    return self.by_reference(target);
                }
                match site.keyword_ids.get(thesaurus) {
                    Some(KeywordIds::Notation) => return self.thesaurus.by_notation(id).ok_or(Unresolved::Unknown),
                    Some(KeywordIds::Iri) => return self.thesaurus.by_iri(id).ok_or(Unresolved::Unknown),
                    None => {}
                }
                // By label: the first of the keyword's labels that names exactly one descriptor.
                let mut last = Unresolved::Unknown;
                for (lang, text) in labels {
                    let lang = (!lang.is_empty()).then_some(lang.as_str());
                    match self.by_label(text, lang) {
                        Ok(id) => return Ok(id),
                        Err(e) => last = e,
                    }
                }
                Err(last)
            }
        }
    }
}

/// A ScrutariData keyword that maps to no descriptor: where it is defined (its `motcle`, else the
/// first record it indexes), its labels, and on how many records.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Unmapped {
    /// `thesaurus-name/motcle-id`, as `[sites.keywords]` names it.
    pub keyword: String,
    /// `(language, label)`, as the feed gives them.
    pub labels: Vec<(String, String)>,
    pub records: usize,
    pub location: Location,
}

/// The unmapped keywords of one site, reported once each.
#[derive(Default)]
pub struct UnmappedKeywords(BTreeMap<String, Unmapped>);

impl UnmappedKeywords {
    fn note(&mut self, key: &DescriptorKey, record: &Location) {
        let DescriptorKey::Keyword { thesaurus, id, labels, defined } = key else { return };
        let keyword = format!("{thesaurus}/{id}");
        let entry = self.0.entry(keyword.clone()).or_insert_with(|| Unmapped {
            keyword,
            labels: labels.clone(),
            records: 0,
            location: defined.clone().unwrap_or_else(|| record.clone()),
        });
        entry.records += 1;
    }

    /// The keywords, by name.
    pub fn list(&self) -> Vec<Unmapped> {
        self.0.values().cloned().collect()
    }

    pub fn into_problems(self, site: &str) -> impl Iterator<Item = Problem> + '_ {
        self.0.into_values().map(move |u| {
            let labels: Vec<String> =
                u.labels.iter().map(|(lang, text)| if lang.is_empty() { format!("{text:?}") } else { format!("{text:?}@{lang}") }).collect();
            let labelled = if labels.is_empty() { String::from("no label") } else { format!("label {}", labels.join(", ")) };
            Problem::new(
                Rule::UnmappedKeyword,
                u.location,
                format!("keyword {:?} ({labelled}) matches no atlas descriptor; it is ignored on the {} record(s) it indexes", u.keyword, u.records),
            )
            .site(site)
            .expected(format!("an entry \"{}\" = \"NOTATION\" in [sites.keywords], or a label equal to a descriptor's", u.keyword))
        })
    }
}

/// Everything a record is checked against.
pub struct Rules<'a> {
    pub config: &'a Config,
    pub resolver: Resolver<'a>,
}

impl<'a> Rules<'a> {
    pub fn new(config: &'a Config, thesaurus: &'a Thesaurus) -> Rules<'a> {
        Rules { config, resolver: Resolver::new(thesaurus) }
    }

    /// Judges one record of `site`. Problems (errors and warnings) are returned either way; the
    /// resource only when no error concerns it (warnings have dropped what they name).
    pub fn judge(
        &self,
        raw: RawRecord,
        site_index: SiteId,
        site: &SiteConfig,
        unmapped: &mut UnmappedKeywords,
    ) -> (Option<Resource>, Vec<Problem>) {
        let location = raw.location.clone();
        let mut problems = raw.problems;
        // A row or line that could not be parsed has no fields worth judging.
        if problems.iter().any(|p| p.rule == Rule::RowShape) {
            for p in &mut problems {
                p.site = Some(site.id.clone());
                p.record = p.record.take().or_else(|| raw.id.clone());
            }
            return (None, problems);
        }
        let mut problem = |rule: Rule, message: String, expected: Option<&str>| {
            let mut p = Problem::new(rule, location.clone(), message);
            p.expected = expected.map(str::to_string);
            problems.push(p);
        };

        let id = raw.id.clone();
        if id.is_none() {
            problem(Rule::MissingId, "the record has no id".into(), Some("an id, unique within the site and stable across exports"));
        }
        let title = raw.title.clone();
        if title.is_none() {
            problem(Rule::MissingTitle, "the record has no title".into(), Some("a title"));
        }
        let url = match raw.url.as_deref() {
            None => {
                problem(Rule::MissingUrl, "the record has no URL".into(), Some("the address of the resource on the member's site"));
                None
            }
            Some(u) if is_web_url(u) => Some(u.to_string()),
            Some(u) => {
                match scheme(u) {
                    Some(s) if s != "http" && s != "https" => problem(
                        Rule::UnsafeUrl,
                        format!("URL {u:?} uses the {s}: scheme, which is never published"),
                        Some("an http:// or https:// address"),
                    ),
                    _ => problem(
                        Rule::InvalidUrl,
                        format!("URL {u:?} is not an absolute web address"),
                        Some("an http:// or https:// address with a host, without spaces"),
                    ),
                }
                None
            }
        };
        let date = raw.date.as_deref().and_then(|d| match PartialDate::parse(d) {
            Ok(d) => Some(d),
            Err(e) => {
                problem(
                    Rule::InvalidDate,
                    format!("date {:?} cannot be read: {}; the record is kept without a date", e.input, e.reason),
                    Some("YYYY, YYYY-MM or YYYY-MM-DD"),
                );
                None
            }
        });
        let default_lang = site.languages[0].clone();
        let lang = match raw.lang.as_deref() {
            None => default_lang,
            Some(code) => {
                let known = Lang::parse(code)
                    .ok()
                    .filter(|l| self.config.languages.iter().any(|c| c.primary() == l.primary()));
                match known {
                    Some(lang) => lang,
                    None => {
                        let languages: Vec<&str> = self.config.languages.iter().map(Lang::as_str).collect();
                        problem(
                            Rule::UnknownLanguage,
                            format!(
                                "language {code:?} is not a language of this commons; the record is kept in the site's language ({default_lang})"
                            ),
                            Some(&format!("one of {}", languages.join(", "))),
                        );
                        default_lang
                    }
                }
            }
        };
        if let Some(kind) = &raw.kind {
            if !self.config.types.is_empty() && !self.config.types.contains_key(kind) {
                let known: Vec<&str> = self.config.types.keys().map(String::as_str).collect();
                problem(
                    Rule::UnknownType,
                    format!("type {kind:?} is not listed in [types]; shown as written"),
                    Some(&format!("one of {}", known.join(", "))),
                );
            }
        }

        let mut descriptors: Vec<Indexing> = Vec::new();
        // Atlas references (not site keywords) that resolved to nothing and were left out.
        let mut dropped = 0usize;
        for reference in &raw.descriptors {
            match self.resolver.resolve(&reference.key, site) {
                Ok(concept) => match descriptors.iter_mut().find(|d| d.concept == concept) {
                    Some(d) => d.weight = d.weight.max(reference.weight),
                    None => descriptors.push(Indexing { concept, weight: reference.weight }),
                },
                Err(why) => {
                    if let (DescriptorKey::Keyword { .. }, Unresolved::Unknown) = (&reference.key, &why) {
                        unmapped.note(&reference.key, &location);
                        continue;
                    }
                    dropped += 1;
                    match why {
                        Unresolved::Unknown => problem(
                            Rule::UnknownDescriptor,
                            format!("descriptor {:?} is not in the atlas; the reference is left out", reference.describe()),
                            Some(match site.descriptors {
                                DescriptorNaming::Notation => "the notation of an atlas descriptor, such as in skos:notation",
                                DescriptorNaming::Iri => "the IRI of an atlas concept",
                                DescriptorNaming::Label => "a preferred or alternative label of an atlas descriptor",
                                DescriptorNaming::Auto => "a notation, an IRI or label@lang of an atlas descriptor",
                            }),
                        ),
                        Unresolved::Ambiguous(ids) => problem(
                            Rule::AmbiguousDescriptor,
                            format!(
                                "descriptor {:?} could be any of {}; the reference is left out",
                                reference.describe(),
                                self.resolver.describe_candidates(&ids, &site.languages)
                            ),
                            Some("the notation or IRI of the one meant, which no other concept has"),
                        ),
                    }
                }
            }
        }
        descriptors.sort_by_key(|d| d.concept);
        if descriptors.is_empty() && dropped > 0 {
            problem(
                Rule::NoDescriptorLeft,
                format!("none of the record's {dropped} descriptor reference(s) is in the atlas"),
                Some("at least one reference to an atlas descriptor"),
            );
        }

        let has_error = problems.iter().any(|p| p.severity == Severity::Error);
        let resource = match (has_error, id, title, url) {
            (false, Some(id), Some(title), Some(url)) => {
                if descriptors.is_empty() {
                    problems.push(
                        Problem::new(Rule::NoDescriptor, location.clone(), "the record has no atlas descriptor; it is found by text search only")
                            .expected("at least one descriptor"),
                    );
                }
                Some(Resource {
                    site: site_index,
                    id,
                    url,
                    title,
                    subtitle: raw.subtitle,
                    summary: raw.summary,
                    authors: raw.authors,
                    date,
                    kind: raw.kind,
                    lang,
                    place: raw.place,
                    country: raw.country,
                    descriptors,
                    translation: raw.translation,
                })
            }
            _ => None,
        };
        for p in &mut problems {
            p.site = Some(site.id.clone());
            if p.record.is_none() {
                p.record = raw.id.clone();
            }
        }
        (resource, problems)
    }
}

/// Finds records published twice: the same id twice in one site (an error), or the same URL in
/// two sites (a warning; the copy on the site that does not own the URL's host is dropped).
#[derive(Default)]
pub struct Duplicates {
    ids: HashMap<(SiteId, String), Location>,
    urls: HashMap<String, Earlier>,
}

/// What is remembered of the first record seen with a URL.
#[derive(Clone)]
struct Earlier {
    index: usize,
    location: Location,
    site: SiteId,
    id: String,
    url: String,
}

/// What to do with a record given the ones already kept.
pub enum Verdict {
    Keep,
    /// Reject this record.
    Reject(Problem),
    /// Keep this one and reject the earlier resource at that index instead.
    Replace(usize, Problem),
}

impl Duplicates {
    /// Checks `resource`, which would be kept at `index`, against those already kept.
    pub fn check(
        &mut self,
        resource: &Resource,
        location: &Location,
        sites: &[SiteConfig],
        index: usize,
    ) -> Verdict {
        let site = &sites[resource.site.0 as usize];
        if let Some(first) = self.ids.get(&(resource.site, resource.id.clone())) {
            return Verdict::Reject(
                Problem::new(Rule::DuplicateId, location.clone(), format!("id {:?} is already used by the record at {first}", resource.id))
                    .expected("ids unique within the site"),
            );
        }
        self.ids.insert((resource.site, resource.id.clone()), location.clone());
        let key = url_key(&resource.url);
        let this = Earlier {
            index,
            location: location.clone(),
            site: resource.site,
            id: resource.id.clone(),
            url: resource.url.clone(),
        };
        let Some(other) = self.urls.get(&key).cloned() else {
            self.urls.insert(key, this);
            return Verdict::Keep;
        };
        if other.site == resource.site {
            return Verdict::Keep; // one site may describe one page twice (e.g. once per language)
        }
        let other_site = &sites[other.site.0 as usize];
        let message = |kept_url: &str, kept_id: &str, kept_site: &str, dropped_site: &str| {
            format!(
                "the same resource ({kept_url}) is published by site {kept_site} as record {kept_id:?}; this copy from site {dropped_site} is left out"
            )
        };
        // The site whose own domain the URL is on keeps it; otherwise the first one read does.
        let new_owns = host(&resource.url) == host(&site.url) && host(&other.url) != host(&other_site.url);
        if new_owns {
            self.urls.insert(key, this);
            let p = Problem::new(Rule::DuplicateAcrossSites, other.location.clone(), message(&resource.url, &resource.id, &site.id, &other_site.id))
                .site(other_site.id.clone())
                .record(other.id.clone())
                .expected("each resource published by one site only");
            Verdict::Replace(other.index, p)
        } else {
            Verdict::Reject(
                Problem::new(Rule::DuplicateAcrossSites, location.clone(), message(&other.url, &other.id, &other_site.id, &site.id))
                    .expected("each resource published by one site only"),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_keys_ignore_scheme_case_www_fragment_and_trailing_slash() {
        assert_eq!(url_key("https://WWW.Citego.org/a/#top"), url_key("http://citego.org/a"));
        assert_ne!(url_key("https://citego.org/a"), url_key("https://citego.org/b"));
    }
}
