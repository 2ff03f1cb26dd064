//! Demo data: ESE staff, the three sample districts of seed 001 Appendix B, their people, plans
//! and a school year of monitoring. What the demo holds is written in the data files of `demo/`
//! (see [`data`]); the modules here turn it into rows, and make up the year's progress, Highlight
//! Discussions and reports from each plan. Safe to run on every start: whatever exists already
//! is left as it is (a demo user who changed their password keeps it).

mod continuum;
mod data;
mod highlights;
mod lookup;
mod plans;
mod progress;
mod qpr;

use anyhow::Result;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::access::{DISTRICT_COLUMNS, District, DistrictRole, EseRole};
use crate::auth::password;
use crate::calendar::{self, deadlines};
use crate::db::{self, Context};
use crate::notify::{self, notices};
use crate::plans::model::{PLAN_COLUMNS, Plan};

pub const DEMO_PASSWORD: &str = "throughline-demo";
pub const LOGINS_HINT: &str = "sign in with password throughline-demo as ese.admin@demo.test, \
     ese.staff@demo.test, {supt,manager,leader}.{randolph,newbedford,fallriver}@demo.test, \
     monitor.east@demo.test or monitor.south@demo.test";

/// One demo account: email, name, title, global role.
type Account<'a> = (&'a str, &'a str, &'a str, Option<EseRole>);

/// The state's people first, then each district's, in the files' order.
fn accounts(demo: &data::Demo) -> Vec<Account<'_>> {
    let state = demo.people.iter().map(|p| {
        (
            p.email.as_str(),
            p.name.as_str(),
            p.title.as_str(),
            p.ese_role,
        )
    });
    let districts = demo.districts.iter().flat_map(|d| &d.people);
    let members = districts.map(|m| (m.email.as_str(), m.name.as_str(), m.title.as_str(), None));
    state.chain(members).collect()
}

/// Seeds from the command line, before any request: no gate stands in front of it, so it opens
/// ESE's database context itself.
#[allow(clippy::disallowed_methods)]
pub async fn seed(pool: &PgPool) -> Result<()> {
    let demo = data::load()?;
    // Seeding runs from the command line before anyone signs in: an ESE context to write every
    // district's demo rows in one transaction.
    #[allow(clippy::disallowed_methods)]
    let mut tx = db::begin(pool, Context::every_district()).await?;
    let existing: Vec<String> =
        sqlx::query_scalar("SELECT email FROM users WHERE email LIKE '%@demo.test'")
            .fetch_all(&mut *tx)
            .await?;
    let missing: Vec<Account> = accounts(&demo)
        .into_iter()
        .filter(|a| !existing.iter().any(|e| e == a.0))
        .collect();
    // One hash for the batch: every demo account shares the published demo password anyway.
    let hash = if missing.is_empty() {
        String::new()
    } else {
        password::hash(DEMO_PASSWORD.into()).await?
    };
    for (email, name, title, role) in &missing {
        sqlx::query(
            "INSERT INTO users (email, name, title, password_hash, must_change_password, ese_role) \
             VALUES ($1, $2, $3, $4, false, $5) ON CONFLICT (email) DO NOTHING",
        )
        .bind(email)
        .bind(name)
        .bind(title)
        .bind(&hash)
        .bind(role)
        .execute(&mut *tx)
        .await?;
    }
    for district in &demo.districts {
        sqlx::query(
            "INSERT INTO districts (name, slug, accountability_level, enrollment, profile) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (slug) DO NOTHING",
        )
        .bind(&district.name)
        .bind(&district.slug)
        .bind(district.accountability_level)
        .bind(district.enrollment)
        .bind(&district.profile)
        .execute(&mut *tx)
        .await?;
        let members = district.people.iter().map(|m| (&m.email, m.role));
        let monitor = (&district.monitor, DistrictRole::PlanMonitor);
        for (email, role) in members.chain([monitor]) {
            sqlx::query(
                "INSERT INTO district_roles (district_id, user_id, role) \
                 SELECT d.id, u.id, $3 FROM districts d, users u WHERE d.slug = $1 AND u.email = $2 \
                 ON CONFLICT DO NOTHING",
            )
            .bind(&district.slug)
            .bind(email)
            .bind(role)
            .execute(&mut *tx)
            .await?;
        }
    }
    plans::seed(&mut tx, &demo.districts).await?;
    progress::seed(&mut tx, &demo.districts).await?;
    highlights::seed(&mut tx, &demo.districts, &demo.monitoring.minutes).await?;
    qpr::seed(&mut tx, &demo.districts, &demo.monitoring.reports).await?;
    continuum::seed(&mut tx, &demo.districts).await?;
    let slugs: Vec<&str> = demo.districts.iter().map(|d| d.slug.as_str()).collect();
    notifications(&mut tx, &slugs).await?;
    tx.commit().await?;
    tracing::info!(added_accounts = missing.len(), "demo data ready");
    Ok(())
}

