//! What every handler can reach: the pool, the configuration and evidence storage. On the
//! ground floor so features and the gate can name it without reaching up into `app`, the
//! composition root that imports them all.

use std::sync::Arc;

use axum::extract::FromRef;
use sqlx::PgPool;

use crate::config::WebConfig;
use crate::storage::Storage;

/// Cheap to clone. Handlers that need one part take `State<PgPool>`, `State<Storage>` or
/// `State<Arc<WebConfig>>` through the `FromRef` impls below.
#[derive(Clone)]
pub struct AppState {
    /// Connections run as the app role, under row-level security.
    pub db: PgPool,
    pub config: Arc<WebConfig>,
    /// Evidence files (local folder or S3-compatible bucket).
    pub evidence: Storage,
}

impl FromRef<AppState> for PgPool {
    fn from_ref(state: &AppState) -> Self {
        state.db.clone()
    }
}

impl FromRef<AppState> for Storage {
    fn from_ref(state: &AppState) -> Self {
        state.evidence.clone()
    }
}

impl FromRef<AppState> for Arc<WebConfig> {
    fn from_ref(state: &AppState) -> Self {
        state.config.clone()
    }
}
