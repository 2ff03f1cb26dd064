//! The composition root: the route table of every feature and the middleware every response
//! passes through. Nothing imports it but the command line and the tests.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, Request, header};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum_login::AuthManagerLayerBuilder;
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::csrf::CsrfLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::session_store::ExpiredDeletion;
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::PostgresStore;

use crate::error::{self, AppError, ErrorPage};
use crate::state::AppState;
use crate::{
    account, auth, districts, evidence, highlights, home, notify, ops, people, plans, progress,
    qpr, web, work,
};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Short request ids: easy to read out over the phone, unique enough to find one log line.
#[derive(Clone, Copy)]
struct ShortRequestId;

impl MakeRequestId for ShortRequestId {
    fn make_request_id<B>(&mut self, _request: &Request<B>) -> Option<RequestId> {
        let id = uuid::Uuid::new_v4().simple().to_string();
        HeaderValue::from_str(&id[..10]).ok().map(RequestId::new)
    }
}

const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// Builds the whole application. Also starts the hourly sweep of expired sessions.
pub fn router(state: AppState) -> anyhow::Result<Router> {
    let config = state.config.clone();
    crate::metrics::handle();
    let store = PostgresStore::new(state.db.clone());
    tokio::spawn(
        store
            .clone()
            .continuously_delete_expired(tokio::time::Duration::from_secs(3600)),
    );
    let sessions = SessionManagerLayer::new(store)
        .with_name("throughline_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.secure_cookies())
        .with_expiry(Expiry::OnInactivity(time::Duration::hours(
            config.session_idle_hours,
        )));
    let auth_layer =
        AuthManagerLayerBuilder::new(auth::Backend::new(state.db.clone()), sessions).build();

    let pages = Router::new()
        .merge(auth::routes::router())
        .merge(home::router())
        .merge(crate::dashboard::router())
        .merge(work::feed::routes())
        .merge(districts::router())
        .merge(people::router())
        .merge(plans::router())
        .merge(progress::router())
        .merge(evidence::router())
        .merge(highlights::router())
        .merge(crate::continuum::router())
        .merge(crate::exports::router())
        .merge(qpr::router())
        .merge(account::router())
        .merge(notify::router())
        .fallback(error::not_found)
        .layer(auth_layer)
        // Pages name unpublished plans and people: a shared computer's back button or a proxy
        // must not show them to the next person. Static files set their own caching.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(middleware::from_fn_with_state(
            config.body_limit(),
            read_body_first,
        ));

    let static_files = Router::new()
        .fallback_service(ServeDir::new(&config.static_dir))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=3600"),
        ));

    let csrf = CsrfLayer::new()
        // A mail provider's one-click unsubscribe is a cross-site POST by design (RFC 8058);
        // its signed token is the authority, and all it can do is turn email off.
        .with_insecure_bypass(|_, uri| uri.path().starts_with(notify::unsubscribe::PREFIX))
        .add_trusted_origin(&config.base_url)
        .map_err(|e| {
            anyhow::anyhow!("BASE_URL must look like https://host[:port], with no path ({e:?})")
        })?;

    // Only where people arrive over https: over plain http a browser ignores it anyway, and on a
    // laptop it would pin http://127.0.0.1 to https for a year.
    let hsts = config.secure_cookies().then(|| {
        security_header(
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        )
    });

    let app = Router::new()
        .merge(ops::router())
        .nest("/static", static_files)
        .merge(pages)
        .route_layer(middleware::from_fn(crate::metrics::track))
        .with_state(state)
        .layer(
            ServiceBuilder::new()
                .layer(middleware::map_request(drop_client_request_id))
                .layer(SetRequestIdLayer::new(REQUEST_ID, ShortRequestId))
                .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
                    let id = request
                        .headers()
                        .get(REQUEST_ID)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("");
                    let path = logged_path(request.uri().path());
                    tracing::info_span!("request", request_id = %id, method = %request.method(), path = %path)
                }))
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                .layer(security_header(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
                .layer(security_header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                .layer(security_header(header::REFERRER_POLICY, "same-origin"))
                .layer(security_header(header::X_FRAME_OPTIONS, "DENY"))
                .option_layer(hsts)
                .layer(middleware::from_fn(web::errors::render_error_pages))
                .layer(CatchPanicLayer::custom(panic_response))
                .layer(csrf)
                .layer(TimeoutLayer::with_status_code(
                    axum::http::StatusCode::SERVICE_UNAVAILABLE,
                    Duration::from_secs(30),
                ))
                .layer(RequestBodyLimitLayer::new(config.body_limit())),
        );
    Ok(app)
}

/// The most a form without a file may carry (axum's own limit for its form extractor).
const FORM_BODY_LIMIT: usize = 2 * 1024 * 1024;

/// Reads the whole request body before any handler runs. Handlers open their database
/// transaction (the tenancy gate) before they read the body, so a slow client sending a large
/// upload would otherwise hold one of the pool's few connections for as long as it liked; now it
/// holds only memory, capped by the body limit, until its last byte arrives.
async fn read_body_first(
    axum::extract::State(upload_limit): axum::extract::State<usize>,
    request: Request<axum::body::Body>,
    next: middleware::Next,
) -> Response {
    use axum::http::Method;
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let limit = if multipart {
        upload_limit
    } else {
        FORM_BODY_LIMIT
    };
    let (parts, body) = request.into_parts();
    match axum::body::to_bytes(body, limit).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, axum::body::Body::from(bytes)))
                .await
        }
        Err(error) => {
            tracing::info!("request body not read: {error}");
            let too_large = std::error::Error::source(&error)
                .is_some_and(|e| e.is::<http_body_util::LengthLimitError>());
            if too_large {
                AppError::TooLarge.into_response()
            } else {
                AppError::BadRequest.into_response()
            }
        }
    }
}

/// A request id chosen by the client could forge or collide with another request's log lines;
/// every request gets one of ours.
async fn drop_client_request_id<B>(mut request: Request<B>) -> Request<B> {
    request.headers_mut().remove(REQUEST_ID);
    request
}

/// The path as logged: a calendar feed's address is its secret, so only its route is kept.
fn logged_path(path: &str) -> &str {
    if path.starts_with(CALENDAR_FEED_PREFIX) {
        CALENDAR_FEED_PREFIX
    } else {
        path
    }
}

const CALENDAR_FEED_PREFIX: &str = "/calendar/";

fn security_header(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(panic = message, "a handler panicked");
    let mut response = AppError::Internal(anyhow::anyhow!("panic")).into_response();
    response.extensions_mut().insert(ErrorPage::Internal);
    response
}

/// Serves until `shutdown` completes, then lets requests in flight finish.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// Completes on Ctrl-C (SIGINT) or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_calendar_feeds_secret_address_never_reaches_the_log() {
        let secret =
            "/calendar/0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0.ics";
        assert_eq!(logged_path(secret), "/calendar/");
        assert_eq!(logged_path("/districts/randolph"), "/districts/randolph");
    }
}
