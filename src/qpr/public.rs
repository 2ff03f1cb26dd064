//! What anyone may read without signing in (seed 002 §8: QPRs are "posted publicly"): the
//! index of districts with something published, a district's page, its approved plan and its
//! posted reports; and, inside the app, the ratings of every published period side by side.
//!
//! The public pages never take `CurrentUser` or `DistrictScope`. They read under a row-level
//! security context confined to the one district, and each query names the public subset
//! itself (approved plan; published and posted reports), so nothing else is reachable.

mod grid;
mod index;
mod pages;
mod report;

use axum::Router;
use axum::routing::get;
use sqlx::{Postgres, Transaction};

use crate::access::{DISTRICT_COLUMNS, District};
use crate::db::{self, Context};
use crate::error::{AppError, Result};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/public", get(index::page))
        .route("/public/districts/{slug}", get(pages::district))
        .route("/public/districts/{slug}/plan", get(pages::plan))
        .route("/public/districts/{slug}/qprs/{id}", get(report::show))
        .route("/districts/{district}/ratings", get(grid::page))
}

/// Only reports in this state are public: ESE has published them and they have been posted.
const POSTED: &str = "status = 'published' AND posted_at IS NOT NULL";

/// The district named by `slug`, and an anonymous transaction that row-level security confines
/// to it. An unknown slug is "not found".
async fn open(state: &AppState, slug: &str) -> Result<(District, Transaction<'static, Postgres>)> {
    let district: District = sqlx::query_as(&format!(
        "SELECT {DISTRICT_COLUMNS} FROM districts WHERE slug = $1"
    ))
    .bind(slug)
    .fetch_optional(&state.db)
    .await?
    .ok_or(AppError::NotFound)?;
    // Public pages have no signed-in person and so no gate: an anonymous context confined to
    // the one district, where row-level security shows only what its policies make public.
    #[allow(clippy::disallowed_methods)]
    let tx = db::begin(
        &state.db,
        Context {
            user_id: None,
            district_id: Some(district.id),
            ese: false,
        },
    )
    .await?;
    Ok((district, tx))
}
