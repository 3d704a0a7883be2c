//! The resources of the generated commons and the JSON, JSON Lines and CSV feeds.
//!
//! Resources are generated one at a time and written at once through a `BufWriter`, so a feed of
//! any size needs only the memory of one record (ScrutariData, in `scrutari.rs`, also keeps its
//! small numeric indexation links until the end of the file). The shape of a record follows
//! `docs/FEEDS.md`:
//!
//! - title of 4–12 words, subtitle for ~20%, summary of 20–60 words for ~80%, in the record's
//!   language; 1–3 authors; a date from 1995 to 2026 as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`;
//!   a type from `[types]`; a place and/or country for ~50%;
//! - 1–6 descriptors drawn by Zipf popularity over a seed-fixed ranking of the descriptors, so a
//!   few descriptors index a large share of the commons and most index a few records; ~8% of
//!   references carry `^2` and ~3% `^3`;
//! - ~5% of all records belong to a translation group: 2 or 3 records of the same site in
//!   different languages, sharing a `translation` key, their type, date, authors, place and
//!   descriptors. Only feeds with a `translation` field carry groups (not ScrutariData, not a
//!   CSV without the column), so those sites get a proportionally higher share.

use std::io::{self, Write};

use serde::Serialize;

use super::atlas::Atlas;
use super::names;
use super::rng::{Rng, Zipf};
use super::sites::{RefStyle, SitePlan, TYPES};
use super::words::{Lang, Vocabulary};

/// Everything shared by the feeds of one run.
pub struct Commons<'a> {
    pub vocab: &'a [Vocabulary; 4],
    pub atlas: &'a Atlas,
    /// Concept indices of the descriptors, most popular first.
    popularity: Vec<usize>,
    zipf: Zipf,
}

impl<'a> Commons<'a> {
    pub fn new(seed: u64, vocab: &'a [Vocabulary; 4], atlas: &'a Atlas) -> Self {
        let mut rng = Rng::stream(seed, "popularity");
        let mut popularity = atlas.descriptors.clone();
        rng.shuffle(&mut popularity);
        let zipf = Zipf::new(popularity.len(), 1.0, 0);
        Commons {
            vocab,
            atlas,
            popularity,
            zipf,
        }
    }
}

/// One generated record, before it is spelt in a feed format.
#[derive(Debug, Clone)]
pub struct Resource {
    /// 1-based number of the record within its site (or corpus).
    pub seq: usize,
    pub title: String,
    pub subtitle: Option<String>,
    pub summary: Option<String>,
    pub authors: Vec<String>,
    pub date: Option<String>,
    pub rtype: Option<&'static str>,
    pub lang: Lang,
    pub place: Option<&'static str>,
    pub country: Option<&'static str>,
    /// (concept index, weight ≥ 1).
    pub descriptors: Vec<(usize, u8)>,
    pub translation: Option<String>,
}

/// What the records of a translation group share.
struct Group {
    key: String,
    langs: Vec<Lang>,
    rtype: Option<&'static str>,
    date: Option<String>,
    authors: Vec<String>,
    place: Option<&'static str>,
    country: Option<&'static str>,
    descriptors: Vec<(usize, u8)>,
}

/// The record generator of one site.
pub struct SiteGen<'a> {
    commons: &'a Commons<'a>,
    site: &'a SitePlan,
    rng: Rng,
    seq: usize,
    group: Option<Group>,
    /// Chance, at a record that is not already a translation, of starting a translation group.
    translation_start: f64,
}

