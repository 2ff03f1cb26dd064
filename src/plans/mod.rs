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
    let pages = [
        ("", get(page::show)),
        ("/edit", get(details::edit_form).post(details::update)),
        ("/changes", get(history::changes)),
        ("/review", get(review_form::form).post(review_form::save)),
        ("/reviews", get(review::list)),
        ("/next-year", post(next_year::start_next)),
        ("/objectives/new", get(objectives::new_form)),
        ("/objectives", post(objectives::create)),
    ];
    let pages = pages.map(|(path, handlers)| (path.to_string(), handlers));
    let items = item_routes()
        .into_iter()
        .map(|item| (item.path, item.handlers));
    let router = Router::new()
        .route("/districts/{district}/plan", get(current::current))
        .route("/districts/{district}/plans", post(details::create))
        .merge(workflow::routes(plan))
        .merge(benchmarks::routes(plan));
    pages
        .into_iter()
        .chain(items)
        .fold(router, |router, (path, handlers)| {
            router.route(&format!("{plan}{path}"), handlers)
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
