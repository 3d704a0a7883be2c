//! The widget's components, one file each, named after what the visitor sees.
//!
//! Every component reads the shared state from the [`Ctx`] context (or, for those that need not
//! follow each keystroke, its slower twin `SlowCtx`, see [`use_slow_ctx`]) and changes it only by
//! sending an [`Action`](super::state::Action); local state (`use_state`) is kept for what
//! matters to one component alone and need not be shared or restored from a link (which facet
//! nodes are expanded, the text of a facet's filter box, the focused matrix cell).
//!
//! | component | what the visitor sees |
//! |---|---|
//! | [`SearchBox`] | the search field (a WAI-ARIA combobox) |
//! | [`Suggestions`] | the descriptors offered while typing (its listbox) |
//! | [`AtlasMatrix`] | components × angles, counts as a heat map (a WAI-ARIA grid) |
//! | [`DimensionFacet`] | one dimension's families and descriptors, with counts |
//! | [`FilterFacet`] | site, type, language and year filters; [`PlaceFacet`], the places by country |
//! | [`CombineSwitch`] | AND / OR for selected descriptors, with its explanation |
//! | [`SelectionChips`] | what is selected, each removable, and "clear all" |
//! | [`ResultList`], [`ResultCard`] | the results, or what to remove when there are none |
//! | [`Pager`], [`SortSwitch`] | paging and order |
//! | [`ScopeSwitch`] | "this site" / "the whole commons", "this map" / "the whole atlas" |
//! | [`LanguageSwitch`] | the interface language |
//! | [`StatusLine`] | the count (a polite live region) and the loading indicator |
//! | [`ErrorPanel`] | why the atlas cannot be shown (an alert) |
//! | [`DescriptorPanel`], [`Desmogram`] | one descriptor, its neighbourhood as lists and as a concept map |
//! | [`ResourcePanel`] | one resource's indexing in the atlas, translations, resources indexed like it |
//! | [`cart_toggle`], [`CartSheet`] | "set aside" and the cart with its exports |
//! | [`HistorySheet`] | the path of visited descriptors and resources |
//! | [`HelpSheet`] | the matrix legend and the navigation guide |
//! | [`Toolbar`] | the buttons opening the cart, the path and help; that the cart cannot be kept |
//! | [`webmaster_notice`] | attributes of the element that name nothing in the index |

mod atlas_matrix;
pub mod family_icon;
mod cart_sheet;
mod cart_toggle;
mod descriptor_panel;
mod desmogram;
mod help_sheet;
mod history_sheet;
mod resource_panel;
mod toolbar;
mod combine_switch;
mod dimension_facet;
mod error_panel;
mod filter_facet;
mod language_switch;
mod pager;
mod result_card;
mod result_list;
mod scope_switch;
mod search_box;
mod selection_chips;
mod sort_switch;
mod status_line;
mod suggestions;
mod webmaster_notice;

pub use atlas_matrix::AtlasMatrix;
pub use cart_sheet::CartSheet;
pub use cart_toggle::cart_toggle;
pub use descriptor_panel::DescriptorPanel;
pub use desmogram::Desmogram;
pub use help_sheet::HelpSheet;
pub use history_sheet::HistorySheet;
pub use resource_panel::ResourcePanel;
pub use toolbar::Toolbar;
pub use combine_switch::CombineSwitch;
pub use dimension_facet::DimensionFacet;
pub use error_panel::ErrorPanel;
pub use filter_facet::{FilterFacet, FilterKind, PlaceFacet};
pub use language_switch::LanguageSwitch;
pub use pager::Pager;
pub use result_card::ResultCard;
pub use result_list::ResultList;
pub use scope_switch::ScopeSwitch;
pub use search_box::SearchBox;
pub use selection_chips::{info_button, SelectionChips};
pub use sort_switch::SortSwitch;
pub use status_line::StatusLine;
pub use suggestions::Suggestions;
pub use webmaster_notice::webmaster_notice;

use super::app::{Ctx, SlowCtx};
use super::display::Segment;
use yew::prelude::*;

/// The context every component reads. It is always provided by `App`.
#[hook]
pub fn use_ctx() -> Ctx {
    use_context::<Ctx>().expect("components are rendered inside App's context")
}

/// The context of the components that need not follow each keystroke (see `SlowCtx`).
#[hook]
pub fn use_slow_ctx() -> Ctx {
    use_context::<SlowCtx>().expect("components are rendered inside App's context").0
}

