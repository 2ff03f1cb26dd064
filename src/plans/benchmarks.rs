//! Benchmarks: the plan's final outcomes, and each initiative's short-term outcomes, early
//! evidence of change and activity benchmarks, each with its series of dated targets (seed 003).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

use super::edit::{
    CONFLICT_MESSAGE, ConflictRow, Editor, MoveForm, ReasonForm, Siblings, Target, conflict_rows,
};
use super::history::{self, Change};
use super::model::{Benchmark, BenchmarkKind, Plan, TargetUnit};
use super::objectives::{ConfirmPage, finish};
use crate::access::{DistrictScope, Permission};
use crate::app::AppState;
use crate::error::{AppError, Result};
use crate::web::Layout;
use crate::web::forms::{FieldErrors, clean_line};

const COLUMNS: &str = "id, plan_id, initiative_id, kind, rank, statement, measure, evidence_source, frequency, unit, version";
/// The list a benchmark is ranked in: same plan, same initiative (or none), same kind.
const SIBLINGS: &str =
    "district_id = $1 AND plan_id = $2 AND initiative_id IS NOT DISTINCT FROM $3 AND kind = $4";
/// How many target rows the form offers.
pub const TARGET_ROWS: usize = 6;
const ROW_FIELDS: [&str; TARGET_ROWS] = [
    "target_1", "target_2", "target_3", "target_4", "target_5", "target_6",
];
const FREQUENCIES: [&str; 5] = ["daily", "weekly", "monthly", "quarterly", "annually"];

/// Routes under `/districts/{district}/plans/{plan}`.
pub fn routes(plan: &str) -> Router<AppState> {
    Router::new()
        .route(&format!("{plan}/benchmarks/new"), get(new_form))
        .route(&format!("{plan}/benchmarks"), post(create))
        .route(
            &format!("{plan}/benchmarks/{{id}}/edit"),
            get(edit_form).post(update),
        )
        .route(
            &format!("{plan}/benchmarks/{{id}}/remove"),
            get(remove_form).post(remove),
        )
        .route(&format!("{plan}/benchmarks/{{id}}/move"), post(move_item))
}

/// One dated target as saved.
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
struct DatedTarget {
    due_on: NaiveDate,
    value: f64,
}

/// "60% by 2026-11-30, 80% by 2027-01-31".
fn describe(unit: TargetUnit, targets: &[DatedTarget]) -> String {
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
    pub rows: Vec<TargetRow>,
    pub version: Option<i32>,
    pub reason: String,
}

/// A benchmark's fields once they pass.
struct Valid {
    statement: String,
    measure: String,
    evidence_source: String,
    frequency: String,
    unit: TargetUnit,
    targets: Vec<DatedTarget>,
}

impl BenchmarkForm {
    /// From the posted fields in order: `target_date` and `target_value` repeat once per row.
    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
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
        form
    }

    fn from_benchmark(b: &Benchmark, targets: &[DatedTarget]) -> Self {
        let value = |v: f64| match b.unit {
            TargetUnit::YesNo => b.unit.format(v),
            _ if v.fract() == 0.0 => format!("{v:.0}"),
            _ => v.to_string(),
        };
        Self {
            kind: b.kind.key().into(),
            initiative_id: b.initiative_id.map(|i| i.to_string()).unwrap_or_default(),
            statement: b.statement.clone(),
            measure: b.measure.clone(),
            evidence_source: b.evidence_source.clone(),
            frequency: b.frequency.clone(),
            unit: b.unit.key().into(),
            rows: (targets.iter().enumerate())
                .map(|(i, t)| TargetRow {
                    number: i + 1,
                    date: t.due_on.to_string(),
                    value: value(t.value),
                    error: String::new(),
                })
                .collect(),
            version: Some(b.version),
            reason: String::new(),
        }
    }

    fn validate(&self) -> Result<Valid, FieldErrors> {
        let mut errors = FieldErrors::default();
        let statement = self.statement.trim().to_string();
        if statement.is_empty() {
            errors.add(
                "statement",
                "Write the benchmark: what will be seen, by when, and how it will be known.",
            );
        } else if statement.chars().count() > 1000 {
            errors.add("statement", "Keep the benchmark to 1,000 characters.");
        }
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
            let parsed = unit.map(|u| parse_value(u, value));
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
                targets,
            }),
            _ => Err(errors),
        }
    }
}

