//! Next year's plan takes over when its first school year begins, not when ESE approves it.
//!
//! Approved early (in December, say), it waits as [`PlanStatus::Scheduled`] while the plan in
//! force keeps its activity statuses, measurements, rating periods and public page. On July 1 a
//! job archives the plan in force and makes the waiting one approved, in one transaction per
//! district. Every app instance runs the job; the waiting plan's row is locked and re-read, so the
//! switch happens once however many instances reach it together.

use std::time::Duration;

use chrono::NaiveDate;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::history::{self, Change};
use super::model::{PLAN_COLUMNS, Plan, PlanStatus};
use super::notices::{self, PlanEvent};
use crate::calendar;
use crate::db::{self, Context};

/// How often the job looks for a waiting plan whose year has begun (and once at start).
const TICK: Duration = Duration::from_secs(3600);

/// The status ESE's approval gives `plan` on `today`: it waits when its first school year has not
/// begun and another approved plan is in force; otherwise it is approved now and the plan it
/// replaces is archived here. A first plan has nothing to wait behind.
pub async fn on_approval(
    conn: &mut PgConnection,
    plan: &Plan,
    today: NaiveDate,
) -> sqlx::Result<PlanStatus> {
    let in_force: Option<Uuid> = sqlx::query_scalar(
        "SELECT id FROM plans WHERE district_id = $1 AND status = 'approved' AND id <> $2 FOR UPDATE",
    )
    .bind(plan.district_id)
    .bind(plan.id)
    .fetch_optional(&mut *conn)
    .await?;
    if in_force.is_some() && plan.starts_on() > today {
        return Ok(PlanStatus::Scheduled);
    }
    archive_in_force(conn, plan.district_id, plan.id).await?;
    Ok(PlanStatus::Approved)
}

/// Only one approved plan at a time: the one `successor` replaces becomes history.
async fn archive_in_force(
    conn: &mut PgConnection,
    district_id: Uuid,
    successor: Uuid,
) -> sqlx::Result<Option<Plan>> {
    sqlx::query_as(&format!(
        "UPDATE plans SET status = 'archived', archived_at = now(), version = version + 1, updated_at = now() \
         WHERE district_id = $1 AND status = 'approved' AND id <> $2 RETURNING {PLAN_COLUMNS}"
    ))
    .bind(district_id)
    .bind(successor)
    .fetch_optional(conn)
    .await
}

/// Makes every waiting plan whose first school year has begun by `today` the plan in force.
/// Returns how many districts switched. Safe to run at once in several instances.
pub async fn take_over_due(pool: &PgPool, today: NaiveDate) -> anyhow::Result<usize> {
    let year = i16::try_from(calendar::school_year_of(today))?;
    // A background job with no request: finding the due districts reads across them all.
    #[allow(clippy::disallowed_methods)]
    let mut tx = db::begin(pool, Context::every_district()).await?;
    let due: Vec<Uuid> = sqlx::query_scalar(
        "SELECT DISTINCT district_id FROM plans WHERE status = 'scheduled' AND first_school_year <= $1",
    )
    .bind(year)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let mut switched = 0;
    for district_id in due {
        match take_over(pool, district_id, year).await {
            Ok(true) => switched += 1,
            Ok(false) => {}
            // One district's failure must not hold back the others; the next tick retries.
            Err(error) => {
                tracing::error!(%district_id, %error, "next year's plan could not take over")
            }
        }
    }
    Ok(switched)
}

/// One district's switch, in one transaction with the district's own context.
async fn take_over(pool: &PgPool, district_id: Uuid, year: i16) -> anyhow::Result<bool> {
    // A background job with no request: it writes as the one district it switches.
    #[allow(clippy::disallowed_methods)]
    let mut tx = db::begin(
        pool,
        Context {
            district_id: Some(district_id),
            ..Context::default()
        },
    )
    .await?;
    // A second instance waits here and then finds the plan no longer waiting.
    let waiting: Option<Plan> = sqlx::query_as(&format!(
        "SELECT {PLAN_COLUMNS} FROM plans WHERE district_id = $1 AND status = 'scheduled' \
         AND first_school_year <= $2 FOR UPDATE"
    ))
    .bind(district_id)
    .bind(year)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(plan) = waiting else {
        return Ok(false);
    };
    let old = archive_in_force(&mut tx, district_id, plan.id).await?;
    sqlx::query(
        "UPDATE plans SET status = 'approved', version = version + 1, updated_at = now() \
         WHERE district_id = $1 AND id = $2",
    )
    .bind(district_id)
    .bind(plan.id)
    .execute(&mut *tx)
    .await?;
    let status = |from: PlanStatus, to: PlanStatus, p: &Plan, action| {
        let label = |s: PlanStatus| s.label_for(p.first_school_year);
        Change::status(action, label(from), label(to))
    };
    if let Some(old) = &old {
        let action = "archived: next year's plan took over";
        let change = status(PlanStatus::Approved, PlanStatus::Archived, old, action);
        history::record(&mut tx, old, None, change).await?;
    }
    let action = "took over as its first school year began";
    let change = status(PlanStatus::Scheduled, PlanStatus::Approved, &plan, action);
    history::record(&mut tx, &plan, None, change).await?;
    let (name, slug): (String, String) =
        sqlx::query_as("SELECT name, slug FROM districts WHERE id = $1")
            .bind(district_id)
            .fetch_one(&mut *tx)
            .await?;
    // Nobody caused this: no one is left out of the notice.
    notices::send(
        &mut tx,
        Uuid::nil(),
        (&name, &slug),
        &plan,
        PlanEvent::TookOver,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(%district_id, plan_id = %plan.id, "next year's plan took over");
    Ok(true)
}

/// Runs for as long as the app does: at start (an instance down on July 1 catches up) and hourly.
pub async fn run(pool: PgPool) {
    loop {
        let result = take_over_due(&pool, calendar::today()).await;
        crate::metrics::job_ran("plan_switch", result.is_ok());
        if let Err(error) = result {
            tracing::error!(%error, "waiting plans could not be checked");
        }
        tokio::time::sleep(TICK).await;
    }
}
