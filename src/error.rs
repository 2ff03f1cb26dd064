//! One error type for every handler.
//!
//! Policy: a person sees what went wrong and what they can do, never SQL or a stack trace.
//! Pages of a district the person has no role in are "not found" (404), so their existence does
//! not leak. Internal failures are logged with the request id, and the 500 page shows that id so a
//! support call can find the log line. This module only marks a response with its
//! [`ErrorPage`]; the page itself is rendered further out, by the error-page middleware in
//! `web::errors`, which knows the request id (so the ground floor never reaches up into `web`).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub type Result<T, E = AppError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// The person can see the thing but may not do this to it.
    #[error("forbidden")]
    Forbidden,
    /// The plan is not a draft: it changes only through a new version.
    #[error("read only")]
    ReadOnly,
    /// The request body went over the app's limit (an upload far too large).
    #[error("too large")]
    TooLarge,
    /// A form that could not be read at all (a broken upload, not a wrong answer).
    #[error("bad request")]
    BadRequest,
    /// The service cannot take the request just now: the database is unreachable, or the server
    /// is too busy (sign-in's password checks). Nothing was saved; trying again shortly works.
    #[error("unavailable")]
    Unavailable,
    /// Text the database cannot store (a NUL character) reached a statement: the safety net
    /// behind forms that do not check their text themselves. The statement failed, so the
    /// request's transaction rolls back and nothing is saved.
    #[error("text that cannot be saved")]
    UnsavableText,
    /// What was asked does not fit the state of the thing (final minutes, a published report, a
    /// plan that takes no progress): 409, saying why and where to go instead.
    #[error("conflict: {}", .0.heading)]
    Conflict(Box<Conflict>),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        if is_unavailable(&error) {
            tracing::warn!(error = %error, "the database is unavailable");
            Self::Unavailable
        } else if is_unsavable_text(&error) {
            tracing::info!(error = %error, "refused text the database cannot store");
            Self::UnsavableText
        } else {
            Self::Internal(error.into())
        }
    }
}

/// Whether a database error means PostgreSQL could not be reached or is going away (a stopped
/// server, a full pool, a dropped connection), rather than a fault in this request.
pub fn is_unavailable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => true,
        // Class 08: connection exceptions; 57P01–57P05: the server is shutting down, crashed,
        // cannot connect now or is idle-terminating the session.
        sqlx::Error::Database(db) => db
            .code()
            .is_some_and(|code| code.starts_with("08") || code.starts_with("57P0")),
        _ => false,
    }
}

/// Whether PostgreSQL refused a value's characters: 22021 is a NUL in text, 22P05 a `\u0000`
/// in JSON.
pub fn is_unsavable_text(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if matches!(db.code().as_deref(), Some("22021" | "22P05")))
}

/// Seconds a person (or a client) is asked to wait before retrying an unavailable service.
pub const RETRY_AFTER_SECONDS: u32 = 5;

/// The page of an [`AppError::Conflict`]: the page renders these words as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub heading: String,
    pub explanation: String,
    /// What stands in the way, one line each (a report's missing ratings); often none.
    pub items: Vec<String>,
    /// Where to go instead: path and link text.
    pub back: (String, String),
}

impl AppError {
    pub fn conflict(
        heading: impl Into<String>,
        explanation: impl Into<String>,
        back_path: String,
        back_label: impl Into<String>,
    ) -> Self {
        Self::Conflict(Box::new(Conflict {
            heading: heading.into(),
            explanation: explanation.into(),
            items: Vec::new(),
            back: (back_path, back_label.into()),
        }))
    }

    /// The same conflict listing `items`; other errors are returned as they are.
    pub fn with_items(mut self, items: Vec<String>) -> Self {
        if let Self::Conflict(conflict) = &mut self {
            conflict.items = items;
        }
        self
    }
}

impl From<askama::Error> for AppError {
    fn from(error: askama::Error) -> Self {
        Self::Internal(error.into())
    }
}

/// Marks a response whose body the error-page middleware should fill in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorPage {
    NotFound,
    Forbidden,
    ReadOnly,
    CrossSite,
    BadRequest,
    /// The request body went over the app's limit before reaching any form.
    TooLarge,
    /// The database is unreachable or the server too busy; nothing was saved.
    Unavailable,
    /// Posted text held a character the database cannot store; nothing was saved.
    UnsavableText,
    /// The thing's state does not allow the request; the [`Conflict`] rides along as an extension.
    Conflict,
    Internal,
}

impl ErrorPage {
    pub fn status(self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Forbidden | Self::CrossSite => StatusCode::FORBIDDEN,
            Self::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::BadRequest => StatusCode::BAD_REQUEST,
            Self::ReadOnly | Self::Conflict => StatusCode::CONFLICT,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::UnsavableText => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let page = match self {
            Self::Conflict(conflict) => {
                let mut response = ErrorPage::Conflict.status().into_response();
                response.extensions_mut().insert(ErrorPage::Conflict);
                response.extensions_mut().insert(*conflict);
                return response;
            }
            Self::NotFound => ErrorPage::NotFound,
            Self::Forbidden => ErrorPage::Forbidden,
            Self::ReadOnly => ErrorPage::ReadOnly,
            Self::TooLarge => ErrorPage::TooLarge,
            Self::BadRequest => ErrorPage::BadRequest,
            Self::Unavailable => ErrorPage::Unavailable,
            Self::UnsavableText => ErrorPage::UnsavableText,
            // Handlers that wrap a database error in context still reach the right page.
            Self::Internal(error) if database_error(&error, is_unavailable) => {
                tracing::warn!(error = format!("{error:#}"), "the database is unavailable");
                ErrorPage::Unavailable
            }
            Self::Internal(error) if database_error(&error, is_unsavable_text) => {
                tracing::info!(
                    error = format!("{error:#}"),
                    "refused text the database cannot store"
                );
                ErrorPage::UnsavableText
            }
            Self::Internal(error) => {
                // Inside the request's span, so the log line carries the request id.
                tracing::error!(error = format!("{error:#}"), "request failed");
                ErrorPage::Internal
            }
        };
        let mut response = page.status().into_response();
        if page == ErrorPage::Unavailable {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS));
        }
        response.extensions_mut().insert(page);
        response
    }
}

fn database_error(error: &anyhow::Error, kind: fn(&sqlx::Error) -> bool) -> bool {
    error
        .chain()
        .filter_map(|cause| cause.downcast_ref::<sqlx::Error>())
        .any(kind)
}

/// The fallback for paths no route matches.
pub async fn not_found() -> AppError {
    AppError::NotFound
}
