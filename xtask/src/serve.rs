//! `cargo xtask serve DIR`: a small static file server on 127.0.0.1, for the demo and the browser tests.
//!
//! It serves files as a static host would, which is all the widget needs: GET and HEAD only, one
//! request per connection (`Connection: close`), a bounded pool of worker threads. Paths are
//! percent-decoded, a `..` segment is refused (400) and hidden names (`.…`, such as the builder's
//! staging folders) are never served. Each file gets its MIME type by extension (the wasm as
//! `application/wasm`, which streaming compilation requires) and a cache policy:
//!
//! - content-hashed index files (`text-0123456789abcdef.bin`) and widget files requested with a
//!   version (`commons-atlas_bg.wasm?v=…`, as the loader does) are `immutable` for a year;
//! - everything else (`index.bin`, `atlas.js`, pages) is `no-cache`: revalidated each time, with
//!   an `ETag` so that an unchanged file costs a 304.
//!
//! `--cors` adds `Access-Control-Allow-Origin: *`, to try an index served from another origin.

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::{Duration, UNIX_EPOCH};

/// Connections served at once; more wait in the queue.
const WORKERS: usize = 8;
/// Accepted connections waiting for a worker; past that, accepting waits.
const QUEUE: usize = 64;
/// A request head larger than this is refused.
const MAX_HEAD: usize = 16 * 1024;
/// A client that sends nothing (or receives nothing) for this long is dropped.
const TIMEOUT: Duration = Duration::from_secs(10);

/// Arguments of `cargo xtask serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The folder to serve (for example the output of `cargo xtask dist`, or `target/demo`).
    pub dir: PathBuf,
    /// Port on 127.0.0.1 (0 picks a free one, printed).
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    #[command(flatten)]
    pub options: Options,
}

/// How files are served.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Options {
    /// Add `Access-Control-Allow-Origin: *` to every response, as a host serving an index to
    /// other origins must.
    #[arg(long)]
    pub cors: bool,
    /// Print one line per request.
    #[arg(long)]
    pub log: bool,
}

pub fn run(args: &ServeArgs) -> Result<(), String> {
    let listener = bind(args.port)?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!("Serving {} at http://{addr}/", args.dir.display());
    serve(listener, &args.dir, &args.options)
}

/// Listens on 127.0.0.1:`port`.
pub fn bind(port: u16) -> Result<TcpListener, String> {
    TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).map_err(|e| {
        if e.kind() == io::ErrorKind::AddrInUse {
            format!("127.0.0.1:{port} is already in use: stop what uses it or choose another --port")
        } else {
            format!("cannot listen on 127.0.0.1:{port}: {e}")
        }
    })
}

/// Serves `root` on `listener` until the process ends.
pub fn serve(listener: TcpListener, root: &Path, options: &Options) -> Result<(), String> {
    let root = root.canonicalize().map_err(|e| format!("{}: {e}", root.display()))?;
    if !root.is_dir() {
        return Err(format!("{} is not a folder", root.display()));
    }
    let _ = io::stdout().flush();
    let (sender, receiver) = mpsc::sync_channel::<TcpStream>(QUEUE);
    let receiver = Arc::new(Mutex::new(receiver));
    let root = Arc::new(root);
    for _ in 0..WORKERS {
        let receiver = Arc::clone(&receiver);
        let root = Arc::clone(&root);
        let options = options.clone();
        thread::spawn(move || loop {
            let stream = match receiver.lock() {
                Ok(r) => r.recv(),
                Err(_) => return,
            };
            match stream {
                Ok(stream) => {
                    let _ = handle(stream, &root, &options);
                }
                Err(_) => return,
            }
        });
    }
    for stream in listener.incoming() {
        match stream {
            Ok(stream) => {
                if sender.send(stream).is_err() {
                    return Err("the server's workers stopped".into());
                }
            }
            Err(e) => eprintln!("serve: accept: {e}"),
        }
    }
    Ok(())
}

