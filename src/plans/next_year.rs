//! "Start next year's plan": the approved plan, every part of it, copied into a draft for the next
//! school year. The form beside the button offers to move the dates of the year that has passed
//! forward a year and to leave finished activities out, so the draft does not open with a plan
//! check full of last year's dates.

use axum::Form;
use axum::extract::Path;
use axum::response::Response;
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::edit::one_plan_at_a_time;
use super::history::{self, Change};
use super::model::{Plan, PlanStatus, long_date};
use super::queries;
use super::viewing;
use super::workflow::finish;
use crate::access::{DistrictScope, Permission};
use crate::error::{AppError, Result};

/// The choices of the form; a box left unticked (or a post without the form) copies everything
/// as it is.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NextYearForm {
    /// Activities that begin before the new plan's first school year, and benchmark targets due
    /// before it, move forward one year.
    pub move_dates: Option<String>,
    /// Activities whose latest status is "complete" are not copied.
    pub leave_out_finished: Option<String>,
}

/// What the options do, in the form's words, for the copy of `plan`.
pub fn options_explained(plan: &Plan) -> (String, &'static str) {
    let starts = next_start(plan);
    (
        format!(
            "Activities that begin before {} and benchmark targets due before then move \
             forward one year (Sept 15 becomes Sept 15 of the next year); later dates stay. A \
             moved target is left out where the benchmark already has one on that day.",
            long_date(starts)
        ),
        "Activities whose latest status is “complete” are not copied; their history stays with \
         this plan.",
    )
}

/// A Summative Report's recommendations for next year (seed 001 Phase 5), offered as the starting
/// point of the plan that follows.
pub struct Recommendations {
    /// "Summative Report 2025–2026".
    pub report: String,
    pub text: String,
}

/// The Summative Report's recommendations where they are a starting point: beside the button
/// that starts next year's plan (when `can_start_next`), and at the top of the draft it made.
pub async fn starting_point(
    conn: &mut sqlx::PgConnection,
    district_id: Uuid,
    plan: &Plan,
    can_start_next: bool,
) -> sqlx::Result<Option<Recommendations>> {
    let of = if can_start_next {
        Some(plan.id)
    } else if plan.status == PlanStatus::Draft {
        plan.previous_plan_id
    } else {
        None
    };
    match of {
        Some(of) => recommendations(conn, district_id, of).await,
        None => Ok(None),
    }
}

/// The recommendations of the latest published Summative Report on plan `plan_id`, if any.
async fn recommendations(
    conn: &mut sqlx::PgConnection,
    district_id: Uuid,
    plan_id: Uuid,
) -> sqlx::Result<Option<Recommendations>> {
    let found: Option<(NaiveDate, String)> = crate::db::scoped::optional(
        conn,
        "SELECT period_start, recommendations FROM qprs WHERE district_id = $1 AND plan_id = $2 \
         AND status = 'published' AND btrim(recommendations) <> '' ORDER BY period_start DESC LIMIT 1",
        district_id,
        plan_id,
    )
    .await?;
    Ok(found.map(|(start, text)| Recommendations {
        report: crate::calendar::QprPeriod::containing(start).title(),
        text,
    }))
}

/// The day the copy's first school year begins; earlier dates are the year that has passed.
fn next_start(plan: &Plan) -> NaiveDate {
    crate::calendar::school_year_start(i32::from(plan.first_school_year) + 1)
}

