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

use super::model::Qpr;
use crate::access::{DistrictScope, Permission};
use crate::error::{AppError, Result};
use crate::state::AppState;
use crate::web::correction;
use crate::web::open::Ids;

pub(super) use super::refusal::{process_path, refuse, report_path, wrong_state};

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

/// Commits, leaves `message` and returns to the process page.
pub(super) async fn finish(scope: DistrictScope, id: Uuid, message: String) -> Result<Response> {
    let path = process_path(&scope, id);
    scope.done(&path, message).await
}
