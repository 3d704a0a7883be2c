//! A release as the secretariat runs it: feeds at web addresses (served here by a small HTTP
//! server on 127.0.0.1, started by each test), the previous release as the safety net, the
//! publish policy and its exit statuses, changes against the previous release, the publish folder
//! shared with other files, and the member reports.

use serde_json::Value;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::time::Duration;

// ---------------------------------------------------------------------------------------------
// A small HTTP/1.1 server: one thread per connection, `Connection: close`, answers chosen by the
// test for each path; every request is recorded.

/// What the server answers to one request.
#[derive(Clone)]
enum Answer {
    /// Status, headers, body.
    Full(u16, Vec<(String, String)>, Vec<u8>),
    /// Announces `Content-Length: len` but sends only `body`, then closes.
    Truncated { len: usize, body: Vec<u8> },
    /// Waits this long before answering 200 with `body`.
    Slow(Duration, Vec<u8>),
}

#[derive(Clone, Debug)]
struct Request {
    path: String,
    headers: HashMap<String, String>,
    /// The status line's code the server sent.
    status: u16,
}

type Handler = Arc<dyn Fn(&str, &HashMap<String, String>) -> Answer + Send + Sync>;

struct Server {
    port: u16,
    log: Arc<Mutex<Vec<Request>>>,
    handler: Arc<Mutex<Handler>>,
}

impl Server {
    fn start(handler: impl Fn(&str, &HashMap<String, String>) -> Answer + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let log: Arc<Mutex<Vec<Request>>> = Arc::default();
        let handler: Arc<Mutex<Handler>> = Arc::new(Mutex::new(Arc::new(handler)));
        let (log2, handler2) = (log.clone(), handler.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (log, handler) = (log2.clone(), handler2.lock().unwrap().clone());
                std::thread::spawn(move || serve(stream, &log, &*handler));
            }
        });
        Server { port, log, handler }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn answer_with(&self, handler: impl Fn(&str, &HashMap<String, String>) -> Answer + Send + Sync + 'static) {
        *self.handler.lock().unwrap() = Arc::new(handler);
    }

    fn requests(&self) -> Vec<Request> {
        self.log.lock().unwrap().clone()
    }
}

fn serve(mut stream: TcpStream, log: &Mutex<Vec<Request>>, handler: &(dyn Fn(&str, &HashMap<String, String>) -> Answer + Send + Sync)) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).is_err() || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let answer = handler(&path, &headers);
    let status = match &answer {
        Answer::Full(s, ..) => *s,
        _ => 200,
    };
    log.lock().unwrap().push(Request { path, headers, status });
    let head = |status: u16, extra: &[(String, String)], len: usize| {
        let mut h = format!("HTTP/1.1 {status} X\r\nContent-Length: {len}\r\nConnection: close\r\n");
        for (k, v) in extra {
            h.push_str(&format!("{k}: {v}\r\n"));
        }
        h + "\r\n"
    };
    let _ = match answer {
        Answer::Full(status, extra, body) => {
            let body = if status == 304 { Vec::new() } else { body };
            stream.write_all(head(status, &extra, body.len()).as_bytes()).and_then(|()| stream.write_all(&body))
        }
        Answer::Truncated { len, body } => stream.write_all(head(200, &[], len).as_bytes()).and_then(|()| stream.write_all(&body)),
        Answer::Slow(wait, body) => {
            std::thread::sleep(wait);
            stream.write_all(head(200, &[], body.len()).as_bytes()).and_then(|()| stream.write_all(&body))
        }
    };
    let _ = stream.flush();
}

fn ok(body: &[u8]) -> Answer {
    Answer::Full(200, Vec::new(), body.to_vec())
}

