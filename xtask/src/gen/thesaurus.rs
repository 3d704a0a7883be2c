//! `cargo xtask gen --thesaurus`: a large thesaurus shaped like those published by others.
//!
//! The sample atlas and the generated one of `cargo xtask gen` are ours: two dimensions of family
//! concepts, four languages, one Turtle file. Real thesauri differ in the ways that break an
//! importer, so this one has them all, at the sizes they come in:
//!
//! ```text
//! OUT/commons.toml                   no [[dimensions]]: the builder finds them (nested collections)
//! OUT/thesaurus/backbone.ttl         structure: collections of collections, concepts, notations,
//!                                    broader (with polyhierarchy), related, memberships
//! OUT/thesaurus/labels-LL.ttl        one file per language: preferred and alternative labels, notes
//! OUT/feeds/documents.json           resources indexed with the concepts' notations
//! ```
//!
//! The atlas has two top collections, "groups" and "themes", whose members are family
//! collections (`--families 32x40`: 32 groups × 40 themes); each group holds two microthesauri
//! (collections) whose members are the concepts at every depth (as the UNESCO Thesaurus lists
//! them), and each theme holds the top concepts filed under it directly (as GEMET does), plus a
//! few narrower ones filed in a theme of their own. Labels: English and French for every concept,
//! the other languages for a share of them, so that `--concepts 10000 --languages 30` gives about
//! 50,000 preferred labels; Cyrillic, Greek, Arabic, Han and Hangul scripts for the languages
//! that write them. Deterministic like the rest of `gen`.

use super::rng::Rng;
use super::write_file;
use std::error::Error;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;

/// Language codes, in the order `--languages N` takes them.
const LANGUAGES: [&str; 30] = [
    "en", "fr", "es", "pt", "de", "it", "nl", "pl", "ru", "ar", "zh", "ja", "ko", "el", "tr", "sv", "da", "fi", "nb",
    "cs", "hu", "ro", "bg", "hr", "sk", "sl", "lt", "lv", "et", "uk",
];

const SKOS_PREFIXES: &str = "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n@prefix t: <https://thesaurus.example.org/> .\n\n";

/// The shape asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    pub concepts: usize,
    pub languages: usize,
    pub groups: usize,
    pub themes: usize,
    pub resources: usize,
}

/// Parses `32x40`.
pub fn parse_families(text: &str) -> Result<(usize, usize), String> {
    let (a, b) = text.split_once(['x', '×']).ok_or_else(|| format!("{text:?}: expected ROWSxCOLUMNS, such as 32x40"))?;
    let n = |s: &str| s.trim().parse::<usize>().ok().filter(|&n| n > 0).ok_or_else(|| format!("{text:?}: {s:?} is not a positive number"));
    Ok((n(a)?, n(b)?))
}

struct Concept {
    group: usize,
    micro: usize,
    theme: Option<usize>,
    broader: Vec<usize>,
}

/// What one run wrote.
pub struct Written {
    pub concepts: usize,
    pub pref_labels: usize,
    pub related: usize,
    pub files: usize,
    pub bytes: u64,
}

