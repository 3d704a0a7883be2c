//! `cargo xtask bench`: the index and engine measured against the budgets of issue 3.
//!
//! The budgets (build time and memory, bytes per resource of each kind of file, the cost of a
//! cold query, native latency) are only worth something if they are measured the same way every
//! time, on the same data, and written down where the project keeps its figures. This command
//! does the whole round for each commons size, from the generator to a markdown section of
//! `docs/BENCHMARKS.md`:
//!
//! 1. the commons, from the generator with seed 1 (`target/bench/genN`, reused when a stamp says
//!    it was generated with the same size and seed);
//! 2. the build, with the release binary as a child process ([`build`]);
//! 3. bytes by kind of file, from `index_builder::stats`;
//! 4. a cold query: what a visitor's first search fetches, from a fresh engine;
//! 5. native latency over a seeded mix of queries ([`queries`], [`latency`]).
//!
//! It measures and reports; it never fails because a budget is missed (benchmarks are not
//! tests). It fails only when something cannot be measured at all.

pub mod browser;
mod build;
pub mod thesaurus;
mod latency;
mod queries;

use crate::gen::{self, GenArgs};
use commons_atlas::engine::{block_on, Engine, FsFetch, Query};
use commons_atlas::format::Kind as FileKind;
use commons_atlas::model::Lang;
use index_builder::output::civil_from_days;
use index_builder::stats::{self, IndexStats};
use latency::{Spread, Timed, WarmUp};
use queries::{Kind, Material, Planned};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// The heading of the section this command owns in the benchmarks file.
const SECTION: &str = "## Index and engine (issue 3)";
/// Seed of the generated commons.
const GEN_SEED: u64 = 1;
/// Seed of the query mix.
const QUERY_SEED: u64 = 1;
/// The cold query: two frequent real words of the generated French text, both complete.
const COLD_QUERY: &str = "territoire coopérative ";
/// The size the budgets are stated at.
const BUDGET_SIZE: usize = 50_000;
const KB: f64 = 1024.0;

/// Arguments of `cargo xtask bench`.
#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// Commons sizes to measure, in resources, comma-separated.
    #[arg(long, value_delimiter = ',', default_values_t = [5_000usize, 50_000, 100_000])]
    pub sizes: Vec<usize>,
    /// Number of queries of the latency mix.
    #[arg(long, default_value_t = 1000)]
    pub queries: usize,
    /// Markdown file whose "Index and engine (issue 3)" section is (re)written; a relative path
    /// is taken from the workspace root.
    #[arg(long, default_value = "docs/BENCHMARKS.md")]
    pub out: PathBuf,
}

/// Everything measured at one size.
struct SizeResult {
    resources: usize,
    build: build::BuildRun,
    /// The rest, when the build succeeded and the index could be read.
    index: Result<IndexResult, String>,
}

struct IndexResult {
    stats: IndexStats,
    /// Per kind of file, the largest file once gzipped.
    largest_gzip: BTreeMap<&'static str, u64>,
    cold: Cold,
    warm: WarmUp,
    timed: Vec<Timed>,
    mix: Vec<Planned>,
    /// Descriptions of the mix's queries, for the slowest.
    described: Vec<String>,
}

/// What a first search cost.
struct Cold {
    /// Files loaded, with their size on disk and gzipped.
    files: Vec<(String, u64, u64)>,
    total: u32,
}

