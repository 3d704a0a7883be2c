//! A family's icon that needs no font: without an emoji font (common on Linux desktops and
//! some phones) emoji icons were empty boxes.
//!
//! `icon` in `commons.toml` names one of a small built-in set of line drawings ([`NAMES`]),
//! drawn as inline SVG in the text's colour; any other text (an emoji, say) is shown as it is,
//! but only where the loader found that the browser draws emoji (`Options::emoji`); elsewhere
//! nothing is drawn, and the family's notation, shown beside it as a badge, stands for it.

use yew::prelude::*;

/// The built-in icons: name and SVG path data on a 24 × 24 grid (strokes, no fill).
pub const NAMES: &[(&str, &str)] = &[
    ("people", "M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM3 20c0-3.3 2.7-6 6-6s6 2.7 6 6M17 11a2.5 2.5 0 1 0 0-5M17 14c2.5.4 4 2.8 4 6"),
    ("institution", "M3 9l9-5 9 5M5 9v9M9.5 9v9M14.5 9v9M19 9v9M3 20h18"),
    ("tools", "M14 6a4 4 0 0 0 4.9 5.1L20 12l-8 8-3-3 8-8-.9-1.1A4 4 0 0 0 14 6zM4 20l5-5"),
    ("scales", "M12 4v16M7 20h10M5 7h14M5 7l-3 6a3 3 0 0 0 6 0zM19 7l-3 6a3 3 0 0 0 6 0z"),
    ("levels", "M4 20v-4M9 20v-8M14 20v-12M19 20V4"),
    ("cycle", "M20 12a8 8 0 0 1-14 5.3M4 12A8 8 0 0 1 18 6.7M18 3v4h-4M6 21v-4h4"),
    ("map", "M9 4L3 6v14l6-2 6 2 6-2V4l-6 2-6-2zM9 4v14M15 6v14"),
    ("handshake", "M3 12l4-4 4 2 3-2 3 1 4 3M7 8l-4 4 6 6 2-1 2 1 5-5M11 13l2 2M9 15l2 2"),
    ("leaf", "M5 19c0-9 5-14 15-14 0 10-5 15-14 15zM5 19l7-7"),
    ("water", "M12 3c4 5 6 8.5 6 11a6 6 0 0 1-12 0c0-2.5 2-6 6-11z"),
    ("city", "M3 20h18M5 20V9h5v11M10 20V4h6v16M16 20v-8h3v8"),
    ("globe", "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM3 12h18M12 3c3 3 3 15 0 18M12 3c-3 3-3 15 0 18"),
    ("book", "M4 5c3-1 5-1 8 1v14c-3-2-5-2-8-1zM20 5c-3-1-5-1-8 1v14c3-2 5-2 8-1z"),
    ("energy", "M13 3L5 13h6l-1 8 8-10h-6z"),
    ("document", "M6 3h8l4 4v14H6zM14 3v4h4M9 12h6M9 16h6"),
];

/// The path data of the built-in icon `name`.
pub fn builtin(name: &str) -> Option<&'static str> {
    let name = name.trim();
    NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, d)| *d)
}

/// An inline SVG icon from its path data (decorative).
pub fn svg_icon(path: &'static str) -> Html {
    html! {
        <svg class="ca-icon ca-icon-svg" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d={path} />
        </svg>
    }
}

/// The icon of a family (`icon` from the index), or nothing.
pub fn family_icon(icon: Option<&str>, emoji: bool) -> Html {
    match icon.map(str::trim).filter(|i| !i.is_empty()) {
        Some(name) => match builtin(name) {
            Some(path) => svg_icon(path),
            None if emoji => html! { <span class="ca-icon" aria-hidden="true">{ name.to_string() }</span> },
            None => html! {},
        },
        None => html! {},
    }
}
