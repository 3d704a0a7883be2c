//! Feeds at web addresses: fetched with `ureq`, bounded, and cached between runs.
//!
//! Members publish their feeds at URLs that the secretariat's build reads at every release, so a
//! fetch must never hang the release, fill the disk or be paid twice for the same bytes:
//!
//! - one timeout for the whole fetch (connect, headers and body), a cap on the decoded body's
//!   size, and a limit on redirects;
//! - `gzip` is asked for and decoded (by ureq);
//! - each body is kept in a cache folder with the `ETag` and `Last-Modified` the server sent,
//!   which the next fetch sends back (`If-None-Match`, `If-Modified-Since`): an unchanged feed
//!   costs a `304 Not Modified` and is read from the cache;
//! - a body is written to a temporary file and renamed into the cache only once complete, so a
//!   truncated or over-size download never replaces a good copy.
//!
//! Nothing here reads a feed's content: [`crate::feeds`] reads the cached file like a local one.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;
use thiserror::Error;

/// The limits and the cache of every fetch of a run.
#[derive(Clone, Debug)]
pub struct FetchOptions {
    /// For the whole of one fetch.
    pub timeout: Duration,
    /// Largest body accepted, after decoding.
    pub max_bytes: u64,
    pub max_redirects: u32,
    /// Where bodies and their validators are kept between runs.
    pub cache: PathBuf,
}

impl FetchOptions {
    /// 30 s, 512 MB, 5 redirects, the cache in `.cache/feeds` beside `commons.toml`.
    pub fn new(commons_folder: &Path) -> FetchOptions {
        FetchOptions {
            timeout: Duration::from_secs(30),
            max_bytes: 512 << 20,
            max_redirects: 5,
            cache: commons_folder.join(".cache/feeds"),
        }
    }
}

/// Why a feed could not be fetched. The messages complete "feed unreachable (…)".
#[derive(Debug, Error)]
pub enum FetchError {
    #[error("timeout after {secs} s")]
    Timeout { secs: u64 },
    #[error("the server answered {status}")]
    Status { status: u16 },
    #[error("the feed is larger than the {max} bytes allowed (--max-feed-size)")]
    TooLarge { max: u64 },
    #[error("more than {max} redirects")]
    TooManyRedirects { max: u32 },
    #[error("{0}")]
    Network(String),
    #[error("the cache folder {path}: {source}")]
    Cache { path: String, source: io::Error },
}

/// How a fetch went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Freshness {
    /// The server sent the body (this many bytes, decoded).
    Downloaded(u64),
    /// The server answered `304 Not Modified`: the cached copy is current.
    NotModified,
}

/// A fetched body, in the cache.
#[derive(Clone, Debug)]
pub struct Fetched {
    pub path: PathBuf,
    pub freshness: Freshness,
}

/// What the cache keeps beside a body.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Validators {
    url: String,
    etag: Option<String>,
    last_modified: Option<String>,
}

/// Fetches feeds; one per run, so that connections are reused.
pub struct Fetcher {
    agent: ureq::Agent,
    options: FetchOptions,
}

