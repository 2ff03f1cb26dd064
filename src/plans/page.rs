//! The plan page: the whole plan laid out as the template reads, with its guidance checks.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use uuid::Uuid;

use super::checks::{self, Finding};
use super::model::{
    Activity, Benchmark, BenchmarkKind, Initiative, Objective, Plan, PlanStatus, PlanTree, Target,
};
use super::queries::{self, PlanVersion};
use super::review::{self, Review};
use super::staleness;
use super::viewing;
use crate::access::{DistrictScope, Permission};
use crate::calendar::date_label;
use crate::error::Result;
use crate::progress;
use crate::progress::chart::{self, Chart, ChartSize};
use crate::progress::model::{ActivityStatus, ActivityUpdate, is_overdue};
use crate::progress::queries::PlanProgress;
use crate::progress::state::{self, TargetState};
use crate::web::Layout;
use chrono::NaiveDate;

/// A benchmark with its targets written out.
pub struct BenchmarkView {
    pub benchmark: Benchmark,
    /// "60% by Nov 30, 2025 · 80% by Jan 31, 2026"
    pub targets: String,
    /// Where it stands, on plans that carry progress.
    pub progress: Option<BenchmarkProgress>,
    /// "last measured Oct 1, 2026, due again by Nov 1, 2026 (Monthly)" when it is stale.
    pub stale: Option<String>,
}

pub struct BenchmarkProgress {
    pub state: TargetState,
    /// The state in a sentence: latest value, the target it was compared with.
    pub sentence: String,
    pub chart: Chart,
}

pub struct ActivityView {
    pub activity: Activity,
    pub quarter: &'static str,
    pub starts: String,
    pub completes: String,
    /// The latest status given, if any.
    pub status: Option<ActivityUpdate>,
    pub overdue: bool,
}

impl ActivityView {
    /// An activity nobody has updated yet is "not started".
    pub fn status_label(&self) -> &'static str {
        self.status
            .as_ref()
            .map_or(ActivityStatus::NotStarted, |u| u.status)
            .label()
    }

    pub fn status_class(&self) -> &'static str {
        self.status
            .as_ref()
            .map_or(ActivityStatus::NotStarted, |u| u.status)
            .css_class()
    }
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
    /// The person may record statuses, measurements and evidence here.
    pub can_record: bool,
    /// The states of the sheet's benchmarks, for its strip.
    pub states: Vec<TargetState>,
    /// How many of the sheet's benchmarks are stale.
    pub stale_count: usize,
    pub evidence_count: i64,
}

pub struct ObjectiveView {
    pub objective: Objective,
    pub number: usize,
    pub initiatives: Vec<InitiativeView>,
    pub summary: ObjectiveProgress,
}

/// Progress under one objective: activities complete of those due, benchmarks met of those
/// measured.
#[derive(Default)]
pub struct ObjectiveProgress {
    /// Activities whose completion date has passed (cancelled ones excepted).
    pub activities_due: usize,
    /// Of those, the ones marked complete.
    pub activities_complete: usize,
    pub activities_overdue: usize,
    pub benchmarks_measured: usize,
    pub benchmarks_met: usize,
    pub benchmarks_stale: usize,
    pub states: Vec<TargetState>,
}

/// What the plan page knows about progress, when the plan carries it.
pub struct ProgressContext<'a> {
    pub progress: &'a PlanProgress,
    pub today: NaiveDate,
    /// When measuring began, on a plan that takes progress (see [`staleness`]).
    pub since: Option<NaiveDate>,
}

fn benchmark_progress(
    tree: &PlanTree,
    benchmark: &Benchmark,
    context: &ProgressContext,
) -> BenchmarkProgress {
    let targets: Vec<(NaiveDate, f64)> = tree
        .targets_of(benchmark.id)
        .map(|t| (t.due_on, t.value))
        .collect();
    let measured: Vec<(NaiveDate, f64)> = context
        .progress
        .measurements_of(benchmark.id)
        .map(|m| (m.measured_on, m.value))
        .collect();
    let (unit, up, today) = (benchmark.unit, benchmark.higher_is_better, context.today);
    let assessment = state::assess(unit, up, &targets, &measured, today);
    BenchmarkProgress {
        state: assessment.state,
        sentence: state::describe(&assessment, unit),
        chart: chart::benchmark_chart(unit, up, &targets, &measured, today, ChartSize::Small),
    }
}

