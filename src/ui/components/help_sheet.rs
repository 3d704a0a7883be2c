//! Help: the matrix legend (every family of the matrix's two dimensions with its number or
//! letter, colour and icon, all from the index), what the matrix's shades and marks mean (drawn
//! with the matrix's own classes), a short navigation guide, and the whole thesaurus two ways:
//! its descriptors from A to Z (under their initials) and its hierarchy as nested lists
//! (dimension, family, narrower descriptors). Each of the two is folded behind a disclosure
//! button (they are long), and each entry is a button that opens its descriptor, so both are
//! read and used like any list of links, by keyboard and screen reader.

use super::{concept_link, swatch, use_ctx};
use crate::model::ConceptId;
use crate::ui::app::Ctx;
use crate::ui::i18n::{Msg, GUIDE_STEPS};
use crate::ui::state::Action;
use yew::prelude::*;

/// Levels of the hierarchy shown at most (a guard against cycles in odd data).
const MAX_DEPTH: usize = 12;

/// `c`'s entry and, nested, those of its narrower descriptors.
fn branch(ctx: &Ctx, c: ConceptId, depth: usize) -> Html {
    let Some(atlas) = ctx.atlas() else { return html! {} };
    let kids: Vec<ConceptId> = atlas.concept(c).narrower.iter().copied().filter(|&k| atlas.shows(k, ctx.state.view.whole_atlas)).collect();
    html! {
        <li>
            { concept_link(ctx, c, ctx.visited.contains(&c)) }
            if !kids.is_empty() && depth < MAX_DEPTH {
                <ul role="list">{ for kids.into_iter().map(|k| branch(ctx, k, depth + 1)) }</ul>
            }
        </li>
    }
}

/// A disclosure button for one of the long lists, and the list once unfolded.
fn disclosure(ctx: &Ctx, open: &UseStateHandle<bool>, title: Msg<'_>, key: &str, body: impl FnOnce() -> Html) -> Html {
    let id = ctx.id(key);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    html! {
        <>
            <h4><button type="button" class="ca-more" aria-expanded={open.to_string()} aria-controls={id.clone()} onclick={toggle}>{ ctx.t(title) }</button></h4>
            <div {id} class="ca-thesaurus">{ if **open { body() } else { html! {} } }</div>
        </>
    }
}

#[function_component]
pub fn HelpSheet() -> Html {
    let ctx = use_ctx();
    let (a_to_z, tree) = (use_state(|| false), use_state(|| false));
    let Some(atlas) = ctx.atlas() else { return html! {} };
    let langs = &ctx.langs;
    let th = &atlas.manifest.thesaurus;
    let title_id = ctx.id("sheet-title");
    let dims: Vec<u16> = match atlas.matrix() {
        Some((r, c)) => vec![r, c],
        None => (0..th.dimensions.len() as u16).collect(),
    };
    let legend: Html = dims
        .iter()
        .filter_map(|&d| th.dimensions.get(d as usize))
        .map(|dim| {
            let items: Html = dim
                .families
                .iter()
                .map(|f| html! {
                    <li>
                        { swatch(f.colour.as_deref()) }
                        { super::family_icon::family_icon(f.icon.as_deref(), ctx.state.options.emoji) }
                        <span class="ca-notation">{ th.concept(f.concept).notation.clone().unwrap_or_default() }</span>
                        { " " }{ atlas.label(f.concept, langs).to_string() }
                    </li>
                })
                .collect();
            html! {
                <div class="ca-legend-dimension">
                    <h4>{ dim.labels.best(langs).unwrap_or(&dim.id).to_string() }</h4>
                    <ul class="ca-legend" role="list">{ items }</ul>
                </div>
            }
        })
        .collect();
    html! {
        <section id={ctx.id("sheet")} class="ca-sheet ca-help-sheet" aria-labelledby={title_id.clone()}>
            <div class="ca-panel-bar">
                <h3 id={title_id} class="ca-sheet-title">{ ctx.t(Msg::Legend) }</h3>
                <button type="button" class="ca-close" onclick={ctx.on::<MouseEvent>(Action::ShowSheet(None))}>{ format!("× {}", ctx.t(Msg::Close)) }</button>
            </div>
            <div class="ca-legends">{ legend }</div>
            <h4>{ ctx.t(Msg::ReadingTheMatrix) }</h4>
            <p>{ ctx.t(Msg::HeatHelp) }</p>
            <ul class="ca-shades" aria-hidden="true">
                { for (0..=5u32).map(|h| html! { <li class={classes!("ca-cell", "ca-sample", format!("ca-heat-{h}"))}>{ ["0", "1", "2", "5", "10", "20"][h as usize] }</li> }) }
            </ul>
            <p>
                <span class="ca-cell ca-sample ca-heat-2 ca-has-visited" aria-hidden="true">{ "3" }</span>{ " " }{ ctx.t(Msg::VisitedHelp) }
            </p>
            <p>
                <span class="ca-cell ca-sample ca-heat-2 ca-in-open" aria-hidden="true">{ "3" }</span>{ " " }{ ctx.t(Msg::OpenCellHelp) }
            </p>
            <h4>{ ctx.t(Msg::Guide) }</h4>
            <ol class="ca-guide">{ for (0..GUIDE_STEPS).map(|i| html! { <li>{ ctx.t(Msg::GuideStep(i)) }</li> }) }</ol>
            { disclosure(&ctx, &a_to_z, Msg::DescriptorsAtoZ, "a-to-z", || {
                let mut all: Vec<(String, ConceptId)> = th
                    .descriptors()
                    .filter(|&c| atlas.shows(c, ctx.state.view.whole_atlas))
                    .map(|c| (crate::text::fold(atlas.label(c, langs)), c))
                    .collect();
                crate::sort::sort(&mut all);
                // (ASCII capitals only: `char::to_uppercase` would bring 16 KB of Unicode tables.)
                let initial = |s: &str| s.chars().next().map(|c| c.to_ascii_uppercase());
                // One list per initial, under its heading.
                let mut out: Vec<Html> = Vec::new();
                for group in all.chunk_by(|a, b| initial(&a.0) == initial(&b.0)) {
                    out.push(html! { <h5>{ initial(&group[0].0).unwrap_or(' ').to_string() }</h5> });
                    out.push(html! { <ul class="ca-a-to-z" role="list">{ for group.iter().map(|&(_, c)| html! { <li>{ concept_link(&ctx, c, ctx.visited.contains(&c)) }</li> }) }</ul> });
                }
                out.into_iter().collect()
            }) }
            { disclosure(&ctx, &tree, Msg::Hierarchy, "hierarchy", || th.dimensions.iter().map(|dim| html! {
                <>
                    <h5>{ dim.labels.best(langs).unwrap_or(&dim.id).to_string() }</h5>
                    <ul class="ca-hierarchy" role="list">
                        { for dim.families.iter().filter(|f| atlas.shows(f.concept, ctx.state.view.whole_atlas)).map(|f| branch(&ctx, f.concept, 0)) }
                    </ul>
                </>
            }).collect()) }
        </section>
    }
}
