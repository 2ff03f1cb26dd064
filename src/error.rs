//! One error type for every handler.
//!
//! Policy: a person sees what went wrong and what they can do, never SQL or a stack trace.
//! Pages of a district the person has no role in are "not found" (404), so their existence does
//! not leak. Internal failures are logged with the request id, and the 500 page shows that id so a
//! support call can find the log line. The pages themselves are rendered by
//! [`crate::web::errors::render_error_pages`], which knows the request id.

use axum::http::StatusCode;
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
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        Self::Internal(error.into())
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
    Internal,
}

impl ErrorPage {
    pub fn status(self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Forbidden | Self::CrossSite => StatusCode::FORBIDDEN,
            Self::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::BadRequest => StatusCode::BAD_REQUEST,
            Self::ReadOnly => StatusCode::CONFLICT,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let page = match self {
            Self::NotFound => ErrorPage::NotFound,
            Self::Forbidden => ErrorPage::Forbidden,
            Self::ReadOnly => ErrorPage::ReadOnly,
            Self::TooLarge => ErrorPage::TooLarge,
            Self::BadRequest => ErrorPage::BadRequest,
            Self::Internal(error) => {
                // Inside the request's span, so the log line carries the request id.
                tracing::error!(error = format!("{error:#}"), "request failed");
                ErrorPage::Internal
            }
        };
        let mut response = page.status().into_response();
        response.extensions_mut().insert(page);
        response
    }
}

/// The fallback for paths no route matches.
pub async fn not_found() -> AppError {
    AppError::NotFound
}
