//! The results of the current page, or, when there are none, the query to try instead (the
//! nearest words of the index, see `Results::did_you_mean`) and what to remove.

use super::selection_chips::{chip_buttons, chips};
use super::{use_slow_ctx, ResultCard};
use crate::ui::i18n::Msg;
use crate::ui::state::Action;
use yew::prelude::*;

#[function_component]
pub fn ResultList() -> Html {
    let ctx = use_slow_ctx();
    let s = &ctx.state;
    let Some(page) = s.page.clone() else {
        return html! { <div class="ca-skeleton" aria-hidden="true"></div> };
    };
    if page.total == 0 {
        let list = chips(&ctx);
        let has_text = !s.view.text.trim().is_empty();
        return html! {
            <div class="ca-empty">
                <p class="ca-empty-title">{ ctx.t(Msg::NoResults) }</p>
                if let Some(q) = page.did_you_mean.clone() {
                    <p><button type="button" class="ca-did-you-mean" onclick={{
                        let d = ctx.dispatch.clone();
                        Callback::from(move |_: MouseEvent| {
                            d.dispatch(Action::SetText(q.clone()));
                            d.dispatch(Action::SubmitText);
                        })
                    }}>{ ctx.t(Msg::DidYouMean(page.did_you_mean.as_deref().unwrap_or_default())) }</button></p>
                }
                if !list.is_empty() {
                    <p>{ ctx.t(Msg::EmptyHint) }</p>
                    <ul class="ca-chips" role="list">{ chip_buttons(&ctx, list) }</ul>
                }
                if has_text {
                    <p>{ ctx.t(Msg::EmptyHintWords) }</p>
                }
            </div>
        };
    }
    let first = s.view.page * s.options.page_size + 1;
    html! {
        <ol class="ca-list" start={first.to_string()}>
            { for (0..page.hits.len()).map(|i| html! { <ResultCard key={i} page={page.clone()} index={i} /> }) }
        </ol>
    }
}
