//! `cargo xtask gen`: a large, deterministic, synthetic commons.
//!
//! The sample commons in `examples/` is small and hand-written; it shows the formats but cannot
//! tell us how the index builder and the widget behave with the real network's volume (tens of
//! thousands of records, one aggregator holding a third of them, a thesaurus of about a thousand
//! descriptors). This generator writes such a commons, following the contract exactly
//! (`docs/COMMONS_TOML.md`, `docs/FEEDS.md`), so that it can serve as a fixture, a load test and
//! a benchmark:
//!
//! ```text
//! OUT/commons.toml          the commons: languages, dimensions, matrix, types, 12 sites
//! OUT/atlas.ttl             the SKOS thesaurus (atlas.rs)
//! OUT/feeds/siteNN.{json,jsonl,csv,xml}   one feed per site (feeds.rs, scrutari.rs)
//! ```
//!
//! Two promises shape the code:
//!
//! - **Determinism.** The same `--resources` and `--seed` give byte-identical files: randomness
//!   comes from our own seeded generator (rng.rs), every collection that reaches the output is a
//!   `Vec` or a `BTreeSet` (never a `HashMap`), and floating point is limited to IEEE arithmetic
//!   (no libm functions whose last bit could differ between platforms).
//! - **Streaming.** Records are written as they are generated, through `BufWriter`s; 100,000
//!   resources take a few seconds and little memory.
//!
//! The text is made of pseudo-words with realistic statistics (words.rs) so that search
//! behaves as on real text, with real domain words mixed in so that real queries find results.

mod atlas;
mod feeds;
mod names;
pub(crate) mod rng;
mod scrutari;
mod sites;
pub mod thesaurus;
mod words;

use std::error::Error;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use atlas::Atlas;
use feeds::{Commons, SiteGen};
use sites::Format;
use words::{Lang, Vocabulary};

/// Arguments of `cargo xtask gen`.
#[derive(Debug, clap::Args)]
pub struct GenArgs {
    /// Total number of resources, shared among the 12 sites.
    #[arg(long, default_value_t = 10_000)]
    pub resources: usize,
    /// Seed of the generator: the same seed and size give byte-identical files.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Folder to write into; created if missing. Must be empty unless --force.
    #[arg(long)]
    pub out: PathBuf,
    /// Write into a non-empty folder, overwriting the files the generator writes.
    #[arg(long)]
    pub force: bool,
    /// Instead of the usual commons, a large thesaurus shaped like published ones (nested
    /// collections, one file per language, polyhierarchy) with one feed of --resources records.
    #[arg(long)]
    pub thesaurus: bool,
    /// With --thesaurus: the number of concepts.
    #[arg(long, default_value_t = 10_000, requires = "thesaurus")]
    pub concepts: usize,
    /// With --thesaurus: the number of languages (2 to 30; English and French first).
    #[arg(long, default_value_t = 30, requires = "thesaurus")]
    pub languages: usize,
    /// With --thesaurus: groups × themes, the atlas' two dimensions of family collections.
    #[arg(long, default_value = "32x40", value_parser = thesaurus::parse_families, requires = "thesaurus")]
    pub families: (usize, usize),
}

impl GenArgs {
    /// The usual commons of `resources` records, into an empty folder.
    pub fn commons(resources: usize, seed: u64, out: PathBuf) -> GenArgs {
        GenArgs { resources, seed, out, force: false, thesaurus: false, concepts: 10_000, languages: 30, families: (32, 40) }
    }
}

/// What one run wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub resources: usize,
    pub descriptors: usize,
    pub related_pairs: usize,
    pub sites: usize,
    pub files: usize,
    pub bytes: u64,
}

