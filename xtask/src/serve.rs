//! `cargo xtask serve DIR`: a static file server on 127.0.0.1, for the demo and the browser tests.
//!
//! It serves files as a static host would, which is all the widget needs, through tower-http's
//! `ServeDir` on axum (hyper): GET and HEAD, `ETag` and `Last-Modified` with their conditional
//! requests (an unchanged file costs a 304), byte ranges, and the precompressed companions that
//! `cargo xtask dist` writes (`commons-atlas_bg.wasm.br`, `.gz`), chosen by `Accept-Encoding` and
//! sent with `Content-Encoding` and `Vary: Accept-Encoding`. Nothing is compressed on the fly: a
//! file without a companion is sent as it is, as on a plain static host, so that what the browser
//! tests and the demo receive is what a host configured as in `docs/PUBLISHING.md` sends.
//!
//! Around it, this module keeps the policy that the widget and the docs rely on:
//!
//! - each file gets its MIME type by extension from [`mime_type`] (the wasm as `application/wasm`,
//!   which streaming compilation requires; text with `charset=utf-8`), the companion its
//!   original's;
//! - a cache policy ([`cache_control`]): content-hashed index files (`text-0123456789abcdef.bin`)
//!   and widget files requested with a version (`commons-atlas_bg.wasm?v=…`, as the loader does)
//!   are `immutable` for a year; everything else (`index.bin`, `atlas.js`, pages) is `no-cache`:
//!   revalidated each time;
//! - paths are percent-decoded before they are judged: a `..` segment is refused (400), hidden
//!   names (`.…`, such as the builder's staging folders) are never served (404), nor a symbolic
//!   link that leads out of the folder;
//! - `--cors` adds `Access-Control-Allow-Origin: *` (and answers preflights), to try an index
//!   served from another origin.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::io::{self, Write as _};
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_http::cors::{self, CorsLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// Threads answering requests: the demo and the tests need few, the machine has few.
const WORKERS: usize = 2;

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
    /// Add `Access-Control-Allow-Origin: *` to every response (and answer CORS preflights), as a
    /// host serving an index to other origins must.
    #[arg(long)]
    pub cors: bool,
    /// Print one line per request.
    #[arg(long)]
    pub log: bool,
}

pub fn run(args: &ServeArgs) -> Result<(), String> {
    let listener = bind(args.port)?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    // The browser tests' harness reads the port from this line.
    println!("Serving {} at http://{addr}/", args.dir.display());
    serve(listener, &args.dir, &args.options)
}

/// Listens on 127.0.0.1:`port`. A std listener, so that `demo` can hold the port while it
/// builds, before any runtime exists.
pub fn bind(port: u16) -> Result<TcpListener, String> {
    TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).map_err(|e| {
        if e.kind() == io::ErrorKind::AddrInUse {
            format!("127.0.0.1:{port} is already in use: stop what uses it or choose another --port")
        } else {
            format!("cannot listen on 127.0.0.1:{port}: {e}")
        }
    })
}

/// Serves `root` on `listener` until the process ends (blocking: it runs its own runtime, so
/// that a caller without one, such as `bench-browser`'s thread, can use it).
pub fn serve(listener: TcpListener, root: &Path, options: &Options) -> Result<(), String> {
    let root = root.canonicalize().map_err(|e| format!("{}: {e}", root.display()))?;
    if !root.is_dir() {
        return Err(format!("{} is not a folder", root.display()));
    }
    let _ = io::stdout().flush();
    listener.set_nonblocking(true).map_err(|e| format!("serve: {e}"))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(WORKERS)
        .enable_io()
        .build()
        .map_err(|e| format!("serve: cannot start the server's runtime: {e}"))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| format!("serve: {e}"))?;
        axum::serve(listener, app(root, options)).await.map_err(|e| format!("serve: {e}"))
    })
}

/// The whole server: the files of `root` (canonical) under this module's policy.
fn app(root: PathBuf, options: &Options) -> Router {
    let files = ServeDir::new(&root)
        .precompressed_br()
        .precompressed_gzip()
        .not_found_service(axum::handler::HandlerWithoutStateExt::into_service(not_found));
    let mut app = Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(policy))
        .layer(middleware::from_fn_with_state(Arc::new(root), guard))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ));
    if options.cors {
        app = app.layer(
            CorsLayer::new()
                .allow_origin(cors::Any)
                .allow_methods([Method::GET, Method::HEAD])
                .allow_headers(cors::Any),
        );
    }
    if options.log {
        app = app.layer(middleware::from_fn(log));
    }
    app
}

