//! The descriptors and resources offered while typing: the listbox of the
//! [`SearchBox`](super::SearchBox) combobox. Descriptors first (choosing one selects it), then
//! the first results' titles (choosing one opens the resource's panel).
//!
//! Each option shows the descriptor's label in the visitor's language and, when the label
//! that matched is another (another language, an alternative label), that one in parentheses:
//! typing "housing" on a French page offers "habitat et logement (housing)". Options are chosen
//! with a click (the mouse-down is cancelled so the field keeps focus) or Enter in the field.

use super::{swatch, use_ctx};
use crate::ui::i18n::Msg;
use crate::ui::state::Action;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SuggestionsProps {
    /// The listbox id, which the combobox's `aria-controls` names.
    pub id: AttrValue,
    pub open: bool,
}

#[function_component]
pub fn Suggestions(props: &SuggestionsProps) -> Html {
    let ctx = use_ctx();
    let s = &ctx.state;
    let atlas = ctx.atlas();
    let options = match (&atlas, props.open) {
        (Some(atlas), true) => s
            .suggestions
            .iter()
            .enumerate()
            .map(|(i, sug)| {
                let label = atlas.label(sug.concept, &ctx.langs);
                let other = (sug.matched_label.trim() != label.trim()).then(|| sug.matched_label.clone());
                let notation = atlas.concept(sug.concept).notation.clone();
                let active = s.active_suggestion == Some(i);
                let marks = atlas.label_marks(sug.concept, &ctx.langs, ctx.ui());
                let onmousedown = Callback::from(|e: MouseEvent| e.prevent_default());
                html! {
                    <li id={format!("{}-{i}", props.id)} role="option" aria-selected={active.to_string()}
                        class={classes!("ca-option", active.then_some("ca-active"))}
                        {onmousedown} onclick={ctx.on::<MouseEvent>(Action::ChooseSuggestion(i))}>
                        { swatch(atlas.colour(sug.concept)) }
                        <span class="ca-option-label" lang={marks.0} dir={marks.1}>{ label.to_string() }</span>
                        if let Some(other) = other {
                            <span class="ca-option-match" lang={sug.matched_lang.as_str().to_string()}>{ format!(" ({other})") }</span>
                        }
                        if let Some(n) = notation {
                            <span class="ca-notation">{ n }</span>
                        }
                    </li>
                }
            })
            .chain(s.suggested_resources.iter().enumerate().map(|(j, (_, title))| {
                let i = s.suggestions.len() + j;
                let active = s.active_suggestion == Some(i);
                let onmousedown = Callback::from(|e: MouseEvent| e.prevent_default());
                html! {
                    <li id={format!("{}-{i}", props.id)} role="option" aria-selected={active.to_string()}
                        class={classes!("ca-option", "ca-option-resource", active.then_some("ca-active"))}
                        {onmousedown} onclick={ctx.on::<MouseEvent>(Action::ChooseSuggestion(i))}>
                        <span class="ca-option-kind">{ super::family_icon::svg_icon(super::family_icon::builtin("document").unwrap_or_default()) }</span>
                        <span class="ca-option-label">{ title.clone() }</span>
                    </li>
                }
            }))
            .collect::<Html>(),
        _ => html! {},
    };
    html! {
        <ul id={props.id.clone()} role="listbox" class="ca-listbox" aria-label={ctx.t(Msg::SuggestionsLabel)} hidden={!props.open}>
            { options }
        </ul>
    }
}
