//! The one input layer every feed reader reads through: byte order mark, size caps, and what an
//! XML reader must refuse.
//!
//! Readers are written for well-behaved files; members' files are not always that, and a
//! commons is checked on machines (CI on a member's pull request) that a hostile file must not be
//! able to bring down. So, before any parser sees a byte:
//!
//! - a leading UTF-8 byte order mark is dropped: it is invisible in an editor, and parsers either
//!   refuse it (JSON) or take it as part of the first field (JSON Lines, CSV);
//! - the whole feed may not exceed [`Limits::feed_bytes`], and one record (a JSON element, a line,
//!   a CSV row, one XML event) may not exceed [`Limits::record_bytes`]: `feed = "/dev/zero"` or an
//!   endless line stops with an error naming the limit instead of eating the memory.
//!
//! A record is delimited by the reader, which calls [`Gauge::record_start`] at each boundary; the
//! readers' own buffers (a few KB) are the only slack. Field lengths (a 10 MB title) are a
//! different, softer matter: see [`super::text`].

use std::cell::RefCell;
use std::io::{self, BufRead, Read};
use std::rc::Rc;

/// How much one feed may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The whole feed, in bytes.
    pub feed_bytes: u64,
    /// One record (one JSON element or line, one CSV row, one XML event), in bytes.
    pub record_bytes: u64,
}

/// The limits every feed is read with: ten times the largest feed the network has, and a record
/// that can still hold a 10 MB title (which [`super::text`] then cuts, with a warning).
pub const LIMITS: Limits = Limits { feed_bytes: 1 << 30, record_bytes: 16 << 20 };

/// How deep XML elements may nest, in ScrutariData and in an RDF/XML thesaurus. Real files nest
/// fewer than ten levels; parsers' time grows faster than the depth.
pub const MAX_XML_DEPTH: usize = 256;

/// `1073741824` as `1 GiB`, for messages.
pub fn bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 30 && n % (1 << 30) == 0 => format!("{} GiB", n >> 30),
        n if n >= 1 << 20 && n % (1 << 20) == 0 => format!("{} MiB", n >> 20),
        n if n >= 1 << 10 && n % (1 << 10) == 0 => format!("{} KiB", n >> 10),
        n => format!("{n} bytes"),
    }
}

/// Which limit a feed went past, and on which line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exceeded {
    pub line: u64,
    pub message: String,
}

#[derive(Debug, Default)]
struct State {
    total: u64,
    since_mark: u64,
    line: u64,
    exceeded: Option<Exceeded>,
    /// NUL bytes removed, and the line of the first.
    nuls: u64,
    first_nul_line: u64,
}

/// A handle on a [`Bounded`] reader: readers mark where records start, and the caller asks, once
/// a reader failed, whether a limit was the reason.
#[derive(Clone, Debug, Default)]
pub struct Gauge(Rc<RefCell<State>>);

impl Gauge {
    /// A record starts at the next byte: its size is counted from here.
    pub fn record_start(&self) {
        self.0.borrow_mut().since_mark = 0;
    }

    /// The limit the input went past, if it did.
    pub fn exceeded(&self) -> Option<Exceeded> {
        self.0.borrow().exceeded.clone()
    }

    /// How many NUL bytes were removed, and the line of the first.
    pub fn nuls(&self) -> Option<(u64, u64)> {
        let state = self.0.borrow();
        (state.nuls > 0).then_some((state.nuls, state.first_nul_line))
    }
}

/// A reader that drops a leading byte order mark and stops at the [`Limits`].
pub struct Bounded<R> {
    inner: R,
    limits: Limits,
    /// The first bytes, read to look for a byte order mark, not yet handed over.
    head: Option<Vec<u8>>,
    gauge: Gauge,
}

impl<R: Read> Bounded<R> {
    pub fn new(inner: R, limits: Limits) -> (Bounded<R>, Gauge) {
        let gauge = Gauge(Rc::new(RefCell::new(State { line: 1, ..State::default() })));
        (Bounded { inner, limits, head: None, gauge: gauge.clone() }, gauge)
    }
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(e) = self.gauge.exceeded() {
            return Err(io::Error::other(e.message));
        }
        if self.head.is_none() {
            let mut first = Vec::with_capacity(3);
            (&mut self.inner).take(3).read_to_end(&mut first)?;
            if first == b"\xEF\xBB\xBF" {
                first.clear();
            }
            self.head = Some(first);
        }
        loop {
            let n = match self.head.as_mut().filter(|h| !h.is_empty()) {
                Some(head) => {
                    let n = head.len().min(buf.len());
                    buf[..n].copy_from_slice(&head[..n]);
                    head.drain(..n);
                    n
                }
                None => self.inner.read(buf)?,
            };
            let n = self.count(buf, n)?;
            let kept = self.remove_nuls(&mut buf[..n]);
            // A read of nothing but NULs is not the end of the file.
            if kept > 0 || n == 0 {
                return Ok(kept);
            }
        }
    }
}

