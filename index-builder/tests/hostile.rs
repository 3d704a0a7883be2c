//! Inputs meant to hurt (or careless enough to): each runs `index-builder check` in a child
//! process held to 200 MB of address space and 5 s of CPU, so that a regression fails the test
//! (the child is killed by the limit) instead of taking the machine down. Each must end with an
//! exit status of its own and a message naming the limit or the refusal.

use serde_json::Value;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const MEMORY: u64 = 200 << 20;
const CPU_SECONDS: u64 = 5;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Runs the builder under the limits; panics with what happened if a limit stopped it.
fn bounded(args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_index-builder"));
    command.args(args).current_dir(root());
    // SAFETY: setrlimit is async-signal-safe, and nothing else runs between fork and exec.
    unsafe {
        command.pre_exec(|| {
            let limit = |resource, value: u64| {
                let l = libc::rlimit { rlim_cur: value as libc::rlim_t, rlim_max: value as libc::rlim_t };
                if libc::setrlimit(resource, &l) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            };
            limit(libc::RLIMIT_AS, MEMORY)?;
            limit(libc::RLIMIT_CPU, CPU_SECONDS)
        });
    }
    let out = command.output().expect("index-builder runs");
    if let Some(signal) = out.status.signal() {
        panic!(
            "{args:?} was killed by signal {signal} (SIGXCPU = {}: over {CPU_SECONDS} s of CPU; SIGABRT/SIGSEGV: out of its {} MB): {}",
            libc::SIGXCPU,
            MEMORY >> 20,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    out
}

/// A commons in `dir` with the small test atlas and the given `[[sites]]` (id, feed, format).
fn commons(dir: &Path, commons_extra: &str, thesaurus: &str, sites: &[(&str, &str, &str)]) -> String {
    std::fs::copy(root().join("examples/broken/atlas.ttl"), dir.join("atlas.ttl")).unwrap();
    let format = if thesaurus.ends_with(".ttl") || thesaurus.ends_with(".rdf") { "" } else { "format = \"turtle\"\n" };
    let mut toml = format!(
        "[commons]\nlanguages = [\"fr\", \"en\"]\n{commons_extra}\n[thesaurus]\npath = \"{thesaurus}\"\n{format}\n\
         [[dimensions]]\nid = \"components\"\ncollection = \"https://mini.atlas.example/components\"\n\n\
         [[dimensions]]\nid = \"angles\"\ncollection = \"https://mini.atlas.example/angles\"\n"
    );
    for (id, feed, format) in sites {
        toml.push_str(&format!(
            "\n[[sites]]\nid = \"{id}\"\nname = \"{id}\"\nurl = \"https://{id}.example.org/\"\nlanguages = [\"fr\"]\nfeed = \"{feed}\"\nformat = \"{format}\"\n"
        ));
    }
    let path = dir.join("commons.toml");
    std::fs::write(&path, toml).unwrap();
    path.to_str().unwrap().to_string()
}

fn check(config: &str) -> (i32, Value, String) {
    let out = bounded(&["check", "--config", config, "--json"]);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap(), json, stderr)
}

fn rules(report: &Value) -> Vec<(String, String)> {
    report["problems"]
        .as_array()
        .map(|ps| ps.iter().map(|p| (p["rule"].as_str().unwrap().to_string(), p["message"].as_str().unwrap().to_string())).collect())
        .unwrap_or_default()
}

fn counts_add_up(report: &Value) {
    let n = |k: &str| report[k].as_u64().unwrap();
    assert_eq!(n("resources_read"), n("resources_kept") + n("resources_rejected"), "{report}");
}

/// 10 levels of entities, each ten times the one before: 11 KB that a parser expanding entities
/// grows to gigabytes.
fn billion_laughs(root_element: &str, inside: &str) -> String {
    let mut text = format!("<?xml version=\"1.0\"?>\n<!DOCTYPE {root_element} [\n  <!ENTITY lol0 \"lol\">\n");
    for i in 1..10 {
        text.push_str(&format!("  <!ENTITY lol{i} \"{}\">\n", format!("&lol{};", i - 1).repeat(10)));
    }
    text.push_str("]>\n");
    text.push_str(inside);
    text
}

const RDF_OPEN: &str = "<rdf:RDF xmlns:skos=\"http://www.w3.org/2004/02/skos/core#\" xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n";

#[test]
fn an_rdf_xml_thesaurus_with_nested_entities_is_refused_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let bomb = billion_laughs("rdf:RDF", &format!("{RDF_OPEN}<skos:Concept rdf:about=\"https://x/a\"><skos:prefLabel>&lol9;</skos:prefLabel></skos:Concept></rdf:RDF>\n"));
    std::fs::write(tmp.path().join("bomb.rdf"), bomb).unwrap();
    let config = commons(tmp.path(), "", "bomb.rdf", &[]);
    let (code, _, stderr) = check(&config);
    assert_eq!(code, 2);
    assert!(stderr.contains("bomb.rdf:2:1: the thesaurus is not valid RDF/XML: the document type declares entities"), "{stderr}");
}

