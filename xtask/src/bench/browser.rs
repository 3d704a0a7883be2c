//! `cargo xtask bench-browser`: the widget's first visit and its keystrokes, in headless
//! Chromium, against the budgets of issues 4 and 13.
//!
//! One run measures, for each commons size:
//!
//! 1. **Code**: loader + JS glue + wasm (the stylesheet is in the loader) on the wire, gzip and
//!    brotli, from the same packaging as `cargo xtask dist`.
//! 2. **The first visit**, each in a fresh browser context (an empty cache): the time and the
//!    bytes until the search field takes typing; a 2-word query typed at that moment, and the
//!    time and bytes until its results and every count are shown; the record bytes per result
//!    shown; the bytes a family box costs once ticked.
//! 3. **Keystrokes**: from a key's `beforeinput` event to the new results and counts in the DOM,
//!    once the chunks the queries need are cached.
//!
//! And, on a commons whose thesaurus has 10,000 concepts, the first visit's bytes with the
//! thesaurus in 2 languages and in 30 (`cargo xtask gen --thesaurus`): the other languages'
//! labels are not meant to cost the first visit anything.
//!
//! Each commons size is generated and built like `cargo xtask bench` does (`target/bench/genN`,
//! `target/bench/indexN`); the widget (with its `.br`/`.gz` companions, as `dist` writes them)
//! and one page per commons go to `target/bench/browser/`, and `target/bench` is served on
//! 127.0.0.1 by the `serve` command's server, in a thread, which sends the companions by
//! `Accept-Encoding` and the index files as they are. The measurements are taken inside the page
//! by `xtask/browser-bench.mjs` (playwright-core over Debian's Chromium), which says exactly
//! what each one spans. Like `bench`, it measures and reports and never fails because a budget
//! is missed.

use super::{build, ensure_commons, int, latency, load_average, machine_line, target_dir, today, workspace_root, write_section};
use crate::gen::{self, GenArgs};
use crate::{dist, precompress, serve, test};
use std::fmt::Write as _;
use std::fs;
use std::process::Command;

/// The heading of the section this command owns in the benchmarks file.
const SECTION: &str = "## Widget in the browser (issues 4 and 13)";
/// Budgets of issue 13: code on the wire, gzip and brotli.
const CODE_BUDGET_KB: (f64, f64) = (250.0, 200.0);
/// The search field takes typing this soon after DOMContentLoaded, with at most these bytes.
const USABLE_BUDGET_MS: f64 = 100.0;
const USABLE_BUDGET_KB: f64 = 60.0;
/// Bytes to the first 2-word answer, by commons size; and its time at the largest size.
const ANSWER_BUDGETS_KB: [(usize, f64); 3] = [(5_000, 330.0), (20_000, 400.0), (50_000, 600.0)];
const ANSWER_BUDGET_MS: (usize, f64) = (50_000, 1000.0);
/// Record bytes per result shown.
const RECORD_BUDGET_KB: f64 = 1.0;
/// First-visit bytes of a thesaurus in 30 languages, at most this times those in 2.
const LANGUAGES_BUDGET: f64 = 1.3;
const KEYSTROKE_BUDGETS: [(usize, f64); 2] = [(5_000, 16.0), (50_000, 50.0)];
/// Typed one key at a time: real words of the generated French text, one to three of them.
const QUERIES: [&str; 6] = ["territoire", "énergie coopérative", "gouvernance locale", "habitat", "mobilité durable", "économie solidaire"];
/// Typed at once on the first visit.
const FIRST_QUERY: &str = "énergie coopérative";
/// The thesaurus of the languages comparison.
const LANGUAGE_CONCEPTS: usize = 10_000;
const LANGUAGE_RESOURCES: usize = 2_000;
const KB: f64 = 1024.0;

