//! Initiatives under an objective: add, edit (plan editors, or the initiative's linked lead),
//! reorder and remove. Also what the activities share with them: finding and numbering an
//! initiative.

mod form;

use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use uuid::Uuid;

use serde_json::Value;

use self::form::{FormPage, InitiativeForm, Which, form_page, objective_label};
use super::edit::{CONFLICT_MESSAGE, Editor, Ids, Siblings, Target, conflict_rows, finish};
use super::edit::{linked_lead, record, with_problem, with_reason};
use super::history::json;
use super::item::{Naming, PlanItem, move_item, remove, remove_form};
use super::items::{ItemRoute, Kind, route};
use super::model::Initiative;
use crate::access::{DistrictScope, Permission};
use crate::error::{AppError, Result};
use crate::web::forms::FieldErrors;

const COLUMNS: &str = "i.id, i.objective_id, i.rank, i.description, i.lead, i.lead_user_id, \
     i.key_resources, i.version";

/// Routes under `/districts/{district}/plans/{plan}` that name an initiative or its objective.
pub fn routes() -> Vec<ItemRoute> {
    use Kind::Objective;
    vec![
        route("/objectives/{id}/initiatives/new", Objective, get(new_form)),
        route("/objectives/{id}/initiatives", Objective, post(create)),
        route(
            "/initiatives/{id}/edit",
            Kind::Initiative,
            get(edit_form).post(update),
        ),
        route(
            "/initiatives/{id}/remove",
            Kind::Initiative,
            get(remove_form::<Initiative>).post(remove::<Initiative>),
        ),
        route(
            "/initiatives/{id}/move",
            Kind::Initiative,
            post(move_item::<Initiative>),
        ),
    ]
}

impl PlanItem for Initiative {
    const KIND: Kind = Kind::Initiative;
    const SIBLINGS: Siblings = Siblings::Initiatives;
    const PATH: &'static str = "initiatives";
    const ANCHOR: &'static str = "initiative";
    /// Only plan editors remove or move an initiative; its lead edits its sheet.
    const ON_SHEET: bool = false;

    fn id(&self) -> Uuid {
        self.id
    }

    async fn load(editor: &mut Editor, id: Uuid) -> Result<Self> {
        fetch(editor, id).await
    }

    async fn naming(&self, editor: &mut Editor) -> Result<Naming> {
        Ok(Naming::plain(number(editor, self.id).await?))
    }

    async fn place(&self, editor: &mut Editor) -> Result<Value> {
        Ok(number(editor, self.id).await?.into())
    }

    fn snapshot(&self) -> Result<Option<Value>> {
        json(self)
    }

    fn parent_anchor(&self) -> String {
        format!("#objective-{}", self.objective_id)
    }

    async fn removal(&self, editor: &mut Editor) -> Result<String> {
        let district_id = editor.district_id();
        let (benchmarks, activities): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT count(*) FROM benchmarks WHERE district_id = $1 AND initiative_id = $2), \
                    (SELECT count(*) FROM activities WHERE district_id = $1 AND initiative_id = $2)",
        )
        .bind(district_id)
        .bind(self.id)
        .fetch_one(editor.conn())
        .await?;
        let activities = format!(
            "{activities} activit{}",
            if activities == 1 { "y" } else { "ies" }
        );
        Ok(format!(
            "“{}” will be removed from the plan together with its strategy sheet: {benchmarks} \
             benchmark(s) and {activities}. The history keeps a record of what was removed.",
            self.description,
        ))
    }

    fn moving(&self) -> String {
        format!("“{}” changes place in the plan's order.", self.description)
    }
}

/// Initiative `id` of the plan, on its strategy sheet, which its linked lead may change too.
fn sheet(id: Uuid) -> Target {
    Target::Sheet(Kind::Initiative, id)
}

/// An initiative of the editor's plan (not found when it belongs to another plan).
pub(super) async fn fetch(editor: &mut Editor, id: Uuid) -> Result<Initiative> {
    let (district_id, plan_id) = (editor.district_id(), editor.plan.id);
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM initiatives i \
         JOIN objectives o ON o.district_id = i.district_id AND o.id = i.objective_id \
         WHERE i.district_id = $1 AND o.plan_id = $2 AND i.id = $3"
    ))
    .bind(district_id)
    .bind(plan_id)
    .bind(id)
    .fetch_optional(editor.conn())
    .await?
    .ok_or(AppError::NotFound)
}

/// "Initiative 2.3": the objective's place in the plan, then the initiative's under it.
pub(super) async fn number(editor: &mut Editor, id: Uuid) -> Result<String> {
    let (district_id, plan_id) = (editor.district_id(), editor.plan.id);
    let row: Option<(i64, i64)> = sqlx::query_as(
        "SELECT o.position, i.position FROM \
         (SELECT id, row_number() OVER (ORDER BY rank, created_at) AS position \
          FROM objectives WHERE district_id = $1 AND plan_id = $2) o \
         JOIN (SELECT id, objective_id, \
                      row_number() OVER (PARTITION BY objective_id ORDER BY rank, created_at) AS position \
          FROM initiatives WHERE district_id = $1) i ON i.objective_id = o.id \
         WHERE i.id = $3",
    )
    .bind(district_id)
    .bind(plan_id)
    .bind(id)
    .fetch_optional(editor.conn())
    .await?;
    let (objective, initiative) = row.unwrap_or((0, 0));
    Ok(format!("Initiative {objective}.{initiative}"))
}

