//! The few browser services the widget uses besides the DOM: localStorage for the cart and the
//! history, a file download for the cart's exports, and a print window.
//!
//! Each fails quietly (a warning in the console): a browser with storage disabled, or a blocked
//! pop-up, loses that one feature, never the widget.

use super::keep::{CartEntry, Visit};
use serde::{de::DeserializeOwned, Serialize};
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

fn load<T: DeserializeOwned>(list: &str, index: &str) -> Vec<T> {
    let Some(text) = storage().and_then(|s| s.get_item(&key(list, index)).ok().flatten()) else { return Vec::new() };
    let Ok(value) = js_sys::JSON::parse(&text) else {
        warn(&format!("commons-atlas: the kept {list} is not JSON; starting afresh"));
        return Vec::new();
    };
    serde_wasm_bindgen::from_value(value).unwrap_or_else(|_| {
        warn(&format!("commons-atlas: the kept {list} cannot be read; starting afresh"));
        Vec::new()
    })
}

fn save<T: Serialize>(list: &str, index: &str, items: &[T]) {
    let Some(storage) = storage() else { return };
    let text = serde_wasm_bindgen::to_value(items).ok().and_then(|v| js_sys::JSON::stringify(&v).ok()).and_then(|s| s.as_string());
    let saved = match text {
        Some(text) => storage.set_item(&key(list, index), &text).is_ok(),
        None => false,
    };
    if !saved {
        warn(&format!("commons-atlas: the {list} cannot be kept in this browser's storage"));
    }
}

pub fn load_cart(index: &str) -> Vec<CartEntry> {
    load("cart", index)
}

pub fn save_cart(index: &str, cart: &[CartEntry]) {
    save("cart", index, cart)
}

pub fn load_history(index: &str) -> Vec<Visit> {
    load("history", index)
}

pub fn save_history(index: &str, history: &[Visit]) {
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

/// Opens `html` (a whole page, every text in it escaped) in a new window, which prints itself.
pub fn print_page(html: &str) {
    let done = (|| -> Option<()> {
        let window = web_sys::window()?;
        let parts = js_sys::Array::of1(&JsValue::from_str(html));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("text/html;charset=utf-8");
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
        window.open_with_url_and_target(&url, "_blank").ok()??;
        Some(())
    })();
    if done.is_none() {
        warn("commons-atlas: the print view could not be opened (a pop-up blocker?)");
    }
}
