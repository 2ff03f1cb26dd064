//! Comments on a discussion's agenda before the meeting, from the superintendent, the plan
//! manager, the monitor and ESE. The discussion page shows them with a form posting here; a
//! comment that cannot be saved comes back on a page of its own with the text kept.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use sqlx::PgConnection;
use uuid::Uuid;

use super::discussion_path;
use crate::access::{DistrictScope, Permission};
use crate::calendar::DEFAULT_TIME_ZONE;
use crate::db::scoped;
use crate::error::Result;
use crate::highlights::model::Discussion;
use crate::highlights::queries::{self, AgendaItem};
use crate::web::Layout;
use crate::web::forms::{FieldErrors, Text};
use crate::web::once::{self, Claim};
use crate::web::open::Ids;

/// The longest comment, in characters.
pub const BODY_MAX: usize = 4000;

/// A comment on an agenda.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AgendaComment {
    /// "" when the account was removed.
    pub author_name: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

impl AgendaComment {
    /// "Nov 20, 2026 3:05 PM", local time.
    pub fn when_label(&self) -> String {
        self.created_at
            .with_timezone(&DEFAULT_TIME_ZONE)
            .format("%b %-d, %Y %-I:%M %p")
            .to_string()
    }
}

/// The comments on a discussion's agenda, oldest first. One statement.
pub async fn comments(
    conn: &mut PgConnection,
    district_id: Uuid,
    discussion_id: Uuid,
) -> sqlx::Result<Vec<AgendaComment>> {
    scoped::all(
        conn,
        "SELECT coalesce(u.name, '') AS author_name, c.body, c.created_at \
         FROM discussion_comments c LEFT JOIN users u ON u.id = c.author_id \
         WHERE c.district_id = $1 AND c.discussion_id = $2 ORDER BY c.created_at, c.id",
        district_id,
        discussion_id,
    )
    .await
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    pub body: Text,
    #[serde(default)]
    pub form_token: String,
}

impl CommentForm {
    fn validate(&self) -> Result<String, FieldErrors> {
        let mut errors = FieldErrors::default();
        self.body.check("body", &mut errors);
        let body = self.body.trim();
        if body.is_empty() {
            errors.add("body", "Write the comment before sending it.");
        } else if body.chars().count() > BODY_MAX {
            errors.add("body", "Keep the comment to 4,000 characters.");
        }
        if errors.is_empty() {
            Ok(body.to_string())
        } else {
            Err(errors)
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "highlights/agenda_comments.html")]
pub struct CommentPage {
    layout: Layout,
    when: String,
    discussion_path: String,
    action: String,
    agenda: Vec<AgendaItem>,
    comments: Vec<AgendaComment>,
    may_comment: bool,
    form: CommentForm,
    errors: FieldErrors,
}

async fn page(
    mut scope: DistrictScope,
    found: Discussion,
    form: CommentForm,
    errors: FieldErrors,
) -> Result<CommentPage> {
    let district_id = scope.district.id;
    let agenda = queries::agenda(scope.conn(), district_id, found.id).await?;
    let comments = comments(scope.conn(), district_id, found.id).await?;
    let path = discussion_path(&scope, found.id);
    Ok(CommentPage {
        layout: Layout::new(&scope.user, "Comment on the agenda", "districts").await,
        when: found.when_label(),
        action: format!("{path}/comments"),
        discussion_path: path,
        agenda,
        comments,
        may_comment: scope.can(Permission::CommentOnAgenda),
        form,
        errors,
    })
}

/// The agenda and its comments on a page of their own (where a refused comment comes back).
pub async fn show(mut scope: DistrictScope, Path((_, id)): Ids) -> Result<CommentPage> {
    let found: Discussion = scope.open(id, Permission::ViewPlan).await?;
    page(scope, found, CommentForm::default(), FieldErrors::default()).await
}

pub async fn add(
    mut scope: DistrictScope,
    Path((_, id)): Ids,
    Form(form): Form<CommentForm>,
) -> Result<Response> {
    let found: Discussion = scope.open(id, Permission::CommentOnAgenda).await?;
    let body = match form.validate() {
        Ok(body) => body,
        Err(errors) => {
            let page = page(scope, found, form, errors).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let (district_id, user_id) = (scope.district.id, scope.user.user.id);
    // The same comment sent twice (a double click) is added once.
    let token = match scope.claim_once(&form.form_token).await? {
        Claim::First(token) => token,
        Claim::Repeat(first) => return Ok(first),
    };
    sqlx::query(
        "INSERT INTO discussion_comments (district_id, discussion_id, author_id, body) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(district_id)
    .bind(id)
    .bind(user_id)
    .bind(&body)
    .execute(scope.conn())
    .await?;
    let path = format!("{}#agenda-comments", discussion_path(&scope, id));
    once::record(scope.conn(), token, &path).await?;
    scope
        .done(&path, "Your comment on the agenda was added.")
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(body: &str) -> CommentForm {
        CommentForm {
            body: body.into(),
            ..CommentForm::default()
        }
    }

    #[test]
    fn a_comment_needs_words_and_at_most_four_thousand_characters() {
        assert_eq!(
            form("  Bring the walkthrough data  ").validate().unwrap(),
            "Bring the walkthrough data"
        );
        assert!(form(" \n ").validate().unwrap_err().has("body"));
        assert!(form(&"é".repeat(BODY_MAX)).validate().is_ok());
        let long = form(&"x".repeat(BODY_MAX + 1)).validate().unwrap_err();
        assert!(long.of("body").contains("4,000"));
    }
}
