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
