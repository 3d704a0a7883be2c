//! The root component: one reducer holding the whole [`AppState`], and the effects that connect
//! it to the world.
//!
//! Components read the state and send actions through a context ([`Ctx`]); they never fetch or
//! touch the URL themselves. The effects live here, each reacting to one thing:
//!
//! 1. **open** (on mount, and on "try again"): fetch the entry file and manifest, build the
//!    engine and the [`Atlas`], or report the [`Problem`].
//! 2. **search** (whenever [`AppState::query`] changes): at once, or, while typing fast, at most
//!    every 80 ms (throttled, the last keystroke always searched), ask the engine which files the query lacks, fetch them concurrently, add them,
//!    search, fetch the records of the page, and dispatch the answer. Every search has a
//!    sequence number; an answer is dropped if a newer search has started, so keystrokes can
//!    overlap freely. The engine sits in a `RefCell` and is only ever borrowed between two
//!    `.await`s, never across one.
//! 3. **URL out** (whenever the view's fragment changes): write it into this instance's part of
//!    the URL fragment, pushing a history entry for a click and replacing it while typing.
//! 4. **URL in** (`hashchange` and `popstate`): Back, Forward or an edited URL restore the view.

use super::components::{
    use_effect_on, AtlasMatrix, CartSheet, CombineSwitch, DescriptorPanel, DimensionFacet, ErrorPanel, FilterFacet, FilterKind, PlaceFacet, HelpSheet, HistorySheet,
    LanguageSwitch, Pager, ResourcePanel, ResultList, ScopeSwitch, SearchBox, SelectionChips, SortSwitch, StatusLine, Toolbar, webmaster_notice,
};
use super::fetch::BrowserFetch;
use super::fragment::{read_part, write_part, RawView};
use super::i18n::{text, Msg, UiLang};
use super::options::Options;
use super::browser;
use super::keep::{CartEntry, Visit};
use super::state::{Action, AppState, Atlas, HitView, Load, Nav, Open, Page, PanelTexts, Problem, ResourceDetail, Sheet};
use crate::engine::{fetch::join_all, Engine, EngineError, Fetch, Query};
use crate::format::FormatError;
use crate::model::Lang;
use gloo_timers::callback::Timeout;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

/// While typing, searches start at most this often (the last keystroke always gets its search).
const TYPING_DELAY_MS: u32 = 80;
/// While typing, the URL follows once typing pauses this long.
const URL_DELAY_MS: u32 = 400;
/// How long after an answer the label index is built, if no query has built it yet: enough for
/// the answer to be painted first.
const LABELS_AFTER_MS: u32 = 100;
/// How long after the first answer the Bloom filters are fetched: long enough that the answer's
/// records and the visitor's first clicks go first.
const BLOOMS_AFTER_MS: u32 = 1500;
/// How many descriptors the suggestion list offers.
const SUGGESTIONS: usize = 8;

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.apply(action);
        Rc::new(next)
    }
}

/// What every component reads: the state of this render, and how to change it.
#[derive(Clone)]
pub struct Ctx {
    pub state: Rc<AppState>,
    pub dispatch: UseReducerDispatcher<AppState>,
    /// The visitor's languages, preferred first (labels follow them).
    pub langs: Rc<Vec<Lang>>,
    /// Searches again (after a network problem).
    pub retry: Callback<()>,
    /// The descriptors of the path (resolved once per render), marked as visited.
    pub visited: Rc<Vec<crate::model::ConceptId>>,
}

impl PartialEq for Ctx {
    fn eq(&self, other: &Ctx) -> bool {
        Rc::ptr_eq(&self.state, &other.state)
    }
}

/// The same context, for the components that need not follow each keystroke (the matrix,
/// facets, results, pager, switches): it changes only when the answer, the view apart from the
/// text, the interface language or the loading state change. Typing then re-renders the search
/// box and its suggestions at once, and the rest when the answer arrives.
#[derive(Clone, PartialEq)]
pub struct SlowCtx(pub Ctx);

/// What the [`SlowCtx`] components depend on.
#[derive(PartialEq)]
struct SlowKey {
    page: Option<*const Page>,
    view: super::state::View,
    ui: UiLang,
    ready: bool,
    /// The cart (result cards' "set aside") and the path (visited marks in facets and matrix).
    cart: *const Vec<CartEntry>,
    history: *const Vec<Visit>,
    detail: Option<*const ResourceDetail>,
}

impl SlowKey {
    fn of(state: &AppState) -> SlowKey {
        let mut view = state.view.clone();
        view.text.clear();
        SlowKey {
            page: state.page.as_ref().map(Rc::as_ptr),
            view,
            ui: state.ui(),
            ready: state.atlas().is_some(),
            cart: Rc::as_ptr(&state.cart),
            history: Rc::as_ptr(&state.history),
            detail: state.detail.as_ref().map(Rc::as_ptr),
        }
    }
}

impl Ctx {
    pub fn ui(&self) -> UiLang {
        self.state.ui()
    }

