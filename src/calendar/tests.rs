//! The calendar rules, date by date.

use super::*;

use super::test_date as d;

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
fn three_quarterly_reports_and_the_summative_in_the_june_slot() {
    let summer = QprPeriod::containing(d(2026, 7, 4));
    assert!(summer.is_summative());
    assert_eq!(summer.school_year(), 2025);
    assert_eq!(summer.label(), "Summative Report 2025–2026");
    assert_eq!(summer.title(), "Summative Report 2025–2026");
    assert_eq!(summer.months(), "June–August 2026");
    assert_eq!(summer.covers(), "September 2025–August 2026");
    assert_eq!(summer.covered(), (d(2025, 9, 1), d(2026, 8, 31)));
    assert_eq!(summer.publication_label(), "September 2026");
    assert_eq!(
        summer.quarters_of_year().map(|p| p.start),
        [d(2025, 9, 1), d(2025, 12, 1), d(2026, 3, 1)]
    );
    let quarters = summer.quarters_of_year();
    assert!(quarters.iter().all(|p| !p.is_summative()));
    assert!(quarters.iter().all(|p| p.school_year() == 2025));
    assert_eq!(quarters[2].next(), summer);
    let fall = QprPeriod::containing(d(2026, 10, 1));
    assert_eq!(
        fall.title(),
        "Quarterly Progress Report for September–November 2026"
    );
    assert_eq!(fall.covers(), "September–November 2026");
    assert_eq!(fall.covered(), (d(2026, 9, 1), d(2026, 11, 30)));
    assert_eq!(fall.quarters_of_year()[0], fall);
}

#[test]
fn extra_evidence_is_requested_three_weeks_ahead() {
    assert_eq!(earliest_evidence_due(d(2026, 11, 24)), d(2026, 12, 15));
    assert_eq!(earliest_evidence_due(d(2027, 2, 20)), d(2027, 3, 13));
}
