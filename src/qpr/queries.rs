//! Loading reports. Each function is one statement.

use sqlx::PgConnection;
use uuid::Uuid;

use super::model::{InitiativeRating, QPR_COLUMNS, Qpr, RATING_COLUMNS};

/// The report `id` of the district, or `None` (another district's id is not found).
pub async fn qpr(
    conn: &mut PgConnection,
    district_id: Uuid,
    id: Uuid,
) -> sqlx::Result<Option<Qpr>> {
    sqlx::query_as(&format!(
        "SELECT {QPR_COLUMNS} FROM qprs q LEFT JOIN users mu ON mu.id = q.monitor_id \
         WHERE q.district_id = $1 AND q.id = $2"
    ))
    .bind(district_id)
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Every report of the district, most recent period first.
pub async fn qprs(conn: &mut PgConnection, district_id: Uuid) -> sqlx::Result<Vec<Qpr>> {
    sqlx::query_as(&format!(
        "SELECT {QPR_COLUMNS} FROM qprs q LEFT JOIN users mu ON mu.id = q.monitor_id \
         WHERE q.district_id = $1 ORDER BY q.period_start DESC"
    ))
    .bind(district_id)
    .fetch_all(conn)
    .await
}

/// The initiatives' narratives and ratings of one report.
pub async fn ratings(
    conn: &mut PgConnection,
    district_id: Uuid,
    qpr_id: Uuid,
) -> sqlx::Result<Vec<InitiativeRating>> {
    sqlx::query_as(&format!(
        "SELECT {RATING_COLUMNS} FROM qpr_initiatives r WHERE r.district_id = $1 AND r.qpr_id = $2"
    ))
    .bind(district_id)
    .bind(qpr_id)
    .fetch_all(conn)
    .await
}
