//! Loading progress for a whole plan in a fixed number of statements, for the plan page.

use std::collections::HashMap;

use sqlx::PgConnection;
use uuid::Uuid;

use super::model::{ACTIVITY_UPDATE_COLUMNS, ActivityUpdate, MEASUREMENT_COLUMNS, Measurement};
use crate::evidence::model::{CONCERNS_INITIATIVE, CONCERNS_JOINS};
use crate::plans::rows;

/// How many statements [`for_plan`] runs (recorded so the plan page stays flat).
pub const PLAN_PROGRESS_STATEMENTS: usize = 3;

/// The progress recorded against one plan.
#[derive(Debug, Clone, Default)]
pub struct PlanProgress {
    /// The latest status of each activity that has one.
    pub statuses: HashMap<Uuid, ActivityUpdate>,
    /// Every measurement of the plan's benchmarks, oldest first.
    pub measurements: Vec<Measurement>,
    /// How many pieces of evidence concern each initiative (directly, or through its benchmarks
    /// and their measurements).
    pub evidence_counts: HashMap<Uuid, i64>,
}

impl PlanProgress {
    pub fn status_of(&self, activity_id: Uuid) -> Option<&ActivityUpdate> {
        self.statuses.get(&activity_id)
    }

    pub fn measurements_of(&self, benchmark_id: Uuid) -> impl Iterator<Item = &Measurement> {
        self.measurements
            .iter()
            .filter(move |m| m.benchmark_id == benchmark_id)
    }

    pub fn evidence_count(&self, initiative_id: Uuid) -> i64 {
        self.evidence_counts
            .get(&initiative_id)
            .copied()
            .unwrap_or(0)
    }
}

pub async fn for_plan(
    conn: &mut PgConnection,
    district_id: Uuid,
    plan_id: Uuid,
) -> sqlx::Result<PlanProgress> {
    let sql = format!(
        "SELECT DISTINCT ON (u.activity_id) {ACTIVITY_UPDATE_COLUMNS} \
         FROM activity_updates u \
         JOIN activities a ON a.district_id = u.district_id AND a.id = u.activity_id \
         JOIN initiatives i ON i.district_id = a.district_id AND i.id = a.initiative_id \
         JOIN objectives o ON o.district_id = i.district_id AND o.id = i.objective_id \
         LEFT JOIN users p ON p.id = u.recorded_by \
         WHERE u.district_id = $1 AND o.plan_id = $2 \
         ORDER BY u.activity_id, u.as_of DESC, u.recorded_at DESC"
    );
    let statuses: Vec<ActivityUpdate> = rows::by_id(&sql, district_id, plan_id)
        .fetch_all(&mut *conn)
        .await?;
    let sql = format!(
        "SELECT {MEASUREMENT_COLUMNS} FROM measurements m \
         JOIN benchmarks b ON b.district_id = m.district_id AND b.id = m.benchmark_id \
         LEFT JOIN users p ON p.id = m.recorded_by \
         WHERE m.district_id = $1 AND b.plan_id = $2 ORDER BY m.measured_on, m.recorded_at"
    );
    let measurements = rows::by_id(&sql, district_id, plan_id)
        .fetch_all(&mut *conn)
        .await?;
    let sql = format!(
        "SELECT {CONCERNS_INITIATIVE} AS initiative, count(*) FROM evidence e {CONCERNS_JOINS} \
         WHERE e.district_id = $1 AND {CONCERNS_INITIATIVE} IN ( \
         SELECT i.id FROM initiatives i JOIN objectives o ON o.district_id = i.district_id AND o.id = i.objective_id \
         WHERE i.district_id = $1 AND o.plan_id = $2) \
         GROUP BY 1"
    );
    let evidence_counts: Vec<(Uuid, i64)> = rows::by_id(&sql, district_id, plan_id)
        .fetch_all(&mut *conn)
        .await?;
    Ok(PlanProgress {
        statuses: statuses.into_iter().map(|u| (u.activity_id, u)).collect(),
        measurements,
        evidence_counts: evidence_counts.into_iter().collect(),
    })
}

/// A benchmark with what decides who may record against it and where it sits.
#[derive(Debug, Clone)]
pub struct BenchmarkInPlan {
    pub benchmark: crate::plans::model::Benchmark,
    pub plan: crate::plans::model::Plan,
    /// The linked lead of the benchmark's initiative (none for final outcomes).
    pub lead_user_id: Option<Uuid>,
    pub targets: Vec<crate::plans::model::Target>,
}