/// Writes the thesaurus commons into `out` (which must exist).
pub fn generate(out: &Path, shape: Shape, seed: u64) -> Result<Written, Box<dyn Error>> {
    if !(2..=LANGUAGES.len()).contains(&shape.languages) {
        return Err(format!("--languages must be between 2 and {}", LANGUAGES.len()).into());
    }
    std::fs::create_dir_all(out.join("thesaurus"))?;
    std::fs::create_dir_all(out.join("feeds"))?;
    let mut rng = Rng::stream(seed, "thesaurus");
    let micros = 2;

    // The hierarchy: each concept in a group's microthesaurus; most have a broader concept of the
    // same microthesaurus, a few a second one from anywhere before them (polyhierarchy).
    let mut concepts: Vec<Concept> = Vec::with_capacity(shape.concepts);
    let mut by_micro: Vec<Vec<usize>> = vec![Vec::new(); shape.groups * micros];
    for i in 0..shape.concepts {
        let group = rng.below(shape.groups);
        let micro = rng.below(micros);
        let slot = group * micros + micro;
        let mut broader = Vec::new();
        if !by_micro[slot].is_empty() && rng.chance(0.6) {
            broader.push(rng.pick(&by_micro[slot]));
        }
        if i > 0 && rng.chance(0.05) {
            let other = rng.below(i);
            if !broader.contains(&other) {
                broader.push(other);
            }
        }
        let theme = if broader.is_empty() || rng.chance(0.1) { Some(rng.below(shape.themes)) } else { None };
        by_micro[slot].push(i);
        concepts.push(Concept { group, micro, theme, broader });
    }
    let mut related: Vec<(usize, usize)> = Vec::new();
    for _ in 0..shape.concepts * 3 / 2 {
        let (a, b) = (rng.below(shape.concepts), rng.below(shape.concepts));
        if a != b {
            related.push((a.min(b), a.max(b)));
        }
    }
    related.sort_unstable();
    related.dedup();

    let mut bytes = 0;
    let mut files = 0;
    bytes += write_file(&out.join("thesaurus/backbone.ttl"), |w| write_backbone(w, shape, &concepts, &related))?;
    files += 1;
    // The share of concepts labelled in each language beyond the first two, for about five
    // preferred labels per concept whatever the number of languages.
    let share = (3.0 / (shape.languages - 2).max(1) as f64).min(1.0);
    let mut pref_labels = 0;
    for (l, lang) in LANGUAGES.iter().take(shape.languages).enumerate() {
        let mut lang_rng = Rng::stream(seed, lang);
        let labelled: Vec<bool> = (0..shape.concepts).map(|_| l < 2 || lang_rng.chance(share)).collect();
        pref_labels += labelled.iter().filter(|&&b| b).count();
        bytes += write_file(&out.join(format!("thesaurus/labels-{lang}.ttl")), |w| {
            write_labels(w, shape, lang, &labelled, &mut lang_rng)
        })?;
        files += 1;
    }
    bytes += write_file(&out.join("feeds/documents.json"), |w| write_feed(w, shape, &mut Rng::stream(seed, "documents")))?;
    bytes += write_file(&out.join("commons.toml"), |w| {
        write!(
            w,
            "# A large thesaurus shaped like published ones: written by `cargo xtask gen --thesaurus --concepts {} --languages {} --families {}x{} --resources {} --seed {seed}`.\n\
             # No [[dimensions]]: the builder takes the two top collections (groups, themes) as dimensions and their member collections as families.\n\
             [commons]\nname = \"Generated thesaurus ({} concepts, {} languages)\"\nlanguages = [\"en\", \"fr\"]\n\n\
             [thesaurus]\npath = [\"thesaurus/backbone.ttl\", \"thesaurus/labels-*.ttl\"]\n\n\
             [[sites]]\nid = \"documents\"\nname = \"Documents\"\nurl = \"https://documents.example.org/\"\nlanguages = [\"en\", \"fr\"]\nfeed = \"feeds/documents.json\"\n",
            shape.concepts, shape.languages, shape.groups, shape.themes, shape.resources, shape.concepts, shape.languages
        )
    })?;
    files += 2;
    Ok(Written { concepts: shape.concepts, pref_labels, related: related.len(), files, bytes })
}

fn write_backbone<W: Write>(w: &mut W, shape: Shape, concepts: &[Concept], related: &[(usize, usize)]) -> io::Result<()> {
    w.write_all(SKOS_PREFIXES.as_bytes())?;
    w.write_all(b"t:scheme a skos:ConceptScheme .\n\n")?;
    let list = |ids: &mut dyn Iterator<Item = String>| ids.collect::<Vec<_>>().join(", ");
    writeln!(w, "t:groups a skos:Collection ;\n  skos:member {} .", list(&mut (0..shape.groups).map(|g| format!("t:g{g}"))))?;
    writeln!(w, "t:themes a skos:Collection ;\n  skos:member {} .\n", list(&mut (0..shape.themes).map(|t| format!("t:th{t}"))))?;
    for g in 0..shape.groups {
        writeln!(w, "t:g{g} a skos:Collection ; skos:notation \"G{:02}\" ; skos:member t:g{g}m0, t:g{g}m1 .", g + 1)?;
        for m in 0..2 {
            let members: Vec<String> =
                concepts.iter().enumerate().filter(|(_, c)| c.group == g && c.micro == m).map(|(i, _)| format!("t:c{i}")).collect();
            if members.is_empty() {
                writeln!(w, "t:g{g}m{m} a skos:Collection ; skos:notation \"G{:02}.{m}\" .", g + 1)?;
            } else {
                writeln!(w, "t:g{g}m{m} a skos:Collection ; skos:notation \"G{:02}.{m}\" ;\n  skos:member {} .", g + 1, members.join(", "))?;
            }
        }
    }
    for t in 0..shape.themes {
        let members: Vec<String> =
            concepts.iter().enumerate().filter(|(_, c)| c.theme == Some(t)).map(|(i, _)| format!("t:c{i}")).collect();
        if members.is_empty() {
            writeln!(w, "t:th{t} a skos:Collection ; skos:notation \"T{:02}\" .", t + 1)?;
        } else {
            writeln!(w, "t:th{t} a skos:Collection ; skos:notation \"T{:02}\" ;\n  skos:member {} .", t + 1, members.join(", "))?;
        }
    }
    w.write_all(b"\n")?;
    let mut related_of: Vec<Vec<usize>> = vec![Vec::new(); concepts.len()];
    for &(a, b) in related {
        related_of[a].push(b); // stated once, from one side, as many thesauri do
    }
    for (i, c) in concepts.iter().enumerate() {
        let mut line = format!("t:c{i} a skos:Concept ; skos:inScheme t:scheme ; skos:notation \"{:05}\"", i + 1);
        if !c.broader.is_empty() {
            let _ = write!(line, " ;\n  skos:broader {}", c.broader.iter().map(|b| format!("t:c{b}")).collect::<Vec<_>>().join(", "));
        }
        if !related_of[i].is_empty() {
            let _ = write!(line, " ;\n  skos:related {}", related_of[i].iter().map(|r| format!("t:c{r}")).collect::<Vec<_>>().join(", "));
        }
        writeln!(w, "{line} .")?;
    }
    Ok(())
}

