//! Splitting the thesaurus' labels between the manifest and the files out of it
//! (`commons_atlas::format::labels` says why and how each file is used).
//!
//! The manifest keeps the preferred and alternative labels of the commons' default language
//! (`Manifest::label_languages`); a concept with none keeps one preferred label (the first by language, the one the
//! widget would show anyway), so that no concept goes without a name on the first screen. Every
//! label left out goes to the label chunks (all of them, for search), and by kind to the
//! language files (preferred and alternative, for display) and to the notes chunks (preferred,
//! for a panel's "other languages"). Nothing is dropped: each label the thesaurus has is in the
//! manifest or in the label chunks.

use commons_atlas::format::labels::{ChunkLabel, KeyKind, LabelChunk, LabelKey, LanguageLabels, TARGET_RAW_BYTES};
use commons_atlas::format::manifest::Manifest;
use commons_atlas::model::{Labels, Lang, Thesaurus};
use commons_atlas::text::{Analyzer, Language};
use std::collections::BTreeMap;

/// The thesaurus' labels, split.
pub struct SplitLabels {
    /// The thesaurus as the manifest holds it.
    pub thesaurus: Thesaurus,
    /// By first key.
    pub chunks: Vec<(String, LabelChunk)>,
    /// By language.
    pub languages: Vec<LanguageLabels>,
    /// Per concept, its preferred labels left out of the manifest (for the notes chunks).
    pub other_preferred: Vec<Vec<(Lang, String)>>,
}

/// A label left out of the manifest, before it is cut into chunks.
struct Left {
    concept: u32,
    lang: Lang,
    text: String,
    preferred: bool,
}

pub fn split(thesaurus: &Thesaurus, commons_languages: &[Lang], analyzer: &Analyzer) -> SplitLabels {
    let kept_languages = Manifest::label_languages(commons_languages);
    let kept = |l: &Lang| kept_languages.iter().any(|k| k.primary() == l.primary());
    let mut manifest = thesaurus.clone();
    let mut left: Vec<Left> = Vec::new();
    let mut by_language: BTreeMap<Lang, LanguageLabels> = BTreeMap::new();
    let mut other_preferred = Vec::with_capacity(thesaurus.concepts.len());
    for (i, concept) in manifest.concepts.iter_mut().enumerate() {
        let id = i as u32;
        let mut labels = Labels::new();
        let mut others = Vec::new();
        let anyone_kept = concept.labels.iter().any(|(l, _)| kept(l));
        for (n, (lang, text)) in concept.labels.iter().enumerate() {
            if kept(lang) || (!anyone_kept && n == 0) {
                labels.insert(lang.clone(), text.to_string());
            } else {
                others.push((lang.clone(), text.to_string()));
                left.push(Left { concept: id, lang: lang.clone(), text: text.to_string(), preferred: true });
                language_file(&mut by_language, lang).preferred.push((id, text.to_string()));
            }
        }
        concept.labels = labels;
        let (alt_kept, alt_left): (Vec<_>, Vec<_>) = std::mem::take(&mut concept.alt_labels).into_iter().partition(|(l, _)| kept(l));
        for (lang, text) in alt_left {
            language_file(&mut by_language, &lang).alternative.push((id, text.clone()));
            left.push(Left { concept: id, lang, text, preferred: false });
        }
        concept.alt_labels = alt_kept;
        for (lang, text) in std::mem::take(&mut concept.hidden_labels) {
            left.push(Left { concept: id, lang, text, preferred: false });
        }
        other_preferred.push(others);
    }
    SplitLabels { thesaurus: manifest, chunks: chunks(&left, analyzer), languages: by_language.into_values().collect(), other_preferred }
}

fn language_file<'a>(files: &'a mut BTreeMap<Lang, LanguageLabels>, lang: &Lang) -> &'a mut LanguageLabels {
    files.entry(lang.clone()).or_insert_with(|| LanguageLabels { lang: lang.clone(), preferred: Vec::new(), alternative: Vec::new() })
}

/// The label chunks: every key (each word of a label, and its stem in the label's language when
/// the engine stems that language), sorted, cut at about [`TARGET_RAW_BYTES`] between two key
/// strings, each chunk with the labels its keys point at.
fn chunks(left: &[Left], analyzer: &Analyzer) -> Vec<(String, LabelChunk)> {
    let mut keys: BTreeMap<(String, KeyKind), Vec<u32>> = BTreeMap::new();
    let mut words = Vec::with_capacity(left.len());
    for (id, label) in left.iter().enumerate() {
        let id = id as u32;
        let tokens = analyzer.tokens(&label.text);
        words.push(tokens.len().min(usize::from(u16::MAX)) as u16);
        let language = Language::from_code(label.lang.as_str());
        for t in &tokens {
            let mut add = |key: String, kind: KeyKind| {
                let list = keys.entry((key, kind)).or_default();
                if list.last() != Some(&id) {
                    list.push(id);
                }
            };
            add(t.text.clone(), KeyKind::Word);
            if let Some(l) = language {
                add(analyzer.stem(l, &t.text), KeyKind::Stem(l.index() as u8));
            }
        }
    }
    let mut out: Vec<(String, LabelChunk)> = Vec::new();
    let mut current = LabelChunk::default();
    let mut first_key = String::new();
    let mut local: BTreeMap<u32, u32> = BTreeMap::new();
    let mut bytes = 0;
    for ((key, kind), ids) in keys {
        let new_string = current.keys.last().is_none_or(|k| k.key != key);
        if new_string && bytes >= TARGET_RAW_BYTES {
            out.push((std::mem::take(&mut first_key), std::mem::take(&mut current)));
            local.clear();
            bytes = 0;
        }
        if current.keys.is_empty() {
            first_key = key.clone();
        }
        bytes += key.len() + 2 + ids.len() * 2;
        let labels = ids
            .iter()
            .map(|&id| {
                *local.entry(id).or_insert_with(|| {
                    let l = &left[id as usize];
                    bytes += l.text.len() + 8;
                    current.labels.push(ChunkLabel { id, concept: l.concept, lang: l.lang.clone(), text: l.text.clone(), preferred: l.preferred, words: words[id as usize] });
                    (current.labels.len() - 1) as u32
                })
            })
            .collect();
        current.keys.push(LabelKey { key, kind, labels });
    }
    if !current.keys.is_empty() {
        out.push((first_key, current));
    }
    out
}
