//! The site, type, language and year filters, each with the count of every choice.
//!
//! Sites, types and languages are checkbox lists (OR within a list); choices with no resource
//! in the current search are left out unless selected. Years are a from–to range of two
//! selects offering the years present. Counts ignore the filter's own choice (`Counts`), so a
//! visitor sees what another choice would add.

use super::use_slow_ctx;
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
    let toggle_all = {
        let all = all.clone();
        Callback::from(move |_: MouseEvent| all.set(!*all))
    };
    html! {
        <section class="ca-facet" aria-labelledby={heading_id.clone()}>
            <h3 id={heading_id} class="ca-facet-title">{ title }</h3>
            <ul class="ca-tree ca-flat" role="list">
                { for choices.into_iter().take(shown).map(|c| {
                    let id = ctx.id(&format!("f-{key}-{}", c.key));
                    html! {
                        <li class="ca-node" key={c.key}><div class="ca-line">
                            <input type="checkbox" id={id.clone()} checked={c.selected} onchange={ctx.on::<Event>(c.action.clone())} />
                            <label for={id} class={classes!("ca-check-label", (c.count == 0).then_some("ca-zero"))} lang={c.lang.clone()}>
                                { super::swatch(c.colour.as_deref()) }
                                <span class="ca-label-text">{ c.label }</span>
                                <span class="ca-count">{ number(ctx.ui(), c.count) }</span>
                            </label>
                        </div></li>
                    }
                }) }
            </ul>
            if total > FIRST {
                <button type="button" class="ca-more" onclick={toggle_all}>
                    { if *all { ctx.t(Msg::ShowLess) } else { ctx.t(Msg::ShowMore(total - FIRST)) } }
                </button>
            }
        </section>
    }
}
