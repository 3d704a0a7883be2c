//! The byte-level primitives every index file is written with: LEB128 varints, length-prefixed
//! strings and lists, and a [`Reader`] that cannot be talked into reading past its input or
//! allocating more than its input could describe.
//!
//! The decoder runs in visitors' browsers on files fetched from a CDN; a truncated or corrupted
//! file must come back as an error, never as a panic or a multi-gigabyte allocation. Every length
//! the reader trusts is checked against the bytes that remain.

use super::FormatError;

/// Appends values to a byte buffer.
#[derive(Default)]
pub struct Writer {
    pub buf: Vec<u8>,
}

impl Writer {
    pub fn new() -> Writer {
        Writer::default()
    }

    /// Writes the table of the languages `langs` use (sorted, each once) and returns it: texts
    /// refer to a language by its position in it ([`Reader::lang_in`]).
    pub fn lang_table<'a>(&mut self, langs: impl Iterator<Item = &'a crate::model::Lang>) -> Vec<&'a crate::model::Lang> {
        let mut languages: Vec<&crate::model::Lang> = langs.collect();
        crate::sort::sort_dedup(&mut languages);
        self.len(languages.len());
        for l in &languages {
            self.str(l.as_str());
        }
        languages
    }

    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }

    pub fn u32_le(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    pub fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.buf.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.buf.push(v as u8);
    }

    pub fn len(&mut self, n: usize) {
        self.varint(n as u64);
    }

    pub fn bytes(&mut self, b: &[u8]) {
        self.len(b.len());
        self.buf.extend_from_slice(b);
    }

    pub fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }

    /// An optional string: 0 for none, else length + 1 and the bytes.
    pub fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.varint(0),
            Some(s) => {
                self.varint(s.len() as u64 + 1);
                self.buf.extend_from_slice(s.as_bytes());
            }
        }
    }

    /// A sorted list of numbers as gaps, each as a varint: small, and deflate likes it.
    pub fn sorted_u32s(&mut self, values: &[u32]) {
        self.len(values.len());
        let mut last = 0u32;
        for (i, &v) in values.iter().enumerate() {
            let gap = if i == 0 { v } else { v - last };
            self.varint(gap as u64);
            last = v;
        }
    }
}

