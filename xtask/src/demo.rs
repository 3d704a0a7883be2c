//! `cargo xtask demo`: the README's main command: the sample commons and the widget, served as a
//! partner site would serve them.
//!
//! It builds `target/demo/`, then serves it on 127.0.0.1:
//!
//! - `atlas/`: `cargo xtask dist` of the sample commons (index and widget), as a maintainer
//!   would publish it;
//! - the pages of `www/` (a partner's article page with the widget, `twice.html` with two themed
//!   widgets under hostile CSS, `broken.html` with an index that is missing, corrupt or of a
//!   future format), which load `atlas/atlas.js` as any partner page would;
//! - `corrupt/`: a copy of the index whose manifest is cut to half its length;
//! - `future/`: a copy of the index whose files say they are of the next format version;
//! - `languages/`: the index of `examples/thesauri/microthesauri` (a thesaurus in five languages,
//!   Russian and Arabic among them), for `languages.html`.
//!
//! (`missing/` is deliberately absent.) The browser tests serve the same folder.

use crate::dist::{self, WidgetArgs};
use crate::serve;
use crate::test::step;
use commons_atlas::format::{entry, FORMAT_VERSION};
use std::fs;
use std::path::{Path, PathBuf};

/// Arguments of `cargo xtask demo`.
#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Port on 127.0.0.1 (0 picks a free one, printed).
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// Build target/demo and stop, without serving it.
    #[arg(long)]
    pub no_serve: bool,
    #[command(flatten)]
    pub widget: WidgetArgs,
    #[command(flatten)]
    pub serve: serve::Options,
}

/// Where the demo is built, from the workspace root.
pub const DEMO_DIR: &str = "target/demo";

pub fn run(args: &DemoArgs) -> Result<(), String> {
    let root = dist::workspace_root();
    // Bind first: a port already in use is better said before minutes of building.
    let listener = if args.no_serve { None } else { Some(serve::bind(args.port)?) };
    let demo = build(&root, &args.widget)?;
    let Some(listener) = listener else {
        println!("built {}", demo.display());
        return Ok(());
    };
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!("Serving the demo at http://{addr}/");
    println!("  (two themed widgets under hostile CSS: http://{addr}/twice.html; a local map: http://{addr}/map.html; broken indexes: http://{addr}/broken.html; a thesaurus in five languages, Russian and Arabic: http://{addr}/languages.html; Ctrl-C stops)");
    serve::serve(listener, &demo, &args.serve)
}

/// Builds the demo folder and returns its path.
pub fn build(root: &Path, widget: &WidgetArgs) -> Result<PathBuf, String> {
    let demo = root.join(DEMO_DIR);
    let atlas = demo.join("atlas");
    let assets = dist::dist(&root.join(dist::DEFAULT_CONFIG), &atlas, widget)?;
    dist::print_sizes(&dist::sizes(&assets));
    step("copying the demo pages (www/*.html) and making the broken indexes (corrupt/, future/)");
    copy_pages(&root.join("www"), &demo)?;
    broken_copy(&atlas, &demo.join("corrupt"), Breakage::TruncatedManifest)?;
    broken_copy(&atlas, &demo.join("future"), Breakage::NextFormatVersion)?;
    let _ = fs::remove_dir_all(demo.join("missing"));
    step("compiling the thesaurus in five languages into languages/ (examples/thesauri/microthesauri)");
    index_only(&root.join(LANGUAGES_CONFIG), &demo.join("languages"))?;
    Ok(demo)
}

/// The commons of `languages.html`: a thesaurus published in five languages.
const LANGUAGES_CONFIG: &str = "examples/thesauri/microthesauri/commons.toml";

