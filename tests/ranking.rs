//! Ranking test set over the bundled sample commons (`examples/commons/`): what a visitor types,
//! in which language, and which resources must come first.
//!
//! Each case names the behaviour it checks. On failure, the case prints the top ten results
//! (rank, score, id, title) so the ranking can be judged at a glance. Set `RANKING_DUMP=1` to
//! print every case's top ten even when it passes.

mod common;

use commons_atlas::engine::{Engine, FsFetch, Query};
use commons_atlas::model::Lang;
use commons_atlas::text::fold;

/// What a case expects of the ranking.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// The resource is among the first `n` results.
    Top(&'static str, usize),
    /// The resource is among the results (anywhere on the first 200).
    Found(&'static str),
    /// The resource is not among the results.
    Absent(&'static str),
    /// The first resource ranks above the second (which may be absent).
    Above(&'static str, &'static str),
    /// Each of the first `k` results mentions one of these (folded) strings in its title,
    /// subtitle, summary, place or authors.
    AllTopMention(usize, &'static [&'static str]),
    /// Each of the first `k` results has one of these (folded) strings in its title.
    AllTopTitle(usize, &'static [&'static str]),
    /// Exactly this many results.
    Total(u32),
    /// At least this many results.
    TotalAtLeast(u32),
}

use Expect::*;

struct Case {
    name: &'static str,
    text: &'static str,
    lang: &'static str,
    expect: &'static [Expect],
}

struct Row {
    id: String,
    title: String,
    text: String,
    score: f32,
}

struct Outcome {
    total: u32,
    rows: Vec<Row>,
}

impl Outcome {
    fn rank(&self, id: &str) -> Option<usize> {
        self.rows.iter().position(|r| r.id == id)
    }

    fn top(&self, n: usize) -> String {
        let mut out = format!("  total {}; top {}:\n", self.total, n.min(self.rows.len()));
        for (i, r) in self.rows.iter().take(n).enumerate() {
            out.push_str(&format!("  {:>2}. {:>7.3}  {:<48} {}\n", i + 1, r.score, r.id, r.title));
        }
        out
    }
}

fn search(engine: &mut Engine, fetch: &FsFetch, text: &str, lang: &str) -> Outcome {
    let query = Query { text: text.to_string(), languages: vec![Lang::parse(lang).unwrap()], page_size: 200, ..Query::default() };
    let results = common::run(engine, fetch, &query);
    let rows = results
        .hits
        .iter()
        .map(|h| {
            let r = engine.record(h.resource).expect("record of a hit is loaded");
            let mut text = String::new();
            for part in [Some(&r.title), r.subtitle.as_ref(), r.summary.as_ref(), r.place.as_ref()].into_iter().flatten() {
                text.push_str(part);
                text.push(' ');
            }
            text.push_str(&r.authors.join(" "));
            Row { id: r.id.clone(), title: r.title.clone(), text: fold(&text), score: h.score }
        })
        .collect();
    Outcome { total: results.total, rows }
}

/// Checks one expectation; `Err` says what is wrong.
fn check(out: &Outcome, e: &Expect) -> Result<(), String> {
    let rank = |id: &str| out.rank(id);
    let shown = |r: Option<usize>| r.map_or("absent".to_string(), |r| format!("#{}", r + 1));
    match *e {
        Top(id, n) => match rank(id) {
            Some(r) if r < n => Ok(()),
            r => Err(format!("{id} should be in the top {n}, is {}", shown(r))),
        },
        Found(id) => rank(id).map(|_| ()).ok_or_else(|| format!("{id} should be found")),
        Absent(id) => match rank(id) {
            None => Ok(()),
            r => Err(format!("{id} should not be found, is {}", shown(r))),
        },
        Above(a, b) => match (rank(a), rank(b)) {
            (Some(_), None) => Ok(()),
            (Some(x), Some(y)) if x < y => Ok(()),
            (x, y) => Err(format!("{a} ({}) should rank above {b} ({})", shown(x), shown(y))),
        },
        AllTopMention(k, words) | AllTopTitle(k, words) => {
            let title_only = matches!(e, AllTopTitle(..));
            if out.rows.len() < k {
                return Err(format!("expected at least {k} results, got {}", out.rows.len()));
            }
            for (i, r) in out.rows.iter().take(k).enumerate() {
                let hay = if title_only { fold(&r.title) } else { r.text.clone() };
                if !words.iter().any(|w| hay.contains(w)) {
                    let place = if title_only { "title" } else { "text" };
                    return Err(format!("result #{} ({}) has none of {words:?} in its {place}", i + 1, r.id));
                }
            }
            Ok(())
        }
        Total(n) if out.total == n => Ok(()),
        Total(n) => Err(format!("expected {n} results, got {}", out.total)),
        TotalAtLeast(n) if out.total >= n => Ok(()),
        TotalAtLeast(n) => Err(format!("expected at least {n} results, got {}", out.total)),
    }
}

