//! `cargo xtask dist`: everything a maintainer publishes, in one folder, ready for any static host.
//!
//! The folder holds the index (the same files as `index-builder build`) and, next to them, the
//! widget: the loader `atlas.js` that partner pages include, the wasm-bindgen glue
//! `commons-atlas.js` and the wasm `commons-atlas_bg.wasm`. Because the loader takes the folder it
//! came from as the default index location, one `<script>` tag is all a partner page needs.
//!
//! The steps:
//!
//! 1. read and validate the commons with the `index-builder` library, with the release already
//!    in the folder as the safety net of a site whose feed fails (as `index-builder build --out`
//!    does); a release the policy refuses (`index_builder::policy`) stops here with the report,
//!    and nothing is written;
//! 2. build the widget ([`build_widget`]): `cargo build` of the root crate's `widget` feature for
//!    `wasm32-unknown-unknown`, in release with size settings, in its own target folder so that
//!    the native release cache stays valid ([`StdBuild`]: with the standard library rebuilt for
//!    size when the `rust-src` component is there or installs, in `target/widget-std`; else the
//!    ordinary stable build, in `target/widget`); then wasm-bindgen (as a library, `--target web`
//!    semantics), short import names ([`short_imports`]) and `wasm-opt` ([`WASM_OPT_PASSES`])
//!    from the npm package `binaryen`. The result is cached in `target/widget/assets`, keyed by
//!    the wasm cargo produced; the loader and the glue lose their comments ([`shrink_js`]);
//! 3. compile the index and write it and the widget files through `index_builder::output`'s
//!    `Release` (parts `index` and `widget`): every other file in the folder is left alone, each
//!    file appears whole, and the previous index's hashed files stay for one more release; the
//!    widget part holds each widget file with its `.br` and `.gz` companions ([`precompress`]),
//!    so that a companion of an old release is never served for a new file;
//! 4. print the size of each widget file: raw, gzip and brotli.
//!
//! The loader's `__ATLAS_VERSION__` placeholder becomes a hash of the glue and the wasm, so that
//! a new release is never mixed with a visitor's cached copy of the previous one; its
//! `__ATLAS_CSS__` and `__ATLAS_FRAME__` become the widget's stylesheet and the words of the
//! frame it draws before the wasm is ready.

use crate::precompress;
use crate::short_imports;
use crate::test::{ensure_wasm_target, step};
use commons_atlas::format::Kind;
use index_builder::output::{self, Release};
use index_builder::ingest::IngestOptions;
use index_builder::{ingest_with, Config, Ingested};
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The commons `dist` and `demo` build when no `--config` is given, from the workspace root.
pub const DEFAULT_CONFIG: &str = "examples/commons/commons.toml";
/// The wasm-bindgen version this xtask links (`wasm-bindgen-cli-support` in xtask/Cargo.toml).
const BINDGEN_VERSION: &str = "0.2.130";
/// The loader, hand-written, in the repository.
const LOADER_SOURCE: &str = "www/atlas.js";
/// The placeholder in the loader that becomes the release's hash.
const VERSION_PLACEHOLDER: &str = "__ATLAS_VERSION__";
/// The placeholders (with the empty value after each) that become the widget's stylesheet and
/// the frame's words.
const CSS_PLACEHOLDER: &str = "/*__ATLAS_CSS__*/ \"\"";
const FRAME_PLACEHOLDER: &str = "/*__ATLAS_FRAME__*/ {}";
/// The widget's stylesheet, which the loader carries (see `ui::sheets`).
const STYLESHEET: &str = "src/ui/atlas.css";
/// Published names of the widget files.
pub const LOADER: &str = "atlas.js";
pub const GLUE: &str = "commons-atlas.js";
pub const WASM: &str = "commons-atlas_bg.wasm";
/// What `cargo build` of the widget produces, under `<target dir>/wasm32-unknown-unknown/release`.
const CARGO_WASM: &str = "commons_atlas.wasm";
/// The size settings of the widget build, as environment overrides of the release profile (the
/// workspace's release profile stays tuned for speed, for the builder and the benchmarks).
const SIZE_PROFILE: [(&str, &str); 5] = [
    ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "z"),
    ("CARGO_PROFILE_RELEASE_LTO", "true"),
    ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "1"),
    ("CARGO_PROFILE_RELEASE_PANIC", "abort"),
    ("CARGO_PROFILE_RELEASE_DEBUG", "false"),
];
/// What the build with the standard library rebuilt for size adds to [`SIZE_PROFILE`], on the same
/// stable compiler: `RUSTC_BOOTSTRAP=1` lets it take these unstable options (see [`StdBuild`]).
/// `-Zbuild-std` compiles `std` from the `rust-src` component with the widget's own settings
/// (opt-level z, LTO with the widget) and `std`'s `optimize_for_size` code paths;
/// `-Zlocation-detail=none` drops the file and line of every panic site; `-Zfmt-debug=none`
/// makes every `{:?}` print nothing, so the widget's code formats no `Debug` where the visitor
/// or the webmaster reads it (a test below keeps `src/ui` free of it); `panic =
/// "immediate-abort"` makes a panic trap at once, with no hook and no message formatting: the
/// widget still says that it stopped, from the page's `error` event (`ui::mount`).
/// Measured one at a time in docs/BENCHMARKS.md ("Widget size, change by change").
const STD_FOR_SIZE_RUSTFLAGS: &str = "-Zlocation-detail=none -Zfmt-debug=none";
const STD_FOR_SIZE_CARGO_ARGS: [&str; 3] =
    ["-Zbuild-std=std,panic_abort", "-Zbuild-std-features=optimize_for_size", "-Zpanic-immediate-abort"];
