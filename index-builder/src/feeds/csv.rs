//! CSV feeds: a header row naming the fields, then one record per row.
//!
//! The csv crate does the parsing (quoting, line breaks inside quotes) and tells each row's line.
//! Rows are read as bytes so that one row of invalid UTF-8 is one rejected record rather than the
//! end of the file, and a row with the wrong number of cells is reported, not guessed at.
//!
//! A quote that is never closed makes the csv crate read the rest of the file as one cell, which
//! would hide every record after it. [`Quotes`] follows the quoting as the bytes go by; when the
//! file ends inside a quote, the row that opened it is rejected, and the lines after it are read
//! again as rows of their own, so that each is kept or named.

use super::input::Gauge;
use super::{clean, field_problem, DescriptorRef, FeedError, RawRecord};
use crate::report::{Location, Problem, Rule};
use std::cell::RefCell;
use std::io::Read;
use std::rc::Rc;

/// Where a CSV file is in its quoting, as the csv crate will read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Quoting {
    FieldStart,
    Unquoted,
    Quoted,
    /// A `"` inside a quoted field: the end of the field, or the first of `""`.
    QuoteInQuoted,
}

#[derive(Debug)]
struct QuoteState {
    quoting: Quoting,
    line: u64,
    /// The line of the quote that is open, and the bytes of the lines after it.
    open: Option<(u64, Vec<u8>, bool)>,
    ended: bool,
    /// Whether the last byte seen was a line break (then `line` is one past the last line).
    at_line_start: bool,
}

/// A reader that follows CSV quoting (see the module doc).
struct Quotes<R> {
    inner: R,
    state: Rc<RefCell<QuoteState>>,
}

impl<R: Read> Read for Quotes<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut s = self.state.borrow_mut();
        if n == 0 {
            s.ended = true;
        }
        for &b in &buf[..n] {
            s.quoting = match (s.quoting, b) {
                (Quoting::FieldStart, b'"') => {
                    let line = s.line;
                    s.open = Some((line, Vec::new(), false));
                    Quoting::Quoted
                }
                (Quoting::Quoted, b'"') => Quoting::QuoteInQuoted,
                (Quoting::Quoted, _) => Quoting::Quoted,
                (Quoting::QuoteInQuoted, b'"') => Quoting::Quoted,
                (_, b',' | b'\n') => Quoting::FieldStart,
                (Quoting::FieldStart, b'\r') => Quoting::FieldStart,
                _ => Quoting::Unquoted,
            };
            if s.quoting != Quoting::Quoted && s.quoting != Quoting::QuoteInQuoted {
                s.open = None;
            }
            if let Some((_, rest, past_line)) = s.open.as_mut() {
                if *past_line {
                    rest.push(b);
                }
                if b == b'\n' {
                    *past_line = true;
                }
            }
            if b == b'\n' {
                s.line += 1;
            }
            s.at_line_start = b == b'\n';
        }
        Ok(n)
    }
}

const FIELDS: &[&str] = &[
    "id", "url", "title", "subtitle", "summary", "authors", "date", "type", "lang", "place", "country",
    "descriptors", "translation",
];

pub(super) fn read(
    file: impl Read,
    gauge: &Gauge,
    name: &str,
    record: &mut dyn FnMut(RawRecord),
    problem: &mut dyn FnMut(Problem),
) -> Result<(), FeedError> {
    let state = Rc::new(RefCell::new(QuoteState { quoting: Quoting::FieldStart, line: 1, open: None, ended: false, at_line_start: true }));
    let file = Quotes { inner: file, state: state.clone() };
    let mut reader = ::csv::ReaderBuilder::new().flexible(true).from_reader(file);
    let headers = match reader.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(error(name, &e, 0)),
    };
    let header_location = Location::at(name, 1, 1);
    let mut columns: Vec<Option<&str>> = headers
        .iter()
        .map(|h| {
            let h = String::from_utf8_lossy(h).trim().trim_start_matches('\u{feff}').to_ascii_lowercase();
            FIELDS.iter().copied().find(|f| *f == h)
        })
        .collect();
    // A column given twice: the first is read, as the first of repeated values in every reader.
    let mut repeated = Vec::new();
    for i in 0..columns.len() {
        if let Some(field) = columns[i] {
            if columns[..i].contains(&Some(field)) {
                columns[i] = None;
                repeated.push((i, field));
            }
        }
    }
    for required in ["id", "url", "title"] {
        if !columns.contains(&Some(required)) {
            // The columns found are not quoted: a file that is not a feed (a path gone wrong)
            // must not have its first line copied into a report.
            return Err(FeedError::Syntax {
                location: header_location,
                message: format!("the header row has no {required:?} column ({} column(s), none of them {required:?})", headers.len()),
            });
        }
    }
    // Only now, in a file that is a feed, are unknown column names worth quoting.
    for &(i, field) in &repeated {
        problem(
            Problem::new(Rule::DuplicateKey, Location::at(name, 1, 1), format!("column {field:?} is given twice (column {}); the first is read", i + 1))
                .expected("each column once"),
        );
    }
    for (i, h) in headers.iter().enumerate() {
        if columns[i].is_none() && !repeated.iter().any(|&(r, _)| r == i) {
            problem(
                Problem::new(
                    Rule::UnknownField,
                    Location::at(name, 1, 1),
                    format!("column {:?} is not a record field; ignored", String::from_utf8_lossy(h)),
                )
                .expected(format!("one of {}", FIELDS.join(", "))),
            );
        }
    }
    let columns = Columns { headers: &headers, fields: &columns };
    rows(reader, &state, gauge, &columns, 0, MAX_REREADS, name, record)
}

