//! Criterion A, "Demonstrate improved student achievement", as the plan's own data shows it: each
//! final-outcome benchmark of the plan in force, its latest measurement, and the target it works
//! toward: the first due on or after that measurement (or today, before any), else the last.

use chrono::NaiveDate;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::calendar::date_label;
use crate::plans::model::TargetUnit;

#[derive(Debug, Clone, sqlx::FromRow)]
struct Row {
    id: Uuid,
    statement: String,
    unit: TargetUnit,
    measured: Option<f64>,
    measured_on: Option<NaiveDate>,
    target: Option<f64>,
    target_on: Option<NaiveDate>,
}

/// One final outcome, in words for the page.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub benchmark_id: Uuid,
    pub statement: String,
    /// "58% on Jun 12, 2026", or "Not yet measured".
    pub latest: String,
    /// "60% by Jun 30, 2026"; empty when the benchmark has no targets.
    pub target: String,
}

/// The final outcomes of plan `plan_id`, in the plan's order. One statement.
pub async fn final_outcomes(
    conn: &mut PgConnection,
    district_id: Uuid,
    plan_id: Uuid,
) -> sqlx::Result<Vec<Outcome>> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT b.id, b.statement, b.unit, m.value AS measured, m.measured_on, \
                t.value AS target, t.due_on AS target_on \
         FROM benchmarks b \
         LEFT JOIN LATERAL (SELECT value, measured_on FROM measurements \
                            WHERE district_id = b.district_id AND benchmark_id = b.id \
                            ORDER BY measured_on DESC, recorded_at DESC LIMIT 1) m ON true \
         LEFT JOIN LATERAL (SELECT value, due_on FROM benchmark_targets \
                            WHERE district_id = b.district_id AND benchmark_id = b.id \
                            ORDER BY (due_on < coalesce(m.measured_on, current_date)), \
                                     abs(due_on - coalesce(m.measured_on, current_date)) LIMIT 1) t ON true \
         WHERE b.district_id = $1 AND b.plan_id = $2 AND b.kind = 'final_outcome' \
         ORDER BY b.rank, b.created_at",
    )
    .bind(district_id)
    .bind(plan_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(Outcome::from).collect())
}

impl From<Row> for Outcome {
    fn from(row: Row) -> Self {
        let latest = match (row.measured, row.measured_on) {
            (Some(value), Some(on)) => format!("{} on {}", row.unit.format(value), date_label(on)),
            _ => "Not yet measured".into(),
        };
        let target = match (row.target, row.target_on) {
            (Some(value), Some(on)) => format!("{} by {}", row.unit.format(value), date_label(on)),
            _ => String::new(),
        };
        Self {
            benchmark_id: row.id,
            statement: row.statement,
            latest,
            target,
        }
    }
}
