//! One dimension of the atlas as a hierarchical facet: its families, then, level by level, the
//! descriptors beneath them (`narrower`), each with a checkbox and its count.
//!
//! Counts come from `Counts::concepts[dimension]`, which roll up (a family counts each resource
//! under it once) and, with OR, ignore the dimension's own selection. Descriptors with no
//! resource in the current search are left out unless selected; each list shows its first
//! [`FIRST`] and a "show more" button. A filter box lists the dimension's descriptors whose label
//! (in any language) or notation contains what is typed, flat.
//!
//! A box is checked when its concept is chosen, and mixed (the checkbox's `indeterminate`, set
//! after each render: it is a property, not an attribute) when some concept below it is, so a
//! visitor sees from a family's box what its selection contains.

use super::{info_button, swatch, use_slow_ctx};
use crate::engine::Selection;
use crate::ui::app::Ctx;
use crate::ui::state::Atlas;
use crate::model::ConceptId;
use crate::text::fold;
use crate::ui::i18n::{number, Msg};
use crate::ui::state::{toggle, Action};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Items shown in a list before "show more".
const FIRST: usize = 8;
/// Items a filter lists at most.
const FILTER_LIMIT: usize = 60;
/// Levels shown below a family at most (the atlas has three; a guard against odd data).
const MAX_DEPTH: usize = 12;

#[derive(Properties, PartialEq)]
pub struct DimensionFacetProps {
    pub dimension: u16,
}

/// What the visitor unfolded in one facet: one state, and short lists rather than hash sets (a
/// visitor opens a few lines; each state type and each set type is code in the widget).
#[derive(Clone, Default, PartialEq)]
struct Unfolded {
    /// Lines whose children are shown.
    expanded: Vec<ConceptId>,
    /// Lists shown in full, by parent concept (`None`: the top level).
    full: Vec<Option<ConceptId>>,
}

/// Everything one render of the tree reads, so that its lines can render their sub-lists.
struct Tree<'a> {
    ctx: &'a Ctx,
    atlas: &'a Atlas,
    d: u16,
    counts: Option<&'a [u32]>,
    unfolded: &'a UseStateHandle<Unfolded>,
    /// Descriptors the visitor has opened before, marked as visited.
    visited: &'a [ConceptId],
}

