//! The commons as data: the atlas thesaurus and its local maps, the member sites and their
//! resources.
//!
//! These types hold *validated* data only. Reading and checking input is the index builder's job;
//! by the time a value is one of these, its references resolve and its URLs are safe to link.
//! Concepts, sites and resources are addressed by dense numbers ([`ConceptId`], [`SiteId`]) rather
//! than by their IRIs or ids so that later stages can use them as array and bitset indexes.

mod date;
mod lang;
mod map;
mod resource;
mod thesaurus;
mod url;

pub use date::{DateError, PartialDate};
pub use lang::{Lang, LangError, Labels};
pub use map::LocalMap;
pub use resource::{Commons, Indexing, Resource, ResourceType, Site, SiteId};
pub use thesaurus::{notes_for, Cell, Concept, ConceptId, Dimension, Family, Matrix, Note, NoteKind, Role, Thesaurus};
pub use url::is_web_url;
#[cfg(test)]
pub(crate) use thesaurus::test_concept;
