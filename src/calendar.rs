//! School years, the plan template's quarters, and the state's local "today". Pure functions.
//!
//! School years run July–June and are named by the year they start: 2025 is "2025–2026".

use chrono::{Datelike, NaiveDate, Utc};
use chrono_tz::Tz;

/// The state's time zone: deadlines and "today" are local dates, not UTC.
pub const DEFAULT_TIME_ZONE: Tz = chrono_tz::America::New_York;

/// Today's date where the state is.
pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&DEFAULT_TIME_ZONE).date_naive()
}

/// "2025–2026".
pub fn school_year_label(start_year: i32) -> String {
    format!("{start_year}–{}", start_year + 1)
}

/// "2025–2026 to 2027–2028", or one year's label when the range is one year.
pub fn school_years_label(first: i32, last: i32) -> String {
    if first == last {
        school_year_label(first)
    } else {
        format!(
            "{} to {}",
            school_year_label(first),
            school_year_label(last)
        )
    }
}

/// The school year a date falls in: 2025-09-01 and 2026-06-30 are both in 2025.
pub fn school_year_of(date: NaiveDate) -> i32 {
    if date.month() >= 7 {
        date.year()
    } else {
        date.year() - 1
    }
}

/// July 1 of the first school year.
pub fn school_year_start(start_year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(start_year, 7, 1).expect("July 1 exists")
}

/// June 30 at the end of the school year.
pub fn school_year_end(start_year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(start_year + 1, 6, 30).expect("June 30 exists")
}

/// The quarters of the plan template's activity table (seed 002 Appendix C).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quarter {
    SeptDec,
    JanMarch,
    AprilJune,
    JulyAug,
}

impl Quarter {
    pub fn of(date: NaiveDate) -> Self {
        match date.month() {
            9..=12 => Self::SeptDec,
            1..=3 => Self::JanMarch,
            4..=6 => Self::AprilJune,
            _ => Self::JulyAug,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::SeptDec => "Sept–Dec",
            Self::JanMarch => "Jan–March",
            Self::AprilJune => "April–June",
            Self::JulyAug => "July–Aug",
        }
    }
}

/// Whole months between two dates, rounded down (Sept 1 → Dec 15 is 3).
pub fn months_between(start: NaiveDate, end: NaiveDate) -> i32 {
    let mut months = (end.year() - start.year()) * 12 + end.month() as i32 - start.month() as i32;
    if end.day() < start.day() {
        months -= 1;
    }
    months
}

/// "Nov 30, 2026": how pages write a date.
pub fn date_label(date: NaiveDate) -> String {
    date.format("%b %-d, %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn school_years_run_july_to_june() {
        assert_eq!(school_year_of(d(2025, 7, 1)), 2025);
        assert_eq!(school_year_of(d(2026, 6, 30)), 2025);
        assert_eq!(school_year_of(d(2026, 7, 1)), 2026);
        assert_eq!(school_year_start(2025), d(2025, 7, 1));
        assert_eq!(school_year_end(2025), d(2026, 6, 30));
        assert_eq!(school_year_label(2025), "2025–2026");
        assert_eq!(school_years_label(2025, 2027), "2025–2026 to 2027–2028");
        assert_eq!(school_years_label(2025, 2025), "2025–2026");
    }

    #[test]
    fn quarters_follow_the_template() {
        assert_eq!(Quarter::of(d(2025, 9, 1)), Quarter::SeptDec);
        assert_eq!(Quarter::of(d(2025, 12, 31)), Quarter::SeptDec);
        assert_eq!(Quarter::of(d(2026, 3, 31)), Quarter::JanMarch);
        assert_eq!(Quarter::of(d(2026, 4, 1)), Quarter::AprilJune);
        assert_eq!(Quarter::of(d(2026, 8, 15)), Quarter::JulyAug);
        assert_eq!(Quarter::of(d(2025, 7, 1)).label(), "July–Aug");
    }

    #[test]
    fn months_are_counted_whole() {
        assert_eq!(months_between(d(2025, 9, 1), d(2025, 12, 1)), 3);
        assert_eq!(months_between(d(2025, 9, 15), d(2025, 12, 14)), 2);
        assert_eq!(months_between(d(2025, 9, 1), d(2026, 6, 30)), 9);
    }
}
