//! Turning feed data into what a result card shows, safely: highlighted segments, snippets,
//! links and colours.
//!
//! Feed text is never HTML here: these functions return plain strings and flags, and the
//! components render them as Yew text nodes, so a title such as `<img src=x onerror=alert(1)>`
//! shows literally. Links and colours are checked again even though the index builder already
//! refused other URL schemes: the widget must not trust a file it downloaded.
//!
//! Pure Rust, tested natively.

use crate::model::is_web_url;
use crate::text::Analyzer;

/// A piece of text, highlighted or not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub mark: bool,
}

/// Cuts `text` into segments, marking the words whose folded form is one of `matched` (the
/// engine's `Results::matched_terms`). Adjacent marked words stay separate segments.
pub fn highlight(analyzer: &Analyzer, text: &str, matched: &[String]) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut at = 0;
    if !matched.is_empty() {
        for token in analyzer.tokens(text) {
            if matched.binary_search(&token.text).is_err() || token.start < at || !text.is_char_boundary(token.start) || !text.is_char_boundary(token.end) {
                continue;
            }
            if token.start > at {
                out.push(Segment { text: text[at..token.start].to_string(), mark: false });
            }
            out.push(Segment { text: text[token.start..token.end].to_string(), mark: true });
            at = token.end;
        }
    }
    if at < text.len() {
        out.push(Segment { text: text[at..].to_string(), mark: false });
    }
    out
}

/// About `max` characters of `text`, cut at a word boundary, with `…` where something was left
/// out. When the first highlighted word lies beyond the first `max` characters, the snippet is
/// centred on it (starting at a word about a third of the snippet before it), so that the
/// visitor sees why the resource matched.
pub fn snippet(analyzer: &Analyzer, text: &str, matched: &[String], max: usize) -> String {
    let text = text.trim();
    let chars = text.chars().count();
    if chars <= max {
        return text.to_string();
    }
    // Start: the beginning, or a word boundary a third of the snippet before the first match.
    let mut start = 0;
    // Summaries are short texts, but a feed may send a whole article: beyond this, not analysed.
    let head = &text[..byte_of_char(text, SNIPPET_SEARCH_CHARS)];
    let first = if matched.is_empty() { None } else { analyzer.tokens(head).into_iter().find(|t| matched.binary_search(&t.text).is_ok()) };
    if let Some(first) = first {
        let char_pos = text[..first.start].chars().count();
        if char_pos + 20 > max {
            let back = byte_of_char(text, char_pos.saturating_sub(max / 3));
            start = text[back..].find(char::is_whitespace).map_or(back, |i| back + i + 1);
        }
    }
    let body = &text[start..];
    let end = byte_of_char(body, max);
    let mut cut = &body[..end];
    if end < body.len() {
        if let Some(i) = cut.rfind(char::is_whitespace) {
            if i > cut.len() / 2 {
                cut = &cut[..i];
            }
        }
    }
    let cut = cut.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–'));
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.push_str(cut);
    if start + cut.len() < text.len() {
        out.push('…');
    }
    out
}

/// How far into a text [`snippet`] looks for the first matched word.
const SNIPPET_SEARCH_CHARS: usize = 20_000;

fn byte_of_char(text: &str, n: usize) -> usize {
    text.char_indices().nth(n).map_or(text.len(), |(i, _)| i)
}

/// The URL to put in an `href`, only if it is a plain `http(s)` URL (the builder's own rule,
/// [`is_web_url`], checked again: the index is data from a server).
pub fn safe_href(url: &str) -> Option<&str> {
    let url = url.trim();
    is_web_url(url).then_some(url)
}

