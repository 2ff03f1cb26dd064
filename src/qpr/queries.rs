//! Loading reports. Each function is one statement.

use sqlx::PgConnection;
use uuid::Uuid;

use super::model::{InitiativeRating, QPR_COLUMNS, Qpr, RATING_COLUMNS};
use crate::db::scoped;
use crate::web::open::Owned;

impl Owned for Qpr {
    const TABLE: &'static str = "qprs";

    fn select() -> String {
        format!(
            "SELECT {QPR_COLUMNS} FROM qprs q LEFT JOIN users mu ON mu.id = q.monitor_id \
             WHERE q.district_id = $1 AND q.id = $2"
        )
    }
}

/// The report `id` of the district, or `None` (another district's id is not found).
pub async fn qpr(
    conn: &mut PgConnection,
    district_id: Uuid,
    id: Uuid,
) -> sqlx::Result<Option<Qpr>> {
    Qpr::find(conn, district_id, id).await
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

/// The objectives' narratives of one report: objective and narrative.
pub async fn narratives(
    conn: &mut PgConnection,
    district_id: Uuid,
    qpr_id: Uuid,
) -> sqlx::Result<Vec<(Uuid, String)>> {
    let sql =
        "SELECT objective_id, narrative FROM qpr_objectives WHERE district_id = $1 AND qpr_id = $2";
    scoped::all(conn, sql, district_id, qpr_id).await
}

/// The narrative that `narratives` holds for `id` (an objective, as [`narratives`] reads them, or
/// a final outcome), or nothing when none has been written.
pub fn narrative_in(narratives: &[(Uuid, String)], id: Uuid) -> &str {
    narratives
        .iter()
        .find(|(o, _)| *o == id)
        .map_or("", |(_, n)| n.as_str())
}

/// The initiatives' narratives and ratings of one report.
pub async fn ratings(
    conn: &mut PgConnection,
    district_id: Uuid,
    qpr_id: Uuid,
) -> sqlx::Result<Vec<InitiativeRating>> {
    let sql = format!(
        "SELECT {RATING_COLUMNS} FROM qpr_initiatives r WHERE r.district_id = $1 AND r.qpr_id = $2"
    );
    scoped::all(conn, &sql, district_id, qpr_id).await
}
