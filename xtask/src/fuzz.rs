//! `cargo xtask fuzz`: a seeded mutation loop over the project's own examples, for each reader
//! and for the index decoders, on stable Rust.
//!
//! `cargo fuzz` needs a nightly compiler and a sanitizer runtime this project's machines do not
//! have; what matters here is what a coverage-guided fuzzer would also ask: does any input make a
//! reader panic, take seconds, or break one of the promises the rest of the builder relies on?
//! So each target takes the example files of its format as seeds, mutates them (bit flips,
//! inserted tokens of the format, deleted, duplicated and spliced ranges, truncation), and runs
//! the reader on each input, checking:
//!
//! - no panic (caught, and the input saved);
//! - no input takes more than [`SLOW`] (saved as slow);
//! - what a feed reader hands on obeys the field policy: no field over its limit, no control
//!   character, every record located in the file it came from.
//!
//! The loop is deterministic: the same `--seed` gives the same inputs in the same order, so
//! "input 123456 of seed 7" is a reproduction even if the process dies (out of memory) before it
//! could save the input. Findings go to `target/fuzz/<target>/`.

use crate::gen::rng::Rng;
use clap::{Args, ValueEnum};
use commons_atlas::format::{self, Kind};
use index_builder::config::{FeedFormat, ThesaurusFormat};
use index_builder::feeds::{self, input, text};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// One input slower than this is a finding (unless `--slow-ms` says otherwise).
const SLOW: Duration = Duration::from_secs(1);

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Target {
    Scrutari,
    Json,
    Jsonl,
    Csv,
    Turtle,
    Rdfxml,
    Index,
}

#[derive(Debug, Args)]
pub struct FuzzArgs {
    /// What to fuzz.
    #[arg(long, value_enum)]
    pub target: Target,
    /// How long to run.
    #[arg(long, default_value_t = 1.0)]
    pub minutes: f64,
    /// Stop after this many inputs (whichever comes first with --minutes).
    #[arg(long)]
    pub inputs: Option<u64>,
    /// Seed of the mutation sequence.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Save inputs slower than this many milliseconds as findings (default 1000).
    #[arg(long)]
    pub slow_ms: Option<u64>,
}

/// What a run found.
#[derive(Debug, Default)]
pub struct Outcome {
    pub inputs: u64,
    pub panics: u64,
    pub slow: u64,
    pub broken_promises: u64,
    pub slowest: Duration,
    pub bytes: u64,
}

pub fn run(args: &FuzzArgs) -> Result<(), String> {
    let deadline = Duration::from_secs_f64(args.minutes * 60.0);
    let out = crate::dist::workspace_root().join("target/fuzz").join(format!("{:?}", args.target).to_lowercase());
    let slow = args.slow_ms.map_or(SLOW, Duration::from_millis);
    let outcome = fuzz(args.target, args.seed, deadline, args.inputs.unwrap_or(u64::MAX), slow, Some(&out))?;
    println!(
        "fuzz {:?} seed {}: {} inputs ({} MB) in {:.1} min; {} panic(s), {} slow (> {:?}), {} broken promise(s); slowest input {:?}",
        args.target,
        args.seed,
        outcome.inputs,
        outcome.bytes / 1_000_000,
        args.minutes,
        outcome.panics,
        outcome.slow,
        slow,
        outcome.broken_promises,
        outcome.slowest
    );
    if outcome.panics + outcome.slow + outcome.broken_promises > 0 {
        return Err(format!("findings saved in {}", out.display()));
    }
    Ok(())
}

