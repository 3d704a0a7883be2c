//! Record chunks: the display data of consecutive resources.

use commons_atlas::format::records::{Record, RecordChunk};
use commons_atlas::model::Resource;

pub fn compile(ordered: &[&Resource], block: u32) -> Vec<RecordChunk> {
    ordered
        .chunks(block as usize)
        .enumerate()
        .map(|(i, resources)| RecordChunk {
            first: i as u32 * block,
            records: resources
                .iter()
                .map(|r| Record {
                    id: r.id.clone(),
                    url: r.url.clone(),
                    title: r.title.clone(),
                    subtitle: r.subtitle.clone(),
                    summary: r.summary.clone(),
                    authors: r.authors.clone(),
                    date: r.date,
                    place: r.place.clone(),
                    country: r.country.clone(),
                    translation: r.translation.clone(),
                    descriptors: r.descriptors.clone(),
                })
                .collect(),
        })
        .collect()
}
