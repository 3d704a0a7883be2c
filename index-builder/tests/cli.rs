//! The maintainers' command line, driven as a maintainer would: `check` and `build` on the sample
//! commons and on every broken commons in `examples/broken/`, checking exit statuses, the report's
//! problems and its counts.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_index-builder"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("index-builder runs")
}

fn check_json(config: &str, strict: bool) -> (i32, Value) {
    let mut args = vec!["check", "--config", config, "--json"];
    if strict {
        args.push("--strict");
    }
    let out = run(&args);
    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{config}: stdout is not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap(), json)
}

fn problems<'a>(report: &'a Value, rule: &str) -> Vec<&'a Value> {
    report["problems"].as_array().unwrap().iter().filter(|p| p["rule"] == rule).collect()
}

/// Every record read is kept or rejected, per site and in total, and each rejected record has a
/// problem that says so.
fn assert_counts_add_up(report: &Value) {
    let n = |k: &str| report[k].as_u64().unwrap();
    assert_eq!(n("resources_read"), n("resources_kept") + n("resources_rejected"), "{report}");
    let mut read = 0;
    for (site, c) in report["per_site"].as_object().unwrap() {
        let (r, k, x) = (c["read"].as_u64().unwrap(), c["kept"].as_u64().unwrap(), c["rejected"].as_u64().unwrap());
        assert_eq!(r, k + x, "site {site}");
        read += r;
        let rejected_records: std::collections::BTreeSet<_> = report["problems"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["rejected"] == true && p["site"] == site.as_str())
            .map(|p| (p["record"].to_string(), p["location"]["file"].to_string(), p["location"]["line"].to_string()))
            .collect();
        assert_eq!(rejected_records.len() as u64, x, "site {site}: each rejection is named once: {rejected_records:?}");
    }
    assert_eq!(read, n("resources_read"));
}

