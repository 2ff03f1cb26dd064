//! The benchmark form: its fields and target rows as posted, their validation, and the page
//! that shows them.

use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer};
use uuid::Uuid;

use super::{Owner, lowercase_first};
use crate::error::Result;
use crate::plans::edit::{ConflictRow, Editor};
use crate::plans::item_edit::{FormHead, carried};
use crate::plans::item_row::{Fields, Query};
use crate::plans::model::{BenchmarkKind, Plan, PpiGroup, TargetUnit};
use crate::plans::required::{Required, trimmed};
use crate::web::Layout;
use crate::web::forms::{FieldErrors, clean_line};

/// How many target rows the form offers.
pub const TARGET_ROWS: usize = 6;
const ROW_FIELDS: [&str; TARGET_ROWS] = [
    "target_1", "target_2", "target_3", "target_4", "target_5", "target_6",
];
const FREQUENCIES: [&str; 5] = ["daily", "weekly", "monthly", "quarterly", "annually"];

/// One dated target as saved.
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct DatedTarget {
    pub due_on: NaiveDate,
    pub value: f64,
}

/// "60% by 2026-11-30, 80% by 2027-01-31".
pub fn describe(unit: TargetUnit, targets: &[DatedTarget]) -> String {
    let parts: Vec<String> = targets
        .iter()
        .map(|t| format!("{} by {}", unit.format(t.value), t.due_on))
        .collect();
    parts.join(", ")
}

/// One target row as typed, with its message when re-shown.
#[derive(Debug, Clone, Default)]
pub struct TargetRow {
    pub number: usize,
    pub date: String,
    pub value: String,
    pub error: String,
}

#[derive(Debug, Clone, Default)]
pub struct BenchmarkForm {
    pub kind: String,
    pub initiative_id: String,
    pub statement: String,
    pub measure: String,
    pub evidence_source: String,
    pub frequency: String,
    pub unit: String,
    /// "up" or "down": which way the value should move.
    pub direction: String,
    /// A final outcome's PPI group key, or empty when it is not a PPI target.
    pub ppi_group: String,
    pub population: String,
    pub rows: Vec<TargetRow>,
    pub version: Option<i32>,
    pub reason: String,
}

/// A benchmark's fields once they pass.
pub struct Valid {
    pub statement: String,
    pub measure: String,
    pub evidence_source: String,
    pub frequency: String,
    pub unit: TargetUnit,
    pub higher_is_better: bool,
    pub ppi_group: Option<PpiGroup>,
    pub population: String,
    pub targets: Vec<DatedTarget>,
}

impl Fields for Valid {
    fn bind<'q, O>(&'q self, query: Query<'q, O>) -> Query<'q, O> {
        query
            .bind(&self.statement)
            .bind(&self.measure)
            .bind(&self.evidence_source)
            .bind(&self.frequency)
            .bind(self.unit)
            .bind(self.higher_is_better)
            .bind(self.ppi_group)
            .bind(&self.population)
    }
}

carried!(BenchmarkForm);

/// From the posted fields in order: `target_date` and `target_value` repeat once per row.
impl<'de> Deserialize<'de> for BenchmarkForm {
    fn deserialize<D: Deserializer<'de>>(posted: D) -> Result<Self, D::Error> {
        let pairs = Vec::<(String, String)>::deserialize(posted)?;
        let mut form = Self::default();
        let (mut dates, mut values) = (Vec::new(), Vec::new());
        for (name, value) in pairs {
            match name.as_str() {
                "kind" => form.kind = value,
                "initiative_id" => form.initiative_id = value,
                "statement" => form.statement = value,
                "measure" => form.measure = value,
                "evidence_source" => form.evidence_source = value,
                "frequency" => form.frequency = value,
                "unit" => form.unit = value,
                "direction" => form.direction = value,
                "ppi_group" => form.ppi_group = value,
                "population" => form.population = value,
                "version" => form.version = value.trim().parse().ok(),
                "reason" => form.reason = value,
                "target_date" => dates.push(value),
                "target_value" => values.push(value),
                _ => {}
            }
        }
        let count = dates.len().max(values.len());
        dates.resize(count, String::new());
        values.resize(count, String::new());
        form.rows = (dates.into_iter().zip(values).enumerate())
            .map(|(i, (date, value))| TargetRow {
                number: i + 1,
                date,
                value,
                error: String::new(),
            })
            .collect();
        Ok(form)
    }
}

const STATEMENT: Required = Required {
    field: "statement",
    max: 1000,
    missing: "Write the benchmark: what will be seen, by when, and how it will be known.",
    too_long: "Keep the benchmark to 1,000 characters.",
};

