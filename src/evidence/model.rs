//! Evidence as stored, and what it is attached to.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[sqlx(type_name = "evidence_kind", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    File,
    Link,
}

impl EvidenceKind {
    pub fn key(self) -> &'static str {
        match self {
            Self::File => "file",
            Self::Link => "link",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::File => "File",
            Self::Link => "Link",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        [Self::File, Self::Link]
            .into_iter()
            .find(|k| k.key() == key)
    }
}

/// What a piece of evidence is about. At most one; none once that part of the plan is removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attachment {
    Initiative(Uuid),
    Benchmark(Uuid),
    Measurement(Uuid),
}

impl Attachment {
    /// The (initiative, benchmark, measurement) columns.
    pub fn columns(self) -> (Option<Uuid>, Option<Uuid>, Option<Uuid>) {
        match self {
            Self::Initiative(id) => (Some(id), None, None),
            Self::Benchmark(id) => (None, Some(id), None),
            Self::Measurement(id) => (None, None, Some(id)),
        }
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Evidence {
    pub id: Uuid,
    pub title: String,
    pub evidence_on: NaiveDate,
    pub kind: EvidenceKind,
    pub url: Option<String>,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub byte_size: Option<i64>,
    pub note: String,
    pub initiative_id: Option<Uuid>,
    pub benchmark_id: Option<Uuid>,
    pub measurement_id: Option<Uuid>,
    pub uploaded_by_name: String,
    pub uploaded_at: DateTime<Utc>,
}

/// Columns for [`Evidence`] from `evidence e LEFT JOIN users p ON p.id = e.uploaded_by`.
pub const EVIDENCE_COLUMNS: &str = "e.id, e.title, e.evidence_on, e.kind, e.url, e.file_name, e.content_type, \
     e.byte_size, e.note, e.initiative_id, e.benchmark_id, e.measurement_id, \
     coalesce(p.name, '') AS uploaded_by_name, e.uploaded_at";

impl Evidence {
    /// "2.4 MB", "380 KB": for lists.
    pub fn size_label(&self) -> String {
        self.byte_size.map(size_label).unwrap_or_default()
    }
}

pub fn size_label(bytes: i64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b >= KB * KB {
        format!("{:.1} MB", b / (KB * KB))
    } else if b >= KB {
        format!("{:.0} KB", b / KB)
    } else {
        format!("{bytes} bytes")
    }
}

/// Joins from `evidence e` to the initiative each piece concerns: its own, its benchmark's, or
/// its measurement's benchmark's.
pub const CONCERNS_JOINS: &str = "LEFT JOIN benchmarks b ON b.district_id = e.district_id AND b.id = e.benchmark_id \
     LEFT JOIN measurements m ON m.district_id = e.district_id AND m.id = e.measurement_id \
     LEFT JOIN benchmarks mb ON mb.district_id = m.district_id AND mb.id = m.benchmark_id";

/// The initiative a piece of evidence concerns, given [`CONCERNS_JOINS`].
pub const CONCERNS_INITIATIVE: &str =
    "coalesce(e.initiative_id, b.initiative_id, mb.initiative_id)";

/// Where a piece of evidence of district `slug` opens: the link itself, or the stored file.
pub fn href(slug: &str, id: Uuid, kind: EvidenceKind, url: Option<&str>) -> String {
    match (kind, url) {
        (EvidenceKind::Link, Some(url)) => url.to_string(),
        _ => format!("/districts/{slug}/evidence/{id}/file"),
    }
}

/// Whether each of `ids` is evidence of the district: what a form picked from a library is checked
/// before anything is saved, so another district's evidence is never attached.
pub async fn all_of_district(
    conn: &mut PgConnection,
    district_id: Uuid,
    ids: &[Uuid],
) -> sqlx::Result<bool> {
    let found: i64 =
        sqlx::query_scalar("SELECT count(*) FROM evidence WHERE district_id = $1 AND id = ANY($2)")
            .bind(district_id)
            .bind(ids)
            .fetch_one(conn)
            .await?;
    Ok(found == ids.len() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size_label(512), "512 bytes");
        assert_eq!(size_label(380 * 1024), "380 KB");
        assert_eq!(size_label(20 * 1024 * 1024), "20.0 MB");
    }
}
