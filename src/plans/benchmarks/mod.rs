//! Benchmarks: the plan's final outcomes, and each initiative's short-term outcomes, early
//! evidence of change and activity benchmarks, each with its series of dated targets (seed 003).

mod form;
mod stored;

use axum::extract::{Path, Query};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use uuid::Uuid;

use self::form::{BenchmarkForm, DatedTarget, FormPage, form_page, refused};
use self::stored::Stored;
use super::edit::{Editor, Target, with_reason};
use super::initiatives;
use super::item_edit::{self, added};
use super::item_row::Fields;
use super::items::{ItemRoute, Kind};
use super::model::{Benchmark, BenchmarkKind, TargetUnit};
use super::queries;
use crate::access::DistrictScope;
use crate::error::{AppError, Result};
use crate::state::AppState;
use crate::web::forms::FieldErrors;

const COLUMNS: &str = "id, plan_id, initiative_id, kind, rank, statement, measure, evidence_source, frequency, unit, higher_is_better, ppi_group, population, version";
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
    item_edit::routes::<Stored>()
}

/// What a benchmark belongs to: the plan (final outcomes) or an initiative, numbered "1.2".
#[derive(Clone)]
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

    fn initiative_id(&self) -> Option<Uuid> {
        self.initiative.as_ref().map(|(id, _)| *id)
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

/// Opens the plan for a new benchmark of the `kind` and `initiative` asked for (anything else is
/// not found). Final outcomes belong to the plan; every other kind to an initiative its linked
/// lead may edit.
async fn open_new(
    scope: DistrictScope,
    plan_id: Uuid,
    kind: &str,
    initiative: &str,
) -> Result<(Editor, Owner)> {
    let (kind, initiative) = match BenchmarkKind::parse(kind).ok_or(AppError::NotFound)? {
        BenchmarkKind::FinalOutcome => (BenchmarkKind::FinalOutcome, None),
        kind => {
            let id = initiative.parse().map_err(|_| AppError::NotFound)?;
            (kind, Some(id))
        }
    };
    let target = initiative.map_or(Target::Plan, |id| Target::Sheet(Kind::Initiative, id));
    let mut editor = Editor::open(scope, plan_id, target).await?;
    let owner = owner(&mut editor, kind, initiative).await?;
    Ok((editor, owner))
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
    let place = initiatives::place(editor, initiative_id).await?;
    let (objective, initiative) = place.ok_or(AppError::NotFound)?;
    let number = format!("{objective}.{initiative}");
    Ok(Owner {
        kind,
        initiative: Some((initiative_id, number)),
    })
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
    let targets: Vec<_> = targets.iter().map(|t| (t.due_on, t.value)).collect();
    queries::insert_targets(editor.conn(), district_id, id, &targets).await?;
    Ok(())
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
    let (editor, owner) = open_new(scope, plan_id, &query.kind, &query.initiative).await?;
    let (kind, initiative) = (owner.kind, owner.initiative_id());
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
    Form(form): Form<BenchmarkForm>,
) -> Result<Response> {
    let (mut editor, owner) = open_new(scope, plan_id, &form.kind, &form.initiative_id).await?;
    let (kind, initiative) = (owner.kind, owner.initiative_id());
    let valid = match with_reason(&editor, &form.reason, form.validate(&editor.plan, &[])) {
        Ok(valid) => valid,
        Err(errors) => return refused(&editor, &owner, None, form, errors).await,
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
    let sql = format!(
        "INSERT INTO benchmarks (district_id, plan_id, initiative_id, kind, rank, statement, measure, evidence_source, frequency, unit, higher_is_better, ppi_group, population) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING {COLUMNS}"
    );
    let query = sqlx::query_as(&sql)
        .bind(district_id)
        .bind(plan_id)
        .bind(initiative)
        .bind(kind)
        .bind(rank);
    let benchmark: Benchmark = valid.bind(query).fetch_one(editor.conn()).await?;
    save_targets(&mut editor, benchmark.id, &valid.targets).await?;
    let targets = valid.targets;
    let created = Stored {
        benchmark,
        targets,
        owner,
    };
    added(editor, &created, &form.reason).await
}
