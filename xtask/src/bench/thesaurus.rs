//! `cargo xtask bench-thesaurus`: how fast a large published-style thesaurus is read.
//!
//! The budget of issue 10: a thesaurus of 10,000 concepts in 30 languages (about 50,000
//! preferred labels and 15,000 related links, in 31 files) checked in under 3 s and 500 MB on
//! the project's 2-core machine. The thesaurus comes from `cargo xtask gen --thesaurus` (nested
//! collections, one file per language), and the release `index-builder` runs as a child process
//! measured by `wait4` like the index benchmark's builds: once `check` (read, assemble, validate
//! the feed) and once `build` (the same, then the index written). The same thesaurus in 2
//! languages is measured beside it, to show what the languages cost.

use super::{build, int, machine_line, miss, step, target_dir, today, workspace_root, write_section, Misses};
use crate::gen::{self, GenArgs};
use std::ffi::OsStr;
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

const SECTION: &str = "## Large thesaurus (issue 10)";
const SEED: u64 = 1;
const CONCEPTS: usize = 10_000;
const RESOURCES: usize = 2_000;

#[derive(Debug, clap::Args)]
pub struct ThesaurusBenchArgs {
    /// Markdown file whose "Large thesaurus (issue 10)" section is (re)written.
    #[arg(long, default_value = "docs/BENCHMARKS.md")]
    pub out: PathBuf,
}

struct Measured {
    languages: usize,
    check: build::BuildRun,
    build: build::BuildRun,
    summary: String,
}

pub fn run(args: &ThesaurusBenchArgs) -> Result<(), String> {
    let root = workspace_root();
    let target = target_dir(&root);
    let bench = target.join("bench");
    fs::create_dir_all(&bench).map_err(|e| format!("{}: {e}", bench.display()))?;
    let command = std::iter::once("cargo xtask".to_string()).chain(std::env::args().skip(1)).collect::<Vec<_>>().join(" ");
    let load_before = super::load_average();
    step("building the release index-builder");
    let bin = build::release_binary(&root, &target)?;
    let mut results = Vec::new();
    for languages in [30, 2] {
        step(&format!("{CONCEPTS} concepts in {languages} languages"));
        let dir = bench.join(format!("thesaurus{CONCEPTS}x{languages}"));
        let mut gen_args = GenArgs::commons(RESOURCES, SEED, dir.clone());
        gen_args.force = true;
        gen_args.thesaurus = true;
        gen_args.concepts = CONCEPTS;
        gen_args.languages = languages;
        gen::run(&gen_args).map_err(|e| e.to_string())?;
        let config = dir.join("commons.toml");
        let check_log = bench.join(format!("thesaurus{languages}-check.log"));
        let check = build::run_with(&bin, &[OsStr::new("check"), "--json".as_ref(), "--config".as_ref(), config.as_os_str()], &check_log)?;
        let index = bench.join(format!("thesaurus{languages}-index"));
        let build_run = build::run(&bin, &config, &index, &bench.join(format!("thesaurus{languages}-build.log")))?;
        let summary = read_summary(&check_log)?;
        println!("check {:.2} s, {:.0} MiB; build {:.2} s, {:.0} MiB; {summary}", check.wall.as_secs_f64(), check.peak_mib(), build_run.wall.as_secs_f64(), build_run.peak_mib());
        results.push(Measured { languages, check, build: build_run, summary });
    }
    let mut w = String::new();
    let _ = writeln!(w, "{SECTION}\n");
    let _ = writeln!(w, "Measured on {}, {} with `{command}`.\n", machine_line(&load_before), today());
    let _ = writeln!(
        w,
        "A thesaurus of {} concepts from `cargo xtask gen --thesaurus --concepts {CONCEPTS} --languages N --resources {RESOURCES} --seed {SEED}` \
         (two top collections of 32 and 40 family collections, microthesauri below, one Turtle file per language, polyhierarchy), \
         read by the release `index-builder` as a child process; wall time from start to exit, peak memory its `ru_maxrss`. \
         Budget: 30 languages checked in ≤ 3 s and ≤ 500 MiB.\n",
        int(CONCEPTS as u64)
    );
    let _ = writeln!(w, "| languages | `check` | `build` | what was read | budget met? |\n|---:|---:|---:|---|---|");
    let mut misses = Misses::default();
    for r in &results {
        let verdict = if r.languages == 30 {
            misses.verdict(
                "30 languages, check".into(),
                [
                    (!r.check.success).then(|| format!("failed ({})", r.check.status)),
                    miss("wall", r.check.wall.as_secs_f64(), 3.0, |v| format!("{v:.2} s")),
                    miss("memory", r.check.peak_mib(), 500.0, |v| format!("{v:.0} MiB")),
                ],
            )
        } else {
            "—".into()
        };
        let _ = writeln!(
            w,
            "| {} | {:.2} s, {:.0} MiB | {:.2} s, {:.0} MiB | {} | {verdict} |",
            r.languages,
            r.check.wall.as_secs_f64(),
            r.check.peak_mib(),
            r.build.wall.as_secs_f64(),
            r.build.peak_mib(),
            r.summary
        );
    }
    let _ = writeln!(w);
    let out = if args.out.is_absolute() { args.out.clone() } else { root.join(&args.out) };
    write_section(&out, SECTION, &w)?;
    step(&format!("wrote the section \"{}\" of {}", &SECTION[3..], out.display()));
    print!("{w}");
    Ok(())
}

/// What `check --json` says it read, in a few words.
fn read_summary(log: &std::path::Path) -> Result<String, String> {
    let text = fs::read_to_string(log).map_err(|e| format!("{}: {e}", log.display()))?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{}: not the JSON report ({e})", log.display()))?;
    let t = &json["thesaurus"];
    let n = |key: &str| t[key].as_u64().unwrap_or(0);
    let labels: u64 = t["pref_labels"].as_object().map_or(0, |m| m.values().filter_map(|v| v.as_u64()).sum());
    let languages = t["pref_labels"].as_object().map_or(0, |m| m.len());
    Ok(format!(
        "{} files; {} concepts, {} collections, {} preferred labels in {languages} languages, {} broader, {} related, {} cell memberships",
        t["files"].as_array().map_or(0, |f| f.len()),
        int(n("concepts")),
        int(n("collections")),
        int(labels),
        int(n("broader")),
        int(n("related")),
        int(n("cell_memberships"))
    ))
}
