//! Paging: previous, next and page numbers (the first, the last, and those around the
//! current one). Changing page moves focus to the results heading, so that a keyboard or
//! screen-reader user starts reading the new page from its top.

use super::use_slow_ctx;
use crate::ui::i18n::{number, Msg};
use crate::ui::app::focus_in_widget;
use crate::ui::state::Action;
use yew::prelude::*;

/// The page numbers (0-based) to offer, with `None` for a gap.
pub fn window(current: u32, pages: u32) -> Vec<Option<u32>> {
    let mut out = Vec::new();
    let mut last: Option<u32> = None;
    for p in 0..pages {
        if p == 0 || p + 1 == pages || p.abs_diff(current) <= 1 {
            if last.is_some_and(|l| l + 1 != p) {
                out.push(None);
            }
            out.push(Some(p));
            last = Some(p);
        }
    }
    out
}

#[function_component]
pub fn Pager() -> Html {
    let ctx = use_slow_ctx();
    let s = &ctx.state;
    let Some(page) = &s.page else { return html! {} };
    let size = s.options.page_size.max(1);
    let pages = page.total.div_ceil(size);
    if pages <= 1 {
        return html! {};
    }
    let current = s.view.page.min(pages - 1);
    let heading = ctx.id("results-title");
    let go = |p: u32| {
        let d = ctx.dispatch.clone();
        let heading = heading.clone();
        Callback::from(move |e: MouseEvent| {
            d.dispatch(Action::SetPage(p));
            focus_in_widget(&e, &heading);
        })
    };
    html! {
        <nav class="ca-pager" aria-label={ctx.t(Msg::Pages)}>
            <ul role="list">
                <li>
                    <button type="button" class="ca-page-step" disabled={current == 0} onclick={go(current.saturating_sub(1))}>
                        <span aria-hidden="true">{ "‹ " }</span>{ ctx.t(Msg::Previous) }
                    </button>
                </li>
                { for window(current, pages).into_iter().map(|p| match p {
                    None => html! { <li class="ca-gap" aria-hidden="true">{ "…" }</li> },
                    Some(p) => html! {
                        <li>
                            <button type="button" class={classes!("ca-page", (p == current).then_some("ca-current"))}
                                aria-current={(p == current).then_some("page")} aria-label={ctx.t(Msg::PageN(p + 1))} onclick={go(p)}>
                                { number(ctx.ui(), p + 1) }
                            </button>
                        </li>
                    },
                }) }
                <li>
                    <button type="button" class="ca-page-step" disabled={current + 1 >= pages} onclick={go(current + 1)}>
                        { ctx.t(Msg::Next) }<span aria-hidden="true">{ " ›" }</span>
                    </button>
                </li>
            </ul>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::window;

    #[test]
    fn the_pager_offers_the_ends_and_the_neighbours_of_the_current_page() {
        assert_eq!(window(0, 3), vec![Some(0), Some(1), Some(2)]);
        assert_eq!(window(5, 10), vec![Some(0), None, Some(4), Some(5), Some(6), None, Some(9)]);
        assert_eq!(window(0, 10), vec![Some(0), Some(1), None, Some(9)]);
    }
}
