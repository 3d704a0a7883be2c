//! Facet counts against a brute-force count from the validated model.
//!
//! The engine counts with per-resource concept lists and bitsets (`engine::facets`); these tests
//! recount every facet the slow, obvious way from the model `index_builder::ingest` produces
//! (a resource counts once for a concept if any of its descriptors is the concept or lies below
//! it; a group's facet ignores that group's own condition) and demand exactly the same total and
//! counts, for chosen queries and for a few hundred seeded random ones, on the sample commons and
//! on a generated one.
//!
//! Text matching (stems, prefixes, typos, descriptor labels) is the scoring engine's business: the
//! set of resources a text matches is taken from the engine (a text-only query, paged through), and
//! only checked here to contain every resource whose text has the word as written.

mod common;

use commons_atlas::engine::{Combine, Counts, Engine, FsFetch, Query, Selection};
use commons_atlas::format::facets::Place;
use commons_atlas::model::{Cell, Commons, ConceptId, Role};
use commons_atlas::text::{Analyzer, Language};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Resources of the generated commons.
const GENERATED_RESOURCES: usize = 5000;
/// Random queries per commons.
const RANDOM_QUERIES: usize = 200;

use common::Rng;

/// The generated commons (`cargo xtask gen`, the same debug build the tests share), built once
/// per test binary.
fn generated() -> &'static (PathBuf, Commons) {
    static GEN: OnceLock<(PathBuf, Commons)> = OnceLock::new();
    GEN.get_or_init(|| {
        let start = std::time::Instant::now();
        let dir = tempfile::tempdir().expect("temp dir").keep().join("commons");
        let resources = GENERATED_RESOURCES.to_string();
        let out = std::process::Command::new(env!("CARGO"))
            .current_dir(common::root())
            .args(["run", "-q", "-p", "xtask", "--", "gen", "--resources", &resources, "--seed", "7", "--out"])
            .arg(&dir)
            .output()
            .expect("cargo runs");
        assert!(out.status.success(), "cargo xtask gen failed: {}", String::from_utf8_lossy(&out.stderr));
        let built = common::build_with_model(dir.join("commons.toml").to_str().expect("UTF-8 temp path"));
        eprintln!("generated and built {GENERATED_RESOURCES} resources in {:.1?}", start.elapsed());
        built
    })
}

fn sample() -> &'static (PathBuf, Commons) {
    static SAMPLE: OnceLock<(PathBuf, Commons)> = OnceLock::new();
    SAMPLE.get_or_init(|| common::build_with_model("examples/commons/commons.toml"))
}

/// What the model says of every resource, in the index's numbering.
struct Model {
    n: usize,
    sites: Vec<u16>,
    /// Type number plus one, 0 for none.
    types: Vec<u16>,
    langs: Vec<u8>,
    years: Vec<u16>,
    /// The record's place and country as the place facet names them (trimmed, the country in
    /// capitals), if it has either.
    places: Vec<Option<Place>>,
    /// Every concept the resource falls under: its descriptors and everything above them.
    under: Vec<BTreeSet<u32>>,
    /// The resource's direct descriptors.
    direct: Vec<Vec<u32>>,
    cells: Vec<BTreeSet<Cell>>,
    /// Every cell some concept sits in, sorted.
    all_cells: Vec<Cell>,
    /// Folded words of every field.
    words: Vec<BTreeSet<String>>,
    concepts: usize,
    dimensions: usize,
    n_sites: usize,
    n_types: usize,
    n_langs: usize,
}

struct Fixture {
    engine: Engine,
    fetch: FsFetch,
    model: Model,
    commons: &'static Commons,
    text_sets: HashMap<String, BTreeSet<u32>>,
}

fn add_files(engine: &mut Engine, dir: &Path, names: &[String]) {
    for name in names {
        let bytes = std::fs::read(dir.join(name)).expect("index file reads");
        engine.add_file(name, &bytes).expect("index file loads");
    }
}