    /// The text of a message in the interface language.
    pub fn t(&self, msg: Msg<'_>) -> String {
        text(self.ui(), msg)
    }

    /// A callback that sends `action`, whatever the event.
    pub fn on<E>(&self, action: Action) -> Callback<E> {
        let d = self.dispatch.clone();
        Callback::from(move |_| d.dispatch(action.clone()))
    }

    pub fn atlas(&self) -> Option<Rc<Atlas>> {
        self.state.atlas().cloned()
    }

    /// An element id unique on the page: the instance namespaces it.
    pub fn id(&self, suffix: &str) -> String {
        format!("ca-{}-{suffix}", self.state.options.instance)
    }
}

/// The component's things that are not state: the engine, the fetcher, the search counter.
struct Shared {
    engine: Rc<RefCell<Option<Engine>>>,
    fetch: Option<BrowserFetch>,
    /// The latest search started.
    seq: Rc<Cell<u64>>,
    /// The pending throttled search.
    timer: Option<Timeout>,
    /// When the latest search started (or will start), in milliseconds.
    last_run: f64,
    /// The previous query, to tell typing from clicking.
    previous: Option<Query>,
    /// Per concept, the resources under it (computed once the facets are loaded).
    totals: Rc<RefCell<Option<Rc<Vec<u32>>>>>,
    /// The fragment value the state currently encodes (to ignore our own URL changes).
    fragment: Rc<RefCell<String>>,
    /// Whether the last URL write was a keystroke's (the next keystroke replaces it).
    typing: bool,
    /// A keystroke's pending URL write.
    url_timer: Option<Timeout>,
}

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub options: Rc<Options>,
    /// The loader's `prefetch` function (see `ui::fetch`), if it gave one.
    pub prefetched: Option<js_sys::Function>,
}

fn warn(message: &str) {
    web_sys::console::warn_1(&JsValue::from_str(message));
}

fn location_hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// Writes this instance's part of the fragment, keeping the rest of the URL and the host's
/// history state.
fn write_url(instance: &str, value: &str, push: bool) {
    let Some(window) = web_sys::window() else { return };
    let location = window.location();
    let current = location.hash().unwrap_or_default();
    let hash = write_part(&current, instance, value);
    if hash == current.strip_prefix('#').unwrap_or(&current) {
        return;
    }
    let path = format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default());
    let url = if hash.is_empty() { path } else { format!("{path}#{hash}") };
    let Ok(history) = window.history() else { return };
    let state = history.state().unwrap_or(JsValue::NULL);
    let result = if push { history.push_state_with_url(&state, "", Some(&url)) } else { history.replace_state_with_url(&state, "", Some(&url)) };
    if result.is_err() {
        warn("commons-atlas: cannot write the URL fragment");
    }
}

/// "Loading the atlas…", with its spinner, in a polite status.
fn loading_line(ctx: &Ctx) -> Html {
    html! { <p class="ca-loading" role="status"><span class="ca-spinner" aria-hidden="true"></span>{ ctx.t(Msg::Loading) }</p> }
}

