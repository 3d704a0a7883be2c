//! The maintainers' command line: `index-builder check`, `build` and `stats`.
//!
//! Exit status (decided by `index_builder::policy`): 0 when the release was published (or, for
//! `check`, would be), with or without rejected records; 1 when it was refused (the atlas is
//! broken, a site lost more than its `max_rejected` share, a feed failed with no previous release
//! to fall back on, or `--strict` and any problem); 2 for bad usage or input that cannot be read
//! at all (`commons.toml`, the thesaurus, the output folder).

use clap::{Args, Parser, Subcommand};
use commons_atlas::model::Commons;
use index_builder::fetch::FetchOptions;
use index_builder::output::{self, Written};
use index_builder::policy::{self, Decision};
use index_builder::previous::Previous;
use index_builder::report::Source;
use index_builder::{ingest_with, Config, IngestOptions, Ingested, Report};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

const EXIT_STATUS: &str = "Exit status: 0 published (or, for check, would publish), with or without rejected records; 1 refused to publish: the atlas is broken, a site lost more than its max_rejected share of records (20 % unless commons.toml says), a feed could not be used and no previous release holds its records, or --strict and any problem; 2 bad usage or unreadable input (commons.toml, the thesaurus, the output folder).";

#[derive(Parser)]
#[command(
    name = "index-builder",
    version,
    about = "Compile the commons (the shared atlas thesaurus and every member site's feed) into the static index of the commons atlas widget.",
    long_about = format!("Compile the commons (the shared atlas thesaurus and every member site's feed) into the static index of the commons atlas widget.\n\n\
Everything is described by one commons.toml (see docs/COMMONS_TOML.md): where the SKOS thesaurus is, which of its collections are the atlas' dimensions, and each member site's feed (ScrutariData XML or info file, JSON or CSV; a file or an http(s):// address; see docs/FEEDS.md).\n\n\
A record-level problem rejects that record only; everything that passes is published. A site whose feed cannot be fetched or parsed keeps its records from the previous release in the --out folder.\n\n\
Start with `index-builder check --config commons.toml` to see what would be rejected and why, then `index-builder build --config commons.toml --out DIR` to write the files to publish.\n\n{EXIT_STATUS}"),
    after_help = "Examples:\n  index-builder check --config examples/commons/commons.toml\n  index-builder check --config commons.toml --previous public/atlas --json > report.json\n  index-builder build --config commons.toml --out public/atlas --report-dir reports/"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read and validate the thesaurus and every feed, and print the report and whether `build`
    /// would publish. Writes nothing to the index (only the feed cache and --report-dir).
    Check {
        #[command(flatten)]
        common: Common,
        /// The folder of the previous release, to fall back on and count changes against.
        #[arg(long, value_name = "DIR")]
        previous: Option<PathBuf>,
        /// Same as --previous (the folder `build --out` would write).
        #[arg(long, value_name = "DIR", conflicts_with = "previous")]
        out: Option<PathBuf>,
    },
    /// Validate, then publish the index into DIR: only the index files of the previous release
    /// there are replaced, every other file is left alone.
    Build {
        #[command(flatten)]
        common: Common,
        /// Folder to publish into; created if missing. The release it holds is read first: a site
        /// whose feed fails today keeps its records from it.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Keep the content-hashed files of this many previous releases, for pages opened before.
        #[arg(long, value_name = "N", default_value_t = output::DEFAULT_KEEP)]
        keep_releases: usize,
    },
    /// Show what an index folder holds: files and bytes per kind (on disk, gzipped, raw).
    Stats {
        /// The index folder (as written by `build`).
        dir: PathBuf,
        /// Print one JSON object instead of a table.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
struct Common {
    /// The commons.toml describing the thesaurus and the member sites.
    #[arg(long, value_name = "PATH")]
    config: PathBuf,
    /// Refuse to publish on any problem, error or warning.
    #[arg(long)]
    strict: bool,
    /// Print the report as one JSON object instead of text (for build, with what it wrote).
    #[arg(long)]
    json: bool,
    /// Lines shown per kind of problem in the text report (the JSON report has them all).
    #[arg(long, value_name = "N", default_value_t = 20)]
    max_per_rule: usize,
    /// Write one report per site (SITE.md and SITE.json) into DIR, to send to each member.
    #[arg(long, value_name = "DIR")]
    report_dir: Option<PathBuf>,
    /// Where fetched feeds are kept between runs [default: .cache/feeds beside commons.toml].
    #[arg(long, value_name = "DIR")]
    cache: Option<PathBuf>,
    /// Seconds a feed fetch may take, in all.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    timeout: u64,
    /// Largest feed accepted from a web address, in bytes (suffixes K, M, G).
    #[arg(long, value_name = "SIZE", default_value = "512M", value_parser = parse_size)]
    max_feed_size: u64,
}

fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let (digits, unit) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => t.split_at(i),
        None => (t, ""),
    };
    let n: u64 = digits.parse().map_err(|_| format!("{text:?} is not a size such as 500000, 100K or 512M"))?;
    let factor = match unit.to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" => 1 << 10,
        "M" | "MB" => 1 << 20,
        "G" | "GB" => 1 << 30,
        _ => return Err(format!("{text:?}: the unit is K, M or G")),
    };
    Ok(n.saturating_mul(factor))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (common, previous_dir, out, keep) = match &cli.command {
        Command::Check { common, previous, out } => (common, previous.as_ref().or(out.as_ref()), None, 0),
        Command::Build { common, out, keep_releases } => (common, Some(out), Some(out), *keep_releases),
        Command::Stats { dir, json } => return stats(dir, *json),
    };
    let config = match Config::load(&common.config) {
        Ok(c) => c,
        Err(e) => return fail(&e.to_string()),
    };
    let previous = match previous_dir.map(|d| Previous::read(d)).transpose() {
        Ok(Some(None)) if out.is_none() => {
            eprintln!("index-builder: {} holds no release; no site can keep its records from it", previous_dir.map(|d| d.display().to_string()).unwrap_or_default());
            None
        }
        Ok(p) => p.flatten(),
        Err(e) => {
            eprintln!("index-builder: the previous release cannot be read ({e}); no site can keep its records from it");
            None
        }
    };
    let mut fetch = FetchOptions::new(&config.folder);
    fetch.timeout = Duration::from_secs(common.timeout.max(1));
    fetch.max_bytes = common.max_feed_size;
    if let Some(cache) = &common.cache {
        fetch.cache = cache.clone();
    }
    let options = IngestOptions { fetch, previous: previous.as_ref() };
    let Ingested { commons, mut report } = match ingest_with(&config, &options) {
        Ok(i) => i,
        Err(e) => return fail(&e.to_string()),
    };
    let decision = policy::decide(&report, common.strict);
    if common.strict {
        report.make_strict();
    }
    if let Some(dir) = &common.report_dir {
        let release = previous.as_ref().map(Previous::describe);
        if let Err(e) = index_builder::members::write_all(dir, &report, commons.name.as_deref(), release.as_deref()) {
            return fail(&format!("{}: {e}", dir.display()));
        }
    }

    let mut written: Option<(Written, usize, usize)> = None;
    let mut write_error = None;
    if let (Some(out), true) = (out, decision.publishes()) {
        let index = index_builder::compile::compile(&commons);
        match output::write_index(out, &index, keep) {
            Ok(w) => written = Some((w, index.files.len(), index.files.iter().map(|f| f.bytes.len()).sum())),
            Err(e) => write_error = Some(e.to_string()),
        }
    }

    let mut summary = summary(&commons, &report, &decision, previous.as_ref());
    if write_error.is_some() {
        summary["published"] = json!(false);
    }
    if let (Some(out), Some((w, files, bytes))) = (out, &written) {
        summary["written"] = json!({
            "dir": out.display().to_string(),
            "files": files,
            "bytes": bytes,
            "files_written": w.written,
            "files_unchanged": w.unchanged,
            "files_kept_from_previous_releases": w.kept,
            "files_removed": w.removed,
        });
    }
    if common.json {
        say(&format!("{}\n", serde_json::to_string_pretty(&summary).unwrap_or_default()));
    } else {
        say(&report.render_feed_failures(previous.as_ref().map(|p| p.describe()).as_deref()));
        say(&report.render_problems(common.max_per_rule));
        say(&text_summary(&commons, &report, &config));
        for refusal in &decision.refusals {
            say(&format!("refused: {refusal}\n"));
        }
        match (out, &written) {
            (Some(out), Some((w, files, bytes))) => say(&format!(
                "published {} ({files} files, {bytes} bytes; {} written, {} unchanged, {} kept from earlier releases, {} removed)\n",
                out.display(),
                w.written,
                w.unchanged,
                w.kept,
                w.removed.len()
            )),
            (Some(_), None) => say("nothing was published\n"),
            (None, _) if decision.publishes() => say("build would publish\n"),
            (None, _) => say("build would not publish\n"),
        }
    }
    if let Some(e) = write_error {
        return fail(&e);
    }
    if decision.publishes() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Prints to standard output; a reader that went away (`| head`) is not an error worth a panic.
