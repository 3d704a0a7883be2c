//! # index-builder
//!
//! Compiles a commons, the shared atlas thesaurus (SKOS) and every member site's feed
//! (ScrutariData XML, JSON, CSV), into the static files the commons atlas widget loads.
//!
//! The stages, each in its own module:
//!
//! 1. [`config`]: read `commons.toml`.
//! 2. [`thesaurus`]: read the SKOS file ([`thesaurus::skos`]) and derive the atlas: dimensions,
//!    families, levels, matrix cells ([`thesaurus::atlas`]).
//! 3. [`feeds`]: open each member's feed (a file, or a URL through [`fetch`]) and read it into raw
//!    records, one at a time.
//! 4. [`validate`]: judge each record against the rules; keep it or reject it with reasons.
//! 5. [`ingest`]: drive 2–4 and [`maps`] (the local maps, resolved against the atlas), fall back
//!    on the [`previous`] release for a feed that fails, and keep the [`report`] whose counts add
//!    up; [`policy`] decides from it whether the release is published; [`members`] writes each
//!    site's own report.
//! 6. [`compile`]: number the resources and encode the index files
//!    (format in `commons_atlas::format`).
//! 7. [`output`]: write the release into the publish folder, leaving every other file alone.
//! 8. [`stats`]: what an index folder holds, by kind of file.
//!
//! Nothing here is specific to CITEGO's atlas: dimensions, families and types are data.

pub mod compile;
pub mod config;
pub mod feeds;
pub mod fetch;
pub mod ingest;
pub mod maps;
pub mod members;
pub mod output;
pub mod policy;
pub mod position;
pub mod previous;
pub mod report;
pub mod stats;
pub mod thesaurus;
pub mod validate;

pub use config::Config;
pub use ingest::{ingest, ingest_with, IngestError, IngestOptions, Ingested};
pub use report::{Problem, Report, Rule, Severity};
