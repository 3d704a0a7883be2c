//! The search field: a WAI-ARIA combobox (input with `role="combobox"`, `aria-expanded`,
//! `aria-controls`, `aria-activedescendant`) over the [`Suggestions`] listbox.
//!
//! Keys: ArrowDown/ArrowUp move through the suggestions (opening them), Enter chooses the
//! active one (or just closes the list: results already follow the text), Escape closes the
//! list, and a second Escape clears the field. Focus stays in the field throughout.

use super::{use_ctx, Suggestions};
use crate::ui::i18n::Msg;
use crate::ui::state::Action;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[function_component]
pub fn SearchBox() -> Html {
    let ctx = use_ctx();
    let s = &ctx.state;
    let input_id = ctx.id("q");
    let list_id = ctx.id("suggestions");
    let open = s.suggestions_open && s.option_count() > 0 && s.atlas().is_some();
    let active = s.active_suggestion.filter(|_| open);

    let oninput = {
        let d = ctx.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            d.dispatch(Action::SetText(input.value()));
        })
    };
    let onkeydown = {
        let d = ctx.dispatch.clone();
        let has_text = !s.view.text.is_empty();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "ArrowDown" | "Down" => {
                e.prevent_default();
                d.dispatch(Action::MoveSuggestion(1));
            }
            "ArrowUp" | "Up" => {
                e.prevent_default();
                d.dispatch(Action::MoveSuggestion(-1));
            }
            "Enter" => {
                e.prevent_default();
                match active {
                    Some(i) => d.dispatch(Action::ChooseSuggestion(i)),
                    None => d.dispatch(Action::SubmitText),
                }
            }
            "Escape" | "Esc" => {
                if open {
                    e.prevent_default();
                    d.dispatch(Action::OpenSuggestions(false));
                } else if has_text {
                    e.prevent_default();
                    d.dispatch(Action::SetText(String::new()));
                }
            }
            _ => {}
        })
    };
    let onfocus = ctx.on::<FocusEvent>(Action::OpenSuggestions(true));
    let onblur = ctx.on::<FocusEvent>(Action::OpenSuggestions(false));

    html! {
        // Named after the widget's heading, so that two widgets' search landmarks differ as
        // their names do (the `label` option).
        <div class="ca-search" role="search" aria-labelledby={ctx.id("title")}>
            <label for={input_id.clone()} class="ca-search-label">{ ctx.t(Msg::SearchLabel) }</label>
            <div class="ca-combo">
                <span class="ca-search-icon" aria-hidden="true"></span>
                <input
                    id={input_id}
                    class="ca-input"
                    type="search"
                    role="combobox"
                    aria-autocomplete="list"
                    aria-expanded={open.to_string()}
                    aria-controls={list_id.clone()}
                    aria-activedescendant={active.map(|i| format!("{list_id}-{i}"))}
                    autocomplete="off"
                    spellcheck="false"
                    enterkeyhint="search"
                    placeholder={ctx.t(Msg::SearchPlaceholder)}
                    value={s.view.text.clone()}
                    {oninput}
                    {onkeydown}
                    {onfocus}
                    {onblur}
                />
                <Suggestions id={list_id} open={open} />
            </div>
        </div>
    }
}
