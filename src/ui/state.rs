//! The widget's state and every change a visitor can make to it, as plain data.
//!
//! [`AppState`] is the one source of truth of a widget: what the visitor asked ([`View`], the
//! part that goes into the URL), what the index is ([`Atlas`], once loaded), and what the engine
//! answered ([`Page`]). Components never change it directly; they send an [`Action`] and
//! [`AppState::apply`] computes the next state. The Yew side (`app.rs`) wraps this in a reducer
//! and runs the effects (fetching, searching, writing the URL); everything here is pure Rust,
//! free of browser APIs, so that the rules — a new filter goes back to page 1, a stale answer is
//! dropped, a shared link resolves against the index — are unit-tested natively.

use super::fragment::{Key, OpenRef, RawView};
use super::i18n::UiLang;
use super::keep::{self, CartEntry, Visit};
use super::options::Options;
use crate::engine::{Combine, Counts, EngineError, Query, Selection, Sort, Suggestion};
use crate::format::facets::Place;
use crate::format::manifest::Manifest;
use crate::format::records::Record;
use crate::format::FormatError;
use crate::model::{Cell, Concept, ConceptId, Family, Lang, Note, Role};
use crate::sort::sort_dedup;
use crate::text::Analyzer;
use std::rc::Rc;

/// How many resources the suggestion list offers after the descriptors.
pub const SUGGESTED_RESOURCES: usize = 3;

/// The index as the interface needs it: the manifest, plus what the options resolve to.
pub struct Atlas {
    /// The engine's own manifest, shared.
    pub manifest: Rc<Manifest>,
    pub analyzer: Analyzer,
    /// The home site's number, when the `site` option names one of the index's sites.
    pub home_site: Option<u16>,
    /// The sub-atlas the `localMap` or `subAtlas` option names, as listed (empty: the whole
    /// atlas).
    pub sub_atlas: Vec<ConceptId>,
    /// What the sub-atlas shows, sorted: its concepts (the listed ones and all below them) and
    /// the families above them, so that the matrix keeps the rows and columns its cells need.
    pub sub_atlas_shown: Vec<ConceptId>,
    /// The local map the `localMap` option names (an index into the manifest's maps).
    pub local_map: Option<usize>,
    /// Per dimension, the descriptors under its families, in thesaurus order.
    pub dimension_descriptors: Vec<Vec<ConceptId>>,
    /// The manifest's file name, which names this release of the index (see `keep`).
    pub release: String,
    /// The options that name nothing in this index, for the webmaster's notice.
    pub notices: Vec<Notice>,
}

/// An attribute of the element whose value names nothing in the index: the widget shows the
/// whole atlas (or commons) instead, and says so in a small notice for the webmaster, not only
/// in the console, since a wrong value otherwise looks like a working page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// The HTML attribute (`site`, `local-map`, `sub-atlas`).
    pub attribute: &'static str,
    pub value: String,
    /// The values the index has, comma-separated (`None`: too many to list; for `sub-atlas`,
    /// any notation or IRI of the atlas).
    pub valid: Option<String>,
}

impl Notice {
    /// The console's line.
    pub fn warning(&self) -> String {
        let valid = self.valid.as_deref().map_or_else(|| "a notation or IRI of the atlas".to_string(), |v| if v.is_empty() { "none".into() } else { v.to_string() });
        format!("commons-atlas: {}=\"{}\" names nothing in this index (valid values: {valid}); ignored", self.attribute, self.value)
    }
}

impl std::fmt::Debug for Atlas {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Atlas").field("resources", &self.manifest.resources).finish_non_exhaustive()
    }
}