/// Opens the index, loads the facets and every record chunk, and lines the model up with it.
fn fixture(built: &'static (PathBuf, Commons)) -> Fixture {
    let start = std::time::Instant::now();
    let (dir, commons) = built;
    let (mut engine, fetch) = common::open(dir);
    let facets = engine.files_needed(&Query::default());
    add_files(&mut engine, dir, &facets);
    let n = engine.manifest.resources as usize;
    assert_eq!(n, commons.resources.len(), "the index holds every resource of the model");
    let all: Vec<u32> = (0..n as u32).collect();
    let records = engine.record_files(&all);
    add_files(&mut engine, dir, &records);

    let by_key: HashMap<(&str, &str), usize> =
        commons.resources.iter().enumerate().map(|(i, r)| ((r.id.as_str(), r.url.as_str()), i)).collect();
    assert_eq!(by_key.len(), n, "(id, url) tells the model's resources apart");

    let th = &commons.thesaurus;
    let ancestors: Vec<BTreeSet<u32>> = (0..th.concepts.len())
        .map(|c| {
            let mut seen = BTreeSet::from([c as u32]);
            let mut todo = vec![c as u32];
            while let Some(x) = todo.pop() {
                for b in &th.concepts[x as usize].broader {
                    if seen.insert(b.0) {
                        todo.push(b.0);
                    }
                }
            }
            seen
        })
        .collect();
    let mut type_keys: Vec<String> = commons.types.iter().map(|t| t.key.clone()).collect();
    let mut extra: BTreeSet<&str> = BTreeSet::new();
    for r in &commons.resources {
        if let Some(k) = r.kind.as_deref() {
            if !type_keys.iter().any(|t| t == k) {
                extra.insert(k);
            }
        }
    }
    type_keys.extend(extra.into_iter().map(str::to_string));
    let manifest_types: Vec<&str> = engine.manifest.types.iter().map(|t| t.key.as_str()).collect();
    assert_eq!(manifest_types, type_keys, "configured types, then the others the feeds use, sorted");

    let analyzer = Analyzer::new();
    let mut m = Model {
        n,
        sites: Vec::new(),
        types: Vec::new(),
        langs: Vec::new(),
        years: Vec::new(),
        places: Vec::new(),
        under: Vec::new(),
        direct: Vec::new(),
        cells: Vec::new(),
        all_cells: th.concepts.iter().flat_map(|c| c.cells.iter().copied()).collect::<BTreeSet<_>>().into_iter().collect(),
        words: Vec::new(),
        concepts: th.concepts.len(),
        dimensions: th.dimensions.len(),
        n_sites: commons.sites.len(),
        n_types: type_keys.len(),
        n_langs: commons.languages.len(),
    };
    let mut seen = vec![false; n];
    for number in 0..n as u32 {
        let rec = engine.record(number).expect("record loaded");
        let i = *by_key.get(&(rec.id.as_str(), rec.url.as_str())).unwrap_or_else(|| panic!("record {number} ({}) is in the model", rec.id));
        assert!(!seen[i], "resource {} appears twice in the index", rec.id);
        seen[i] = true;
        let r = &commons.resources[i];
        m.sites.push(r.site.0);
        m.types.push(r.kind.as_deref().map_or(0, |k| type_keys.iter().position(|t| t == k).unwrap() as u16 + 1));
        let lang = commons.languages.iter().position(|l| l.primary() == r.lang.primary());
        m.langs.push(lang.unwrap_or_else(|| panic!("{}: language {} is a language of the commons", r.id, r.lang.as_str())) as u8);
        m.years.push(r.date.map_or(0, |d| d.year));
        let trim = |s: &Option<String>| s.as_deref().unwrap_or("").trim().to_string();
        m.places.push(Some(Place { country: trim(&r.country).to_ascii_uppercase(), name: trim(&r.place) }).filter(|p| p != &Place::default()));
        m.direct.push(r.descriptors.iter().map(|d| d.concept.0).collect());
        m.under.push(r.descriptors.iter().flat_map(|d| ancestors[d.concept.index()].iter().copied()).collect());
        m.cells.push(r.descriptors.iter().flat_map(|d| th.concepts[d.concept.index()].cells.iter().copied()).collect());
        let mut words = BTreeSet::new();
        let fields = [Some(&r.title), r.subtitle.as_ref(), r.summary.as_ref(), r.place.as_ref()];
        for text in fields.into_iter().flatten().chain(&r.authors) {
            words.extend(analyzer.tokens(text).into_iter().map(|t| t.text));
        }
        m.words.push(words);
    }
    eprintln!("fixture of {n} resources in {:.1?}", start.elapsed());
    Fixture { engine, fetch, model: m, commons, text_sets: HashMap::new() }
}