#[test]
fn the_sample_commons_checks_clean_with_all_its_records() {
    let (code, report) = check_json("examples/commons/commons.toml", false);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["errors"], 0);
    assert_eq!(report["languages"], serde_json::json!(["fr", "en", "es", "pt"]));
    assert_eq!(report["dimensions"], 2);
    assert_eq!(report["sites"], 5);
    assert!(report["concepts"].as_u64().unwrap() >= 150 + 15);
    assert!(report["resources_kept"].as_u64().unwrap() >= 400);
    assert_eq!(report["resources_rejected"], 0);
    assert_counts_add_up(&report);
    assert_eq!(report["maps"], serde_json::json!(["energie-habitat", "alimentation"]));
    // The only warnings are Citego's three site-specific keywords, left unmapped on purpose.
    let rules: Vec<_> = report["problems"].as_array().unwrap().iter().map(|p| p["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["unmapped-keyword"; 3]);
}

/// (commons, rule, exit without --strict, file the problem is in, line, record). A record-level
/// problem rejects that record only; the broken commons whose status is 1 have one broken site
/// that loses more than 20 % of its few records (`max_rejected`), a broken feed with no previous
/// release, or a broken atlas.
const CASES: &[(&str, &str, i32, &str, Option<u64>, Option<&str>)] = &[
    ("unknown-descriptor", "unknown-descriptor", 0, "feeds/unknown-descriptor.json", Some(2), Some("u1")),
    ("duplicate-id", "duplicate-id", 1, "feeds/duplicate-id.csv", Some(4), Some("d1")),
    ("missing-title", "missing-title", 1, "feeds/missing-title.json", Some(2), Some("t1")),
    ("missing-url", "missing-url", 1, "feeds/missing-url.jsonl", Some(1), Some("m1")),
    ("unsafe-url", "unsafe-url", 1, "feeds/unsafe-url.json", Some(2), Some("x1")),
    ("invalid-url", "invalid-url", 1, "feeds/invalid-url.json", Some(2), Some("v1")),
    ("invalid-date", "invalid-date", 0, "feeds/invalid-date.csv", Some(2), Some("dt1")),
    ("unknown-language", "unknown-language", 0, "feeds/unknown-language.jsonl", Some(1), Some("l1")),
    ("wrong-cells", "row-shape", 1, "feeds/wrong-cells.csv", Some(3), Some("w2")),
    ("truncated-xml", "feed-syntax", 1, "feeds/truncated.xml", Some(19), None),
    ("invalid-utf8", "invalid-encoding", 1, "feeds/invalid-utf8.json", Some(2), Some("i1")),
    ("broader-cycle", "broader-cycle", 1, "thesauri/cycle.ttl", Some(32), Some("<https://mini.atlas.example/d2B11>")),
    ("no-descriptor", "no-descriptor", 0, "feeds/no-descriptor.json", Some(2), Some("n1")),
    ("duplicate-across-sites", "duplicate-across-sites", 0, "feeds/duplicate-across-sites.json", Some(2), Some("copy-of-g1")),
    ("unmapped-keyword", "unmapped-keyword", 0, "feeds/unmapped-keyword.xml", Some(21), None),
    ("unreachable-concept", "unreachable-concept", 0, "thesauri/unreachable.ttl", Some(36), Some("<https://mini.atlas.example/orphan>")),
    ("unknown-map-concept", "unknown-map-concept", 1, "unknown-map-concept.toml", Some(42), Some("map logement")),
    // What readers used to lose or alter silently (issue 12).
    ("ignored-field", "ignored-field", 0, "feeds/ignored-field.xml", Some(13), None),
    ("invalid-weight", "invalid-weight", 0, "feeds/invalid-weight.xml", Some(21), Some("experience/1")),
    ("html-entity", "html-entity", 0, "feeds/html-entity.json", Some(2), Some("h1")),
    ("control-character", "control-character", 0, "feeds/control-character.json", Some(2), Some("c1")),
    ("url-credentials", "url-credentials", 0, "feeds/url-credentials.json", Some(2), Some("p1")),
    ("duplicate-key", "duplicate-key", 0, "feeds/duplicate-key.json", Some(2), Some("k1")),
    ("unclosed-quote", "row-shape", 1, "feeds/unclosed-quote.csv", Some(3), Some("q2")),
];

#[test]
fn each_broken_commons_gives_its_own_problem_where_it_is() {
    for &(case, rule, exit, file, line, record) in CASES {
        let config = format!("examples/broken/{case}.toml");
        let (code, report) = check_json(&config, false);
        assert_eq!(code, exit, "{case}: exit status");
        assert_eq!(report["published"], exit == 0, "{case}: published");
        let found = problems(&report, rule);
        assert!(!found.is_empty(), "{case}: no [{rule}] in {report}");
        let p = found[0];
        assert!(p["location"]["file"].as_str().unwrap().ends_with(file), "{case}: {p}");
        assert_eq!(p["location"]["line"].as_u64(), line, "{case}: line of {p}");
        if let Some(record) = record {
            assert_eq!(p["record"], record, "{case}: {p}");
        }
        assert!(!p["message"].as_str().unwrap().is_empty());
        assert_counts_add_up(&report);
        // Warnings become errors with --strict: every broken commons then fails.
        let (strict_code, _) = check_json(&config, true);
        assert_eq!(strict_code, 1, "{case}: --strict exit status");
    }
}

#[test]
fn every_construct_scrutaridata_defines_is_kept_or_reported_once() {
    let (_, report) = check_json("examples/broken/ignored-field.toml", false);
    let mut what: Vec<_> = problems(&report, "ignored-field").iter().map(|p| p["message"].as_str().unwrap().split(':').next().unwrap().to_string()).collect();
    what.sort();
    assert_eq!(what.len(), 5, "{what:?}");
    for expected in ["a second <href> (xml", "attribute monsite", "attribute sct", "complement 2 of corpus"] {
        assert!(what.iter().any(|w| w.starts_with(expected)), "{expected} not in {what:?}");
    }
    // The complement the corpus declares ("Lieu") is carried, and the record kept.
    assert_eq!(report["per_site"]["broken"]["kept"], 1);
}

#[test]
fn an_unclosed_csv_quote_names_its_row_and_keeps_the_rows_after_it() {
    let (_, report) = check_json("examples/broken/unclosed-quote.toml", false);
    let counts = &report["per_site"]["broken"];
    assert_eq!((&counts["read"], &counts["kept"], &counts["rejected"]), (&serde_json::json!(4), &serde_json::json!(3), &serde_json::json!(1)));
    let p = problems(&report, "row-shape")[0];
    assert!(p["message"].as_str().unwrap().contains("lines 3–5"), "{p}");
    assert_eq!(p["rejected"], true);
}

#[test]
fn an_unmapped_keyword_is_reported_at_its_definition_with_its_label() {
    let (_, report) = check_json("examples/broken/unmapped-keyword.toml", false);
    let p = problems(&report, "unmapped-keyword")[0];
    assert!(p["message"].as_str().unwrap().contains("\"Jardinage\"@fr"), "{p}");
    let line = std::fs::read_to_string(root().join("examples/broken/feeds/unmapped-keyword.xml")).unwrap().lines().nth(20).unwrap().to_string();
    assert!(line.contains("motcle-id=\"jardinage\""), "line 21 is {line}");
}

#[test]
fn a_byte_order_mark_loses_nothing_in_json_json_lines_or_csv() {
    let (code, report) = check_json("examples/broken/byte-order-mark.toml", true);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["problems"], serde_json::json!([]));
    for (site, n) in [("broken", 1), ("broken-lines", 2), ("broken-csv", 1)] {
        assert_eq!(report["per_site"][site]["kept"], n, "{site}");
    }
    assert_counts_add_up(&report);
}