impl PartialEq for Atlas {
    fn eq(&self, other: &Atlas) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Atlas {
    /// Resolves the options against the manifest; returns warnings for what does not resolve.
    pub fn new(manifest: Rc<Manifest>, options: &Options) -> (Atlas, Vec<String>) {
        let mut notices = Vec::new();
        let mut notice = |attribute, value: &str, valid: Option<String>| notices.push(Notice { attribute, value: value.to_string(), valid });
        let home_site = options.site.as_ref().and_then(|id| {
            let found = manifest.sites.iter().position(|s| s.id == *id).map(|i| i as u16);
            if found.is_none() {
                notice("site", id, Some(manifest.sites.iter().map(|s| s.id.as_str()).collect::<Vec<_>>().join(", ")));
            }
            found
        });
        let th = &manifest.thesaurus;
        let mut sub_atlas = Vec::new();
        let local_map = options.local_map.as_ref().and_then(|id| {
            let found = manifest.maps.iter().position(|m| m.id == *id);
            if found.is_none() {
                notice("local-map", id, Some(manifest.maps.iter().map(|m| m.id.as_str()).collect::<Vec<_>>().join(", ")));
            }
            found
        });
        if let Some(m) = local_map {
            sub_atlas.extend(manifest.maps[m].concepts.iter().copied());
        }
        for item in &options.sub_atlas {
            match th.by_notation(item).or_else(|| th.by_iri(item)) {
                Some(c) if !sub_atlas.contains(&c) => sub_atlas.push(c),
                Some(_) => {}
                None => notice("sub-atlas", item, None),
            }
        }
        let mut dimension_descriptors = vec![Vec::new(); th.dimensions.len()];
        for id in th.descriptors() {
            let mut dims: Vec<u16> = th.concept(id).families.iter().filter_map(|f| family_dimension(th.concept(*f))).collect();
            sort_dedup(&mut dims);
            for d in dims {
                if let Some(list) = dimension_descriptors.get_mut(d as usize) {
                    list.push(id);
                }
            }
        }
        let mut sub_atlas_shown = th.sub_atlas(&sub_atlas);
        let families: Vec<ConceptId> = sub_atlas_shown.iter().flat_map(|&c| th.concept(c).families.iter().copied()).collect();
        sub_atlas_shown.extend(families);
        sort_dedup(&mut sub_atlas_shown);
        let warnings = notices.iter().map(Notice::warning).collect();
        (Atlas { manifest, analyzer: Analyzer::new(), home_site, sub_atlas, sub_atlas_shown, local_map, dimension_descriptors, release: String::new(), notices }, warnings)
    }

    pub fn concept(&self, c: ConceptId) -> &Concept {
        self.manifest.thesaurus.concept(c)
    }

    /// Whether `c` is shown: always with the whole atlas, else when the sub-atlas shows it.
    pub fn shows(&self, c: ConceptId, whole_atlas: bool) -> bool {
        whole_atlas || self.sub_atlas.is_empty() || self.sub_atlas_shown.binary_search(&c).is_ok()
    }

    /// A concept as chips and lists name it: its notation, then its label ("1B.1 habitat").
    pub fn named(&self, c: ConceptId, langs: &[Lang]) -> String {
        let label = self.label(c, langs);
        match &self.concept(c).notation {
            Some(n) => format!("{n} {label}"),
            None => label.to_string(),
        }
    }

    /// The local map's title in the visitor's languages.
    pub fn map_title(&self, langs: &[Lang]) -> Option<&str> {
        let map = self.manifest.maps.get(self.local_map?)?;
        Some(map.titles.best(langs).unwrap_or(&map.id))
    }

    /// A concept's label in the first of `langs` that has one, else any.
    pub fn label(&self, c: ConceptId, langs: &[Lang]) -> &str {
        self.concept(c).label(langs)
    }

    /// What to mark a concept's label with when it is not in the interface's language `ui`
    /// (a Russian label in an English interface, a fallback label): its `lang`, and `dir="rtl"`
    /// for a right-to-left script, so that screen readers pronounce it and browsers lay it out
    /// right. `(None, None)` for a label in the interface's language.
    pub fn label_marks(&self, c: ConceptId, langs: &[Lang], ui: UiLang) -> (Option<String>, Option<&'static str>) {
        match self.concept(c).labels.best_entry(langs) {
            Some((lang, _)) if lang.primary() != ui.code() => (Some(lang.as_str().to_string()), is_rtl(lang).then_some("rtl")),
            _ => (None, None),
        }
    }

    /// The dimension a concept joins when chosen outside a facet (a suggestion, a result's
    /// chip): its own for a family, else that of its first family.
    pub fn home_dimension(&self, c: ConceptId) -> u16 {
        let concept = self.concept(c);
        family_dimension(concept)
            .or_else(|| concept.families.first().and_then(|f| family_dimension(self.concept(*f))))
            .unwrap_or(0)
    }

    /// How a family is drawn (colour, icon), if `c` is a family.
    pub fn family(&self, c: ConceptId) -> Option<&Family> {
        let d = family_dimension(self.concept(c))?;
        self.manifest.thesaurus.dimensions.get(d as usize)?.families.iter().find(|f| f.concept == c)
    }

    /// The colour of a concept: its own as a family, else that of its first family with one.
    pub fn colour(&self, c: ConceptId) -> Option<&str> {
        if let Some(f) = self.family(c) {
            return f.colour.as_deref();
        }
        self.concept(c).families.iter().find_map(|f| self.family(*f).and_then(|f| f.colour.as_deref()))
    }

    /// The stable key of a concept in the URL: its notation when unique, else its number.
    pub fn key(&self, c: ConceptId) -> Key {
        let th = &self.manifest.thesaurus;
        match &self.concept(c).notation {
            Some(n) if th.by_notation(n) == Some(c) => Key::Notation(n.clone()),
            _ => Key::Number(c.0),
        }
    }

    pub fn resolve(&self, key: &Key) -> Option<ConceptId> {
        let th = &self.manifest.thesaurus;
        match key {
            Key::Notation(n) => th.by_notation(n),
            Key::Number(n) => ((*n as usize) < th.concepts.len()).then_some(ConceptId(*n)),
        }
    }

    /// A type's name (type number, 0-based) in the visitor's languages, else its key.
    pub fn type_label(&self, t: u16, langs: &[Lang]) -> Option<&str> {
        let ty = self.manifest.types.get(t as usize)?;
        Some(ty.labels.best(langs).unwrap_or(&ty.key))
    }

    /// The cart entry for a shown resource (its record loaded), named stably (see `keep`).
    pub fn cart_entry(&self, hit: &HitView, langs: &[Lang]) -> Option<CartEntry> {
        let record = hit.record.as_ref()?;
        let site = self.manifest.sites.get(hit.site as usize)?;
        Some(CartEntry {
            site: site.id.clone(),
            id: record.id.clone(),
            resource: hit.resource,
            index: self.release.clone(),
            title: record.title.clone(),
            url: record.url.clone(),
            site_name: site.name.clone(),
            kind: hit.kind.checked_sub(1).and_then(|t| self.type_label(t, langs)).map(str::to_string),
            date: record.date.map(|d| d.to_string()),
            authors: record.authors.clone(),
            lang: self.manifest.languages.get(hit.lang as usize).map(|l| l.as_str().to_string()),
            missing: false,
        })
    }

    /// The matrix's rows and columns: (row dimension, column dimension).
    pub fn matrix(&self) -> Option<(u16, u16)> {
        let m = self.manifest.thesaurus.matrix?;
        Some((m.rows, m.columns))
    }
}

fn family_dimension(c: &Concept) -> Option<u16> {
    match c.role {
        Role::Family { dimension } => Some(dimension),
        Role::Descriptor { .. } => None,
    }
}

/// What the visitor asked: the shareable part of the state, written to the URL.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct View {
    pub text: String,
    pub selections: Vec<Selection>,
    pub combine: Combine,
    pub cells: Vec<Cell>,
    pub sites: Vec<u16>,
    pub types: Vec<u16>,
    pub langs: Vec<u8>,
    pub years: Option<(u16, u16)>,
    pub places: Vec<Place>,
    pub sort: Sort,
    /// 0-based.
    pub page: u32,
    /// The interface language the visitor chose (else the page's).
    pub ui: Option<UiLang>,
    /// With a home site: searching its resources only, rather than the whole commons.
    pub site_only: bool,
    /// With a sub-atlas: searching the whole atlas rather than the sub-atlas.
    pub whole_atlas: bool,
    /// The panel open beside the results, if any.
    pub open: Option<Open>,
}

/// What the panel shows: a descriptor (its neighbourhood and documents) or a resource (its
/// indexing in the atlas).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Open {
    Concept(ConceptId),
    Resource(u32),
}

/// The sheets a visitor opens from the toolbar, over the results.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sheet {
    Cart,
    History,
    Help,
}

impl View {
    /// Whether any condition narrows the results (what "clear all" clears).
    pub fn has_conditions(&self) -> bool {
        !self.text.trim().is_empty()
            || !self.selections.is_empty()
            || !self.cells.is_empty()
            || !self.sites.is_empty()
            || !self.types.is_empty()
            || !self.langs.is_empty()
            || self.years.is_some()
            || !self.places.is_empty()
    }

    /// How many atlas selections and filters narrow the results (the text aside).
    pub fn filter_count(&self) -> usize {
        self.selections.len() + self.cells.len() + self.sites.len() + self.types.len() + self.langs.len() + usize::from(self.years.is_some()) + self.places.len()
    }

    /// The URL form of the view (concepts by key, sites, types and languages by id).
    pub fn to_raw(&self, atlas: &Atlas) -> RawView {
        let m = &atlas.manifest;
        RawView {
            text: self.text.clone(),
            selections: self.selections.iter().map(|s| (atlas.key(s.concept), s.dimension)).collect(),
            and: self.combine == Combine::And,
            cells: self.cells.iter().map(|c| (atlas.key(c.row), atlas.key(c.column))).collect(),
            sites: self.sites.iter().filter_map(|&s| m.sites.get(s as usize).map(|s| s.id.clone())).collect(),
            types: self.types.iter().filter_map(|&t| m.types.get(t as usize).map(|t| t.key.clone())).collect(),
            langs: self.langs.iter().filter_map(|&l| m.languages.get(l as usize).map(|l| l.as_str().to_string())).collect(),
            years: self.years,
            places: self.places.clone(),
            sort_date: self.sort == Sort::Date,
            sort_oldest: self.sort == Sort::Oldest,
            page: self.page,
            ui: self.ui.map(|u| u.code().to_string()),
            site_only: self.site_only,
            whole_atlas: self.whole_atlas,
            open: self.open.map(|o| match o {
                Open::Concept(c) => OpenRef::Concept(atlas.key(c)),
                Open::Resource(r) => OpenRef::Resource(r),
            }),
        }
    }