impl<'a> SiteGen<'a> {
    /// `group_share`: the share of this site's records to put in translation groups (0 for
    /// feeds that cannot carry them).
    pub fn new(seed: u64, commons: &'a Commons<'a>, site: &'a SitePlan, group_share: f64) -> Self {
        // With groups of k records on average, starting one at a share q of the free records
        // puts f = qk / (qk + 1 - q) of the records in groups; solve for q.
        let k = if site.spec.languages.len() > 2 {
            2.3
        } else {
            2.0
        };
        let f = group_share;
        let translation_start = if site.translations() {
            f / (k * (1.0 - f) + f)
        } else {
            0.0
        };
        SiteGen {
            commons,
            site,
            rng: Rng::stream(seed, &format!("site/{}", site.id)),
            seq: 0,
            group: None,
            translation_start,
        }
    }

    /// The atlas the records are indexed with.
    pub fn atlas(&self) -> &'a Atlas {
        self.commons.atlas
    }

    /// A record type drawn with the commons' frequencies.
    pub fn draw_type(&mut self) -> &'static str {
        let weights: Vec<f64> = TYPES.iter().map(|t| t.2).collect();
        TYPES[self.rng.weighted(&weights)].0
    }

    fn draw_lang(&mut self) -> Lang {
        Lang::ALL[self.rng.weighted(&self.site.lang_weights)]
    }

    /// The next record. `rtype`: `Some` forces the type; `None` draws it (and ~2% of records are
    /// then left untyped when `untyped_ok`).
    pub fn next(&mut self, rtype: Option<&'static str>, untyped_ok: bool) -> Resource {
        self.seq += 1;
        let seq = self.seq;

        // A record continuing a translation group takes the group's shared fields.
        if let Some(mut g) = self.group.take() {
            let lang = g.langs.remove(0);
            let shared = (
                g.key.clone(),
                g.rtype,
                g.date.clone(),
                g.authors.clone(),
                g.place,
                g.country,
                g.descriptors.clone(),
            );
            if !g.langs.is_empty() {
                self.group = Some(g);
            }
            let (key, rtype, date, authors, place, country, descriptors) = shared;
            let (title, subtitle, summary) = self.texts(lang);
            return Resource {
                seq,
                title,
                subtitle,
                summary,
                authors,
                date,
                rtype,
                lang,
                place,
                country,
                descriptors,
                translation: Some(key),
            };
        }

        let lang = self.draw_lang();
        let rtype = match rtype {
            Some(t) => Some(t),
            None if untyped_ok && self.rng.chance(0.02) => None,
            None => Some(self.draw_type()),
        };
        let (title, subtitle, summary) = self.texts(lang);
        let n_authors = 1 + self.rng.weighted(&[0.55, 0.30, 0.15]);
        let authors: Vec<String> = (0..n_authors)
            .map(|_| names::person(&mut self.rng, lang, self.commons.vocab))
            .collect();
        let date = if self.rng.chance(0.97) {
            Some(self.date())
        } else {
            None
        };
        let (place, country) = if self.rng.chance(0.5) {
            let (p, c) = names::place(&mut self.rng, lang);
            match self.rng.weighted(&[0.8, 0.1, 0.1]) {
                0 => (Some(p), Some(c)),
                1 => (Some(p), None),
                _ => (None, Some(c)),
            }
        } else {
            (None, None)
        };
        let descriptors = self.descriptors();

        let mut translation = None;
        if self.translation_start > 0.0 && self.rng.chance(self.translation_start) {
            let size = if self.rng.chance(0.7) { 2 } else { 3 };
            let mut others: Vec<Lang> = self
                .site
                .spec
                .languages
                .iter()
                .copied()
                .filter(|l| *l != lang)
                .collect();
            self.rng.shuffle(&mut others);
            // The group's other records are the next ones of this site: never past its end.
            others.truncate((size - 1).min(self.site.count.saturating_sub(seq)));
            if !others.is_empty() {
                let key = format!("{}-tr{seq}", self.site.id);
                translation = Some(key.clone());
                self.group = Some(Group {
                    key,
                    langs: others,
                    rtype,
                    date: date.clone(),
                    authors: authors.clone(),
                    place,
                    country,
                    descriptors: descriptors.clone(),
                });
            }
        }

        Resource {
            seq,
            title,
            subtitle,
            summary,
            authors,
            date,
            rtype,
            lang,
            place,
            country,
            descriptors,
            translation,
        }
    }

    fn texts(&mut self, lang: Lang) -> (String, Option<String>, Option<String>) {
        let vocab = &self.commons.vocab[lang.index()];
        let n = self.rng.range(4, 12);
        let title = vocab.title(&mut self.rng, n);
        let subtitle = if self.rng.chance(0.2) {
            let n = self.rng.range(3, 9);
            Some(vocab.title(&mut self.rng, n))
        } else {
            None
        };
        let summary = if self.rng.chance(0.8) {
            let n = self.rng.range(20, 60);
            Some(vocab.paragraph(&mut self.rng, n))
        } else {
            None
        };
        (title, subtitle, summary)
    }

    fn date(&mut self) -> String {
        // More records in recent years, as on real sites: the larger of two uniform draws.
        let year = 1995 + self.rng.below(32).max(self.rng.below(32)) as u32;
        let month = self.rng.range(1, 12) as u32;
        match self.rng.weighted(&[0.25, 0.30, 0.45]) {
            0 => format!("{year}"),
            1 => format!("{year}-{month:02}"),
            _ => {
                let days = match month {
                    2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
                    2 => 28,
                    4 | 6 | 9 | 11 => 30,
                    _ => 31,
                };
                let day = self.rng.range(1, days);
                format!("{year}-{month:02}-{day:02}")
            }
        }
    }

    fn descriptors(&mut self) -> Vec<(usize, u8)> {
        let n = 1 + self.rng.weighted(&[0.25, 0.30, 0.20, 0.13, 0.08, 0.04]);
        let n = n.min(self.commons.popularity.len());
        let mut out: Vec<(usize, u8)> = Vec::with_capacity(n);
        while out.len() < n {
            let d = self.commons.popularity[self.commons.zipf.sample(&mut self.rng)];
            if out.iter().any(|(x, _)| *x == d) {
                continue;
            }
            let weight = match self.rng.weighted(&[0.89, 0.08, 0.03]) {
                0 => 1,
                1 => 2,
                _ => 3,
            };
            out.push((d, weight));
        }
        out
    }

    /// The record's id in a JSON or CSV feed.
    pub fn record_id(&self, r: &Resource) -> String {
        format!("{}{}", self.site.spec.id_prefix, r.seq)
    }

    /// The record's page on the site.
    pub fn record_url(&self, r: &Resource) -> String {
        let section = match r.rtype {
            Some("experience") => "experiences",
            Some("analysis") => "analyses",
            Some("proposal") => "propositions",
            Some("dossier") => "dossiers",
            Some("notion") => "notions",
            Some("organisation") => "organisations",
            Some("mooc") => "moocs",
            _ => "ressources",
        };
        format!(
            "{}{section}/{}.html",
            self.site.base_url(),
            self.record_id(r)
        )
    }

    /// A descriptor reference as a string: notation, with `^N` when weighted.
    pub fn notation_ref(&self, concept: usize, weight: u8) -> String {
        let notation = &self.commons.atlas.concepts[concept].notation;
        if weight > 1 {
            format!("{notation}^{weight}")
        } else {
            notation.clone()
        }
    }
}