/// Runs `target` until `deadline` or `max_inputs`, saving findings into `save` when given.
pub fn fuzz(target: Target, seed: u64, deadline: Duration, max_inputs: u64, slow: Duration, save: Option<&Path>) -> Result<Outcome, String> {
    let seeds = seeds(target)?;
    if seeds.is_empty() {
        return Err(format!("no example files for {target:?}"));
    }
    let dictionary = dictionary(target);
    let mut rng = Rng::stream(seed, &format!("fuzz/{target:?}"));
    let mut outcome = Outcome::default();
    let start = Instant::now();
    // Panics are findings, not noise on the terminal.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    while start.elapsed() < deadline && outcome.inputs < max_inputs {
        let input = mutate(&seeds, &dictionary, &mut rng);
        outcome.inputs += 1;
        outcome.bytes += input.len() as u64;
        let began = Instant::now();
        let result = std::panic::catch_unwind(|| execute(target, &input));
        let took = began.elapsed();
        outcome.slowest = outcome.slowest.max(took);
        let finding = match result {
            Err(panic) => {
                outcome.panics += 1;
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                Some(("panic", message))
            }
            Ok(Err(promise)) => {
                outcome.broken_promises += 1;
                Some(("promise", promise))
            }
            Ok(Ok(())) if took > slow => {
                outcome.slow += 1;
                Some(("slow", format!("{took:?}")))
            }
            Ok(Ok(())) => None,
        };
        if let (Some((kind, message)), Some(dir)) = (finding, save) {
            let _ = std::fs::create_dir_all(dir);
            let file = dir.join(format!("{kind}-{}", outcome.inputs));
            let _ = std::fs::write(&file, &input);
            let _ = std::fs::write(file.with_extension("txt"), &message);
            eprintln!("{kind} at input {} (saved as {}): {message}", outcome.inputs, file.display());
        }
    }
    std::panic::set_hook(hook);
    Ok(outcome)
}

/// Runs one input; `Err` is a broken promise.
fn execute(target: Target, input: &[u8]) -> Result<(), String> {
    let feed = |format| check_feed(format, input);
    match target {
        Target::Scrutari => feed(FeedFormat::ScrutariData),
        Target::Json => feed(FeedFormat::Json),
        Target::Jsonl => feed(FeedFormat::JsonL),
        Target::Csv => feed(FeedFormat::Csv),
        Target::Turtle => {
            let _ = index_builder::thesaurus::skos::parse(input, ThesaurusFormat::Turtle, "fuzz.ttl");
            Ok(())
        }
        Target::Rdfxml => {
            let _ = index_builder::thesaurus::skos::parse(input, ThesaurusFormat::RdfXml, "fuzz.rdf");
            Ok(())
        }
        Target::Index => {
            // The first byte of a mutated index input says which decoder gets it: seeds are
            // prefixed with their kind (see `seeds`).
            let Some((&kind, file)) = input.split_first() else { return Ok(()) };
            let kind = Kind::ALL[kind as usize % Kind::ALL.len()];
            // Seeds are payloads: half of the inputs are sealed (header and checksum right), so
            // that they reach the decoders; the others test the header and checksum checks.
            let resealed;
            let file = if input.len() % 2 == 0 {
                resealed = format::seal(kind, file);
                &resealed[..]
            } else {
                file
            };
            let _ = format::open(kind, file);
            let _ = format::entry::Entry::decode(file);
            let _ = format::manifest::Manifest::decode(file);
            let _ = format::facets::Facets::decode(file);
            let _ = format::text::TextChunk::decode(file);
            let _ = format::records::RecordChunk::decode(file);
            let _ = format::notes::NotesChunk::decode(file);
            Ok(())
        }
    }
}