#[test]
fn inputs_that_cannot_be_read_safely_stop_with_status_2_and_say_why() {
    for (case, expected) in [
        ("outside-path", "feed examples/broken/../../../etc/passwd is outside the commons folder"),
        ("entity-bomb", "examples/broken/thesauri/entity-bomb.rdf:2:1: the thesaurus is not valid RDF/XML: the document type declares entities"),
    ] {
        let out = run(&["check", "--config", &format!("examples/broken/{case}.toml")]);
        assert_eq!(out.status.code(), Some(2), "{case}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{case}: {stderr}");
    }
    // A folder given as a feed is that site's feed failing (the others still count): with no
    // previous release to fall back on, the release is refused, and the report says why.
    let (code, report) = check_json("examples/broken/folder-feed.toml", false);
    assert_eq!(code, 1, "{report}");
    let p = problems(&report, "feed-unreachable")[0];
    assert!(p["message"].as_str().unwrap().contains("it is a folder"), "{p}");
    assert!(p["location"]["file"].as_str().unwrap().ends_with("examples/broken/feeds"), "{p}");
}

#[test]
fn javascript_and_data_urls_are_both_rejected_and_the_good_record_kept() {
    let (_, report) = check_json("examples/broken/unsafe-url.toml", false);
    let records: Vec<_> = problems(&report, "unsafe-url").iter().map(|p| p["record"].as_str().unwrap()).collect();
    assert_eq!(records, ["x1", "x2"]);
    assert!(problems(&report, "unsafe-url").iter().all(|p| p["rejected"] == true));
    assert_eq!(report["per_site"]["broken"]["kept"], 1);
}

#[test]
fn a_republished_resource_is_kept_once_by_the_site_that_owns_it() {
    let (_, report) = check_json("examples/broken/duplicate-across-sites.toml", false);
    assert_eq!(report["per_site"]["good"]["kept"], 2);
    assert_eq!(report["per_site"]["broken"]["rejected"], 1);
}

#[test]
fn unreadable_thesauri_stop_with_status_2_and_a_position() {
    for (case, expected) in [
        ("broken-turtle", "examples/broken/thesauri/broken.ttl:30:"),
        ("truncated-rdfxml", "examples/broken/thesauri/truncated.rdf:13:"),
    ] {
        let out = run(&["check", "--config", &format!("examples/broken/{case}.toml")]);
        assert_eq!(out.status.code(), Some(2), "{case}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{case}: {stderr}");
        assert!(!stderr.contains("panicked"), "{case}: {stderr}");
    }
}

#[test]
fn the_thesaurus_reads_the_same_from_rdf_xml() {
    let (code_ttl, ttl) = check_json("examples/broken/good.toml", false);
    let (code_rdf, rdf) = check_json("examples/broken/rdfxml.toml", false);
    assert_eq!((code_ttl, code_rdf), (0, 0));
    for key in ["concepts", "descriptors", "families", "dimensions", "resources_kept", "errors", "warnings"] {
        assert_eq!(ttl[key], rdf[key], "{key}");
    }
}

