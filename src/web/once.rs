//! One-time tokens for forms that create something (a discussion, a measurement with its file, a
//! comment, a report, a request). The page renders a fresh token in a hidden input; the first
//! post that carries it claims it inside its own transaction and records where it led, so a
//! double click or a resent form is answered with that same place instead of a second copy.
//! A post without a token (a page from before tokens existed) is simply not deduplicated. A form
//! that comes back with problems gets a fresh token: the refused post claimed nothing.

use axum::response::{IntoResponse, Redirect, Response};
use sqlx::PgConnection;
use tower_sessions::Session;
use uuid::Uuid;

use super::flash;
use crate::access::DistrictScope;
use crate::error::{AppError, Result};

/// The hidden input's name.
pub const FIELD: &str = "form_token";

const REPEATED: &str = "This form had already been sent: it was saved once, as shown here.";

/// A token for a form about to be shown (templates call this for the hidden input).
pub fn new_token() -> String {
    Uuid::new_v4().to_string()
}

/// What claiming a posted token found.
pub enum Claim {
    /// The first post with this token (or a post without one): go ahead and create.
    First(Option<Uuid>),
    /// The token was used already: answer with where its first post led.
    Repeat(Response),
}

/// Claims `posted` for `user_id` in the request's transaction. A second post with the same token
/// waits here until the first one's transaction ends, then finds its result; if the first one
/// failed and rolled back, the second one goes ahead instead.
pub async fn claim(
    conn: &mut PgConnection,
    session: &Session,
    user_id: Uuid,
    posted: &str,
) -> Result<Claim> {
    let Ok(token) = Uuid::parse_str(posted.trim()) else {
        return Ok(Claim::First(None));
    };
    // A person's tokens older than a week are of no more use: dropped as new ones arrive.
    let claimed: Option<Uuid> = sqlx::query_scalar(
        "WITH stale AS (DELETE FROM form_submissions WHERE user_id = $2 \
             AND created_at < now() - interval '7 days' AND token <> $1) \
         INSERT INTO form_submissions (token, user_id) VALUES ($1, $2) \
         ON CONFLICT (token) DO NOTHING RETURNING token",
    )
    .bind(token)
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await?;
    if claimed.is_some() {
        return Ok(Claim::First(Some(token)));
    }
    // Another person's token is not found under row-level security: refused, not reused.
    let location: Option<Option<String>> =
        sqlx::query_scalar("SELECT result_location FROM form_submissions WHERE token = $1")
            .bind(token)
            .fetch_optional(&mut *conn)
            .await?;
    match location {
        Some(Some(location)) => {
            flash::set(session, REPEATED).await;
            Ok(Claim::Repeat(Redirect::to(&location).into_response()))
        }
        _ => Err(AppError::BadRequest),
    }
}

impl DistrictScope {
    /// Claims the token posted with a form that creates something, for the person asking, in
    /// the request's transaction (see [`claim`]).
    pub async fn claim_once(&mut self, posted: &str) -> Result<Claim> {
        let (session, user_id) = (self.user.session.clone(), self.user.user.id);
        claim(self.conn(), &session, user_id, posted).await
    }
}

/// Records where the first post led, in the same transaction as what it created.
pub async fn record(conn: &mut PgConnection, token: Option<Uuid>, location: &str) -> Result<()> {
    if let Some(token) = token {
        sqlx::query("UPDATE form_submissions SET result_location = $2 WHERE token = $1")
            .bind(token)
            .bind(location)
            .execute(conn)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_form_gets_its_own_token() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert!(Uuid::parse_str(&a).is_ok());
    }
}
