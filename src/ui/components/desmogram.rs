//! The desmogram: the open descriptor and its neighbours as a concept map (SVG).
//!
//! A radial layout, readable at phone width: the descriptor in the middle, its broader concepts
//! on the arc above, its narrower ones on the arc below, its related ones on the sides. Nodes
//! take their component's colour and grow with the number of resources under them; edges are
//! solid and thick to a broader concept, solid and thin to a narrower one, dashed to a related
//! one. Each node is a button (click, Enter or Space moves the panel there). Nodes are keyed by
//! concept, so moving to a neighbour slides that node to the middle (a CSS transition, off
//! under `prefers-reduced-motion`). The panel's lists of the same neighbours are the text
//! alternative; the map itself is labelled and described for screen readers.

use super::use_ctx;
use crate::model::ConceptId;
use crate::ui::display::snippet;
use crate::ui::label_layout::{bounds, separate, text_width, LabelBox};
use crate::ui::i18n::Msg;
use crate::ui::state::{Action, Open};
use yew::prelude::*;

/// Neighbours drawn per kind; the lists below the map give them all.
const MAX_BROADER: usize = 4;
const MAX_NARROWER: usize = 8;
const MAX_RELATED: usize = 8;
/// Label sizes in viewBox units. A phone shows the map at just over half scale, so there its
/// labels are drawn larger and shortened (the stylesheet picks one of the two by the widget's
/// width): 10.5 px or more on screen on a 360 px phone. The lists below the map give every label whole.
const LABEL_SIZE: f32 = 13.0;
const SHORT_LABEL_SIZE: f32 = 24.0;
/// About how many characters of a label the narrow map shows, cut at a word boundary; and the
/// wide map (a longer label would shrink the whole drawing to fit it in the panel).
const SHORT_LABEL_CHARS: usize = 10;
const LABEL_CHARS: usize = 24;
/// Half-axes of the ellipse the neighbours sit on, in viewBox units.
const RX: f32 = 120.0;
const RY: f32 = 105.0;

#[derive(Clone, Copy, PartialEq)]
enum Edge {
    Broader,
    Narrower,
    Related,
}

#[derive(Properties, PartialEq)]
pub struct DesmogramProps {
    pub concept: ConceptId,
    /// The id of the element describing the map (the neighbour lists).
    pub described_by: AttrValue,
}

/// Where the angle `degrees` (clockwise from 3 o'clock) falls on the ellipse. The browser's
/// `Math` does the trigonometry: Rust's own (libm's argument reduction) would add about 8 KB to
/// the wasm for these few calls.
fn on_ellipse(degrees: f32) -> (f32, f32) {
    let a = f64::from(degrees).to_radians();
    ((f64::from(RX) * js_sys::Math::cos(a)) as f32, (f64::from(RY) * js_sys::Math::sin(a)) as f32)
}

/// An SVG coordinate or length, to a tenth. Written from integers: formatting an `f32` pulls
/// the standard library's float printing (about 15 KB of wasm) into the widget.
fn svg_number(v: f32) -> String {
    let tenths = (v * 10.0).round() as i32;
    let sign = if tenths < 0 { "-" } else { "" };
    let tenths = tenths.unsigned_abs();
    format!("{sign}{}.{}", tenths / 10, tenths % 10)
}

/// A node's radius for `total` resources under it.
fn radius(total: u32) -> f32 {
    (6.0 + 3.0 * (1.0 + total as f32).log2()).min(18.0)
}

/// Copies each node's `transform` attribute into its CSS `transform`, through the CSSOM (which a
/// strict `style-src` allows, unlike a `style` attribute): a change of the attribute alone is not
/// animated, a change of the CSS property is (the stylesheet's transition), so a neighbour that
/// becomes the centre slides there.
fn slide(svg: &NodeRef) {
    use wasm_bindgen::JsCast;
    let Some(svg) = svg.cast::<web_sys::Element>() else { return };
    let Ok(nodes) = svg.query_selector_all(".ca-dnode") else { return };
    for i in 0..nodes.length() {
        let Some(g) = nodes.item(i).and_then(|n| n.dyn_into::<web_sys::SvgElement>().ok()) else { continue };
        let Some(at) = g.get_attribute("transform") else { continue };
        // "translate(x y)" → "translate(xpx,ypx)"
        let css = at.replacen(' ', "px,", 1).replacen(')', "px)", 1);
        let _ = g.style().set_property("transform", &css);
    }
}