impl Fixture {
    /// The resources the engine matches `text` with, ignoring every filter: a text-only query,
    /// paged through.
    fn text_set(&mut self, text: &str) -> BTreeSet<u32> {
        if let Some(s) = self.text_sets.get(text) {
            return s.clone();
        }
        let mut set = BTreeSet::new();
        let mut total = None;
        for page in 0.. {
            let q = Query { text: text.to_string(), page, page_size: 200, ..Query::default() };
            let res = common::run(&mut self.engine, &self.fetch, &q);
            total = Some(res.total);
            for h in &res.hits {
                assert!(set.insert(h.resource), "{text:?}: resource {} on two pages", h.resource);
            }
            if res.hits.is_empty() || set.len() as u32 >= res.total {
                break;
            }
        }
        assert_eq!(Some(set.len() as u32), total, "{text:?}: the pages hold every result once");
        // Whatever else it matches (stems, prefixes, typos, labels), a word matches the resources
        // whose text has it as written.
        let analyzer = Analyzer::new();
        let tokens = analyzer.tokens(text);
        let typing = !text.ends_with(' ');
        for r in 0..self.model.n {
            let words = &self.model.words[r];
            let has_every_word = tokens.iter().enumerate().all(|(j, t)| {
                if typing && j + 1 == tokens.len() {
                    words.iter().any(|w| w.starts_with(&t.text))
                } else {
                    words.contains(&t.text)
                }
            });
            if has_every_word {
                assert!(set.contains(&(r as u32)), "{text:?} does not match resource {r}, whose text has every word");
            }
        }
        self.text_sets.insert(text.to_string(), set.clone());
        set
    }

    /// Runs `q` with the engine and compares it with the brute-force count.
    fn check(&mut self, name: &str, q: &Query) -> u32 {
        let text = if q.text.trim().is_empty() { None } else { Some(self.text_set(&q.text)) };
        let (total, counts) = brute_force(&self.model, q, text.as_ref());
        let results = common::run(&mut self.engine, &self.fetch, q);
        if let Err(e) = compare(&self.model, &results.counts, &counts).and_then(|()| {
            if results.total == total {
                Ok(())
            } else {
                Err(format!("total: engine {}, brute force {total}", results.total))
            }
        }) {
            panic!("{name}: {e}\nquery: {q:?}");
        }
        assert!(results.hits.len() as u32 <= total.min(q.page_size));
        total
    }
}

/// A condition group of a query: AND between groups, each facet counted without its own group.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Group {
    Dimension(u16),
    Cells,
    Sites,
    Types,
    Langs,
    Years,
    Places,
}

