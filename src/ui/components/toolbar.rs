//! The buttons that open the sheets: the cart (with its count), the path (history) and help.

use super::use_ctx;
use crate::ui::i18n::Msg;
use crate::ui::state::{Action, Sheet};
use yew::prelude::*;

#[function_component]
pub fn Toolbar() -> Html {
    let ctx = use_ctx();
    let open = ctx.state.sheet;
    let sheet_id = ctx.id("sheet");
    let button = |sheet: Sheet, label: String, class: &'static str| {
        let expanded = open == Some(sheet);
        let action = Action::ShowSheet(if expanded { None } else { Some(sheet) });
        html! {
            <button type="button" class={classes!("ca-tool", class)} aria-expanded={expanded.to_string()} aria-controls={sheet_id.clone()}
                onclick={ctx.on::<MouseEvent>(action)}>{ label }</button>
        }
    };
    html! {
        <div class="ca-toolbar">
            { button(Sheet::Cart, ctx.t(Msg::CartButton(ctx.state.cart.len())), "ca-tool-cart") }
            { button(Sheet::History, ctx.t(Msg::History), "ca-tool-history") }
            { button(Sheet::Help, ctx.t(Msg::Help), "ca-tool-help") }
        </div>
    }
}
