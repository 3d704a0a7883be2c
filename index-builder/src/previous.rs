//! The previous release, read back from its index files: the safety net of the next one.
//!
//! A site whose feed cannot be fetched or parsed today keeps the records it had in the last
//! release, and every site's records are compared with that release's to count what was added,
//! removed and changed. The index already holds everything a record is made of (the record
//! chunks hold its fields, the facets its site, type and language, the manifest the thesaurus
//! its descriptors refer to), so no second copy of the records is written beside it: the
//! release is decoded with `commons_atlas::format`, the same decoder the widget uses.
//!
//! Descriptors are carried by IRI, since concept numbers change with the thesaurus: a record
//! taken over into a new release keeps the descriptors that still exist in today's atlas.

use crate::output::{Release, INDEX_PART};
use commons_atlas::format::entry::{self, Entry};
use commons_atlas::format::facets::Facets;
use commons_atlas::format::manifest::Manifest;
use commons_atlas::format::records::RecordChunk;
use commons_atlas::format::FormatError;
use commons_atlas::model::{Indexing, Lang, Resource, SiteId, Thesaurus};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum PreviousError {
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}: {source}")]
    Format { path: String, source: FormatError },
    #[error(transparent)]
    Output(#[from] crate::output::OutputError),
}

/// One record of the previous release, its descriptors by IRI.
#[derive(Clone, Debug)]
pub struct PreviousRecord {
    /// Its site number is the previous release's; see [`Previous::resources`].
    pub resource: Resource,
    pub descriptors: Vec<(String, u16)>,
}

/// The records of the previous release, by site id, in the order of that release.
#[derive(Clone, Debug, Default)]
pub struct Previous {
    pub folder: PathBuf,
    /// `YYYY-MM-DD`, when the folder's list says.
    pub date: Option<String>,
    pub sites: BTreeMap<String, Vec<PreviousRecord>>,
}

impl Previous {
    /// Reads the release in `dir`; `None` when the folder holds none.
    pub fn read(dir: &Path) -> Result<Option<Previous>, PreviousError> {
        if !dir.join(entry::FILE_NAME).exists() {
            return Ok(None);
        }
        let date = Release::list(dir)?.and_then(|l| l.current(INDEX_PART).and_then(|e| e.day().map(str::to_string)));
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|source| PreviousError::Io { path: path.display().to_string(), source })
        };
        let format = |name: &str| {
            let path = dir.join(name).display().to_string();
            move |source| PreviousError::Format { path, source }
        };
        let entry = Entry::decode(&read(entry::FILE_NAME)?).map_err(format(entry::FILE_NAME))?;
        let manifest = Manifest::decode(&read(&entry.manifest)?).map_err(format(&entry.manifest))?;
        let facets = Facets::decode(&read(&manifest.facets)?).map_err(format(&manifest.facets))?;
        let mut sites: BTreeMap<String, Vec<PreviousRecord>> = BTreeMap::new();
        for name in manifest.record_chunks.names() {
            let chunk = RecordChunk::decode(&read(&name)?).map_err(format(&name))?;
            for (i, record) in chunk.records.into_iter().enumerate() {
                let n = chunk.first as usize + i;
                let (Some(&site), Some(&kind), Some(&lang)) = (facets.sites.get(n), facets.types.get(n), facets.langs.get(n)) else {
                    continue;
                };
                let Some(site_id) = manifest.sites.get(site as usize).map(|s| s.id.clone()) else { continue };
                let descriptors: Vec<(String, u16)> = record
                    .descriptors
                    .iter()
                    .filter(|d| (d.concept.0 as usize) < manifest.thesaurus.concepts.len())
                    .map(|d| (manifest.thesaurus.concept(d.concept).iri.clone(), d.weight))
                    .collect();
                let resource = Resource {
                    site: SiteId(site),
                    id: record.id,
                    url: record.url,
                    title: record.title,
                    subtitle: record.subtitle,
                    summary: record.summary,
                    authors: record.authors,
                    date: record.date,
                    kind: kind.checked_sub(1).and_then(|k| manifest.types.get(k as usize)).map(|t| t.key.clone()),
                    lang: manifest.languages.get(lang as usize).cloned().unwrap_or_else(|| manifest.languages[0].clone()),
                    place: record.place,
                    country: record.country,
                    descriptors: Vec::new(),
                    translation: record.translation,
                };
                sites.entry(site_id).or_default().push(PreviousRecord { resource, descriptors });
            }
        }
        Ok(Some(Previous { folder: dir.to_path_buf(), date, sites }))
    }

    /// The records `site` had, as resources of today's commons: numbered as site `site_index`,
    /// indexed with the descriptors that still exist in `thesaurus`.
    pub fn resources(&self, site: &str, site_index: SiteId, thesaurus: &Thesaurus) -> Option<Vec<Resource>> {
        let records = self.sites.get(site)?;
        Some(records.iter().map(|r| r.in_today(site_index, thesaurus)).collect())
    }

    /// "the release of 2026-11-30", or of the folder when the date is unknown.
    pub fn describe(&self) -> String {
        match &self.date {
            Some(date) => format!("the release of {date}"),
            None => format!("the release in {}", self.folder.display()),
        }
    }
}

impl PreviousRecord {
    fn in_today(&self, site: SiteId, thesaurus: &Thesaurus) -> Resource {
        let mut resource = self.resource.clone();
        resource.site = site;
        let mut descriptors: Vec<Indexing> = self
            .descriptors
            .iter()
            .filter_map(|(iri, weight)| thesaurus.by_iri(iri).map(|concept| Indexing { concept, weight: *weight }))
            .collect();
        descriptors.sort_by_key(|d| d.concept);
        descriptors.dedup_by_key(|d| d.concept);
        resource.descriptors = descriptors;
        resource
    }
}

/// Counts `today`'s records of one site against `before`'s, by site record id. A record is
/// *changed* when anything the index keeps of it differs (its language as the index keeps it:
/// the commons language of the same primary code).
pub fn changes(before: &[Resource], today: &[&Resource], languages: &[Lang]) -> crate::report::Changes {
    let stored = |r: &Resource| {
        let mut r = r.clone();
        r.site = SiteId(0);
        if let Some(l) = languages.iter().find(|l| l.primary() == r.lang.primary()) {
            r.lang = l.clone();
        }
        r
    };
    let old: BTreeMap<&str, &Resource> = before.iter().map(|r| (r.id.as_str(), r)).collect();
    let new: BTreeMap<&str, &Resource> = today.iter().map(|r| (r.id.as_str(), *r)).collect();
    let mut c = crate::report::Changes::default();
    for (id, r) in &new {
        match old.get(id) {
            None => c.added += 1,
            Some(o) if stored(o) != stored(r) => c.changed += 1,
            Some(_) => {}
        }
    }
    c.removed = old.keys().filter(|id| !new.contains_key(*id)).count();
    c
}
