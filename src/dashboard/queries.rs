//! Everything the dashboard shows, read for every district at once in [`DASHBOARD_STATEMENTS`]
//! statements whatever the number of districts: the per-district facts are aggregated in SQL,
//! the rest comes in bulk rows that the table and the heat map group by district.

use crate::continuum::{Stage, current_stages};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::highlights::model::{DISCUSSION_COLUMNS, Discussion, REVIEW_COLUMNS, Review};
use crate::plans::model::{PlanStatus, TargetUnit};
use crate::qpr::rating::{PerformanceRating, ProcessRating};

/// Statements [`read`] runs: districts, latest ratings, trends, open minutes, their reviews,
/// coverage and benchmarks. (Opening the transaction and setting its context come on top.)
pub const DASHBOARD_STATEMENTS: usize = 8;

/// The plan a district works from, as the district pages pick it: approved, else submitted,
/// else the draft being written (an archived plan is history, not a current plan).
const CURRENT_PLANS: &str = "SELECT DISTINCT ON (district_id) id, district_id, status, approved_at, first_school_year \
     FROM plans WHERE status <> 'archived' \
     ORDER BY district_id, CASE status WHEN 'approved' THEN 0 WHEN 'submitted' THEN 1 ELSE 2 END, created_at DESC";

/// One district with the facts SQL aggregates for it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DistrictFacts {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub accountability_level: i16,
    /// The district's plan monitors (active accounts), by name.
    pub monitor_ids: Vec<Uuid>,
    pub monitor_names: Vec<String>,
    pub plan_id: Option<Uuid>,
    pub plan_status: Option<PlanStatus>,
    pub plan_approved_at: Option<DateTime<Utc>>,
    pub plan_first_school_year: Option<i16>,
    /// The latest published report.
    pub qpr_id: Option<Uuid>,
    pub qpr_period_start: Option<NaiveDate>,
    /// The last discussion held on or before today.
    pub last_held_on: Option<NaiveDate>,
}

/// An initiative of the plan a district's latest published report rated, with that rating.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LatestRating {
    pub district_id: Uuid,
    pub initiative_id: Uuid,
    /// "2.3", as numbered on the plan.
    pub number: String,
    pub description: String,
    pub process_rating: Option<ProcessRating>,
    pub performance_rating: Option<PerformanceRating>,
}

/// One published report's average levels (1 to 4) over the initiatives it rated.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TrendPoint {
    pub district_id: Uuid,
    pub period_start: NaiveDate,
    pub process: Option<f64>,
    pub performance: Option<f64>,
}

/// An initiative or benchmark of a current plan and when a held discussion last addressed it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CoverageItem {
    pub district_id: Uuid,
    pub last_discussed: Option<NaiveDate>,
}

/// A benchmark of a current plan that takes progress, with its targets and the two
/// measurements [`crate::progress::state::assess`] decides on: the first and the latest taken
/// by today, in the order the plan pages list them (by date, then as recorded).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BenchmarkFacts {
    pub district_id: Uuid,
    pub frequency: String,
    pub unit: TargetUnit,
    pub higher_is_better: bool,
    pub target_dates: Vec<NaiveDate>,
    pub target_values: Vec<f64>,
    pub first_on: Option<NaiveDate>,
    pub first_value: Option<f64>,
    pub latest_on: Option<NaiveDate>,
    pub latest_value: Option<f64>,
}

impl BenchmarkFacts {
    pub fn targets(&self) -> Vec<(NaiveDate, f64)> {
        self.target_dates
            .iter()
            .copied()
            .zip(self.target_values.iter().copied())
            .collect()
    }

    /// The first and the latest measurement, oldest first (one when they are the same).
    pub fn measurements(&self) -> Vec<(NaiveDate, f64)> {
        let first = self.first_on.zip(self.first_value);
        let latest = self.latest_on.zip(self.latest_value);
        let mut found: Vec<(NaiveDate, f64)> = first.into_iter().collect();
        if let Some(latest) = latest
            && first != Some(latest)
        {
            found.push(latest);
        }
        found
    }
}

/// Every district's facts, for the dashboard.
#[derive(Debug, Clone, Default)]
pub struct Data {
    pub today: NaiveDate,
    pub districts: Vec<DistrictFacts>,
    pub ratings: Vec<LatestRating>,
    pub trends: Vec<TrendPoint>,
    /// Discussions whose minutes are not final, and the answers to them.
    pub discussions: Vec<Discussion>,
    pub reviews: Vec<Review>,
    pub coverage: Vec<CoverageItem>,
    pub benchmarks: Vec<BenchmarkFacts>,
    /// Where each district stands on exit criteria B–E, from its latest recorded reflection.
    pub continuum: Vec<(Uuid, String, Stage)>,
}

