//! What a failed session operation means for the person waiting. The session store is
//! PostgreSQL: when it cannot be reached, signing in or out is "briefly unavailable, try again"
//! (503), like every other page without its database, not "something went wrong" (500). A
//! session that cannot be encoded or decoded is a fault of ours and stays a 500. Also the one
//! way a browser is signed in, so every sign-in gets a fresh session id.

use tower_sessions::session;
use tower_sessions::session_store;

use super::AuthSession;
use super::backend::{Backend, User};
use crate::error::AppError;

/// A session operation (`action`, e.g. "start a session") failed.
pub fn session_failed(action: &str, error: session::Error) -> AppError {
    match error {
        session::Error::Store(session_store::Error::Backend(detail)) => {
            tracing::warn!(
                detail,
                "could not {action}: the session store is unavailable"
            );
            AppError::Unavailable
        }
        other => AppError::Internal(anyhow::anyhow!("could not {action}: {other}")),
    }
}

/// Signing in or out failed, in the session or in reading the person back.
pub fn sign_in_failed(action: &str, error: axum_login::Error<Backend>) -> AppError {
    match error {
        axum_login::Error::Session(error) => session_failed(action, error),
        axum_login::Error::Backend(error) => error.into(),
    }
}

/// Signs `user` in on this browser under a new session id. axum-login renews the id only for a
/// session that was not signed in; a sign-in over an existing session (someone else's, on a
/// shared computer) and the re-binding after a password change get a new id too. `action` names
/// the step in the log when the session store fails.
pub async fn start_session(
    auth: &mut AuthSession,
    user: &User,
    action: &str,
) -> Result<(), AppError> {
    auth.login(user)
        .await
        .map_err(|e| sign_in_failed(action, e))?;
    auth.session
        .cycle_id()
        .await
        .map_err(|e| session_failed("renew the session", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreachable_session_store_is_unavailable_and_a_broken_session_is_ours() {
        let unreachable = session::Error::Store(session_store::Error::Backend("gone".into()));
        assert!(matches!(
            session_failed("start a session", unreachable),
            AppError::Unavailable
        ));
        let garbled = session::Error::Store(session_store::Error::Decode("bad".into()));
        assert!(matches!(
            session_failed("start a session", garbled),
            AppError::Internal(_)
        ));
        let lost = axum_login::Error::<Backend>::Backend(sqlx::Error::PoolTimedOut);
        assert!(matches!(
            sign_in_failed("start a session", lost),
            AppError::Unavailable
        ));
    }
}
