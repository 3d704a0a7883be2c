//! The buttons that open the sheets: the cart (with its count, and, when the browser refuses to
//! keep it, a note saying it will be lost with the page), the path (history) and help;
//! and "copy link", which puts the address of the current view (the URL with its fragment, see
//! `fragment`) on the clipboard and says so.

use super::use_ctx;
use crate::ui::i18n::Msg;
use crate::ui::state::{Action, Sheet};
use yew::prelude::*;

#[function_component]
pub fn Toolbar() -> Html {
    let ctx = use_ctx();
    let copied = use_state(|| false);
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
            if ctx.state.storage_failed {
                <p class="ca-storage-note" role="status">{ ctx.t(Msg::StorageFailed) }</p>
            }
            { button(Sheet::History, ctx.t(Msg::History), "ca-tool-history") }
            { button(Sheet::Help, ctx.t(Msg::Help), "ca-tool-help") }
            <button type="button" class="ca-tool ca-tool-link" onclick={copy_link(copied.clone())}>{ ctx.t(Msg::CopyLink) }</button>
            <span class="ca-copied" role="status">{ if *copied { ctx.t(Msg::LinkCopied) } else { String::new() } }</span>
        </div>
    }
}

/// Copies the page's address (with this view in its fragment) through `navigator.clipboard`
/// (reached through `Reflect`: one call does not need the web-sys clipboard bindings), then
/// sets `copied`. Without a clipboard (an insecure page, a refusal) nothing is said.
fn copy_link(copied: UseStateHandle<bool>) -> Callback<MouseEvent> {
    use js_sys::Reflect;
    use wasm_bindgen::{JsCast, JsValue};
    Callback::from(move |_: MouseEvent| {
        let copied = copied.clone();
        let run = || -> Option<js_sys::Promise> {
            let window = web_sys::window()?;
            let href = window.location().href().ok()?;
            let navigator = Reflect::get(&window, &"navigator".into()).ok()?;
            let clipboard = Reflect::get(&navigator, &"clipboard".into()).ok().filter(|c| !c.is_undefined())?;
            let write: js_sys::Function = Reflect::get(&clipboard, &"writeText".into()).ok()?.dyn_into().ok()?;
            write.call1(&clipboard, &JsValue::from_str(&href)).ok()?.dyn_into().ok()
        };
        if let Some(promise) = run() {
            wasm_bindgen_futures::spawn_local(async move {
                if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
                    copied.set(true);
                }
            });
        }
    })
}
