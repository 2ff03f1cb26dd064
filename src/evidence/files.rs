//! Downloading an evidence file, and removing a piece of evidence with its file.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use super::model::{EVIDENCE_COLUMNS, Evidence};
use super::pages::{CONCERNS_INITIATIVE, CONCERNS_JOINS, library_path};
use crate::access::{DistrictScope, Permission};
use crate::db::scoped;
use crate::error::{AppError, Result};
use crate::state::AppState;
use crate::web::Layout;
use crate::web::open::Ids;

/// Only files of this district are found; another district's id, or a link, is not found.
pub async fn download(
    mut scope: DistrictScope,
    State(state): State<AppState>,
    Path((_, id)): Ids,
) -> Result<Response> {
    scope.require(Permission::ViewPlan)?;
    let district_id = scope.district.id;
    let (key, file_name, content_type): (String, String, String) = scoped::optional(
        scope.conn(),
        "SELECT storage_key, file_name, content_type FROM evidence \
         WHERE district_id = $1 AND id = $2 AND kind = 'file'",
        district_id,
        id,
    )
    .await?
    .ok_or(AppError::NotFound)?;
    let bytes = state.evidence.get(&key).await?;
    let headers = [
        (header::CONTENT_TYPE, content_type),
        (header::CONTENT_DISPOSITION, content_disposition(&file_name)),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".into()),
        (header::CACHE_CONTROL, "private, no-store".into()),
    ];
    Ok((headers, bytes).into_response())
}

/// `attachment`, with an ASCII name for old browsers and the real one (RFC 6266, RFC 8187).
fn content_disposition(file_name: &str) -> String {
    let fallback: String = file_name
        .chars()
        .map(|c| {
            if c == ' ' || (c.is_ascii_graphic() && c != '"' && c != '\\') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for byte in file_name.bytes() {
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

#[derive(sqlx::FromRow)]
struct Found {
    #[sqlx(flatten)]
    evidence: Evidence,
    uploaded_by: Option<Uuid>,
    storage_key: Option<String>,
    lead_user_id: Option<Uuid>,
}

/// The evidence `id` of the district, if the person may remove it: people who record progress
/// anywhere, or the person who added it while they may still record for its initiative.
async fn removable(scope: &mut DistrictScope, id: Uuid) -> Result<Found> {
    scope.require(Permission::ViewPlan)?;
    let district_id = scope.district.id;
    let sql = format!(
        "SELECT {EVIDENCE_COLUMNS}, e.uploaded_by, e.storage_key, ci.lead_user_id \
         FROM evidence e LEFT JOIN users p ON p.id = e.uploaded_by {CONCERNS_JOINS} \
         LEFT JOIN initiatives ci ON ci.district_id = e.district_id AND ci.id = {CONCERNS_INITIATIVE} \
         WHERE e.district_id = $1 AND e.id = $2"
    );
    let found: Found = scoped::optional(scope.conn(), &sql, district_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let uploader = found.uploaded_by == Some(scope.user.user.id);
    if scope.can(Permission::RecordProgress) || (uploader && scope.may_record(found.lead_user_id)) {
        Ok(found)
    } else {
        Err(AppError::Forbidden)
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "evidence/confirm_remove.html")]
pub struct RemovePage {
    layout: Layout,
    library_path: String,
    action: String,
    title: String,
    consequence: String,
}

pub async fn remove_form(mut scope: DistrictScope, Path((_, id)): Ids) -> Result<RemovePage> {
    let found = removable(&mut scope, id).await?;
    let library = library_path(&scope);
    let e = &found.evidence;
    let consequence = match &e.file_name {
        Some(name) => format!(
            "The file “{name}” will be deleted. Minutes and reports that cite it will no longer link to it."
        ),
        None => "The link will be removed from the library. Minutes and reports that cite it keep the address.".into(),
    };
    Ok(RemovePage {
        layout: Layout::new(&scope.user, "Remove evidence", "plan").await,
        action: format!("{library}/{id}/remove"),
        library_path: library,
        title: e.title.clone(),
        consequence,
    })
}

pub async fn remove(
    mut scope: DistrictScope,
    State(state): State<AppState>,
    Path((_, id)): Ids,
) -> Result<Response> {
    let found = removable(&mut scope, id).await?;
    let district_id = scope.district.id;
    let sql = "DELETE FROM evidence WHERE district_id = $1 AND id = $2";
    scoped::execute(scope.conn(), sql, district_id, id).await?;
    let library = library_path(&scope);
    let message = format!(
        "“{}” was removed from the evidence library.",
        found.evidence.title
    );
    // The row goes first: a file left behind by a failed delete is only wasted space, while a
    // row whose file is gone would offer a broken download.
    let done = scope.done(&library, message).await?;
    if let Some(key) = &found.storage_key
        && let Err(error) = state.evidence.delete(key).await
    {
        tracing::warn!("evidence {id} was removed but its file {key} was not: {error:#}");
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::content_disposition;

    #[test]
    fn names_are_offered_safely_in_both_forms() {
        assert_eq!(
            content_disposition("ELA walkthrough.pdf"),
            "attachment; filename=\"ELA walkthrough.pdf\"; filename*=UTF-8''ELA%20walkthrough.pdf"
        );
        assert_eq!(
            content_disposition("Résumé \"final\".pdf"),
            "attachment; filename=\"R_sum_ _final_.pdf\"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22.pdf"
        );
    }
}
