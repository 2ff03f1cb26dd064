//! The axum-login backend: accounts live in the `users` table.

use axum_login::{AuthUser, AuthnBackend, UserId};
use serde::Deserialize;
use sqlx::PgPool;
use uuid::Uuid;

use crate::access::EseRole;
use crate::auth::password;

#[derive(Clone, sqlx::FromRow)]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub title: String,
    pub password_hash: String,
    pub must_change_password: bool,
    pub ese_role: Option<EseRole>,
    pub active: bool,
    /// Whether notifications also come by email.
    pub email_notifications: bool,
    pub weekly_digest: bool,
    /// Whether a private calendar feed address exists (only its hash is stored).
    pub has_calendar_feed: bool,
    /// Unread notifications, for the header: loaded with the person on every request, so the
    /// count costs no statement of its own.
    pub unread_notifications: i64,
}

// Written by hand so the password hash never reaches a log line.
impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("email", &self.email)
            .field("ese_role", &self.ese_role)
            .field("active", &self.active)
            .finish_non_exhaustive()
    }
}

impl AuthUser for User {
    type Id = Uuid;

    fn id(&self) -> Uuid {
        self.id
    }

    /// Sessions are bound to the password hash: changing a password signs out every other session.
    fn session_auth_hash(&self) -> &[u8] {
        self.password_hash.as_bytes()
    }
}

#[derive(Clone, Deserialize)]
pub struct Credentials {
    pub email: String,
    pub password: String,
    pub next: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Backend {
    pool: PgPool,
}

impl Backend {
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }
}

/// The columns of [`User`]; also valid after `RETURNING`.
pub const USER_COLUMNS: &str = "id, email, name, title, password_hash, must_change_password, \
     ese_role, active, email_notifications, weekly_digest, \
     calendar_token_hash IS NOT NULL AS has_calendar_feed, \
     unread_notification_count(id) AS unread_notifications";

impl AuthnBackend for Backend {
    type User = User;
    type Credentials = Credentials;
    type Error = sqlx::Error;

    async fn authenticate(&self, credentials: Credentials) -> Result<Option<User>, sqlx::Error> {
        let email = credentials.email.trim().to_lowercase();
        let user: Option<User> = sqlx::query_as(&format!(
            "SELECT {USER_COLUMNS} FROM users WHERE email = $1"
        ))
        .bind(&email)
        .fetch_optional(&self.pool)
        .await?;
        let stored = user.as_ref().map(|u| u.password_hash.clone());
        let matches = password::verify(credentials.password, stored)
            .await
            .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
        // A deactivated account fails exactly like a wrong password: no hint that it exists.
        Ok(user.filter(|u| matches && u.active))
    }

    async fn get_user(&self, id: &UserId<Self>) -> Result<Option<User>, sqlx::Error> {
        sqlx::query_as(&format!(
            "SELECT {USER_COLUMNS} FROM users WHERE id = $1 AND active"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
    }
}
