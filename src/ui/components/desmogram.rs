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
use crate::ui::display::safe_colour;
use crate::ui::i18n::Msg;
use crate::ui::state::{Action, Open};
use yew::prelude::*;

/// Neighbours drawn per kind; the lists below the map give them all.
const MAX_BROADER: usize = 4;
const MAX_NARROWER: usize = 8;
const MAX_RELATED: usize = 8;
/// Half-axes of the ellipse the neighbours sit on, in viewBox units.
const RX: f32 = 150.0;
const RY: f32 = 100.0;
/// Characters of a node's label.
const LABEL: usize = 22;

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

/// Angles (degrees, 0 = right, 90 = down) for `n` nodes spread over `[from, to]`.
fn spread(n: usize, from: f32, to: f32) -> Vec<f32> {
    match n {
        0 => Vec::new(),
        1 => vec![(from + to) / 2.0],
        _ => (0..n).map(|i| from + (to - from) * i as f32 / (n - 1) as f32).collect(),
    }
}

fn short(label: &str) -> String {
    if label.chars().count() <= LABEL {
        return label.to_string();
    }
    let mut out: String = label.chars().take(LABEL - 1).collect();
    out.push('…');
    out
}

/// A node's radius for `total` resources under it.
fn radius(total: u32) -> f32 {
    (6.0 + 3.0 * (1.0 + total as f32).log2()).min(18.0)
}

#[function_component]
pub fn Desmogram(props: &DesmogramProps) -> Html {
    let ctx = use_ctx();
    let Some(atlas) = ctx.atlas() else { return html! {} };
    let langs = &ctx.langs;
    let c = atlas.concept(props.concept);
    let totals = ctx.state.page.as_ref().map(|p| p.totals.clone());
    let total = |id: ConceptId| totals.as_ref().and_then(|t| t.get(id.index()).copied()).unwrap_or(0);
    let visited = ctx.state.visited_concepts();

    let mut placed: Vec<(ConceptId, Edge, f32, f32)> = Vec::new();
    let broader: Vec<ConceptId> = c.broader.iter().copied().take(MAX_BROADER).collect();
    for (id, a) in broader.iter().zip(spread(broader.len(), 220.0, 320.0)) {
        placed.push((*id, Edge::Broader, a, 1.0));
    }
    let narrower: Vec<ConceptId> = c.narrower.iter().copied().take(MAX_NARROWER).collect();
    for (id, a) in narrower.iter().zip(spread(narrower.len(), 35.0, 145.0)) {
        placed.push((*id, Edge::Narrower, a, 1.0));
    }
    let related: Vec<ConceptId> = c.related.iter().copied().filter(|r| !c.broader.contains(r) && !c.narrower.contains(r)).take(MAX_RELATED).collect();
    let (left, right) = related.split_at(related.len() / 2);
    for (id, a) in right.iter().zip(spread(right.len(), -25.0, 25.0)) {
        placed.push((*id, Edge::Related, a, 1.0));
    }
    for (id, a) in left.iter().zip(spread(left.len(), 155.0, 205.0)) {
        placed.push((*id, Edge::Related, a, 1.0));
    }

    let node = |id: ConceptId, x: f32, y: f32, centre: bool| -> Html {
        let label = atlas.label(id, langs).to_string();
        let colour = atlas.colour(id).and_then(safe_colour).unwrap_or("var(--_accent)").to_string();
        let r = if centre { 22.0 } else { radius(total(id)) };
        let seen = visited.contains(&id);
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
        let style = format!("transform:translate({x:.1}px,{y:.1}px)");
        html! {
            <g key={id.0} class={classes!("ca-dnode", centre.then_some("ca-dnode-centre"), seen.then_some("ca-dnode-visited"))} {style}
                role={if centre { "img" } else { "button" }} tabindex={(!centre).then_some("0")} aria-label={name}
                onclick={(!centre).then_some(go)} onkeydown={(!centre).then_some(key)}>
                <circle r={format!("{r:.1}")} style={format!("fill:{colour}")} />
                <text y={format!("{:.1}", r + 12.0)} text-anchor="middle">{ short(&label) }</text>
            </g>
        }
    };

    let edges: Html = placed
        .iter()
        .map(|&(id, edge, a, _)| {
            let (x, y) = (RX * a.to_radians().cos(), RY * a.to_radians().sin());
            let class = match edge {
                Edge::Broader => "ca-edge ca-edge-broader",
                Edge::Narrower => "ca-edge ca-edge-narrower",
                Edge::Related => "ca-edge ca-edge-related",
            };
            html! { <line key={id.0} {class} x1="0" y1="0" x2={format!("{x:.1}")} y2={format!("{y:.1}")} /> }
        })
        .collect();
    let mut nodes: Vec<Html> = placed
        .iter()
        .map(|&(id, _, a, _)| node(id, RX * a.to_radians().cos(), RY * a.to_radians().sin(), false))
        .collect();
    nodes.push(node(props.concept, 0.0, 0.0, true));
    let label = atlas.label(props.concept, langs).to_string();
    html! {
        <figure class="ca-desmogram">
            <figcaption class="ca-sr">{ ctx.t(Msg::ConceptMapHelp(&label)) }</figcaption>
            <svg viewBox="-200 -150 400 300" role="group" aria-label={ctx.t(Msg::ConceptMap)} aria-describedby={props.described_by.clone()}>
                <g class="ca-edges" aria-hidden="true">{ edges }</g>
                <g class="ca-nodes">{ for nodes }</g>
            </svg>
        </figure>
    }
}
