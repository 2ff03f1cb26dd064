//! Endpoints for the people who run Throughline, not for its users: `/healthz` (alive: the
//! database answers), `/readyz` (ready: and its migrations are current) and `/metrics`.

use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
}

/// Prometheus's scrape, for whoever holds the configured token. Without a token configured the
/// route answers as an unknown page does: request paths and pool sizes are not for everyone.
async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = state.config.metrics_token.as_deref() else {
        return AppError::NotFound.into_response();
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .unwrap_or("");
    // Digests of equal length compared: how long the comparison takes says nothing of the token.
    if Sha256::digest(given.as_bytes()) != Sha256::digest(token.as_bytes()) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            Json(json!({ "error": "give the metrics token as Authorization: Bearer <token>" })),
        )
            .into_response();
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        crate::metrics::render(&state.db).await,
    )
        .into_response()
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
