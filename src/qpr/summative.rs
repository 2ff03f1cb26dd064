//! What the year's Summative Report adds to a quarterly one (seed 001 Phase 5): the data on each
//! final outcome against its targets, pre-filled from the final-outcome benchmarks' measurements
//! up to the end of the school year, with their charts and the monitor's words on each; and beside
//! every initiative the four ratings of its year (the three quarterly reports' and its own).
//! The year narrative is the report's summary; the recommendations are a column of the report.
//! Each load is one statement, whatever the number of periods or outcomes.

use chrono::NaiveDate;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::calendar::{self, QprPeriod};
use crate::db::scoped;
use crate::plans::model::{BenchmarkKind, PlanTree};
use crate::progress::chart::{self, Chart, ChartSize};
use crate::progress::state::{self, TargetState};
use crate::qpr::model::InitiativeRating;
use crate::qpr::rating::{PerformanceRating, ProcessRating};

/// One initiative's ratings in one report of the year.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct YearRating {
    pub period_start: NaiveDate,
    pub initiative_id: Uuid,
    pub process_rating: Option<ProcessRating>,
    pub performance_rating: Option<PerformanceRating>,
}

/// Which of the year's quarterly reports count: published ones inside the app, published and
/// posted ones on the public page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readers {
    App,
    Public,
}

/// The ratings of the three quarterly reports of the summative report's year.
pub async fn quarterly_ratings(
    conn: &mut PgConnection,
    district_id: Uuid,
    period: QprPeriod,
    readers: Readers,
) -> sqlx::Result<Vec<YearRating>> {
    let starts: Vec<NaiveDate> = period.quarters_of_year().map(|p| p.start).into();
    let posted = match readers {
        Readers::App => "",
        Readers::Public => "AND q.posted_at IS NOT NULL",
    };
    sqlx::query_as(&format!(
        "SELECT q.period_start, r.initiative_id, r.process_rating, r.performance_rating \
         FROM qpr_initiatives r JOIN qprs q ON q.district_id = r.district_id AND q.id = r.qpr_id \
         WHERE q.district_id = $1 AND q.period_start = ANY($2) AND q.status = 'published' {posted}"
    ))
    .bind(district_id)
    .bind(&starts)
    .fetch_all(conn)
    .await
}

/// One report's row of an initiative's year, for the table beside its narrative.
pub struct YearRow {
    /// "September–November 2025", or "This Summative Report".
    pub report: String,
    pub process: Option<&'static str>,
    pub performance: Option<&'static str>,
}

/// The four rows of one initiative's year: the three quarters, then the summative's own.
pub fn year_rows(
    period: QprPeriod,
    quarterly: &[YearRating],
    own: Option<&InitiativeRating>,
    initiative_id: Uuid,
) -> Vec<YearRow> {
    let mut rows: Vec<YearRow> = period
        .quarters_of_year()
        .into_iter()
        .map(|quarter| {
            let rating = quarterly
                .iter()
                .find(|r| r.period_start == quarter.start && r.initiative_id == initiative_id);
            YearRow {
                report: quarter.label(),
                process: rating
                    .and_then(|r| r.process_rating)
                    .map(ProcessRating::label),
                performance: rating
                    .and_then(|r| r.performance_rating)
                    .map(PerformanceRating::label),
            }
        })
        .collect();
    rows.push(YearRow {
        report: "This Summative Report".into(),
        process: own.and_then(|r| r.process_rating).map(ProcessRating::label),
        performance: own
            .and_then(|r| r.performance_rating)
            .map(PerformanceRating::label),
    });
    rows
}

/// A measurement of a final outcome, as the report's data uses it.
#[derive(Debug, Clone, sqlx::FromRow)]
struct Measured {
    benchmark_id: Uuid,
    measured_on: NaiveDate,
    value: f64,
}

/// The final outcomes' measurements up to the end of the report's year, and the monitor's words
/// on each outcome (two statements).
pub struct OutcomeData {
    measured: Vec<Measured>,
    narratives: Vec<(Uuid, String)>,
}

impl OutcomeData {
    pub fn narrative_of(&self, benchmark_id: Uuid) -> &str {
        crate::qpr::queries::narrative_in(&self.narratives, benchmark_id)
    }
}

