//! JSON feeds: one array of record objects, or JSON Lines (one object per line).
//!
//! An array is streamed element by element through serde's sequence visitor, so only one record
//! is ever held as a value. serde_json does not say where an element starts, so the input goes
//! through a [`Tracked`] reader that notes the position of the next `{`: that is where the
//! record's line and column in the report come from.

use super::input::{Gauge, Lossy};
use super::{clean, field_problem, DescriptorKey, DescriptorRef, FeedError, RawRecord};
use crate::position::{Position, Tracked};
use crate::report::{Location, Problem, Rule};
use serde::de::{Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;
use std::io::{BufRead, BufReader, Read};

/// Fields a record may have; anything else is reported once per file.
const FIELDS: &[&str] = &[
    "id", "url", "title", "subtitle", "summary", "authors", "date", "type", "lang", "place", "country",
    "descriptors", "translation",
];

/// Unknown keys seen in a file, with where each was first seen and how often.
#[derive(Default)]
struct UnknownKeys(BTreeMap<String, (Location, usize)>);

impl UnknownKeys {
    fn report(self, problem: &mut dyn FnMut(Problem)) {
        for (key, (location, count)) in self.0 {
            problem(
                Problem::new(
                    Rule::UnknownField,
                    location,
                    format!("field {key:?} is not a record field; ignored in {count} record(s)"),
                )
                .expected(format!("one of {}", FIELDS.join(", "))),
            );
        }
    }
}

pub(super) fn read_array(
    file: impl Read,
    gauge: &Gauge,
    name: &str,
    record: &mut dyn FnMut(RawRecord),
    problem: &mut dyn FnMut(Problem),
) -> Result<(), FeedError> {
    let (lossy, replaced) = Lossy::new(BufReader::new(file));
    let (tracked, position) = Tracked::new(lossy, false);
    let mut unknown = UnknownKeys::default();
    let mut de = serde_json::Deserializer::from_reader(tracked);
    let seed = Records { name, position: position.clone(), gauge, replaced, record, unknown: &mut unknown };
    let result = de.deserialize_seq(seed).and_then(|()| de.end());
    unknown.report(problem);
    result.map_err(|e| syntax(name, &e))
}

pub(super) fn read_lines(
    file: impl Read,
    gauge: &Gauge,
    name: &str,
    record: &mut dyn FnMut(RawRecord),
    problem: &mut dyn FnMut(Problem),
) -> Result<(), FeedError> {
    let mut reader = BufReader::new(file);
    let mut unknown = UnknownKeys::default();
    let mut line = Vec::new();
    let mut number = 0u64;
    let result = loop {
        line.clear();
        number += 1;
        gauge.record_start();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => break Ok(()),
            Ok(_) => {}
            Err(source) => break Err(FeedError::Io { path: name.to_string(), source }),
        }
        let location = Location::at(name, number, 1);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        // Bad bytes make the record they are in invalid, not the lines after it.
        let text = String::from_utf8_lossy(&line);
        let bad_bytes = matches!(text, std::borrow::Cow::Owned(_));
        // A broken line is one broken record: report it and go on with the next line.
        match serde_json::from_str::<Element>(&text) {
            Ok(element) => {
                let mut raw = to_record(element, location.clone(), &mut unknown);
                if bad_bytes {
                    raw.problems.push(invalid_encoding(&location));
                }
                record(raw)
            }
            Err(e) => {
                let location = Location::at(name, number, e.column() as u64);
                let mut raw = RawRecord { location: location.clone(), ..RawRecord::default() };
                raw.problems.push(field_problem(
                    Rule::RowShape,
                    &location,
                    format!("this line is not a JSON object: {}", strip_position(&e)),
                ));
                record(raw);
            }
        }
    };
    unknown.report(problem);
    result
}

struct Records<'a, 'r> {
    name: &'a str,
    position: Position,
    gauge: &'a Gauge,
    /// How many invalid UTF-8 sequences [`Lossy`] has replaced so far.
    replaced: Rc<RefCell<u64>>,
    record: &'r mut dyn FnMut(RawRecord),
    unknown: &'r mut UnknownKeys,
}

