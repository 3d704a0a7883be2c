//! The maintainers' command line: `index-builder check`, `build` and `stats`.
//!
//! Exit status: 0 when the commons is fine, 1 when validation found errors (nothing is written),
//! 2 for bad usage or input that cannot be read at all (a missing file, a broken `commons.toml`
//! or thesaurus).

use clap::{Args, Parser, Subcommand};
use commons_atlas::model::Commons;
use index_builder::output::{self, OutputError};
use index_builder::{ingest, Config, Ingested, Report};
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "index-builder",
    version,
    about = "Compile the commons (the shared atlas thesaurus and every member site's feed) into the static index of the commons atlas widget.",
    long_about = "Compile the commons (the shared atlas thesaurus and every member site's feed) into the static index of the commons atlas widget.\n\n\
Everything is described by one commons.toml (see docs/COMMONS_TOML.md): where the SKOS thesaurus is, which of its collections are the atlas' dimensions, and each member site's feed (ScrutariData XML, JSON or CSV; see docs/FEEDS.md).\n\n\
Start with `index-builder check --config commons.toml` to see what would be rejected and why, then `index-builder build --config commons.toml --out DIR` to write the files to publish.\n\n\
Exit status: 0 fine; 1 validation found errors (nothing written); 2 bad usage or unreadable input.",
    after_help = "Examples:\n  index-builder check --config examples/commons/commons.toml\n  index-builder check --config commons.toml --strict --json > report.json\n  index-builder build --config commons.toml --out public/atlas"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read and validate the thesaurus and every feed, and print the report. Writes nothing.
    Check {
        #[command(flatten)]
        common: Common,
        /// Print the report as one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Validate, then write the index into DIR (replacing a previous build there, all at once).
    Build {
        #[command(flatten)]
        common: Common,
        /// Folder to write the index into; created if missing, replaced if it holds a previous build.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Print the report as one JSON object instead of text.
        #[arg(long)]
        json: bool,
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
    /// Treat every warning as an error.
    #[arg(long)]
    strict: bool,
    /// Lines shown per kind of problem in the text report (the JSON report has them all).
    #[arg(long, value_name = "N", default_value_t = 20)]
    max_per_rule: usize,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (common, json_out, out) = match &cli.command {
        Command::Check { common, json } => (common, *json, None),
        Command::Build { common, out, json } => (common, *json, Some(out)),
        Command::Stats { dir, json } => return stats(dir, *json),
    };
    let config = match Config::load(&common.config) {
        Ok(c) => c,
        Err(e) => return fail(&e.to_string()),
    };
    let Ingested { commons, mut report } = match ingest(&config) {
        Ok(i) => i,
        Err(e) => return fail(&e.to_string()),
    };
    if common.strict {
        report.make_strict();
    }
    let summary = summary(&commons, &report);
    if json_out {
        say(&format!("{}\n", serde_json::to_string_pretty(&summary).unwrap_or_default()));
    } else {
        say(&report.render_problems(common.max_per_rule));
        say(&text_summary(&commons, &report, &config));
    }
    if report.errors() > 0 {
        if out.is_some() && !json_out {
            eprintln!("index-builder: {} error(s); nothing was written", report.errors());
        }
        return ExitCode::from(1);
    }
    if let Some(out) = out {
        let index = index_builder::compile::compile(&commons);
        let written = output::publish(out, |dir| output::write_index(dir, &index));
        match written {
            Ok(()) => {
                if !json_out {
                    let bytes: usize = index.files.iter().map(|f| f.bytes.len()).sum();
                    say(&format!("wrote {} ({} files, {} bytes)\n", out.display(), index.files.len(), bytes));
                }
            }
            Err(e @ OutputError::NotAnIndex(_)) | Err(e @ OutputError::Io { .. }) => return fail(&e.to_string()),
        }
    }
    ExitCode::SUCCESS
}

/// Prints to standard output; a reader that went away (`| head`) is not an error worth a panic.
fn say(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

fn stats(dir: &std::path::Path, json: bool) -> ExitCode {
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

/// The report as one JSON object (`check --json`, and `report.json` in a build).
fn summary(commons: &Commons, report: &Report) -> serde_json::Value {
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
        let _ = writeln!(out, "  {site:<16} {:>7} read {:>7} kept {:>6} rejected", c.read, c.kept, c.rejected);
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
