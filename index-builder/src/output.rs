//! The publish folder is the release: writing index files into it without disturbing anything else.
//!
//! The folder a maintainer publishes holds more than the index: the widget files that
//! `cargo xtask dist` put there, the host page, images. So a release never replaces the folder:
//! [`Release::write`] writes the files it is given, and removes only files that an earlier release
//! of the same *part* (`"index"`, `"widget"`) wrote, as recorded in the folder's own list
//! ([`LIST`]). Any other file is left alone, and a file of the same name that the list does not
//! know is never overwritten.
//!
//! Visitors must never see a half-written release, nor lose one they are using:
//!
//! - each file is written under a temporary name and renamed into place, so a name always holds a
//!   complete file; files are written in the order given, so that the one file with a stable name
//!   that names all the others (`index.bin`) comes last and switches every visitor at once;
//! - the content-hashed files of the previous `keep` releases stay (`--keep-releases`, default 1),
//!   so that a page opened before the release still loads the chunks of the release it started
//!   with; they are removed by the release after that.
//!
//! The list also records each release's date, which the report uses ("kept from the release of
//! 2026-11-30"). A folder marked by an older builder (a plain-text marker) is read as one release
//! of the index files found in it.

use commons_atlas::format::Kind;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// The folder's own list of the files each release wrote (JSON).
pub const LIST: &str = ".commons-atlas-index";
/// The same file; its presence is what marks a folder as holding a release.
pub const MARKER: &str = LIST;
/// Releases whose files are kept after a new one, unless told otherwise.
pub const DEFAULT_KEEP: usize = 1;
/// The part of the folder that `index-builder build` writes.
pub const INDEX_PART: &str = "index";

#[derive(Debug, Error)]
pub enum OutputError {
    #[error("{path}: {source}")]
    Io { path: String, source: io::Error },
    #[error("{0} exists and was not written by index-builder: it is left alone, so the release cannot be written there; move it away or choose another folder")]
    NotOurs(String),
    #[error("{path}: the folder's list of releases cannot be read: {message}")]
    List { path: String, message: String },
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io { path: path.display().to_string(), source }
}

/// One release of one part: when, and which files.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`; empty when unknown (a folder of an older builder).
    pub date: String,
    pub files: Vec<String>,
}

impl Entry {
    /// The day of the release, `YYYY-MM-DD`, if known.
    pub fn day(&self) -> Option<&str> {
        self.date.get(..10)
    }
}

/// What [`LIST`] holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct List {
    pub written_by: String,
    /// Part → its releases, newest first: the current one, then those whose files are kept.
    pub parts: BTreeMap<String, Vec<Entry>>,
    /// Read from an older builder's marker: every file in the folder may be replaced.
    #[serde(skip)]
    legacy: bool,
}

impl List {
    /// The current release of `part`, if the folder holds one.
    pub fn current(&self, part: &str) -> Option<&Entry> {
        self.parts.get(part).and_then(|entries| entries.first())
    }

    fn owns(&self, name: &str) -> bool {
        self.legacy || self.parts.values().flatten().any(|e| e.files.iter().any(|f| f == name))
    }
}

/// What a write did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Written {
    /// Files of the release whose bytes were written (the others were already there, identical).
    pub written: usize,
    pub unchanged: usize,
    /// Files of earlier releases kept for the visitors still using them.
    pub kept: usize,
    /// Files of older releases removed.
    pub removed: Vec<String>,
}

/// A publish folder.
pub struct Release;