/// A parsed request: what [`respond`] needs.
#[derive(Debug, PartialEq, Eq)]
struct Request {
    method: String,
    target: String,
    if_none_match: Option<String>,
}

/// Reads one request from the connection and answers it.
fn handle(stream: TcpStream, root: &Path, options: &Options) -> io::Result<()> {
    stream.set_read_timeout(Some(TIMEOUT))?;
    stream.set_write_timeout(Some(TIMEOUT))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut out = BufWriter::new(stream);
    let response = match read_request(&mut reader) {
        Ok(request) => respond(&request, root),
        Err(status) => Response::error(status, "the request could not be read"),
    };
    if options.log {
        eprintln!("{} {}", response.status, response.log);
    }
    response.write(&mut out, options)?;
    out.flush()
}

/// The request line and the headers this server uses; the error is the status to answer.
fn read_request(reader: &mut impl BufRead) -> Result<Request, u16> {
    let mut head = Vec::new();
    loop {
        let mut line = Vec::new();
        let n = reader.by_ref().take(MAX_HEAD as u64 + 1).read_until(b'\n', &mut line).map_err(|_| 400u16)?;
        if n == 0 {
            return Err(400);
        }
        head.extend_from_slice(&line);
        if head.len() > MAX_HEAD {
            return Err(431);
        }
        if line == b"\r\n" || line == b"\n" {
            break;
        }
    }
    let head = String::from_utf8(head).map_err(|_| 400u16)?;
    let mut lines = head.lines();
    let request_line = lines.next().ok_or(400u16)?;
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(400);
    };
    if !version.starts_with("HTTP/1.") {
        return Err(505);
    }
    let if_none_match = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("if-none-match"))
        .map(|(_, value)| value.trim().to_string());
    Ok(Request { method: method.to_string(), target: target.to_string(), if_none_match })
}

/// What to send back.
struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Body,
    /// Whether the body is sent (not for HEAD nor 304).
    send_body: bool,
    /// What the log line says after the status.
    log: String,
}

enum Body {
    Bytes(Vec<u8>),
    File(File, u64),
}

impl Response {
    fn error(status: u16, detail: &str) -> Response {
        let reason = reason(status);
        let html = format!(
            "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{status} {reason}</title></head>\
             <body><h1>{status} {reason}</h1><p>{}</p></body></html>\n",
            escape_html(detail)
        );
        Response {
            status,
            headers: vec![("Content-Type", "text/html; charset=utf-8".into()), ("Cache-Control", "no-cache".into())],
            body: Body::Bytes(html.into_bytes()),
            send_body: true,
            log: detail.to_string(),
        }
    }

    fn write(self, out: &mut impl Write, options: &Options) -> io::Result<()> {
        write!(out, "HTTP/1.1 {} {}\r\n", self.status, reason(self.status))?;
        for (name, value) in &self.headers {
            write!(out, "{name}: {value}\r\n")?;
        }
        let length = match &self.body {
            Body::Bytes(b) => b.len() as u64,
            Body::File(_, len) => *len,
        };
        if self.status != 304 {
            write!(out, "Content-Length: {length}\r\n")?;
        }
        if options.cors {
            write!(out, "Access-Control-Allow-Origin: *\r\n")?;
        }
        write!(out, "X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n")?;
        if self.send_body && self.status != 304 {
            match self.body {
                Body::Bytes(b) => out.write_all(&b)?,
                Body::File(mut f, _) => {
                    io::copy(&mut f, out)?;
                }
            }
        }
        Ok(())
    }
}

/// Answers a request from the files under `root` (canonical).
fn respond(request: &Request, root: &Path) -> Response {
    let head = match request.method.as_str() {
        "GET" => false,
        "HEAD" => true,
        _ => {
            let mut r = Response::error(405, &format!("{} is not supported: this server only reads files", request.method));
            r.headers.push(("Allow", "GET, HEAD".into()));
            return r;
        }
    };
    let mut response = respond_get(request, root);
    response.log = format!("{} {}", request.method, request.target);
    if head {
        response.send_body = false;
    }
    response
}

