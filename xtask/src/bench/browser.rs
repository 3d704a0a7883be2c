//! `cargo xtask bench-browser`: the widget measured against the budgets of issue 4, in headless
//! Chromium.
//!
//! Three budgets, one run:
//!
//! 1. **Size**: loader + JS glue + wasm (the CSS is inside the wasm) on the wire, gzip and
//!    brotli, from the same packaging as `cargo xtask dist`.
//! 2. **Usable**: from DOMContentLoaded to a search field that answers (the first screen's
//!    results and counts in the DOM), each load in a fresh browser context.
//! 3. **Keystroke**: from a key's `beforeinput` event to the new results and counts in the DOM, once the
//!    chunks the queries need are cached.
//!
//! Each commons size is generated and built like `cargo xtask bench` does (`target/bench/genN`,
//! `target/bench/indexN`); the widget and one page per size go to `target/bench/browser/`, and
//! `target/bench` is served on 127.0.0.1 by the `serve` command's server, in a thread. The
//! timings are taken inside the page by `xtask/browser-bench.mjs` (playwright-core over Debian's
//! Chromium), which says exactly what each one spans. Like `bench`, it measures and reports and
//! never fails because a budget is missed.

use super::{build, ensure_commons, int, latency, load_average, machine_line, target_dir, today, workspace_root, write_section};
use crate::{dist, serve, test};
use std::fmt::Write as _;
use std::fs;
use std::process::Command;

/// The heading of the section this command owns in the benchmarks file.
const SECTION: &str = "## Widget in the browser (issue 4)";
/// Budgets: total gzipped size (and the aim), time to usable, keystroke p95 by commons size.
const SIZE_BUDGET_KB: f64 = 250.0;
const SIZE_AIM_KB: f64 = 180.0;
const USABLE_BUDGET_MS: f64 = 1000.0;
const KEYSTROKE_BUDGETS: [(usize, f64); 2] = [(5_000, 16.0), (50_000, 50.0)];
/// Typed one key at a time: real words of the generated French text, one to three of them.
const QUERIES: [&str; 6] = ["territoire", "énergie coopérative", "gouvernance locale", "habitat", "mobilité durable", "économie solidaire"];
const KB: f64 = 1024.0;

/// Arguments of `cargo xtask bench-browser`.
#[derive(Debug, clap::Args)]
pub struct BrowserBenchArgs {
    /// Commons sizes to measure, in resources, comma-separated.
    #[arg(long, value_delimiter = ',', default_values_t = [5_000usize, 50_000])]
    pub sizes: Vec<usize>,
    /// Page loads timed per size (each in a fresh browser context).
    #[arg(long, default_value_t = 7)]
    pub loads: usize,
    /// Measured rounds of typing the queries (after one round that fills the cache).
    #[arg(long, default_value_t = 3)]
    pub rounds: usize,
    /// Markdown file whose "Widget in the browser (issue 4)" section is (re)written; a relative
    /// path is taken from the workspace root.
    #[arg(long, default_value = "docs/BENCHMARKS.md")]
    pub out: std::path::PathBuf,
}

/// What the browser script reports for one commons size.
#[derive(Debug, serde::Deserialize)]
struct PageTimings {
    resources: usize,
    /// Milliseconds from DOMContentLoaded to usable, one per load.
    usable: Vec<f64>,
    /// Milliseconds from beforeinput to the answer in the DOM, and to the next frame.
    dom: Vec<f64>,
    frame: Vec<f64>,
}

