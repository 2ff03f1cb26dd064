//! The plan page: the whole plan laid out as the template reads, with its guidance checks.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

use super::checks::{self, Finding};
use super::edit::{Target, may_edit};
use super::model::{
    Activity, Benchmark, BenchmarkKind, Initiative, Objective, Plan, PlanStatus, PlanTree,
};
use super::queries::{self, PlanVersion};
use crate::access::{DistrictScope, Permission};
use crate::error::{AppError, Result};
use crate::web::Layout;

/// A benchmark with its targets written out.
pub struct BenchmarkView {
    pub benchmark: Benchmark,
    /// "60% by Nov 30, 2025 · 80% by Jan 31, 2026"
    pub targets: String,
}

pub struct ActivityView {
    pub activity: Activity,
    pub quarter: &'static str,
    pub starts: String,
    pub completes: String,
}

pub struct InitiativeView {
    pub initiative: Initiative,
    pub number: String,
    pub short_term: Vec<BenchmarkView>,
    pub early_evidence: Vec<BenchmarkView>,
    pub process: Vec<BenchmarkView>,
    pub activities: Vec<ActivityView>,
    /// The person may change this strategy sheet (plan editors, or its linked lead).
    pub editable: bool,
}

pub struct ObjectiveView {
    pub objective: Objective,
    pub number: usize,
    pub initiatives: Vec<InitiativeView>,
}

pub fn date_label(date: chrono::NaiveDate) -> String {
    date.format("%b %-d, %Y").to_string()
}

fn benchmark_view(tree: &PlanTree, benchmark: &Benchmark) -> BenchmarkView {
    let targets = tree
        .targets_of(benchmark.id)
        .map(|t| {
            format!(
                "{} by {}",
                benchmark.unit.format(t.value),
                date_label(t.due_on)
            )
        })
        .collect::<Vec<_>>()
        .join(" · ");
    BenchmarkView {
        benchmark: benchmark.clone(),
        targets,
    }
}

/// Builds the page's nested view from the flat tree, in memory (no further queries).
pub fn objective_views(tree: &PlanTree, can_edit_all: bool, user_id: Uuid) -> Vec<ObjectiveView> {
    let views = |initiative: &Initiative, kind| {
        tree.benchmarks_of(initiative.id, kind)
            .map(|b| benchmark_view(tree, b))
            .collect()
    };
    tree.objectives
        .iter()
        .map(|objective| ObjectiveView {
            number: tree.objective_number(objective.id),
            initiatives: tree
                .initiatives_of(objective.id)
                .map(|initiative| InitiativeView {
                    number: tree.initiative_number(initiative),
                    short_term: views(initiative, BenchmarkKind::ShortTermOutcome),
                    early_evidence: views(initiative, BenchmarkKind::EarlyEvidence),
                    process: views(initiative, BenchmarkKind::Activity),
                    activities: tree
                        .activities_of(initiative.id)
                        .map(|a| ActivityView {
                            activity: a.clone(),
                            quarter: a.quarter().map_or("—", |q| q.label()),
                            starts: a.starts_on.map(date_label).unwrap_or_else(|| "—".into()),
                            completes: a.completes_on.map(date_label).unwrap_or_else(|| "—".into()),
                        })
                        .collect(),
                    editable: tree.plan.is_editable()
                        && (can_edit_all || initiative.lead_user_id == Some(user_id)),
                    initiative: initiative.clone(),
                })
                .collect(),
            objective: objective.clone(),
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "plans/page.html")]
pub struct PlanPage {
    layout: Layout,
    district_name: String,
    district_slug: String,
    plan_path: String,
    plan: Plan,
    objectives: Vec<ObjectiveView>,
    final_outcomes: Vec<BenchmarkView>,
    findings: Vec<Finding>,
    section_one_words: usize,
    versions: Vec<PlanVersion>,
    /// The person may edit the whole plan (and it is a draft).
    can_edit: bool,
    /// The person may edit at least the initiatives they lead (and it is a draft).
    can_edit_led: bool,
    can_submit: bool,
    can_approve: bool,
    can_start_next: bool,
}

impl PlanPage {
    fn max_words(&self) -> usize {
        checks::SECTION_ONE_MAX_WORDS
    }
}

pub async fn show(
    mut scope: DistrictScope,
    Path((_, plan_id)): Path<(String, Uuid)>,
) -> Result<PlanPage> {
    scope.require(Permission::ViewPlan)?;
    let district_id = scope.district.id;
    let tree = queries::load_tree(scope.conn(), district_id, plan_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let versions = queries::versions(scope.conn(), district_id).await?;
    let draft = tree.plan.status == PlanStatus::Draft;
    let can_edit = draft && may_edit(&mut scope, Target::Plan).await?;
    let user_id = scope.user.user.id;
    let can_edit_led = draft
        && (can_edit
            || (scope.can(Permission::EditLedInitiatives)
                && tree
                    .initiatives
                    .iter()
                    .any(|i| i.lead_user_id == Some(user_id))));
    let has_open = versions
        .iter()
        .any(|v| matches!(v.status, PlanStatus::Draft | PlanStatus::Submitted));
    let page = PlanPage {
        layout: Layout::new(&scope.user, tree.plan.title.clone(), "plan").await,
        district_name: scope.district.name.clone(),
        district_slug: scope.district.slug.clone(),
        plan_path: format!("/districts/{}/plans/{}", scope.district.slug, plan_id),
        objectives: objective_views(&tree, can_edit, user_id),
        final_outcomes: tree
            .final_outcomes()
            .map(|b| benchmark_view(&tree, b))
            .collect(),
        findings: checks::check(&tree),
        section_one_words: tree.plan.section_one_words(),
        can_submit: scope.can(Permission::SubmitPlan),
        can_approve: scope.can(Permission::ApprovePlan),
        can_start_next: scope.can(Permission::StartNextPlan)
            && tree.plan.status == PlanStatus::Approved
            && !has_open,
        plan: tree.plan,
        versions,
        can_edit,
        can_edit_led,
    };
    scope.commit().await?;
    Ok(page)
}

#[derive(Template, WebTemplate)]
#[template(path = "plans/none.html")]
struct NoPlanPage {
    layout: Layout,
    district_name: String,
    district_slug: String,
    can_create: bool,
    first_year: i32,
}

/// `/districts/{d}/plan`: the plan the district works from, or a way to start one.
pub async fn current(mut scope: DistrictScope) -> Result<Response> {
    scope.require(Permission::ViewPlan)?;
    let district_id = scope.district.id;
    if let Some(id) = queries::current_plan_id(scope.conn(), district_id).await? {
        return Ok(
            Redirect::to(&format!("/districts/{}/plans/{id}", scope.district.slug)).into_response(),
        );
    }
    Ok(NoPlanPage {
        layout: Layout::new(&scope.user, "Plan", "plan").await,
        district_name: scope.district.name.clone(),
        district_slug: scope.district.slug.clone(),
        can_create: scope.can(Permission::EditPlan),
        first_year: crate::calendar::school_year_of(crate::calendar::today()),
    }
    .into_response())
}
