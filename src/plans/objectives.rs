//! Strategic objectives: add, edit, reorder and remove.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use super::edit::{CONFLICT_MESSAGE, ConflictRow, Editor, Ids, Siblings, Target, conflict_rows};
use super::edit::{finish, linked_lead, record, with_problem, with_reason};
use super::history::json;
use super::item::{Naming, PlanItem, move_item, remove, remove_form};
use super::items::{ItemRoute, Kind, route};
use super::model::{Objective, Plan};
use super::queries::{self, LeadAccount};
use crate::access::DistrictScope;
use crate::error::{AppError, Result};
use crate::web::Layout;
use crate::web::forms::{FieldErrors, check_text, clean_line};

const COLUMNS: &str = "id, plan_id, rank, title, lead, lead_user_id, version";

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ObjectiveForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub lead: String,
    #[serde(default)]
    pub lead_user_id: String,
    #[serde(default)]
    pub version: Option<i32>,
    #[serde(default)]
    pub reason: String,
}

impl ObjectiveForm {
    fn from_objective(o: &Objective) -> Self {
        Self {
            title: o.title.clone(),
            lead: o.lead.clone(),
            lead_user_id: o.lead_user_id.map(|u| u.to_string()).unwrap_or_default(),
            version: Some(o.version),
            reason: String::new(),
        }
    }

    /// The cleaned title and lead, or what is wrong with them.
    pub fn validate(&self) -> Result<(String, String), FieldErrors> {
        let mut errors = FieldErrors::default();
        check_text(&mut errors, &[("title", &self.title), ("lead", &self.lead)]);
        let title = self.title.trim().to_string();
        if title.is_empty() {
            errors.add(
                "title",
                "Write the objective: one overarching area of focus.",
            );
        } else if title.chars().count() > 500 {
            errors.add(
                "title",
                "Keep the objective to 500 characters; the strategy sheets hold the detail.",
            );
        }
        let lead = clean_line(&self.lead);
        if lead.chars().count() > 200 {
            errors.add(
                "lead",
                "Keep the lead to 200 characters: one person or role.",
            );
        }
        if errors.is_empty() {
            Ok((title, lead))
        } else {
            Err(errors)
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "plans/objective_form.html")]
pub struct FormPage {
    layout: Layout,
    plan: Plan,
    plan_path: String,
    action: String,
    heading: String,
    form: ObjectiveForm,
    errors: FieldErrors,
    conflict: Vec<ConflictRow>,
    leads: Vec<String>,
    accounts: Vec<LeadAccount>,
}

async fn form_page(
    editor: &mut Editor,
    heading: String,
    action: String,
    form: ObjectiveForm,
    errors: FieldErrors,
    conflict: Vec<ConflictRow>,
) -> Result<FormPage> {
    let district_id = editor.district_id();
    Ok(FormPage {
        layout: Layout::new(&editor.scope.user, heading.clone(), "plan").await,
        plan: editor.plan.clone(),
        plan_path: editor.plan_path(),
        action,
        heading,
        form,
        errors,
        conflict,
        leads: queries::lead_suggestions(editor.conn(), district_id).await?,
        accounts: queries::lead_accounts(editor.conn(), district_id).await?,
    })
}

/// Routes under `/districts/{district}/plans/{plan}` that name an objective.
pub fn routes() -> Vec<ItemRoute> {
    vec![
        route(
            "/objectives/{id}/edit",
            Kind::Objective,
            get(edit_form).post(update),
        ),
        route(
            "/objectives/{id}/remove",
            Kind::Objective,
            get(remove_form::<Objective>).post(remove::<Objective>),
        ),
        route(
            "/objectives/{id}/move",
            Kind::Objective,
            post(move_item::<Objective>),
        ),
    ]
}

impl PlanItem for Objective {
    const KIND: Kind = Kind::Objective;
    const SIBLINGS: Siblings = Siblings::Objectives;
    const PATH: &'static str = "objectives";
    const ANCHOR: &'static str = "objective";
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
        "#objectives".into()
    }

    async fn removal(&self, editor: &mut Editor) -> Result<String> {
        let district_id = editor.district_id();
        let initiatives: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM initiatives WHERE district_id = $1 AND objective_id = $2",
        )
        .bind(district_id)
        .bind(self.id)
        .fetch_one(editor.conn())
        .await?;
        Ok(format!(
            "“{}” will be removed from the plan together with its {initiatives} initiative(s), their \
             strategy sheets, benchmarks and activities. The history keeps a record of what was removed.",
            self.title
        ))
    }

    fn moving(&self) -> String {
        format!(
            "“{}” changes place in the plan's order of priority.",
            self.title
        )
    }
}

/// Objective `id`, which must be in the plan of the address.
fn item(id: Uuid) -> Target {
    Target::Item(Kind::Objective, id)
}

async fn fetch(editor: &mut Editor, id: Uuid) -> Result<Objective> {
    let (district_id, plan_id) = (editor.district_id(), editor.plan.id);
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM objectives WHERE district_id = $1 AND plan_id = $2 AND id = $3"
    ))
    .bind(district_id)
    .bind(plan_id)
    .bind(id)
    .fetch_optional(editor.conn())
    .await?
    .ok_or(AppError::NotFound)
}

