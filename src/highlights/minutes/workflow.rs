//! The minutes' workflow (seed 002 §8): the plan manager sends the draft to the superintendent
//! and the monitor, each answers within three days, the plan manager finalises and the final
//! minutes go to the superintendent, the monitor and the ESE contacts. Each step records who and
//! when; a correction of final minutes opens a new revision with a reason.

use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use uuid::Uuid;

use super::checks::{ReviewForm, benchmark_notes, finalise_check, send_problem};
use super::load;
use super::view::{Outcome, render};
use super::{Ids, closed, finish};
use crate::access::{DistrictScope, Permission};
use crate::calendar::{self, date_label, deadlines, local_date};
use crate::db::scoped;
use crate::error::Result;
use crate::highlights::model::{Discussion, MinutesStatus, ReviewOutcome};
use crate::highlights::queries;
use crate::notify::{notices, notify};

/// One of the plan manager's steps: the status it moves the minutes from and to, what it is in
/// a refusal, and what a second click of its button is told.
struct Step {
    from: MinutesStatus,
    to: MinutesStatus,
    attempt: &'static str,
    already: &'static str,
}

const SEND: Step = Step {
    from: MinutesStatus::Draft,
    to: MinutesStatus::InReview,
    attempt: "Sending the minutes for review",
    already: "The minutes were already sent to the superintendent and the monitor.",
};

// Final minutes are never reopened this way, even by a click sent before they were final.
const RETURN: Step = Step {
    from: MinutesStatus::InReview,
    to: MinutesStatus::Draft,
    attempt: "Returning the minutes to draft",
    already: "The minutes were already returned to draft.",
};

const FINALISE: Step = Step {
    from: MinutesStatus::InReview,
    to: MinutesStatus::Final,
    attempt: "Finalising the minutes",
    already: "The minutes were already final and sent.",
};

/// The minutes, held until the commit, when `step` can be taken; `None` when they already stand
/// where it leads (a second click: the first one took it). Any other status is a 409.
async fn begin(scope: &mut DistrictScope, id: Uuid, step: &Step) -> Result<Option<Discussion>> {
    let discussion: Discussion = scope.open_locked(id, Permission::WriteMinutes).await?;
    if discussion.minutes_status == step.to {
        Ok(None)
    } else if discussion.minutes_status == step.from {
        Ok(Some(discussion))
    } else {
        Err(closed(scope, &discussion, step.attempt))
    }
}

pub async fn send(mut scope: DistrictScope, Path((_, id)): Ids) -> Result<Response> {
    let Some(discussion) = begin(&mut scope, id, &SEND).await? else {
        return finish(scope, id, SEND.already.into()).await;
    };
    let district_id = scope.district.id;
    let agenda = queries::agenda(scope.conn(), district_id, id).await?;
    let today = calendar::today();
    if let Some(problem) = send_problem(&discussion, &benchmark_notes(&agenda), today) {
        let outcome = Outcome {
            refusal: format!("The minutes were not sent. {problem}"),
            ..Outcome::default()
        };
        return render(&mut scope, discussion, outcome, StatusCode::CONFLICT).await;
    }
    let user_id = scope.user.user.id;
    // A draft returned for changes keeps the day it was first sent: the deadlines run from it.
    // Each sending is a new round of review that needs its own answers.
    let moved: Option<Uuid> = sqlx::query_scalar(
        "UPDATE highlight_discussions SET minutes_status = 'in_review', review_round = review_round + 1, \
             sent_for_review_by = CASE WHEN sent_for_review_at IS NULL THEN $3 ELSE sent_for_review_by END, \
             sent_for_review_at = coalesce(sent_for_review_at, now()), \
             version = version + 1, updated_at = now() \
         WHERE district_id = $1 AND id = $2 AND minutes_status = 'draft' RETURNING id",
    )
    .bind(district_id)
    .bind(id)
    .bind(user_id)
    .fetch_optional(scope.conn())
    .await?;
    if moved.is_none() {
        return Err(closed(&scope, &discussion, SEND.attempt));
    }
    let due = discussion.sent_for_review_at.map_or(today, local_date);
    let notice = notices::minutes_sent(
        &scope.district,
        id,
        discussion.held_on,
        deadlines::review(due),
    );
    notify(scope.conn(), user_id, &notice).await?;
    let message = format!(
        "The draft minutes were sent to the superintendent and the monitor. Their answers are due {}.",
        date_label(deadlines::review(due))
    );
    finish(scope, id, message).await
}

