//! The evidence part of a form (a file or a link, with a title and a date), its checks, and
//! keeping it: the file goes to the store under a key the app makes, then the row is written.

use axum::body::Bytes;
use axum::response::Response;
use chrono::NaiveDate;
use sqlx::PgConnection;
use uuid::Uuid;

use super::content::{self, FileType};
use super::model::{Attachment, EvidenceKind};
use super::upload::Posted;
use crate::access::DistrictScope;
use crate::error::Result;
use crate::storage::Storage;
use crate::web::forms::{FieldErrors, clean_line};

/// Field names shared by every form that takes evidence.
pub const TITLE: &str = "evidence_title";
pub const DATE: &str = "evidence_date";
pub const LINK: &str = "evidence_link";
pub const NOTE: &str = "evidence_note";

pub enum Source {
    File {
        file_name: String,
        file_type: FileType,
        bytes: Bytes,
    },
    Link(String),
}

pub struct EvidenceInput {
    pub title: String,
    pub evidence_on: NaiveDate,
    pub note: String,
    pub source: Source,
}

/// The evidence fields as typed, for showing the form again.
#[derive(Debug, Clone, Default)]
pub struct EvidenceFields {
    pub title: String,
    pub date: String,
    pub link: String,
    pub note: String,
}

impl EvidenceFields {
    pub fn from_posted(posted: &Posted) -> Self {
        Self {
            title: posted.get(TITLE).to_string(),
            date: posted.get(DATE).to_string(),
            link: posted.get(LINK).to_string(),
            note: posted.get(NOTE).to_string(),
        }
    }

    /// An empty form dated today.
    pub fn dated(today: NaiveDate) -> Self {
        Self {
            date: today.to_string(),
            ..Self::default()
        }
    }
}

/// Checks the evidence fields. Returns `None` when no file or link was given (and `required` is
/// false); problems are added to `errors` under the field names above and `"evidence_file"`.
pub fn validate(
    posted: &Posted,
    today: NaiveDate,
    max_bytes: usize,
    required: bool,
    errors: &mut FieldErrors,
) -> Option<EvidenceInput> {
    let fields = EvidenceFields::from_posted(posted);
    let link = fields.link.trim();
    let file_field = super::upload::FILE_FIELD;
    if !posted.has_file() && link.is_empty() {
        if required {
            errors.add(file_field, "Choose a file to upload, or give a link.");
        } else if !fields.title.trim().is_empty() {
            errors.add(
                file_field,
                "You gave evidence a title: choose its file or give its link as well.",
            );
        }
        return None;
    }
    if posted.has_file() && !link.is_empty() {
        errors.add(
            LINK,
            "Give a file or a link, not both: record them as two pieces of evidence.",
        );
        return None;
    }
    let evidence_on = match fields.date.trim() {
        "" => Some(today),
        text => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(date) if date > today => {
                errors.add(DATE, "The evidence date cannot be in the future.");
                None
            }
            Ok(date) if date.year_ce().1 < 2000 => {
                errors.add(DATE, "Check the year of the evidence date.");
                None
            }
            Ok(date) => Some(date),
            Err(_) => {
                errors.add(DATE, "Enter the date as YYYY-MM-DD, e.g. 2026-11-30.");
                None
            }
        },
    };
    let note = fields.note.trim().to_string();
    if note.chars().count() > 2000 {
        errors.add(NOTE, "Keep the note to 2,000 characters.");
    }
    let title = clean_line(&fields.title);
    if title.chars().count() > 200 {
        errors.add(TITLE, "Keep the title to 200 characters.");
    }
    let source = if posted.oversize {
        errors.add(
            file_field,
            format!(
                "The file is larger than {} MB. Choose a smaller file, or upload it elsewhere and give its link.",
                max_bytes / (1024 * 1024)
            ),
        );
        None
    } else if let Some(upload) = &posted.file {
        match content::clean_file_name(&upload.file_name)
            .map_err(String::from)
            .and_then(|name| content::detect(&upload.bytes, &name).map(|t| (name, t)))
        {
            Ok((file_name, file_type)) => Some(Source::File {
                file_name,
                file_type,
                bytes: upload.bytes.clone(),
            }),
            Err(message) => {
                errors.add(file_field, message);
                None
            }
        }
    } else {
        match check_link(link) {
            Ok(url) => Some(Source::Link(url)),
            Err(message) => {
                errors.add(LINK, message);
                None
            }
        }
    };
    let source = source?;
    let title = if title.is_empty() {
        match &source {
            Source::File { file_name, .. } => file_name
                .rsplit_once('.')
                .map_or(file_name.as_str(), |(stem, _)| stem)
                .to_string(),
            Source::Link(url) => url.clone(),
        }
    } else {
        title
    };
    // A file called ".pdf" names nothing: ask rather than store an empty title.
    if title.trim().is_empty() {
        errors.add(
            TITLE,
            "Give this evidence a title: its file name does not give one.",
        );
        return None;
    }
    Some(EvidenceInput {
        title,
        evidence_on: evidence_on?,
        note,
        source,
    })
}

