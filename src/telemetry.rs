//! Structured logs. `RUST_LOG` picks the levels; `LOG_FORMAT=json` switches to JSON lines for log shippers.

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_sessions=warn,axum_login=warn"));
    let json = std::env::var("LOG_FORMAT").is_ok_and(|v| v.eq_ignore_ascii_case("json"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    // `try_init` because tests and the binary may both call this; the first one wins.
    let _ = if json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}
