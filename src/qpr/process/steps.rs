//! The steps that move a report on. Each records when (and, for publishing, who); a step tried in
//! the wrong state is a 409 that says why; a report with rating gaps or unresolved factual
//! corrections does not move on.

use axum::extract::Path;
use axum::response::Response;

use super::{Ids, finish, load, open_any, refuse, wrong_state};
use crate::access::{DistrictScope, Permission};
use crate::error::Result;
use crate::notify::{notices, notify_scope};
use crate::qpr::model::{Qpr, QprStatus};
use crate::qpr::passages;

pub const GAPS_RULE: &str =
    "A report cannot leave review while any initiative lacks either rating or its evidence.";

/// Moves the report from `from` to `to`; `set` names the columns the step records ($5 is the
/// person). False when the report was no longer in `from`: nothing moved, so no one is told.
async fn advance(
    scope: &mut DistrictScope,
    qpr: &Qpr,
    from: QprStatus,
    to: QprStatus,
    set: &str,
) -> Result<bool> {
    let moved: Option<uuid::Uuid> = sqlx::query_scalar(&format!(
        "UPDATE qprs SET status = $4, {set}, version = version + 1, updated_at = now() \
         WHERE district_id = $1 AND id = $2 AND status = $3 RETURNING id"
    ))
    .bind(scope.district.id)
    .bind(qpr.id)
    .bind(from)
    .bind(to)
    .bind(scope.user.user.id)
    .fetch_optional(scope.conn())
    .await?;
    Ok(moved.is_some())
}

/// A step posted again after it was taken (a double click): back to the process page.
async fn already(scope: DistrictScope, qpr: &Qpr, message: &str) -> Result<Response> {
    finish(scope, qpr.id, message.into()).await
}

/// The gaps in words; empty when every initiative is rated with evidence.
async fn gaps(scope: &mut DistrictScope, qpr: &Qpr) -> Result<Vec<String>> {
    let tree = passages::tree(scope.conn(), qpr).await?;
    load::gaps(scope.conn(), qpr, &tree).await
}

pub async fn send_to_ese(mut scope: DistrictScope, Path((_, id)): Ids) -> Result<Response> {
    let qpr: Qpr = scope.open_locked(id, Permission::DraftQpr).await?;
    if qpr.status == QprStatus::EseReview {
        return already(
            scope,
            &qpr,
            "The report was already sent to ESE for review.",
        )
        .await;
    }
    // A report started without a monitor is the sender's from here on.
    let set = "sent_to_ese_at = now(), monitor_id = coalesce(monitor_id, $5)";
    if !advance(
        &mut scope,
        &qpr,
        QprStatus::Draft,
        QprStatus::EseReview,
        set,
    )
    .await?
    {
        return Err(wrong_state(&scope, &qpr, "Sending the report to ESE"));
    }
    let notice = notices::qpr_in_review(&scope.district, id, qpr.period_start);
    notify_scope(&mut scope, &notice).await?;
    let actor = scope.user.user.id;
    crate::notify::notify_peer_reviewers(scope.conn(), actor, id, &notice).await?;
    let message = "The report was sent to ESE Accountability and the other monitors for review.";
    finish(scope, id, message.into()).await
}

pub async fn send_to_superintendent(
    mut scope: DistrictScope,
    Path((_, id)): Ids,
) -> Result<Response> {
    let qpr = open_any(
        &mut scope,
        id,
        &[Permission::DraftQpr, Permission::PublishQpr],
    )
    .await?;
    if qpr.status == QprStatus::FactualReview {
        let message = "The report was already sent to the superintendent.";
        return already(scope, &qpr, message).await;
    }
    if qpr.status != QprStatus::EseReview {
        return Err(wrong_state(
            &scope,
            &qpr,
            "Sending the report to the superintendent",
        ));
    }
    let gaps = gaps(&mut scope, &qpr).await?;
    if !gaps.is_empty() {
        let explanation = format!("{GAPS_RULE} Nothing was saved. Still missing:");
        let attempt = "Sending the report to the superintendent";
        return Err(refuse(&scope, &qpr, attempt, explanation).with_items(gaps));
    }
    let (from, to) = (QprStatus::EseReview, QprStatus::FactualReview);
    let set = "sent_to_superintendent_at = now()";
    if !advance(&mut scope, &qpr, from, to, set).await? {
        return Err(wrong_state(
            &scope,
            &qpr,
            "Sending the report to the superintendent",
        ));
    }
    let notice = notices::qpr_to_superintendent(&scope.district, id, qpr.period_start);
    notify_scope(&mut scope, &notice).await?;
    let message = "The report was sent to the superintendent for factual corrections.".to_string();
    finish(scope, id, message).await
}

pub async fn publish(mut scope: DistrictScope, Path((_, id)): Ids) -> Result<Response> {
    let qpr: Qpr = scope.open_locked(id, Permission::PublishQpr).await?;
    if qpr.status == QprStatus::Published {
        return already(scope, &qpr, "The report was already published.").await;
    }
    if qpr.status != QprStatus::FactualReview {
        return Err(wrong_state(&scope, &qpr, "Publishing the report"));
    }
    let mut problems = gaps(&mut scope, &qpr).await?;
    let open_corrections = load::comments(scope.conn(), &qpr)
        .await?
        .into_iter()
        .filter(|c| c.kind == "factual_correction" && c.is_open())
        .count();
    if open_corrections > 0 {
        let (s, verb) = if open_corrections == 1 {
            ("", "is")
        } else {
            ("s", "are")
        };
        problems.push(format!(
            "{open_corrections} factual correction{s} from the superintendent {verb} not yet \
             accepted or answered by the monitor"
        ));
    }
    if !problems.is_empty() {
        let explanation = format!(
            "{GAPS_RULE} Every factual correction must be accepted or answered first. Nothing was \
             saved. Still open:"
        );
        let attempt = "Publishing the report";
        return Err(refuse(&scope, &qpr, attempt, explanation).with_items(problems));
    }
    let (from, to) = (QprStatus::FactualReview, QprStatus::Published);
    let set = "published_at = now(), published_by = $5";
    if !advance(&mut scope, &qpr, from, to, set).await? {
        return Err(wrong_state(&scope, &qpr, "Publishing the report"));
    }
    let notice = notices::qpr_published(&scope.district, id, qpr.period_start);
    notify_scope(&mut scope, &notice).await?;
    let message = "The report is published and read-only. Post it on the district's public \
                   page, and record its presentations once they have taken place."
        .to_string();
    finish(scope, id, message).await
}

pub async fn post_publicly(mut scope: DistrictScope, Path((_, id)): Ids) -> Result<Response> {
    let qpr: Qpr = scope.open_locked(id, Permission::PublishQpr).await?;
    if qpr.status != QprStatus::Published {
        return Err(wrong_state(&scope, &qpr, "Posting the report publicly"));
    }
    if qpr.posted_at.is_some() {
        return already(scope, &qpr, "The report was already posted publicly.").await;
    }
    sqlx::query(
        "UPDATE qprs SET posted_at = now(), version = version + 1, updated_at = now() \
         WHERE district_id = $1 AND id = $2 AND status = 'published' AND posted_at IS NULL",
    )
    .bind(scope.district.id)
    .bind(id)
    .execute(scope.conn())
    .await?;
    let message = "The report is posted on the district's public page.".to_string();
    finish(scope, id, message).await
}