// ---------------------------------------------------------------------------------------------
// Commons written for each test: the small atlas of examples/broken and JSON feeds.

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// One JSON record; `bad` gives it a `javascript:` URL, which rejects it.
fn record(i: usize, title: &str, bad: bool) -> String {
    let url = if bad { "javascript:alert(1)".to_string() } else { format!("https://a.example.org/r{i}") };
    format!(r#"{{"id": "r{i}", "url": "{url}", "title": "{title}", "lang": "fr", "descriptors": ["1B.1"]}}"#)
}

fn feed(records: impl IntoIterator<Item = String>) -> String {
    format!("[\n{}\n]\n", records.into_iter().collect::<Vec<_>>().join(",\n"))
}

/// A commons with sites `(id, feed)` (a path relative to `dir`, or a URL) and extra lines for each.
fn commons(dir: &Path, sites: &[(&str, &str, &str)]) -> PathBuf {
    // The atlas beside commons.toml, as a maintainer keeps it (paths stay inside the commons folder).
    std::fs::copy(root().join("examples/broken/atlas.ttl"), dir.join("atlas.ttl")).unwrap();
    let atlas = "atlas.ttl";
    let mut text = format!(
        "[commons]\nname = \"test\"\nlanguages = [\"fr\", \"en\"]\n\n[thesaurus]\npath = {:?}\n\n\
         [[dimensions]]\nid = \"components\"\ncollection = \"https://mini.atlas.example/components\"\n\n\
         [[dimensions]]\nid = \"angles\"\ncollection = \"https://mini.atlas.example/angles\"\n",
        atlas
    );
    for (id, feed, extra) in sites {
        text.push_str(&format!(
            "\n[[sites]]\nid = \"{id}\"\nname = \"{id}\"\nurl = \"https://{id}.example.org/\"\nlanguages = [\"fr\"]\nfeed = \"{feed}\"\nformat = \"json\"\n{extra}\n"
        ));
    }
    let path = dir.join("commons.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_index-builder")).args(args).current_dir(root()).output().expect("index-builder runs")
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("stdout is not JSON ({e}): {}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
    })
}

fn check(config: &Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", "--config", config.to_str().unwrap(), "--json"];
    args.extend_from_slice(extra);
    let out = run(&args);
    (out.status.code().unwrap(), json_of(&out))
}

fn build(config: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["build", "--config", config.to_str().unwrap(), "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(&args)
}

fn problems<'a>(report: &'a Value, rule: &str) -> Vec<&'a Value> {
    report["problems"].as_array().unwrap().iter().filter(|p| p["rule"] == rule).collect()
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    names.sort();
    names
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

// ---------------------------------------------------------------------------------------------

#[test]
fn a_feed_at_a_url_is_fetched_then_an_unchanged_one_costs_a_304() {
    let body = feed((1..=3).map(|i| record(i, "Jardins partagés", false)));
    let server = Server::start(move |_, headers| {
        if headers.get("if-none-match").map(String::as_str) == Some("\"v1\"") {
            Answer::Full(304, vec![("ETag".into(), "\"v1\"".into())], Vec::new())
        } else {
            Answer::Full(200, vec![("ETag".into(), "\"v1\"".into())], body.clone().into_bytes())
        }
    });
    let tmp = tempfile::tempdir().unwrap();
    let url = server.url("/export/feed.json");
    let config = commons(tmp.path(), &[("citego", &url, "")]);

    let (code, report) = check(&config, &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["per_site"]["citego"]["kept"], 3);
    assert_eq!(report["per_site"]["citego"]["source"], "feed");
    assert_eq!(report["per_site"]["citego"]["fetched"][0]["not_modified"], false);
    assert!(tmp.path().join(".cache/feeds").is_dir(), "the cache is beside commons.toml by default");

    let (code, report) = check(&config, &[]);
    assert_eq!(code, 0);
    assert_eq!(report["per_site"]["citego"]["kept"], 3, "read from the cache");
    assert_eq!(report["per_site"]["citego"]["fetched"][0]["not_modified"], true);
    assert_eq!(report["per_site"]["citego"]["fetched"][0]["bytes"], 0);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].headers.get("if-none-match"), None);
    assert_eq!(requests[1].headers.get("if-none-match").map(String::as_str), Some("\"v1\""));
    assert_eq!(requests[1].status, 304, "nothing was sent again");
    assert!(requests[0].headers.get("accept-encoding").is_some_and(|e| e.contains("gzip")));

    // Last-Modified is sent back too, into a cache folder of one's choosing.
    server.answer_with(|_, headers| match headers.get("if-modified-since") {
        Some(_) => Answer::Full(304, Vec::new(), Vec::new()),
        None => Answer::Full(
            200,
            vec![("Last-Modified".into(), "Mon, 30 Nov 2026 10:00:00 GMT".into())],
            feed([record(1, "x", false)]).into_bytes(),
        ),
    });
    let cache = tmp.path().join("my-cache");
    let cache_arg = cache.to_str().unwrap();
    assert_eq!(check(&config, &["--cache", cache_arg]).1["per_site"]["citego"]["kept"], 1);
    let (_, report) = check(&config, &["--cache", cache_arg]);
    assert_eq!(report["per_site"]["citego"]["fetched"][0]["not_modified"], true);
    assert_eq!(server.requests()[3].headers.get("if-modified-since").map(String::as_str), Some("Mon, 30 Nov 2026 10:00:00 GMT"));
    assert!(std::fs::read_dir(&cache).unwrap().count() >= 2);
}

