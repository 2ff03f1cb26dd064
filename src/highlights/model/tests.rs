use super::*;
use chrono::TimeZone;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

/// Noon in Boston on that day.
fn at(day: NaiveDate) -> DateTime<Utc> {
    crate::calendar::DEFAULT_TIME_ZONE
        .from_local_datetime(&day.and_hms_opt(12, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

fn discussion(held_on: NaiveDate) -> Discussion {
    Discussion {
        id: Uuid::nil(),
        district_id: Uuid::nil(),
        plan_id: Uuid::nil(),
        held_on,
        starts_at: None,
        place: String::new(),
        invited: String::new(),
        scheduled_at: at(held_on - chrono::TimeDelta::days(20)),
        ese_notified_at: None,
        minutes_status: MinutesStatus::Draft,
        participants: String::new(),
        accomplishments: String::new(),
        challenges: String::new(),
        risks: String::new(),
        next_steps: String::new(),
        modifications: String::new(),
        team_next_steps: String::new(),
        debrief: String::new(),
        revision: 1,
        review_round: 1,
        sent_for_review_at: None,
        sent_for_review_by_name: None,
        finalised_at: None,
        distributed_to: sqlx::types::Json(vec![]),
        version: 1,
    }
}

fn review(role: DistrictRole, on: NaiveDate) -> Review {
    Review {
        id: Uuid::nil(),
        discussion_id: Uuid::nil(),
        revision: 1,
        review_round: 1,
        reviewer_name: String::new(),
        reviewer_role: role,
        outcome: ReviewOutcome::NoDiscrepancies,
        comments: String::new(),
        reviewed_at: at(on),
    }
}

#[test]
fn a_friday_discussion_with_nothing_done_is_overdue_from_tuesday() {
    let held = d(11, 20);
    let mut h = discussion(held);
    h.ese_notified_at = Some(at(d(11, 12)));
    let monday = steps(&h, &[], d(11, 23));
    assert_eq!(monday[0].state, StepState::Done { late: false });
    assert_eq!(monday[1].state, StepState::Pending);
    assert_eq!(monday[1].due_on, Some(d(11, 23)));
    let tuesday = steps(&h, &[], d(11, 24));
    assert!(tuesday[1].is_overdue());
    // Reviews cannot be due before the draft is sent.
    assert_eq!(tuesday[2].state, StepState::Pending);
    assert_eq!(tuesday[2].due_on, None);
    assert!(!tuesday[4].is_overdue());
    assert!(steps(&h, &[], d(11, 28))[4].is_overdue());
}

#[test]
fn reviews_are_due_three_days_after_the_draft_is_sent() {
    let mut h = discussion(d(11, 2));
    h.sent_for_review_at = Some(at(d(11, 6)));
    let reviews = [review(DistrictRole::Superintendent, d(11, 8))];
    let s = steps(&h, &reviews, d(11, 10));
    assert_eq!(s[1].state, StepState::Done { late: true });
    assert_eq!(s[2].state, StepState::Done { late: false });
    assert_eq!(s[3].due_on, Some(d(11, 9)));
    assert!(s[3].is_overdue());
}

#[test]
fn late_notice_to_ese_is_flagged() {
    let mut h = discussion(d(12, 7));
    assert!(!h.ese_notice_late(d(11, 30)));
    assert!(h.ese_notice_late(d(12, 1)));
    h.ese_notified_at = Some(at(d(12, 2)));
    assert!(h.ese_notice_late(d(12, 2)));
    h.scheduled_at = at(d(12, 3));
    assert!(h.scheduled_late());
}

#[test]
fn corrections_have_no_deadlines() {
    let mut h = discussion(d(9, 10));
    h.revision = 2;
    let s = steps(&h, &[], d(11, 20));
    assert!(s.iter().skip(1).all(|step| step.due_on.is_none()));
    assert!(!s.iter().skip(1).any(Step::is_overdue));
}

#[test]
fn answers_to_an_earlier_sending_do_not_count_once_the_minutes_are_sent_again() {
    let mut h = discussion(d(11, 2));
    h.minutes_status = MinutesStatus::InReview;
    h.sent_for_review_at = Some(at(d(11, 3)));
    let reviews = [
        review(DistrictRole::Superintendent, d(11, 4)),
        review(DistrictRole::PlanMonitor, d(11, 4)),
    ];
    assert!(matches!(
        steps(&h, &reviews, d(11, 5))[3].state,
        StepState::Done { .. }
    ));
    h.review_round = 2;
    let again = steps(&h, &reviews, d(11, 5));
    assert_eq!(again[2].state, StepState::Pending);
    assert_eq!(again[3].state, StepState::Pending);
}
