//! The resource panel: one resource's indexing in the atlas.
//!
//! Its metadata, its descriptors grouped by dimension (each opens the descriptor panel), the
//! matrix cells it sits in, its translations (the other-language records of the same resource)
//! and the resources indexed like it (most shared descriptors), with the link out to its member
//! site and the cart button. The data comes from `app.rs` (`load_detail`) as one
//! [`ResourceDetail`](crate::ui::state::ResourceDetail); until then a loading line shows.

use super::{cart_toggle, cell_name, concept_link, panel_bar, swatch, use_ctx, use_focus_on};
use crate::model::ConceptId;
use crate::ui::display::safe_href;
use crate::ui::i18n::{self, Msg};
use crate::ui::state::{Action, HitView, Open};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ResourcePanelProps {
    pub resource: u32,
}

#[function_component]
pub fn ResourcePanel(props: &ResourcePanelProps) -> Html {
    let ctx = use_ctx();
    let heading = use_focus_on((props.resource, ctx.state.detail.as_ref().map(|d| d.main.resource)));
    let Some(atlas) = ctx.atlas() else { return html! {} };
    let langs = &ctx.langs;
    let m = &atlas.manifest;
    let title_id = ctx.id("panel-title");
    let bar = panel_bar(&ctx);
    let detail = ctx.state.detail.clone().filter(|d| d.main.resource == props.resource);
    let Some(detail) = detail else {
        return html! {
            <section class="ca-panel ca-resource-panel" aria-labelledby={title_id.clone()} aria-busy="true">
                { bar }
                <h3 class="ca-panel-title" id={title_id} tabindex="-1" ref={heading}>{ ctx.t(Msg::Loading) }</h3>
            </section>
        };
    };
    let hit = &detail.main;
    let Some(record) = &hit.record else { return html! {} };
    let site = m.sites.get(hit.site as usize);
    let lang = m.languages.get(hit.lang as usize);
    let link = safe_href(&record.url).map(|href| {
        let site_name = site.map(|s| s.name.clone()).unwrap_or_default();
        html! {
            <a class="ca-read-on" href={href.to_string()} rel="noopener noreferrer" target={ctx.state.options.new_tab.then_some("_blank")}>
                { ctx.t(Msg::ReadOn(&site_name)) }
            </a>
        }
    });

    // Descriptors grouped by the dimension they belong to (`Atlas::home_dimension`), each once:
    // in a relational atlas nearly every descriptor sits under a family of each dimension of the
    // matrix, and listing it under both repeated the whole list under every heading. The cells
    // below say where it sits in the matrix.
    let concepts: Vec<ConceptId> = record.descriptors.iter().map(|d| d.concept).filter(|c| c.index() < m.thesaurus.concepts.len()).collect();
    let groups: Html = m
        .thesaurus
        .dimensions
        .iter()
        .enumerate()
        .map(|(d, dim)| {
            let in_dim: Vec<ConceptId> = concepts
                .iter()
                .copied()
                .filter(|&c| atlas.home_dimension(c) as usize == d)
                .collect();
            if in_dim.is_empty() {
                return html! {};
            }
            let items: Html = in_dim
                .iter()
                .map(|&c| html! { <li>{ concept_link(&ctx, c, false) }</li> })
                .collect();
            html! {
                <div class="ca-neighbours" key={d}>
                    <h4>{ dim.labels.best(langs).unwrap_or(&dim.id).to_string() }</h4>
                    <ul role="list">{ items }</ul>
                </div>
            }
        })
        .collect();
    let mut cells: Vec<_> = concepts.iter().flat_map(|&c| atlas.concept(c).cells.iter().copied()).collect();
    crate::sort::sort_dedup(&mut cells);
    let cell_items: Html = cells
        .iter()
        .map(|&cell| html! { <li>{ cell_name(&ctx, cell) }</li> })
        .collect();
    let other = |h: &HitView, extra: Option<String>| -> Html {
        let Some(r) = &h.record else { return html! {} };
        let lang = m.languages.get(h.lang as usize).map(|l| ctx.t(Msg::LangName(l.primary())));
        html! {
            <li key={h.resource}>
                <button type="button" class="ca-neighbour" onclick={ctx.on::<MouseEvent>(Action::Open(Open::Resource(h.resource)))}>{ r.title.clone() }</button>
                <span class="ca-meta">{ [lang, extra].into_iter().flatten().collect::<Vec<_>>().join(" · ") }</span>
            </li>
        }
    };
    let mut meta: Vec<String> = Vec::new();
    if let Some(k) = hit.kind.checked_sub(1).and_then(|t| atlas.type_label(t, langs)) {
        meta.push(k.to_string());
    }
    if let Some(d) = record.date {
        meta.push(i18n::date(ctx.ui(), d));
    }
    if let Some(l) = lang {
        meta.push(ctx.t(Msg::LangName(l.primary())));
    }
    if let Some(p) = record.place.as_deref().or(record.country.as_deref()) {
        meta.push(p.to_string());
    }

    html! {
        <section class="ca-panel ca-resource-panel" aria-labelledby={title_id.clone()}>
            { bar }
            <h3 class="ca-panel-title" id={title_id} tabindex="-1" ref={heading} lang={lang.map(|l| l.as_str().to_string())}>{ record.title.clone() }</h3>
            <p class="ca-meta">
                if let Some(site) = site { <span class="ca-site">{ swatch(site.colour.as_deref()) }{ site.name.clone() }</span>{ " · " } }
                { meta.join(" · ") }
            </p>
            if let Some(sub) = record.subtitle.clone() { <p class="ca-subtitle">{ sub }</p> }
            if let Some(summary) = record.summary.clone() { <p class="ca-summary" lang={lang.map(|l| l.as_str().to_string())}>{ summary }</p> }
            if !record.authors.is_empty() { <p class="ca-authors">{ format!("{} {}", ctx.t(Msg::By), record.authors.join(", ")) }</p> }
            <p class="ca-panel-actions">{ link.unwrap_or_default() }{ cart_toggle(&ctx, &hit) }</p>
            <h4>{ ctx.t(Msg::Descriptors) }</h4>
            <div class="ca-neighbour-lists">{ groups }</div>
            if !cells.is_empty() {
                <h4>{ ctx.t(Msg::InTheAtlas) }</h4>
                <ul class="ca-cells" role="list">{ cell_items }</ul>
            }
            if !detail.translations.is_empty() {
                <h4>{ ctx.t(Msg::Translations) }</h4>
                <ul class="ca-others" role="list">{ for detail.translations.iter().map(|h| other(h, None)) }</ul>
            }
            if !detail.similar.is_empty() {
                <h4>{ ctx.t(Msg::IndexedLike) }</h4>
                <ul class="ca-others" role="list">{ for detail.similar.iter().map(|(h, n)| other(h, Some(ctx.t(Msg::SharedDescriptors(*n))))) }</ul>
            }
        </section>
    }
}
