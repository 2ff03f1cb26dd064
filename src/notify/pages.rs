//! A person's notifications: the list (newest first, unread marked in words), opening one (marks it
//! read and goes to its page), and marking them all read. Each person reaches only their own:
//! the queries say so and row-level security says so again.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::Path;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::access::UserScope;
use crate::auth::safe_next;
use crate::calendar::DEFAULT_TIME_ZONE;
use crate::error::{AppError, Result};
use crate::state::AppState;
use crate::web::{Layout, flash};

/// The list shows this many; older ones stay in the database.
const SHOWN: i64 = 100;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/notifications", get(list))
        .route("/notifications/read", post(mark_all_read))
        .route("/notifications/{id}/open", post(open))
}

#[derive(Debug, sqlx::FromRow)]
pub struct NotificationRow {
    pub id: Uuid,
    pub district_name: Option<String>,
    pub subject: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

impl NotificationRow {
    pub fn is_unread(&self) -> bool {
        self.read_at.is_none()
    }

    pub fn when_label(&self) -> String {
        self.created_at
            .with_timezone(&DEFAULT_TIME_ZONE)
            .format("%b %-d, %Y, %-I:%M %p")
            .to_string()
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "notify/list.html")]
struct ListPage {
    layout: Layout,
    notifications: Vec<NotificationRow>,
    unread: usize,
}

async fn list(scope: UserScope) -> Result<ListPage> {
    let UserScope { user, mut tx, .. } = scope;
    let notifications: Vec<NotificationRow> = sqlx::query_as(
        "SELECT n.id, d.name AS district_name, n.subject, n.body, n.created_at, n.read_at \
         FROM notifications n LEFT JOIN districts d ON d.id = n.district_id \
         WHERE n.user_id = $1 ORDER BY n.created_at DESC, n.id LIMIT $2",
    )
    .bind(user.user.id)
    .bind(SHOWN)
    .fetch_all(&mut *tx)
    .await?;
    tx.rollback().await?;
    let unread = notifications.iter().filter(|n| n.is_unread()).count();
    Ok(ListPage {
        layout: Layout::new(&user, "Notifications", "notifications").await,
        notifications,
        unread,
    })
}

async fn mark_all_read(scope: UserScope) -> Result<Response> {
    let UserScope { user, mut tx, .. } = scope;
    let marked = sqlx::query(
        "UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL",
    )
    .bind(user.user.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    let message = match marked {
        0 => "There were no unread notifications.".to_string(),
        1 => "1 notification marked as read.".to_string(),
        n => format!("{n} notifications marked as read."),
    };
    flash::set(&user.session, message).await;
    Ok(Redirect::to("/notifications").into_response())
}

/// Marks the notification read and goes to the page it is about. Someone else's is not found.
async fn open(scope: UserScope, Path(id): Path<Uuid>) -> Result<Response> {
    let UserScope { user, mut tx, .. } = scope;
    let link: Option<String> = sqlx::query_scalar(
        "UPDATE notifications SET read_at = coalesce(read_at, now()) \
         WHERE id = $1 AND user_id = $2 RETURNING link",
    )
    .bind(id)
    .bind(user.user.id)
    .fetch_optional(&mut *tx)
    .await?;
    let link = link.ok_or(AppError::NotFound)?;
    tx.commit().await?;
    // Links are app paths; anything else would make this an open redirect.
    Ok(Redirect::to(safe_next(Some(&link))).into_response())
}