fn respond_get(request: &Request, root: &Path) -> Response {
    let (path, query) = split_target(&request.target);
    let Some(segments) = decode_path(path) else {
        return Response::error(400, "the path is not a valid percent-encoded UTF-8 path");
    };
    let segments = match segments {
        Segments::Traversal => return Response::error(400, "the path leaves the served folder (..)"),
        Segments::Hidden => return Response::error(404, &format!("{path} was not found")),
        Segments::Path(s) => s,
    };
    let mut file = root.to_path_buf();
    file.extend(&segments);
    if file.is_dir() {
        if !path.ends_with('/') {
            let mut location = format!("{path}/");
            if let Some(q) = query {
                location = format!("{location}?{q}");
            }
            let mut r = Response::error(301, &format!("moved to {location}"));
            r.headers.push(("Location", location));
            return r;
        }
        file.push("index.html");
    }
    // A symbolic link may point outside the folder: serve only what resolves inside it.
    let file = match file.canonicalize() {
        Ok(f) if f.starts_with(root) && f.is_file() => f,
        _ => return Response::error(404, &format!("{path} was not found")),
    };
    let Ok(metadata) = fs::metadata(&file) else {
        return Response::error(404, &format!("{path} was not found"));
    };
    let name = file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let modified = metadata.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos());
    let etag = format!("\"{:x}-{:x}\"", metadata.len(), modified);
    let headers = vec![
        ("Content-Type", mime_type(&name).to_string()),
        ("Cache-Control", cache_control(&name, query).to_string()),
        ("ETag", etag.clone()),
    ];
    let not_modified = request
        .if_none_match
        .as_deref()
        .is_some_and(|v| v.trim() == "*" || v.split(',').any(|t| t.trim().trim_start_matches("W/") == etag));
    if not_modified {
        return Response { status: 304, headers, body: Body::Bytes(Vec::new()), send_body: false, log: String::new() };
    }
    match File::open(&file) {
        Ok(f) => Response { status: 200, headers, body: Body::File(f, metadata.len()), send_body: true, log: String::new() },
        Err(_) => Response::error(403, &format!("{path} cannot be read")),
    }
}

/// The path and the query of a request target (origin form, or absolute form whose scheme and
/// host are dropped).
fn split_target(target: &str) -> (&str, Option<&str>) {
    let target = match target.find("://") {
        Some(i) if !target.starts_with('/') => {
            let rest = &target[i + 3..];
            rest.find('/').map_or("/", |j| &rest[j..])
        }
        _ => target,
    };
    let target = target.split('#').next().unwrap_or(target);
    match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Segments {
    Path(Vec<String>),
    /// A `..` segment.
    Traversal,
    /// A segment starting with a dot.
    Hidden,
}

/// Percent-decodes a path and splits it into segments; `None` when it is malformed (bad escape,
/// not UTF-8, NUL or backslash, not starting with `/`).
fn decode_path(path: &str) -> Option<Segments> {
    if !path.starts_with('/') {
        return None;
    }
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let value = u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
            decoded.push(value);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    let decoded = String::from_utf8(decoded).ok()?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Some(Segments::Traversal),
            s if s.starts_with('.') => return Some(Segments::Hidden),
            s => segments.push(s.to_string()),
        }
    }
    Some(Segments::Path(segments))
}

/// The MIME type of a file, by extension.
fn mime_type(name: &str) -> &'static str {
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "bin" => "application/octet-stream",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" | "md" | "toml" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "csv" => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Content-hashed files never change; versioned widget files change only with their version.
fn cache_control(name: &str, query: Option<&str>) -> &'static str {
    const FOREVER: &str = "public, max-age=31536000, immutable";
    if is_hashed(name) {
        return FOREVER;
    }
    let versioned = query.is_some_and(|q| q.split('&').any(|p| p.starts_with("v=") && p.len() > 2));
    if versioned && (name.ends_with(".js") || name.ends_with(".wasm")) {
        return FOREVER;
    }
    "no-cache"
}