/// Arguments of `cargo xtask bench-browser`.
#[derive(Debug, clap::Args)]
pub struct BrowserBenchArgs {
    /// Commons sizes to measure, in resources, comma-separated.
    #[arg(long, value_delimiter = ',', default_values_t = [5_000usize, 20_000, 50_000])]
    pub sizes: Vec<usize>,
    /// First visits per commons (each in a fresh browser context).
    #[arg(long, default_value_t = 5)]
    pub loads: usize,
    /// Measured rounds of typing the queries (after one round that fills the cache).
    #[arg(long, default_value_t = 3)]
    pub rounds: usize,
    /// Markdown file whose "Widget in the browser" section is (re)written; a relative path is
    /// taken from the workspace root.
    #[arg(long, default_value = "docs/BENCHMARKS.md")]
    pub out: std::path::PathBuf,
    /// Measure only the keystrokes (no first visits, no languages comparison), print their table
    /// and leave the benchmarks file alone: for trying a change to the widget's rendering.
    #[arg(long)]
    pub keystrokes_only: bool,
    /// Write a CPU profile of the measured keystrokes (Chrome DevTools' `.cpuprofile`, one per
    /// commons size: `<PATH>.<size>.cpuprofile`) and print the functions with the most self time.
    #[arg(long, value_name = "PATH")]
    pub profile: Option<std::path::PathBuf>,
}

/// What the browser script reports for one first visit (see `xtask/browser-bench.mjs`).
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Visit {
    usable: f64,
    usable_bytes: u64,
    usable_requests: u32,
    answer: f64,
    answer_bytes: u64,
    answer_requests: u32,
    record_bytes: u64,
    shown: u32,
    tick_bytes: u64,
    tick_others: u32,
}

/// What the browser script reports for one page.
#[derive(Debug, serde::Deserialize)]
struct PageTimings {
    /// The page's name: the commons size, or `languages2`, `languages30`.
    page: String,
    visits: Vec<Visit>,
    /// Milliseconds from beforeinput to the answer in the DOM, and to the next frame.
    dom: Vec<f64>,
    frame: Vec<f64>,
}