#[test]
fn an_rdf_xml_thesaurus_nested_100000_deep_is_refused_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let deep = format!(
        "<?xml version=\"1.0\"?>\n{RDF_OPEN}{}{}</rdf:RDF>\n",
        "<skos:Concept rdf:about=\"https://x/a\"><skos:broader>".repeat(50_000),
        "</skos:broader></skos:Concept>".repeat(50_000)
    );
    std::fs::write(tmp.path().join("deep.rdf"), deep).unwrap();
    let config = commons(tmp.path(), "", "deep.rdf", &[]);
    let (code, _, stderr) = check(&config);
    assert_eq!(code, 2);
    assert!(stderr.contains("deep.rdf:3:") && stderr.contains("nest deeper than 256 levels"), "{stderr}");
}

#[test]
fn scrutaridata_with_entity_declarations_or_deep_nesting_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let bomb = billion_laughs("base", "<base><corpus corpus-name=\"c\"><fiche fiche-id=\"1\"><titre>&lol9;</titre></fiche></corpus></base>\n");
    std::fs::write(tmp.path().join("bomb.xml"), bomb).unwrap();
    let deep = format!("<base><corpus corpus-name=\"c\">{}", "<x>".repeat(100_000));
    std::fs::write(tmp.path().join("deep.xml"), deep).unwrap();
    let config = commons(tmp.path(), "", "atlas.ttl", &[("bomb", "bomb.xml", "scrutaridata"), ("deep", "deep.xml", "scrutaridata")]);
    let (code, report, _) = check(&config);
    assert_eq!(code, 1, "{report}");
    let found = rules(&report);
    assert!(found.iter().any(|(r, m)| r == "feed-syntax" && m.contains("declares entities")), "{found:?}");
    assert!(found.iter().any(|(r, m)| r == "feed-syntax" && m.contains("nest deeper than 256")), "{found:?}");
    counts_add_up(&report);
}

#[test]
fn an_endless_feed_stops_at_the_record_limit_in_every_format() {
    let tmp = tempfile::tempdir().unwrap();
    // /dev/zero never ends; a 20 MB line is an endless line as far as a record goes.
    std::fs::write(tmp.path().join("long.csv"), format!("id,url,title\n1,https://x.org/1,{}\n", "a".repeat(20 << 20))).unwrap();
    let config = commons(
        tmp.path(),
        "allow_outside = true",
        "atlas.ttl",
        &[
            ("zero-csv", "/dev/zero", "csv"),
            ("zero-jsonl", "/dev/zero", "jsonl"),
            ("zero-xml", "/dev/zero", "scrutaridata"),
            ("zero-json", "/dev/zero", "json"),
            ("long-csv", "long.csv", "csv"),
        ],
    );
    let (code, report, stderr) = check(&config);
    assert_eq!(code, 1, "{stderr}");
    let stopped: Vec<_> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["rule"] == "feed-syntax")
        .map(|p| (p["site"].as_str().unwrap(), p["message"].as_str().unwrap()))
        .collect();
    // NUL bytes are removed by the input layer, so /dev/zero is an endless empty record.
    for site in ["zero-csv", "zero-jsonl", "zero-xml", "zero-json", "long-csv"] {
        let (_, message) = stopped.iter().find(|(s, _)| *s == site).unwrap_or_else(|| panic!("{site}: {stopped:?}"));
        assert!(message.contains("longer than the limit of 16 MiB per record"), "{site}: {message}");
    }
    counts_add_up(&report);
}

#[test]
fn a_record_of_millions_of_values_stops_at_the_value_limit() {
    let tmp = tempfile::tempdir().unwrap();
    let feed = format!("[{{\"id\": \"v\", \"descriptors\": [{}1]}}]", "1,".repeat(8_000_000));
    std::fs::write(tmp.path().join("values.json"), &feed).unwrap();
    std::fs::write(tmp.path().join("values.jsonl"), format!("{}\n{{\"id\": \"w\", \"url\": \"https://v.example.org/w\", \"title\": \"W\"}}\n", &feed[1..feed.len() - 1])).unwrap();
    let config = commons(tmp.path(), "", "atlas.ttl", &[("v", "values.json", "json"), ("l", "values.jsonl", "jsonl")]);
    let (code, report, stderr) = check(&config);
    assert_eq!(code, 1, "{stderr}");
    let found = rules(&report);
    // In a JSON array the feed cannot be read past it; in JSON Lines it is one broken line (a
    // record that cannot be read), and the next record is read.
    let limit = |rule: &str| found.iter().filter(|(r, m)| r == rule && m.contains("more than 100000 values")).count();
    assert_eq!((limit("feed-syntax"), limit("row-shape")), (1, 1), "{found:?}");
    let l = &report["per_site"]["l"];
    assert_eq!((l["read"].as_u64(), l["kept"].as_u64(), l["rejected"].as_u64()), (Some(2), Some(1), Some(1)));
    counts_add_up(&report);
}

