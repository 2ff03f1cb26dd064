//! Loading discussions, their reviews and their agendas. Each function is one statement.

use sqlx::PgConnection;
use uuid::Uuid;

use super::model::{DISCUSSION_COLUMNS, Discussion, REVIEW_COLUMNS, Review};
use crate::db::scoped;
use crate::web::open::Owned;

impl Owned for Discussion {
    const TABLE: &'static str = "highlight_discussions";

    fn select() -> String {
        format!(
            "SELECT {DISCUSSION_COLUMNS} FROM highlight_discussions h \
             LEFT JOIN users s ON s.id = h.sent_for_review_by WHERE h.district_id = $1 AND h.id = $2"
        )
    }
}

/// Every discussion of the district, most recent first.
pub async fn discussions(
    conn: &mut PgConnection,
    district_id: Uuid,
) -> sqlx::Result<Vec<Discussion>> {
    sqlx::query_as(&format!(
        "SELECT {DISCUSSION_COLUMNS} FROM highlight_discussions h \
         LEFT JOIN users s ON s.id = h.sent_for_review_by WHERE h.district_id = $1 \
         ORDER BY h.held_on DESC, h.starts_at DESC NULLS LAST"
    ))
    .bind(district_id)
    .fetch_all(conn)
    .await
}

/// The answers to a discussion's minutes, every revision, oldest first.
pub async fn reviews(
    conn: &mut PgConnection,
    district_id: Uuid,
    discussion_id: Uuid,
) -> sqlx::Result<Vec<Review>> {
    let sql = format!(
        "SELECT {REVIEW_COLUMNS} FROM minutes_reviews r LEFT JOIN users u ON u.id = r.reviewer_id \
         WHERE r.district_id = $1 AND r.discussion_id = $2 ORDER BY r.reviewed_at"
    );
    scoped::all(conn, &sql, district_id, discussion_id).await
}

/// The answers to every discussion of the district (for lists that flag overdue reviews).
pub async fn all_reviews(conn: &mut PgConnection, district_id: Uuid) -> sqlx::Result<Vec<Review>> {
    sqlx::query_as(&format!(
        "SELECT {REVIEW_COLUMNS} FROM minutes_reviews r LEFT JOIN users u ON u.id = r.reviewer_id \
         WHERE r.district_id = $1 ORDER BY r.reviewed_at"
    ))
    .bind(district_id)
    .fetch_all(conn)
    .await
}

/// One item of an agenda: an initiative, a benchmark or a piece of evidence, with its wording.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AgendaItem {
    pub id: Uuid,
    pub initiative_id: Option<Uuid>,
    pub benchmark_id: Option<Uuid>,
    pub evidence_id: Option<Uuid>,
    /// The initiative's description, the benchmark's statement or the evidence's title.
    pub wording: String,
    /// For a benchmark, its initiative (none for final outcomes); for an initiative, itself.
    pub concerns_initiative: Option<Uuid>,
    /// Section 1 of the minutes for this benchmark.
    pub minutes_note: String,
}

pub async fn agenda(
    conn: &mut PgConnection,
    district_id: Uuid,
    discussion_id: Uuid,
) -> sqlx::Result<Vec<AgendaItem>> {
    let sql = "SELECT a.id, a.initiative_id, a.benchmark_id, a.evidence_id, \
                coalesce(i.description, b.statement, e.title, '') AS wording, \
                coalesce(a.initiative_id, b.initiative_id) AS concerns_initiative, a.minutes_note \
         FROM discussion_agenda_items a \
         LEFT JOIN initiatives i ON i.district_id = a.district_id AND i.id = a.initiative_id \
         LEFT JOIN benchmarks b ON b.district_id = a.district_id AND b.id = a.benchmark_id \
         LEFT JOIN evidence e ON e.district_id = a.district_id AND e.id = a.evidence_id \
         WHERE a.district_id = $1 AND a.discussion_id = $2 \
         ORDER BY (a.evidence_id IS NOT NULL), coalesce(i.description, b.statement, e.title)";
    scoped::all(conn, sql, district_id, discussion_id).await
}