/// `kind-<16 hex digits>.bin`, as the index builder names every file but the entry file.
fn is_hashed(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".bin") else { return false };
    let Some((kind, hash)) = stem.rsplit_once('-') else { return false };
    !kind.is_empty() && hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        505 => "HTTP Version Not Supported",
        _ => "Error",
    }
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_percent_decoded_and_split() {
        assert_eq!(decode_path("/a%20b/c.html"), Some(Segments::Path(vec!["a b".into(), "c.html".into()])));
        assert_eq!(decode_path("/caf%C3%A9/"), Some(Segments::Path(vec!["café".into()])));
        assert_eq!(decode_path("/"), Some(Segments::Path(vec![])));
        assert_eq!(decode_path("/%zz"), None);
        assert_eq!(decode_path("/%ff"), None, "not UTF-8");
        assert_eq!(decode_path("/a%5cb"), None, "backslash");
        assert_eq!(decode_path("a"), None);
    }

    #[test]
    fn dot_dot_is_refused_even_when_percent_encoded() {
        assert_eq!(decode_path("/../etc/passwd"), Some(Segments::Traversal));
        assert_eq!(decode_path("/atlas/%2e%2e/%2E%2E/x"), Some(Segments::Traversal));
        assert_eq!(decode_path("/a%2f..%2fb"), Some(Segments::Traversal));
        assert_eq!(decode_path("/.atlas.staging-1/index.bin"), Some(Segments::Hidden));
    }

    #[test]
    fn the_wasm_is_served_as_application_wasm_and_scripts_as_javascript() {
        assert_eq!(mime_type("commons-atlas_bg.wasm"), "application/wasm");
        assert_eq!(mime_type("atlas.js"), "text/javascript; charset=utf-8");
        assert_eq!(mime_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(mime_type("index.bin"), "application/octet-stream");
        assert_eq!(mime_type("logo.SVG"), "image/svg+xml");
        assert_eq!(mime_type("README"), "application/octet-stream");
    }

    #[test]
    fn only_hashed_or_versioned_files_are_cached_forever() {
        assert_eq!(cache_control("text-0123456789abcdef.bin", None), "public, max-age=31536000, immutable");
        assert_eq!(cache_control("commons-atlas_bg.wasm", Some("v=00ff")), "public, max-age=31536000, immutable");
        assert_eq!(cache_control("commons-atlas_bg.wasm", None), "no-cache");
        assert_eq!(cache_control("index.bin", None), "no-cache");
        assert_eq!(cache_control("atlas.js", None), "no-cache");
        assert_eq!(cache_control("index.html", Some("v=1")), "no-cache");
        assert_eq!(cache_control("text-0123.bin", None), "no-cache");
    }

    #[test]
    fn absolute_form_targets_and_queries_are_split() {
        assert_eq!(split_target("/a/b?v=1"), ("/a/b", Some("v=1")));
        assert_eq!(split_target("http://127.0.0.1:8000/x.js?v=2"), ("/x.js", Some("v=2")));
        assert_eq!(split_target("http://127.0.0.1:8000"), ("/", None));
    }

    /// One request over a real socket; returns the status line, the headers and the body.
    fn fetch(addr: SocketAddr, request: &str) -> (String, Vec<(String, String)>, Vec<u8>) {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let split = response.windows(4).position(|w| w == b"\r\n\r\n").expect("a response head");
        let head = String::from_utf8(response[..split].to_vec()).unwrap();
        let body = response[split + 4..].to_vec();
        let mut lines = head.lines();
        let status = lines.next().unwrap().to_string();
        let headers = lines
            .filter_map(|l| l.split_once(": "))
            .map(|(n, v)| (n.to_ascii_lowercase(), v.to_string()))
            .collect();
        (status, headers, body)
    }

    fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
        headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    #[test]
    fn a_served_folder_answers_files_redirects_folders_and_refuses_the_rest() {
        let tmp = std::env::temp_dir().join(format!("xtask-serve-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&tmp);
        let site = tmp.join("site");
        fs::create_dir_all(site.join("atlas")).unwrap();
        fs::write(site.join("index.html"), "<p>home</p>").unwrap();
        fs::write(site.join("atlas/commons-atlas_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
        fs::write(site.join("atlas/text-0123456789abcdef.bin"), b"chunk").unwrap();
        fs::write(site.join("a b.txt"), "spaced").unwrap();
        fs::write(tmp.join("secret.txt"), "outside").unwrap();
        let listener = bind(0).unwrap();
        let addr = listener.local_addr().unwrap();
        let root = site.clone();
        thread::spawn(move || serve(listener, &root, &Options::default()));

        let (status, headers, body) = fetch(addr, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assert_eq!(status, "HTTP/1.1 200 OK");
        assert_eq!(header(&headers, "content-type"), Some("text/html; charset=utf-8"));
        assert_eq!(header(&headers, "cache-control"), Some("no-cache"));
        assert_eq!(body, b"<p>home</p>");

        let (status, headers, body) = fetch(addr, "HEAD /atlas/commons-atlas_bg.wasm?v=abc HTTP/1.1\r\n\r\n");
        assert_eq!(status, "HTTP/1.1 200 OK");
        assert_eq!(header(&headers, "content-type"), Some("application/wasm"));
        assert_eq!(header(&headers, "content-length"), Some("8"));
        assert_eq!(header(&headers, "cache-control"), Some("public, max-age=31536000, immutable"));
        assert!(body.is_empty(), "HEAD has no body");

        let (_, headers, _) = fetch(addr, "GET /atlas/text-0123456789abcdef.bin HTTP/1.1\r\n\r\n");
        let etag = header(&headers, "etag").unwrap().to_string();
        let (status, _, body) =
            fetch(addr, &format!("GET /atlas/text-0123456789abcdef.bin HTTP/1.1\r\nIf-None-Match: {etag}\r\n\r\n"));
        assert_eq!(status, "HTTP/1.1 304 Not Modified");
        assert!(body.is_empty());

        let (status, _, body) = fetch(addr, "GET /a%20b.txt HTTP/1.1\r\n\r\n");
        assert_eq!((status.as_str(), body.as_slice()), ("HTTP/1.1 200 OK", b"spaced".as_slice()));

        let (status, headers, _) = fetch(addr, "GET /atlas HTTP/1.1\r\n\r\n");
        assert_eq!(status, "HTTP/1.1 301 Moved Permanently");
        assert_eq!(header(&headers, "location"), Some("/atlas/"));

        assert_eq!(fetch(addr, "GET /atlas/ HTTP/1.1\r\n\r\n").0, "HTTP/1.1 404 Not Found");
        assert_eq!(fetch(addr, "GET /missing.js HTTP/1.1\r\n\r\n").0, "HTTP/1.1 404 Not Found");
        assert_eq!(fetch(addr, "GET /../secret.txt HTTP/1.1\r\n\r\n").0, "HTTP/1.1 400 Bad Request");
        assert_eq!(fetch(addr, "GET /%2e%2e/secret.txt HTTP/1.1\r\n\r\n").0, "HTTP/1.1 400 Bad Request");
        let (status, headers, _) = fetch(addr, "POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
        assert_eq!(status, "HTTP/1.1 405 Method Not Allowed");
        assert_eq!(header(&headers, "allow"), Some("GET, HEAD"));
        assert_eq!(fetch(addr, "nonsense\r\n\r\n").0, "HTTP/1.1 400 Bad Request");
        let _ = fs::remove_dir_all(&tmp);
    }
}