/// A descriptor reference in a JSON record.
#[derive(Serialize)]
#[serde(untagged)]
enum JsonRef<'a> {
    Str(String),
    Weighted { notation: &'a str, weight: u8 },
}

#[derive(Serialize)]
struct JsonRecord<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    subtitle: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    authors: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    rtype: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    place: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<&'a str>,
    descriptors: Vec<JsonRef<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    translation: Option<&'a str>,
}

/// Whether the record states its language (some sites leave their default language implicit).
fn written_lang(site: &SitePlan, r: &Resource) -> Option<&'static str> {
    if site.spec.omit_default_lang && r.lang == site.default_lang() {
        None
    } else {
        Some(r.lang.code())
    }
}

fn write_json_record<W: Write>(w: &mut W, gen: &mut SiteGen, r: &Resource) -> io::Result<()> {
    let id = gen.record_id(r);
    let url = gen.record_url(r);
    let style = gen.site.spec.refs;
    let atlas = gen.commons.atlas;
    let mut refs = Vec::with_capacity(r.descriptors.len());
    for &(d, weight) in &r.descriptors {
        let concept = &atlas.concepts[d];
        let json_ref =
            match style {
                RefStyle::Objects if weight > 1 => JsonRef::Weighted {
                    notation: &concept.notation,
                    weight,
                },
                RefStyle::SomeIris if weight == 1 && gen.rng.chance(0.10) => {
                    JsonRef::Str(concept.iri())
                }
                RefStyle::SomeLabels if weight == 1 && gen.rng.chance(0.04) => JsonRef::Str(
                    format!("{}@{}", concept.pref[r.lang.index()], r.lang.code()),
                ),
                _ => JsonRef::Str(gen.notation_ref(d, weight)),
            };
        refs.push(json_ref);
    }
    let record = JsonRecord {
        id: &id,
        url: &url,
        title: &r.title,
        subtitle: r.subtitle.as_deref(),
        summary: r.summary.as_deref(),
        authors: &r.authors,
        date: r.date.as_deref(),
        rtype: r.rtype,
        lang: written_lang(gen.site, r),
        place: r.place,
        country: r.country,
        descriptors: refs,
        translation: r.translation.as_deref(),
    };
    serde_json::to_writer(&mut *w, &record).map_err(io::Error::other)
}

