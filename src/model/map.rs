//! Local maps: named parts of the atlas that the maintainers define in `commons.toml`.
//!
//! A local map is built with local actors around their own question ("energy in Lille"): a few
//! families and descriptors of the shared atlas, everything below them included. It is data of the
//! commons, compiled into the manifest, so that a partner can embed the widget with
//! `local-map="energie-lille"` and show only that part of the atlas, without a thesaurus of its own
//! and without the map drifting away from the atlas it is cut from.

use super::{ConceptId, Labels};
use serde::{Deserialize, Serialize};

/// A named part of the atlas ("local map"), defined by the maintainers in commons.toml.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalMap {
    /// Stable short name, used by the widget's `local-map` attribute (lowercase letters, digits, '-', '_').
    pub id: String,
    /// Title in several languages.
    pub titles: Labels,
    /// The families and descriptors listed, as given (deduplicated, in the order given).
    /// [`super::Thesaurus::sub_atlas`] gives every concept of the part of the atlas they define.
    pub concepts: Vec<ConceptId>,
}

impl LocalMap {
    /// Whether `id` is a valid map id: not empty, only lowercase ASCII letters, digits, `-`, `_`
    /// (it appears in an HTML attribute and in the widget's addresses).
    pub fn is_valid_id(id: &str) -> bool {
        !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    }
}