/// Reads values back, checking every step.
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    /// What is being read, for error messages ("manifest", "text chunk").
    what: &'static str,
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8], what: &'static str) -> Reader<'a> {
        Reader { data, pos: 0, what }
    }

    pub fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }

    pub fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    pub fn error(&self, detail: impl Into<String>) -> FormatError {
        FormatError::Corrupt { what: self.what, offset: self.pos, detail: detail.into() }
    }

    pub fn u8(&mut self) -> Result<u8, FormatError> {
        let b = *self.data.get(self.pos).ok_or_else(|| self.error("unexpected end"))?;
        self.pos += 1;
        Ok(b)
    }

    pub fn u32_le(&mut self) -> Result<u32, FormatError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub fn varint(&mut self) -> Result<u64, FormatError> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(self.error("a number is too long"))
    }

    pub fn varint_u32(&mut self) -> Result<u32, FormatError> {
        let v = self.varint()?;
        u32::try_from(v).map_err(|_| self.error(format!("number {v} is out of range")))
    }

    pub fn varint_u16(&mut self) -> Result<u16, FormatError> {
        let v = self.varint()?;
        u16::try_from(v).map_err(|_| self.error(format!("number {v} is out of range")))
    }

    /// A count of items each taking at least `min_item_bytes`: refused when the rest of the input
    /// could not hold that many, which bounds every allocation by the input's size.
    pub fn count(&mut self, min_item_bytes: usize) -> Result<usize, FormatError> {
        let n = self.varint()?;
        let max = self.remaining() / min_item_bytes.max(1);
        if n > max as u64 {
            return Err(self.error(format!("a count of {n} cannot fit in the {} bytes left", self.remaining())));
        }
        Ok(n as usize)
    }

    pub fn take(&mut self, n: usize) -> Result<&'a [u8], FormatError> {
        if n > self.remaining() {
            return Err(self.error(format!("{n} bytes announced, {} left", self.remaining())));
        }
        let s = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    pub fn bytes(&mut self) -> Result<&'a [u8], FormatError> {
        let n = self.count(1)?;
        self.take(n)
    }

    pub fn str(&mut self) -> Result<&'a str, FormatError> {
        let b = self.bytes()?;
        std::str::from_utf8(b).map_err(|_| self.error("text is not UTF-8"))
    }

    pub fn string(&mut self) -> Result<String, FormatError> {
        self.str().map(str::to_string)
    }

    /// A language code, as a string.
    pub fn lang(&mut self) -> Result<crate::model::Lang, FormatError> {
        let code = self.str()?;
        crate::model::Lang::parse(code).map_err(|_| self.error(format!("{code:?} is not a language code")))
    }

    /// A table of language codes (what [`Writer::lang_table`] writes), which the texts after it
    /// refer to by number.
    pub fn lang_table(&mut self) -> Result<Vec<crate::model::Lang>, FormatError> {
        let n = self.count(1)?;
        let mut languages = Vec::with_capacity(n);
        for _ in 0..n {
            languages.push(self.lang()?);
        }
        Ok(languages)
    }

    /// A language by its number in `table`.
    pub fn lang_in(&mut self, table: &[crate::model::Lang]) -> Result<crate::model::Lang, FormatError> {
        let i = self.varint()? as usize;
        table.get(i).cloned().ok_or_else(|| self.error("unknown language number"))
    }

    pub fn opt_string(&mut self) -> Result<Option<String>, FormatError> {
        let n = self.varint()?;
        if n == 0 {
            return Ok(None);
        }
        let n = usize::try_from(n - 1).map_err(|_| self.error("length out of range"))?;
        let b = self.take(n)?;
        std::str::from_utf8(b).map(|s| Some(s.to_string())).map_err(|_| self.error("text is not UTF-8"))
    }

    pub fn sorted_u32s(&mut self) -> Result<Vec<u32>, FormatError> {
        let n = self.count(1)?;
        let mut out = Vec::with_capacity(n);
        let mut last: u32 = 0;
        for i in 0..n {
            let gap = self.varint_u32()?;
            let v = if i == 0 { gap } else { last.checked_add(gap).ok_or_else(|| self.error("numbers overflow"))? };
            out.push(v);
            last = v;
        }
        Ok(out)
    }

    /// Fails unless every byte was read: trailing bytes mean the file is not what it claims.
    pub fn finish(&self) -> Result<(), FormatError> {
        if self.remaining() == 0 {
            Ok(())
        } else {
            Err(self.error(format!("{} unexpected bytes at the end", self.remaining())))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip() {
        let mut w = Writer::new();
        w.varint(0);
        w.varint(300);
        w.varint(u64::MAX);
        w.str("énergie");
        w.opt_str(None);
        w.opt_str(Some(""));
        w.sorted_u32s(&[3, 7, 7, 1000]);
        let mut r = Reader::new(&w.buf, "test");
        assert_eq!(r.varint().unwrap(), 0);
        assert_eq!(r.varint().unwrap(), 300);
        assert_eq!(r.varint().unwrap(), u64::MAX);
        assert_eq!(r.str().unwrap(), "énergie");
        assert_eq!(r.opt_string().unwrap(), None);
        assert_eq!(r.opt_string().unwrap(), Some(String::new()));
        assert_eq!(r.sorted_u32s().unwrap(), [3, 7, 7, 1000]);
        r.finish().unwrap();
    }

    #[test]
    fn lengths_beyond_the_input_are_refused_before_allocating() {
        let mut w = Writer::new();
        w.varint(u32::MAX as u64); // a list claiming four billion items
        let mut r = Reader::new(&w.buf, "test");
        assert!(r.count(1).is_err());
        let mut r = Reader::new(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], "test");
        assert!(r.varint().is_err());
    }
}