/// Run `cargo xtask bench`.
pub fn run(args: &BenchArgs) -> Result<(), String> {
    if args.sizes.is_empty() || args.queries == 0 {
        return Err("give at least one size and one query".into());
    }
    let root = workspace_root();
    let target = target_dir(&root);
    let bench = target.join("bench");
    fs::create_dir_all(&bench).map_err(|e| format!("{}: {e}", bench.display()))?;
    let command = std::iter::once("cargo xtask".to_string()).chain(std::env::args().skip(1)).collect::<Vec<_>>().join(" ");

    let load_before = load_average();
    step("building the release index-builder");
    let bin = build::release_binary(&root, &target)?;

    let mut results = Vec::new();
    for &size in &args.sizes {
        step(&format!("{size} resources"));
        let commons = ensure_commons(&bench, size)?;
        let index_dir = bench.join(format!("index{size}"));
        let log = bench.join(format!("build{size}.log"));
        let run = build::run(&bin, &commons.join("commons.toml"), &index_dir, &log)?;
        println!(
            "build: {:.2} s, peak {:.0} MiB, {} (log: {})",
            run.wall.as_secs_f64(),
            run.peak_mib(),
            run.status,
            log.display()
        );
        let index = if run.success {
            measure_index(&index_dir, args.queries)
        } else {
            Err(format!("the build failed ({}); see {}", run.status, log.display()))
        };
        if let Err(e) = &index {
            println!("error: {e}");
        }
        results.push(SizeResult { resources: size, build: run, index });
    }

    let out = if args.out.is_absolute() { args.out.clone() } else { root.join(&args.out) };
    let section = render(&results, &machine_line(&load_before), &command, &today());
    write_section(&out, SECTION, &section)?;
    step(&format!("wrote the section \"{}\" of {}", &SECTION[3..], out.display()));
    print!("{section}");
    Ok(())
}

/// The machine, with the load average at the start of the run (`before`) and now.
pub(crate) fn machine_line(before: &str) -> String {
    format!("{}; load average (1 min) {before} at the start of the run, {} at its end", machine(), load_average())
}

/// Writes `section` as the part of the benchmarks file `out` under `heading`, leaving the
/// other sections (each command owns one) as they are.
pub(crate) fn write_section(out: &Path, heading: &str, section: &str) -> Result<(), String> {
    let before = fs::read_to_string(out).unwrap_or_else(|_| "# Benchmarks\n".to_string());
    fs::write(out, replace_section(&before, heading, section)).map_err(|e| format!("{}: {e}", out.display()))
}

pub(crate) fn step(what: &str) {
    println!("==> bench: {what}");
}

pub(crate) fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask is inside the workspace").to_path_buf()
}

pub(crate) fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}

/// The generated commons of `size` resources, generated unless a previous run left it.
pub(crate) fn ensure_commons(bench: &Path, size: usize) -> Result<PathBuf, String> {
    let dir = bench.join(format!("gen{size}"));
    let stamp = bench.join(format!("gen{size}.stamp"));
    let made_by = format!("cargo xtask gen --resources {size} --seed {GEN_SEED}\n");
    if dir.join("commons.toml").is_file() && fs::read_to_string(&stamp).ok().as_deref() == Some(made_by.as_str()) {
        println!("gen: reusing {}", dir.display());
        return Ok(dir);
    }
    // The stamp is written last: a folder without it may be a generation cut short.
    let _ = fs::remove_file(&stamp);
    if dir.exists() {
        fs::remove_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    gen::run(&GenArgs::commons(size, GEN_SEED, dir.clone())).map_err(|e| e.to_string())?;
    fs::write(&stamp, made_by).map_err(|e| format!("{}: {e}", stamp.display()))?;
    Ok(dir)
}

/// Steps 3 to 5 on a built index.
fn measure_index(dir: &Path, queries: usize) -> Result<IndexResult, String> {
    let stats = stats::collect(dir).map_err(|e| e.to_string())?;
    let largest_gzip = largest_gzip(dir)?;
    print!("{}", stats::render(&stats));

    let fetch = FsFetch { dir: dir.to_path_buf() };
    let cold = cold_query(dir, &fetch)?;
    let gzip: u64 = cold.files.iter().map(|f| f.2).sum();
    println!("cold query {COLD_QUERY:?}: {} files, {gzip} bytes gzipped, {} results", cold.files.len(), cold.total);

    let mut engine = block_on(Engine::open(&fetch, &[])).map_err(|e| e.to_string())?;
    let material = Material::new(&engine.manifest, latency::index_terms(dir, &engine.manifest)?);
    let mix = queries::mix(&material, queries, QUERY_SEED);
    let warm = latency::warm_up(&mut engine, &fetch, &mix)?;
    println!("warm-up: {} queries in {:.2} s, {} files in memory", mix.len(), warm.wall.as_secs_f64(), warm.files);
    let timed = latency::measure(&engine, &mix)?;
    let s = latency::spread(&timed.iter().map(|t| t.millis).collect::<Vec<_>>());
    println!("latency: median {:.3} ms, p90 {:.3} ms, p99 {:.3} ms, max {:.3} ms", s.median, s.p90, s.p99, s.max);
    let described = mix.iter().map(|p| queries::describe(&p.query, &engine.manifest.thesaurus)).collect();
    Ok(IndexResult { stats, largest_gzip, cold, warm, timed, mix, described })
}

/// Per kind of file, the largest file once gzipped.
fn largest_gzip(dir: &Path) -> Result<BTreeMap<&'static str, u64>, String> {
    let mut out = BTreeMap::new();
    // The current release's files (the folder keeps earlier ones too).
    let fetch = FsFetch { dir: dir.to_path_buf() };
    let engine = block_on(Engine::open(&fetch, &[])).map_err(|e| e.to_string())?;
    let names = engine.manifest.file_names().into_iter().chain([engine.manifest_file.clone()]);
    for name in names {
        let Some(kind) = FileKind::of_file_name(&name) else { continue };
        let path = dir.join(&name);
        let bytes = fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let largest = out.entry(kind.name()).or_insert(0);
        *largest = stats::gzip_len(&bytes).max(*largest);
    }
    Ok(out)
}

