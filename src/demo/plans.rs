//! Demo plans: each demo district's plan from its data file, moved to the current school year,
//! with ESE's rubric review when the plan is approved.

use anyhow::Result;
use chrono::{DateTime, TimeDelta, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::data::{Benchmark, District, Plan, Review};
use super::lookup;
use crate::access::DistrictRole;
use crate::calendar;
use crate::plans::queries::insert_targets;
use crate::plans::review::insert_criteria;
use crate::plans::rubric::Rating;

/// Gives each demo district its plan, unless it already has one.
pub async fn seed(conn: &mut PgConnection, districts: &[District]) -> Result<()> {
    let year = calendar::school_year_of(calendar::today());
    for demo in districts {
        let Some(district) = lookup::district(conn, &demo.slug).await? else {
            continue;
        };
        if !lookup::seeded(conn, district, &["plans"]).await? {
            insert_plan(conn, district, demo, year).await?;
        }
    }
    Ok(())
}

async fn insert_plan(
    conn: &mut PgConnection,
    district: Uuid,
    demo: &District,
    year: i32,
) -> Result<()> {
    let plan = &demo.plan;
    let supt = user_id(conn, demo.email_of(DistrictRole::Superintendent)).await?;
    let leader = user_id(conn, demo.email_of(DistrictRole::DistrictLeader)).await?;
    let approver = match plan.approved_days_ago {
        Some(_) => user_id(conn, Some("ese.staff@demo.test")).await?,
        None => None,
    };
    let now = Utc::now();
    let key_issues: Vec<String> = plan
        .key_issues
        .iter()
        .map(|k| format!("• {}", fill(k, year)))
        .collect();
    let plan_id: Uuid = sqlx::query_scalar(
        "INSERT INTO plans (district_id, title, first_school_year, last_school_year, status, \
         key_issues, theory_of_action, focus_rationale, submitted_at, submitted_by, approved_at, \
         approved_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(district)
    .bind(&plan.title)
    .bind(year as i16)
    .bind((year + plan.more_years) as i16)
    .bind(plan.status)
    .bind(key_issues.join("\n"))
    .bind(fill(&plan.theory_of_action, year))
    .bind(fill(&plan.focus_rationale, year))
    .bind(now - TimeDelta::days(plan.submitted_days_ago))
    .bind(supt)
    .bind(
        plan.approved_days_ago
            .map(|days| now - TimeDelta::days(days)),
    )
    .bind(approver)
    .fetch_one(&mut *conn)
    .await?;
    insert_objectives(conn, district, plan_id, plan, leader, year).await?;
    insert_benchmarks(conn, district, plan_id, None, &plan.final_outcomes, year).await?;
    sqlx::query(
        "INSERT INTO plan_changes (district_id, plan_id, changed_by, subject, action, reason) \
         VALUES ($1, $2, $3, 'Plan', 'created', 'Entered from the district''s submitted plan document')",
    )
    .bind(district)
    .bind(plan_id)
    .bind(supt)
    .execute(&mut *conn)
    .await?;
    if let (Some(days), Some(review)) = (plan.approved_days_ago, &demo.review) {
        // ESE reviewed the plan on the rubric two days before approving it.
        let reviewed_at = now - TimeDelta::days(days + 2);
        insert_review(conn, district, plan_id, review, reviewed_at).await?;
    }
    Ok(())
}

/// The objectives with their initiatives, each initiative's benchmarks and activities.
async fn insert_objectives(
    conn: &mut PgConnection,
    district: Uuid,
    plan_id: Uuid,
    plan: &Plan,
    leader: Option<Uuid>,
    year: i32,
) -> Result<()> {
    for (rank, objective) in (1_i32..).zip(&plan.objectives) {
        let objective_id: Uuid = sqlx::query_scalar(
            "INSERT INTO objectives (district_id, plan_id, rank, title, lead) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(district)
        .bind(plan_id)
        .bind(rank)
        .bind(&objective.title)
        .bind(&objective.lead)
        .fetch_one(&mut *conn)
        .await?;
        for (rank, initiative) in (1_i32..).zip(&objective.initiatives) {
            let initiative_id: Uuid = sqlx::query_scalar(
                "INSERT INTO initiatives (district_id, objective_id, rank, description, lead, \
                 lead_user_id, key_resources) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(district)
            .bind(objective_id)
            .bind(rank)
            .bind(&initiative.description)
            .bind(&initiative.lead)
            .bind(leader.filter(|_| initiative.led_by_leader))
            .bind(&initiative.key_resources)
            .fetch_one(&mut *conn)
            .await?;
            insert_benchmarks(
                conn,
                district,
                plan_id,
                Some(initiative_id),
                &initiative.benchmarks,
                year,
            )
            .await?;
            for (rank, activity) in (1_i32..).zip(&initiative.activities) {
                sqlx::query(
                    "INSERT INTO activities (district_id, initiative_id, rank, description, lead, \
                     starts_on, completes_on, resources, frequency, interim_monitoring) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(district)
                .bind(initiative_id)
                .bind(rank)
                .bind(fill(&activity.description, year))
                .bind(&activity.lead)
                .bind(activity.starts.in_school_year(year))
                .bind(activity.completes.in_school_year(year))
                .bind(&activity.resources)
                .bind(&activity.frequency)
                .bind(&activity.interim_monitoring)
                .execute(&mut *conn)
                .await?;
            }
        }
    }
    Ok(())
}

/// The benchmarks of one initiative, or the plan's final outcomes when `initiative` is None.
async fn insert_benchmarks(
    conn: &mut PgConnection,
    district: Uuid,
    plan_id: Uuid,
    initiative: Option<Uuid>,
    benchmarks: &[Benchmark],
    year: i32,
) -> Result<()> {
    for (rank, bench) in (1_i32..).zip(benchmarks) {
        let benchmark_id: Uuid = sqlx::query_scalar(
            "INSERT INTO benchmarks (district_id, plan_id, initiative_id, kind, rank, statement, \
             measure, evidence_source, frequency, unit, ppi_group, population) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        )
        .bind(district)
        .bind(plan_id)
        .bind(initiative)
        .bind(bench.kind)
        .bind(rank)
        .bind(fill(&bench.statement, year))
        .bind(fill(&bench.measure, year))
        .bind(fill(&bench.evidence, year))
        .bind(&bench.frequency)
        .bind(bench.unit)
        .bind(bench.ppi_group)
        .bind(&bench.population)
        .fetch_one(&mut *conn)
        .await?;
        let targets: Vec<_> = bench
            .targets
            .iter()
            .map(|t| (t.on.in_school_year(year + t.years_later), t.value))
            .collect();
        insert_targets(conn, district, benchmark_id, &targets).await?;
    }
    Ok(())
}

/// ESE's review of the plan on the AIP rubric, dated `at` (between submission and approval).
async fn insert_review(
    conn: &mut PgConnection,
    district: Uuid,
    plan_id: Uuid,
    review: &Review,
    at: DateTime<Utc>,
) -> Result<()> {
    let reviewer = user_id(conn, Some("ese.staff@demo.test")).await?;
    let review_id: Uuid = sqlx::query_scalar(
        "INSERT INTO plan_reviews (district_id, plan_id, reviewer_id, decision, summary, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(district)
    .bind(plan_id)
    .bind(reviewer)
    .bind(review.decision)
    .bind(&review.summary)
    .bind(at)
    .fetch_one(&mut *conn)
    .await?;
    let ratings: Vec<(&str, Rating, &str)> = review
        .criteria
        .iter()
        .map(|c| (c.criterion.as_str(), c.rating, c.comment.as_str()))
        .collect();
    insert_criteria(conn, district, review_id, &ratings).await?;
    sqlx::query(
        "INSERT INTO plan_changes (district_id, plan_id, changed_by, changed_at, subject, action, reason) \
         VALUES ($1, $2, $3, $4, 'Rubric review', 'reviewed on the AIP rubric', $5)",
    )
    .bind(district)
    .bind(plan_id)
    .bind(reviewer)
    .bind(at)
    .bind(&review.summary)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn user_id(conn: &mut PgConnection, email: Option<&str>) -> Result<Option<Uuid>> {
    let Some(email) = email else { return Ok(None) };
    Ok(sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(&mut *conn)
        .await?)
}

/// Puts the plan's years into a text: `{year}` is the first school year's autumn, `{next}` its spring.
fn fill(text: &str, year: i32) -> String {
    text.replace("{year}", &year.to_string())
        .replace("{next}", &(year + 1).to_string())
}
