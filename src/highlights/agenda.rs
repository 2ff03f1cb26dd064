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

use super::model::Discussion;
use super::queries;
use crate::access::{DistrictScope, Permission};
use crate::error::{AppError, Result};
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

/// The discussion `id` of the scope's district, if the person may do `permission` to it.
/// Another district's discussion is not found whatever the person's role, before any refusal.
async fn discussion(
    scope: &mut DistrictScope,
    permission: Permission,
    id: Uuid,
) -> Result<Discussion> {
    scope.require(Permission::ViewPlan)?;
    let district_id = scope.district.id;
    let found = queries::discussion(scope.conn(), district_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    scope.require(permission)?;
    Ok(found)
}

/// "/districts/randolph/discussions".
fn discussions_path(scope: &DistrictScope) -> String {
    format!("/districts/{}/discussions", scope.district.slug)
}

/// The discussion page, where the agenda and its comments are shown.
fn discussion_path(scope: &DistrictScope, id: Uuid) -> String {
    format!("{}/{id}", discussions_path(scope))
}
