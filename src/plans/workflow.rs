//! The plan's life: draft → submitted (superintendent) → reviewed on the rubric and approved
//! (ESE) → archived when the next year's version is approved; "start next year's plan" copies the
//! approved plan into a draft. Each step but withdrawing tells the people concerned.

use axum::extract::Path;
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

use super::edit::one_plan_at_a_time;
use super::history::{self, Change};
use super::model::{Plan, PlanStatus};
use super::notices::{self, PlanEvent};
use super::queries;
use super::review;
use crate::access::{DistrictScope, Permission};
use crate::error::{AppError, Result};
use crate::web::flash;

/// A status change: who may make it, from which status, to which.
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

async fn apply(mut scope: DistrictScope, plan_id: Uuid, step: Step) -> Result<Response> {
    scope.require(Permission::ViewPlan)?;
    let district_id = scope.district.id;
    let plan = queries::plan(scope.conn(), district_id, plan_id)
        .await?
        .ok_or(AppError::NotFound)?;
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
    if step.to == PlanStatus::Approved {
        // Only one approved plan at a time: the one this replaces becomes history.
        sqlx::query(
            "UPDATE plans SET status = 'archived', archived_at = now(), version = version + 1, updated_at = now() \
             WHERE district_id = $1 AND status = 'approved' AND id <> $2",
        )
        .bind(district_id)
        .bind(plan_id)
        .execute(scope.conn())
        .await?;
    }
    let user_id = scope.user.user.id;
    sqlx::query(
        "UPDATE plans SET status = $3, version = version + 1, updated_at = now(), \
           submitted_at = CASE WHEN $3 = 'submitted'::plan_status THEN now() ELSE submitted_at END, \
           submitted_by = CASE WHEN $3 = 'submitted'::plan_status THEN $4 ELSE submitted_by END, \
           approved_at = CASE WHEN $3 = 'approved'::plan_status THEN now() ELSE approved_at END, \
           approved_by = CASE WHEN $3 = 'approved'::plan_status THEN $4 ELSE approved_by END \
         WHERE district_id = $1 AND id = $2",
    )
    .bind(district_id)
    .bind(plan_id)
    .bind(step.to)
    .bind(user_id)
    .execute(scope.conn())
    .await
    .map_err(one_plan_at_a_time)?;
    history::record(
        scope.conn(),
        &plan,
        user_id,
        Change {
            subject: "Plan".into(),
            action: step.action,
            before: Some(serde_json::json!({ "status": plan.status.label() })),
            after: Some(serde_json::json!({ "status": step.to.label() })),
            reason: "",
        },
    )
    .await?;
    if let Some(event) = step.event {
        notices::send_in(&mut scope, &plan, event).await?;
    }
    tracing::info!(%plan_id, action = step.action, "plan status changed");
    finish(scope, &plan, step.message).await
}

async fn finish(scope: DistrictScope, plan: &Plan, message: &str) -> Result<Response> {
    let path = format!("/districts/{}/plans/{}", scope.district.slug, plan.id);
    let session = scope.user.session.clone();
    scope.commit().await?;
    flash::set(&session, message).await;
    Ok(Redirect::to(&path).into_response())
}

pub async fn submit(scope: DistrictScope, Path((_, id)): Path<(String, Uuid)>) -> Result<Response> {
    apply(scope, id, SUBMIT).await
}

pub async fn withdraw(
    scope: DistrictScope,
    Path((_, id)): Path<(String, Uuid)>,
) -> Result<Response> {
    apply(scope, id, WITHDRAW).await
}

pub async fn approve(
    scope: DistrictScope,
    Path((_, id)): Path<(String, Uuid)>,
) -> Result<Response> {
    apply(scope, id, APPROVE).await
}

pub async fn send_back(
    scope: DistrictScope,
    Path((_, id)): Path<(String, Uuid)>,
) -> Result<Response> {
    apply(scope, id, RETURN).await
}

