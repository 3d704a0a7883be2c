//! Turning byte offsets into the lines and columns a maintainer can jump to.
//!
//! Parsers report positions in different ways: toml and quick-xml give byte offsets, csv gives
//! lines, serde_json gives lines and columns only for errors. [`Tracked`] sits between a parser and
//! its input and watches every byte go by, so that a reader can ask where the record it is looking
//! at began, without keeping the whole file in memory.

use std::cell::RefCell;
use std::io::{self, Read};
use std::rc::Rc;

/// The 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_column(text: &[u8], offset: usize) -> (u64, u64) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() as u64 + 1;
    (line, column)
}

#[derive(Debug, Default)]
struct State {
    /// Bytes read so far.
    offset: u64,
    /// Line and column of the next byte, 1-based; columns count bytes.
    line: u64,
    column: u64,
    /// Byte offset of the start of every line seen, when asked to keep them.
    line_starts: Option<Vec<u64>>,
    /// A byte to watch for, and where it was first seen after the watch was set.
    watch: Option<u8>,
    seen: Option<(u64, u64)>,
}

/// A reader that counts lines as its bytes are consumed.
///
/// Clone the [`Position`] handle before giving the reader away to a parser.
pub struct Tracked<R> {
    inner: R,
    state: Rc<RefCell<State>>,
}

/// A handle on a [`Tracked`] reader's progress.
#[derive(Clone)]
pub struct Position {
    state: Rc<RefCell<State>>,
}

impl<R: Read> Tracked<R> {
    /// Counts lines as bytes pass. With `keep_line_starts`, also remembers where every line
    /// starts (8 bytes a line) so that [`Position::at_offset`] can answer for any earlier offset.
    pub fn new(inner: R, keep_line_starts: bool) -> (Tracked<R>, Position) {
        let state = Rc::new(RefCell::new(State {
            line: 1,
            column: 1,
            line_starts: keep_line_starts.then(|| vec![0]),
            ..State::default()
        }));
        (Tracked { inner, state: state.clone() }, Position { state })
    }
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut state = self.state.borrow_mut();
        for &b in &buf[..n] {
            if Some(b) == state.watch && state.seen.is_none() {
                state.seen = Some((state.line, state.column));
            }
            state.offset += 1;
            if b == b'\n' {
                state.line += 1;
                state.column = 1;
                let offset = state.offset;
                if let Some(starts) = state.line_starts.as_mut() {
                    starts.push(offset);
                }
            } else if b & 0xC0 != 0x80 {
                // Count characters, not UTF-8 continuation bytes.
                state.column += 1;
            }
        }
        Ok(n)
    }
}

impl Position {
    /// Line and column of the next byte to be read.
    pub fn current(&self) -> (u64, u64) {
        let state = self.state.borrow();
        (state.line, state.column)
    }

    /// Line and byte-based column of an offset already read (needs `keep_line_starts`).
    pub fn at_offset(&self, offset: u64) -> (u64, u64) {
        let state = self.state.borrow();
        match &state.line_starts {
            Some(starts) => {
                let i = starts.partition_point(|&s| s <= offset).max(1) - 1;
                (i as u64 + 1, offset - starts[i] + 1)
            }
            None => (state.line, state.column),
        }
    }

    /// From now on, remember where `byte` next goes by.
    pub fn watch(&self, byte: u8) {
        let mut state = self.state.borrow_mut();
        state.watch = Some(byte);
        state.seen = None;
    }

    /// Where the watched byte went by, if it has.
    pub fn seen(&self) -> Option<(u64, u64)> {
        self.state.borrow().seen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters() {
        let text = "ab\nçé x\n".as_bytes();
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        let x = text.iter().position(|&b| b == b'x').unwrap();
        assert_eq!(line_column(text, x), (2, 4));
    }

    #[test]
    fn tracked_reader_finds_lines_of_earlier_offsets_and_watched_bytes() {
        let (mut reader, position) = Tracked::new("one\ntwo\n{three".as_bytes(), true);
        position.watch(b'{');
        let mut sink = Vec::new();
        reader.read_to_end(&mut sink).unwrap();
        assert_eq!(position.at_offset(5), (2, 2));
        assert_eq!(position.seen(), Some((3, 1)));
        assert_eq!(position.current(), (3, 7));
    }
}
