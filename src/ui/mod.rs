//! The visitor-facing widget: Yew compiled to wasm (feature `widget`).
//!
//! The packaging's loader (`www/atlas.js`) defines the `<commons-atlas>` element, attaches an
//! open shadow root to it, and calls [`mount`] with the element, the shadow root and the
//! element's options. Everything the widget draws lives inside that shadow root, whose styles are
//! adopted stylesheets (`sheets`: no inline style, for strict Content Security Policies), so
//! host CSS cannot restyle it and its CSS cannot leak out; the only thing it writes outside is
//! its own part of the URL fragment (see [`fragment`]). It defines no global JavaScript name.
//!
//! How the code is laid out, for a newcomer:
//!
//! | file | what it holds |
//! |---|---|
//! | `mod.rs` | [`mount`] / [`WidgetHandle::unmount`], the contract with the loader |
//! | [`options`] | reading the loader's options leniently (a bad value warns, never throws) |
//! | [`state`] | the whole state, every action and the reducer, as plain tested Rust |
//! | [`fragment`] | the URL fragment format (documented there), plain tested Rust |
//! | [`i18n`] | every interface string in fr, en, es, pt |
//! | [`display`] | highlights, snippets, safe links and colours, plain tested Rust |
//! | [`label_layout`] | the desmogram's labels kept apart and inside the drawing, plain tested Rust |
//! | [`keep`] | the cart and the history (kept in localStorage) and the cart's exports, plain tested Rust |
//! | `app.rs` | the root component: the reducer, the context, the effects (fetch, search, URL) |
//! | `fetch.rs` | `engine::Fetch` over the browser's `fetch` |
//! | `sheets.rs` | the stylesheet and the index's colours as adopted stylesheets (no inline style) |
//! | `browser.rs` | localStorage (cart, history), downloads, the print window |
//! | `components/` | one function component per thing the visitor sees |
//! | `atlas.css` | the widget's stylesheet and its theming custom properties |
//!
//! The pure modules (`options`, `state`, `fragment`, `i18n`, `display`, `keep`) use no browser API and
//! are compiled for native unit tests even without the feature, so `cargo test --lib` checks the
//! widget's rules without a browser.

pub mod display;
pub mod fragment;
pub mod i18n;
pub mod keep;
pub mod label_layout;
/// Shrinks the widget's stylesheet before `cargo xtask dist` writes it into the loader.
///
/// The stylesheet (`atlas.css`) is written to be read, with comments that explain its choices;
/// shipped as written, its comments and indentation are over a quarter of its bytes. The loader
/// styles its frame with the shrunk copy and hands it to `ui::mount` (see `ui::sheets`); the
/// module's tests check it.
///
/// Deliberately simple and safe: comments go, runs of whitespace become one space, and spaces
/// next to `{`, `}`, `;` and `,` go, except inside quoted strings, which are copied unchanged.
/// Nothing is reordered or merged, so the shrunk sheet means exactly what the written one does.
pub mod minify_css;
pub mod options;
pub mod state;

#[cfg(feature = "widget")]
mod app;
#[cfg(feature = "widget")]
mod browser;
#[cfg(feature = "widget")]
mod components;
#[cfg(feature = "widget")]
mod fetch;
#[cfg(feature = "widget")]
mod sheets;

#[cfg(feature = "widget")]
pub use web::{mount, WidgetHandle};

#[cfg(feature = "widget")]
mod web {
    use super::app::{App, AppProps};
    use super::i18n::{text, Msg, UiLang};
    use super::options::{Loose, Options, RawOptions};
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::prelude::*;
    use web_sys::{Element, HtmlElement, ShadowRoot};

    thread_local! {
        /// The mounted widgets' root elements, where a crash message goes.
        static MOUNTED: RefCell<Vec<(Element, UiLang)>> = const { RefCell::new(Vec::new()) };
    }

    /// A mounted widget; `unmount` removes it.
    #[wasm_bindgen]
    pub struct WidgetHandle {
        app: Option<yew::AppHandle<App>>,
        nodes: Vec<web_sys::Node>,
        root: Element,
    }

    #[wasm_bindgen]
    impl WidgetHandle {
        /// Stops the widget: its listeners are removed and what it drew leaves the shadow root.
        pub fn unmount(mut self) {
            if let Some(app) = self.app.take() {
                app.destroy();
            }
            super::sheets::release(&self.nodes);
            for n in &self.nodes {
                if let Some(parent) = n.parent_node() {
                    let _ = parent.remove_child(n);
                }
            }
            let root = self.root.clone();
            MOUNTED.with(|m| {
                if let Ok(mut m) = m.try_borrow_mut() {
                    m.retain(|(e, _)| *e != root);
                }
            });
        }
    }