/// The total and every count of `q`, resource by resource.
fn brute_force(m: &Model, q: &Query, text: Option<&BTreeSet<u32>>) -> (u32, Counts) {
    let in_base = |r: usize| -> bool {
        (q.scope_sites.is_empty() || q.scope_sites.contains(&m.sites[r]))
            && (q.scope_concepts.is_empty() || q.scope_concepts.iter().any(|c| m.under[r].contains(&c.0)))
            && q.focus.is_none_or(|c| m.under[r].contains(&c.0))
            && text.is_none_or(|t| t.contains(&(r as u32)))
    };
    let mut dims: BTreeMap<u16, Vec<ConceptId>> = BTreeMap::new();
    for s in &q.selections {
        dims.entry(s.dimension).or_default().push(s.concept);
    }
    let mut groups: Vec<Group> = dims.keys().map(|&d| Group::Dimension(d)).collect();
    if !q.cells.is_empty() {
        groups.push(Group::Cells);
    }
    if !q.sites.is_empty() {
        groups.push(Group::Sites);
    }
    if !q.types.is_empty() {
        groups.push(Group::Types);
    }
    if !q.langs.is_empty() {
        groups.push(Group::Langs);
    }
    if q.years.is_some() {
        groups.push(Group::Years);
    }
    if !q.places.is_empty() {
        groups.push(Group::Places);
    }
    let passes = |g: Group, r: usize| -> bool {
        match g {
            Group::Dimension(d) => {
                let under = |c: &ConceptId| m.under[r].contains(&c.0);
                match q.combine {
                    Combine::Or => dims[&d].iter().any(under),
                    Combine::And => dims[&d].iter().all(under),
                }
            }
            Group::Cells => q.cells.iter().any(|c| m.cells[r].contains(c)),
            Group::Sites => q.sites.contains(&m.sites[r]),
            Group::Types => m.types[r] > 0 && q.types.contains(&(m.types[r] - 1)),
            Group::Langs => q.langs.contains(&m.langs[r]),
            Group::Years => {
                let (from, to) = q.years.unwrap();
                m.years[r] != 0 && from <= m.years[r] && m.years[r] <= to
            }
            Group::Places => m.places[r].as_ref().is_some_and(|p| q.places.iter().any(|c| c.country == p.country && (c.name.is_empty() || c.name == p.name))),
        }
    };
    // The resources a facet of `own` is counted on: everything but `own`'s condition.
    let set_without = |own: Option<Group>| -> Vec<usize> {
        (0..m.n).filter(|&r| in_base(r) && groups.iter().all(|&g| Some(g) == own || passes(g, r))).collect()
    };
    let result = set_without(None);
    let disjunctive = |g: Group| -> Vec<usize> { if groups.contains(&g) { set_without(Some(g)) } else { result.clone() } };

    let mut counts = Counts::default();
    for d in 0..m.dimensions {
        let set = if q.combine == Combine::Or { disjunctive(Group::Dimension(d as u16)) } else { result.clone() };
        let mut per_concept = vec![0u32; m.concepts];
        for &r in &set {
            for &c in &m.under[r] {
                per_concept[c as usize] += 1;
            }
        }
        counts.concepts.push(per_concept);
    }
    let set = disjunctive(Group::Cells);
    let mut per_cell: BTreeMap<Cell, u32> = m.all_cells.iter().map(|&c| (c, 0)).collect();
    for &r in &set {
        for cell in &m.cells[r] {
            *per_cell.get_mut(cell).expect("a resource's cell is a cell of some concept") += 1;
        }
    }
    counts.cells = per_cell.into_iter().collect();
    let column = |g: Group, len: usize, value: &dyn Fn(usize) -> usize| -> Vec<u32> {
        let mut out = vec![0u32; len];
        for r in disjunctive(g) {
            out[value(r)] += 1;
        }
        out
    };
    counts.sites = column(Group::Sites, m.n_sites, &|r| m.sites[r] as usize);
    counts.types = column(Group::Types, m.n_types + 1, &|r| m.types[r] as usize);
    counts.langs = column(Group::Langs, m.n_langs, &|r| m.langs[r] as usize);
    let mut per_year: std::collections::BTreeMap<u16, u32> = std::collections::BTreeMap::new();
    for r in disjunctive(Group::Years) {
        *per_year.entry(m.years[r]).or_default() += 1;
    }
    counts.years = per_year.into_iter().collect();
    let mut per_place: BTreeMap<Place, u32> = BTreeMap::new();
    for r in disjunctive(Group::Places) {
        if let Some(p) = &m.places[r] {
            *per_place.entry(p.clone()).or_default() += 1;
        }
    }
    counts.places = per_place.into_iter().collect();
    (result.len() as u32, counts)
}

/// Where two sets of counts first differ.
fn compare(m: &Model, engine: &Counts, expected: &Counts) -> Result<(), String> {
    if engine.concepts.len() != expected.concepts.len() {
        return Err(format!("{} dimensions of concept counts, {} expected", engine.concepts.len(), expected.concepts.len()));
    }
    for (d, (e, x)) in engine.concepts.iter().zip(&expected.concepts).enumerate() {
        if e.len() != m.concepts {
            return Err(format!("dimension {d}: {} concept counts for {} concepts", e.len(), m.concepts));
        }
        if let Some(c) = (0..m.concepts).find(|&c| e[c] != x[c]) {
            return Err(format!("dimension {d}, concept {c}: engine {}, brute force {}", e[c], x[c]));
        }
    }
    if engine.cells != expected.cells {
        let first = engine.cells.iter().zip(&expected.cells).find(|(a, b)| a != b);
        return Err(format!("cells ({} vs {} entries) first differ at {first:?}", engine.cells.len(), expected.cells.len()));
    }
    for (what, e, x) in [("sites", &engine.sites, &expected.sites), ("types", &engine.types, &expected.types), ("langs", &engine.langs, &expected.langs)] {
        if e != x {
            return Err(format!("{what}: engine {e:?}, brute force {x:?}"));
        }
    }
    if engine.years != expected.years {
        return Err(format!("years: engine {:?}, brute force {:?}", engine.years, expected.years));
    }
    if engine.places != expected.places {
        return Err(format!("places: engine {:?}, brute force {:?}", engine.places, expected.places));
    }
    Ok(())
}

