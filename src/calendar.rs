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

/// The local date of a moment, in the state's time zone: a step done at 11 pm on Friday in
/// Boston was done on Friday.
pub fn local_date(moment: chrono::DateTime<Utc>) -> NaiveDate {
    moment.with_timezone(&DEFAULT_TIME_ZONE).date_naive()
}

/// Highlight Discussion deadlines (seed 002 §8). Days are calendar days of the state's local
/// dates: "within three days" of a Friday discussion is the Monday after, and a deadline that
/// falls on a weekend stays there (the seeds count days, not school days).
pub mod deadlines {
    use chrono::{NaiveDate, TimeDelta};

    /// "Advising ESE … of the date, time, and location of each Highlight Discussion at least one
    /// week in advance."
    pub fn ese_notice(held_on: NaiveDate) -> NaiveDate {
        held_on - TimeDelta::days(7)
    }

    /// "Sending a draft to the superintendent and the Monitor within three days of the
    /// Discussion."
    pub fn draft_minutes(held_on: NaiveDate) -> NaiveDate {
        held_on + TimeDelta::days(3)
    }

    /// "Notifying the Plan Manager of any discrepancies or questions within three days of
    /// receiving the draft."
    pub fn review(sent_on: NaiveDate) -> NaiveDate {
        sent_on + TimeDelta::days(3)
    }

    /// "Send the final Minutes … within one week of the discussion."
    pub fn final_minutes(held_on: NaiveDate) -> NaiveDate {
        held_on + TimeDelta::days(7)
    }

    /// A step is overdue once its deadline day has ended without it being done.
    pub fn is_overdue(due: NaiveDate, done_on: Option<NaiveDate>, today: NaiveDate) -> bool {
        done_on.is_none() && today > due
    }

    /// "Over the course of a three-month period, Highlight Discussions should address all
    /// aspects of the plan."
    pub const COVERAGE_DAYS: i64 = 90;

    /// Whether something last discussed on `last` (or never) is a coverage gap today.
    pub fn is_coverage_gap(last: Option<NaiveDate>, today: NaiveDate) -> bool {
        last.is_none_or(|on| (today - on).num_days() > COVERAGE_DAYS)
    }
}

/// The seed's suggested themes for a Highlight Discussion in `month` (seed 002 §8, "Suggested
/// Themes for Highlight Discussions"). July has none: no discussions are suggested then.
pub fn discussion_themes(month: u32) -> &'static [&'static str] {
    match month {
        8 => &[
            "Discuss and reflect on work accomplished over the summer.",
            "Reflect on final MCAS and other summative data from the previous school year: why did the district see the results it did, and what does it mean for this year's work?",
            "Reflect on where the district is in the stages toward exit, and what the Monitor should focus on this year.",
        ],
        9 | 10 => &[
            "Discuss the district's baseline data, as outlined in the Early Evidence of Change and Short-Term Outcomes of the plan.",
            "Discuss and reflect on accomplishments, challenges, risks, and key modifications.",
            "Identify next steps for the coming month, including the benchmarks and topics for the next Highlight Discussion.",
        ],
        7 => &[],
        _ => &[
            "Discuss and reflect on accomplishments, challenges, risks, and key modifications.",
            "Identify next steps for the coming month, including the benchmarks and topics for the next Highlight Discussion.",
        ],
    }
}

/// A report period (seed 002 §8): three months, published in the month the seeds name —
/// September–November in January, December–February in March, March–May in June, June–August in
/// September.
///
/// The rule of the four reports (seed 002 Appendix L: "three Quarterly Progress Reports and one
/// Summative Report"): the first three periods of a school year have a Quarterly Progress Report;
/// the June–August slot, published in September, is the year's Summative Report, which covers the
/// whole school year. [`QprPeriod::is_summative`] is that rule; everything else asks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QprPeriod {
    /// The first day of the period: September 1, December 1, March 1 or June 1.
    pub start: NaiveDate,
}

impl QprPeriod {
    /// The period `date` falls in.
    pub fn containing(date: NaiveDate) -> Self {
        let (year, month) = match date.month() {
            9..=11 => (date.year(), 9),
            12 => (date.year(), 12),
            1 | 2 => (date.year() - 1, 12),
            3..=5 => (date.year(), 3),
            _ => (date.year(), 6),
        };
        Self {
            start: NaiveDate::from_ymd_opt(year, month, 1).expect("a first of the month"),
        }
    }

