//! When and where a meeting is held (a Highlight Discussion, a reflection on the continuum), as
//! the forms that schedule one take it: a date from 60 days back to a year ahead, an optional
//! start time and the place.

use chrono::{NaiveDate, NaiveTime, TimeDelta};
use serde::Deserialize;

use crate::web::forms::{FieldErrors, check_text, clean_line};

/// How far back a date may go: recording a meeting already held, not rewriting history.
pub const PAST_DAYS: i64 = 60;
const AHEAD_DAYS: i64 = 365;
const PLACE_MAX: usize = 200;

/// The date, start time and place as typed, kept for the form when it comes back.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct When {
    pub held_on: String,
    pub starts_at: String,
    pub place: String,
}

/// What [`When::read`] made of the form; each field is usable only when no error was added.
#[derive(Debug)]
pub struct Held {
    pub on: Option<NaiveDate>,
    pub starts_at: Option<NaiveTime>,
    pub place: String,
}

impl When {
    /// Reads the three fields into `errors`. `noun` names the meeting in the messages
    /// ("discussion"); `kept` is the date already saved: keeping it is always allowed, even if
    /// long past.
    pub fn read(
        &self,
        noun: &str,
        today: NaiveDate,
        kept: Option<NaiveDate>,
        errors: &mut FieldErrors,
    ) -> Held {
        check_text(
            errors,
            &[
                ("held_on", &self.held_on),
                ("starts_at", &self.starts_at),
                ("place", &self.place),
            ],
        );
        let missing = format!("Enter the date of the {noun}.");
        let on = date(&self.held_on, "held_on", &missing, errors);
        match on {
            Some(on) if Some(on) == kept => {}
            Some(on) if on < today - TimeDelta::days(PAST_DAYS) => errors.add(
                "held_on",
                format!("A {noun} already held can be entered up to {PAST_DAYS} days back."),
            ),
            Some(on) if on > today + TimeDelta::days(AHEAD_DAYS) => errors.add(
                "held_on",
                format!("Schedule a {noun} at most a year ahead."),
            ),
            _ => {}
        }
        let place = clean_line(&self.place);
        if place.chars().count() > PLACE_MAX {
            errors.add(
                "place",
                format!("Keep the place to {PLACE_MAX} characters."),
            );
        }
        Held {
            on,
            starts_at: time(&self.starts_at, "starts_at", errors),
            place,
        }
    }
}

/// A date typed as year-month-day. An empty field is told `missing`, or is simply no date when
/// `missing` is empty (an optional date).
pub fn date(
    text: &str,
    field: &'static str,
    missing: &str,
    errors: &mut FieldErrors,
) -> Option<NaiveDate> {
    let text = text.trim();
    if text.is_empty() {
        if !missing.is_empty() {
            errors.add(field, missing);
        }
        return None;
    }
    let parsed = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
    if parsed.is_none() {
        errors.add(field, "Enter the date as year-month-day, e.g. 2026-11-24.");
    }
    parsed
}

/// An optional time of day, typed as hours and minutes (a browser may add seconds).
fn time(text: &str, field: &'static str, errors: &mut FieldErrors) -> Option<NaiveTime> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let parsed = NaiveTime::parse_from_str(text, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M:%S"))
        .ok();
    if parsed.is_none() {
        errors.add(field, "Enter the time as hours and minutes, e.g. 15:30.");
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(held_on: &str, starts_at: &str, kept: Option<NaiveDate>) -> (Held, FieldErrors) {
        let when = When {
            held_on: held_on.into(),
            starts_at: starts_at.into(),
            place: String::new(),
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let mut errors = FieldErrors::default();
        (when.read("discussion", today, kept, &mut errors), errors)
    }

    #[test]
    fn dates_go_back_sixty_days_and_a_year_ahead() {
        assert!(read("2026-09-21", "", None).1.is_empty());
        assert!(read("2026-09-20", "", None).1.has("held_on"));
        assert!(read("2027-11-20", "", None).1.is_empty());
        assert!(read("2027-11-21", "", None).1.has("held_on"));
        // An old meeting keeps its date when only its place changes.
        let old = NaiveDate::from_ymd_opt(2026, 1, 5);
        assert!(read("2026-01-05", "", old).1.is_empty());
        assert_eq!(
            read("", "", None).1.of("held_on"),
            "Enter the date of the discussion."
        );
    }

    #[test]
    fn times_are_hours_and_minutes() {
        let (held, errors) = read("2026-12-01", "15:30", None);
        assert!(errors.is_empty());
        assert_eq!(held.starts_at, NaiveTime::from_hms_opt(15, 30, 0));
        assert!(read("2026-12-01", "3pm", None).1.has("starts_at"));
        assert!(read("2026-12-01", "25:00", None).1.has("starts_at"));
    }
}