impl<R: Read> Bounded<R> {
    /// NUL is never meant in a text feed, and some parsers stop at it (serde_json) or keep it
    /// (csv, quick-xml): it is removed here for all of them, and counted for the report.
    fn remove_nuls(&mut self, buf: &mut [u8]) -> usize {
        if !buf.contains(&0) {
            return buf.len();
        }
        let mut state = self.gauge.0.borrow_mut();
        let mut kept = 0;
        let mut line = state.line - buf.iter().filter(|&&b| b == b'\n').count() as u64;
        for i in 0..buf.len() {
            let b = buf[i];
            if b == 0 {
                if state.nuls == 0 {
                    state.first_nul_line = line;
                }
                state.nuls += 1;
            } else {
                buf[kept] = b;
                kept += 1;
            }
            if b == b'\n' {
                line += 1;
            }
        }
        kept
    }

    fn count(&mut self, buf: &[u8], n: usize) -> io::Result<usize> {
        let mut state = self.gauge.0.borrow_mut();
        state.total += n as u64;
        state.since_mark += n as u64;
        state.line += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
        let message = if state.total > self.limits.feed_bytes {
            Some(format!(
                "the feed is larger than the limit of {} per feed; reading stopped",
                bytes(self.limits.feed_bytes)
            ))
        } else if state.since_mark > self.limits.record_bytes {
            Some(format!(
                "one record (or line) is longer than the limit of {} per record; reading stopped",
                bytes(self.limits.record_bytes)
            ))
        } else {
            None
        };
        if let Some(message) = message {
            let line = state.line;
            state.exceeded = Some(Exceeded { line, message: message.clone() });
            return Err(io::Error::other(message));
        }
        Ok(n)
    }
}

/// A reader that replaces each invalid UTF-8 sequence with U+FFFD and counts them, so that a
/// parser that insists on UTF-8 (serde_json) goes on with the next record and the reader can
/// tell which record had bad bytes ([`Lossy::replaced`]).
pub struct Lossy<R> {
    inner: R,
    pending: Vec<u8>,
    replaced: Rc<RefCell<u64>>,
}

impl<R: BufRead> Lossy<R> {
    pub fn new(inner: R) -> (Lossy<R>, Rc<RefCell<u64>>) {
        let replaced = Rc::new(RefCell::new(0));
        (Lossy { inner, pending: Vec::new(), replaced: replaced.clone() }, replaced)
    }

    fn serve(&mut self, buf: &mut [u8]) -> usize {
        let n = self.pending.len().min(buf.len());
        buf[..n].copy_from_slice(&self.pending[..n]);
        self.pending.drain(..n);
        n
    }
}

impl<R: BufRead> Read for Lossy<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.pending.is_empty() || buf.is_empty() {
            return Ok(self.serve(buf));
        }
        let chunk = self.inner.fill_buf()?;
        if chunk.is_empty() {
            return Ok(0);
        }
        let (valid, bad) = match std::str::from_utf8(chunk) {
            Ok(_) => (chunk.len(), None),
            Err(e) => (e.valid_up_to(), Some(e.error_len())),
        };
        if valid > 0 {
            // Through `pending`, so that a character split between two reads stays whole
            // here (serde_json reads one byte at a time).
            let text = std::str::from_utf8(&chunk[..valid]).unwrap_or_default();
            let mut n = valid.min(8192);
            while !text.is_char_boundary(n) {
                n -= 1;
            }
            self.pending.extend_from_slice(&chunk[..n]);
            self.inner.consume(n);
            return Ok(self.serve(buf));
        }
        match bad {
            Some(Some(len)) => {
                self.inner.consume(len);
                *self.replaced.borrow_mut() += 1;
                self.pending.extend_from_slice("\u{FFFD}".as_bytes());
            }
            _ => {
                // A sequence cut by the end of the buffer: gather it byte by byte.
                let mut seq = chunk.to_vec();
                self.inner.consume(seq.len());
                loop {
                    match std::str::from_utf8(&seq) {
                        Err(e) if e.error_len().is_none() && seq.len() < 4 => {}
                        _ => break,
                    }
                    let more = self.inner.fill_buf()?;
                    let Some(&b) = more.first() else { break };
                    seq.push(b);
                    self.inner.consume(1);
                }
                let fixed = String::from_utf8_lossy(&seq);
                if matches!(fixed, std::borrow::Cow::Owned(_)) {
                    *self.replaced.borrow_mut() += 1;
                }
                self.pending.extend_from_slice(fixed.as_bytes());
            }
        }
        Ok(self.serve(buf))
    }
}

/// Why an XML `<!DOCTYPE …>` is refused: entity declarations are how a few kilobytes expand
/// into gigabytes ("billion laughs"), and no ScrutariData or SKOS file needs them.
pub fn refuse_doctype(doctype: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(doctype);
    text.contains("<!ENTITY").then(|| {
        "the document type declares entities (<!ENTITY …>), which this builder refuses: they can expand a small file into gigabytes".to_string()
    })
}

