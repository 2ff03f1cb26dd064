//! Loading plans. A whole plan is read in a fixed number of statements, whatever its size.

use chrono::NaiveDate;
use sqlx::PgConnection;
use uuid::Uuid;

use super::model::{
    Activity, Benchmark, Initiative, Objective, PLAN_COLUMNS, Plan, PlanStatus, PlanTree, Target,
};
use super::rows;

/// How many statements [`load_tree`] runs (recorded so the plan page stays flat).
pub const TREE_STATEMENTS: usize = 6;

pub async fn plan(
    conn: &mut PgConnection,
    district_id: Uuid,
    plan_id: Uuid,
) -> sqlx::Result<Option<Plan>> {
    let sql = format!("SELECT {PLAN_COLUMNS} FROM plans WHERE district_id = $1 AND id = $2");
    rows::by_id(&sql, district_id, plan_id)
        .fetch_optional(conn)
        .await
}

/// Plan and every part of it, in rank order.
pub async fn load_tree(
    conn: &mut PgConnection,
    district_id: Uuid,
    plan_id: Uuid,
) -> sqlx::Result<Option<PlanTree>> {
    Ok(load_trees(conn, &[district_id], &[plan_id]).await?.pop())
}

/// Several plans, each with every part of it in rank order, in the same [`TREE_STATEMENTS`]
/// statements however many plans (a person's home reads all their districts' plans at once).
pub async fn load_trees(
    conn: &mut PgConnection,
    district_ids: &[Uuid],
    plan_ids: &[Uuid],
) -> sqlx::Result<Vec<PlanTree>> {
    let ids = (district_ids, plan_ids);
    let sql = format!(
        "SELECT {PLAN_COLUMNS} FROM plans WHERE district_id = ANY($1) AND id = ANY($2) ORDER BY created_at"
    );
    let plans: Vec<Plan> = all(&mut *conn, &sql, ids).await?;
    if plans.is_empty() {
        return Ok(Vec::new());
    }
    let objectives: Vec<Objective> = all(
        &mut *conn,
        "SELECT id, plan_id, rank, title, lead, lead_user_id, version FROM objectives \
         WHERE district_id = ANY($1) AND plan_id = ANY($2) ORDER BY rank, created_at",
        ids,
    )
    .await?;
    let initiatives: Vec<(Uuid, Initiative)> = with_plan(
        &mut *conn,
        "SELECT o.plan_id, i.id, i.objective_id, i.rank, i.description, i.lead, i.lead_user_id, i.key_resources, i.version \
         FROM initiatives i JOIN objectives o ON o.district_id = i.district_id AND o.id = i.objective_id \
         WHERE i.district_id = ANY($1) AND o.plan_id = ANY($2) ORDER BY o.rank, i.rank, i.created_at",
        ids,
    )
    .await?;
    let benchmarks: Vec<Benchmark> = all(
        &mut *conn,
        "SELECT id, plan_id, initiative_id, kind, rank, statement, measure, evidence_source, frequency, unit, higher_is_better, ppi_group, population, version \
         FROM benchmarks WHERE district_id = ANY($1) AND plan_id = ANY($2) ORDER BY rank, created_at",
        ids,
    )
    .await?;
    let targets: Vec<(Uuid, Target)> = with_plan(
        &mut *conn,
        "SELECT b.plan_id, t.id, t.benchmark_id, t.due_on, t.value FROM benchmark_targets t \
         JOIN benchmarks b ON b.district_id = t.district_id AND b.id = t.benchmark_id \
         WHERE t.district_id = ANY($1) AND b.plan_id = ANY($2) ORDER BY t.due_on",
        ids,
    )
    .await?;
    let activities: Vec<(Uuid, Activity)> = with_plan(
        &mut *conn,
        "SELECT o.plan_id, a.id, a.initiative_id, a.rank, a.description, a.lead, a.starts_on, a.completes_on, a.resources, \
                a.frequency, a.interim_monitoring, a.version \
         FROM activities a JOIN initiatives i ON i.district_id = a.district_id AND i.id = a.initiative_id \
         JOIN objectives o ON o.district_id = i.district_id AND o.id = i.objective_id \
         WHERE a.district_id = ANY($1) AND o.plan_id = ANY($2) ORDER BY a.rank, a.created_at",
        ids,
    )
    .await?;
    Ok(plans
        .into_iter()
        .map(|plan| PlanTree {
            objectives: own(&objectives, |o| o.plan_id == plan.id),
            initiatives: of_plan(&initiatives, plan.id),
            benchmarks: own(&benchmarks, |b| b.plan_id == plan.id),
            targets: of_plan(&targets, plan.id),
            activities: of_plan(&activities, plan.id),
            plan,
        })
        .collect())
}

/// The districts and plans a tree query reads: `$1` and `$2`.
type TreeIds<'a> = (&'a [Uuid], &'a [Uuid]);

/// Every row `sql` finds for the districts and plans.
async fn all<T>(
    conn: &mut PgConnection,
    sql: &str,
    (districts, plans): TreeIds<'_>,
) -> sqlx::Result<Vec<T>>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> + Send + Unpin,
{
    let query = sqlx::query_as(sql).bind(districts).bind(plans);
    query.fetch_all(conn).await
}

