//! Progress against the plan: activity statuses, benchmark measurements against their targets,
//! and the pictures that show them (seed 002 §8: "Are activities being implemented as planned?
//! Are early evidence of change benchmarks being met? Are short-term outcomes being met?").

mod activities;
mod benchmark_page;
pub mod chart;
mod measurements;
pub mod model;
pub mod queries;
pub mod state;

use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(activities::routes())
        .merge(benchmark_page::routes())
        .merge(measurements::routes())
}
