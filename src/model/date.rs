//! Publication dates as feeds give them: a year, a year and month, or a full day.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A date known to the year, the month or the day.
///
/// Member sites often know only the year a document appeared; the engine filters and sorts by
/// year and breaks ties by what is known, so a partial date is kept partial instead of being
/// padded to January 1st. Ordering puts a year before any month of that year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PartialDate {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// Why a string is not a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateError {
    pub input: String,
    pub reason: &'static str,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a date: {} (expected YYYY, YYYY-MM or YYYY-MM-DD)",
            self.input, self.reason
        )
    }
}

impl std::error::Error for DateError {}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; an ISO date-time (`2021-06-14T10:00:00Z`) is
    /// accepted for its date part, since some exporters write one.
    pub fn parse(input: &str) -> Result<PartialDate, DateError> {
        let err = |reason| DateError { input: input.to_string(), reason };
        let text = input.trim();
        let date_part = match text.find('T') {
            Some(i) if i >= 10 => &text[..i],
            _ => text,
        };
        let mut parts = date_part.split('-');
        let year = parts.next().ok_or_else(|| err("it is empty"))?;
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err("the year must have four digits"));
        }
        let year: u16 = year.parse().map_err(|_| err("the year must have four digits"))?;
        if !(1000..=2999).contains(&year) {
            return Err(err("the year is out of range"));
        }
        let number = |s: &str, what| -> Result<u8, DateError> {
            if s.len() != 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err(what));
            }
            s.parse().map_err(|_| err(what))
        };
        let month = match parts.next() {
            None => None,
            Some(m) => {
                let m = number(m, "the month must have two digits")?;
                if !(1..=12).contains(&m) {
                    return Err(err("the month must be between 01 and 12"));
                }
                Some(m)
            }
        };
        let day = match parts.next() {
            None => None,
            Some(d) => {
                let d = number(d, "the day must have two digits")?;
                let month = month.unwrap_or(1);
                if d == 0 || d > days_in_month(year, month) {
                    return Err(err("the day does not exist in that month"));
                }
                Some(d)
            }
        };
        if parts.next().is_some() {
            return Err(err("it has too many parts"));
        }
        Ok(PartialDate { year, month, day })
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_month_and_day_forms_parse_and_print_back() {
        for text in ["2019", "2019-05", "2021-06-14", "2024-02-29"] {
            assert_eq!(PartialDate::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(PartialDate::parse("2021-06-14T10:00:00Z").unwrap().to_string(), "2021-06-14");
    }

    #[test]
    fn impossible_dates_are_rejected() {
        for bad in ["", "19", "2019-13", "2019-5", "2023-02-29", "2019-01-32", "14/06/2021", "soon", "2019-01-01-01"] {
            assert!(PartialDate::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn a_year_sorts_before_its_months() {
        let y = PartialDate::parse("2019").unwrap();
        let m = PartialDate::parse("2019-01").unwrap();
        assert!(y < m);
    }
}
