//! For the webmaster: the element's attributes whose values name nothing in the index (`site`,
//! `local-map`, `sub-atlas`). The widget then shows the whole commons or atlas, which looks like
//! a working page; a small notice at its top names the attribute, the value, and the values the
//! index has (or where to find them), so that the mistake is seen where it is made, not only in
//! the console.

use crate::ui::app::Ctx;
use crate::ui::i18n::Msg;
use yew::prelude::*;

/// The notices, or nothing. A function of the root's context rather than a component: it
/// renders with the root, and a component costs the wasm more than this list.
pub fn webmaster_notice(ctx: &Ctx) -> Html {
    let Some(atlas) = ctx.atlas() else { return html! {} };
    if atlas.notices.is_empty() {
        return html! {};
    }
    html! {
        <ul class="ca-notices" role="list">
            { for atlas.notices.iter().map(|n| html! {
                <li class="ca-notice" data-attribute={n.attribute}>{ ctx.t(Msg::WrongAttribute(n.attribute, &n.value, n.valid.as_deref())) }</li>
            }) }
        </ul>
    }
}
