//! Where the desmogram's labels go: beside their nodes, none over another, all inside the
//! drawing.
//!
//! Real thesauri have long labels and dense neighbourhoods ("Socialist International" drawn
//! over "Workers International"), and a fixed drawing area cut them at its edge. The widget
//! cannot measure text before drawing it without a second render, so widths are estimated,
//! generously (a wide Latin letter, a full em for Han and kana), and the estimate is what is
//! kept apart: labels are moved down, in reading order, until no two estimated boxes meet, and
//! the drawing's `viewBox` is made to hold every box and node. Plain arithmetic, tested natively.

/// A label's box in the drawing's units: `x`, `y` its top left corner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelBox {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl LabelBox {
    fn meets(&self, o: &LabelBox, gap: f32) -> bool {
        self.x < o.x + o.w + gap && o.x < self.x + self.w + gap && self.y < o.y + o.h + gap && o.y < self.y + self.h + gap
    }
}

/// A generous estimate of the width of `text` drawn at `size` (with the halo the stylesheet
/// draws around labels).
pub fn text_width(text: &str, size: f32) -> f32 {
    let ems: f32 = text
        .chars()
        .map(|c| match c {
            // Sized on a wide sans (DejaVu Sans, Linux's usual system-ui), rounded up.
            ' ' | '.' | ',' | '\'' | 'i' | 'l' | 'j' | 'I' | '(' | ')' => 0.34,
            't' | 'f' | 'r' => 0.44,
            'm' | 'w' | 'M' | 'W' | '…' => 1.02,
            c if c.is_ascii_uppercase() || c.is_ascii_digit() => 0.78,
            c if (c as u32) >= 0x2E80 => 1.05,
            _ => 0.66,
        })
        .sum();
    ems * size + size * 0.4
}

/// Moves boxes down, in order of their tops, until no two are closer than `gap`.
pub fn separate(boxes: &mut [LabelBox], gap: f32) {
    let mut order: Vec<usize> = (0..boxes.len()).collect();
    // Insertion sort by top (a handful of labels; no new sort instantiation in the wasm).
    for i in 1..order.len() {
        let mut j = i;
        while j > 0 && boxes[order[j - 1]].y > boxes[order[j]].y {
            order.swap(j - 1, j);
            j -= 1;
        }
    }
    for (k, &j) in order.iter().enumerate() {
        // Pushing one box down can make it meet an earlier one again: repeat until it is clear.
        let mut moved = true;
        while moved {
            moved = false;
            for &i in &order[..k] {
                if boxes[i].meets(&boxes[j], gap) {
                    boxes[j].y = boxes[i].y + boxes[i].h + gap + 0.01;
                    moved = true;
                }
            }
        }
    }
}

/// The smallest `(x, y, width, height)` holding every box and every circle `(x, y, r)`, with
/// `margin` around.
pub fn bounds(boxes: &[LabelBox], circles: &[(f32, f32, f32)], margin: f32) -> (f32, f32, f32, f32) {
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for b in boxes {
        x0 = x0.min(b.x);
        y0 = y0.min(b.y);
        x1 = x1.max(b.x + b.w);
        y1 = y1.max(b.y + b.h);
    }
    for &(x, y, r) in circles {
        x0 = x0.min(x - r);
        y0 = y0.min(y - r);
        x1 = x1.max(x + r);
        y1 = y1.max(y + r);
    }
    if x0 > x1 {
        return (0.0, 0.0, 1.0, 1.0);
    }
    (x0 - margin, y0 - margin, x1 - x0 + 2.0 * margin, y1 - y0 + 2.0 * margin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_labels_are_moved_apart_and_the_bounds_hold_them_all() {
        let size = 13.0;
        let mut boxes: Vec<LabelBox> = ["Socialist International", "Workers International", "Labour and Socialist International", "x"]
            .iter()
            .enumerate()
            .map(|(i, t)| LabelBox { x: 100.0 + i as f32, y: 10.0 + i as f32 * 2.0, w: text_width(t, size), h: size * 1.2 })
            .collect();
        separate(&mut boxes, 2.0);
        for i in 0..boxes.len() {
            for j in 0..i {
                assert!(!boxes[i].meets(&boxes[j], 1.9), "{:?} meets {:?}", boxes[i], boxes[j]);
            }
        }
        let (x, y, w, h) = bounds(&boxes, &[(0.0, 0.0, 22.0)], 4.0);
        for b in &boxes {
            assert!(b.x >= x && b.y >= y && b.x + b.w <= x + w && b.y + b.h <= y + h);
        }
        assert!(x <= -26.0 && y <= -26.0);
    }

    #[test]
    fn boxes_apart_stay_where_they_are() {
        let mut boxes = vec![LabelBox { x: -200.0, y: 0.0, w: 50.0, h: 15.0 }, LabelBox { x: 100.0, y: 0.0, w: 50.0, h: 15.0 }];
        let before = boxes.clone();
        separate(&mut boxes, 2.0);
        assert_eq!(boxes, before);
    }

    #[test]
    fn wide_scripts_are_estimated_wider() {
        assert!(text_width("国際労働者協会", 13.0) > text_width("abcdefg", 13.0));
        assert!(text_width("WWWW", 13.0) > text_width("iiii", 13.0));
    }
}