#[test]
fn gzip_encoded_and_redirected_feeds_are_read() {
    let body = feed((1..=4).map(|i| record(i, "Compost", false))).into_bytes();
    let moved = feed((11..=14).map(|i| record(i, "Déménagé", false))).into_bytes();
    let server = Server::start(move |path, _| match path {
        "/gz/feed.json" => Answer::Full(200, vec![("Content-Encoding".into(), "gzip".into())], gzip(&body)),
        "/old/feed.json" => Answer::Full(301, vec![("Location".into(), "/new/feed.json".into())], Vec::new()),
        "/new/feed.json" => ok(&moved),
        "/loop/feed.json" => Answer::Full(302, vec![("Location".into(), "/loop/feed.json".into())], Vec::new()),
        _ => Answer::Full(404, Vec::new(), Vec::new()),
    });
    let tmp = tempfile::tempdir().unwrap();
    let (gz, old, lp) = (server.url("/gz/feed.json"), server.url("/old/feed.json"), server.url("/loop/feed.json"));
    let config = commons(tmp.path(), &[("gz", &gz, ""), ("moved", &old, ""), ("loop", &lp, "")]);
    let (code, report) = check(&config, &[]);
    assert_eq!(report["per_site"]["gz"]["kept"], 4, "{report}");
    assert_eq!(report["per_site"]["moved"]["kept"], 4, "the redirect was followed");
    let failure = report["per_site"]["loop"]["feed_failure"].as_str().unwrap();
    assert!(failure.contains("more than 5 redirects"), "{failure}");
    assert_eq!(code, 1, "the looping site has no previous release to fall back on");
    assert!(server.requests().iter().filter(|r| r.path == "/loop/feed.json").count() <= 7, "the redirects are limited");
}