pub fn run(args: &BrowserBenchArgs) -> Result<(), String> {
    if args.sizes.is_empty() || (args.loads == 0 && !args.keystrokes_only) || args.rounds == 0 {
        return Err("give at least one size, one load and one round".into());
    }
    let root = workspace_root();
    let bench = target_dir(&root).join("bench");
    let pages = bench.join("browser");
    fs::create_dir_all(&pages).map_err(|e| format!("{}: {e}", pages.display()))?;
    let command = std::iter::once("cargo xtask".to_string()).chain(std::env::args().skip(1)).collect::<Vec<_>>().join(" ");
    let load_before = load_average();

    step("the widget, packaged as `cargo xtask dist` does");
    // A profile is read by function names, which the published wasm does not carry.
    let assets = dist::build_widget(&dist::WidgetArgs { keep_names: args.profile.is_some(), ..dist::WidgetArgs::default() })?;
    let sizes = dist::sizes(&assets);
    dist::print_sizes(&sizes);
    let atlas = pages.join("atlas");
    let _ = fs::remove_dir_all(&atlas);
    for asset in assets.iter().flat_map(|a| std::iter::once(a.clone()).chain(precompress::companions(a))) {
        let path = atlas.join(&asset.name);
        fs::create_dir_all(path.parent().unwrap_or(&atlas)).map_err(|e| format!("{}: {e}", atlas.display()))?;
        fs::write(&path, &asset.bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    }

    step("building the release index-builder");
    let bin = build::release_binary(&root, &target_dir(&root))?;
    let mut served = Vec::new();
    for &size in &args.sizes {
        step(&format!("{size} resources"));
        let commons = ensure_commons(&bench, size)?;
        let index = bench.join(format!("index{size}"));
        let log = bench.join(format!("build{size}.log"));
        let run = build::run(&bin, &commons.join("commons.toml"), &index, &log)?;
        if !run.success {
            return Err(format!("the {size}-resource build failed ({}); see {}", run.status, log.display()));
        }
        served.push((size.to_string(), format!("index{size}"), true));
    }
    let languages: &[usize] = if args.keystrokes_only { &[] } else { &[2, 30] };
    for &languages in languages {
        step(&format!("a thesaurus of {LANGUAGE_CONCEPTS} concepts in {languages} languages"));
        let dir = bench.join(format!("thesaurus{LANGUAGE_CONCEPTS}x{languages}"));
        let mut gen_args = GenArgs::commons(LANGUAGE_RESOURCES, 1, dir.clone());
        (gen_args.force, gen_args.thesaurus, gen_args.concepts, gen_args.languages) = (true, true, LANGUAGE_CONCEPTS, languages);
        gen::run(&gen_args).map_err(|e| e.to_string())?;
        let index = format!("languages{languages}-index");
        let log = bench.join(format!("languages{languages}.log"));
        let run = build::run(&bin, &dir.join("commons.toml"), &bench.join(&index), &log)?;
        if !run.success {
            return Err(format!("the {languages}-language build failed ({}); see {}", run.status, log.display()));
        }
        served.push((format!("languages{languages}"), index, false));
    }
    for (name, index, _) in &served {
        let page = pages.join(format!("page{name}.html"));
        fs::write(&page, page_html(name, index)).map_err(|e| format!("{}: {e}", page.display()))?;
    }

    test::ensure_chromium()?;
    test::ensure_e2e_packages(&root)?;
    let listener = serve::bind(0)?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let root_served = bench.clone();
    std::thread::spawn(move || serve::serve(listener, &root_served, &serve::Options::default()));

    step("measuring the widget in headless Chromium (xtask/browser-bench.mjs)");
    let input = serde_json::json!({
        "chromium": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
        "pages": served.iter().map(|(name, _, keys)| serde_json::json!({
            "page": name, "url": format!("http://{addr}/browser/page{name}.html"), "keystrokes": keys,
        })).collect::<Vec<_>>(),
        "loads": if args.keystrokes_only { 0 } else { args.loads },
        "profile": args.profile.as_ref().map(|p| if p.is_absolute() { p.clone() } else { root.join(p) }),
        "rounds": args.rounds,
        "queries": QUERIES,
        "first": FIRST_QUERY,
    });
    let output = Command::new("node")
        .arg(root.join("xtask/browser-bench.mjs"))
        .arg(input.to_string())
        .current_dir(&root)
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("node: {e}"))?;
    if !output.status.success() {
        return Err(format!("the browser script failed ({})", output.status));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let last = stdout.lines().last().unwrap_or("");
    let timings: Vec<PageTimings> = serde_json::from_str(last).map_err(|e| format!("the browser script's answer: {e}: {last}"))?;

    if args.keystrokes_only {
        let mut table = String::new();
        keystroke_table(&mut table, &timings, &mut Vec::new());
        print!("{table}");
        return Ok(());
    }
    let section = render(&sizes, &timings, &machine_line(&load_before), &command, &today(), &chromium_version());
    let out = if args.out.is_absolute() { args.out.clone() } else { root.join(&args.out) };
    write_section(&out, SECTION, &section)?;
    step(&format!("wrote the section \"{}\" of {}", &SECTION[3..], out.display()));
    print!("{section}");
    Ok(())
}

fn step(what: &str) {
    println!("==> bench-browser: {what}");
}

/// A plain partner page: the loader in the head, the widget pointed at `index`.
fn page_html(name: &str, index: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>commons-atlas: {name}</title>\n<script src=\"atlas/atlas.js\" defer></script>\n</head>\n<body>\n\
         <h1>Benchmark page, {name}</h1>\n<commons-atlas index=\"../{index}/\" lang=\"fr\"></commons-atlas>\n</body>\n</html>\n"
    )
}

fn chromium_version() -> String {
    let binary = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    Command::new(&binary)
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| binary.clone())
}

/// The median of `values`.
fn median(values: impl Iterator<Item = f64>) -> f64 {
    latency::spread(&values.collect::<Vec<_>>()).median
}

