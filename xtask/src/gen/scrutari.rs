//! ScrutariData feeds: the XML format the network already exchanges (`shared/SCRUTARIDATA.md`).
//!
//! A base is written in the customary order — `base-metadata`, the corpora with their fiches,
//! the keyword thesaurus, then one `indexation-group` per corpus — so the fiche ↔ keyword links
//! (three small numbers each) are kept until the corpora are written; the fiches themselves are
//! streamed. As FEEDS.md maps it:
//!
//! - the aggregator has one corpus per resource type, so the type comes from the corpus name; the
//!   other base has a single corpus and an `sct:type` attribute on each fiche;
//! - the summary and the place are the `complement`s labelled "Résumé/Abstract/Resumen/Resumo"
//!   and "Lieu/Place/Lugar". Complements are positional, so a fiche with a place but no summary
//!   carries an empty first `<complement/>`;
//! - authors are `attr ns="sct" key="authors"` values; one base uses `href`s relative to the
//!   corpus' `href-parent`;
//! - the thesaurus `atlas` has one `motcle` per descriptor whose `motcle-id` is the descriptor's
//!   notation and whose labels are its preferred labels (unique per language), so a keyword maps
//!   to its descriptor by label, or by the site's `[sites.keywords]` table when it has one;
//! - weights are `poids`, left out when 1, as the reference exporter does.
//!
//! ScrutariData has no translation field and no country, so those are not generated here. Text
//! is escaped for the five XML entities and nothing else.

use std::io::{self, Write};

use super::feeds::{Resource, SiteGen};
use super::sites::{SitePlan, TYPES};
use super::words::Lang;

