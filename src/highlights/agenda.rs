//! Agreeing a Highlight Discussion's agenda in advance (seed 002 §8: "the Plan Manager, the
//! Superintendent, and the Monitor agree in advance which benchmarks and evidence will be
//! discussed"), comments on it before the meeting, and the coverage of the plan over 90 days.

mod comments;
mod coverage;
mod form;
pub mod gaps;
mod outline;

use axum::Router;
use axum::routing::get;
use uuid::Uuid;

use crate::access::DistrictScope;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    let discussion = "/districts/{district}/discussions/{id}";
    Router::new()
        .route(
            &format!("{discussion}/agenda"),
            get(form::show).post(form::save),
        )
        .route(
            &format!("{discussion}/comments"),
            get(comments::show).post(comments::add),
        )
        .route("/districts/{district}/coverage", get(coverage::page))
}

/// "/districts/randolph/discussions".
fn discussions_path(scope: &DistrictScope) -> String {
    format!("/districts/{}/discussions", scope.district.slug)
}

/// The discussion page, where the agenda and its comments are shown.
fn discussion_path(scope: &DistrictScope, id: Uuid) -> String {
    format!("{}/{id}", discussions_path(scope))
}
