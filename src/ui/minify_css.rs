/// `css` without comments and layout whitespace.
pub fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
            }
            c if c.is_whitespace() => pending_space = true,
            '"' | '\'' => {
                flush_space(&mut out, &mut pending_space, c);
                out.push(c);
                let mut escaped = false;
                for s in chars.by_ref() {
                    out.push(s);
                    if escaped {
                        escaped = false;
                    } else if s == '\\' {
                        escaped = true;
                    } else if s == c {
                        break;
                    }
                }
            }
            '}' if out.ends_with(';') => {
                out.pop();
                out.push('}');
                pending_space = false;
            }
            _ => {
                flush_space(&mut out, &mut pending_space, c);
                out.push(c);
            }
        }
    }
    out
}

/// Writes the space pending before `next`, unless a punctuation mark on either side makes it
/// meaningless.
fn flush_space(out: &mut String, pending_space: &mut bool, next: char) {
    let tight = |c: char| matches!(c, '{' | '}' | ';' | ',');
    if std::mem::take(pending_space) && !out.is_empty() && !out.ends_with(tight) && !tight(next) {
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::minify_css;

    #[test]
    fn comments_and_layout_whitespace_go() {
        let css = "/* The theme.\n * Two lines. */\n.ca {\n  color: red;\n  margin: 0 auto;\n}\n\n.ca a,\n.ca b > c {\n  x: 1px  solid;\n}\n";
        assert_eq!(minify_css(css), ".ca{color: red;margin: 0 auto}.ca a,.ca b > c{x: 1px solid}");
    }

    #[test]
    fn strings_and_meaningful_spaces_stay() {
        let css = ".ca { font-family: \"Segoe  UI\", 'a /* b */ c'; }\n@media (max-width: 760px) and (hover: none) { .ca :focus { x: y } }";
        assert_eq!(minify_css(css), ".ca{font-family: \"Segoe  UI\",'a /* b */ c'}@media (max-width: 760px) and (hover: none){.ca :focus{x: y}}");
    }

    #[test]
    fn the_widget_stylesheet_keeps_every_rule() {
        let css = include_str!("atlas.css");
        let small = minify_css(css);
        assert!(small.len() * 4 < css.len() * 3, "{} bytes from {}", small.len(), css.len());
        assert!(!small.contains("/*"));
        let count = |s: &str, c: char| s.chars().filter(|&x| x == c).count();
        assert_eq!(count(&small, '{'), count(&small, '}'));
        for selector in [".ca[data-theme=\"dark\"]", ".ca input[type=\"search\"]", ".ca-skip"] {
            assert!(small.contains(selector), "{selector}");
        }
    }
}