impl Fetcher {
    pub fn new(options: FetchOptions) -> Fetcher {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(options.timeout))
            .max_redirects(options.max_redirects)
            .http_status_as_error(false)
            .user_agent(concat!("commons-atlas-index-builder/", env!("CARGO_PKG_VERSION")))
            .build();
        Fetcher { agent: config.into(), options }
    }

    pub fn options(&self) -> &FetchOptions {
        &self.options
    }

    /// Fetches `url` into the cache, or confirms the cached copy; `progress` is told the bytes
    /// received so far.
    pub fn get(&self, url: &str, progress: &mut dyn FnMut(u64)) -> Result<Fetched, FetchError> {
        let cache = &self.options.cache;
        fs::create_dir_all(cache).map_err(|source| FetchError::Cache { path: cache.display().to_string(), source })?;
        let key = cache_key(url);
        let body_path = cache.join(format!("{key}.body"));
        let meta_path = cache.join(format!("{key}.json"));
        let cached: Option<Validators> = fs::read(&meta_path)
            .ok()
            .and_then(|b| serde_json::from_slice::<Validators>(&b).ok())
            .filter(|v| v.url == url && body_path.exists());

        let mut request = self.agent.get(url);
        if let Some(v) = &cached {
            if let Some(etag) = &v.etag {
                request = request.header("If-None-Match", etag);
            }
            if let Some(date) = &v.last_modified {
                request = request.header("If-Modified-Since", date);
            }
        }
        let mut response = request.call().map_err(|e| self.classify(e))?;
        let status = response.status().as_u16();
        if status == 304 && cached.is_some() {
            return Ok(Fetched { path: body_path, freshness: Freshness::NotModified });
        }
        if !(200..300).contains(&status) {
            return Err(FetchError::Status { status });
        }
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
        let validators = Validators { url: url.to_string(), etag: header("etag"), last_modified: header("last-modified") };

        let partial = cache.join(format!("{key}.partial-{}", std::process::id()));
        let cache_error = |source| FetchError::Cache { path: partial.display().to_string(), source };
        let mut file = fs::File::create(&partial).map_err(cache_error)?;
        let mut reader = response.body_mut().with_config().limit(self.options.max_bytes).reader();
        let mut buf = vec![0u8; 64 << 10];
        let mut received = 0u64;
        let copied = loop {
            match reader.read(&mut buf) {
                Ok(0) => break Ok(()),
                Ok(n) => {
                    if let Err(e) = file.write_all(&buf[..n]) {
                        break Err(cache_error(e));
                    }
                    received += n as u64;
                    progress(received);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => break Err(self.classify(ureq::Error::from(e))),
            }
        };
        let finished = copied.and_then(|()| file.sync_all().map_err(cache_error));
        drop(file);
        if let Err(e) = finished {
            let _ = fs::remove_file(&partial);
            return Err(e);
        }
        fs::rename(&partial, &body_path).map_err(|source| FetchError::Cache { path: body_path.display().to_string(), source })?;
        let meta = serde_json::to_vec_pretty(&validators).unwrap_or_default();
        fs::write(&meta_path, meta).map_err(|source| FetchError::Cache { path: meta_path.display().to_string(), source })?;
        Ok(Fetched { path: body_path, freshness: Freshness::Downloaded(received) })
    }

    fn classify(&self, error: ureq::Error) -> FetchError {
        match error {
            ureq::Error::Timeout(_) => FetchError::Timeout { secs: self.options.timeout.as_secs().max(1) },
            ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge { max: self.options.max_bytes },
            ureq::Error::TooManyRedirects => FetchError::TooManyRedirects { max: self.options.max_redirects },
            ureq::Error::StatusCode(status) => FetchError::Status { status },
            ureq::Error::Io(e) if e.kind() == io::ErrorKind::TimedOut => {
                FetchError::Timeout { secs: self.options.timeout.as_secs().max(1) }
            }
            ureq::Error::Io(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
                FetchError::Network("the connection closed before the whole feed was received".into())
            }
            other => FetchError::Network(other.to_string()),
        }
    }
}

/// A file name for `url` in the cache: readable, and distinct per address.
fn cache_key(url: &str) -> String {
    let mut crc = flate2::Crc::new();
    crc.update(url.as_bytes());
    let tail: String = url
        .rsplit('/')
        .find(|s| !s.is_empty())
        .unwrap_or("feed")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' })
        .take(40)
        .collect();
    format!("{:08x}{:04x}-{tail}", crc.sum(), url.len() & 0xffff)
}

/// Whether a feed location is a web address rather than a file.
pub fn is_url(text: &str) -> bool {
    text.starts_with("http://") || text.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_keys_differ_per_address_and_stay_file_names() {
        let a = cache_key("https://citego.example.org/export/base.xml?x=1");
        let b = cache_key("https://citego.example.org/export/base.xml?x=2");
        assert_ne!(a, b);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)), "{a}");
    }
}