#[test]
fn a_10_mb_title_is_cut_with_a_warning_naming_the_record() {
    let tmp = tempfile::tempdir().unwrap();
    let feed = format!(
        "[{{\"id\": \"huge\", \"url\": \"https://t.example.org/1\", \"title\": \"{}\", \"summary\": \"{}\", \"descriptors\": [\"1B.1\"]}}]",
        "a".repeat(10 << 20),
        "b ".repeat(100_000)
    );
    std::fs::write(tmp.path().join("huge.json"), feed).unwrap();
    let config = commons(tmp.path(), "", "atlas.ttl", &[("t", "huge.json", "json")]);
    let (code, report, stderr) = check(&config);
    assert_eq!(code, 0, "{stderr}");
    let cuts: Vec<_> = report["problems"].as_array().unwrap().iter().filter(|p| p["rule"] == "field-too-long").collect();
    assert_eq!(cuts.len(), 2, "{report}");
    assert!(cuts.iter().all(|p| p["record"] == "huge" && p["severity"] == "warning" && p["location"]["line"] == 1));
    assert!(cuts[0]["message"].as_str().unwrap().contains("field \"title\" has 10485760 characters; cut to the first 1000"), "{}", cuts[0]);
    assert_eq!(report["per_site"]["t"]["kept"], 1);
    counts_add_up(&report);
    // And what is published is the cut title.
    let out = tmp.path().join("atlas");
    let built = bounded(&["build", "--config", &config, "--out", out.to_str().unwrap()]);
    assert_eq!(built.status.code(), Some(0), "{}", String::from_utf8_lossy(&built.stderr));
    let largest = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().metadata().unwrap().len()).max().unwrap();
    assert!(largest < 200_000, "an index file of {largest} bytes");
}

#[test]
fn files_outside_the_commons_folder_are_not_read_and_never_quoted() {
    let tmp = tempfile::tempdir().unwrap();
    for (thesaurus, sites) in [
        ("/etc/hostname", vec![]),
        ("atlas.ttl", vec![("p", "../../../../../../etc/passwd", "csv")]),
        ("atlas.ttl", vec![("p", "/etc/passwd", "csv")]),
    ] {
        let config = commons(tmp.path(), "", thesaurus, &sites);
        let (code, _, stderr) = check(&config);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains("is outside the commons folder") && stderr.contains("allow_outside = true"), "{stderr}");
    }
    // Allowed, a file that is not a feed is refused without its first line in the report.
    let config = commons(tmp.path(), "allow_outside = true", "atlas.ttl", &[("p", "/etc/passwd", "csv")]);
    let out = bounded(&["check", "--config", &config, "--json"]);
    let first_line = std::fs::read_to_string("/etc/passwd").unwrap().lines().next().unwrap_or("root").to_string();
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.contains("the header row has no \\\"id\\\" column"), "{all}");
    assert!(!all.contains(&first_line), "the report quotes /etc/passwd: {all}");
}

#[test]
fn invalid_utf8_rejects_its_record_only_in_every_format() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("f.csv"), b"id,url,title,descriptors\n1,https://c.example.org/1,caf\xe9,1B.1\n2,https://c.example.org/2,Bien,1B.1\n").unwrap();
    std::fs::write(dir.join("f.json"), b"[{\"id\": \"1\", \"url\": \"https://j.example.org/1\", \"title\": \"caf\xe9\"},\n {\"id\": \"2\", \"url\": \"https://j.example.org/2\", \"title\": \"Bien\", \"descriptors\": [\"1B.1\"]}]").unwrap();
    std::fs::write(dir.join("f.jsonl"), b"{\"id\": \"1\", \"url\": \"https://l.example.org/1\", \"title\": \"caf\xe9\"}\n{\"id\": \"2\", \"url\": \"https://l.example.org/2\", \"title\": \"Bien\", \"descriptors\": [\"1B.1\"]}\n").unwrap();
    std::fs::write(
        dir.join("f.xml"),
        b"<base><corpus corpus-name=\"c\">\n<fiche fiche-id=\"1\"><titre>caf\xe9</titre><href>https://x.example.org/1</href></fiche>\n<fiche fiche-id=\"2\"><titre>Bien</titre><href>https://x.example.org/2</href></fiche>\n</corpus></base>\n",
    )
    .unwrap();
    let config = commons(dir, "", "atlas.ttl", &[("c", "f.csv", "csv"), ("j", "f.json", "json"), ("l", "f.jsonl", "jsonl"), ("x", "f.xml", "scrutaridata")]);
    let (code, report, stderr) = check(&config);
    assert_eq!(code, 1, "{stderr}");
    for (site, record, line) in [("c", "1", 2), ("j", "1", 1), ("l", "1", 1), ("x", "c/1", 2)] {
        let c = &report["per_site"][site];
        assert_eq!((c["read"].as_u64(), c["kept"].as_u64(), c["rejected"].as_u64()), (Some(2), Some(1), Some(1)), "{site}");
        let p = report["problems"].as_array().unwrap().iter().find(|p| p["site"] == site && p["rule"] == "invalid-encoding").unwrap_or_else(|| panic!("{site}: {report}"));
        assert_eq!((p["record"].as_str(), p["location"]["line"].as_u64(), &p["rejected"]), (Some(record), Some(line), &Value::Bool(true)), "{site}: {p}");
    }
    counts_add_up(&report);
}
