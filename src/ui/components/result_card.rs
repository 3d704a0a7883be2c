//! One result: its title (the link to the resource, matched words highlighted), site badge,
//! type, date, language, a snippet of its summary, and its descriptors as chips that select
//! them.
//!
//! Everything from the feed is rendered as text nodes (see `display`): a title containing
//! markup shows that markup literally. The link is made only from an `http(s)` URL and opens
//! with `rel="noopener noreferrer"`, in a new tab when the `newTab` option says so.

use super::{cart_toggle, segments, swatch, use_slow_ctx};
use crate::engine::Selection;
use crate::ui::display::{highlight, safe_href, snippet};
use crate::ui::i18n::Msg;
use crate::ui::state::{Action, Open, Page};
use std::rc::Rc;
use yew::prelude::*;

/// Characters of summary shown.
const SNIPPET: usize = 220;
/// Descriptor chips shown per result.
const DESCRIPTORS: usize = 8;

#[derive(Properties)]
pub struct ResultCardProps {
    pub page: Rc<Page>,
    pub index: usize,
}

impl PartialEq for ResultCardProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.page, &other.page) && self.index == other.index
    }
}

#[function_component]
pub fn ResultCard(props: &ResultCardProps) -> Html {
    let ctx = use_slow_ctx();
    let Some(atlas) = ctx.atlas() else { return html! {} };
    let Some(hit) = props.page.hits.get(props.index) else { return html! {} };
    let matched = &props.page.matched_terms;
    let m = &atlas.manifest;
    let langs = &ctx.langs;
    let title_id = ctx.id(&format!("r{}", hit.resource));
    let site = m.sites.get(hit.site as usize);
    let kind = hit.kind.checked_sub(1).and_then(|t| atlas.type_label(t, langs)).map(str::to_string);
    let lang = m.languages.get(hit.lang as usize);
    let Some(record) = &hit.record else {
        return html! { <li class="ca-card"><p>{ format!("#{}", hit.resource) }</p></li> };
    };
    let title = segments(highlight(&atlas.analyzer, &record.title, matched));
    let new_tab = ctx.state.options.new_tab;
    let title = match safe_href(&record.url) {
        Some(href) => html! {
            <a href={href.to_string()} rel="noopener noreferrer" target={new_tab.then_some("_blank")}>
                { title }
                if new_tab { <span class="ca-sr">{ format!(" {}", ctx.t(Msg::NewTab)) }</span> }
            </a>
        },
        None => title,
    };
    let summary = record.summary.as_deref().filter(|s| !s.trim().is_empty()).map(|s| {
        let cut = snippet(&atlas.analyzer, s, matched, SNIPPET);
        segments(highlight(&atlas.analyzer, &cut, matched))
    });
    let mut meta: Vec<Html> = Vec::new();
    if let Some(k) = kind {
        meta.push(html! { <span class="ca-type">{ k }</span> });
    }
    if let Some(date) = record.date {
        meta.push(html! { <time class="ca-date" datetime={date.to_string()}>{ crate::ui::i18n::date(ctx.ui(), date) }</time> });
    }
    if let Some(l) = lang {
        meta.push(html! { <span class="ca-lang">{ ctx.t(Msg::LangName(l.primary())) }</span> });
    }
    if let Some(place) = record.place.as_deref().or(record.country.as_deref()) {
        meta.push(html! { <span class="ca-place">{ place.to_string() }</span> });
    }
    let descriptors: Vec<Html> = record
        .descriptors
        .iter()
        .filter(|d| d.concept.index() < m.thesaurus.concepts.len())
        .take(DESCRIPTORS)
        .map(|d| {
            let c = d.concept;
            let label = atlas.label(c, langs).to_string();
            let (lang, dir) = atlas.label_marks(c, langs, ctx.ui());
            let sel = Selection { concept: c, dimension: atlas.home_dimension(c) };
            let pressed = ctx.state.view.selections.contains(&sel);
            html! {
                <li>
                    <button type="button" class="ca-dchip" aria-pressed={pressed.to_string()} title={ctx.t(Msg::SelectDescriptor(&label))}
                        onclick={ctx.on::<MouseEvent>(Action::ToggleConcept(sel))}>
                        { swatch(atlas.colour(c)) }
                        <span {lang} {dir}>{ label }</span>
                    </button>
                </li>
            }
        })
        .collect();
    html! {
        <li class="ca-card">
            <article aria-labelledby={title_id.clone()}>
                <h4 class="ca-card-title" id={title_id} lang={lang.map(|l| l.as_str().to_string())}>{ title }</h4>
                <p class="ca-meta">
                    if let Some(site) = site {
                        <span class="ca-site">{ swatch(site.colour.as_deref()) }{ site.name.clone() }</span>
                    }
                    { for meta }
                </p>
                if let Some(sub) = record.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
                    <p class="ca-subtitle">{ segments(highlight(&atlas.analyzer, sub, matched)) }</p>
                }
                if let Some(summary) = summary {
                    <p class="ca-summary" lang={lang.map(|l| l.as_str().to_string())}>{ summary }</p>
                }
                if !record.authors.is_empty() {
                    // Each author searches that author (their names are in the resources' text).
                    <p class="ca-authors">{ ctx.t(Msg::By) }{ " " }
                        { for record.authors.iter().enumerate().map(|(i, a)| {
                            let search = {
                                let (d, a) = (ctx.dispatch.clone(), a.clone());
                                Callback::from(move |_: MouseEvent| {
                                    d.dispatch(Action::SetText(a.clone()));
                                    d.dispatch(Action::SubmitText);
                                })
                            };
                            html! {
                                <>
                                    if i > 0 { { ", " } }
                                    <button type="button" class="ca-author" aria-label={ctx.t(Msg::SearchAuthor(a))} onclick={search}>{ a.clone() }</button>
                                </>
                            }
                        }) }
                    </p>
                }
                if !descriptors.is_empty() {
                    <ul class="ca-dchips" role="list" aria-label={ctx.t(Msg::Descriptors)}>{ for descriptors }</ul>
                }
                <p class="ca-card-actions">
                    <button type="button" class="ca-details" aria-label={ctx.t(Msg::OpenResource(&record.title))}
                        onclick={ctx.on::<MouseEvent>(Action::Open(Open::Resource(hit.resource)))}>{ ctx.t(Msg::Details) }<span aria-hidden="true">{ " ›" }</span></button>
                    { cart_toggle(&ctx, hit) }
                </p>
            </article>
        </li>
    }
}
