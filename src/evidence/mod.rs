//! Evidence: files and links that show what happened, attached to an initiative, a benchmark or
//! a measurement, kept in one store, listed in each district's evidence library.

pub mod content;
mod files;
mod form;
mod library;
pub mod model;
pub mod new;
mod pages;
pub mod upload;

use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    pages::routes()
}
