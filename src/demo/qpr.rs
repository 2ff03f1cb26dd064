//! Demo Quarterly Progress Reports: for each demo district, the two periods before the current
//! one published (and posted), and the current period's draft in ESE review with one comment;
//! ratings differ across initiatives and move up over time; plus an evidence request. A
//! June–August report is the year's Summative Report: its narrative of the year, its
//! recommendations, and its presentations to the School Committee and the Board on the dates
//! already past.

use anyhow::Result;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::data::{District, ReportTexts, fill};
use super::lookup;
use crate::calendar::{self, DEFAULT_TIME_ZONE, QprPeriod};
use crate::qpr::rating::{PerformanceRating, ProcessRating};

fn noon(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(12, 0, 0)
        .and_then(|t| t.and_local_timezone(DEFAULT_TIME_ZONE).single())
        .map_or_else(Utc::now, |t| t.with_timezone(&Utc))
}

async fn user(conn: &mut PgConnection, email: &str) -> Result<Option<Uuid>> {
    Ok(sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(&mut *conn)
        .await?)
}

pub async fn seed(
    conn: &mut PgConnection,
    districts: &[District],
    texts: &ReportTexts,
) -> Result<()> {
    let today = calendar::today();
    let current = QprPeriod::containing(today);
    let periods = [current.previous().previous(), current.previous(), current];
    let ese = user(conn, "ese.staff@demo.test").await?;
    for demo in districts {
        let Some(district) = lookup::district(conn, &demo.slug).await? else {
            continue;
        };
        if lookup::seeded(conn, district, &["qprs"]).await? {
            continue;
        }
        let Some(tree) = lookup::current_tree(conn, district).await? else {
            continue;
        };
        let plan_id = tree.plan.id;
        let monitor = user(conn, &demo.monitor).await?;
        for (p, period) in periods.iter().enumerate() {
            let published = p < 2;
            let publication = period.publication_month() + TimeDelta::days(19);
            let (summary, recommendations) = if period.is_summative() {
                (&texts.summative_summary, texts.recommendations.as_str())
            } else {
                (&texts.summaries[p], "")
            };
            let qpr: Uuid = sqlx::query_scalar(
                "INSERT INTO qprs (district_id, plan_id, period_start, status, summary, monitor_id, \
                     sent_to_ese_at, sent_to_superintendent_at, published_at, published_by, posted_at, \
                     recommendations) \
                 VALUES ($1, $2, $3, $4::qpr_status, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
            )
            .bind(district)
            .bind(plan_id)
            .bind(period.start)
            .bind(if published { "published" } else { "ese_review" })
            .bind(fill(summary, &[("period", &period.covers())]))
            .bind(monitor)
            .bind(Some(noon(if published { publication - TimeDelta::days(12) } else { today - TimeDelta::days(3) })))
            .bind(published.then(|| noon(publication - TimeDelta::days(6))))
            .bind(published.then(|| noon(publication)))
            .bind(published.then_some(ese).flatten())
            .bind(published.then(|| noon(publication + TimeDelta::days(2))))
            .bind(recommendations)
            .fetch_one(&mut *conn)
            .await?;
            if published {
                presentations(conn, district, qpr, *period, publication, texts, ese).await?;
            }
            for (n, objective) in tree.objectives.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO qpr_objectives (district_id, qpr_id, objective_id, narrative) VALUES ($1, $2, $3, $4)",
                )
                .bind(district)
                .bind(qpr)
                .bind(objective.id)
                .bind(fill(
                    &texts.objective,
                    &[
                        ("objective", &(n + 1).to_string()),
                        ("title", &objective.title),
                        ("pace", &texts.paces[p]),
                        ("period", &period.covers()),
                    ],
                ))
                .execute(&mut *conn)
                .await?;
            }
            for (i, initiative) in tree.initiatives.iter().enumerate() {
                let process_at = (i % 3 + p).min(3);
                let performance_at = ((i + 1) % 3 + p).saturating_sub(1).min(3);
                let process = ProcessRating::ALL[process_at];
                let performance = PerformanceRating::ALL[performance_at];
                sqlx::query(
                    "INSERT INTO qpr_initiatives (district_id, qpr_id, initiative_id, narrative, \
                         process_rating, process_evidence, process_rationale, \
                         performance_rating, performance_evidence, performance_rationale) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(district)
                .bind(qpr)
                .bind(initiative.id)
                .bind(fill(
                    &texts.initiative,
                    &[("description", &initiative.description)],
                ))
                .bind(process)
                .bind(&texts.process_evidence)
                .bind(&texts.process_rationales[process_at])
                .bind(performance)
                .bind(&texts.performance_evidence)
                .bind(&texts.performance_rationales[performance_at])
                .execute(&mut *conn)
                .await?;
            }
            if !published {
                sqlx::query(
                    "INSERT INTO qpr_rating_evidence (district_id, qpr_id, initiative_id, scale, evidence_id) \
                     SELECT DISTINCT ON (e.initiative_id) e.district_id, $2, e.initiative_id, 'process', e.id \
                     FROM evidence e WHERE e.district_id = $1 AND e.initiative_id IS NOT NULL \
                     ORDER BY e.initiative_id, e.evidence_on DESC",
                )
                .bind(district)
                .bind(qpr)
                .execute(&mut *conn)
                .await?;
                sqlx::query(
                    "INSERT INTO qpr_comments (district_id, qpr_id, kind, passage, body, author_id, created_at) \
                     VALUES ($1, $2, 'review', 'summary', $3, $4, now() - interval '1 day')",
                )
                .bind(district)
                .bind(qpr)
                .bind(&texts.review_comment)
                .bind(ese)
                .execute(&mut *conn)
                .await?;
                sqlx::query(
                    "INSERT INTO evidence_requests (district_id, qpr_id, kind, description, requested_by, due_on) \
                     VALUES ($1, $2, 'documents', $3, $4, $5)",
                )
                .bind(district)
                .bind(qpr)
                .bind(&texts.evidence_request)
                .bind(monitor)
                .bind(calendar::earliest_evidence_due(today))
                .execute(&mut *conn)
                .await?;
            }
        }
    }
    Ok(())
}

/// A published report's presentations: to the School Committee a week after publication, and a
/// Summative Report to the Board a month after; only those whose day has come.
async fn presentations(
    conn: &mut PgConnection,
    district: Uuid,
    qpr: Uuid,
    period: QprPeriod,
    publication: NaiveDate,
    texts: &ReportTexts,
    ese: Option<Uuid>,
) -> Result<()> {
    let mut held = vec![(
        "school_committee",
        publication + TimeDelta::days(7),
        &texts.school_committee_presenters,
    )];
    if period.is_summative() {
        held.push((
            "board",
            publication + TimeDelta::days(30),
            &texts.board_presenters,
        ));
    }
    for (body, on, presenters) in held {
        if on > calendar::today() {
            continue;
        }
        sqlx::query(
            "INSERT INTO report_presentations (district_id, qpr_id, body, presented_on, presenters, \
                 note, recorded_by) VALUES ($1, $2, $3::presentation_body, $4, $5, $6, $7)",
        )
        .bind(district)
        .bind(qpr)
        .bind(body)
        .bind(on)
        .bind(presenters)
        .bind(&texts.presentation_note)
        .bind(ese)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
