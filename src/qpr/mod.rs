//! Quarterly Progress Reports and the year's Summative Report (the June–August slot, see
//! [`crate::calendar::QprPeriod::is_summative`]): the monitor drafts from the period's record and
//! rates every initiative on the rubric; ESE and the other monitors review; the superintendent
//! corrects facts; ESE publishes; the public reads; the report is presented to the School
//! Committee, and the summative also to the Board (seed 002 §8, Appendices G, I and L).

pub mod model;
mod passages;
mod peer;
pub mod presentations;
mod process;
mod public;
pub mod queries;
pub mod rating;
mod refusal;
mod report;
pub mod summative;

use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(report::routes())
        .merge(process::routes())
        .merge(public::routes())
        .merge(peer::routes())
        .merge(presentations::routes())
}