const STD_FOR_SIZE_PANIC: (&str, &str) = ("CARGO_PROFILE_RELEASE_PANIC", "immediate-abort");

/// How the widget's wasm is compiled (`--std`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum StdBuild {
    /// `size` when the `rust-src` component is installed or `rustup component add rust-src`
    /// installs it, and `stable` when it cannot be had or the `size` build fails.
    #[default]
    Auto,
    /// The standard library rebuilt for size with unstable options on the stable compiler
    /// (`RUSTC_BOOTSTRAP=1`); about 20 KB gzip smaller (docs/BENCHMARKS.md). Fails rather than
    /// falls back.
    Size,
    /// The ordinary stable build with the prebuilt standard library: the fallback, and what any
    /// Rust toolchain with the wasm32 target builds.
    Stable,
}

/// wasm-opt's passes, chosen for the bytes on the wire, not the raw size. Plain `-Oz` made the
/// wasm 6 % smaller raw than these but 7 % larger gzipped (measured on the widget, after
/// wasm-bindgen: 689 KB raw, 283.6 KB gzip, 224.4 KB brotli with `-Oz`; 717 KB, 263.6 KB,
/// 211.7 KB with these; no wasm-opt at all: 792 KB, 268.1 KB, 214.8 KB). Binaryen's inliner
/// (`inlining-optimizing`) copies small functions into their callers, which LLVM, building for
/// size, had kept as calls: each copy is smaller than a call's setup but unlike the others, so
/// it compresses worse. `memory-packing` cuts the data into hundreds of segments around runs of
/// zeros, whose headers compress worse than the zeros. Table in docs/BENCHMARKS.md ("Widget
/// size, change by change").
const WASM_OPT_PASSES: [&str; 3] = ["-Oz", "--skip-pass=inlining-optimizing", "--skip-pass=memory-packing"];

/// The wasm features rustc enables by default for wasm32-unknown-unknown, which wasm-opt must
/// accept in its input and may use in its output (every current browser has them).
const WASM_FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// Arguments of `cargo xtask dist`.
#[derive(Debug, clap::Args)]
pub struct DistArgs {
    /// The commons.toml to build the index from [default: examples/commons/commons.toml in the workspace].
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Folder to write the index and the widget into; created if missing. Only the files of its
    /// previous releases are replaced; every other file is left alone.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    #[command(flatten)]
    pub widget: WidgetArgs,
}