/// The index of `config` alone into `out`: the pages that show it load the widget from `atlas/`.
fn index_only(config: &Path, out: &Path) -> Result<(), String> {
    let config = index_builder::Config::load(config).map_err(|e| e.to_string())?;
    let ingested = index_builder::ingest(&config).map_err(|e| e.to_string())?;
    let index = index_builder::compile::compile(&ingested.commons);
    index_builder::output::write_index(out, &index, index_builder::output::DEFAULT_KEEP).map_err(|e| e.to_string())?;
    Ok(())
}

/// Copies the pages of `www/` (and their images and styles), not the loader: the pages load the
/// published one from `atlas/`.
fn copy_pages(www: &Path, demo: &Path) -> Result<(), String> {
    let io = |p: &Path| {
        let p = p.display().to_string();
        move |e: std::io::Error| format!("{p}: {e}")
    };
    for entry in fs::read_dir(www).map_err(io(www))? {
        let path = entry.map_err(io(www))?.path();
        let page = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("html" | "css" | "svg" | "png" | "ico")
        );
        if page && path.is_file() {
            let to = demo.join(path.file_name().expect("a file name"));
            fs::copy(&path, &to).map_err(io(&path))?;
        }
    }
    Ok(())
}

enum Breakage {
    /// The manifest loses its second half (its header still says how long it should be).
    TruncatedManifest,
    /// Every file's header announces the next format version.
    NextFormatVersion,
}

/// A copy of the index files of `index` in a fresh `to`, broken as said.
fn broken_copy(index: &Path, to: &Path, breakage: Breakage) -> Result<(), String> {
    let _ = fs::remove_dir_all(to);
    fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    let read = |name: &str| fs::read(index.join(name)).map_err(|e| format!("{}: {e}", index.join(name).display()));
    let manifest = entry::Entry::decode(&read(entry::FILE_NAME)?)
        .map_err(|e| format!("{}: {e}", index.join(entry::FILE_NAME).display()))?
        .manifest;
    for name in dist::index_file_names(index)? {
        let mut bytes = read(&name)?;
        match breakage {
            Breakage::TruncatedManifest if name == manifest => bytes.truncate(bytes.len() / 2),
            Breakage::TruncatedManifest => {}
            // The version is the two bytes after the magic and the kind (see docs/FORMAT.md).
            Breakage::NextFormatVersion => bytes[5..7].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes()),
        }
        fs::write(to.join(&name), bytes).map_err(|e| format!("{}: {e}", to.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use commons_atlas::format::{manifest::Manifest, FormatError};

    #[test]
    fn the_broken_copies_fail_the_way_their_names_say() {
        let tmp = std::env::temp_dir().join(format!("xtask-demo-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&tmp);
        let index = tmp.join("atlas");
        let config = index_builder::Config::load(&dist::workspace_root().join(dist::DEFAULT_CONFIG)).unwrap();
        let commons = index_builder::ingest(&config).unwrap().commons;
        let compiled = index_builder::compile::compile(&commons);
        index_builder::output::write_index(&index, &compiled, index_builder::output::DEFAULT_KEEP).unwrap();
        fs::write(index.join("atlas.js"), "// the loader is not copied").unwrap();

        broken_copy(&index, &tmp.join("corrupt"), Breakage::TruncatedManifest).unwrap();
        let entry = entry::Entry::decode(&fs::read(tmp.join("corrupt/index.bin")).unwrap()).unwrap();
        let manifest = fs::read(tmp.join("corrupt").join(&entry.manifest)).unwrap();
        assert!(matches!(Manifest::decode(&manifest), Err(FormatError::Truncated { .. } | FormatError::Decompression(_))));
        assert!(!tmp.join("corrupt/atlas.js").exists());

        broken_copy(&index, &tmp.join("future"), Breakage::NextFormatVersion).unwrap();
        let entry = entry::Entry::decode(&fs::read(tmp.join("future/index.bin")).unwrap());
        assert_eq!(entry, Err(FormatError::UnsupportedVersion { found: FORMAT_VERSION + 1 }));
        let _ = fs::remove_dir_all(&tmp);
    }
}
