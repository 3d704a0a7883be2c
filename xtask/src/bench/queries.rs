//! The seeded query mix of the latency measurement.
//!
//! A median over one kind of query says little: a frequent word walks long posting lists, a
//! typo scans every term sharing its first two letters, a family selection touches a tenth of
//! the commons, and a filter adds a pass over the facets. So the mix interleaves every kind the
//! widget sends, in fixed proportions ([`PATTERN`]), with words and atlas entries drawn by our
//! own seeded generator: the same index and seed always give the same queries, and the numbers of
//! two runs compare.
//!
//! Words come from two places: a short list of real words of the domain in each language (the
//! generator's word lists are private to it, and its determinism must not depend on the
//! benchmark, so a few are copied here), which are frequent in the generated text and so are the
//! heavy queries; and terms sampled from the index itself, the long tail of rarer words.

use commons_atlas::format::manifest::Manifest;
use commons_atlas::model::{Cell, ConceptId, Lang, Role, Thesaurus};
use commons_atlas::engine::{Query, Selection};
use commons_atlas::text::{fold, Language};
use std::collections::BTreeSet;

/// What a query of the mix exercises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// One complete word (trailing space).
    Word,
    /// Two complete words of one language.
    TwoWords,
    /// A word still being typed: no trailing space, 3 letters or more.
    Prefix,
    /// One edit (substitution, deletion, insertion or transposition) past the first two letters
    /// of a word of five letters or more.
    Typo,
    /// A descriptor or family chosen in the atlas, with the dimension it was chosen in.
    Selection,
    /// A matrix cell.
    Cell,
    /// Words with an atlas selection or a cell, and a site and/or language filter.
    Combined,
    /// No text and no selection: the widget's first screen (every count over every resource).
    Browse,
}

impl Kind {
    pub const ALL: [Kind; 8] =
        [Kind::Word, Kind::TwoWords, Kind::Prefix, Kind::Typo, Kind::Selection, Kind::Cell, Kind::Combined, Kind::Browse];

    pub fn label(self) -> &'static str {
        match self {
            Kind::Word => "one word",
            Kind::TwoWords => "two words",
            Kind::Prefix => "prefix (being typed)",
            Kind::Typo => "typo (one edit)",
            Kind::Selection => "descriptor or family selection",
            Kind::Cell => "matrix cell",
            Kind::Combined => "words + atlas + site/language filters",
            Kind::Browse => "no text (first screen)",
        }
    }
}

/// The proportions of the mix: query `i` is of kind `PATTERN[i % 20]`.
pub const PATTERN: [Kind; 20] = {
    use Kind::*;
    [
        Word, TwoWords, Prefix, Selection, Combined, Word, Typo, Cell, Prefix, TwoWords, //
        Word, Combined, Selection, Prefix, Typo, Cell, Word, TwoWords, Combined, Browse,
    ]
};

/// Real words of the domain, as the generator mixes them into its text (a few of its lists).
const REAL_WORDS: [(&str, &[&str]); 4] = [
    (
        "fr",
        &[
            "territoire", "énergie", "coopérative", "gouvernance", "transition", "économie", "solidaire", "habitat",
            "logement", "agriculture", "alimentation", "forêt", "biodiversité", "climat", "mobilité", "quartier",
            "démocratie", "budget", "association", "réseau", "patrimoine", "monnaie", "foncier", "déchets",
            "recyclage", "développement", "résilience", "communs", "urbanisme", "concertation",
        ],
    ),
    (
        "en",
        &[
            "territory", "energy", "cooperative", "governance", "housing", "food", "water", "forest", "climate",
            "mobility", "neighbourhood", "democracy", "budget", "network", "heritage", "money", "land", "waste",
            "recycling", "development", "resilience", "commons", "planning", "participation",
        ],
    ),
    (
        "es",
        &[
            "territorio", "energía", "cooperativa", "gobernanza", "vivienda", "agua", "bosque", "clima", "barrio",
            "democracia", "presupuesto", "patrimonio", "moneda", "tierra", "residuos", "desarrollo", "comunes",
            "planificación", "ciudadanía", "soberanía",
        ],
    ),
    (
        "pt",
        &[
            "território", "energia", "cooperativa", "governança", "moradia", "água", "floresta", "clima", "bairro",
            "democracia", "orçamento", "patrimônio", "moeda", "terra", "resíduos", "desenvolvimento", "comuns",
            "cidadania", "favela", "mutirão",
        ],
    ),
];

