//! The widget's state in the URL fragment: shareable, bookmarkable, and Back/Forward-able.
//!
//! A host page may use its own fragment (`#section-2`) and may hold several widgets, so each
//! widget owns one `&`-separated *part* of the fragment, named after its instance, and leaves
//! every other part as it found it:
//!
//! ```text
//! #intro&ca-a1=q:budget+participatif;s:E32@1,3B.12@0;m:and;c:3*B;si:citego;t:experience;l:fr;y:2015-2020;o:date;p:2;ui:fr;h:1
//! ```
//!
//! The value is a list of `key:value` fields separated by `;`, in this order, each omitted when
//! it has its default value (an untouched widget writes nothing at all):
//!
//! | key | value | meaning |
//! |---|---|---|
//! | `q` | text | what the visitor typed (a trailing `+`, a space, keeps the last word a prefix) |
//! | `s` | `KEY@DIM,…` | selected concepts, each with the index of the dimension it was selected in |
//! | `m` | `and` | selected descriptors are combined with AND (default: OR) |
//! | `c` | `ROWKEY*COLKEY,…` | matrix cells, by the keys of their two families |
//! | `si` | `id,…` | site filter, by site id |
//! | `t` | `key,…` | type filter, by type key |
//! | `l` | `code,…` | language filter, by language code |
//! | `y` | `FROM-TO` | year range, inclusive |
//! | `pl` | `FR,BR*Fortaleza,*Sahel` | place filter: a country code alone (all its places), or a country and a place |
//! | `o` | `date`, `old` | sort newest (`date`) or oldest (`old`) first (default: relevance) |
//! | `p` | `N` | results page, from 1 (default 1) |
//! | `ui` | `fr` | interface language chosen by the visitor |
//! | `h` | `1` | only the home site's resources (default: the whole commons; `scope="site"` starts with `h:1`) |
//! | `w` | `a` | scope widened to the whole atlas (`a`); the `c` of older links (the whole commons) is now the default and ignored |
//! | `d` | `KEY` | the descriptor panel open on this concept |
//! | `r` | `N` | the resource panel open on resource number N (stable only within a release) |
//!
//! **Concept keys** are the concept's notation (`E32`, `3B.12`), which is stable across index
//! releases, so a link shared today still works after the next release; a concept without a
//! unique notation is written `~N` with its number in the index (stable only within a release).
//! Sites, types and languages are written by their ids from `commons.toml`, for the same reason.
//!
//! **Escaping**: every text (query, key, id) keeps ASCII letters, digits, `-`, `_` and `.`,
//! writes a space as `+`, and percent-encodes every other byte of its UTF-8, so none of the
//! separators (`& = ; : , @ * ~ +`) can appear inside one and no browser rewrites the fragment.
//! Decoding is forgiving: an unknown key, a malformed field or a concept the index no longer has
//! is skipped, never an error.
//!
//! This module knows nothing of the browser: it turns strings into [`RawView`]s and back, and
//! `state` resolves a `RawView` against the loaded index.

use crate::format::facets::Place;

/// A concept as the fragment names it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    Notation(String),
    Number(u32),
}

/// The shareable state, with every reference still a string (not resolved against an index).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawView {
    pub text: String,
    pub selections: Vec<(Key, u16)>,
    pub and: bool,
    pub cells: Vec<(Key, Key)>,
    pub sites: Vec<String>,
    pub types: Vec<String>,
    pub langs: Vec<String>,
    pub years: Option<(u16, u16)>,
    pub places: Vec<Place>,
    pub sort_date: bool,
    /// Oldest first (`o:old`).
    pub sort_oldest: bool,
    /// 0-based (written 1-based).
    pub page: u32,
    pub ui: Option<String>,
    /// With a home site: only its resources (`h:1`). The whole commons is the default.
    pub site_only: bool,
    pub whole_atlas: bool,
    /// The open panel: a concept (`d`) or a resource (`r`).
    pub open: Option<OpenRef>,
}

/// The open panel as the fragment names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenRef {
    Concept(Key),
    Resource(u32),
}

/// The name of an instance's part: `ca-` and the instance id.
pub fn part_name(instance: &str) -> String {
    format!("ca-{instance}")
}

/// The raw (still escaped) value of this instance's part of `hash` (with or without its `#`).
pub fn read_part<'a>(hash: &'a str, instance: &str) -> Option<&'a str> {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    let name = part_name(instance);
    hash.split('&').find_map(|p| p.strip_prefix(name.as_str()).and_then(|rest| rest.strip_prefix('=')))
}

/// `hash` (with or without its `#`) with this instance's part set to `value`, or removed when
/// `value` is empty; other parts keep their order. Returned without `#`.
pub fn write_part(hash: &str, instance: &str, value: &str) -> String {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    let name = part_name(instance);
    let mine = |p: &str| p.strip_prefix(name.as_str()).is_some_and(|rest| rest.starts_with('='));
    let mut parts: Vec<String> = Vec::new();
    let mut placed = false;
    for p in hash.split('&').filter(|p| !p.is_empty()) {
        if mine(p) {
            if !placed && !value.is_empty() {
                parts.push(format!("{name}={value}"));
            }
            placed = true;
        } else {
            parts.push(p.to_string());
        }
    }
    if !placed && !value.is_empty() {
        parts.push(format!("{name}={value}"));
    }
    parts.join("&")
}