impl Tree<'_> {
    fn count(&self, c: ConceptId) -> u32 {
        self.counts.and_then(|v| v.get(c.index()).copied()).unwrap_or(0)
    }

    /// Within the local map or sub-atlas, unless the visitor widened to the whole atlas.
    fn shown(&self, c: ConceptId) -> bool {
        self.atlas.shows(c, self.ctx.state.view.whole_atlas)
    }

    fn selected(&self, c: ConceptId) -> bool {
        self.ctx.state.view.selections.contains(&Selection { concept: c, dimension: self.d })
    }

    /// Not chosen itself, but some chosen concept of the dimension is below it.
    fn mixed(&self, c: ConceptId) -> bool {
        !self.selected(c)
            && self.ctx.state.view.selections.iter().filter(|s| s.dimension == self.d && s.concept != c).any(|s| {
                // Up the broader links, breadth first (polyhierarchy), a few levels at most.
                let mut level = vec![s.concept];
                for _ in 0..MAX_DEPTH {
                    level = level.iter().flat_map(|&k| self.atlas.concept(k).broader.iter().copied()).collect();
                    if level.is_empty() {
                        return false;
                    }
                    if level.contains(&c) {
                        return true;
                    }
                }
                false
            })
    }

    /// Sorts busiest first, then in thesaurus order.
    fn sort(&self, items: &mut [ConceptId]) {
        crate::sort::sort_by(items, |a, b| self.count(*b).cmp(&self.count(*a)).then(a.cmp(b)));
    }

    /// The children worth showing: with resources in the current search, or selected.
    fn children(&self, c: ConceptId) -> Vec<ConceptId> {
        let mut kids: Vec<ConceptId> =
            self.atlas.concept(c).narrower.iter().copied().filter(|&k| (self.count(k) > 0 || self.selected(k)) && self.shown(k)).collect();
        self.sort(&mut kids);
        kids
    }

    /// The checkbox and label of `c`; `slot` tells apart the places one concept can appear in
    /// (under each of its broader concepts, in the filter's list), so that ids stay unique.
    fn checkbox(&self, c: ConceptId, slot: &str) -> Html {
        let ctx = self.ctx;
        let id = ctx.id(&format!("d{}-{slot}-c{}", self.d, c.0));
        let concept = self.atlas.concept(c);
        let n = self.count(c);
        let onchange = ctx.on::<Event>(Action::ToggleConcept(Selection { concept: c, dimension: self.d }));
        let label = self.atlas.label(c, &ctx.langs).to_string();
        let seen = self.visited.contains(&c);
        let marks = self.atlas.label_marks(c, &ctx.langs, ctx.ui());
        html! {
            <>
                <input type="checkbox" id={id.clone()} checked={self.selected(c)} data-mixed={self.mixed(c).then_some("true")} {onchange} />
                <label for={id} class={classes!("ca-check-label", (n == 0).then_some("ca-zero"), seen.then_some("ca-visited"))}>
                    if concept.is_family() { { swatch(self.atlas.colour(c)) } }
                    if let Some(nt) = concept.notation.clone() { <span class="ca-notation">{ nt }</span> }
                    <span class="ca-label-text" lang={marks.0} dir={marks.1}>{ label.clone() }</span>
                    if seen { <span class="ca-sr">{ format!(", {}", ctx.t(Msg::Visited)) }</span> }
                    <span class="ca-count">{ number(ctx.ui(), n) }</span>
                </label>
                { info_button(ctx, c, &label) }
            </>
        }
    }

    fn list(&self, parent: Option<ConceptId>, items: Vec<ConceptId>, depth: usize) -> Html {
        let total = items.len();
        let show_all = self.unfolded.full.contains(&parent);
        let shown = if show_all { total } else { total.min(FIRST) };
        let more = {
            let unfolded = self.unfolded.clone();
            Callback::from(move |_: MouseEvent| {
                let mut next = (*unfolded).clone();
                toggle(&mut next.full, parent);
                unfolded.set(next);
            })
        };
        html! {
            <>
                <ul class={classes!("ca-tree", (depth > 0).then_some("ca-subtree"))} role="list">
                    { for items.into_iter().take(shown).map(|c| self.node(c, parent, depth)) }
                </ul>
                if total > FIRST {
                    <button type="button" class="ca-more" onclick={more}>
                        { if show_all { self.ctx.t(Msg::ShowLess) } else { self.ctx.t(Msg::ShowMore(total - FIRST)) } }
                    </button>
                }
            </>
        }
    }

    /// One concept's line (expander, checkbox, label, count), then its children if expanded.
    fn node(&self, c: ConceptId, parent: Option<ConceptId>, depth: usize) -> Html {
        let kids = if depth < MAX_DEPTH { self.children(c) } else { Vec::new() };
        let open = self.unfolded.expanded.contains(&c);
        let label = self.atlas.label(c, &self.ctx.langs).to_string();
        let toggle = {
            let unfolded = self.unfolded.clone();
            Callback::from(move |_: MouseEvent| {
                let mut next = (*unfolded).clone();
                toggle(&mut next.expanded, c);
                unfolded.set(next);
            })
        };
        html! {
            <li class="ca-node" key={c.0}>
                <div class="ca-line">
                    { expander(self.ctx, (!kids.is_empty()).then_some((open, toggle)), &label) }
                    { self.checkbox(c, &parent.map_or_else(|| "t".to_string(), |p| format!("p{}", p.0))) }
                </div>
                if open && !kids.is_empty() {
                    { self.list(Some(c), kids, depth + 1) }
                }
            </li>
        }
    }
}

