//! Sign in, sign out, and choosing a new password.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use super::{
    AuthSession, CHANGE_PASSWORD_PATH, Credentials, CurrentUser, password, safe_next, throttle,
};
use crate::app::AppState;
use crate::error::{AppError, Result};
use crate::web::forms::FieldErrors;
use crate::web::{Layout, flash};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route(
            CHANGE_PASSWORD_PATH,
            get(password_page).post(change_password),
        )
}

#[derive(Template, WebTemplate)]
#[template(path = "auth/login.html")]
struct LoginPage {
    layout: Layout,
    email: String,
    next: String,
    error: Option<&'static str>,
    notice: Option<&'static str>,
}

#[derive(Deserialize)]
struct LoginQuery {
    next: Option<String>,
    signed_out: Option<String>,
}

async fn login_page(auth: AuthSession, Query(query): Query<LoginQuery>) -> Response {
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

async fn login(
    State(state): State<AppState>,
    mut auth: AuthSession,
    Form(credentials): Form<Credentials>,
) -> Result<Response> {
    let next = safe_next(credentials.next.as_deref()).to_string();
    let email = credentials.email.trim().to_string();
    let key = email.to_lowercase();
    if throttle::is_locked(&state.db, &key).await? {
        tracing::warn!("sign-in refused: too many failures for one email");
        let page = LoginPage {
            layout: Layout::anonymous("Sign in"),
            email,
            next,
            error: Some(
                "Too many unsuccessful attempts for this email address. Wait 15 minutes and try again, \
                 or ask your ESE administrator to reset your password.",
            ),
            notice: None,
        };
        return Ok((StatusCode::TOO_MANY_REQUESTS, page).into_response());
    }
    let user = auth
        .authenticate(credentials)
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("sign-in failed: {e}")))?;
    let Some(user) = user else {
        tracing::info!("sign-in refused");
        throttle::record_failure(&state.db, &key).await?;
        let page = LoginPage {
            layout: Layout::anonymous("Sign in"),
            email,
            next,
            // One message for a wrong email, a wrong password and a deactivated account.
            error: Some(
                "That email and password do not match an active account. Check both and try again.",
            ),
            notice: None,
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    auth.login(&user)
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("could not start a session: {e}")))?;
    throttle::clear(&state.db, &key).await?;
    tracing::info!(user_id = %user.id, "signed in");
    if user.must_change_password {
        return Ok(Redirect::to(CHANGE_PASSWORD_PATH).into_response());
    }
    Ok(Redirect::to(&next).into_response())
}

async fn logout(mut auth: AuthSession) -> Result<Redirect> {
    auth.logout()
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("could not end the session: {e}")))?;
    Ok(Redirect::to("/login?signed_out=1"))
}

#[derive(Template, WebTemplate)]
#[template(path = "auth/password.html")]
struct PasswordPage {
    layout: Layout,
    forced: bool,
    errors: FieldErrors,
}

async fn password_page(user: CurrentUser) -> PasswordPage {
    PasswordPage {
        forced: user.user.must_change_password,
        layout: Layout::new(&user, "Choose a new password", "account").await,
        errors: FieldErrors::default(),
    }
}

#[derive(Deserialize)]
struct PasswordForm {
    current: String,
    new: String,
    confirm: String,
}

async fn change_password(
    State(state): State<AppState>,
    mut auth: AuthSession,
    user: CurrentUser,
    Form(form): Form<PasswordForm>,
) -> Result<Response> {
    let mut errors = FieldErrors::default();
    let current_ok = password::verify(form.current, Some(user.user.password_hash.clone())).await?;
    if !current_ok {
        errors.add("current", "This is not your current password.");
    }
    if let Some(problem) = password::weakness(&form.new, &user.user.email) {
        errors.add("new", problem);
    } else if current_ok
        && password::verify(form.new.clone(), Some(user.user.password_hash.clone())).await?
    {
        errors.add("new", "Choose a password different from the current one.");
    }
    if form.new != form.confirm {
        errors.add("confirm", "The two new passwords are not the same.");
    }
    if !errors.is_empty() {
        let page = PasswordPage {
            forced: user.user.must_change_password,
            layout: Layout::new(&user, "Choose a new password", "account").await,
            errors,
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let hash = password::hash(form.new).await?;
    let updated: super::User = sqlx::query_as(&format!(
        "UPDATE users SET password_hash = $2, must_change_password = false, version = version + 1, \
         updated_at = now() WHERE id = $1 RETURNING {}",
        super::backend::USER_COLUMNS
    ))
    .bind(user.user.id)
    .bind(&hash)
    .fetch_one(&state.db)
    .await?;
    // The session is bound to the old hash; re-bind it so this browser stays signed in while
    // every other session of this person ends.
    auth.login(&updated)
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("could not renew the session: {e}")))?;
    flash::set(&auth.session, "Your new password is saved.").await;
    Ok(Redirect::to("/").into_response())
}
