//! The activity form: what is typed, what is stored, and the page that shows it.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use uuid::Uuid;

use super::COLUMNS;
use crate::calendar::Quarter;
use crate::calendar::date_label;
use crate::error::Result;
use crate::plans::edit::{ConflictRow, Editor, check_lengths, conflict_rows};
use crate::plans::initiatives;
use crate::plans::item::PlanItem;
use crate::plans::item_add::{AddedUnder, Which};
use crate::plans::item_edit::{Checked, Editable, FormHead, Shown, carried};
use crate::plans::item_row::{self, Fields, Query};
use crate::plans::model::{Activity, Initiative, Plan};
use crate::plans::queries;
use crate::web::Layout;
use crate::web::forms::{FieldErrors, clean_line};

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
    pub description: String,
    pub lead: String,
    pub starts_on: Option<NaiveDate>,
    pub completes_on: Option<NaiveDate>,
    pub resources: String,
    pub frequency: String,
    pub interim_monitoring: String,
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

/// Notes on `field` a date outside the plan's years. A date already stored is let through, so an
/// unrelated edit is not blocked by it; the plan check flags it instead.
fn within_plan(
    errors: &mut FieldErrors,
    field: &'static str,
    date: Option<NaiveDate>,
    stored: Option<NaiveDate>,
    plan: &Plan,
) {
    if let Some(date) = date.filter(|d| Some(*d) != stored)
        && let Some(problem) = plan.date_problem(date)
    {
        errors.add(field, problem);
    }
}

impl From<&Activity> for ActivityForm {
    fn from(a: &Activity) -> Self {
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
}

impl ActivityForm {
    /// The activity's fields for `plan`, checked against what is `stored` when editing.
    pub fn validate(&self, plan: &Plan, stored: Option<&Activity>) -> Result<Valid, FieldErrors> {
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
        let (starts, completes) = (
            stored.and_then(|a| a.starts_on),
            stored.and_then(|a| a.completes_on),
        );
        within_plan(&mut errors, "starts_on", valid.starts_on, starts, plan);
        within_plan(
            &mut errors,
            "completes_on",
            valid.completes_on,
            completes,
            plan,
        );
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

impl Fields for Valid {
    fn bind<'q, O>(&'q self, query: Query<'q, O>) -> Query<'q, O> {
        query
            .bind(&self.description)
            .bind(&self.lead)
            .bind(self.starts_on)
            .bind(self.completes_on)
            .bind(&self.resources)
            .bind(&self.frequency)
            .bind(&self.interim_monitoring)
    }
}

impl Editable for Activity {
    type Form = ActivityForm;
    type Valid = Valid;

    async fn check(&self, editor: &mut Editor, form: &ActivityForm) -> Checked<Valid> {
        Ok(form.validate(&editor.plan, Some(self)))
    }

    async fn save(&self, editor: &mut Editor, version: i32, valid: &Valid) -> Result<Option<Self>> {
        let sql = format!(
            "UPDATE activities a SET description = $4, lead = $5, starts_on = $6, completes_on = $7, \
             resources = $8, frequency = $9, interim_monitoring = $10, version = version + 1, \
             updated_at = now() WHERE a.district_id = $1 AND a.id = $2 AND a.version = $3 \
             RETURNING {COLUMNS}"
        );
        item_row::update(editor, &sql, self.id, version, valid).await
    }

    fn conflict(&self, typed: &ActivityForm, _: &Valid) -> Vec<ConflictRow> {
        let stored = ActivityForm::from(self);
        conflict_rows(vec![
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
        ])
    }

    async fn page(&self, editor: &mut Editor, shown: Shown<ActivityForm>) -> Result<Response> {
        Self::form_page(editor, Which::Edit(self), shown).await
    }
}

impl AddedUnder for Activity {
    type Parent = Initiative;
    const NEW_HEADING: &'static str = "New activity";

    fn parent(&self) -> Uuid {
        self.initiative_id
    }

    async fn check_new(editor: &mut Editor, form: &ActivityForm) -> Checked<Valid> {
        Ok(form.validate(&editor.plan, None))
    }

    async fn insert(
        editor: &mut Editor,
        initiative: Uuid,
        rank: i32,
        valid: &Valid,
    ) -> Result<Self> {
        let sql = format!(
            "INSERT INTO activities AS a (district_id, initiative_id, rank, description, lead, \
             starts_on, completes_on, resources, frequency, interim_monitoring) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING {COLUMNS}"
        );
        item_row::insert(editor, &sql, initiative, rank, valid).await
    }

    async fn form_page(
        editor: &mut Editor,
        which: Which<'_, Self>,
        shown: Shown<ActivityForm>,
    ) -> Result<Response> {
        let Shown {
            form,
            errors,
            conflict,
        } = shown;
        let district_id = editor.district_id();
        let (heading, action) = which.heading_and_action(editor).await?;
        let initiative_id = which.parent();
        let initiative = Initiative::load(editor, initiative_id).await?;
        let number = initiatives::number(editor, initiative_id).await?;
        let years = editor.plan.years_label();
        let quarter = match parse_date(&form.starts_on).map(Quarter::of) {
            Some(quarter) => format!(" (this one: {})", quarter.label()),
            None => String::new(),
        };
        let (layout, head) = FormHead::new(editor, heading, action).await;
        let page = FormPage {
            layout,
            head,
            initiative: format!("{number}: {}", initiative.description),
            form,
            errors,
            conflict,
            leads: queries::lead_suggestions(editor.conn(), district_id).await?,
            start_hint: format!(
                "Optional. The plan covers {years}; the quarter follows from the start date{quarter}."
            ),
        };
        Ok(page.into_response())
    }
}

carried!(ActivityForm);

#[derive(Template, WebTemplate)]
#[template(path = "plans/activity_form.html")]
pub struct FormPage {
    layout: Layout,
    head: FormHead,
    /// "Initiative 2.3: …", the initiative the activity belongs to.
    initiative: String,
    form: ActivityForm,
    errors: FieldErrors,
    conflict: Vec<ConflictRow>,
    leads: Vec<String>,
    /// The plan's years, and the quarter the start date puts the activity in.
    start_hint: String,
}