pub async fn review(
    mut scope: DistrictScope,
    Path((_, id)): Ids,
    Form(form): Form<ReviewForm>,
) -> Result<Response> {
    let discussion: Discussion = scope.open_locked(id, Permission::ReviewMinutes).await?;
    let Some(role) = scope.reviewer_role() else {
        return Err(crate::error::AppError::Forbidden);
    };
    if discussion.minutes_status != MinutesStatus::InReview {
        return Err(closed(&scope, &discussion, "Answering the draft minutes"));
    }
    let (outcome, comments) = match form.validate() {
        Ok(valid) => valid,
        Err(errors) => {
            let outcome = Outcome {
                review_form: Some(form),
                errors,
                refusal: String::new(),
            };
            return render(
                &mut scope,
                discussion,
                outcome,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let (district_id, user_id) = (scope.district.id, scope.user.user.id);
    // One answer per role and round: answering again replaces the earlier one. The same answer
    // sent twice (a double click) changes nothing and tells no one again.
    let changed: Option<Uuid> = sqlx::query_scalar(
        "INSERT INTO minutes_reviews (district_id, discussion_id, revision, review_round, reviewer_role, \
             reviewer_id, outcome, comments) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (district_id, discussion_id, revision, review_round, reviewer_role) DO UPDATE \
             SET reviewer_id = excluded.reviewer_id, outcome = excluded.outcome, \
                 comments = excluded.comments, reviewed_at = now() \
             WHERE (minutes_reviews.outcome, minutes_reviews.comments) \
                 IS DISTINCT FROM (excluded.outcome, excluded.comments) \
         RETURNING id",
    )
    .bind(district_id)
    .bind(id)
    .bind(discussion.revision)
    .bind(discussion.review_round)
    .bind(role)
    .bind(user_id)
    .bind(outcome)
    .bind(&comments)
    .fetch_optional(scope.conn())
    .await?;
    if changed.is_none() {
        let message = format!(
            "Your answer as {} was already recorded: {}.",
            role.label().to_lowercase(),
            outcome.label().to_lowercase()
        );
        return finish(scope, id, message).await;
    }
    if outcome == ReviewOutcome::Comments {
        let notice = notices::minutes_commented(
            &scope.district,
            id,
            discussion.held_on,
            &scope.user.user.name,
            &comments,
        );
        notify(scope.conn(), user_id, &notice).await?;
    }
    let message = format!(
        "Your answer as {} was recorded: {}.",
        role.label().to_lowercase(),
        outcome.label().to_lowercase()
    );
    finish(scope, id, message).await
}

pub async fn return_to_draft(mut scope: DistrictScope, Path((_, id)): Ids) -> Result<Response> {
    let Some(discussion) = begin(&mut scope, id, &RETURN).await? else {
        return finish(scope, id, RETURN.already.into()).await;
    };
    let district_id = scope.district.id;
    let sql = "UPDATE highlight_discussions SET minutes_status = 'draft', version = version + 1, \
             updated_at = now() \
         WHERE district_id = $1 AND id = $2 AND minutes_status = 'in_review'";
    if scoped::execute(scope.conn(), sql, district_id, id).await? == 0 {
        return Err(closed(&scope, &discussion, RETURN.attempt));
    }
    let message = "The minutes are a draft again: make the changes, then send them for review. \
                   The answers already given stay recorded; the minutes sent again need new answers."
        .to_string();
    finish(scope, id, message).await
}

pub async fn finalise(mut scope: DistrictScope, Path((_, id)): Ids) -> Result<Response> {
    let Some(discussion) = begin(&mut scope, id, &FINALISE).await? else {
        return finish(scope, id, FINALISE.already.into()).await;
    };
    let district_id = scope.district.id;
    let reviews = queries::reviews(scope.conn(), district_id, id).await?;
    let check = finalise_check(&discussion, &reviews, calendar::today());
    if !check.allowed {
        let outcome = Outcome {
            refusal: format!("The minutes were not finalised. {}", check.problem),
            ..Outcome::default()
        };
        return render(&mut scope, discussion, outcome, StatusCode::CONFLICT).await;
    }
    let recipients = load::recipients(scope.conn(), district_id).await?;
    let user_id = scope.user.user.id;
    let moved: Option<Uuid> = sqlx::query_scalar(
        "UPDATE highlight_discussions SET minutes_status = 'final', finalised_at = now(), finalised_by = $3, \
             distributed_to = $4, version = version + 1, updated_at = now() \
         WHERE district_id = $1 AND id = $2 AND minutes_status = 'in_review' AND review_round = $5 \
         RETURNING id",
    )
    .bind(district_id)
    .bind(id)
    .bind(user_id)
    .bind(sqlx::types::Json(&recipients))
    .bind(discussion.review_round)
    .fetch_optional(scope.conn())
    .await?;
    if moved.is_none() {
        return Err(closed(&scope, &discussion, FINALISE.attempt));
    }
    let notice = notices::minutes_final(&scope.district, id, discussion.held_on);
    notify(scope.conn(), user_id, &notice).await?;
    let names: Vec<String> = recipients.iter().map(|r| r.name.clone()).collect();
    let message = if names.is_empty() {
        "The minutes are final. The district has no superintendent, monitor or ESE contact to send them to yet."
            .to_string()
    } else {
        format!(
            "The minutes are final and were sent to {}.",
            names.join(", ")
        )
    };
    finish(scope, id, message).await
}