#[test]
fn a_500_a_timeout_a_truncated_body_and_an_oversize_body_are_each_named() {
    let body = feed((1..=2).map(|i| record(i, "t", false))).into_bytes();
    let big = feed((1..=200).map(|i| record(i, "a long enough title to make the feed large", false))).into_bytes();
    assert!(big.len() > 8 << 10);
    let server = Server::start(move |path, _| match path {
        "/500.json" => Answer::Full(500, Vec::new(), b"oops".to_vec()),
        "/slow.json" => Answer::Slow(Duration::from_secs(4), body.clone()),
        "/cut.json" => Answer::Truncated { len: body.len() + 500, body: body.clone() },
        "/big.json" => ok(&big),
        _ => Answer::Full(404, Vec::new(), Vec::new()),
    });
    let tmp = tempfile::tempdir().unwrap();
    let urls: Vec<String> = ["/500.json", "/slow.json", "/cut.json", "/big.json"].iter().map(|p| server.url(p)).collect();
    let config = commons(
        tmp.path(),
        &[("error", &urls[0], ""), ("slow", &urls[1], ""), ("cut", &urls[2], ""), ("big", &urls[3], "")],
    );
    let started = std::time::Instant::now();
    let out = run(&["check", "--config", config.to_str().unwrap(), "--timeout", "1", "--max-feed-size", "8K"]);
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    let first: Vec<&str> = text.lines().take(4).collect();
    let line = |site: &str| first.iter().find(|l| l.starts_with(&format!("{site}: "))).unwrap_or_else(|| panic!("no {site} in {first:?}"));
    assert!(line("error").contains("feed unreachable (the server answered 500)"), "{text}");
    assert!(line("slow").contains("feed unreachable (timeout after 1 s)"), "{text}");
    assert!(line("cut").contains("feed unreachable (the connection closed before the whole feed was received)"), "{text}");
    assert!(line("big").contains("larger than the 8192 bytes allowed"), "{text}");
    for site in ["error", "slow", "cut", "big"] {
        assert!(text.contains(&format!("refused: site {site}: feed unreachable")), "{site}: {text}");
    }
    // Nothing incomplete entered the cache.
    let cache = tmp.path().join(".cache/feeds");
    let cached: Vec<String> = files(&cache).into_iter().filter(|f| f.ends_with(".body")).collect();
    assert!(cached.is_empty(), "{cached:?}");
}

