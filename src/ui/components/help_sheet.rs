//! Help: the matrix legend (every family of the matrix's two dimensions with its number or
//! letter, colour and icon, all from the index), what the matrix's shades and marks mean (drawn
//! with the matrix's own classes), and a short navigation guide.

use super::{swatch, use_ctx};
use crate::ui::i18n::{Msg, GUIDE_STEPS};
use crate::ui::state::Action;
use yew::prelude::*;

#[function_component]
pub fn HelpSheet() -> Html {
    let ctx = use_ctx();
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
        </section>
    }
}