/// A CSS colour from the index, only if it is a hex colour, a colour name or an `rgb()`/`hsl()`
/// of numbers: it is put in a stylesheet rule (`sheets::colour_class`), which must not receive
/// anything else.
pub fn safe_colour(colour: &str) -> Option<&str> {
    let c = colour.trim();
    let hex = c.strip_prefix('#').is_some_and(|h| matches!(h.len(), 3 | 4 | 6 | 8) && h.bytes().all(|b| b.is_ascii_hexdigit()));
    let name = !c.is_empty() && c.len() <= 30 && c.bytes().all(|b| b.is_ascii_alphabetic());
    let func = ["rgb(", "rgba(", "hsl(", "hsla("].iter().any(|f| c.starts_with(f))
        && c.ends_with(')')
        && c.bytes().filter(|&b| b == b'(' || b == b')').count() == 2
        && c.bytes().all(|b| b.is_ascii_alphanumeric() || b" (),.%/".contains(&b));
    (hex || name || func).then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Matched terms as the engine gives them: sorted, without repeats.
    fn terms(words: &[&str]) -> Vec<String> {
        let mut terms: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        crate::sort::sort_dedup(&mut terms);
        terms
    }

    #[test]
    fn a_long_summary_s_snippet_is_centred_on_the_first_matched_word() {
        let a = Analyzer::new();
        let filler = "Une longue introduction sans rapport avec la question posée. ".repeat(30);
        let text = format!("{filler}Le budget participatif de Porto Alegre reste une référence. {filler}");
        let s = snippet(&a, &text, &terms(&["participatif"]), 160);
        assert!(s.contains("budget participatif de Porto Alegre"), "{s}");
        assert!(s.starts_with('…') && s.ends_with('…'), "ellipses at both ends: {s}");
        let at = s.find("participatif").unwrap();
        assert!(at > 20 && at < 120, "the match is near the middle: {at} in {s}");
        // No match: the beginning.
        assert!(snippet(&a, &text, &[], 160).starts_with("Une longue"));
    }

    #[test]
    fn matched_words_are_marked_in_their_original_spelling() {
        let a = Analyzer::new();
        let segs = highlight(&a, "Énergie et territoires : l'énergie citoyenne", &terms(&["energie"]));
        let marked: Vec<&str> = segs.iter().filter(|s| s.mark).map(|s| s.text.as_str()).collect();
        assert_eq!(marked, vec!["Énergie", "énergie"]);
        let all: String = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(all, "Énergie et territoires : l'énergie citoyenne");
    }

    #[test]
    fn markup_in_a_title_stays_text() {
        let a = Analyzer::new();
        let title = "<img src=x onerror=alert(1)> budget";
        let segs = highlight(&a, title, &terms(&["budget"]));
        let all: String = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(all, title);
        assert_eq!(segs.last().unwrap(), &Segment { text: "budget".into(), mark: true });
    }

    #[test]
    fn snippets_are_cut_at_a_word_and_show_the_first_match() {
        let a = Analyzer::new();
        let long = "word ".repeat(100) + "budget participatif " + &"tail ".repeat(50);
        let s = snippet(&a, &long, &[], 220);
        assert!(s.ends_with("word…"), "{s}");
        assert!(s.chars().count() <= 221);
        let s = snippet(&a, &long, &terms(&["budget"]), 220);
        assert!(s.starts_with('…') && s.contains("budget participatif") && s.ends_with('…'), "{s}");
        assert_eq!(snippet(&a, "  short  ", &[], 220), "short");
    }

    #[test]
    fn only_http_links_become_hrefs() {
        assert_eq!(safe_href("https://citego.org/a?b=1"), Some("https://citego.org/a?b=1"));
        assert_eq!(safe_href(" HTTP://x.org "), Some("HTTP://x.org"));
        for bad in ["javascript:alert(1)", "data:text/html,x", "//evil.org", "https://", "https://a b", "ftp://x.org"] {
            assert_eq!(safe_href(bad), None, "{bad}");
        }
    }

    #[test]
    fn only_plain_colours_reach_a_style_attribute() {
        for ok in ["#c0392b", "#abc", "teal", "rgb(10, 20, 30)", "hsl(200 50% 40%)"] {
            assert_eq!(safe_colour(ok), Some(ok));
        }
        for bad in ["red;background:url(x)", "#12345", "url(x)", "rgb(1,2,3);x:y", "expression(alert(1))", ""] {
            assert_eq!(safe_colour(bad), None, "{bad}");
        }
    }
}
