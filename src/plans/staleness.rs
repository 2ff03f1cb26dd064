//! Stale benchmarks: owners forget to record. A benchmark measured "monthly" whose last measurement
//! is more than 31 days old is flagged, on the plan, the homes, the dashboard and the digest. The
//! rule lives with the plan because the plan's own words (a benchmark's frequency) and dates
//! (its approval, its first school year) decide it; progress, the dashboard and the digest ask here.

use chrono::{DateTime, Days, NaiveDate, Utc};

use super::model::Plan;
use crate::calendar::date_label;

/// The rhythms a benchmark's frequency can name, in the words plans use for them, and the longest
/// gap (days) each allows. Order matters: the first that matches wins, so "biweekly" comes before
/// "weekly", and "twice a year" before "year". Daily data is entered in the app at least weekly.
const RHYTHMS: &[(&[&str], u64)] = &[
    (
        &[
            "biweekly",
            "bi-weekly",
            "every two weeks",
            "every other week",
        ],
        14,
    ),
    (&["daily", "weekly", "week"], 7),
    (
        &[
            "bimonthly",
            "bi-monthly",
            "every two months",
            "every other month",
        ],
        62,
    ),
    (&["monthly", "month"], 31),
    (&["quarter", "srv cycle", "marking period"], 92),
    (
        &[
            "trimester",
            "three times",
            "benchmark window",
            "fall, winter",
        ],
        122,
    ),
    (
        &[
            "semester",
            "twice a year",
            "twice yearly",
            "biannual",
            "semi-annual",
            "semiannual",
        ],
        183,
    ),
    (&["annual", "yearly", "year"], 366),
];

/// The longest gap between two measurements the benchmark's frequency allows, read from the
/// plan's own words ("Monthly", "Quarterly", "Twice a year", "Each benchmark window (fall, winter,
/// spring)"). `None` when the words name no rhythm: such a benchmark is never called stale.
pub fn allowed_gap_days(frequency: &str) -> Option<u64> {
    let f = frequency.to_lowercase();
    RHYTHMS
        .iter()
        .find(|(words, _)| words.iter().any(|w| f.contains(w)))
        .map(|&(_, days)| days)
}

/// The day measuring began on a plan: its approval (local date), or its first school day if later.
/// Pages with the whole plan ask [`measuring_since`], which also knows the plans that take no
/// progress.
pub fn measuring_began(approved_at: Option<DateTime<Utc>>, first_school_year: i16) -> NaiveDate {
    let first_day = crate::calendar::school_year_start(first_school_year.into());
    approved_at
        .map(crate::calendar::local_date)
        .map_or(first_day, |on| on.max(first_day))
}

/// When the next measurement is due: the allowed gap after the last one, or after `since` (the day
/// measuring began: the plan's approval or its first school day) when there is none yet.
pub fn next_measurement_due(
    frequency: &str,
    last_measured: Option<NaiveDate>,
    since: NaiveDate,
) -> Option<NaiveDate> {
    let gap = allowed_gap_days(frequency)?;
    let from = last_measured.map_or(since, |last| last.max(since));
    from.checked_add_days(Days::new(gap))
}

/// Stale: the next measurement's due date has passed without one.
pub fn is_stale(
    frequency: &str,
    last_measured: Option<NaiveDate>,
    since: NaiveDate,
    today: NaiveDate,
) -> bool {
    next_measurement_due(frequency, last_measured, since).is_some_and(|due| due < today)
}

/// The day measuring began: the later of the plan's approval (local date) and its first school
/// day. `None` for a plan that takes no progress (a draft, an archived version): nothing is stale
/// there.
pub fn measuring_since(plan: &Plan) -> Option<NaiveDate> {
    let began = measuring_began(plan.approved_at, plan.first_school_year);
    plan.accepts_progress().then_some(began)
}

/// "last measured Oct 1, 2026, due again by Nov 1, 2026 (Monthly)", or "not measured yet; …",
/// when the benchmark is stale; the page puts "Stale:" before it.
pub fn stale_note(
    frequency: &str,
    last_measured: Option<NaiveDate>,
    since: NaiveDate,
    today: NaiveDate,
) -> Option<String> {
    if !is_stale(frequency, last_measured, since, today) {
        return None;
    }
    let due = date_label(next_measurement_due(frequency, last_measured, since)?);
    Some(match last_measured {
        Some(last) => format!(
            "last measured {}, due again by {due} ({frequency})",
            date_label(last)
        ),
        None => format!("not measured yet; first measurement was due by {due} ({frequency})"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::test_date as d;

    #[test]
    fn the_plans_words_name_the_gap() {
        for (words, days) in [
            ("Monthly", Some(31)),
            ("Monthly until complete", Some(31)),
            ("Quarterly", Some(92)),
            ("Each SRV cycle (December, March, June)", Some(92)),
            ("Each marking period", Some(92)),
            ("Each benchmark window (fall, winter, spring)", Some(122)),
            ("Twice a year", Some(183)),
            ("Annually", Some(366)),
            ("Weekly", Some(7)),
            ("Bi-weekly", Some(14)),
            ("Daily", Some(7)),
            ("", None),
            ("When the audit is done", None),
        ] {
            assert_eq!(allowed_gap_days(words), days, "{words:?}");
        }
    }

    #[test]
    fn monthly_is_stale_after_31_days() {
        let since = d(2026, 8, 27);
        let last = Some(d(2026, 10, 1));
        assert!(!is_stale("Monthly", last, since, d(2026, 11, 1)), "day 31");
        assert!(is_stale("Monthly", last, since, d(2026, 11, 2)), "day 32");
        assert_eq!(
            next_measurement_due("Monthly", last, since),
            Some(d(2026, 11, 1))
        );
    }

    #[test]
    fn never_measured_counts_from_when_measuring_began() {
        let since = d(2026, 9, 1);
        assert!(!is_stale("Quarterly", None, since, d(2026, 12, 1)));
        assert!(is_stale("Quarterly", None, since, d(2026, 12, 3)));
    }

    #[test]
    fn a_benchmark_with_no_rhythm_is_never_stale() {
        assert!(!is_stale("", None, d(2020, 1, 1), d(2026, 11, 24)));
    }

    #[test]
    fn a_measurement_before_measuring_began_does_not_count_back() {
        // Measured in the spring before the plan: the clock starts at the plan.
        let since = d(2026, 9, 1);
        assert_eq!(
            next_measurement_due("Monthly", Some(d(2026, 5, 1)), since),
            Some(d(2026, 10, 2))
        );
    }

    #[test]
    fn the_note_says_when_it_was_last_measured_and_when_it_was_due() {
        let since = d(2026, 8, 27);
        assert_eq!(
            stale_note("Monthly", Some(d(2026, 10, 1)), since, d(2026, 11, 5)).as_deref(),
            Some("last measured Oct 1, 2026, due again by Nov 1, 2026 (Monthly)")
        );
        assert_eq!(
            stale_note("Monthly", Some(d(2026, 10, 1)), since, d(2026, 11, 1)),
            None,
            "not yet past due"
        );
        assert_eq!(
            stale_note("Quarterly", None, d(2026, 9, 1), d(2026, 12, 10)).as_deref(),
            Some("not measured yet; first measurement was due by Dec 2, 2026 (Quarterly)")
        );
        assert_eq!(stale_note("", None, since, d(2030, 1, 1)), None);
    }
}