/// A fresh engine's first search, with the records of its first page.
fn cold_query(dir: &Path, fetch: &FsFetch) -> Result<Cold, String> {
    let mut engine = block_on(Engine::open(fetch, &[])).map_err(|e| e.to_string())?;
    let query = Query {
        text: COLD_QUERY.into(),
        languages: vec![Lang::parse("fr").expect("a valid code")],
        page_size: 10,
        ..Query::default()
    };
    let results = block_on(engine.run(&query, fetch)).map_err(|e| e.to_string())?;
    let mut files = Vec::new();
    for name in &engine.loaded {
        let bytes = fs::read(dir.join(name)).map_err(|e| format!("{name}: {e}"))?;
        files.push((name.clone(), bytes.len() as u64, stats::gzip_len(&bytes)));
    }
    Ok(Cold { files, total: results.total })
}

// ---------------------------------------------------------------------------------------------
// The markdown section.

/// The machine, in one line.
fn machine() -> String {
    let nproc = std::process::Command::new("nproc")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or("?".into(), |n| n.to_string()));
    let field = |file: &str, key: &str| -> Option<String> {
        let text = fs::read_to_string(file).ok()?;
        let line = text.lines().find(|l| l.starts_with(key))?;
        Some(line.split_once([':', '=']).map_or("", |(_, v)| v).trim().trim_matches('"').to_string())
    };
    let model = field("/proc/cpuinfo", "model name").unwrap_or_else(|| "unknown CPU".into());
    let memory = field("/proc/meminfo", "MemTotal")
        .and_then(|v| v.trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or("unknown memory".into(), |kib| format!("{:.1} GiB of memory", kib / (1024.0 * 1024.0)));
    let os = field("/etc/os-release", "PRETTY_NAME").unwrap_or_else(|| std::env::consts::OS.into());
    let rustc = std::process::Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()))
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map_or_else(|| "rustc ?".into(), |s| s.trim().to_string());
    format!("{nproc} cores (`nproc`), {model}, {memory}, {os}, {rustc}")
}

/// The one-minute load average: the machine is shared, and other jobs slow the timings down.
pub(crate) fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

/// Today's date (UTC), as YYYY-MM-DD.
pub(crate) fn today() -> String {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}


/// `text` with the section under `heading` (up to the next `## ` heading) replaced by `section`,
/// or with `section` appended when there is no such heading.
fn replace_section(text: &str, heading: &str, section: &str) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let section = format!("{}\n", section.trim_end());
    let Some(start) = lines.iter().position(|l| l.trim_end() == heading) else {
        let mut out = text.trim_end().to_string();
        out.push_str("\n\n");
        out.push_str(&section);
        return out;
    };
    let end = lines[start + 1..].iter().position(|l| l.starts_with("## ")).map_or(lines.len(), |i| start + 1 + i);
    let mut out: String = lines[..start].concat();
    out.push_str(&section);
    if end < lines.len() {
        out.push('\n');
        out.push_str(&lines[end..].concat());
    }
    out
}

