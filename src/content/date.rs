//! Dates written `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (SPEC §3).

use std::fmt;

/// A date known to the year, the month or the day.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl PartialDate {
    pub fn year(year: i32) -> Self {
        PartialDate {
            year,
            month: None,
            day: None,
        }
    }

    /// Parses `2019`, `2023-04` or `2022-10-13`.
    pub fn parse(s: &str) -> Result<PartialDate, crate::l10n::Msg> {
        use crate::l10n::Msg;
        let s = s.trim();
        let parts: Vec<&str> = s.split('-').collect();
        let bad = || Msg::new("date-bad").arg("value", s);
        if parts.is_empty()
            || parts.len() > 3
            || parts
                .iter()
                .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(bad());
        }
        if parts[0].len() != 4 {
            return Err(bad());
        }
        let year: i32 = parts[0].parse().map_err(|_| bad())?;
        let month = match parts.get(1) {
            Some(m) => {
                let m: u8 = m.parse().map_err(|_| bad())?;
                if !(1..=12).contains(&m) {
                    return Err(Msg::new("date-no-month").arg("value", s).arg("month", m));
                }
                Some(m)
            }
            None => None,
        };
        let day = match (parts.get(2), month) {
            (Some(d), Some(m)) => {
                let d: u8 = d.parse().map_err(|_| bad())?;
                if d == 0 || d > days_in_month(year, m) {
                    return Err(Msg::new("date-no-day").arg("value", s).arg("day", d));
                }
                Some(d)
            }
            _ => None,
        };
        Ok(PartialDate { year, month, day })
    }

    /// Vietnamese display form: `13/10/2022`, `04/2023`, `2019`.
    pub fn display(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{d:02}/{m:02}/{}", self.year),
            (Some(m), None) => format!("{m:02}/{}", self.year),
            _ => self.year.to_string(),
        }
    }

    /// A full RFC 3339 timestamp at midnight UTC, missing parts as 1 (for feeds).
    pub fn rfc3339(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T00:00:00Z",
            self.year,
            self.month.unwrap_or(1),
            self.day.unwrap_or(1)
        )
    }
}

impl fmt::Display for PartialDate {
    /// ISO form as written: `2022-10-13`, `2023-04`, `2019`.
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
    fn parses_the_three_forms() {
        assert_eq!(PartialDate::parse("2019"), Ok(PartialDate::year(2019)));
        let d = PartialDate::parse("2023-04").expect("month");
        assert_eq!((d.year, d.month, d.day), (2023, Some(4), None));
        let d = PartialDate::parse("2022-10-13").expect("day");
        assert_eq!(d.display(), "13/10/2022");
        assert_eq!(d.to_string(), "2022-10-13");
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(PartialDate::parse("2023-13").is_err());
        assert!(PartialDate::parse("2023-02-29").is_err());
        assert!(PartialDate::parse("2024-02-29").is_ok());
        assert!(PartialDate::parse("13/10/2022").is_err());
        assert!(PartialDate::parse("").is_err());
    }
}
