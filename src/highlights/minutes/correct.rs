//! Correcting final minutes: they stay read-only, so a correction keeps the final text as it was
//! sent, with its dates and the reason, and opens the next revision as a draft that goes through
//! review again.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::checks::benchmark_notes;
use super::load;
use super::{Ids, closed, finish, minutes_path, open, open_locked};
use crate::access::{DistrictScope, Permission};
use crate::calendar::date_label;
use crate::error::Result;
use crate::highlights::model::{Discussion, MinutesStatus};
use crate::highlights::queries;
use crate::web::Layout;
use crate::web::forms::FieldErrors;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ReasonForm {
    #[serde(default)]
    pub reason: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "highlights/minutes_correct.html")]
pub struct CorrectPage {
    layout: Layout,
    minutes_path: String,
    held_on: String,
    revision: i32,
    reason: String,
    errors: FieldErrors,
}

async fn correct_page(
    scope: &DistrictScope,
    discussion: &Discussion,
    reason: String,
    errors: FieldErrors,
) -> CorrectPage {
    CorrectPage {
        layout: Layout::new(&scope.user, "Correct the final minutes", "home").await,
        minutes_path: minutes_path(scope, discussion.id),
        held_on: date_label(discussion.held_on),
        revision: discussion.revision,
        reason,
        errors,
    }
}

pub async fn correct_form(mut scope: DistrictScope, Path((_, id)): Ids) -> Result<Response> {
    let discussion = open(&mut scope, id, Permission::WriteMinutes).await?;
    if discussion.minutes_status != MinutesStatus::Final {
        return Ok(closed(&scope, &discussion, "Correcting final minutes").await);
    }
    let page = correct_page(&scope, &discussion, String::new(), FieldErrors::default()).await;
    Ok(page.into_response())
}

pub async fn correct(
    mut scope: DistrictScope,
    Path((_, id)): Ids,
    Form(form): Form<ReasonForm>,
) -> Result<Response> {
    let discussion = open_locked(&mut scope, id, Permission::WriteMinutes).await?;
    if discussion.minutes_status == MinutesStatus::Draft && discussion.revision > 1 {
        // The same correction sent twice: the first one opened the new revision.
        let message = format!(
            "Revision {} of the minutes was already open as a draft.",
            discussion.revision
        );
        return finish(scope, id, message).await;
    }
    if discussion.minutes_status != MinutesStatus::Final {
        return Ok(closed(&scope, &discussion, "Correcting final minutes").await);
    }
    let (reason, errors) = crate::web::forms::correction_reason(&form.reason, "final text");
    if !errors.is_empty() {
        let page = correct_page(&scope, &discussion, form.reason, errors).await;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let (district_id, user_id) = (scope.district.id, scope.user.user.id);
    let agenda = queries::agenda(scope.conn(), district_id, id).await?;
    let inventory = load::inventory(scope.conn(), district_id, id).await?;
    // The final minutes as they were sent, with their dates: the new round clears them.
    let mut text = discussion.minutes_text();
    text["benchmark_notes"] = benchmark_notes(&agenda)
        .iter()
        .map(|n| serde_json::json!({ "statement": n.statement, "note": n.note }))
        .collect();
    text["evidence"] = inventory.iter().map(|e| e.title.clone()).collect();
    text["sent_for_review_at"] = serde_json::json!(discussion.sent_for_review_at);
    text["sent_for_review_by"] = serde_json::json!(discussion.sent_for_review_by_name);
    text["finalised_at"] = serde_json::json!(discussion.finalised_at);
    text["distributed_to"] = serde_json::json!(discussion.distributed_to.0);
    sqlx::query(
        "INSERT INTO minutes_revisions (district_id, discussion_id, revision, reason, final_text, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(district_id)
    .bind(id)
    .bind(discussion.revision)
    .bind(&reason)
    .bind(sqlx::types::Json(&text))
    .bind(user_id)
    .execute(scope.conn())
    .await?;
    sqlx::query(
        "UPDATE highlight_discussions SET minutes_status = 'draft', revision = revision + 1, \
             sent_for_review_at = NULL, sent_for_review_by = NULL, finalised_at = NULL, finalised_by = NULL, \
             distributed_to = '[]', version = version + 1, updated_at = now() \
         WHERE district_id = $1 AND id = $2 AND minutes_status = 'final'",
    )
    .bind(district_id)
    .bind(id)
    .execute(scope.conn())
    .await?;
    let message = format!(
        "Revision {} of the minutes is open as a draft. Revision {} is kept with your reason.",
        discussion.revision + 1,
        discussion.revision
    );
    finish(scope, id, message).await
}