/// "60% by Nov 30, 2025 · 80% by Jan 31, 2026": a benchmark's targets as the plan and the
/// published pages list them.
pub fn targets_label(tree: &PlanTree, benchmark: &Benchmark) -> String {
    let label = |t: &Target| {
        format!(
            "{} by {}",
            benchmark.unit.format(t.value),
            date_label(t.due_on)
        )
    };
    let targets: Vec<String> = tree.targets_of(benchmark.id).map(label).collect();
    targets.join(" · ")
}

fn benchmark_view(
    tree: &PlanTree,
    benchmark: &Benchmark,
    context: Option<&ProgressContext>,
) -> BenchmarkView {
    let targets = targets_label(tree, benchmark);
    let stale = context.and_then(|c| {
        let last = c.progress.measurements_of(benchmark.id).last();
        let last = last.map(|m| m.measured_on);
        staleness::stale_note(&benchmark.frequency, last, c.since?, c.today)
    });
    BenchmarkView {
        progress: context.map(|c| benchmark_progress(tree, benchmark, c)),
        stale,
        benchmark: benchmark.clone(),
        targets,
    }
}

fn summarise(initiatives: &[InitiativeView], today: NaiveDate) -> ObjectiveProgress {
    let mut summary = ObjectiveProgress::default();
    for activity in initiatives.iter().flat_map(|i| &i.activities) {
        let status = activity.status.as_ref().map(|u| u.status);
        let due = activity.activity.completes_on.is_some_and(|d| d < today);
        if due && status != Some(ActivityStatus::Cancelled) {
            summary.activities_due += 1;
            if status == Some(ActivityStatus::Complete) {
                summary.activities_complete += 1;
            }
        }
        summary.activities_overdue += usize::from(activity.overdue);
    }
    summary.benchmarks_stale = initiatives.iter().map(|i| i.stale_count).sum();
    for state in initiatives.iter().flat_map(|i| &i.states) {
        if !matches!(state, TargetState::NotYetMeasured) {
            summary.benchmarks_measured += 1;
        }
        if matches!(state, TargetState::Met) {
            summary.benchmarks_met += 1;
        }
        summary.states.push(*state);
    }
    summary
}

/// Who may record progress on the plan page's sheets.
pub struct Recorders {
    /// Every sheet (superintendent, plan manager).
    pub all: bool,
    /// The sheets of the initiatives this person is linked to as lead.
    pub led_by: Option<Uuid>,
}

