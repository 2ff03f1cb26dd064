//! Scheduling a reflection on the continuum: when and where, and the pre-meeting of plan
//! manager and monitor that seed 002 §9 suggests, with ESE when the district asks for it.
//! A reflection not yet recorded can be cancelled.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, NaiveTime};
use serde::Deserialize;
use uuid::Uuid;

use super::{Reflection, continuum_path, reflection_path};
use crate::access::{DistrictScope, Permission};
use crate::calendar::{date_label, today};
use crate::db::scoped;
use crate::error::{AppError, Result};
use crate::notify::{self, notices};
use crate::web::Layout;
use crate::web::forms::{FieldErrors, check_text};
use crate::web::meeting::{self, When};
use crate::web::once::{self, Claim};
use crate::web::open::{Ids, Owned};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ScheduleForm {
    #[serde(flatten)]
    pub when: When,
    pub pre_meeting_on: String,
    /// A checkbox: present ("on") when ticked.
    pub ese_requested: Option<String>,
    pub form_token: String,
}

struct Valid {
    held_on: NaiveDate,
    starts_at: Option<NaiveTime>,
    place: String,
    pre_meeting_on: Option<NaiveDate>,
    ese_requested: bool,
}

impl ScheduleForm {
    fn validate(&self, today: NaiveDate) -> std::result::Result<Valid, FieldErrors> {
        let mut errors = FieldErrors::default();
        check_text(&mut errors, &[("pre_meeting_on", &self.pre_meeting_on)]);
        let held = self.when.read("reflection", today, None, &mut errors);
        if held.place.is_empty() {
            errors.add("place", "Enter where the reflection is held.");
        }
        let pre_meeting_on = meeting::date(&self.pre_meeting_on, "pre_meeting_on", "", &mut errors);
        if let (Some(pre), Some(on)) = (pre_meeting_on, held.on)
            && pre > on
        {
            errors.add(
                "pre_meeting_on",
                "The pre-meeting comes before the reflection: choose a date on or before it.",
            );
        }
        match (errors.is_empty(), held.on) {
            (true, Some(held_on)) => Ok(Valid {
                held_on,
                starts_at: held.starts_at,
                place: held.place,
                pre_meeting_on,
                ese_requested: self.ese_requested.is_some(),
            }),
            _ => Err(errors),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "continuum/schedule.html")]
pub struct FormPage {
    layout: Layout,
    slug: String,
    form: ScheduleForm,
    errors: FieldErrors,
    questions: &'static [String],
}

async fn form_page(scope: &DistrictScope, form: ScheduleForm, errors: FieldErrors) -> FormPage {
    FormPage {
        layout: Layout::new(
            &scope.user,
            "Schedule a reflection on the continuum",
            "home",
        )
        .await,
        slug: scope.district.slug.clone(),
        form,
        errors,
        questions: &super::CONTINUUM.questions,
    }
}

pub async fn new_form(scope: DistrictScope) -> Result<FormPage> {
    scope.require(Permission::ScheduleDiscussions)?;
    Ok(form_page(&scope, ScheduleForm::default(), FieldErrors::default()).await)
}

pub async fn create(mut scope: DistrictScope, Form(form): Form<ScheduleForm>) -> Result<Response> {
    scope.require(Permission::ScheduleDiscussions)?;
    let valid = match form.validate(today()) {
        Ok(valid) => valid,
        Err(errors) => {
            let page = form_page(&scope, form, errors).await;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let user_id = scope.user.user.id;
    // The same form sent twice (a double click) schedules one reflection.
    let token = match scope.claim_once(&form.form_token).await? {
        Claim::First(token) => token,
        Claim::Repeat(first) => return Ok(first),
    };
    let district_id = scope.district.id;
    let id: Uuid = sqlx::query_scalar(
        "INSERT INTO continuum_reflections \
           (district_id, held_on, starts_at, place, pre_meeting_on, ese_requested, scheduled_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(district_id)
    .bind(valid.held_on)
    .bind(valid.starts_at)
    .bind(&valid.place)
    .bind(valid.pre_meeting_on)
    .bind(valid.ese_requested)
    .bind(user_id)
    .fetch_one(scope.conn())
    .await?;
    let path = reflection_path(&scope.district.slug, id);
    once::record(scope.conn(), token, &path).await?;
    let district = scope.district.clone();
    notify::notify_scope(
        &mut scope,
        &notices::reflection_scheduled(&district, id, valid.held_on),
    )
    .await?;
    if valid.ese_requested {
        let notice =
            notices::reflection_ese(&district, id, valid.held_on, valid.pre_meeting_on, false);
        notify::notify_scope(&mut scope, &notice).await?;
    }
    let message = format!(
        "The reflection on {} was scheduled.",
        date_label(valid.held_on)
    );
    scope.done(&path, message).await
}

/// Cancels a reflection not yet recorded. A recorded one is kept: it is the district's history.
pub async fn cancel(mut scope: DistrictScope, Path((_, id)): Ids) -> Result<Response> {
    let district_id = scope.district.id;
    // Another district's id is not found, whoever asks; only then is the permission checked.
    let found = Reflection::find(scope.conn(), district_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    scope.require(Permission::ScheduleDiscussions)?;
    let slug = scope.district.slug.clone();
    let sql = "DELETE FROM continuum_reflections WHERE district_id = $1 AND id = $2 AND status = 'scheduled'";
    let removed = scoped::execute(scope.conn(), sql, district_id, id).await?;
    if removed == 0 {
        return Err(AppError::conflict(
            "This reflection is recorded",
            "Its positions were recorded, so it stays in the district's history and cannot be \
             cancelled.",
            reflection_path(&slug, id),
            "Back to the reflection",
        ));
    }
    let district = scope.district.clone();
    notify::notify_scope(
        &mut scope,
        &notices::reflection_cancelled(&district, found.held_on),
    )
    .await?;
    if found.ese_requested {
        let notice = notices::reflection_ese(&district, id, found.held_on, None, true);
        notify::notify_scope(&mut scope, &notice).await?;
    }
    let message = format!(
        "The reflection on {} was cancelled.",
        date_label(found.held_on)
    );
    scope.done(&continuum_path(&slug), message).await
}
