//! What a visitor keeps across visits: the cart (resources set aside) and the history (the
//! descriptors and resources visited, in order), and how the cart is exported.
//!
//! Both are stored in the browser's localStorage (see `app.rs`), namespaced by the index's
//! address, as JSON of the types here (see `browser.rs`). They must outlive the index they were made with: the
//! maintainers publish a new index, resource numbers shift, a resource may be withdrawn. So a
//! cart entry carries what the visitor needs to find the resource again without the index
//! (title, link, site, date, authors) and names it by what is stable — its site's id and its id
//! on that site — next to the number it had in the index it was added from (`index`, the
//! manifest's file name). A newer index re-checks the entry (`app.rs` searches the title within
//! its site); an entry that is not found any more is kept and marked `missing`, never dropped.
//!
//! Exports are plain text built here, natively tested: CSV (RFC 4180, with the cells a
//! spreadsheet would run as a formula neutralised), RIS (read by Zotero, EndNote, Mendeley), and
//! a printable HTML page whose every text is escaped.

/// A resource set aside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CartEntry {
    /// The site's id (from commons.toml) and the resource's id on that site: the stable name.
    pub site: String,
    pub id: String,
    /// The resource's number in the index named by `index` (a manifest file name).
    pub resource: u32,
    pub index: String,
    pub title: String,
    pub url: String,
    pub site_name: String,
    pub kind: Option<String>,
    pub date: Option<String>,
    pub authors: Vec<String>,
    pub lang: Option<String>,
    /// Not found in the current index: withdrawn, or moved beyond recognition.
    pub missing: bool,
}

impl CartEntry {
    /// Whether two entries name the same resource.
    pub fn same(&self, other: &CartEntry) -> bool {
        self.site == other.site && self.id == other.id
    }
}

/// Adds `entry`, or removes it when the cart has it already.
pub fn toggle(cart: &[CartEntry], entry: CartEntry) -> Vec<CartEntry> {
    let mut out: Vec<CartEntry> = cart.iter().filter(|e| !e.same(&entry)).cloned().collect();
    if out.len() == cart.len() {
        out.push(entry);
    }
    out
}

/// A place visited: a descriptor (by its URL key, see `fragment`) or a resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Visit {
    /// The descriptor's key (`E32`, or `~N`), for a descriptor.
    pub concept: Option<String>,
    /// The resource's site and id, for a resource.
    pub resource: Option<(String, String)>,
    /// Its label or title when visited (shown when the index no longer has it).
    pub label: String,
    pub url: Option<String>,
}

/// The longest history kept: older visits are forgotten first.
pub const HISTORY_LIMIT: usize = 200;

/// `history` with `visit` appended, unless it repeats the last one.
pub fn visited(history: &[Visit], visit: Visit) -> Vec<Visit> {
    let mut out = history.to_vec();
    let repeat = out.last().is_some_and(|last| last.concept == visit.concept && last.resource == visit.resource);
    if !repeat {
        out.push(visit);
    }
    if out.len() > HISTORY_LIMIT {
        out.drain(..out.len() - HISTORY_LIMIT);
    }
    out
}

/// The cart as CSV: a header, then one row per entry.
pub fn to_csv(cart: &[CartEntry]) -> String {
    let mut rows: Vec<Vec<String>> = vec![["title", "url", "site", "type", "date", "authors", "language", "status"].iter().map(|s| s.to_string()).collect()];
    for e in cart {
        rows.push(vec![
            e.title.clone(),
            e.url.clone(),
            e.site_name.clone(),
            e.kind.clone().unwrap_or_default(),
            e.date.clone().unwrap_or_default(),
            e.authors.join("; "),
            e.lang.clone().unwrap_or_default(),
            if e.missing { "missing".into() } else { String::new() },
        ]);
    }
    let mut out = String::new();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_csv_field(&mut out, &neutralise_formula(cell));
        }
        out.push_str("\r\n");
    }
    out
}