/// A target value in the benchmark's unit: "60" or "60%", "1,200", "3.5", "yes".
fn parse_value(unit: TargetUnit, text: &str) -> Result<f64, &'static str> {
    if unit == TargetUnit::YesNo {
        return match text.to_lowercase().as_str() {
            "yes" => Ok(1.0),
            "no" => Ok(0.0),
            _ => Err("For a yes / no target write “yes” or “no”."),
        };
    }
    let number = text
        .strip_suffix('%')
        .filter(|_| unit == TargetUnit::Percent)
        .unwrap_or(text);
    let number: f64 = (number.trim().replace(',', "").parse().ok())
        .filter(|n: &f64| n.is_finite())
        .ok_or("Write the target as a number, e.g. 60.")?;
    match unit {
        TargetUnit::Percent if !(0.0..=100.0).contains(&number) => {
            Err("A percentage target is between 0 and 100.")
        }
        TargetUnit::Count if number < 0.0 || number.fract() != 0.0 => {
            Err("A count is a whole number, 0 or more.")
        }
        _ => Ok(number),
    }
}

/// What a benchmark belongs to: the plan (final outcomes) or an initiative, numbered "1.2".
struct Owner {
    kind: BenchmarkKind,
    initiative: Option<(Uuid, String)>,
}

impl Owner {
    /// "Short-term outcome of Initiative 1.1", or "Final outcome".
    fn subject(&self) -> String {
        match &self.initiative {
            Some((_, number)) => format!("{} of Initiative {number}", self.kind.label()),
            None => self.kind.label().into(),
        }
    }

    /// "New short-term outcome for Initiative 1.1", or "New final outcome".
    fn new_heading(&self) -> String {
        let label = lowercase_first(self.kind.label());
        match &self.initiative {
            Some((_, number)) => format!("New {label} for Initiative {number}"),
            None => format!("New {label}"),
        }
    }

    fn anchor(&self) -> String {
        self.initiative.as_ref().map_or_else(
            || "#final-outcomes".into(),
            |(id, _)| format!("#initiative-{id}"),
        )
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Final outcomes belong to the plan; every other kind to an initiative its linked lead may edit.
fn target_of(initiative: Option<Uuid>) -> Target {
    initiative.map_or(Target::Plan, Target::Initiative)
}

/// The kind and initiative a new benchmark was asked for; anything else is not found.
fn requested(kind: &str, initiative: &str) -> Result<(BenchmarkKind, Option<Uuid>)> {
    match BenchmarkKind::parse(kind).ok_or(AppError::NotFound)? {
        BenchmarkKind::FinalOutcome => Ok((BenchmarkKind::FinalOutcome, None)),
        kind => Ok((
            kind,
            Some(initiative.parse().map_err(|_| AppError::NotFound)?),
        )),
    }
}

/// Numbers the owner's initiative ("1.2"); not found unless it belongs to this plan.
async fn owner(
    editor: &mut Editor,
    kind: BenchmarkKind,
    initiative: Option<Uuid>,
) -> Result<Owner> {
    let Some(initiative_id) = initiative else {
        return Ok(Owner {
            kind,
            initiative: None,
        });
    };
    let (district_id, plan_id) = (editor.district_id(), editor.plan.id);
    let number: String = sqlx::query_scalar(
        "SELECT concat(o.position, '.', i.position) FROM \
         (SELECT id, row_number() OVER (ORDER BY rank, created_at) AS position FROM objectives \
          WHERE district_id = $1 AND plan_id = $2) o \
         JOIN (SELECT id, objective_id, row_number() OVER (PARTITION BY objective_id ORDER BY rank, created_at) AS position \
               FROM initiatives WHERE district_id = $1) i ON i.objective_id = o.id \
         WHERE i.id = $3",
    )
    .bind(district_id)
    .bind(plan_id)
    .bind(initiative_id)
    .fetch_optional(editor.conn())
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(Owner {
        kind,
        initiative: Some((initiative_id, number)),
    })
}

/// Opens the plan for a change to an existing benchmark, by the rule of the benchmark's owner.
async fn open(
    mut scope: DistrictScope,
    plan_id: Uuid,
    id: Uuid,
) -> Result<(Editor, Benchmark, Vec<DatedTarget>, Owner)> {
    scope.require(Permission::ViewPlan)?;
    let district_id = scope.district.id;
    let initiative: Option<Uuid> = sqlx::query_scalar(
        "SELECT initiative_id FROM benchmarks WHERE district_id = $1 AND plan_id = $2 AND id = $3",
    )
    .bind(district_id)
    .bind(plan_id)
    .bind(id)
    .fetch_optional(scope.conn())
    .await?
    .ok_or(AppError::NotFound)?;
    let mut editor = Editor::open(scope, plan_id, target_of(initiative)).await?;
    let benchmark: Benchmark = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM benchmarks WHERE district_id = $1 AND plan_id = $2 AND id = $3"
    ))
    .bind(district_id)
    .bind(plan_id)
    .bind(id)
    .fetch_optional(editor.conn())
    .await?
    .ok_or(AppError::NotFound)?;
    let targets = targets(&mut editor, id).await?;
    let owner = owner(&mut editor, benchmark.kind, benchmark.initiative_id).await?;
    Ok((editor, benchmark, targets, owner))
}