    /// The view a URL describes. Without the atlas (not loaded yet) only the parts that need
    /// no index are kept; references the index does not know are dropped.
    pub fn from_raw(raw: &RawView, atlas: Option<&Atlas>) -> View {
        let mut v = View {
            text: raw.text.clone(),
            combine: if raw.and { Combine::And } else { Combine::Or },
            years: raw.years,
            places: raw.places.clone(),
            sort: if raw.sort_date {
                Sort::Date
            } else if raw.sort_oldest {
                Sort::Oldest
            } else {
                Sort::Relevance
            },
            page: raw.page,
            ui: raw.ui.as_deref().and_then(UiLang::from_code),
            site_only: raw.site_only,
            whole_atlas: raw.whole_atlas,
            ..View::default()
        };
        let Some(atlas) = atlas else { return v };
        let m = &atlas.manifest;
        v.open = match &raw.open {
            Some(OpenRef::Concept(k)) => atlas.resolve(k).map(Open::Concept),
            Some(OpenRef::Resource(r)) if *r < m.resources => Some(Open::Resource(*r)),
            _ => None,
        };
        let dims = m.thesaurus.dimensions.len() as u16;
        for (key, d) in &raw.selections {
            if let Some(concept) = atlas.resolve(key) {
                let s = Selection { concept, dimension: *d };
                if *d < dims && !v.selections.contains(&s) {
                    v.selections.push(s);
                }
            }
        }
        for (r, c) in &raw.cells {
            if let (Some(row), Some(column)) = (atlas.resolve(r), atlas.resolve(c)) {
                let cell = Cell { row, column };
                if !v.cells.contains(&cell) {
                    v.cells.push(cell);
                }
            }
        }
        let push = |list: &mut Vec<u16>, i: Option<usize>| {
            if let Some(i) = i {
                if !list.contains(&(i as u16)) {
                    list.push(i as u16);
                }
            }
        };
        for id in &raw.sites {
            push(&mut v.sites, m.sites.iter().position(|s| s.id == *id));
        }
        for key in &raw.types {
            push(&mut v.types, m.types.iter().position(|t| t.key == *key));
        }
        for code in &raw.langs {
            if let Some(i) = Lang::parse(code).ok().and_then(|l| m.languages.iter().position(|x| *x == l)) {
                if !v.langs.contains(&(i as u8)) {
                    v.langs.push(i as u8);
                }
            }
        }
        v
    }
}

/// Why the widget cannot show results (each has its own translated message).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// No `index` option.
    NoIndex,
    /// The index cannot be reached (404, network, CORS) or is not an index at all.
    Missing,
    /// A file of the index does not decode, or files disagree.
    Corrupt,
    /// The index is of another format version.
    Version,
    /// A file needed for a query could not be fetched (the index itself loaded).
    Network,
    /// A new release replaced the index this page opened, and it cannot be opened in its place
    /// (a newer format, or a folder still being uploaded): only a reload helps.
    Updated,
}

impl Problem {
    /// What an engine error means to a visitor; `opening` when it happened while loading the
    /// entry file and manifest.
    pub fn of(error: &EngineError, opening: bool) -> Problem {
        match error {
            EngineError::Fetch { .. } if opening => Problem::Missing,
            EngineError::Fetch { .. } | EngineError::Missing(_) => Problem::Network,
            EngineError::Format { error: FormatError::UnsupportedVersion { .. }, .. } => Problem::Version,
            // An entry and a manifest of two builds: a release caught half-published.
            EngineError::Format { error: FormatError::OtherBuild { .. }, .. } => Problem::Updated,
            // A server answering a missing file with an HTML page: the index is not there.
            EngineError::Format { error: FormatError::NotAnIndexFile, .. } if opening => Problem::Missing,
            EngineError::Format { .. } | EngineError::Inconsistent(_) | EngineError::UnknownFile(_) => Problem::Corrupt,
        }
    }
}

/// Where the index is.
#[derive(Clone, Debug, PartialEq)]
pub enum Load {
    Loading,
    Ready(Rc<Atlas>),
    Failed(Problem),
}

/// One result as a card shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct HitView {
    pub resource: u32,
    pub site: u16,
    /// Type number plus one (0: no type).
    pub kind: u16,
    pub lang: u8,
    /// `None` if its record chunk could not be read.
    pub record: Option<Record>,
}

/// What a descriptor's panel shows from its notes chunk: its notes, and its preferred labels in
/// the languages the manifest leaves out (`format::labels`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PanelTexts {
    pub notes: Vec<Note>,
    pub other_labels: Vec<(Lang, String)>,
}

/// What the resource panel shows besides the resource itself.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceDetail {
    pub main: HitView,
    /// Its records in other languages.
    pub translations: Vec<HitView>,
    /// Resources indexed like it, with how many descriptors they share.
    pub similar: Vec<(HitView, u32)>,
}

/// The engine's answer to one query.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    /// The search's sequence number: a later search's answer replaces an earlier one, never
    /// the reverse.
    pub seq: u64,
    pub total: u32,
    pub hits: Vec<HitView>,
    pub counts: Counts,
    /// Sorted, without repeats (see `Results::matched_terms`).
    pub matched_terms: Vec<String>,
    /// The text searched, and the descriptors to suggest for it (in the same answer, so that a
    /// keystroke costs one render, not two).
    pub text: String,
    pub suggestions: Rc<Vec<Suggestion>>,
    /// Per concept, the resources under it in the whole commons (node sizes of the desmogram).
    pub totals: Rc<Vec<u32>>,
    /// What to search instead when nothing matches (see `Results::did_you_mean`).
    pub did_you_mean: Option<String>,
}

/// How a change of the view reaches the browser history.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Nav {
    /// Not at all: the change came from the URL.
    #[default]
    None,
    /// A new history entry (a click, a choice).
    Push,
    /// Typing: the first keystroke of a burst pushes, the next ones replace.
    Typing,
}

/// Everything a visitor can do, and what the effects report.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Loaded(Rc<Atlas>),
    LoadFailed(Problem),
    /// "Try again" after the index failed to load.
    Reopen,
    SetText(String),
    /// Enter in the search box with no suggestion chosen.
    SubmitText,
    ToggleConcept(Selection),
    ToggleCell(Cell),
    ToggleSite(u16),
    ToggleType(u16),
    ToggleLang(u8),
    TogglePlace(Place),
    SetYears(Option<(u16, u16)>),
    SetCombine(Combine),
    SetSort(Sort),
    SetPage(u32),
    SetUi(UiLang),
    SetWholeCommons(bool),
    SetWholeAtlas(bool),
    ClearAll,
    /// The URL changed (Back, Forward, a link): show what it says.
    Restore(RawView),
    /// Files are being fetched for search `seq`.
    Fetching(u64),
    Answer(Rc<Page>),
    SearchFailed(u64, Problem),
    Suggestions { text: String, list: Rc<Vec<Suggestion>> },
    OpenSuggestions(bool),
    /// Moves the active suggestion by this many places (wrapping).
    MoveSuggestion(i32),
    ChooseSuggestion(usize),
    ToggleFilters,
    /// Shows or folds the matrix (folded at first on a narrow widget, or with `matrix="folded"`).
    ToggleMatrix,
    /// Opens the panel on a descriptor or a resource (from a facet, a chip, a suggestion, the
    /// matrix, the desmogram, a result).
    Open(Open),
    /// The panel's own Back: the previously opened descriptor or resource.
    PanelBack,
    ClosePanel,
    /// The resource panel's data arrived.
    Detail(Rc<ResourceDetail>),
    /// A descriptor's notes (and labels out of the manifest) arrived.
    Notes(ConceptId, Rc<PanelTexts>),
    /// Sets a resource aside, or takes it back out.
    ToggleCart(CartEntry),
    ClearCart,
    /// The cart, re-checked against a newer index.
    CartChecked(Vec<CartEntry>),
    /// A resource was shown in the panel: remembered in the history.
    Visited(Visit),
    ClearHistory,
    ShowSheet(Option<Sheet>),
    /// A new release of the index replaced the one open: the same view, resolved again in it
    /// (concept numbers change from one release to the next; notations and IRIs do not).
    Renewed(Rc<Atlas>),
    /// The same release with the labels of one more language (the interface was switched to
    /// a language the manifest leaves out): the view stays as it is.
    Relabelled(Rc<Atlas>),
    /// The browser refused to keep the cart or the path (storage full or disabled).
    StorageFailed,
}

