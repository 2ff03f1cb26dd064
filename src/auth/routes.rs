//! Sign in, sign out, and choosing a new password.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use serde::Deserialize;

use super::limits::SignInLimits;
use super::session_errors::{sign_in_failed, start_session};
use super::{AuthSession, CHANGE_PASSWORD_PATH, CurrentUser, password, sign_in};
use crate::error::Result;
use crate::state::AppState;
use crate::web::forms::FieldErrors;
use crate::web::{Layout, flash};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(sign_in::login_page).post(sign_in::login))
        .route("/logout", post(logout))
        .route(
            CHANGE_PASSWORD_PATH,
            get(password_page).post(change_password),
        )
        // One allowance per client address for every sign-in attempt this app serves.
        .layer(Extension(SignInLimits::default()))
}

async fn logout(mut auth: AuthSession) -> Result<Redirect> {
    auth.logout()
        .await
        .map_err(|e| sign_in_failed("end the session", e))?;
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
    let Ok(admission) = password::admit().await else {
        errors.add(
            "current",
            "Many people are signing in right now; try again in a few seconds.",
        );
        let page = PasswordPage {
            forced: user.user.must_change_password,
            layout: Layout::new(&user, "Choose a new password", "account").await,
            errors,
        };
        let mut response = (StatusCode::SERVICE_UNAVAILABLE, page).into_response();
        response.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from(password::RETRY_AFTER_SECONDS),
        );
        return Ok(response);
    };
    let stored = Some(user.user.password_hash.clone());
    let current_ok = password::verify_admitted(admission, form.current, stored).await?;
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
        "UPDATE users SET password_hash = $2, must_change_password = false, \
         temporary_password_expires_at = NULL, version = version + 1, updated_at = now() \
         WHERE id = $1 RETURNING {}",
        super::backend::USER_COLUMNS
    ))
    .bind(user.user.id)
    .bind(&hash)
    .fetch_one(&state.db)
    .await?;
    // The session is bound to the old hash; re-bind it so this browser stays signed in while
    // every other session of this person ends.
    start_session(&mut auth, &updated, "renew the session").await?;
    flash::set(&auth.session, "Your new password is saved.").await;
    Ok(Redirect::to("/").into_response())
}