async fn targets(editor: &mut Editor, id: Uuid) -> Result<Vec<DatedTarget>> {
    let district_id = editor.district_id();
    Ok(sqlx::query_as("SELECT due_on, value FROM benchmark_targets WHERE district_id = $1 AND benchmark_id = $2 ORDER BY due_on")
        .bind(district_id)
        .bind(id)
        .fetch_all(editor.conn())
        .await?)
}

/// Replaces the benchmark's targets (inside the request's transaction).
async fn save_targets(editor: &mut Editor, id: Uuid, targets: &[DatedTarget]) -> Result<()> {
    let district_id = editor.district_id();
    sqlx::query("DELETE FROM benchmark_targets WHERE district_id = $1 AND benchmark_id = $2")
        .bind(district_id)
        .bind(id)
        .execute(editor.conn())
        .await?;
    sqlx::query(
        "INSERT INTO benchmark_targets (district_id, benchmark_id, due_on, value) \
         SELECT $1, $2, t.due_on, t.value FROM unnest($3::date[], $4::float8[]) AS t(due_on, value)",
    )
    .bind(district_id)
    .bind(id)
    .bind(targets.iter().map(|t| t.due_on).collect::<Vec<_>>())
    .bind(targets.iter().map(|t| t.value).collect::<Vec<_>>())
    .execute(editor.conn())
    .await?;
    Ok(())
}

/// The benchmark for the history, its targets written out.
fn snapshot(benchmark: &Benchmark, targets: &[DatedTarget]) -> Result<Value> {
    #[derive(Serialize)]
    struct Snapshot<'a> {
        #[serde(flatten)]
        benchmark: &'a Benchmark,
        targets: String,
    }
    let targets = describe(benchmark.unit, targets);
    Ok(serde_json::to_value(Snapshot { benchmark, targets }).map_err(anyhow::Error::from)?)
}