/// The whole state of one widget.
#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub options: Rc<Options>,
    pub view: View,
    /// How the last change of `view` should reach the history.
    pub nav: Nav,
    pub load: Load,
    /// A URL read before the index was loaded, resolved once it is.
    pub pending: Option<RawView>,
    pub page: Option<Rc<Page>>,
    /// The latest search started that is fetching files (a loading indicator shows).
    pub fetching: Option<u64>,
    pub search_problem: Option<Problem>,
    pub suggestions: Rc<Vec<Suggestion>>,
    /// The resources offered after the descriptors: the first results of the text, (number,
    /// title). The combobox's options are the descriptors, then these.
    pub suggested_resources: Rc<Vec<(u32, String)>>,
    pub suggestions_open: bool,
    pub active_suggestion: Option<usize>,
    /// On narrow screens, whether the facets are shown.
    pub filters_open: bool,
    /// The matrix unfolded by the visitor (see `ToggleMatrix`).
    pub matrix_open: bool,
    /// What the panel showed before, for its Back button (not in the URL).
    pub trail: Vec<Open>,
    pub detail: Option<Rc<ResourceDetail>>,
    /// The notes of the descriptor whose panel is open, once its notes chunk has arrived (they
    /// are not in the manifest: `format::notes`).
    pub notes: Option<(ConceptId, Rc<PanelTexts>)>,
    pub sheet: Option<Sheet>,
    pub cart: Rc<Vec<CartEntry>>,
    pub history: Rc<Vec<Visit>>,
    /// Whether the browser refused to keep the cart or the path: said by the cart, since they
    /// will be lost with the page.
    pub storage_failed: bool,
}

/// Adds `item` to `list`, or takes it out.
pub(crate) fn toggle<T: PartialEq>(list: &mut Vec<T>, item: T) {
    match list.iter().position(|x| *x == item) {
        Some(i) => {
            list.remove(i);
        }
        None => list.push(item),
    }
}

impl AppState {
    /// A fresh state, with the cart and history kept from earlier visits.
    pub fn new(options: Rc<Options>, url: Option<RawView>) -> AppState {
        AppState::with_kept(options, url, Vec::new(), Vec::new())
    }

    pub fn with_kept(options: Rc<Options>, url: Option<RawView>, cart: Vec<CartEntry>, history: Vec<Visit>) -> AppState {
        let load = if options.index.is_none() { Load::Failed(Problem::NoIndex) } else { Load::Loading };
        // Without a view in the URL, the whole commons, or the home site with `scope="site"`.
        let mut view = url.as_ref().map(|raw| View::from_raw(raw, None)).unwrap_or_else(|| View { site_only: options.scope_site, ..View::default() });
        // What the visitor typed in the loader's field, before the wasm was ready, is what they
        // see in the field: it is the query, whatever the link said.
        let typed = !options.typed.is_empty();
        if typed {
            view.text = options.typed.clone();
        }
        let typed_focused = typed && options.typed_caret.is_some();
        AppState {
            options,
            view,
            nav: Nav::None,
            load,
            pending: url,
            page: None,
            fetching: None,
            search_problem: None,
            suggestions: Rc::new(Vec::new()),
            suggested_resources: Rc::new(Vec::new()),
            suggestions_open: typed_focused,
            active_suggestion: None,
            filters_open: false,
            matrix_open: false,
            trail: Vec::new(),
            detail: None,
            notes: None,
            sheet: None,
            cart: Rc::new(cart),
            history: Rc::new(history),
            storage_failed: false,
        }
    }

    /// The notes of `concept`, if they have arrived.
    pub fn notes_of(&self, concept: ConceptId) -> Option<&[Note]> {
        self.notes.as_ref().filter(|(c, _)| *c == concept).map(|(_, texts)| texts.notes.as_slice())
    }

    /// The preferred labels of `concept` in the languages the manifest leaves out, if its notes
    /// chunk has arrived.
    pub fn other_labels_of(&self, concept: ConceptId) -> &[(Lang, String)] {
        self.notes.as_ref().filter(|(c, _)| *c == concept).map_or(&[], |(_, texts)| texts.other_labels.as_slice())
    }

    /// Options of the search box's suggestion list: descriptors, then resources.
    pub fn option_count(&self) -> usize {
        self.suggestions.len() + self.suggested_resources.len()
    }

    /// Whether the cart holds the resource `site`/`id`.
    pub fn in_cart(&self, site: &str, id: &str) -> bool {
        self.cart.iter().any(|e| e.site == site && e.id == id)
    }

    /// The descriptors in the history (resolved against the index), to mark as visited.
    pub fn visited_concepts(&self) -> Vec<ConceptId> {
        let Some(atlas) = self.atlas() else { return Vec::new() };
        let mut visited: Vec<ConceptId> = self
            .history
            .iter()
            .filter_map(|v| v.concept.as_deref())
            .filter_map(|k| atlas.resolve(&super::fragment::read_key(k)?))
            .collect();
        sort_dedup(&mut visited);
        visited
    }

    /// The concept the panel is open on.
    pub fn open_concept(&self) -> Option<ConceptId> {
        match self.view.open {
            Some(Open::Concept(c)) => Some(c),
            _ => None,
        }
    }

    pub fn atlas(&self) -> Option<&Rc<Atlas>> {
        match &self.load {
            Load::Ready(a) => Some(a),
            _ => None,
        }
    }

    pub fn ui(&self) -> UiLang {
        self.view.ui.unwrap_or_else(|| UiLang::from_lang(&self.options.lang))
    }

    /// The visitor's languages, preferred first: the chosen or given language, then the
    /// commons' languages (its default first). Labels follow this chain.
    pub fn languages(&self) -> Vec<Lang> {
        let mut out = vec![self.view.ui.map_or_else(|| self.options.lang.clone(), UiLang::lang)];
        if let Some(atlas) = self.atlas() {
            for l in &atlas.manifest.languages {
                if !out.contains(l) {
                    out.push(l.clone());
                }
            }
        }
        out
    }

    /// Whether the results are limited to the home site.
    pub fn scoped_to_site(&self) -> Option<u16> {
        self.atlas().and_then(|a| a.home_site).filter(|_| self.view.site_only)
    }

    /// The engine query for the current view (once the index is loaded).
    pub fn query(&self) -> Option<Query> {
        let atlas = self.atlas()?;
        let v = &self.view;
        Some(Query {
            text: v.text.clone(),
            languages: self.languages(),
            selections: v.selections.clone(),
            combine: v.combine,
            cells: v.cells.clone(),
            sites: v.sites.clone(),
            types: v.types.clone(),
            langs: v.langs.clone(),
            years: v.years,
            places: v.places.clone(),
            scope_sites: self.scoped_to_site().into_iter().collect(),
            scope_concepts: if v.whole_atlas { Vec::new() } else { atlas.sub_atlas.clone() },
            focus: self.open_concept(),
            sort: v.sort,
            page: v.page,
            page_size: self.options.page_size,
        })
    }

    /// The URL fragment value for the current view (empty before the index is loaded).
    pub fn fragment(&self) -> Option<String> {
        self.atlas().map(|a| self.view.to_raw(a).encode())
    }

    /// A condition changed: back to the first page, into history.
    fn narrowed(&mut self) {
        self.view.page = 0;
        self.nav = Nav::Push;
    }

