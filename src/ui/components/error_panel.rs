//! Why the atlas cannot be shown: an index that is missing, corrupt or of another format
//! version, a new release this widget cannot open, or no index at all. An alert inside the element; the host page is untouched. The
//! technical detail goes to the console, for the webmaster.

use super::use_ctx;
use crate::ui::i18n::Msg;
use crate::ui::state::Problem;
use yew::prelude::*;

/// "Reload the page": what a release this widget cannot read asks for (the page then loads the
/// loader, widget and index of the same release). A function, not a component: a component
/// costs the wasm more than this button.
pub fn reload_button(ctx: &crate::ui::app::Ctx) -> Html {
    let reload = Callback::from(|_: MouseEvent| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    });
    html! { <button type="button" class="ca-retry ca-reload" onclick={reload}>{ ctx.t(Msg::ReloadPage) }</button> }
}

#[derive(Properties, PartialEq)]
pub struct ErrorPanelProps {
    pub problem: Problem,
    pub retry: Callback<()>,
}

#[function_component]
pub fn ErrorPanel(props: &ErrorPanelProps) -> Html {
    let ctx = use_ctx();
    let (msg, can_retry, kind) = match props.problem {
        Problem::NoIndex => (Msg::ErrorNoIndex, false, "noindex"),
        Problem::Missing => (Msg::ErrorMissing, true, "missing"),
        Problem::Corrupt => (Msg::ErrorCorrupt, false, "corrupt"),
        Problem::Version => (Msg::ErrorVersion, false, "version"),
        Problem::Network => (Msg::ErrorNetwork, true, "network"),
        Problem::Updated => (Msg::ErrorUpdated, false, "updated"),
    };
    html! {
        <div class="ca-error" role="alert" data-problem={kind}>
            <p>{ ctx.t(msg) }</p>
            if can_retry {
                <button type="button" class="ca-retry" onclick={props.retry.reform(|_: MouseEvent| ())}>{ ctx.t(Msg::Retry) }</button>
            }
            if props.problem == Problem::Updated {
                { reload_button(&ctx) }
            }
        </div>
    }
}
