//! The site, type, language, place and year filters, each with the count of every choice.
//!
//! Sites, types and languages are checkbox lists (OR within a list); choices with no resource
//! in the current search are left out unless selected. Places are a tree of two levels: the
//! countries (named by the browser in the interface's language), one at a time unfolding into
//! the places its records name, by name (a place with no country stands alone). Years are a
//! from–to range of two selects offering the years present. Counts ignore the filter's own choice (`Counts`), so a
//! visitor sees what another choice would add.

use super::use_slow_ctx;
use crate::format::facets::Place;
use crate::ui::app::Ctx;
use crate::ui::i18n::{number, Msg};
use crate::ui::state::Action;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Choices shown before "show more".
const FIRST: usize = 8;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterKind {
    Site,
    Type,
    Lang,
    Year,
}

#[derive(Properties, PartialEq)]
pub struct FilterFacetProps {
    pub kind: FilterKind,
}

struct Choice {
    /// The choice's number (site, type or language), stable across renders.
    key: usize,
    label: String,
    colour: Option<String>,
    count: u32,
    selected: bool,
    action: Action,
    lang: Option<String>,
}

#[function_component]
pub fn FilterFacet(props: &FilterFacetProps) -> Html {
    let ctx = use_slow_ctx();
    let all = use_state(|| false);
    let Some(atlas) = ctx.atlas() else { return html! {} };
    let s = &ctx.state;
    let v = &s.view;
    let m = &atlas.manifest;
    let counts = s.page.as_ref().map(|p| &p.counts);
    let kind = props.kind;
    let (title, key) = match kind {
        FilterKind::Site => (Msg::FacetSites, "sites"),
        FilterKind::Type => (Msg::FacetTypes, "types"),
        FilterKind::Lang => (Msg::FacetLangs, "langs"),
        FilterKind::Year => (Msg::FacetYears, "years"),
    };
    let heading_id = ctx.id(&format!("f-{key}"));
    let title = ctx.t(title);

    if kind == FilterKind::Year {
        let years: Vec<u16> = counts.map(|c| c.years.iter().map(|&(y, _)| y).filter(|&y| y != 0).collect()).unwrap_or_default();
        let (Some(&min), Some(&max)) = (years.first(), years.last()) else { return html! {} };
        let (from, to) = v.years.map_or((None, None), |(a, b)| (Some(a), Some(b)));
        let count_of = |y: u16| counts.and_then(|c| c.years.binary_search_by_key(&y, |&(year, _)| year).ok().map(|i| c.years[i].1)).unwrap_or(0);
        let make = |is_from: bool| {
            let d = ctx.dispatch.clone();
            let current = v.years;
            Callback::from(move |e: Event| {
                let sel: HtmlSelectElement = e.target_unchecked_into();
                let value: Option<u16> = sel.value().parse().ok();
                let (a, b) = current.unwrap_or((min, max));
                let next = match (is_from, value) {
                    (true, Some(y)) => Some((y, b.max(y))),
                    (false, Some(y)) => Some((a.min(y), y)),
                    (true, None) => current.map(|_| (min, b)).filter(|&(_, b)| b != max),
                    (false, None) => current.map(|_| (a, max)).filter(|&(a, _)| a != min),
                };
                d.dispatch(Action::SetYears(next));
            })
        };
        let options = |selected: Option<u16>| -> Html {
            html! {
                <>
                    <option value="" selected={selected.is_none()}>{ ctx.t(Msg::AnyYear) }</option>
                    { for years.iter().map(|&y| html! {
                        <option value={y.to_string()} selected={selected == Some(y)}>{ format!("{y} ({})", number(ctx.ui(), count_of(y))) }</option>
                    }) }
                </>
            }
        };
        let (from_id, to_id) = (ctx.id("year-from"), ctx.id("year-to"));
        return html! {
            <section class="ca-facet" aria-labelledby={heading_id.clone()}>
                <h3 id={heading_id} class="ca-facet-title">{ title }</h3>
                <div class="ca-years">
                    <label for={from_id.clone()}>{ ctx.t(Msg::YearFrom) }</label>
                    <select id={from_id} onchange={make(true)}>{ options(from) }</select>
                    <label for={to_id.clone()}>{ ctx.t(Msg::YearTo) }</label>
                    <select id={to_id} onchange={make(false)}>{ options(to) }</select>
                </div>
            </section>
        };
    }

    let mut choices: Vec<Choice> = match kind {
        FilterKind::Site => m
            .sites
            .iter()
            .enumerate()
            .map(|(i, site)| Choice {
                key: i,
                label: site.name.clone(),
                colour: site.colour.clone(),
                count: counts.and_then(|c| c.sites.get(i).copied()).unwrap_or(0),
                selected: v.sites.contains(&(i as u16)),
                action: Action::ToggleSite(i as u16),
                lang: None,
            })
            .collect(),
        FilterKind::Type => m
            .types
            .iter()
            .enumerate()
            .map(|(i, _)| Choice {
                key: i,
                label: atlas.type_label(i as u16, &ctx.langs).unwrap_or_default().to_string(),
                colour: None,
                count: counts.and_then(|c| c.types.get(i + 1).copied()).unwrap_or(0),
                selected: v.types.contains(&(i as u16)),
                action: Action::ToggleType(i as u16),
                lang: None,
            })
            .collect(),
        FilterKind::Lang => m
            .languages
            .iter()
            .enumerate()
            .map(|(i, l)| Choice {
                key: i,
                label: ctx.t(Msg::LangName(l.primary())),
                colour: None,
                count: counts.and_then(|c| c.langs.get(i).copied()).unwrap_or(0),
                selected: v.langs.contains(&(i as u8)),
                action: Action::ToggleLang(i as u8),
                lang: None,
            })
            .collect(),
        FilterKind::Year => unreachable!("handled above"),
    };
    choices.retain(|c| c.count > 0 || c.selected);
    if choices.is_empty() {
        return html! {};
    }
    crate::sort::sort_by_key(&mut choices, |c| std::cmp::Reverse(c.count));
    let total = choices.len();
    let shown = if *all { total } else { total.min(FIRST) };
    html! {
        <section class="ca-facet" aria-labelledby={heading_id.clone()}>
            <h3 id={heading_id} class="ca-facet-title">{ title }</h3>
            <ul class="ca-tree ca-flat" role="list">
                { for choices.into_iter().take(shown).map(|c| html! {
                    <li class="ca-node" key={c.key}><div class="ca-line">{ check_line(&ctx, ctx.id(&format!("f-{key}-{}", c.key)), &c, false) }</div></li>
                }) }
            </ul>
            { more_button(&ctx, &all, total) }
        </section>
    }
}

