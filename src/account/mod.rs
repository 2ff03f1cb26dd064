//! Each person's own settings: whether notifications also come by email, the weekly digest, and a
//! private calendar feed address. Only the signed-in person's own row changes here.
//!
//! The feed address holds a secret token; only its SHA-256 is stored, so the address can be shown
//! once, right after it is made, and never again. Making a new one replaces the stored hash, which
//! stops the old address; stopping clears it.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::error::Result;
use crate::state::AppState;
use crate::web::tokens::{new_token, token_hash};
use crate::web::{Layout, flash};

pub const PATH: &str = "/account";
/// Where the new feed address waits, in the person's own session, to be shown once.
const NEW_ADDRESS_KEY: &str = "calendar_address";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(PATH, get(page).post(save))
        .route("/account/calendar", post(create_calendar))
        .route("/account/calendar/revoke", post(revoke_calendar))
}

#[derive(Template, WebTemplate)]
#[template(path = "account/settings.html")]
struct SettingsPage {
    layout: Layout,
    name: String,
    email: String,
    email_notifications: bool,
    weekly_digest: bool,
    has_calendar_feed: bool,
    /// The full feed address, only on the page right after it was made.
    new_address: Option<String>,
}

async fn page(user: CurrentUser) -> Result<SettingsPage> {
    let new_address = take_new_address(&user.session).await;
    let u = &user.user;
    Ok(SettingsPage {
        name: u.name.clone(),
        email: u.email.clone(),
        email_notifications: u.email_notifications,
        weekly_digest: u.weekly_digest,
        // A feed made in this request's session exists even if the person was loaded before.
        has_calendar_feed: u.has_calendar_feed || new_address.is_some(),
        new_address,
        layout: Layout::new(&user, "Your settings", "account").await,
    })
}

async fn take_new_address(session: &Session) -> Option<String> {
    session
        .remove::<String>(NEW_ADDRESS_KEY)
        .await
        .ok()
        .flatten()
}

/// Unticked checkboxes are not sent at all, so absent means off.
#[derive(Debug, Default, Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    pub email_notifications: Option<String>,
    #[serde(default)]
    pub weekly_digest: Option<String>,
}

async fn save(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<SettingsForm>,
) -> Result<Response> {
    let (email, digest) = (
        form.email_notifications.is_some(),
        form.weekly_digest.is_some(),
    );
    sqlx::query(
        "UPDATE users SET email_notifications = $2, weekly_digest = $3, updated_at = now() \
         WHERE id = $1",
    )
    .bind(user.user.id)
    .bind(email)
    .bind(digest)
    .execute(&state.db)
    .await?;
    let message = format!(
        "Your settings are saved. Notifications by email: {}. Weekly digest: {}.",
        on_off(email),
        on_off(digest)
    );
    flash::set(&user.session, message).await;
    Ok(Redirect::to(PATH).into_response())
}

fn on_off(on: bool) -> &'static str {
    if on { "on" } else { "off" }
}

async fn create_calendar(State(state): State<AppState>, user: CurrentUser) -> Result<Response> {
    let token = new_token();
    sqlx::query("UPDATE users SET calendar_token_hash = $2, updated_at = now() WHERE id = $1")
        .bind(user.user.id)
        .bind(token_hash(&token))
        .execute(&state.db)
        .await?;
    let address = feed_address(&state.config.base_url, &token);
    if let Err(error) = user.session.insert(NEW_ADDRESS_KEY, address).await {
        // Without the session the address cannot be shown; the person can make another.
        tracing::warn!("could not keep the new calendar address for the page: {error}");
    }
    flash::set(
        &user.session,
        "Your calendar address is made. Copy it now: it is shown only this once.",
    )
    .await;
    Ok(Redirect::to(PATH).into_response())
}

async fn revoke_calendar(State(state): State<AppState>, user: CurrentUser) -> Result<Response> {
    sqlx::query("UPDATE users SET calendar_token_hash = NULL, updated_at = now() WHERE id = $1")
        .bind(user.user.id)
        .execute(&state.db)
        .await?;
    flash::set(
        &user.session,
        "Your calendar address is stopped: calendars that used it no longer get your dates.",
    )
    .await;
    Ok(Redirect::to(PATH).into_response())
}

/// The address a calendar app subscribes to.
pub fn feed_address(base_url: &str, token: &str) -> String {
    format!("{}/calendar/{token}.ics", base_url.trim_end_matches('/'))
}