/// A JSON array, one record per line.
pub fn write_json<W: Write>(w: &mut W, gen: &mut SiteGen) -> io::Result<()> {
    w.write_all(b"[")?;
    for i in 0..gen.site.count {
        w.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        let r = gen.next(None, true);
        write_json_record(w, gen, &r)?;
    }
    w.write_all(b"\n]\n")
}

/// JSON Lines: one record per line.
pub fn write_jsonl<W: Write>(w: &mut W, gen: &mut SiteGen) -> io::Result<()> {
    for _ in 0..gen.site.count {
        let r = gen.next(None, true);
        write_json_record(w, gen, &r)?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// CSV with the site's columns; multi-valued cells joined with `|`.
pub fn write_csv<W: Write>(w: &mut W, gen: &mut SiteGen) -> io::Result<()> {
    let columns = gen.site.spec.columns;
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w);
    out.write_record(columns)?;
    let mut cells: Vec<String> = Vec::with_capacity(columns.len());
    for _ in 0..gen.site.count {
        let r = gen.next(None, true);
        cells.clear();
        for col in columns {
            cells.push(match *col {
                "id" => gen.record_id(&r),
                "url" => gen.record_url(&r),
                "title" => r.title.clone(),
                "subtitle" => r.subtitle.clone().unwrap_or_default(),
                "summary" => r.summary.clone().unwrap_or_default(),
                "authors" => r.authors.join("|"),
                "date" => r.date.clone().unwrap_or_default(),
                "type" => r.rtype.unwrap_or_default().to_string(),
                "lang" => written_lang(gen.site, &r).unwrap_or_default().to_string(),
                "place" => r.place.unwrap_or_default().to_string(),
                "country" => r.country.unwrap_or_default().to_string(),
                "descriptors" => {
                    let refs: Vec<String> = r
                        .descriptors
                        .iter()
                        .map(|&(d, w)| gen.notation_ref(d, w))
                        .collect();
                    refs.join("|")
                }
                "translation" => r.translation.clone().unwrap_or_default(),
                other => unreachable!("unknown CSV column {other}"),
            });
        }
        out.write_record(&cells)?;
    }
    out.flush()
}
