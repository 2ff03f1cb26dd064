//! What the workflow reads: the report's passages numbered through the plan tree, its rating
//! gaps in words, its comments, and evidence requests with what answered them.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::calendar::{date_label, local_date};
use crate::db::scoped;
use crate::error::{AppError, Result};
use crate::plans::model::PlanTree;
use crate::qpr::model::{Qpr, rating_gaps, summative_gaps};
use crate::qpr::queries;

/// "Initiative 1.2 has no Performance rating", for every gap that keeps the report in review.
pub async fn gaps(conn: &mut PgConnection, qpr: &Qpr, tree: &PlanTree) -> Result<Vec<String>> {
    let ratings = queries::ratings(&mut *conn, qpr.district_id, qpr.id).await?;
    let ids: Vec<Uuid> = tree.initiatives.iter().map(|i| i.id).collect();
    let gaps = rating_gaps(&ids, &ratings).into_iter().map(|gap| {
        let number = tree
            .initiatives
            .iter()
            .find(|i| i.id == gap.initiative_id)
            .map(|i| tree.initiative_number(i))
            .unwrap_or_default();
        format!("Initiative {number} {}", gap.problem)
    });
    Ok(gaps.chain(summative_gaps(qpr)).collect())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Comment {
    pub id: Uuid,
    pub kind: String,
    pub passage: String,
    pub body: String,
    pub author_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub resolution: Option<String>,
    pub response: String,
    pub resolver_name: Option<String>,
    pub resolved_at: Option<DateTime<Utc>>,
}

impl Comment {
    pub fn kind_label(&self) -> &'static str {
        if self.kind == "factual_correction" {
            "Factual correction"
        } else {
            "Review comment"
        }
    }

    pub fn written_on(&self) -> String {
        date_label(local_date(self.created_at))
    }

    pub fn resolved_on(&self) -> String {
        self.resolved_at
            .map(|at| date_label(local_date(at)))
            .unwrap_or_default()
    }

    pub fn is_open(&self) -> bool {
        self.resolution.is_none()
    }
}

pub async fn comments(conn: &mut PgConnection, qpr: &Qpr) -> Result<Vec<Comment>> {
    Ok(sqlx::query_as(
        "SELECT c.id, c.kind::text AS kind, c.passage, c.body, a.name AS author_name, c.created_at, \
                c.resolution::text AS resolution, c.response, r.name AS resolver_name, c.resolved_at \
         FROM qpr_comments c LEFT JOIN users a ON a.id = c.author_id LEFT JOIN users r ON r.id = c.resolved_by \
         WHERE c.district_id = $1 AND c.qpr_id = $2 ORDER BY c.created_at, c.id",
    )
    .bind(qpr.district_id)
    .bind(qpr.id)
    .fetch_all(conn)
    .await?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Request {
    pub id: Uuid,
    pub qpr_id: Option<Uuid>,
    pub kind: String,
    pub description: String,
    pub requester_name: Option<String>,
    pub requested_at: DateTime<Utc>,
    pub due_on: NaiveDate,
    pub answered_at: Option<DateTime<Utc>>,
    pub answerer_name: Option<String>,
    pub answer_note: String,
    pub qpr_period: Option<NaiveDate>,
}

impl Request {
    pub fn kind_label(&self) -> &'static str {
        match self.kind.as_str() {
            "interview" => "Interview",
            "visit" => "Visit",
            _ => "Documents",
        }
    }

    pub fn requested_on(&self) -> String {
        date_label(local_date(self.requested_at))
    }

    pub fn due_label(&self) -> String {
        date_label(self.due_on)
    }

    pub fn answered_on(&self) -> String {
        self.answered_at
            .map(|at| date_label(local_date(at)))
            .unwrap_or_default()
    }

    pub fn is_open(&self) -> bool {
        self.answered_at.is_none()
    }

    pub fn is_overdue(&self, today: &NaiveDate) -> bool {
        self.is_open() && *today > self.due_on
    }

    pub fn report_label(&self) -> String {
        self.qpr_period
            .map(|start| crate::calendar::QprPeriod::containing(start).title())
            .unwrap_or_default()
    }
}

const REQUEST_COLUMNS: &str = "e.id, e.qpr_id, e.kind::text AS kind, e.description, rq.name AS requester_name, \
     e.requested_at, e.due_on, e.answered_at, an.name AS answerer_name, e.answer_note, q.period_start AS qpr_period \
     FROM evidence_requests e LEFT JOIN users rq ON rq.id = e.requested_by \
     LEFT JOIN users an ON an.id = e.answered_by LEFT JOIN qprs q ON q.id = e.qpr_id";

/// Open requests first, by due date; then answered ones, most recently answered first.
pub async fn requests(
    conn: &mut PgConnection,
    district_id: Uuid,
    qpr_id: Option<Uuid>,
) -> Result<Vec<Request>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {REQUEST_COLUMNS} WHERE e.district_id = $1 AND ($2::uuid IS NULL OR e.qpr_id = $2) \
         ORDER BY (e.answered_at IS NOT NULL), e.due_on, e.answered_at DESC, e.requested_at"
    ))
    .bind(district_id)
    .bind(qpr_id)
    .fetch_all(conn)
    .await?)
}

pub async fn request(conn: &mut PgConnection, district_id: Uuid, id: Uuid) -> Result<Request> {
    scoped::optional(
        conn,
        &format!("SELECT {REQUEST_COLUMNS} WHERE e.district_id = $1 AND e.id = $2"),
        district_id,
        id,
    )
    .await?
    .ok_or(AppError::NotFound)
}

/// Evidence attached to an answer, or offered in the library.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EvidenceItem {
    pub request_id: Option<Uuid>,
    pub id: Uuid,
    pub title: String,
    pub evidence_on: NaiveDate,
}

impl EvidenceItem {
    pub fn date(&self) -> String {
        date_label(self.evidence_on)
    }
}

pub async fn answers(conn: &mut PgConnection, district_id: Uuid) -> Result<Vec<EvidenceItem>> {
    Ok(sqlx::query_as(
        "SELECT a.request_id, v.id, v.title, v.evidence_on FROM evidence_request_answers a \
         JOIN evidence v ON v.district_id = a.district_id AND v.id = a.evidence_id \
         WHERE a.district_id = $1 ORDER BY v.evidence_on DESC, v.title",
    )
    .bind(district_id)
    .fetch_all(conn)
    .await?)
}

/// The library's most recent items, to choose from when answering.
pub const LIBRARY_CHOICES: i64 = 100;

pub async fn library(conn: &mut PgConnection, district_id: Uuid) -> Result<Vec<EvidenceItem>> {
    Ok(sqlx::query_as(
        "SELECT NULL::uuid AS request_id, v.id, v.title, v.evidence_on FROM evidence v \
         WHERE v.district_id = $1 ORDER BY v.uploaded_at DESC, v.title LIMIT $2",
    )
    .bind(district_id)
    .bind(LIBRARY_CHOICES)
    .fetch_all(conn)
    .await?)
}