use chrono::Datelike as _;

/// A link people can open: http or https, with a host.
fn check_link(text: &str) -> Result<String, &'static str> {
    if text.chars().count() > 2000 {
        return Err("Links are at most 2,000 characters.");
    }
    let url =
        url::Url::parse(text).map_err(|_| "Give the whole web address, starting with https://")?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err("Give a web address starting with https:// (or http://).");
    }
    Ok(url.to_string())
}

/// Evidence just kept: its id, and the key of its file in the store (none for a link).
pub struct Saved {
    pub id: Uuid,
    pub file: Option<String>,
}

/// Keeps the evidence. The file is stored before the row is written; if the row cannot be
/// written the file is removed again, so nothing is half-saved.
pub async fn save(
    conn: &mut PgConnection,
    storage: &Storage,
    district_id: Uuid,
    user_id: Uuid,
    input: EvidenceInput,
    attachment: Option<Attachment>,
) -> anyhow::Result<Saved> {
    let (initiative, benchmark, measurement) =
        attachment.map_or((None, None, None), |a| a.columns());
    let (kind, url, file) = match input.source {
        Source::Link(url) => (EvidenceKind::Link, Some(url), None),
        Source::File {
            file_name,
            file_type,
            bytes,
        } => {
            let key = Storage::new_key(district_id);
            let size = i64::try_from(bytes.len())?;
            storage.put(&key, bytes).await?;
            (
                EvidenceKind::File,
                None,
                Some((key, file_name, file_type.mime, size)),
            )
        }
    };
    let inserted = sqlx::query_scalar(
        "INSERT INTO evidence (district_id, title, evidence_on, kind, url, storage_key, file_name, content_type, \
                               byte_size, note, initiative_id, benchmark_id, measurement_id, uploaded_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(district_id)
    .bind(&input.title)
    .bind(input.evidence_on)
    .bind(kind)
    .bind(url)
    .bind(file.as_ref().map(|f| f.0.clone()))
    .bind(file.as_ref().map(|f| f.1.clone()))
    .bind(file.as_ref().map(|f| f.2))
    .bind(file.as_ref().map(|f| f.3))
    .bind(&input.note)
    .bind(initiative)
    .bind(benchmark)
    .bind(measurement)
    .bind(user_id)
    .fetch_one(conn)
    .await;
    match inserted {
        Ok(id) => Ok(Saved {
            id,
            file: file.map(|(key, ..)| key),
        }),
        Err(error) => {
            if let Some((key, ..)) = &file
                && let Err(cleanup) = storage.delete(key).await
            {
                tracing::warn!("could not remove {key} after a failed save: {cleanup:#}");
            }
            Err(error.into())
        }
    }
}

/// Ends the request that kept the evidence with [`DistrictScope::done`]. A commit that fails
/// takes the row with it, so the file stored for it is removed too: no file stays behind
/// without its row.
pub async fn done(
    scope: DistrictScope,
    storage: &Storage,
    saved: Option<&Saved>,
    path: &str,
    message: impl Into<String>,
) -> Result<Response> {
    let done = scope.done(path, message).await;
    if done.is_err()
        && let Some(key) = saved.and_then(|s| s.file.as_deref())
        && let Err(cleanup) = storage.delete(key).await
    {
        tracing::warn!("could not remove {key} after a failed commit: {cleanup:#}");
    }
    done
}
