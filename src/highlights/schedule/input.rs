//! What the schedule form accepts: when and where (`web::meeting`) and the invitations, one per
//! line.

use chrono::{NaiveDate, NaiveTime};
use serde::Deserialize;

use crate::highlights::model::Discussion;
use crate::web::forms::{FieldErrors, check_text, clean_line};
use crate::web::meeting::When;

const INVITED_MAX: usize = 4000;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ScheduleForm {
    #[serde(flatten)]
    pub when: When,
    pub invited: String,
    pub version: Option<i32>,
    /// The one-time token of a form that schedules a new discussion (see `web::once`).
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
            when: When {
                held_on: d.held_on.to_string(),
                starts_at: d
                    .starts_at
                    .map(|t| t.format("%H:%M").to_string())
                    .unwrap_or_default(),
                place: d.place.clone(),
            },
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
        check_text(&mut errors, &[("invited", &self.invited)]);
        let held = self.when.read("discussion", today, kept, &mut errors);
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
        match held.on {
            Some(held_on) if errors.is_empty() => Ok(Valid {
                held_on,
                starts_at: held.starts_at,
                place: held.place,
                invited,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invitations_are_one_person_per_line() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let form = ScheduleForm {
            when: When {
                held_on: "2026-12-01".into(),
                ..Default::default()
            },
            invited: "  Ana   Ruiz \n\n Ben Ode ".into(),
            ..Default::default()
        };
        assert_eq!(
            form.validate(today, None).unwrap().invited,
            "Ana Ruiz\nBen Ode"
        );
        let too_many = ScheduleForm {
            invited: "x".repeat(4001),
            ..form
        };
        assert!(too_many.validate(today, None).unwrap_err().has("invited"));
    }
}