/// Appends one CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, with
/// its quotes doubled. Written here rather than with `csv-core`, whose writer carries the
/// standard library's float parser (for a quoting style this export never uses), about 20 KB of
/// the widget's wasm.
fn push_csv_field(out: &mut String, cell: &str) {
    if cell.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

fn neutralise_formula(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// The cart as RIS, one `TY  - GEN` record per entry (ELEC when it has no date).
pub fn to_ris(cart: &[CartEntry]) -> String {
    let mut out = String::new();
    let line = |out: &mut String, tag: &str, value: &str| {
        let value = value.replace(['\r', '\n'], " ");
        if !value.trim().is_empty() {
            out.push_str(&format!("{tag}  - {}\r\n", value.trim()));
        }
    };
    for e in cart {
        line(&mut out, "TY", if e.date.is_some() { "GEN" } else { "ELEC" });
        line(&mut out, "TI", &e.title);
        for a in &e.authors {
            line(&mut out, "AU", a);
        }
        if let Some(d) = &e.date {
            line(&mut out, "PY", d.get(..4).unwrap_or(d));
            line(&mut out, "DA", &d.replace('-', "/"));
        }
        line(&mut out, "UR", &e.url);
        line(&mut out, "DB", &e.site_name);
        if let Some(k) = &e.kind {
            line(&mut out, "M3", k);
        }
        if let Some(l) = &e.lang {
            line(&mut out, "LA", l);
        }
        out.push_str("ER  - \r\n"); // the end of a record has no value
    }
    out
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The printable page's stylesheet. Not in the page: the page opens under the host page's
/// Content Security Policy, which may refuse inline styles; `browser::print_page` gives it to the
/// page as an adopted stylesheet instead.
pub const PRINT_CSS: &str = "body{font:12pt/1.45 Georgia,serif;margin:2em;color:#111} h1{font-size:16pt} li{margin:.5em 0}\n\
     .detail{color:#444;font-size:10pt} a{color:#111}\n\
     @media print{body{margin:0} a::after{content:\" <\" attr(href) \">\";font-size:9pt;color:#444}}\n";

/// A standalone printable page: a title, then one list item per entry, each `(main, detail,
/// link)`. Links are kept only for http(s) addresses (`safe_href`); everything is escaped. No
/// style and no script in it (see [`PRINT_CSS`]).
pub fn printable(lang: &str, title: &str, items: &[(String, String, Option<String>)]) -> String {
    let mut out = format!(
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n</head>\n<body>\n<h1>{t}</h1>\n<ol>\n",
        escape_html(lang),
        t = escape_html(title)
    );
    for (main, detail, link) in items {
        out.push_str("<li>");
        match link.as_deref().and_then(crate::ui::display::safe_href) {
            Some(l) => out.push_str(&format!("<a href=\"{}\">{}</a>", escape_html(l), escape_html(main))),
            None => out.push_str(&escape_html(main)),
        }
        if !detail.is_empty() {
            out.push_str(&format!("<br><span class=\"detail\">{}</span>", escape_html(detail)));
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, title: &str) -> CartEntry {
        CartEntry {
            site: "citego".into(),
            id: id.into(),
            resource: 3,
            index: "manifest-1.bin".into(),
            title: title.into(),
            url: format!("https://citego.org/{id}"),
            site_name: "CITEGO".into(),
            kind: Some("Expérience".into()),
            date: Some("2019-03".into()),
            authors: vec!["Ada, L.".into(), "Bo".into()],
            lang: Some("fr".into()),
            missing: false,
        }
    }

    #[test]
    fn toggling_adds_then_removes_by_site_and_id() {
        let cart = toggle(&[], entry("a", "A"));
        let cart = toggle(&cart, entry("b", "B"));
        assert_eq!(cart.len(), 2);
        let mut renumbered = entry("a", "A, renamed");
        renumbered.resource = 99;
        let cart = toggle(&cart, renumbered);
        assert_eq!(cart.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), vec!["b"]);
    }

    #[test]
    fn csv_quotes_what_needs_it_and_defuses_formulas() {
        let cart = vec![entry("a", "Habitat, \"participatif\""), entry("b", "=HYPERLINK(\"x\")")];
        let csv = to_csv(&cart);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "title,url,site,type,date,authors,language,status");
        assert_eq!(lines[1], "\"Habitat, \"\"participatif\"\"\",https://citego.org/a,CITEGO,Expérience,2019-03,\"Ada, L.; Bo\",fr,");
        assert!(lines[2].starts_with("\"'=HYPERLINK(\"\"x\"\")\""), "{}", lines[2]);
        assert_eq!(lines.len(), 3);
    }

    #[test]
    fn ris_has_one_record_per_entry() {
        let ris = to_ris(&[entry("a", "Un titre"), entry("b", "Another")]);
        assert_eq!(ris.matches("TY  - GEN\r\n").count(), 2);
        assert_eq!(ris.matches("ER  - \r\n").count(), 2);
        assert!(ris.contains("TI  - Un titre\r\nAU  - Ada, L.\r\nAU  - Bo\r\nPY  - 2019\r\n"));
    }

    #[test]
    fn the_printable_page_escapes_feed_text_and_drops_unsafe_links() {
        let items = vec![
            ("<img src=x onerror=alert(1)>".to_string(), "CITEGO · 2019".to_string(), Some("javascript:alert(1)".to_string())),
            ("Fine".to_string(), String::new(), Some("https://ok.org/?a=1&b=2".to_string())),
        ];
        let page = printable("fr", "Mon panier", &items);
        assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(!page.contains("javascript:"));
        assert!(page.contains("<a href=\"https://ok.org/?a=1&amp;b=2\">Fine</a>"));
        assert!(!page.contains("<style") && !page.contains("<script"), "nothing a strict policy refuses");
    }

    #[test]
    fn history_skips_repeats_and_forgets_the_oldest() {
        let v = |k: &str| Visit { concept: Some(k.into()), resource: None, label: k.into(), url: None };
        let mut h = visited(&[], v("E32"));
        h = visited(&h, v("E32"));
        h = visited(&h, v("3B"));
        assert_eq!(h.len(), 2);
        for i in 0..HISTORY_LIMIT + 5 {
            h = visited(&h, v(&i.to_string()));
        }
        assert_eq!(h.len(), HISTORY_LIMIT);
        assert_eq!(h.last().unwrap().concept.as_deref(), Some(&*(HISTORY_LIMIT + 4).to_string()));
    }
}
