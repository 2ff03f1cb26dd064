//! Activities of an initiative (strategy sheet H–K): add, edit, reorder and remove. Plan editors
//! and the initiative's linked lead manage them.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use uuid::Uuid;

use super::edit::conflict_rows;
use super::edit::{CONFLICT_MESSAGE, ConflictRow, Editor, MoveForm, ReasonForm, Siblings, Target};
use super::initiatives::{
    self, Ids, check_lengths, json, move_page, positions, record, with_reason,
};
use super::model::{Activity, Plan};
use super::objectives::{ConfirmPage, finish};
use super::page::date_label;
use super::queries;
use crate::access::{DistrictScope, Permission};
use crate::app::AppState;
use crate::calendar::Quarter;
use crate::error::{AppError, Result};
use crate::web::Layout;
use crate::web::forms::{FieldErrors, clean_line};

const COLUMNS: &str = "a.id, a.initiative_id, a.rank, a.description, a.lead, a.starts_on, \
     a.completes_on, a.resources, a.frequency, a.interim_monitoring, a.version";

/// Routes under `/districts/{district}/plans/{plan}`.
pub fn routes(plan: &str) -> Router<AppState> {
    let at = |path: &str| format!("{plan}{path}");
    Router::new()
        .route(&at("/initiatives/{id}/activities/new"), get(new_form))
        .route(&at("/initiatives/{id}/activities"), post(create))
        .route(&at("/activities/{id}/edit"), get(edit_form).post(update))
        .route(
            &at("/activities/{id}/remove"),
            get(remove_form).post(remove),
        )
        .route(&at("/activities/{id}/move"), post(move_item))
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ActivityForm {
    pub description: String,
    pub lead: String,
    pub starts_on: String,
    pub completes_on: String,
    pub resources: String,
    pub frequency: String,
    pub interim_monitoring: String,
    pub version: Option<i32>,
    pub reason: String,
}

/// An activity's fields as they are stored.
pub struct Valid {
    description: String,
    lead: String,
    starts_on: Option<NaiveDate>,
    completes_on: Option<NaiveDate>,
    resources: String,
    frequency: String,
    interim_monitoring: String,
}

/// A date as a date input sends it: YYYY-MM-DD.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()?;
    (1900..=2200).contains(&date.year()).then_some(date)
}

/// An optional date; anything typed that is not a date is noted in `errors`.
fn optional_date(errors: &mut FieldErrors, field: &'static str, text: &str) -> Option<NaiveDate> {
    let date = parse_date(text);
    if date.is_none() && !text.trim().is_empty() {
        errors.add(
            field,
            "Enter the date as year-month-day, for example 2025-09-15.",
        );
    }
    date
}

impl ActivityForm {
    fn from_activity(a: &Activity) -> Self {
        let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        Self {
            description: a.description.clone(),
            lead: a.lead.clone(),
            starts_on: day(a.starts_on),
            completes_on: day(a.completes_on),
            resources: a.resources.clone(),
            frequency: a.frequency.clone(),
            interim_monitoring: a.interim_monitoring.clone(),
            version: Some(a.version),
            reason: String::new(),
        }
    }

    pub fn validate(&self) -> Result<Valid, FieldErrors> {
        let mut errors = FieldErrors::default();
        let valid = Valid {
            description: self.description.trim().to_string(),
            lead: clean_line(&self.lead),
            starts_on: optional_date(&mut errors, "starts_on", &self.starts_on),
            completes_on: optional_date(&mut errors, "completes_on", &self.completes_on),
            resources: self.resources.trim().to_string(),
            frequency: clean_line(&self.frequency),
            interim_monitoring: self.interim_monitoring.trim().to_string(),
        };
        if valid.description.is_empty() {
            errors.add("description", "Describe the activity: what will happen.");
        }
        if let (Some(start), Some(end)) = (valid.starts_on, valid.completes_on)
            && end < start
        {
            let start = date_label(start);
            let message = format!("The completion date is before the start ({start}): check both.");
            errors.add("completes_on", message);
        }
        check_lengths(
            &mut errors,
            &[
                ("description", &valid.description, 1000),
                ("lead", &valid.lead, 200),
                ("resources", &valid.resources, 2000),
                ("frequency", &valid.frequency, 200),
                ("interim_monitoring", &valid.interim_monitoring, 1000),
            ],
        );
        errors.is_empty().then_some(valid).ok_or(errors)
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "plans/activity_form.html")]
pub struct FormPage {
    layout: Layout,
    plan: Plan,
    plan_path: String,
    action: String,
    heading: String,
    /// "Initiative 2.3: …", the initiative the activity belongs to.
    initiative: String,
    form: ActivityForm,
    errors: FieldErrors,
    conflict: Vec<ConflictRow>,
    leads: Vec<String>,
    /// The plan's years, and the quarter the start date puts the activity in.
    start_hint: String,
}

