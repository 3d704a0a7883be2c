//! CSV feeds: a header row naming the fields, then one record per row.
//!
//! The csv crate does the parsing (quoting, line breaks inside quotes) and tells each row's line.
//! Rows are read as bytes so that one row of invalid UTF-8 is one rejected record rather than the
//! end of the file, and a row with the wrong number of cells is reported, not guessed at.

use super::{clean, field_problem, DescriptorRef, FeedError, RawRecord};
use crate::report::{Location, Problem, Rule};
use std::io::Read;

const FIELDS: &[&str] = &[
    "id", "url", "title", "subtitle", "summary", "authors", "date", "type", "lang", "place", "country",
    "descriptors", "translation",
];

pub(super) fn read(
    file: impl Read,
    name: &str,
    record: &mut dyn FnMut(RawRecord),
    problem: &mut dyn FnMut(Problem),
) -> Result<(), FeedError> {
    let mut reader = ::csv::ReaderBuilder::new().flexible(true).from_reader(file);
    let headers = match reader.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(error(name, &e)),
    };
    let header_location = Location::at(name, 1, 1);
    let columns: Vec<Option<&str>> = headers
        .iter()
        .map(|h| {
            let h = String::from_utf8_lossy(h).trim().trim_start_matches('\u{feff}').to_ascii_lowercase();
            FIELDS.iter().copied().find(|f| *f == h)
        })
        .collect();
    for (i, h) in headers.iter().enumerate() {
        if columns[i].is_none() {
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
    for required in ["id", "url", "title"] {
        if !columns.contains(&Some(required)) {
            return Err(FeedError::Syntax {
                location: header_location,
                message: format!("the header row has no {required:?} column (found: {})", String::from_utf8_lossy(headers.as_slice())),
            });
        }
    }

    let mut row = ::csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut row) {
            Ok(false) => return Ok(()),
            Ok(true) => {}
            Err(e) => return Err(error(name, &e)),
        }
        let line = row.position().map_or(0, |p| p.line());
        let location = Location::at(name, line, 1);
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
            let text = match std::str::from_utf8(cell) {
                Ok(t) => t,
                Err(e) => {
                    raw.problems.push(field_problem(
                        Rule::InvalidField,
                        &location,
                        format!("column {field:?} is not valid UTF-8 (bad byte at position {})", e.valid_up_to() + 1),
                    ));
                    continue;
                }
            };
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

fn error(name: &str, e: &::csv::Error) -> FeedError {
    let location = match e.position() {
        Some(p) => Location::at(name, p.line(), 1),
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
        let result = read(bytes, "f.csv", &mut |r| records.push(r), &mut |p| problems.push(p));
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
        assert_eq!(records[0].problems[0].rule, Rule::InvalidField);
    }

    #[test]
    fn a_header_without_required_columns_stops_the_feed() {
        let (_, _, result) = read_all(b"name,link\nx,y\n");
        assert!(matches!(result, Err(FeedError::Syntax { .. })));
    }
}