/// Reads a feed and checks what comes out against the field policy.
fn check_feed(format: FeedFormat, input: &[u8]) -> Result<(), String> {
    let mut broken = None;
    let limits = text::LIMITS;
    let mut on_record = |r: feeds::RawRecord| {
        if broken.is_some() {
            return;
        }
        let fields = [
            ("id", &r.id, limits.id),
            ("url", &r.url, limits.url),
            ("title", &r.title, limits.title),
            ("subtitle", &r.subtitle, limits.subtitle),
            ("summary", &r.summary, limits.summary),
            ("place", &r.place, limits.short),
        ];
        for (name, value, limit) in fields {
            if let Some(v) = value {
                if v.chars().count() > limit {
                    broken = Some(format!("field {name} has {} characters, over its limit {limit}", v.chars().count()));
                }
                if v.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
                    broken = Some(format!("field {name} keeps a control character: {v:?}"));
                }
            }
        }
        if r.authors.len() > limits.authors {
            broken = Some(format!("{} authors", r.authors.len()));
        }
        if r.location.file != "fuzz" {
            broken = Some(format!("a record located in {:?}", r.location.file));
        }
    };
    let _ = feeds::read_from(input, format, "fuzz", input::LIMITS, &mut on_record, &mut |_| {});
    broken.map_or(Ok(()), Err)
}

/// Tokens worth inserting: the format's syntax and the bytes readers must survive.
fn dictionary(target: Target) -> Vec<Vec<u8>> {
    let common: &[&[u8]] = &[b"\xEF\xBB\xBF", b"\0", b"\xFF", b"\xC3", b"\n", b"\r\n", b"&", b"&amp;", b"&eacute;", b"&#x0;", b"&#1114112;", b"\"", b"\\", b"\xE2\x80\xAE"];
    let specific: &[&[u8]] = match target {
        Target::Scrutari | Target::Rdfxml => &[
            b"<", b">", b"</", b"/>", b"<!--", b"-->", b"<![CDATA[", b"]]>", b"<!DOCTYPE base [<!ENTITY a \"aa\">]>", b"&a;", b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", b"xml:lang=\"fr\"", b"<fiche fiche-id=\"1\">", b"</fiche>", b"<indexation fiche-id=\"1\" motcle-id=\"a\" poids=\"-1\"/>", b"<href>../x</href>", b"<complement-metadata><lib xml:lang=\"fr\">a</lib><lib xml:lang=\"fr\">b</lib></complement-metadata>", b"rdf:about=\"\"", b"rdf:resource=\"#x\"", b"rdf:parseType=\"Collection\"", b"<rdf:Description>", b"</rdf:Description>",
        ],
        Target::Json | Target::Jsonl => &[b"{", b"}", b"[", b"]", b",", b":", b"null", b"1e999", b"-0", b"\\u0000", b"\\ud800", b"\"title\":", b"\"descriptors\": [{\"weight\": 99999}]", b"\"authors\": [1]"],
        Target::Csv => &[b",", b"\"\"", b"\"", b"\n\n", b"id,url,title\n", b"|", b"^0", b"@fr"],
        Target::Turtle => &[b"@prefix", b"PREFIX", b"<", b">", b"\"\"\"", b"'", b"^^", b"@", b" .", b" ;", b" ,", b"[", b"]", b"(", b")", b"_:b", b"skos:broader", b"a skos:Concept"],
        Target::Index => &[b"\0\0\0\0", b"\xFF\xFF\xFF\xFF", b"\x7F", b"\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01", b"\x01", b"\x02"],
    };
    common.iter().chain(specific).map(|t| t.to_vec()).collect()
}

