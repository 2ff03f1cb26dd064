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

/// A Quarterly Progress Report period (seed 002 §8): three months, published in the month the
/// seeds name — September–November in January, December–February in March, March–May in June,
/// June–August in September.
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

    /// "September–November 2026", "December 2026–February 2027".
    pub fn label(self) -> String {
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
mod tests {
    use super::test_date as d;
    use super::*;

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

    #[test]
    fn minutes_deadlines_count_calendar_days_across_weekends_and_month_ends() {
        use super::deadlines::*;
        // A Friday discussion: draft due Monday, final due the next Friday.
        let friday = d(2026, 11, 20);
        assert_eq!(draft_minutes(friday), d(2026, 11, 23));
        assert_eq!(final_minutes(friday), d(2026, 11, 27));
        // A Wednesday discussion's draft is due on the Saturday: the seeds count days.
        assert_eq!(draft_minutes(d(2026, 11, 18)), d(2026, 11, 21));
        // Month and year ends.
        assert_eq!(draft_minutes(d(2027, 1, 30)), d(2027, 2, 2));
        assert_eq!(review(d(2027, 2, 27)), d(2027, 3, 2));
        assert_eq!(review(d(2028, 2, 27)), d(2028, 3, 1));
        assert_eq!(final_minutes(d(2026, 12, 28)), d(2027, 1, 4));
        // ESE is told a week ahead: by the Monday before a Monday meeting, across a month end.
        assert_eq!(ese_notice(d(2026, 12, 7)), d(2026, 11, 30));
    }

    #[test]
    fn a_step_is_overdue_only_after_its_day_and_only_if_not_done() {
        use super::deadlines::is_overdue;
        let due = d(2026, 11, 23);
        assert!(!is_overdue(due, None, d(2026, 11, 23)));
        assert!(is_overdue(due, None, d(2026, 11, 24)));
        assert!(!is_overdue(due, Some(d(2026, 11, 25)), d(2026, 12, 1)));
    }

    #[test]
    fn coverage_looks_back_ninety_days() {
        use super::deadlines::is_coverage_gap;
        let today = d(2026, 11, 24);
        assert!(is_coverage_gap(None, today));
        assert!(!is_coverage_gap(Some(d(2026, 8, 26)), today));
        assert!(is_coverage_gap(Some(d(2026, 8, 25)), today));
    }

    #[test]
    fn a_late_evening_in_boston_is_still_that_day() {
        let moment = chrono::DateTime::parse_from_rfc3339("2026-11-21T03:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(local_date(moment), d(2026, 11, 20));
    }

    #[test]
    fn themes_follow_the_seed_by_month() {
        assert!(discussion_themes(8)[0].contains("summer"));
        assert!(discussion_themes(10)[0].contains("baseline"));
        assert!(discussion_themes(3)[0].contains("accomplishments"));
        assert!(discussion_themes(7).is_empty());
    }

    #[test]
    fn qpr_periods_and_their_publication_months_follow_the_seed() {
        let fall = QprPeriod::containing(d(2026, 10, 15));
        assert_eq!(fall.start, d(2026, 9, 1));
        assert_eq!(fall.end(), d(2026, 11, 30));
        assert_eq!(fall.publication_month(), d(2027, 1, 1));
        assert_eq!(fall.due_by(), d(2027, 1, 31));
        assert_eq!(fall.label(), "September–November 2026");
        let winter = QprPeriod::containing(d(2027, 2, 10));
        assert_eq!(winter.start, d(2026, 12, 1));
        assert_eq!(winter.end(), d(2027, 2, 28));
        assert_eq!(winter.publication_label(), "March 2027");
        assert_eq!(winter.label(), "December 2026–February 2027");
        let spring = QprPeriod::containing(d(2027, 5, 31));
        assert_eq!(
            (spring.start, spring.publication_month()),
            (d(2027, 3, 1), d(2027, 6, 1))
        );
        let summer = QprPeriod::containing(d(2027, 8, 1));
        assert_eq!(
            (summer.start, summer.publication_month()),
            (d(2027, 6, 1), d(2027, 9, 1))
        );
        assert_eq!(summer.next(), QprPeriod::containing(d(2027, 9, 1)));
        assert_eq!(fall.previous().start, d(2026, 6, 1));
        // A leap year's February.
        assert_eq!(QprPeriod::containing(d(2028, 1, 5)).end(), d(2028, 2, 29));
        assert_eq!(QprPeriod::last_ended(d(2026, 11, 24)).start, d(2026, 6, 1));
        assert_eq!(QprPeriod::starting(d(2026, 9, 1)), Some(fall));
        assert_eq!(QprPeriod::starting(d(2026, 9, 2)), None);
    }

    #[test]
    fn extra_evidence_is_requested_three_weeks_ahead() {
        assert_eq!(earliest_evidence_due(d(2026, 11, 24)), d(2026, 12, 15));
        assert_eq!(earliest_evidence_due(d(2027, 2, 20)), d(2027, 3, 13));
    }
}
