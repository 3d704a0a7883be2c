//! "Set aside": puts a resource in the cart, or takes it out (a toggle button).
//!
//! A function of the card or panel that holds it, not a component of its own: each result card
//! carried one, and a component per card (its scope, its context subscription, its own copy of
//! the record as props) cost every keystroke's render more than the button itself.

use crate::ui::app::Ctx;
use crate::ui::i18n::Msg;
use crate::ui::state::{Action, HitView};
use yew::prelude::*;

pub fn cart_toggle(ctx: &Ctx, hit: &HitView) -> Html {
    let Some(atlas) = ctx.atlas() else { return html! {} };
    let Some(entry) = atlas.cart_entry(hit, &ctx.langs) else { return html! {} };
    let pressed = ctx.state.in_cart(&entry.site, &entry.id);
    html! {
        <button type="button" class="ca-cart-toggle" aria-pressed={pressed.to_string()} onclick={ctx.on::<MouseEvent>(Action::ToggleCart(entry))}>
            <span aria-hidden="true">{ if pressed { "★ " } else { "☆ " } }</span>{ ctx.t(Msg::SetAside) }
        </button>
    }
}
