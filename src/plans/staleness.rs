//! The "stale" flag on a plan's benchmarks: measured less often than its own frequency says
//! (the rule is [`crate::progress::stale`]; this is when the clock starts and how it reads).

use chrono::NaiveDate;

use super::model::Plan;
use crate::calendar::date_label;
use crate::progress::stale::{self, is_stale, next_measurement_due};

/// The day measuring began: the later of the plan's approval (local date) and its first school
/// day. `None` for a plan that takes no progress (a draft, an archived version): nothing is stale
/// there.
pub fn measuring_since(plan: &Plan) -> Option<NaiveDate> {
    let began = stale::measuring_began(plan.approved_at, plan.first_school_year);
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

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
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
