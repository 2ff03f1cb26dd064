//! A benchmark's progress page: its targets and measurements side by side, where it stands
//! against them, the chart, and the evidence behind each value (seed 003: a benchmark states "the
//! measure, the target, the date(s), and the evidence source").

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::Path;
use axum::routing::get;
use chrono::NaiveDate;
use uuid::Uuid;

use super::activities::closed_reason;
use super::chart::{self, Chart, ChartSize};
use super::model::Measurement;
use super::queries::{self, BenchmarkInPlan};
use super::state::{self, Assessment, reaches};
use crate::access::{DistrictScope, Permission};
use crate::calendar;
use crate::calendar::date_label;
use crate::error::{AppError, Result};
use crate::evidence::model::{EVIDENCE_COLUMNS, Evidence, EvidenceKind};
use crate::plans::model::TargetUnit;
use crate::plans::staleness;
use crate::state::AppState;
use crate::web::Layout;
use crate::web::open::Ids;

pub fn routes() -> Router<AppState> {
    Router::new().route("/districts/{district}/benchmarks/{id}", get(show))
}

/// A piece of evidence as a link: to the stored file, or to the page it names.
pub struct EvidenceLink {
    pub title: String,
    /// Empty when a recorded URL is not a web address, so it is shown but never followed.
    pub href: String,
    pub what: String,
}

impl EvidenceLink {
    fn new(slug: &str, evidence: &Evidence) -> Self {
        let (href, what) = match evidence.kind {
            EvidenceKind::File => (
                format!("/districts/{slug}/evidence/{}/file", evidence.id),
                format!("file, {}", evidence.size_label()),
            ),
            EvidenceKind::Link => {
                let url = evidence.url.clone().unwrap_or_default();
                let web = url.starts_with("https://") || url.starts_with("http://");
                (if web { url } else { String::new() }, "link".into())
            }
        };
        Self {
            title: evidence.title.clone(),
            href,
            what: format!("{what}, {}", date_label(evidence.evidence_on)),
        }
    }
}

/// A row of the targets table.
pub struct TargetRow {
    pub due: String,
    pub target: String,
    /// The latest measurement on or before the due date ("58% on Nov 15, 2026"), or "".
    pub measured: String,
    /// "reached", "not reached" or "not yet due".
    pub outcome: &'static str,
}

/// A row of the measurements table.
pub struct MeasurementRow {
    pub id: Uuid,
    pub date: String,
    pub value: String,
    pub population: String,
    pub note: String,
    pub recorded_by: String,
    pub evidence: Vec<EvidenceLink>,
}

#[derive(Template, WebTemplate)]
#[template(path = "progress/benchmark.html")]
pub struct BenchmarkPage {
    layout: Layout,
    slug: String,
    plan_path: String,
    found: BenchmarkInPlan,
    assessment: Assessment,
    sentence: String,
    chart: Chart,
    targets: Vec<TargetRow>,
    measurements: Vec<MeasurementRow>,
    /// Evidence attached to the benchmark itself rather than to one measurement.
    benchmark_evidence: Vec<EvidenceLink>,
    /// The person may record here and the plan takes progress.
    recordable: bool,
    /// Why nothing can be recorded here ("" when `recordable`).
    why_not: &'static str,
    /// "last measured Oct 1, 2026, due again by Nov 1, 2026 (Monthly)" when it is stale.
    stale: Option<String>,
}

fn target_rows(
    unit: TargetUnit,
    higher_is_better: bool,
    targets: &[(NaiveDate, f64)],
    measured: &[(NaiveDate, f64)],
    today: NaiveDate,
) -> Vec<TargetRow> {
    targets
        .iter()
        .map(|&(due_on, target)| {
            // `measured` is oldest first, so the last one by the due date is the latest.
            let by_then = measured
                .iter()
                .rev()
                .find(|(on, _)| *on <= due_on.min(today));
            let outcome = match by_then {
                _ if due_on > today => "not yet due",
                Some(&(_, v)) if reaches(unit, higher_is_better, v, target) => "reached",
                _ => "not reached",
            };
            TargetRow {
                due: date_label(due_on),
                target: unit.format(target),
                measured: by_then
                    .map(|&(on, v)| format!("{} on {}", unit.format(v), date_label(on)))
                    .unwrap_or_default(),
                outcome,
            }
        })
        .collect()
}

/// Every piece of evidence on the benchmark or one of its measurements (one statement).
async fn evidence_of(scope: &mut DistrictScope, benchmark_id: Uuid) -> Result<Vec<Evidence>> {
    let district_id = scope.district.id;
    Ok(sqlx::query_as(&format!(
        "SELECT {EVIDENCE_COLUMNS} FROM evidence e LEFT JOIN users p ON p.id = e.uploaded_by \
         WHERE e.district_id = $1 AND (e.benchmark_id = $2 OR e.measurement_id IN ( \
             SELECT m.id FROM measurements m WHERE m.district_id = $1 AND m.benchmark_id = $2)) \
         ORDER BY e.evidence_on, e.uploaded_at"
    ))
    .bind(district_id)
    .bind(benchmark_id)
    .fetch_all(scope.conn())
    .await?)
}

