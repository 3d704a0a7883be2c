//! The descriptor panel: one descriptor of the atlas and its neighbourhood, the main way to
//! browse from descriptor to descriptor.
//!
//! It shows the label in the visitor's language with the other languages' labels and the
//! alternative labels, the notation, the scope note, the matrix cells it sits in (the matrix
//! highlights them too), the desmogram, and its broader, narrower and related descriptors as
//! lists — each a button that moves the panel there. Its documents are the results below the
//! panel: while it is open, the query is limited to resources under it (`Query::focus`), every
//! other condition still applying, so the counts everywhere describe its documents. Back returns
//! to the previously opened descriptor or resource; the browser's Back does too (each move is a
//! history entry). Last come the descriptor's IRI (a link only when it is `http(s)`: the
//! thesaurus is data, never trusted with a scheme) and a permalink to this widget's view of it
//! (the page's address with the fragment `#ca-ID=d:KEY`, see `fragment`).

use super::{cell_name, concept_link, panel_bar, swatch, use_ctx, use_focus_on, Desmogram};
use crate::engine::Selection;
use crate::model::{ConceptId, Lang, NoteKind};
use crate::ui::display::safe_href;
use crate::ui::fragment::{write_part, OpenRef, RawView};
use crate::ui::state::is_rtl;
use crate::ui::i18n::Msg;
use crate::ui::state::Action;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DescriptorPanelProps {
    pub concept: ConceptId,
}

