//! An activity's status (seed 002 §8: "Are activities being implemented as planned?"): its page
//! with the whole history, and the form its lead, the plan manager or the superintendent use to
//! say where it stands. Every status is a new row, so the history is never rewritten.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use uuid::Uuid;

use super::model::{ActivityStatus, ActivityUpdate, is_overdue};
use super::queries::{self, ActivityInPlan};
use crate::access::{DistrictScope, Permission};
use crate::calendar;
use crate::calendar::date_label;
use crate::error::{AppError, Result};
use crate::plans::model::{Plan, PlanStatus};
use crate::state::AppState;
use crate::web::Layout;
use crate::web::forms::{FieldErrors, check_text};
use crate::web::open::Ids;

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/districts/{district}/activities/{id}/status",
        get(show).post(record),
    )
}

pub(super) const NOTE_MAX: usize = 2000;

/// Why progress cannot be recorded on `plan`, or `None` when it can.
pub(super) fn closed_reason(plan: &Plan) -> Option<&'static str> {
    match plan.status {
        _ if plan.accepts_progress() => None,
        PlanStatus::Archived => Some(
            "This plan version is archived: progress is recorded on the district's current plan.",
        ),
        PlanStatus::Scheduled => Some(
            "This plan takes over when its first school year begins: until then progress is \
             recorded on the plan in force.",
        ),
        _ => Some(
            "This plan is a draft: progress is recorded once the plan has been submitted or \
             approved.",
        ),
    }
}

/// The day something was true of the plan: YYYY-MM-DD, not after today, not before 2000.
fn past_date(text: &str, today: NaiveDate) -> Result<NaiveDate, &'static str> {
    let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| "Enter the date as YYYY-MM-DD, e.g. 2026-11-30.")?;
    if date > today {
        Err("The date cannot be in the future.")
    } else if date.year() < 2000 {
        Err("Check the year: the date is before 2000.")
    } else {
        Ok(date)
    }
}

/// A day that has happened (see [`past_date`]) and fits `plan`: `outside` says what is wrong with
/// a day the plan's years do not allow, each form in its own words.
pub(super) fn plan_date(
    text: &str,
    today: NaiveDate,
    outside: impl FnOnce(NaiveDate) -> Option<String>,
) -> Result<NaiveDate, String> {
    let date = past_date(text, today)?;
    outside(date).map_or(Ok(date), Err)
}

