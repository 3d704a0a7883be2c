//! Resource numbering.
//!
//! Numbers are dense (`0..n`) so that facets are columns and result sets are bitsets. They follow
//! publication date, newest first, so that sorting by date is sorting by number, ties in
//! relevance fall to the newer resource for free, and a date-sorted page reads one record chunk.

use commons_atlas::model::Resource;
use std::cmp::Reverse;

/// The resources in index order: newest first; undated last; then by site and id, so that the
/// order is the same on every build.
pub fn newest_first(resources: &[Resource]) -> Vec<&Resource> {
    let mut ordered: Vec<&Resource> = resources.iter().collect();
    ordered.sort_by(|a, b| {
        (a.date.is_none(), Reverse(a.date), a.site, &a.id).cmp(&(b.date.is_none(), Reverse(b.date), b.site, &b.id))
    });
    ordered
}
