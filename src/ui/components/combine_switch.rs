//! AND / OR for the descriptors selected within a dimension (`Query::combine`), with a
//! one-sentence explanation, shown once two descriptors are chosen (before that it changes
//! nothing, and would only be one more thing to read on the first screen).

use super::use_slow_ctx;
use crate::engine::Combine;
use crate::ui::i18n::Msg;
use crate::ui::state::Action;
use yew::prelude::*;

#[function_component]
pub fn CombineSwitch() -> Html {
    let ctx = use_slow_ctx();
    let combine = ctx.state.view.combine;
    if ctx.state.view.selections.len() < 2 {
        return html! {};
    }
    let name = ctx.id("combine");
    let help = ctx.id("combine-help");
    let radio = |value: Combine, msg: Msg<'static>| {
        let id = format!("{name}-{}", if value == Combine::And { "and" } else { "or" });
        html! {
            <label for={id.clone()} class="ca-radio">
                <input type="radio" id={id} name={name.clone()} checked={combine == value}
                    onchange={ctx.on::<Event>(Action::SetCombine(value))} />
                { ctx.t(msg) }
            </label>
        }
    };
    html! {
        <fieldset class="ca-combine" aria-describedby={help.clone()}>
            <legend>{ ctx.t(Msg::CombineLabel) }</legend>
            { radio(Combine::Or, Msg::CombineOr) }
            { radio(Combine::And, Msg::CombineAnd) }
            <p id={help} class="ca-help">{ ctx.t(Msg::CombineHelp) }</p>
        </fieldset>
    }
}