/// What queries are made of, taken from the model.
struct Pools {
    /// Per dimension: its families, its level-1 descriptors, all its descriptors.
    families: Vec<Vec<ConceptId>>,
    level1: Vec<Vec<ConceptId>>,
    descriptors: Vec<Vec<ConceptId>>,
    cells: Vec<Cell>,
    years: Vec<u16>,
    /// The records' places, and each country alone.
    places: Vec<Place>,
    /// Words of titles, not stop words in any language.
    words: Vec<String>,
    /// Texts random queries choose from: a few, so that the engine's text matches (slow in a
    /// debug build) are computed once each.
    texts: Vec<String>,
}

fn dimension_of(commons: &Commons, c: ConceptId) -> Vec<u16> {
    let th = &commons.thesaurus;
    let mut dims: Vec<u16> = th.concepts[c.index()]
        .families
        .iter()
        .filter_map(|f| match th.concepts[f.index()].role {
            Role::Family { dimension } => Some(dimension),
            Role::Descriptor { .. } => None,
        })
        .collect();
    dims.sort_unstable();
    dims.dedup();
    dims
}

fn pools(fx: &Fixture) -> Pools {
    let commons = fx.commons;
    let th = &commons.thesaurus;
    let dims = th.dimensions.len();
    let mut p = Pools { families: vec![Vec::new(); dims], level1: vec![Vec::new(); dims], descriptors: vec![Vec::new(); dims], cells: Vec::new(), years: Vec::new(), places: Vec::new(), words: Vec::new(), texts: Vec::new() };
    for id in th.ids() {
        for d in dimension_of(commons, id) {
            match th.concept(id).role {
                Role::Family { .. } => p.families[d as usize].push(id),
                Role::Descriptor { level } => {
                    if level == 1 {
                        p.level1[d as usize].push(id);
                    }
                    p.descriptors[d as usize].push(id);
                }
            }
        }
    }
    for d in 0..dims {
        assert!(!p.families[d].is_empty() && !p.level1[d].is_empty(), "dimension {d} has families and level-1 descriptors");
    }
    p.cells = fx.model.all_cells.clone();
    p.years = fx.model.years.iter().copied().filter(|&y| y != 0).collect::<BTreeSet<_>>().into_iter().collect();
    let mut places: BTreeSet<Place> = fx.model.places.iter().flatten().cloned().collect();
    places.extend(fx.model.places.iter().flatten().map(|p| Place { country: p.country.clone(), name: String::new() }).collect::<Vec<_>>());
    p.places = places.into_iter().collect();
    let analyzer = Analyzer::new();
    let mut words = BTreeSet::new();
    for r in &commons.resources {
        for t in analyzer.tokens(&r.title) {
            if t.text.chars().count() >= 4 && t.text.chars().all(char::is_alphabetic) && !Language::ALL.iter().any(|&l| analyzer.is_stop_word(l, &t.text)) {
                words.insert(t.text);
            }
        }
    }
    p.words = words.into_iter().collect();
    let mut rng = Rng::new(p.words.len() as u64);
    for i in 0..30 {
        let w = rng.pick(&p.words).clone();
        p.texts.push(match i % 5 {
            // A word being typed: its first letters, no space after.
            3 => w.chars().take(3 + rng.below(w.chars().count() - 2)).collect(),
            4 => format!("{w} {} ", rng.pick(&p.words)),
            _ => format!("{w} "),
        });
    }
    p
}

