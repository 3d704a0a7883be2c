//! The 12 member sites of the generated commons and the `commons.toml` that describes them.
//!
//! Real commons are lopsided: one aggregator holds about a third of the records and small sites
//! hold a few hundred. Each site also exercises a different corner of the contract in
//! `docs/COMMONS_TOML.md` and `docs/FEEDS.md`: every feed format (JSON array, JSON Lines, CSV
//! with different column orders and subsets, two ScrutariData bases), an explicit or guessed
//! `format`, `descriptors = "notation"` or the default `auto`, a `[sites.keywords]` table,
//! descriptor references as notations, `^N` weights, `{"notation", "weight"}` objects, IRIs and
//! `label@lang`, relative ScrutariData `href`s, records that leave `lang` to the site's default.
//!
//! The language of each record is drawn from a per-site distribution fitted (by iterative
//! proportional fitting) so that the sites keep their sizes *and* the whole commons is about
//! 45% French, 20% English, 20% Spanish and 15% Portuguese.

use std::io::{self, Write};

use super::atlas::{Atlas, BASE};
use super::words::Lang;

/// How a feed is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Jsonl,
    Csv,
    /// ScrutariData XML; `by_type`: one corpus per resource type (the type is the corpus name),
    /// else one corpus with an `sct:type` attribute; `relative_href`: hrefs relative to the
    /// corpus' `href-parent`.
    Scrutari {
        by_type: bool,
        relative_href: bool,
    },
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Scrutari { .. } => "xml",
        }
    }

    pub fn toml_name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Scrutari { .. } => "scrutaridata",
        }
    }
}

/// How a JSON feed spells its descriptor references (CSV and plain sites use notations).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefStyle {
    /// `"3B.12"`, `"3B.12^2"`.
    Notation,
    /// Weighted references as `{"notation": "3B.12", "weight": 2}`.
    Objects,
    /// About 10% of unweighted references as IRIs.
    SomeIris,
    /// About 4% of unweighted references as `label@lang`.
    SomeLabels,
}

/// The fixed description of one site.
#[derive(Debug)]
pub struct SiteSpec {
    pub name: &'static str,
    /// Percentage of all resources.
    pub share: f64,
    pub format: Format,
    /// The first is the site's default language.
    pub languages: &'static [Lang],
    pub colour: &'static str,
    pub logo: bool,
    /// Write `format = …` in commons.toml (else the builder guesses from the extension).
    pub explicit_format: bool,
    /// Write `descriptors = "notation"`.
    pub notation_mode: bool,
    /// Write a `[sites.keywords]` table (ScrutariData only).
    pub keywords_table: bool,
    pub refs: RefStyle,
    /// Leave `lang` out of records in the site's default language.
    pub omit_default_lang: bool,
    /// CSV columns, in order.
    pub columns: &'static [&'static str],
    /// Prefix of record ids.
    pub id_prefix: &'static str,
}

use Lang::{En, Es, Fr, Pt};

const ALL_COLUMNS: &[&str] = &[
    "id",
    "url",
    "title",
    "subtitle",
    "summary",
    "authors",
    "date",
    "type",
    "lang",
    "place",
    "country",
    "descriptors",
    "translation",
];

