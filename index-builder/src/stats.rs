//! `index-builder stats`: what an index folder holds, by kind of file.
//!
//! Index files are already compressed (DEFLATE, inside the container), so their size on disk is
//! close to what they cost on the wire; the gzip column says what a server that gzips anyway
//! would send, and the raw column what the decoder unpacks.

use commons_atlas::format::{self, entry, manifest::Manifest, Kind};
use flate2::write::GzEncoder;
use flate2::Compression;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum StatsError {
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}: {source}")]
    Format { path: String, source: format::FormatError },
}

/// Count and bytes of one kind of file.
#[derive(Clone, Debug, Default, Serialize)]
pub struct KindStats {
    pub files: usize,
    /// On disk (compressed by the builder).
    pub bytes: u64,
    /// Gzipped, as a server that compresses would send it.
    pub bytes_gzip: u64,
    /// Uncompressed payload.
    pub bytes_raw: u64,
    /// The largest file of this kind, on disk.
    pub largest: u64,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct IndexStats {
    pub resources: u32,
    pub concepts: usize,
    pub files: usize,
    pub bytes: u64,
    pub bytes_gzip: u64,
    pub bytes_raw: u64,
    /// Bytes of the Bloom filters inside the manifest (incompressible), by themselves.
    pub bloom_bytes: u64,
    pub kinds: BTreeMap<&'static str, KindStats>,
}

pub fn gzip_len(bytes: &[u8]) -> u64 {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    let _ = encoder.write_all(bytes);
    encoder.finish().map(|v| v.len() as u64).unwrap_or(0)
}

/// Reads every index file of `dir` (other files, such as widget assets, are skipped).
pub fn collect(dir: &Path) -> Result<IndexStats, StatsError> {
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| StatsError::Io { path, source }
    };
    let entry_path = dir.join(entry::FILE_NAME);
    let entry_bytes = std::fs::read(&entry_path).map_err(io(&entry_path))?;
    let entry = entry::Entry::decode(&entry_bytes)
        .map_err(|source| StatsError::Format { path: entry_path.display().to_string(), source })?;
    let manifest_path = dir.join(&entry.manifest);
    let manifest_bytes = std::fs::read(&manifest_path).map_err(io(&manifest_path))?;
    let manifest = Manifest::decode(&manifest_bytes)
        .map_err(|source| StatsError::Format { path: manifest_path.display().to_string(), source })?;
    let mut stats = IndexStats {
        resources: manifest.resources,
        concepts: manifest.thesaurus.concepts.len(),
        ..IndexStats::default()
    };
    // The files of the current release only: earlier ones the folder keeps (`--keep-releases`)
    // are not what visitors read, and may be of an older format.
    let mut names = manifest.file_names();
    names.extend([entry::FILE_NAME.to_string(), entry.manifest.clone()]);
    names.sort();
    for name in names {
        let Some(kind) = Kind::of_file_name(&name) else { continue };
        let path = dir.join(&name);
        let bytes = std::fs::read(&path).map_err(io(&path))?;
        let format_error = |source| StatsError::Format { path: path.display().to_string(), source };
        let raw = format::open(kind, &bytes).map_err(format_error)?;
        if kind == Kind::Blooms {
            stats.bloom_bytes = format::text::Blooms::decode(&bytes).map_err(format_error)?.filters.iter().map(|f| f.len() as u64).sum();
        }
        let k = stats.kinds.entry(kind.name()).or_default();
        let gz = gzip_len(&bytes);
        k.files += 1;
        k.bytes += bytes.len() as u64;
        k.bytes_gzip += gz;
        k.bytes_raw += raw.len() as u64;
        k.largest = k.largest.max(bytes.len() as u64);
        stats.files += 1;
        stats.bytes += bytes.len() as u64;
        stats.bytes_gzip += gz;
        stats.bytes_raw += raw.len() as u64;
    }
    Ok(stats)
}

/// A table for a terminal.
pub fn render(stats: &IndexStats) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let per = |b: u64| if stats.resources > 0 { b as f64 / f64::from(stats.resources) } else { 0.0 };
    let _ = writeln!(
        out,
        "{} resources, {} concepts, {} files; Bloom filters: {} bytes of the manifest",
        stats.resources, stats.concepts, stats.files, stats.bloom_bytes
    );
    let _ = writeln!(out, "{:<10} {:>6} {:>12} {:>12} {:>12} {:>10} {:>12}", "kind", "files", "bytes", "gzip", "raw", "gzip/res", "largest");
    for (kind, k) in &stats.kinds {
        let _ = writeln!(
            out,
            "{kind:<10} {:>6} {:>12} {:>12} {:>12} {:>10.1} {:>12}",
            k.files, k.bytes, k.bytes_gzip, k.bytes_raw, per(k.bytes_gzip), k.largest
        );
    }
    let _ = writeln!(
        out,
        "{:<10} {:>6} {:>12} {:>12} {:>12} {:>10.1}",
        "total",
        stats.files,
        stats.bytes,
        stats.bytes_gzip,
        stats.bytes_raw,
        per(stats.bytes_gzip)
    );
    out
}