/// How many times one feed's lines are read again after an unclosed quote: each time costs a
/// pass over the rest of the file. Lines read again start outside quotes, where the same bytes
/// quote the other way, so a second unclosed quote is unlikely; the bound is insurance that a
/// file built for it cannot cost the square of its size.
const MAX_REREADS: usize = 100;

struct Columns<'a> {
    headers: &'a ::csv::ByteRecord,
    fields: &'a [Option<&'static str>],
}

/// Reads rows until the end, `line_offset` lines into the file.
fn rows<R: Read>(
    mut reader: ::csv::Reader<R>,
    quotes: &Rc<RefCell<QuoteState>>,
    gauge: &Gauge,
    columns: &Columns,
    line_offset: u64,
    rereads: usize,
    name: &str,
    record: &mut dyn FnMut(RawRecord),
) -> Result<(), FeedError> {
    let Columns { headers, fields: columns } = columns;
    let mut row = ::csv::ByteRecord::new();
    loop {
        gauge.record_start();
        match reader.read_byte_record(&mut row) {
            Ok(false) => return Ok(()),
            Ok(true) => {}
            Err(e) => return Err(error(name, &e, line_offset)),
        }
        let line = row.position().map_or(0, |p| p.line()) + line_offset;
        let location = Location::at(name, line, 1);
        let unclosed = {
            let q = quotes.borrow();
            if q.ended && matches!(q.quoting, Quoting::Quoted) { q.open.clone() } else { None }
        };
        if let Some((open_line, rest, _)) = unclosed {
            // This row ran to the end of the file: reject it and read what it swallowed.
            let mut raw = RawRecord { location: location.clone(), ..RawRecord::default() };
            if let Some(i) = columns.iter().position(|c| *c == Some("id")) {
                raw.id = row.get(i).and_then(|c| clean(&String::from_utf8_lossy(c)));
            }
            let last = {
                let q = quotes.borrow();
                if q.at_line_start { q.line - 1 } else { q.line }
            };
            raw.problems.push(
                field_problem(
                    Rule::RowShape,
                    &location,
                    format!(
                        "the quote opened on line {} is never closed, so lines {}–{} would be one cell; this row is rejected and {}",
                        open_line + line_offset,
                        open_line + line_offset,
                        last + line_offset,
                        if rereads > 0 {
                            "the lines after it are read as rows".to_string()
                        } else {
                            format!("the lines after it are not read ({MAX_REREADS} unclosed quotes already)")
                        }
                    ),
                )
                .expected("every \" that opens a cell closed by another \""),
            );
            record(raw);
            if rereads == 0 {
                return Ok(());
            }
            let again = Rc::new(RefCell::new(QuoteState { quoting: Quoting::FieldStart, line: 1, open: None, ended: false, at_line_start: true }));
            let inner = Quotes { inner: rest.as_slice(), state: again.clone() };
            let reader = ::csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(inner);
            let columns = Columns { headers, fields: columns };
            return rows(reader, &again, gauge, &columns, line_offset + open_line, rereads - 1, name, record);
        }
        let mut raw = RawRecord { location: location.clone(), ..RawRecord::default() };
        if row.len() == 1 && row.get(0).is_some_and(|c| c.iter().all(u8::is_ascii_whitespace)) {
            continue; // a blank line
        }
        if row.len() != headers.len() {
            // Still pick up the id if it is where the header says, so the report can name it.
            if let Some(i) = columns.iter().position(|c| *c == Some("id")) {
                raw.id = row.get(i).and_then(|c| clean(&String::from_utf8_lossy(c)));
            }
            raw.problems.push(
                field_problem(
                    Rule::RowShape,
                    &location,
                    format!("this row has {} cells but the header has {}", row.len(), headers.len()),
                )
                .expected(format!("{} cells, with quotes around cells that contain commas", headers.len())),
            );
            record(raw);
            continue;
        }
        for (i, cell) in row.iter().enumerate() {
            let Some(field) = columns[i] else { continue };
            let lossy = String::from_utf8_lossy(cell);
            if let Err(e) = std::str::from_utf8(cell) {
                raw.problems.push(
                    field_problem(
                        Rule::InvalidEncoding,
                        &location,
                        format!("column {field:?} is not valid UTF-8 (bad byte at position {})", e.valid_up_to() + 1),
                    )
                    .expected("a feed saved as UTF-8"),
                );
            }
            let text: &str = &lossy;
            match field {
                "authors" => raw.authors.extend(text.split('|').filter_map(clean)),
                "descriptors" => {
                    for part in text.split('|').filter(|p| !p.trim().is_empty()) {
                        match DescriptorRef::parse(part) {
                            Ok(r) => raw.descriptors.push(r),
                            Err(message) => raw.problems.push(field_problem(Rule::InvalidField, &location, message)),
                        }
                    }
                }
                _ => {
                    let value = clean(text);
                    let slot = match field {
                        "id" => &mut raw.id,
                        "url" => &mut raw.url,
                        "title" => &mut raw.title,
                        "subtitle" => &mut raw.subtitle,
                        "summary" => &mut raw.summary,
                        "date" => &mut raw.date,
                        "type" => &mut raw.kind,
                        "lang" => &mut raw.lang,
                        "place" => &mut raw.place,
                        "country" => &mut raw.country,
                        _ => &mut raw.translation,
                    };
                    *slot = value;
                }
            }
        }
        record(raw);
    }
}

