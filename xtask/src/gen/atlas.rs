//! The generated relational atlas: a SKOS thesaurus shaped like CITEGO's, written as Turtle.
//!
//! The shape follows the domain (see `shared/DOMAIN.md`) so that the index builder and the widget
//! meet the same difficulties as with the real atlas:
//!
//! - two dimensions given as `skos:Collection`s: 7 components (notations `1`–`7`, real labels) and
//!   8 angles (`A`–`H`), every family a top concept of the one scheme;
//! - 1,000 descriptors in the 56 cells of the matrix, on 3 levels. A level-1 descriptor
//!   (`3B.1`) has both its component and its angle family as `skos:broader`; level 2 (`3B.12`)
//!   sits under one level 1, level 3 (`3B.121`) under one level 2;
//! - polyhierarchy: ~10% of descriptors have an extra broader in another cell, always one level up
//!   so that levels stay well defined and the graph has no cycle;
//! - ~2.4 `skos:related` pairs per descriptor, mostly between neighbours in the matrix, never
//!   between a concept and one of its ancestors (SKOS forbids it), written on both sides as
//!   thesaurus managers export them;
//! - a prefLabel in fr, en, es and pt for every concept, altLabels for ~30%, scope notes for ~10%.
//!   Labels are unique per language after folding case and accents, so that a ScrutariData
//!   keyword or a `label@lang` reference names exactly one descriptor.
//!
//! `skos:narrower` is written too (as exports do); a reader must not rely on either direction.
//! The atlas depends only on the seed.

use std::collections::BTreeSet;
use std::io::{self, Write};

use super::rng::Rng;
use super::words::{fold, Lang, Vocabulary};

/// The namespace of every IRI in the generated atlas.
pub const BASE: &str = "https://gen.atlas.example/";

#[rustfmt::skip]
const COMPONENT_LABELS: [[&str; 4]; 7] = [
    ["Société et territoire", "Society and territory", "Sociedad y territorio", "Sociedade e território"],
    ["Économie et territoire", "Economy and territory", "Economía y territorio", "Economia e território"],
    ["Écosystèmes territoriaux", "Territorial ecosystems", "Ecosistemas territoriales", "Ecossistemas territoriais"],
    ["Équipements et réseaux", "Equipment and networks", "Equipamientos y redes", "Equipamentos e redes"],
    ["Capital culturel et immatériel", "Cultural and intangible capital", "Capital cultural e inmaterial", "Capital cultural e imaterial"],
    ["Organisation de l'espace", "Organisation of space", "Organización del espacio", "Organização do espaço"],
    ["Flux", "Flows", "Flujos", "Fluxos"],
];

#[rustfmt::skip]
const ANGLE_LABELS: [[&str; 4]; 8] = [
    ["Acteurs", "Actors", "Actores", "Atores"],
    ["Domaines et politiques", "Domains and policies", "Ámbitos y políticas", "Domínios e políticas"],
    ["Moyens et outils", "Means and tools", "Medios y herramientas", "Meios e ferramentas"],
    ["Principes", "Principles", "Principios", "Princípios"],
    ["Échelles de gouvernance", "Scales of governance", "Escalas de gobernanza", "Escalas de governança"],
    ["Dynamiques", "Dynamics", "Dinámicas", "Dinâmicas"],
    ["Types de territoire", "Types of territory", "Tipos de territorio", "Tipos de território"],
    ["Relations et coopérations", "Relations and cooperation", "Relaciones y cooperaciones", "Relações e cooperações"],
];

const SCHEME_LABELS: [&str; 4] = [
    "Atlas relationnel généré",
    "Generated relational atlas",
    "Atlas relacional generado",
    "Atlas relacional gerado",
];
const COMPONENTS_TITLE: [&str; 4] = [
    "Composantes du territoire",
    "Components of the territory",
    "Componentes del territorio",
    "Componentes do território",
];
const ANGLES_TITLE: [&str; 4] = [
    "Angles d'approche de la gouvernance",
    "Angles of approach to governance",
    "Ángulos de enfoque de la gobernanza",
    "Ângulos de abordagem da governança",
];

/// The number of descriptors of the generated atlas.
pub const TARGET_DESCRIPTORS: usize = 1_000;

pub const ANGLE_LETTERS: [char; 8] = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];