/// How the widget is obtained; shared by `dist` and `demo`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct WidgetArgs {
    /// Package this wasm (the output of a wasm-bindgen crate exporting `mount`) instead of
    /// building the root crate's widget; for testing the packaging.
    #[arg(long, value_name = "PATH")]
    pub wasm: Option<PathBuf>,
    /// How to compile the wasm: `size` rebuilds the standard library for size (needs the
    /// `rust-src` component), `stable` is the ordinary build, `auto` is `size` with `stable` as
    /// its fallback.
    #[arg(long, value_enum, default_value_t = StdBuild::Auto)]
    pub std: StdBuild,
    /// Keep the wasm's function names (its `name` section): for reading a profile, not for
    /// publishing (about 1 MB larger).
    #[arg(long)]
    pub keep_names: bool,
}

/// One file of the widget, ready to write (`name` may contain `/` for wasm-bindgen snippets).
#[derive(Clone, Debug)]
pub struct Asset {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Sizes of one published file.
#[derive(Clone, Debug, Default)]
pub struct Size {
    pub name: String,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

pub fn run(args: &DistArgs) -> Result<(), String> {
    let config = match &args.config {
        Some(path) => path.clone(),
        None => workspace_root().join(DEFAULT_CONFIG),
    };
    let assets = dist(&config, &args.out, &args.widget)?;
    print_sizes(&sizes(&assets));
    Ok(())
}

/// Builds the index of `config` and the widget into `out` (as releases of its `index` and
/// `widget` parts); returns the widget files.
pub fn dist(config: &Path, out: &Path, widget: &WidgetArgs) -> Result<Vec<Asset>, String> {
    step(&format!("reading the commons ({})", config.display()));
    let config = Config::load(config).map_err(|e| e.to_string())?;
    // The folder's previous release is the safety net, as for `index-builder build --out`: a
    // member whose feed is down today keeps its records from it.
    let previous = match index_builder::previous::Previous::read(out) {
        Ok(p) => p,
        Err(e) => {
            println!("warning: the previous release in {} cannot be read ({e}); no site can keep its records from it", out.display());
            None
        }
    };
    let mut options = IngestOptions::new(&config);
    options.previous = previous.as_ref();
    let Ingested { commons, report } = ingest_with(&config, &options).map_err(|e| e.to_string())?;
    print!("{}", report.render_feed_failures(previous.as_ref().map(|p| p.describe()).as_deref()));
    print!("{}", report.render_problems(20));
    println!(
        "resources: {} read = {} kept + {} rejected; {} error(s), {} warning(s)",
        report.resources_read(),
        report.resources_kept(),
        report.resources_rejected(),
        report.errors(),
        report.warnings()
    );
    let decision = index_builder::policy::decide(&report, false);
    if !decision.publishes() {
        let reasons: Vec<String> = decision.refusals.iter().map(|r| r.to_string()).collect();
        return Err(format!(
            "the release is refused ({}); nothing was written. `index-builder check --config {}` shows the whole report",
            reasons.join("; "),
            config.path.display()
        ));
    }

    let assets = build_widget(widget)?;

    step(&format!("compiling the index and writing {}", out.display()));
    let index = index_builder::compile::compile(&commons);
    let with_companions: Vec<Asset> =
        assets.iter().flat_map(|a| std::iter::once(a.clone()).chain(precompress::companions(a))).collect();
    let widget_files: Vec<(&str, &[u8])> = with_companions.iter().map(|a| (a.name.as_str(), a.bytes.as_slice())).collect();
    Release::write(out, "widget", &widget_files, output::DEFAULT_KEEP).map_err(|e| e.to_string())?;
    output::write_index(out, &index, output::DEFAULT_KEEP).map_err(|e| e.to_string())?;
    let bytes: usize = index.files.iter().map(|f| f.bytes.len()).sum();
    println!(
        "wrote {}: the index ({} files, {} bytes) and the widget ({} files)",
        out.display(),
        index.files.len(),
        bytes,
        assets.len()
    );
    Ok(assets)
}

/// The widget's files: the loader, the glue, the wasm (and any wasm-bindgen snippets).
pub fn build_widget(args: &WidgetArgs) -> Result<Vec<Asset>, String> {
    let root = workspace_root();
    let wasm = match &args.wasm {
        Some(path) => path.clone(),
        None => cargo_build(&root, args.std)?,
    };
    let input = fs::read(&wasm).map_err(|e| format!("{}: {e}", wasm.display()))?;
    let cache = root.join("target/widget/assets");
    let wasm_opt = WasmOpt::find(&root);
    let stamp = format!(
        "input {:016x} ({} bytes)\nwasm-bindgen {BINDGEN_VERSION}\nshort imports 3\nwasm-opt {} {}\nnames {}\n",
        fnv1a(&[&input]),
        input.len(),
        wasm_opt.as_ref().map_or("none", |w| w.version.as_str()),
        WASM_OPT_PASSES.join(" "),
        args.keep_names
    );
    if fs::read_to_string(cache.join(STAMP)).ok().as_deref() == Some(stamp.as_str()) {
        step("the widget's wasm has not changed: reusing target/widget/assets");
    } else {
        bindgen_and_optimise(&wasm, &cache, wasm_opt.as_ref(), args.keep_names)?;
        fs::write(cache.join(STAMP), &stamp).map_err(|e| format!("{}: {e}", cache.display()))?;
    }
    let mut assets = Vec::new();
    read_tree(&cache, &cache, &mut assets)?;
    assets.retain(|a| a.name != STAMP);
    for asset in assets.iter_mut().filter(|a| a.name.ends_with(".js")) {
        let js = String::from_utf8_lossy(&asset.bytes).into_owned();
        asset.bytes = shrink_js(&js).into_bytes();
    }
    let glue = assets.iter().find(|a| a.name == GLUE).ok_or("wasm-bindgen wrote no glue file")?;
    let wasm = assets.iter().find(|a| a.name == WASM).ok_or("wasm-bindgen wrote no wasm file")?;
    let version = format!("{:016x}", fnv1a(&[&glue.bytes, &wasm.bytes]));
    assets.insert(0, Asset { name: LOADER.into(), bytes: loader(&root, &version)?.into_bytes() });
    Ok(assets)
}

/// Names the input the cached assets were made from.
const STAMP: &str = ".stamp";

/// The loader with this release's version, the widget's stylesheet and the frame's words in
/// place of its placeholders.
fn loader(root: &Path, version: &str) -> Result<String, String> {
    let path = root.join(LOADER_SOURCE);
    let source = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let css_path = root.join(STYLESHEET);
    let css = fs::read_to_string(&css_path).map_err(|e| format!("{}: {e}", css_path.display()))?;
    let css = commons_atlas::ui::minify_css::minify_css(&css);
    let mut out = source;
    for (placeholder, value) in [
        (VERSION_PLACEHOLDER, version.to_string()),
        (CSS_PLACEHOLDER, js_string(&css)),
        (FRAME_PLACEHOLDER, frame_words()),
    ] {
        if !out.contains(placeholder) {
            return Err(format!("{} has no {placeholder} placeholder", path.display()));
        }
        out = out.replace(placeholder, &value);
    }
    Ok(shrink_js(&out))
}

/// The words of the frame the loader draws before the widget is ready (its heading, the search
/// field's label and placeholder, the loading line, the toolbar, the language switch), in each interface
/// language, from the widget's own table: the frame says what the widget will say.
fn frame_words() -> String {
    use commons_atlas::ui::i18n::{text, Msg, UiLang};
    let languages = UiLang::ALL.iter().map(|&l| {
        let words = [
            ("title", text(l, Msg::AtlasTitle)),
            ("search", text(l, Msg::SearchLabel)),
            ("placeholder", text(l, Msg::SearchPlaceholder)),
            ("loading", text(l, Msg::Loading)),
            ("language", text(l, Msg::LanguageLabel)),
            ("cart", text(l, Msg::CartButton(0))),
            ("history", text(l, Msg::History)),
            ("help", text(l, Msg::Help)),
            ("link", text(l, Msg::CopyLink)),
            ("name", l.native_name().to_string()),
        ];
        let words: Vec<String> = words.iter().map(|(k, v)| format!("{k}: {}", js_string(v))).collect();
        format!("{}: {{ {} }}", l.code(), words.join(", "))
    });
    format!("{{ {} }}", languages.collect::<Vec<_>>().join(", "))
}

/// `s` as a JavaScript string literal in ASCII: every other character as a `\u` escape, so that
/// the loader reads the same served with or without a charset (see `www/atlas.js`).
fn js_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
    out
}

/// JavaScript without its comment lines and indentation, for the loader and wasm-bindgen's glue:
/// both are written to be read (a third of the loader's bytes are comments and indentation), and
/// every partner page loads them first. Line by line and deliberately simple: a line that is only
/// a comment (`// …`, or a `/* … */` block that starts a line and ends one) goes, the other lines
/// lose their leading and trailing blanks, and line breaks stay, so that automatic semicolons fall
/// where they did. A template literal over several lines could hold blanks that matter, so a file
/// with a line of an odd number of backticks is shipped as written.
fn shrink_js(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut in_block = false;
    for line in source.lines() {
        let mut line = line.trim();
        if line.starts_with("/*") && !in_block {
            in_block = true;
            line = &line[2..];
        }
        if in_block {
            // A block that ends before the end of its line would take code with it.
            match line.find("*/") {
                Some(end) if end + 2 == line.len() => in_block = false,
                Some(_) => return source.to_string(),
                None => {}
            }
            continue;
        }
        if line.starts_with("//") {
            continue;
        }
        if line.matches('`').count() % 2 == 1 {
            return source.to_string();
        }
        if !line.is_empty() {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// `cargo build` of the widget for the browser, with the size settings, as `std` says; returns
/// the wasm.
pub fn cargo_build(root: &Path, std: StdBuild) -> Result<PathBuf, String> {
    check_bindgen_version(root)?;
    ensure_wasm_target()?;
    match std {
        StdBuild::Stable => cargo_build_with(root, StdBuild::Stable),
        StdBuild::Size => {
            ensure_rust_src()?;
            cargo_build_with(root, StdBuild::Size)
        }
        StdBuild::Auto => {
            if let Err(e) = ensure_rust_src() {
                warn(&format!("{e}; building the widget with the prebuilt standard library instead (larger, see docs/BENCHMARKS.md)"));
                return cargo_build_with(root, StdBuild::Stable);
            }
            cargo_build_with(root, StdBuild::Size).or_else(|e| {
                warn(&format!("{e}; building the widget with the prebuilt standard library instead (larger, see docs/BENCHMARKS.md)"));
                cargo_build_with(root, StdBuild::Stable)
            })
        }
    }
}

/// One `cargo build` of the widget: `Size` or `Stable` (each in its own target folder, so that
/// switching keeps both caches).
fn cargo_build_with(root: &Path, std: StdBuild) -> Result<PathBuf, String> {
    let mut cargo = Command::new(env!("CARGO"));
    cargo
        .current_dir(root)
        .args(["build", "--locked", "-p", "commons-atlas", "--lib", "--release", "--features", "widget"])
        .args(["--target", "wasm32-unknown-unknown"])
        .envs(SIZE_PROFILE);
    let target_dir = if std == StdBuild::Size {
        step("building the widget (cargo build --features widget --target wasm32-unknown-unknown, release, size settings, std rebuilt for size, target/widget-std)");
        cargo
            .args(STD_FOR_SIZE_CARGO_ARGS)
            .env("RUSTC_BOOTSTRAP", "1")
            .env("RUSTFLAGS", STD_FOR_SIZE_RUSTFLAGS)
            .env(STD_FOR_SIZE_PANIC.0, STD_FOR_SIZE_PANIC.1);
        root.join("target/widget-std")
    } else {
        step("building the widget (cargo build --features widget --target wasm32-unknown-unknown, release, size settings, target/widget)");
        // A RUSTFLAGS meant for the size build, or the caller's, must not leak into the fallback.
        cargo.env_remove("RUSTFLAGS").env_remove("RUSTC_BOOTSTRAP");
        root.join("target/widget")
    };
    cargo.arg("--target-dir").arg(&target_dir);
    let status = cargo.status().map_err(|e| format!("cargo build: {e}"))?;
    if !status.success() {
        let which = if std == StdBuild::Size { "the widget build with std rebuilt for size" } else { "the widget build" };
        return Err(format!("{which} failed ({status})"));
    }
    let wasm = target_dir.join("wasm32-unknown-unknown/release").join(CARGO_WASM);
    if !wasm.exists() {
        return Err(format!(
            "the widget build produced no {}: the root crate's [lib] needs crate-type = [\"cdylib\", \"rlib\"]",
            wasm.display()
        ));
    }
    Ok(wasm)
}

/// The standard library's source (the `rust-src` component), which `-Zbuild-std` compiles;
/// installed with rustup when missing, as the wasm32 target is.
fn ensure_rust_src() -> Result<(), String> {
    let sysroot = Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()))
        .ok_or("`rustc --print sysroot` failed")?;
    let std_source = sysroot.join("lib/rustlib/src/rust/library/std/Cargo.toml");
    if std_source.is_file() {
        return Ok(());
    }
    step("installing the standard library's source for the size build (rustup component add rust-src)");
    let ok = Command::new("rustup").args(["component", "add", "rust-src"]).status().is_ok_and(|s| s.success());
    if ok && std_source.is_file() {
        Ok(())
    } else {
        Err("the rust-src component is missing and `rustup component add rust-src` failed".into())
    }
}

/// wasm-bindgen refuses a wasm made by another version of the `wasm-bindgen` crate; say which
/// line to change before cargo spends minutes on a build that cannot be packaged.
fn check_bindgen_version(root: &Path) -> Result<(), String> {
    let lock = fs::read_to_string(root.join("Cargo.lock")).unwrap_or_default();
    let locked = lock
        .split("[[package]]")
        .find(|block| block.lines().any(|l| l.trim() == "name = \"wasm-bindgen\""))
        .and_then(|block| block.lines().find_map(|l| l.trim().strip_prefix("version = \"")?.strip_suffix('"')));
    match locked {
        Some(v) if v != BINDGEN_VERSION => Err(format!(
            "Cargo.lock has wasm-bindgen {v} but xtask packages with wasm-bindgen-cli-support {BINDGEN_VERSION}: \
             set wasm-bindgen-cli-support = \"={v}\" in xtask/Cargo.toml (and BINDGEN_VERSION in xtask/src/dist.rs)"
        )),
        _ => Ok(()),
    }
}

/// wasm-bindgen, then wasm-opt, into a fresh `out`.
fn bindgen_and_optimise(wasm: &Path, out: &Path, wasm_opt: Option<&WasmOpt>, keep_names: bool) -> Result<(), String> {
    step(&format!("generating the JavaScript glue (wasm-bindgen {BINDGEN_VERSION}, target web)"));
    let _ = fs::remove_dir_all(out);
    fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    bindgen
        .input_path(wasm)
        .web(true)
        .map_err(|e| format!("wasm-bindgen: {e:#}"))?
        .out_name("commons-atlas")
        .typescript(false)
        .omit_default_module_path(false)
        .remove_name_section(!keep_names)
        .remove_producers_section(true)
        .generate(out)
        .map_err(|e| format!("wasm-bindgen ({}): {e:#}", wasm.display()))?;
    let bound = out.join(WASM);
    let glue_path = out.join(GLUE);
    let glue = fs::read_to_string(&glue_path).map_err(|e| format!("{}: {e}", glue_path.display()))?;
    let bytes = fs::read(&bound).map_err(|e| format!("{}: {e}", bound.display()))?;
    let (bytes, glue, renamed) = short_imports::shorten(&bytes, &glue)?;
    step(&format!("short names for the {renamed} hashed imports of the wasm from its glue"));
    fs::write(&bound, bytes).map_err(|e| format!("{}: {e}", bound.display()))?;
    fs::write(&glue_path, glue).map_err(|e| format!("{}: {e}", glue_path.display()))?;
    match wasm_opt {
        Some(tool) => {
            step(&format!("shrinking the wasm (wasm-opt {}, binaryen {})", WASM_OPT_PASSES.join(" "), tool.version));
            let optimised = out.join("optimised.wasm");
            let status = Command::new(&tool.path)
                .arg(&bound)
                .args(WASM_OPT_PASSES)
                .args(if keep_names { &["-g", "--strip-producers"] } else { &["--strip-debug", "--strip-producers"] })
                .args(WASM_FEATURES)
                .arg("-o")
                .arg(&optimised)
                .status()
                .map_err(|e| format!("{}: {e}", tool.path.display()))?;
            if !status.success() {
                return Err(format!("wasm-opt failed ({status})"));
            }
            fs::rename(&optimised, &bound).map_err(|e| format!("{}: {e}", bound.display()))?;
        }
        None => warn("wasm-opt is unavailable: the wasm is published without wasm-opt, larger than it could be"),
    }
    Ok(())
}

/// `node_modules/.bin/wasm-opt` from the npm package `binaryen` (Debian's binaryen is too old
/// for what rustc emits), installed with npm when missing.
struct WasmOpt {
    path: PathBuf,
    version: String,
}

impl WasmOpt {
    fn find(root: &Path) -> Option<WasmOpt> {
        let path = root.join("node_modules/.bin/wasm-opt");
        if !path.exists() {
            let npm_works = Command::new("npm").arg("--version").output().is_ok_and(|o| o.status.success());
            if !npm_works {
                warn("npm is not installed, so wasm-opt (npm package binaryen) cannot be installed");
                return None;
            }
            let (what, args): (&str, &[&str]) = if root.join("package-lock.json").exists() {
                ("npm ci", &["ci", "--no-audit", "--no-fund"])
            } else {
                ("npm install", &["install", "--no-audit", "--no-fund"])
            };
            step(&format!("installing wasm-opt ({what}: the npm package binaryen of package.json, into node_modules)"));
            let ok = Command::new("npm").args(args).current_dir(root).status().is_ok_and(|s| s.success());
            if !ok || !path.exists() {
                warn(&format!("{what} failed, so wasm-opt is unavailable"));
                return None;
            }
        }
        let output = Command::new(&path).arg("--version").output().ok().filter(|o| o.status.success());
        let Some(output) = output else {
            warn(&format!("{} --version failed (is node installed?)", path.display()));
            return None;
        };
        let version = String::from_utf8_lossy(&output.stdout).trim().trim_start_matches("wasm-opt version ").to_string();
        Some(WasmOpt { path, version })
    }
}

/// Every file under `dir`, named by its path from `base` with `/`.
fn read_tree(base: &Path, dir: &Path, into: &mut Vec<Asset>) -> Result<(), String> {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            read_tree(base, &path, into)?;
        } else {
            let bytes = fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let name = path.strip_prefix(base).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            into.push(Asset { name, bytes });
        }
    }
    Ok(())
}

