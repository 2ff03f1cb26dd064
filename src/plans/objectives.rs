//! Strategic objectives: add, edit, reorder and remove.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::edit::{ConflictRow, Editor, Target, conflict_rows, linked_lead};
use super::edit::{with_problem, with_reason};
use super::item::{self, Naming, PlanItem};
use super::item_edit::{self, Checked, Editable, FormHead, Shown, added, carried, shown};
use super::item_row::{self, Fields, Query};
use super::items::{ItemRoute, Kind};
use super::model::Objective;
use super::queries::{self, LeadAccount};
use super::viewing::Viewed;
use crate::error::Result;
use crate::plans::required::{Required, trimmed};
use crate::web::Layout;
use crate::web::forms::{FieldErrors, clean_line};

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

impl From<&Objective> for ObjectiveForm {
    fn from(o: &Objective) -> Self {
        Self {
            title: o.title.clone(),
            lead: o.lead.clone(),
            lead_user_id: o.lead_user_id.map(|u| u.to_string()).unwrap_or_default(),
            version: Some(o.version),
            reason: String::new(),
        }
    }
}

const TITLE: Required = Required {
    field: "title",
    max: 500,
    missing: "Write the objective: one overarching area of focus.",
    too_long: "Keep the objective to 500 characters; the strategy sheets hold the detail.",
};

impl ObjectiveForm {
    /// The cleaned title and lead, or what is wrong with them.
    pub fn validate(&self) -> Result<(String, String), FieldErrors> {
        let (mut errors, title) = TITLE.start(&self.title, trimmed, &[("lead", &self.lead)]);
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

carried!(ObjectiveForm);

#[derive(Template, WebTemplate)]
#[template(path = "plans/objective_form.html")]
pub struct FormPage {
    layout: Layout,
    head: FormHead,
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
    shown: Shown<ObjectiveForm>,
) -> Result<FormPage> {
    let district_id = editor.district_id();
    let Shown {
        form,
        errors,
        conflict,
    } = shown;
    let (layout, head) = FormHead::new(editor, heading, action).await;
    Ok(FormPage {
        layout,
        head,
        form,
        errors,
        conflict,
        leads: queries::lead_suggestions(editor.conn(), district_id).await?,
        accounts: queries::lead_accounts(editor.conn(), district_id).await?,
    })
}

/// Routes under `/districts/{district}/plans/{plan}` that name an objective.
pub fn routes() -> Vec<ItemRoute> {
    item_edit::routes::<Objective>()
}

impl PlanItem for Objective {
    const KIND: Kind = Kind::Objective;
    const NUMBERED: bool = true;

    fn id(&self) -> Uuid {
        self.id
    }

    async fn load(editor: &mut Editor, id: Uuid) -> Result<Self> {
        let sql = format!(
            "SELECT {COLUMNS} FROM objectives WHERE district_id = $1 AND plan_id = $2 AND id = $3"
        );
        item::find(editor, &sql, id).await
    }

    async fn naming(&self, editor: &mut Editor) -> Result<Naming> {
        Ok(Naming::plain(number(editor, self.id).await?))
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

/// An objective's fields as they are stored.
pub struct Valid {
    title: String,
    lead: String,
    lead_user_id: Option<Uuid>,
}

impl Fields for Valid {
    fn bind<'q, O>(&'q self, query: Query<'q, O>) -> Query<'q, O> {
        query
            .bind(&self.title)
            .bind(&self.lead)
            .bind(self.lead_user_id)
    }
}

/// The form's fields, with the linked account checked to be one of the district's people.
async fn checked(editor: &mut Editor, form: &ObjectiveForm) -> Checked<Valid> {
    let linked = linked_lead(editor, &form.lead_user_id).await?;
    let valid = with_problem(form.validate(), "lead", linked.err());
    Ok(valid.map(|(title, lead)| Valid {
        title,
        lead,
        lead_user_id: linked.ok().flatten(),
    }))
}

impl Editable for Objective {
    type Form = ObjectiveForm;
    type Valid = Valid;

    async fn check(&self, editor: &mut Editor, form: &ObjectiveForm) -> Checked<Valid> {
        checked(editor, form).await
    }

    async fn save(&self, editor: &mut Editor, version: i32, valid: &Valid) -> Result<Option<Self>> {
        let sql = format!(
            "UPDATE objectives SET title = $4, lead = $5, lead_user_id = $6, version = version + 1, \
             updated_at = now() WHERE district_id = $1 AND id = $2 AND version = $3 RETURNING {COLUMNS}"
        );
        item_row::update(editor, &sql, self.id, version, valid).await
    }

    fn conflict(&self, form: &ObjectiveForm, _: &Valid) -> Vec<ConflictRow> {
        conflict_rows(vec![
            ("Objective", self.title.clone(), form.title.clone()),
            ("Lead", self.lead.clone(), form.lead.clone()),
        ])
    }

    async fn page(&self, editor: &mut Editor, shown: Shown<ObjectiveForm>) -> Result<Response> {
        let heading = format!("Edit {}", number(editor, self.id).await?);
        let action = format!("{}/objectives/{}/edit", editor.plan_path(), self.id);
        let page = form_page(editor, heading, action, shown).await?;
        Ok(page.into_response())
    }
}

/// "Objective 2", by position in rank order.
pub(super) async fn number(editor: &mut Editor, id: Uuid) -> Result<String> {
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

pub async fn new_form(viewed: Viewed) -> Result<FormPage> {
    let mut editor = Editor::change(viewed, Target::Plan).await?;
    let (form, errors) = (ObjectiveForm::default(), FieldErrors::default());
    new_page(&mut editor, form, errors).await
}

async fn new_page(
    editor: &mut Editor,
    form: ObjectiveForm,
    errors: FieldErrors,
) -> Result<FormPage> {
    let action = format!("{}/objectives", editor.plan_path());
    let heading = "New objective".to_string();
    form_page(editor, heading, action, shown(form, errors)).await
}

pub async fn create(viewed: Viewed, Form(form): Form<ObjectiveForm>) -> Result<Response> {
    let mut editor = Editor::change(viewed, Target::Plan).await?;
    let checked = checked(&mut editor, &form).await?;
    let valid = match with_reason(&editor, &form.reason, checked) {
        Ok(valid) => valid,
        Err(errors) => {
            let page = new_page(&mut editor, form, errors).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let (district_id, plan_id) = (editor.district_id(), editor.plan.id);
    let rank = Kind::Objective.next_rank(editor.conn(), district_id, plan_id);
    let rank = rank.await?;
    let sql = format!(
        "INSERT INTO objectives (district_id, plan_id, rank, title, lead, lead_user_id) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING {COLUMNS}"
    );
    let created: Objective = item_row::insert(&mut editor, &sql, plan_id, rank, &valid).await?;
    added(editor, &created, &form.reason).await
}