/// Minutes in review: id, day held, when sent and by whom.
type SentMinutes = (Uuid, NaiveDate, Option<DateTime<Utc>>, Option<Uuid>);

/// The notifications the demo's work in progress would have made: draft minutes in review, reports
/// in ESE review and the plan awaiting ESE. In the app only: the demo sends no email.
async fn notifications(conn: &mut PgConnection, slugs: &[&str]) -> Result<()> {
    let made: i64 = sqlx::query_scalar(
        "SELECT unread_notification_count(id)::bigint FROM users WHERE email = 'monitor.east@demo.test'",
    )
    .fetch_one(&mut *conn)
    .await?;
    if made > 0 {
        return Ok(());
    }
    let districts: Vec<District> = sqlx::query_as(&format!(
        "SELECT {DISTRICT_COLUMNS} FROM districts WHERE slug = ANY($1) ORDER BY name"
    ))
    .bind(slugs)
    .fetch_all(&mut *conn)
    .await?;
    for district in &districts {
        let in_review: Vec<SentMinutes> = sqlx::query_as(
            "SELECT id, held_on, sent_for_review_at, sent_for_review_by FROM highlight_discussions \
             WHERE district_id = $1 AND minutes_status = 'in_review'",
        )
        .bind(district.id)
        .fetch_all(&mut *conn)
        .await?;
        for (id, held_on, sent_at, sent_by) in in_review {
            let sent_on = sent_at.map_or(held_on, calendar::local_date);
            let notice = notices::minutes_sent(district, id, held_on, deadlines::review(sent_on));
            notify::notify(&mut *conn, sent_by.unwrap_or_default(), &notice).await?;
        }
        let reports: Vec<(Uuid, NaiveDate, Option<Uuid>)> = sqlx::query_as(
            "SELECT id, period_start, monitor_id FROM qprs WHERE district_id = $1 AND status = 'ese_review'",
        )
        .bind(district.id)
        .fetch_all(&mut *conn)
        .await?;
        for (id, period_start, monitor) in reports {
            let notice = notices::qpr_in_review(district, id, period_start);
            notify::notify(&mut *conn, monitor.unwrap_or_default(), &notice).await?;
        }
        let submitted: Vec<Plan> = sqlx::query_as(&format!(
            "SELECT {PLAN_COLUMNS} FROM plans WHERE district_id = $1 AND status = 'submitted'"
        ))
        .bind(district.id)
        .fetch_all(&mut *conn)
        .await?;
        for plan in submitted {
            let by: Option<Uuid> =
                sqlx::query_scalar("SELECT submitted_by FROM plans WHERE id = $1")
                    .bind(plan.id)
                    .fetch_one(&mut *conn)
                    .await?;
            crate::plans::notices::send(
                &mut *conn,
                by.unwrap_or_default(),
                (&district.name, &district.slug),
                &plan,
                crate::plans::notices::PlanEvent::Submitted,
            )
            .await?;
        }
    }
    // Everything queued above was queued in this transaction (same now()).
    sqlx::query("DELETE FROM email_outbox WHERE created_at = now()")
        .execute(&mut *conn)
        .await?;
    Ok(())
}
