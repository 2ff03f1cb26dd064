//! Removing a benchmark, and moving it within its list.

use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::{Owner, SIBLINGS, lowercase_first, open, snapshot};
use crate::access::DistrictScope;
use crate::error::Result;
use crate::plans::confirm::ConfirmPage;
use crate::plans::edit::{
    Editor, Ids, MoveForm, ReasonForm, Siblings, finish, record, remove_item,
};
use crate::plans::history::positions;
use crate::plans::model::Benchmark;
use crate::web::Layout;

/// Asks before removing, or (for a revision) before moving without a reason.
async fn confirm_page(
    editor: &Editor,
    benchmark: &Benchmark,
    owner: &Owner,
    moving: Option<&MoveForm>,
    reason_error: &str,
) -> ConfirmPage {
    let (subject, statement) = (lowercase_first(&owner.subject()), &benchmark.statement);
    let (button, direction, consequence) = match moving {
        Some(form) => (
            "Move",
            if form.direction == "up" {
                " up"
            } else {
                " down"
            },
            format!("“{statement}” changes place in its list."),
        ),
        None => (
            "Remove",
            "",
            format!(
                "“{statement}” will be removed from the plan with its targets. The history keeps a record of it."
            ),
        ),
    };
    ConfirmPage {
        layout: Layout::new(&editor.scope.user, format!("{button} {subject}"), "plan").await,
        plan_path: editor.plan_path(),
        action: format!(
            "{}/benchmarks/{}/{}",
            editor.plan_path(),
            benchmark.id,
            button.to_lowercase()
        ),
        heading: format!("{button} this {subject}{direction}?"),
        consequence,
        needs_reason: editor.plan.is_revision(),
        reason_error: reason_error.into(),
        direction: direction.trim().into(),
        button,
    }
}

pub async fn remove_form(scope: DistrictScope, Path((_, plan_id, id)): Ids) -> Result<ConfirmPage> {
    let (editor, benchmark, _, owner) = open(scope, plan_id, id).await?;
    Ok(confirm_page(&editor, &benchmark, &owner, None, "").await)
}

pub async fn remove(
    scope: DistrictScope,
    Path((_, plan_id, id)): Ids,
    Form(form): Form<ReasonForm>,
) -> Result<Response> {
    let (editor, before, targets, owner) = open(scope, plan_id, id).await?;
    if let Some(problem) = editor.reason_problem(&form.reason) {
        let page = confirm_page(&editor, &before, &owner, None, problem).await;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let (subject, before) = (owner.subject(), snapshot(&before, &targets)?);
    remove_item(
        editor,
        Siblings::Benchmarks,
        id,
        &subject,
        before,
        &form.reason,
        &owner.anchor(),
    )
    .await
}

/// The benchmark's place in its list (1, 2, 3…).
async fn position(editor: &mut Editor, b: &Benchmark) -> Result<i64> {
    let district_id = editor.district_id();
    let position: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT position FROM (SELECT id, row_number() OVER (ORDER BY rank, created_at) AS position \
         FROM benchmarks WHERE {SIBLINGS}) b WHERE id = $5"
    ))
    .bind(district_id)
    .bind(b.plan_id)
    .bind(b.initiative_id)
    .bind(b.kind)
    .bind(b.id)
    .fetch_optional(editor.conn())
    .await?;
    Ok(position.unwrap_or(0))
}

pub async fn move_item(
    scope: DistrictScope,
    Path((_, plan_id, id)): Ids,
    Form(form): Form<MoveForm>,
) -> Result<Response> {
    let (mut editor, benchmark, _, owner) = open(scope, plan_id, id).await?;
    if let Some(problem) = editor.reason_problem(&form.reason) {
        let error = if form.reason.is_empty() { "" } else { problem };
        return Ok(
            confirm_page(&editor, &benchmark, &owner, Some(&form), error)
                .await
                .into_response(),
        );
    }
    let before = position(&mut editor, &benchmark).await?;
    let district_id = editor.district_id();
    if Siblings::Benchmarks
        .move_item(editor.conn(), district_id, id, form.direction == "up")
        .await?
    {
        let after = position(&mut editor, &benchmark).await?;
        let change = positions(before, after);
        record(&mut editor, &owner.subject(), "moved", change, &form.reason).await?;
    }
    finish(editor, String::new(), &format!("#benchmark-{id}")).await
}
