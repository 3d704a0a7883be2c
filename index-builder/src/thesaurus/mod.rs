//! The shared thesaurus: SKOS in ([`skos`]), the atlas out ([`atlas`]).

pub mod atlas;
pub mod imported;
pub mod skos;

pub use imported::Imported;

use crate::config::Config;
use crate::report::Report;
use commons_atlas::model::Thesaurus;
use thiserror::Error;

/// The thesaurus could not be read or does not fit the configuration: nothing else can be checked.
#[derive(Debug, Error)]
pub enum ThesaurusError {
    #[error(transparent)]
    Skos(#[from] skos::SkosError),
    #[error(transparent)]
    Atlas(#[from] atlas::AtlasError),
}

/// Reads the configured thesaurus and assembles the atlas.
pub fn load(config: &Config, report: &mut Report) -> Result<Thesaurus, ThesaurusError> {
    let files: Vec<_> = config.thesaurus.iter().map(|f| (&f.path, f.format)).collect();
    let graph = skos::Graph::read(&files)?;
    let (atlas, imported) = atlas::assemble(&graph, config, report)?;
    report.thesaurus = Some(imported);
    Ok(atlas)
}