pub async fn new_form(
    scope: DistrictScope,
    Path((_, plan_id, objective)): Ids,
) -> Result<FormPage> {
    let mut editor = Editor::open(scope, plan_id, Target::Item(Kind::Objective, objective)).await?;
    let (form, errors) = (InitiativeForm::default(), FieldErrors::default());
    form_page(&mut editor, Which::New { objective }, form, errors, vec![]).await
}

pub async fn create(
    scope: DistrictScope,
    Path((_, plan_id, objective)): Ids,
    Form(form): Form<InitiativeForm>,
) -> Result<Response> {
    let mut editor = Editor::open(scope, plan_id, Target::Item(Kind::Objective, objective)).await?;
    objective_label(&mut editor, objective).await?;
    let linked = linked_lead(&mut editor, &form.lead_user_id).await?;
    let valid = with_problem(form.validate(), "lead", linked.err());
    let valid = match with_reason(&editor, &form.reason, valid) {
        Ok(valid) => valid,
        Err(errors) => {
            let page = form_page(&mut editor, Which::New { objective }, form, errors, vec![]);
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page.await?).into_response());
        }
    };
    let district_id = editor.district_id();
    let parent = [("objective_id", Some(objective))];
    let rank = Siblings::Initiatives.next_rank(editor.conn(), district_id, &parent);
    let rank = rank.await?;
    let created: Initiative = sqlx::query_as(&format!(
        "INSERT INTO initiatives AS i (district_id, objective_id, rank, description, lead, \
         lead_user_id, key_resources) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {COLUMNS}"
    ))
    .bind(district_id)
    .bind(objective)
    .bind(rank)
    .bind(&valid.description)
    .bind(&valid.lead)
    .bind(linked.ok().flatten())
    .bind(&valid.key_resources)
    .fetch_one(editor.conn())
    .await?;
    let subject = number(&mut editor, created.id).await?;
    let change = [None, json(&created)?];
    record(&mut editor, &subject, "added", change, &form.reason).await?;
    let anchor = format!("#initiative-{}", created.id);
    finish(editor, format!("{subject} was added."), &anchor).await
}

pub async fn edit_form(scope: DistrictScope, Path((_, plan_id, id)): Ids) -> Result<FormPage> {
    let mut editor = Editor::open(scope, plan_id, sheet(id)).await?;
    let initiative = fetch(&mut editor, id).await?;
    let which = Which::Edit {
        id,
        objective: initiative.objective_id,
    };
    let form = InitiativeForm::from_initiative(&initiative);
    form_page(&mut editor, which, form, FieldErrors::default(), vec![]).await
}

pub async fn update(
    scope: DistrictScope,
    Path((_, plan_id, id)): Ids,
    Form(mut form): Form<InitiativeForm>,
) -> Result<Response> {
    let mut editor = Editor::open(scope, plan_id, sheet(id)).await?;
    let before = fetch(&mut editor, id).await?;
    let which = Which::Edit {
        id,
        objective: before.objective_id,
    };
    // Only plan editors link an account: a linked lead cannot hand the initiative on.
    let linked = match editor.scope.can(Permission::EditPlan) {
        true => linked_lead(&mut editor, &form.lead_user_id).await?,
        false => Ok(before.lead_user_id),
    };
    let valid = with_problem(form.validate(), "lead", linked.err());
    let lead_user_id = linked.ok().flatten();
    let valid = match with_reason(&editor, &form.reason, valid) {
        Ok(valid) => valid,
        Err(errors) => {
            let page = form_page(&mut editor, which, form, errors, vec![]).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let district_id = editor.district_id();
    let saved: Option<Initiative> = sqlx::query_as(&format!(
        "UPDATE initiatives i SET description = $4, lead = $5, lead_user_id = $6, \
         key_resources = $7, version = version + 1, updated_at = now() \
         WHERE i.district_id = $1 AND i.id = $2 AND i.version = $3 RETURNING {COLUMNS}"
    ))
    .bind(district_id)
    .bind(id)
    .bind(form.version.unwrap_or(before.version))
    .bind(&valid.description)
    .bind(&valid.lead)
    .bind(lead_user_id)
    .bind(&valid.key_resources)
    .fetch_optional(editor.conn())
    .await?;
    let Some(saved) = saved else {
        let (stored, typed) = (InitiativeForm::from_initiative(&before), &form);
        let conflict = conflict_rows(vec![
            ("Initiative", stored.description, typed.description.clone()),
            ("Lead", stored.lead, typed.lead.clone()),
            (
                "Key resources",
                stored.key_resources,
                typed.key_resources.clone(),
            ),
        ]);
        form.version = Some(before.version);
        let mut errors = FieldErrors::default();
        errors.add("version", CONFLICT_MESSAGE);
        let page = form_page(&mut editor, which, form, errors, conflict).await?;
        return Ok((StatusCode::CONFLICT, page).into_response());
    };
    let subject = number(&mut editor, id).await?;
    let change = [json(&before)?, json(&saved)?];
    record(&mut editor, &subject, "edited", change, &form.reason).await?;
    finish(
        editor,
        format!("{subject} was saved."),
        &format!("#initiative-{id}"),
    )
    .await
}
