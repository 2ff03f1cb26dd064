//! The page that asks before a change: removing an item, or (in a revision) moving one without a
//! reason yet.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::{IntoResponse, Response};

use super::edit::{Editor, MoveForm};
use crate::web::Layout;

#[derive(Template, WebTemplate)]
#[template(path = "plans/confirm_remove.html")]
pub struct ConfirmPage {
    pub layout: Layout,
    pub plan_path: String,
    pub action: String,
    pub heading: String,
    pub consequence: String,
    pub needs_reason: bool,
    pub reason_error: String,
    /// For a move that needs a reason: the direction to carry through.
    pub direction: String,
    pub button: &'static str,
}

impl ConfirmPage {
    /// The question `heading` on a page titled `title`, before the change posted to `action`;
    /// a reason is asked for in a revision.
    async fn asking(
        editor: &Editor,
        title: String,
        heading: String,
        action: String,
        consequence: String,
    ) -> Self {
        Self {
            layout: Layout::new(&editor.scope.user, title, "plan").await,
            plan_path: editor.plan_path(),
            action,
            heading,
            consequence,
            needs_reason: editor.plan.is_revision(),
            reason_error: String::new(),
            direction: String::new(),
            button: "Remove",
        }
    }
}

/// The page asking before `what` ("Objective 2", "this activity of Initiative 1.1") is removed.
pub async fn remove_page(
    editor: &Editor,
    action: String,
    what: &str,
    consequence: String,
    reason_error: String,
) -> ConfirmPage {
    let (title, heading) = (format!("Remove {what}"), format!("Remove {what}?"));
    ConfirmPage {
        reason_error,
        ..ConfirmPage::asking(editor, title, heading, action, consequence).await
    }
}

/// The page asking for the reason of a move in a revision.
pub async fn move_page(
    editor: &Editor,
    action: String,
    subject: &str,
    form: &MoveForm,
    consequence: String,
) -> Response {
    let direction = if form.direction == "up" { "up" } else { "down" };
    // The first visit, from the plan page's button, has no reason yet: ask without scolding.
    let problem = editor
        .reason_problem(&form.reason)
        .filter(|_| !form.reason.is_empty());
    let (title, heading) = (
        format!("Move {subject}"),
        format!("Move {subject} {direction}?"),
    );
    ConfirmPage {
        needs_reason: true,
        reason_error: problem.unwrap_or_default().to_string(),
        direction: form.direction.clone(),
        button: "Move",
        ..ConfirmPage::asking(editor, title, heading, action, consequence).await
    }
    .into_response()
}