    /// Computes the state after `action`.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Loaded(atlas) => {
                self.load = Load::Ready(atlas);
                self.notes = None;
                if let Some(raw) = self.pending.take() {
                    // Text typed while the index loaded (in the loader's field or this one) wins
                    // over the link's: the visitor sees it in the field.
                    let typed = std::mem::take(&mut self.view.text);
                    self.view = View::from_raw(&raw, self.atlas().map(|a| &**a));
                    if !typed.is_empty() {
                        self.view.text = typed;
                    }
                    // A shared link's descriptor is on the visitor's path like one they opened.
                    if let Some(Open::Concept(c)) = self.view.open {
                        self.remember(c);
                    }
                }
                self.nav = Nav::None;
            }
            Action::LoadFailed(p) => self.load = Load::Failed(p),
            Action::Reopen => {
                if matches!(self.load, Load::Failed(p) if p != Problem::NoIndex) {
                    self.load = Load::Loading;
                }
            }
            Action::SetText(text) => {
                self.suggestions_open = !text.trim().is_empty();
                self.active_suggestion = None;
                self.view.text = text;
                self.view.page = 0;
                self.nav = Nav::Typing;
            }
            Action::SubmitText => {
                self.suggestions_open = false;
                self.active_suggestion = None;
            }
            Action::ToggleConcept(s) => {
                toggle(&mut self.view.selections, s);
                self.narrowed();
            }
            Action::ToggleCell(c) => {
                toggle(&mut self.view.cells, c);
                self.narrowed();
            }
            Action::ToggleSite(s) => {
                toggle(&mut self.view.sites, s);
                self.narrowed();
            }
            Action::ToggleType(t) => {
                toggle(&mut self.view.types, t);
                self.narrowed();
            }
            Action::ToggleLang(l) => {
                toggle(&mut self.view.langs, l);
                self.narrowed();
            }
            Action::TogglePlace(p) => {
                toggle(&mut self.view.places, p);
                self.narrowed();
            }
            Action::SetYears(y) => {
                self.view.years = y.map(|(a, b)| (a.min(b), a.max(b)));
                self.narrowed();
            }
            Action::SetCombine(c) => {
                self.view.combine = c;
                self.narrowed();
            }
            Action::SetSort(s) => {
                self.view.sort = s;
                self.narrowed();
            }
            Action::SetPage(p) => {
                self.view.page = p;
                self.nav = Nav::Push;
            }
            Action::SetUi(ui) => {
                self.view.ui = Some(ui);
                self.nav = Nav::Push;
            }
            Action::SetWholeCommons(w) => {
                self.view.site_only = !w;
                self.narrowed();
            }
            Action::SetWholeAtlas(w) => {
                self.view.whole_atlas = w;
                self.narrowed();
            }
            Action::ClearAll => {
                let v = &mut self.view;
                v.text.clear();
                v.selections.clear();
                v.cells.clear();
                v.sites.clear();
                v.types.clear();
                v.langs.clear();
                v.years = None;
                v.places.clear();
                self.suggestions_open = false;
                self.narrowed();
            }
            Action::Restore(raw) => {
                match self.atlas() {
                    Some(a) => self.view = View::from_raw(&raw, Some(a)),
                    None => {
                        self.view = View::from_raw(&raw, None);
                        self.pending = Some(raw);
                    }
                }
                self.suggestions_open = false;
                self.nav = Nav::None;
            }
            Action::Fetching(seq) => {
                if self.page.as_ref().is_none_or(|p| p.seq < seq) {
                    self.fetching = Some(seq);
                }
            }
            Action::Answer(page) => {
                if self.page.as_ref().is_none_or(|p| p.seq < page.seq) {
                    if self.fetching.is_some_and(|s| s <= page.seq) {
                        self.fetching = None;
                    }
                    self.search_problem = None;
                    let (text, list) = (page.text.clone(), page.suggestions.clone());
                    if text == self.view.text {
                        let titles = page.hits.iter().filter_map(|h| Some((h.resource, h.record.as_ref()?.title.clone())));
                        let offered = if text.trim().is_empty() { Vec::new() } else { titles.take(SUGGESTED_RESOURCES).collect() };
                        self.suggested_resources = Rc::new(offered);
                    }
                    self.page = Some(page);
                    self.apply(Action::Suggestions { text, list });
                }
            }
            Action::SearchFailed(seq, problem) => {
                if self.page.as_ref().is_none_or(|p| p.seq < seq) {
                    self.fetching = None;
                    self.search_problem = Some(problem);
                }
            }
            Action::Suggestions { text, list } => {
                if text == self.view.text {
                    if self.active_suggestion.is_some_and(|i| i >= list.len() + self.suggested_resources.len()) {
                        self.active_suggestion = None;
                    }
                    self.suggestions = list;
                }
            }
            Action::OpenSuggestions(open) => {
                self.suggestions_open = open && !self.view.text.trim().is_empty();
                if !self.suggestions_open {
                    self.active_suggestion = None;
                }
            }
            Action::MoveSuggestion(by) => {
                let n = self.option_count() as i32;
                if n == 0 {
                    return;
                }
                self.suggestions_open = true;
                self.active_suggestion = Some(match self.active_suggestion {
                    None if by > 0 => 0,
                    None => (n - 1) as usize,
                    Some(i) => (i as i32 + by).rem_euclid(n) as usize,
                });
            }
            Action::ChooseSuggestion(i) if i >= self.suggestions.len() => {
                let Some(&(r, _)) = self.suggested_resources.get(i - self.suggestions.len()) else { return };
                self.suggestions_open = false;
                self.active_suggestion = None;
                self.apply(Action::Open(Open::Resource(r)));
            }
            Action::ChooseSuggestion(i) => {
                let (Some(s), Some(atlas)) = (self.suggestions.get(i).cloned(), self.atlas().cloned()) else { return };
                let sel = Selection { concept: s.concept, dimension: atlas.home_dimension(s.concept) };
                if !self.view.selections.contains(&sel) {
                    self.view.selections.push(sel);
                }
                self.view.text.clear();
                self.suggestions_open = false;
                self.active_suggestion = None;
                self.suggestions = Rc::new(Vec::new());
                self.narrowed();
            }
            Action::ToggleFilters => self.filters_open = !self.filters_open,
            Action::ToggleMatrix => self.matrix_open = !self.matrix_open,
            Action::Open(open) => {
                if self.view.open == Some(open) {
                    return;
                }
                if let Some(previous) = self.view.open {
                    self.trail.push(previous);
                }
                self.show(open);
            }
            Action::PanelBack => {
                if let Some(previous) = self.trail.pop() {
                    self.show(previous);
                }
            }
            Action::ClosePanel => {
                self.view.open = None;
                self.trail.clear();
                self.narrowed();
            }
            Action::Detail(detail) => {
                if self.view.open == Some(Open::Resource(detail.main.resource)) {
                    self.detail = Some(detail);
                }
            }
            Action::Notes(concept, notes) => self.notes = Some((concept, notes)),
            Action::ToggleCart(entry) => self.cart = Rc::new(keep::toggle(&self.cart, entry)),
            Action::ClearCart => self.cart = Rc::new(Vec::new()),
            Action::CartChecked(cart) => self.cart = Rc::new(cart),
            Action::Visited(visit) => self.history = Rc::new(keep::visited(&self.history, visit)),
            Action::ClearHistory => self.history = Rc::new(Vec::new()),
            Action::ShowSheet(sheet) => self.sheet = sheet,
            Action::Renewed(atlas) => {
                if let Load::Ready(old) = &self.load {
                    let raw = self.view.to_raw(old);
                    let mut view = View::from_raw(&raw, Some(&atlas));
                    // A resource's number is its place in one release: the panel of the old
                    // number would show another resource.
                    if matches!(view.open, Some(Open::Resource(_))) {
                        view.open = None;
                    }
                    self.view = view;
                    self.trail.clear();
                    self.detail = None;
                    // Concept numbers are a release's too: the notes are fetched anew.
                    self.notes = None;
                    self.load = Load::Ready(atlas);
                    self.search_problem = None;
                    self.nav = Nav::None;
                }
            }
            Action::Relabelled(atlas) => {
                if matches!(self.load, Load::Ready(_)) {
                    self.load = Load::Ready(atlas);
                }
            }
            Action::StorageFailed => self.storage_failed = true,
        }
    }

    /// Shows `open` in the panel (a new history entry), remembering a descriptor as visited.
    fn show(&mut self, open: Open) {
        self.view.open = Some(open);
        self.sheet = None;
        if !matches!(open, Open::Resource(r) if self.detail.as_ref().is_some_and(|d| d.main.resource == r)) {
            self.detail = None;
        }
        if let Open::Concept(c) = open {
            self.remember(c);
        }
        self.narrowed();
    }

    /// Puts descriptor `c` on the path (the history of visited descriptors).
    fn remember(&mut self, c: ConceptId) {
        if let Some(atlas) = self.atlas().cloned() {
            let langs = self.languages();
            let visit = Visit { concept: Some(super::fragment::write_key(&atlas.key(c))), resource: None, label: atlas.label(c, &langs).to_string(), url: None };
            self.history = Rc::new(keep::visited(&self.history, visit));
        }
    }
}