pub fn run(args: &BrowserBenchArgs) -> Result<(), String> {
    if args.sizes.is_empty() || args.loads == 0 || args.rounds == 0 {
        return Err("give at least one size, one load and one round".into());
    }
    let root = workspace_root();
    let bench = target_dir(&root).join("bench");
    let pages = bench.join("browser");
    fs::create_dir_all(&pages).map_err(|e| format!("{}: {e}", pages.display()))?;
    let command = std::iter::once("cargo xtask".to_string()).chain(std::env::args().skip(1)).collect::<Vec<_>>().join(" ");
    let load_before = load_average();

    step("the widget, packaged as `cargo xtask dist` does");
    let assets = dist::build_widget(&dist::WidgetArgs::default())?;
    let sizes = dist::sizes(&assets);
    dist::print_sizes(&sizes);
    let atlas = pages.join("atlas");
    let _ = fs::remove_dir_all(&atlas);
    for asset in &assets {
        let path = atlas.join(&asset.name);
        fs::create_dir_all(path.parent().unwrap_or(&atlas)).map_err(|e| format!("{}: {e}", atlas.display()))?;
        fs::write(&path, &asset.bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    }

    step("building the release index-builder");
    let bin = build::release_binary(&root, &target_dir(&root))?;
    for &size in &args.sizes {
        step(&format!("{size} resources"));
        let commons = ensure_commons(&bench, size)?;
        let index = bench.join(format!("index{size}"));
        let log = bench.join(format!("build{size}.log"));
        let run = build::run(&bin, &commons.join("commons.toml"), &index, &log)?;
        if !run.success {
            return Err(format!("the {size}-resource build failed ({}); see {}", run.status, log.display()));
        }
        let page = pages.join(format!("page{size}.html"));
        fs::write(&page, page_html(size)).map_err(|e| format!("{}: {e}", page.display()))?;
    }

    test::ensure_chromium()?;
    test::ensure_e2e_packages(&root)?;
    let listener = serve::bind(0)?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let served = bench.clone();
    std::thread::spawn(move || serve::serve(listener, &served, &serve::Options::default()));

    step("timing the widget in headless Chromium (xtask/browser-bench.mjs)");
    let input = serde_json::json!({
        "chromium": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
        "pages": args.sizes.iter().map(|s| serde_json::json!({ "resources": s, "url": format!("http://{addr}/browser/page{s}.html") })).collect::<Vec<_>>(),
        "loads": args.loads,
        "rounds": args.rounds,
        "queries": QUERIES,
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

/// A plain partner page: the loader in the head, the widget pointed at the size's index.
fn page_html(size: usize) -> String {
    format!(
        "<!doctype html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>commons-atlas: {size} resources</title>\n<script src=\"atlas/atlas.js\" defer></script>\n</head>\n<body>\n\
         <h1>Benchmark page, {size} resources</h1>\n<commons-atlas index=\"../index{size}/\" lang=\"fr\"></commons-atlas>\n</body>\n</html>\n"
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

fn render(sizes: &[dist::Size], timings: &[PageTimings], machine: &str, command: &str, date: &str, chromium: &str) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "{SECTION}\n");
    let _ = writeln!(
        w,
        "Measured by `cargo xtask bench-browser` (`xtask/src/bench/browser.rs`, `xtask/browser-bench.mjs`): the widget packaged as `cargo xtask dist` packages it, the commons generated and built as `cargo xtask bench` does, served from 127.0.0.1, in headless {chromium}. This section is rewritten by each run.\n"
    );
    let _ = writeln!(w, "- **Machine:** {machine}\n- **Command:** `{command}`\n- **Date:** {date}\n");

    let kb = |b: u64| format!("{:.1} KB", b as f64 / KB);
    let _ = writeln!(w, "### Size on the wire\n");
    let _ = writeln!(
        w,
        "The loader, the JS glue and the wasm (the widget's CSS is compiled into the wasm). gzip at level 6, as a server compressing on the fly sends it; brotli at quality 11, as a host that precompresses does.\n"
    );
    let _ = writeln!(w, "| file | raw | gzip | brotli |\n|---|---:|---:|---:|");
    for row in sizes {
        let name = if row.name == "total" { "**total**".to_string() } else { format!("`{}`", row.name) };
        let _ = writeln!(w, "| {name} | {} | {} | {} |", kb(row.raw), kb(row.gzip), kb(row.brotli));
    }
    if let Some(total) = sizes.iter().find(|r| r.name == "total") {
        let gz = total.gzip as f64 / KB;
        let verdict = if gz <= SIZE_BUDGET_KB {
            format!("met ({gz:.1} KB; the aim, {SIZE_AIM_KB:.0} KB, is {})", if gz <= SIZE_AIM_KB { "met too".to_string() } else { format!("{:.1} KB away", gz - SIZE_AIM_KB) })
        } else {
            format!("**missed** by {:.1} KB (+{:.0} %)", gz - SIZE_BUDGET_KB, (gz / SIZE_BUDGET_KB - 1.0) * 100.0)
        };
        let _ = writeln!(w, "\nBudget: ≤ {SIZE_BUDGET_KB:.0} KB gzipped in total: {verdict}.\n");
    }

    let ms = |v: f64| format!("{v:.1} ms");
    let _ = writeln!(w, "### Usable after DOMContentLoaded\n");
    let _ = writeln!(
        w,
        "From the page's DOMContentLoaded to an enabled search field *and* the first answer in the DOM (the first screen's results and atlas counts): the widget is loaded (the loader, the wasm compiled while it streams), the index opened (entry, manifest, facets) and the first search run. Each load is a fresh browser context with an empty cache.\n"
    );
    let _ = writeln!(w, "| resources | loads | median | max | budget | met? |\n|---:|---:|---:|---:|---|---|");
    for t in timings {
        let s = latency::spread(&t.usable);
        let met = if s.max <= USABLE_BUDGET_MS { "yes (every load)".to_string() } else { format!("**no**: the slowest load {:.0} ms over", s.max - USABLE_BUDGET_MS) };
        let _ = writeln!(w, "| {} | {} | {} | {} | ≤ {USABLE_BUDGET_MS:.0} ms | {met} |", int(t.resources as u64), s.n, ms(s.median), ms(s.max));
    }

    let _ = writeln!(w, "\n### From a keystroke to updated results and counts\n");
    let _ = writeln!(
        w,
        "The queries {} typed one key at a time, then erased (select all, Backspace): one round to fill the cache, then the measured rounds. Each sample runs from the key's `beforeinput` event to the DOM mutation that shows its answer (result list, total and every facet and matrix count are written in the same render); \"next frame\" adds the wait for the following animation frame. Keys are {} ms apart, longer than the widget's typing delay, so each key is searched at once. Percentiles are nearest-rank.\n",
        QUERIES.iter().map(|q| format!("\"{q}\"")).collect::<Vec<_>>().join(", "),
        120
    );
    let _ = writeln!(w, "| resources | keystrokes | median | p95 | max | p95 to next frame | budget (p95) | met? |\n|---:|---:|---:|---:|---:|---:|---|---|");
    for t in timings {
        let mut sorted = t.dom.clone();
        sorted.sort_by(f64::total_cmp);
        let p95 = latency::percentile(&sorted, 95.0);
        let mut frames = t.frame.clone();
        frames.sort_by(f64::total_cmp);
        let s = latency::spread(&t.dom);
        let budget = KEYSTROKE_BUDGETS.iter().find(|(n, _)| *n == t.resources).map(|b| b.1);
        let (budget_text, met) = match budget {
            Some(b) if p95 <= b => (format!("≤ {b:.0} ms"), "yes".to_string()),
            Some(b) => (format!("≤ {b:.0} ms"), format!("**no**: {:.1} ms over (+{:.0} %)", p95 - b, (p95 / b - 1.0) * 100.0)),
            None => ("—".into(), "—".into()),
        };
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {} | {} | {budget_text} | {met} |",
            int(t.resources as u64),
            s.n,
            ms(s.median),
            ms(p95),
            ms(s.max),
            ms(latency::percentile(&frames, 95.0))
        );
    }
    out
}