#[function_component]
pub fn Desmogram(props: &DesmogramProps) -> Html {
    let ctx = use_ctx();
    let svg = use_node_ref();
    {
        let svg = svg.clone();
        super::use_after_render(move || slide(&svg));
    }
    let Some(atlas) = ctx.atlas() else { return html! {} };
    let langs = &ctx.langs;
    let c = atlas.concept(props.concept);
    let totals = ctx.state.page.as_ref().map(|p| p.totals.clone());
    let total = |id: ConceptId| totals.as_ref().and_then(|t| t.get(id.index()).copied()).unwrap_or(0);
    let visited = ctx.visited.clone();

    // Every neighbour gets an equal slot of the ellipse, in reading order clockwise from the
    // top: broader concepts around 12 o'clock, then half the related ones on the right, the
    // narrower ones at the bottom, the other related ones on the left.
    let broader: Vec<ConceptId> = c.broader.iter().copied().take(MAX_BROADER).collect();
    let narrower: Vec<ConceptId> = c.narrower.iter().copied().take(MAX_NARROWER).collect();
    let related: Vec<ConceptId> = c.related.iter().copied().filter(|r| !c.broader.contains(r) && !c.narrower.contains(r)).take(MAX_RELATED).collect();
    let (left, right) = related.split_at(related.len() / 2);
    let ordered: Vec<(ConceptId, Edge)> = broader
        .iter()
        .map(|&id| (id, Edge::Broader))
        .chain(right.iter().map(|&id| (id, Edge::Related)))
        .chain(narrower.iter().map(|&id| (id, Edge::Narrower)))
        .chain(left.iter().map(|&id| (id, Edge::Related)))
        .collect();
    let step = 360.0 / ordered.len().max(1) as f32;
    // The broader concepts are centred on the top.
    let first = -90.0 - step * (broader.len().max(1) - 1) as f32 / 2.0;
    let placed: Vec<(ConceptId, Edge, f32)> = ordered.iter().enumerate().map(|(i, &(id, edge))| (id, edge, first + step * i as f32)).collect();

    // Every node: where it is, its size, which side its label goes.
    struct Placed {
        id: ConceptId,
        x: f32,
        y: f32,
        r: f32,
        centre: bool,
        /// -1 left of the node, 1 right of it, 0 above or below.
        side: i8,
        /// Above (-1) or below (1) the node, when `side` is 0.
        vertical: i8,
    }
    let mut all: Vec<Placed> = placed
        .iter()
        .map(|&(id, _, a)| {
            let (x, y) = on_ellipse(a);
            let side = if x.abs() < 30.0 { 0 } else if x > 0.0 { 1 } else { -1 };
            Placed { id, x, y, r: radius(total(id)), centre: false, side, vertical: if y < -1.0 { -1 } else { 1 } }
        })
        .collect();
    all.push(Placed { id: props.concept, x: 0.0, y: 0.0, r: 22.0, centre: true, side: 0, vertical: 1 });

    let edges: Html = placed
        .iter()
        .map(|&(id, edge, a)| {
            let (x, y) = on_ellipse(a);
            let class = match edge {
                Edge::Broader => "ca-edge ca-edge-broader",
                Edge::Narrower => "ca-edge ca-edge-narrower",
                Edge::Related => "ca-edge ca-edge-related",
            };
            html! { <line key={id.0} {class} x1="0" y1="0" x2={svg_number(x)} y2={svg_number(y)} /> }
        })
        .collect();
    // One drawing per label form (whole labels; short ones drawn larger for a phone, see
    // LABEL_SIZE), each with its labels laid out apart and a viewBox that holds them all; the
    // stylesheet shows one of the two by the widget's width.
    let drawing = |size: f32, short: bool| -> Html {
        let texts: Vec<String> = all
            .iter()
            .map(|p| {
                let label = atlas.label(p.id, langs);
                snippet(&atlas.analyzer, label, &[], if short { SHORT_LABEL_CHARS } else { LABEL_CHARS })
            })
            .collect();
        // Estimated boxes in drawing units: beside the node, its middle on the node's centre
        // line; above, its bottom over the node; below, its top under it.
        let h = size * 1.25;
        let mut boxes: Vec<LabelBox> = all
            .iter()
            .zip(&texts)
            .map(|(p, t)| {
                let w = text_width(t, size);
                let x = match p.side {
                    1 => p.x + p.r + 4.0,
                    -1 => p.x - p.r - 4.0 - w,
                    _ => p.x - w / 2.0,
                };
                let y = match (p.side, p.vertical) {
                    (0, -1) => p.y - p.r - 3.0 - h,
                    (0, _) => p.y + p.r + 3.0,
                    _ => p.y - h / 2.0,
                };
                LabelBox { x, y, w, h }
            })
            .collect();
        separate(&mut boxes, 2.0);
        let circles: Vec<(f32, f32, f32)> = all.iter().map(|p| (p.x, p.y, p.r)).collect();
        let (vx, vy, vw, vh) = bounds(&boxes, &circles, 6.0);
        let view_box = format!("{} {} {} {}", svg_number(vx), svg_number(vy), svg_number(vw), svg_number(vh));
        let nodes: Html = all
            .iter()
            .zip(&texts)
            .zip(&boxes)
            .map(|((p, text), b)| {
                let id = p.id;
                let label = atlas.label(id, langs).to_string();
                let (lang, dir) = atlas.label_marks(id, langs, ctx.ui());
                // The text's anchor point, back in the node's own coordinates. A right-to-left
                // label starts at its right: its anchors swap so that it fills the same box.
                let rtl = dir == Some("rtl");
                let (anchor, ax) = match p.side {
                    1 => (if rtl { "end" } else { "start" }, b.x),
                    -1 => (if rtl { "start" } else { "end" }, b.x + b.w - size * 0.4),
                    _ => ("middle", b.x + b.w / 2.0),
                };
                let baseline = b.y + size * 0.95;
                let seen = !p.centre && visited.contains(&id);
                let mut name = format!("{label} ({})", crate::ui::i18n::number(ctx.ui(), total(id)));
                if seen {
                    name = format!("{name}, {}", ctx.t(Msg::Visited));
                }
                let go = {
                    let dispatch = ctx.dispatch.clone();
                    Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Open(Open::Concept(id))))
                };
                let key = {
                    let dispatch = ctx.dispatch.clone();
                    Callback::from(move |e: KeyboardEvent| {
                        if e.key() == "Enter" || e.key() == " " {
                            e.prevent_default();
                            dispatch.dispatch(Action::Open(Open::Concept(id)));
                        }
                    })
                };
                // The component's colour through its class (`sheets`); the accent without one.
                let colour = atlas.colour(id).and_then(crate::ui::sheets::colour_class);
                // An SVG attribute, not a style attribute (strict policies refuse those); `slide`
                // copies it into the CSSOM so that a node that moves slides.
                let transform = format!("translate({} {})", svg_number(p.x), svg_number(p.y));
                let class = if short { "ca-dlabel-short" } else { "ca-dlabel" };
                html! {
                    <g key={id.0} class={classes!("ca-dnode", p.centre.then_some("ca-dnode-centre"), seen.then_some("ca-dnode-visited"))} {transform}
                        role={if p.centre { "img" } else { "button" }} tabindex={(!p.centre).then_some("0")} aria-label={name}
                        onclick={(!p.centre).then_some(go)} onkeydown={(!p.centre).then_some(key)}>
                        <circle r={svg_number(p.r)} class={colour} />
                        <text {class} x={svg_number(ax - p.x)} y={svg_number(baseline - p.y)} text-anchor={anchor} {lang} direction={dir}>{ text.clone() }</text>
                    </g>
                }
            })
            .collect();
        html! {
            <svg class={if short { "ca-dmap ca-dmap-narrow" } else { "ca-dmap ca-dmap-wide" }} viewBox={view_box}
                width={svg_number(vw)} height={svg_number(vh)}
                role="group" aria-label={ctx.t(Msg::ConceptMap)} aria-describedby={props.described_by.clone()}>
                <g class="ca-edges" aria-hidden="true">{ edges.clone() }</g>
                <g class="ca-nodes">{ nodes }</g>
            </svg>
        }
    };

    let label = atlas.label(props.concept, langs).to_string();
    html! {
        <figure ref={svg} class="ca-desmogram">
            <figcaption class="ca-sr">{ ctx.t(Msg::ConceptMapHelp(&label)) }</figcaption>
            { drawing(LABEL_SIZE, false) }
            { drawing(SHORT_LABEL_SIZE, true) }
        </figure>
    }
}