fn error(name: &str, e: &::csv::Error, line_offset: u64) -> FeedError {
    let location = match e.position() {
        Some(p) => Location::at(name, p.line() + line_offset, 1),
        None => Location::file(name),
    };
    FeedError::Syntax { location, message: format!("the CSV feed cannot be read past this point: {e}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &[u8]) -> (Vec<RawRecord>, Vec<Problem>, Result<(), FeedError>) {
        let mut records = Vec::new();
        let mut problems = Vec::new();
        let result = read(bytes, &Gauge::default(), "f.csv", &mut |r| records.push(r), &mut |p| problems.push(p));
        (records, problems, result)
    }

    #[test]
    fn rows_become_records_with_multi_valued_cells_and_lines() {
        let text = "id,url,title,authors,descriptors,colour\n1,https://x.org/1,\"Budget, participatif\",A|B,E32^2|A44,red\n\"2\",https://x.org/2,\"Two\nlines\",,,\n3,https://x.org/3,Three,,,\n";
        let (records, problems, result) = read_all(text.as_bytes());
        result.unwrap();
        assert_eq!(records.len(), 3);
        assert_eq!(records[0].title.as_deref(), Some("Budget, participatif"));
        assert_eq!(records[0].authors, ["A", "B"]);
        assert_eq!(records[0].descriptors[0].weight, 2);
        assert_eq!(records[2].location.line, Some(5));
        assert_eq!(problems[0].rule, Rule::UnknownField);
    }

    #[test]
    fn a_row_with_the_wrong_number_of_cells_is_one_rejected_record() {
        let (records, _, result) = read_all(b"id,url,title\n1,https://x.org/1,One\n2,https://x.org/2,Two,extra\n");
        result.unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!(records[1].id.as_deref(), Some("2"));
        assert_eq!(records[1].problems[0].rule, Rule::RowShape);
        assert_eq!(records[1].location.line, Some(3));
    }

    #[test]
    fn invalid_utf8_in_a_cell_is_a_problem_of_its_record() {
        let (records, _, result) = read_all(b"id,url,title\n1,https://x.org/1,caf\xff\n");
        result.unwrap();
        assert_eq!(records[0].problems[0].rule, Rule::InvalidEncoding);
    }

    #[test]
    fn an_unclosed_quote_rejects_its_row_and_the_rows_after_it_are_read() {
        let text = b"id,url,title\n1,https://x.org/1,One\n2,https://x.org/2,\"Two\n3,https://x.org/3,Three\n4,https://x.org/4,Four\n";
        let (records, _, result) = read_all(text);
        result.unwrap();
        let ids: Vec<_> = records.iter().map(|r| r.id.as_deref().unwrap_or("?")).collect();
        assert_eq!(ids, ["1", "2", "3", "4"]);
        assert_eq!(records[1].problems[0].rule, Rule::RowShape);
        assert!(records[1].problems[0].message.contains("line 3 is never closed"), "{}", records[1].problems[0].message);
        assert_eq!(records.iter().map(|r| r.location.line.unwrap()).collect::<Vec<_>>(), [2, 3, 4, 5]);
        assert!(records[2].problems.is_empty() && records[3].problems.is_empty());
        assert_eq!(records[3].title.as_deref(), Some("Four"));
    }

    #[test]
    fn a_column_given_twice_is_read_once_the_first() {
        let (records, problems, result) = read_all(b"id,url,title,title\n1,https://x.org/1,First,Second\n");
        result.unwrap();
        assert_eq!(records[0].title.as_deref(), Some("First"));
        assert_eq!(problems.iter().map(|p| p.rule).collect::<Vec<_>>(), [Rule::DuplicateKey]);
    }

    #[test]
    fn a_header_without_required_columns_stops_the_feed() {
        let (_, _, result) = read_all(b"name,link\nx,y\n");
        assert!(matches!(result, Err(FeedError::Syntax { .. })));
    }
}
