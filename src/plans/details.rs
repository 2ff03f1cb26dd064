//! Starting a plan, and editing its title, school years and Section 1.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::checks::{SECTION_ONE_MAX_WORDS, word_count};
use super::edit::one_plan_at_a_time;
use super::edit::{
    CONFLICT_MESSAGE, ConflictRow, Editor, Target, conflict_rows, finish, with_reason,
};
use super::history::{self, Change};
use super::model::{PLAN_COLUMNS, Plan};
use super::viewing::Viewed;
use crate::access::{DistrictScope, Permission};
use crate::calendar;
use crate::error::{AppError, Result};
use crate::plans::required::Required;
use crate::web::forms::{FieldErrors, clean_line};
use crate::web::{Layout, flash};

#[derive(Debug, Clone, Default, Deserialize)]
pub struct DetailsForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub first_school_year: String,
    #[serde(default)]
    pub last_school_year: String,
    #[serde(default)]
    pub key_issues: String,
    #[serde(default)]
    pub theory_of_action: String,
    #[serde(default)]
    pub focus_rationale: String,
    #[serde(default)]
    pub version: Option<i32>,
    #[serde(default)]
    pub reason: String,
}

/// A validated plan heading and Section 1.
pub struct Details {
    pub title: String,
    pub first: i16,
    pub last: i16,
    pub key_issues: String,
    pub theory_of_action: String,
    pub focus_rationale: String,
}

const TITLE: Required = Required {
    field: "title",
    max: 200,
    missing: "Give the plan a title, e.g. “Randolph Public Schools Accelerated Improvement Plan”.",
    too_long: "Keep the title to 200 characters.",
};

impl DetailsForm {
    fn from_plan(plan: &Plan) -> Self {
        Self {
            title: plan.title.clone(),
            first_school_year: plan.first_school_year.to_string(),
            last_school_year: plan.last_school_year.to_string(),
            key_issues: plan.key_issues.clone(),
            theory_of_action: plan.theory_of_action.clone(),
            focus_rationale: plan.focus_rationale.clone(),
            version: Some(plan.version),
            reason: String::new(),
        }
    }

    pub fn validate(&self) -> Result<Details, FieldErrors> {
        let (mut errors, title) = TITLE.start(
            &self.title,
            clean_line,
            &[
                ("key_issues", &self.key_issues),
                ("theory_of_action", &self.theory_of_action),
                ("focus_rationale", &self.focus_rationale),
            ],
        );
        let year = |text: &str| {
            text.trim()
                .parse::<i16>()
                .ok()
                .filter(|y| (2000..=2100).contains(y))
        };
        let first = year(&self.first_school_year);
        let last = year(&self.last_school_year);
        match (first, last) {
            (None, _) => errors.add("first_school_year", "Choose the plan's first school year."),
            (_, None) => errors.add("last_school_year", "Choose the plan's last school year."),
            (Some(f), Some(l)) if l < f => errors.add(
                "last_school_year",
                "The last school year cannot come before the first.",
            ),
            (Some(f), Some(l)) if l - f > 4 => errors.add(
                "last_school_year",
                "A plan covers at most five school years.",
            ),
            _ => {}
        }
        let text = |value: &str| value.trim().replace("\r\n", "\n");
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Details {
            title,
            first: first.unwrap_or_default(),
            last: last.unwrap_or_default(),
            key_issues: text(&self.key_issues),
            theory_of_action: text(&self.theory_of_action),
            focus_rationale: text(&self.focus_rationale),
        })
    }

    /// Section 1's words as typed, for the counter beside the form.
    pub fn words(&self) -> usize {
        word_count(&self.key_issues)
            + word_count(&self.theory_of_action)
            + word_count(&self.focus_rationale)
    }
}

/// The school years offered in the year pickers: a few back, a few ahead.
fn year_options() -> Vec<(i16, String)> {
    let now = calendar::school_year_of(calendar::today());
    (now - 3..=now + 5)
        .map(|y| (y as i16, calendar::school_year_label(y)))
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "plans/details_form.html")]
pub struct FormPage {
    layout: Layout,
    plan: Plan,
    plan_path: String,
    form: DistrictPlanForm,
    errors: FieldErrors,
    conflict: Vec<ConflictRow>,
    years: Vec<(i16, String)>,
    max_words: usize,
}

/// The form and its word count, for the template.
pub struct DistrictPlanForm {
    fields: DetailsForm,
    words: usize,
}

async fn form_page(
    editor: &Editor,
    fields: DetailsForm,
    errors: FieldErrors,
    conflict: Vec<ConflictRow>,
) -> FormPage {
    FormPage {
        layout: Layout::new(&editor.scope.user, "Plan details and Section 1", "plan").await,
        plan: editor.plan.clone(),
        plan_path: editor.plan_path(),
        form: DistrictPlanForm {
            words: fields.words(),
            fields,
        },
        errors,
        conflict,
        years: year_options(),
        max_words: SECTION_ONE_MAX_WORDS,
    }
}

pub async fn edit_form(viewed: Viewed) -> Result<FormPage> {
    let editor = Editor::change(viewed, Target::Plan).await?;
    let fields = DetailsForm::from_plan(&editor.plan);
    Ok(form_page(&editor, fields, FieldErrors::default(), vec![]).await)
}