/// Terms sampled from the index at most.
const INDEX_TERMS: usize = 400;
/// Share of words drawn from the real-word list, in percent (the rest from the index's terms).
const REAL_SHARE: u64 = 70;

/// A word of the mix, with the language a visitor typing it would have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub lang: Lang,
}

/// What the mix draws from: words, and the atlas and filters of one index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Material {
    pub real: Vec<Word>,
    pub terms: Vec<Word>,
    /// Descriptors and families, each with the dimension of one of its families.
    pub selections: Vec<Selection>,
    pub cells: Vec<Cell>,
    pub sites: u16,
    pub languages: Vec<Lang>,
}

impl Material {
    /// The material of an index: `terms` are candidate index terms with the languages they occur
    /// in (bits of `Language::index`), in any order.
    pub fn new(manifest: &Manifest, terms: Vec<(String, u8)>) -> Material {
        let lang = |code: &str| Lang::parse(code).expect("a valid language code");
        let real = REAL_WORDS
            .iter()
            .flat_map(|(code, words)| words.iter().map(move |w| Word { text: (*w).to_string(), lang: lang(code) }))
            .collect();
        // A deterministic, evenly spread sample of the candidates, whatever order they came in.
        let mut terms: Vec<(String, u8)> = terms.into_iter().collect::<BTreeSet<_>>().into_iter().collect();
        let stride = terms.len().div_ceil(INDEX_TERMS).max(1);
        terms = terms.into_iter().step_by(stride).collect();
        let terms = terms
            .into_iter()
            .filter_map(|(text, langs)| {
                let language = Language::ALL.into_iter().find(|l| langs & (1 << l.index()) != 0)?;
                Some(Word { text, lang: lang(language.code()) })
            })
            .collect();
        Material {
            real,
            terms,
            selections: selections(&manifest.thesaurus),
            cells: manifest.thesaurus.concepts.iter().flat_map(|c| c.cells.iter().copied()).collect::<BTreeSet<_>>().into_iter().collect(),
            sites: manifest.sites.len() as u16,
            languages: manifest.languages.clone(),
        }
    }
}

/// Every concept that can be selected, with the dimension of one of its families (the first).
fn selections(thesaurus: &Thesaurus) -> Vec<Selection> {
    thesaurus
        .concepts
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let dimension = c.families.iter().find_map(|&f| match thesaurus.concept(f).role {
                Role::Family { dimension } => Some(dimension),
                Role::Descriptor { .. } => None,
            })?;
            Some(Selection { concept: ConceptId(i as u32), dimension })
        })
        .collect()
}

/// One query of the mix.
#[derive(Clone, Debug, PartialEq)]
pub struct Planned {
    pub kind: Kind,
    pub query: Query,
}

/// SplitMix64: small, seeded, and ours, so that the mix never changes with a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn percent(&mut self, p: u64) -> bool {
        self.next() % 100 < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            Some(&items[self.below(items.len())])
        }
    }
}

/// `n` queries, page size 20, the same for the same material and seed.
pub fn mix(material: &Material, n: usize, seed: u64) -> Vec<Planned> {
    let mut rng = Rng(seed);
    (0..n).map(|i| plan(material, PATTERN[i % PATTERN.len()], &mut rng)).collect()
}

