//! The few browser services the widget uses besides the DOM: localStorage for the cart and the
//! history, a file download for the cart's exports, and a print window.
//!
//! Each fails quietly (a warning in the console): a browser with storage disabled, or a blocked
//! pop-up, loses that one feature, never the widget. Saving says whether it worked, so that the
//! widget can tell the visitor that the cart will not outlive the page.

use super::keep::{CartEntry, Visit};
use wasm_bindgen::{JsCast, JsValue};

fn warn(message: &str) {
    web_sys::console::warn_1(&JsValue::from_str(message));
}

/// The storage key of one kept list, namespaced by the index's address: two commons served
/// from one site keep separate carts, and two widgets of one commons share theirs.
fn key(list: &str, index: &str) -> String {
    format!("commons-atlas:{list}:{index}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// A kept item as a JSON object of the browser's: the lists are stored as JSON, with the
/// field names of the Rust types. Written by hand with `Reflect` rather than derived with serde:
/// `serde-wasm-bindgen` and the derived code cost about 20 KB of wasm for two small types.
trait Kept: Sized {
    fn to_js(&self) -> JsValue;
    /// `None` when a required field is missing or of the wrong type.
    fn from_js(value: &JsValue) -> Option<Self>;
}

fn get(object: &JsValue, field: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(field)).unwrap_or(JsValue::UNDEFINED)
}

fn text(object: &JsValue, field: &str) -> Option<String> {
    get(object, field).as_string()
}

fn texts(object: &JsValue, field: &str) -> Vec<String> {
    let value = get(object, field);
    if !js_sys::Array::is_array(&value) {
        return Vec::new();
    }
    js_sys::Array::from(&value).iter().filter_map(|v| v.as_string()).collect()
}

/// An object with the given fields; `None` values are left out.
fn object(fields: &[(&str, Option<JsValue>)]) -> JsValue {
    let object = js_sys::Object::new();
    for (name, value) in fields {
        if let Some(value) = value {
            let _ = js_sys::Reflect::set(&object, &JsValue::from_str(name), value);
        }
    }
    object.into()
}

fn text_array(items: &[String]) -> JsValue {
    items.iter().map(|s| JsValue::from_str(s)).collect::<js_sys::Array>().into()
}

fn some_text(s: &Option<String>) -> Option<JsValue> {
    s.as_deref().map(JsValue::from_str)
}

impl Kept for CartEntry {
    fn to_js(&self) -> JsValue {
        object(&[
            ("site", Some(self.site.as_str().into())),
            ("id", Some(self.id.as_str().into())),
            ("resource", Some(self.resource.into())),
            ("index", Some(self.index.as_str().into())),
            ("title", Some(self.title.as_str().into())),
            ("url", Some(self.url.as_str().into())),
            ("site_name", Some(self.site_name.as_str().into())),
            ("kind", some_text(&self.kind)),
            ("date", some_text(&self.date)),
            ("authors", Some(text_array(&self.authors))),
            ("lang", some_text(&self.lang)),
            ("missing", Some(self.missing.into())),
        ])
    }

    fn from_js(v: &JsValue) -> Option<CartEntry> {
        let resource = get(v, "resource").as_f64().filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n))?;
        Some(CartEntry {
            site: text(v, "site")?,
            id: text(v, "id")?,
            resource: resource as u32,
            index: text(v, "index")?,
            title: text(v, "title")?,
            url: text(v, "url")?,
            site_name: text(v, "site_name")?,
            kind: text(v, "kind"),
            date: text(v, "date"),
            authors: texts(v, "authors"),
            lang: text(v, "lang"),
            missing: get(v, "missing").as_bool().unwrap_or(false),
        })
    }
}

impl Kept for Visit {
    fn to_js(&self) -> JsValue {
        let resource = self.resource.as_ref().map(|(site, id)| text_array(&[site.clone(), id.clone()]));
        object(&[("concept", some_text(&self.concept)), ("resource", resource), ("label", Some(self.label.as_str().into())), ("url", some_text(&self.url))])
    }

    fn from_js(v: &JsValue) -> Option<Visit> {
        let resource = match texts(v, "resource").as_slice() {
            [site, id] => Some((site.clone(), id.clone())),
            _ => None,
        };
        Some(Visit { concept: text(v, "concept"), resource, label: text(v, "label")?, url: text(v, "url") })
    }
}

fn load<T: Kept>(list: &str, index: &str) -> Vec<T> {
    let Some(text) = storage().and_then(|s| s.get_item(&key(list, index)).ok().flatten()) else { return Vec::new() };
    let value = match js_sys::JSON::parse(&text) {
        Ok(value) if js_sys::Array::is_array(&value) => value,
        _ => {
            warn(&format!("commons-atlas: the kept {list} is not a JSON list; starting afresh"));
            return Vec::new();
        }
    };
    let items = js_sys::Array::from(&value);
    let kept: Vec<T> = items.iter().filter_map(|item| T::from_js(&item)).collect();
    if kept.len() < items.length() as usize {
        warn(&format!("commons-atlas: {} item(s) of the kept {list} cannot be read and are left out", items.length() as usize - kept.len()));
    }
    kept
}