/// Runs every case of a table and fails once, listing every case that went wrong.
fn run_cases(cases: &[Case]) {
    let (mut engine, fetch) = common::open(common::sample_index());
    let dump = std::env::var_os("RANKING_DUMP").is_some();
    let mut failures = Vec::new();
    for case in cases {
        let out = search(&mut engine, &fetch, case.text, case.lang);
        let problems: Vec<String> = case.expect.iter().filter_map(|e| check(&out, e).err()).collect();
        if dump {
            eprintln!("[{}] {:?} ({})\n{}", case.name, case.text, case.lang, out.top(10));
        }
        if !problems.is_empty() {
            failures.push(format!("case `{}`: {:?} ({})\n  - {}\n{}", case.name, case.text, case.lang, problems.join("\n  - "), out.top(10)));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n\n{}", failures.len(), cases.len(), failures.join("\n"));
}

// ---- French ---------------------------------------------------------------------------------

#[test]
fn french() {
    run_cases(&[
        Case {
            name: "stemming: plural coopératives finds titles with coopérative(s)",
            text: "coopératives ",
            lang: "fr",
            expect: &[Top("rtes-1235", 3), Top("rtes-1586", 5), Top("rtes-1066", 10), AllTopTitle(8, &["cooperati"])],
        },
        Case {
            name: "diacritics: energie finds énergie",
            text: "energie ",
            lang: "fr",
            expect: &[Top("rtes-1196", 3), Top("rtes-1430", 3), Top("experiences/321", 8), Top("experiences/234", 8), AllTopTitle(8, &["energ"])],
        },
        Case {
            name: "prefix while typing: monn finds monnaie(s)",
            text: "monn",
            lang: "fr",
            expect: &[Top("rtes-1300", 5), AllTopTitle(5, &["monnaie"])],
        },
        Case {
            name: "prefix while typing: partici finds participatif/participation",
            text: "partici",
            lang: "fr",
            expect: &[AllTopTitle(5, &["partici"])],
        },
        Case {
            name: "multi-word: budget participatif puts the titles saying so first",
            text: "budget participatif ",
            lang: "fr",
            expect: &[
                Top("paris-pb-fr", 4),
                Top("grenoble-pb-fr", 4),
                Top("experiences/174", 4),
                Top("analyses/610", 5),
                Above("experiences/174", "fiche-analyse-226"),
                Above("analyses/610", "fiche-analyse-226"),
                AllTopTitle(4, &["budget"]),
                // Every word must match: local currencies are not participatory budgets.
                Absent("rtes-1092"),
            ],
        },
        Case {
            name: "multi-word: monnaie locale",
            text: "monnaie locale ",
            lang: "fr",
            expect: &[Top("rtes-1300", 5), Top("rtes-1313", 5), Top("experiences/189", 5), AllTopTitle(5, &["monnaie"])],
        },
        Case {
            name: "multi-word: cantines bio finds Mouans-Sartoux first",
            text: "cantines bio ",
            lang: "fr",
            expect: &[Top("experiences/335", 1)],
        },
        Case {
            name: "place name with a hyphen: Mouans-Sartoux",
            text: "Mouans-Sartoux ",
            lang: "fr",
            expect: &[Top("experiences/335", 1)],
        },
        Case {
            name: "author name: Laure Besson finds her eight resources, and only them",
            text: "Laure Besson ",
            lang: "fr",
            expect: &[Total(8), Found("experiences/174"), Found("rtes-1261"), AllTopMention(8, &["besson"])],
        },
        Case {
            name: "typo: monaie (one letter missing) finds monnaie",
            text: "monaie ",
            lang: "fr",
            expect: &[AllTopTitle(3, &["monnaie"])],
        },
        Case {
            name: "typo: partcipatif finds budget participatif",
            text: "budget partcipatif ",
            lang: "fr",
            expect: &[Top("paris-pb-fr", 5), Top("grenoble-pb-fr", 5), Top("experiences/174", 5)],
        },
        Case {
            name: "cross-language descriptor: housing on a French page finds habitat et logement (1B.1)",
            text: "housing ",
            lang: "fr",
            expect: &[Found("fiche-analyse-212"), Found("rtes-1911"), Found("experiences/329"), TotalAtLeast(10)],
        },
        Case {
            name: "title beats summary: cartographie",
            text: "cartographie ",
            lang: "fr",
            expect: &[Top("experiences/191", 1), Above("experiences/191", "fiche-proposition-242")],
        },
        Case {
            name: "title beats summary: Porto Alegre in a title first",
            text: "Porto Alegre ",
            lang: "fr",
            expect: &[Top("experiences/174", 2), Top("analyses/512", 2)],
        },
        Case {
            name: "descriptor beats summary: intercommunalité",
            text: "intercommunalite ",
            lang: "fr",
            expect: &[
                AllTopTitle(2, &["intercommunalite"]),
                Above("fiche-analyse-207", "rtes-1612"),
                Above("rtes-1833", "rtes-1612"),
            ],
        },
        Case {
            name: "summary beats authors at similar length: Saint-Vincent-de-Paul before Vincent Caron",
            text: "vincent ",
            lang: "fr",
            expect: &[Total(5), Top("experiences/372", 2), Above("experiences/372", "experiences/271")],
        },
        Case {
            name: "no result: zzzqqq",
            text: "zzzqqq ",
            lang: "fr",
            expect: &[Total(0)],
        },
        Case {
            name: "stop words only: le la les does not crash",
            text: "le la les ",
            lang: "fr",
            expect: &[],
        },
    ]);
}

// ---- English --------------------------------------------------------------------------------

#[test]
fn english() {
    run_cases(&[
        Case {
            name: "stemming: cooperatives finds cooperative(s)",
            text: "cooperatives ",
            lang: "en",
            expect: &[Top("cafe-chiapas-en", 3), Top("rtes-1079", 5), Top("experiences/302", 5), AllTopTitle(8, &["cooperati"])],
        },
        Case {
            name: "cross-language descriptor: cooperatives finds a Spanish cooperative indexed 2A.11",
            text: "cooperatives ",
            lang: "en",
            expect: &[Found("experiences/298"), Found("las-cooperativas-de-trabajo-en-uruguay")],
        },
        Case {
            name: "multi-word: energy cooperative finds energy cooperatives in any language",
            text: "energy cooperative ",
            lang: "en",
            expect: &[
                Top("comunidades-energeticas-en", 3),
                Top("experiences/301", 5),
                Top("experiences/183", 10),
                Found("coopernico-cooperativa-de-energias-renovaveis"),
            ],
        },
        Case {
            name: "multi-word: community land trust",
            text: "community land trust ",
            lang: "en",
            expect: &[Top("lille-ofs-en", 3), Top("analyses/452", 3), Top("experiences/332", 5)],
        },
        Case {
            name: "typo: partcipatory budget",
            text: "partcipatory budget ",
            lang: "en",
            expect: &[Top("paris-pb-en", 5), Top("grenoble-pb-en", 5), Top("participatory-budgeting-in-new-york-city", 5)],
        },
        Case {
            name: "prefix while typing: partici",
            text: "partici",
            lang: "en",
            expect: &[AllTopTitle(5, &["partici"])],
        },
        Case {
            name: "place name: Porto Alegre",
            text: "Porto Alegre ",
            lang: "en",
            expect: &[Top("analyses/512", 2), Top("experiences/174", 2)],
        },
        Case {
            name: "diacritics: bogota finds Bogotá",
            text: "bogota ",
            lang: "en",
            expect: &[Top("bogota-ciclovia-en", 5), AllTopTitle(5, &["bogota"])],
        },
        Case {
            name: "title beats summary: Copenhagen",
            text: "copenhagen ",
            lang: "en",
            expect: &[Top("copenhagen-bike-en", 1), Above("copenhagen-bike-en", "experiences/241")],
        },
        Case {
            name: "title beats summary: Totnes",
            text: "totnes ",
            lang: "en",
            expect: &[Top("experiences/384", 1), Above("experiences/384", "experiences/175")],
        },
        Case {
            name: "title beats descriptor: housing in a title first",
            text: "housing ",
            lang: "en",
            expect: &[Top("vienna-s-social-housing-model", 3), Top("experiences/336", 3), Above("experiences/336", "rtes-1911")],
        },
    ]);
}

// ---- Spanish --------------------------------------------------------------------------------

#[test]
fn spanish() {
    run_cases(&[
        Case {
            name: "stemming: cooperativas finds cooperativa(s)",
            text: "cooperativas ",
            lang: "es",
            expect: &[
                Top("experiences/329", 5),
                Top("las-cooperativas-de-trabajo-en-uruguay", 5),
                Found("saguapac-la-cooperativa-de-agua-de-santa-cruz"),
                AllTopTitle(10, &["cooperativ"]),
            ],
        },
        Case {
            name: "diacritics: participacion finds participación",
            text: "participacion ",
            lang: "es",
            expect: &[Top("experiences/126", 3), Top("fiche-experience-133", 3), Top("fiche-analyse-226", 3)],
        },
        Case {
            name: "multi-word: presupuesto participativo",
            text: "presupuesto participativo ",
            lang: "es",
            expect: &[
                Top("paris-pb-es", 5),
                Top("experiences/198", 5),
                Top("bogota-los-presupuestos-participativos-locales", 5),
                Top("fiche-analyse-237", 5),
            ],
        },
        Case {
            name: "prefix while typing: presu",
            text: "presu",
            lang: "es",
            expect: &[AllTopTitle(4, &["presupuesto"])],
        },
        Case {
            name: "typo: vivenda finds vivienda",
            text: "vivenda ",
            lang: "es",
            expect: &[Top("experiences/329", 5), Top("fiche-analyse-329", 5), Top("la-borda-vivienda-cooperativa-en-cesion-de-uso", 5)],
        },
        Case {
            name: "multi-word: monedas sociales",
            text: "monedas sociales ",
            lang: "es",
            expect: &[Top("redes-de-trueque-y-monedas-sociales-en", 3), Top("analyses/548", 3)],
        },
        Case {
            name: "cross-language descriptor: vivienda finds French housing resources (1B.1)",
            text: "vivienda ",
            lang: "es",
            expect: &[Found("fiche-analyse-212"), Found("rtes-1911")],
        },
        Case {
            name: "title beats summary: trueque",
            text: "trueque ",
            lang: "es",
            expect: &[Top("redes-de-trueque-y-monedas-sociales-en", 1), Above("redes-de-trueque-y-monedas-sociales-en", "analyses/548")],
        },
        Case {
            name: "author name: Carmen Ruiz",
            text: "Carmen Ruiz ",
            lang: "es",
            expect: &[Top("feminismos-y-economia-social-y-solidaria-en", 1)],
        },
        Case {
            name: "title beats summary: Cochabamba",
            text: "Cochabamba ",
            lang: "es",
            expect: &[Top("experiences/164", 1), Above("experiences/164", "fiche-analyse-261")],
        },
    ]);
}

// ---- Portuguese -----------------------------------------------------------------------------

#[test]
fn portuguese() {
    run_cases(&[
        Case {
            name: "stemming: cooperativas finds cooperativa(s)",
            text: "cooperativas ",
            lang: "pt",
            expect: &[
                Top("o-regresso-das-cooperativas-de-habitacao-em", 10),
                Top("cafe-chiapas-pt", 10),
                Found("coopamare-a-cooperativa-de-catadores-de"),
                Found("cooperativas-de-credito-rural-solidario"),
                AllTopTitle(10, &["cooperativ"]),
            ],
        },
        Case {
            name: "diacritics and cross-language descriptor: habitacao finds habitação, and French housing resources (1B.1)",
            text: "habitacao ",
            lang: "pt",
            expect: &[Top("o-regresso-das-cooperativas-de-habitacao-em", 1), Found("fiche-analyse-212"), Found("rtes-1911")],
        },
        Case {
            name: "multi-word with diacritics: orcamento participativo",
            text: "orcamento participativo ",
            lang: "pt",
            expect: &[Top("experiences/285", 2), Top("analyses/522", 2)],
        },
        Case {
            name: "prefix while typing: moed",
            text: "moed",
            lang: "pt",
            expect: &[AllTopTitle(2, &["moeda"]), Top("a-moeda-social-arariboia-em-niteroi", 3), Top("experiences/273", 3)],
        },
        Case {
            name: "typo: cooperatvas finds cooperativas",
            text: "cooperatvas ",
            lang: "pt",
            expect: &[AllTopTitle(5, &["cooperativ"])],
        },
        Case {
            name: "names: Banco Palmas",
            text: "Banco Palmas ",
            lang: "pt",
            expect: &[Top("banco-palmas-25-pt", 4), Top("experiences/248", 4), AllTopTitle(4, &["banco palmas"])],
        },
        Case {
            name: "author name without diacritics: joao silva",
            text: "joao silva ",
            lang: "pt",
            expect: &[Top("hortas-comunitarias-em-teresina", 1), Total(1)],
        },
        Case {
            name: "name in a title: Paulo Freire",
            text: "Paulo Freire ",
            lang: "pt",
            expect: &[Top("educacao-popular-e-economia-solidaria-o-legado", 1)],
        },
        Case {
            name: "title beats descriptor: saneamento",
            text: "saneamento ",
            lang: "pt",
            expect: &[Top("saneamento-basico-em-favelas-o-papel-das", 1), Above("saneamento-basico-em-favelas-o-papel-das", "experiences/347")],
        },
        Case {
            name: "no result: zzzqqq",
            text: "zzzqqq",
            lang: "pt",
            expect: &[Total(0)],
        },
    ]);
}

// ---- Did you mean ---------------------------------------------------------------------------

/// A query whose words are two typos away from the index's (beyond what typo matching forgives)
/// finds nothing, and the engine proposes the nearest words of its own vocabulary, where they
/// were typed; the proposal finds what the visitor meant.
#[test]
fn a_query_that_matches_nothing_comes_with_the_nearest_words_of_the_index() {
    let (mut engine, fetch) = common::open(common::sample_index());
    let run = |engine: &mut Engine, text: &str| common::run(engine, &fetch, &Query { text: text.into(), languages: vec![Lang::parse("fr").unwrap()], ..Query::default() });
    let none = run(&mut engine, "budget particpatf");
    assert_eq!(none.total, 0, "two typos in a word are not matched");
    assert_eq!(none.did_you_mean.as_deref(), Some("budget participatif"));
    let meant = run(&mut engine, none.did_you_mean.as_deref().unwrap());
    assert!(meant.total > 0 && meant.did_you_mean.is_none());
    // A word with no neighbour in the index: nothing to propose.
    let apart = run(&mut engine, "participatif zzzzzzzzzz");
    assert_eq!((apart.total, apart.did_you_mean), (0, None));
}
