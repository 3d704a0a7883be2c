//! The one rule for links: which addresses from a feed may ever become a link.
//!
//! A URL is the one place where feed text could become behaviour in a visitor's browser
//! (`javascript:`, `data:`), so the builder accepts a record's URL only if it passes
//! [`is_web_url`], and the widget checks again before it writes any `href` (an index could have
//! been built by another tool, or altered). Both call this function, so they cannot disagree.

/// Whether `url` is an absolute `http://` or `https://` address with a host and nothing that a
/// browser would read differently (spaces, control characters, backslashes, markup quotes).
pub fn is_web_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    !host.is_empty()
        && !host.starts_with('@')
        && !url.chars().any(|c| c.is_whitespace() || c.is_control() || c == '\\' || c == '<' || c == '>' || c == '"')
}

#[cfg(test)]
mod tests {
    use super::is_web_url;

    #[test]
    fn only_web_urls_pass() {
        for ok in ["https://citego.org/a?b=c#d", "http://x.org", "HTTPS://X.ORG/"] {
            assert!(is_web_url(ok), "{ok}");
        }
        for bad in ["javascript:alert(1)", "data:text/html,<b>", "JaVaScRiPt:x", "ftp://x.org", "//x.org/a", "https://", "https://x.org/a b", "/relative", "https:\\\\x.org", "vbscript:x", "http:///x", "https://@evil"] {
            assert!(!is_web_url(bad), "{bad}");
        }
    }
}