/// The copy, table by table: each statement points children at their copied parents through the
/// id pairs ($3–$8); $9 moves dates, $10 is the new first year's first day, $11 leaves finished
/// activities out.
const COPIES: [&str; 5] = [
    "INSERT INTO objectives (id, district_id, plan_id, rank, title, lead, lead_user_id) \
     SELECT m.new, o.district_id, $2, o.rank, o.title, o.lead, o.lead_user_id \
     FROM objectives o JOIN unnest($3::uuid[], $4::uuid[]) AS m(old, new) ON m.old = o.id WHERE o.district_id = $1",
    "INSERT INTO initiatives (id, district_id, objective_id, rank, description, lead, lead_user_id, key_resources) \
     SELECT m.new, i.district_id, om.new, i.rank, i.description, i.lead, i.lead_user_id, i.key_resources \
     FROM initiatives i JOIN unnest($5::uuid[], $6::uuid[]) AS m(old, new) ON m.old = i.id \
     JOIN unnest($3::uuid[], $4::uuid[]) AS om(old, new) ON om.old = i.objective_id WHERE i.district_id = $1",
    "INSERT INTO benchmarks (id, district_id, plan_id, initiative_id, kind, rank, statement, measure, evidence_source, frequency, unit, higher_is_better, ppi_group, population) \
     SELECT m.new, b.district_id, $2, im.new, b.kind, b.rank, b.statement, b.measure, b.evidence_source, b.frequency, b.unit, b.higher_is_better, b.ppi_group, b.population \
     FROM benchmarks b JOIN unnest($7::uuid[], $8::uuid[]) AS m(old, new) ON m.old = b.id \
     LEFT JOIN unnest($5::uuid[], $6::uuid[]) AS im(old, new) ON im.old = b.initiative_id WHERE b.district_id = $1",
    "INSERT INTO benchmark_targets (district_id, benchmark_id, due_on, value) \
     SELECT t.district_id, m.new, \
            CASE WHEN $9 AND t.due_on < $10 THEN (t.due_on + interval '1 year')::date ELSE t.due_on END, t.value \
     FROM benchmark_targets t JOIN unnest($7::uuid[], $8::uuid[]) AS m(old, new) ON m.old = t.benchmark_id \
     WHERE t.district_id = $1 AND NOT ($9 AND t.due_on < $10 AND EXISTS ( \
         SELECT 1 FROM benchmark_targets o WHERE o.district_id = t.district_id AND o.benchmark_id = t.benchmark_id \
         AND o.due_on = (t.due_on + interval '1 year')::date))",
    "INSERT INTO activities (district_id, initiative_id, rank, description, lead, starts_on, completes_on, resources, frequency, interim_monitoring) \
     SELECT a.district_id, m.new, a.rank, a.description, a.lead, \
            CASE WHEN moves THEN (a.starts_on + interval '1 year')::date ELSE a.starts_on END, \
            CASE WHEN moves THEN (a.completes_on + interval '1 year')::date ELSE a.completes_on END, \
            a.resources, a.frequency, a.interim_monitoring \
     FROM activities a JOIN unnest($5::uuid[], $6::uuid[]) AS m(old, new) ON m.old = a.initiative_id \
     CROSS JOIN LATERAL (SELECT $9 AND coalesce(a.starts_on, a.completes_on) < $10 AS moves) AS d \
     WHERE a.district_id = $1 AND NOT ($11 AND coalesce(( \
         SELECT u.status = 'complete' FROM activity_updates u \
         WHERE u.district_id = a.district_id AND u.activity_id = a.id \
         ORDER BY u.as_of DESC, u.recorded_at DESC LIMIT 1), false))",
];

/// Copies the approved plan into a draft for the next school year, with the form's choices.
pub async fn start_next(
    mut scope: DistrictScope,
    Path((_, id)): Path<(String, Uuid)>,
    Form(form): Form<NextYearForm>,
) -> Result<Response> {
    let tree = viewing::tree(&mut scope, id).await?;
    let district_id = scope.district.id;
    scope.require(Permission::StartNextPlan)?;
    if tree.plan.status != PlanStatus::Approved {
        return Err(AppError::ReadOnly);
    }
    // A draft, one under review, or an approved one waiting for its year: next year's plan exists.
    let open: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM plans WHERE district_id = $1 AND status IN ('draft', 'submitted', 'scheduled'))",
    )
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
    let new_start = next_start(old);
    let (move_dates, leave_out) = (form.move_dates.is_some(), form.leave_out_finished.is_some());
    for sql in COPIES {
        sqlx::query(sql)
            .bind(district_id)
            .bind(new_id)
            .bind(&objectives.0)
            .bind(&objectives.1)
            .bind(&initiatives.0)
            .bind(&initiatives.1)
            .bind(&benchmarks.0)
            .bind(&benchmarks.1)
            .bind(move_dates)
            .bind(new_start)
            .bind(leave_out)
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
            after: Some(serde_json::json!({
                "school years": new_plan.years_label(),
                "dates moved forward a year": move_dates,
                "finished activities left out": leave_out,
            })),
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