#[rustfmt::skip]
pub const SITES: [SiteSpec; 12] = [
    SiteSpec { name: "Agrégateur des communs territoriaux", share: 35.0, format: Format::Scrutari { by_type: true, relative_href: false }, languages: &[Fr, En, Es, Pt], colour: "#2e86c1", logo: true, explicit_format: true, notation_mode: false, keywords_table: false, refs: RefStyle::Notation, omit_default_lang: false, columns: &[], id_prefix: "" },
    SiteSpec { name: "Territoires en transition", share: 14.0, format: Format::Json, languages: &[Fr, En], colour: "#27ae60", logo: true, explicit_format: false, notation_mode: false, keywords_table: false, refs: RefStyle::Objects, omit_default_lang: false, columns: &[], id_prefix: "" },
    SiteSpec { name: "Red de Economía Solidaria", share: 10.0, format: Format::Jsonl, languages: &[Es, Pt, En], colour: "#e67e22", logo: false, explicit_format: true, notation_mode: false, keywords_table: false, refs: RefStyle::SomeIris, omit_default_lang: false, columns: &[], id_prefix: "res-" },
    SiteSpec { name: "Démocratie locale & participation", share: 8.0, format: Format::Csv, languages: &[Fr, Es], colour: "#8e44ad", logo: true, explicit_format: false, notation_mode: true, keywords_table: false, refs: RefStyle::Notation, omit_default_lang: false, columns: ALL_COLUMNS, id_prefix: "dl" },
    SiteSpec { name: "Rede Cidades Sustentáveis", share: 7.0, format: Format::Scrutari { by_type: false, relative_href: true }, languages: &[Pt, Es, Fr], colour: "#16a085", logo: true, explicit_format: false, notation_mode: false, keywords_table: true, refs: RefStyle::Notation, omit_default_lang: false, columns: &[], id_prefix: "" },
    SiteSpec { name: "Commons Governance Lab", share: 6.0, format: Format::Json, languages: &[En, Fr, Es, Pt], colour: "#c0392b", logo: false, explicit_format: true, notation_mode: false, keywords_table: false, refs: RefStyle::SomeLabels, omit_default_lang: false, columns: &[], id_prefix: "cgl-" },
    SiteSpec { name: "Les Cahiers de l'Habitat", share: 5.0, format: Format::Jsonl, languages: &[Fr], colour: "#d35400", logo: true, explicit_format: false, notation_mode: true, keywords_table: false, refs: RefStyle::Notation, omit_default_lang: true, columns: &[], id_prefix: "cahier-" },
    SiteSpec { name: "Observatório das Periferias", share: 4.0, format: Format::Csv, languages: &[Pt, En], colour: "#2c3e50", logo: false, explicit_format: true, notation_mode: false, keywords_table: false, refs: RefStyle::Notation, omit_default_lang: false, columns: &["title", "id", "url", "lang", "date", "type", "authors", "descriptors", "summary", "place", "country", "translation", "subtitle"], id_prefix: "obs" },
    SiteSpec { name: "Agua y Territorio", share: 3.5, format: Format::Json, languages: &[Es, Fr], colour: "#2980b9", logo: true, explicit_format: false, notation_mode: false, keywords_table: false, refs: RefStyle::Notation, omit_default_lang: false, columns: &[], id_prefix: "ayt-" },
    SiteSpec { name: "Urban Futures Network", share: 3.0, format: Format::Jsonl, languages: &[En, Fr], colour: "#7f8c8d", logo: false, explicit_format: false, notation_mode: false, keywords_table: false, refs: RefStyle::Notation, omit_default_lang: false, columns: &[], id_prefix: "uf" },
    SiteSpec { name: "Cartographie citoyenne", share: 2.5, format: Format::Csv, languages: &[Fr, En, Es, Pt], colour: "#f1c40f", logo: true, explicit_format: false, notation_mode: false, keywords_table: false, refs: RefStyle::Notation, omit_default_lang: true, columns: &["id", "title", "url", "date", "lang", "type", "authors", "descriptors", "summary"], id_prefix: "" },
    SiteSpec { name: "Ateliers Brasil–France", share: 2.0, format: Format::Json, languages: &[Fr, Pt], colour: "#1abc9c", logo: false, explicit_format: false, notation_mode: true, keywords_table: false, refs: RefStyle::Notation, omit_default_lang: false, columns: &[], id_prefix: "abf-" },
];

/// The language shares of the whole commons, in [`Lang::ALL`] order.
pub const LANG_SHARES: [f64; 4] = [0.45, 0.20, 0.20, 0.15];

/// The kinds of resource: key, labels in fr/en/es/pt, and relative frequency.
pub const TYPES: [(&str, [&str; 4], f64); 7] = [
    (
        "experience",
        ["Expérience", "Experience", "Experiencia", "Experiência"],
        30.0,
    ),
    (
        "analysis",
        ["Analyse", "Analysis", "Análisis", "Análise"],
        20.0,
    ),
    (
        "proposal",
        ["Proposition", "Proposal", "Propuesta", "Proposta"],
        12.0,
    ),
    ("dossier", ["Dossier", "Dossier", "Dosier", "Dossiê"], 8.0),
    ("notion", ["Notion", "Notion", "Noción", "Noção"], 10.0),
    (
        "organisation",
        [
            "Organisation",
            "Organisation",
            "Organización",
            "Organização",
        ],
        12.0,
    ),
    ("mooc", ["MOOC", "MOOC", "MOOC", "MOOC"], 3.0),
];

const COMPONENT_COLOURS: [&str; 7] = [
    "#c0392b", "#e67e22", "#27ae60", "#7f8c8d", "#8e44ad", "#2980b9", "#16a085",
];
const ANGLE_ICONS: [&str; 8] = ["👥", "🏛", "🛠", "⚖", "🔭", "🔄", "🗺", "🤝"];

/// One site of this run: its description, number of records and language distribution.
#[derive(Debug)]
pub struct SitePlan {
    pub id: String,
    pub spec: &'static SiteSpec,
    pub count: usize,
    /// Weights of [`Lang::ALL`] for this site's records (zero outside its languages).
    pub lang_weights: [f64; 4],
}