/// Raw, gzip (level 6, as a server compressing on the fly sends it) and brotli (quality 11, as
/// a host that precompresses sends it) sizes of each file, then their total.
pub fn sizes(assets: &[Asset]) -> Vec<Size> {
    let mut rows: Vec<Size> = assets
        .iter()
        .map(|a| Size {
            name: a.name.clone(),
            raw: a.bytes.len() as u64,
            gzip: index_builder::stats::gzip_len(&a.bytes),
            brotli: brotli_len(&a.bytes),
        })
        .collect();
    let total = Size {
        name: "total".into(),
        raw: rows.iter().map(|r| r.raw).sum(),
        gzip: rows.iter().map(|r| r.gzip).sum(),
        brotli: rows.iter().map(|r| r.brotli).sum(),
    };
    rows.push(total);
    rows
}

fn brotli_len(bytes: &[u8]) -> u64 {
    precompress::brotli(bytes).len() as u64
}

pub fn print_sizes(rows: &[Size]) {
    let kb = |b: u64| format!("{:.1} KB", b as f64 / 1024.0);
    println!("\n{:<24} {:>10} {:>10} {:>10}", "widget file", "raw", "gzip", "brotli");
    for row in rows {
        println!("{:<24} {:>10} {:>10} {:>10}", row.name, kb(row.raw), kb(row.gzip), kb(row.brotli));
    }
    let _ = std::io::stdout().flush();
}