/// "met", or by how much it is missed.
fn verdict(value: f64, budget: f64, unit: &str) -> String {
    if value <= budget {
        "yes".into()
    } else {
        format!("**no**: {:.1} {unit} over (+{:.0} %)", value - budget, (value / budget - 1.0) * 100.0)
    }
}

fn render(sizes: &[dist::Size], timings: &[PageTimings], machine: &str, command: &str, date: &str, chromium: &str) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "{SECTION}\n");
    let _ = writeln!(
        w,
        "Measured by `cargo xtask bench-browser` (`xtask/src/bench/browser.rs`, `xtask/browser-bench.mjs`): the widget packaged as `cargo xtask dist` packages it, the commons generated and built as `cargo xtask bench` does, served from 127.0.0.1 by `cargo xtask serve`'s server (the widget's brotli companions; the index files as they are, compressed by the builder), in headless {chromium}. This section is rewritten by each run.\n"
    );
    let _ = writeln!(w, "- **Machine:** {machine}\n- **Command:** `{command}`\n- **Date:** {date}\n");
    let kb = |b: f64| format!("{:.1} KB", b / KB);
    let ms = |v: f64| format!("{v:.0} ms");

    // Code.
    let _ = writeln!(w, "### Code on the wire\n");
    let _ = writeln!(
        w,
        "The loader (with the widget's stylesheet and the words of its frame), the JS glue and the wasm. gzip at level 6, as a server compressing on the fly sends it; brotli at quality 11, as `cargo xtask dist` precompresses it.\n"
    );
    let _ = writeln!(w, "| file | raw | gzip | brotli |\n|---|---:|---:|---:|");
    for row in sizes {
        let name = if row.name == "total" { "**total**".to_string() } else { format!("`{}`", row.name) };
        let _ = writeln!(w, "| {name} | {} | {} | {} |", kb(row.raw as f64), kb(row.gzip as f64), kb(row.brotli as f64));
    }
    let mut misses = Vec::new();
    if let Some(total) = sizes.iter().find(|r| r.name == "total") {
        let (gz, br) = (total.gzip as f64 / KB, total.brotli as f64 / KB);
        let _ = writeln!(
            w,
            "\nBudget: ≤ {:.0} KB gzip: {}; ≤ {:.0} KB brotli: {}.\n",
            CODE_BUDGET_KB.0,
            verdict(gz, CODE_BUDGET_KB.0, "KB"),
            CODE_BUDGET_KB.1,
            verdict(br, CODE_BUDGET_KB.1, "KB")
        );
        if gz > CODE_BUDGET_KB.0 {
            misses.push(format!("code, gzip: {}", verdict(gz, CODE_BUDGET_KB.0, "KB")));
        }
        if br > CODE_BUDGET_KB.1 {
            misses.push(format!("code, brotli: {}", verdict(br, CODE_BUDGET_KB.1, "KB")));
        }
    }

    // The first visit, by commons size.
    let commons: Vec<(usize, &PageTimings)> = timings.iter().filter_map(|t| Some((t.page.parse().ok()?, t))).collect();
    let loads = commons.first().map_or(0, |(_, t)| t.visits.len());
    let _ = writeln!(w, "### The first visit\n");
    let _ = writeln!(
        w,
        "Each first visit is a fresh browser context (an empty cache), {loads} per commons; the table gives the median visit. Bytes are what the page's Resource Timing entries say went over the wire (`transferSize`, headers included), the page's HTML included, for the responses complete by the moment named. *Usable*: a search field that takes typing is on screen (the loader's frame, before the wasm has arrived). *First answer*: the query \"{FIRST_QUERY}\" is typed at that moment (pasted: one `input` event), and its results and every count are shown. *Ticking a family*: the first family box of the first dimension, after the first answer.\n"
    );
    let _ = write!(w, "| median of {loads} visits |");
    for (size, _) in &commons {
        let _ = write!(w, " {} |", int(*size as u64));
    }
    let _ = writeln!(w, " budget |\n|---|{}---|", "---:|".repeat(commons.len()));
    type Row<'a> = (&'a str, Box<dyn Fn(&PageTimings) -> String + 'a>, String);
    let rows: Vec<Row> = vec![
        (
            "bytes before the search field is usable (requests)",
            Box::new(|t| format!("{} ({:.0})", kb(median(t.visits.iter().map(|v| v.usable_bytes as f64))), median(t.visits.iter().map(|v| f64::from(v.usable_requests))))),
            format!("≤ {USABLE_BUDGET_KB:.0} KB"),
        ),
        ("time to usable after DOMContentLoaded", Box::new(|t| ms(median(t.visits.iter().map(|v| v.usable)))), format!("≤ {USABLE_BUDGET_MS:.0} ms")),
        (
            "bytes to the first 2-word results with every count (requests)",
            Box::new(|t| format!("{} ({:.0})", kb(median(t.visits.iter().map(|v| v.answer_bytes as f64))), median(t.visits.iter().map(|v| f64::from(v.answer_requests))))),
            ANSWER_BUDGETS_KB.iter().map(|(n, b)| format!("≤ {b:.0} KB at {}k", n / 1000)).collect::<Vec<_>>().join(", "),
        ),
        ("time to the first answer after DOMContentLoaded", Box::new(|t| ms(median(t.visits.iter().map(|v| v.answer)))), format!("≤ {:.1} s at {}k", ANSWER_BUDGET_MS.1 / 1000.0, ANSWER_BUDGET_MS.0 / 1000)),
        (
            "record bytes per result shown",
            Box::new(|t| kb(median(t.visits.iter().map(|v| v.record_bytes as f64 / f64::from(v.shown.max(1)))))),
            format!("≤ {RECORD_BUDGET_KB:.0} KB"),
        ),
        (
            "bytes fetched when a family is ticked (requests of other files than records)",
            Box::new(|t| format!("{} ({:.0})", kb(median(t.visits.iter().map(|v| v.tick_bytes as f64))), median(t.visits.iter().map(|v| f64::from(v.tick_others))))),
            "only the records of newly shown results".into(),
        ),
    ];
    for (name, cell, budget) in &rows {
        let _ = write!(w, "| {name} |");
        for (_, t) in &commons {
            let _ = write!(w, " {} |", cell(t));
        }
        let _ = writeln!(w, " {budget} |");
    }
    let _ = writeln!(w);
    for (size, t) in &commons {
        let m = |f: &dyn Fn(&Visit) -> f64| median(t.visits.iter().map(f));
        let label = int(*size as u64);
        let mut check = |what: &str, value: f64, budget: f64, unit: &str| {
            if value > budget {
                misses.push(format!("{label} resources, {what}: {}", verdict(value, budget, unit)));
            }
        };
        check("bytes before usable", m(&|v| v.usable_bytes as f64) / KB, USABLE_BUDGET_KB, "KB");
        check("time to usable", m(&|v| v.usable), USABLE_BUDGET_MS, "ms");
        if let Some((_, b)) = ANSWER_BUDGETS_KB.iter().find(|(n, _)| n == size) {
            check("bytes to the first answer", m(&|v| v.answer_bytes as f64) / KB, *b, "KB");
        }
        if *size == ANSWER_BUDGET_MS.0 {
            check("time to the first answer", m(&|v| v.answer), ANSWER_BUDGET_MS.1, "ms");
        }
        check("record bytes per result", m(&|v| v.record_bytes as f64 / f64::from(v.shown.max(1))) / KB, RECORD_BUDGET_KB, "KB");
        let others = m(&|v| f64::from(v.tick_others));
        if others > 0.0 {
            misses.push(format!("{label} resources, ticking a family fetches {others:.0} files that are not records"));
        }
    }

    // Languages.
    let language = |n: usize| timings.iter().find(|t| t.page == format!("languages{n}"));
    if let (Some(two), Some(thirty)) = (language(2), language(30)) {
        let bytes = |t: &PageTimings| median(t.visits.iter().map(|v| v.answer_bytes as f64));
        let usable = |t: &PageTimings| median(t.visits.iter().map(|v| v.usable_bytes as f64));
        let ratio = bytes(thirty) / bytes(two);
        let _ = writeln!(w, "### Languages\n");
        let _ = writeln!(
            w,
            "A commons of {} resources indexed with a thesaurus of {} concepts (`cargo xtask gen --thesaurus`), published in 2 and in 30 languages; the same first visit as above.\n",
            int(LANGUAGE_RESOURCES as u64),
            int(LANGUAGE_CONCEPTS as u64)
        );
        let _ = writeln!(w, "| thesaurus | bytes before usable | bytes to the first answer | time to the first answer |\n|---|---:|---:|---:|");
        for (n, t) in [(2, two), (30, thirty)] {
            let _ = writeln!(w, "| {n} languages | {} | {} | {} |", kb(usable(t)), kb(bytes(t)), ms(median(t.visits.iter().map(|v| v.answer))));
        }
        let _ = writeln!(w, "\nBudget: 30 languages cost at most {LANGUAGES_BUDGET}× the first-visit bytes of 2: {ratio:.2}×, {}.\n", if ratio <= LANGUAGES_BUDGET { "met" } else { "**missed**" });
        if ratio > LANGUAGES_BUDGET {
            misses.push(format!("a thesaurus in 30 languages costs {ratio:.2}× the first-visit bytes of 2 (budget {LANGUAGES_BUDGET}×)"));
        }
    }

    keystroke_table(w, timings, &mut misses);

    let _ = writeln!(w, "\n### Budgets missed\n");
    if misses.is_empty() {
        let _ = writeln!(w, "None.");
    }
    for m in &misses {
        let _ = writeln!(w, "- {m}");
    }
    out
}

