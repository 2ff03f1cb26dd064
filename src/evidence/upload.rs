//! Reading a form that may carry a file. Text fields are kept as typed, so a refused upload can
//! show the form again with everything but the file; a file over the limit is read to the end
//! and dropped, so the browser still gets the answer instead of a reset connection.

use axum::body::Bytes;
use axum::extract::Multipart;
use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::http::StatusCode;

use crate::error::AppError;

/// The field that carries the file, in every evidence form.
pub const FILE_FIELD: &str = "evidence_file";

/// A chosen file, before any check.
pub struct Upload {
    pub file_name: String,
    pub bytes: Bytes,
}

/// A posted form: its text fields in order and the file, if one was chosen.
#[derive(Default)]
pub struct Posted {
    pub fields: Vec<(String, String)>,
    pub file: Option<Upload>,
    /// A file was chosen but was larger than the limit; its bytes were not kept.
    pub oversize: bool,
}

impl Posted {
    /// The first value of `name`, or "".
    pub fn get(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Whether a file was chosen at all (kept or too large).
    pub fn has_file(&self) -> bool {
        self.file.is_some() || self.oversize
    }
}

fn refused(error: MultipartError) -> AppError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::TooLarge
    } else {
        tracing::info!("unreadable form: {error}");
        AppError::BadRequest
    }
}

/// Reads every field; the file field keeps at most `max_bytes`. Handlers take the multipart
/// extractor as a `Result` and call this after their own look-ups, so a form posted to another
/// district's record is "not found" like every other page, whatever its body.
pub async fn read(
    multipart: Result<Multipart, MultipartRejection>,
    max_bytes: usize,
) -> Result<Posted, AppError> {
    let mut multipart = multipart.map_err(|rejection| {
        tracing::info!("not a multipart form: {rejection}");
        AppError::BadRequest
    })?;
    let mut posted = Posted::default();
    while let Some(mut field) = multipart.next_field().await.map_err(refused)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == FILE_FIELD {
            let file_name = field.file_name().unwrap_or_default().to_string();
            let mut bytes = Vec::new();
            let mut too_large = false;
            while let Some(chunk) = field.chunk().await.map_err(refused)? {
                if too_large || bytes.len() + chunk.len() > max_bytes {
                    too_large = true;
                    bytes = Vec::new();
                    continue;
                }
                bytes.extend_from_slice(&chunk);
            }
            // A file input left empty still sends a part with no name and no bytes.
            if too_large {
                posted.oversize = true;
            } else if !(file_name.is_empty() && bytes.is_empty()) {
                posted.file = Some(Upload {
                    file_name,
                    bytes: bytes.into(),
                });
            }
        } else {
            let value = field.text().await.map_err(refused)?;
            posted.fields.push((name, value));
        }
    }
    Ok(posted)
}