/// Builds the page's nested view from the flat tree, in memory (no further queries).
pub fn objective_views(
    tree: &PlanTree,
    can_edit_all: bool,
    user_id: Uuid,
    context: Option<&ProgressContext>,
    recorders: &Recorders,
) -> Vec<ObjectiveView> {
    let views = |initiative: &Initiative, kind| {
        tree.benchmarks_of(initiative.id, kind)
            .map(|b| benchmark_view(tree, b, context))
            .collect()
    };
    let today = context.map_or_else(crate::calendar::today, |c| c.today);
    let initiative_view = |initiative: &Initiative| {
        let short_term: Vec<BenchmarkView> = views(initiative, BenchmarkKind::ShortTermOutcome);
        let early_evidence: Vec<BenchmarkView> = views(initiative, BenchmarkKind::EarlyEvidence);
        let process: Vec<BenchmarkView> = views(initiative, BenchmarkKind::Activity);
        let states = (short_term.iter().chain(&early_evidence).chain(&process))
            .filter_map(|b| b.progress.as_ref().map(|p| p.state))
            .collect();
        let stale_count = (short_term.iter().chain(&early_evidence).chain(&process))
            .filter(|b| b.stale.is_some())
            .count();
        InitiativeView {
            stale_count,
            number: tree.initiative_number(initiative),
            short_term,
            early_evidence,
            process,
            states,
            activities: tree
                .activities_of(initiative.id)
                .map(|a| {
                    let status = context.and_then(|c| c.progress.status_of(a.id)).cloned();
                    ActivityView {
                        activity: a.clone(),
                        quarter: a.quarter().map_or("—", |q| q.label()),
                        starts: a.starts_on.map(date_label).unwrap_or_else(|| "—".into()),
                        completes: a.completes_on.map(date_label).unwrap_or_else(|| "—".into()),
                        overdue: context.is_some()
                            && is_overdue(a.completes_on, status.as_ref().map(|u| u.status), today),
                        status,
                    }
                })
                .collect(),
            editable: tree.plan.is_editable()
                && (can_edit_all || initiative.lead_user_id == Some(user_id)),
            can_record: context.is_some()
                && tree.plan.accepts_progress()
                && (recorders.all
                    || (recorders.led_by.is_some() && initiative.lead_user_id == recorders.led_by)),
            evidence_count: context.map_or(0, |c| c.progress.evidence_count(initiative.id)),
            initiative: initiative.clone(),
        }
    };
    tree.objectives
        .iter()
        .map(|objective| {
            let initiatives: Vec<InitiativeView> = tree
                .initiatives_of(objective.id)
                .map(initiative_view)
                .collect();
            ObjectiveView {
                number: tree.objective_number(objective.id),
                summary: summarise(&initiatives, today),
                initiatives,
                objective: objective.clone(),
            }
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
    /// "/districts/randolph": for links to progress and evidence pages.
    district_path: String,
    /// The plan carries progress (approved or under review, or it has some recorded).
    shows_progress: bool,
    /// The person may record progress on every sheet.
    can_record_all: bool,
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
    /// The latest Summative Report's recommendations for next year, where they are a starting point.
    recommendations: Option<super::next_year::Recommendations>,
    /// The plan's latest rubric review, shown to the district and ESE.
    latest_review: Option<Review>,
    /// A draft returned for revision by its latest review: the review goes at the top.
    returned: bool,
    /// Under review with a review that lets ESE approve it.
    approvable: bool,
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
    let tree = viewing::tree(&mut scope, plan_id).await?;
    let district_id = scope.district.id;
    let versions = queries::versions(scope.conn(), district_id).await?;
    let draft = tree.plan.status == PlanStatus::Draft;
    let can_edit = draft && scope.may_edit(None).await?;
    let user_id = scope.user.user.id;
    let can_edit_led = draft
        && (can_edit
            || (scope.can(Permission::EditLedInitiatives)
                && tree
                    .initiatives
                    .iter()
                    .any(|i| i.lead_user_id == Some(user_id))));
    let has_open = versions.iter().any(|v| {
        matches!(
            v.status,
            PlanStatus::Draft | PlanStatus::Submitted | PlanStatus::Scheduled
        )
    });
    let progress = progress::queries::for_plan(scope.conn(), district_id, plan_id).await?;
    let shows_progress = tree.plan.accepts_progress()
        || !progress.measurements.is_empty()
        || !progress.statuses.is_empty();
    let context = ProgressContext {
        progress: &progress,
        today: crate::calendar::today(),
        since: staleness::measuring_since(&tree.plan),
    };
    let context = shows_progress.then_some(&context);
    let recorders = Recorders {
        all: scope.can(Permission::RecordProgress),
        led_by: scope.can(Permission::RecordLedProgress).then_some(user_id),
    };
    let latest_review = review::reviews_of(scope.conn(), district_id, plan_id, true)
        .await?
        .pop();
    let returned =
        draft && (latest_review.as_ref()).is_some_and(|r| r.returned(tree.plan.submitted_at));
    let approvable = tree.plan.status == PlanStatus::Submitted
        && (latest_review.as_ref()).is_some_and(|r| r.allows_approval(tree.plan.submitted_at));
    let can_start_next = scope.can(Permission::StartNextPlan)
        && tree.plan.status == PlanStatus::Approved
        && !has_open;
    let recommendations =
        super::next_year::starting_point(scope.conn(), district_id, &tree.plan, can_start_next)
            .await?;
    let page = PlanPage {
        recommendations,
        latest_review,
        returned,
        approvable,
        layout: Layout::new(&scope.user, tree.plan.title.clone(), "plan").await,
        district_name: scope.district.name.clone(),
        district_slug: scope.district.slug.clone(),
        plan_path: format!("/districts/{}/plans/{}", scope.district.slug, plan_id),
        objectives: objective_views(&tree, can_edit, user_id, context, &recorders),
        final_outcomes: tree
            .final_outcomes()
            .map(|b| benchmark_view(&tree, b, context))
            .collect(),
        district_path: format!("/districts/{}", scope.district.slug),
        shows_progress,
        can_record_all: recorders.all && tree.plan.accepts_progress(),
        findings: checks::check(&tree),
        section_one_words: tree.plan.section_one_words(),
        can_submit: scope.can(Permission::SubmitPlan),
        can_approve: scope.can(Permission::ApprovePlan),
        can_start_next,
        plan: tree.plan,
        versions,
        can_edit,
        can_edit_led,
    };
    scope.commit().await?;
    Ok(page)
}