    /// A panic is a bug: say so inside every widget (in its language) rather than leave dead
    /// controls, and log it for the webmaster. The published widget is built with `panic =
    /// "immediate-abort"` (xtask's `dist.rs`), where a panic runs no hook: it traps, and the trap
    /// leaves whichever callback of the page was running as a `WebAssembly.RuntimeError`, which
    /// the page's `error` (or, out of a promise, `unhandledrejection`) event carries. So the
    /// notice is drawn from there too; the hook still draws it in a build that runs hooks.
    fn install_panic_hook() {
        yew::set_custom_panic_hook(Box::new(|info| {
            web_sys::console::error_1(&JsValue::from_str(&format!("commons-atlas: {info}")));
            show_crash();
        }));
        thread_local! {
            static TRAP_LISTENER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
        }
        if TRAP_LISTENER.with(|t| t.replace(true)) {
            return;
        }
        let Some(window) = web_sys::window() else { return };
        let on_error = Closure::<dyn Fn(JsValue)>::new(|event: JsValue| {
            let field = |name: &str| js_sys::Reflect::get(&event, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
            let error = match field("error") {
                e if e.is_undefined() => field("reason"),
                e => e,
            };
            if error.is_instance_of::<js_sys::WebAssembly::RuntimeError>() {
                web_sys::console::error_2(&JsValue::from_str("commons-atlas: stopped by an internal error:"), &error);
                show_crash();
            }
        });
        for kind in ["error", "unhandledrejection"] {
            let _ = window.add_event_listener_with_callback(kind, on_error.as_ref().unchecked_ref());
        }
        // Listens for the page's lifetime, as the wasm lives.
        on_error.forget();
    }

    /// Replaces every mounted widget by the notice that it stopped.
    fn show_crash() {
        MOUNTED.with(|m| {
            let Ok(m) = m.try_borrow() else { return };
            for (root, lang) in m.iter() {
                root.set_text_content(None);
                if let Some(doc) = root.owner_document() {
                    if let Ok(p) = doc.create_element("p") {
                        p.set_class_name("ca-error ca-crash");
                        let _ = p.set_attribute("role", "alert");
                        p.set_text_content(Some(&text(*lang, Msg::Crashed)));
                        let _ = root.append_child(&p);
                    }
                }
            }
        });
    }

    /// The loader's options object, property by property (a missing object, or one that is not
    /// an object, gives the defaults).
    fn read_options(options: &JsValue) -> RawOptions {
        let field = |name: &str| -> Option<Loose> {
            if !options.is_object() {
                return None;
            }
            let v = js_sys::Reflect::get(options, &JsValue::from_str(name)).ok()?;
            if v.is_undefined() || v.is_null() {
                None
            } else if let Some(b) = v.as_bool() {
                Some(Loose::Bool(b))
            } else if let Some(n) = v.as_f64() {
                Some(Loose::Num(n))
            } else {
                Some(v.as_string().map_or(Loose::Other, Loose::Str))
            }
        };
        RawOptions {
            index: field("index"),
            lang: field("lang"),
            site: field("site"),
            label: field("label"),
            page_size: field("pageSize"),
            theme: field("theme"),
            sub_atlas: field("subAtlas"),
            local_map: field("localMap"),
            new_tab: field("newTab"),
            matrix: field("matrix"),
            scope: field("scope"),
            emoji: field("emoji"),
            instance: field("instance"),
            typed: field("typed"),
            typed_caret: field("typedCaret"),
        }
    }

    /// Mounts a widget into `root` (the shadow root of `host`) with the loader's `options`
    /// (see [`super::options`]). Fails only if the DOM refuses the widget's two nodes.
    #[wasm_bindgen]
    pub fn mount(host: HtmlElement, root: ShadowRoot, options: JsValue) -> Result<WidgetHandle, JsValue> {
        install_panic_hook();
        let given = |name: &str| js_sys::Reflect::get(&options, &JsValue::from_str(name)).ok();
        let css = given("css").and_then(|v| v.as_string()).unwrap_or_default();
        let prefetched = given("prefetch").and_then(|v| v.dyn_into::<js_sys::Function>().ok());
        let sheet = given("sheet").and_then(|v| v.dyn_into::<web_sys::CssStyleSheet>().ok());
        let (options, warnings) = Options::from_raw(&read_options(&options));
        for w in warnings {
            web_sys::console::warn_1(&JsValue::from_str(&w));
        }
        let doc = host.owner_document().or_else(|| web_sys::window().and_then(|w| w.document())).ok_or("no document")?;
        let mut nodes = super::sheets::adopt(&doc, &root, &css, sheet)?;
        let mount_point = doc.create_element("div")?;
        mount_point.set_class_name("ca-mount");
        root.append_child(&mount_point)?;
        let lang = UiLang::from_lang(&options.lang);
        MOUNTED.with(|m| {
            if let Ok(mut m) = m.try_borrow_mut() {
                m.push((mount_point.clone(), lang));
            }
        });
        let app = yew::Renderer::<App>::with_root_and_props(mount_point.clone(), AppProps { options: Rc::new(options), prefetched }).render();
        nodes.push(mount_point.clone().into());
        Ok(WidgetHandle { app: Some(app), nodes, root: mount_point })
    }
}
