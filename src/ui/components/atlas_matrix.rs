//! The atlas matrix: the row dimension's families (number, colour, label) down the side, the
//! column dimension's (letter, icon, label) across the top, and in each cell how many resources
//! of the current search sit there, as a heat map.
//!
//! Two forms of the same data, because a grid stops being readable past some size:
//!
//! - **the grid**, a WAI-ARIA grid: one cell is in the tab order (roving `tabindex`), arrow keys
//!   move, Home/End go to the row's ends, Enter or Space activates. Its headers stay in view
//!   (sticky) while it scrolls both ways, and it says when it scrolls sideways. Labels are cut
//!   at a word; the whole label shows on hover and focus, and is the header's accessible name.
//! - **the list**: pick a family of one dimension (or, reversed, of the other), then see its
//!   cells as a list of buttons with their counts; plain buttons and disclosure, so the keyboard
//!   and a screen reader need nothing special. Its buttons hold the whole label, shown on two
//!   lines at most (the stylesheet clamps them, so the cut falls between words), since a
//!   button's visible text must be part of its accessible name. It is the only form past
//!   [`GRID_MAX_COLUMNS`] columns, and the form a narrow widget shows (the stylesheet picks).
//!
//! A cell toggles a cell filter; a header (or "the whole family") selects the family. Counts
//! come from `Counts::cells` (which ignore the cell selection, so a visitor sees what another
//! cell would add) and, for families, from the family's count.

use super::family_icon::family_icon;
use super::{swatch, use_slow_ctx};
use crate::model::{Cell, ConceptId};
use crate::ui::display::snippet;
use crate::ui::i18n::Msg;
use crate::ui::state::Action;
use crate::engine::Selection;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

/// Past this many columns the grid is not drawn: only the list form.
pub const GRID_MAX_COLUMNS: usize = 12;
/// About how many characters of a label headers show, cut at a word.
const COLUMN_LABEL_CHARS: usize = 24;
const ROW_LABEL_CHARS: usize = 30;

/// Heat level 0 (none) to 5 (the busiest cell).
fn heat(count: u32, max: u32) -> u32 {
    if count == 0 || max == 0 {
        return 0;
    }
    1 + ((count as f32 / max as f32).sqrt() * 4.0).round().min(4.0) as u32
}

/// Which dimension's families the list form starts from.
#[derive(Clone, Copy, PartialEq)]
enum Axis {
    Rows,
    Columns,
}

/// The matrix's own state, one value (each state type is code in the widget).
#[derive(Clone, Copy)]
struct Local {
    /// The focused position: (0, c) column headers, (r, 0) row headers, (r, c) cells; (0, 0)
    /// unused.
    focus: (usize, usize),
    axis: Axis,
    /// The family the list form shows the cells of.
    picked: Option<ConceptId>,
}

