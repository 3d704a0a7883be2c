//! `cargo xtask test`: every test of the project, on a fresh machine as on a developer's.
//!
//! This is the README's test command and what CI runs (`.ci/run`). It installs what the tests
//! need and that a fresh machine lacks, saying so each time, then runs the tests. Keep it the one
//! place that knows how to run everything, so that CI and developers cannot drift apart.

use crate::{demo, dist};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

/// Set to `0` to skip the browser tests (`tests/e2e`), e.g. on a machine where Chromium cannot
/// be installed; they run by default, and CI runs them.
pub const E2E_ENV: &str = "COMMONS_ATLAS_E2E";

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
    if result.is_ok() {
        if std::env::var(E2E_ENV).is_ok_and(|v| v == "0") {
            step(&format!("browser tests skipped ({E2E_ENV}=0)"));
        } else {
            result = e2e(&mut tally);
        }
    }
    // One closing line for the whole run, whichever suite happened to print last.
    println!("{} passed, {} failed", tally.passed, tally.failed);
    result
}

/// The engine must compile for the browser: a native-only dependency would otherwise only show
/// up when the widget is built. This builds the widget as `dist`'s fallback does (`--std
/// stable`: the ordinary stable build, release, size settings), so that the fallback stays
/// tested although `dist`, the demo and the browser tests use the build with std rebuilt for
/// size when they can (`dist::StdBuild`). It costs one release build of the wasm, not a second
/// run of the browser tests on the fallback: the two builds compile the same code, and only the
/// size build's flags differ.
fn wasm_build() -> Result<(), String> {
    step("the widget compiles for the browser with the ordinary stable build, dist's fallback (cargo xtask dist --std stable)");
    dist::cargo_build(&dist::workspace_root(), dist::StdBuild::Stable).map(|_| ())
}

/// The browser tests: builds the demo (`target/demo`), installs Chromium and the npm packages
/// when missing, and runs `node --test tests/e2e/`, which serves the demo with this very binary
/// (`serve`) and drives Chromium with playwright-core. See `tests/e2e/README.md`.
fn e2e(tally: &mut Tally) -> Result<(), String> {
    let root = dist::workspace_root();
    ensure_chromium()?;
    ensure_e2e_packages(&root)?;
    demo::build(&root, &dist::WidgetArgs::default())?;
    step("browser tests (node --test tests/e2e/, headless Chromium over the demo)");
    let mut node = Command::new("node");
    node.args(["--test", "--test-reporter=spec", "tests/e2e/"]).current_dir(&root);
    if let Some(exe) = own_binary_copy(&root) {
        node.env("COMMONS_ATLAS_XTASK", exe);
    }
    tally.run(node, "the browser tests")
}

/// A copy of this very binary for the browser tests to serve the demo with. Not the binary's own
/// path: `cargo test --workspace`, run before, may have rebuilt `target/debug/xtask` with other
/// features unified, which leaves this process running a deleted file. On Linux
/// `/proc/self/exe` still reads as the running binary.
fn own_binary_copy(root: &Path) -> Option<std::path::PathBuf> {
    let running = Path::new("/proc/self/exe");
    let source = if running.exists() { running.to_path_buf() } else { std::env::current_exe().ok()? };
    let copy = root.join("target/e2e").join(format!("xtask{}", std::env::consts::EXE_SUFFIX));
    std::fs::create_dir_all(copy.parent()?).ok()?;
    std::fs::copy(&source, &copy).ok()?;
    Some(copy)
}

/// The Chromium the browser tests drive: `$CHROMIUM`, or Debian's `/usr/bin/chromium`, installed
/// with apt-get when missing.
pub fn ensure_chromium() -> Result<(), String> {
    if let Ok(path) = std::env::var("CHROMIUM") {
        return if Path::new(&path).is_file() { Ok(()) } else { Err(format!("CHROMIUM={path} is not a file")) };
    }
    if Path::new("/usr/bin/chromium").is_file() {
        return Ok(());
    }
    step("installing Chromium for the browser tests (apt-get update; apt-get install -y chromium)");
    let apt = |args: &[&str]| Command::new("apt-get").args(args).env("DEBIAN_FRONTEND", "noninteractive").status().is_ok_and(|s| s.success());
    if apt(&["update"]) && apt(&["install", "-y", "--no-install-recommends", "chromium"]) && Path::new("/usr/bin/chromium").is_file() {
        Ok(())
    } else {
        Err("Chromium is missing and `apt-get install chromium` failed: install it (as root), or set CHROMIUM to a Chromium binary".into())
    }
}

/// playwright-core and axe-core from package.json, installed with npm when missing.
pub fn ensure_e2e_packages(root: &Path) -> Result<(), String> {
    let modules = root.join("node_modules");
    if modules.join("playwright-core/package.json").is_file() && modules.join("axe-core/axe.min.js").is_file() {
        return Ok(());
    }
    let node_works = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    if !node_works {
        return Err("the browser tests need Node.js 20 or later (node and npm on the PATH)".into());
    }
    step("installing the browser tests' npm packages (npm ci: playwright-core and axe-core of package.json, into node_modules)");
    let ok = Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(root).status().is_ok_and(|s| s.success());
    if ok {
        Ok(())
    } else {
        Err("`npm ci` failed: the browser tests need playwright-core and axe-core (see package.json)".into())
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

/// Test counts gathered from the runners' own summary lines (cargo's, and node's spec reporter's).
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
            } else if let Some(n) = line.strip_prefix("ℹ pass ").and_then(|n| n.trim().parse::<u64>().ok()) {
                self.passed += n;
            } else if let Some(n) = line.strip_prefix("ℹ fail ").and_then(|n| n.trim().parse::<u64>().ok()) {
                self.failed += n;
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

