//! The interface language (and with it, the language of thesaurus labels), in the header.

use super::use_ctx;
use crate::ui::i18n::{Msg, UiLang};
use crate::ui::state::Action;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[function_component]
pub fn LanguageSwitch() -> Html {
    let ctx = use_ctx();
    let ui = ctx.ui();
    let id = ctx.id("lang");
    let onchange = {
        let d = ctx.dispatch.clone();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            if let Some(l) = UiLang::from_code(&sel.value()) {
                d.dispatch(Action::SetUi(l));
            }
        })
    };
    html! {
        <div class="ca-langswitch">
            <label for={id.clone()}>{ ctx.t(Msg::LanguageLabel) }</label>
            <select id={id} {onchange}>
                { for UiLang::ALL.iter().map(|l| html! {
                    <option value={l.code()} lang={l.code()} selected={*l == ui}>{ l.native_name() }</option>
                }) }
            </select>
        </div>
    }
}