/// One concept: a family (level 0) or a descriptor (levels 1–3).
#[derive(Debug)]
pub struct Concept {
    /// The IRI without [`BASE`].
    pub local: String,
    pub notation: String,
    pub level: u8,
    /// Component (0–6) and angle (0–7) of the concept's home cell; a family has only one.
    pub component: Option<usize>,
    pub angle: Option<usize>,
    /// Preferred labels, indexed by [`Lang::index`].
    pub pref: [String; 4],
    pub alt: [Vec<String>; 4],
    pub scope: Option<[String; 4]>,
    pub broader: Vec<usize>,
    pub narrower: Vec<usize>,
    pub related: Vec<usize>,
}

impl Concept {
    pub fn iri(&self) -> String {
        format!("{BASE}{}", self.local)
    }
}

/// The whole generated thesaurus.
#[derive(Debug)]
pub struct Atlas {
    pub concepts: Vec<Concept>,
    /// Indices of the 7 component families.
    pub components: Vec<usize>,
    /// Indices of the 8 angle families.
    pub angles: Vec<usize>,
    /// Indices of the descriptors, in notation order within each cell.
    pub descriptors: Vec<usize>,
    pub related_pairs: usize,
    pub polyhierarchy: usize,
}

/// Labels already used, folded, per language.
struct Taken([BTreeSet<String>; 4]);

impl Taken {
    fn claim(&mut self, lang: Lang, label: &str) -> bool {
        self.0[lang.index()].insert(fold(label))
    }

    fn fresh(&mut self, rng: &mut Rng, vocab: &Vocabulary) -> String {
        loop {
            let label = vocab.label(rng);
            if self.claim(vocab.lang, &label) {
                return label;
            }
        }
    }
}