/// Run `cargo xtask gen`.
pub fn run(args: &GenArgs) -> Result<(), Box<dyn Error>> {
    let start = Instant::now();
    prepare_out_dir(&args.out, args.force)?;
    if args.thesaurus {
        let (groups, themes) = args.families;
        let shape = thesaurus::Shape { concepts: args.concepts, languages: args.languages, groups, themes, resources: args.resources };
        let w = thesaurus::generate(&args.out, shape, args.seed)?;
        println!(
            "gen: a thesaurus of {} concepts ({} preferred labels, {} related pairs) in {} languages, {groups} × {themes} families, {} resources; {} files, {} bytes in {:.2} s -> {}",
            w.concepts,
            w.pref_labels,
            w.related,
            args.languages,
            args.resources,
            w.files,
            w.bytes,
            start.elapsed().as_secs_f64(),
            args.out.display()
        );
        return Ok(());
    }
    let s = generate(&args.out, args.resources, args.seed)?;
    println!(
        "gen: {} resources, {} descriptors ({} related pairs), {} sites, {} files, {} bytes ({:.1} MiB) in {:.2} s -> {}",
        s.resources,
        s.descriptors,
        s.related_pairs,
        s.sites,
        s.files,
        s.bytes,
        s.bytes as f64 / (1024.0 * 1024.0),
        start.elapsed().as_secs_f64(),
        args.out.display()
    );
    Ok(())
}

/// Create `dir`, or check that it is empty (or that `force` allows writing into it).
fn prepare_out_dir(dir: &Path, force: bool) -> Result<(), Box<dyn Error>> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(format!("{} exists and is not a folder", dir.display()).into());
        }
        let non_empty = fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .next()
            .is_some();
        if non_empty && !force {
            return Err(format!(
                "{} is not empty; choose another folder or pass --force to overwrite the generated files",
                dir.display()
            )
            .into());
        }
    }
    fs::create_dir_all(dir.join("feeds")).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(())
}

/// Write one file through a buffer; returns its size.
fn write_file(
    path: &Path,
    body: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
) -> Result<u64, Box<dyn Error>> {
    let context = |e: io::Error| format!("{}: {e}", path.display());
    let file = File::create(path).map_err(context)?;
    let mut w = BufWriter::with_capacity(256 * 1024, file);
    body(&mut w).map_err(context)?;
    w.flush().map_err(context)?;
    let file = w.into_inner().map_err(|e| context(e.into_error()))?;
    Ok(file.metadata().map_err(context)?.len())
}

/// Write the whole commons into `out` (which must exist, with a `feeds` folder).
pub fn generate(out: &Path, resources: usize, seed: u64) -> Result<Summary, Box<dyn Error>> {
    let vocab: [Vocabulary; 4] = Lang::ALL.map(|l| Vocabulary::new(seed, l));
    let atlas = Atlas::generate(seed, &vocab);
    let plan = sites::plan(resources);
    let commons = Commons::new(seed, &vocab, &atlas);
    let group_share = sites::translation_group_share(&plan);

    let mut bytes = 0;
    bytes += write_file(&out.join("commons.toml"), |w| {
        sites::write_commons_toml(w, &plan, &atlas, resources, seed)
    })?;
    bytes += write_file(&out.join("atlas.ttl"), |w| atlas.write_turtle(w, seed))?;
    for site in &plan {
        let path = out.join(site.feed_path());
        bytes += match site.spec.format {
            Format::Json => write_file(&path, |w| {
                feeds::write_json(w, &mut SiteGen::new(seed, &commons, site, group_share))
            })?,
            Format::Jsonl => write_file(&path, |w| {
                feeds::write_jsonl(w, &mut SiteGen::new(seed, &commons, site, group_share))
            })?,
            Format::Csv => write_file(&path, |w| {
                feeds::write_csv(w, &mut SiteGen::new(seed, &commons, site, group_share))
            })?,
            Format::Scrutari {
                by_type,
                relative_href,
            } => write_file(&path, |w| {
                let mut gen = SiteGen::new(seed, &commons, site, group_share);
                scrutari::write_scrutari(w, &mut gen, site, by_type, relative_href)
            })?,
        };
    }

    Ok(Summary {
        resources,
        descriptors: atlas.descriptors.len(),
        related_pairs: atlas.related_pairs,
        sites: plan.len(),
        files: 2 + plan.len(),
        bytes,
    })
}

#[cfg(test)]
mod tests;
