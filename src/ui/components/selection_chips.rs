//! What is selected, as removable chips ("remove …" buttons), with "clear all".
//!
//! [`chips`] is shared with the empty state of the results, which offers the same chips as
//! things to remove.

use super::use_ctx;
use crate::ui::app::Ctx;
use crate::ui::i18n::Msg;
use crate::model::ConceptId;
use crate::ui::state::{Action, Open};
use yew::prelude::*;

/// A chip: its label and the action that removes it.
pub struct Chip {
    pub label: String,
    pub remove: Action,
    /// The descriptor a chip names, which an ⓘ button beside it opens.
    pub concept: Option<ConceptId>,
}

/// Every condition of the current view, as chips.
pub fn chips(ctx: &Ctx) -> Vec<Chip> {
    let Some(atlas) = ctx.atlas() else { return Vec::new() };
    let v = &ctx.state.view;
    let m = &atlas.manifest;
    let langs = &ctx.langs;
    let mut out = Vec::new();
    let text = v.text.trim();
    if !text.is_empty() {
        out.push(Chip { label: ctx.t(Msg::TextChip(text)), remove: Action::SetText(String::new()), concept: None });
    }
    let named = |c| atlas.named(c, langs);
    for s in &v.selections {
        out.push(Chip { label: named(s.concept), remove: Action::ToggleConcept(*s), concept: Some(s.concept) });
    }
    for c in &v.cells {
        out.push(Chip { label: ctx.t(Msg::CellChip(&named(c.row), &named(c.column))), remove: Action::ToggleCell(*c), concept: None });
    }
    for &s in &v.sites {
        if let Some(site) = m.sites.get(s as usize) {
            out.push(Chip { label: site.name.clone(), remove: Action::ToggleSite(s), concept: None });
        }
    }
    for &t in &v.types {
        if let Some(label) = atlas.type_label(t, langs) {
            out.push(Chip { label: label.to_string(), remove: Action::ToggleType(t), concept: None });
        }
    }
    for &l in &v.langs {
        if let Some(code) = m.languages.get(l as usize) {
            out.push(Chip { label: ctx.t(Msg::LangName(code.primary())), remove: Action::ToggleLang(l), concept: None });
        }
    }
    for p in &v.places {
        out.push(Chip { label: super::filter_facet::place_label(ctx, p), remove: Action::TogglePlace(p.clone()), concept: None });
    }
    if let Some((a, b)) = v.years {
        out.push(Chip { label: ctx.t(Msg::YearRange(a, b)), remove: Action::SetYears(None), concept: None });
    }
    out
}

/// Chips as buttons.
pub fn chip_buttons(ctx: &Ctx, list: Vec<Chip>) -> Html {
    list.into_iter()
        .map(|c| {
            // A descriptor's chip says the language of its label, as every thesaurus label does.
            let (lang, dir) = match (c.concept, ctx.atlas()) {
                (Some(concept), Some(atlas)) => atlas.label_marks(concept, &ctx.langs, ctx.ui()),
                _ => (None, None),
            };
            html! {
                <li>
                    <button type="button" class="ca-chip" aria-label={ctx.t(Msg::Remove(&c.label))} onclick={ctx.on::<MouseEvent>(c.remove)}>
                        <span {lang} {dir}>{ c.label.clone() }</span><span class="ca-chip-x" aria-hidden="true">{ "×" }</span>
                    </button>
                    if let Some(concept) = c.concept {
                        { info_button(ctx, concept, &c.label) }
                    }
                </li>
            }
        })
        .collect()
}

/// The ⓘ button that opens a descriptor's panel.
pub fn info_button(ctx: &Ctx, concept: ConceptId, label: &str) -> Html {
    html! {
        <button type="button" class="ca-info" aria-label={ctx.t(Msg::OpenDescriptor(label))} title={ctx.t(Msg::OpenDescriptor(label))}
            onclick={ctx.on::<MouseEvent>(Action::Open(Open::Concept(concept)))}><span class="ca-info-i" aria-hidden="true">{ "i" }</span></button>
    }
}

#[function_component]
pub fn SelectionChips() -> Html {
    let ctx = use_ctx();
    let list = chips(&ctx);
    if list.is_empty() {
        return html! {};
    }
    let heading = ctx.id("selection");
    html! {
        <div class="ca-selection" role="group" aria-labelledby={heading.clone()}>
            <span id={heading} class="ca-selection-title">{ ctx.t(Msg::CurrentSelection) }</span>
            <ul class="ca-chips" role="list">{ chip_buttons(&ctx, list) }</ul>
            <button type="button" class="ca-clear" onclick={ctx.on::<MouseEvent>(Action::ClearAll)}>{ ctx.t(Msg::ClearAll) }</button>
        </div>
    }
}
