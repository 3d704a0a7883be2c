//! Short names for the functions the widget's wasm imports from its glue.
//!
//! wasm-bindgen names each function the wasm imports from its JavaScript glue after the Rust item
//! plus a hash of 16 hex digits (`__wbg_createElement_4c3bd2ca2be8b3b5`), so that two crates'
//! bindings never clash. Each name is written twice, in the wasm's import section and as a key of
//! the glue's imports object, and the hashes do not compress: the widget's 160-odd imports cost
//! about 5 KB gzip over the two files (docs/BENCHMARKS.md). Here both files get the same short
//! names (`a`, `b`, … `aa`, …) at once.
//!
//! The module they are imported from (`./commons-atlas_bg.js`, written once per import) becomes
//! `g` in the same way.
//!
//! Only names of that shape, imported from the glue's module and written exactly once in the glue
//! as a key (`name:`), are renamed; any other name is left as it is. So a glue laid out otherwise by
//! a later wasm-bindgen can only keep its bytes, never get a wasm whose imports it does not define.

use std::collections::HashMap;

/// `wasm` and `glue` with the glue's hashed import names shortened, the same in both; returns the
/// number of names shortened.
pub fn shorten(wasm: &[u8], glue: &str) -> Result<(Vec<u8>, String, usize), String> {
    let mut module = walrus::Module::from_buffer(wasm).map_err(|e| format!("reading the wasm to shorten its imports: {e:#}"))?;
    let mut renamed: HashMap<String, String> = HashMap::new();
    for import in module.imports.iter_mut() {
        if !import.module.ends_with(".js") || !import.name.starts_with(PREFIX) || !is_hashed(&import.name) {
            continue;
        }
        let key = format!("{}:", import.name);
        if glue.matches(&key).count() != 1 || !glue.contains(&format!(" {key}")) {
            continue;
        }
        let short = short_name(renamed.len());
        renamed.insert(import.name.clone(), short.clone());
        import.name = short;
    }
    let mut out = String::with_capacity(glue.len());
    let mut replaced = 0;
    let mut rest = glue;
    // One pass over the glue: each renamed key is replaced where it stands.
    while let Some(at) = rest.find(PREFIX) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = tail.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$')).unwrap_or(tail.len());
        let name = &tail[..end];
        match renamed.get(name) {
            Some(short) if tail[end..].starts_with(':') => {
                out.push_str(short);
                replaced += 1;
            }
            _ => out.push_str(name),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    if replaced != renamed.len() {
        return Err(format!("shortening the wasm's imports: {} renamed in the wasm but {replaced} in the glue", renamed.len()));
    }
    // The module every import names (`./commons-atlas_bg.js`), once per import, gets a short
    // name too, if the glue names it once, as the key of its imports object.
    let modules: Vec<String> = module.imports.iter().map(|i| i.module.clone()).collect();
    if let Some(first) = modules.first().filter(|m| m.ends_with(".js") && modules.iter().all(|n| n == *m)) {
        let key = format!("\"{first}\":");
        if out.matches(&key).count() == 1 {
            out = out.replace(&key, "\"g\":");
            for import in module.imports.iter_mut() {
                import.module = "g".into();
            }
        }
    }
    Ok((module.emit_wasm(), out, renamed.len()))
}

/// How wasm-bindgen's names start: `__wbg_` for bindings, `__wbindgen_` for its own functions.
const PREFIX: &str = "__wb";

/// A wasm-bindgen import name: ends with `_` and 16 lowercase hex digits.
fn is_hashed(name: &str) -> bool {
    name.len() > 17
        && name.as_bytes()[name.len() - 17] == b'_'
        && name[name.len() - 16..].bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// `a` … `z`, `aa` … `zz`, … : never a name wasm-bindgen writes (those start with `__`).
fn short_name(mut n: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'a' + (n % 26) as u8);
        n /= 26;
        if n == 0 {
            break;
        }
        n -= 1;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A wasm importing `names` (functions of no arguments) from `./w_bg.js`.
    fn wasm_importing(names: &[&str]) -> Vec<u8> {
        let mut module = walrus::Module::default();
        let ty = module.types.add(&[], &[]);
        for name in names {
            module.add_import_func("./w_bg.js", name, ty);
        }
        module.emit_wasm()
    }

    fn import_names(wasm: &[u8]) -> Vec<String> {
        let module = walrus::Module::from_buffer(wasm).unwrap();
        module.imports.iter().map(|i| i.name.clone()).collect()
    }

    #[test]
    fn hashed_names_get_the_same_short_name_in_the_wasm_and_the_glue() {
        let wasm = wasm_importing(&["__wbg_get_0123456789abcdef", "__wbindgen_generic_0000000000000001", "__wbindgen_init_externref_table"]);
        let glue = "const import0 = {\n    __wbg_get_0123456789abcdef: function(a) { return a; },\n    __wbindgen_generic_0000000000000001: function() {},\n    __wbindgen_init_externref_table: function() {},\n};\nreturn { \"./w_bg.js\": import0 };";
        let (wasm, glue, n) = shorten(&wasm, glue).unwrap();
        assert_eq!(n, 2);
        assert_eq!(import_names(&wasm), ["a", "b", "__wbindgen_init_externref_table"]);
        assert!(glue.contains("    a: function(a) { return a; },\n    b: function() {},"), "{glue}");
        assert!(!glue.contains("0123456789abcdef") && glue.contains("__wbindgen_init_externref_table:"), "{glue}");
        assert!(glue.ends_with("return { \"g\": import0 };"), "{glue}");
        let module = walrus::Module::from_buffer(&wasm).unwrap();
        assert!(module.imports.iter().all(|i| i.module == "g"));
    }

    #[test]
    fn a_name_the_glue_does_not_define_exactly_once_as_a_key_is_left_alone() {
        let wasm = wasm_importing(&["__wbg_twice_0123456789abcdef", "__wbg_absent_0123456789abcdef"]);
        let glue = "const import0 = {\n    __wbg_twice_0123456789abcdef: function() {},\n    __wbg_twice_0123456789abcdef: function() {},\n};";
        let (wasm, out, n) = shorten(&wasm, glue).unwrap();
        assert_eq!(n, 0);
        assert_eq!(import_names(&wasm), ["__wbg_twice_0123456789abcdef", "__wbg_absent_0123456789abcdef"]);
        assert_eq!(out, glue);
        let module = walrus::Module::from_buffer(&wasm).unwrap();
        assert!(module.imports.iter().all(|i| i.module == "./w_bg.js"), "the glue does not name the module: it stays");
    }

    #[test]
    fn short_names_are_distinct_letters() {
        let names: Vec<String> = (0..26 * 27 + 1).map(short_name).collect();
        assert_eq!((names[0].as_str(), names[25].as_str(), names[26].as_str(), names[27].as_str()), ("a", "z", "aa", "ab"));
        let unique: std::collections::HashSet<&String> = names.iter().collect();
        assert_eq!(unique.len(), names.len());
        assert!(names.iter().all(|n| n.bytes().all(|b| b.is_ascii_lowercase())));
    }
}
