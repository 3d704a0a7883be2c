//! `cargo xtask test`: every test of the project, on a fresh machine as on a developer's.
//!
//! This is the README's test command and what CI runs (`.ci/run`). It installs what the tests
//! need and that a fresh machine lacks, saying so each time, then runs the tests. Keep it the one
//! place that knows how to run everything, so that CI and developers cannot drift apart.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[derive(Debug, clap::Args)]
pub struct TestArgs {
    /// Extra arguments passed to `cargo test` (e.g. a test name filter).
    #[arg(trailing_var_arg = true)]
    pub cargo_args: Vec<String>,
}

pub fn run(args: &TestArgs) -> Result<(), String> {
    let mut tally = Tally::default();
    step("unit and integration tests (cargo test --workspace)");
    let mut cargo = Command::new(env!("CARGO"));
    cargo.args(["test", "--workspace", "--locked"]).args(&args.cargo_args);
    let mut result = tally.run(cargo, "cargo test");
    if result.is_ok() {
        result = wasm_build();
    }
    // One closing line for the whole run, whichever suite happened to print last.
    println!("{} passed, {} failed", tally.passed, tally.failed);
    result
}

/// The engine must compile for the browser: a native-only dependency would otherwise only show
/// up when the widget is built.
fn wasm_build() -> Result<(), String> {
    ensure_wasm_target()?;
    step("the library compiles for the browser (cargo build --target wasm32-unknown-unknown)");
    let mut cargo = Command::new(env!("CARGO"));
    cargo.args(["build", "--locked", "-p", "commons-atlas", "--target", "wasm32-unknown-unknown"]);
    let status = cargo.status().map_err(|e| format!("cargo build: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the wasm build failed ({status})"))
    }
}

/// Installs the wasm32 target with rustup when it is missing, saying so.
pub fn ensure_wasm_target() -> Result<(), String> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).lines().any(|l| l.trim() == "wasm32-unknown-unknown"))
        .unwrap_or(false);
    if installed {
        return Ok(());
    }
    step("installing the wasm32-unknown-unknown target (rustup target add wasm32-unknown-unknown)");
    let status = Command::new("rustup")
        .args(["target", "add", "wasm32-unknown-unknown"])
        .status()
        .map_err(|e| format!("rustup: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("rustup target add wasm32-unknown-unknown failed ({status})"))
    }
}

/// Test counts gathered from the runners' own summary lines.
#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
}

impl Tally {
    /// Runs a test command, echoing its output and adding up its `test result:` lines.
    fn run(&mut self, mut command: Command, what: &str) -> Result<(), String> {
        let mut child = command
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("{what}: cannot start: {e}"))?;
        let stdout = child.stdout.take().expect("piped stdout");
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            if let Some(rest) = line.strip_prefix("test result: ") {
                self.passed += count(rest, " passed");
                self.failed += count(rest, " failed");
            }
        }
        let status = child.wait().map_err(|e| format!("{what}: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("{what} failed ({status})"))
        }
    }
}

/// The number before `label` in a summary such as `ok. 7 passed; 0 failed; …`.
fn count(summary: &str, label: &str) -> u64 {
    summary
        .split(';')
        .find_map(|part| part.trim().trim_start_matches("ok. ").trim_start_matches("FAILED. ").strip_suffix(label.trim_start()).map(str::trim))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

/// Announces a step so that a CI log reads as a list of what happened.
pub fn step(what: &str) {
    eprintln!("==> {what}");
}