fn plan(m: &Material, kind: Kind, rng: &mut Rng) -> Planned {
    let mut q = Query { page_size: 20, ..Query::default() };
    let word = |rng: &mut Rng| -> Word {
        let pool = if m.terms.is_empty() || rng.percent(REAL_SHARE) { &m.real } else { &m.terms };
        rng.pick(pool).cloned().expect("the real-word list is never empty")
    };
    // A second word in the same language as the first, when there is one.
    let second = |rng: &mut Rng, first: &Word| -> Word {
        let same: Vec<&Word> = m.real.iter().filter(|w| w.lang == first.lang && w.text != first.text).collect();
        rng.pick(&same).map_or_else(|| word(rng), |w| (*w).clone())
    };
    match kind {
        Kind::Word => {
            let w = word(rng);
            q.text = format!("{} ", w.text);
            q.languages = vec![w.lang];
        }
        Kind::TwoWords => {
            let a = word(rng);
            let b = second(rng, &a);
            q.text = format!("{} {} ", a.text, b.text);
            q.languages = vec![a.lang];
        }
        Kind::Prefix => {
            let w = long_word(m, rng, 4);
            let len = w.text.chars().count();
            let keep = 3 + rng.below(len - 3);
            q.text = w.text.chars().take(keep).collect();
            q.languages = vec![w.lang];
        }
        Kind::Typo => {
            let w = long_word(m, rng, 5);
            q.text = format!("{} ", typo(&w.text, rng));
            q.languages = vec![w.lang];
        }
        Kind::Selection => {
            q.selections = rng.pick(&m.selections).copied().into_iter().collect();
            q.languages = visitor(m, rng);
        }
        Kind::Cell => {
            q.cells = rng.pick(&m.cells).copied().into_iter().collect();
            q.languages = visitor(m, rng);
        }
        Kind::Combined => {
            let a = word(rng);
            q.text = if rng.percent(30) { format!("{} {} ", a.text, second(rng, &a).text) } else { format!("{} ", a.text) };
            q.languages = vec![a.lang];
            if rng.percent(50) {
                q.selections = rng.pick(&m.selections).copied().into_iter().collect();
            } else {
                q.cells = rng.pick(&m.cells).copied().into_iter().collect();
            }
            let (site, lang) = match rng.below(3) {
                0 => (true, false),
                1 => (false, true),
                _ => (true, true),
            };
            if site && m.sites > 0 {
                q.sites = vec![rng.below(m.sites as usize) as u16];
            }
            if lang && !m.languages.is_empty() {
                q.langs = vec![rng.below(m.languages.len()) as u8];
            }
        }
        Kind::Browse => q.languages = visitor(m, rng),
    }
    Planned { kind, query: q }
}

/// A visitor's language, for queries without words.
fn visitor(m: &Material, rng: &mut Rng) -> Vec<Lang> {
    rng.pick(&m.languages).cloned().into_iter().collect()
}

/// A word of at least `min` letters (the real-word list always has some).
fn long_word(m: &Material, rng: &mut Rng, min: usize) -> Word {
    for _ in 0..100 {
        let pool = if m.terms.is_empty() || rng.percent(REAL_SHARE) { &m.real } else { &m.terms };
        if let Some(w) = rng.pick(pool) {
            if w.text.chars().count() >= min {
                return w.clone();
            }
        }
    }
    m.real.iter().find(|w| w.text.chars().count() >= min).cloned().expect("a long enough real word")
}

/// `word`, folded, with one edit past its first two letters (the engine does not look for typos
/// in the first two). The result is never the folded word itself.
fn typo(word: &str, rng: &mut Rng) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
    let mut chars: Vec<char> = fold(word).chars().collect();
    assert!(chars.len() >= 5, "typos are made in words of five letters or more");
    let pos = 2 + rng.below(chars.len() - 2);
    let other = |rng: &mut Rng, not: char| loop {
        let c = LETTERS[rng.below(LETTERS.len())] as char;
        if c != not {
            break c;
        }
    };
    match rng.below(4) {
        0 => {
            chars.remove(pos);
        }
        1 => {
            let c = other(rng, chars[pos]);
            chars.insert(pos, c);
        }
        2 if pos + 1 < chars.len() && chars[pos] != chars[pos + 1] => chars.swap(pos, pos + 1),
        _ => chars[pos] = other(rng, chars[pos]),
    }
    chars.into_iter().collect()
}