#[function_component]
pub fn AtlasMatrix() -> Html {
    let ctx = use_slow_ctx();
    let local = use_state(|| Local { focus: (1, 1), axis: Axis::Rows, picked: None });
    let table = use_node_ref();
    let scroller = use_node_ref();
    // Whether the grid is wider than its box, and whether it is scrolled to its right end
    // (`_eq`: the observer's handle is from an earlier render, so it cannot tell a change itself).
    let overflow = use_state_eq(|| (false, false));
    {
        let watch = use_mut_ref(|| None::<OverflowWatch>);
        let (scroller, table, overflow) = (scroller.clone(), table.clone(), overflow.clone());
        super::use_after_render(move || OverflowWatch::keep(&watch, &scroller, &table, &overflow));
    }
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
    let count_of = |cell: Cell| counts.binary_search_by_key(&cell, |&(c, _)| c).map_or(0, |i| counts[i].1);
    let family_count = |d: u16, c: ConceptId| -> u32 {
        page.as_ref().and_then(|p| p.counts.concepts.get(d as usize)).and_then(|v| v.get(c.index())).copied().unwrap_or(0)
    };
    let max = counts.iter().map(|&(_, n)| n).max().unwrap_or(0);
    let shown_count = |n: u32| if page.is_some() { crate::ui::i18n::number(ctx.ui(), n) } else { String::new() };
    let selected_family = |c: ConceptId, d: u16| s.view.selections.contains(&Selection { concept: c, dimension: d });
    let row_label = row_dim.labels.best(langs).unwrap_or(&row_dim.id).to_string();
    let col_label = col_dim.labels.best(langs).unwrap_or(&col_dim.id).to_string();
    let notation = |c: ConceptId| atlas.concept(c).notation.clone();
    // Cut at a word; the whole label is the element's accessible name and its hover/focus tip.
    let cut = |c: ConceptId, chars: usize| snippet(&atlas.analyzer, atlas.label(c, langs), &[], chars);
    let marks = |c: ConceptId| atlas.label_marks(c, langs, ctx.ui());
    let cell_name = |r: ConceptId, c: ConceptId, n: u32| ctx.t(Msg::CellName(&atlas.named(r, langs), &atlas.named(c, langs), n));
    let cell_classes = |cell: Cell, n: u32| {
        classes!(
            format!("ca-heat-{}", heat(n, max)),
            s.view.cells.contains(&cell).then_some("ca-selected"),
            open_cells.contains(&cell).then_some("ca-in-open"),
            visited_cells.binary_search(&cell).is_ok().then_some("ca-has-visited")
        )
    };

    // ---- The list form: a family, then its cells. ----
    let list = {
        let (families, d, others) = match local.axis {
            Axis::Rows => (&rows, rd, &cols),
            Axis::Columns => (&cols, cd, &rows),
        };
        let picked_here = local.picked.filter(|p| families.contains(p));
        let axis_button = |a: Axis, label: &str| {
            let pressed = local.axis == a;
            let local = local.clone();
            let onclick = Callback::from(move |_: MouseEvent| local.set(Local { axis: a, picked: None, ..*local }));
            html! {
                <button type="button" class="ca-maxis" aria-pressed={pressed.to_string()} {onclick}>
                    { ctx.t(Msg::ByDimension(label)) }
                </button>
            }
        };
        let items = families.iter().map(|&f| {
            let open = picked_here == Some(f);
            let n = family_count(d, f);
            let cells_id = ctx.id(&format!("mcells-{}", f.0));
            let toggle = {
                let local = local.clone();
                Callback::from(move |_: MouseEvent| local.set(Local { picked: if open { None } else { Some(f) }, ..*local }))
            };
            // Always there (the button's `aria-controls` names it), filled when open.
            let cells = if open {
                let whole_sel = selected_family(f, d);
                let items = others.iter().map(|&o| {
                    let cell = if d == rd { Cell { row: f, column: o } } else { Cell { row: o, column: f } };
                    let n = count_of(cell);
                    let name = if d == rd { cell_name(f, o, n) } else { cell_name(o, f, n) };
                    html! {
                        <li key={o.0}>
                            <button type="button" aria-pressed={s.view.cells.contains(&cell).to_string()} aria-label={name}
                                class={classes!("ca-mcell", cell_classes(cell, n))}
                                onclick={ctx.on::<MouseEvent>(Action::ToggleCell(cell))}>
                                if let Some(n) = notation(o) { <span class="ca-notation">{ n }</span>{ " " } }
                                <span class="ca-mlabel" lang={marks(o).0} dir={marks(o).1}>{ atlas.label(o, langs).to_string() }</span>
                                { " " }<span class="ca-mcount">{ shown_count(n) }</span>
                            </button>
                        </li>
                    }
                });
                html! {
                    <div id={cells_id.clone()} class="ca-mcells" role="group" aria-label={ctx.t(Msg::FamilyCells(&atlas.named(f, langs)))}>
                        <button type="button" class="ca-mwhole" aria-pressed={whole_sel.to_string()}
                            aria-label={ctx.t(Msg::HeaderName(&ctx.t(Msg::WholeFamily), n))}
                            onclick={ctx.on::<MouseEvent>(Action::ToggleConcept(Selection { concept: f, dimension: d }))}>
                            { ctx.t(Msg::WholeFamily) }{ " " }<span class="ca-mcount">{ shown_count(n) }</span>
                        </button>
                        <ul class="ca-mcell-list">{ for items }</ul>
                    </div>
                }
            } else {
                html! { <div id={cells_id.clone()} class="ca-mcells" hidden=true></div> }
            };
            html! {
                <li key={f.0} class={classes!(open.then_some("ca-picked"))}>
                    <button type="button" class={classes!("ca-mfamily", selected_family(f, d).then_some("ca-selected"))}
                        aria-expanded={open.to_string()} aria-controls={cells_id}
                        aria-label={ctx.t(Msg::HeaderName(&atlas.named(f, langs), n))} onclick={toggle}>
                        if let Some(n) = notation(f) { <span class="ca-notation">{ n }</span>{ " " } }
                        { swatch(atlas.family(f).and_then(|f| f.colour.as_deref())) }
                        { family_icon(atlas.family(f).and_then(|f| f.icon.as_deref()), s.options.emoji) }
                        <span class="ca-mlabel" lang={marks(f).0} dir={marks(f).1}>{ atlas.label(f, langs).to_string() }</span>
                        { " " }<span class="ca-mcount">{ shown_count(n) }</span>
                    </button>
                    { cells }
                </li>
            }
        });
        html! {
            <div class="ca-mlist">
                <div class="ca-maxes" role="group" aria-label={ctx.t(Msg::MatrixCaption(&row_label, &col_label))}>
                    { axis_button(Axis::Rows, &row_label) }{ axis_button(Axis::Columns, &col_label) }
                </div>
                <p class="ca-help">{ ctx.t(Msg::MatrixListHelp) }</p>
                <ul class="ca-mfamilies" aria-label={if local.axis == Axis::Rows { row_label.clone() } else { col_label.clone() }}>{ for items }</ul>
            </div>
        }
    };
    if cols.len() > GRID_MAX_COLUMNS {
        return html! { <div class="ca-matrix ca-matrix-list-only">{ list }</div> };
    }

    // ---- The grid. ----
    let (fr, fc) = local.focus;
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
        let (local, table) = (local.clone(), table.clone());
        move |r: usize, c: usize| {
            local.set(Local { focus: (r, c), ..*local });
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
        let (d, local) = (ctx.dispatch.clone(), local.clone());
        Callback::from(move |e: MouseEvent| {
            if let Some((r, c)) = pos_of(&e) {
                local.set(Local { focus: (r, c), ..*local });
                if let Some(a) = action_at(r, c) {
                    d.dispatch(a);
                }
            }
        })
    };
    let onscroll = {
        let (scroller, overflow) = (scroller.clone(), overflow.clone());
        Callback::from(move |_: Event| measure(&scroller, &overflow))
    };

    let tab = |r: usize, c: usize| if (r, c) == (fr, fc) { "0" } else { "-1" };
    let help_id = ctx.id("matrix-help");
    let header_row = html! {
        <tr role="row">
            <th class="ca-corner" role="columnheader" scope="col"><span class="ca-sr">{ row_label.clone() }</span></th>
            { for cols.iter().enumerate().map(|(i, &c)| {
                let label = atlas.label(c, langs).to_string();
                let short = cut(c, COLUMN_LABEL_CHARS);
                let icon = atlas.family(c).and_then(|f| f.icon.clone());
                let sel = selected_family(c, cd);
                let name = ctx.t(Msg::HeaderName(&label, family_count(cd, c)));
                html! {
                    <th role="columnheader" scope="col" data-pos={format!("0-{}", i + 1)} tabindex={tab(0, i + 1)}
                        aria-selected={sel.to_string()} aria-label={name} title={label.clone()}
                        class={classes!("ca-colhead", sel.then_some("ca-selected"))}>
                        if let Some(n) = notation(c) { <span class="ca-notation">{ n }</span> }
                        { family_icon(icon.as_deref(), s.options.emoji) }
                        <span class="ca-col-label" lang={marks(c).0} dir={marks(c).1}>{ short.clone() }</span>
                        if short != label { <span class="ca-tip" aria-hidden="true">{ label }</span> }
                    </th>
                }
            }) }
        </tr>
    };
    let body_rows = rows.iter().enumerate().map(|(ri, &r)| {
        let r_label = atlas.label(r, langs).to_string();
        let r_short = cut(r, ROW_LABEL_CHARS);
        let sel = selected_family(r, rd);
        html! {
            <tr role="row">
                <th role="rowheader" scope="row" data-pos={format!("{}-0", ri + 1)} tabindex={tab(ri + 1, 0)}
                    aria-selected={sel.to_string()} aria-label={ctx.t(Msg::HeaderName(&r_label, family_count(rd, r)))}
                    title={r_label.clone()} class={classes!("ca-rowhead", sel.then_some("ca-selected"))}>
                    if let Some(n) = notation(r) { <span class="ca-notation">{ n }</span> }
                    { swatch(atlas.family(r).and_then(|f| f.colour.as_deref())) }
                    <span class="ca-row-label" lang={marks(r).0} dir={marks(r).1}>{ r_short.clone() }</span>
                    if r_short != r_label { <span class="ca-tip" aria-hidden="true">{ r_label.clone() }</span> }
                </th>
                { for cols.iter().enumerate().map(|(ci, &c)| {
                    let cell = Cell { row: r, column: c };
                    let n = count_of(cell);
                    html! {
                        <td role="gridcell" data-pos={format!("{}-{}", ri + 1, ci + 1)} tabindex={tab(ri + 1, ci + 1)}
                            aria-selected={s.view.cells.contains(&cell).to_string()}
                            aria-label={cell_name(r, c, n)}
                            data-open={open_cells.contains(&cell).then_some("true")}
                            class={classes!("ca-cell", cell_classes(cell, n))}>
                            { shown_count(n) }
                        </td>
                    }
                }) }
            </tr>
        }
    });
    let (wider, at_end) = *overflow;

    html! {
        <div class="ca-matrix">
            <div class={classes!("ca-matrix-grid", (wider && !at_end).then_some("ca-scrolls"))}>
                <div ref={scroller} class="ca-matrix-scroll" {onscroll}>
                    <table ref={table} role="grid" class="ca-grid" aria-describedby={help_id.clone()} {onkeydown} {onclick}>
                        <caption>{ ctx.t(Msg::MatrixCaption(&row_label, &col_label)) }</caption>
                        <thead>{ header_row }</thead>
                        <tbody>{ for body_rows }</tbody>
                    </table>
                </div>
                <p id={help_id} class="ca-help">
                    { ctx.t(Msg::MatrixHelp) }
                    if wider { { " " }<span class="ca-scroll-hint">{ ctx.t(Msg::MatrixScrolls) }{ " →" }</span> }
                </p>
            </div>
            { list }
        </div>
    }
}

