//! Loading progress for a whole plan in a fixed number of statements, for the plan page.

use std::collections::HashMap;

use sqlx::PgConnection;
use uuid::Uuid;

use super::model::{ACTIVITY_UPDATE_COLUMNS, ActivityUpdate, MEASUREMENT_COLUMNS, Measurement};

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
    let statuses: Vec<ActivityUpdate> = sqlx::query_as(&format!(
        "SELECT DISTINCT ON (u.activity_id) {ACTIVITY_UPDATE_COLUMNS} \
         FROM activity_updates u \
         JOIN activities a ON a.district_id = u.district_id AND a.id = u.activity_id \
         JOIN initiatives i ON i.district_id = a.district_id AND i.id = a.initiative_id \
         JOIN objectives o ON o.district_id = i.district_id AND o.id = i.objective_id \
         LEFT JOIN users p ON p.id = u.recorded_by \
         WHERE u.district_id = $1 AND o.plan_id = $2 \
         ORDER BY u.activity_id, u.as_of DESC, u.recorded_at DESC"
    ))
    .bind(district_id)
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    let measurements = sqlx::query_as(&format!(
        "SELECT {MEASUREMENT_COLUMNS} FROM measurements m \
         JOIN benchmarks b ON b.district_id = m.district_id AND b.id = m.benchmark_id \
         LEFT JOIN users p ON p.id = m.recorded_by \
         WHERE m.district_id = $1 AND b.plan_id = $2 ORDER BY m.measured_on, m.recorded_at"
    ))
    .bind(district_id)
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    let evidence_counts: Vec<(Uuid, i64)> = sqlx::query_as(
        "SELECT coalesce(e.initiative_id, b.initiative_id, mb.initiative_id) AS initiative, count(*) \
         FROM evidence e \
         LEFT JOIN benchmarks b ON b.district_id = e.district_id AND b.id = e.benchmark_id \
         LEFT JOIN measurements m ON m.district_id = e.district_id AND m.id = e.measurement_id \
         LEFT JOIN benchmarks mb ON mb.district_id = m.district_id AND mb.id = m.benchmark_id \
         WHERE e.district_id = $1 AND coalesce(e.initiative_id, b.initiative_id, mb.initiative_id) IN ( \
             SELECT i.id FROM initiatives i JOIN objectives o ON o.district_id = i.district_id AND o.id = i.objective_id \
             WHERE i.district_id = $1 AND o.plan_id = $2) \
         GROUP BY 1",
    )
    .bind(district_id)
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(PlanProgress {
        statuses: statuses.into_iter().map(|u| (u.activity_id, u)).collect(),
        measurements,
        evidence_counts: evidence_counts.into_iter().collect(),
    })
}