fn mutate(seeds: &[Vec<u8>], dictionary: &[Vec<u8>], rng: &mut Rng) -> Vec<u8> {
    let mut input = seeds[rng.below(seeds.len())].clone();
    for _ in 0..1 + rng.below(8) {
        let len = input.len();
        let at = if len == 0 { 0 } else { rng.below(len + 1) };
        match rng.below(8) {
            0 if len > 0 => {
                let i = rng.below(len);
                input[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                input[i] = rng.next_u64() as u8;
            }
            2 | 3 => {
                let token = &dictionary[rng.below(dictionary.len())];
                input.splice(at..at, token.iter().copied());
            }
            4 if len > 0 => {
                let end = (at + 1 + rng.below(64)).min(len);
                input.drain(at.min(end)..end);
            }
            5 if len > 0 => {
                // Duplicate a range (repeats records, nests elements).
                let from = rng.below(len);
                let end = (from + 1 + rng.below(256)).min(len);
                let piece: Vec<u8> = input[from..end].to_vec();
                for _ in 0..1 + rng.below(4) {
                    input.splice(at..at, piece.iter().copied());
                }
            }
            6 => {
                // Splice in a piece of another seed.
                let other = &seeds[rng.below(seeds.len())];
                if !other.is_empty() {
                    let from = rng.below(other.len());
                    let end = (from + 1 + rng.below(512)).min(other.len());
                    input.splice(at..at, other[from..end].iter().copied());
                }
            }
            _ => input.truncate(at),
        }
    }
    input
}

/// The example files of a target's format (index: the files of the sample commons, built here,
/// each prefixed with its kind).
fn seeds(target: Target) -> Result<Vec<Vec<u8>>, String> {
    let root = crate::dist::workspace_root();
    let extensions: &[&str] = match target {
        Target::Scrutari => &["xml"],
        Target::Json => &["json"],
        Target::Jsonl => &["jsonl"],
        Target::Csv => &["csv"],
        Target::Turtle => &["ttl", "nt"],
        Target::Rdfxml => &["rdf"],
        Target::Index => return index_seeds(&root),
    };
    let mut files = Vec::new();
    collect(&root.join("examples"), extensions, &mut files);
    if matches!(target, Target::Scrutari) {
        files.push(root.join("tests/fixtures/scrutaridata-example.xml"));
    }
    files.sort();
    // Small seeds mutate faster; a 500 KB file is cut to its first 64 KB.
    Ok(files
        .iter()
        .filter_map(|f| std::fs::read(f).ok())
        .map(|mut b| {
            b.truncate(64 * 1024);
            b
        })
        .collect())
}

fn collect(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, extensions, out);
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| extensions.contains(&e)) {
            out.push(path);
        }
    }
}

fn index_seeds(root: &Path) -> Result<Vec<Vec<u8>>, String> {
    let config = index_builder::Config::load(&root.join("examples/broken/good.toml")).map_err(|e| e.to_string())?;
    let ingested = index_builder::ingest(&config).map_err(|e| e.to_string())?;
    let compiled = index_builder::compile::compile(&ingested.commons);
    Ok(compiled
        .files
        .into_iter()
        .flat_map(|f| {
            let kind = Kind::ALL.iter().position(|k| *k == f.kind).unwrap_or(0) as u8;
            let payload = format::open(f.kind, &f.bytes).unwrap_or_default();
            // The payload (even length: sealed again) and the whole file (odd length: as is).
            let mut sealed = vec![kind];
            sealed.extend(&payload);
            if sealed.len() % 2 == 1 {
                sealed.push(0);
            }
            let mut raw = vec![kind];
            raw.extend(&f.bytes);
            if raw.len() % 2 == 0 {
                raw.push(0);
            }
            [sealed, raw]
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A few hundred inputs per target: the long runs are `cargo xtask fuzz` (docs/ROBUSTNESS.md);
    /// this keeps the targets themselves working.
    #[test]
    fn every_target_runs_a_few_hundred_inputs_without_a_finding() {
        for target in [Target::Scrutari, Target::Json, Target::Jsonl, Target::Csv, Target::Turtle, Target::Rdfxml, Target::Index] {
            let outcome = fuzz(target, 1, Duration::from_secs(60), 300, SLOW, None).unwrap();
            assert_eq!(outcome.inputs, 300, "{target:?}");
            assert_eq!((outcome.panics, outcome.broken_promises), (0, 0), "{target:?}: {outcome:?}");
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_inputs() {
        let seeds = vec![b"<base><corpus/></base>".to_vec()];
        let dictionary = dictionary(Target::Scrutari);
        let run = |seed| {
            let mut rng = Rng::stream(seed, "t");
            (0..50).map(|_| mutate(&seeds, &dictionary, &mut rng)).collect::<Vec<_>>()
        };
        assert_eq!(run(3), run(3));
        assert_ne!(run(3), run(4));
    }
}