pub async fn update(viewed: Viewed, Form(form): Form<DetailsForm>) -> Result<Response> {
    let mut editor = Editor::change(viewed, Target::Plan).await?;
    let details = match with_reason(&editor, &form.reason, form.validate()) {
        Ok(details) => details,
        Err(errors) => {
            let page = form_page(&editor, form, errors, vec![]).await;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let before = editor.plan.clone();
    let (district_id, plan_id) = (editor.district_id(), before.id);
    let saved: Option<Plan> = sqlx::query_as(&format!(
        "UPDATE plans SET title = $4, first_school_year = $5, last_school_year = $6, key_issues = $7, \
           theory_of_action = $8, focus_rationale = $9, version = version + 1, updated_at = now() \
         WHERE district_id = $1 AND id = $2 AND version = $3 AND status = 'draft' RETURNING {PLAN_COLUMNS}"
    ))
    .bind(district_id)
    .bind(plan_id)
    .bind(form.version.unwrap_or(before.version))
    .bind(&details.title)
    .bind(details.first)
    .bind(details.last)
    .bind(&details.key_issues)
    .bind(&details.theory_of_action)
    .bind(&details.focus_rationale)
    .fetch_optional(editor.conn())
    .await?;
    let Some(saved) = saved else {
        let conflict = conflict_rows(vec![
            ("Title", before.title.clone(), form.title.clone()),
            (
                "School years",
                before.years_label(),
                format!("{} to {}", form.first_school_year, form.last_school_year),
            ),
            (
                "Key issues",
                before.key_issues.clone(),
                form.key_issues.clone(),
            ),
            (
                "Theory of action",
                before.theory_of_action.clone(),
                form.theory_of_action.clone(),
            ),
            (
                "Objectives and why they matter",
                before.focus_rationale.clone(),
                form.focus_rationale.clone(),
            ),
        ]);
        let mut form = form;
        form.version = Some(before.version);
        let mut errors = FieldErrors::default();
        errors.add("version", CONFLICT_MESSAGE);
        let page = form_page(&editor, form, errors, conflict).await;
        return Ok((StatusCode::CONFLICT, page).into_response());
    };
    let user_id = editor.user_id();
    history::record(
        editor.conn(),
        &saved,
        user_id,
        Change {
            subject: "Plan details and Section 1".into(),
            action: "edited",
            before: Some(section_json(&before)),
            after: Some(section_json(&saved)),
            reason: form.reason.trim(),
        },
    )
    .await?;
    editor.plan = saved;
    finish(
        editor,
        "The plan details and Section 1 were saved.".into(),
        "#section-1",
    )
    .await
}

fn section_json(plan: &Plan) -> serde_json::Value {
    serde_json::json!({
        "title": plan.title,
        "school_years": plan.years_label(),
        "key_issues": plan.key_issues,
        "theory_of_action": plan.theory_of_action,
        "objectives_and_why": plan.focus_rationale,
    })
}

#[derive(Deserialize)]
pub struct NewPlanForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    first_school_year: String,
    #[serde(default)]
    last_school_year: String,
}

/// Starts a district's first plan (later ones come from "start next year's plan").
pub async fn create(mut scope: DistrictScope, Form(form): Form<NewPlanForm>) -> Result<Response> {
    scope.require(Permission::EditPlan)?;
    let fields = DetailsForm {
        title: form.title,
        first_school_year: form.first_school_year,
        last_school_year: form.last_school_year,
        ..Default::default()
    };
    let district_id = scope.district.id;
    let slug = scope.district.slug.clone();
    let details = match fields.validate() {
        Ok(details) => details,
        Err(errors) => {
            let message = ["title", "first_school_year", "last_school_year"]
                .iter()
                .filter_map(|f| errors.get(f))
                .collect::<Vec<_>>()
                .join(" ");
            flash::set(
                &scope.user.session,
                format!("The plan was not started: {message}"),
            )
            .await;
            return Ok(Redirect::to(&format!("/districts/{slug}/plan")).into_response());
        }
    };
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM plans WHERE district_id = $1)")
            .bind(district_id)
            .fetch_one(scope.conn())
            .await?;
    if exists {
        return Err(AppError::ReadOnly);
    }
    let plan: Plan = sqlx::query_as(&format!(
        "INSERT INTO plans (district_id, title, first_school_year, last_school_year) VALUES ($1, $2, $3, $4) \
         RETURNING {PLAN_COLUMNS}"
    ))
    .bind(district_id)
    .bind(&details.title)
    .bind(details.first)
    .bind(details.last)
    .fetch_one(scope.conn())
    .await
    .map_err(one_plan_at_a_time)?;
    let user_id = scope.user.user.id;
    history::record(
        scope.conn(),
        &plan,
        user_id,
        Change {
            subject: "Plan".into(),
            action: "started",
            before: None,
            after: Some(section_json(&plan)),
            reason: "",
        },
    )
    .await?;
    let path = format!("/districts/{slug}/plans/{}", plan.id);
    let message = "The plan was started. Begin with Section 1, then add the objectives.";
    scope.done(&path, message).await
}
