//! The options the loader passes to `mount`, read leniently.
//!
//! They come from HTML attributes a webmaster typed into a CMS, so every value may be missing,
//! of the wrong type (`page-size="ten"`) or a string where a number or boolean was meant. A bad
//! value never throws: it falls back to the default and says so in the console (the warnings
//! [`Options::from_raw`] returns). The loader's object is read field by field (`ui::mount`, with
//! `Reflect`) into [`RawOptions`], where every field accepts anything ([`Loose`]), and then
//! interpreted here, in plain Rust that is tested natively. (Not serde: `serde-wasm-bindgen` and
//! the derived deserialisers cost about 20 KB of wasm for nine fields.)

use crate::model::Lang;

/// Any JSON-like value, as the loader may pass it.
#[derive(Clone, Debug, PartialEq)]
pub enum Loose {
    Bool(bool),
    Num(f64),
    Str(String),
    /// An object, an array…: never a valid option value.
    Other,
}

/// `n` as an integer, if it is a whole number an `f64` holds exactly. Options are written from
/// integers: printing an `f64` would bring the standard library's float formatting into the
/// wasm for values no option takes.
fn whole_number(n: f64) -> Option<i64> {
    (n.fract() == 0.0 && n.abs() < 1e15).then_some(n as i64)
}

impl Loose {
    /// The value as a console warning quotes it (a number that is not whole, as "near" its
    /// whole part).
    fn describe(&self) -> String {
        match self {
            Loose::Bool(b) => b.to_string(),
            Loose::Num(n) => match whole_number(*n) {
                Some(i) => i.to_string(),
                None if n.is_finite() && n.abs() < 1e15 => format!("a number near {}", n.trunc() as i64),
                None => "a number out of range".into(),
            },
            Loose::Str(s) => format!("\"{s}\""),
            Loose::Other => "an object".into(),
        }
    }
}

/// The options object as given, one field per camelCase property; others are ignored.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawOptions {
    pub index: Option<Loose>,
    pub lang: Option<Loose>,
    pub site: Option<Loose>,
    pub label: Option<Loose>,
    pub page_size: Option<Loose>,
    pub theme: Option<Loose>,
    pub sub_atlas: Option<Loose>,
    pub local_map: Option<Loose>,
    pub new_tab: Option<Loose>,
    pub matrix: Option<Loose>,
    pub scope: Option<Loose>,
    pub emoji: Option<Loose>,
    pub instance: Option<Loose>,
    pub typed: Option<Loose>,
    pub typed_caret: Option<Loose>,
}

/// Colour scheme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
    /// Follows the visitor's system setting (`prefers-color-scheme`).
    #[default]
    Auto,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }
}

pub const DEFAULT_PAGE_SIZE: u32 = 10;
pub const MAX_PAGE_SIZE: u32 = 100;
/// Characters of the loader's field the widget takes over (a search field, not a document).
const MAX_TYPED: usize = 1000;

/// The options, interpreted.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// Absolute URL of the index folder, ending with `/`; `None` when not given (an error the
    /// widget shows).
    pub index: Option<String>,
    /// The visitor's language.
    pub lang: Lang,
    /// Home site id (resolved against the index once loaded).
    pub site: Option<String>,
    /// The widget's name (its heading and landmarks); the index's name when not given. Two
    /// widgets on one page need two names, or assistive technology cannot tell them apart.
    pub label: Option<String>,
    pub page_size: u32,
    pub theme: Theme,
    /// Notations or IRIs of the families and descriptors of a sub-atlas.
    pub sub_atlas: Vec<String>,
    /// A named local map (kept for the navigator's local maps; not interpreted yet).
    pub local_map: Option<String>,
    pub new_tab: bool,
    /// `matrix="folded"`: the matrix starts folded behind its button, at any width (it always
    /// does on a narrow widget).
    pub matrix_folded: bool,
    /// `scope="site"`: start on the home site's resources (the whole commons otherwise).
    pub scope_site: bool,
    /// Whether this browser draws emoji (the loader tries one on a canvas): emoji icons are
    /// shown only then.
    pub emoji: bool,
    /// Unique per element on the page: namespaces the URL fragment part and element ids.
    pub instance: String,
    /// What the visitor typed in the loader's search field before the wasm was ready: the
    /// widget starts with it, and answers it.
    pub typed: String,
    /// Where the caret was in the loader's field, if the field had the focus: the widget's field
    /// takes the focus and the caret there, so that typing carries on.
    pub typed_caret: Option<u32>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            index: None,
            lang: Lang::parse("en").expect("en is a language"),
            site: None,
            label: None,
            page_size: DEFAULT_PAGE_SIZE,
            theme: Theme::Auto,
            sub_atlas: Vec::new(),
            local_map: None,
            new_tab: false,
            matrix_folded: false,
            scope_site: false,
            emoji: true,
            instance: "0".into(),
            typed: String::new(),
            typed_caret: None,
        }
    }
}