impl<'de> DeserializeSeed<'de> for Records<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Records<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of record objects (or use format = \"jsonl\" for JSON Lines)")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        loop {
            self.position.watch(b'{');
            self.gauge.record_start();
            let before = self.position.current();
            let replaced_before = *self.replaced.borrow();
            let Some(element) = seq.next_element::<Element>()? else { return Ok(()) };
            let (line, column) = self.position.seen().unwrap_or(before);
            let location = Location::at(self.name, line, column);
            let mut raw = to_record(element, location.clone(), self.unknown);
            if *self.replaced.borrow() > replaced_before {
                raw.problems.push(invalid_encoding(&location));
            }
            (self.record)(raw);
        }
    }
}

fn syntax(name: &str, e: &serde_json::Error) -> FeedError {
    FeedError::Syntax {
        location: Location::at(name, e.line() as u64, e.column() as u64),
        message: format!("the JSON feed cannot be read past this point: {}", strip_position(e)),
    }
}

/// serde_json's message without its " at line L column C" tail, which the location already says.
fn strip_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

fn invalid_encoding(location: &Location) -> Problem {
    field_problem(Rule::InvalidEncoding, location, "the record has bytes that are not valid UTF-8".into())
        .expected("a feed saved as UTF-8")
}

/// One element of a feed: any JSON value, and for an object the keys it gives more than once
/// (serde_json would silently keep the last; the first is kept, as in every reader).
struct Element {
    value: Value,
    repeated: Vec<String>,
}

/// The most values (strings, numbers, array items…) one record may hold. A 16 MiB record of
/// `[1,1,1,…]` would otherwise be eight million values, 256 MB as `Value`s.
const MAX_VALUES: usize = 100_000;

impl<'de> Deserialize<'de> for Element {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Element, D::Error> {
        let count = std::cell::Cell::new(0);
        deserializer.deserialize_any(ElementVisitor(&count))
    }
}

/// Reads one element, keeping the first of repeated keys and counting values.
struct ElementVisitor<'c>(&'c std::cell::Cell<usize>);

/// A JSON value, counted against [`MAX_VALUES`].
struct Counted<'c>(&'c std::cell::Cell<usize>);

impl<'de> DeserializeSeed<'de> for Counted<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl Counted<'_> {
    fn bump<E: serde::de::Error>(&self) -> Result<(), E> {
        self.0.set(self.0.get() + 1);
        if self.0.get() > MAX_VALUES {
            return Err(E::custom(format!("a record holds more than {MAX_VALUES} values, the limit per record")));
        }
        Ok(())
    }
}