impl Atlas {
    /// Build the atlas of the run seeded with `seed`.
    pub fn generate(seed: u64, vocab: &[Vocabulary; 4]) -> Atlas {
        let mut rng = Rng::stream(seed, "atlas");
        let mut taken = Taken(Default::default());
        let mut concepts: Vec<Concept> = Vec::with_capacity(1_100);

        let family = |local: String, notation: String, labels: &[&str; 4], c, a| Concept {
            local,
            notation,
            level: 0,
            component: c,
            angle: a,
            pref: labels.map(str::to_string),
            alt: Default::default(),
            scope: None,
            broader: Vec::new(),
            narrower: Vec::new(),
            related: Vec::new(),
        };
        let mut components = Vec::new();
        for (i, labels) in COMPONENT_LABELS.iter().enumerate() {
            components.push(concepts.len());
            concepts.push(family(
                format!("component-{}", i + 1),
                (i + 1).to_string(),
                labels,
                Some(i),
                None,
            ));
        }
        let mut angles = Vec::new();
        for (i, labels) in ANGLE_LABELS.iter().enumerate() {
            angles.push(concepts.len());
            concepts.push(family(
                format!("angle-{}", ANGLE_LETTERS[i]),
                ANGLE_LETTERS[i].to_string(),
                labels,
                None,
                Some(i),
            ));
        }
        for c in &concepts {
            for lang in Lang::ALL {
                taken.claim(lang, &c.pref[lang.index()]);
            }
        }

        // The shape first: 1–4 level-1 descriptors per cell, 1–4 level-2 under each, then the
        // level-3 descriptors spread at random under the level-2 ones (0 to 9 each) so that the
        // atlas has exactly TARGET_DESCRIPTORS descriptors whatever the seed.
        let mut shape: Vec<Vec<Vec<usize>>> = Vec::with_capacity(56); // cell → l1 → l2 → n3
        for _ in 0..components.len() * angles.len() {
            let n1 = rng.range(1, 4);
            shape.push((0..n1).map(|_| vec![0; rng.range(1, 4)]).collect());
        }
        let upper: usize = shape
            .iter()
            .map(|cell| cell.len() + cell.iter().map(Vec::len).sum::<usize>())
            .sum();
        let mut slots: Vec<&mut usize> = shape.iter_mut().flatten().flatten().collect();
        for _ in upper..TARGET_DESCRIPTORS {
            let open: Vec<usize> = (0..slots.len()).filter(|&i| *slots[i] < 9).collect();
            if open.is_empty() {
                break;
            }
            *slots[rng.pick(&open)] += 1;
        }

        // Then the concepts, cell by cell, depth first: 3B.1, 3B.11, 3B.111, 3B.112, 3B.12, …
        let mut descriptors = Vec::new();
        let mut by_level: [Vec<usize>; 4] = Default::default();
        let mut new_descriptor = |concepts: &mut Vec<Concept>,
                                  rng: &mut Rng,
                                  notation: String,
                                  level: u8,
                                  cell: (usize, usize),
                                  broader: Vec<usize>| {
            let d = push_descriptor(
                concepts, rng, &mut taken, vocab, notation, level, cell.0, cell.1,
            );
            concepts[d].broader = broader;
            descriptors.push(d);
            by_level[usize::from(level)].push(d);
            d
        };
        for (k, cell_shape) in shape.iter().enumerate() {
            let (ci, ai) = (k / angles.len(), k % angles.len());
            let cell = format!("{}{}", ci + 1, ANGLE_LETTERS[ai]);
            for (k1, l1_shape) in cell_shape.iter().enumerate() {
                let n1 = format!("{cell}.{}", k1 + 1);
                let l1 = new_descriptor(
                    &mut concepts,
                    &mut rng,
                    n1.clone(),
                    1,
                    (ci, ai),
                    vec![components[ci], angles[ai]],
                );
                for (k2, &n3) in l1_shape.iter().enumerate() {
                    let n2 = format!("{n1}{}", k2 + 1);
                    let l2 =
                        new_descriptor(&mut concepts, &mut rng, n2.clone(), 2, (ci, ai), vec![l1]);
                    for k3 in 1..=n3 {
                        new_descriptor(
                            &mut concepts,
                            &mut rng,
                            format!("{n2}{k3}"),
                            3,
                            (ci, ai),
                            vec![l2],
                        );
                    }
                }
            }
        }

        // Polyhierarchy: an extra parent one level up, in another cell.
        let mut polyhierarchy = 0;
        for &d in &descriptors {
            if !rng.chance(0.10) {
                continue;
            }
            let (ci, ai) = (concepts[d].component.unwrap(), concepts[d].angle.unwrap());
            let extra = match concepts[d].level {
                1 => {
                    if rng.chance(0.5) {
                        components[(ci + rng.range(1, 6)) % 7]
                    } else {
                        angles[(ai + rng.range(1, 7)) % 8]
                    }
                }
                level => loop {
                    let p = rng.pick(&by_level[usize::from(level) - 1]);
                    if concepts[p].component != Some(ci) || concepts[p].angle != Some(ai) {
                        break p;
                    }
                },
            };
            if !concepts[d].broader.contains(&extra) {
                concepts[d].broader.push(extra);
                polyhierarchy += 1;
            }
        }
        for i in 0..concepts.len() {
            for b in concepts[i].broader.clone() {
                concepts[b].narrower.push(i);
            }
        }

        // Related pairs, mostly between descriptors of the same component or angle.
        let mut by_component: Vec<Vec<usize>> = vec![Vec::new(); 7];
        let mut by_angle: Vec<Vec<usize>> = vec![Vec::new(); 8];
        for &d in &descriptors {
            by_component[concepts[d].component.unwrap()].push(d);
            by_angle[concepts[d].angle.unwrap()].push(d);
        }
        let target = (descriptors.len() * 12).div_ceil(5);
        let mut pairs: BTreeSet<(usize, usize)> = BTreeSet::new();
        let mut attempts = 0;
        while pairs.len() < target && attempts < target * 50 {
            attempts += 1;
            let a = rng.pick(&descriptors);
            let b = match rng.weighted(&[0.5, 0.25, 0.25]) {
                0 => rng.pick(&by_component[concepts[a].component.unwrap()]),
                1 => rng.pick(&by_angle[concepts[a].angle.unwrap()]),
                _ => rng.pick(&descriptors),
            };
            if a == b || is_ancestor(&concepts, a, b) || is_ancestor(&concepts, b, a) {
                continue;
            }
            if pairs.insert((a.min(b), a.max(b))) {
                concepts[a].related.push(b);
                concepts[b].related.push(a);
            }
        }

        Atlas {
            related_pairs: pairs.len(),
            concepts,
            components,
            angles,
            descriptors,
            polyhierarchy,
        }
    }

