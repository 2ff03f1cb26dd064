//! Progress against the plan: activity statuses, benchmark measurements against their targets,
//! and the pictures that show them (seed 002 §8: "Are activities being implemented as planned?
//! Are early evidence of change benchmarks being met? Are short-term outcomes being met?").

mod activities;
mod benchmark_page;
pub mod chart;
pub mod demo;
mod measurements;
pub mod model;
pub mod queries;
pub mod stale;
pub mod state;

use axum::Router;
use uuid::Uuid;

use crate::access::{DistrictScope, Permission};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(activities::routes())
        .merge(benchmark_page::routes())
        .merge(measurements::routes())
}

/// Whether the person may record progress on a part of the plan whose initiative is led by
/// `lead_user_id` (`None` for final outcomes, which belong to the whole plan).
pub fn may_record(scope: &DistrictScope, lead_user_id: Option<Uuid>) -> bool {
    scope.can(Permission::RecordProgress)
        || (scope.can(Permission::RecordLedProgress)
            && lead_user_id.is_some_and(|lead| lead == scope.user.user.id))
}
