//! Native query latency, once the files a query needs are in memory.
//!
//! The budget is about the engine's own work (matching, ranking, every facet count, the top 20),
//! not about fetching, which the cold-query measurement covers. So every query of the mix first
//! runs once through [`Engine::run`], which fetches all it needs; only then is
//! [`Engine::search`] timed, query by query.
//!
//! The machine is shared (two cores, other jobs), and a descheduled thread makes a 1 ms query
//! look like a 10 ms one. Each query is therefore timed in several rounds over the whole mix and
//! keeps its best time: what the query costs, not what the neighbours cost. Percentiles use the
//! nearest-rank method, so that every figure reported is a time that was measured.

use super::queries::{Kind, Planned};
use commons_atlas::engine::{block_on, Engine, FsFetch};
use commons_atlas::format::manifest::Manifest;
use commons_atlas::format::text::TextChunk;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

/// Rounds over the whole mix; each query keeps its best time.
pub const ROUNDS: usize = 5;

/// What the warm-up cost.
#[derive(Clone, Debug)]
pub struct WarmUp {
    pub wall: Duration,
    /// Files in memory afterwards.
    pub files: usize,
}

/// Runs every query once, fetching what it needs from `fetch`.
pub fn warm_up(engine: &mut Engine, fetch: &FsFetch, mix: &[Planned]) -> Result<WarmUp, String> {
    let start = Instant::now();
    for p in mix {
        block_on(engine.run(&p.query, fetch)).map_err(|e| format!("warm-up, {:?}: {e}", p.query.text))?;
    }
    Ok(WarmUp { wall: start.elapsed(), files: engine.loaded.len() })
}

/// One query's best time.
#[derive(Clone, Debug)]
pub struct Timed {
    /// Its position in the mix.
    pub index: usize,
    pub kind: Kind,
    pub millis: f64,
    /// Resources it found.
    pub total: u32,
}

/// Times `engine.search` for every query, best of [`ROUNDS`].
pub fn measure(engine: &Engine, mix: &[Planned]) -> Result<Vec<Timed>, String> {
    let mut timed: Vec<Timed> =
        mix.iter().enumerate().map(|(index, p)| Timed { index, kind: p.kind, millis: f64::INFINITY, total: 0 }).collect();
    for _ in 0..ROUNDS {
        for (p, t) in mix.iter().zip(&mut timed) {
            let start = Instant::now();
            let results = engine.search(black_box(&p.query));
            let elapsed = start.elapsed();
            let results = results.map_err(|e| format!("{:?}: {e}", p.query.text))?;
            t.millis = t.millis.min(elapsed.as_secs_f64() * 1000.0);
            t.total = black_box(results).total;
        }
    }
    Ok(timed)
}

/// Median, p90, p99 and maximum of a set of times.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    pub n: usize,
    pub median: f64,
    pub p90: f64,
    pub p99: f64,
    pub max: f64,
}

pub fn spread(values: &[f64]) -> Spread {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    Spread {
        n: sorted.len(),
        median: percentile(&sorted, 50.0),
        p90: percentile(&sorted, 90.0),
        p99: percentile(&sorted, 99.0),
        max: sorted.last().copied().unwrap_or(f64::NAN),
    }
}

/// The nearest-rank `p`-th percentile (0 < p ≤ 100) of ascending `sorted`: the smallest value
/// with at least p % of the values at or below it. NaN for no values.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Candidate words for the mix from the index itself: alphabetic terms of four letters or more
/// found in at least three resources, with their languages. Chunks are decoded one at a time.
pub fn index_terms(dir: &Path, manifest: &Manifest) -> Result<Vec<(String, u8)>, String> {
    let mut out = Vec::new();
    for chunk in &manifest.text_chunks {
        let path = dir.join(&chunk.file);
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let chunk = TextChunk::decode(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        out.extend(
            chunk
                .terms
                .into_iter()
                .filter(|t| t.postings.len() >= 3 && t.langs != 0 && t.text.chars().count() >= 4 && t.text.chars().all(char::is_alphabetic))
                .map(|t| (t.text, t.langs)),
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&values, 50.0), 50.0);
        assert_eq!(percentile(&values, 90.0), 90.0);
        assert_eq!(percentile(&values, 99.0), 99.0);
        assert_eq!(percentile(&values, 100.0), 100.0);
        let few = [1.0, 2.0, 3.0];
        assert_eq!(percentile(&few, 50.0), 2.0);
        assert_eq!(percentile(&few, 99.0), 3.0);
        assert_eq!(percentile(&[7.0], 1.0), 7.0);
        assert!(percentile(&[], 50.0).is_nan());
    }

    #[test]
    fn spread_sorts_its_input() {
        let s = spread(&[5.0, 1.0, 4.0, 2.0, 3.0]);
        assert_eq!(s, Spread { n: 5, median: 3.0, p90: 5.0, p99: 5.0, max: 5.0 });
    }
}
