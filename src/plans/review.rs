//! ESE's plan rubric reviews as the district and ESE read them: the plan's latest review, the list
//! of all of them, the rule approval follows, and the page that refuses a step. The form that
//! makes a review is `review_form`, beside this file.

use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::model::{Plan, PlanStatus};
use super::rubric::{CRITERIA, Criterion, Decision, Rating};
use super::viewing::Viewed;
use crate::access::{DistrictScope, Permission};
use crate::error::Result;
use crate::web::Layout;

/// One criterion of a saved review.
pub struct CriterionRating {
    pub criterion: &'static Criterion,
    pub rating: Rating,
    pub comment: String,
}

impl CriterionRating {
    /// The rubric's description of this rating on this criterion.
    pub fn description(&self) -> &'static str {
        self.criterion.level(self.rating)
    }
}

/// A saved review with its five ratings, in the rubric's order.
pub struct Review {
    pub id: Uuid,
    pub reviewer: String,
    pub decision: Decision,
    pub summary: String,
    pub created_at: DateTime<Utc>,
    pub criteria: Vec<CriterionRating>,
}

impl Review {
    pub fn date(&self) -> String {
        crate::calendar::date_label(crate::calendar::local_date(self.created_at))
    }

    /// This review sent the plan last submitted at `submitted_at` back to the district (a later
    /// submission, then the Return step, is not this review's doing).
    pub fn returned(&self, submitted_at: Option<DateTime<Utc>>) -> bool {
        self.decision.returns_plan() && submitted_at.is_none_or(|s| self.created_at >= s)
    }

    /// This review lets ESE approve the plan as submitted at `submitted_at`.
    pub fn allows_approval(&self, submitted_at: Option<DateTime<Utc>>) -> bool {
        !self.decision.returns_plan() && submitted_at.is_some_and(|s| self.created_at >= s)
    }
}

#[derive(sqlx::FromRow)]
struct ReviewRow {
    id: Uuid,
    reviewer: Option<String>,
    decision: Decision,
    summary: String,
    created_at: DateTime<Utc>,
    criterion: String,
    rating: Rating,
    comment: String,
}

/// The plan's reviews, newest first, each with its criteria (one statement); only the latest
/// when `latest_only`.
pub async fn reviews_of(
    conn: &mut PgConnection,
    district_id: Uuid,
    plan_id: Uuid,
    latest_only: bool,
) -> sqlx::Result<Vec<Review>> {
    let rows: Vec<ReviewRow> = sqlx::query_as(
        "SELECT r.id, u.name AS reviewer, r.decision, r.summary, r.created_at, c.criterion, c.rating, c.comment \
         FROM plan_reviews r LEFT JOIN users u ON u.id = r.reviewer_id \
         JOIN plan_review_criteria c ON c.district_id = r.district_id AND c.review_id = r.id \
         WHERE r.district_id = $1 AND r.plan_id = $2 AND (NOT $3 OR r.id = ( \
             SELECT l.id FROM plan_reviews l WHERE l.district_id = $1 AND l.plan_id = $2 \
             ORDER BY l.created_at DESC, l.id DESC LIMIT 1)) \
         ORDER BY r.created_at DESC, r.id DESC",
    )
    .bind(district_id)
    .bind(plan_id)
    .bind(latest_only)
    .fetch_all(conn)
    .await?;
    let mut reviews: Vec<Review> = Vec::new();
    for row in rows {
        let Some(criterion) = super::rubric::criterion(&row.criterion) else {
            continue;
        };
        if reviews.last().is_none_or(|r| r.id != row.id) {
            reviews.push(Review {
                id: row.id,
                reviewer: row
                    .reviewer
                    .unwrap_or_else(|| "A former ESE account".into()),
                decision: row.decision,
                summary: row.summary,
                created_at: row.created_at,
                criteria: Vec::new(),
            });
        }
        if let Some(review) = reviews.last_mut() {
            review.criteria.push(CriterionRating {
                criterion,
                rating: row.rating,
                comment: row.comment,
            });
        }
    }
    let place = |c: &CriterionRating| CRITERIA.iter().position(|k| k.key == c.criterion.key);
    for review in &mut reviews {
        review.criteria.sort_by_key(place);
    }
    Ok(reviews)
}