/// Which form: a new activity of an initiative, or an existing activity.
#[derive(Clone, Copy)]
enum Which {
    New { initiative: Uuid },
    Edit { id: Uuid, initiative: Uuid },
}

async fn form_page(
    editor: &mut Editor,
    which: Which,
    form: ActivityForm,
    errors: FieldErrors,
    conflict: Vec<ConflictRow>,
) -> Result<FormPage> {
    let (district_id, plan_path) = (editor.district_id(), editor.plan_path());
    let (heading, action, initiative_id) = match which {
        Which::New { initiative } => {
            let action = format!("{plan_path}/initiatives/{initiative}/activities");
            ("New activity".to_string(), action, initiative)
        }
        Which::Edit { id, initiative } => {
            let heading = format!("Edit {}", subject(editor, initiative).await?);
            (
                heading,
                format!("{plan_path}/activities/{id}/edit"),
                initiative,
            )
        }
    };
    let initiative = initiatives::fetch(editor, initiative_id).await?;
    let number = initiatives::number(editor, initiative_id).await?;
    let years = editor.plan.years_label();
    let quarter = match parse_date(&form.starts_on).map(Quarter::of) {
        Some(quarter) => format!(" (this one: {})", quarter.label()),
        None => String::new(),
    };
    Ok(FormPage {
        layout: Layout::new(&editor.scope.user, heading.clone(), "plan").await,
        plan: editor.plan.clone(),
        plan_path,
        action,
        heading,
        initiative: format!("{number}: {}", initiative.description),
        form,
        errors,
        conflict,
        leads: queries::lead_suggestions(editor.conn(), district_id).await?,
        start_hint: format!(
            "Optional. The plan covers {years}; the quarter follows from the start date{quarter}."
        ),
    })
}

/// Opens the plan for a change to activity `id` (allowed to the lead of its initiative too), and
/// the activity as stored. Not found when the activity is not in the plan.
async fn open(mut scope: DistrictScope, plan_id: Uuid, id: Uuid) -> Result<(Editor, Activity)> {
    scope.require(Permission::ViewPlan)?;
    let district_id = scope.district.id;
    let activity: Activity = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM activities a \
         JOIN initiatives i ON i.district_id = a.district_id AND i.id = a.initiative_id \
         JOIN objectives o ON o.district_id = i.district_id AND o.id = i.objective_id \
         WHERE a.district_id = $1 AND o.plan_id = $2 AND a.id = $3"
    ))
    .bind(district_id)
    .bind(plan_id)
    .bind(id)
    .fetch_optional(scope.conn())
    .await?
    .ok_or(AppError::NotFound)?;
    let target = Target::Initiative(activity.initiative_id);
    Ok((Editor::open(scope, plan_id, target).await?, activity))
}

/// "Activity in Initiative 2.3".
async fn subject(editor: &mut Editor, initiative_id: Uuid) -> Result<String> {
    let number = initiatives::number(editor, initiative_id).await?;
    Ok(format!("Activity in {number}"))
}

/// The activity's place among its initiative's activities: 1, 2, 3…
async fn position(editor: &mut Editor, activity: &Activity) -> Result<i64> {
    let district_id = editor.district_id();
    let position: Option<i64> = sqlx::query_scalar(
        "SELECT position FROM (SELECT id, row_number() OVER (ORDER BY rank, created_at) AS position \
         FROM activities WHERE district_id = $1 AND initiative_id = $2) a WHERE id = $3",
    )
    .bind(district_id)
    .bind(activity.initiative_id)
    .bind(activity.id)
    .fetch_optional(editor.conn())
    .await?;
    Ok(position.unwrap_or(0))
}