/// Every row `sql` finds, each with the plan it belongs to (read through its parents) first.
async fn with_plan<T>(
    conn: &mut PgConnection,
    sql: &str,
    ids: TreeIds<'_>,
) -> sqlx::Result<Vec<(Uuid, T)>>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> + Send + Unpin,
{
    let rows: Vec<PlanRow<T>> = all(conn, sql, ids).await?;
    Ok(rows.into_iter().map(|r| (r.plan_id, r.row)).collect())
}

/// The rows that belong to the plan.
fn own<T: Clone>(rows: &[T], of_plan: impl Fn(&T) -> bool) -> Vec<T> {
    rows.iter().filter(|r| of_plan(r)).cloned().collect()
}

/// The rows of plan `plan_id`, without the plan they were read with.
fn of_plan<T: Clone>(rows: &[(Uuid, T)], plan_id: Uuid) -> Vec<T> {
    rows.iter()
        .filter(|(of, _)| *of == plan_id)
        .map(|(_, row)| row.clone())
        .collect()
}

/// A row of a plan's part together with the plan it belongs to (read through its parents).
#[derive(sqlx::FromRow)]
struct PlanRow<T> {
    plan_id: Uuid,
    #[sqlx(flatten)]
    row: T,
}

/// The plan a district works from: the approved one, else the one being written or reviewed,
/// else one approved and waiting for its year, else the most recent archived one.
pub async fn current_plan_id(
    conn: &mut PgConnection,
    district_id: Uuid,
) -> sqlx::Result<Option<Uuid>> {
    sqlx::query_scalar(
        "SELECT id FROM plans WHERE district_id = $1 \
         ORDER BY CASE status WHEN 'approved' THEN 0 WHEN 'submitted' THEN 1 WHEN 'draft' THEN 2 \
                  WHEN 'scheduled' THEN 3 ELSE 4 END, \
                  created_at DESC LIMIT 1",
    )
    .bind(district_id)
    .fetch_optional(conn)
    .await
}

/// Every version of the district's plan, newest first.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PlanVersion {
    pub id: Uuid,
    pub title: String,
    pub first_school_year: i16,
    pub last_school_year: i16,
    pub status: PlanStatus,
}

impl PlanVersion {
    pub fn years_label(&self) -> String {
        crate::calendar::school_years_label(
            self.first_school_year.into(),
            self.last_school_year.into(),
        )
    }

    pub fn status_label(&self) -> String {
        self.status.label_for(self.first_school_year)
    }
}

pub async fn versions(
    conn: &mut PgConnection,
    district_id: Uuid,
) -> sqlx::Result<Vec<PlanVersion>> {
    sqlx::query_as(
        "SELECT id, title, first_school_year, last_school_year, status FROM plans \
         WHERE district_id = $1 ORDER BY first_school_year DESC, created_at DESC",
    )
    .bind(district_id)
    .fetch_all(conn)
    .await
}

/// The names the district has used for leads, so a lead is spelled the same way each time.
pub async fn lead_suggestions(
    conn: &mut PgConnection,
    district_id: Uuid,
) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT DISTINCT lead FROM ( \
             SELECT lead FROM objectives WHERE district_id = $1 \
             UNION ALL SELECT lead FROM initiatives WHERE district_id = $1 \
             UNION ALL SELECT lead FROM activities WHERE district_id = $1) leads \
         WHERE btrim(lead) <> '' ORDER BY lead LIMIT 200",
    )
    .bind(district_id)
    .fetch_all(conn)
    .await
}

/// A district account that can be linked as a lead.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LeadAccount {
    pub id: Uuid,
    pub name: String,
    pub title: String,
}

pub async fn lead_accounts(
    conn: &mut PgConnection,
    district_id: Uuid,
) -> sqlx::Result<Vec<LeadAccount>> {
    sqlx::query_as(
        "SELECT DISTINCT u.id, u.name, u.title FROM district_roles r JOIN users u ON u.id = r.user_id \
         WHERE r.district_id = $1 AND r.role <> 'plan_monitor' AND u.active ORDER BY u.name",
    )
    .bind(district_id)
    .fetch_all(conn)
    .await
}

/// Adds benchmark `benchmark_id`'s targets, (due on, value), in one statement: the benchmark form
/// and the demo's plans alike.
pub async fn insert_targets(
    conn: &mut PgConnection,
    district_id: Uuid,
    benchmark_id: Uuid,
    targets: &[(NaiveDate, f64)],
) -> sqlx::Result<()> {
    let (dates, values): (Vec<NaiveDate>, Vec<f64>) = targets.iter().copied().unzip();
    sqlx::query(
        "INSERT INTO benchmark_targets (district_id, benchmark_id, due_on, value) \
         SELECT $1, $2, t.due_on, t.value FROM unnest($3::date[], $4::float8[]) AS t(due_on, value)",
    )
    .bind(district_id)
    .bind(benchmark_id)
    .bind(dates)
    .bind(values)
    .execute(conn)
    .await?;
    Ok(())
}
