//! Index files over `fetch`: the browser's side of [`crate::engine::Fetch`].
//!
//! Files are named relative to the index folder (the `index` option, an absolute URL ending
//! with `/`). Two searches running at once (a visitor types faster than chunks arrive) often
//! need the same chunk: a file already on its way is not requested twice; the second search
//! waits for the first one's request. Once a file has arrived it is forgotten here (the engine
//! keeps it decoded, and the files are content-hashed, so the browser's cache serves any later
//! request).
//!
//! The loader starts fetching the entry, and the manifest and facets it names, while the wasm is
//! still on its way (`www/atlas.js`, `prefetch`); it hands over a function that gives each of
//! those bodies once. A file the loader did not fetch, or failed to, is fetched here as usual.

use crate::engine::Fetch;
use js_sys::Uint8Array;
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use std::task::{Poll, Waker};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

type Body = Result<Rc<Vec<u8>>, String>;

/// A request on its way, shared by every search that waits for it.
#[derive(Default)]
struct Flight {
    done: Option<Body>,
    waiting: Vec<Waker>,
}

/// Fetches index files relative to a base URL.
#[derive(Clone)]
pub struct BrowserFetch {
    base: Rc<str>,
    /// The requests on their way, by file name: a few at a time, so a list (a hash map's code
    /// costs the widget more bytes than searching a few names ever costs time).
    flights: Rc<RefCell<Vec<(String, Rc<RefCell<Flight>>)>>>,
    /// The loader's `prefetch(name)`: a promise of the file's bytes, or of null.
    prefetched: Option<js_sys::Function>,
}

impl BrowserFetch {
    pub fn new(base: &str, prefetched: Option<js_sys::Function>) -> BrowserFetch {
        BrowserFetch { base: base.into(), flights: Rc::default(), prefetched }
    }

    async fn get(&self, name: String) -> Result<Vec<u8>, String> {
        // Names come from the index's own manifest; still, never let one leave the folder.
        if name.is_empty() || name.contains(['/', '\\', ':', '?', '#']) || name.starts_with('.') {
            return Err(format!("\"{name}\" is not an index file name"));
        }
        let existing = self.flights.borrow().iter().find(|(n, _)| *n == name).map(|(_, f)| f.clone());
        let flight = match existing {
            Some(f) => f,
            None => {
                let flight = Rc::new(RefCell::new(Flight::default()));
                self.flights.borrow_mut().push((name.clone(), flight.clone()));
                let (url, flights, f, key) = (format!("{}{}", self.base, name), self.flights.clone(), flight.clone(), name.clone());
                let prefetched = self.prefetched.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let body = match take_prefetched(prefetched.as_ref(), &key).await {
                        Some(bytes) => Ok(bytes),
                        None => fetch_bytes(&url).await,
                    };
                    let body = body.map(Rc::new);
                    flights.borrow_mut().retain(|(n, _)| *n != key);
                    let wakers = {
                        let mut f = f.borrow_mut();
                        f.done = Some(body);
                        std::mem::take(&mut f.waiting)
                    };
                    for w in wakers {
                        w.wake();
                    }
                });
                flight
            }
        };
        let body = std::future::poll_fn(|cx| {
            let mut f = flight.borrow_mut();
            match &f.done {
                Some(body) => Poll::Ready(body.clone()),
                None => {
                    f.waiting.push(cx.waker().clone());
                    Poll::Pending
                }
            }
        })
        .await;
        body.map(|b| b.as_ref().clone())
    }
}

impl Fetch for BrowserFetch {
    fn fetch(&self, name: &str) -> impl Future<Output = Result<Vec<u8>, String>> {
        let this = self.clone();
        let name = name.to_string();
        async move { this.get(name).await }
    }
}

/// What a JS error says, for the console.
pub fn js_message(e: &JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    // Not `{e:?}`: the widget's size build prints no `Debug` (`-Zfmt-debug=none`, xtask's dist.rs).
    e.as_string()
        .or_else(|| js_sys::JSON::stringify(e).ok().and_then(|s| s.as_string()))
        .unwrap_or_else(|| "a JavaScript value that cannot be shown".into())
}

/// The loader's body for `name`, if it fetched it (a failed or missing one is fetched again).
async fn take_prefetched(prefetched: Option<&js_sys::Function>, name: &str) -> Option<Vec<u8>> {
    let promise = prefetched?.call1(&JsValue::NULL, &JsValue::from_str(name)).ok()?.dyn_into::<js_sys::Promise>().ok()?;
    let buffer = JsFuture::from(promise).await.ok()?.dyn_into::<js_sys::ArrayBuffer>().ok()?;
    Some(Uint8Array::new(&buffer).to_vec())
}

async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(url)).await.map_err(|e| format!("{url}: {}", js_message(&e)))?;
    let response: Response = response.dyn_into().map_err(|_| format!("{url}: not a response"))?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let buffer = response.array_buffer().map_err(|e| js_message(&e))?;
    let buffer = JsFuture::from(buffer).await.map_err(|e| format!("{url}: {}", js_message(&e)))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}
