//! Accelerated Improvement Plans: the plan page, editing every part, guidance checks, the
//! submit/review/approve workflow with its notifications, and the history of changes.

mod activities;
mod benchmarks;
pub mod checks;
mod confirm;
mod current;
pub mod demo;
mod demo_reviews;
mod details;
mod edit;
pub mod history;
mod initiatives;
pub mod model;
pub mod notices;
mod objectives;
mod page;
pub mod queries;
pub mod review;
mod review_form;
pub mod rubric;
pub mod staleness;
mod workflow;

use axum::Router;
use axum::routing::{get, post};

use crate::app::AppState;

pub fn router() -> Router<AppState> {
    let plan = "/districts/{district}/plans/{plan}";
    Router::new()
        .route("/districts/{district}/plan", get(current::current))
        .route("/districts/{district}/plans", post(details::create))
        .route(plan, get(page::show))
        .route(
            &format!("{plan}/edit"),
            get(details::edit_form).post(details::update),
        )
        .route(&format!("{plan}/changes"), get(history::changes))
        .route(&format!("{plan}/submit"), post(workflow::submit))
        .route(&format!("{plan}/withdraw"), post(workflow::withdraw))
        .route(&format!("{plan}/approve"), post(workflow::approve))
        .route(&format!("{plan}/return"), post(workflow::send_back))
        .route(
            &format!("{plan}/review"),
            get(review_form::form).post(review_form::save),
        )
        .route(&format!("{plan}/reviews"), get(review::list))
        .route(&format!("{plan}/next-year"), post(workflow::start_next))
        .route(&format!("{plan}/objectives/new"), get(objectives::new_form))
        .route(&format!("{plan}/objectives"), post(objectives::create))
        .route(
            &format!("{plan}/objectives/{{id}}/edit"),
            get(objectives::edit_form).post(objectives::update),
        )
        .route(
            &format!("{plan}/objectives/{{id}}/remove"),
            get(objectives::remove_form).post(objectives::remove),
        )
        .route(
            &format!("{plan}/objectives/{{id}}/move"),
            post(objectives::move_item),
        )
        .merge(initiatives::routes(plan))
        .merge(activities::routes(plan))
        .merge(benchmarks::routes(plan))
}
