//! Quarterly Progress Reports: the monitor drafts from the period's record and rates every
//! initiative on the rubric; ESE and the other monitors review; the superintendent corrects facts;
//! ESE publishes; the public reads (seed 002 §8, Appendices G, I and L).

pub mod model;
mod passages;
mod peer;
mod process;
mod public;
pub mod queries;
pub mod rating;
mod report;

use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(report::routes())
        .merge(process::routes())
        .merge(public::routes())
        .merge(peer::routes())
}
