//! Correcting a published report. Published reports are read-only, so a correction keeps the
//! published summary, narratives and ratings with the reason, takes the report off the public
//! page and returns it to the monitor as a draft that goes through review again.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::{Ids, finish, open, open_locked, process_path, report_path, wrong_state};
use crate::access::{DistrictScope, Permission};
use crate::error::Result;
use crate::qpr::model::{Qpr, QprStatus};
use crate::qpr::queries;
use crate::web::Layout;
use crate::web::forms::FieldErrors;

#[derive(Debug, Default, Deserialize)]
pub struct ReasonForm {
    #[serde(default)]
    pub reason: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "qpr/process_correct.html")]
pub struct CorrectPage {
    layout: Layout,
    path: String,
    report_path: String,
    period: String,
    revision: i32,
    reason: String,
    errors: FieldErrors,
}

async fn correct_page(
    scope: &DistrictScope,
    qpr: &Qpr,
    reason: String,
    errors: FieldErrors,
) -> CorrectPage {
    CorrectPage {
        layout: Layout::new(&scope.user, "Correct the published report", "home").await,
        path: process_path(scope, qpr.id),
        report_path: report_path(scope, qpr.id),
        period: qpr.period().label(),
        revision: qpr.revision,
        reason,
        errors,
    }
}

pub async fn correct_form(mut scope: DistrictScope, Path((_, id)): Ids) -> Result<Response> {
    let qpr = open(&mut scope, id, Permission::PublishQpr).await?;
    if qpr.status != QprStatus::Published {
        return Ok(wrong_state(&scope, &qpr, "Correcting the published report").await);
    }
    let page = correct_page(&scope, &qpr, String::new(), FieldErrors::default()).await;
    Ok(page.into_response())
}

pub async fn correct(
    mut scope: DistrictScope,
    Path((_, id)): Ids,
    Form(form): Form<ReasonForm>,
) -> Result<Response> {
    let qpr = open_locked(&mut scope, id, Permission::PublishQpr).await?;
    if qpr.status == QprStatus::Draft && qpr.revision > 1 {
        // The same correction sent twice: the first one opened the new revision.
        let message = format!(
            "Revision {} of the report was already open as a draft.",
            qpr.revision
        );
        return finish(scope, id, message).await;
    }
    if qpr.status != QprStatus::Published {
        return Ok(wrong_state(&scope, &qpr, "Correcting the published report").await);
    }
    let (reason, errors) = crate::web::forms::correction_reason(&form.reason, "published text");
    if !errors.is_empty() {
        let page = correct_page(&scope, &qpr, form.reason, errors).await;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let (district_id, user_id) = (scope.district.id, scope.user.user.id);
    let ratings = queries::ratings(scope.conn(), district_id, id).await?;
    let objectives: Vec<(uuid::Uuid, String)> = sqlx::query_as(
        "SELECT objective_id, narrative FROM qpr_objectives WHERE district_id = $1 AND qpr_id = $2",
    )
    .bind(district_id)
    .bind(id)
    .fetch_all(scope.conn())
    .await?;
    let published = json!({
        "summary": qpr.summary,
        "objectives": objectives
            .iter()
            .map(|(objective_id, narrative)| json!({ "objective_id": objective_id, "narrative": narrative }))
            .collect::<Vec<_>>(),
        "initiatives": ratings,
        "published_at": qpr.published_at,
        "presented_on": qpr.presented_on,
        "posted_at": qpr.posted_at,
    });
    sqlx::query(
        "INSERT INTO qpr_revisions (district_id, qpr_id, revision, reason, published, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(district_id)
    .bind(id)
    .bind(qpr.revision)
    .bind(&reason)
    .bind(sqlx::types::Json(&published))
    .bind(user_id)
    .execute(scope.conn())
    .await?;
    // Off the public page until it is published again: the corrected text goes through review.
    sqlx::query(
        "UPDATE qprs SET status = 'draft', revision = revision + 1, sent_to_ese_at = NULL, \
             sent_to_superintendent_at = NULL, published_at = NULL, published_by = NULL, \
             presented_on = NULL, posted_at = NULL, version = version + 1, updated_at = now() \
         WHERE district_id = $1 AND id = $2 AND status = 'published'",
    )
    .bind(district_id)
    .bind(id)
    .execute(scope.conn())
    .await?;
    let message = format!(
        "Revision {} of the report is open as a draft with the monitor and is off the public page \
         until it is published again. Revision {} is kept with your reason.",
        qpr.revision + 1,
        qpr.revision
    );
    finish(scope, id, message).await
}
