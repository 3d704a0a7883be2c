//! Timing `index-builder build` as a maintainer runs it: the release binary, as a child process.
//!
//! Running the builder in-process would mix its memory with the benchmark's own (the engine,
//! the decoded index) and would not measure what a maintainer's machine goes through. So the
//! binary is built first (`cargo build --release -p index-builder`), then started with its
//! output going to a log file, and reaped with `wait4`, which returns the resource usage of that
//! one child: `ru_maxrss` is its peak resident set size, exact however short the peak, where
//! polling `/proc/<pid>/status` could miss the last moments before exit and
//! `getrusage(RUSAGE_CHILDREN)` would also count `cargo build`, run earlier by the same process.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One run of the builder.
#[derive(Clone, Debug)]
pub struct BuildRun {
    pub wall: Duration,
    /// Peak resident set size, in KiB (Linux's unit for `ru_maxrss`).
    pub peak_kib: u64,
    /// Whether it exited with status 0.
    pub success: bool,
    /// How it ended, when it did not succeed.
    pub status: String,
}

impl BuildRun {
    pub fn peak_mib(&self) -> f64 {
        self.peak_kib as f64 / 1024.0
    }
}

/// Builds the release `index-builder` and returns the path of the binary.
pub fn release_binary(root: &Path, target_dir: &Path) -> Result<PathBuf, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(root)
        .args(["build", "--release", "-p", "index-builder"])
        .status()
        .map_err(|e| format!("cargo build: cannot start: {e}"))?;
    if !status.success() {
        return Err(format!("cargo build --release -p index-builder failed ({status})"));
    }
    let bin = target_dir.join("release").join(format!("index-builder{}", std::env::consts::EXE_SUFFIX));
    if bin.is_file() {
        Ok(bin)
    } else {
        Err(format!("{} is missing after the build", bin.display()))
    }
}

/// Runs `bin build --config config --out out`, its output going to `log`, and measures it.
pub fn run(bin: &Path, config: &Path, out: &Path, log: &Path) -> Result<BuildRun, String> {
    let args = [std::ffi::OsStr::new("build"), "--config".as_ref(), config.as_os_str(), "--out".as_ref(), out.as_os_str()];
    run_with(bin, &args, log)
}

/// Runs `bin` with `args`, its output going to `log`, and measures it.
pub fn run_with(bin: &Path, args: &[&std::ffi::OsStr], log: &Path) -> Result<BuildRun, String> {
    let log_file = File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
    let log_err = log_file.try_clone().map_err(|e| format!("{}: {e}", log.display()))?;
    let start = Instant::now();
    let child = Command::new(bin)
        .args(args)
        .stdin(Stdio::null())
        .stdout(log_file)
        .stderr(log_err)
        .spawn()
        .map_err(|e| format!("{}: cannot start: {e}", bin.display()))?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain old data, for which all zeroes is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `pid` is our own child, not reaped yet (`child` is never waited on), and both
        // pointers are to live locals of the right types.
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if reaped == pid {
            break;
        }
        let err = io::Error::last_os_error();
        if reaped == -1 && err.kind() == io::ErrorKind::Interrupted {
            continue;
        }
        return Err(format!("waiting for {}: {err}", bin.display()));
    }
    let wall = start.elapsed();
    drop(child);
    let success = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    let status = if libc::WIFEXITED(status) {
        format!("exit status {}", libc::WEXITSTATUS(status))
    } else if libc::WIFSIGNALED(status) {
        format!("killed by signal {}", libc::WTERMSIG(status))
    } else {
        format!("wait status {status}")
    };
    Ok(BuildRun { wall, peak_kib: usage.ru_maxrss.max(0) as u64, success, status })
}