/// Escapes a text for a field (see the module docs).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Undoes [`escape`]; `None` for a broken escape or bytes that are not UTF-8.
pub fn unescape(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = text.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

pub fn write_key(key: &Key) -> String {
    match key {
        Key::Notation(n) => escape(n),
        Key::Number(n) => format!("~{n}"),
    }
}

pub fn read_key(raw: &str) -> Option<Key> {
    match raw.strip_prefix('~') {
        Some(n) => n.parse().ok().map(Key::Number),
        None => unescape(raw).filter(|s| !s.is_empty()).map(Key::Notation),
    }
}

fn list(raw: &str) -> impl Iterator<Item = &str> {
    raw.split(',').filter(|s| !s.is_empty())
}

impl RawView {
    /// The fragment value (without the part name); empty when everything has its default.
    pub fn encode(&self) -> String {
        let mut fields: Vec<String> = Vec::new();
        let join = |items: Vec<String>| items.join(",");
        if !self.text.is_empty() {
            fields.push(format!("q:{}", escape(&self.text)));
        }
        if !self.selections.is_empty() {
            fields.push(format!("s:{}", join(self.selections.iter().map(|(k, d)| format!("{}@{d}", write_key(k))).collect())));
        }
        if self.and {
            fields.push("m:and".into());
        }
        if !self.cells.is_empty() {
            fields.push(format!("c:{}", join(self.cells.iter().map(|(r, c)| format!("{}*{}", write_key(r), write_key(c))).collect())));
        }
        for (key, items) in [("si", &self.sites), ("t", &self.types), ("l", &self.langs)] {
            if !items.is_empty() {
                fields.push(format!("{key}:{}", join(items.iter().map(|s| escape(s)).collect())));
            }
        }
        if let Some((from, to)) = self.years {
            fields.push(format!("y:{from}-{to}"));
        }
        if !self.places.is_empty() {
            let place = |p: &Place| if p.name.is_empty() { escape(&p.country) } else { format!("{}*{}", escape(&p.country), escape(&p.name)) };
            fields.push(format!("pl:{}", join(self.places.iter().map(place).collect())));
        }
        if self.sort_date {
            fields.push("o:date".into());
        } else if self.sort_oldest {
            fields.push("o:old".into());
        }
        if self.page > 0 {
            fields.push(format!("p:{}", self.page.saturating_add(1)));
        }
        if let Some(ui) = &self.ui {
            fields.push(format!("ui:{}", escape(ui)));
        }
        if self.site_only {
            fields.push("h:1".to_string());
        }
        let mut w = String::new();
        if self.whole_atlas {
            w.push('a');
        }
        if !w.is_empty() {
            fields.push(format!("w:{w}"));
        }
        match &self.open {
            Some(OpenRef::Concept(k)) => fields.push(format!("d:{}", write_key(k))),
            Some(OpenRef::Resource(n)) => fields.push(format!("r:{n}")),
            None => {}
        }
        fields.join(";")
    }

    /// Reads a fragment value; whatever cannot be read is left at its default.
    pub fn decode(value: &str) -> RawView {
        let mut v = RawView::default();
        for field in value.split(';') {
            let Some((key, raw)) = field.split_once(':') else { continue };
            match key {
                "q" => v.text = unescape(raw).unwrap_or_default(),
                "s" => {
                    v.selections = list(raw)
                        .filter_map(|item| {
                            let (k, d) = item.rsplit_once('@')?;
                            Some((read_key(k)?, d.parse().ok()?))
                        })
                        .collect()
                }
                "m" => v.and = raw == "and",
                "c" => {
                    v.cells = list(raw)
                        .filter_map(|item| {
                            let (r, c) = item.split_once('*')?;
                            Some((read_key(r)?, read_key(c)?))
                        })
                        .collect()
                }
                "si" | "t" | "l" => {
                    let items: Vec<String> = list(raw).filter_map(unescape).filter(|s| !s.is_empty()).collect();
                    match key {
                        "si" => v.sites = items,
                        "t" => v.types = items,
                        _ => v.langs = items,
                    }
                }
                "y" => {
                    v.years = raw.split_once('-').and_then(|(a, b)| {
                        let (a, b): (u16, u16) = (a.parse().ok()?, b.parse().ok()?);
                        Some((a.min(b), a.max(b)))
                    })
                }
                "pl" => {
                    v.places = list(raw)
                        .filter_map(|item| {
                            let (country, name) = item.split_once('*').unwrap_or((item, ""));
                            Some(Place { country: unescape(country)?, name: unescape(name)? })
                        })
                        .collect()
                }
                "o" => {
                    v.sort_date = raw == "date";
                    v.sort_oldest = raw == "old";
                }
                "p" => v.page = raw.parse::<u32>().ok().filter(|&p| p >= 1).map_or(0, |p| (p - 1).min(10_000)),
                "ui" => v.ui = unescape(raw).filter(|s| !s.is_empty()),
                // (`w:c`, the whole commons, is what a view without `h:1` now means.)
                "w" => v.whole_atlas = raw.contains('a'),
                "h" => v.site_only = raw == "1",
                "d" => v.open = read_key(raw).map(OpenRef::Concept),
                "r" => v.open = raw.parse().ok().map(OpenRef::Resource),
                _ => {}
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> RawView {
        RawView {
            text: "budget participatif & co; 100% «vert» ".into(),
            selections: vec![(Key::Notation("E32".into()), 1), (Key::Notation("3B.12".into()), 0), (Key::Number(77), 1)],
            and: true,
            cells: vec![(Key::Notation("3".into()), Key::Notation("B".into()))],
            sites: vec!["citego".into(), "ripess-eu".into()],
            types: vec!["experience".into()],
            langs: vec!["pt-br".into()],
            years: Some((2015, 2020)),
            places: vec![Place { country: "FR".into(), name: String::new() }, Place { country: "BR".into(), name: "São Paulo".into() }, Place { country: String::new(), name: "Sahel".into() }],
            sort_date: true,
            sort_oldest: false,
            page: 2,
            ui: Some("es".into()),
            site_only: true,
            whole_atlas: true,
            open: Some(OpenRef::Concept(Key::Notation("E32".into()))),
        }
    }

    #[test]
    fn every_field_survives_a_round_trip() {
        let v = full();
        assert_eq!(RawView::decode(&v.encode()), v);
        let resource = RawView { open: Some(OpenRef::Resource(412)), ..RawView::default() };
        assert_eq!(resource.encode(), "r:412");
        assert_eq!(RawView::decode("r:412"), resource);
        assert_eq!(RawView::decode("d:~7").open, Some(OpenRef::Concept(Key::Number(7))));
        assert_eq!(RawView::decode("r:x;d:").open, None);
    }

    #[test]
    fn an_untouched_widget_writes_nothing() {
        assert_eq!(RawView::default().encode(), "");
        assert_eq!(RawView::decode(""), RawView::default());
    }

    #[test]
    fn the_encoding_is_compact_and_readable() {
        let v = RawView {
            text: "budget".into(),
            selections: vec![(Key::Notation("E32".into()), 1)],
            cells: vec![(Key::Notation("3".into()), Key::Notation("B".into()))],
            page: 1,
            ..RawView::default()
        };
        assert_eq!(v.encode(), "q:budget;s:E32@1;c:3*B;p:2");
    }

    #[test]
    fn separators_and_non_ascii_text_are_escaped() {
        let encoded = full().encode();
        let q = encoded.split(';').next().unwrap();
        // Nothing in the text can be mistaken for a separator.
        assert!(!q[2..].contains([';', ':', ',', '&', '=', '#', '@', '*', '~', ' ']));
        assert!(encoded.is_ascii());
        assert_eq!(escape("«a b»"), "%C2%ABa+b%C2%BB");
        assert_eq!(unescape("%C2%ABa+b%C2%BB").unwrap(), "«a b»");
        assert_eq!(escape("a+b"), "a%2Bb");
        assert_eq!(unescape("a%2Bb").unwrap(), "a+b");
    }

    #[test]
    fn malformed_fields_are_skipped_not_fatal() {
        let v = RawView::decode("q:%ZZ;s:E32@x,A1@0,@1;c:3*;y:20x-2;p:0;zz:unknown;w:c;o:date");
        assert_eq!(v.text, "");
        assert_eq!(v.selections, vec![(Key::Notation("A1".into()), 0)]);
        assert!(v.cells.is_empty());
        assert_eq!(v.years, None);
        assert_eq!(v.page, 0);
        assert!(!v.site_only && !v.whole_atlas && v.sort_date);
        // A reversed year range is put right.
        assert_eq!(RawView::decode("y:2020-2015").years, Some((2015, 2020)));
    }

    #[test]
    fn a_notation_cannot_pass_for_a_concept_number() {
        let v = RawView { selections: vec![(Key::Notation("~3".into()), 0)], ..RawView::default() };
        assert_eq!(RawView::decode(&v.encode()).selections, vec![(Key::Notation("~3".into()), 0)]);
    }

    #[test]
    fn the_host_pages_own_fragment_parts_are_kept() {
        assert_eq!(write_part("#intro", "a1", "q:x"), "intro&ca-a1=q:x");
        assert_eq!(write_part("intro&ca-a1=q:x&ca-a2=p:2", "a1", "q:y"), "intro&ca-a1=q:y&ca-a2=p:2");
        assert_eq!(write_part("#intro&ca-a1=q:x", "a1", ""), "intro");
        assert_eq!(write_part("", "a1", ""), "");
        // An instance whose name starts like another's is another instance.
        assert_eq!(write_part("ca-a10=q:z", "a1", "q:x"), "ca-a10=q:z&ca-a1=q:x");
        assert_eq!(read_part("#intro&ca-a10=q:z&ca-a1=q:x", "a1"), Some("q:x"));
        assert_eq!(read_part("#intro&ca-a10=q:z", "a1"), None);
    }
}