fn write_labels<W: Write>(w: &mut W, shape: Shape, lang: &str, labelled: &[bool], rng: &mut Rng) -> io::Result<()> {
    w.write_all(SKOS_PREFIXES.as_bytes())?;
    let label = |rng: &mut Rng, words: usize| -> String {
        let text: Vec<String> = (0..words).map(|_| in_script(lang, &pseudo_word(rng))).collect();
        turtle_string(&text.join(" "))
    };
    for (name, n) in [("g", shape.groups), ("th", shape.themes)] {
        for i in 0..n {
            writeln!(w, "t:{name}{i} skos:prefLabel {}@{lang} .", label(rng, 2))?;
        }
    }
    writeln!(w, "t:groups skos:prefLabel {}@{lang} .\nt:themes skos:prefLabel {}@{lang} .", label(rng, 1), label(rng, 1))?;
    for g in 0..shape.groups {
        for m in 0..2 {
            writeln!(w, "t:g{g}m{m} skos:prefLabel {}@{lang} .", label(rng, 2))?;
        }
    }
    for (i, &has) in labelled.iter().enumerate() {
        if !has {
            continue;
        }
        let words = rng.range(1, 3);
        let mut line = format!("t:c{i} skos:prefLabel {}@{lang}", label(rng, words));
        if rng.chance(0.2) {
            let _ = write!(line, " ;\n  skos:altLabel {}@{lang}", label(rng, 1));
        }
        if rng.chance(0.1) {
            let _ = write!(line, " ;\n  skos:scopeNote {}@{lang}", label(rng, 8));
        }
        writeln!(w, "{line} .")?;
    }
    Ok(())
}

fn write_feed<W: Write>(w: &mut W, shape: Shape, rng: &mut Rng) -> io::Result<()> {
    w.write_all(b"[")?;
    for i in 0..shape.resources {
        let lang = if rng.chance(0.5) { "en" } else { "fr" };
        let words: Vec<String> = (0..rng.range(3, 7)).map(|_| pseudo_word(rng)).collect();
        let descriptors: Vec<String> =
            (0..rng.range(1, 3)).map(|_| format!("\"{:05}\"", rng.below(shape.concepts) + 1)).collect();
        write!(
            w,
            "{}\n  {{\"id\": \"d{i}\", \"url\": \"https://documents.example.org/{i}\", \"title\": \"{}\", \"lang\": \"{lang}\", \"descriptors\": [{}]}}",
            if i == 0 { "" } else { "," },
            words.join(" "),
            descriptors.join(", ")
        )?;
    }
    w.write_all(b"\n]\n")
}

/// A pronounceable lowercase Latin word of two to four syllables.
fn pseudo_word(rng: &mut Rng) -> String {
    const ONSETS: [&str; 16] = ["b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "tr", "pl", "st"];
    const VOWELS: [&str; 7] = ["a", "e", "i", "o", "u", "ai", "ou"];
    let mut word = String::new();
    for _ in 0..rng.range(2, 4) {
        word.push_str(rng.pick(&ONSETS));
        word.push_str(rng.pick(&VOWELS));
    }
    word
}

/// The word in the script `lang` is written in: a letter-for-letter transliteration for
/// alphabets, one character per two letters for Han and Hangul. Enough for the text to exercise
/// folding, tokenisation and direction as real labels would.
fn in_script(lang: &str, word: &str) -> String {
    let shift = |base: u32| -> String { word.chars().map(|c| char::from_u32(base + (c as u32 - 'a' as u32)).unwrap_or(c)).collect() };
    let blocks = |base: u32, span: u32| -> String {
        let bytes = word.as_bytes();
        bytes
            .chunks(2)
            .map(|pair| {
                let n = pair.iter().fold(0u32, |acc, &b| acc * 31 + u32::from(b));
                char::from_u32(base + n % span).unwrap_or('?')
            })
            .collect()
    };
    match lang {
        "ru" | "uk" | "bg" => shift(0x0430),
        "el" => shift(0x03B1),
        "ar" => shift(0x0628),
        "zh" | "ja" => blocks(0x4E00, 0x5000),
        "ko" => blocks(0xAC00, 0x2BA4),
        _ => word.to_string(),
    }
}

fn turtle_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_parse_as_rows_by_columns() {
        assert_eq!(parse_families("32x40"), Ok((32, 40)));
        assert!(parse_families("32").is_err());
        assert!(parse_families("0x4").is_err());
    }

    #[test]
    fn scripts_are_those_of_the_language() {
        assert!(in_script("ru", "tora").chars().all(|c| ('\u{0430}'..='\u{044f}').contains(&c)));
        assert!(in_script("ar", "tora").chars().all(|c| ('\u{0600}'..='\u{06ff}').contains(&c)));
        assert_eq!(in_script("zh", "tora").chars().count(), 2);
        assert_eq!(in_script("fr", "tora"), "tora");
    }
}