#[derive(Template, WebTemplate)]
#[template(path = "plans/benchmark_form.html")]
pub struct FormPage {
    layout: Layout,
    plan: Plan,
    plan_path: String,
    action: String,
    heading: String,
    question: &'static str,
    form: BenchmarkForm,
    rows: Vec<TargetRow>,
    errors: FieldErrors,
    conflict: Vec<ConflictRow>,
    units: [TargetUnit; 4],
    frequencies: [&'static str; 5],
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
async fn form_page(
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
    FormPage {
        layout: Layout::new(&editor.scope.user, heading.clone(), "plan").await,
        plan: editor.plan.clone(),
        plan_path: editor.plan_path(),
        action,
        heading,
        question: question(owner.kind),
        form,
        rows,
        errors,
        conflict: vec![],
        units: TargetUnit::ALL,
        frequencies: FREQUENCIES,
    }
}

/// The form again with what was typed: 422 for problems, 409 for a conflict.
async fn refused(
    editor: &Editor,
    owner: &Owner,
    id: Option<Uuid>,
    form: BenchmarkForm,
    errors: FieldErrors,
    conflict: Vec<ConflictRow>,
) -> Result<Response> {
    let status = if conflict.is_empty() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::CONFLICT
    };
    let page = FormPage {
        conflict,
        ..form_page(editor, owner, id, form, errors).await
    };
    Ok((status, page).into_response())
}

/// Problems with the form plus, for a revision, a missing reason.
fn problems(editor: &Editor, form: &BenchmarkForm) -> Result<Valid, FieldErrors> {
    let result = form.validate();
    match editor.reason_problem(&form.reason) {
        Some(problem) => {
            let mut errors = result.err().unwrap_or_default();
            errors.add("reason", problem);
            Err(errors)
        }
        None => result,
    }
}

/// Records the change in the plan's history.
async fn record(
    editor: &mut Editor,
    owner: &Owner,
    action: &str,
    before: Option<Value>,
    after: Option<Value>,
    reason: &str,
) -> Result<()> {
    let (plan, user_id) = (editor.plan.clone(), editor.user_id());
    let change = Change {
        subject: owner.subject(),
        action,
        before,
        after,
        reason: reason.trim(),
    };
    Ok(history::record(editor.conn(), &plan, user_id, change).await?)
}

#[derive(Debug, Deserialize)]
pub struct NewQuery {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    initiative: String,
}

pub async fn new_form(
    scope: DistrictScope,
    Path((_, plan_id)): Path<(String, Uuid)>,
    Query(query): Query<NewQuery>,
) -> Result<FormPage> {
    let (kind, initiative) = requested(&query.kind, &query.initiative)?;
    let mut editor = Editor::open(scope, plan_id, target_of(initiative)).await?;
    let owner = owner(&mut editor, kind, initiative).await?;
    let form = BenchmarkForm {
        kind: kind.key().into(),
        initiative_id: initiative.map(|i| i.to_string()).unwrap_or_default(),
        frequency: if kind == BenchmarkKind::FinalOutcome {
            "annually".into()
        } else {
            String::new()
        },
        unit: TargetUnit::Percent.key().into(),
        ..Default::default()
    };
    Ok(form_page(&editor, &owner, None, form, FieldErrors::default()).await)
}

pub async fn create(
    scope: DistrictScope,
    Path((_, plan_id)): Path<(String, Uuid)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let form = BenchmarkForm::from_pairs(pairs);
    let (kind, initiative) = requested(&form.kind, &form.initiative_id)?;
    let mut editor = Editor::open(scope, plan_id, target_of(initiative)).await?;
    let owner = owner(&mut editor, kind, initiative).await?;
    let valid = match problems(&editor, &form) {
        Ok(valid) => valid,
        Err(errors) => return refused(&editor, &owner, None, form, errors, vec![]).await,
    };
    let (district_id, plan_id) = (editor.district_id(), editor.plan.id);
    let rank: i32 = sqlx::query_scalar(&format!(
        "SELECT coalesce(max(rank), 0) + 1 FROM benchmarks WHERE {SIBLINGS}"
    ))
    .bind(district_id)
    .bind(plan_id)
    .bind(initiative)
    .bind(kind)
    .fetch_one(editor.conn())
    .await?;
    let created: Benchmark = sqlx::query_as(&format!(
        "INSERT INTO benchmarks (district_id, plan_id, initiative_id, kind, rank, statement, measure, evidence_source, frequency, unit) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING {COLUMNS}"
    ))
    .bind(district_id)
    .bind(plan_id)
    .bind(initiative)
    .bind(kind)
    .bind(rank)
    .bind(&valid.statement)
    .bind(&valid.measure)
    .bind(&valid.evidence_source)
    .bind(&valid.frequency)
    .bind(valid.unit)
    .fetch_one(editor.conn())
    .await?;
    save_targets(&mut editor, created.id, &valid.targets).await?;
    let after = snapshot(&created, &valid.targets)?;
    record(
        &mut editor,
        &owner,
        "added",
        None,
        Some(after),
        &form.reason,
    )
    .await?;
    finish(
        editor,
        format!("{} was added.", owner.subject()),
        &format!("#benchmark-{}", created.id),
    )
    .await
}

pub async fn edit_form(
    scope: DistrictScope,
    Path((_, plan_id, id)): Path<(String, Uuid, Uuid)>,
) -> Result<FormPage> {
    let (editor, benchmark, targets, owner) = open(scope, plan_id, id).await?;
    let form = BenchmarkForm::from_benchmark(&benchmark, &targets);
    Ok(form_page(&editor, &owner, Some(id), form, FieldErrors::default()).await)
}

pub async fn update(
    scope: DistrictScope,
    Path((_, plan_id, id)): Path<(String, Uuid, Uuid)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let mut form = BenchmarkForm::from_pairs(pairs);
    let (mut editor, before, before_targets, owner) = open(scope, plan_id, id).await?;
    let valid = match problems(&editor, &form) {
        Ok(valid) => valid,
        Err(errors) => return refused(&editor, &owner, Some(id), form, errors, vec![]).await,
    };
    let district_id = editor.district_id();
    let saved: Option<Benchmark> = sqlx::query_as(&format!(
        "UPDATE benchmarks SET statement = $4, measure = $5, evidence_source = $6, frequency = $7, unit = $8, \
         version = version + 1, updated_at = now() WHERE district_id = $1 AND id = $2 AND version = $3 RETURNING {COLUMNS}"
    ))
    .bind(district_id)
    .bind(id)
    .bind(form.version.unwrap_or(before.version))
    .bind(&valid.statement)
    .bind(&valid.measure)
    .bind(&valid.evidence_source)
    .bind(&valid.frequency)
    .bind(valid.unit)
    .fetch_optional(editor.conn())
    .await?;
    let Some(saved) = saved else {
        let b = &before;
        let conflict = conflict_rows(vec![
            ("Benchmark", b.statement.clone(), form.statement.clone()),
            ("Measure", b.measure.clone(), form.measure.clone()),
            (
                "Evidence source",
                b.evidence_source.clone(),
                form.evidence_source.clone(),
            ),
            ("Frequency", b.frequency.clone(), form.frequency.clone()),
            ("Unit", b.unit.label().into(), valid.unit.label().into()),
            (
                "Targets",
                describe(b.unit, &before_targets),
                describe(valid.unit, &valid.targets),
            ),
        ]);
        form.version = Some(before.version);
        let mut errors = FieldErrors::default();
        errors.add("version", CONFLICT_MESSAGE);
        return refused(&editor, &owner, Some(id), form, errors, conflict).await;
    };
    save_targets(&mut editor, id, &valid.targets).await?;
    let (before, after) = (
        snapshot(&before, &before_targets)?,
        snapshot(&saved, &valid.targets)?,
    );
    record(
        &mut editor,
        &owner,
        "edited",
        Some(before),
        Some(after),
        &form.reason,
    )
    .await?;
    finish(
        editor,
        format!("{} was saved.", owner.subject()),
        &format!("#benchmark-{id}"),
    )
    .await
}

/// Asks before removing, or (for a revision) before moving without a reason.
async fn confirm_page(
    editor: &Editor,
    benchmark: &Benchmark,
    owner: &Owner,
    moving: Option<&MoveForm>,
    reason_error: &str,
) -> ConfirmPage {
    let (subject, statement) = (lowercase_first(&owner.subject()), &benchmark.statement);
    let (button, direction, consequence) = match moving {
        Some(form) => (
            "Move",
            if form.direction == "up" {
                " up"
            } else {
                " down"
            },
            format!("“{statement}” changes place in its list."),
        ),
        None => (
            "Remove",
            "",
            format!(
                "“{statement}” will be removed from the plan with its targets. The history keeps a record of it."
            ),
        ),
    };
    ConfirmPage {
        layout: Layout::new(&editor.scope.user, format!("{button} {subject}"), "plan").await,
        plan_path: editor.plan_path(),
        action: format!(
            "{}/benchmarks/{}/{}",
            editor.plan_path(),
            benchmark.id,
            button.to_lowercase()
        ),
        heading: format!("{button} this {subject}{direction}?"),
        consequence,
        needs_reason: editor.plan.is_revision(),
        reason_error: reason_error.into(),
        direction: direction.trim().into(),
        button,
    }
}

pub async fn remove_form(
    scope: DistrictScope,
    Path((_, plan_id, id)): Path<(String, Uuid, Uuid)>,
) -> Result<ConfirmPage> {
    let (editor, benchmark, _, owner) = open(scope, plan_id, id).await?;
    Ok(confirm_page(&editor, &benchmark, &owner, None, "").await)
}

pub async fn remove(
    scope: DistrictScope,
    Path((_, plan_id, id)): Path<(String, Uuid, Uuid)>,
    Form(form): Form<ReasonForm>,
) -> Result<Response> {
    let (mut editor, before, targets, owner) = open(scope, plan_id, id).await?;
    if let Some(problem) = editor.reason_problem(&form.reason) {
        let page = confirm_page(&editor, &before, &owner, None, problem).await;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let district_id = editor.district_id();
    sqlx::query("DELETE FROM benchmarks WHERE district_id = $1 AND id = $2")
        .bind(district_id)
        .bind(id)
        .execute(editor.conn())
        .await?;
    let before = snapshot(&before, &targets)?;
    record(
        &mut editor,
        &owner,
        "removed",
        Some(before),
        None,
        &form.reason,
    )
    .await?;
    finish(
        editor,
        format!("{} was removed.", owner.subject()),
        &owner.anchor(),
    )
    .await
}

/// The benchmark's place in its list (1, 2, 3…).
async fn position(editor: &mut Editor, b: &Benchmark) -> Result<i64> {
    let district_id = editor.district_id();
    let position: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT position FROM (SELECT id, row_number() OVER (ORDER BY rank, created_at) AS position \
         FROM benchmarks WHERE {SIBLINGS}) b WHERE id = $5"
    ))
    .bind(district_id)
    .bind(b.plan_id)
    .bind(b.initiative_id)
    .bind(b.kind)
    .bind(b.id)
    .fetch_optional(editor.conn())
    .await?;
    Ok(position.unwrap_or(0))
}

pub async fn move_item(
    scope: DistrictScope,
    Path((_, plan_id, id)): Path<(String, Uuid, Uuid)>,
    Form(form): Form<MoveForm>,
) -> Result<Response> {
    let (mut editor, benchmark, _, owner) = open(scope, plan_id, id).await?;
    if let Some(problem) = editor.reason_problem(&form.reason) {
        let error = if form.reason.is_empty() { "" } else { problem };
        return Ok(
            confirm_page(&editor, &benchmark, &owner, Some(&form), error)
                .await
                .into_response(),
        );
    }
    let before = position(&mut editor, &benchmark).await?;
    let district_id = editor.district_id();
    if Siblings::Benchmarks
        .move_item(editor.conn(), district_id, id, form.direction == "up")
        .await?
    {
        let after = position(&mut editor, &benchmark).await?;
        let (before, after) = (json!({ "position": before }), json!({ "position": after }));
        record(
            &mut editor,
            &owner,
            "moved",
            Some(before),
            Some(after),
            &form.reason,
        )
        .await?;
    }
    finish(editor, String::new(), &format!("#benchmark-{id}")).await
}