#[test]
fn a_missing_feed_refuses_the_release_naming_the_file_and_a_missing_config_is_status_2() {
    // A feed is a site's problem: with no previous release to keep the site's records from, the
    // release is refused (1), and the report says which file and site.
    let out = run(&["check", "--config", "examples/broken/missing-feed.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let first = stdout.lines().next().unwrap_or_default();
    assert!(first.starts_with("broken: feed unreachable") && first.contains("feeds/does-not-exist.json"), "{stdout}");
    assert!(stdout.contains("refused: site broken"), "{stdout}");
    let (_, report) = check_json("examples/broken/missing-feed.toml", false);
    assert_eq!(problems(&report, "feed-unreachable")[0]["site"], "broken");
    assert_eq!(report["published"], false);
    let out = run(&["check", "--config", "no/such/commons.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/commons.toml"));
}

#[test]
fn bad_usage_is_status_2_and_help_explains_the_commands() {
    assert_eq!(run(&["check"]).status.code(), Some(2));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    let help = run(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    let text = String::from_utf8_lossy(&help.stdout);
    for word in ["check", "build", "commons.toml", "Exit status"] {
        assert!(text.contains(word), "--help lacks {word}: {text}");
    }
}

#[test]
fn build_writes_the_index_and_a_refused_build_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site/atlas");
    let out_s = out.to_str().unwrap();
    let ok = run(&["build", "--config", "examples/commons/commons.toml", "--out", out_s]);
    assert_eq!(ok.status.code(), Some(0), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(out.join("index.bin").exists());
    let before = std::fs::read(out.join("index.bin")).unwrap();

    let failed = run(&["build", "--config", "examples/broken/unsafe-url.toml", "--out", out_s]);
    assert_eq!(failed.status.code(), Some(1));
    assert_eq!(std::fs::read(out.join("index.bin")).unwrap(), before, "the previous build is untouched");
    let fresh = tmp.path().join("never");
    let failed = run(&["build", "--config", "examples/broken/unsafe-url.toml", "--out", fresh.to_str().unwrap()]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(!fresh.exists());
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path().join("site")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers, ["atlas"], "no temporary file is left behind");
    let mut names: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    names.retain(|n| n.starts_with('.') && n != ".commons-atlas-index");
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn build_into_a_folder_it_did_not_write_adds_its_files_but_never_overwrites_one() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("index.html"), "a partner's page").unwrap();
    let out = run(&["build", "--config", "examples/commons/commons.toml", "--out", tmp.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(tmp.path().join("index.html")).unwrap(), "a partner's page");
    assert!(tmp.path().join("index.bin").exists());
    // An index.bin that the folder's list does not know is someone else's: status 2, untouched.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("index.bin"), "not ours").unwrap();
    let out = run(&["build", "--config", "examples/commons/commons.toml", "--out", other.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("was not written by index-builder"));
    assert_eq!(std::fs::read_to_string(other.path().join("index.bin")).unwrap(), "not ours");
}

#[test]
fn stats_lists_files_and_bytes_per_kind_of_a_built_index() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("atlas");
    let built = run(&["build", "--config", "examples/commons/commons.toml", "--out", out.to_str().unwrap()]);
    assert_eq!(built.status.code(), Some(0));
    let stats = run(&["stats", out.to_str().unwrap(), "--json"]);
    assert_eq!(stats.status.code(), Some(0), "{}", String::from_utf8_lossy(&stats.stderr));
    let json: Value = serde_json::from_slice(&stats.stdout).unwrap();
    let (_, report) = check_json("examples/commons/commons.toml", false);
    assert_eq!(json["resources"], report["resources_kept"]);
    assert_eq!(json["concepts"], report["concepts"]);
    let files_on_disk = std::fs::read_dir(&out).unwrap().filter(|e| e.as_ref().unwrap().file_name() != ".commons-atlas-index").count();
    assert_eq!(json["files"].as_u64().unwrap() as usize, files_on_disk);
    let kinds = json["kinds"].as_object().unwrap();
    for kind in ["entry", "manifest", "facets", "text", "records"] {
        let k = &kinds[kind];
        assert!(k["files"].as_u64().unwrap() >= 1, "{kind}");
        assert!(k["bytes_gzip"].as_u64().unwrap() > 0, "{kind}");
    }
    let sum: u64 = kinds.values().map(|k| k["bytes"].as_u64().unwrap()).sum();
    assert_eq!(sum, json["bytes"].as_u64().unwrap());
    assert!(json["bytes_gzip"].as_u64().unwrap() > 0);
    // A file of an earlier release the folder keeps, in an older format, is not this release's:
    // it is neither read nor counted.
    std::fs::write(out.join("text-0123456789abcdef.bin"), b"CATL\x04\x04\x00 an older release").unwrap();
    let again = run(&["stats", out.to_str().unwrap(), "--json"]);
    assert_eq!(again.status.code(), Some(0), "{}", String::from_utf8_lossy(&again.stderr));
    assert_eq!(serde_json::from_slice::<Value>(&again.stdout).unwrap(), json);
    // The table form is for people.
    let table = run(&["stats", out.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&table.stdout).contains("manifest"));
    // A folder that is not an index is a clear error.
    let not = run(&["stats", tmp.path().to_str().unwrap()]);
    assert_eq!(not.status.code(), Some(2));
}

/// The index files are the same bytes; the folder's list of releases differs only by its date.
#[test]
fn the_same_commons_builds_to_byte_identical_files() {
    let tmp = tempfile::tempdir().unwrap();
    let mut listings = Vec::new();
    for name in ["a", "b"] {
        let out = tmp.path().join(name);
        assert_eq!(run(&["build", "--config", "examples/commons/commons.toml", "--out", out.to_str().unwrap()]).status.code(), Some(0));
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&out)
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_name() != ".commons-atlas-index")
            .map(|e| {
                let e = e.unwrap();
                (e.file_name().to_string_lossy().to_string(), std::fs::read(e.path()).unwrap())
            })
            .collect();
        files.sort();
        listings.push(files);
    }
    assert_eq!(listings[0], listings[1]);
}