fn say(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

fn stats(dir: &Path, json: bool) -> ExitCode {
    match index_builder::stats::collect(dir) {
        Ok(stats) if json => {
            say(&format!("{}\n", serde_json::to_string_pretty(&stats).unwrap_or_default()));
            ExitCode::SUCCESS
        }
        Ok(stats) => {
            say(&index_builder::stats::render(&stats));
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e.to_string()),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("index-builder: {message}");
    ExitCode::from(2)
}

/// The report as one JSON object (`check --json`; `build --json` adds `written`).
fn summary(commons: &Commons, report: &Report, decision: &Decision, previous: Option<&Previous>) -> serde_json::Value {
    let t = &commons.thesaurus;
    let families: usize = t.dimensions.iter().map(|d| d.families.len()).sum();
    json!({
        "commons": commons.name,
        "concepts": t.concepts.len(),
        "descriptors": t.descriptors().count(),
        "families": families,
        "dimensions": t.dimensions.len(),
        "dimension_ids": t.dimensions.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
        "thesaurus": report.thesaurus,
        "matrix": t.matrix.map(|m| json!({
            "rows": t.dimensions[m.rows as usize].id,
            "columns": t.dimensions[m.columns as usize].id,
        })),
        "languages": commons.languages.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
        "maps": commons.maps.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
        "sites": commons.sites.len(),
        "resources_read": report.resources_read(),
        "resources_kept": report.resources_kept(),
        "resources_rejected": report.resources_rejected(),
        "per_site": report.sites,
        "published": decision.publishes(),
        "refusals": decision.refusals.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
        "previous_release": previous.map(|p| json!({ "dir": p.folder.display().to_string(), "date": p.date })),
        "errors": report.errors(),
        "warnings": report.warnings(),
        "problems": report.problems,
    })
}

fn text_summary(commons: &Commons, report: &Report, config: &Config) -> String {
    use std::fmt::Write;
    let t = &commons.thesaurus;
    let mut out = String::new();
    let dims: Vec<String> = t.dimensions.iter().map(|d| format!("{} ({} families)", d.id, d.families.len())).collect();
    let _ = writeln!(out);
    let _ = writeln!(out, "commons: {}", config.path.display());
    let _ = writeln!(
        out,
        "atlas: {} concepts ({} descriptors); dimensions: {}",
        t.concepts.len(),
        t.descriptors().count(),
        dims.join(", ")
    );
    if let Some(m) = t.matrix {
        let _ = writeln!(out, "matrix: {} × {}", t.dimensions[m.rows as usize].id, t.dimensions[m.columns as usize].id);
    }
    if let Some(imported) = &report.thesaurus {
        out.push_str(&imported.render());
    }
    let languages: Vec<&str> = commons.languages.iter().map(|l| l.as_str()).collect();
    let _ = writeln!(out, "languages: {}", languages.join(", "));
    if !commons.maps.is_empty() {
        let maps: Vec<String> =
            commons.maps.iter().map(|m| format!("{} ({} concepts)", m.id, t.sub_atlas(&m.concepts).len())).collect();
        let _ = writeln!(out, "maps: {}", maps.join(", "));
    }
    for (site, c) in &report.sites {
        let source = match c.source {
            Source::Feed => "",
            Source::Previous => "  (from the previous release)",
        };
        let _ = writeln!(
            out,
            "  {site:<16} {:>7} read {:>7} kept {:>6} rejected   +{} -{} ~{}{source}",
            c.read, c.kept, c.rejected, c.changes.added, c.changes.removed, c.changes.changed
        );
    }
    if report.sites.values().any(|c| c.changes != Default::default()) {
        let _ = writeln!(out, "  (+added -removed ~changed: records against the previous release, by record id)");
    }
    let _ = writeln!(
        out,
        "resources: {} read = {} kept + {} rejected",
        report.resources_read(),
        report.resources_kept(),
        report.resources_rejected()
    );
    let _ = writeln!(out, "{} error(s), {} warning(s)", report.errors(), report.warnings());
    out
}