/// `n` with thousands separators, as the builder's report writes counts.
pub(crate) fn int(n: u64) -> String {
    index_builder::ingest::thousands(n as usize)
}

/// Bytes under 1 KB as bytes, larger sizes in KB with one decimal: "512 B", "1,636.2 KB".
fn kb(bytes: f64) -> String {
    if bytes < KB {
        return format!("{bytes:.0} B");
    }
    let tenths = (bytes / KB * 10.0).round() as u64;
    format!("{}.{} KB", int(tenths / 10), tenths % 10)
}

fn per_resource(bytes: u64, resources: usize) -> f64 {
    bytes as f64 / resources.max(1) as f64
}

/// `None` when `value` is within `budget`, else what the miss is: "wall 3.2 s over (+32 %)".
pub(crate) fn miss(what: &str, value: f64, budget: f64, show: impl Fn(f64) -> String) -> Option<String> {
    (value > budget).then(|| {
        let what = if what.is_empty() { String::new() } else { format!("{what} ") };
        format!("{what}{} over (+{:.0} %)", show(value - budget), (value - budget) / budget * 100.0)
    })
}

/// The budgets missed, gathered while the tables are written, for the closing list.
#[derive(Default)]
pub(crate) struct Misses(Vec<String>);

impl Misses {
    /// "yes", or "**no**: " and every miss (also kept, under `context`, for the closing list).
    pub(crate) fn verdict(&mut self, context: String, misses: impl IntoIterator<Item = Option<String>>) -> String {
        let misses: Vec<String> = misses.into_iter().flatten().collect();
        if misses.is_empty() {
            return "yes".into();
        }
        let text = misses.join("; ");
        self.0.push(format!("{context}: {text}"));
        format!("**no**: {text}")
    }
}

fn render(results: &[SizeResult], machine: &str, command: &str, date: &str) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "{SECTION}\n");
    let _ = writeln!(
        w,
        "Measured by `cargo xtask bench` (`xtask/src/bench/`): each commons is generated with \
         `cargo xtask gen --seed {GEN_SEED}`, built by the release `index-builder build` run as a child process, \
         and searched natively by the engine (`FsFetch`). This section is rewritten by each run.\n"
    );
    let _ = writeln!(w, "- **Machine:** {machine}");
    let _ = writeln!(w, "- **Command:** `{command}`");
    let _ = writeln!(w, "- **Date:** {date}\n");
    let _ = writeln!(
        w,
        "Budgets are stated at {} resources; besides, 100,000 must build, the cold query has its own budget at \
         5,000, and no text chunk may exceed 64 KB at any size. \"—\" marks a row with no budget. KB means 1,024 \
         bytes. A miss says by how much.\n",
        int(BUDGET_SIZE as u64)
    );
    let mut misses = Misses::default();
    for r in results {
        if let Err(e) = &r.index {
            misses.0.push(format!("{} resources: not measured: {e}", int(r.resources as u64)));
        }
    }
    render_build(w, results, &mut misses);
    render_sizes(w, results, &mut misses);
    render_cold(w, results, &mut misses);
    render_latency(w, results, &mut misses);
    let _ = writeln!(w, "### Budgets missed\n");
    if misses.0.is_empty() {
        let _ = writeln!(w, "None.");
    }
    for m in &misses.0 {
        let _ = writeln!(w, "- {m}");
    }
    out
}