impl SitePlan {
    pub fn base_url(&self) -> String {
        format!("https://{}.gen.example/", self.id)
    }

    pub fn feed_path(&self) -> String {
        format!("feeds/{}.{}", self.id, self.spec.format.extension())
    }

    pub fn default_lang(&self) -> Lang {
        self.spec.languages[0]
    }

    /// Whether this site's feed carries translation groups: it needs two languages and a
    /// `translation` field (ScrutariData has none; a CSV only with the column).
    pub fn translations(&self) -> bool {
        self.spec.languages.len() > 1
            && match self.spec.format {
                Format::Json | Format::Jsonl => true,
                Format::Csv => self.spec.columns.contains(&"translation"),
                Format::Scrutari { .. } => false,
            }
    }
}

/// The share of all resources that belong to a translation group.
pub const TRANSLATION_SHARE: f64 = 0.05;

/// The share of records to put in translation groups on the sites that can carry them, so that
/// [`TRANSLATION_SHARE`] of the whole commons is in groups.
pub fn translation_group_share(sites: &[SitePlan]) -> f64 {
    let sum: f64 = SITES.iter().map(|s| s.share).sum();
    let carrying: f64 = sites
        .iter()
        .filter(|s| s.translations())
        .map(|s| s.spec.share)
        .sum();
    if carrying == 0.0 {
        0.0
    } else {
        (TRANSLATION_SHARE * sum / carrying).min(0.5)
    }
}

/// Share `total` resources among the sites and fit their language distributions.
pub fn plan(total: usize) -> Vec<SitePlan> {
    // Largest remainder, ties to the earlier site: the counts add up to `total` exactly.
    let sum: f64 = SITES.iter().map(|s| s.share).sum();
    let exact: Vec<f64> = SITES.iter().map(|s| total as f64 * s.share / sum).collect();
    let mut counts: Vec<usize> = exact.iter().map(|x| x.floor() as usize).collect();
    let mut order: Vec<usize> = (0..SITES.len()).collect();
    order.sort_by(|&a, &b| {
        let (fa, fb) = (exact[a] - exact[a].floor(), exact[b] - exact[b].floor());
        fb.partial_cmp(&fa).unwrap().then(a.cmp(&b))
    });
    let mut left = total - counts.iter().sum::<usize>();
    for &i in order.iter().cycle() {
        if left == 0 {
            break;
        }
        counts[i] += 1;
        left -= 1;
    }

    // Iterative proportional fitting of the site × language table.
    let mut m: Vec<[f64; 4]> = SITES
        .iter()
        .map(|s| {
            let mut row = [0.0; 4];
            for (k, l) in s.languages.iter().enumerate() {
                row[l.index()] = if k == 0 { 3.0 } else { 1.0 };
            }
            row
        })
        .collect();
    for _ in 0..500 {
        for (row, s) in m.iter_mut().zip(&SITES) {
            let r: f64 = row.iter().sum();
            for x in row.iter_mut() {
                *x *= s.share / sum / r;
            }
        }
        for (l, share) in LANG_SHARES.iter().enumerate() {
            let c: f64 = m.iter().map(|row| row[l]).sum();
            for row in m.iter_mut() {
                row[l] *= share / c;
            }
        }
    }

    SITES
        .iter()
        .zip(counts)
        .zip(m)
        .enumerate()
        .map(|(i, ((spec, count), lang_weights))| SitePlan {
            id: format!("site{:02}", i + 1),
            spec,
            count,
            lang_weights,
        })
        .collect()
}

/// Escape a TOML basic string (`"…"`).
fn toml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_langs(langs: &[Lang]) -> String {
    let codes: Vec<String> = langs.iter().map(|l| toml_str(l.code())).collect();
    format!("[{}]", codes.join(", "))
}

