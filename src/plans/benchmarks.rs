//! (being written)

use axum::Router;

use crate::app::AppState;

/// Routes under `/districts/{district}/plans/{plan}`.
pub fn routes(plan: &str) -> Router<AppState> {
    let _ = plan;
    Router::new()
}