    /// The notation of every descriptor, in output order.
    pub fn descriptor_notations(&self) -> impl Iterator<Item = &str> {
        self.descriptors
            .iter()
            .map(|&d| self.concepts[d].notation.as_str())
    }

    /// Write the atlas as Turtle.
    pub fn write_turtle<W: Write>(&self, w: &mut W, seed: u64) -> io::Result<()> {
        writeln!(
            w,
            "# Generated by `cargo xtask gen --seed {seed}`: a synthetic relational atlas."
        )?;
        writeln!(
            w,
            "# {} families, {} descriptors ({} with an extra parent), {} related pairs.",
            self.components.len() + self.angles.len(),
            self.descriptors.len(),
            self.polyhierarchy,
            self.related_pairs
        )?;
        writeln!(w, "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .")?;
        writeln!(w, "@prefix atlas: <{BASE}> .")?;
        writeln!(w)?;

        writeln!(w, "atlas:scheme a skos:ConceptScheme ;")?;
        write_labels(w, "skos:prefLabel", &SCHEME_LABELS.map(str::to_string))?;
        write_refs(
            w,
            "skos:hasTopConcept",
            self.components.iter().chain(&self.angles),
            &self.concepts,
        )?;
        writeln!(w, "    .")?;
        writeln!(w)?;

        for (local, title, members) in [
            ("components", &COMPONENTS_TITLE, &self.components),
            ("angles", &ANGLES_TITLE, &self.angles),
        ] {
            writeln!(w, "atlas:{local} a skos:Collection ;")?;
            write_labels(w, "skos:prefLabel", &title.map(str::to_string))?;
            write_refs(w, "skos:member", members.iter(), &self.concepts)?;
            writeln!(w, "    .")?;
            writeln!(w)?;
        }

        for &f in self.components.iter().chain(&self.angles) {
            self.write_concept(w, f, true)?;
        }
        for &d in &self.descriptors {
            self.write_concept(w, d, false)?;
        }
        Ok(())
    }

    fn write_concept<W: Write>(&self, w: &mut W, i: usize, top: bool) -> io::Result<()> {
        let c = &self.concepts[i];
        writeln!(w, "atlas:{} a skos:Concept ;", c.local)?;
        writeln!(w, "    skos:inScheme atlas:scheme ;")?;
        if top {
            writeln!(w, "    skos:topConceptOf atlas:scheme ;")?;
        }
        writeln!(w, "    skos:notation \"{}\" ;", turtle_escape(&c.notation))?;
        write_labels(w, "skos:prefLabel", &c.pref)?;
        let alts: Vec<(Lang, &String)> = Lang::ALL
            .iter()
            .flat_map(|&l| c.alt[l.index()].iter().map(move |a| (l, a)))
            .collect();
        if !alts.is_empty() {
            write!(w, "    skos:altLabel ")?;
            for (k, (lang, label)) in alts.iter().enumerate() {
                if k > 0 {
                    write!(w, " , ")?;
                }
                write!(w, "\"{}\"@{}", turtle_escape(label), lang.code())?;
            }
            writeln!(w, " ;")?;
        }
        if let Some(notes) = &c.scope {
            write_labels(w, "skos:scopeNote", notes)?;
        }
        write_refs(w, "skos:broader", c.broader.iter(), &self.concepts)?;
        write_refs(w, "skos:narrower", c.narrower.iter(), &self.concepts)?;
        write_refs(w, "skos:related", c.related.iter(), &self.concepts)?;
        writeln!(w, "    .")?;
        writeln!(w)
    }
}