/// The benchmark `id` of the district, its plan, its initiative's linked lead and its targets
/// (3 statements), or `None` when the district has no such benchmark.
pub async fn benchmark_in_plan(
    conn: &mut PgConnection,
    district_id: Uuid,
    id: Uuid,
) -> sqlx::Result<Option<BenchmarkInPlan>> {
    let found: Option<BenchmarkRow> = rows::by_id(
        "SELECT b.id, b.plan_id, b.initiative_id, b.kind, b.rank, b.statement, b.measure, b.evidence_source, \
                b.frequency, b.unit, b.higher_is_better, b.version, i.lead_user_id \
         FROM benchmarks b LEFT JOIN initiatives i ON i.district_id = b.district_id AND i.id = b.initiative_id \
         WHERE b.district_id = $1 AND b.id = $2",
        district_id,
        id,
    )
    .fetch_optional(&mut *conn)
    .await?;
    let Some(BenchmarkRow {
        benchmark,
        lead_user_id,
    }) = found
    else {
        return Ok(None);
    };
    let Some(plan) =
        crate::plans::queries::plan(&mut *conn, district_id, benchmark.plan_id).await?
    else {
        return Ok(None);
    };
    let targets = rows::by_id(
        "SELECT id, benchmark_id, due_on, value FROM benchmark_targets \
         WHERE district_id = $1 AND benchmark_id = $2 ORDER BY due_on",
        district_id,
        id,
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(Some(BenchmarkInPlan {
        benchmark,
        plan,
        lead_user_id,
        targets,
    }))
}

#[derive(sqlx::FromRow)]
struct BenchmarkRow {
    #[sqlx(flatten)]
    benchmark: crate::plans::model::Benchmark,
    lead_user_id: Option<Uuid>,
}

/// Every measurement of one benchmark, oldest first.
pub async fn measurements_of(
    conn: &mut PgConnection,
    district_id: Uuid,
    benchmark_id: Uuid,
) -> sqlx::Result<Vec<Measurement>> {
    let sql = format!(
        "SELECT {MEASUREMENT_COLUMNS} FROM measurements m LEFT JOIN users p ON p.id = m.recorded_by \
         WHERE m.district_id = $1 AND m.benchmark_id = $2 ORDER BY m.measured_on, m.recorded_at"
    );
    rows::by_id(&sql, district_id, benchmark_id)
        .fetch_all(conn)
        .await
}

/// An activity with what decides who may update it and where it sits.
#[derive(Debug, Clone)]
pub struct ActivityInPlan {
    pub activity: crate::plans::model::Activity,
    pub plan: crate::plans::model::Plan,
    /// The linked lead of the activity's initiative.
    pub lead_user_id: Option<Uuid>,
    /// "2.1": the initiative's number in the plan.
    pub initiative_number: String,
    pub initiative_description: String,
}

#[derive(sqlx::FromRow)]
struct ActivityRow {
    #[sqlx(flatten)]
    activity: crate::plans::model::Activity,
    lead_user_id: Option<Uuid>,
    objective_number: i64,
    initiative_number: i64,
    initiative_description: String,
    plan_id: Uuid,
}

/// The activity `id` of the district with its plan and initiative (2 statements).
pub async fn activity_in_plan(
    conn: &mut PgConnection,
    district_id: Uuid,
    id: Uuid,
) -> sqlx::Result<Option<ActivityInPlan>> {
    let row: Option<ActivityRow> = rows::by_id(
        "SELECT a.id, a.initiative_id, a.rank, a.description, a.lead, a.starts_on, a.completes_on, a.resources, \
                a.frequency, a.interim_monitoring, a.version, i.lead_user_id, \
                (SELECT count(*) FROM objectives o2 WHERE o2.district_id = o.district_id AND o2.plan_id = o.plan_id \
                   AND (o2.rank, o2.created_at) <= (o.rank, o.created_at)) AS objective_number, \
                (SELECT count(*) FROM initiatives i2 WHERE i2.district_id = i.district_id AND i2.objective_id = i.objective_id \
                   AND (i2.rank, i2.created_at) <= (i.rank, i.created_at)) AS initiative_number, \
                i.description AS initiative_description, o.plan_id \
         FROM activities a \
         JOIN initiatives i ON i.district_id = a.district_id AND i.id = a.initiative_id \
         JOIN objectives o ON o.district_id = i.district_id AND o.id = i.objective_id \
         WHERE a.district_id = $1 AND a.id = $2",
        district_id,
        id,
    )
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let Some(plan) = crate::plans::queries::plan(&mut *conn, district_id, row.plan_id).await?
    else {
        return Ok(None);
    };
    Ok(Some(ActivityInPlan {
        activity: row.activity,
        plan,
        lead_user_id: row.lead_user_id,
        initiative_number: format!("{}.{}", row.objective_number, row.initiative_number),
        initiative_description: row.initiative_description,
    }))
}

/// Every status an activity has had, newest first.
pub async fn activity_history(
    conn: &mut PgConnection,
    district_id: Uuid,
    activity_id: Uuid,
) -> sqlx::Result<Vec<ActivityUpdate>> {
    let sql = format!(
        "SELECT {ACTIVITY_UPDATE_COLUMNS} FROM activity_updates u LEFT JOIN users p ON p.id = u.recorded_by \
         WHERE u.district_id = $1 AND u.activity_id = $2 ORDER BY u.as_of DESC, u.recorded_at DESC"
    );
    rows::by_id(&sql, district_id, activity_id)
        .fetch_all(conn)
        .await
}
