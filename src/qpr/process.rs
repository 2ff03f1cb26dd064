//! A report's workflow (seed 002 §8, Appendix I): the monitor drafts, ESE Accountability reviews
//! with comments, the superintendent suggests factual corrections on specific passages, the
//! monitor accepts or answers each, ESE publishes, ESE posts it publicly; its presentations are
//! recorded in `qpr::presentations`. Published reports are read-only; a correction keeps the published
//! text with its reason. Also the monitor's evidence requests (due at least three weeks ahead).

mod answer;
mod comments;
mod correct;
mod load;
mod page;
mod requests;
mod steps;

use axum::Router;
use axum::response::Response;
use axum::routing::{get, post};
use uuid::Uuid;

use super::model::{Qpr, QprStatus};
use crate::access::{DistrictScope, Permission};
use crate::error::{AppError, Result};
use crate::state::AppState;
use crate::web::correction;
use crate::web::open::Ids;

pub fn routes() -> Router<AppState> {
    let base = "/districts/{district}/qprs/{id}";
    let requests = "/districts/{district}/evidence-requests";
    Router::new()
        .route(&format!("{base}/process"), get(page::page))
        .route(&format!("{base}/send-to-ese"), post(steps::send_to_ese))
        .route(&format!("{base}/comments"), post(comments::add))
        .route(
            &format!("{base}/comments/{{cid}}/resolve"),
            post(comments::resolve),
        )
        .route(
            &format!("{base}/send-to-superintendent"),
            post(steps::send_to_superintendent),
        )
        .route(&format!("{base}/publish"), post(steps::publish))
        .route(&format!("{base}/post"), post(steps::post_publicly))
        .route(&format!("{base}/correct"), correction::route::<Qpr>())
        .route(requests, get(requests::list).post(requests::create))
        .route(
            &format!("{requests}/{{rid}}"),
            get(answer::answer_form).post(answer::answer),
        )
}

pub(super) fn report_path(scope: &DistrictScope, id: Uuid) -> String {
    format!("/districts/{}/qprs/{id}", scope.district.slug)
}

pub(super) fn process_path(scope: &DistrictScope, id: Uuid) -> String {
    format!("{}/process", report_path(scope, id))
}

pub(super) fn requests_path(scope: &DistrictScope) -> String {
    format!("/districts/{}/evidence-requests", scope.district.slug)
}

/// The same, for a step more than one permission allows.
pub(super) async fn open_any(
    scope: &mut DistrictScope,
    id: Uuid,
    permissions: &[Permission],
) -> Result<Qpr> {
    let qpr: Qpr = scope.open_locked(id, Permission::ViewPlan).await?;
    if permissions.iter().any(|p| scope.can(*p)) {
        Ok(qpr)
    } else {
        Err(AppError::Forbidden)
    }
}

/// 409: what was tried does not fit the report's state; says why and what can be done instead.
pub(super) fn refuse(
    scope: &DistrictScope,
    qpr: &Qpr,
    attempt: &str,
    explanation: String,
) -> AppError {
    AppError::conflict(
        format!("{attempt}: not possible now"),
        explanation,
        process_path(scope, qpr.id),
        "Go to the report's workflow",
    )
}

/// 409 for a step tried in the wrong state.
pub(super) fn wrong_state(scope: &DistrictScope, qpr: &Qpr, attempt: &str) -> AppError {
    let explanation = match qpr.status {
        QprStatus::Draft => {
            "This report is a draft with the monitor: it has not been sent to ESE for review yet."
        }
        QprStatus::EseReview => {
            "This report is in review by ESE Accountability and the other monitors; it goes to the \
             superintendent for factual corrections next."
        }
        QprStatus::FactualReview => {
            "This report is with the superintendent for factual corrections; ESE publishes it next."
        }
        QprStatus::Published => {
            "This report is published and read-only. ESE can correct it, giving a reason: the \
             published text is kept and the report goes through review again."
        }
    };
    refuse(
        scope,
        qpr,
        attempt,
        format!("{explanation} Nothing was saved."),
    )
}

/// Commits, leaves `message` and returns to the process page.
pub(super) async fn finish(scope: DistrictScope, id: Uuid, message: String) -> Result<Response> {
    let path = process_path(&scope, id);
    scope.done(&path, message).await
}
