//! Highlight Discussions: scheduling and telling ESE, the agreed agenda, the minutes in the
//! template's structure with their review and deadlines, and coverage of the plan over 90 days
//! (seed 002 §8 and Appendix F; seed 001 Appendix D).

mod agenda;
mod minutes;
pub mod model;
pub mod queries;
pub mod schedule;

use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(schedule::routes())
        .merge(agenda::routes())
        .merge(minutes::routes())
}
