//! "Set aside": puts a resource in the cart, or takes it out (a toggle button). It follows the
//! slow context (see `SlowCtx`, which changes with the cart), not every keystroke.

use super::use_slow_ctx;
use crate::ui::i18n::Msg;
use crate::ui::state::{Action, HitView};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CartToggleProps {
    pub hit: HitView,
}

#[function_component]
pub fn CartToggle(props: &CartToggleProps) -> Html {
    let ctx = use_slow_ctx();
    let Some(atlas) = ctx.atlas() else { return html! {} };
    let Some(entry) = atlas.cart_entry(&props.hit, &ctx.langs) else { return html! {} };
    let pressed = ctx.state.in_cart(&entry.site, &entry.id);
    html! {
        <button type="button" class="ca-cart-toggle" aria-pressed={pressed.to_string()} onclick={ctx.on::<MouseEvent>(Action::ToggleCart(entry))}>
            <span aria-hidden="true">{ if pressed { "★ " } else { "☆ " } }</span>{ ctx.t(Msg::SetAside) }
        </button>
    }
}