fn text(v: &Option<Loose>) -> Option<String> {
    match v {
        Some(Loose::Str(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        // A whole number: a site named 42.
        Some(Loose::Num(n)) => whole_number(*n).map(|i| i.to_string()),
        _ => None,
    }
}

/// Whether a value was set at all (a blank attribute counts as not set).
fn given(v: &Option<Loose>) -> bool {
    match v {
        None => false,
        Some(Loose::Str(s)) => !s.trim().is_empty(),
        Some(_) => true,
    }
}

impl Options {
    /// Interprets the raw options; returns them with a warning for each value that was set
    /// but could not be used.
    pub fn from_raw(raw: &RawOptions) -> (Options, Vec<String>) {
        let mut o = Options::default();
        let mut warnings = Vec::new();
        let mut bad = |name: &str, v: &Option<Loose>, fallback: &str| {
            let v = v.as_ref().map_or_else(|| "nothing".to_string(), Loose::describe);
            warnings.push(format!("commons-atlas: option {name} = {v} cannot be used; using {fallback}"));
        };

        match text(&raw.index) {
            Some(url) => {
                let mut url = url;
                if !url.ends_with('/') {
                    url.push('/');
                }
                o.index = Some(url);
            }
            None if given(&raw.index) => bad("index", &raw.index, "none"),
            None => {}
        }

        match text(&raw.lang).map(|l| Lang::parse(&l)) {
            Some(Ok(lang)) => o.lang = lang,
            Some(Err(_)) => bad("lang", &raw.lang, "en"),
            None if given(&raw.lang) => bad("lang", &raw.lang, "en"),
            None => {}
        }

        o.label = text(&raw.label);
        o.site = text(&raw.site);
        if o.site.is_none() && given(&raw.site) {
            bad("site", &raw.site, "no home site");
        }

        let size = match &raw.page_size {
            Some(Loose::Num(n)) => Some(*n),
            // An integer: parsing floats would link 10 KB of tables into the wasm for nothing.
            Some(Loose::Str(s)) => s.trim().parse::<u32>().ok().map(f64::from),
            _ => None,
        };
        match size {
            Some(n) if n.is_finite() && n >= 1.0 => o.page_size = (n as u32).min(MAX_PAGE_SIZE),
            _ if given(&raw.page_size) => bad("pageSize", &raw.page_size, "10"),
            _ => {}
        }

        match text(&raw.theme).map(|t| t.to_ascii_lowercase()).as_deref() {
            Some("light") => o.theme = Theme::Light,
            Some("dark") => o.theme = Theme::Dark,
            Some("auto") => o.theme = Theme::Auto,
            _ if given(&raw.theme) => bad("theme", &raw.theme, "auto"),
            _ => {}
        }

        match text(&raw.sub_atlas) {
            Some(list) => o.sub_atlas = list.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect(),
            None if given(&raw.sub_atlas) => bad("subAtlas", &raw.sub_atlas, "the whole atlas"),
            None => {}
        }

        o.local_map = text(&raw.local_map);

        match text(&raw.matrix).map(|t| t.to_ascii_lowercase()).as_deref() {
            Some("folded") => o.matrix_folded = true,
            Some("open") => o.matrix_folded = false,
            _ if given(&raw.matrix) => bad("matrix", &raw.matrix, "open"),
            _ => {}
        }

        if let Some(Loose::Bool(b)) = raw.emoji {
            o.emoji = b;
        }

        match text(&raw.scope).map(|t| t.to_ascii_lowercase()).as_deref() {
            Some("site") => o.scope_site = true,
            Some("commons") => o.scope_site = false,
            _ if given(&raw.scope) => bad("scope", &raw.scope, "commons"),
            _ => {}
        }

        match &raw.new_tab {
            None => {}
            Some(Loose::Bool(b)) => o.new_tab = *b,
            Some(Loose::Str(s)) => match s.trim().to_ascii_lowercase().as_str() {
                // An HTML boolean attribute present with no value means true.
                "" | "true" | "yes" | "1" | "new-tab" | "newtab" => o.new_tab = true,
                "false" | "no" | "0" => o.new_tab = false,
                _ => bad("newTab", &raw.new_tab, "false"),
            },
            Some(Loose::Num(n)) => o.new_tab = *n != 0.0,
            Some(Loose::Other) => bad("newTab", &raw.new_tab, "false"),
        }

        // Not trimmed: a space typed after a word says the word is complete.
        if let Some(Loose::Str(t)) = &raw.typed {
            o.typed = t.chars().take(MAX_TYPED).collect();
        }
        if let Some(Loose::Num(n)) = raw.typed_caret {
            o.typed_caret = whole_number(n).filter(|n| *n >= 0).map(|n| (n as u32).min(MAX_TYPED as u32));
        }

        match text(&raw.instance) {
            Some(id) => {
                // Used in element ids and in the fragment: keep it to safe characters.
                let clean: String = id.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').take(32).collect();
                if clean.is_empty() {
                    bad("instance", &raw.instance, "0");
                } else {
                    o.instance = clean;
                }
            }
            None => bad("instance", &raw.instance, "0"),
        }
        (o, warnings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Option<Loose> {
        Some(Loose::Str(v.into()))
    }

    #[test]
    fn well_formed_options_are_taken_as_given() {
        let raw = RawOptions {
            index: s("https://commons.example.org/atlas"),
            lang: s("pt-BR"),
            site: s("citego"),
            label: s("  Atlas (sombre) "),
            page_size: Some(Loose::Num(25.0)),
            theme: s("dark"),
            sub_atlas: s(" E32, 3B ,,"),
            local_map: s("energie-lille"),
            new_tab: Some(Loose::Bool(true)),
            matrix: s("Folded"),
            scope: s("site"),
            emoji: Some(Loose::Bool(false)),
            instance: s("a1"),
            typed: None,
            typed_caret: None,
        };
        let (o, warnings) = Options::from_raw(&raw);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(o.index.as_deref(), Some("https://commons.example.org/atlas/"));
        assert_eq!(o.lang.as_str(), "pt-br");
        assert_eq!(o.site.as_deref(), Some("citego"));
        assert!(o.matrix_folded && o.scope_site && !o.emoji);
        assert_eq!(o.label.as_deref(), Some("Atlas (sombre)"));
        assert_eq!(o.page_size, 25);
        assert_eq!(o.theme, Theme::Dark);
        assert_eq!(o.sub_atlas, vec!["E32", "3B"]);
        assert!(o.new_tab);
        assert_eq!(o.instance, "a1");
    }

    #[test]
    fn bad_values_fall_back_with_a_warning() {
        let raw = RawOptions {
            index: s("https://x.org/i/"),
            lang: s("français"),
            page_size: s("ten"),
            theme: s("purple"),
            new_tab: s("maybe"),
            matrix: s("sideways"),
            instance: s("<script>"),
            ..RawOptions::default()
        };
        let (o, warnings) = Options::from_raw(&raw);
        assert_eq!(o.lang.as_str(), "en");
        assert_eq!(o.page_size, DEFAULT_PAGE_SIZE);
        assert_eq!(o.theme, Theme::Auto);
        assert!(!o.new_tab);
        assert_eq!(o.instance, "script");
        assert!(!o.matrix_folded);
        assert_eq!(warnings.len(), 5, "{warnings:?}");
    }

    #[test]
    fn strings_from_attributes_are_understood() {
        let raw = RawOptions { page_size: s("500"), new_tab: s(""), instance: s("b"), ..RawOptions::default() };
        let (o, _) = Options::from_raw(&raw);
        assert_eq!(o.page_size, MAX_PAGE_SIZE);
        assert!(o.new_tab);
    }

    #[test]
    fn the_text_typed_before_the_widget_was_ready_is_taken_as_typed() {
        let raw = RawOptions { typed: s("énergie coop"), typed_caret: Some(Loose::Num(12.0)), instance: s("a1"), ..RawOptions::default() };
        let (o, warnings) = Options::from_raw(&raw);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!((o.typed.as_str(), o.typed_caret), ("énergie coop", Some(12)));
        let raw = RawOptions { typed: s("x".repeat(5000).as_str()), typed_caret: Some(Loose::Num(-1.0)), instance: s("a1"), ..RawOptions::default() };
        let (o, _) = Options::from_raw(&raw);
        assert_eq!((o.typed.len(), o.typed_caret), (MAX_TYPED, None), "bounded; a caret that is not one means no focus");
    }

    #[test]
    fn missing_options_take_defaults() {
        let (o, warnings) = Options::from_raw(&RawOptions::default());
        assert_eq!(o.index, None);
        assert_eq!(o.page_size, 10);
        assert_eq!(warnings.len(), 1, "only the missing instance is worth a warning: {warnings:?}");
    }
}