/// The page in a fixed number of statements: the benchmark with its plan and targets (3), its
/// measurements (1) and their evidence (1).
pub async fn show(mut scope: DistrictScope, Path((_, id)): Ids) -> Result<BenchmarkPage> {
    scope.require(Permission::ViewPlan)?;
    let district_id = scope.district.id;
    let found = queries::benchmark_in_plan(scope.conn(), district_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let measurements: Vec<Measurement> =
        queries::measurements_of(scope.conn(), district_id, id).await?;
    let evidence = evidence_of(&mut scope, id).await?;
    let today = calendar::today();
    let slug = scope.district.slug.clone();
    let benchmark = &found.benchmark;
    let (unit, up) = (benchmark.unit, benchmark.higher_is_better);
    let targets: Vec<(NaiveDate, f64)> =
        found.targets.iter().map(|t| (t.due_on, t.value)).collect();
    let measured: Vec<(NaiveDate, f64)> = measurements
        .iter()
        .map(|m| (m.measured_on, m.value))
        .collect();
    let assessment = state::assess(unit, up, &targets, &measured, today);
    let links_of = |measurement: Uuid| -> Vec<EvidenceLink> {
        evidence
            .iter()
            .filter(|e| e.measurement_id == Some(measurement))
            .map(|e| EvidenceLink::new(&slug, e))
            .collect()
    };
    let rows = measurements
        .iter()
        .rev()
        .map(|m| MeasurementRow {
            id: m.id,
            date: date_label(m.measured_on),
            value: unit.format(m.value),
            population: m.population.clone(),
            note: m.note.clone(),
            recorded_by: m.recorded_by_name.clone(),
            evidence: links_of(m.id),
        })
        .collect();
    let benchmark_evidence = evidence
        .iter()
        .filter(|e| e.benchmark_id == Some(id))
        .map(|e| EvidenceLink::new(&slug, e))
        .collect();
    let may_record = scope.may_record(found.lead_user_id);
    let why_not = match closed_reason(&found.plan) {
        Some(reason) => reason,
        None if !may_record => {
            "Measurements here are recorded by the initiative's lead, the plan manager and the \
             superintendent."
        }
        None => "",
    };
    let stale = staleness::measuring_since(&found.plan).and_then(|since| {
        let last = measured.last().map(|&(on, _)| on);
        staleness::stale_note(&benchmark.frequency, last, since, today)
    });
    let title = format!("Benchmark: {}", benchmark.kind.label());
    Ok(BenchmarkPage {
        layout: Layout::new(&scope.user, title, "plan").await,
        plan_path: format!("/districts/{slug}/plans/{}", found.plan.id),
        sentence: state::describe(&assessment, unit),
        chart: chart::benchmark_chart(unit, up, &targets, &measured, today, ChartSize::Large)
            .titled(format!(
                "{}: measurements against targets",
                benchmark.kind.label()
            )),
        targets: target_rows(unit, up, &targets, &measured, today),
        measurements: rows,
        benchmark_evidence,
        recordable: may_record && why_not.is_empty(),
        why_not,
        stale,
        assessment,
        found,
        slug,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, month, day).unwrap()
    }

    #[test]
    fn each_target_is_judged_by_the_last_measurement_before_it_was_due() {
        let targets = [(d(10, 31), 60.0), (d(11, 30), 80.0), (d(12, 31), 90.0)];
        let measured = [(d(10, 15), 62.0), (d(11, 15), 70.0), (d(12, 5), 95.0)];
        let rows = target_rows(TargetUnit::Percent, true, &targets, &measured, d(12, 10));
        let outcomes: Vec<&str> = rows.iter().map(|r| r.outcome).collect();
        assert_eq!(outcomes, ["reached", "not reached", "not yet due"]);
        assert_eq!(rows[1].measured, "70% on Nov 15, 2026");
        // The December target is not due: nothing measured after today counts towards it.
        assert_eq!(rows[2].measured, "95% on Dec 5, 2026");
        let early = target_rows(TargetUnit::Percent, true, &targets, &[], d(11, 1));
        assert_eq!(
            (early[0].outcome, early[0].measured.as_str()),
            ("not reached", "")
        );
    }

    #[test]
    fn links_that_are_not_web_addresses_are_not_followed() {
        let evidence = |url: &str| Evidence {
            id: Uuid::nil(),
            title: "Walkthrough notes".into(),
            evidence_on: d(11, 3),
            kind: EvidenceKind::Link,
            url: Some(url.into()),
            file_name: None,
            content_type: None,
            byte_size: None,
            note: String::new(),
            initiative_id: None,
            benchmark_id: None,
            measurement_id: None,
            uploaded_by_name: String::new(),
            uploaded_at: chrono::Utc::now(),
        };
        let safe = EvidenceLink::new("randolph", &evidence("https://example.org/notes"));
        assert_eq!(safe.href, "https://example.org/notes");
        assert_eq!(safe.what, "link, Nov 3, 2026");
        let unsafe_link = EvidenceLink::new("randolph", &evidence("javascript:alert(1)"));
        assert_eq!(unsafe_link.href, "");
    }
}