fn render_build(w: &mut String, results: &[SizeResult], misses: &mut Misses) {
    let _ = writeln!(w, "### Build\n");
    let _ = writeln!(
        w,
        "`index-builder build --config … --out …`, from start to exit; peak memory is the child's `ru_maxrss` \
         (from `wait4`).\n"
    );
    let _ = writeln!(w, "| resources | wall | peak memory | budget | met? |\n|---:|---:|---:|---|---|");
    for r in results {
        let b = &r.build;
        let secs = b.wall.as_secs_f64();
        let context = format!("{} resources, build", int(r.resources as u64));
        let (budget, met) = if r.resources == BUDGET_SIZE {
            (
                "builds, ≤ 10 s, ≤ 1,024 MiB",
                misses.verdict(
                    context,
                    [
                        (!b.success).then(|| format!("failed ({})", b.status)),
                        miss("wall", secs, 10.0, |v| format!("{v:.1} s")),
                        miss("memory", b.peak_mib(), 1024.0, |v| format!("{v:.0} MiB")),
                    ],
                ),
            )
        } else if r.resources > BUDGET_SIZE {
            ("builds", misses.verdict(context, [(!b.success).then(|| format!("failed ({})", b.status))]))
        } else {
            ("—", if b.success { "—".to_string() } else { misses.verdict(context, [Some(format!("failed ({})", b.status))]) })
        };
        let _ = writeln!(w, "| {} | {secs:.2} s | {:.0} MiB | {budget} | {met} |", int(r.resources as u64), b.peak_mib());
    }
    let _ = writeln!(w);
}

fn render_sizes(w: &mut String, results: &[SizeResult], misses: &mut Misses) {
    let _ = writeln!(w, "### Bytes by kind of file\n");
    let _ = writeln!(
        w,
        "Files as written (DEFLATE inside their container); gzip is what a server that gzips anyway sends. \
         \"largest\" is the largest single file of the kind, gzipped. The Bloom filters are part of the manifest.\n"
    );
    let _ = writeln!(
        w,
        "| resources | kind | files | on disk | gzip | gzip / resource | largest | budget | met? |\n|---:|---|---:|---:|---:|---:|---:|---|---|"
    );
    for r in results {
        let Ok(ix) = &r.index else { continue };
        let n = r.resources;
        for (kind, k) in &ix.stats.kinds {
            let per = per_resource(k.bytes_gzip, n);
            let largest = ix.largest_gzip.get(kind).copied().unwrap_or(0);
            let context = format!("{} resources, {kind}", int(n as u64));
            let per_res = |v: f64| format!("{v:.1} B/resource");
            let at_budget_size = n == BUDGET_SIZE;
            let (budget, met) = match *kind {
                "manifest" if at_budget_size => ("≤ 60 KB", misses.verdict(context, [miss("", k.bytes_gzip as f64, 60.0 * KB, kb)])),
                "facets" if at_budget_size => ("≤ 8 B / resource", misses.verdict(context, [miss("", per, 8.0, per_res)])),
                "text" if at_budget_size => (
                    "≤ 100 B / resource, each ≤ 64 KB",
                    misses.verdict(context, [miss("", per, 100.0, per_res), miss("largest", largest as f64, 64.0 * KB, kb)]),
                ),
                // A cap on each file, whatever the size of the commons.
                "text" => ("each ≤ 64 KB", misses.verdict(context, [miss("largest", largest as f64, 64.0 * KB, kb)])),
                "records" if at_budget_size => ("≤ 300 B / resource", misses.verdict(context, [miss("", per, 300.0, per_res)])),
                _ => ("—", "—".to_string()),
            };
            let _ = writeln!(
                w,
                "| {} | {kind} | {} | {} | {} | {per:.1} B | {} | {budget} | {met} |",
                int(n as u64),
                int(k.files as u64),
                kb(k.bytes as f64),
                kb(k.bytes_gzip as f64),
                kb(largest as f64)
            );
            if *kind == "manifest" {
                let _ = writeln!(
                    w,
                    "| {} | (of which Bloom filters, one per text chunk) | | {} | | | | | |",
                    int(n as u64),
                    kb(ix.stats.bloom_bytes as f64)
                );
            }
        }
        let _ = writeln!(
            w,
            "| {} | **total** | {} | {} | {} | {:.1} B | | | |",
            int(n as u64),
            int(ix.stats.files as u64),
            kb(ix.stats.bytes as f64),
            kb(ix.stats.bytes_gzip as f64),
            per_resource(ix.stats.bytes_gzip, n)
        );
    }
    let _ = writeln!(w);
}