#[allow(clippy::too_many_arguments)]
fn push_descriptor(
    concepts: &mut Vec<Concept>,
    rng: &mut Rng,
    taken: &mut Taken,
    vocab: &[Vocabulary; 4],
    notation: String,
    level: u8,
    ci: usize,
    ai: usize,
) -> usize {
    let pref = Lang::ALL.map(|l| taken.fresh(rng, &vocab[l.index()]));
    let mut alt: [Vec<String>; 4] = Default::default();
    if rng.chance(0.30) {
        for l in Lang::ALL {
            if rng.chance(0.85) {
                let n = if rng.chance(0.25) { 2 } else { 1 };
                for _ in 0..n {
                    alt[l.index()].push(taken.fresh(rng, &vocab[l.index()]));
                }
            }
        }
    }
    let scope = if rng.chance(0.10) {
        Some(Lang::ALL.map(|l| {
            let n = rng.range(10, 25);
            vocab[l.index()].paragraph(rng, n)
        }))
    } else {
        None
    };
    concepts.push(Concept {
        local: format!("d{}", notation.replace('.', "-")),
        notation,
        level,
        component: Some(ci),
        angle: Some(ai),
        pref,
        alt,
        scope,
        broader: Vec::new(),
        narrower: Vec::new(),
        related: Vec::new(),
    });
    concepts.len() - 1
}

/// Whether `a` is a (transitive) broader concept of `b`.
fn is_ancestor(concepts: &[Concept], a: usize, b: usize) -> bool {
    concepts[b]
        .broader
        .iter()
        .any(|&p| p == a || is_ancestor(concepts, a, p))
}

fn write_labels<W: Write>(w: &mut W, predicate: &str, labels: &[String; 4]) -> io::Result<()> {
    write!(w, "    {predicate} ")?;
    for lang in Lang::ALL {
        if lang.index() > 0 {
            write!(w, " , ")?;
        }
        write!(
            w,
            "\"{}\"@{}",
            turtle_escape(&labels[lang.index()]),
            lang.code()
        )?;
    }
    writeln!(w, " ;")
}

fn write_refs<'a, W: Write>(
    w: &mut W,
    predicate: &str,
    targets: impl Iterator<Item = &'a usize>,
    concepts: &[Concept],
) -> io::Result<()> {
    let mut first = true;
    for &t in targets {
        if first {
            write!(w, "    {predicate} ")?;
            first = false;
        } else {
            write!(w, " , ")?;
        }
        write!(w, "atlas:{}", concepts[t].local)?;
    }
    if !first {
        writeln!(w, " ;")?;
    }
    Ok(())
}

/// Escape a Turtle short string (`"…"`).
pub fn turtle_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> [Vocabulary; 4] {
        Lang::ALL.map(|l| Vocabulary::new(11, l))
    }

    #[test]
    fn atlas_has_the_requested_shape() {
        let atlas = Atlas::generate(11, &vocab());
        assert_eq!(atlas.components.len(), 7);
        assert_eq!(atlas.angles.len(), 8);
        let n = atlas.descriptors.len();
        assert_eq!(n, TARGET_DESCRIPTORS);
        assert!(
            atlas.related_pairs * 10 >= n * 23,
            "{} related pairs",
            atlas.related_pairs
        );
        assert!(
            (n / 20..n / 6).contains(&atlas.polyhierarchy),
            "{}",
            atlas.polyhierarchy
        );

        let mut notations = BTreeSet::new();
        for &d in &atlas.descriptors {
            let c = &atlas.concepts[d];
            assert!(
                notations.insert(c.notation.clone()),
                "duplicate notation {}",
                c.notation
            );
            let (cell, rest) = c.notation.split_once('.').unwrap();
            assert_eq!(cell.len(), 2);
            assert_eq!(rest.len(), usize::from(c.level));
            for &b in &c.broader {
                assert!(
                    atlas.concepts[b].level + 1 == c.level,
                    "{} under {}",
                    c.notation,
                    atlas.concepts[b].notation
                );
            }
            if c.level == 1 {
                assert!(c.broader.len() >= 2);
            }
        }
    }

    #[test]
    fn labels_are_unique_per_language() {
        let atlas = Atlas::generate(3, &vocab());
        for lang in Lang::ALL {
            let mut seen = BTreeSet::new();
            for c in &atlas.concepts {
                for l in std::iter::once(&c.pref[lang.index()]).chain(&c.alt[lang.index()]) {
                    assert!(seen.insert(fold(l)), "{l} twice in {lang:?}");
                }
            }
        }
    }

    #[test]
    fn turtle_is_written() {
        let atlas = Atlas::generate(5, &vocab());
        let mut out = Vec::new();
        atlas.write_turtle(&mut out, 5).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("atlas:components a skos:Collection"));
        assert_eq!(
            text.matches(" a skos:Concept ;").count(),
            atlas.concepts.len()
        );
        assert_eq!(turtle_escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
