//! The plan's life: draft → submitted (superintendent) → reviewed on the rubric and approved
//! (ESE) → archived when the next year's version takes over (at once, or on July 1 of its first
//! year when approved early: see [`super::switch`]); "start next year's plan" copies the approved
//! plan into a draft. Each step but withdrawing tells the people concerned.

use axum::Router;
use axum::response::Response;
use axum::routing::post;

use super::edit::one_plan_at_a_time;
use super::history::{self, Change};
use super::model::{Plan, PlanStatus, long_date};
use super::notices::{self, PlanEvent};
use super::review;
use super::switch;
use super::viewing::Viewed;
use crate::access::{DistrictScope, Permission};
use crate::error::{AppError, Result};
use crate::state::AppState;

/// A status change: who may make it, from which status, to which.
#[derive(Clone, Copy)]
struct Step {
    permission: Permission,
    from: PlanStatus,
    to: PlanStatus,
    action: &'static str,
    message: &'static str,
    /// Who hears of it (withdrawing a plan tells nobody).
    event: Option<PlanEvent>,
}

const SUBMIT: Step = Step {
    permission: Permission::SubmitPlan,
    from: PlanStatus::Draft,
    to: PlanStatus::Submitted,
    action: "submitted to ESE",
    message: "The plan was submitted to ESE for review. It is read-only while under review.",
    event: Some(PlanEvent::Submitted),
};
const WITHDRAW: Step = Step {
    permission: Permission::SubmitPlan,
    from: PlanStatus::Submitted,
    to: PlanStatus::Draft,
    action: "withdrawn from review",
    message: "The plan is a draft again and can be edited.",
    event: None,
};
const APPROVE: Step = Step {
    permission: Permission::ApprovePlan,
    from: PlanStatus::Submitted,
    to: PlanStatus::Approved,
    action: "approved by ESE",
    message: "The plan is approved. The district's earlier approved plan, if any, is archived.",
    event: Some(PlanEvent::Approved),
};
const RETURN: Step = Step {
    permission: Permission::ApprovePlan,
    from: PlanStatus::Submitted,
    to: PlanStatus::Draft,
    action: "returned to the district",
    message: "The plan was returned to the district as a draft.",
    event: Some(PlanEvent::Returned {
        after_review: false,
    }),
};

const REVIEW_FIRST: (&str, &str) = (
    "A rubric review is needed first",
    "A plan is approved only after ESE has reviewed it on the AIP rubric since it was last \
     submitted, with a decision other than “Revise”. Review the plan on the rubric, then approve \
     it. Nothing was changed.",
);

async fn apply(Viewed { mut scope, plan }: Viewed, step: Step) -> Result<Response> {
    let plan_id = plan.id;
    let district_id = scope.district.id;
    scope.require(step.permission)?;
    let status = review::lock_status(scope.conn(), district_id, plan_id).await?;
    if status != Some(step.from) {
        return Err(AppError::ReadOnly);
    }
    if step.to == PlanStatus::Approved && !review::allows_approval(scope.conn(), &plan).await? {
        let form = (
            format!("/districts/{}/plans/{plan_id}/review", scope.district.slug),
            "Review on the rubric",
        );
        return Ok(review::refused(&scope, &plan, REVIEW_FIRST, Some(form)).await);
    }
    let (to, message, event) = if step.to == PlanStatus::Approved {
        match switch::on_approval(scope.conn(), &plan, crate::calendar::today()).await? {
            PlanStatus::Scheduled => (
                PlanStatus::Scheduled,
                format!(
                    "The plan is approved. It takes over on {}, when its first school year \
                     begins; until then the plan in force stays the one the district works from.",
                    long_date(plan.starts_on())
                ),
                Some(PlanEvent::Scheduled),
            ),
            to => (to, step.message.to_string(), step.event),
        }
    } else {
        (step.to, step.message.to_string(), step.event)
    };
    let user_id = scope.user.user.id;
    sqlx::query(
        "UPDATE plans SET status = $3, version = version + 1, updated_at = now(), \
           submitted_at = CASE WHEN $3 = 'submitted'::plan_status THEN now() ELSE submitted_at END, \
           submitted_by = CASE WHEN $3 = 'submitted'::plan_status THEN $4 ELSE submitted_by END, \
           approved_at = CASE WHEN $3 IN ('approved', 'scheduled') THEN now() ELSE approved_at END, \
           approved_by = CASE WHEN $3 IN ('approved', 'scheduled') THEN $4 ELSE approved_by END \
         WHERE district_id = $1 AND id = $2",
    )
    .bind(district_id)
    .bind(plan_id)
    .bind(to)
    .bind(user_id)
    .execute(scope.conn())
    .await
    .map_err(one_plan_at_a_time)?;
    let after = to.label_for(plan.first_school_year);
    let change = Change::status(step.action, plan.status.label().into(), after);
    history::record(scope.conn(), &plan, user_id, change).await?;
    if let Some(event) = event {
        notices::send_in(&mut scope, &plan, event).await?;
    }
    tracing::info!(%plan_id, action = step.action, "plan status changed");
    finish(scope, &plan, &message).await
}

pub(super) async fn finish(scope: DistrictScope, plan: &Plan, message: &str) -> Result<Response> {
    let path = format!("/districts/{}/plans/{}", scope.district.slug, plan.id);
    scope.done(&path, message).await
}

/// The status changes, each posted to its own address under the plan's: ".../submit".
pub fn routes(plan: &str) -> Router<AppState> {
    let steps = [
        ("submit", SUBMIT),
        ("withdraw", WITHDRAW),
        ("approve", APPROVE),
        ("return", RETURN),
    ];
    steps
        .into_iter()
        .fold(Router::new(), |router, (path, step)| {
            let handler = move |viewed: Viewed| apply(viewed, step);
            router.route(&format!("{plan}/{path}"), post(handler))
        })
}
