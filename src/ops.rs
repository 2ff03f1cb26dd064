//! Endpoints for the people who run Throughline, not for its users: `/healthz` (alive: the
//! database answers) and `/readyz` (ready: and its migrations are current).

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

/// 200 when the database answers within two seconds, 503 otherwise, so a load balancer stops
/// sending people to an instance that can only show them errors.
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let check = sqlx::query_scalar::<_, i32>("SELECT 1").fetch_one(&state.db);
    match answer("health check", check).await {
        Some(_) => (
            StatusCode::OK,
            Json(json!({ "status": "ok", "database": "ok" })),
        ),
        None => unavailable(),
    }
}

/// 200 when this instance can serve: the database answers and has run every migration this
/// build was made with. During a rolling upgrade a new instance stays out of the load balancer
/// until the migrations it needs have run.
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    // Before migration 0018 the function does not exist: an error, and so not ready either.
    let check = sqlx::query_scalar::<_, i64>("SELECT applied_migrations()").fetch_all(&state.db);
    let Some(applied) = answer("readiness check", check).await else {
        return unavailable();
    };
    let missing = crate::db::missing(&applied);
    if missing.is_empty() {
        (
            StatusCode::OK,
            Json(json!({ "status": "ready", "database": "ok", "migrations": "current" })),
        )
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({
                "status": "not ready",
                "database": "ok",
                "migrations": "pending",
                "pending": missing,
            })),
        )
    }
}

/// The database's answer within two seconds; otherwise `None`, with the reason logged.
async fn answer<T>(check: &str, query: impl Future<Output = sqlx::Result<T>>) -> Option<T> {
    match tokio::time::timeout(Duration::from_secs(2), query).await {
        Ok(Ok(answer)) => Some(answer),
        Ok(Err(error)) => {
            tracing::warn!("{check}: database error: {error}");
            None
        }
        Err(_) => {
            tracing::warn!("{check}: database did not answer within 2 s");
            None
        }
    }
}

fn unavailable() -> (StatusCode, Json<serde_json::Value>) {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Json(json!({ "status": "unavailable", "database": "unreachable" })),
    )
}