    /// A period from its first day; `None` unless it is one of the four starts.
    pub fn starting(start: NaiveDate) -> Option<Self> {
        let period = Self::containing(start);
        (period.start == start).then_some(period)
    }

    /// The last day of the period.
    pub fn end(self) -> NaiveDate {
        self.next().start - chrono::TimeDelta::days(1)
    }

    pub fn next(self) -> Self {
        Self::containing(
            self.start
                .checked_add_months(chrono::Months::new(3))
                .expect("a real date"),
        )
    }

    pub fn previous(self) -> Self {
        Self::containing(
            self.start
                .checked_sub_months(chrono::Months::new(3))
                .expect("a real date"),
        )
    }

    /// The most recent period that has ended by `today`: the one a monitor reports on now.
    pub fn last_ended(today: NaiveDate) -> Self {
        Self::containing(today).previous()
    }

    /// The first day of the month the report is expected to be published in.
    pub fn publication_month(self) -> NaiveDate {
        let month = self.next().start;
        // The month right after the period, except that September–November skips December.
        if self.start.month() != 9 {
            month
        } else {
            month
                .checked_add_months(chrono::Months::new(1))
                .expect("a real date")
        }
    }

    /// The last day of the publication month: the report is due by then.
    pub fn due_by(self) -> NaiveDate {
        self.publication_month()
            .checked_add_months(chrono::Months::new(1))
            .expect("a real date")
            - chrono::TimeDelta::days(1)
    }

    /// The June–August slot: the year's Summative Report rather than a fourth quarterly one.
    pub fn is_summative(self) -> bool {
        self.start.month() == 6
    }

    /// The school year the period belongs to: June–August 2026 closes 2025–2026.
    pub fn school_year(self) -> i32 {
        school_year_of(self.start)
    }

    /// The three quarterly periods of the period's school year, in order (September, December,
    /// March): the reports whose ratings a Summative Report shows beside its own.
    pub fn quarters_of_year(self) -> [Self; 3] {
        let september = NaiveDate::from_ymd_opt(self.school_year(), 9, 1).expect("September 1");
        let fall = Self::containing(september);
        [fall, fall.next(), fall.next().next()]
    }

    /// "Quarterly Progress Report" or "Summative Report".
    pub fn kind(self) -> &'static str {
        if self.is_summative() {
            "Summative Report"
        } else {
            "Quarterly Progress Report"
        }
    }

    /// The report's name: "Quarterly Progress Report for September–November 2026", or
    /// "Summative Report 2025–2026".
    pub fn title(self) -> String {
        if self.is_summative() {
            self.label()
        } else {
            format!("{} for {}", self.kind(), self.label())
        }
    }

    /// The first and last day the report covers: its three months, or for the Summative Report
    /// the whole school year from September 1.
    pub fn covered(self) -> (NaiveDate, NaiveDate) {
        let [fall, ..] = self.quarters_of_year();
        let first = if self.is_summative() {
            fall.start
        } else {
            self.start
        };
        (first, self.end())
    }

    /// What the report covers in words: "September–November 2026", or for the Summative Report
    /// "September 2025–August 2026".
    pub fn covers(self) -> String {
        if self.is_summative() {
            let (first, last) = self.covered();
            format!("{}–{}", first.format("%B %Y"), last.format("%B %Y"))
        } else {
            self.months()
        }
    }

    /// "September–November 2026", "December 2026–February 2027"; the June–August slot is named
    /// for its year: "Summative Report 2025–2026".
    pub fn label(self) -> String {
        if self.is_summative() {
            format!("Summative Report {}", school_year_label(self.school_year()))
        } else {
            self.months()
        }
    }

    /// The three months: "June–August 2026".
    pub fn months(self) -> String {
        let end = self.end();
        if self.start.year() == end.year() {
            format!(
                "{}–{} {}",
                self.start.format("%B"),
                end.format("%B"),
                end.year()
            )
        } else {
            format!("{}–{}", self.start.format("%B %Y"), end.format("%B %Y"))
        }
    }

    /// "January 2027".
    pub fn publication_label(self) -> String {
        self.publication_month().format("%B %Y").to_string()
    }
}

/// The seeds' rule for extra evidence, interviews or visits: "requested or scheduled at least 3
/// weeks in advance".
pub fn earliest_evidence_due(requested_on: NaiveDate) -> NaiveDate {
    requested_on + chrono::TimeDelta::days(21)
}

/// A date the tests write as `d(2026, 11, 20)`; one that does not exist fails the test.
#[cfg(test)]
pub fn test_date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a date that exists")
}

#[cfg(test)]
mod tests;