/// Highlighted text as Yew nodes: marked words in `<mark>`, all of it as text nodes (never
/// parsed as HTML).
pub fn segments(segs: Vec<Segment>) -> Html {
    segs.into_iter()
        .map(|s| if s.mark { html! { <mark>{ s.text }</mark> } } else { html! { { s.text } } })
        .collect()
}

/// The bar atop a panel: Back (to the previous descriptor or resource, if any) and Close.
pub fn panel_bar(ctx: &Ctx) -> Html {
    use super::i18n::Msg;
    use super::state::{Action, Open};
    let back = match (ctx.state.trail.last(), ctx.atlas()) {
        (Some(Open::Concept(p)), Some(atlas)) => Some(ctx.t(Msg::BackTo(atlas.label(*p, &ctx.langs)))),
        (Some(_), _) => Some(ctx.t(Msg::Previous)),
        (None, _) => None,
    };
    html! {
        <div class="ca-panel-bar">
            if let Some(to) = back {
                <button type="button" class="ca-back" onclick={ctx.on::<MouseEvent>(Action::PanelBack)}>{ format!("← {to}") }</button>
            }
            <button type="button" class="ca-close" onclick={ctx.on::<MouseEvent>(Action::ClosePanel)}>{ format!("× {}", ctx.t(Msg::Close)) }</button>
        </div>
    }
}

/// Runs `f` after a render whose `deps` differ from the last run's (and after the first), as
/// Yew's `use_effect_with` does, but through one instantiation of Yew's effect machinery, shared
/// by every effect of the widget: `use_effect_with` compiles its own copy (about a kilobyte of
/// wasm) for each closure, and the widget had twenty.
#[hook]
pub fn use_effect_on<T, F>(deps: T, f: F)
where
    T: PartialEq + 'static,
    F: FnOnce(&T) + 'static,
{
    let last = use_mut_ref(|| None::<T>);
    use_after_render(move || {
        let changed = last.borrow().as_ref() != Some(&deps);
        if changed {
            f(&deps);
            *last.borrow_mut() = Some(deps);
        }
    });
}

/// Runs `f` after every render (Yew's `use_effect`, through the same shared instantiation as
/// [`use_effect_on`]).
#[hook]
pub fn use_after_render<F: FnOnce() + 'static>(f: F) {
    use_effect(Box::new(f) as Box<dyn FnOnce()>);
}

/// A ref whose element takes the focus whenever `key` changes: arriving at a descriptor or a
/// resource moves the focus to its name, so a keyboard or screen reader user hears where they
/// arrived.
#[hook]
pub fn use_focus_on<K: PartialEq + 'static>(key: K) -> NodeRef {
    let node = use_node_ref();
    let target = node.clone();
    use_effect_on(key, move |_| {
        if let Some(el) = target.cast::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    });
    node
}

/// A descriptor as a link-like button that opens its panel: swatch, label, notation, and for a
/// screen reader whether it was visited (sighted visitors see the `ca-visited` style).
pub fn concept_link(ctx: &Ctx, c: crate::model::ConceptId, visited: bool) -> Html {
    use super::i18n::Msg;
    use super::state::{Action, Open};
    let Some(atlas) = ctx.atlas() else { return html! {} };
    let marks = atlas.label_marks(c, &ctx.langs, ctx.ui());
    html! {
        <button type="button" class={classes!("ca-neighbour", visited.then_some("ca-visited"))}
            onclick={ctx.on::<MouseEvent>(Action::Open(Open::Concept(c)))}>
            { swatch(atlas.colour(c)) }
            <span lang={marks.0} dir={marks.1}>{ atlas.label(c, &ctx.langs).to_string() }</span>
            if let Some(notation) = atlas.concept(c).notation.clone() { <span class="ca-notation">{ notation }</span> }
            if visited { <span class="ca-sr">{ format!(", {}", ctx.t(Msg::Visited)) }</span> }
        </button>
    }
}

/// A matrix cell named by its two families ("1 Société × B Domaines").
pub fn cell_name(ctx: &Ctx, cell: crate::model::Cell) -> String {
    let Some(atlas) = ctx.atlas() else { return String::new() };
    ctx.t(super::i18n::Msg::CellChip(&atlas.named(cell.row, &ctx.langs), &atlas.named(cell.column, &ctx.langs)))
}

/// A family's colour swatch (decorative), coloured through its colour's class (no inline style,
/// see `sheets`).
pub fn swatch(colour: Option<&str>) -> Html {
    match colour.and_then(super::sheets::colour_class) {
        Some(k) => html! { <span class={classes!("ca-swatch", k)} aria-hidden="true"></span> },
        None => html! {},
    }
}