/// Copies the approved plan, every part of it, into a draft for the next school year.
pub async fn start_next(
    mut scope: DistrictScope,
    Path((_, id)): Path<(String, Uuid)>,
) -> Result<Response> {
    scope.require(Permission::ViewPlan)?;
    let district_id = scope.district.id;
    let tree = queries::load_tree(scope.conn(), district_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    scope.require(Permission::StartNextPlan)?;
    if tree.plan.status != PlanStatus::Approved {
        return Err(AppError::ReadOnly);
    }
    let open: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM plans WHERE district_id = $1 AND status IN ('draft', 'submitted'))")
        .bind(district_id)
        .fetch_one(scope.conn())
        .await?;
    if open {
        return Err(AppError::ReadOnly);
    }
    let old = &tree.plan;
    let first = old.first_school_year + 1;
    let last = old.last_school_year.max(first);
    let new_id: Uuid = sqlx::query_scalar(
        "INSERT INTO plans (district_id, title, first_school_year, last_school_year, previous_plan_id, key_issues, \
                            theory_of_action, focus_rationale) \
         SELECT district_id, title, $3, $4, id, key_issues, theory_of_action, focus_rationale \
         FROM plans WHERE district_id = $1 AND id = $2 RETURNING id",
    )
    .bind(district_id)
    .bind(id)
    .bind(first)
    .bind(last)
    .fetch_one(scope.conn())
    .await
    .map_err(one_plan_at_a_time)?;
    // New ids are made here so each child can be pointed at its copied parent in one statement.
    let remap = |ids: Vec<Uuid>| -> (Vec<Uuid>, Vec<Uuid>) {
        let fresh = ids.iter().map(|_| Uuid::new_v4()).collect();
        (ids, fresh)
    };
    let objectives = remap(tree.objectives.iter().map(|o| o.id).collect());
    let initiatives = remap(tree.initiatives.iter().map(|i| i.id).collect());
    let benchmarks = remap(tree.benchmarks.iter().map(|b| b.id).collect());
    let copies = [
        "INSERT INTO objectives (id, district_id, plan_id, rank, title, lead, lead_user_id) \
         SELECT m.new, o.district_id, $2, o.rank, o.title, o.lead, o.lead_user_id \
         FROM objectives o JOIN unnest($3::uuid[], $4::uuid[]) AS m(old, new) ON m.old = o.id WHERE o.district_id = $1",
        "INSERT INTO initiatives (id, district_id, objective_id, rank, description, lead, lead_user_id, key_resources) \
         SELECT m.new, i.district_id, om.new, i.rank, i.description, i.lead, i.lead_user_id, i.key_resources \
         FROM initiatives i JOIN unnest($5::uuid[], $6::uuid[]) AS m(old, new) ON m.old = i.id \
         JOIN unnest($3::uuid[], $4::uuid[]) AS om(old, new) ON om.old = i.objective_id WHERE i.district_id = $1",
        "INSERT INTO benchmarks (id, district_id, plan_id, initiative_id, kind, rank, statement, measure, evidence_source, frequency, unit, higher_is_better) \
         SELECT m.new, b.district_id, $2, im.new, b.kind, b.rank, b.statement, b.measure, b.evidence_source, b.frequency, b.unit, b.higher_is_better \
         FROM benchmarks b JOIN unnest($7::uuid[], $8::uuid[]) AS m(old, new) ON m.old = b.id \
         LEFT JOIN unnest($5::uuid[], $6::uuid[]) AS im(old, new) ON im.old = b.initiative_id WHERE b.district_id = $1",
        "INSERT INTO benchmark_targets (district_id, benchmark_id, due_on, value) \
         SELECT t.district_id, m.new, t.due_on, t.value \
         FROM benchmark_targets t JOIN unnest($7::uuid[], $8::uuid[]) AS m(old, new) ON m.old = t.benchmark_id WHERE t.district_id = $1",
        "INSERT INTO activities (district_id, initiative_id, rank, description, lead, starts_on, completes_on, resources, frequency, interim_monitoring) \
         SELECT a.district_id, m.new, a.rank, a.description, a.lead, a.starts_on, a.completes_on, a.resources, a.frequency, a.interim_monitoring \
         FROM activities a JOIN unnest($5::uuid[], $6::uuid[]) AS m(old, new) ON m.old = a.initiative_id WHERE a.district_id = $1",
    ];
    for sql in copies {
        sqlx::query(sql)
            .bind(district_id)
            .bind(new_id)
            .bind(&objectives.0)
            .bind(&objectives.1)
            .bind(&initiatives.0)
            .bind(&initiatives.1)
            .bind(&benchmarks.0)
            .bind(&benchmarks.1)
            .execute(scope.conn())
            .await?;
    }
    let new_plan = queries::plan(scope.conn(), district_id, new_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let user_id = scope.user.user.id;
    history::record(
        scope.conn(),
        &new_plan,
        user_id,
        Change {
            subject: "Plan".into(),
            action: "started from the approved plan",
            before: None,
            after: Some(serde_json::json!({ "school years": new_plan.years_label() })),
            reason: "",
        },
    )
    .await?;
    finish(
        scope,
        &new_plan,
        "Next year's plan is ready as a draft, copied from the approved plan. Each change now asks for its reason.",
    )
    .await
}