impl BenchmarkForm {
    /// The benchmark's fields for `plan`. A target date outside the plan's years is refused
    /// unless it is already `stored` (the plan check flags those), so an unrelated edit goes through.
    pub fn validate(&self, plan: &Plan, stored: &[DatedTarget]) -> Result<Valid, FieldErrors> {
        let (mut errors, statement) = STATEMENT.start(
            &self.statement,
            trimmed,
            &[
                ("measure", &self.measure),
                ("evidence_source", &self.evidence_source),
                ("frequency", &self.frequency),
                ("population", &self.population),
            ],
        );
        let mut text = |field: &'static str, value: &str, max: usize| {
            let value = value.trim().to_string();
            if value.chars().count() > max {
                errors.add(field, format!("Keep this to {max} characters."));
            }
            value
        };
        let measure = text("measure", &self.measure, 1000);
        let evidence_source = text("evidence_source", &self.evidence_source, 1000);
        let frequency = clean_line(&text("frequency", &self.frequency, 100));
        // Only a final outcome is an accountability target for a group of students.
        let final_outcome = BenchmarkKind::parse(&self.kind) == Some(BenchmarkKind::FinalOutcome);
        let population = if final_outcome {
            clean_line(&text("population", &self.population, 200))
        } else {
            String::new()
        };
        let ppi_group = match self.ppi_group.trim() {
            _ if !final_outcome => None,
            "" => None,
            key => {
                let group = PpiGroup::parse(key);
                if group.is_none() {
                    errors.add(
                        "ppi_group",
                        "Choose whether this is a PPI target, and for whom.",
                    );
                }
                group
            }
        };
        let unit = TargetUnit::parse(&self.unit);
        if unit.is_none() {
            errors.add("unit", "Choose the unit the targets are given in.");
        }
        let mut targets = Vec::new();
        for (i, row) in self.rows.iter().enumerate() {
            let (date, value) = (row.date.trim(), row.value.trim());
            if date.is_empty() && value.is_empty() {
                continue;
            }
            let field = ROW_FIELDS.get(i).copied().unwrap_or("targets");
            let due_on = NaiveDate::parse_from_str(date, "%Y-%m-%d")
                .ok()
                .filter(|d| (2000..=2100).contains(&d.year()));
            let parsed = unit.map(|u| u.parse_value(value));
            let outside = due_on
                .filter(|d| !stored.iter().any(|t| t.due_on == *d))
                .and_then(|d| plan.date_problem(d));
            match (due_on, parsed) {
                _ if i >= TARGET_ROWS => {
                    errors.add("targets", format!("Give at most {TARGET_ROWS} targets."))
                }
                _ if date.is_empty() => errors.add(
                    field,
                    "Give the date by which this target is to be reached.",
                ),
                _ if value.is_empty() => {
                    errors.add(field, "Give this target's value as well as its date.")
                }
                (None, _) => errors.add(field, "Enter the date as YYYY-MM-DD, e.g. 2026-11-30."),
                (_, Some(Err(problem))) => errors.add(field, problem),
                (Some(_), _) if outside.is_some() => errors.add(field, outside.unwrap_or_default()),
                (Some(due_on), Some(Ok(value))) => targets.push(DatedTarget { due_on, value }),
                (Some(_), None) => {}
            }
        }
        targets.sort_by_key(|t| t.due_on);
        match unit {
            Some(unit) if errors.is_empty() => Ok(Valid {
                statement,
                measure,
                evidence_source,
                frequency,
                unit,
                higher_is_better: self.direction != "down",
                ppi_group,
                population,
                targets,
            }),
            _ => Err(errors),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "plans/benchmark_form.html")]
pub struct FormPage {
    layout: Layout,
    head: FormHead,
    question: &'static str,
    form: BenchmarkForm,
    rows: Vec<TargetRow>,
    errors: FieldErrors,
    pub(super) conflict: Vec<ConflictRow>,
    units: [TargetUnit; 4],
    frequencies: [&'static str; 5],
    ppi_groups: [PpiGroup; 2],
    final_outcome: bool,
}

/// The question each kind answers and how often it is usually measured (seed 003).
fn question(kind: BenchmarkKind) -> &'static str {
    match kind {
        BenchmarkKind::Activity => {
            "How will we know if we're doing what we said we would do? Usually daily, weekly or monthly."
        }
        BenchmarkKind::EarlyEvidence => {
            "What will we see if what we are doing is beginning to make a difference? Usually monthly or quarterly."
        }
        BenchmarkKind::ShortTermOutcome => {
            "How will we know we have been successful in the short term? Usually monthly or quarterly."
        }
        BenchmarkKind::FinalOutcome => {
            "How will we know we have been successful in the long term? Annual targets for student outcomes."
        }
    }
}

/// The form for a new benchmark (`id` None) or an existing one, with its heading and action.
pub async fn form_page(
    editor: &Editor,
    owner: &Owner,
    id: Option<Uuid>,
    form: BenchmarkForm,
    errors: FieldErrors,
) -> FormPage {
    let (heading, action) = match id {
        None => (
            owner.new_heading(),
            format!("{}/benchmarks", editor.plan_path()),
        ),
        Some(id) => (
            format!("Edit {}", lowercase_first(&owner.subject())),
            format!("{}/benchmarks/{id}/edit", editor.plan_path()),
        ),
    };
    let mut rows = form.rows.clone();
    rows.resize_with(rows.len().max(TARGET_ROWS), TargetRow::default);
    for (i, row) in rows.iter_mut().enumerate() {
        row.number = i + 1;
        row.error = errors
            .of(ROW_FIELDS.get(i).copied().unwrap_or(""))
            .to_string();
    }
    let (layout, head) = FormHead::new(editor, heading, action).await;
    FormPage {
        layout,
        head,
        question: question(owner.kind),
        form,
        rows,
        errors,
        conflict: vec![],
        units: TargetUnit::ALL,
        frequencies: FREQUENCIES,
        ppi_groups: PpiGroup::ALL,
        final_outcome: owner.kind == BenchmarkKind::FinalOutcome,
    }
}

/// The new benchmark's form again with what was typed, and what is wrong with it.
pub async fn refused(
    editor: &Editor,
    owner: &Owner,
    id: Option<Uuid>,
    form: BenchmarkForm,
    errors: FieldErrors,
) -> Result<Response> {
    let page = form_page(editor, owner, id, form, errors).await;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}