/// Escape the five XML entities (valid in text and in attribute values).
pub fn xml_escape(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

fn libs<W: Write>(w: &mut W, tag: &str, labels: [&str; 4], indent: &str) -> io::Result<()> {
    write!(w, "{indent}<{tag}>")?;
    for lang in Lang::ALL {
        write!(
            w,
            "<lib xml:lang=\"{}\">{}</lib>",
            lang.code(),
            xml_escape(labels[lang.index()])
        )?;
    }
    writeln!(w, "</{tag}>")
}

const CORPUS_TITLES: [[&str; 4]; 7] = [
    ["Expériences", "Experiences", "Experiencias", "Experiências"],
    ["Analyses", "Analyses", "Análisis", "Análises"],
    ["Propositions", "Proposals", "Propuestas", "Propostas"],
    ["Dossiers", "Dossiers", "Dosieres", "Dossiês"],
    ["Notions", "Notions", "Nociones", "Noções"],
    [
        "Organisations",
        "Organisations",
        "Organizaciones",
        "Organizações",
    ],
    ["MOOC", "MOOCs", "MOOC", "MOOC"],
];

/// Write one ScrutariData base with `gen.site.count` fiches.
pub fn write_scrutari<W: Write>(
    w: &mut W,
    gen: &mut SiteGen,
    site: &SitePlan,
    by_type: bool,
    relative_href: bool,
) -> io::Result<()> {
    let base = site.base_url();
    let host = base.trim_start_matches("https://").trim_end_matches('/');
    writeln!(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(w, "<base>")?;
    writeln!(w, "  <base-metadata>")?;
    writeln!(w, "    <authority>{}</authority>", xml_escape(host))?;
    writeln!(w, "    <base-name>{}</base-name>", xml_escape(&site.id))?;
    writeln!(
        w,
        "    <base-icon>{}icon16.png</base-icon>",
        xml_escape(&base)
    )?;
    writeln!(
        w,
        "    <intitule-short><lib xml:lang=\"{}\">{}</lib></intitule-short>",
        site.default_lang().code(),
        xml_escape(site.spec.name)
    )?;
    write!(w, "    <langs-ui>")?;
    for l in site.spec.languages {
        write!(w, "<lang>{}</lang>", l.code())?;
    }
    writeln!(w, "</langs-ui>")?;
    writeln!(w, "  </base-metadata>")?;

    // The corpora: one per type, or a single one. Counts per type are drawn first so that each
    // corpus can be streamed whole.
    let corpora: Vec<(String, Option<&'static str>, [&str; 4], usize)> = if by_type {
        let mut counts = [0usize; TYPES.len()];
        for _ in 0..site.count {
            let t = gen.draw_type();
            counts[TYPES.iter().position(|x| x.0 == t).unwrap()] += 1;
        }
        TYPES
            .iter()
            .zip(counts)
            .enumerate()
            .map(|(k, (t, n))| (t.0.to_string(), Some(t.0), CORPUS_TITLES[k], n))
            .collect()
    } else {
        vec![(
            "fiches".to_string(),
            None,
            ["Fiches", "Records", "Fichas", "Fichas"],
            site.count,
        )]
    };

    // (corpus, fiche number, concept, weight)
    let mut links: Vec<(u8, u32, u32, u8)> = Vec::new();
    for (k, (corpus, rtype, titles, n)) in corpora.iter().enumerate() {
        let parent = format!("{base}{corpus}/");
        writeln!(w, "  <corpus corpus-name=\"{}\">", xml_escape(corpus))?;
        writeln!(w, "    <corpus-metadata>")?;
        libs(w, "intitule-corpus", *titles, "      ")?;
        libs(
            w,
            "intitule-fiche",
            ["Fiche n°", "Record #", "Ficha n°", "Ficha n°"],
            "      ",
        )?;
        writeln!(
            w,
            "      <href-parent>{}</href-parent>",
            xml_escape(&parent)
        )?;
        libs(
            w,
            "complement-metadata",
            ["Résumé", "Abstract", "Resumen", "Resumo"],
            "      ",
        )?;
        libs(
            w,
            "complement-metadata",
            ["Lieu", "Place", "Lugar", "Lugar"],
            "      ",
        )?;
        writeln!(w, "    </corpus-metadata>")?;
        for _ in 0..*n {
            // Fiche types are fixed by the corpus, or drawn and carried by `sct:type`.
            let r = gen.next(*rtype, false);
            write_fiche(w, &r, &parent, relative_href, !by_type)?;
            for &(d, weight) in &r.descriptors {
                links.push((k as u8, r.seq as u32, d as u32, weight));
            }
        }
        writeln!(w, "  </corpus>")?;
    }

    let atlas = gen.atlas();
    writeln!(w, "  <thesaurus thesaurus-name=\"atlas\">")?;
    writeln!(w, "    <thesaurus-metadata>")?;
    libs(
        w,
        "intitule-thesaurus",
        [
            "Atlas relationnel",
            "Relational atlas",
            "Atlas relacional",
            "Atlas relacional",
        ],
        "      ",
    )?;
    writeln!(w, "    </thesaurus-metadata>")?;
    for &d in &atlas.descriptors {
        let c = &atlas.concepts[d];
        write!(w, "    <motcle motcle-id=\"{}\">", xml_escape(&c.notation))?;
        for lang in Lang::ALL {
            write!(
                w,
                "<lib xml:lang=\"{}\">{}</lib>",
                lang.code(),
                xml_escape(&c.pref[lang.index()])
            )?;
        }
        writeln!(w, "</motcle>")?;
    }
    writeln!(w, "  </thesaurus>")?;

    for (k, (corpus, ..)) in corpora.iter().enumerate() {
        writeln!(
            w,
            "  <indexation-group corpus-path=\"{}\" thesaurus-path=\"atlas\">",
            xml_escape(corpus)
        )?;
        for &(_, fiche, d, weight) in links.iter().filter(|l| usize::from(l.0) == k) {
            let notation = xml_escape(&atlas.concepts[d as usize].notation);
            if weight > 1 {
                writeln!(w, "    <indexation fiche-id=\"{fiche}\" motcle-id=\"{notation}\" poids=\"{weight}\"/>")?;
            } else {
                writeln!(
                    w,
                    "    <indexation fiche-id=\"{fiche}\" motcle-id=\"{notation}\"/>"
                )?;
            }
        }
        writeln!(w, "  </indexation-group>")?;
    }
    writeln!(w, "</base>")
}

/// `type_attr`: carry the type as `sct:type` (when the corpus name does not give it).
fn write_fiche<W: Write>(
    w: &mut W,
    r: &Resource,
    parent: &str,
    relative_href: bool,
    type_attr: bool,
) -> io::Result<()> {
    writeln!(w, "    <fiche fiche-id=\"{}\">", r.seq)?;
    writeln!(w, "      <titre>{}</titre>", xml_escape(&r.title))?;
    if let Some(s) = &r.subtitle {
        writeln!(w, "      <soustitre>{}</soustitre>", xml_escape(s))?;
    }
    if let Some(d) = &r.date {
        writeln!(w, "      <date>{d}</date>")?;
    }
    writeln!(w, "      <lang>{}</lang>", r.lang.code())?;
    if relative_href {
        writeln!(w, "      <href>{}.html</href>", r.seq)?;
    } else {
        writeln!(w, "      <href>{}{}.html</href>", xml_escape(parent), r.seq)?;
    }
    match (&r.summary, r.place) {
        (Some(s), place) => {
            writeln!(w, "      <complement>{}</complement>", xml_escape(s))?;
            if let Some(p) = place {
                writeln!(w, "      <complement>{}</complement>", xml_escape(p))?;
            }
        }
        (None, Some(p)) => {
            writeln!(w, "      <complement/>")?;
            writeln!(w, "      <complement>{}</complement>", xml_escape(p))?;
        }
        (None, None) => {}
    }
    if !r.authors.is_empty() {
        write!(w, "      <attr ns=\"sct\" key=\"authors\">")?;
        for a in &r.authors {
            write!(w, "<val>{}</val>", xml_escape(a))?;
        }
        writeln!(w, "</attr>")?;
    }
    if let (true, Some(t)) = (type_attr, r.rtype) {
        writeln!(
            w,
            "      <attr ns=\"sct\" key=\"type\"><val>{t}</val></attr>"
        )?;
    }
    writeln!(w, "    </fiche>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_entities() {
        assert_eq!(xml_escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert!(matches!(
            xml_escape("plain é"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
