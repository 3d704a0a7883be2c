//! The `.br` and `.gz` companions of the widget's files, for static hosts that serve
//! precompressed files.
//!
//! A host that compresses on the fly spends little CPU per request and so uses gzip at level 6 or
//! brotli at a low quality; brotli at quality 11 is far too slow for that, yet it is what makes the
//! wasm smallest on the wire. So `cargo xtask dist` compresses the widget once per release, at the
//! highest settings (brotli 11, gzip 9), and writes the results next to each file
//! (`commons-atlas_bg.wasm.br`, `commons-atlas_bg.wasm.gz`). nginx (`brotli_static`,
//! `gzip_static`), Caddy (`precompressed br gzip`), Apache (a rewrite rule) and tower-http's
//! `ServeDir` (what `cargo xtask serve` runs) then send the companion that the browser's
//! `Accept-Encoding` allows, with `Content-Encoding` set and the original's MIME type;
//! `docs/PUBLISHING.md` has the configuration of each.
//!
//! Only the widget's own text and wasm get companions (`.js`, `.mjs`, `.wasm`, `.css`). The
//! index files do not: each of them is already DEFLATE-compressed inside its container, and
//! measured over the sample commons and a generated 5,000-resource one (170 files, 1.6 MB),
//! gzip -9 made no file smaller and brotli 11 saved 0.04 % in all (`docs/PUBLISHING.md`): not
//! worth tripling the number of files a release uploads. A companion that would not be smaller
//! than its file is not written, so that no host ever sends more bytes compressed than plain.

use crate::dist::Asset;
use std::io::Write as _;

/// Brotli's highest quality: slow to compress (about a second for the 700 KB wasm), smallest to send.
pub const BROTLI_QUALITY: i32 = 11;
/// Brotli's window, as `brotli -q 11` uses by default (4 MiB): larger than any widget file.
const BROTLI_WINDOW: i32 = 22;
/// gzip's highest level; hosts that only have gzip (or browsers that only accept it) get this.
pub const GZIP_LEVEL: u32 = 9;

/// The extension each kind of companion adds to its file's name.
pub const BROTLI_EXTENSION: &str = ".br";
pub const GZIP_EXTENSION: &str = ".gz";

/// Whether a published file gets companions: the widget's scripts, styles and wasm.
pub fn has_companions(name: &str) -> bool {
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    matches!(extension.as_str(), "js" | "mjs" | "wasm" | "css")
}

/// The companions of `asset` (brotli, then gzip), each only when smaller than the file; none
/// for a file that does not get companions.
pub fn companions(asset: &Asset) -> Vec<Asset> {
    if !has_companions(&asset.name) {
        return Vec::new();
    }
    [(BROTLI_EXTENSION, brotli(&asset.bytes)), (GZIP_EXTENSION, gzip(&asset.bytes))]
        .into_iter()
        .filter(|(_, bytes)| bytes.len() < asset.bytes.len())
        .map(|(extension, bytes)| Asset { name: format!("{}{extension}", asset.name), bytes })
        .collect()
}

/// `bytes` compressed with brotli at quality 11.
pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: BROTLI_QUALITY, lgwin: BROTLI_WINDOW, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("compressing in memory cannot fail");
    out
}

/// `bytes` as a gzip file at level 9.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(GZIP_LEVEL));
    encoder.write_all(bytes).expect("compressing in memory cannot fail");
    encoder.finish().expect("compressing in memory cannot fail")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    fn asset(name: &str, bytes: &[u8]) -> Asset {
        Asset { name: name.into(), bytes: bytes.to_vec() }
    }

    #[test]
    fn scripts_styles_and_the_wasm_get_companions_that_decompress_to_them() {
        let text = "export function mount(host) { return host.attachShadow({ mode: 'open' }); }\n".repeat(200);
        for name in ["atlas.js", "snippets/x/inline0.mjs", "commons-atlas_bg.wasm", "atlas.CSS"] {
            let file = asset(name, text.as_bytes());
            let companions = companions(&file);
            let names: Vec<&str> = companions.iter().map(|c| c.name.as_str()).collect();
            assert_eq!(names, [format!("{name}.br"), format!("{name}.gz")], "{name}");

            let mut unbrotlied = Vec::new();
            brotli::Decompressor::new(&companions[0].bytes[..], 4096).read_to_end(&mut unbrotlied).unwrap();
            assert_eq!(unbrotlied, file.bytes, "{name}.br");
            let mut ungzipped = Vec::new();
            flate2::read::GzDecoder::new(&companions[1].bytes[..]).read_to_end(&mut ungzipped).unwrap();
            assert_eq!(ungzipped, file.bytes, "{name}.gz");
            assert!(companions[0].bytes.len() < file.bytes.len() / 10, "repetitive text shrinks");
        }
    }

    #[test]
    fn index_files_and_pages_get_none() {
        let text = "commons atlas ".repeat(500);
        for name in ["index.bin", "text-0123456789abcdef.bin", "index.html", "README"] {
            assert!(companions(&asset(name, text.as_bytes())).is_empty(), "{name}");
        }
    }

    #[test]
    fn a_companion_that_would_not_be_smaller_is_not_written() {
        // A few bytes: either compressed form adds its header and is longer.
        assert!(companions(&asset("tiny.js", b"1;")).is_empty());
    }
}