impl Release {
    /// The folder's list, if it holds a release.
    pub fn list(dir: &Path) -> Result<Option<List>, OutputError> {
        let path = dir.join(LIST);
        let text = match fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(OutputError::Io { path: path.display().to_string(), source: e }),
        };
        if !text.trim_start().starts_with('{') {
            return Ok(Some(legacy_list(dir)?));
        }
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| OutputError::List { path: path.display().to_string(), message: e.to_string() })
    }

    /// Writes `files` (name, bytes) as the new release of `part` in `dir`, in the order given,
    /// keeps the files of the `keep` releases before it, and removes those of older ones.
    pub fn write(dir: &Path, part: &str, files: &[(&str, &[u8])], keep: usize) -> Result<Written, OutputError> {
        fs::create_dir_all(dir).map_err(io_error(dir))?;
        let mut list = Release::list(dir)?.unwrap_or_default();
        // Refuse before writing anything.
        for (name, bytes) in files {
            let path = dir.join(name);
            if path.exists() && !list.owns(name) && !same_content(&path, bytes) {
                return Err(OutputError::NotOurs(path.display().to_string()));
            }
        }
        let mut written = Written::default();
        let mut created: Vec<PathBuf> = Vec::new();
        for (name, bytes) in files {
            let path = dir.join(name);
            if same_content(&path, bytes) {
                written.unchanged += 1;
                continue;
            }
            let existed = path.exists();
            if let Err(e) = write_atomically(&path, bytes) {
                for p in created {
                    let _ = fs::remove_file(p);
                }
                return Err(e);
            }
            if !existed {
                created.push(path);
            }
            written.written += 1;
        }

        let new = Entry { date: utc_now(), files: files.iter().map(|(n, _)| n.to_string()).collect() };
        let mut entries = list.parts.remove(part).unwrap_or_default();
        entries.insert(0, new);
        let dropped = entries.split_off((keep + 1).min(entries.len()));
        list.parts.insert(part.to_string(), entries);
        list.legacy = false;
        list.written_by = format!("index-builder {}; lists the files of each release, do not edit", env!("CARGO_PKG_VERSION"));
        let still: BTreeSet<&str> = list.parts.values().flatten().flat_map(|e| e.files.iter().map(String::as_str)).collect();
        let current: BTreeSet<&str> = files.iter().map(|(n, _)| *n).collect();
        written.kept = still.iter().filter(|f| !current.contains(*f)).count();
        let mut removed: BTreeSet<String> = BTreeSet::new();
        for file in dropped.iter().flat_map(|e| &e.files) {
            if !still.contains(file.as_str()) {
                removed.insert(file.clone());
            }
        }
        let text = serde_json::to_string_pretty(&list).unwrap_or_default() + "\n";
        write_atomically(&dir.join(LIST), text.as_bytes())?;
        for file in &removed {
            let path = dir.join(file);
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(OutputError::Io { path: path.display().to_string(), source: e }),
            }
        }
        written.removed = removed.into_iter().collect();
        Ok(written)
    }
}

/// Writes a compiled index as the new release of the `index` part of `dir` (its entry file last).
pub fn write_index(dir: &Path, index: &crate::compile::CompiledIndex, keep: usize) -> Result<Written, OutputError> {
    let files: Vec<(&str, &[u8])> = index.files.iter().map(|f| (f.name.as_str(), f.bytes.as_slice())).collect();
    Release::write(dir, INDEX_PART, &files, keep)
}

/// Whether `path` holds exactly `bytes` (sizes first: most files of a release differ in name, not
/// only in content, and reading a whole previous release to find that out would be wasted).
fn same_content(path: &Path, bytes: &[u8]) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64) && fs::read(path).is_ok_and(|b| b == bytes)
}

/// A complete file under `path`, or none: written beside it, then renamed.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(io_error(parent))?;
    }
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let partial = path.with_file_name(format!(".{name}.partial-{}", std::process::id()));
    let result = fs::write(&partial, bytes).and_then(|()| fs::rename(&partial, path));
    if let Err(e) = result {
        let _ = fs::remove_file(&partial);
        return Err(OutputError::Io { path: path.display().to_string(), source: e });
    }
    Ok(())
}