#[test]
fn a_site_whose_feed_fails_keeps_its_records_from_the_previous_release() {
    let good = feed((1..=5).map(|i| record(i, "Habitat", false))).into_bytes();
    let server = Server::start(move |_, _| ok(&good));
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("other.json"), feed((1..=3).map(|i| record(i + 100, "Autre", false)))).unwrap();
    let url = server.url("/citego.json");
    let config = commons(tmp.path(), &[("citego", &url, ""), ("other", "other.json", "")]);
    let out_dir = tmp.path().join("public");
    let first = build(&config, &out_dir, &[]);
    assert_eq!(first.status.code(), Some(0), "{}", String::from_utf8_lossy(&first.stderr));

    server.answer_with(|_, _| Answer::Full(500, Vec::new(), Vec::new()));
    let second = build(&config, &out_dir, &[]);
    assert_eq!(second.status.code(), Some(0), "{}", String::from_utf8_lossy(&second.stdout));
    let text = String::from_utf8_lossy(&second.stdout);
    let today = index_builder::output::utc_now()[..10].to_string();
    assert_eq!(
        text.lines().next().unwrap(),
        format!("citego: feed unreachable (the server answered 500); 5 records kept from the release of {today}")
    );
    let stats = run(&["stats", out_dir.to_str().unwrap(), "--json"]);
    assert_eq!(json_of(&stats)["resources"], 8, "both sites are still published");

    // The same in JSON, for check with --previous.
    let (code, report) = check(&config, &["--previous", out_dir.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(report["published"], true);
    assert_eq!(report["per_site"]["citego"]["source"], "previous");
    assert_eq!(report["per_site"]["citego"]["kept"], 5);
    assert_eq!(report["per_site"]["citego"]["changes"], serde_json::json!({"added": 0, "removed": 0, "changed": 0}));
    assert_eq!(report["per_site"]["other"]["source"], "feed");
    let p = problems(&report, "feed-unreachable");
    assert!(p[0]["message"].as_str().unwrap().ends_with(&format!("5 records kept from the release of {today}")), "{}", p[0]);
    // A feed that breaks mid-file falls back the same way.
    server.answer_with(|_, _| ok(b"[{\"id\": \"r1\", \"url\": \"https://a.example.org/r1\", \"title\": \"cut"));
    let (code, report) = check(&config, &["--out", out_dir.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(report["per_site"]["citego"]["source"], "previous");
    assert!(report["per_site"]["citego"]["feed_failure"].as_str().unwrap().starts_with("feed cannot be parsed"));
    // A local feed file that has gone is the same: its site keeps its records.
    std::fs::remove_file(tmp.path().join("other.json")).unwrap();
    let (code, report) = check(&config, &["--out", out_dir.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!((report["per_site"]["other"]["source"].as_str(), report["per_site"]["other"]["kept"].as_u64()), (Some("previous"), Some(3)));
    assert!(report["per_site"]["other"]["feed_failure"].as_str().unwrap().contains("other.json"), "{report}");
    // Without the previous release, the same failure refuses the release.
    let (code, report) = check(&config, &[]);
    assert_eq!(code, 1);
    assert!(report["refusals"][0].as_str().unwrap().starts_with("site citego: feed cannot be parsed"), "{report}");
}

#[test]
fn one_bad_record_in_a_thousand_is_rejected_and_the_rest_published() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("big.json"), feed((1..=1000).map(|i| record(i, "Énergie", i == 500)))).unwrap();
    let config = commons(tmp.path(), &[("big", "big.json", "")]);
    let out_dir = tmp.path().join("out");
    let out = build(&config, &out_dir, &["--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let report = json_of(&out);
    assert_eq!(report["published"], true);
    assert_eq!(report["per_site"]["big"]["kept"], 999);
    assert_eq!(report["per_site"]["big"]["rejected"], 1);
    assert_eq!(problems(&report, "unsafe-url")[0]["record"], "r500");
    assert_eq!(report["written"]["dir"], out_dir.to_str().unwrap());
    assert!(report["written"]["files"].as_u64().unwrap() >= 5);
    assert_eq!(json_of(&run(&["stats", out_dir.to_str().unwrap(), "--json"]))["resources"], 999);
}

#[test]
fn thirty_percent_bad_records_in_one_site_refuse_the_release_and_name_the_site() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("sloppy.json"), feed((1..=100).map(|i| record(i, "x", i % 10 < 3)))).unwrap();
    std::fs::write(tmp.path().join("fine.json"), feed((1..=50).map(|i| record(i + 1000, "y", false)))).unwrap();
    let config = commons(tmp.path(), &[("sloppy", "sloppy.json", ""), ("fine", "fine.json", "")]);
    let out_dir = tmp.path().join("out");
    let out = build(&config, &out_dir, &[]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("refused: site sloppy: 30 of 100 records rejected (30.0 %), more than max_rejected = 20 %"),
        "{text}"
    );
    assert!(!text.contains("site fine:"), "{text}");
    assert!(text.contains("nothing was published"));
    assert!(!out_dir.exists(), "nothing was written");
    // A site may be allowed more (max_rejected per site), or every site less ([commons]).
    let config = commons(tmp.path(), &[("sloppy", "sloppy.json", "max_rejected = 35"), ("fine", "fine.json", "")]);
    assert_eq!(check(&config, &[]).0, 0);
    let text = std::fs::read_to_string(&config).unwrap().replace("languages = [\"fr\", \"en\"]", "languages = [\"fr\", \"en\"]\nmax_rejected = 1");
    std::fs::write(&config, text.replace("max_rejected = 35", "")).unwrap();
    std::fs::write(tmp.path().join("fine.json"), feed((1..=50).map(|i| record(i + 1000, "y", i == 1)))).unwrap();
    let (code, report) = check(&config, &[]);
    assert_eq!(code, 1);
    let refusals: Vec<&str> = report["refusals"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
    assert_eq!(refusals.len(), 2, "{refusals:?}");
    assert!(refusals[0].starts_with("site fine: 1 of 50 records rejected (2.0 %), more than max_rejected = 1 %"), "{refusals:?}");
}

#[test]
fn strict_refuses_on_any_problem_even_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    // One stale descriptor reference: a warning, the record kept with its other descriptor.
    let stale = r#"[{"id": "r1", "url": "https://a.example.org/r1", "title": "t", "lang": "fr", "descriptors": ["1B.1", "9Z.99"]}]"#;
    std::fs::write(tmp.path().join("a.json"), stale).unwrap();
    let config = commons(tmp.path(), &[("a", "a.json", "")]);
    let (code, report) = check(&config, &[]);
    assert_eq!((code, report["warnings"].as_u64(), report["errors"].as_u64()), (0, Some(1), Some(0)), "{report}");
    assert_eq!(report["per_site"]["a"]["kept"], 1);
    let out_dir = tmp.path().join("out");
    let out = build(&config, &out_dir, &["--strict"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("refused: --strict, and the report has 1 problem(s)"));
    assert!(!out_dir.exists());
    // A record whose every descriptor is unknown has nothing left to be found by: rejected.
    std::fs::write(tmp.path().join("a.json"), stale.replace("\"1B.1\", ", "")).unwrap();
    let (_, report) = check(&config, &[]);
    assert_eq!(problems(&report, "no-descriptor-left")[0]["rejected"], true);
}

#[test]
fn changes_count_records_added_removed_and_changed_against_the_previous_release() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("a.json");
    std::fs::write(&path, feed((1..=5).map(|i| record(i, "v1", false)))).unwrap();
    let config = commons(tmp.path(), &[("a", "a.json", "")]);
    let out_dir = tmp.path().join("out");
    let first = json_of(&build(&config, &out_dir, &["--json"]));
    assert_eq!(first["per_site"]["a"]["changes"], serde_json::json!({"added": 0, "removed": 0, "changed": 0}));
    assert!(first["previous_release"].is_null());
    // r1 removed, r2 and r3 retitled, r6 and r7 new, r4 and r5 as they were.
    let today = (2..=7).map(|i| record(i, if (2..=3).contains(&i) { "v2" } else { "v1" }, false));
    std::fs::write(&path, feed(today)).unwrap();
    let (_, checked) = check(&config, &["--previous", out_dir.to_str().unwrap()]);
    assert_eq!(checked["per_site"]["a"]["changes"], serde_json::json!({"added": 2, "removed": 1, "changed": 2}));
    let reports = tmp.path().join("reports");
    let second = json_of(&build(&config, &out_dir, &["--json", "--report-dir", reports.to_str().unwrap()]));
    assert_eq!(second["per_site"]["a"]["changes"], checked["per_site"]["a"]["changes"]);
    let md = std::fs::read_to_string(reports.join("a.md")).unwrap();
    let today = &index_builder::output::utc_now()[..10];
    assert!(md.contains(&format!("| added since the release of {today} | 2 |\n| removed | 1 |\n| changed | 2 |")), "{md}");
    assert_eq!(second["previous_release"]["dir"], out_dir.to_str().unwrap());
    let third = json_of(&build(&config, &out_dir, &["--json"]));
    assert_eq!(third["per_site"]["a"]["changes"], serde_json::json!({"added": 0, "removed": 0, "changed": 0}));
}

#[test]
fn a_second_build_leaves_other_files_and_keeps_the_previous_hashed_files_for_one_release() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("a.json");
    let config = commons(tmp.path(), &[("a", "a.json", "")]);
    let out_dir = tmp.path().join("public");
    std::fs::create_dir_all(out_dir.join("img")).unwrap();
    for (name, text) in [("index.html", "host page"), ("atlas.js", "the widget"), ("img/logo.svg", "<svg/>")] {
        std::fs::write(out_dir.join(name), text).unwrap();
    }
    let mut releases: Vec<Vec<String>> = Vec::new();
    for v in 1..=3 {
        std::fs::write(&path, feed((1..=40).map(|i| record(i, &format!("version {v}"), false)))).unwrap();
        let out = build(&config, &out_dir, &["--json"]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let list: Value = serde_json::from_slice(&std::fs::read(out_dir.join(".commons-atlas-index")).unwrap()).unwrap();
        let current: Vec<String> =
            list["parts"]["index"][0]["files"].as_array().unwrap().iter().map(|f| f.as_str().unwrap().to_string()).collect();
        releases.push(current.into_iter().filter(|f| f != "index.bin").collect());
        for (name, text) in [("index.html", "host page"), ("atlas.js", "the widget"), ("img/logo.svg", "<svg/>")] {
            assert_eq!(std::fs::read_to_string(out_dir.join(name)).unwrap(), text, "release {v} left {name} alone");
        }
    }
    let on_disk = files(&out_dir);
    let changed_in_each = |a: &[String], b: &[String]| a.iter().filter(|f| !b.contains(f)).cloned().collect::<Vec<_>>();
    let only_first = changed_in_each(&releases[0], &releases[1]);
    let only_second = changed_in_each(&releases[1], &releases[2]);
    assert!(!only_first.is_empty() && !only_second.is_empty());
    for f in &only_first {
        assert!(!on_disk.contains(f), "{f} of the first release is removed by the third");
    }
    for f in only_second.iter().chain(&releases[2]) {
        assert!(on_disk.contains(f), "{f} (second or third release) is on disk");
    }
    // --keep-releases 0 removes the previous release's files at once.
    std::fs::write(&path, feed((1..=40).map(|i| record(i, "version 4", false)))).unwrap();
    assert_eq!(build(&config, &out_dir, &["--keep-releases", "0"]).status.code(), Some(0));
    let on_disk = files(&out_dir);
    assert!(releases[2].iter().filter(|f| f.starts_with("records-")).all(|f| !on_disk.contains(f)));
    assert!(on_disk.contains(&"index.html".to_string()) && on_disk.contains(&"img".to_string()));
}

#[test]
fn each_member_gets_its_own_report_file() {
    let tmp = tempfile::tempdir().unwrap();
    let reports = tmp.path().join("reports");
    let out = run(&[
        "check",
        "--config",
        "examples/broken/unmapped-keyword.toml",
        "--report-dir",
        reports.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(files(&reports), ["broken.json", "broken.md", "good.json", "good.md"]);
    let broken: Value = serde_json::from_slice(&std::fs::read(reports.join("broken.json")).unwrap()).unwrap();
    assert_eq!(broken["site"], "broken");
    assert!(broken["counts"]["read"].as_u64().unwrap() >= 1);
    let unmapped = broken["unmapped_keywords"].as_array().unwrap();
    assert!(!unmapped.is_empty());
    let first = &unmapped[0];
    assert!(first["keyword"].as_str().unwrap().contains('/'), "{first}");
    assert!(first["records"].as_u64().unwrap() >= 1);
    assert!(!first["labels"].as_array().unwrap().is_empty(), "{first}");
    let group = broken["rules"].as_array().unwrap().iter().find(|g| g["rule"] == "unmapped-keyword").unwrap();
    assert_eq!(group["count"].as_u64().unwrap() as usize, unmapped.len());
    let draft = broken["keywords_draft"].as_str().unwrap();
    assert!(draft.starts_with("keywords = { ") && draft.contains(&format!("\"{}\" = \"?\"", first["keyword"].as_str().unwrap())), "{draft}");
    // The draft is valid TOML.
    let parsed: toml::Table = toml::from_str(draft).unwrap();
    assert_eq!(parsed["keywords"].as_table().unwrap().len(), unmapped.len());
    let md = std::fs::read_to_string(reports.join("broken.md")).unwrap();
    assert!(md.starts_with("# Report for site `broken`"));
    assert!(md.contains("| `unmapped-keyword` | warning |"), "{md}");
    assert!(md.contains(draft), "{md}");
    let good: Value = serde_json::from_slice(&std::fs::read(reports.join("good.json")).unwrap()).unwrap();
    assert!(good["rules"].as_array().unwrap().iter().all(|g| g["problems"].as_array().unwrap().iter().all(|p| p["site"] == "good")));
}

#[test]
fn a_scrutaridata_info_file_at_a_url_is_followed_to_its_pieces() {
    let example = std::fs::read_to_string(root().join("tests/fixtures/scrutaridata-example.xml")).unwrap();
    let split = example.find("<thesaurus ").unwrap();
    let (head, tail) = (example[..split].to_string(), example[split..].to_string());
    let server = Server::start(move |path, _| match path {
        "/info.xml" => ok(b"<?xml version=\"1.0\"?><info><date>2026-11-30</date>\
            <scrutaridata-url>parts/1.xml</scrutaridata-url><xml-fragment><![CDATA[\n]]></xml-fragment>\
            <scrutaridata-url>parts/2.xml</scrutaridata-url></info>"),
        "/parts/1.xml" => ok(head.as_bytes()),
        "/parts/2.xml" => ok(tail.as_bytes()),
        "/odd-info.xml" => ok(b"<info><scrutaridata-url>file:///etc/hostname</scrutaridata-url></info>"),
        _ => Answer::Full(404, Vec::new(), Vec::new()),
    });
    let tmp = tempfile::tempdir().unwrap();
    let (url, odd) = (server.url("/info.xml"), server.url("/odd-info.xml"));
    let config = commons(tmp.path(), &[("jardins", &url, ""), ("odd", &odd, "")]);
    let text = std::fs::read_to_string(&config).unwrap().replace("format = \"json\"", "format = \"scrutaridata\"");
    std::fs::write(&config, text).unwrap();
    let (_, report) = check(&config, &[]);
    assert_eq!(report["per_site"]["jardins"]["read"], 2, "{report}");
    assert_eq!(report["per_site"]["jardins"]["fetched"].as_array().unwrap().len(), 3);
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/info.xml", "/parts/1.xml", "/parts/2.xml", "/odd-info.xml"]);
    // A remote info file cannot send the builder to a local file or another scheme.
    let failure = report["per_site"]["odd"]["feed_failure"].as_str().unwrap();
    assert!(failure.contains("\"file:///etc/hostname\" is not an http:// or https:// address"), "{failure}");
}

#[test]
fn help_explains_the_new_options_and_exit_statuses() {
    let help = run(&["build", "--help"]);
    let text = String::from_utf8_lossy(&help.stdout);
    for option in ["--keep-releases", "--report-dir", "--cache", "--timeout", "--max-feed-size", "--json", "--strict"] {
        assert!(text.contains(option), "build --help lacks {option}");
    }
    let text = String::from_utf8_lossy(&run(&["--help"]).stdout).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("1 refused to publish") && text.contains("max_rejected"), "{text}");
    let check_help = String::from_utf8_lossy(&run(&["check", "--help"]).stdout).to_string();
    assert!(check_help.contains("--previous"));
}

#[test]
fn a_previous_release_mixed_with_another_build_is_not_taken_for_the_safety_net() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("site.json"), feed((1..=40).map(|i| record(i, "Habitat", false)))).unwrap();
    let config = commons(tmp.path(), &[("site", "site.json", "")]);
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    assert_eq!(build(&config, &a, &[]).status.code(), Some(0));
    assert!(index_builder::previous::Previous::read(&a).unwrap().is_some(), "a release reads back");
    std::fs::write(tmp.path().join("site.json"), feed((1..=40).map(|i| record(i, if i == 1 { "Énergie" } else { "Habitat" }, false)))).unwrap();
    assert_eq!(build(&config, &b, &[]).status.code(), Some(0));
    // Release a's first record chunk replaced by release b's, under a's name.
    let chunk = |dir: &Path| files(dir).into_iter().filter(|f| f.starts_with("records-")).min().unwrap();
    let (name_a, name_b) = (chunk(&a), chunk(&b));
    let build_of = |dir: &Path| commons_atlas::format::BuildId::of_file(&std::fs::read(dir.join("index.bin")).unwrap()).unwrap();
    let bytes_b = std::fs::read(b.join(&name_b)).unwrap();
    std::fs::write(a.join(&name_a), &bytes_b).unwrap();
    let err = index_builder::previous::Previous::read(&a).err().expect("a mixed folder is refused");
    match &err {
        index_builder::previous::PreviousError::Format { path, source } => {
            assert!(path.ends_with(&name_a), "{path}");
            assert_eq!(*source, commons_atlas::format::FormatError::OtherBuild { expected: build_of(&a), found: build_of(&b) });
        }
        other => panic!("{other}"),
    }
    // The command says so and goes on without a safety net.
    let out = run(&["check", "--config", config.to_str().unwrap(), "--previous", a.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("the previous release cannot be read") && stderr.contains("two releases"), "{stderr}");
}