/// Write `commons.toml`.
pub fn write_commons_toml<W: Write>(
    w: &mut W,
    sites: &[SitePlan],
    atlas: &Atlas,
    resources: usize,
    seed: u64,
) -> io::Result<()> {
    writeln!(
        w,
        "# Generated by `cargo xtask gen --resources {resources} --seed {seed}`."
    )?;
    writeln!(
        w,
        "# A synthetic commons for tests and benchmarks; see docs/COMMONS_TOML.md."
    )?;
    writeln!(w)?;
    writeln!(w, "[commons]")?;
    writeln!(
        w,
        "name = {}",
        toml_str(&format!(
            "Generated commons (seed {seed}, {resources} resources)"
        ))
    )?;
    writeln!(w, "languages = {}", toml_langs(&Lang::ALL))?;
    writeln!(w)?;
    writeln!(w, "[thesaurus]")?;
    writeln!(w, "path = \"atlas.ttl\"")?;
    writeln!(w)?;

    writeln!(w, "[[dimensions]]")?;
    writeln!(w, "id = \"components\"")?;
    writeln!(w, "collection = {}", toml_str(&format!("{BASE}components")))?;
    for (k, &f) in atlas.components.iter().enumerate() {
        writeln!(w)?;
        writeln!(
            w,
            "[dimensions.families.{}]",
            toml_str(&atlas.concepts[f].notation)
        )?;
        writeln!(w, "colour = {}", toml_str(COMPONENT_COLOURS[k]))?;
    }
    writeln!(w)?;
    writeln!(w, "[[dimensions]]")?;
    writeln!(w, "id = \"angles\"")?;
    writeln!(w, "collection = {}", toml_str(&format!("{BASE}angles")))?;
    for (k, &f) in atlas.angles.iter().enumerate() {
        writeln!(w)?;
        writeln!(
            w,
            "[dimensions.families.{}]",
            toml_str(&atlas.concepts[f].notation)
        )?;
        writeln!(w, "icon = {}", toml_str(ANGLE_ICONS[k]))?;
    }
    writeln!(w)?;
    writeln!(w, "[matrix]")?;
    writeln!(w, "rows = \"components\"")?;
    writeln!(w, "columns = \"angles\"")?;

    for (key, labels, _) in &TYPES {
        writeln!(w)?;
        writeln!(w, "[types.{key}]")?;
        for lang in Lang::ALL {
            writeln!(w, "{} = {}", lang.code(), toml_str(labels[lang.index()]))?;
        }
    }

    for site in sites {
        let spec = site.spec;
        writeln!(w)?;
        writeln!(w, "[[sites]]")?;
        writeln!(w, "id = {}", toml_str(&site.id))?;
        writeln!(w, "name = {}", toml_str(spec.name))?;
        writeln!(w, "url = {}", toml_str(&site.base_url()))?;
        writeln!(w, "languages = {}", toml_langs(spec.languages))?;
        writeln!(w, "colour = {}", toml_str(spec.colour))?;
        if spec.logo {
            writeln!(
                w,
                "logo = {}",
                toml_str(&format!("{}logo.png", site.base_url()))
            )?;
        }
        writeln!(w, "feed = {}", toml_str(&site.feed_path()))?;
        if spec.explicit_format {
            writeln!(w, "format = {}", toml_str(spec.format.toml_name()))?;
        }
        if spec.notation_mode {
            writeln!(w, "descriptors = \"notation\"")?;
        }
        if spec.keywords_table {
            writeln!(w)?;
            writeln!(w, "[sites.keywords]")?;
            for notation in atlas.descriptor_notations() {
                writeln!(
                    w,
                    "{} = {}",
                    toml_str(&format!("atlas/{notation}")),
                    toml_str(notation)
                )?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up() {
        for total in [0, 1, 7, 12, 13, 999, 5_000, 100_000] {
            let sites = plan(total);
            assert_eq!(sites.iter().map(|s| s.count).sum::<usize>(), total);
        }
        let sites = plan(100_000);
        assert_eq!(sites[0].count, 35_000);
        assert_eq!(sites[11].count, 2_000);
    }

    #[test]
    fn language_fit_matches_the_commons_shares() {
        let sites = plan(100_000);
        let mut totals = [0.0; 4];
        for s in &sites {
            let r: f64 = s.lang_weights.iter().sum();
            for (l, total) in totals.iter_mut().enumerate() {
                *total += s.count as f64 * s.lang_weights[l] / r;
                if !s.spec.languages.iter().any(|x| x.index() == l) {
                    assert_eq!(s.lang_weights[l], 0.0);
                }
            }
        }
        for (total, share) in totals.iter().zip(LANG_SHARES) {
            assert!((total / 100_000.0 - share).abs() < 0.005, "{totals:?}");
        }
    }

    #[test]
    fn formats_are_mixed() {
        let count = |f: fn(&Format) -> bool| SITES.iter().filter(|s| f(&s.format)).count();
        assert!(count(|f| *f == Format::Json) >= 2);
        assert!(count(|f| *f == Format::Jsonl) >= 2);
        assert!(count(|f| *f == Format::Csv) >= 2);
        assert_eq!(count(|f| matches!(f, Format::Scrutari { .. })), 2);
    }

    #[test]
    fn toml_strings_are_escaped() {
        assert_eq!(toml_str("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }
}