/// Keeps `items`; `false` when the browser refused (storage full, disabled, or throwing).
fn save<T: Kept>(list: &str, index: &str, items: &[T]) -> bool {
    let Some(storage) = storage() else {
        warn(&format!("commons-atlas: this browser has no storage to keep the {list} in"));
        return false;
    };
    let list_value: js_sys::Array = items.iter().map(Kept::to_js).collect();
    let text = js_sys::JSON::stringify(&list_value).ok().and_then(|s| s.as_string());
    let saved = match text {
        Some(text) => storage.set_item(&key(list, index), &text).is_ok(),
        None => false,
    };
    if !saved {
        warn(&format!("commons-atlas: the {list} cannot be kept in this browser's storage"));
    }
    saved
}

pub fn load_cart(index: &str) -> Vec<CartEntry> {
    load("cart", index)
}

pub fn save_cart(index: &str, cart: &[CartEntry]) -> bool {
    save("cart", index, cart)
}

pub fn load_history(index: &str) -> Vec<Visit> {
    load("history", index)
}

pub fn save_history(index: &str, history: &[Visit]) -> bool {
    save("history", index, history)
}

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, mime: &str, text: &str) {
    let done = (|| -> Option<()> {
        let document = web_sys::window()?.document()?;
        let parts = js_sys::Array::of1(&JsValue::from_str(text));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(&format!("{mime};charset=utf-8"));
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
        let a: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
        a.set_href(&url);
        a.set_download(name);
        a.click();
        let _ = web_sys::Url::revoke_object_url(&url);
        Some(())
    })();
    if done.is_none() {
        warn("commons-atlas: the download could not be offered");
    }
}

/// Opens `html` (a whole page, every text in it escaped, no style nor script) in a new window,
/// styles it with `css` and prints it.
///
/// The new window is written from here, not loaded from a URL: it inherits the host page's
/// Content Security Policy, which may refuse inline styles and scripts. So the stylesheet is
/// constructed in the new window's realm (a sheet can only be adopted by a document of its own
/// window) and adopted, and `print` is called from here.
pub fn print_page(html: &str, css: &str) {
    use js_sys::Reflect;
    let done = (|| -> Option<()> {
        let window = web_sys::window()?.open_with_url_and_target("", "_blank").ok()??;
        let document = window.document()?;
        let write: js_sys::Function = Reflect::get(&document, &"write".into()).ok()?.dyn_into().ok()?;
        let _ = Reflect::get(&document, &"open".into()).ok()?.dyn_into::<js_sys::Function>().ok()?.call0(&document);
        write.call1(&document, &JsValue::from_str(html)).ok()?;
        let _ = Reflect::get(&document, &"close".into()).ok()?.dyn_into::<js_sys::Function>().ok()?.call0(&document);
        let constructor: js_sys::Function = Reflect::get(&window, &"CSSStyleSheet".into()).ok()?.dyn_into().ok()?;
        if let Ok(sheet) = Reflect::construct(&constructor, &js_sys::Array::new()) {
            if let Ok(replace) = Reflect::get(&sheet, &"replaceSync".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) {
                let _ = replace.call1(&sheet, &JsValue::from_str(css));
                let _ = Reflect::set(&document, &"adoptedStyleSheets".into(), &js_sys::Array::of1(&sheet));
            }
        }
        let _ = window.print();
        Some(())
    })();
    if done.is_none() {
        warn("commons-atlas: the print view could not be opened (a pop-up blocker?)");
    }
}

/// A country's name in `lang` (`"FR"` → "France", "Francia"…) from the browser's own
/// `Intl.DisplayNames`, so that the widget carries no table of countries; `None` for what is
/// not a region code or a browser without it (the code is shown instead).
///
/// The `Intl.DisplayNames` of the last language asked is kept: making one is slow (a place facet
/// names every country of each answer).
pub fn country_name(lang: &str, code: &str) -> Option<String> {
    thread_local! {
        static NAMES: std::cell::RefCell<Option<(String, RegionNames)>> = const { std::cell::RefCell::new(None) };
    }
    NAMES.with_borrow_mut(|kept| {
        if kept.as_ref().is_none_or(|(l, _)| l != lang) {
            let options = js_sys::Object::new();
            js_sys::Reflect::set(&options, &"type".into(), &"region".into()).ok()?;
            *kept = Some((lang.to_string(), RegionNames::new(lang, &options).ok()?));
        }
        kept.as_ref()?.1.of(code).ok()?.as_string().filter(|n| n != code)
    })
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = DisplayNames)]
    type RegionNames;
    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "DisplayNames", catch)]
    fn new(lang: &str, options: &JsValue) -> Result<RegionNames, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn of(this: &RegionNames, code: &str) -> Result<JsValue, JsValue>;
}