/// A short description of a query, for the list of the slowest.
pub fn describe(q: &Query, thesaurus: &Thesaurus) -> String {
    let concept = |id: ConceptId| {
        let c = thesaurus.concept(id);
        c.notation.clone().unwrap_or_else(|| format!("#{}", id.0))
    };
    let mut parts = vec![format!("{:?}", q.text)];
    parts.extend(q.languages.first().map(|l| format!("visitor {}", l.as_str())));
    for s in &q.selections {
        let role = if thesaurus.concept(s.concept).is_family() { "family" } else { "descriptor" };
        parts.push(format!("{role} {} in dimension {}", concept(s.concept), s.dimension));
    }
    for c in &q.cells {
        parts.push(format!("cell {} × {}", concept(c.row), concept(c.column)));
    }
    for s in &q.sites {
        parts.push(format!("site {s}"));
    }
    for l in &q.langs {
        parts.push(format!("language {l}"));
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use commons_atlas::text::within_one_edit;

    fn material() -> Material {
        let lang = |c: &str| Lang::parse(c).unwrap();
        let cell = |r, c| Cell { row: ConceptId(r), column: ConceptId(c) };
        Material {
            real: REAL_WORDS
                .iter()
                .flat_map(|(code, words)| words.iter().map(move |w| Word { text: (*w).into(), lang: lang(code) }))
                .collect(),
            terms: vec![Word { text: "brouchon".into(), lang: lang("fr") }, Word { text: "sheeling".into(), lang: lang("en") }],
            selections: vec![Selection { concept: ConceptId(3), dimension: 0 }, Selection { concept: ConceptId(7), dimension: 1 }],
            cells: vec![cell(0, 1), cell(2, 1)],
            sites: 12,
            languages: vec![lang("fr"), lang("en"), lang("es"), lang("pt")],
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_mix_and_another_seed_another() {
        let m = material();
        let a = mix(&m, 200, 1);
        assert_eq!(a, mix(&m, 200, 1));
        assert_ne!(a, mix(&m, 200, 2));
    }

    #[test]
    fn the_mix_follows_the_pattern_and_each_kind_looks_like_itself() {
        let m = material();
        let queries = mix(&m, 1000, 7);
        for kind in Kind::ALL {
            let expected = PATTERN.iter().filter(|&&k| k == kind).count() * 50;
            assert_eq!(queries.iter().filter(|p| p.kind == kind).count(), expected, "{kind:?}");
        }
        for p in &queries {
            let q = &p.query;
            assert_eq!(q.page_size, 20);
            match p.kind {
                Kind::Word | Kind::TwoWords | Kind::Typo => assert!(q.text.ends_with(' '), "{q:?}"),
                Kind::Prefix => assert!(!q.text.ends_with(' ') && q.text.chars().count() >= 3, "{q:?}"),
                Kind::Selection => assert_eq!(q.selections.len(), 1),
                Kind::Cell => assert_eq!(q.cells.len(), 1),
                Kind::Combined => {
                    assert!(!q.text.is_empty() && q.selections.len() + q.cells.len() == 1);
                    assert!(!q.sites.is_empty() || !q.langs.is_empty());
                }
                Kind::Browse => assert!(q.text.is_empty() && q.selections.is_empty() && q.cells.is_empty()),
            }
        }
    }

    #[test]
    fn a_typo_is_one_edit_away_and_keeps_the_first_two_letters() {
        let mut rng = Rng(3);
        for word in ["territoire", "coopérative", "énergie", "mobilité", "favela"] {
            for _ in 0..50 {
                let t = typo(word, &mut rng);
                let folded = fold(word);
                assert_ne!(t, folded);
                assert!(within_one_edit(&t, &folded), "{t} / {folded}");
                assert_eq!(t.chars().take(2).collect::<String>(), folded.chars().take(2).collect::<String>());
            }
        }
    }
}
