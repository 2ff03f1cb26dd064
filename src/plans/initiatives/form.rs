//! The initiative form: what is typed, what is stored, and the page that shows it.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::COLUMNS;
use crate::access::Permission;
use crate::error::Result;
use crate::plans::edit::with_problem;
use crate::plans::edit::{ConflictRow, Editor, check_lengths, conflict_rows, linked_lead};
use crate::plans::item::PlanItem;
use crate::plans::item_add::{AddedUnder, Which};
use crate::plans::item_edit::{Checked, Editable, FormHead, Shown, carried};
use crate::plans::item_row::{self, Fields, Query};
use crate::plans::model::{Initiative, Objective};
use crate::plans::objectives;
use crate::plans::queries::{self, LeadAccount};
use crate::web::Layout;
use crate::web::forms::{FieldErrors, clean_line};

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
    pub description: String,
    pub lead: String,
    pub lead_user_id: Option<Uuid>,
    pub key_resources: String,
}

impl From<&Initiative> for InitiativeForm {
    fn from(i: &Initiative) -> Self {
        Self {
            description: i.description.clone(),
            lead: i.lead.clone(),
            lead_user_id: i.lead_user_id.map(|u| u.to_string()).unwrap_or_default(),
            key_resources: i.key_resources.clone(),
            version: Some(i.version),
            reason: String::new(),
        }
    }
}

impl InitiativeForm {
    pub fn validate(&self) -> Result<Valid, FieldErrors> {
        let mut errors = FieldErrors::default();
        let valid = Valid {
            description: self.description.trim().to_string(),
            lead: clean_line(&self.lead),
            lead_user_id: None,
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

/// The form's fields with the linked account. Only plan editors link an account: a linked lead
/// cannot hand the initiative on, so theirs keeps the `stored` one.
async fn checked(
    editor: &mut Editor,
    form: &InitiativeForm,
    stored: Option<Uuid>,
) -> Checked<Valid> {
    let linked = match editor.scope.can(Permission::EditPlan) {
        true => linked_lead(editor, &form.lead_user_id).await?,
        false => Ok(stored),
    };
    let valid = with_problem(form.validate(), "lead", linked.err());
    Ok(valid.map(|valid| Valid {
        lead_user_id: linked.ok().flatten(),
        ..valid
    }))
}

impl Fields for Valid {
    fn bind<'q, O>(&'q self, query: Query<'q, O>) -> Query<'q, O> {
        query
            .bind(&self.description)
            .bind(&self.lead)
            .bind(self.lead_user_id)
            .bind(&self.key_resources)
    }
}

impl Editable for Initiative {
    type Form = InitiativeForm;
    type Valid = Valid;

    async fn check(&self, editor: &mut Editor, form: &InitiativeForm) -> Checked<Valid> {
        checked(editor, form, self.lead_user_id).await
    }

    async fn save(&self, editor: &mut Editor, version: i32, valid: &Valid) -> Result<Option<Self>> {
        let sql = format!(
            "UPDATE initiatives i SET description = $4, lead = $5, lead_user_id = $6, \
             key_resources = $7, version = version + 1, updated_at = now() \
             WHERE i.district_id = $1 AND i.id = $2 AND i.version = $3 RETURNING {COLUMNS}"
        );
        item_row::update(editor, &sql, self.id, version, valid).await
    }

    fn conflict(&self, typed: &InitiativeForm, _: &Valid) -> Vec<ConflictRow> {
        let stored = InitiativeForm::from(self);
        conflict_rows(vec![
            ("Initiative", stored.description, typed.description.clone()),
            ("Lead", stored.lead, typed.lead.clone()),
            (
                "Key resources",
                stored.key_resources,
                typed.key_resources.clone(),
            ),
        ])
    }

    async fn page(&self, editor: &mut Editor, shown: Shown<InitiativeForm>) -> Result<Response> {
        Self::form_page(editor, Which::Edit(self), shown).await
    }
}

impl AddedUnder for Initiative {
    type Parent = Objective;
    const NEW_HEADING: &'static str = "New initiative";

    fn parent(&self) -> Uuid {
        self.objective_id
    }

    async fn check_new(editor: &mut Editor, form: &InitiativeForm) -> Checked<Valid> {
        checked(editor, form, None).await
    }

    async fn insert(
        editor: &mut Editor,
        objective: Uuid,
        rank: i32,
        valid: &Valid,
    ) -> Result<Self> {
        let sql = format!(
            "INSERT INTO initiatives AS i (district_id, objective_id, rank, description, lead, \
             lead_user_id, key_resources) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {COLUMNS}"
        );
        item_row::insert(editor, &sql, objective, rank, valid).await
    }

    async fn form_page(
        editor: &mut Editor,
        which: Which<'_, Self>,
        shown: Shown<InitiativeForm>,
    ) -> Result<Response> {
        let Shown {
            form,
            errors,
            conflict,
        } = shown;
        let district_id = editor.district_id();
        let (heading, action) = which.heading_and_action(editor).await?;
        let objective = objective_label(editor, which.parent()).await?;
        let (layout, head) = FormHead::new(editor, heading, action).await;
        let page = FormPage {
            layout,
            head,
            objective,
            form,
            errors,
            conflict,
            leads: queries::lead_suggestions(editor.conn(), district_id).await?,
            accounts: queries::lead_accounts(editor.conn(), district_id).await?,
            may_link: editor.scope.can(Permission::EditPlan),
        };
        Ok(page.into_response())
    }
}

carried!(InitiativeForm);

#[derive(Template, WebTemplate)]
#[template(path = "plans/initiative_form.html")]
pub struct FormPage {
    layout: Layout,
    head: FormHead,
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

/// "Objective 2: …" for an objective of the editor's plan; not found when it is not in the plan.
async fn objective_label(editor: &mut Editor, objective_id: Uuid) -> Result<String> {
    let objective = Objective::load(editor, objective_id).await?;
    let number = objectives::number(editor, objective_id).await?;
    Ok(format!("{number}: {}", objective.title))
}