/// Focuses the element of id `id` in the widget where event `e` happened (ids are looked up
/// from the widget's root: the document cannot see into the shadow root).
pub fn focus_in_widget(e: &MouseEvent, id: &str) {
    let root = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|el| el.closest(".ca").ok().flatten());
    if let Some(el) = root.and_then(|r| r.query_selector(&format!("#{id}")).ok().flatten()) {
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

async fn open(options: Rc<Options>, shared: Rc<RefCell<Shared>>, dispatch: UseReducerDispatcher<AppState>) {
    let Some(fetch) = shared.borrow().fetch.clone() else { return };
    match Engine::open(&fetch, std::slice::from_ref(&options.lang)).await {
        Ok(engine) => {
            let atlas = atlas_of(&engine, &options, true);
            let cell = shared.borrow().engine.clone();
            *cell.borrow_mut() = Some(engine);
            dispatch.dispatch(Action::Loaded(Rc::new(atlas)));
        }
        Err(e) => {
            warn(&format!("commons-atlas: {e}"));
            dispatch.dispatch(Action::LoadFailed(Problem::of(&e, true)));
        }
    }
}

/// The atlas of an opened engine: the options resolved against its manifest (what does not
/// resolve goes to the console when `opened`, and to the webmaster's notice through
/// `Atlas::notices`).
fn atlas_of(engine: &Engine, options: &Options, opened: bool) -> Atlas {
    let (mut atlas, warnings) = Atlas::new(engine.manifest.clone(), options);
    atlas.release = engine.manifest_file.clone();
    if opened {
        for w in warnings {
            warn(&w);
        }
        for e in &engine.skipped {
            warn(&format!("commons-atlas: the labels of the page's language could not be read, the commons' default language is shown instead: {e}"));
        }
    }
    atlas
}

/// Whether a search's error may mean that a new release replaced the index this page opened:
/// a hashed file gone (the release after next removes them) or a file of another build.
fn maybe_replaced(e: &EngineError) -> bool {
    matches!(e, EngineError::Fetch { .. } | EngineError::Format { error: FormatError::OtherBuild { .. }, .. })
}

/// What reopening `index.bin` found.
enum Renewal {
    /// A new release, now open: the search effect runs again in it (its release changed).
    Renewed,
    /// The same release, or no answer: the error stands as it is.
    Same,
    /// A new release that cannot be opened here (another format version, a manifest not
    /// uploaded yet): only a reload helps.
    Unopenable,
}

/// Reopens the index after `error`: when `index.bin` names another manifest than the open one,
/// the new release's engine and atlas replace the old ones, and the view carries over.
async fn renew(options: &Options, engine: &Rc<RefCell<Option<Engine>>>, totals: &Rc<RefCell<Option<Rc<Vec<u32>>>>>, fetch: &BrowserFetch, dispatch: &UseReducerDispatcher<AppState>) -> Renewal {
    let current = engine.borrow().as_ref().map(|e| e.manifest_file.clone());
    match Engine::open(fetch, std::slice::from_ref(&options.lang)).await {
        Ok(new) if Some(&new.manifest_file) == current.as_ref() => Renewal::Same,
        Ok(new) => {
            warn(&format!("commons-atlas: a new release of the index replaced the one this page opened; now reading {}", new.manifest_file));
            let atlas = atlas_of(&new, options, true);
            *engine.borrow_mut() = Some(new);
            *totals.borrow_mut() = None;
            dispatch.dispatch(Action::Renewed(Rc::new(atlas)));
            Renewal::Renewed
        }
        // The entry itself cannot be had: the network, not a release.
        Err(EngineError::Fetch { file, .. }) if file == crate::format::entry::FILE_NAME => Renewal::Same,
        Err(e) => {
            warn(&format!("commons-atlas: a new release of the index cannot be opened: {e}"));
            Renewal::Unopenable
        }
    }
}

/// One search, from files to answer; see the module docs.
#[allow(clippy::too_many_arguments)]
async fn search(
    seq: u64,
    query: Query,
    options: Rc<Options>,
    engine: Rc<RefCell<Option<Engine>>>,
    fetch: BrowserFetch,
    latest: Rc<Cell<u64>>,
    totals: Rc<RefCell<Option<Rc<Vec<u32>>>>>,
    dispatch: UseReducerDispatcher<AppState>,
) {
    let stale = || latest.get() != seq;
    let fail = |e: EngineError| {
        let (engine, totals, fetch, dispatch, options) = (engine.clone(), totals.clone(), fetch.clone(), dispatch.clone(), options.clone());
        async move {
            warn(&format!("commons-atlas: {e}"));
            let problem = if maybe_replaced(&e) {
                match renew(&options, &engine, &totals, &fetch, &dispatch).await {
                    Renewal::Renewed => return,
                    Renewal::Same => Problem::of(&e, false),
                    Renewal::Unopenable => Problem::Updated,
                }
            } else {
                Problem::of(&e, false)
            };
            dispatch.dispatch(Action::SearchFailed(seq, problem));
        }
    };
    let mut announced = false;
    // A visitor who switched the interface to a language the manifest leaves out: its labels
    // first, so that the answer comes with them (`format::labels`). One that fails leaves the
    // default language's labels, said in the console.
    let language = engine.borrow_mut().as_mut().and_then(|e| e.take_language_file(&query.languages));
    if let Some(file) = language {
        dispatch.dispatch(Action::Fetching(seq));
        announced = true;
        let body = fetch.fetch(&file).await;
        let added = {
            let mut guard = engine.borrow_mut();
            let Some(e) = guard.as_mut() else { return };
            body.map_err(|message| EngineError::Fetch { file: file.clone(), message }).and_then(|b| e.add_language(&file, &b)).map(|()| atlas_of(e, &options, false))
        };
        match added {
            Ok(atlas) => dispatch.dispatch(Action::Relabelled(Rc::new(atlas))),
            Err(e) => warn(&format!("commons-atlas: the labels of this language could not be read, the commons' default language is shown instead: {e}")),
        }
        if stale() {
            return;
        }
    }
    // Each round can only add files; the engine needs at most two rounds of text chunks.
    for round in 0..=4 {
        let needed = match engine.borrow().as_ref() {
            Some(e) => e.files_needed(&query),
            None => return,
        };
        if needed.is_empty() {
            break;
        }
        if round == 4 {
            return fail(EngineError::Missing(needed)).await;
        }
        if !announced {
            dispatch.dispatch(Action::Fetching(seq));
            announced = true;
        }
        if let Err(e) = add_files(&needed, &engine, &fetch).await {
            return fail(e).await;
        }
        if stale() {
            return;
        }
    }
    let (results, suggestions) = {
        let guard = engine.borrow();
        let Some(e) = guard.as_ref() else { return };
        let results = match e.search(&query) {
            Ok(r) => r,
            Err(err) => {
                drop(guard);
                return fail(err).await;
            }
        };
        let suggestions = if query.text.trim().is_empty() { Vec::new() } else { e.suggest(&query.text, &query.languages, SUGGESTIONS) };
        (results, suggestions)
    };
    let resources: Vec<u32> = results.hits.iter().map(|h| h.resource).collect();
    let needed = engine.borrow().as_ref().map(|e| e.record_files(&resources)).unwrap_or_default();
    if !needed.is_empty() {
        if !announced {
            dispatch.dispatch(Action::Fetching(seq));
        }
        if let Err(e) = add_files(&needed, &engine, &fetch).await {
            return fail(e).await;
        }
    }
    if stale() {
        return;
    }
    let page = {
        let guard = engine.borrow();
        let Some(e) = guard.as_ref() else { return };
        let hits = results.hits.iter().map(|h| hit_view(e, h.resource)).collect();
        let totals = totals.borrow_mut().get_or_insert_with(|| Rc::new(concept_totals(e))).clone();
        Page {
            seq,
            total: results.total,
            hits,
            counts: results.counts,
            matched_terms: results.matched_terms,
            text: query.text.clone(),
            suggestions: Rc::new(suggestions),
            totals,
            did_you_mean: results.did_you_mean,
        }
    };
    let labels_ready = engine.borrow().as_ref().is_none_or(Engine::labels_ready);
    let blooms = engine.borrow().as_ref().and_then(Engine::blooms_file);
    dispatch.dispatch(Action::Answer(Rc::new(page)));
    // The Bloom filters, a while after the answer is shown: no answer waits for them, and the
    // words typed next are spared the chunks that cannot hold them (`format::text::Blooms`).
    if let Some(file) = blooms {
        let (engine, fetch) = (engine.clone(), fetch.clone());
        Timeout::new(BLOOMS_AFTER_MS, move || {
            wasm_bindgen_futures::spawn_local(async move {
                if engine.borrow().as_ref().and_then(Engine::blooms_file).is_none() {
                    return; // another answer's timer got them
                }
                if let Err(e) = add_files(&[file], &engine, &fetch).await {
                    warn(&format!("commons-atlas: {e}"));
                }
            })
        })
        .forget();
    }
    if labels_ready {
        return;
    }
    // Once the answer is painted, build the label index if no query has needed it yet (the first
    // screen shows without it), so that the first keystroke does not wait for it.
    Timeout::new(LABELS_AFTER_MS, move || {
        if let Ok(guard) = engine.try_borrow() {
            if let Some(e) = guard.as_ref() {
                e.prepare_labels();
            }
        }
    })
    .forget();
}

/// A resource as a card shows it, from the facets and its record (if loaded).
fn hit_view(e: &Engine, resource: u32) -> HitView {
    let r = resource as usize;
    let facets = e.facets();
    HitView {
        resource,
        site: facets.and_then(|f| f.sites.get(r).copied()).unwrap_or(0),
        kind: facets.and_then(|f| f.types.get(r).copied()).unwrap_or(0),
        lang: facets.and_then(|f| f.langs.get(r).copied()).unwrap_or(0),
        record: e.record(resource).cloned(),
    }
}

/// Per concept, the resources under it in the whole commons (empty before the facets load).
fn concept_totals(e: &Engine) -> Vec<u32> {
    e.facets().map_or_else(Vec::new, |f| f.concept_totals(e.manifest.thesaurus.concepts.len()))
}

/// Everything the resource panel shows of resource `r`: its record, its translations and the
/// resources indexed like it, each with its record.
/// The notes of descriptor `c`: its notes chunk fetched if need be. A chunk that fails leaves
/// the panel without notes (said in the console), not the widget in error.
async fn load_notes(c: crate::model::ConceptId, engine: Rc<RefCell<Option<Engine>>>, fetch: BrowserFetch, dispatch: UseReducerDispatcher<AppState>) {
    let file = engine.borrow().as_ref().and_then(|e| e.notes_file(c));
    if let Some(file) = file {
        if let Err(e) = add_files(&[file], &engine, &fetch).await {
            warn(&format!("commons-atlas: {e}"));
            return;
        }
    }
    let texts = engine.borrow().as_ref().and_then(|e| {
        let other_labels = e.other_labels(c).map(<[_]>::to_vec).unwrap_or_default();
        e.notes(c).map(|notes| PanelTexts { notes: notes.to_vec(), other_labels })
    });
    if let Some(texts) = texts {
        dispatch.dispatch(Action::Notes(c, Rc::new(texts)));
    }
}

async fn load_detail(r: u32, engine: Rc<RefCell<Option<Engine>>>, fetch: BrowserFetch, dispatch: UseReducerDispatcher<AppState>) {
    const SIMILAR: usize = 6;
    let needed = |list: &[u32]| engine.borrow().as_ref().map(|e| {
        let mut files = e.record_files(list);
        if e.facets().is_none() {
            files.push(e.manifest.facets.clone());
        }
        files
    });
    let Some(first) = needed(&[r]) else { return };
    if let Err(e) = add_files(&first, &engine, &fetch).await {
        warn(&format!("commons-atlas: {e}"));
        return;
    }
    let (translations, similar) = {
        let guard = engine.borrow();
        let Some(e) = guard.as_ref() else { return };
        let (Some(f), Some(record)) = (e.facets(), e.record(r)) else { return };
        let descriptors: Vec<_> = record.descriptors.iter().map(|d| d.concept).collect();
        (f.translations_of(r), f.indexed_like(r, &descriptors, SIMILAR))
    };
    let others: Vec<u32> = translations.iter().copied().chain(similar.iter().map(|s| s.0)).collect();
    if let Some(files) = needed(&others) {
        if let Err(e) = add_files(&files, &engine, &fetch).await {
            warn(&format!("commons-atlas: {e}"));
        }
    }
    let guard = engine.borrow();
    let Some(e) = guard.as_ref() else { return };
    let main = hit_view(e, r);
    if let Some(record) = &main.record {
        let site = e.manifest.sites.get(main.site as usize).map(|s| s.id.clone()).unwrap_or_default();
        dispatch.dispatch(Action::Visited(Visit {
            concept: None,
            resource: Some((site, record.id.clone())),
            label: record.title.clone(),
            url: Some(record.url.clone()),
        }));
    }
    let detail = ResourceDetail {
        main,
        translations: translations.iter().map(|&t| hit_view(e, t)).collect(),
        similar: similar.iter().map(|&(o, n)| (hit_view(e, o), n)).collect(),
    };
    dispatch.dispatch(Action::Detail(Rc::new(detail)));
}

/// Finds the cart's entries from an earlier release in this one: each by its title, within its
/// site, matched on its id. An entry not found is kept, marked missing.
async fn check_cart(cart: Vec<CartEntry>, release: String, engine: Rc<RefCell<Option<Engine>>>, fetch: BrowserFetch, dispatch: UseReducerDispatcher<AppState>) {
    let mut out = Vec::with_capacity(cart.len());
    for mut entry in cart {
        if entry.index == release {
            out.push(entry);
            continue;
        }
        let site = engine.borrow().as_ref().and_then(|e| e.manifest.sites.iter().position(|s| s.id == entry.site));
        let mut found = None;
        if let Some(site) = site {
            let query = Query { text: format!("{} ", entry.title), scope_sites: vec![site as u16], page_size: 20, ..Query::default() };
            if prepare(&query, &engine, &fetch).await.is_ok() {
                let hits: Vec<u32> = engine.borrow().as_ref().and_then(|e| e.search(&query).ok()).map(|r| r.hits.iter().map(|h| h.resource).collect()).unwrap_or_default();
                let files = engine.borrow().as_ref().map(|e| e.record_files(&hits)).unwrap_or_default();
                if add_files(&files, &engine, &fetch).await.is_ok() {
                    let guard = engine.borrow();
                    found = guard.as_ref().and_then(|e| hits.iter().copied().find(|&h| e.record(h).is_some_and(|rec| rec.id == entry.id)));
                }
            }
        }
        match found {
            Some(n) => {
                entry.resource = n;
                entry.missing = false;
            }
            None => entry.missing = true,
        }
        entry.index = release.clone();
        out.push(entry);
    }
    dispatch.dispatch(Action::CartChecked(out));
}

/// Fetches whatever files `query` needs (at most a few rounds: text chunks, then typo chunks).
async fn prepare(query: &Query, engine: &Rc<RefCell<Option<Engine>>>, fetch: &BrowserFetch) -> Result<(), EngineError> {
    for _ in 0..4 {
        let needed = match engine.borrow().as_ref() {
            Some(e) => e.files_needed(query),
            None => return Ok(()),
        };
        if needed.is_empty() {
            return Ok(());
        }
        add_files(&needed, engine, fetch).await?;
    }
    Ok(())
}

/// Fetches `names` concurrently and hands them to the engine (borrowed only after the awaits).
async fn add_files(names: &[String], engine: &Rc<RefCell<Option<Engine>>>, fetch: &BrowserFetch) -> Result<(), EngineError> {
    let bodies = join_all(names.iter().map(|n| fetch.fetch(n)).collect()).await;
    for (name, body) in names.iter().zip(bodies) {
        let bytes = body.map_err(|message| EngineError::Fetch { file: name.clone(), message })?;
        let mut guard = engine.borrow_mut();
        let Some(e) = guard.as_mut() else { return Ok(()) };
        e.add_file(name, &bytes)?;
    }
    Ok(())
}

#[function_component]
pub fn App(props: &AppProps) -> Html {
    let options = props.options.clone();
    let state = use_reducer({
        let options = options.clone();
        move || {
            let raw = read_part(&location_hash(), &options.instance).map(RawView::decode);
            let index = options.index.clone().unwrap_or_default();
            AppState::with_kept(options, raw, browser::load_cart(&index), browser::load_history(&index))
        }
    });
    let shared = use_mut_ref({
        let (options, prefetched) = (options.clone(), props.prefetched.clone());
        move || Shared {
            engine: Rc::new(RefCell::new(None)),
            fetch: options.index.as_deref().map(|index| BrowserFetch::new(index, prefetched.clone())),
            seq: Rc::new(Cell::new(0)),
            timer: None,
            last_run: 0.0,
            previous: None,
            fragment: Rc::new(RefCell::new(String::new())),
            typing: false,
            url_timer: None,
            totals: Rc::new(RefCell::new(None)),
        }
    });
    let slow = use_mut_ref(|| None::<(SlowKey, SlowCtx)>);
    let reload = use_state(|| 0u32);
    let retry = use_state(|| 0u32);

    // 1. Open the index.
    {
        let (options, shared, dispatch) = (options.clone(), shared.clone(), state.dispatcher());
        use_effect_on(*reload, move |_| {
            if options.index.is_some() {
                wasm_bindgen_futures::spawn_local(open(options, shared, dispatch));
            }
        });
    }

    // 1b. The loader's field had the focus: this one takes it, with the caret where it was, so
    // that the visitor's typing carries on into the widget's field.
    let section = use_node_ref();
    {
        let (section, caret) = (section.clone(), options.typed_caret);
        use_effect_on((), move |_| {
            let input = section.cast::<web_sys::Element>().and_then(|s| s.query_selector("input.ca-input").ok().flatten());
            if let (Some(caret), Some(input)) = (caret, input.and_then(|i| i.dyn_into::<web_sys::HtmlInputElement>().ok())) {
                let _ = input.focus();
                let _ = input.set_selection_range(caret, caret);
            }
        });
    }

    // 2. Search whenever the query changes, and again in a new release of the index.
    {
        let (shared, options) = (shared.clone(), options.clone());
        let dispatch = state.dispatcher();
        let release = state.atlas().map(|a| a.release.clone());
        use_effect_on((state.query(), *retry, release), move |(query, _, _)| {
            let mut s = shared.borrow_mut();
            let Some(query) = query.clone() else { return };
            let Some(fetch) = s.fetch.clone() else { return };
            let typing = s.previous.as_ref().is_some_and(|p| p.text != query.text && Query { text: query.text.clone(), ..p.clone() } == query);
            s.previous = Some(query.clone());
            let seq = s.seq.get() + 1;
            s.seq.set(seq);
            let (engine, latest, totals) = (s.engine.clone(), s.seq.clone(), s.totals.clone());
            let run = move || wasm_bindgen_futures::spawn_local(search(seq, query, options, engine, fetch, latest, totals, dispatch));
            // A keystroke searches at once unless another search started less than the delay
            // ago; then it waits for the rest of the delay, and a newer keystroke replaces it
            // (dropping the timer cancels it). A click never waits.
            let now = js_sys::Date::now();
            let wait = if typing { s.last_run + f64::from(TYPING_DELAY_MS) - now } else { 0.0 };
            if wait >= 1.0 {
                s.timer = Some(Timeout::new(wait as u32, run));
                s.last_run = now + wait;
            } else {
                s.timer = None; // cancels a pending keystroke's search: this one supersedes it
                s.last_run = now;
                run();
            }
        });
    }

    // 2b. The resource panel's data, when a resource is open and its data is not there.
    {
        let (shared, dispatch) = (shared.clone(), state.dispatcher());
        let wanted = match (state.view.open, &state.detail) {
            (Some(Open::Resource(r)), d) if d.as_ref().is_none_or(|d| d.main.resource != r) => Some(r),
            _ => None,
        };
        use_effect_on((wanted, state.atlas().is_some()), move |(wanted, ready)| {
            let s = shared.borrow();
            if let (Some(r), true, Some(fetch)) = (*wanted, *ready, s.fetch.clone()) {
                wasm_bindgen_futures::spawn_local(load_detail(r, s.engine.clone(), fetch, dispatch));
            }
        });
    }

    // 2b'. The open descriptor's notes, from their notes chunk.
    {
        let (shared, dispatch) = (shared.clone(), state.dispatcher());
        let wanted = match state.view.open {
            Some(Open::Concept(c)) if state.notes_of(c).is_none() => Some(c),
            _ => None,
        };
        use_effect_on((wanted, state.atlas().is_some()), move |(wanted, ready)| {
            let s = shared.borrow();
            if let (Some(c), true, Some(fetch)) = (*wanted, *ready, s.fetch.clone()) {
                wasm_bindgen_futures::spawn_local(load_notes(c, s.engine.clone(), fetch, dispatch));
            }
        });
    }

    // 2c. The cart and the history, kept in the browser; the cart re-checked against a newer
    // release of the index.
    {
        // A refusal is said by the cart once there is something to lose (a browser that
        // refuses storage refuses it from the first, empty, save).
        let (index, dispatch) = (options.index.clone().unwrap_or_default(), state.dispatcher());
        use_effect_on(state.cart.clone(), move |cart| {
            if !browser::save_cart(&index, cart) && !cart.is_empty() {
                dispatch.dispatch(Action::StorageFailed);
            }
        });
        let (index, dispatch) = (options.index.clone().unwrap_or_default(), state.dispatcher());
        use_effect_on(state.history.clone(), move |history| {
            if !browser::save_history(&index, history) && !history.is_empty() {
                dispatch.dispatch(Action::StorageFailed);
            }
        });
        let (shared, dispatch) = (shared.clone(), state.dispatcher());
        let release = state.atlas().map(|a| a.release.clone());
        let stale = release.as_ref().is_some_and(|r| state.cart.iter().any(|e| e.index != *r));
        let cart = state.cart.clone();
        use_effect_on((release, stale), move |(release, stale)| {
            let s = shared.borrow();
            if let (Some(release), true, Some(fetch)) = (release.clone(), *stale, s.fetch.clone()) {
                wasm_bindgen_futures::spawn_local(check_cart((*cart).clone(), release, s.engine.clone(), fetch, dispatch));
            }
        });
    }

    // 3. The view into the URL.
    {
        let shared = shared.clone();
        let (nav, instance) = (state.nav, options.instance.clone());
        use_effect_on(state.fragment(), move |fragment| {
            let Some(value) = fragment else { return };
            let mut s = shared.borrow_mut();
            *s.fragment.borrow_mut() = value.clone();
            if nav != Nav::Typing {
                s.url_timer = None; // a pending keystroke's write is superseded (or was restored)
            }
            match nav {
                Nav::None => s.typing = false,
                Nav::Push => {
                    write_url(&instance, value, true);
                    s.typing = false;
                }
                Nav::Typing => {
                    // The first keystroke of a burst makes its history entry at once; the next
                    // ones update it once typing pauses (the history API is slow, and
                    // browsers throttle it).
                    if s.typing {
                        let value = value.clone();
                        s.url_timer = Some(Timeout::new(URL_DELAY_MS, move || write_url(&instance, &value, false)));
                    } else {
                        write_url(&instance, value, true);
                        s.typing = true;
                    }
                }
            }
        });
    }

    // 4. The URL into the view (Back, Forward, an edited fragment).
    {
        let shared = shared.clone();
        let (dispatch, instance) = (state.dispatcher(), options.instance.clone());
        use_effect_with((), move |_| {
            let current = shared.borrow().fragment.clone();
            let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
                let hash = location_hash();
                let value = read_part(&hash, &instance).unwrap_or("").to_string();
                if value != *current.borrow() {
                    *current.borrow_mut() = value.clone();
                    dispatch.dispatch(Action::Restore(RawView::decode(&value)));
                }
            });
            let window = web_sys::window();
            if let Some(w) = &window {
                let f = listener.as_ref().unchecked_ref();
                let _ = w.add_event_listener_with_callback("hashchange", f);
                let _ = w.add_event_listener_with_callback("popstate", f);
            }
            move || {
                if let Some(w) = window {
                    let f = listener.as_ref().unchecked_ref();
                    let _ = w.remove_event_listener_with_callback("hashchange", f);
                    let _ = w.remove_event_listener_with_callback("popstate", f);
                }
                drop(listener);
            }
        });
    }

    let ctx = Ctx {
        state: Rc::new((*state).clone()),
        dispatch: state.dispatcher(),
        langs: Rc::new(state.languages()),
        visited: Rc::new(state.visited_concepts()),
        retry: {
            let retry = retry.clone();
            Callback::from(move |_| retry.set(*retry + 1))
        },
    };
    let slow_ctx = {
        let key = SlowKey::of(&state);
        let mut slow = slow.borrow_mut();
        match &*slow {
            Some((k, c)) if *k == key => c.clone(),
            _ => {
                let c = SlowCtx(ctx.clone());
                *slow = Some((key, c.clone()));
                c
            }
        }
    };
    let reopen = {
        let (reload, dispatch) = (reload.clone(), state.dispatcher());
        Callback::from(move |_| {
            dispatch.dispatch(Action::Reopen);
            reload.set(*reload + 1);
        })
    };

    let ui = ctx.ui();
    // For tests and host scripts: loading, ready or error.
    let load_state = match &state.load {
        Load::Loading => "loading",
        Load::Ready(_) => "ready",
        Load::Failed(_) => "error",
    };
    let title = match (&state.options.label, ctx.atlas()) {
        (Some(label), _) => label.clone(),
        (None, Some(a)) => a.manifest.name.clone().unwrap_or_else(|| ctx.t(Msg::AtlasTitle)),
        (None, None) => ctx.t(Msg::AtlasTitle),
    };
    // Until the first answer, the loading line stands for the body too: drawing the matrix and
    // facets without their counts, only to draw them again a moment later, would cost the
    // visitor the time of one whole render before the first screen.
    let first_answer_pending = state.page.is_none() && state.search_problem.is_none();
    let body = match &state.load {
        Load::Loading => loading_line(&ctx),
        Load::Ready(_) if first_answer_pending => loading_line(&ctx),
        Load::Failed(problem) => html! { <ErrorPanel problem={*problem} retry={reopen} /> },
        Load::Ready(atlas) => {

            let facets_id = ctx.id("facets");
            let open = state.filters_open;
            let (matrix_id, matrix_open, folded) = (ctx.id("matrix"), state.matrix_open, state.options.matrix_folded);
            let dimensions = atlas.manifest.thesaurus.dimensions.len() as u16;
            let skip = {
                let heading = ctx.id("results-title");
                Callback::from(move |e: MouseEvent| focus_in_widget(&e, &heading))
            };
            let sheet = match state.sheet {
                Some(Sheet::Cart) => html! { <CartSheet /> },
                Some(Sheet::History) => html! { <HistorySheet /> },
                Some(Sheet::Help) => html! { <HelpSheet /> },
                None => html! {},
            };
            let panel = match state.view.open {
                Some(Open::Concept(c)) => html! { <DescriptorPanel concept={c} /> },
                Some(Open::Resource(r)) => html! { <ResourcePanel resource={r} /> },
                None => html! {},
            };
            let resource_open = matches!(state.view.open, Some(Open::Resource(_)));
            let failed = state.search_problem.is_some();
            html! {
                <>
                    <button type="button" class="ca-skip" onclick={skip}>{ ctx.t(Msg::SkipToResults) }</button>
                    { webmaster_notice(&ctx) }
                    { sheet }
                    <ScopeSwitch />
                    <SelectionChips />
                    // On a narrow widget (and with `matrix="folded"`), the matrix and the facets
                    // are one tap away, so that the first screen shows the first results.
                    <div class="ca-toggles">
                        <button type="button" class={classes!("ca-matrix-toggle", folded.then_some("ca-always"))}
                            aria-expanded={matrix_open.to_string()} aria-controls={matrix_id.clone()}
                            onclick={ctx.on::<MouseEvent>(Action::ToggleMatrix)}>
                            { ctx.t(if matrix_open { Msg::HideMatrix } else { Msg::ShowMatrix }) }
                        </button>
                        <button type="button" class="ca-filters-toggle" aria-expanded={open.to_string()} aria-controls={facets_id.clone()}
                            onclick={ctx.on::<MouseEvent>(Action::ToggleFilters)}>
                            { ctx.t(if open { Msg::HideFilters } else { Msg::Filters }) }
                            if state.view.filter_count() > 0 {
                                { format!(" ({})", state.view.filter_count()) }
                            }
                        </button>
                    </div>
                    <div id={matrix_id} class={classes!("ca-matrix-box", folded.then_some("ca-folded"), matrix_open.then_some("ca-open"))}>
                        <AtlasMatrix />
                    </div>
                    <div class="ca-body">
                        <div id={facets_id} class={classes!("ca-facets", open.then_some("ca-open"))}>
                            <CombineSwitch />
                            { for (0..dimensions).map(|d| html! { <DimensionFacet key={d} dimension={d} /> }) }
                            if state.scoped_to_site().is_none() {
                                <FilterFacet kind={FilterKind::Site} />
                            }
                            <FilterFacet kind={FilterKind::Type} />
                            <FilterFacet kind={FilterKind::Lang} />
                            <PlaceFacet />
                            <FilterFacet kind={FilterKind::Year} />
                        </div>
                        <section class="ca-results" aria-labelledby={ctx.id("results-title")} aria-busy={state.fetching.is_some().to_string()}
                            data-answer={state.page.as_ref().map(|p| p.seq.to_string())}>
                            { panel }
                            <div class="ca-results-head" hidden={resource_open}>
                                <h3 id={ctx.id("results-title")} tabindex="-1">{ ctx.t(Msg::Results) }</h3>
                                <StatusLine />
                                <SortSwitch />
                            </div>
                            if !resource_open {
                                // After a failed search the results are the previous query's:
                                // greyed out, and inert so that they are neither read nor
                                // clicked as this query's answer.
                                <div class={classes!("ca-answer", failed.then_some("ca-stale"))} inert={failed}>
                                    <ResultList />
                                    <Pager />
                                </div>
                            }
                        </section>
                    </div>
                </>
            }
        }
    };

    // dir="ltr": the interface is written left to right in each of its languages, whatever the
    // page around it; a right-to-left label inside says so itself (`Atlas::label_marks`).
    html! {
        <ContextProvider<Ctx> context={ctx.clone()}>
        <ContextProvider<SlowCtx> context={slow_ctx}>
            <section ref={section} class="ca" lang={ui.code()} dir="ltr" data-theme={options.theme.as_str()} aria-labelledby={ctx.id("title")} data-state={load_state}>
                <div class="ca-head">
                    <h2 class="ca-title" id={ctx.id("title")}>{ title }</h2>
                    // There while the index loads too (a sheet opened then shows once it has), so
                    // that the header keeps its height from the loader's frame to the answer.
                    if !matches!(state.load, Load::Failed(_)) {
                        <Toolbar />
                    }
                    <LanguageSwitch />
                </div>
                if !matches!(state.load, Load::Failed(_)) {
                    <SearchBox />
                }
                { body }
            </section>
        </ContextProvider<SlowCtx>>
        </ContextProvider<Ctx>>
    }
}
