//! End-to-end tests of `cargo xtask gen`: generate into temporary folders and read the files back.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::*;

/// A temporary folder removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("xtask-gen-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        TempDir(dir)
    }

    fn generate(&self, resources: usize, seed: u64) -> Summary {
        prepare_out_dir(&self.0, false).unwrap();
        generate(&self.0, resources, seed).unwrap()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Every file under `dir`, as (relative path, bytes), sorted.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.push((rel, fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn notations(ttl: &str) -> BTreeSet<String> {
    ttl.lines()
        .filter_map(|l| l.trim().strip_prefix("skos:notation \""))
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .collect()
}

/// Strip a `^N` weight from a reference string.
fn strip_weight(r: &str) -> &str {
    match r.rsplit_once('^') {
        Some((head, w)) if w.parse::<u8>().is_ok() => head,
        _ => r,
    }
}

/// Read every feed back: (number of records, every descriptor notation referenced).
fn read_feeds(dir: &Path) -> (usize, Vec<String>) {
    let (records, refs, _) = read_feeds_with_translations(dir);
    (records, refs)
}

/// As [`read_feeds`], plus the number of records under each translation key.
fn read_feeds_with_translations(
    dir: &Path,
) -> (
    usize,
    Vec<String>,
    std::collections::BTreeMap<String, usize>,
) {
    let mut records = 0;
    let mut refs = Vec::new();
    let mut groups: std::collections::BTreeMap<String, usize> = Default::default();
    let group = |v: &serde_json::Value, groups: &mut std::collections::BTreeMap<String, usize>| {
        if let Some(key) = v.get("translation").and_then(|t| t.as_str()) {
            *groups.entry(key.to_string()).or_default() += 1;
        }
    };
    let json_ref = |v: &serde_json::Value, refs: &mut Vec<String>| match v {
        serde_json::Value::String(s) => {
            let s = strip_weight(s);
            if let Some(local) = s.strip_prefix(atlas::BASE) {
                // d3B-12 → 3B.12
                let n = local.strip_prefix('d').unwrap();
                let (cell, rest) = n.split_once('-').unwrap();
                refs.push(format!("{cell}.{rest}"));
            } else if !s.contains('@') {
                refs.push(s.to_string());
            }
        }
        serde_json::Value::Object(o) => refs.push(o["notation"].as_str().unwrap().to_string()),
        other => panic!("unexpected reference {other}"),
    };
    for entry in fs::read_dir(dir.join("feeds")).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        match path.extension().unwrap().to_str().unwrap() {
            "json" => {
                let all: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
                for r in &all {
                    group(r, &mut groups);
                    for d in r["descriptors"].as_array().unwrap() {
                        json_ref(d, &mut refs);
                    }
                }
                records += all.len();
            }
            "jsonl" => {
                for line in text.lines() {
                    let r: serde_json::Value = serde_json::from_str(line).unwrap();
                    group(&r, &mut groups);
                    for d in r["descriptors"].as_array().unwrap() {
                        json_ref(d, &mut refs);
                    }
                    records += 1;
                }
            }
            "csv" => {
                let mut reader = csv::Reader::from_reader(text.as_bytes());
                let headers = reader.headers().unwrap().clone();
                let col = headers.iter().position(|h| h == "descriptors").unwrap();
                let tr = headers.iter().position(|h| h == "translation");
                for row in reader.records() {
                    let row = row.unwrap();
                    if let Some(key) = tr.map(|t| &row[t]).filter(|k| !k.is_empty()) {
                        *groups.entry(key.to_string()).or_default() += 1;
                    }
                    refs.extend(row[col].split('|').map(|r| strip_weight(r).to_string()));
                    records += 1;
                }
            }
            "xml" => {
                records += text.matches("<fiche fiche-id=").count();
                for part in text.split("<indexation ").skip(1) {
                    let id = part
                        .split("motcle-id=\"")
                        .nth(1)
                        .unwrap()
                        .split('"')
                        .next()
                        .unwrap();
                    refs.push(id.to_string());
                }
            }
            other => panic!("unexpected feed extension {other}"),
        }
    }
    (records, refs, groups)
}

#[test]
fn same_seed_gives_identical_bytes() {
    let (a, b) = (TempDir::new("det-a"), TempDir::new("det-b"));
    let sa = a.generate(3_000, 42);
    let sb = b.generate(3_000, 42);
    assert_eq!(sa, sb);
    let (fa, fb) = (snapshot(&a.0), snapshot(&b.0));
    assert_eq!(fa.len(), 14);
    for ((pa, ba), (pb, bb)) in fa.iter().zip(&fb) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{pa} differs between two runs with the same seed");
    }
}

#[test]
fn another_seed_gives_other_files() {
    let (a, b) = (TempDir::new("seed-a"), TempDir::new("seed-b"));
    a.generate(500, 1);
    b.generate(500, 2);
    let (fa, fb) = (snapshot(&a.0), snapshot(&b.0));
    for ((pa, ba), (_, bb)) in fa.iter().zip(&fb) {
        assert!(ba != bb, "{pa} is the same for two seeds");
    }
}

#[test]
fn writes_n_resources_with_known_descriptors() {
    let dir = TempDir::new("count");
    let summary = dir.generate(4_321, 7);
    assert_eq!(summary.resources, 4_321);
    let (records, refs) = read_feeds(&dir.0);
    assert_eq!(records, 4_321);
    let known = notations(&fs::read_to_string(dir.0.join("atlas.ttl")).unwrap());
    assert_eq!(known.len(), summary.descriptors + 15);
    assert!(refs.len() > 4_321 * 2);
    for r in &refs {
        assert!(known.contains(r), "unknown descriptor reference {r}");
    }
    // Zipf popularity: the most used descriptor indexes far more than the median one.
    let mut uses: std::collections::BTreeMap<&str, usize> = Default::default();
    for r in &refs {
        *uses.entry(r).or_default() += 1;
    }
    let mut counts: Vec<usize> = uses.values().copied().collect();
    counts.sort_unstable();
    assert!(counts[counts.len() - 1] > 20 * counts[counts.len() / 2]);
}

#[test]
fn tiny_and_empty_commons_are_valid() {
    for n in [0, 1, 13] {
        let dir = TempDir::new(&format!("tiny{n}"));
        dir.generate(n, 3);
        assert_eq!(read_feeds(&dir.0).0, n);
    }
}

#[test]
fn refuses_a_non_empty_folder_without_force() {
    let dir = TempDir::new("force");
    dir.generate(20, 1);
    let err = prepare_out_dir(&dir.0, false).unwrap_err();
    assert!(err.to_string().contains("--force"));
    prepare_out_dir(&dir.0, true).unwrap();
    generate(&dir.0, 20, 1).unwrap();
}

#[test]
fn commons_toml_names_every_feed() {
    let dir = TempDir::new("toml");
    dir.generate(100, 5);
    let toml = fs::read_to_string(dir.0.join("commons.toml")).unwrap();
    assert_eq!(toml.matches("[[sites]]").count(), 12);
    assert_eq!(toml.matches("[[dimensions]]").count(), 2);
    for (path, _) in snapshot(&dir.0)
        .iter()
        .filter(|(p, _)| p.starts_with("feeds"))
    {
        assert!(
            toml.contains(&format!("feed = \"{path}\"")),
            "{path} not in commons.toml"
        );
    }
    for t in [
        "experience",
        "analysis",
        "proposal",
        "dossier",
        "notion",
        "organisation",
        "mooc",
    ] {
        assert!(toml.contains(&format!("[types.{t}]")));
    }
}

#[test]
fn translation_groups_are_complete() {
    for n in [37, 6_000] {
        let dir = TempDir::new(&format!("tr{n}"));
        dir.generate(n, 9);
        let (records, _, groups) = read_feeds_with_translations(&dir.0);
        for (key, size) in &groups {
            assert!((2..=3).contains(size), "{key} has {size} records");
        }
        if n >= 6_000 {
            let in_groups: usize = groups.values().sum();
            let share = in_groups as f64 / records as f64;
            assert!((0.03..0.07).contains(&share), "{share}");
        }
    }
}