/// Whether `lang` is written right to left (the languages of the Arabic, Hebrew, Syriac and
/// Thaana scripts).
pub fn is_rtl(lang: &Lang) -> bool {
    matches!(lang.primary(), "ar" | "arc" | "ckb" | "dv" | "fa" | "he" | "ks" | "ku" | "pa" | "ps" | "sd" | "syr" | "ug" | "ur" | "yi")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::format::manifest::TextChunkRef;
    use crate::model::{Dimension, Labels, Matrix, ResourceType, Site, Thesaurus};

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        let mut l = Labels::new();
        for (lang, text) in pairs {
            l.insert(Lang::parse(lang).unwrap(), text.to_string());
        }
        l
    }

    fn concept(notation: Option<&str>, role: Role, label: &str, broader: &[u32], families: &[u32]) -> Concept {
        Concept {
            iri: format!("https://atlas.example/{}", notation.unwrap_or(label)),
            notation: notation.map(String::from),
            labels: labels(&[("en", label), ("fr", &format!("{label} (fr)"))]),
            families: families.iter().map(|&b| ConceptId(b)).collect(),
            ..crate::model::test_concept(label, role, broader)
        }
    }

    /// Families 1, 2 (components, dimension 0) and A, B (angles, dimension 1); descriptor E32
    /// under 1 and A; a descriptor without notation under B.
    pub(crate) fn manifest() -> Manifest {
        let fam = |d| Role::Family { dimension: d };
        let mut concepts = vec![
            concept(Some("1"), fam(0), "society", &[], &[0]),
            concept(Some("2"), fam(0), "economy", &[], &[1]),
            concept(Some("A"), fam(1), "actors", &[], &[2]),
            concept(Some("B"), fam(1), "policies", &[], &[3]),
            concept(Some("E32"), Role::Descriptor { level: 1 }, "housing", &[0, 2], &[0, 2]),
            concept(None, Role::Descriptor { level: 1 }, "land policy", &[3], &[3]),
        ];
        concepts[4].cells = vec![Cell { row: ConceptId(0), column: ConceptId(2) }];
        for i in 0..concepts.len() {
            for b in concepts[i].broader.clone() {
                concepts[b.index()].narrower.push(ConceptId(i as u32));
            }
        }
        let family = |c: u32| Family { concept: ConceptId(c), colour: Some("#c0392b".into()), icon: None };
        let dimensions = vec![
            Dimension { id: "components".into(), iri: "c".into(), labels: labels(&[("en", "components")]), families: vec![family(0), family(1)] },
            Dimension { id: "angles".into(), iri: "a".into(), labels: labels(&[("en", "angles")]), families: vec![family(2), family(3)] },
        ];
        let site = |id: &str| Site { id: id.into(), name: id.to_uppercase(), url: format!("https://{id}.org/"), languages: vec![], colour: None, logo: None };
        Manifest {
            name: Some("test".into()),
            languages: vec![Lang::parse("fr").unwrap(), Lang::parse("en").unwrap()],
            sites: vec![site("citego"), site("ripess")],
            types: vec![ResourceType { key: "experience".into(), labels: labels(&[("en", "Experience"), ("fr", "Expérience")]) }],
            thesaurus: Thesaurus::new(Labels::new(), concepts, dimensions, Some(Matrix { rows: 0, columns: 1 })),
            resources: 0,
            average_length: 1.0,
            facets: "facets.bin".into(),
            text_chunks: Vec::<TextChunkRef>::new(),
            blooms: String::new(),
            record_block: 1,
            record_chunks: Default::default(),
            notes_chunks: Vec::new(),
            label_chunks: Vec::new(),
            language_files: Vec::new(),
            maps: vec![crate::model::LocalMap { id: "housing".into(), titles: labels(&[("en", "Housing")]), concepts: vec![ConceptId(4)] }],
        }
    }

    fn options() -> Options {
        Options { index: Some("https://x.org/idx/".into()), site: Some("ripess".into()), sub_atlas: vec!["E32".into(), "nope".into()], ..Options::default() }
    }

    #[test]
    fn text_typed_before_the_widget_was_ready_is_the_query_over_a_links_text() {
        let typed = Options { typed: "habitat coop".into(), typed_caret: Some(12), ..options() };
        let (atlas, _) = Atlas::new(Rc::new(manifest()), &options());
        let mut s = AppState::new(Rc::new(typed), Some(RawView::decode("q:logement;d:E32")));
        assert_eq!(s.view.text, "habitat coop");
        assert!(s.suggestions_open, "the field had the focus: its suggestions open as the visitor types");
        s.apply(Action::Loaded(Rc::new(atlas)));
        assert_eq!(s.view.text, "habitat coop", "the visitor's text stays");
        assert!(matches!(s.view.open, Some(Open::Concept(_))), "the rest of the link applies");
        assert_eq!(s.query().map(|q| q.text), Some("habitat coop".to_string()));
    }

    fn ready() -> AppState {
        let (atlas, _) = Atlas::new(Rc::new(manifest()), &options());
        let mut s = AppState::new(Rc::new(options()), None);
        s.apply(Action::Loaded(Rc::new(atlas)));
        s
    }

    #[test]
    fn options_resolve_against_the_index_with_warnings_for_the_rest() {
        let (atlas, warnings) = Atlas::new(Rc::new(manifest()), &options());
        assert_eq!(atlas.home_site, Some(1));
        assert_eq!(atlas.sub_atlas, vec![ConceptId(4)]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(atlas.dimension_descriptors, vec![vec![ConceptId(4)], vec![ConceptId(4), ConceptId(5)]]);
        assert_eq!(atlas.home_dimension(ConceptId(4)), 0);
        assert_eq!(atlas.home_dimension(ConceptId(3)), 1);
        assert_eq!(atlas.colour(ConceptId(4)), Some("#c0392b"));
    }

    #[test]
    fn attributes_that_name_nothing_become_notices_naming_the_valid_values() {
        let options = Options { site: Some("nowhere".into()), local_map: Some("atlantis".into()), sub_atlas: vec!["E32".into(), "ZZ9".into()], ..options() };
        let (atlas, warnings) = Atlas::new(Rc::new(manifest()), &options);
        let notice = |attribute: &str| atlas.notices.iter().find(|n| n.attribute == attribute).cloned();
        assert_eq!(notice("site"), Some(Notice { attribute: "site", value: "nowhere".into(), valid: Some("citego, ripess".into()) }));
        assert_eq!(notice("local-map"), Some(Notice { attribute: "local-map", value: "atlantis".into(), valid: Some("housing".into()) }));
        assert_eq!(notice("sub-atlas"), Some(Notice { attribute: "sub-atlas", value: "ZZ9".into(), valid: None }));
        assert_eq!(atlas.notices.len(), 3, "E32 is in the atlas: {:?}", atlas.notices);
        assert_eq!(warnings.len(), 3);
        assert!(warnings[0].contains("site=\"nowhere\"") && warnings[0].contains("citego, ripess"), "{}", warnings[0]);
        let text = crate::ui::i18n::text(UiLang::En, crate::ui::i18n::Msg::WrongAttribute("local-map", "atlantis", Some("housing")));
        assert!(text.contains("local-map=\"atlantis\"") && text.contains("housing"), "{text}");
        let (fine, _) = Atlas::new(Rc::new(manifest()), &Options { sub_atlas: vec!["E32".into()], ..options });
        assert!(fine.notices.iter().all(|n| n.attribute != "sub-atlas"));
    }

    #[test]
    fn a_new_release_keeps_the_view_by_notation_and_clears_what_was_numbered_in_the_old_one() {
        let mut s = ready();
        s.apply(Action::SetText("logement".into()));
        s.apply(Action::ToggleConcept(Selection { concept: ConceptId(4), dimension: 1 }));
        s.apply(Action::SearchFailed(9, Problem::Network));
        let before = s.fragment();
        // The next release: one concept more at the start, so every number moves by one.
        let mut m = manifest();
        let mut concepts = m.thesaurus.concepts.clone();
        let shift = |ids: &mut Vec<ConceptId>| ids.iter_mut().for_each(|c| c.0 += 1);
        for c in &mut concepts {
            shift(&mut c.broader);
            shift(&mut c.narrower);
            shift(&mut c.related);
            shift(&mut c.families);
            for cell in &mut c.cells {
                cell.row.0 += 1;
                cell.column.0 += 1;
            }
        }
        let mut new = concepts[5].clone();
        new.iri = "new".into();
        new.notation = Some("NEW".into());
        new.broader.clear();
        new.narrower.clear();
        new.families.clear();
        new.cells.clear();
        concepts.insert(0, new);
        let mut dimensions = m.thesaurus.dimensions.clone();
        dimensions.iter_mut().for_each(|d| d.families.iter_mut().for_each(|f| f.concept.0 += 1));
        m.thesaurus = Thesaurus::new(Labels::new(), concepts, dimensions, Some(Matrix { rows: 0, columns: 1 }));
        m.maps.clear();
        let (atlas, _) = Atlas::new(Rc::new(m), &options());
        s.apply(Action::Renewed(Rc::new(atlas)));
        assert_eq!(s.view.text, "logement");
        assert_eq!(s.view.selections, vec![Selection { concept: ConceptId(5), dimension: 1 }], "E32 is number 5 now");
        assert_eq!(s.fragment(), before, "the same view in the URL");
        assert_eq!(s.search_problem, None);
    }

    #[test]
    fn a_view_survives_the_url_and_back() {
        let mut s = ready();
        for a in [
            Action::SetText("logement social".into()),
            Action::ToggleConcept(Selection { concept: ConceptId(4), dimension: 1 }),
            Action::ToggleConcept(Selection { concept: ConceptId(5), dimension: 1 }),
            Action::ToggleCell(Cell { row: ConceptId(0), column: ConceptId(2) }),
            Action::ToggleSite(0),
            Action::ToggleType(0),
            Action::ToggleLang(1),
            Action::SetYears(Some((2020, 2015))),
            Action::SetCombine(Combine::And),
            Action::SetSort(Sort::Date),
            Action::SetUi(UiLang::Pt),
            Action::SetWholeCommons(true),
            Action::SetPage(3),
        ] {
            s.apply(a);
        }
        let fragment = s.fragment().unwrap();
        assert_eq!(fragment, "q:logement+social;s:E32@1,~5@1;m:and;c:1*A;si:citego;t:experience;l:en;y:2015-2020;o:date;p:4;ui:pt");
        let atlas = s.atlas().unwrap().clone();
        assert_eq!(View::from_raw(&RawView::decode(&fragment), Some(&atlas)), s.view);
    }

    #[test]
    fn a_url_read_before_the_index_loads_is_applied_once_it_does() {
        let raw = RawView::decode("q:x;s:E32@0,ZZZ@0,E32@9;si:citego,unknown;ui:es");
        let mut s = AppState::new(Rc::new(options()), Some(raw));
        assert_eq!(s.view.text, "x");
        assert_eq!(s.ui(), UiLang::Es);
        assert!(s.view.selections.is_empty() && s.query().is_none());
        let (atlas, _) = Atlas::new(Rc::new(manifest()), &options());
        s.apply(Action::Loaded(Rc::new(atlas)));
        // Unknown concepts, dimensions and sites are dropped, not fatal.
        assert_eq!(s.view.selections, vec![Selection { concept: ConceptId(4), dimension: 0 }]);
        assert_eq!(s.view.sites, vec![0]);
        assert_eq!(s.languages()[0].as_str(), "es");
    }

    #[test]
    fn a_new_condition_returns_to_the_first_page_and_into_history() {
        let mut s = ready();
        s.apply(Action::SetPage(2));
        assert_eq!((s.view.page, s.nav), (2, Nav::Push));
        s.apply(Action::ToggleType(0));
        assert_eq!((s.view.page, s.nav), (0, Nav::Push));
        s.apply(Action::SetText("a".into()));
        assert_eq!(s.nav, Nav::Typing);
        s.apply(Action::Restore(RawView::default()));
        assert_eq!((s.nav, s.view.types.len()), (Nav::None, 0));
    }

    #[test]
    fn labels_in_another_language_than_the_interface_are_marked() {
        let (atlas, _) = Atlas::new(Rc::new(manifest()), &options());
        let en = vec![Lang::parse("en").unwrap()];
        let c = ConceptId(4);
        let (lang, _) = atlas.label_marks(c, &en, UiLang::En);
        let shown = atlas.concept(c).labels.best_entry(&en).unwrap().0.clone();
        assert_eq!(lang.is_some(), shown.primary() != "en");
        assert!(is_rtl(&Lang::parse("ar").unwrap()) && !is_rtl(&Lang::parse("ru").unwrap()));
    }

    #[test]
    fn a_descriptor_opened_from_a_shared_link_is_on_the_path() {
        let (atlas, _) = Atlas::new(Rc::new(manifest()), &options());
        let mut s = AppState::new(Rc::new(options()), Some(RawView::decode("d:E32")));
        assert!(s.history.is_empty());
        s.apply(Action::Loaded(Rc::new(atlas)));
        assert_eq!(s.view.open, Some(Open::Concept(s.atlas().unwrap().resolve(&Key::Notation("E32".into())).unwrap())));
        assert_eq!(s.history.iter().filter_map(|v| v.concept.clone()).collect::<Vec<_>>(), vec!["E32"]);
    }

    #[test]
    fn opening_descriptors_focuses_the_query_and_back_walks_the_trail() {
        let mut s = ready();
        s.apply(Action::SetPage(3));
        s.apply(Action::Open(Open::Concept(ConceptId(4))));
        assert_eq!(s.query().unwrap().focus, Some(ConceptId(4)));
        assert_eq!((s.view.page, s.nav), (0, Nav::Push));
        s.apply(Action::Open(Open::Concept(ConceptId(0))));
        s.apply(Action::Open(Open::Concept(ConceptId(0)))); // again: no new step
        assert_eq!(s.trail, vec![Open::Concept(ConceptId(4))]);
        assert_eq!(s.fragment().unwrap(), "d:1");
        s.apply(Action::PanelBack);
        assert_eq!(s.view.open, Some(Open::Concept(ConceptId(4))));
        assert!(s.trail.is_empty());
        // Both visits are in the history, by their URL keys, and marked visited.
        assert_eq!(s.history.iter().filter_map(|v| v.concept.clone()).collect::<Vec<_>>(), vec!["E32", "1", "E32"]);
        assert_eq!(s.visited_concepts().into_iter().collect::<Vec<_>>(), vec![ConceptId(0), ConceptId(4)]);
        s.apply(Action::Open(Open::Resource(7)));
        assert_eq!((s.query().unwrap().focus, s.fragment().unwrap()), (None, "r:7".to_string()));
        s.apply(Action::ClosePanel);
        assert_eq!((s.view.open, s.trail.len()), (None, 0));
    }

    #[test]
    fn a_shared_link_reopens_the_panel() {
        let mut s = ready();
        s.apply(Action::Restore(RawView::decode("q:logement;d:E32")));
        assert_eq!(s.view.open, Some(Open::Concept(ConceptId(4))));
        s.apply(Action::Restore(RawView::decode("d:nope")));
        assert_eq!(s.view.open, None);
    }

    #[test]
    fn the_cart_toggles_by_stable_name() {
        let mut s = ready();
        let entry = crate::ui::keep::CartEntry {
            site: "citego".into(),
            id: "42".into(),
            resource: 1,
            index: String::new(),
            title: "t".into(),
            url: "https://citego.org/42".into(),
            site_name: "CITEGO".into(),
            kind: None,
            date: None,
            authors: vec![],
            lang: None,
            missing: false,
        };
        s.apply(Action::ToggleCart(entry.clone()));
        assert!(s.in_cart("citego", "42"));
        s.apply(Action::ToggleCart(entry));
        assert!(!s.in_cart("citego", "42"));
    }

    #[test]
    fn a_local_map_limits_the_atlas_until_widened() {
        let options = Options { index: Some("https://x.org/idx/".into()), local_map: Some("housing".into()), ..Options::default() };
        let (atlas, warnings) = Atlas::new(Rc::new(manifest()), &options);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(atlas.sub_atlas, vec![ConceptId(4)]);
        assert_eq!(atlas.map_title(&[Lang::parse("en").unwrap()]), Some("Housing"));
        // E32 is shown, and so are its families (1 and A, its matrix row and column); "economy"
        // and "land policy" are not, until the visitor widens to the whole atlas.
        assert!(atlas.shows(ConceptId(4), false) && atlas.shows(ConceptId(0), false) && atlas.shows(ConceptId(2), false));
        assert!(!atlas.shows(ConceptId(1), false) && !atlas.shows(ConceptId(5), false));
        assert!(atlas.shows(ConceptId(1), true));
        let unknown = Options { local_map: Some("nowhere".into()), ..options };
        let (atlas, warnings) = Atlas::new(Rc::new(manifest()), &unknown);
        assert_eq!((atlas.sub_atlas.len(), warnings.len()), (0, 1));
    }

    #[test]
    fn a_stale_answer_never_replaces_a_newer_one() {
        let mut s = ready();
        let page = |seq, total| Rc::new(Page {
            seq,
            total,
            hits: vec![],
            counts: Counts::default(),
            matched_terms: Vec::new(),
            text: String::new(),
            suggestions: Rc::new(Vec::new()),
            totals: Rc::new(Vec::new()),
            did_you_mean: None,
        });
        s.apply(Action::Fetching(2));
        s.apply(Action::Answer(page(2, 20)));
        s.apply(Action::Answer(page(1, 10)));
        assert_eq!(s.page.as_ref().unwrap().total, 20);
        assert_eq!(s.fetching, None);
        s.apply(Action::SearchFailed(1, Problem::Network));
        assert_eq!(s.search_problem, None);
    }

    #[test]
    fn the_query_follows_scope_and_sub_atlas_switches() {
        let mut s = ready();
        assert!(s.query().unwrap().scope_sites.is_empty(), "the whole commons by default");
        s.apply(Action::SetWholeCommons(false));
        let q = s.query().unwrap();
        assert_eq!((q.scope_sites, q.scope_concepts, q.page_size), (vec![1], vec![ConceptId(4)], 10));
        s.apply(Action::SetWholeCommons(true));
        s.apply(Action::SetWholeAtlas(true));
        let q = s.query().unwrap();
        assert!(q.scope_sites.is_empty() && q.scope_concepts.is_empty());
        assert_eq!(q.languages.iter().map(Lang::as_str).collect::<Vec<_>>(), vec!["en", "fr"]);
    }

    #[test]
    fn choosing_a_suggestion_selects_it_in_its_first_familys_dimension() {
        let mut s = ready();
        s.apply(Action::SetText("hous".into()));
        let suggestion = Suggestion { concept: ConceptId(4), matched_label: "housing".into(), matched_lang: Lang::parse("en").unwrap(), score: 1.0 };
        s.apply(Action::Suggestions { text: "hous".into(), list: Rc::new(vec![suggestion]) });
        s.apply(Action::MoveSuggestion(1));
        assert_eq!(s.active_suggestion, Some(0));
        s.apply(Action::MoveSuggestion(1));
        assert_eq!(s.active_suggestion, Some(0), "wraps around");
        s.apply(Action::ChooseSuggestion(0));
        assert_eq!(s.view.selections, vec![Selection { concept: ConceptId(4), dimension: 0 }]);
        assert!(s.view.text.is_empty() && !s.suggestions_open);
    }

    #[test]
    fn suggestions_for_older_text_are_ignored() {
        let mut s = ready();
        s.apply(Action::SetText("hou".into()));
        s.apply(Action::SetText("hous".into()));
        s.apply(Action::Suggestions { text: "hou".into(), list: Rc::new(vec![]) });
        s.apply(Action::Suggestions {
            text: "hou".into(),
            list: Rc::new(vec![Suggestion { concept: ConceptId(4), matched_label: "x".into(), matched_lang: Lang::parse("en").unwrap(), score: 1.0 }]),
        });
        assert!(s.suggestions.is_empty());
    }

    #[test]
    fn engine_errors_map_to_what_a_visitor_is_told() {
        let fetch = EngineError::Fetch { file: "entry.bin".into(), message: "HTTP 404".into() };
        assert_eq!(Problem::of(&fetch, true), Problem::Missing);
        assert_eq!(Problem::of(&fetch, false), Problem::Network);
        let version = EngineError::Format { file: "m".into(), error: FormatError::UnsupportedVersion { found: 9 } };
        assert_eq!(Problem::of(&version, true), Problem::Version);
        let corrupt = EngineError::Format { file: "m".into(), error: FormatError::ChecksumMismatch };
        assert_eq!(Problem::of(&corrupt, true), Problem::Corrupt);
        let html = EngineError::Format { file: "entry".into(), error: FormatError::NotAnIndexFile };
        assert_eq!(Problem::of(&html, true), Problem::Missing);
        // An entry and a manifest of two builds: a release half-published, not a corrupt index.
        let mixed = EngineError::Format { file: "m".into(), error: FormatError::OtherBuild { expected: crate::format::BuildId(1), found: crate::format::BuildId(2) } };
        assert_eq!(Problem::of(&mixed, true), Problem::Updated);
    }
}
