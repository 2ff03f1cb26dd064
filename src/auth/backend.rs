//! The axum-login backend: accounts live in the `users` table.

use axum_login::{AuthUser, AuthnBackend, UserId};
use serde::Deserialize;
use sqlx::PgPool;
use uuid::Uuid;

use crate::auth::password;
use crate::auth::roles::EseRole;

#[derive(Clone, sqlx::FromRow)]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub title: String,
    pub password_hash: String,
    pub must_change_password: bool,
    /// The temporary password an administrator set has run out: sign-in is refused until they
    /// set a new one.
    pub temporary_password_expired: bool,
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
    /// What the session is bound to: a SHA-256 of the password hash, so the session store never
    /// holds the argon2 hash itself (a leaked session row gives nothing to crack), yet changing
    /// the password still changes it.
    pub session_auth_hash: Vec<u8>,
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
        &self.session_auth_hash
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

    /// The account with this email, if any, active or not.
    pub async fn by_email(&self, email: &str) -> sqlx::Result<Option<User>> {
        sqlx::query_as(&format!(
            "SELECT {USER_COLUMNS} FROM users WHERE email = $1"
        ))
        .bind(email.trim().to_lowercase())
        .fetch_optional(&self.pool)
        .await
    }
}

/// The columns of [`User`]; also valid after `RETURNING`.
pub const USER_COLUMNS: &str = "id, email, name, title, password_hash, must_change_password, \
     (must_change_password AND temporary_password_expires_at < now()) IS TRUE AS temporary_password_expired, \
     sha256(convert_to('throughline session: ' || password_hash, 'UTF8')) AS session_auth_hash, \
     ese_role, active, email_notifications, weekly_digest, \
     calendar_token_hash IS NOT NULL AS has_calendar_feed, \
     unread_notification_count(id) AS unread_notifications";

impl AuthnBackend for Backend {
    type User = User;
    type Credentials = Credentials;
    type Error = sqlx::Error;

    async fn authenticate(&self, credentials: Credentials) -> Result<Option<User>, sqlx::Error> {
        let user = self.by_email(&credentials.email).await?;
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
