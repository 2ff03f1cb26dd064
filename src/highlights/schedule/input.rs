//! What the schedule form accepts: a date from 60 days back to a year ahead, an optional start
//! time, a place and the invitations, one per line.

use chrono::{NaiveDate, NaiveTime, TimeDelta};
use serde::Deserialize;

use crate::highlights::model::Discussion;
use crate::web::forms::{FieldErrors, check_text, clean_line};

/// How far back a date may go: recording a discussion already held, not rewriting history.
pub const PAST_DAYS: i64 = 60;
const AHEAD_DAYS: i64 = 365;
const PLACE_MAX: usize = 200;
const INVITED_MAX: usize = 4000;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ScheduleForm {
    #[serde(default)]
    pub held_on: String,
    #[serde(default)]
    pub starts_at: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub invited: String,
    #[serde(default)]
    pub version: Option<i32>,
    /// The one-time token of a form that schedules a new discussion (see `web::once`).
    #[serde(default)]
    pub form_token: String,
}

#[derive(Debug)]
pub struct Valid {
    pub held_on: NaiveDate,
    pub starts_at: Option<NaiveTime>,
    pub place: String,
    pub invited: String,
}

impl ScheduleForm {
    pub fn from_discussion(d: &Discussion) -> Self {
        Self {
            held_on: d.held_on.to_string(),
            starts_at: d
                .starts_at
                .map(|t| t.format("%H:%M").to_string())
                .unwrap_or_default(),
            place: d.place.clone(),
            invited: d.invited.clone(),
            version: Some(d.version),
            form_token: String::new(),
        }
    }

    /// `kept` is the date already saved: keeping it is always allowed, even if long past.
    pub fn validate(
        &self,
        today: NaiveDate,
        kept: Option<NaiveDate>,
    ) -> Result<Valid, FieldErrors> {
        let mut errors = FieldErrors::default();
        check_text(
            &mut errors,
            &[("place", &self.place), ("invited", &self.invited)],
        );
        let text = self.held_on.trim();
        let held_on = if text.is_empty() {
            errors.add("held_on", "Enter the date of the discussion.");
            None
        } else {
            match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                Err(_) => {
                    errors.add(
                        "held_on",
                        "Enter the date as year-month-day, e.g. 2026-11-24.",
                    );
                    None
                }
                Ok(on) if Some(on) == kept => Some(on),
                Ok(on) if on < today - TimeDelta::days(PAST_DAYS) => {
                    errors.add(
                        "held_on",
                        format!("A past discussion can be recorded up to {PAST_DAYS} days back."),
                    );
                    None
                }
                Ok(on) if on > today + TimeDelta::days(AHEAD_DAYS) => {
                    errors.add("held_on", "Schedule discussions at most a year ahead.");
                    None
                }
                Ok(on) => Some(on),
            }
        };
        let time = self.starts_at.trim();
        let starts_at = if time.is_empty() {
            None
        } else {
            let parsed = NaiveTime::parse_from_str(time, "%H:%M")
                .or_else(|_| NaiveTime::parse_from_str(time, "%H:%M:%S"));
            if parsed.is_err() {
                errors.add(
                    "starts_at",
                    "Enter the time as hours and minutes, e.g. 15:30.",
                );
            }
            parsed.ok()
        };
        let place = clean_line(&self.place);
        if place.chars().count() > PLACE_MAX {
            errors.add(
                "place",
                format!("Keep the place to {PLACE_MAX} characters."),
            );
        }
        let invited = self
            .invited
            .lines()
            .map(clean_line)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        if invited.chars().count() > INVITED_MAX {
            errors.add(
                "invited",
                format!("Keep the invitations to {INVITED_MAX} characters, one person per line."),
            );
        }
        match held_on {
            Some(held_on) if errors.is_empty() => Ok(Valid {
                held_on,
                starts_at,
                place,
                invited,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(held_on: &str, starts_at: &str) -> ScheduleForm {
        ScheduleForm {
            held_on: held_on.into(),
            starts_at: starts_at.into(),
            ..Default::default()
        }
    }

    #[test]
    fn dates_go_back_sixty_days_and_a_year_ahead() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        assert!(form("2026-09-21", "").validate(today, None).is_ok());
        assert!(form("2026-09-20", "").validate(today, None).is_err());
        assert!(form("2027-11-20", "").validate(today, None).is_ok());
        assert!(form("2027-11-21", "").validate(today, None).is_err());
        // An old discussion keeps its date when only its place changes.
        let old = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        assert!(form("2026-01-05", "").validate(today, Some(old)).is_ok());
        assert!(
            form("", "")
                .validate(today, None)
                .unwrap_err()
                .has("held_on")
        );
    }

    #[test]
    fn times_are_hours_and_minutes() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let valid = form("2026-12-01", "15:30")
            .validate(today, None)
            .ok()
            .unwrap();
        assert_eq!(valid.starts_at, NaiveTime::from_hms_opt(15, 30, 0));
        assert!(
            form("2026-12-01", "3pm")
                .validate(today, None)
                .unwrap_err()
                .has("starts_at")
        );
        assert!(form("2026-12-01", "25:00").validate(today, None).is_err());
    }
}
