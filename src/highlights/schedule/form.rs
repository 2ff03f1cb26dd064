//! Scheduling a discussion, and changing its date, time, place or invitations until the minutes
//! are final.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::TimeDelta;
use uuid::Uuid;

use super::input::ScheduleForm;
use super::{discussion_path, discussions_path, fetch};
use crate::access::{DistrictScope, Permission};
use crate::calendar::{date_label, deadlines, today};
use crate::error::Result;
use crate::highlights::model::{Discussion, MinutesStatus};
use crate::web::Layout;
use crate::web::conflict::{self, ConflictRow};
use crate::web::forms::FieldErrors;
use crate::web::meeting::PAST_DAYS;
use crate::web::once::{self, Claim};
use crate::web::open::Ids;

#[derive(Template, WebTemplate)]
#[template(path = "highlights/schedule_form.html")]
pub struct FormPage {
    layout: Layout,
    slug: String,
    heading: String,
    action: String,
    back: String,
    form: ScheduleForm,
    errors: FieldErrors,
    conflict: Vec<ConflictRow>,
    /// Why the form cannot be used (no plan, final minutes); the form is not shown.
    refusal: String,
    /// The one-week rule, with the first date that still gives ESE a week's notice today.
    date_hint: String,
}

async fn page(scope: &DistrictScope, editing: Option<Uuid>, form: ScheduleForm) -> FormPage {
    let slug = scope.district.slug.clone();
    let (heading, action, back) = match editing {
        Some(id) => (
            "Change the discussion".to_string(),
            format!("{}/edit", discussion_path(&slug, id)),
            discussion_path(&slug, id),
        ),
        None => (
            "Schedule a Highlight Discussion".to_string(),
            discussions_path(&slug),
            discussions_path(&slug),
        ),
    };
    FormPage {
        layout: Layout::new(&scope.user, heading.clone(), "home").await,
        slug,
        heading,
        action,
        back,
        form,
        errors: FieldErrors::default(),
        conflict: Vec::new(),
        refusal: String::new(),
        date_hint: format!(
            "ESE must be told the date, time and place at least one week before the discussion. \
             Told today, that means a date on or after {}; an earlier date is saved but flagged. \
             A discussion already held can be recorded up to {PAST_DAYS} days back.",
            date_label(today() + TimeDelta::days(7))
        ),
    }
}

const NO_PLAN: &str = "The district has no plan yet, so there is nothing to discuss. Start the plan \
     first; a Highlight Discussion is always about the district's current plan.";
const FINAL: &str = "The minutes of this discussion are final, so its date, time, place and \
     invitations stay as they were. A correction of the minutes is made from the minutes page.";

pub async fn new_form(mut scope: DistrictScope) -> Result<Response> {
    scope.require(Permission::ScheduleDiscussions)?;
    let district_id = scope.district.id;
    let plan = crate::plans::queries::current_plan_id(scope.conn(), district_id).await?;
    let mut page = page(&scope, None, ScheduleForm::default()).await;
    if plan.is_none() {
        page.refusal = NO_PLAN.into();
    }
    Ok(page.into_response())
}

