//! The public district page and the approved plan, read-only.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::{POSTED, open};
use crate::access::District;
use crate::calendar::{QprPeriod, date_label, local_date};
use crate::error::{AppError, Result};
use crate::plans::model::{Activity, Benchmark, BenchmarkKind, Initiative, Objective, PlanTree};
use crate::plans::queries::{self, PlanVersion};
use crate::qpr::presentations::{self, Presentation};
use crate::state::AppState;
use crate::web::Layout;

/// A posted report as the district page lists it.
#[derive(sqlx::FromRow)]
struct PostedRow {
    id: Uuid,
    period_start: NaiveDate,
    published_at: Option<DateTime<Utc>>,
}

pub struct PostedReport {
    pub id: Uuid,
    pub period: String,
    pub publication_month: String,
    pub published: String,
    /// "School Committee, Oct 6, 2026", one per presentation.
    pub presented: Vec<String>,
}

impl PostedReport {
    fn new(row: PostedRow, presentations: &[Presentation]) -> Self {
        let period = QprPeriod::containing(row.period_start);
        Self {
            id: row.id,
            period: period.label(),
            publication_month: period.publication_label(),
            published: row
                .published_at
                .map(|at| date_label(local_date(at)))
                .unwrap_or_default(),
            presented: presentations
                .iter()
                .filter(|p| p.qpr_id == row.id)
                .map(Presentation::short)
                .collect(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "qpr/public_district.html")]
pub struct DistrictPage {
    pub layout: Layout,
    pub district: District,
    pub plan: Option<PlanVersion>,
    pub reports: Vec<PostedReport>,
    /// Where the district stands on the continuum toward exit, once a reflection is recorded.
    pub continuum: Vec<crate::continuum::Now>,
}

/// The approved plan of the district, if there is one (the most recent school years first).
async fn approved_plan(
    conn: &mut sqlx::PgConnection,
    district_id: Uuid,
) -> sqlx::Result<Option<PlanVersion>> {
    sqlx::query_as(
        "SELECT id, title, first_school_year, last_school_year, status FROM plans \
         WHERE district_id = $1 AND status = 'approved' \
         ORDER BY first_school_year DESC, created_at DESC LIMIT 1",
    )
    .bind(district_id)
    .fetch_optional(conn)
    .await
}

pub async fn district(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<DistrictPage> {
    let (district, mut tx) = open(&state, &slug).await?;
    let plan = approved_plan(&mut tx, district.id).await?;
    let rows: Vec<PostedRow> = sqlx::query_as(&format!(
        "SELECT id, period_start, published_at FROM qprs \
         WHERE district_id = $1 AND {POSTED} ORDER BY period_start DESC"
    ))
    .bind(district.id)
    .fetch_all(&mut *tx)
    .await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let presentations = presentations::of_reports(&mut tx, district.id, &ids).await?;
    let continuum = crate::continuum::standing_now(&mut tx, district.id).await?;
    Ok(DistrictPage {
        layout: Layout::anonymous(district.name.clone()),
        continuum,
        plan,
        reports: rows
            .into_iter()
            .map(|row| PostedReport::new(row, &presentations))
            .collect(),
        district,
    })
}

pub struct BenchmarkLine {
    pub benchmark: Benchmark,
    /// "60% by Nov 30, 2025 · 80% by Jan 31, 2026"
    pub targets: String,
}

pub struct ActivityLine {
    pub activity: Activity,
    pub starts: String,
    pub completes: String,
}

pub struct InitiativeSheet {
    pub initiative: Initiative,
    pub number: String,
    /// The three kinds of an initiative's benchmarks, each with its label.
    pub benchmarks: Vec<(&'static str, Vec<BenchmarkLine>)>,
    pub activities: Vec<ActivityLine>,
}

pub struct ObjectiveSection {
    pub objective: Objective,
    pub number: usize,
    pub initiatives: Vec<InitiativeSheet>,
}

#[derive(Template, WebTemplate)]
#[template(path = "qpr/public_plan.html")]
pub struct PlanPage {
    pub layout: Layout,
    pub district: District,
    pub tree: PlanTree,
    pub final_outcomes: Vec<BenchmarkLine>,
    pub objectives: Vec<ObjectiveSection>,
}

fn benchmark_line(tree: &PlanTree, benchmark: &Benchmark) -> BenchmarkLine {
    let targets = tree
        .targets_of(benchmark.id)
        .map(|t| {
            format!(
                "{} by {}",
                benchmark.unit.format(t.value),
                date_label(t.due_on)
            )
        })
        .collect::<Vec<_>>()
        .join(" · ");
    BenchmarkLine {
        benchmark: benchmark.clone(),
        targets,
    }
}

fn sections(tree: &PlanTree) -> Vec<ObjectiveSection> {
    let optional_date = |d: Option<NaiveDate>| d.map(date_label).unwrap_or_else(|| "—".into());
    tree.objectives
        .iter()
        .map(|objective| ObjectiveSection {
            objective: objective.clone(),
            number: tree.objective_number(objective.id),
            initiatives: tree
                .initiatives_of(objective.id)
                .map(|initiative| InitiativeSheet {
                    number: tree.initiative_number(initiative),
                    benchmarks: BenchmarkKind::OF_INITIATIVE
                        .iter()
                        .map(|&kind| {
                            let lines = tree
                                .benchmarks_of(initiative.id, kind)
                                .map(|b| benchmark_line(tree, b))
                                .collect();
                            (kind.label(), lines)
                        })
                        .collect(),
                    activities: tree
                        .activities_of(initiative.id)
                        .map(|a| ActivityLine {
                            activity: a.clone(),
                            starts: optional_date(a.starts_on),
                            completes: optional_date(a.completes_on),
                        })
                        .collect(),
                    initiative: initiative.clone(),
                })
                .collect(),
        })
        .collect()
}

/// The approved plan, without progress, evidence or history. A district with no approved plan
/// has nothing here: "not found", and its public page says the plan is not yet approved.
pub async fn plan(State(state): State<AppState>, Path(slug): Path<String>) -> Result<PlanPage> {
    let (district, mut tx) = open(&state, &slug).await?;
    let approved = approved_plan(&mut tx, district.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let tree = queries::load_tree(&mut tx, district.id, approved.id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(PlanPage {
        layout: Layout::anonymous(tree.plan.title.clone()),
        final_outcomes: tree
            .final_outcomes()
            .map(|b| benchmark_line(&tree, b))
            .collect(),
        objectives: sections(&tree),
        district,
        tree,
    })
}