/// The keystrokes' section: latency by commons size, against the budgets (misses added to
/// `misses`).
fn keystroke_table(w: &mut String, timings: &[PageTimings], misses: &mut Vec<String>) {
    let commons: Vec<(usize, &PageTimings)> = timings.iter().filter_map(|t| Some((t.page.parse().ok()?, t))).collect();
    let _ = writeln!(w, "### From a keystroke to updated results and counts\n");
    let _ = writeln!(
        w,
        "The queries {} typed one key at a time, then erased (select all, Backspace): one round to fill the cache, then the measured rounds. Each sample runs from the key's `beforeinput` event to the DOM mutation that shows its answer (result list, total and every facet and matrix count are written in the same render); \"next frame\" adds the wait for the following animation frame. Keys are {} ms apart, longer than the widget's typing delay, so each key is searched at once. Percentiles are nearest-rank.\n",
        QUERIES.iter().map(|q| format!("\"{q}\"")).collect::<Vec<_>>().join(", "),
        120
    );
    let _ = writeln!(w, "| resources | keystrokes | median | p95 | max | p95 to next frame | budget (p95) | met? |\n|---:|---:|---:|---:|---:|---:|---|---|");
    for (size, t) in &commons {
        let mut sorted = t.dom.clone();
        sorted.sort_by(f64::total_cmp);
        let p95 = latency::percentile(&sorted, 95.0);
        let mut frames = t.frame.clone();
        frames.sort_by(f64::total_cmp);
        let s = latency::spread(&t.dom);
        let budget = KEYSTROKE_BUDGETS.iter().find(|(n, _)| n == size).map(|b| b.1);
        let (budget_text, met) = match budget {
            Some(b) => (format!("≤ {b:.0} ms"), verdict(p95, b, "ms")),
            None => ("—".into(), "—".into()),
        };
        if let Some(b) = budget.filter(|b| p95 > *b) {
            misses.push(format!("{} resources, keystroke p95: {}", int(*size as u64), verdict(p95, b, "ms")));
        }
        let ms1 = |v: f64| format!("{v:.1} ms");
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {} | {} | {budget_text} | {met} |",
            int(*size as u64),
            s.n,
            ms1(s.median),
            ms1(p95),
            ms1(s.max),
            ms1(latency::percentile(&frames, 95.0))
        );
    }
}