/// "Objective 2", by position in rank order.
async fn number(editor: &mut Editor, id: Uuid) -> Result<String> {
    let (district_id, plan_id) = (editor.district_id(), editor.plan.id);
    let position: Option<i64> = sqlx::query_scalar(
        "SELECT position FROM (SELECT id, row_number() OVER (ORDER BY rank, created_at) AS position \
         FROM objectives WHERE district_id = $1 AND plan_id = $2) o WHERE id = $3",
    )
    .bind(district_id)
    .bind(plan_id)
    .bind(id)
    .fetch_optional(editor.conn())
    .await?;
    Ok(format!("Objective {}", position.unwrap_or(0)))
}

pub async fn new_form(
    scope: DistrictScope,
    Path((_, plan_id)): Path<(String, Uuid)>,
) -> Result<FormPage> {
    let mut editor = Editor::open(scope, plan_id, Target::Plan).await?;
    let action = format!("{}/objectives", editor.plan_path());
    form_page(
        &mut editor,
        "New objective".into(),
        action,
        ObjectiveForm::default(),
        FieldErrors::default(),
        vec![],
    )
    .await
}

pub async fn create(
    scope: DistrictScope,
    Path((_, plan_id)): Path<(String, Uuid)>,
    Form(form): Form<ObjectiveForm>,
) -> Result<Response> {
    let mut editor = Editor::open(scope, plan_id, Target::Plan).await?;
    let linked = linked_lead(&mut editor, &form.lead_user_id).await?;
    let valid = with_problem(form.validate(), "lead", linked.err());
    let (title, lead) = match with_reason(&editor, &form.reason, valid) {
        Ok(valid) => valid,
        Err(errors) => {
            let action = format!("{}/objectives", editor.plan_path());
            let page = form_page(
                &mut editor,
                "New objective".into(),
                action,
                form,
                errors,
                vec![],
            )
            .await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let (district_id, plan_id) = (editor.district_id(), editor.plan.id);
    let rank = Siblings::Objectives
        .next_rank(editor.conn(), district_id, &[("plan_id", Some(plan_id))])
        .await?;
    let created: Objective = sqlx::query_as(&format!(
        "INSERT INTO objectives (district_id, plan_id, rank, title, lead, lead_user_id) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING {COLUMNS}"
    ))
    .bind(district_id)
    .bind(plan_id)
    .bind(rank)
    .bind(&title)
    .bind(&lead)
    .bind(linked.ok().flatten())
    .fetch_one(editor.conn())
    .await?;
    let subject = number(&mut editor, created.id).await?;
    let change = [None, json(&created)?];
    record(&mut editor, &subject, "added", change, &form.reason).await?;
    finish(
        editor,
        format!("{subject} was added."),
        &format!("#objective-{}", created.id),
    )
    .await
}

pub async fn edit_form(scope: DistrictScope, Path((_, plan_id, id)): Ids) -> Result<FormPage> {
    let mut editor = Editor::open(scope, plan_id, item(id)).await?;
    let objective = fetch(&mut editor, id).await?;
    let heading = format!("Edit {}", number(&mut editor, id).await?);
    let action = format!("{}/objectives/{id}/edit", editor.plan_path());
    form_page(
        &mut editor,
        heading,
        action,
        ObjectiveForm::from_objective(&objective),
        FieldErrors::default(),
        vec![],
    )
    .await
}

pub async fn update(
    scope: DistrictScope,
    Path((_, plan_id, id)): Ids,
    Form(form): Form<ObjectiveForm>,
) -> Result<Response> {
    let mut editor = Editor::open(scope, plan_id, item(id)).await?;
    let before = fetch(&mut editor, id).await?;
    let subject = number(&mut editor, id).await?;
    let action = format!("{}/objectives/{id}/edit", editor.plan_path());
    let linked = linked_lead(&mut editor, &form.lead_user_id).await?;
    let valid = with_problem(form.validate(), "lead", linked.err());
    let (title, lead) = match with_reason(&editor, &form.reason, valid) {
        Ok(valid) => valid,
        Err(errors) => {
            let page = form_page(
                &mut editor,
                format!("Edit {subject}"),
                action,
                form,
                errors,
                vec![],
            )
            .await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let district_id = editor.district_id();
    let saved: Option<Objective> = sqlx::query_as(&format!(
        "UPDATE objectives SET title = $4, lead = $5, lead_user_id = $6, version = version + 1, updated_at = now() \
         WHERE district_id = $1 AND id = $2 AND version = $3 RETURNING {COLUMNS}"
    ))
    .bind(district_id)
    .bind(id)
    .bind(form.version.unwrap_or(before.version))
    .bind(&title)
    .bind(&lead)
    .bind(linked.ok().flatten())
    .fetch_optional(editor.conn())
    .await?;
    let Some(saved) = saved else {
        let conflict = conflict_rows(vec![
            ("Objective", before.title.clone(), form.title.clone()),
            ("Lead", before.lead.clone(), form.lead.clone()),
        ]);
        let mut form = form;
        form.version = Some(before.version);
        let mut errors = FieldErrors::default();
        errors.add("version", CONFLICT_MESSAGE);
        let page = form_page(
            &mut editor,
            format!("Edit {subject}"),
            action,
            form,
            errors,
            conflict,
        )
        .await?;
        return Ok((StatusCode::CONFLICT, page).into_response());
    };
    let change = [json(&before)?, json(&saved)?];
    record(&mut editor, &subject, "edited", change, &form.reason).await?;
    finish(
        editor,
        format!("{subject} was saved."),
        &format!("#objective-{id}"),
    )
    .await
}
