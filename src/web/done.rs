//! The end of every change a form posts: keep it, say so, and go back to the page it changed
//! (post/redirect/get).

use axum::response::{IntoResponse, Redirect, Response};

use crate::access::DistrictScope;
use crate::error::Result;
use crate::web::flash;

impl DistrictScope {
    /// Commits the request's transaction, leaves `flash` for the next page (none when empty,
    /// e.g. after a move, whose result shows on the page) and redirects to `path`. The message is
    /// stored only once the change is kept, so a failed commit never announces success.
    pub async fn done(self, path: &str, flash: impl Into<String>) -> Result<Response> {
        let (message, session) = (flash.into(), self.user.session.clone());
        self.commit().await?;
        if !message.is_empty() {
            flash::set(&session, message).await;
        }
        Ok(Redirect::to(path).into_response())
    }
}
