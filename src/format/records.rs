//! Record chunks: what a result shows, for a block of consecutive resources.
//!
//! A results page needs the title, link, summary and authors of ten resources, not of fifty
//! thousand. Records are grouped by resource number in blocks of [`Manifest::record_block`]
//! (`super::manifest`), so a page fetches only the blocks of the results on screen.
//! Resources are numbered newest first, so a page sorted by date usually needs one block.

use super::bytes::{Reader, Writer};
use super::{open, seal, BuildId, FormatError, Kind};
use crate::model::{ConceptId, Indexing, PartialDate, Resource};

/// What the widget shows of one resource, beyond its facet columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub id: String,
    pub url: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub summary: Option<String>,
    pub authors: Vec<String>,
    pub date: Option<PartialDate>,
    pub place: Option<String>,
    pub country: Option<String>,
    pub translation: Option<String>,
    pub descriptors: Vec<Indexing>,
}

impl From<&Resource> for Record {
    /// What a result shows of a validated resource (site, type and language live in the facets).
    fn from(r: &Resource) -> Record {
        Record {
            id: r.id.clone(),
            url: r.url.clone(),
            title: r.title.clone(),
            subtitle: r.subtitle.clone(),
            summary: r.summary.clone(),
            authors: r.authors.clone(),
            date: r.date,
            place: r.place.clone(),
            country: r.country.clone(),
            translation: r.translation.clone(),
            descriptors: r.descriptors.clone(),
        }
    }
}

/// A block of records, for resources `first .. first + records.len()`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordChunk {
    pub first: u32,
    pub records: Vec<Record>,
}

fn write_date(w: &mut Writer, date: Option<PartialDate>) {
    // 0 = unknown; else year, then month 0–12 and day 0–31 (0 = not given).
    match date {
        None => w.varint(0),
        Some(d) => {
            w.varint(u64::from(d.year));
            w.u8(d.month.unwrap_or(0));
            w.u8(d.day.unwrap_or(0));
        }
    }
}

fn read_date(r: &mut Reader) -> Result<Option<PartialDate>, FormatError> {
    let year = r.varint_u16()?;
    if year == 0 {
        return Ok(None);
    }
    let month = r.u8()?;
    let day = r.u8()?;
    if month > 12 || day > 31 || (month == 0 && day != 0) {
        return Err(r.error("impossible date"));
    }
    Ok(Some(PartialDate { year, month: (month > 0).then_some(month), day: (day > 0).then_some(day) }))
}

impl RecordChunk {
    pub fn encode(&self, build: BuildId) -> Vec<u8> {
        seal(Kind::Records, build, &self.payload())
    }

    /// The uncompressed payload (what the build's identity is computed from).
    pub fn payload(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.varint(u64::from(self.first));
        w.len(self.records.len());
        for rec in &self.records {
            w.str(&rec.id);
            w.str(&rec.url);
            w.str(&rec.title);
            w.opt_str(rec.subtitle.as_deref());
            w.opt_str(rec.summary.as_deref());
            w.len(rec.authors.len());
            for a in &rec.authors {
                w.str(a);
            }
            write_date(&mut w, rec.date);
            w.opt_str(rec.place.as_deref());
            w.opt_str(rec.country.as_deref());
            w.opt_str(rec.translation.as_deref());
            let concepts: Vec<u32> = rec.descriptors.iter().map(|d| d.concept.0).collect();
            w.sorted_u32s(&concepts);
            for d in &rec.descriptors {
                w.varint(u64::from(d.weight));
            }
        }
        w.buf
    }

    pub fn decode(file: &[u8]) -> Result<RecordChunk, FormatError> {
        let payload = open(Kind::Records, file)?;
        let mut r = Reader::new(&payload, "record chunk");
        let first = r.varint_u32()?;
        let n = r.count(8)?;
        let mut records = Vec::with_capacity(n);
        for _ in 0..n {
            let id = r.string()?;
            let url = r.string()?;
            let title = r.string()?;
            let subtitle = r.opt_string()?;
            let summary = r.opt_string()?;
            let n_authors = r.count(1)?;
            let authors = (0..n_authors).map(|_| r.string()).collect::<Result<_, _>>()?;
            let date = read_date(&mut r)?;
            let place = r.opt_string()?;
            let country = r.opt_string()?;
            let translation = r.opt_string()?;
            let concepts = r.sorted_u32s()?;
            let mut descriptors = Vec::with_capacity(concepts.len());
            for c in concepts {
                descriptors.push(Indexing { concept: ConceptId(c), weight: r.varint_u16()? });
            }
            records.push(Record { id, url, title, subtitle, summary, authors, date, place, country, translation, descriptors });
        }
        r.finish()?;
        if first.checked_add(n as u32).is_none() {
            return Err(r.error("resource numbers overflow"));
        }
        Ok(RecordChunk { first, records })
    }
}
