//! What `/metrics` reports, in Prometheus text format: requests by route template and status
//! with their latency, the database pool, the email outbox, the background jobs and the build.
//! Route templates (`/districts/{district}/plans/{plan}`), never paths, so that the series stay
//! few however many districts there are, and no id or slug reaches the metrics store.

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sqlx::PgPool;

/// Seconds: most pages answer in tens of milliseconds; a PDF or an import may take seconds.
const LATENCY_BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// The process's recorder, installed the first time an app is built; every app in one process
/// (the tests start many) records into it.
pub fn handle() -> &'static PrometheusHandle {
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Full("http_request_duration_seconds".into()),
                &LATENCY_BUCKETS,
            )
            .expect("the latency buckets are not empty")
            .build_recorder();
        let handle = recorder.handle();
        // Fails only if another recorder is in place already; then that one records.
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

/// Counts each request to a route and times it, labelled by the route's template.
pub async fn track(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let method = request.method().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    let labels = [
        ("route", route),
        ("method", method),
        ("status", response.status().as_u16().to_string()),
    ];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels)
        .record(started.elapsed().as_secs_f64());
    response
}

/// One run of a background job (`email_outbox`, `weekly_digest`, `plan_switch`).
pub fn job_ran(job: &'static str, succeeded: bool) {
    metrics::counter!("job_runs_total", "job" => job).increment(1);
    if !succeeded {
        metrics::counter!("job_failures_total", "job" => job).increment(1);
    }
}

/// The text a scrape gets: the recorded series plus what is read at the moment of the scrape.
pub async fn render(pool: &PgPool) -> String {
    let in_use = pool.size().saturating_sub(pool.num_idle() as u32);
    metrics::gauge!("db_pool_connections", "state" => "in_use").set(f64::from(in_use));
    metrics::gauge!("db_pool_connections", "state" => "idle").set(pool.num_idle() as f64);
    metrics::gauge!("db_pool_connections", "state" => "max")
        .set(f64::from(pool.options().get_max_connections()));
    let outbox: sqlx::Result<(i64, i64)> = sqlx::query_as(
        // The sender gives an email up by never trying it again (`next_attempt_at` infinity).
        "SELECT count(*) FILTER (WHERE next_attempt_at <> 'infinity'), \
                count(*) FILTER (WHERE next_attempt_at = 'infinity') \
         FROM email_outbox WHERE sent_at IS NULL",
    )
    .fetch_one(pool)
    .await;
    match outbox {
        Ok((waiting, given_up)) => {
            metrics::gauge!("email_outbox_waiting").set(waiting as f64);
            metrics::gauge!("email_outbox_given_up").set(given_up as f64);
        }
        Err(error) => tracing::warn!(%error, "metrics: the outbox could not be counted"),
    }
    metrics::gauge!("throughline_build_info", "version" => env!("CARGO_PKG_VERSION")).set(1.0);
    handle().render()
}