/// The index files of an index folder (the entry file, then the hashed files), skipping the
/// widget's files and the builder's marker.
pub fn index_file_names(dir: &Path) -> Result<Vec<String>, String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| Kind::of_file_name(n).is_some())
        .collect();
    names.sort();
    Ok(names)
}

/// 64-bit FNV-1a over several byte strings, as the index names its files.
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in *part {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

fn warn(what: &str) {
    eprintln!("warning: {what}");
}

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask is inside the workspace").to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loader_gets_the_release_version_in_place_of_its_placeholder() {
        let loader = loader(&workspace_root(), "0123456789abcdef").unwrap();
        assert!(!loader.contains(VERSION_PLACEHOLDER));
        assert!(loader.contains("0123456789abcdef"));
    }

    #[test]
    fn the_loader_loses_its_comment_lines_and_indentation_and_keeps_its_line_breaks() {
        let source = "/* A loader.\n * Second line.\n */\n(function () {\n  // why\n  var a = \"/* not a comment */\"; // kept\n\n  /* one line */\n  return a\n})();\n";
        assert_eq!(shrink_js(source), "(function () {\nvar a = \"/* not a comment */\"; // kept\nreturn a\n})();\n");
        assert_eq!(shrink_js("  throw `at ${x}`;\n"), "throw `at ${x}`;\n");
        let template = "// t\nvar css = `a {\n  color: red }`;\n";
        assert_eq!(shrink_js(template), template, "a template literal's blanks may matter");
        let mid_line = "/* a */ var x = 1;\n";
        assert_eq!(shrink_js(mid_line), mid_line, "code after a comment on its line is kept");
        let shrunk = loader(&workspace_root(), "0123456789abcdef").unwrap();
        assert_eq!(shrink_js(&shrunk), shrunk, "shrinking twice changes nothing");
        let written = fs::read_to_string(workspace_root().join(LOADER_SOURCE)).unwrap();
        let written_shrunk = shrink_js(&written);
        assert!(
            written_shrunk.len() < written.len() * 9 / 10,
            "the loader would be published as written ({} of {} bytes): a template literal spans lines, or a block \
             comment ends before its line does; write it without, or teach shrink_js",
            written_shrunk.len(),
            written.len()
        );
    }

    #[test]
    fn sizes_end_with_a_total_and_compression_shrinks_repetitive_text() {
        let text = "commons atlas ".repeat(500).into_bytes();
        let rows = sizes(&[Asset { name: "a.js".into(), bytes: text.clone() }, Asset { name: "b.js".into(), bytes: text }]);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[2].name, "total");
        assert_eq!(rows[2].raw, 14_000);
        assert!(rows[0].gzip > 0 && rows[0].gzip < 500, "{:?}", rows[0]);
        assert!(rows[0].brotli > 0 && rows[0].brotli < 500, "{:?}", rows[0]);
    }

    /// `-Zfmt-debug=none` (the size build) prints every `{:?}` as nothing: an attribute, a
    /// class or a console message of the widget made with it would be empty in the published
    /// widget and right in every test. Only tests may use it.
    #[test]
    fn the_widget_formats_no_debug_outside_its_tests() {
        let mut files = Vec::new();
        let ui = workspace_root().join("src/ui");
        read_tree(&ui, &ui, &mut files).unwrap();
        let mut found = Vec::new();
        for file in files.iter().filter(|f| f.name.ends_with(".rs")) {
            let text = String::from_utf8_lossy(&file.bytes);
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for (n, line) in code.lines().enumerate() {
                let comment = line.trim_start().starts_with("//");
                if !comment && (line.contains(":?}") || line.contains(":#?}")) {
                    found.push(format!("src/ui/{}:{}: {}", file.name, n + 1, line.trim()));
                }
            }
        }
        assert!(found.is_empty(), "the size build prints `{{:?}}` as nothing; write the text out instead:\n{}", found.join("\n"));
    }

    #[test]
    fn the_locked_wasm_bindgen_is_the_one_xtask_packages_with() {
        check_bindgen_version(&workspace_root()).unwrap();
    }
}