pub async fn new_form(
    scope: DistrictScope,
    Path((_, plan_id, initiative)): Ids,
) -> Result<FormPage> {
    let mut editor = Editor::open(scope, plan_id, Target::Initiative(initiative)).await?;
    let (form, errors) = (ActivityForm::default(), FieldErrors::default());
    form_page(&mut editor, Which::New { initiative }, form, errors, vec![]).await
}

pub async fn create(
    scope: DistrictScope,
    Path((_, plan_id, initiative)): Ids,
    Form(form): Form<ActivityForm>,
) -> Result<Response> {
    let mut editor = Editor::open(scope, plan_id, Target::Initiative(initiative)).await?;
    initiatives::fetch(&mut editor, initiative).await?;
    let valid = match with_reason(&editor, &form.reason, form.validate()) {
        Ok(valid) => valid,
        Err(errors) => {
            let page = form_page(&mut editor, Which::New { initiative }, form, errors, vec![]);
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page.await?).into_response());
        }
    };
    let district_id = editor.district_id();
    let parent = [("initiative_id", Some(initiative))];
    let rank = Siblings::Activities.next_rank(editor.conn(), district_id, &parent);
    let rank = rank.await?;
    let created: Activity = sqlx::query_as(&format!(
        "INSERT INTO activities AS a (district_id, initiative_id, rank, description, lead, \
         starts_on, completes_on, resources, frequency, interim_monitoring) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING {COLUMNS}"
    ))
    .bind(district_id)
    .bind(initiative)
    .bind(rank)
    .bind(&valid.description)
    .bind(&valid.lead)
    .bind(valid.starts_on)
    .bind(valid.completes_on)
    .bind(&valid.resources)
    .bind(&valid.frequency)
    .bind(&valid.interim_monitoring)
    .fetch_one(editor.conn())
    .await?;
    let subject = subject(&mut editor, initiative).await?;
    let change = [None, json(&created)?];
    record(&mut editor, &subject, "added", change, &form.reason).await?;
    let anchor = format!("#activity-{}", created.id);
    finish(editor, format!("{subject} was added."), &anchor).await
}

pub async fn edit_form(scope: DistrictScope, Path((_, plan_id, id)): Ids) -> Result<FormPage> {
    let (mut editor, activity) = open(scope, plan_id, id).await?;
    let which = Which::Edit {
        id,
        initiative: activity.initiative_id,
    };
    let form = ActivityForm::from_activity(&activity);
    form_page(&mut editor, which, form, FieldErrors::default(), vec![]).await
}

