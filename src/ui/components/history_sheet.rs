//! The path: the descriptors and resources visited, in order, kept across visits; printable
//! (a page of its own with a print stylesheet) and clearable.

use super::use_ctx;
use crate::ui::browser;
use crate::ui::fragment::read_key;
use crate::ui::i18n::Msg;
use crate::ui::keep;
use crate::ui::state::{Action, Open};
use yew::prelude::*;

#[function_component]
pub fn HistorySheet() -> Html {
    let ctx = use_ctx();
    let Some(atlas) = ctx.atlas() else { return html! {} };
    let history = ctx.state.history.clone();
    let title_id = ctx.id("sheet-title");
    let langs = ctx.langs.clone();
    // A visited descriptor shows under its label of today, in today's language.
    let label = |v: &keep::Visit| -> String {
        v.concept.as_deref().and_then(read_key).and_then(|k| atlas.resolve(&k)).map_or_else(|| v.label.clone(), |c| atlas.label(c, &langs).to_string())
    };
    let items: Html = history
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let concept = v.concept.as_deref().and_then(read_key).and_then(|k| atlas.resolve(&k));
            let text = label(v);
            // A descriptor's label says its language, as everywhere in the widget.
            let (lang, dir) = concept.map_or((None, None), |c| atlas.label_marks(c, &langs, ctx.ui()));
            html! {
                <li key={i}>
                    if let Some(c) = concept {
                        <button type="button" class="ca-neighbour" onclick={ctx.on::<MouseEvent>(Action::Open(Open::Concept(c)))}><span {lang} {dir}>{ text }</span></button>
                    } else if let Some(url) = v.url.as_deref().and_then(crate::ui::display::safe_href) {
                        <a href={url.to_string()} rel="noopener noreferrer">{ text }</a>
                    } else {
                        <span>{ text }</span>
                    }
                </li>
            }
        })
        .collect();
    let print = {
        let (history, title, lang) = (history.clone(), ctx.t(Msg::History), ctx.ui().code());
        let labels: Vec<String> = history.iter().map(label).collect();
        Callback::from(move |_: MouseEvent| {
            let items: Vec<_> = history.iter().zip(&labels).map(|(v, l)| (l.clone(), String::new(), v.url.clone())).collect();
            browser::print_page(&keep::printable(lang, &title, &items), keep::PRINT_CSS);
        })
    };
    html! {
        <section id={ctx.id("sheet")} class="ca-sheet ca-history" aria-labelledby={title_id.clone()}>
            <div class="ca-panel-bar">
                <h3 id={title_id} class="ca-sheet-title">{ ctx.t(Msg::History) }</h3>
                <button type="button" class="ca-close" onclick={ctx.on::<MouseEvent>(Action::ShowSheet(None))}>{ format!("× {}", ctx.t(Msg::Close)) }</button>
            </div>
            if history.is_empty() {
                <p>{ ctx.t(Msg::HistoryEmpty) }</p>
            } else {
                <ol class="ca-path">{ items }</ol>
                <p class="ca-sheet-actions">
                    <button type="button" onclick={print}>{ ctx.t(Msg::PrintPath) }</button>
                    <button type="button" onclick={ctx.on::<MouseEvent>(Action::ClearHistory)}>{ ctx.t(Msg::Clear) }</button>
                </p>
            }
        </section>
    }
}