pub async fn create(mut scope: DistrictScope, Form(form): Form<ScheduleForm>) -> Result<Response> {
    scope.require(Permission::ScheduleDiscussions)?;
    let district_id = scope.district.id;
    let Some(plan_id) = crate::plans::queries::current_plan_id(scope.conn(), district_id).await?
    else {
        let mut page = page(&scope, None, form).await;
        page.refusal = NO_PLAN.into();
        return Ok((StatusCode::CONFLICT, page).into_response());
    };
    let valid = match form.validate(today(), None) {
        Ok(valid) => valid,
        Err(errors) => {
            let mut page = page(&scope, None, form).await;
            page.errors = errors;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let user_id = scope.user.user.id;
    // The same form sent twice (a double click) schedules one discussion.
    let token = match scope.claim_once(&form.form_token).await? {
        Claim::First(token) => token,
        Claim::Repeat(first) => return Ok(first),
    };
    let id: Uuid = sqlx::query_scalar(
        "INSERT INTO highlight_discussions (district_id, plan_id, held_on, starts_at, place, invited, scheduled_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(district_id)
    .bind(plan_id)
    .bind(valid.held_on)
    .bind(valid.starts_at)
    .bind(&valid.place)
    .bind(&valid.invited)
    .bind(user_id)
    .fetch_one(scope.conn())
    .await?;
    let path = discussion_path(&scope.district.slug, id);
    once::record(scope.conn(), token, &path).await?;
    let message = format!(
        "The discussion on {} was scheduled. Tell ESE by {}.",
        date_label(valid.held_on),
        date_label(deadlines::ese_notice(valid.held_on))
    );
    finish(scope, id, message).await
}

async fn finish(scope: DistrictScope, id: Uuid, message: String) -> Result<Response> {
    let path = discussion_path(&scope.district.slug, id);
    let done = scope.done(&path, message).await?;
    tracing::info!(discussion_id = %id, "highlight discussion saved");
    Ok(done)
}

pub async fn edit_form(mut scope: DistrictScope, Path((_, id)): Ids) -> Result<Response> {
    // Another district's id is not found, whoever asks; only then is the permission checked.
    let discussion = fetch(&mut scope, id).await?;
    scope.require(Permission::ScheduleDiscussions)?;
    let mut page = page(&scope, Some(id), ScheduleForm::from_discussion(&discussion)).await;
    if discussion.minutes_status == MinutesStatus::Final {
        page.refusal = FINAL.into();
        return Ok((StatusCode::CONFLICT, page).into_response());
    }
    Ok(page.into_response())
}

pub async fn update(
    mut scope: DistrictScope,
    Path((_, id)): Ids,
    Form(form): Form<ScheduleForm>,
) -> Result<Response> {
    let before = fetch(&mut scope, id).await?;
    scope.require(Permission::ScheduleDiscussions)?;
    if before.minutes_status == MinutesStatus::Final {
        let mut page = page(&scope, Some(id), form).await;
        page.refusal = FINAL.into();
        return Ok((StatusCode::CONFLICT, page).into_response());
    }
    let valid = match form.validate(today(), Some(before.held_on)) {
        Ok(valid) => valid,
        Err(errors) => {
            let mut page = page(&scope, Some(id), form).await;
            page.errors = errors;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let district_id = scope.district.id;
    // ESE was told a date, time and place: once any of them changes, they must be told again,
    // and a new date counts as scheduled now for the week's notice.
    let saved: Option<(bool,)> = sqlx::query_as(
        "UPDATE highlight_discussions h SET held_on = $4, starts_at = $5, place = $6, invited = $7, \
             scheduled_at = CASE WHEN h.held_on = $4 THEN h.scheduled_at ELSE now() END, \
             ese_notified_at = CASE WHEN (h.held_on, h.starts_at, h.place) IS NOT DISTINCT FROM ($4, $5, $6) \
                 THEN h.ese_notified_at END, \
             ese_notified_by = CASE WHEN (h.held_on, h.starts_at, h.place) IS NOT DISTINCT FROM ($4, $5, $6) \
                 THEN h.ese_notified_by END, \
             version = h.version + 1, updated_at = now() \
         WHERE h.district_id = $1 AND h.id = $2 AND h.version = $3 AND h.minutes_status <> 'final' \
         RETURNING h.ese_notified_at IS NULL",
    )
    .bind(district_id)
    .bind(id)
    // Without its version a form cannot show it was made from the discussion as it is: it is
    // compared as a stale page (versions start at 1), never allowed to overwrite.
    .bind(form.version.unwrap_or(0))
    .bind(valid.held_on)
    .bind(valid.starts_at)
    .bind(&valid.place)
    .bind(&valid.invited)
    .fetch_optional(scope.conn())
    .await?;
    let Some((untold,)) = saved else {
        return Ok(conflict(scope, id, before, form).await.into_response());
    };
    let mut message = "The discussion was saved.".to_string();
    if untold && before.ese_notified_at.is_some() {
        message.push_str(" ESE was told the old date, time or place: tell them again.");
    }
    finish(scope, id, message).await
}

/// Someone saved the discussion since the form was opened: both versions side by side, the
/// person's text kept, and the form now overriding the version it was compared with.
async fn conflict(
    scope: DistrictScope,
    id: Uuid,
    current: Discussion,
    form: ScheduleForm,
) -> (StatusCode, FormPage) {
    let theirs = ScheduleForm::from_discussion(&current);
    let rows = [
        ("Date", theirs.when.held_on, form.when.held_on.clone()),
        (
            "Start time",
            theirs.when.starts_at,
            form.when.starts_at.clone(),
        ),
        ("Place", theirs.when.place, form.when.place.clone()),
        ("Invited", theirs.invited, form.invited.clone()),
    ];
    let mut form = form;
    form.version = Some(current.version);
    let mut page = page(&scope, Some(id), form).await;
    page.conflict = conflict::differing(rows);
    page.errors.add(
        "version",
        "Someone else saved this discussion while you were editing. Both versions are shown \
         below and what you typed is still in the form: compare them, then save again to keep yours.",
    );
    (StatusCode::CONFLICT, page)
}