fn render_cold(w: &mut String, results: &[SizeResult], misses: &mut Misses) {
    let _ = writeln!(w, "### Cold query\n");
    let _ = writeln!(
        w,
        "A fresh engine (`Engine::open`) runs `{COLD_QUERY:?}` (visitor language fr, page size 10) with `Engine::run`: \
         the files it loads are the entry, the manifest, the facets, the text chunks the words need and the \
         record chunks of the first 10 results (`Engine::loaded`).\n"
    );
    let _ = writeln!(
        w,
        "| resources | results | files | made of | on disk | gzip | budget | met? |\n|---:|---:|---:|---|---:|---:|---|---|"
    );
    for r in results {
        let Ok(ix) = &r.index else { continue };
        let files = &ix.cold.files;
        let disk: u64 = files.iter().map(|f| f.1).sum();
        let gzip: u64 = files.iter().map(|f| f.2).sum();
        let mut by_kind: BTreeMap<usize, (&str, usize)> = BTreeMap::new();
        for (name, _, _) in files {
            let kind = FileKind::of_file_name(name);
            let order = kind.map_or(9, |k| FileKind::ALL.iter().position(|&x| x == k).unwrap_or(9));
            by_kind.entry(order).or_insert((kind.map_or("other", |k| k.name()), 0)).1 += 1;
        }
        let made_of: Vec<String> = by_kind.values().map(|(k, c)| format!("{c} {k}")).collect();
        let limit = match r.resources {
            BUDGET_SIZE => Some(600.0),
            5_000 => Some(80.0),
            _ => None,
        };
        let (budget, met) = match limit {
            Some(limit) => (
                format!("≤ {limit:.0} KB in ≤ 6 files"),
                misses.verdict(
                    format!("{} resources, cold query", int(r.resources as u64)),
                    [miss("", gzip as f64, limit * KB, kb), miss("files", files.len() as f64, 6.0, |v| format!("{v:.0}"))],
                ),
            ),
            None => ("—".into(), "—".into()),
        };
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {} | {} | {budget} | {met} |",
            int(r.resources as u64),
            int(u64::from(ix.cold.total)),
            files.len(),
            made_of.join(", "),
            kb(disk as f64),
            kb(gzip as f64)
        );
    }
    let _ = writeln!(w);
}