/// Measures the grid's overflow whenever the grid or its box change size, as a `ResizeObserver`
/// reports it: after the browser's own layout. Measuring after each render instead (reading
/// `scrollWidth`) made the browser lay out the whole widget in the middle of every keystroke's
/// render, about a quarter of its time (docs/BENCHMARKS.md).
struct OverflowWatch {
    /// The scroller observed (a new one, after the grid is drawn again, is observed anew).
    scroller: Element,
    observer: web_sys::ResizeObserver,
    _callback: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

impl OverflowWatch {
    /// Observes the grid drawn now, if it is not observed already.
    fn keep(watch: &std::cell::RefCell<Option<OverflowWatch>>, scroller: &NodeRef, table: &NodeRef, overflow: &UseStateHandle<(bool, bool)>) {
        let (Some(el), Some(grid)) = (scroller.cast::<Element>(), table.cast::<Element>()) else {
            *watch.borrow_mut() = None;
            return;
        };
        if watch.borrow().as_ref().is_some_and(|w| w.scroller == el) {
            return;
        }
        let (node, overflow) = (scroller.clone(), overflow.clone());
        let callback = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || measure(&node, &overflow));
        let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) else { return };
        observer.observe(&el);
        observer.observe(&grid);
        *watch.borrow_mut() = Some(OverflowWatch { scroller: el, observer, _callback: callback });
    }
}

impl Drop for OverflowWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Records whether the grid's box scrolls sideways, and whether it is at its right end (the
/// fade at the right edge says there is more).
fn measure(scroller: &NodeRef, overflow: &UseStateHandle<(bool, bool)>) {
    let Some(el) = scroller.cast::<Element>() else { return };
    let wider = el.scroll_width() > el.client_width() + 1;
    let at_end = el.scroll_left() + el.client_width() >= el.scroll_width() - 2;
    overflow.set((wider, at_end));
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