/// A folder written by a builder that only left a marker: its index files are one release.
fn legacy_list(dir: &Path) -> Result<List, OutputError> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).map_err(io_error(dir))? {
        let name = entry.map_err(io_error(dir))?.file_name().to_string_lossy().to_string();
        if name.ends_with(".bin") && Kind::of_file_name(&name).is_some() {
            files.push(name);
        }
    }
    files.sort();
    let mut parts = BTreeMap::new();
    parts.insert(INDEX_PART.to_string(), vec![Entry { date: String::new(), files }]);
    Ok(List { written_by: String::new(), parts, legacy: true })
}

/// Now, in UTC, as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn utc_now() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rest) = ((secs / 86_400) as i64, secs % 86_400);
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rest / 3600, rest % 3600 / 60, rest % 60)
}

/// The proleptic Gregorian date of a count of days since 1970-01-01 (Howard Hinnant's
/// algorithm): a date crate would be more code than this for the one date a release records.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut n: Vec<String> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
        n.sort();
        n
    }

    #[test]
    fn releases_keep_other_files_and_the_previous_release_then_remove_it() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        fs::write(dir.join("index.html"), "the host page").unwrap();
        let first: [(&str, &[u8]); 2] = [("text-a.bin", b"a"), ("index.bin", b"1")];
        Release::write(dir, "index", &first, 1).unwrap();
        let second: [(&str, &[u8]); 2] = [("text-b.bin", b"b"), ("index.bin", b"2")];
        let w = Release::write(dir, "index", &second, 1).unwrap();
        assert_eq!((w.written, w.kept, w.removed.len()), (2, 1, 0));
        assert_eq!(names(dir), [LIST, "index.bin", "index.html", "text-a.bin", "text-b.bin"]);
        let third: [(&str, &[u8]); 2] = [("text-c.bin", b"c"), ("index.bin", b"3")];
        let w = Release::write(dir, "index", &third, 1).unwrap();
        assert_eq!(w.removed, ["text-a.bin"]);
        assert_eq!(names(dir), [LIST, "index.bin", "index.html", "text-b.bin", "text-c.bin"]);
        assert_eq!(fs::read_to_string(dir.join("index.html")).unwrap(), "the host page");
        // Another part's files are its own.
        Release::write(dir, "widget", &[("atlas.js", b"js")], 1).unwrap();
        Release::write(dir, "index", &[("index.bin", b"4")], 0).unwrap();
        assert!(dir.join("atlas.js").exists());
        assert_eq!(names(dir), [LIST, "atlas.js", "index.bin", "index.html"]);
        let list = Release::list(dir).unwrap().unwrap();
        assert_eq!(list.current("index").unwrap().files, ["index.bin"]);
        assert_eq!(list.current("index").unwrap().day().unwrap().len(), 10);
    }

    #[test]
    fn a_file_the_list_does_not_know_is_never_overwritten() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("index.bin"), "someone else's").unwrap();
        let err = Release::write(tmp.path(), "index", &[("manifest-x.bin", b"m"), ("index.bin", b"1")], 1).unwrap_err();
        assert!(matches!(err, OutputError::NotOurs(_)), "{err}");
        assert_eq!(names(tmp.path()), ["index.bin"]);
    }

    #[test]
    fn an_older_builders_marker_reads_as_one_release_of_its_index_files() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join(MARKER), "written by index-builder; the folder is replaced on each build\n").unwrap();
        fs::write(tmp.path().join("index.bin"), "old").unwrap();
        fs::write(tmp.path().join("text-old.bin"), "old").unwrap();
        fs::write(tmp.path().join("atlas.js"), "old loader").unwrap();
        let list = Release::list(tmp.path()).unwrap().unwrap();
        assert_eq!(list.current("index").unwrap().files, ["index.bin", "text-old.bin"]);
        Release::write(tmp.path(), "index", &[("index.bin", b"new")], 0).unwrap();
        assert_eq!(names(tmp.path()), [LIST, "atlas.js", "index.bin"]);
    }

    #[test]
    fn utc_dates_are_civil_dates() {
        let now = utc_now();
        assert_eq!(now.len(), 20, "{now}");
        assert!(now.as_str() > "2024-01-01" && now.ends_with('Z'), "{now}");
    }
}