fn render_latency(w: &mut String, results: &[SizeResult], misses: &mut Misses) {
    let _ = writeln!(w, "### Native query latency\n");
    let queries = results.iter().find_map(|r| r.index.as_ref().ok()).map_or(0, |ix| ix.mix.len());
    let _ = writeln!(
        w,
        "{} seeded queries (seed {QUERY_SEED}, `xtask/src/bench/queries.rs`): one word, two words, prefixes, \
         typos, descriptor and family selections, matrix cells, words with an atlas selection and site/language \
         filters, and the first screen (no text). Each query first runs once through `Engine::run` (warm-up: every \
         chunk it needs is loaded); then `Engine::search` (query, every facet count, top 20) is timed for each \
         query in {} rounds, and each query keeps its best time. Percentiles are nearest-rank.\n",
        int(queries as u64),
        latency::ROUNDS
    );
    let _ = writeln!(
        w,
        "| resources | files in memory | median | p90 | p99 | max | budget | met? |\n|---:|---:|---:|---:|---:|---:|---|---|"
    );
    for r in results {
        let Ok(ix) = &r.index else { continue };
        let s = latency::spread(&ix.timed.iter().map(|t| t.millis).collect::<Vec<_>>());
        let (budget, met) = if r.resources == BUDGET_SIZE {
            (
                "median ≤ 2 ms, p99 ≤ 10 ms",
                misses.verdict(
                    format!("{} resources, latency", int(r.resources as u64)),
                    [miss("median", s.median, 2.0, |v| format!("{v:.2} ms")), miss("p99", s.p99, 10.0, |v| format!("{v:.2} ms"))],
                ),
            )
        } else {
            ("—", "—".to_string())
        };
        let _ = writeln!(
            w,
            "| {} | {} | {:.3} ms | {:.3} ms | {:.3} ms | {:.3} ms | {budget} | {met} |",
            int(r.resources as u64),
            int(ix.warm.files as u64),
            s.median,
            s.p90,
            s.p99,
            s.max
        );
    }
    let _ = writeln!(w);

    // By kind: where the time goes.
    let measured: Vec<(usize, &IndexResult)> = results.iter().filter_map(|r| Some((r.resources, r.index.as_ref().ok()?))).collect();
    let Some(&(largest_size, largest)) = measured.iter().max_by_key(|(n, _)| *n) else { return };
    let _ = writeln!(w, "By kind of query (median / p99 / max, ms):\n");
    let mut head = "| kind | queries |".to_string();
    let mut rule = "|---|---:|".to_string();
    for (n, _) in &measured {
        let _ = write!(head, " {} |", int(*n as u64));
        rule.push_str("---:|");
    }
    let _ = writeln!(w, "{head}\n{rule}");
    for kind in Kind::ALL {
        let count = largest.timed.iter().filter(|t| t.kind == kind).count();
        let mut row = format!("| {} | {count} |", kind.label());
        for (_, ix) in &measured {
            let times: Vec<f64> = ix.timed.iter().filter(|t| t.kind == kind).map(|t| t.millis).collect();
            let s: Spread = latency::spread(&times);
            let _ = write!(row, " {:.2} / {:.2} / {:.2} |", s.median, s.p99, s.max);
        }
        let _ = writeln!(w, "{row}");
    }
    let _ = writeln!(w);

    // The slowest queries of the largest size.
    let mut slowest: Vec<&Timed> = largest.timed.iter().collect();
    slowest.sort_by(|a, b| b.millis.total_cmp(&a.millis));
    let _ = writeln!(w, "The slowest queries at {} resources:\n", int(largest_size as u64));
    let _ = writeln!(w, "| time | kind | results | query |\n|---:|---|---:|---|");
    for t in slowest.iter().take(8) {
        let _ = writeln!(
            w,
            "| {:.2} ms | {} | {} | {} |",
            t.millis,
            t.kind.label(),
            int(u64::from(t.total)),
            largest.described[t.index].replace('|', "\\|")
        );
    }
    let _ = writeln!(w);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_is_replaced_in_place_or_appended() {
        let doc = "# Benchmarks\n\nintro\n\n## Ingest (issue 2)\n\nold ingest\n\n## Index and engine (issue 3)\n\nold\n### sub\nold too\n\n## Later\n\nkept\n";
        let new = replace_section(doc, SECTION, "## Index and engine (issue 3)\n\nnew\n");
        assert_eq!(new, "# Benchmarks\n\nintro\n\n## Ingest (issue 2)\n\nold ingest\n\n## Index and engine (issue 3)\n\nnew\n\n## Later\n\nkept\n");
        let last = replace_section("# B\n\n## Index and engine (issue 3)\n\nold\n", SECTION, "## Index and engine (issue 3)\n\nnew\n");
        assert_eq!(last, "# B\n\n## Index and engine (issue 3)\n\nnew\n");
        let appended = replace_section("# B\n\n## Ingest\n\nx\n", SECTION, "## Index and engine (issue 3)\n\nnew\n");
        assert_eq!(appended, "# B\n\n## Ingest\n\nx\n\n## Index and engine (issue 3)\n\nnew\n");
    }

    #[test]
    fn misses_say_by_how_much() {
        assert_eq!(miss("wall", 9.0, 10.0, |v| format!("{v:.1} s")), None);
        assert_eq!(miss("wall", 12.5, 10.0, |v| format!("{v:.1} s")).unwrap(), "wall 2.5 s over (+25 %)");
        let mut misses = Misses::default();
        assert_eq!(misses.verdict("x".into(), [None, None]), "yes");
        assert_eq!(misses.verdict("50,000 resources, text".into(), [Some("a".into()), None, Some("b".into())]), "**no**: a; b");
        assert_eq!(misses.0, ["50,000 resources, text: a; b"]);
    }

    #[test]
    fn dates_and_numbers_are_written_plainly() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(int(5_000), "5,000");
        assert_eq!(int(100_000), "100,000");
        assert_eq!(int(999), "999");
        assert_eq!(int(1_234_567), "1,234,567");
        assert_eq!(kb(512.0), "512 B");
        assert_eq!(kb(1_675_469.0), "1,636.2 KB");
    }
}