async fn not_found(uri: axum::http::Uri) -> Response {
    text(StatusCode::NOT_FOUND, format!("{} was not found", uri.path()))
}

/// A short plain-text answer (errors only: files come from `ServeDir`).
fn text(status: StatusCode, detail: String) -> Response {
    let mut response = (status, detail).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// Refuses what must not reach the files: malformed paths, `..`, hidden names, symbolic links
/// that lead out of `root`.
async fn guard(State(root): State<Arc<PathBuf>>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    match decode_path(path) {
        None => text(StatusCode::BAD_REQUEST, "the path is not a valid percent-encoded UTF-8 path".into()),
        Some(Segments::Traversal) => text(StatusCode::BAD_REQUEST, "the path leaves the served folder (..)".into()),
        Some(Segments::Hidden) => text(StatusCode::NOT_FOUND, format!("{path} was not found")),
        Some(Segments::Path(segments)) => {
            let mut file = root.to_path_buf();
            file.extend(&segments);
            let outside = file.canonicalize().is_ok_and(|f| !f.starts_with(root.as_path()));
            if outside {
                return text(StatusCode::NOT_FOUND, format!("{path} was not found"));
            }
            next.run(request).await
        }
    }
}

/// Sets the MIME type and the cache policy of what `ServeDir` answers.
async fn policy(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let query = request.uri().query().map(str::to_string);
    let mut response = next.run(request).await;
    let name = match path.rsplit('/').next() {
        Some("") | None => "index.html".to_string(),
        Some(last) => percent_encoding::percent_decode_str(last).decode_utf8_lossy().into_owned(),
    };
    let status = response.status();
    let headers = response.headers_mut();
    if status.is_success() {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime_type(&name)));
    }
    let cache = if status.is_success() || status == StatusCode::NOT_MODIFIED {
        cache_control(&name, query.as_deref())
    } else {
        "no-cache"
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// One line per request on stderr: status, method, target, and the encoding sent.
async fn log(request: Request<Body>, next: Next) -> Response {
    let line = format!("{} {}", request.method(), request.uri());
    let response = next.run(request).await;
    let encoding = response.headers().get(header::CONTENT_ENCODING).and_then(|v| v.to_str().ok());
    match encoding {
        Some(encoding) => eprintln!("{} {line} ({encoding})", response.status().as_u16()),
        None => eprintln!("{} {line}", response.status().as_u16()),
    }
    response
}

#[derive(Debug, PartialEq, Eq)]
enum Segments {
    Path(Vec<String>),
    /// A `..` segment.
    Traversal,
    /// A segment starting with a dot.
    Hidden,
}

/// Percent-decodes a path and splits it into segments; `None` when it is malformed (not UTF-8,
/// NUL or backslash, not starting with `/`). An escape that is not one (`%zz`) stays as it is,
/// as `ServeDir` reads it.
fn decode_path(path: &str) -> Option<Segments> {
    if !path.starts_with('/') {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8().ok()?;
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
        "br" => "application/x-brotli",
        "gz" => "application/gzip",
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::io::Read as _;
    use std::net::TcpStream;

    #[test]
    fn paths_are_percent_decoded_and_split() {
        assert_eq!(decode_path("/a%20b/c.html"), Some(Segments::Path(vec!["a b".into(), "c.html".into()])));
        assert_eq!(decode_path("/caf%C3%A9/"), Some(Segments::Path(vec!["café".into()])));
        assert_eq!(decode_path("/"), Some(Segments::Path(vec![])));
        assert_eq!(decode_path("/%ff"), None, "not UTF-8");
        assert_eq!(decode_path("/a%5cb"), None, "backslash");
        assert_eq!(decode_path("/a%00b"), None, "NUL");
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

    /// A response read off a real socket.
    struct Answer {
        status: String,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    }

    impl Answer {
        fn header(&self, name: &str) -> Option<&str> {
            self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
        }
    }

    /// One request over a real socket (`head` is the request line and headers, without the
    /// blank line; the connection is closed after the answer).
    fn fetch(addr: SocketAddr, head: &str) -> Answer {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.set_read_timeout(Some(std::time::Duration::from_secs(20))).unwrap();
        write!(stream, "{head}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let split = response.windows(4).position(|w| w == b"\r\n\r\n").expect("a response head");
        let text = String::from_utf8(response[..split].to_vec()).unwrap();
        let mut lines = text.lines();
        let status = lines.next().unwrap().to_string();
        let headers = lines
            .filter_map(|l| l.split_once(": "))
            .map(|(n, v)| (n.to_ascii_lowercase(), v.to_string()))
            .collect();
        Answer { status, headers, body: response[split + 4..].to_vec() }
    }

    /// A folder like a published one, served on a free port; returns its address and the
    /// temporary folder (the served folder is `site/` inside it).
    fn served(name: &str, options: Options) -> (SocketAddr, PathBuf) {
        let tmp = std::env::temp_dir().join(format!("xtask-serve-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&tmp);
        let site = tmp.join("site");
        fs::create_dir_all(site.join("atlas")).unwrap();
        fs::create_dir_all(site.join(".atlas.staging-1")).unwrap();
        fs::write(site.join("index.html"), "<p>home</p>").unwrap();
        fs::write(site.join("atlas/commons-atlas_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
        fs::write(site.join("atlas/commons-atlas_bg.wasm.br"), b"brotli bytes").unwrap();
        fs::write(site.join("atlas/commons-atlas_bg.wasm.gz"), b"gzip bytes!").unwrap();
        fs::write(site.join("atlas/index.bin"), b"entry").unwrap();
        fs::write(site.join("atlas/text-0123456789abcdef.bin"), b"0123456789").unwrap();
        fs::write(site.join(".atlas.staging-1/index.bin"), b"half-written").unwrap();
        fs::write(site.join("a b.txt"), "spaced").unwrap();
        fs::write(tmp.join("secret.txt"), "outside").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(tmp.join("secret.txt"), site.join("link.txt")).unwrap();
        let listener = bind(0).unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || serve(listener, &site, &options));
        (addr, tmp)
    }

    #[test]
    fn files_are_served_with_their_type_and_cache_policy_and_the_rest_is_refused() {
        let (addr, tmp) = served("files", Options::default());

        let home = fetch(addr, "GET / HTTP/1.1");
        assert_eq!(home.status, "HTTP/1.1 200 OK");
        assert_eq!(home.header("content-type"), Some("text/html; charset=utf-8"));
        assert_eq!(home.header("cache-control"), Some("no-cache"));
        assert_eq!(home.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(home.header("access-control-allow-origin"), None, "no CORS without --cors");
        assert_eq!(home.body, b"<p>home</p>");

        let wasm = fetch(addr, "HEAD /atlas/commons-atlas_bg.wasm?v=abc HTTP/1.1");
        assert_eq!(wasm.status, "HTTP/1.1 200 OK");
        assert_eq!(wasm.header("content-type"), Some("application/wasm"));
        assert_eq!(wasm.header("content-length"), Some("8"));
        assert_eq!(wasm.header("content-encoding"), None, "no Accept-Encoding, no companion");
        assert_eq!(wasm.header("cache-control"), Some("public, max-age=31536000, immutable"));
        assert!(wasm.body.is_empty(), "HEAD has no body");

        let entry = fetch(addr, "GET /atlas/index.bin HTTP/1.1");
        assert_eq!(entry.header("cache-control"), Some("no-cache"));
        assert_eq!(entry.header("content-type"), Some("application/octet-stream"));

        let chunk = fetch(addr, "GET /atlas/text-0123456789abcdef.bin HTTP/1.1");
        assert_eq!(chunk.header("cache-control"), Some("public, max-age=31536000, immutable"));
        let etag = chunk.header("etag").expect("an ETag").to_string();
        let again = fetch(addr, &format!("GET /atlas/text-0123456789abcdef.bin HTTP/1.1\r\nIf-None-Match: {etag}"));
        assert_eq!(again.status, "HTTP/1.1 304 Not Modified");
        assert_eq!(again.header("cache-control"), Some("public, max-age=31536000, immutable"));
        assert!(again.body.is_empty());

        let part = fetch(addr, "GET /atlas/text-0123456789abcdef.bin HTTP/1.1\r\nRange: bytes=2-4");
        assert_eq!(part.status, "HTTP/1.1 206 Partial Content");
        assert_eq!(part.body, b"234");

        let spaced = fetch(addr, "GET /a%20b.txt HTTP/1.1");
        assert_eq!((spaced.status.as_str(), spaced.body.as_slice()), ("HTTP/1.1 200 OK", b"spaced".as_slice()));

        let folder = fetch(addr, "GET /atlas HTTP/1.1");
        assert_eq!(folder.status, "HTTP/1.1 307 Temporary Redirect");
        assert_eq!(folder.header("location"), Some("/atlas/"));

        assert_eq!(fetch(addr, "GET /atlas/ HTTP/1.1").status, "HTTP/1.1 404 Not Found", "no index.html there");
        let missing = fetch(addr, "GET /missing.js HTTP/1.1");
        assert_eq!(missing.status, "HTTP/1.1 404 Not Found");
        assert_eq!(missing.header("cache-control"), Some("no-cache"));
        assert_eq!(missing.body, b"/missing.js was not found");
        assert_eq!(fetch(addr, "GET /.atlas.staging-1/index.bin HTTP/1.1").status, "HTTP/1.1 404 Not Found");
        assert_eq!(fetch(addr, "GET /%2eatlas.staging-1/index.bin HTTP/1.1").status, "HTTP/1.1 404 Not Found");
        #[cfg(unix)]
        assert_eq!(fetch(addr, "GET /link.txt HTTP/1.1").status, "HTTP/1.1 404 Not Found", "a link out of the folder");
        assert_eq!(fetch(addr, "GET /../secret.txt HTTP/1.1").status, "HTTP/1.1 400 Bad Request");
        assert_eq!(fetch(addr, "GET /%2e%2e/secret.txt HTTP/1.1").status, "HTTP/1.1 400 Bad Request");
        let post = fetch(addr, "POST / HTTP/1.1\r\nContent-Length: 0");
        assert_eq!(post.status, "HTTP/1.1 405 Method Not Allowed");
        assert_eq!(post.header("allow"), Some("GET,HEAD"));
        assert!(fetch(addr, "nonsense").status.starts_with("HTTP/1.1 400"));
        let _ = fs::remove_dir_all(&tmp);
    }

    #[test]
    fn the_precompressed_companion_is_sent_when_the_client_accepts_its_encoding() {
        let (addr, tmp) = served("precompressed", Options::default());
        let get = |accept: &str| fetch(addr, &format!("GET /atlas/commons-atlas_bg.wasm?v=1 HTTP/1.1\r\nAccept-Encoding: {accept}"));

        let br = get("gzip, deflate, br, zstd");
        assert_eq!(br.status, "HTTP/1.1 200 OK");
        assert_eq!(br.header("content-encoding"), Some("br"));
        assert_eq!(br.header("content-type"), Some("application/wasm"), "the original's type, not the companion's");
        assert_eq!(br.header("cache-control"), Some("public, max-age=31536000, immutable"));
        assert_eq!(br.header("vary"), Some("accept-encoding"));
        assert_eq!(br.body, b"brotli bytes");

        let gz = get("gzip");
        assert_eq!(gz.header("content-encoding"), Some("gzip"));
        assert_eq!(gz.header("content-type"), Some("application/wasm"));
        assert_eq!(gz.body, b"gzip bytes!");

        let plain = get("identity");
        assert_eq!(plain.header("content-encoding"), None);
        assert_eq!(plain.body, b"\0asm\x01\0\0\0");

        // The variants are different bytes: each has its own ETag, so a cache never mixes them.
        assert_ne!(br.header("etag"), gz.header("etag"));
        assert_ne!(br.header("etag"), plain.header("etag"));

        // A file without a companion is sent as it is, whatever the client accepts.
        let page = fetch(addr, "GET /index.html HTTP/1.1\r\nAccept-Encoding: br, gzip");
        assert_eq!(page.header("content-encoding"), None);
        assert_eq!(page.body, b"<p>home</p>");
        let _ = fs::remove_dir_all(&tmp);
    }

    #[test]
    fn cors_lets_another_origin_read_the_index() {
        let (addr, tmp) = served("cors", Options { cors: true, log: false });
        let entry = fetch(addr, "GET /atlas/index.bin HTTP/1.1\r\nOrigin: https://partner.example");
        assert_eq!(entry.status, "HTTP/1.1 200 OK");
        assert_eq!(entry.header("access-control-allow-origin"), Some("*"));
        let preflight = fetch(
            addr,
            "OPTIONS /atlas/index.bin HTTP/1.1\r\nOrigin: https://partner.example\r\nAccess-Control-Request-Method: GET",
        );
        assert!(preflight.status.starts_with("HTTP/1.1 200"), "{}", preflight.status);
        assert_eq!(preflight.header("access-control-allow-origin"), Some("*"));
        assert!(preflight.header("access-control-allow-methods").is_some_and(|m| m.contains("GET")));
        let _ = fs::remove_dir_all(&tmp);
    }
}