/// The rule for approving: a review made since the plan was last submitted whose decision is
/// not "revise".
pub async fn allows_approval(conn: &mut PgConnection, plan: &Plan) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM plan_reviews WHERE district_id = $1 AND plan_id = $2 \
         AND decision <> 'revise' AND created_at >= $3)",
    )
    .bind(plan.district_id)
    .bind(plan.id)
    .bind(plan.submitted_at)
    .fetch_one(conn)
    .await
}

/// The plan's status, holding its row until the transaction ends, so a review, an approval and
/// a return of the same plan happen one after the other.
pub async fn lock_status(
    conn: &mut PgConnection,
    district_id: Uuid,
    plan_id: Uuid,
) -> sqlx::Result<Option<PlanStatus>> {
    sqlx::query_scalar("SELECT status FROM plans WHERE district_id = $1 AND id = $2 FOR UPDATE")
        .bind(district_id)
        .bind(plan_id)
        .fetch_optional(conn)
        .await
}

#[derive(Template, WebTemplate)]
#[template(path = "plans/refused.html")]
pub struct RefusedPage {
    layout: Layout,
    heading: &'static str,
    message: &'static str,
    plan_path: String,
    plan_title: String,
    /// Where to go instead ("" for nowhere): the review form, when a review is missing.
    next: Option<(String, &'static str)>,
}

/// The 409 page: why this cannot be done to the plan now, and a way back.
pub async fn refused(
    scope: &DistrictScope,
    plan: &Plan,
    (heading, message): (&'static str, &'static str),
    next: Option<(String, &'static str)>,
) -> Response {
    let page = RefusedPage {
        layout: Layout::new(&scope.user, heading, "plan").await,
        heading,
        message,
        plan_path: plan_path(scope, plan.id),
        plan_title: plan.title.clone(),
        next,
    };
    (StatusCode::CONFLICT, page).into_response()
}

pub fn plan_path(scope: &DistrictScope, plan_id: Uuid) -> String {
    format!("/districts/{}/plans/{plan_id}", scope.district.slug)
}

#[derive(Template, WebTemplate)]
#[template(path = "plans/reviews.html")]
pub struct ReviewsPage {
    layout: Layout,
    district_name: String,
    plan_path: String,
    plan: Plan,
    reviews: Vec<Review>,
    can_review: bool,
}

/// Every review of the plan, newest first, for the district and ESE.
pub async fn list(Viewed { mut scope, plan }: Viewed) -> Result<ReviewsPage> {
    let (district_id, plan_id) = (scope.district.id, plan.id);
    let reviews = reviews_of(scope.conn(), district_id, plan_id, false).await?;
    Ok(ReviewsPage {
        layout: Layout::new(
            &scope.user,
            format!("Rubric reviews of {}", plan.title),
            "plan",
        )
        .await,
        district_name: scope.district.name.clone(),
        plan_path: plan_path(&scope, plan_id),
        can_review: scope.can(Permission::ApprovePlan) && plan.status == PlanStatus::Submitted,
        plan,
        reviews,
    })
}

/// Writes review `review_id`'s rating and comment on each criterion (by its key) in one
/// statement: the reviewer's form and the demo's reviews alike.
pub async fn insert_criteria(
    conn: &mut PgConnection,
    district_id: Uuid,
    review_id: Uuid,
    ratings: &[(&str, Rating, &str)],
) -> sqlx::Result<()> {
    let keys: Vec<&str> = ratings.iter().map(|(key, _, _)| *key).collect();
    let levels: Vec<Rating> = ratings.iter().map(|(_, rating, _)| *rating).collect();
    let comments: Vec<&str> = ratings.iter().map(|(_, _, comment)| *comment).collect();
    sqlx::query(
        "INSERT INTO plan_review_criteria (district_id, review_id, criterion, rating, comment) \
         SELECT $1, $2, k, r, c FROM unnest($3::text[], $4::rubric_rating[], $5::text[]) AS x(k, r, c)",
    )
    .bind(district_id)
    .bind(review_id)
    .bind(&keys)
    .bind(&levels)
    .bind(&comments)
    .execute(conn)
    .await?;
    Ok(())
}