/// How a place is named: a country by the browser, in the interface's language, else its code;
/// a place by its own name.
pub fn place_label(ctx: &Ctx, p: &Place) -> String {
    if p.name.is_empty() {
        crate::ui::browser::country_name(ctx.ui().code(), &p.country).unwrap_or_else(|| p.country.clone())
    } else {
        p.name.clone()
    }
}

/// A choice's checkbox (mixed: a place of the country is chosen, not the country), its label
/// and its count.
fn check_line(ctx: &Ctx, id: String, c: &Choice, mixed: bool) -> Html {
    html! {
        <>
            <input type="checkbox" id={id.clone()} checked={c.selected} data-mixed={mixed.then_some("true")} onchange={ctx.on::<Event>(c.action.clone())} />
            <label for={id} class={classes!("ca-check-label", (c.count == 0).then_some("ca-zero"))} lang={c.lang.clone()}>
                { super::swatch(c.colour.as_deref()) }
                <span class="ca-label-text">{ c.label.clone() }</span>
                <span class="ca-count">{ number(ctx.ui(), c.count) }</span>
            </label>
        </>
    }
}

/// A place as a choice of the place facet.
fn place_choice(ctx: &Ctx, p: &Place, count: u32) -> Choice {
    let selected = ctx.state.view.places.contains(p);
    Choice { key: 0, label: place_label(ctx, p), colour: None, count, selected, action: Action::TogglePlace(p.clone()), lang: None }
}