/// An approved plan of three school years from `first_school_year`, for the forms' unit tests.
#[cfg(test)]
pub(super) fn approved_plan(first_school_year: i16) -> Plan {
    Plan {
        id: Uuid::nil(),
        district_id: Uuid::nil(),
        title: "Plan".into(),
        first_school_year,
        last_school_year: first_school_year + 2,
        status: PlanStatus::Approved,
        previous_plan_id: None,
        key_issues: String::new(),
        theory_of_action: String::new(),
        focus_rationale: String::new(),
        submitted_at: None,
        approved_at: None,
        archived_at: None,
        version: 1,
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub as_of: String,
    #[serde(default)]
    pub note: String,
}

struct ValidStatus {
    status: ActivityStatus,
    as_of: NaiveDate,
    note: String,
}

impl StatusForm {
    /// The status for an activity of `plan`, as of a day that has happened within the plan's
    /// years (a status "complete" in 2019 for a 2026 plan is a typo).
    fn validate(&self, today: NaiveDate, plan: &Plan) -> Result<ValidStatus, FieldErrors> {
        let mut errors = FieldErrors::default();
        check_text(&mut errors, &[("note", &self.note)]);
        let status = ActivityStatus::parse(&self.status);
        if status.is_none() {
            errors.add("status", "Choose one of the five statuses.");
        }
        let as_of = plan_date(&self.as_of, today, |day| plan.date_problem(day))
            .map_err(|message| errors.add("as_of", message))
            .ok();
        let note = self.note.trim().to_string();
        if note.chars().count() > NOTE_MAX {
            errors.add("note", "Keep the note to 2,000 characters.");
        }
        match (status, as_of) {
            (Some(status), Some(as_of)) if errors.is_empty() => Ok(ValidStatus {
                status,
                as_of,
                note,
            }),
            _ => Err(errors),
        }
    }
}

/// One row of the history table.
pub struct HistoryRow {
    pub as_of: String,
    pub status: ActivityStatus,
    pub note: String,
    pub who: String,
    pub when: String,
}

impl From<&ActivityUpdate> for HistoryRow {
    fn from(update: &ActivityUpdate) -> Self {
        Self {
            as_of: date_label(update.as_of),
            status: update.status,
            note: update.note.clone(),
            who: update.recorded_by_name.clone(),
            when: update
                .recorded_at
                .with_timezone(&calendar::DEFAULT_TIME_ZONE)
                .format("%b %-d, %Y %-I:%M %p")
                .to_string(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "progress/activity_status.html")]
pub struct StatusPage {
    layout: Layout,
    plan_path: String,
    action: String,
    found: ActivityInPlan,
    starts: String,
    completes: String,
    current: Option<ActivityStatus>,
    overdue: bool,
    history: Vec<HistoryRow>,
    /// The form is shown: the person may record here and the plan takes progress.
    recordable: bool,
    /// Why the form is not shown to someone who could otherwise record ("" when it is shown).
    closed: &'static str,
    /// The 409 answer to a status posted to a plan that takes none.
    refused: bool,
    form: StatusForm,
    errors: FieldErrors,
    statuses: [ActivityStatus; 5],
}

async fn load(scope: &mut DistrictScope, id: Uuid) -> Result<ActivityInPlan> {
    scope.require(Permission::ViewPlan)?;
    let district_id = scope.district.id;
    queries::activity_in_plan(scope.conn(), district_id, id)
        .await?
        .ok_or(AppError::NotFound)
}

async fn page(
    mut scope: DistrictScope,
    found: ActivityInPlan,
    form: Option<StatusForm>,
    errors: FieldErrors,
    refused: bool,
) -> Result<StatusPage> {
    let district_id = scope.district.id;
    let updates = queries::activity_history(scope.conn(), district_id, found.activity.id).await?;
    let current = updates.first().map(|u| u.status);
    // A fresh form starts from where the activity stands, dated today.
    let form = form.unwrap_or_else(|| StatusForm {
        status: current.unwrap_or(ActivityStatus::NotStarted).key().into(),
        as_of: calendar::today().to_string(),
        note: String::new(),
    });
    let activity = &found.activity;
    let may_record = scope.may_record(found.lead_user_id);
    let closed = if may_record {
        closed_reason(&found.plan).unwrap_or("")
    } else {
        ""
    };
    Ok(StatusPage {
        layout: Layout::new(&scope.user, "Activity status", "plan").await,
        plan_path: format!("/districts/{}/plans/{}", scope.district.slug, found.plan.id),
        action: format!(
            "/districts/{}/activities/{}/status",
            scope.district.slug, activity.id
        ),
        starts: activity.starts_on.map(date_label).unwrap_or_default(),
        completes: activity.completes_on.map(date_label).unwrap_or_default(),
        overdue: is_overdue(activity.completes_on, current, calendar::today()),
        current,
        history: updates.iter().map(HistoryRow::from).collect(),
        recordable: may_record && closed.is_empty(),
        closed,
        refused,
        found,
        form,
        errors,
        statuses: ActivityStatus::ALL,
    })
}

pub async fn show(mut scope: DistrictScope, Path((_, id)): Ids) -> Result<StatusPage> {
    let found = load(&mut scope, id).await?;
    page(scope, found, None, FieldErrors::default(), false).await
}

pub async fn record(
    mut scope: DistrictScope,
    Path((_, id)): Ids,
    Form(form): Form<StatusForm>,
) -> Result<Response> {
    let found = load(&mut scope, id).await?;
    if !scope.may_record(found.lead_user_id) {
        return Err(AppError::Forbidden);
    }
    if !found.plan.accepts_progress() {
        let page = page(scope, found, Some(form), FieldErrors::default(), true).await?;
        return Ok((StatusCode::CONFLICT, page).into_response());
    }
    let valid = match form.validate(calendar::today(), &found.plan) {
        Ok(valid) => valid,
        Err(errors) => {
            let page = page(scope, found, Some(form), errors, false).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let (district_id, user_id) = (scope.district.id, scope.user.user.id);
    sqlx::query(
        "INSERT INTO activity_updates (district_id, activity_id, status, as_of, note, recorded_by) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(district_id)
    .bind(id)
    .bind(valid.status)
    .bind(valid.as_of)
    .bind(&valid.note)
    .bind(user_id)
    .execute(scope.conn())
    .await?;
    let path = format!(
        "/districts/{}/plans/{}#activity-{id}",
        scope.district.slug, found.plan.id
    );
    let message = format!("Status of the activity recorded: {}", valid.status.label());
    scope.done(&path, message).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
    }

    /// A plan of the school years 2025–2026 to 2027–2028.
    fn plan() -> Plan {
        approved_plan(2025)
    }

    fn form(status: &str, as_of: &str, note: &str) -> StatusForm {
        StatusForm {
            status: status.into(),
            as_of: as_of.into(),
            note: note.into(),
        }
    }

    #[test]
    fn a_status_needs_one_of_the_five_and_a_date_that_has_happened() {
        let valid = form("at_risk", "2026-11-20", "  Two coaches out  ")
            .validate(today(), &plan())
            .ok()
            .unwrap();
        assert_eq!(valid.status, ActivityStatus::AtRisk);
        assert_eq!(valid.note, "Two coaches out");
        let errors = form("overdue", "2026-11-21", "")
            .validate(today(), &plan())
            .err();
        let errors = errors.unwrap();
        assert!(errors.has("status") && errors.has("as_of"));
        let errors = form("complete", "1999-06-30", &"x".repeat(2001)).validate(today(), &plan());
        let errors = errors.err().unwrap();
        assert!(errors.of("as_of").contains("2000"));
        assert!(errors.has("note"));
        // A day long before the plan's years is refused; the summer before it is not.
        let errors = form("complete", "2019-06-30", "").validate(today(), &plan());
        assert!(
            errors
                .err()
                .unwrap()
                .of("as_of")
                .contains("outside the plan's years")
        );
        assert!(
            form("complete", "2025-06-15", "")
                .validate(today(), &plan())
                .is_ok()
        );
        assert!(
            form("complete", "11/20/2026", "")
                .validate(today(), &plan())
                .is_err()
        );
    }
}
