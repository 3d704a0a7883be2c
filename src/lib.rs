//! # commons-atlas
//!
//! The shared heart of the commons atlas: the data model that both the index builder and the
//! browser widget speak. The build-time crate `index-builder` reads the thesaurus and every
//! member's feed into these types; later stages encode them into the static index and the widget
//! decodes and searches them.
//!
//! Everything here is plain Rust with no I/O, so that it compiles both natively and to wasm.

pub mod model;
pub mod text;
pub mod format;
pub mod engine;
pub mod sort;
/// The widget (feature `widget`). Its pure parts (state, URL fragment, translations, options,
/// display helpers) are also compiled natively, without the feature, so that `cargo test --lib`
/// checks them with no browser crate, and so that `cargo xtask dist` writes the loader's frame
/// from the same translations and stylesheet.
pub mod ui;