#[function_component]
pub fn PlaceFacet() -> Html {
    let ctx = use_slow_ctx();
    let all = use_state(|| false);
    // The one country unfolded (an accordion: its places can be long), if any.
    let expanded = use_state(String::new);
    let section = super::dimension_facet::use_mixed_marks();
    let v = &ctx.state.view;
    // Every place with resources, and the chosen ones even without.
    let mut places: Vec<(Place, u32)> = ctx.state.page.as_ref().map(|p| p.counts.places.clone()).unwrap_or_default();
    for p in &v.places {
        if !places.iter().any(|(q, _)| q == p) {
            places.push((p.clone(), 0));
        }
    }
    // The top level: each country with its places (sorted, so together, the country's own line
    // first), and each place of no country alone; the busiest first, a country's places by name.
    crate::sort::sort(&mut places);
    let mut tops: Vec<&[(Place, u32)]> = places.chunk_by(|a, b| !a.0.country.is_empty() && a.0.country == b.0.country).collect();
    if tops.is_empty() {
        return html! {};
    }
    let sum = |g: &[(Place, u32)]| g.iter().map(|p| p.1).sum::<u32>();
    crate::sort::sort_by_key(&mut tops, |g| std::cmp::Reverse(sum(g)));
    let heading_id = ctx.id("f-places");
    let total = tops.len();
    let shown = if *all { total } else { total.min(FIRST) };
    html! {
        <section ref={section} class="ca-facet" aria-labelledby={heading_id.clone()}>
            <h3 id={heading_id} class="ca-facet-title">{ ctx.t(Msg::FacetPlaces) }</h3>
            <ul class="ca-tree" role="list">
                { for tops.into_iter().take(shown).enumerate().map(|(i, group)| {
                    let top = Place { name: if group[0].0.country.is_empty() { group[0].0.name.clone() } else { String::new() }, ..group[0].0.clone() };
                    let kids: Vec<&(Place, u32)> = group.iter().filter(|p| p.0 != top).collect();
                    let n = sum(group);
                    let open = *expanded == top.country && !top.country.is_empty();
                    let choice = place_choice(&ctx, &top, n);
                    let toggle = {
                        let (expanded, country) = (expanded.clone(), if open { String::new() } else { top.country.clone() });
                        Callback::from(move |_: MouseEvent| expanded.set(country.clone()))
                    };
                    let mixed = !v.places.contains(&top) && kids.iter().any(|p| v.places.contains(&p.0));
                    html! {
                        <li class="ca-node" key={format!("{}*{}", top.country, top.name)}>
                            <div class="ca-line">
                                { super::dimension_facet::expander(&ctx, (!kids.is_empty()).then_some((open, toggle)), &choice.label) }
                                { check_line(&ctx, ctx.id(&format!("f-pl-{i}")), &choice, mixed) }
                            </div>
                            if open {
                                <ul class="ca-tree ca-subtree" role="list">
                                    { for kids.iter().enumerate().map(|(j, &(p, n))| html! {
                                        <li class="ca-node" key={p.name.clone()}><div class="ca-line">
                                            { super::dimension_facet::expander(&ctx, None, "") }
                                            { check_line(&ctx, ctx.id(&format!("f-pl-{i}-{j}")), &place_choice(&ctx, p, *n), false) }
                                        </div></li>
                                    }) }
                                </ul>
                            }
                        </li>
                    }
                }) }
            </ul>
            { more_button(&ctx, &all, total) }
        </section>
    }
}

/// "Show N more" / "Show less" under a facet's first [`FIRST`] lines, when it has more.
fn more_button(ctx: &crate::ui::app::Ctx, all: &UseStateHandle<bool>, total: usize) -> Html {
    if total <= FIRST {
        return html! {};
    }
    let toggle = {
        let all = all.clone();
        Callback::from(move |_: MouseEvent| all.set(!*all))
    };
    html! {
        <button type="button" class="ca-more" onclick={toggle}>
            { if **all { ctx.t(Msg::ShowLess) } else { ctx.t(Msg::ShowMore(total - FIRST)) } }
        </button>
    }
}
