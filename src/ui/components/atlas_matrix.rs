//! The atlas matrix: the row dimension's families (number, colour, label) down the side, the
//! column dimension's (letter, icon, label) across the top, and in each cell how many resources
//! of the current search sit there, as a heat map.
//!
//! A cell toggles a cell filter; a header selects its whole family. It is a WAI-ARIA grid: one
//! cell is in the tab order (roving `tabindex`), arrow keys move, Home/End go to the row's ends,
//! Enter or Space activates. Counts come from `Counts::cells` (which ignore the cell selection,
//! so a visitor sees what another cell would add) and, for headers, from the family's count.

use super::{swatch, use_slow_ctx};
use crate::model::{Cell, ConceptId};
use crate::ui::i18n::Msg;
use crate::ui::state::Action;
use crate::engine::Selection;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

/// Heat level 0 (none) to 5 (the busiest cell).
fn heat(count: u32, max: u32) -> u32 {
    if count == 0 || max == 0 {
        return 0;
    }
    1 + ((count as f32 / max as f32).sqrt() * 4.0).round().min(4.0) as u32
}

#[function_component]
pub fn AtlasMatrix() -> Html {
    let ctx = use_slow_ctx();
    // Focused position: (0, c) column headers, (r, 0) row headers, (r, c) cells; (0, 0) unused.
    let focus = use_state(|| (1usize, 1usize));
    let table = use_node_ref();
    let Some(atlas) = ctx.atlas() else { return html! {} };
    let Some((rd, cd)) = atlas.matrix() else { return html! {} };
    let th = &atlas.manifest.thesaurus;
    let (Some(row_dim), Some(col_dim)) = (th.dimensions.get(rd as usize), th.dimensions.get(cd as usize)) else { return html! {} };
    let s = &ctx.state;
    // A local map (or sub-atlas) keeps only its own rows and columns, until "the whole atlas".
    let whole = s.view.whole_atlas;
    let rows: Vec<ConceptId> = row_dim.families.iter().map(|f| f.concept).filter(|&c| atlas.shows(c, whole)).collect();
    let cols: Vec<ConceptId> = col_dim.families.iter().map(|f| f.concept).filter(|&c| atlas.shows(c, whole)).collect();
    if rows.is_empty() || cols.is_empty() {
        return html! {};
    }
    // The open descriptor's cells are outlined; cells holding a visited descriptor get a mark.
    let open_cells: Vec<Cell> = s.open_concept().map(|c| atlas.concept(c).cells.clone()).unwrap_or_default();
    let visited = ctx.visited.clone();
    let mut visited_cells: Vec<Cell> = visited.iter().flat_map(|&c| atlas.concept(c).cells.iter().copied()).collect();
    crate::sort::sort_dedup(&mut visited_cells);
    let langs = &ctx.langs;
    let page = s.page.clone();
    // In cell order (see `Counts::cells`).
    let counts: &[(Cell, u32)] = page.as_ref().map_or(&[], |p| p.counts.cells.as_slice());
    let family_count = |d: u16, c: ConceptId| -> u32 {
        page.as_ref().and_then(|p| p.counts.concepts.get(d as usize)).and_then(|v| v.get(c.index())).copied().unwrap_or(0)
    };
    let max = counts.iter().map(|&(_, n)| n).max().unwrap_or(0);
    let (fr, fc) = *focus;
    let (fr, fc) = (fr.min(rows.len()), fc.min(cols.len()));
    let (fr, fc) = if fr == 0 && fc == 0 { (1, 1) } else { (fr, fc) };

    // What activating a position does.
    let action_at = {
        let (rows, cols) = (rows.clone(), cols.clone());
        move |r: usize, c: usize| -> Option<Action> {
            match (r, c) {
                (0, 0) => None,
                (0, c) => Some(Action::ToggleConcept(Selection { concept: *cols.get(c - 1)?, dimension: cd })),
                (r, 0) => Some(Action::ToggleConcept(Selection { concept: *rows.get(r - 1)?, dimension: rd })),
                (r, c) => Some(Action::ToggleCell(Cell { row: *rows.get(r - 1)?, column: *cols.get(c - 1)? })),
            }
        }
    };
    let pos_of = |e: &Event| -> Option<(usize, usize)> {
        let target: Element = e.target()?.dyn_into().ok()?;
        let el = target.closest("[data-pos]").ok()??;
        let pos = el.get_attribute("data-pos")?;
        let (r, c) = pos.split_once('-')?;
        Some((r.parse().ok()?, c.parse().ok()?))
    };
    let move_focus = {
        let (focus, table) = (focus.clone(), table.clone());
        move |r: usize, c: usize| {
            focus.set((r, c));
            if let Some(t) = table.cast::<Element>() {
                if let Ok(Some(el)) = t.query_selector(&format!("[data-pos=\"{r}-{c}\"]")) {
                    if let Ok(el) = el.dyn_into::<HtmlElement>() {
                        let _ = el.focus();
                    }
                }
            }
        }
    };
    let (n_rows, n_cols) = (rows.len(), cols.len());
    let onkeydown = {
        let (d, action_at, move_focus) = (ctx.dispatch.clone(), action_at.clone(), move_focus.clone());
        Callback::from(move |e: KeyboardEvent| {
            let Some((r, c)) = pos_of(&e) else { return };
            let (mut nr, mut nc) = (r, c);
            match e.key().as_str() {
                "ArrowRight" | "Right" => nc = (c + 1).min(n_cols),
                "ArrowLeft" | "Left" => nc = c.saturating_sub(1),
                "ArrowDown" | "Down" => nr = (r + 1).min(n_rows),
                "ArrowUp" | "Up" => nr = r.saturating_sub(1),
                "Home" => nc = if r == 0 { 1 } else { 0 },
                "End" => nc = n_cols,
                "Enter" | " " | "Spacebar" => {
                    e.prevent_default();
                    if let Some(a) = action_at(r, c) {
                        d.dispatch(a);
                    }
                    return;
                }
                _ => return,
            }
            e.prevent_default();
            if nr == 0 && nc == 0 {
                return; // the empty corner
            }
            move_focus(nr, nc);
        })
    };
    let onclick = {
        let (d, focus) = (ctx.dispatch.clone(), focus.clone());
        Callback::from(move |e: MouseEvent| {
            if let Some((r, c)) = pos_of(&e) {
                focus.set((r, c));
                if let Some(a) = action_at(r, c) {
                    d.dispatch(a);
                }
            }
        })
    };

    let tab = |r: usize, c: usize| if (r, c) == (fr, fc) { "0" } else { "-1" };
    let selected_family = |c: ConceptId, d: u16| s.view.selections.contains(&Selection { concept: c, dimension: d });
    let row_label = row_dim.labels.best(langs).unwrap_or(&row_dim.id).to_string();
    let col_label = col_dim.labels.best(langs).unwrap_or(&col_dim.id).to_string();
    let help_id = ctx.id("matrix-help");
    let short = |c: ConceptId| atlas.concept(c).notation.clone().unwrap_or_else(|| atlas.label(c, langs).to_string());

    let header_row = html! {
        <tr role="row">
            <th class="ca-corner" role="columnheader" scope="col"><span class="ca-sr">{ row_label.clone() }</span></th>
            { for cols.iter().enumerate().map(|(i, &c)| {
                let label = atlas.label(c, langs).to_string();
                let icon = atlas.family(c).and_then(|f| f.icon.clone());
                let sel = selected_family(c, cd);
                let name = ctx.t(Msg::HeaderName(&label, family_count(cd, c)));
                html! {
                    <th role="columnheader" scope="col" data-pos={format!("0-{}", i + 1)} tabindex={tab(0, i + 1)}
                        aria-selected={sel.to_string()} aria-label={name} title={label.clone()}
                        class={classes!("ca-colhead", sel.then_some("ca-selected"))}>
                        <span class="ca-notation">{ short(c) }</span>
                        if let Some(icon) = icon { <span class="ca-icon" aria-hidden="true">{ icon }</span> }
                        <span class="ca-col-label">{ label }</span>
                    </th>
                }
            }) }
        </tr>
    };
    let body_rows = rows.iter().enumerate().map(|(ri, &r)| {
        let r_label = atlas.label(r, langs).to_string();
        let sel = selected_family(r, rd);
        let r_short = short(r);
        html! {
            <tr role="row">
                <th role="rowheader" scope="row" data-pos={format!("{}-0", ri + 1)} tabindex={tab(ri + 1, 0)}
                    aria-selected={sel.to_string()} aria-label={ctx.t(Msg::HeaderName(&r_label, family_count(rd, r)))}
                    class={classes!("ca-rowhead", sel.then_some("ca-selected"))}>
                    <span class="ca-notation">{ r_short.clone() }</span>
                    { swatch(atlas.family(r).and_then(|f| f.colour.as_deref())) }
                    <span class="ca-row-label">{ r_label.clone() }</span>
                </th>
                { for cols.iter().enumerate().map(|(ci, &c)| {
                    let cell = Cell { row: r, column: c };
                    let n = counts.binary_search_by_key(&cell, |&(c, _)| c).map_or(0, |i| counts[i].1);
                    let sel = s.view.cells.contains(&cell);
                    let in_open = open_cells.contains(&cell);
                    let seen = visited_cells.binary_search(&cell).is_ok();
                    let c_label = atlas.label(c, langs).to_string();
                    html! {
                        <td role="gridcell" data-pos={format!("{}-{}", ri + 1, ci + 1)} tabindex={tab(ri + 1, ci + 1)}
                            aria-selected={sel.to_string()}
                            aria-label={ctx.t(Msg::CellName(&format!("{r_short} {r_label}"), &format!("{} {c_label}", short(c)), n))}
                            data-open={in_open.then_some("true")}
                            class={classes!("ca-cell", format!("ca-heat-{}", heat(n, max)), sel.then_some("ca-selected"), in_open.then_some("ca-in-open"), seen.then_some("ca-has-visited"))}>
                            { if page.is_some() { crate::ui::i18n::number(ctx.ui(), n) } else { String::new() } }
                        </td>
                    }
                }) }
            </tr>
        }
    });

    html! {
        <div class="ca-matrix">
            <div class="ca-matrix-scroll">
                <table ref={table} role="grid" class="ca-grid" aria-describedby={help_id.clone()} {onkeydown} {onclick}>
                    <caption>{ ctx.t(Msg::MatrixCaption(&row_label, &col_label)) }</caption>
                    <thead>{ header_row }</thead>
                    <tbody>{ for body_rows }</tbody>
                </table>
            </div>
            <p id={help_id} class="ca-help">{ ctx.t(Msg::MatrixHelp) }</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::heat;

    #[test]
    fn heat_grows_with_the_count() {
        assert_eq!(heat(0, 10), 0);
        assert_eq!(heat(1, 100), 1);
        assert_eq!(heat(100, 100), 5);
        assert!(heat(30, 100) < heat(70, 100));
    }
}
