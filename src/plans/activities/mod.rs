//! Activities of an initiative (strategy sheet H–K): add, edit, reorder and remove. Plan editors
//! and the initiative's linked lead manage them.

mod form;

use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use uuid::Uuid;

use self::form::{ActivityForm, FormPage, Which, form_page};
use super::confirm::{ConfirmPage, move_page, remove_page};
use super::edit::{CONFLICT_MESSAGE, Editor, Ids, MoveForm, ReasonForm, Siblings, Target};
use super::edit::{conflict_rows, finish, record, remove_item, with_reason};
use super::history::{json, positions};
use super::initiatives;
use super::items::{ItemRoute, Kind, route};
use super::model::Activity;
use crate::access::DistrictScope;
use crate::error::{AppError, Result};
use crate::web::forms::FieldErrors;

const COLUMNS: &str = "a.id, a.initiative_id, a.rank, a.description, a.lead, a.starts_on, \
     a.completes_on, a.resources, a.frequency, a.interim_monitoring, a.version";

/// Routes under `/districts/{district}/plans/{plan}` that name an activity or its initiative.
pub fn routes() -> Vec<ItemRoute> {
    use Kind::{Activity, Initiative};
    vec![
        route(
            "/initiatives/{id}/activities/new",
            Initiative,
            get(new_form),
        ),
        route("/initiatives/{id}/activities", Initiative, post(create)),
        route(
            "/activities/{id}/edit",
            Activity,
            get(edit_form).post(update),
        ),
        route(
            "/activities/{id}/remove",
            Activity,
            get(remove_form).post(remove),
        ),
        route("/activities/{id}/move", Activity, post(move_item)),
    ]
}

/// Opens the plan for a change to activity `id` (allowed to the lead of its initiative too), and
/// the activity as stored.
async fn open(scope: DistrictScope, plan_id: Uuid, id: Uuid) -> Result<(Editor, Activity)> {
    let target = Target::Sheet(Kind::Activity, id);
    let mut editor = Editor::open(scope, plan_id, target).await?;
    let (district_id, plan_id) = (editor.district_id(), editor.plan.id);
    let activity: Activity = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM activities a \
         JOIN initiatives i ON i.district_id = a.district_id AND i.id = a.initiative_id \
         JOIN objectives o ON o.district_id = i.district_id AND o.id = i.objective_id \
         WHERE a.district_id = $1 AND o.plan_id = $2 AND a.id = $3"
    ))
    .bind(district_id)
    .bind(plan_id)
    .bind(id)
    .fetch_optional(editor.conn())
    .await?
    .ok_or(AppError::NotFound)?;
    Ok((editor, activity))
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
    let mut editor =
        Editor::open(scope, plan_id, Target::Sheet(Kind::Initiative, initiative)).await?;
    let (form, errors) = (ActivityForm::default(), FieldErrors::default());
    form_page(&mut editor, Which::New { initiative }, form, errors, vec![]).await
}

pub async fn create(
    scope: DistrictScope,
    Path((_, plan_id, initiative)): Ids,
    Form(form): Form<ActivityForm>,
) -> Result<Response> {
    let mut editor =
        Editor::open(scope, plan_id, Target::Sheet(Kind::Initiative, initiative)).await?;
    initiatives::fetch(&mut editor, initiative).await?;
    let valid = match with_reason(&editor, &form.reason, form.validate(&editor.plan, None)) {
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
    let valid = match with_reason(
        &editor,
        &form.reason,
        form.validate(&editor.plan, Some(&before)),
    ) {
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
    let action = format!("{}/activities/{}/remove", editor.plan_path(), activity.id);
    let consequence = format!(
        "“{}” will be removed from the strategy sheet. The history keeps a record of what was \
         removed.",
        activity.description
    );
    let what = format!("this activity of {number}");
    Ok(remove_page(editor, action, &what, consequence, reason_error).await)
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
    let anchor = format!("#initiative-{}", before.initiative_id);
    let before = json(&before)?;
    remove_item(
        editor,
        Siblings::Activities,
        id,
        &subject,
        before,
        &form.reason,
        &anchor,
    )
    .await
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
        let consequence = format!("“{what}” changes place in the plan's order.");
        return Ok(move_page(&editor, action, "this activity", &form, consequence).await);
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
