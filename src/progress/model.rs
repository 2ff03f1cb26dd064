//! Progress as stored: activity statuses (with their history) and benchmark measurements.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Where an activity stands. "Overdue" is not a status: it is computed from the completion date
/// (see [`is_overdue`]), so it can never go stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, sqlx::Type)]
#[sqlx(type_name = "activity_status", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum ActivityStatus {
    NotStarted,
    OnTrack,
    AtRisk,
    Complete,
    Cancelled,
}

impl ActivityStatus {
    pub const ALL: [Self; 5] = [
        Self::NotStarted,
        Self::OnTrack,
        Self::AtRisk,
        Self::Complete,
        Self::Cancelled,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Self::NotStarted => "not_started",
            Self::OnTrack => "on_track",
            Self::AtRisk => "at_risk",
            Self::Complete => "complete",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::NotStarted => "Not started",
            Self::OnTrack => "On track",
            Self::AtRisk => "At risk",
            Self::Complete => "Complete",
            Self::Cancelled => "Cancelled",
        }
    }

    /// The badge's style; the label is always shown too, so colour is never the only signal.
    pub fn css_class(self) -> &'static str {
        match self {
            Self::NotStarted => "progress-neutral",
            Self::OnTrack => "progress-good",
            Self::AtRisk => "progress-warn",
            Self::Complete => "progress-done",
            Self::Cancelled => "progress-muted",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// An activity is overdue when its completion date has passed and it is neither complete nor
/// cancelled. An activity with no status yet counts as not started.
pub fn is_overdue(
    completes_on: Option<NaiveDate>,
    status: Option<ActivityStatus>,
    today: NaiveDate,
) -> bool {
    let finished = matches!(
        status,
        Some(ActivityStatus::Complete | ActivityStatus::Cancelled)
    );
    !finished && completes_on.is_some_and(|due| due < today)
}

/// One status given to an activity.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ActivityUpdate {
    pub id: Uuid,
    pub activity_id: Uuid,
    pub status: ActivityStatus,
    pub as_of: NaiveDate,
    pub note: String,
    /// The recorder's name at the time of reading (empty when the account is gone).
    pub recorded_by_name: String,
    pub recorded_at: DateTime<Utc>,
}

pub const ACTIVITY_UPDATE_COLUMNS: &str = "u.id, u.activity_id, u.status, u.as_of, u.note, \
     coalesce(p.name, '') AS recorded_by_name, u.recorded_at";

/// A value taken for a benchmark.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Measurement {
    pub id: Uuid,
    pub benchmark_id: Uuid,
    pub value: f64,
    pub measured_on: NaiveDate,
    pub population: String,
    pub note: String,
    pub recorded_by_name: String,
    pub recorded_at: DateTime<Utc>,
}

pub const MEASUREMENT_COLUMNS: &str = "m.id, m.benchmark_id, m.value, m.measured_on, m.population, m.note, \
     coalesce(p.name, '') AS recorded_by_name, m.recorded_at";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::forms::assert_keys_round_trip;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn an_activity_past_its_completion_date_and_not_finished_is_overdue() {
        let today = day(20);
        assert!(is_overdue(Some(day(19)), None, today));
        assert!(is_overdue(
            Some(day(19)),
            Some(ActivityStatus::OnTrack),
            today
        ));
        assert!(is_overdue(
            Some(day(1)),
            Some(ActivityStatus::AtRisk),
            today
        ));
        assert!(is_overdue(
            Some(day(1)),
            Some(ActivityStatus::NotStarted),
            today
        ));
    }

    #[test]
    fn finished_undated_or_not_yet_due_activities_are_not_overdue() {
        let today = day(20);
        assert!(!is_overdue(
            Some(day(19)),
            Some(ActivityStatus::Complete),
            today
        ));
        assert!(!is_overdue(
            Some(day(19)),
            Some(ActivityStatus::Cancelled),
            today
        ));
        // Due today is not yet late: the day is not over.
        assert!(!is_overdue(
            Some(day(20)),
            Some(ActivityStatus::OnTrack),
            today
        ));
        assert!(!is_overdue(Some(day(21)), None, today));
        assert!(!is_overdue(None, Some(ActivityStatus::AtRisk), today));
    }

    #[test]
    fn status_keys_round_trip() {
        assert_keys_round_trip(
            &ActivityStatus::ALL,
            ActivityStatus::key,
            ActivityStatus::parse,
        );
        assert_eq!(ActivityStatus::parse("overdue"), None);
    }
}
