//! Builds an index the way a maintainer does (index-builder: ingest, compile, write) into a
//! temporary folder, once per test binary, and opens it with the engine.

#![allow(dead_code)]

use commons_atlas::engine::{block_on, Engine, FsFetch, Query, Results};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the index of `config` (relative to the repository) into a new temporary folder.
pub fn build(config: &str) -> PathBuf {
    build_with_model(config).0
}

/// Reads and validates the commons of `config` (relative to the repository, or absolute): the
/// model an index is compiled from, for tests that check the index against it.
pub fn ingest(config: &str) -> commons_atlas::model::Commons {
    let config = index_builder::Config::load(&root().join(config)).expect("config loads");
    let ingested = index_builder::ingest(&config).expect("commons ingests");
    assert_eq!(ingested.report.errors(), 0, "{}", ingested.report.render_problems(5));
    ingested.commons
}

/// Builds the index of `config` into a new temporary folder, and returns the validated model
/// it was compiled from.
pub fn build_with_model(config: &str) -> (PathBuf, commons_atlas::model::Commons) {
    let commons = ingest(config);
    let index = index_builder::compile::compile(&commons);
    let dir = tempfile::tempdir().expect("temp dir").keep();
    let out = dir.join("index");
    index_builder::output::write_index(&out, &index, index_builder::output::DEFAULT_KEEP).expect("index written");
    (out, commons)
}

/// The sample commons' index, built once.
pub fn sample_index() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| build("examples/commons/commons.toml"))
}

pub fn open(dir: &Path) -> (Engine, FsFetch) {
    let fetch = FsFetch { dir: dir.to_path_buf() };
    let engine = block_on(Engine::open(&fetch, &[])).expect("index opens");
    (engine, fetch)
}

pub fn run(engine: &mut Engine, fetch: &FsFetch, query: &Query) -> Results {
    block_on(engine.run(query, fetch)).expect("query runs")
}

/// xorshift64*: a small seeded generator for property tests, with no dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        assert!(n > 0);
        (self.next() % n as u64) as usize
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}
