//! Benchmarks: the plan's final outcomes, and each initiative's short-term outcomes, early
//! evidence of change and activity benchmarks, each with its series of dated targets (seed 003).

mod form;
mod remove;

use axum::extract::{Path, Query};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use self::form::{BenchmarkForm, DatedTarget, FormPage, describe, form_page, refused};
use super::edit::{CONFLICT_MESSAGE, Editor, Ids, Target};
use super::edit::{conflict_rows, finish, record, with_reason};
use super::history;
use super::item::{move_item, remove, remove_form};
use super::items::{ItemRoute, Kind, route};
use super::model::{Benchmark, BenchmarkKind, TargetUnit};
use crate::access::DistrictScope;
use crate::error::{AppError, Result};
use crate::state::AppState;
use crate::web::forms::FieldErrors;

const COLUMNS: &str = "id, plan_id, initiative_id, kind, rank, statement, measure, evidence_source, frequency, unit, higher_is_better, version";
/// The list a benchmark is ranked in: same plan, same initiative (or none), same kind.
const SIBLINGS: &str =
    "district_id = $1 AND plan_id = $2 AND initiative_id IS NOT DISTINCT FROM $3 AND kind = $4";

/// Routes under `/districts/{district}/plans/{plan}` for new benchmarks (their initiative, if
/// any, comes in the query or the form and is found in the plan by [`owner`]).
pub fn routes(plan: &str) -> Router<AppState> {
    Router::new()
        .route(&format!("{plan}/benchmarks/new"), get(new_form))
        .route(&format!("{plan}/benchmarks"), post(create))
}

/// Routes under `/districts/{district}/plans/{plan}` that name a benchmark.
pub fn item_routes() -> Vec<ItemRoute> {
    vec![
        route(
            "/benchmarks/{id}/edit",
            Kind::Benchmark,
            get(edit_form).post(update),
        ),
        route(
            "/benchmarks/{id}/remove",
            Kind::Benchmark,
            get(remove_form::<Stored>).post(remove::<Stored>),
        ),
        route(
            "/benchmarks/{id}/move",
            Kind::Benchmark,
            post(move_item::<Stored>),
        ),
    ]
}

/// A benchmark as stored, with its targets and what it belongs to.
pub struct Stored {
    benchmark: Benchmark,
    targets: Vec<DatedTarget>,
    owner: Owner,
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
    initiative.map_or(Target::Plan, |id| Target::Sheet(Kind::Initiative, id))
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

impl Stored {
    /// Benchmark `id` of the editor's plan; not found when it belongs to another plan.
    async fn load(editor: &mut Editor, id: Uuid) -> Result<Self> {
        let (district_id, plan_id) = (editor.district_id(), editor.plan.id);
        let benchmark: Benchmark = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM benchmarks WHERE district_id = $1 AND plan_id = $2 AND id = $3"
        ))
        .bind(district_id)
        .bind(plan_id)
        .bind(id)
        .fetch_optional(editor.conn())
        .await?
        .ok_or(AppError::NotFound)?;
        let targets = targets(editor, id).await?;
        let owner = owner(editor, benchmark.kind, benchmark.initiative_id).await?;
        Ok(Self {
            benchmark,
            targets,
            owner,
        })
    }
}

/// Opens the plan for a change to an existing benchmark, by the rule of the benchmark's owner.
async fn open(
    scope: DistrictScope,
    plan_id: Uuid,
    id: Uuid,
) -> Result<(Editor, Benchmark, Vec<DatedTarget>, Owner)> {
    let mut editor = Editor::open(scope, plan_id, Target::Sheet(Kind::Benchmark, id)).await?;
    let Stored {
        benchmark,
        targets,
        owner,
    } = Stored::load(&mut editor, id).await?;
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

/// The benchmark as the history keeps it, its targets written out.
fn snapshot(benchmark: &Benchmark, targets: &[DatedTarget]) -> Result<Option<Value>> {
    #[derive(Serialize)]
    struct Snapshot<'a> {
        #[serde(flatten)]
        benchmark: &'a Benchmark,
        targets: String,
    }
    let targets = describe(benchmark.unit, targets);
    history::json(&Snapshot { benchmark, targets })
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
        direction: "up".into(),
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
    let valid = match with_reason(&editor, &form.reason, form.validate(&editor.plan, &[])) {
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
        "INSERT INTO benchmarks (district_id, plan_id, initiative_id, kind, rank, statement, measure, evidence_source, frequency, unit, higher_is_better) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING {COLUMNS}"
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
    .bind(valid.higher_is_better)
    .fetch_one(editor.conn())
    .await?;
    save_targets(&mut editor, created.id, &valid.targets).await?;
    let (subject, change) = (owner.subject(), [None, snapshot(&created, &valid.targets)?]);
    record(&mut editor, &subject, "added", change, &form.reason).await?;
    let anchor = format!("#benchmark-{}", created.id);
    finish(editor, format!("{subject} was added."), &anchor).await
}

pub async fn edit_form(scope: DistrictScope, Path((_, plan_id, id)): Ids) -> Result<FormPage> {
    let (editor, benchmark, targets, owner) = open(scope, plan_id, id).await?;
    let form = BenchmarkForm::from_benchmark(&benchmark, &targets);
    Ok(form_page(&editor, &owner, Some(id), form, FieldErrors::default()).await)
}

pub async fn update(
    scope: DistrictScope,
    Path((_, plan_id, id)): Ids,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let mut form = BenchmarkForm::from_pairs(pairs);
    let (mut editor, before, before_targets, owner) = open(scope, plan_id, id).await?;
    let valid = match with_reason(
        &editor,
        &form.reason,
        form.validate(&editor.plan, &before_targets),
    ) {
        Ok(valid) => valid,
        Err(errors) => return refused(&editor, &owner, Some(id), form, errors, vec![]).await,
    };
    let district_id = editor.district_id();
    let saved: Option<Benchmark> = sqlx::query_as(&format!(
        "UPDATE benchmarks SET statement = $4, measure = $5, evidence_source = $6, frequency = $7, unit = $8, \
         higher_is_better = $9, version = version + 1, updated_at = now() WHERE district_id = $1 AND id = $2 AND version = $3 RETURNING {COLUMNS}"
    ))
    .bind(district_id)
    .bind(id)
    .bind(form.version.unwrap_or(before.version))
    .bind(&valid.statement)
    .bind(&valid.measure)
    .bind(&valid.evidence_source)
    .bind(&valid.frequency)
    .bind(valid.unit)
    .bind(valid.higher_is_better)
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
    let change = [
        snapshot(&before, &before_targets)?,
        snapshot(&saved, &valid.targets)?,
    ];
    let subject = owner.subject();
    record(&mut editor, &subject, "edited", change, &form.reason).await?;
    let anchor = format!("#benchmark-{id}");
    finish(editor, format!("{subject} was saved."), &anchor).await
}
