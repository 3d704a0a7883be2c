//! The result count, announced politely to screen readers ("42 results"), with a loading
//! indicator while index chunks arrive, and the alert when some could not be loaded. After a
//! failed search the count is not shown: it was the previous query's, and would read as the
//! answer to this one (the results are greyed out and inert, see `app`).

use super::use_ctx;
use super::error_panel::reload_button;
use crate::ui::i18n::Msg;
use crate::ui::state::Problem;
use yew::prelude::*;

#[function_component]
pub fn StatusLine() -> Html {
    let ctx = use_ctx();
    let s = &ctx.state;
    let size = s.options.page_size.max(1);
    let count = s.page.as_ref().map(|p| {
        let pages = p.total.div_ceil(size);
        let mut text = ctx.t(Msg::ResultCount(p.total));
        if pages > 1 {
            text = format!("{text} · {}", ctx.t(Msg::PageOf(s.view.page.min(pages - 1) + 1, pages)));
        }
        text
    });
    let loading = s.fetching.is_some() || s.page.is_none();
    let failed = s.search_problem;
    let count = count.filter(|_| failed.is_none());
    html! {
        <>
            <p class="ca-status" role="status" aria-live="polite">
                if loading {
                    <span class="ca-spinner" aria-hidden="true"></span>
                    <span class="ca-sr">{ ctx.t(Msg::Searching) }</span>
                }
                <span class={classes!("ca-count-text", loading.then_some("ca-stale"))}>{ count.unwrap_or_default() }</span>
            </p>
            if failed == Some(Problem::Updated) {
                <p class="ca-error ca-inline" role="alert">{ ctx.t(Msg::ErrorUpdated) }{ " " }{ reload_button(&ctx) }</p>
            } else if failed.is_some() {
                <p class="ca-error ca-inline" role="alert">
                    { ctx.t(Msg::ErrorNetwork) }{ " " }
                    <button type="button" class="ca-retry" onclick={ctx.retry.reform(|_: MouseEvent| ())}>{ ctx.t(Msg::Retry) }</button>
                </p>
            }
        </>
    }
}