impl<'de> Visitor<'de> for Counted<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.bump()?;
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(Counted(self.0))?;
            object.entry(key).or_insert(value);
        }
        Ok(Value::Object(object))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.bump()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(Counted(self.0))? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Value, E> {
        self.bump().map(|()| Value::Bool(v))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Value, E> {
        self.bump().map(|()| Value::from(v))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Value, E> {
        self.bump().map(|()| Value::from(v))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        self.bump().map(|()| Value::from(v))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Value, E> {
        self.bump().map(|()| Value::String(v.to_string()))
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Value, E> {
        self.bump().map(|()| Value::String(v))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Value, E> {
        self.bump().map(|()| Value::Null)
    }
}

impl<'de> Visitor<'de> for ElementVisitor<'_> {
    type Value = Element;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a record object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Element, A::Error> {
        let mut object = Map::new();
        let mut repeated = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(Counted(self.0))?;
            if object.contains_key(&key) {
                repeated.push(key);
            } else {
                object.insert(key, value);
            }
        }
        Ok(Element { value: Value::Object(object), repeated })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Element, A::Error> {
        Counted(self.0).visit_seq(seq).map(plain)
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Element, E> {
        Ok(plain(Value::Bool(v)))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Element, E> {
        Ok(plain(Value::from(v)))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Element, E> {
        Ok(plain(Value::from(v)))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Element, E> {
        Ok(plain(Value::from(v)))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Element, E> {
        Ok(plain(Value::String(v.to_string())))
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Element, E> {
        Ok(plain(Value::String(v)))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Element, E> {
        Ok(plain(Value::Null))
    }
}

fn plain(value: Value) -> Element {
    Element { value, repeated: Vec::new() }
}

/// Reads one record object into a [`RawRecord`], noting fields of the wrong shape.
fn to_record(element: Element, location: Location, unknown: &mut UnknownKeys) -> RawRecord {
    let mut raw = RawRecord { location: location.clone(), ..RawRecord::default() };
    let Element { value, repeated } = element;
    for key in repeated {
        raw.problems.push(
            field_problem(Rule::DuplicateKey, &location, format!("key {key:?} is given more than once; the first value is kept"))
                .expected("each key once per record"),
        );
    }
    let Value::Object(mut map) = value else {
        raw.problems.push(field_problem(
            Rule::InvalidField,
            &location,
            format!("this element is {}, not a record object", kind(&value)),
        ));
        return raw;
    };
    let text = |map: &mut Map<String, Value>, key: &str, raw: &mut RawRecord| -> Option<String> {
        match map.remove(key)? {
            Value::String(s) => clean(&s),
            Value::Number(n) => Some(n.to_string()),
            Value::Null => None,
            other => {
                raw.problems.push(field_problem(
                    Rule::InvalidField,
                    &location,
                    format!("field {key:?} is {}, but should be text", kind(&other)),
                ));
                None
            }
        }
    };
    raw.id = text(&mut map, "id", &mut raw);
    raw.url = text(&mut map, "url", &mut raw);
    raw.title = text(&mut map, "title", &mut raw);
    raw.subtitle = text(&mut map, "subtitle", &mut raw);
    raw.summary = text(&mut map, "summary", &mut raw);
    raw.date = text(&mut map, "date", &mut raw);
    raw.kind = text(&mut map, "type", &mut raw);
    raw.lang = text(&mut map, "lang", &mut raw);
    raw.place = text(&mut map, "place", &mut raw);
    raw.country = text(&mut map, "country", &mut raw);
    raw.translation = text(&mut map, "translation", &mut raw);
    match map.remove("authors") {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) => raw.authors.extend(s.split('|').filter_map(clean)),
        Some(Value::Array(items)) => {
            for item in items {
                match item {
                    Value::String(s) => raw.authors.extend(clean(&s)),
                    other => raw.problems.push(field_problem(
                        Rule::InvalidField,
                        &location,
                        format!("an author is {}, but should be text", kind(&other)),
                    )),
                }
            }
        }
        Some(other) => raw.problems.push(field_problem(
            Rule::InvalidField,
            &location,
            format!("field \"authors\" is {}, but should be an array of names", kind(&other)),
        )),
    }
    match map.remove("descriptors") {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) => {
            for part in s.split('|').filter(|p| !p.trim().is_empty()) {
                push_reference(DescriptorRef::parse(part), &location, &mut raw);
            }
        }
        Some(Value::Array(items)) => {
            for item in items {
                let reference = match item {
                    Value::String(s) => DescriptorRef::parse(&s),
                    Value::Object(o) => reference_object(o),
                    other => Err(format!("a descriptor reference is {}, not text or an object", kind(&other))),
                };
                push_reference(reference, &location, &mut raw);
            }
        }
        Some(other) => raw.problems.push(field_problem(
            Rule::InvalidField,
            &location,
            format!("field \"descriptors\" is {}, but should be an array", kind(&other)),
        )),
    }
    for key in map.keys() {
        unknown.0.entry(key.clone()).or_insert_with(|| (location.clone(), 0)).1 += 1;
    }
    raw
}

fn push_reference(reference: Result<DescriptorRef, String>, location: &Location, raw: &mut RawRecord) {
    match reference {
        Ok(r) => raw.descriptors.push(r),
        Err(message) => raw.problems.push(field_problem(Rule::InvalidField, location, message)),
    }
}

/// `{"notation": "E32", "weight": 2}`, `{"iri": "…"}` or `{"label": "…", "lang": "fr"}`.
fn reference_object(o: Map<String, Value>) -> Result<DescriptorRef, String> {
    let get = |k: &str| o.get(k).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
    let weight = match o.get("weight") {
        None | Some(Value::Null) => 1,
        Some(w) => match w.as_u64() {
            Some(w @ 1..=65535) => w as u16,
            _ => return Err(format!("descriptor weight {w} is not a whole number from 1 to 65535")),
        },
    };
    let key = if let Some(n) = get("notation") {
        DescriptorKey::Notation(n.to_string())
    } else if let Some(i) = get("iri") {
        DescriptorKey::Iri(i.to_string())
    } else if let Some(l) = get("label") {
        DescriptorKey::Label { text: l.to_string(), lang: get("lang").map(str::to_string) }
    } else if let Some(r) = get("ref") {
        return DescriptorRef::parse(r).map(|mut d| {
            d.weight = weight;
            d
        });
    } else {
        return Err("a descriptor object needs \"notation\", \"iri\" or \"label\"".to_string());
    };
    Ok(DescriptorRef { key, weight })
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &str, lines: bool) -> (Vec<RawRecord>, Vec<Problem>, Result<(), FeedError>) {
        let mut records = Vec::new();
        let mut problems = Vec::new();
        let gauge = Gauge::default();
        let result = if lines {
            read_lines(text.as_bytes(), &gauge, "f.jsonl", &mut |r| records.push(r), &mut |p| problems.push(p))
        } else {
            read_array(text.as_bytes(), &gauge, "f.json", &mut |r| records.push(r), &mut |p| problems.push(p))
        };
        (records, problems, result)
    }

    #[test]
    fn array_records_know_the_line_they_start_on() {
        let text = "[\n  {\"id\": \"a\", \"title\": \"A\",\n   \"descriptors\": [\"E32^2\", {\"label\": \"habitat\", \"lang\": \"fr\"}]},\n  {\"id\": 7, \"color\": \"red\"}\n]\n";
        let (records, problems, result) = read_all(text, false);
        result.unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].location, Location::at("f.json", 2, 3));
        assert_eq!(records[0].descriptors.len(), 2);
        assert_eq!(records[1].location, Location::at("f.json", 4, 3));
        assert_eq!(records[1].id.as_deref(), Some("7"));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].rule, Rule::UnknownField);
    }

    #[test]
    fn a_truncated_array_stops_with_its_position_after_the_records_before() {
        let text = "[\n{\"id\": \"a\"},\n{\"id\": \"b\", \"ti";
        let (records, _, result) = read_all(text, false);
        assert_eq!(records.len(), 1);
        match result.unwrap_err() {
            FeedError::Syntax { location, .. } => assert_eq!(location.line, Some(3)),
            other => panic!("{other}"),
        }
    }

    #[test]
    fn wrong_field_types_are_problems_of_the_record() {
        let (records, _, _) = read_all("[{\"id\": \"a\", \"title\": [\"x\"], \"authors\": 3}]", false);
        let rules: Vec<_> = records[0].problems.iter().map(|p| p.rule).collect();
        assert_eq!(rules, [Rule::InvalidField, Rule::InvalidField]);
    }

    #[test]
    fn json_lines_go_on_after_a_broken_line() {
        let (records, _, result) = read_all("{\"id\": \"a\"}\n{\"id\": \n\n{\"id\": \"c\"}\n", true);
        result.unwrap();
        assert_eq!(records.len(), 3);
        assert_eq!(records[1].problems[0].rule, Rule::RowShape, "one broken record, not a broken feed");
        assert_eq!(records[2].location.line, Some(4));
    }

    #[test]
    fn invalid_utf8_invalidates_its_record_only() {
        for lines in [false, true] {
            let mut bytes = if lines { b"{\"id\": \"a\", \"title\": \"caf".to_vec() } else { b"[{\"id\": \"a\", \"title\": \"caf".to_vec() };
            bytes.extend([0xff, 0xfe]);
            bytes.extend(if lines { &b"\"}\n{\"id\": \"b\"}\n"[..] } else { &b"\"},\n{\"id\": \"b\"}]"[..] });
            let mut records = Vec::new();
            let gauge = Gauge::default();
            let result = if lines {
                read_lines(bytes.as_slice(), &gauge, "f", &mut |r| records.push(r), &mut |_| {})
            } else {
                read_array(bytes.as_slice(), &gauge, "f", &mut |r| records.push(r), &mut |_| {})
            };
            result.unwrap();
            assert_eq!(records.len(), 2, "lines: {lines}");
            assert_eq!(records[0].problems[0].rule, Rule::InvalidEncoding);
            assert_eq!(records[0].title.as_deref(), Some("caf\u{FFFD}\u{FFFD}"));
            assert!(records[1].problems.is_empty());
        }
    }

    #[test]
    fn a_key_given_twice_is_reported_and_the_first_kept() {
        let (records, _, result) = read_all("[{\"id\": \"a\", \"title\": \"One\", \"title\": \"Two\"}]", false);
        result.unwrap();
        assert_eq!(records[0].title.as_deref(), Some("One"));
        assert_eq!(records[0].problems[0].rule, Rule::DuplicateKey);
    }
}