fn random_selection(rng: &mut Rng, p: &Pools) -> Selection {
    let d = rng.below(p.families.len());
    let roll = rng.below(100);
    let concept = if roll < 30 {
        *rng.pick(&p.families[d])
    } else if roll < 65 {
        *rng.pick(&p.level1[d])
    } else {
        *rng.pick(&p.descriptors[d])
    };
    Selection { concept, dimension: d as u16 }
}

fn some<T>(rng: &mut Rng, max: usize, item: &mut dyn FnMut(&mut Rng) -> T) -> Vec<T> {
    let k = 1 + rng.below(max);
    (0..k).map(|_| item(rng)).collect()
}

fn random_query(rng: &mut Rng, m: &Model, p: &Pools) -> Query {
    let mut q = Query::default();
    if rng.chance(45) {
        q.text = rng.pick(&p.texts).clone();
    }
    let k = [0, 0, 0, 1, 1, 1, 2, 2, 2, 3][rng.below(10)];
    q.selections = (0..k).map(|_| random_selection(rng, p)).collect();
    q.combine = if rng.chance(50) { Combine::Or } else { Combine::And };
    if rng.chance(20) && !p.cells.is_empty() {
        q.cells = some(rng, 2, &mut |r| *r.pick(&p.cells));
    }
    if rng.chance(25) {
        q.sites = some(rng, 3, &mut |r| r.below(m.n_sites) as u16);
    }
    if rng.chance(20) {
        // Now and then a type number no resource has, or that does not exist.
        q.types = some(rng, 2, &mut |r| r.below(m.n_types + 1) as u16);
    }
    if rng.chance(20) {
        q.langs = some(rng, 2, &mut |r| r.below(m.n_langs) as u8);
    }
    if rng.chance(20) && !p.years.is_empty() {
        let a = *rng.pick(&p.years);
        let b = *rng.pick(&p.years);
        // Now and then from year 0: resources with no year are still outside the range.
        q.years = Some((if rng.chance(20) { 0 } else { a.min(b) }, a.max(b)));
    }
    if rng.chance(25) && !p.places.is_empty() {
        q.places = some(rng, 3, &mut |r| r.pick(&p.places).clone());
    }
    if rng.chance(15) {
        q.scope_sites = some(rng, 4, &mut |r| r.below(m.n_sites) as u16);
    }
    if rng.chance(10) {
        q.scope_concepts = vec![random_selection(rng, p).concept];
    }
    if rng.chance(10) {
        q.focus = Some(random_selection(rng, p).concept);
    }
    q
}

/// Resources directly indexed with `c`, in the model.
fn postings(m: &Model, c: ConceptId) -> BTreeSet<usize> {
    (0..m.n).filter(|&r| m.direct[r].contains(&c.0)) .collect()
}

/// Resources under `c`, in the model.
fn under(m: &Model, c: ConceptId) -> BTreeSet<usize> {
    (0..m.n).filter(|&r| m.under[r].contains(&c.0)).collect()
}

