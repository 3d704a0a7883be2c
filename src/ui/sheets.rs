//! The widget's styles without one inline style, so that it works unchanged on a site whose
//! Content Security Policy says `style-src 'self'` (no `'unsafe-inline'`).
//!
//! Such a policy refuses `<style>` elements and `style="…"` attributes, but not the CSSOM: a
//! stylesheet built with `new CSSStyleSheet()` and adopted by a shadow root
//! (`adoptedStyleSheets`), and rules added to it with `insertRule`, are not inline styles. So:
//!
//! - the stylesheet (`atlas.css`) is one constructed sheet, shared by every widget of the page.
//!   It is not in the wasm: `cargo xtask dist` writes it, shrunk, into the loader, which styles
//!   the frame it draws before the wasm has arrived (see `www/atlas.js`) and hands the same sheet
//!   to [`adopt`], so that the frame and the widget look the same and it is parsed once;
//! - the colours that come from the index (families, sites) cannot be classes written in advance:
//!   each distinct colour gets a class `ca-k<n>` the first time it is drawn, defined in a second
//!   shared sheet as `.ca-k<n>{--_k:<colour>}`, and the stylesheet paints swatches and desmogram
//!   nodes with `var(--_k)`. Only colours that pass [`safe_colour`] reach the sheet.
//!
//! Everything else that varies (heat levels, positions) is a class or an SVG attribute. A
//! browser without constructable stylesheets (before Safari 16.4) gets `<style>` elements
//! instead, which work wherever no strict policy is sent.

use crate::ui::display::safe_colour;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use web_sys::{CssStyleSheet, Document, Element, Node, ShadowRoot};

#[derive(Default)]
struct Sheets {
    /// The constructed sheets (stylesheet, colours), made on first mount.
    adopted: Option<(CssStyleSheet, CssStyleSheet)>,
    /// Without constructable stylesheets: each mounted widget's colour `<style>` element.
    fallback: Vec<Element>,
    /// The colours given a class so far; colour `i` is class `ca-k{i}`.
    colours: Vec<String>,
}

thread_local! {
    static SHEETS: RefCell<Sheets> = RefCell::new(Sheets::default());
}

fn colour_rule(i: usize, colour: &str) -> String {
    format!(".ca-k{i}{{--_k:{colour}}}")
}

/// Gives `root` the widget's styles, `css` (the loader's copy of `atlas.css`; the first widget
/// mounted on the page gives it for all). `sheet` is the loader's own constructed sheet of the
/// same text, which styled its frame: adopted as it is, so that the stylesheet is parsed once
/// per page. Returns the nodes it added to `root` (none when the sheets are adopted), for the
/// widget to remove when it is unmounted.
pub fn adopt(doc: &Document, root: &ShadowRoot, css: &str, sheet: Option<CssStyleSheet>) -> Result<Vec<Node>, JsValue> {
    let constructable = js_sys::Reflect::has(root, &JsValue::from_str("adoptedStyleSheets")).unwrap_or(false);
    SHEETS.with(|s| {
        let mut s = s.borrow_mut();
        if constructable {
            if s.adopted.is_none() {
                let main = match sheet {
                    Some(sheet) => sheet,
                    None => {
                        let main = CssStyleSheet::new()?;
                        main.replace_sync(css)?;
                        main
                    }
                };
                let colours = CssStyleSheet::new()?;
                for (i, c) in s.colours.iter().enumerate() {
                    colours.insert_rule(&colour_rule(i, c))?;
                }
                s.adopted = Some((main, colours));
            }
            let (main, colours) = s.adopted.as_ref().expect("made above");
            // Replaces whatever the loader adopted for its loading message.
            root.set_adopted_style_sheets(&js_sys::Array::of2(main, colours));
            return Ok(Vec::new());
        }
        let style = doc.create_element("style")?;
        style.set_text_content(Some(css));
        root.append_child(&style)?;
        let colours = doc.create_element("style")?;
        let text: String = s.colours.iter().enumerate().map(|(i, c)| colour_rule(i, c)).collect();
        colours.set_text_content(Some(&text));
        root.append_child(&colours)?;
        s.fallback.push(colours.clone());
        Ok(vec![style.into(), colours.into()])
    })
}

/// Forgets a fallback `<style>` element of an unmounted widget.
pub fn release(nodes: &[Node]) {
    SHEETS.with(|s| {
        if let Ok(mut s) = s.try_borrow_mut() {
            s.fallback.retain(|e| !nodes.iter().any(|n| n == e.unchecked_ref::<Node>()));
        }
    });
}

/// The class that sets `--_k` to `colour` (a colour from the index), if it is a plain colour.
pub fn colour_class(colour: &str) -> Option<String> {
    let colour = safe_colour(colour)?;
    SHEETS.with(|s| {
        let mut s = s.try_borrow_mut().ok()?;
        let i = match s.colours.iter().position(|c| c == colour) {
            Some(i) => i,
            None => {
                let i = s.colours.len();
                s.colours.push(colour.to_string());
                let rule = colour_rule(i, colour);
                if let Some((_, sheet)) = &s.adopted {
                    let _ = sheet.insert_rule(&rule); // distinct classes: their order does not matter
                }
                for style in &s.fallback {
                    let _ = style.insert_adjacent_text("beforeend", &rule);
                }
                i
            }
        };
        Some(format!("ca-k{i}"))
    })
}
