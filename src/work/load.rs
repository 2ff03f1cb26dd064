//! Everything a person's work lists are made from, read for all their districts at once in a fixed
//! number of statements ([`SNAPSHOT_STATEMENTS`]), whatever the number of districts.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::access::{DistrictRole, UserScope};
use crate::auth::CurrentUser;
use crate::db;
use crate::error::AppError;
use crate::highlights::model::{DISCUSSION_COLUMNS, Discussion, REVIEW_COLUMNS, Review};
use crate::plans::model::{PLAN_COLUMNS, Plan, PlanTree};
use crate::plans::queries::load_trees;
use crate::progress::model::ActivityStatus;
use crate::qpr::model::{QPR_COLUMNS, Qpr};

/// Statements [`Snapshot::load`] runs for a district person: memberships, the member context,
/// current plans, the six of the plans' trees, statuses, measurements, discussions, reviews,
/// reports and evidence requests. ESE staff read fewer (no trees; their contacts and the
/// submitted plans instead).
pub const SNAPSHOT_STATEMENTS: usize = 15;

/// A district the person works in, and their roles there (none for ESE staff, who see all).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DistrictOf {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub roles: Vec<DistrictRole>,
}

/// An evidence request of the monitor's.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RequestRow {
    pub id: Uuid,
    pub district_id: Uuid,
    pub description: String,
    pub requested_by: Option<Uuid>,
    pub due_on: NaiveDate,
    pub answered_at: Option<DateTime<Utc>>,
}

/// The person's districts and their current state.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub today: NaiveDate,
    pub user_id: Uuid,
    /// Whether the person is ESE staff (reads every district).
    pub ese: bool,
    pub districts: Vec<DistrictOf>,
    /// Each district's current plan (approved, else being written or reviewed), whole. Empty for
    /// ESE, whose home lists plans, not their contents.
    pub trees: Vec<PlanTree>,
    /// Drafts being written beside the plan in force (next year's plan, or one ESE returned),
    /// whole, for their checks and who submits them. Their progress is not read: a draft has none.
    pub drafts: Vec<PlanTree>,
    /// For ESE: the districts they are a named ESE contact for.
    pub contact_districts: Vec<Uuid>,
    /// For ESE: the plans submitted for review.
    pub submitted_plans: Vec<Plan>,
    pub statuses: HashMap<Uuid, ActivityStatus>,
    /// Measurements per benchmark, (date, value), oldest first.
    pub measurements: HashMap<Uuid, Vec<(NaiveDate, f64)>>,
    /// Discussions whose minutes are not final, and those held or coming within 60 days.
    pub discussions: Vec<Discussion>,
    pub reviews: Vec<Review>,
    /// Reports not yet published, and each district's latest published one.
    pub qprs: Vec<Qpr>,
    /// Open evidence requests, and those answered in the last 30 days.
    pub requests: Vec<RequestRow>,
}

impl Snapshot {
    pub fn district(&self, id: Uuid) -> Option<&DistrictOf> {
        self.districts.iter().find(|d| d.id == id)
    }

    /// The districts where the person holds `role`.
    pub fn districts_as(&self, role: DistrictRole) -> Vec<Uuid> {
        self.districts
            .iter()
            .filter(|d| d.roles.contains(&role))
            .map(|d| d.id)
            .collect()
    }

    pub fn tree_of(&self, district_id: Uuid) -> Option<&PlanTree> {
        self.trees
            .iter()
            .find(|t| t.plan.district_id == district_id)
    }

    pub fn reviews_of(&self, discussion_id: Uuid) -> Vec<Review> {
        self.reviews
            .iter()
            .filter(|r| r.discussion_id == discussion_id)
            .cloned()
            .collect()
    }

    /// Reads the person's districts under row-level security, in the scope's own context: their
    /// own districts through the member context, every district for ESE staff. Hands back the
    /// person for the page's frame.
    pub async fn load(scope: UserScope, today: NaiveDate) -> Result<(CurrentUser, Self), AppError> {
        let ese = scope.is_ese();
        let UserScope { user, mut tx, .. } = scope;
        let snapshot = Self::read(&mut tx, user.user.id, ese, today).await?;
        tx.commit().await?;
        Ok((user, snapshot))
    }

