//! Member sites, their resources, and the commons that gathers them.

use super::{ConceptId, Labels, Lang, LocalMap, PartialDate, Thesaurus};
use serde::{Deserialize, Serialize};

/// Dense number of a site: its index in [`Commons::sites`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SiteId(pub u16);

/// A member site of the alliance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    pub id: String,
    pub name: String,
    /// Home page; always `http(s)`.
    pub url: String,
    pub languages: Vec<Lang>,
    pub colour: Option<String>,
    /// Logo URL; always `http(s)` when present.
    pub logo: Option<String>,
}

/// A kind of resource (experience, analysis, …) with its name per language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceType {
    pub key: String,
    pub labels: Labels,
}

/// A descriptor that indexes a resource, with how strongly (1 = default).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indexing {
    pub concept: ConceptId,
    pub weight: u16,
}

/// One record of a member's feed, validated: it has a title, a safe URL, a known language, and
/// its descriptors exist in the atlas.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resource {
    pub site: SiteId,
    /// Identifier within its site, stable across exports.
    pub id: String,
    /// `http` or `https` only; feeds are never trusted with another scheme.
    pub url: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub summary: Option<String>,
    pub authors: Vec<String>,
    pub date: Option<PartialDate>,
    /// Key into [`Commons::types`], or a type the configuration does not list.
    pub kind: Option<String>,
    pub lang: Lang,
    pub place: Option<String>,
    pub country: Option<String>,
    /// Sorted by concept, each concept once.
    pub descriptors: Vec<Indexing>,
    /// Records sharing this key translate one another.
    pub translation: Option<String>,
}

/// The validated commons: what the index is compiled from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commons {
    pub name: Option<String>,
    /// The languages of the commons, the default first.
    pub languages: Vec<Lang>,
    pub thesaurus: Thesaurus,
    /// The local maps of `[[maps]]`, in the order configured, each concept resolved.
    #[serde(default)]
    pub maps: Vec<LocalMap>,
    pub sites: Vec<Site>,
    pub types: Vec<ResourceType>,
    pub resources: Vec<Resource>,
}