/// The queries the brief names, then random ones.
fn check_commons(fx: &mut Fixture, seed: u64) {
    let start = std::time::Instant::now();
    let p = pools(fx);
    let m = &fx.model;
    let n = m.n as u32;
    // Two level-1 descriptors of the first dimension that share resources: the most used one and
    // the one sharing the most with it.
    let most_used = |list: &[ConceptId]| *list.iter().max_by_key(|&&c| (under(m, c).len(), std::cmp::Reverse(c))).unwrap();
    let d1 = most_used(&p.level1[0]);
    let u1 = under(m, d1);
    let d2 = *p.level1[0].iter().filter(|&&c| c != d1).max_by_key(|&&c| (under(m, c).intersection(&u1).count(), std::cmp::Reverse(c))).unwrap();
    let family0 = most_used(&p.families[0]);
    let family1 = most_used(&p.families[1]);
    let level1_other = most_used(&p.level1[1]);
    let busiest_cell = *p.cells.iter().max_by_key(|c| (0..m.n).filter(|&r| m.cells[r].contains(c)).count()).unwrap();
    let word = {
        let mut df: BTreeMap<&str, usize> = BTreeMap::new();
        for words in &m.words {
            for w in words {
                *df.entry(w.as_str()).or_default() += 1;
            }
        }
        let mut by_df: Vec<(usize, &String)> = p.words.iter().map(|w| (df.get(w.as_str()).copied().unwrap_or(0), w)).collect();
        by_df.sort();
        by_df[by_df.len() * 9 / 10].1.clone()
    };
    let years = (p.years[p.years.len() / 4], p.years[p.years.len() * 3 / 4]);
    let sel = |concept: ConceptId, dimension: u16| Selection { concept, dimension };
    let text = format!("{word} ");
    let named: Vec<(&str, Query, bool)> = vec![
        ("empty", Query::default(), true),
        ("a text word", Query::text(text.clone()), true),
        ("a word being typed", Query::text(word.chars().take(3).collect::<String>()), true),
        ("a family", Query { selections: vec![sel(family0, 0)], ..Query::default() }, true),
        ("a level-1 descriptor", Query { selections: vec![sel(d1, 0)], ..Query::default() }, true),
        ("two descriptors of one dimension, or", Query { selections: vec![sel(d1, 0), sel(d2, 0)], combine: Combine::Or, ..Query::default() }, true),
        ("two descriptors of one dimension, and", Query { selections: vec![sel(d1, 0), sel(d2, 0)], combine: Combine::And, ..Query::default() }, true),
        ("two dimensions, or", Query { selections: vec![sel(family0, 0), sel(level1_other, 1)], ..Query::default() }, false),
        ("two dimensions, and", Query { selections: vec![sel(d1, 0), sel(family1, 1)], combine: Combine::And, ..Query::default() }, false),
        ("a matrix cell", Query { cells: vec![busiest_cell], ..Query::default() }, true),
        ("a site", Query { sites: vec![0], ..Query::default() }, true),
        ("two types", Query { types: vec![0, 1], ..Query::default() }, true),
        ("a language", Query { langs: vec![1], ..Query::default() }, false),
        ("a year range", Query { years: Some(years), ..Query::default() }, true),
        ("scope sites", Query { scope_sites: vec![0, 1], ..Query::default() }, true),
        ("scope concept", Query { scope_concepts: vec![family1], ..Query::default() }, true),
        ("an open descriptor", Query { focus: Some(d1), selections: vec![sel(family1, 1)], ..Query::default() }, false),
        ("an open family within a scope", Query { focus: Some(family0), scope_concepts: vec![family1], ..Query::default() }, false),
        (
            "a combination",
            Query {
                selections: vec![sel(family0, 0), sel(d2, 0), sel(family1, 1)],
                cells: vec![busiest_cell],
                sites: vec![0, 1, 2],
                years: Some((p.years[0], *p.years.last().unwrap())),
                scope_sites: vec![0, 1, 2, 3],
                ..Query::default()
            },
            false,
        ),
        (
            "text and everything",
            Query {
                text: text.clone(),
                selections: vec![sel(family0, 0), sel(family1, 1)],
                types: vec![0],
                langs: vec![0, 1],
                years: Some(years),
                scope_sites: vec![0, 1, 2, 3],
                ..Query::default()
            },
            false,
        ),
    ];
    for (name, q, nonempty) in &named {
        let total = fx.check(name, q);
        if *nonempty {
            assert!(total > 0, "{name}: the query was meant to find something");
        }
        if *name == "empty" {
            assert_eq!(total, n);
        }
    }
    let mut rng = Rng::new(seed);
    let mut found_something = 0;
    for i in 0..RANDOM_QUERIES {
        let q = random_query(&mut rng, &fx.model, &p);
        if fx.check(&format!("random query {i} (seed {seed})"), &q) > 0 {
            found_something += 1;
        }
    }
    eprintln!("{} named and {RANDOM_QUERIES} random queries in {:.1?}", named.len(), start.elapsed());
    assert!(found_something >= RANDOM_QUERIES / 5, "only {found_something} random queries found anything: the generator is too strict to test much");
}

#[test]
fn facet_counts_equal_a_brute_force_count_on_the_sample_commons() {
    let mut fx = fixture(sample());
    check_commons(&mut fx, 1);
}

#[test]
fn facet_counts_equal_a_brute_force_count_on_a_generated_commons() {
    let mut fx = fixture(generated());
    check_commons(&mut fx, 2);
}

