//! Initiatives under an objective: add, edit (plan editors, or the initiative's linked lead),
//! reorder and remove. Also what the activities share with them.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

use super::edit::{CONFLICT_MESSAGE, ConflictRow, Editor, MoveForm, ReasonForm, Siblings, Target};
use super::edit::{conflict_rows, parse_user};
use super::history::{self, Change};
use super::model::{Initiative, Plan};
use super::objectives::{ConfirmPage, finish};
use super::queries::{self, LeadAccount};
use crate::access::{DistrictScope, Permission};
use crate::app::AppState;
use crate::error::{AppError, Result};
use crate::web::Layout;
use crate::web::forms::{FieldErrors, clean_line};

const COLUMNS: &str = "i.id, i.objective_id, i.rank, i.description, i.lead, i.lead_user_id, \
     i.key_resources, i.version";

/// The path parameters of every route here: district, plan, and the item or its parent.
pub(super) type Ids = Path<(String, Uuid, Uuid)>;

/// Routes under `/districts/{district}/plans/{plan}`.
pub fn routes(plan: &str) -> Router<AppState> {
    let at = |path: &str| format!("{plan}{path}");
    Router::new()
        .route(&at("/objectives/{id}/initiatives/new"), get(new_form))
        .route(&at("/objectives/{id}/initiatives"), post(create))
        .route(&at("/initiatives/{id}/edit"), get(edit_form).post(update))
        .route(
            &at("/initiatives/{id}/remove"),
            get(remove_form).post(remove),
        )
        .route(&at("/initiatives/{id}/move"), post(move_item))
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct InitiativeForm {
    pub description: String,
    pub lead: String,
    pub lead_user_id: String,
    pub key_resources: String,
    pub version: Option<i32>,
    pub reason: String,
}

/// An initiative's fields as they are stored.
pub struct Valid {
    description: String,
    lead: String,
    key_resources: String,
}

impl InitiativeForm {
    fn from_initiative(i: &Initiative) -> Self {
        Self {
            description: i.description.clone(),
            lead: i.lead.clone(),
            lead_user_id: i.lead_user_id.map(|u| u.to_string()).unwrap_or_default(),
            key_resources: i.key_resources.clone(),
            version: Some(i.version),
            reason: String::new(),
        }
    }

    pub fn validate(&self) -> Result<Valid, FieldErrors> {
        let mut errors = FieldErrors::default();
        let valid = Valid {
            description: self.description.trim().to_string(),
            lead: clean_line(&self.lead),
            key_resources: self.key_resources.trim().to_string(),
        };
        if valid.description.is_empty() {
            let message =
                "Describe the initiative: what the district will do to reach the objective.";
            errors.add("description", message);
        }
        check_lengths(
            &mut errors,
            &[
                ("description", &valid.description, 1000),
                ("lead", &valid.lead, 200),
                ("key_resources", &valid.key_resources, 2000),
            ],
        );
        errors.is_empty().then_some(valid).ok_or(errors)
    }
}

/// Notes each `(field, text, most characters)` whose text is too long.
pub(super) fn check_lengths(errors: &mut FieldErrors, fields: &[(&'static str, &str, usize)]) {
    for (field, text, max) in fields {
        if text.chars().count() > *max {
            let message = if *field == "lead" {
                format!("Keep the lead to {max} characters: one person or role.")
            } else {
                format!("Keep this to {max} characters; the strategy sheet is a summary.")
            };
            errors.add(field, message);
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "plans/initiative_form.html")]
pub struct FormPage {
    layout: Layout,
    plan: Plan,
    plan_path: String,
    action: String,
    heading: String,
    /// "Objective 2: …", the objective the initiative serves.
    objective: String,
    form: InitiativeForm,
    errors: FieldErrors,
    conflict: Vec<ConflictRow>,
    leads: Vec<String>,
    accounts: Vec<LeadAccount>,
    /// Plan editors choose the linked account; a linked lead may not hand the initiative on.
    may_link: bool,
}

/// Which form: a new initiative under an objective, or an existing initiative.
#[derive(Clone, Copy)]
enum Which {
    New { objective: Uuid },
    Edit { id: Uuid, objective: Uuid },
}

async fn form_page(
    editor: &mut Editor,
    which: Which,
    form: InitiativeForm,
    errors: FieldErrors,
    conflict: Vec<ConflictRow>,
) -> Result<FormPage> {
    let (district_id, plan_path) = (editor.district_id(), editor.plan_path());
    let (heading, action, objective_id) = match which {
        Which::New { objective } => {
            let action = format!("{plan_path}/objectives/{objective}/initiatives");
            ("New initiative".to_string(), action, objective)
        }
        Which::Edit { id, objective } => {
            let heading = format!("Edit {}", number(editor, id).await?);
            (
                heading,
                format!("{plan_path}/initiatives/{id}/edit"),
                objective,
            )
        }
    };
    Ok(FormPage {
        layout: Layout::new(&editor.scope.user, heading.clone(), "plan").await,
        plan: editor.plan.clone(),
        plan_path,
        action,
        heading,
        objective: objective_label(editor, objective_id).await?,
        form,
        errors,
        conflict,
        leads: queries::lead_suggestions(editor.conn(), district_id).await?,
        accounts: queries::lead_accounts(editor.conn(), district_id).await?,
        may_link: editor.scope.can(Permission::EditPlan),
    })
}

/// "Objective 2: …" for an objective of the editor's plan; not found when it is not in the plan.
async fn objective_label(editor: &mut Editor, objective_id: Uuid) -> Result<String> {
    let (district_id, plan_id) = (editor.district_id(), editor.plan.id);
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT position, title FROM (SELECT id, title, \
                row_number() OVER (ORDER BY rank, created_at) AS position \
         FROM objectives WHERE district_id = $1 AND plan_id = $2) o WHERE id = $3",
    )
    .bind(district_id)
    .bind(plan_id)
    .bind(objective_id)
    .fetch_optional(editor.conn())
    .await?;
    let (position, title) = row.ok_or(AppError::NotFound)?;
    Ok(format!("Objective {position}: {title}"))
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

/// A stored row as the history keeps it.
pub(super) fn json(value: &impl Serialize) -> Result<Option<Value>> {
    let value = serde_json::to_value(value).map_err(anyhow::Error::from)?;
    Ok(Some(value))
}

/// The positions before and after a move, as the history keeps them.
pub(super) fn positions<T: Serialize>(before: T, after: T) -> [Option<Value>; 2] {
    [before, after].map(|p| Some(json!({ "position": p })))
}

/// Records a change in the plan's history: `[before, after]`.
pub(super) async fn record(
    editor: &mut Editor,
    subject: &str,
    action: &str,
    [before, after]: [Option<Value>; 2],
    reason: &str,
) -> Result<()> {
    let (plan, user_id) = (editor.plan.clone(), editor.user_id());
    let (subject, reason) = (subject.to_string(), reason.trim());
    let change = Change {
        subject,
        action,
        before,
        after,
        reason,
    };
    history::record(editor.conn(), &plan, user_id, change).await?;
    Ok(())
}

/// `result`, plus a missing reason when the plan is a revision.
pub(super) fn with_reason<T>(
    editor: &Editor,
    reason: &str,
    result: Result<T, FieldErrors>,
) -> Result<T, FieldErrors> {
    let Some(problem) = editor.reason_problem(reason) else {
        return result;
    };
    let mut errors = result.err().unwrap_or_default();
    errors.add("reason", problem);
    Err(errors)
}

/// The page asking for the reason of a move in a revision.
pub(super) async fn move_page(
    editor: &Editor,
    action: String,
    subject: &str,
    form: &MoveForm,
    what: &str,
) -> Response {
    let direction = if form.direction == "up" { "up" } else { "down" };
    // The first visit, from the plan page's button, has no reason yet: ask without scolding.
    let problem = editor
        .reason_problem(&form.reason)
        .filter(|_| !form.reason.is_empty());
    ConfirmPage {
        layout: Layout::new(&editor.scope.user, format!("Move {subject}"), "plan").await,
        plan_path: editor.plan_path(),
        action,
        heading: format!("Move {subject} {direction}?"),
        consequence: format!("“{what}” changes place in the plan's order."),
        needs_reason: true,
        reason_error: problem.unwrap_or_default().to_string(),
        direction: form.direction.clone(),
        button: "Move",
    }
    .into_response()
}

pub async fn new_form(
    scope: DistrictScope,
    Path((_, plan_id, objective)): Ids,
) -> Result<FormPage> {
    let mut editor = Editor::open(scope, plan_id, Target::Plan).await?;
    let (form, errors) = (InitiativeForm::default(), FieldErrors::default());
    form_page(&mut editor, Which::New { objective }, form, errors, vec![]).await
}

pub async fn create(
    scope: DistrictScope,
    Path((_, plan_id, objective)): Ids,
    Form(form): Form<InitiativeForm>,
) -> Result<Response> {
    let mut editor = Editor::open(scope, plan_id, Target::Plan).await?;
    objective_label(&mut editor, objective).await?;
    let valid = match with_reason(&editor, &form.reason, form.validate()) {
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
    .bind(parse_user(&form.lead_user_id))
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
    let mut editor = Editor::open(scope, plan_id, Target::Initiative(id)).await?;
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
    let mut editor = Editor::open(scope, plan_id, Target::Initiative(id)).await?;
    let before = fetch(&mut editor, id).await?;
    let which = Which::Edit {
        id,
        objective: before.objective_id,
    };
    // Only plan editors link an account: a linked lead cannot hand the initiative on.
    let lead_user_id = match editor.scope.can(Permission::EditPlan) {
        true => parse_user(&form.lead_user_id),
        false => before.lead_user_id,
    };
    let valid = match with_reason(&editor, &form.reason, form.validate()) {
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

pub async fn remove_form(scope: DistrictScope, Path((_, plan_id, id)): Ids) -> Result<ConfirmPage> {
    let mut editor = Editor::open(scope, plan_id, Target::Plan).await?;
    confirm_page(&mut editor, id, String::new()).await
}

async fn confirm_page(editor: &mut Editor, id: Uuid, reason_error: String) -> Result<ConfirmPage> {
    let initiative = fetch(editor, id).await?;
    let subject = number(editor, id).await?;
    let district_id = editor.district_id();
    let (benchmarks, activities): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM benchmarks WHERE district_id = $1 AND initiative_id = $2), \
                (SELECT count(*) FROM activities WHERE district_id = $1 AND initiative_id = $2)",
    )
    .bind(district_id)
    .bind(id)
    .fetch_one(editor.conn())
    .await?;
    let activities = format!(
        "{activities} activit{}",
        if activities == 1 { "y" } else { "ies" }
    );
    Ok(ConfirmPage {
        layout: Layout::new(&editor.scope.user, format!("Remove {subject}"), "plan").await,
        plan_path: editor.plan_path(),
        action: format!("{}/initiatives/{id}/remove", editor.plan_path()),
        heading: format!("Remove {subject}?"),
        consequence: format!(
            "“{}” will be removed from the plan together with its strategy sheet: {benchmarks} \
             benchmark(s) and {activities}. The history keeps a record of what was removed.",
            initiative.description,
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
    let mut editor = Editor::open(scope, plan_id, Target::Plan).await?;
    if let Some(problem) = editor.reason_problem(&form.reason) {
        let page = confirm_page(&mut editor, id, problem.into()).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let before = fetch(&mut editor, id).await?;
    let subject = number(&mut editor, id).await?;
    let district_id = editor.district_id();
    sqlx::query("DELETE FROM initiatives WHERE district_id = $1 AND id = $2")
        .bind(district_id)
        .bind(id)
        .execute(editor.conn())
        .await?;
    let change = [json(&before)?, None];
    record(&mut editor, &subject, "removed", change, &form.reason).await?;
    let anchor = format!("#objective-{}", before.objective_id);
    finish(editor, format!("{subject} was removed."), &anchor).await
}

pub async fn move_item(
    scope: DistrictScope,
    Path((_, plan_id, id)): Ids,
    Form(form): Form<MoveForm>,
) -> Result<Response> {
    let mut editor = Editor::open(scope, plan_id, Target::Plan).await?;
    let initiative = fetch(&mut editor, id).await?;
    let before = number(&mut editor, id).await?;
    if editor.reason_problem(&form.reason).is_some() {
        let action = format!("{}/initiatives/{id}/move", editor.plan_path());
        let what = &initiative.description;
        return Ok(move_page(&editor, action, &before, &form, what).await);
    }
    let (district_id, up) = (editor.district_id(), form.direction == "up");
    if Siblings::Initiatives
        .move_item(editor.conn(), district_id, id, up)
        .await?
    {
        let after = number(&mut editor, id).await?;
        let change = positions(&before, &after);
        record(&mut editor, &before, "moved", change, &form.reason).await?;
    }
    finish(editor, String::new(), &format!("#initiative-{id}")).await
}