pub async fn update(
    scope: DistrictScope,
    Path((_, plan_id, id)): Ids,
    Form(mut form): Form<ActivityForm>,
) -> Result<Response> {
    let (mut editor, before) = open(scope, plan_id, id).await?;
    let which = Which::Edit {
        id,
        initiative: before.initiative_id,
    };
    let valid = match with_reason(&editor, &form.reason, form.validate()) {
        Ok(valid) => valid,
        Err(errors) => {
            let page = form_page(&mut editor, which, form, errors, vec![]).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let district_id = editor.district_id();
    let saved: Option<Activity> = sqlx::query_as(&format!(
        "UPDATE activities a SET description = $4, lead = $5, starts_on = $6, completes_on = $7, \
         resources = $8, frequency = $9, interim_monitoring = $10, version = version + 1, \
         updated_at = now() WHERE a.district_id = $1 AND a.id = $2 AND a.version = $3 \
         RETURNING {COLUMNS}"
    ))
    .bind(district_id)
    .bind(id)
    .bind(form.version.unwrap_or(before.version))
    .bind(&valid.description)
    .bind(&valid.lead)
    .bind(valid.starts_on)
    .bind(valid.completes_on)
    .bind(&valid.resources)
    .bind(&valid.frequency)
    .bind(&valid.interim_monitoring)
    .fetch_optional(editor.conn())
    .await?;
    let Some(saved) = saved else {
        let (stored, typed) = (ActivityForm::from_activity(&before), &form);
        let conflict = conflict_rows(vec![
            ("Activity", stored.description, typed.description.clone()),
            ("Who will lead", stored.lead, typed.lead.clone()),
            ("Start", stored.starts_on, typed.starts_on.clone()),
            (
                "Completion",
                stored.completes_on,
                typed.completes_on.clone(),
            ),
            ("Resources", stored.resources, typed.resources.clone()),
            ("Frequency", stored.frequency, typed.frequency.clone()),
            (
                "Monitoring in between",
                stored.interim_monitoring,
                typed.interim_monitoring.clone(),
            ),
        ]);
        form.version = Some(before.version);
        let mut errors = FieldErrors::default();
        errors.add("version", CONFLICT_MESSAGE);
        let page = form_page(&mut editor, which, form, errors, conflict).await?;
        return Ok((StatusCode::CONFLICT, page).into_response());
    };
    let subject = subject(&mut editor, before.initiative_id).await?;
    let change = [json(&before)?, json(&saved)?];
    record(&mut editor, &subject, "edited", change, &form.reason).await?;
    finish(
        editor,
        format!("{subject} was saved."),
        &format!("#activity-{id}"),
    )
    .await
}

pub async fn remove_form(scope: DistrictScope, Path((_, plan_id, id)): Ids) -> Result<ConfirmPage> {
    let (mut editor, activity) = open(scope, plan_id, id).await?;
    confirm_page(&mut editor, &activity, String::new()).await
}

async fn confirm_page(
    editor: &mut Editor,
    activity: &Activity,
    reason_error: String,
) -> Result<ConfirmPage> {
    let number = initiatives::number(editor, activity.initiative_id).await?;
    Ok(ConfirmPage {
        layout: Layout::new(
            &editor.scope.user,
            format!("Remove an activity of {number}"),
            "plan",
        )
        .await,
        plan_path: editor.plan_path(),
        action: format!("{}/activities/{}/remove", editor.plan_path(), activity.id),
        heading: format!("Remove this activity of {number}?"),
        consequence: format!(
            "“{}” will be removed from the strategy sheet. The history keeps a record of what \
             was removed.",
            activity.description
        ),
        needs_reason: editor.plan.is_revision(),
        reason_error,
        direction: String::new(),
        button: "Remove",
    })
}

pub async fn remove(
    scope: DistrictScope,
    Path((_, plan_id, id)): Ids,
    Form(form): Form<ReasonForm>,
) -> Result<Response> {
    let (mut editor, before) = open(scope, plan_id, id).await?;
    if let Some(problem) = editor.reason_problem(&form.reason) {
        let page = confirm_page(&mut editor, &before, problem.into()).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let subject = subject(&mut editor, before.initiative_id).await?;
    let district_id = editor.district_id();
    sqlx::query("DELETE FROM activities WHERE district_id = $1 AND id = $2")
        .bind(district_id)
        .bind(id)
        .execute(editor.conn())
        .await?;
    let change = [json(&before)?, None];
    record(&mut editor, &subject, "removed", change, &form.reason).await?;
    let anchor = format!("#initiative-{}", before.initiative_id);
    finish(editor, format!("{subject} was removed."), &anchor).await
}

pub async fn move_item(
    scope: DistrictScope,
    Path((_, plan_id, id)): Ids,
    Form(form): Form<MoveForm>,
) -> Result<Response> {
    let (mut editor, activity) = open(scope, plan_id, id).await?;
    let subject = subject(&mut editor, activity.initiative_id).await?;
    if editor.reason_problem(&form.reason).is_some() {
        let action = format!("{}/activities/{id}/move", editor.plan_path());
        let what = &activity.description;
        return Ok(move_page(&editor, action, "this activity", &form, what).await);
    }
    let before = position(&mut editor, &activity).await?;
    let (district_id, up) = (editor.district_id(), form.direction == "up");
    if Siblings::Activities
        .move_item(editor.conn(), district_id, id, up)
        .await?
    {
        let after = position(&mut editor, &activity).await?;
        let change = positions(before, after);
        record(&mut editor, &subject, "moved", change, &form.reason).await?;
    }
    finish(editor, String::new(), &format!("#activity-{id}")).await
}