#[test]
fn a_family_counts_each_resource_once_even_when_several_of_its_descriptors_index_it() {
    for built in [sample(), generated()] {
        let mut fx = fixture(built);
        let m = &fx.model;
        let th = &fx.commons.thesaurus;
        // A family and two of its descriptors that index some resource together.
        let mut found = None;
        'search: for r in 0..m.n {
            for (i, &a) in m.direct[r].iter().enumerate() {
                for &b in &m.direct[r][i + 1..] {
                    let shared: Vec<&ConceptId> = th.concepts[a as usize].families.iter().filter(|f| th.concepts[b as usize].families.contains(f)).collect();
                    if let Some(&&f) = shared.first() {
                        if f.0 != a && f.0 != b {
                            found = Some((f, ConceptId(a), ConceptId(b)));
                            break 'search;
                        }
                    }
                }
            }
        }
        let (family, a, b) = found.expect("some resource is indexed with two descriptors of one family");
        let Role::Family { dimension } = th.concept(family).role else { panic!("not a family") };
        let d = dimension as usize;
        let family_resources = under(m, family);
        let direct_sum: usize = th.with_narrower(family).iter().map(|&c| postings(m, c).len()).sum();
        assert!(direct_sum > family_resources.len(), "the family's descriptors overlap");

        let all = common::run(&mut fx.engine, &fx.fetch, &Query::default());
        assert_eq!(all.counts.concepts[d][family.index()] as usize, family_resources.len(), "family {family:?} over the whole commons");

        // Only resources indexed with both: each is one resource under the family, not two.
        let sel = |c| Selection { concept: c, dimension };
        let both = Query { selections: vec![sel(a), sel(b)], combine: Combine::And, ..Query::default() };
        let res = common::run(&mut fx.engine, &fx.fetch, &both);
        assert!(res.total >= 1);
        assert_eq!(res.counts.concepts[d][family.index()], res.total, "the family counts each of the {} resources once", res.total);
        assert_eq!(res.counts.concepts[d][a.index()], res.total);
        assert_eq!(res.counts.concepts[d][b.index()], res.total);
        fx.check("both descriptors, and", &both);
    }
}

/// What the navigator asks of the facets, against the model: each concept's total (the
/// desmogram's node sizes), the resources "indexed like" one (shared direct descriptors counted
/// resource by resource) and its translations (same translation group).
#[test]
fn concept_totals_resources_indexed_like_one_and_translations_agree_with_the_model() {
    for built in [sample(), generated()] {
        let fx = fixture(built);
        let m = &fx.model;
        let facets = fx.engine.facets().expect("the facets are loaded");
        let totals = facets.concept_totals(m.concepts);
        for (c, &total) in totals.iter().enumerate() {
            assert_eq!(total as usize, m.under.iter().filter(|u| u.contains(&(c as u32))).count(), "the total of concept {c}");
        }
        let mut checked = 0;
        for r in (0..m.n).step_by((m.n / 40).max(1)) {
            let translations = facets.translations_of(r as u32);
            let group = facets.translations[r];
            for &o in &translations {
                assert!(group != 0 && facets.translations[o as usize] == group && o as usize != r);
            }
            let expected_translations = (0..m.n).filter(|&o| o != r && group != 0 && facets.translations[o] == group).count();
            assert_eq!(translations.len(), expected_translations, "resource {r}: every translation is found");

            let mine: Vec<ConceptId> = m.direct[r].iter().map(|&c| ConceptId(c)).collect();
            let found = facets.indexed_like(r as u32, &mine, 5);
            let shared = |o: usize| m.direct[o].iter().filter(|c| m.direct[r].contains(c)).count() as u32;
            let mut expected: Vec<(u32, u32)> = (0..m.n)
                .filter(|&o| o != r && !translations.contains(&(o as u32)))
                .map(|o| (o as u32, shared(o)))
                .filter(|&(_, n)| n > 0)
                .collect();
            expected.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            expected.truncate(5);
            assert_eq!(found, expected, "resource {r}");
            checked += usize::from(!found.is_empty());
        }
        assert!(checked > 0, "some resource has resources indexed like it");
    }
}
