//! Activities of an initiative (strategy sheet H–K): add, edit, reorder and remove. Plan editors
//! and the initiative's linked lead manage them.

mod form;

use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use uuid::Uuid;

use serde_json::Value;

use self::form::{ActivityForm, FormPage, Which, form_page};
use super::edit::{CONFLICT_MESSAGE, Editor, Ids, Siblings, Target};
use super::edit::{conflict_rows, finish, record, with_reason};
use super::history::json;
use super::initiatives;
use super::item::{Naming, PlanItem, move_item, remove, remove_form};
use super::items::{ItemRoute, Kind, route};
use super::model::Activity;
use crate::access::DistrictScope;
use crate::error::{AppError, Result};
use crate::web::forms::FieldErrors;

const COLUMNS: &str = "a.id, a.initiative_id, a.rank, a.description, a.lead, a.starts_on, \
     a.completes_on, a.resources, a.frequency, a.interim_monitoring, a.version";

/// Routes under `/districts/{district}/plans/{plan}` that name an activity or its initiative.
pub fn routes() -> Vec<ItemRoute> {
    use Kind::Initiative;
    vec![
        route(
            "/initiatives/{id}/activities/new",
            Initiative,
            get(new_form),
        ),
        route("/initiatives/{id}/activities", Initiative, post(create)),
        route(
            "/activities/{id}/edit",
            Kind::Activity,
            get(edit_form).post(update),
        ),
        route(
            "/activities/{id}/remove",
            Kind::Activity,
            get(remove_form::<Activity>).post(remove::<Activity>),
        ),
        route(
            "/activities/{id}/move",
            Kind::Activity,
            post(move_item::<Activity>),
        ),
    ]
}

impl PlanItem for Activity {
    const KIND: Kind = Kind::Activity;
    const SIBLINGS: Siblings = Siblings::Activities;
    const PATH: &'static str = "activities";
    const ANCHOR: &'static str = "activity";
    const ON_SHEET: bool = true;

    fn id(&self) -> Uuid {
        self.id
    }

    async fn load(editor: &mut Editor, id: Uuid) -> Result<Self> {
        let (district_id, plan_id) = (editor.district_id(), editor.plan.id);
        sqlx::query_as(&format!(
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
        .ok_or(AppError::NotFound)
    }

    async fn naming(&self, editor: &mut Editor) -> Result<Naming> {
        let number = initiatives::number(editor, self.initiative_id).await?;
        Ok(Naming {
            subject: format!("Activity in {number}"),
            removing: format!("this activity of {number}"),
            moving: "this activity".into(),
        })
    }

    /// Its place among its initiative's activities: 1, 2, 3…
    async fn place(&self, editor: &mut Editor) -> Result<Value> {
        let district_id = editor.district_id();
        let position: Option<i64> = sqlx::query_scalar(
            "SELECT position FROM (SELECT id, row_number() OVER (ORDER BY rank, created_at) AS position \
             FROM activities WHERE district_id = $1 AND initiative_id = $2) a WHERE id = $3",
        )
        .bind(district_id)
        .bind(self.initiative_id)
        .bind(self.id)
        .fetch_optional(editor.conn())
        .await?;
        Ok(position.unwrap_or(0).into())
    }

    fn snapshot(&self) -> Result<Option<Value>> {
        json(self)
    }

    fn parent_anchor(&self) -> String {
        format!("#initiative-{}", self.initiative_id)
    }

    async fn removal(&self, _: &mut Editor) -> Result<String> {
        Ok(format!(
            "“{}” will be removed from the strategy sheet. The history keeps a record of what was \
             removed.",
            self.description
        ))
    }

    fn moving(&self) -> String {
        format!("“{}” changes place in the plan's order.", self.description)
    }
}

/// Opens the plan for a change to activity `id` (allowed to the lead of its initiative too), and
/// the activity as stored.
async fn open(scope: DistrictScope, plan_id: Uuid, id: Uuid) -> Result<(Editor, Activity)> {
    let target = Target::Sheet(Kind::Activity, id);
    let mut editor = Editor::open(scope, plan_id, target).await?;
    let activity = Activity::load(&mut editor, id).await?;
    Ok((editor, activity))
}

/// "Activity in Initiative 2.3".
async fn subject(editor: &mut Editor, initiative_id: Uuid) -> Result<String> {
    let number = initiatives::number(editor, initiative_id).await?;
    Ok(format!("Activity in {number}"))
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
