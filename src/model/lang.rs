//! Language codes and text that exists once per language.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A language code such as `fr` or `pt-BR`, normalised to lowercase primary subtag plus optional
/// region (`pt-br`).
///
/// The atlas is multilingual through and through: labels, resources and the interface all carry a
/// language, and matching them must not depend on how a feed happened to capitalise `FR`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Lang(String);

/// Why a string is not a language code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LangError {
    pub input: String,
}

impl fmt::Display for LangError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a language code (expected two or three letters, such as \"fr\", optionally with a region such as \"pt-BR\")",
            self.input
        )
    }
}

impl std::error::Error for LangError {}

impl Lang {
    /// Parses a BCP 47-like code, keeping only the primary language and an optional region.
    pub fn parse(input: &str) -> Result<Lang, LangError> {
        let err = || LangError { input: input.to_string() };
        let trimmed = input.trim();
        let mut parts = trimmed.split(['-', '_']);
        let primary = parts.next().ok_or_else(err)?;
        if !(2..=3).contains(&primary.len()) || !primary.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(err());
        }
        let mut code = primary.to_ascii_lowercase();
        if let Some(region) = parts.next() {
            if !(2..=8).contains(&region.len()) || !region.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(err());
            }
            code.push('-');
            code.push_str(&region.to_ascii_lowercase());
        }
        Ok(Lang(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary language without region: `pt` for `pt-br`.
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }
}

impl TryFrom<String> for Lang {
    type Error = LangError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Lang::parse(&value)
    }
}

impl From<Lang> for String {
    fn from(value: Lang) -> Self {
        value.0
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One text per language, such as a concept's preferred labels or a type's names.
///
/// Kept as a short vector sorted by language: a concept has a handful of languages, and a sorted
/// vector is smaller and serialises deterministically, unlike a hash map.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Labels(Vec<(Lang, String)>);

impl Labels {
    pub fn new() -> Labels {
        Labels(Vec::new())
    }

    /// Sets the text for `lang`, replacing any earlier one. Returns the replaced text.
    pub fn insert(&mut self, lang: Lang, text: String) -> Option<String> {
        match self.0.binary_search_by(|(l, _)| l.cmp(&lang)) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, text)),
            Err(i) => {
                self.0.insert(i, (lang, text));
                None
            }
        }
    }

    pub fn get(&self, lang: &Lang) -> Option<&str> {
        self.0
            .binary_search_by(|(l, _)| l.cmp(lang))
            .ok()
            .map(|i| self.0[i].1.as_str())
    }

    /// The text in the first of `langs` that has one (matching on the primary language too, so
    /// `pt` finds a `pt-br` label), else in any language, so that a label is never blank.
    pub fn best<'a>(&'a self, langs: &[Lang]) -> Option<&'a str> {
        self.best_entry(langs).map(|(_, t)| t)
    }

    /// [`Labels::best`] with the language of the text it picks.
    pub fn best_entry<'a>(&'a self, langs: &[Lang]) -> Option<(&'a Lang, &'a str)> {
        let entry = |i: usize| (&self.0[i].0, self.0[i].1.as_str());
        for want in langs {
            if let Ok(i) = self.0.binary_search_by(|(l, _)| l.cmp(want)) {
                return Some(entry(i));
            }
            if let Some(i) = self.0.iter().position(|(l, _)| l.primary() == want.primary()) {
                return Some(entry(i));
            }
        }
        (!self.0.is_empty()).then(|| entry(0))
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Lang, &str)> {
        self.0.iter().map(|(l, t)| (l, t.as_str()))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(s: &str) -> Lang {
        Lang::parse(s).unwrap()
    }

    #[test]
    fn codes_are_normalised_to_lowercase_with_region() {
        assert_eq!(l("FR").as_str(), "fr");
        assert_eq!(l("pt_BR").as_str(), "pt-br");
        assert_eq!(l("pt-BR").primary(), "pt");
    }

    #[test]
    fn non_codes_are_rejected() {
        for bad in ["", "f", "french", "f1", "fr-", "12"] {
            assert!(Lang::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn best_label_follows_the_fallback_chain() {
        let mut labels = Labels::new();
        labels.insert(l("en"), "housing".into());
        labels.insert(l("pt-br"), "habitação".into());
        assert_eq!(labels.best(&[l("fr"), l("en")]), Some("housing"));
        assert_eq!(labels.best(&[l("pt")]), Some("habitação"));
        assert_eq!(labels.best(&[l("de")]), Some("housing"));
    }
}
