//! One-time messages shown on the page after a redirect (post/redirect/get).

use tower_sessions::Session;

const KEY: &str = "flash";

pub async fn set(session: &Session, message: impl Into<String>) {
    // Losing a confirmation message is not worth failing the request that already succeeded.
    if let Err(error) = session.insert(KEY, message.into()).await {
        tracing::warn!("could not store a flash message: {error}");
    }
}

pub async fn take(session: &Session) -> Option<String> {
    session.remove::<String>(KEY).await.ok().flatten()
}
