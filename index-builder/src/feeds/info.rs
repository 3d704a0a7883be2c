//! ScrutariData *info* files: the delivery file a member may publish instead of its data.
//!
//! `<info><date>…</date><scrutaridata-url>…</scrutaridata-url>…<xml-fragment>…</xml-fragment></info>`
//! names the pieces of a base: each `scrutaridata-url` (relative to the info file) is fetched and
//! each `xml-fragment` taken as written, and the pieces are joined **as text**, in order, then
//! parsed as one ScrutariData file (see `shared/SCRUTARIDATA.md` §11). A piece need not be
//! well-formed by itself; that is how large exports are split.

use quick_xml::events::Event;

/// One piece of the base, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// As written: relative to the info file, or absolute.
    Url(String),
    /// Text to insert as is.
    Fragment(String),
}

/// What an info file says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Info {
    pub date: Option<String>,
    pub pieces: Vec<Piece>,
}

/// Whether a file's first element is `<info>`: reads past a byte-order mark, the XML declaration,
/// comments and whitespace at the start of `head`.
pub fn is_info(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("<?") {
            rest = after.split_once("?>").map_or("", |(_, r)| r);
        } else if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.split_once("-->").map_or("", |(_, r)| r);
        } else if let Some(after) = rest.strip_prefix("<!") {
            rest = after.split_once('>').map_or("", |(_, r)| r);
        } else {
            let name: String = rest.strip_prefix('<').unwrap_or("").chars().take_while(|c| c.is_alphanumeric() || "-_:".contains(*c)).collect();
            return name == "info";
        }
    }
}

/// Reads an info file.
pub fn parse(text: &[u8]) -> Result<Info, String> {
    let mut reader = quick_xml::Reader::from_reader(text);
    reader.config_mut().check_end_names = true;
    let mut info = Info::default();
    let mut current: Option<String> = None;
    let mut value = String::new();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                current = Some(String::from_utf8_lossy(e.local_name().as_ref()).to_string());
                value.clear();
            }
            Ok(Event::Text(t)) => value.push_str(&t.decode().map_err(|e| e.to_string())?),
            Ok(Event::CData(t)) => value.push_str(&t.decode().map_err(|e| e.to_string())?),
            Ok(Event::GeneralRef(r)) => match super::scrutari::xml_entity(&r) {
                Some(c) => value.push(c),
                None => value.push_str(&format!("&{};", String::from_utf8_lossy(&r))),
            },
            Ok(Event::End(_)) => {
                match current.take().as_deref() {
                    Some("date") => info.date = Some(value.trim().to_string()),
                    Some("scrutaridata-url") if !value.trim().is_empty() => info.pieces.push(Piece::Url(value.trim().to_string())),
                    Some("xml-fragment") => info.pieces.push(Piece::Fragment(std::mem::take(&mut value))),
                    _ => {}
                }
                value.clear();
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(format!("the info file cannot be read past byte {}: {e}", reader.error_position())),
        }
    }
    if info.pieces.is_empty() {
        return Err("the info file names no <scrutaridata-url> and holds no <xml-fragment>".into());
    }
    Ok(info)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_info_file_lists_its_pieces_in_order() {
        let text = b"\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- delivery -->\n<info><date>2026-11-30</date>\
            <scrutaridata-url>part1.xml</scrutaridata-url><xml-fragment><![CDATA[<corpus corpus-name=\"x\">]]></xml-fragment>\
            <scrutaridata-url>https://other.example/part2.xml</scrutaridata-url></info>";
        assert!(is_info(text));
        assert!(!is_info(b"<?xml version=\"1.0\"?><base></base>"));
        let info = parse(text).unwrap();
        assert_eq!(info.date.as_deref(), Some("2026-11-30"));
        assert_eq!(
            info.pieces,
            [
                Piece::Url("part1.xml".into()),
                Piece::Fragment("<corpus corpus-name=\"x\">".into()),
                Piece::Url("https://other.example/part2.xml".into())
            ]
        );
        assert!(parse(b"<info><date>2026-01-01</date></info>").is_err());
    }
}
