//! Accelerated Improvement Plans: the plan page, editing every part, guidance checks, the
//! submit/review/approve workflow with its notifications, and the history of changes.

mod activities;
mod benchmarks;
pub mod checks;
mod confirm;
mod current;
mod details;
mod edit;
pub mod history;
mod initiatives;
mod item;
mod item_add;
mod item_edit;
mod item_rank;
mod item_row;
pub mod items;
pub mod model;
mod next_year;
pub mod notices;
mod objectives;
mod page;
mod ppi;
pub mod queries;
pub mod required;
pub mod review;
mod review_form;
pub mod rows;
pub mod rubric;
pub mod staleness;
pub mod switch;
mod viewing;
mod workflow;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    let plan = "/districts/{district}/plans/{plan}";
    let router = Router::new()
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
        .route(&format!("{plan}/next-year"), post(next_year::start_next))
        .route(&format!("{plan}/objectives/new"), get(objectives::new_form))
        .route(&format!("{plan}/objectives"), post(objectives::create))
        .merge(benchmarks::routes(plan));
    item_routes().into_iter().fold(router, |router, item| {
        router.route(&format!("{plan}{}", item.path), item.handlers)
    })
}

/// Every route under a plan's address that names one of its items, with what its `{id}` names.
pub fn item_routes() -> Vec<items::ItemRoute> {
    [
        objectives::routes(),
        initiatives::routes(),
        activities::routes(),
        benchmarks::item_routes(),
    ]
    .into_iter()
    .flatten()
    .collect()
}
