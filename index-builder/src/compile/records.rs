//! Record chunks: the display data of consecutive resources.

use commons_atlas::format::records::{Record, RecordChunk};
use commons_atlas::model::Resource;

pub fn compile(ordered: &[&Resource], block: u32) -> Vec<RecordChunk> {
    ordered
        .chunks(block as usize)
        .enumerate()
        .map(|(i, resources)| RecordChunk {
            first: i as u32 * block,
            records: resources.iter().map(|&r| Record::from(r)).collect(),
        })
        .collect()
}
