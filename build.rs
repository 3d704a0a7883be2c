//! Shrinks the widget's stylesheet into `OUT_DIR` when the widget is built (feature `widget`);
//! the why and the how are in `src/ui/minify_css.rs`.

include!("src/ui/minify_css.rs");

fn main() {
    println!("cargo::rerun-if-changed=src/ui/atlas.css");
    println!("cargo::rerun-if-changed=src/ui/minify_css.rs");
    if std::env::var_os("CARGO_FEATURE_WIDGET").is_none() {
        return;
    }
    let css = std::fs::read_to_string("src/ui/atlas.css").expect("src/ui/atlas.css is readable");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("atlas.min.css"), minify_css(&css)).expect("OUT_DIR is writable");
}
