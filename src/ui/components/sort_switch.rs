//! Relevance, newest or oldest first.

use super::use_slow_ctx;
use crate::engine::Sort;
use crate::ui::i18n::Msg;
use crate::ui::state::Action;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[function_component]
pub fn SortSwitch() -> Html {
    let ctx = use_slow_ctx();
    let sort = ctx.state.view.sort;
    let id = ctx.id("sort");
    let onchange = {
        let d = ctx.dispatch.clone();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            d.dispatch(Action::SetSort(match sel.value().as_str() {
                "date" => Sort::Date,
                "oldest" => Sort::Oldest,
                _ => Sort::Relevance,
            }));
        })
    };
    html! {
        <div class="ca-sort">
            <label for={id.clone()}>{ ctx.t(Msg::SortLabel) }</label>
            <select id={id} {onchange}>
                <option value="relevance" selected={sort == Sort::Relevance}>{ ctx.t(Msg::SortRelevance) }</option>
                <option value="date" selected={sort == Sort::Date}>{ ctx.t(Msg::SortDate) }</option>
                <option value="oldest" selected={sort == Sort::Oldest}>{ ctx.t(Msg::SortOldest) }</option>
            </select>
        </div>
    }
}