/// Reads every district the transaction's context can see (all of them for ESE staff).
pub async fn read(conn: &mut PgConnection, today: NaiveDate) -> sqlx::Result<Data> {
    let districts: Vec<DistrictFacts> = sqlx::query_as(&format!(
        "WITH cur AS ({CURRENT_PLANS}), \
         monitors AS ( \
             SELECT r.district_id, array_agg(u.id ORDER BY u.name, u.id) AS ids, \
                    array_agg(u.name ORDER BY u.name, u.id) AS names \
             FROM district_roles r JOIN users u ON u.id = r.user_id \
             WHERE r.role = 'plan_monitor' AND u.active GROUP BY r.district_id), \
         latest AS ( \
             SELECT DISTINCT ON (district_id) id, district_id, period_start FROM qprs \
             WHERE status = 'published' \
             ORDER BY district_id, period_start DESC, published_at DESC NULLS LAST, id), \
         held AS ( \
             SELECT district_id, max(held_on) AS last_held_on FROM highlight_discussions \
             WHERE held_on <= $1 GROUP BY district_id) \
         SELECT d.id, d.name, d.slug, d.accountability_level, \
                coalesce(m.ids, '{{}}') AS monitor_ids, coalesce(m.names, '{{}}') AS monitor_names, \
                cur.id AS plan_id, cur.status AS plan_status, cur.approved_at AS plan_approved_at, \
                cur.first_school_year AS plan_first_school_year, \
                latest.id AS qpr_id, latest.period_start AS qpr_period_start, held.last_held_on \
         FROM districts d \
         LEFT JOIN monitors m ON m.district_id = d.id \
         LEFT JOIN cur ON cur.district_id = d.id \
         LEFT JOIN latest ON latest.district_id = d.id \
         LEFT JOIN held ON held.district_id = d.id \
         ORDER BY d.name, d.id"
    ))
    .bind(today)
    .fetch_all(&mut *conn)
    .await?;
    let qpr_ids: Vec<Uuid> = districts.iter().filter_map(|d| d.qpr_id).collect();

    // Numbered as the plan numbers them (see `PlanTree::initiative_number`): objectives by rank
    // within the plan, initiatives by rank within their objective.
    let ratings: Vec<LatestRating> = sqlx::query_as(
        "WITH q AS (SELECT id, district_id, plan_id FROM qprs WHERE id = ANY($1)), \
         o AS ( \
             SELECT o.id, o.district_id, o.plan_id, o.rank, o.created_at, \
                    row_number() OVER (PARTITION BY o.plan_id ORDER BY o.rank, o.created_at) AS n \
             FROM objectives o JOIN q ON q.district_id = o.district_id AND q.plan_id = o.plan_id), \
         i AS ( \
             SELECT i.id, i.district_id, i.description, o.plan_id, o.n AS objective_n, o.rank AS objective_rank, \
                    o.created_at AS objective_created, \
                    row_number() OVER (PARTITION BY i.objective_id ORDER BY i.rank, i.created_at) AS place \
             FROM initiatives i JOIN o ON o.district_id = i.district_id AND o.id = i.objective_id) \
         SELECT q.district_id, i.id AS initiative_id, i.objective_n || '.' || i.place AS number, i.description, \
                r.process_rating, r.performance_rating \
         FROM q JOIN i ON i.district_id = q.district_id AND i.plan_id = q.plan_id \
         LEFT JOIN qpr_initiatives r ON r.district_id = q.district_id AND r.qpr_id = q.id AND r.initiative_id = i.id \
         ORDER BY q.district_id, i.objective_n, i.place",
    )
    .bind(&qpr_ids)
    .fetch_all(&mut *conn)
    .await?;

    let trends: Vec<TrendPoint> = sqlx::query_as(
        "SELECT q.district_id, q.period_start, \
                avg(array_position(enum_range(NULL::process_rating), r.process_rating))::float8 AS process, \
                avg(array_position(enum_range(NULL::performance_rating), r.performance_rating))::float8 AS performance \
         FROM qprs q LEFT JOIN qpr_initiatives r ON r.district_id = q.district_id AND r.qpr_id = q.id \
         WHERE q.status = 'published' \
         GROUP BY q.district_id, q.id ORDER BY q.district_id, q.period_start, q.published_at",
    )
    .fetch_all(&mut *conn)
    .await?;

    let discussions: Vec<Discussion> = sqlx::query_as(&format!(
        "SELECT {DISCUSSION_COLUMNS} FROM highlight_discussions h \
         LEFT JOIN users s ON s.id = h.sent_for_review_by \
         WHERE h.minutes_status <> 'final' ORDER BY h.district_id, h.held_on"
    ))
    .fetch_all(&mut *conn)
    .await?;
    let reviews: Vec<Review> = sqlx::query_as(&format!(
        "SELECT {REVIEW_COLUMNS} FROM minutes_reviews r LEFT JOIN users u ON u.id = r.reviewer_id \
         JOIN highlight_discussions h ON h.district_id = r.district_id AND h.id = r.discussion_id \
         WHERE h.minutes_status <> 'final' ORDER BY r.reviewed_at"
    ))
    .fetch_all(&mut *conn)
    .await?;

    // As the coverage page reads it (`highlights::agenda::outline::last_discussed`): a benchmark
    // on the agenda also covers its initiative; only held discussions of the same plan count.
    let coverage: Vec<CoverageItem> = sqlx::query_as(&format!(
        "WITH cur AS ({CURRENT_PLANS}), \
         items AS ( \
             SELECT i.district_id, o.plan_id, true AS is_initiative, i.id AS item_id \
             FROM initiatives i JOIN objectives o ON o.district_id = i.district_id AND o.id = i.objective_id \
             JOIN cur ON cur.id = o.plan_id \
             UNION ALL \
             SELECT b.district_id, b.plan_id, false, b.id FROM benchmarks b JOIN cur ON cur.id = b.plan_id), \
         addressed AS ( \
             SELECT a.district_id, a.discussion_id, false AS is_initiative, a.benchmark_id AS item_id \
             FROM discussion_agenda_items a WHERE a.benchmark_id IS NOT NULL \
             UNION ALL \
             SELECT a.district_id, a.discussion_id, true, a.initiative_id \
             FROM discussion_agenda_items a WHERE a.initiative_id IS NOT NULL \
             UNION ALL \
             SELECT a.district_id, a.discussion_id, true, b.initiative_id \
             FROM discussion_agenda_items a \
             JOIN benchmarks b ON b.district_id = a.district_id AND b.id = a.benchmark_id \
             WHERE b.initiative_id IS NOT NULL) \
         SELECT it.district_id, max(h.held_on) AS last_discussed \
         FROM items it \
         LEFT JOIN addressed x ON x.district_id = it.district_id AND x.is_initiative = it.is_initiative \
              AND x.item_id = it.item_id \
         LEFT JOIN highlight_discussions h ON h.district_id = x.district_id AND h.id = x.discussion_id \
              AND h.plan_id = it.plan_id AND h.held_on <= $1 \
         GROUP BY it.district_id, it.is_initiative, it.item_id"
    ))
    .bind(today)
    .fetch_all(&mut *conn)
    .await?;

    let benchmarks: Vec<BenchmarkFacts> = sqlx::query_as(&format!(
        "WITH cur AS ({CURRENT_PLANS}) \
         SELECT b.district_id, b.frequency, b.unit, b.higher_is_better, \
                coalesce(t.dates, '{{}}') AS target_dates, coalesce(t.vals, '{{}}') AS target_values, \
                f.measured_on AS first_on, f.value AS first_value, \
                l.measured_on AS latest_on, l.value AS latest_value \
         FROM benchmarks b JOIN cur ON cur.id = b.plan_id AND cur.status IN ('approved', 'submitted') \
         LEFT JOIN LATERAL ( \
             SELECT array_agg(t.due_on ORDER BY t.due_on, t.id) AS dates, \
                    array_agg(t.value ORDER BY t.due_on, t.id) AS vals \
             FROM benchmark_targets t WHERE t.district_id = b.district_id AND t.benchmark_id = b.id) t ON true \
         LEFT JOIN LATERAL ( \
             SELECT m.measured_on, m.value FROM measurements m \
             WHERE m.district_id = b.district_id AND m.benchmark_id = b.id AND m.measured_on <= $1 \
             ORDER BY m.measured_on, m.recorded_at LIMIT 1) f ON true \
         LEFT JOIN LATERAL ( \
             SELECT m.measured_on, m.value FROM measurements m \
             WHERE m.district_id = b.district_id AND m.benchmark_id = b.id AND m.measured_on <= $1 \
             ORDER BY m.measured_on DESC, m.recorded_at DESC LIMIT 1) l ON true"
    ))
    .bind(today)
    .fetch_all(&mut *conn)
    .await?;

    let district_ids: Vec<Uuid> = districts.iter().map(|d| d.id).collect();
    let continuum = current_stages(&mut *conn, &district_ids).await?;
    Ok(Data {
        today,
        districts,
        ratings,
        trends,
        discussions,
        reviews,
        coverage,
        benchmarks,
        continuum,
    })
}
