//! Comments on a passage: review comments from ESE while the report is in review, factual
//! corrections from the superintendent while it is with them. The monitor accepts or answers each.

use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use uuid::Uuid;

use super::page::{Outcome, render};
use super::{Ids, finish, load, wrong_state};
use crate::access::{DistrictScope, Permission};
use crate::error::{AppError, Result};
use crate::notify::{notices, notify_scope};
use crate::qpr::model::{Qpr, QprStatus};
use crate::qpr::passages::{self, BODY_MAX, CommentForm, passages};
use crate::web::forms::FieldErrors;
use crate::web::once::{self, Claim};

pub async fn add(
    mut scope: DistrictScope,
    Path((_, id)): Ids,
    Form(form): Form<CommentForm>,
) -> Result<Response> {
    let qpr: Qpr = scope.open(id, Permission::ViewPlan).await?;
    let (kind, permission) = match qpr.status {
        QprStatus::FactualReview => ("factual_correction", Permission::CorrectQprFacts),
        _ => ("review", Permission::ReviewQpr),
    };
    scope.require(permission)?;
    if !matches!(qpr.status, QprStatus::EseReview | QprStatus::FactualReview) {
        return Err(wrong_state(&scope, &qpr, "Commenting on the report"));
    }
    let tree = passages::tree(scope.conn(), &qpr).await?;
    let (body, errors) = form.check(&passages(&tree));
    if !errors.is_empty() {
        let outcome = Outcome {
            passage: form.passage,
            body: form.body.into_string(),
            errors,
            ..Outcome::default()
        };
        return render(scope, qpr, outcome, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    // The same comment sent twice (a double click) is added, and its notice sent, once.
    let token = match scope.claim_once(&form.form_token).await? {
        Claim::First(token) => token,
        Claim::Repeat(first) => return Ok(first),
    };
    let path = super::process_path(&scope, id);
    once::record(scope.conn(), token, &path).await?;
    sqlx::query(
        "INSERT INTO qpr_comments (district_id, qpr_id, kind, passage, body, author_id) \
         VALUES ($1, $2, $3::qpr_comment_kind, $4, $5, $6)",
    )
    .bind(scope.district.id)
    .bind(id)
    .bind(kind)
    .bind(&form.passage)
    .bind(&body)
    .bind(scope.user.user.id)
    .execute(scope.conn())
    .await?;
    let notice = if kind == "review" {
        let d = &scope.district;
        notices::qpr_review_comment(
            d.id,
            &d.name,
            &d.slug,
            id,
            qpr.period_start,
            &scope.user.user.name,
            &body,
        )
    } else {
        notices::qpr_correction_suggested(&scope.district, id, qpr.period_start, &body)
    };
    notify_scope(&mut scope, &notice).await?;
    let message = if kind == "review" {
        "Your review comment was added; the monitor will accept or answer it."
    } else {
        "Your factual correction was added; the monitor will accept or answer it before ESE publishes."
    };
    finish(scope, id, message.into()).await
}

#[derive(Debug, Default, Deserialize)]
pub struct ResolveForm {
    #[serde(default)]
    pub resolution: String,
    #[serde(default)]
    pub response: String,
}

pub async fn resolve(
    mut scope: DistrictScope,
    Path((_, id, cid)): Path<(String, Uuid, Uuid)>,
    Form(form): Form<ResolveForm>,
) -> Result<Response> {
    let qpr: Qpr = scope.open_locked(id, Permission::DraftQpr).await?;
    let comment = load::comments(scope.conn(), &qpr)
        .await?
        .into_iter()
        .find(|c| c.id == cid)
        .ok_or(AppError::NotFound)?;
    if !qpr.is_editable() {
        return Err(wrong_state(&scope, &qpr, "Answering a comment"));
    }
    if !comment.is_open() && comment.resolution.as_deref() == Some(form.resolution.as_str()) {
        let message = "This comment was already answered as you chose.";
        return finish(scope, id, message.into()).await;
    }
    if !comment.is_open() {
        let explanation = "This comment was already accepted or answered. Nothing was saved.";
        let attempt = "Answering a comment";
        return Err(super::refuse(&scope, &qpr, attempt, explanation.into()));
    }
    let mut errors = FieldErrors::default();
    let response = form.response.trim().to_string();
    match form.resolution.as_str() {
        "accepted" => {}
        "answered" if response.is_empty() => errors.add(
            "response",
            "Write your answer: why the passage stays as it is, or what you changed.",
        ),
        "answered" => {}
        _ => errors.add("resolution", "Choose “Accepted” or “Answered”."),
    }
    if response.chars().count() > BODY_MAX {
        errors.add("response", "Keep the answer to 4,000 characters.");
    }
    if !errors.is_empty() {
        let outcome = Outcome {
            resolving: Some(cid),
            resolution: form.resolution,
            response: form.response,
            errors,
            ..Outcome::default()
        };
        return render(scope, qpr, outcome, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    sqlx::query(
        "UPDATE qpr_comments SET resolution = $4::qpr_comment_resolution, response = $5, \
             resolved_by = $6, resolved_at = now() \
         WHERE district_id = $1 AND qpr_id = $2 AND id = $3 AND resolution IS NULL",
    )
    .bind(scope.district.id)
    .bind(id)
    .bind(cid)
    .bind(&form.resolution)
    .bind(&response)
    .bind(scope.user.user.id)
    .execute(scope.conn())
    .await?;
    let message = if form.resolution == "accepted" {
        "The comment is marked accepted."
    } else {
        "Your answer to the comment was recorded."
    };
    finish(scope, id, message.into()).await
}
