//! What the minutes pages read besides the discussion: neighbouring discussions, the evidence
//! inventory, the library to choose from, who receives the final minutes, earlier revisions.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::access::DistrictRole;
use crate::calendar::date_label;
use crate::db::scoped;
use crate::evidence;
use crate::evidence::model::{CONCERNS_INITIATIVE, CONCERNS_JOINS, EvidenceKind};
use crate::highlights::model::{EseContactKind, Recipient};

/// The dates of the district's discussions before and after the one held on `held_on`.
pub async fn neighbours(
    conn: &mut PgConnection,
    district_id: Uuid,
    id: Uuid,
    held_on: NaiveDate,
) -> sqlx::Result<(Option<NaiveDate>, Option<NaiveDate>)> {
    sqlx::query_as(
        "SELECT max(held_on) FILTER (WHERE held_on < $3), min(held_on) FILTER (WHERE held_on > $3) \
         FROM highlight_discussions WHERE district_id = $1 AND id <> $2",
    )
    .bind(district_id)
    .bind(id)
    .bind(held_on)
    .fetch_one(conn)
    .await
}

/// A piece of evidence as the minutes list it, with the initiative it concerns.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EvidenceRow {
    pub id: Uuid,
    pub title: String,
    pub evidence_on: NaiveDate,
    pub kind: EvidenceKind,
    pub url: Option<String>,
    /// Its own initiative, its benchmark's or its measurement's benchmark's.
    pub initiative_id: Option<Uuid>,
    pub initiative_description: Option<String>,
}

impl EvidenceRow {
    pub fn date(&self) -> String {
        date_label(self.evidence_on)
    }

    pub fn href(&self, slug: &str) -> String {
        evidence::model::href(slug, self.id, self.kind, self.url.as_deref())
    }
}

/// Evidence with the initiative it concerns and whether these minutes inventory it.
fn evidence_select() -> String {
    format!(
        "SELECT e.id, e.title, e.evidence_on, e.kind, e.url, {CONCERNS_INITIATIVE} AS initiative_id, \
                i.description AS initiative_description \
         FROM evidence e {CONCERNS_JOINS} \
         LEFT JOIN initiatives i ON i.district_id = e.district_id AND i.id = {CONCERNS_INITIATIVE} \
         LEFT JOIN minutes_evidence me ON me.district_id = e.district_id AND me.evidence_id = e.id \
             AND me.discussion_id = $2"
    )
}

/// Section 1a: the evidence chosen for this discussion's minutes.
pub async fn inventory(
    conn: &mut PgConnection,
    district_id: Uuid,
    discussion_id: Uuid,
) -> sqlx::Result<Vec<EvidenceRow>> {
    scoped::all(
        conn,
        &format!(
            "{} WHERE e.district_id = $1 AND me.evidence_id IS NOT NULL \
         ORDER BY e.evidence_on DESC, e.title",
            evidence_select()
        ),
        district_id,
        discussion_id,
    )
    .await
}

/// How many of the library's most recent pieces the form offers (the chosen ones always are).
pub const LIBRARY_LIMIT: i64 = 150;

/// The district's evidence library to choose from, most recent first, with those in the
/// inventory (or in `also`, what the person ticked) included whatever their age.
pub async fn library(
    conn: &mut PgConnection,
    district_id: Uuid,
    discussion_id: Uuid,
    also: &[Uuid],
) -> sqlx::Result<Vec<EvidenceRow>> {
    sqlx::query_as(&format!(
        "{} WHERE e.district_id = $1 AND (me.evidence_id IS NOT NULL \
             OR e.id = ANY($3) \
             OR e.id IN (SELECT id FROM evidence WHERE district_id = $1 \
                         ORDER BY evidence_on DESC, uploaded_at DESC LIMIT $4)) \
         ORDER BY e.evidence_on DESC, e.uploaded_at DESC",
        evidence_select()
    ))
    .bind(district_id)
    .bind(discussion_id)
    .bind(also)
    .bind(LIBRARY_LIMIT)
    .fetch_all(conn)
    .await
}

#[derive(sqlx::FromRow)]
struct RecipientRow {
    name: String,
    email: String,
    role: Option<DistrictRole>,
    kind: Option<EseContactKind>,
}

/// Who receives the final minutes: the district's superintendent(s) and plan monitor(s), and its
/// ESE contacts. One entry per person, naming every capacity they receive it in.
pub async fn recipients(
    conn: &mut PgConnection,
    district_id: Uuid,
) -> sqlx::Result<Vec<Recipient>> {
    let rows: Vec<RecipientRow> = sqlx::query_as(
        "SELECT u.name, u.email, r.role, NULL::ese_contact_kind AS kind \
         FROM district_roles r JOIN users u ON u.id = r.user_id \
         WHERE r.district_id = $1 AND r.role IN ('superintendent', 'plan_monitor') AND u.active \
         UNION ALL \
         SELECT u.name, u.email, NULL, c.kind \
         FROM district_ese_contacts c JOIN users u ON u.id = c.user_id \
         WHERE c.district_id = $1 AND u.active \
         ORDER BY 3 NULLS LAST, 4, 1",
    )
    .bind(district_id)
    .fetch_all(conn)
    .await?;
    let mut out: Vec<Recipient> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in rows {
        let role = match (row.role, row.kind) {
            (Some(role), _) => role.label(),
            (None, Some(kind)) => kind.label(),
            (None, None) => continue,
        };
        match seen.get(&row.email) {
            Some(&at) => out[at].role = format!("{}, {role}", out[at].role),
            None => {
                seen.insert(row.email.clone(), out.len());
                out.push(Recipient {
                    name: row.name,
                    email: row.email,
                    role: role.to_string(),
                });
            }
        }
    }
    Ok(out)
}

/// A correction of final minutes: the final text as it read, and why it was reopened.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RevisionRow {
    pub revision: i32,
    pub reason: String,
    pub final_text: sqlx::types::Json<serde_json::Value>,
    pub created_by_name: String,
    pub created_at: DateTime<Utc>,
}

pub async fn revisions(
    conn: &mut PgConnection,
    district_id: Uuid,
    discussion_id: Uuid,
) -> sqlx::Result<Vec<RevisionRow>> {
    let sql = "SELECT v.revision, v.reason, v.final_text, coalesce(u.name, '') AS created_by_name, v.created_at \
         FROM minutes_revisions v LEFT JOIN users u ON u.id = v.created_by \
         WHERE v.district_id = $1 AND v.discussion_id = $2 ORDER BY v.revision DESC";
    scoped::all(conn, sql, district_id, discussion_id).await
}