    /// [`Snapshot::load`] inside an open transaction whose context names `user_id` (the digest
    /// and the calendar feed run without a session).
    pub async fn read(
        conn: &mut PgConnection,
        user_id: Uuid,
        ese: bool,
        today: NaiveDate,
    ) -> sqlx::Result<Self> {
        let districts: Vec<DistrictOf> = if ese {
            sqlx::query_as(
                "SELECT id, name, slug, '{}'::district_role[] AS roles FROM districts ORDER BY name",
            )
            .fetch_all(&mut *conn)
            .await?
        } else {
            sqlx::query_as(
                "SELECT d.id, d.name, d.slug, array_agg(r.role ORDER BY r.role) AS roles \
                 FROM district_roles r JOIN districts d ON d.id = r.district_id \
                 WHERE r.user_id = $1 GROUP BY d.id ORDER BY d.name",
            )
            .bind(user_id)
            .fetch_all(&mut *conn)
            .await?
        };
        let ids: Vec<Uuid> = districts.iter().map(|d| d.id).collect();
        let mut snapshot = Self {
            today,
            user_id,
            ese,
            districts,
            trees: Vec::new(),
            drafts: Vec::new(),
            contact_districts: Vec::new(),
            submitted_plans: Vec::new(),
            statuses: HashMap::new(),
            measurements: HashMap::new(),
            discussions: Vec::new(),
            reviews: Vec::new(),
            qprs: Vec::new(),
            requests: Vec::new(),
        };
        if ids.is_empty() {
            return Ok(snapshot);
        }
        if ese {
            snapshot.contact_districts = sqlx::query_scalar(
                "SELECT DISTINCT district_id FROM district_ese_contacts WHERE user_id = $1",
            )
            .bind(user_id)
            .fetch_all(&mut *conn)
            .await?;
            snapshot.submitted_plans = sqlx::query_as(&format!(
                "SELECT {PLAN_COLUMNS} FROM plans WHERE status = 'submitted' ORDER BY submitted_at"
            ))
            .fetch_all(&mut *conn)
            .await?;
        } else {
            db::set_member_districts(&mut *conn, &ids).await?;
            snapshot.read_plans(conn, &ids).await?;
        }
        snapshot.discussions = sqlx::query_as(&format!(
            "SELECT {DISCUSSION_COLUMNS} FROM highlight_discussions h \
             LEFT JOIN users s ON s.id = h.sent_for_review_by \
             WHERE h.district_id = ANY($1) \
               AND (h.minutes_status <> 'final' OR h.held_on BETWEEN $2::date - 60 AND $2::date + 60) \
             ORDER BY h.held_on, h.starts_at NULLS LAST"
        ))
        .bind(&ids)
        .bind(today)
        .fetch_all(&mut *conn)
        .await?;
        let discussion_ids: Vec<Uuid> = snapshot.discussions.iter().map(|d| d.id).collect();
        snapshot.reviews = sqlx::query_as(&format!(
            "SELECT {REVIEW_COLUMNS} FROM minutes_reviews r LEFT JOIN users u ON u.id = r.reviewer_id \
             WHERE r.district_id = ANY($1) AND r.discussion_id = ANY($2) ORDER BY r.reviewed_at"
        ))
        .bind(&ids)
        .bind(&discussion_ids)
        .fetch_all(&mut *conn)
        .await?;
        snapshot.qprs = sqlx::query_as(&format!(
            "SELECT {QPR_COLUMNS} FROM qprs q LEFT JOIN users mu ON mu.id = q.monitor_id \
             WHERE q.district_id = ANY($1) AND (q.status <> 'published' OR q.period_start = \
               (SELECT max(l.period_start) FROM qprs l WHERE l.district_id = q.district_id AND l.status = 'published')) \
             ORDER BY q.period_start"
        ))
        .bind(&ids)
        .fetch_all(&mut *conn)
        .await?;
        snapshot.requests = sqlx::query_as(
            "SELECT id, district_id, description, requested_by, due_on, answered_at FROM evidence_requests \
             WHERE district_id = ANY($1) AND (answered_at IS NULL OR answered_at > now() - interval '30 days') \
             ORDER BY due_on",
        )
        .bind(&ids)
        .fetch_all(&mut *conn)
        .await?;
        Ok(snapshot)
    }

    /// Each district's current plan, whole, with its activities' statuses and measurements.
    async fn read_plans(&mut self, conn: &mut PgConnection, ids: &[Uuid]) -> sqlx::Result<()> {
        // The plan in force (else the one being written or reviewed), and any draft beside it,
        // in one statement: the drafts' trees come with the same reads as the current ones.
        let found: Vec<(Uuid, bool)> = sqlx::query_as(
            "WITH cur AS (SELECT DISTINCT ON (district_id) id FROM plans WHERE district_id = ANY($1) \
                 ORDER BY district_id, CASE status WHEN 'approved' THEN 0 WHEN 'submitted' THEN 1 \
                          WHEN 'draft' THEN 2 ELSE 3 END, created_at DESC) \
             SELECT p.id, p.id IN (SELECT id FROM cur) AS current FROM plans p \
             WHERE p.district_id = ANY($1) AND (p.status = 'draft' OR p.id IN (SELECT id FROM cur))",
        )
        .bind(ids)
        .fetch_all(&mut *conn)
        .await?;
        let all_ids: Vec<Uuid> = found.iter().map(|(id, _)| *id).collect();
        let plan_ids: Vec<Uuid> = found.iter().filter(|f| f.1).map(|(id, _)| *id).collect();
        let (trees, drafts) = load_trees(&mut *conn, ids, &all_ids)
            .await?
            .into_iter()
            .partition(|t| plan_ids.contains(&t.plan.id));
        self.trees = trees;
        self.drafts = drafts;
        let statuses: Vec<(Uuid, ActivityStatus)> = sqlx::query_as(
            "SELECT DISTINCT ON (u.activity_id) u.activity_id, u.status FROM activity_updates u \
             JOIN activities a ON a.district_id = u.district_id AND a.id = u.activity_id \
             JOIN initiatives i ON i.district_id = a.district_id AND i.id = a.initiative_id \
             JOIN objectives o ON o.district_id = i.district_id AND o.id = i.objective_id \
             WHERE u.district_id = ANY($1) AND o.plan_id = ANY($2) \
             ORDER BY u.activity_id, u.as_of DESC, u.recorded_at DESC",
        )
        .bind(ids)
        .bind(&plan_ids)
        .fetch_all(&mut *conn)
        .await?;
        self.statuses = statuses.into_iter().collect();
        let measurements: Vec<(Uuid, NaiveDate, f64)> = sqlx::query_as(
            "SELECT m.benchmark_id, m.measured_on, m.value FROM measurements m \
             JOIN benchmarks b ON b.district_id = m.district_id AND b.id = m.benchmark_id \
             WHERE m.district_id = ANY($1) AND b.plan_id = ANY($2) ORDER BY m.measured_on, m.recorded_at",
        )
        .bind(ids)
        .bind(&plan_ids)
        .fetch_all(&mut *conn)
        .await?;
        for (benchmark, on, value) in measurements {
            self.measurements
                .entry(benchmark)
                .or_default()
                .push((on, value));
        }
        Ok(())
    }
}