/// The refusal when elements nest deeper than [`MAX_XML_DEPTH`].
pub fn too_deep() -> String {
    format!("elements nest deeper than {MAX_XML_DEPTH} levels, which no feed or thesaurus needs; reading stopped")
}

/// Checks a whole XML file for what every XML reader refuses (entity declarations, nesting
/// beyond [`MAX_XML_DEPTH`]) before a parser that would expand or recurse sees it. Returns the
/// byte offset of the problem and the refusal.
pub fn check_xml(bytes: &[u8]) -> Result<(), (usize, String)> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut depth = 0usize;
    let mut buf = Vec::new();
    loop {
        let before = reader.buffer_position() as usize;
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::DocType(d)) => {
                if let Some(why) = refuse_doctype(&d) {
                    return Err((before, why));
                }
            }
            Ok(quick_xml::events::Event::Start(_)) => {
                depth += 1;
                if depth > MAX_XML_DEPTH {
                    return Err((before, too_deep()));
                }
            }
            Ok(quick_xml::events::Event::End(_)) => depth = depth.saturating_sub(1),
            // Malformed XML is the parser's to report, with its own words.
            Ok(quick_xml::events::Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
        buf.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &[u8], limits: Limits) -> (Vec<u8>, io::Result<()>, Gauge) {
        let (mut r, gauge) = Bounded::new(io::BufReader::with_capacity(2, bytes), limits);
        let mut out = Vec::new();
        let result = r.read_to_end(&mut out).map(|_| ());
        (out, result, gauge)
    }

    #[test]
    fn a_leading_byte_order_mark_is_dropped_and_nothing_else() {
        assert_eq!(read_all(b"\xEF\xBB\xBF[1]", LIMITS).0, b"[1]");
        assert_eq!(read_all(b"\xEF\xBBx", LIMITS).0, b"\xEF\xBBx");
        assert_eq!(read_all(b"ab\xEF\xBB\xBF", LIMITS).0, b"ab\xEF\xBB\xBF");
        assert_eq!(read_all(b"", LIMITS).0, b"");
    }

    #[test]
    fn nul_bytes_are_removed_and_counted_with_the_first_line() {
        let (out, result, gauge) = read_all(b"a\0b\nc\0\0\0\0\0d", LIMITS);
        result.unwrap();
        assert_eq!(out, b"ab\ncd");
        assert_eq!(gauge.nuls(), Some((6, 1)));
        let (out, _, gauge) = read_all(b"ab\n\0", LIMITS);
        assert_eq!((out.as_slice(), gauge.nuls()), (&b"ab\n"[..], Some((1, 2))));
    }

    #[test]
    fn the_feed_and_record_limits_stop_reading_with_a_message_naming_them() {
        let (_, result, gauge) = read_all(&[b'a'; 100], Limits { feed_bytes: 50, record_bytes: 1000 });
        assert!(result.is_err());
        assert!(gauge.exceeded().unwrap().message.contains("limit of 50 bytes per feed"));
        let (_, result, gauge) = read_all(b"0123456789\n0123456789\n", Limits { feed_bytes: 1000, record_bytes: 5 });
        assert!(result.is_err());
        let e = gauge.exceeded().unwrap();
        assert!(e.message.contains("limit of 5 bytes per record"), "{e:?}");
        assert_eq!(e.line, 1);
    }

    #[test]
    fn invalid_utf8_becomes_replacement_characters_counted() {
        for capacity in [1, 2, 3, 64] {
            let bytes = b"caf\xC3\xA9 \xFF\xFE x \xE2\x82";
            let (mut r, replaced) = Lossy::new(io::BufReader::with_capacity(capacity, &bytes[..]));
            // One byte at a time, as serde_json reads.
            let mut out = Vec::new();
            let mut byte = [0u8];
            while r.read(&mut byte).unwrap() == 1 {
                out.push(byte[0]);
            }
            let out = String::from_utf8(out).unwrap();
            assert_eq!(out, "café \u{FFFD}\u{FFFD} x \u{FFFD}", "capacity {capacity}");
            assert_eq!(*replaced.borrow(), 3);
        }
    }

    #[test]
    fn entity_declarations_and_deep_nesting_are_refused() {
        let bomb = b"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;\">]><x>&b;</x>";
        assert!(check_xml(bomb).unwrap_err().1.contains("<!ENTITY"));
        let deep = "<a>".repeat(MAX_XML_DEPTH + 1);
        assert!(check_xml(deep.as_bytes()).unwrap_err().1.contains("nest deeper"));
        assert!(check_xml("<a>".repeat(MAX_XML_DEPTH).as_bytes()).is_ok());
        assert!(check_xml(b"<!DOCTYPE rdf:RDF><rdf:RDF/>").is_ok());
    }
}
