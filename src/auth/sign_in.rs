//! The sign-in form and its checks, cheapest first: the client address's allowance, the email's
//! failures from that address, a slot for the password hash, then the password itself.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;

use super::limits::{ClientAddress, SignInLimits};
use super::session_errors::start_session;
use super::throttle::{self, Attempt};
use super::{
    AuthSession, CHANGE_PASSWORD_PATH, Credentials, TEMPORARY_PASSWORD_DAYS, password, safe_next,
};
use crate::error::Result;
use crate::state::AppState;
use crate::web::Layout;

#[derive(Template, WebTemplate)]
#[template(path = "auth/login.html")]
struct LoginPage {
    layout: Layout,
    email: String,
    next: String,
    error: Option<String>,
    notice: Option<&'static str>,
}

impl LoginPage {
    /// The form again, with the email kept, a message and a status.
    fn refused(email: String, next: String, status: StatusCode, message: String) -> Response {
        let page = Self {
            layout: Layout::anonymous("Sign in"),
            email,
            next,
            error: Some(message),
            notice: None,
        };
        (status, page).into_response()
    }
}

#[derive(Deserialize)]
pub(super) struct LoginQuery {
    next: Option<String>,
    signed_out: Option<String>,
}

pub(super) async fn login_page(auth: AuthSession, Query(query): Query<LoginQuery>) -> Response {
    let next = safe_next(query.next.as_deref()).to_string();
    if auth.user.is_some() {
        return Redirect::to(&next).into_response();
    }
    LoginPage {
        layout: Layout::anonymous("Sign in"),
        email: String::new(),
        next,
        error: None,
        notice: query.signed_out.map(|_| "You are signed out."),
    }
    .into_response()
}

fn with_retry_after(mut response: Response, seconds: u64) -> Response {
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    response
}

pub(super) async fn login(
    State(state): State<AppState>,
    Extension(limits): Extension<SignInLimits>,
    client: ClientAddress,
    mut auth: AuthSession,
    Form(credentials): Form<Credentials>,
) -> Result<Response> {
    let next = safe_next(credentials.next.as_deref()).to_string();
    let email = credentials.email.trim().to_string();
    let key = email.to_lowercase();
    let address = client.key().to_string();

    if let Some(wait) = limits.check(client) {
        tracing::warn!(%address, "sign-in refused: too many attempts from one address");
        let message = format!(
            "Too many sign-in attempts from your network. Wait {} and try again.",
            throttle::describe_wait(wait as i64)
        );
        let page = LoginPage::refused(email, next, StatusCode::TOO_MANY_REQUESTS, message);
        return Ok(with_retry_after(page, wait));
    }
    if let Attempt::Wait(wait) = throttle::begin(&state.db, &key, &address).await? {
        tracing::warn!("sign-in refused: too many failures for one email from one address");
        let message = format!(
            "Too many unsuccessful attempts for this email address. Wait {} and try again, \
             or ask your ESE administrator to reset your password.",
            throttle::describe_wait(wait)
        );
        let page = LoginPage::refused(email, next, StatusCode::TOO_MANY_REQUESTS, message);
        return Ok(with_retry_after(page, wait as u64));
    }
    let Ok(admission) = password::admit().await else {
        tracing::warn!("sign-in refused: too many password checks at once");
        throttle::not_checked(&state.db, &key, &address).await?;
        let message = "Many people are signing in right now; try again in a few seconds.";
        let page = LoginPage::refused(
            email,
            next,
            StatusCode::SERVICE_UNAVAILABLE,
            message.to_string(),
        );
        return Ok(with_retry_after(
            page,
            u64::from(password::RETRY_AFTER_SECONDS),
        ));
    };
    let user = auth.backend.by_email(&key).await?;
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    let matches = password::verify_admitted(admission, credentials.password, stored).await?;
    // A deactivated account fails exactly like a wrong password: no hint that it exists.
    let Some(user) = user.filter(|u| matches && u.active) else {
        tracing::info!("sign-in refused");
        let message = "That email and password do not match an active account. Check both and \
                       try again.";
        return Ok(LoginPage::refused(
            email,
            next,
            StatusCode::UNPROCESSABLE_ENTITY,
            message.to_string(),
        ));
    };
    if user.temporary_password_expired {
        // Said only once the password matched, so it tells a guesser nothing.
        tracing::info!(user_id = %user.id, "sign-in refused: the temporary password has expired");
        let message = format!(
            "This temporary password has expired: temporary passwords work for \
             {TEMPORARY_PASSWORD_DAYS} days. Ask your ESE administrator for a new one."
        );
        return Ok(LoginPage::refused(
            email,
            next,
            StatusCode::UNPROCESSABLE_ENTITY,
            message,
        ));
    }
    start_session(&mut auth, &user, "start a session").await?;
    throttle::succeeded(&state.db, &key, &address).await?;
    tracing::info!(user_id = %user.id, "signed in");
    if user.must_change_password {
        return Ok(Redirect::to(CHANGE_PASSWORD_PATH).into_response());
    }
    Ok(Redirect::to(&next).into_response())
}