#[function_component]
pub fn DescriptorPanel(props: &DescriptorPanelProps) -> Html {
    let ctx = use_ctx();
    let heading = use_focus_on(props.concept);
    let Some(atlas) = ctx.atlas() else { return html! {} };
    let langs = &ctx.langs;
    let id = props.concept;
    let c = atlas.concept(id);
    let label = atlas.label(id, langs).to_string();
    let title_id = ctx.id("panel-title");
    let lists_id = ctx.id("neighbours");
    let visited = ctx.visited.clone();
    let total = ctx.state.page.as_ref().map(|p| p.total);

    let ui_lang = ctx.ui().lang();
    let (title_lang, title_dir) = atlas.label_marks(id, langs, ctx.ui());
    // Every text of the thesaurus says its language, and runs right to left where its script does.
    let dir_of = |l: &Lang| is_rtl(l).then_some("rtl");
    // The manifest's labels, then those its notes chunk brought (`format::labels`), each language
    // once.
    let mut shown_langs: Vec<&Lang> = Vec::new();
    let other_labels: Vec<Html> = c
        .labels
        .iter()
        .chain(ctx.state.other_labels_of(id).iter().map(|(l, t)| (l, t.as_str())))
        .filter(|(l, _)| {
            let first = !shown_langs.contains(l);
            shown_langs.push(l);
            first
        })
        .filter(|(l, text)| l.primary() != ui_lang.primary() && text.trim() != label.trim())
        .map(|(l, text)| html! { <li><span class="ca-lang-code">{ l.as_str().to_string() }</span>{ " " }<span lang={l.as_str().to_string()} dir={dir_of(l)}>{ text.to_string() }</span></li> })
        .collect();
    let alt_labels: Vec<Html> = c
        .alt_labels
        .iter()
        .filter(|(l, _)| langs.first().is_some_and(|first| l.primary() == first.primary()))
        .map(|(l, text)| html! { <li lang={l.as_str().to_string()} dir={dir_of(l)}>{ text.clone() }</li> })
        .collect();
    // Every note in the visitor's language, in the thesaurus' order; a scope note needs no
    // heading (it is what the panel is about), the other kinds say what they are.
    // They come in a notes chunk, fetched when the panel opens (`format::notes`).
    let notes: Vec<Html> = crate::model::notes_for(ctx.state.notes_of(id).unwrap_or(&[]), langs)
        .into_iter()
        .map(|note| {
            let lang = note.lang.as_str().to_string();
            let dir = dir_of(&note.lang);
            let class = classes!("ca-note", format!("ca-note-{}", note.kind.skos_name()));
            match note.kind {
                NoteKind::Scope => html! { <p {class} lang={lang} {dir}>{ note.text.clone() }</p> },
                kind => html! {
                    <p {class}><span class="ca-note-kind">{ ctx.t(Msg::NoteHeading(kind)) }{ " " }</span><span lang={lang} {dir}>{ note.text.clone() }</span></p>
                },
            }
        })
        .collect();
    let permalink = web_sys::window().map_or_else(String::new, |w| {
        let l = w.location();
        let view = RawView { open: Some(OpenRef::Concept(atlas.key(id))), ..RawView::default() };
        let page = [l.origin(), l.pathname(), l.search()].map(Result::unwrap_or_default).concat();
        format!("{page}#{}", write_part("", &ctx.state.options.instance, &view.encode()))
    });
    let sel = Selection { concept: id, dimension: atlas.home_dimension(id) };
    let selected = ctx.state.view.selections.contains(&sel);

    let neighbour_list = |title: Msg<'_>, ids: &[ConceptId], class: &'static str| -> Html {
        if ids.is_empty() {
            return html! {};
        }
        let items: Html = ids
            .iter()
            .map(|&n| html! { <li>{ concept_link(&ctx, n, visited.contains(&n)) }</li> })
            .collect();
        html! {
            <div class={classes!("ca-neighbours", class)}>
                <h4>{ ctx.t(title) }</h4>
                <ul role="list">{ items }</ul>
            </div>
        }
    };
    let cells: Vec<Html> = c
        .cells
        .iter()
        .map(|&cell| html! { <li>{ cell_name(&ctx, cell) }</li> })
        .collect();
    let families: Vec<Html> = c
        .families
        .iter()
        .filter(|f| **f != id)
        .map(|&f| html! { <li>{ concept_link(&ctx, f, visited.contains(&f)) }</li> })
        .collect();

    html! {
        <section class="ca-panel ca-descriptor-panel" aria-labelledby={title_id.clone()}>
            { panel_bar(&ctx) }
            <h3 class="ca-panel-title" id={title_id} tabindex="-1" ref={heading}>
                { swatch(atlas.colour(id)) }<span lang={title_lang} dir={title_dir}>{ label.clone() }</span>
                if let Some(n) = c.notation.clone() { { " " }<span class="ca-notation">{ n }</span> }
            </h3>
            if !notes.is_empty() { <div class="ca-notes">{ for notes }</div> }
            if !alt_labels.is_empty() {
                <h4>{ ctx.t(Msg::AlsoCalled) }</h4>
                <ul class="ca-inline-list" role="list">{ for alt_labels }</ul>
            }
            if !other_labels.is_empty() {
                <h4>{ ctx.t(Msg::OtherLanguages) }</h4>
                <ul class="ca-inline-list" role="list">{ for other_labels }</ul>
            }
            <button type="button" class="ca-select-descriptor" aria-pressed={selected.to_string()} onclick={ctx.on::<MouseEvent>(Action::ToggleConcept(sel))}>
                { ctx.t(Msg::SelectAsFilter) }
            </button>
            if !cells.is_empty() || !families.is_empty() {
                <h4>{ ctx.t(Msg::InTheAtlas) }</h4>
                <ul class="ca-inline-list" role="list">{ for families }</ul>
                <ul class="ca-cells" role="list">{ for cells }</ul>
            }
            <Desmogram concept={id} described_by={lists_id.clone()} />
            <div id={lists_id} class="ca-neighbour-lists">
                { neighbour_list(Msg::Broader, &c.broader, "ca-broader") }
                { neighbour_list(Msg::Narrower, &c.narrower, "ca-narrower") }
                { neighbour_list(Msg::Related, &c.related, "ca-related") }
            </div>
            <p class="ca-identity">
                <span class="ca-note-kind">{ ctx.t(Msg::Identifier) }{ " " }</span>
                // Without an `href` (an IRI that is not `http(s)`), an `a` is plain text.
                <a href={safe_href(&c.iri).map(str::to_string)} rel="noopener noreferrer">{ c.iri.clone() }</a>
                <br />
                <a class="ca-permalink" href={permalink}>{ ctx.t(Msg::Permalink) }</a>
            </p>
            if let Some(total) = total {
                <h4 class="ca-documents-title">{ ctx.t(Msg::Documents(total)) }</h4>
            }
        </section>
    }
}