/// The report (`qpr_id`, on `period`) rates plan `plan_id`.
pub async fn outcome_data(
    conn: &mut PgConnection,
    district_id: Uuid,
    plan_id: Uuid,
    qpr_id: Uuid,
    period: QprPeriod,
) -> sqlx::Result<OutcomeData> {
    let measured = sqlx::query_as(
        "SELECT m.benchmark_id, m.measured_on, m.value FROM measurements m \
         JOIN benchmarks b ON b.district_id = m.district_id AND b.id = m.benchmark_id \
         WHERE m.district_id = $1 AND b.plan_id = $2 AND b.kind = 'final_outcome' \
           AND m.measured_on <= $3 ORDER BY m.measured_on, m.recorded_at",
    )
    .bind(district_id)
    .bind(plan_id)
    .bind(period.end())
    .fetch_all(&mut *conn)
    .await?;
    let narratives = scoped::all(
        conn,
        "SELECT benchmark_id, narrative FROM qpr_outcomes WHERE district_id = $1 AND qpr_id = $2",
        district_id,
        qpr_id,
    )
    .await?;
    Ok(OutcomeData {
        measured,
        narratives,
    })
}

/// One final outcome against its targets at the end of the year.
pub struct OutcomeView {
    pub benchmark_id: Uuid,
    pub number: usize,
    pub statement: String,
    pub population: String,
    /// "60% by Jun 30, 2026 · 70% by Jun 30, 2027"
    pub targets: String,
    pub state: TargetState,
    /// "Met: 62% on Jun 12, 2026 against 60% by Jun 30, 2026".
    pub sentence: String,
    pub chart: Chart,
    pub narrative: String,
}

/// The plan's final outcomes in its order, each assessed as of the last day of the year.
pub fn outcomes(tree: &PlanTree, data: &OutcomeData, period: QprPeriod) -> Vec<OutcomeView> {
    let (as_of, today) = (period.end(), calendar::today());
    tree.benchmarks
        .iter()
        .filter(|b| b.kind == BenchmarkKind::FinalOutcome)
        .enumerate()
        .map(|(n, b)| {
            let targets: Vec<(NaiveDate, f64)> =
                tree.targets_of(b.id).map(|t| (t.due_on, t.value)).collect();
            let measured: Vec<(NaiveDate, f64)> = data
                .measured
                .iter()
                .filter(|m| m.benchmark_id == b.id)
                .map(|m| (m.measured_on, m.value))
                .collect();
            let (unit, up) = (b.unit, b.higher_is_better);
            let assessment = state::assess(unit, up, &targets, &measured, as_of);
            let chart =
                chart::benchmark_chart(unit, up, &targets, &measured, today, ChartSize::Small)
                    .titled(format!(
                        "Final outcome {}: measurements against targets",
                        n + 1
                    ));
            OutcomeView {
                benchmark_id: b.id,
                number: n + 1,
                statement: b.statement.clone(),
                population: b.population.clone(),
                targets: targets
                    .iter()
                    .map(|(on, v)| format!("{} by {}", unit.format(*v), calendar::date_label(*on)))
                    .collect::<Vec<_>>()
                    .join(" · "),
                state: assessment.state,
                sentence: state::describe(&assessment, unit),
                chart,
                narrative: data.narrative_of(b.id).to_string(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, 1).unwrap()
    }

    #[test]
    fn an_initiatives_year_is_its_three_quarters_then_the_summative() {
        let summative = QprPeriod::containing(d(2026, 6));
        let initiative = Uuid::new_v4();
        let rated = |start, process| YearRating {
            period_start: start,
            initiative_id: initiative,
            process_rating: Some(process),
            performance_rating: None,
        };
        let quarterly = [
            rated(d(2026, 3), ProcessRating::PracticesInPlace),
            rated(d(2025, 9), ProcessRating::Problematic),
            // Another initiative's rating, and a report of another year: not this row's.
            YearRating {
                initiative_id: Uuid::new_v4(),
                ..rated(d(2025, 12), ProcessRating::FullyEmbedded)
            },
            rated(d(2024, 9), ProcessRating::FullyEmbedded),
        ];
        let rows = year_rows(summative, &quarterly, None, initiative);
        let reports: Vec<&str> = rows.iter().map(|r| r.report.as_str()).collect();
        assert_eq!(
            reports,
            [
                "September–November 2025",
                "December 2025–February 2026",
                "March–May 2026",
                "This Summative Report"
            ]
        );
        assert_eq!(rows[0].process, Some(ProcessRating::Problematic.label()));
        assert_eq!(rows[1].process, None);
        assert_eq!(
            rows[2].process,
            Some(ProcessRating::PracticesInPlace.label())
        );
        assert_eq!(rows[3].process, None);
    }
}
