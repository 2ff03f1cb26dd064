//! Peer review of Quarterly Progress Reports (seed 002 §8): while a report is in ESE review, ESE
//! Accountability staff and the *other* plan monitors read it and comment on it. A monitor has no
//! role in the districts they do not monitor, so these pages live outside `/districts/` and do not
//! go through `DistrictScope`: they open exactly one district's context, for exactly one report,
//! and only while that report is in ESE review (the database functions of migration 0008 say
//! which district). Nothing else of that district is reachable from here: no plan pages, no
//! evidence files, no other reports.

mod content;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::NaiveDate;
use uuid::Uuid;

use self::content::{CommentView, ObjectiveView};
use super::model::{Qpr, QprStatus};
use super::passages::{self, CommentForm, Passage, passages};
use crate::access::{Permission, UserScope};
use crate::calendar::QprPeriod;
use crate::error::{AppError, Result};
use crate::notify::{notices, notify};
use crate::state::AppState;
use crate::web::forms::FieldErrors;
use crate::web::open::Owned;
use crate::web::{Layout, flash};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/reviews/qprs", get(list))
        .route("/reviews/qprs/{id}", get(page))
        .route("/reviews/qprs/{id}/comments", post(comment))
}

fn review_path(id: Uuid) -> String {
    format!("/reviews/qprs/{id}")
}

struct QueueRow {
    href: String,
    district_name: String,
    period: String,
    monitor_name: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "qpr/peer_list.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<QueueRow>,
}

/// ESE people and plan monitors review; anyone else finds nothing here.
async fn list(mut scope: UserScope) -> Result<ListPage> {
    scope.require_somewhere(Permission::PeerReviewQprs).await?;
    let UserScope { user, mut tx, .. } = scope;
    let rows: Vec<(Uuid, String, NaiveDate, Option<String>)> = sqlx::query_as(
        "SELECT id, district_name, period_start, monitor_name FROM qprs_in_peer_review()",
    )
    .fetch_all(&mut *tx)
    .await?;
    tx.rollback().await?;
    Ok(ListPage {
        layout: Layout::new(&user, "Reports in review by ESE and monitors", "home").await,
        rows: rows
            .into_iter()
            .map(|(id, district_name, start, monitor_name)| QueueRow {
                href: review_path(id),
                district_name,
                period: QprPeriod::containing(start).label(),
                monitor_name,
            })
            .collect(),
    })
}

/// The report `id` while it is in ESE review, in a transaction whose context is its district and
/// nothing more. Not found for anyone who is not a reviewer, and for any report in another state.
async fn open(mut scope: UserScope, id: Uuid) -> Result<(UserScope, Qpr, String)> {
    scope.require_somewhere(Permission::PeerReviewQprs).await?;
    let district_id: Option<Uuid> = sqlx::query_scalar("SELECT qpr_in_peer_review($1)")
        .bind(id)
        .fetch_one(scope.conn())
        .await?;
    let district_id = district_id.ok_or(AppError::NotFound)?;
    scope.narrow_to(district_id).await?;
    let tx = scope.conn();
    // Locked so the report cannot leave review between this check and a comment.
    let status: Option<QprStatus> =
        sqlx::query_scalar("SELECT status FROM qprs WHERE district_id = $1 AND id = $2 FOR SHARE")
            .bind(district_id)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    if status != Some(QprStatus::EseReview) {
        return Err(AppError::NotFound);
    }
    let qpr = Qpr::find(&mut *tx, district_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let district_name: String = sqlx::query_scalar("SELECT name FROM districts WHERE id = $1")
        .bind(district_id)
        .fetch_one(&mut *tx)
        .await?;
    Ok((scope, qpr, district_name))
}

#[derive(Template, WebTemplate)]
#[template(path = "qpr/peer_report.html")]
struct ReportPage {
    layout: Layout,
    district_name: String,
    period: String,
    publication: String,
    qpr: Qpr,
    objectives: Vec<ObjectiveView>,
    comments: Vec<CommentView>,
    passages: Vec<Passage>,
    action: String,
    form: CommentForm,
    errors: FieldErrors,
}

async fn render(
    scope: UserScope,
    qpr: Qpr,
    district_name: String,
    form: CommentForm,
    errors: FieldErrors,
) -> Result<ReportPage> {
    let UserScope { user, mut tx, .. } = scope;
    let loaded = content::load(&mut tx, &qpr).await?;
    tx.rollback().await?;
    let period = qpr.period();
    Ok(ReportPage {
        layout: Layout::new(
            &user,
            format!("Review: {district_name}, {}", period.title()),
            "home",
        )
        .await,
        district_name,
        period: period.label(),
        publication: period.publication_label(),
        action: format!("{}/comments", review_path(qpr.id)),
        objectives: loaded.objectives,
        comments: loaded.comments,
        passages: loaded.passages,
        qpr,
        form,
        errors,
    })
}

async fn page(scope: UserScope, Path(id): Path<Uuid>) -> Result<ReportPage> {
    let (scope, qpr, district_name) = open(scope, id).await?;
    render(
        scope,
        qpr,
        district_name,
        CommentForm::default(),
        FieldErrors::default(),
    )
    .await
}

async fn comment(
    scope: UserScope,
    Path(id): Path<Uuid>,
    Form(form): Form<CommentForm>,
) -> Result<Response> {
    let (mut scope, qpr, district_name) = open(scope, id).await?;
    let tree = passages::tree(&mut scope.tx, &qpr).await?;
    let (body, errors) = form.check(&passages(&tree));
    if !errors.is_empty() {
        let page = render(scope, qpr, district_name, form, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let UserScope { user, mut tx, .. } = scope;
    sqlx::query(
        "INSERT INTO qpr_comments (district_id, qpr_id, kind, passage, body, author_id) \
         VALUES ($1, $2, 'review', $3, $4, $5)",
    )
    .bind(qpr.district_id)
    .bind(qpr.id)
    .bind(&form.passage)
    .bind(&body)
    .bind(user.user.id)
    .execute(&mut *tx)
    .await?;
    let slug: String = sqlx::query_scalar("SELECT slug FROM districts WHERE id = $1")
        .bind(qpr.district_id)
        .fetch_one(&mut *tx)
        .await?;
    let notice = notices::qpr_review_comment(
        qpr.district_id,
        &district_name,
        &slug,
        qpr.id,
        qpr.period_start,
        &user.user.name,
        &body,
    );
    notify(&mut tx, user.user.id, &notice).await?;
    tx.commit().await?;
    flash::set(
        &user.session,
        "Your review comment was added; the monitor will accept or answer it.",
    )
    .await;
    Ok(Redirect::to(&review_path(id)).into_response())
}
