//! Writing the built commons to a folder, all or nothing.
//!
//! The folder a maintainer publishes must never be half-written: files are written to a staging
//! folder beside it, and only when every file is complete does the staging folder replace the
//! target. A folder that does not look like a previous build is never replaced, so a mistyped
//! `--out ~` cannot delete anything.
//!
//! Widget assets (the loader, the wasm, the CSS) may be added to the same folder later by
//! `cargo xtask dist`; the marker file is what makes the folder replaceable.

use crate::compile::CompiledIndex;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Marks a folder as written by this builder, so that a later build may replace it.
pub const MARKER: &str = ".commons-atlas-index";

#[derive(Debug, Error)]
pub enum OutputError {
    #[error("{path}: {source}")]
    Io { path: String, source: io::Error },
    #[error("{0} exists, is not empty and was not written by index-builder; choose an empty or new folder")]
    NotAnIndex(String),
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io { path: path.display().to_string(), source }
}

/// Writes `files` into `out`, replacing a previous build there atomically.
pub fn publish(out: &Path, write: impl FnOnce(&Path) -> Result<(), OutputError>) -> Result<(), OutputError> {
    if out.exists() {
        let is_index = out.join(MARKER).exists();
        let is_empty = fs::read_dir(out).map_err(io_error(out))?.next().is_none();
        if !is_index && !is_empty {
            return Err(OutputError::NotAnIndex(out.display().to_string()));
        }
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(io_error(&parent))?;
    let name = out.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "index".into());
    let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    fs::create_dir(&staging).map_err(io_error(&staging))?;
    let result = write(&staging).and_then(|()| {
        fs::write(staging.join(MARKER), "written by index-builder; the folder is replaced on each build\n")
            .map_err(io_error(&staging))
    });
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    if out.exists() {
        fs::rename(out, &old).map_err(io_error(out))?;
    }
    if let Err(source) = fs::rename(&staging, out) {
        // Put the previous build back rather than leave nothing.
        let _ = fs::rename(&old, out);
        let _ = fs::remove_dir_all(&staging);
        return Err(OutputError::Io { path: out.display().to_string(), source });
    }
    let _ = fs::remove_dir_all(&old);
    Ok(())
}

/// Writes the compiled index files into `dir`.
pub fn write_index(dir: &Path, index: &CompiledIndex) -> Result<(), OutputError> {
    for file in &index.files {
        let path = dir.join(&file.name);
        fs::write(&path, &file.bytes).map_err(io_error(&path))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_previous_build_untouched() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("index");
        publish(&out, |d| fs::write(d.join("a"), "first").map_err(io_error(d))).unwrap();
        let failed = publish(&out, |d| {
            fs::write(d.join("a"), "second").map_err(io_error(d))?;
            Err(OutputError::NotAnIndex("simulated failure".into()))
        });
        assert!(failed.is_err());
        assert_eq!(fs::read_to_string(out.join("a")).unwrap(), "first");
        let leftovers: Vec<_> = fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, ["index"]);
    }

    #[test]
    fn a_folder_that_is_not_an_index_is_never_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("precious.txt"), "keep me").unwrap();
        let err = publish(tmp.path(), |_| Ok(())).unwrap_err();
        assert!(matches!(err, OutputError::NotAnIndex(_)));
        assert!(tmp.path().join("precious.txt").exists());
    }
}