#[function_component]
pub fn DimensionFacet(props: &DimensionFacetProps) -> Html {
    let ctx = use_slow_ctx();
    let unfolded = use_state(Unfolded::default);
    let filter = use_state(String::new);
    let section = use_mixed_marks();
    let Some(atlas) = ctx.atlas() else { return html! {} };
    let d = props.dimension;
    let Some(dim) = atlas.manifest.thesaurus.dimensions.get(d as usize) else { return html! {} };
    let page = ctx.state.page.clone();
    let visited = ctx.visited.clone();
    let tree = Tree {
        visited: &visited,
        ctx: &ctx,
        atlas: &atlas,
        d,
        counts: page.as_ref().and_then(|p| p.counts.concepts.get(d as usize)).map(Vec::as_slice),
        unfolded: &unfolded,
    };
    let dim_label = dim.labels.best(&ctx.langs).unwrap_or(&dim.id).to_string();
    let heading_id = ctx.id(&format!("dim{d}"));

    let oninput = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            filter.set(input.value());
        })
    };
    let query = fold(filter.trim());
    let content = if query.is_empty() {
        tree.list(None, dim.families.iter().map(|f| f.concept).filter(|&c| tree.shown(c)).collect(), 0)
    } else {
        let th = &atlas.manifest.thesaurus;
        let matches_text = |c: ConceptId| {
            let concept = th.concept(c);
            concept.notation.as_deref().is_some_and(|n| fold(n).starts_with(&query))
                || concept.labels.iter().any(|(_, l)| fold(l).contains(&query))
                || concept.alt_labels.iter().any(|(_, l)| fold(l).contains(&query))
        };
        let mut found: Vec<ConceptId> = dim
            .families
            .iter()
            .map(|f| f.concept)
            .chain(atlas.dimension_descriptors.get(d as usize).into_iter().flatten().copied())
            .filter(|&c| matches_text(c) && tree.shown(c))
            .collect();
        tree.sort(&mut found);
        found.truncate(FILTER_LIMIT);
        if found.is_empty() {
            html! { <p class="ca-empty-facet">{ ctx.t(Msg::NoMatchInFacet) }</p> }
        } else {
            html! {
                <ul class="ca-tree ca-flat" role="list">
                    { for found.into_iter().map(|c| html! {
                        <li class="ca-node" key={c.0}><div class="ca-line">{ tree.checkbox(c, "f") }</div></li>
                    }) }
                </ul>
            }
        }
    };

    html! {
        <section ref={section} class="ca-facet" aria-labelledby={heading_id.clone()}>
            <h3 id={heading_id} class="ca-facet-title">{ dim_label.clone() }</h3>
            <input type="search" class="ca-facet-filter" aria-label={ctx.t(Msg::FilterWithin(&dim_label))}
                placeholder={ctx.t(Msg::FilterWithin(&dim_label))} value={(*filter).clone()} {oninput} />
            { content }
        </section>
    }
}

/// A tree line's button that unfolds or folds what is below it (`Some((open, toggle))`), or the
/// space it takes on a line with nothing below.
pub(super) fn expander(ctx: &Ctx, button: Option<(bool, Callback<MouseEvent>)>, label: &str) -> Html {
    match button {
        None => html! { <span class="ca-expander-space" aria-hidden="true"></span> },
        Some((open, onclick)) => html! {
            <button type="button" class="ca-expander" aria-expanded={open.to_string()}
                aria-label={ctx.t(if open { Msg::Collapse(label) } else { Msg::Expand(label) })} {onclick}>
                <span aria-hidden="true">{ if open { "▾" } else { "▸" } }</span>
            </button>
        },
    }
}

/// A ref for a facet's section, whose checkboxes get their `indeterminate` from their
/// `data-mixed` mark after each render (one hook for the facets that have mixed boxes).
#[hook]
pub(super) fn use_mixed_marks() -> NodeRef {
    let section = use_node_ref();
    let marked = section.clone();
    super::use_after_render(move || mark_mixed(&marked));
    section
}

/// Sets each checkbox's `indeterminate` from its `data-mixed` mark: only the boxes marked, or
/// mixed from an earlier render, are visited (a facet has hundreds of boxes, and this runs after
/// each answer).
fn mark_mixed(section: &NodeRef) {
    use wasm_bindgen::JsCast;
    let Some(section) = section.cast::<web_sys::Element>() else { return };
    let Ok(boxes) = section.query_selector_all("input[data-mixed], input:indeterminate") else { return };
    for i in 0..boxes.length() {
        if let Some(input) = boxes.item(i).and_then(|n| n.dyn_into::<HtmlInputElement>().ok()) {
            input.set_indeterminate(input.has_attribute("data-mixed"));
        }
    }
}
