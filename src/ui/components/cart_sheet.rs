//! The cart: the resources set aside, kept across visits, with their exports (CSV, RIS, a
//! printable list) and "empty". An entry the current index no longer has says so and keeps its
//! link. A title in another language than the interface's says which (`lang`, and `dir` for a
//! right-to-left script), as every label of the widget does.

use super::use_ctx;
use crate::ui::browser;
use crate::ui::display::safe_href;
use crate::ui::i18n::Msg;
use crate::ui::keep;
use crate::ui::state::{Action, Open};
use yew::prelude::*;

#[function_component]
pub fn CartSheet() -> Html {
    let ctx = use_ctx();
    let cart = ctx.state.cart.clone();
    let title_id = ctx.id("sheet-title");
    let close = ctx.on::<MouseEvent>(Action::ShowSheet(None));
    let items: Html = cart
        .iter()
        .map(|e| {
            // The date as the reader writes it (kept in ISO form, which any release can read).
            let date = e.date.as_deref().map(|d| crate::model::PartialDate::parse(d).map_or_else(|_| d.to_string(), |d| crate::ui::i18n::date(ctx.ui(), d)));
            let detail = [Some(e.site_name.clone()), e.kind.clone(), date].into_iter().flatten().collect::<Vec<_>>().join(" · ");
            let open = (!e.missing).then(|| ctx.on::<MouseEvent>(Action::Open(Open::Resource(e.resource))));
            let (lang, dir) = e.lang.as_deref().and_then(|l| crate::model::Lang::parse(l).ok()).filter(|l| l.primary() != ctx.ui().code())
                .map_or((None, None), |l| (Some(l.as_str().to_string()), crate::ui::state::is_rtl(&l).then_some("rtl")));
            html! {
                <li key={format!("{}/{}", e.site, e.id)} class={classes!("ca-cart-item", e.missing.then_some("ca-missing"))}>
                    if let Some(open) = open {
                        <button type="button" class="ca-neighbour" onclick={open} lang={lang.clone()} {dir}>{ e.title.clone() }</button>
                    } else {
                        <span class="ca-cart-title" {lang} {dir}>{ e.title.clone() }</span>
                    }
                    <span class="ca-meta">{ detail }</span>
                    if e.missing { <span class="ca-missing-note">{ ctx.t(Msg::CartMissing) }</span> }
                    if let Some(href) = safe_href(&e.url) {
                        <a href={href.to_string()} rel="noopener noreferrer" class="ca-cart-link">{ ctx.t(Msg::ReadOn(&e.site_name)) }</a>
                    }
                    <button type="button" class="ca-remove" aria-label={ctx.t(Msg::Remove(&e.title))} onclick={ctx.on::<MouseEvent>(Action::ToggleCart(e.clone()))}>{ "×" }</button>
                </li>
            }
        })
        .collect();
    let csv = {
        let cart = cart.clone();
        Callback::from(move |_: MouseEvent| browser::download("commons-atlas-cart.csv", "text/csv", &keep::to_csv(&cart)))
    };
    let ris = {
        let cart = cart.clone();
        Callback::from(move |_: MouseEvent| browser::download("commons-atlas-cart.ris", "application/x-research-info-systems", &keep::to_ris(&cart)))
    };
    let print = {
        let (cart, title, lang) = (cart.clone(), ctx.t(Msg::Cart), ctx.ui().code());
        Callback::from(move |_: MouseEvent| {
            let items: Vec<_> = cart
                .iter()
                .map(|e| {
                    let detail = [Some(e.site_name.clone()), e.kind.clone(), e.date.clone(), (!e.authors.is_empty()).then(|| e.authors.join(", "))].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                    (e.title.clone(), detail, Some(e.url.clone()))
                })
                .collect();
            browser::print_page(&keep::printable(lang, &title, &items), keep::PRINT_CSS);
        })
    };
    let empty = cart.is_empty();
    html! {
        <section id={ctx.id("sheet")} class="ca-sheet ca-cart" aria-labelledby={title_id.clone()} data-sheet="Cart">
            <div class="ca-panel-bar">
                <h3 id={title_id} class="ca-sheet-title">{ ctx.t(Msg::CartButton(cart.len())) }</h3>
                <button type="button" class="ca-close" onclick={close}>{ format!("× {}", ctx.t(Msg::Close)) }</button>
            </div>
            if empty {
                <p>{ ctx.t(Msg::CartEmpty) }</p>
            } else {
                <ol class="ca-cart-list">{ items }</ol>
                <p class="ca-sheet-actions">
                    <button type="button" onclick={csv}>{ ctx.t(Msg::ExportCsv) }</button>
                    <button type="button" onclick={ris}>{ ctx.t(Msg::ExportRis) }</button>
                    <button type="button" onclick={print}>{ ctx.t(Msg::Print) }</button>
                    <button type="button" onclick={ctx.on::<MouseEvent>(Action::ClearCart)}>{ ctx.t(Msg::Clear) }</button>
                </p>
            }
        </section>
    }
}
