//! `cargo xtask`: the project's chores, written in Rust so that they run wherever `cargo` does.
//!
//! The alias in `.cargo/config.toml` runs this binary in debug (sharing the build of the tests); `bench`
//! reruns itself in release. This file only parses the
//! command line and hands each subcommand to its own module; keep it a small dispatcher and put
//! the work of a new subcommand (`test`, `demo`, `bench`, …) in a module of its own.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod bench;
mod demo;
mod dist;
mod fuzz;
mod gen;
mod precompress;
mod serve;
mod short_imports;
mod test;

/// Chores for the commons-atlas workspace.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write a deterministic synthetic commons (commons.toml, atlas.ttl and 12 feeds) into a folder.
    Gen(gen::GenArgs),
    /// Measure the index and engine against their budgets at several commons sizes, into docs/BENCHMARKS.md.
    Bench(bench::BenchArgs),
    /// Measure the widget against its budgets in headless Chromium (size, time to usable, keystroke latency), into docs/BENCHMARKS.md.
    BenchBrowser(bench::browser::BrowserBenchArgs),
    /// Measure how fast a large thesaurus in the shape of published ones is read (10,000 concepts, 30 languages), into docs/BENCHMARKS.md.
    BenchThesaurus(bench::thesaurus::ThesaurusBenchArgs),
    /// Run every test of the project, installing what a fresh machine lacks (the README's test command).
    Test(test::TestArgs),
    /// Build the index and the widget (loader, glue, wasm) into one folder, ready for any static host.
    Dist(dist::DistArgs),
    /// Build the sample commons and the widget into target/demo and serve the demo partner pages on 127.0.0.1.
    Demo(demo::DemoArgs),
    /// Serve a folder on 127.0.0.1 as a static host would (MIME types, cache headers).
    Serve(serve::ServeArgs),
    /// Feed mutated examples to one reader or to the index decoders for a while, on stable Rust (docs/ROBUSTNESS.md).
    Fuzz(fuzz::FuzzArgs),
}

/// Runs this same command line with a release build of xtask.
fn rerun_in_release() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    eprintln!("==> rebuilding xtask in release to run the benchmarks");
    let status = std::process::Command::new(env!("CARGO"))
        .args(["run", "--release", "--package", "xtask", "--"])
        .args(&args)
        .status();
    match status {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: cannot run cargo: {e}");
            ExitCode::FAILURE
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Bench(args) => {
            // Timings of a debug build would mean nothing: the `cargo xtask` alias builds in
            // debug (to share its build with the tests), so a benchmark runs itself again in
            // release.
            if cfg!(debug_assertions) {
                return rerun_in_release();
            }
            bench::run(&args).map_err(Into::into)
        }
        Command::BenchBrowser(args) => {
            if cfg!(debug_assertions) {
                return rerun_in_release();
            }
            bench::browser::run(&args).map_err(Into::into)
        }
        Command::BenchThesaurus(args) => {
            if cfg!(debug_assertions) {
                return rerun_in_release();
            }
            bench::thesaurus::run(&args).map_err(Into::into)
        }
        Command::Gen(args) => gen::run(&args),
        Command::Test(args) => test::run(&args).map_err(Into::into),
        Command::Dist(args) => dist::run(&args).map_err(Into::into),
        Command::Demo(args) => demo::run(&args).map_err(Into::into),
        Command::Serve(args) => serve::run(&args).map_err(Into::into),
        Command::Fuzz(args) => {
            // Inputs per second matter here as in a benchmark.
            if cfg!(debug_assertions) {
                return rerun_in_release();
            }
            fuzz::run(&args).map_err(Into::into)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}
