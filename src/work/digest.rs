//! The weekly digest: each Monday, every person who has not turned it off is told what is due in
//! the next 14 days, what is overdue and what is stale, by email.
//!
//! It runs inside every app instance. Exactly one digest per person per week, however many
//! instances run: each person's digest is claimed by inserting their `weekly_digests` row in the
//! same transaction as the email (a second instance's insert waits, then finds it taken). A
//! PostgreSQL advisory lock additionally keeps instances from walking the list side by side.

use std::time::Duration;

use chrono::{DateTime, Datelike, Days, NaiveDate, Timelike, Utc, Weekday};
use sqlx::PgPool;
use uuid::Uuid;

use super::load::Snapshot;
use super::{Item, Kind, Section, Urgency, order, sections};
use crate::calendar::{DEFAULT_TIME_ZONE, date_label};
use crate::db::{self, Context};

/// The digest looks this many days ahead.
pub const AHEAD_DAYS: u64 = 14;
/// Digests go out from this hour on Monday, in the state's time zone.
const SEND_FROM_HOUR: u32 = 6;
/// The advisory lock key of the digest run ("digest" in ASCII).
const LOCK_KEY: i64 = 0x6469_6765_7374;
/// How often each instance looks whether this week's digests are out.
const TICK: Duration = Duration::from_secs(600);

/// The Monday of `date`'s week.
pub fn week_of(date: NaiveDate) -> NaiveDate {
    date - Days::new(u64::from(date.weekday().num_days_from_monday()))
}

/// The week whose digests may go out at `now`: from Monday 6:00 (local) to the next Monday 6:00.
/// An instance that was down on Monday still sends that week's digests when it comes back.
pub fn sending_week(now: DateTime<Utc>) -> NaiveDate {
    let local = now.with_timezone(&DEFAULT_TIME_ZONE);
    let date = local.date_naive();
    if date.weekday() == Weekday::Mon && local.hour() < SEND_FROM_HOUR {
        week_of(date) - Days::new(7)
    } else {
        week_of(date)
    }
}

/// The digest's subject and text, or `None` when there is nothing to tell.
pub fn compose(sections: &[Section], today: NaiveDate, base_url: &str) -> Option<(String, String)> {
    let horizon = today + Days::new(AHEAD_DAYS);
    let mut items: Vec<Item> = sections
        .iter()
        .flat_map(|s| s.items.iter())
        .filter(|i| match i.urgency {
            Urgency::Overdue | Urgency::Stale => true,
            Urgency::Due => i.due.is_some_and(|d| d <= horizon),
            Urgency::Info => {
                i.kind == Kind::Discussions && i.due.is_some_and(|d| d >= today && d <= horizon)
            }
        })
        .cloned()
        .collect();
    order(&mut items);
    items.dedup_by(|a, b| a.link == b.link && a.what == b.what);
    if items.is_empty() {
        return None;
    }
    let groups = [
        ("Overdue", Urgency::Overdue),
        (
            "Stale: measurements older than the plan's frequency allows",
            Urgency::Stale,
        ),
        ("Due in the next 14 days", Urgency::Due),
        ("Coming up", Urgency::Info),
    ];
    let mut body = format!(
        "Your week in Throughline, week of {}.\n",
        date_label(week_of(today))
    );
    for (title, urgency) in groups {
        let group: Vec<&Item> = items.iter().filter(|i| i.urgency == urgency).collect();
        if group.is_empty() {
            continue;
        }
        body.push_str(&format!("\n{title} ({})\n", group.len()));
        for item in group {
            let when = item.when_label();
            body.push_str(&format!(
                "- {} · {}: {}\n  {base_url}{}\n",
                item.district, when, item.what, item.link
            ));
        }
    }
    let overdue = items
        .iter()
        .filter(|i| i.urgency == Urgency::Overdue)
        .count();
    let subject = match overdue {
        0 => format!("Your week in Throughline: {} to look at", items.len()),
        n => format!(
            "Your week in Throughline: {} to look at, {n} overdue",
            items.len()
        ),
    };
    body.push_str(&format!(
        "\nYou get this digest every Monday. To stop it, open {base_url}/account.\n"
    ));
    Some((subject, body))
}

/// Sends this week's digests that are not out yet. Returns how many people this instance handled.
pub async fn send_weekly(
    pool: &PgPool,
    now: DateTime<Utc>,
    base_url: &str,
) -> anyhow::Result<usize> {
    let week = sending_week(now);
    let today = now.with_timezone(&DEFAULT_TIME_ZONE).date_naive();
    let mut lock = pool.acquire().await?;
    let locked: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
        .bind(LOCK_KEY)
        .fetch_one(&mut *lock)
        .await?;
    if !locked {
        return Ok(0);
    }
    let outcome = send_all(pool, week, today, base_url).await;
    sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(LOCK_KEY)
        .execute(&mut *lock)
        .await?;
    outcome
}

/// The digests of `week` not out yet, without the advisory lock: the per-person claim alone keeps
/// each digest to one (the tests run two of these side by side to prove it).
pub async fn send_all(
    pool: &PgPool,
    week: NaiveDate,
    today: NaiveDate,
    base_url: &str,
) -> anyhow::Result<usize> {
    let people: Vec<(Uuid, bool, String)> = sqlx::query_as(
        "SELECT u.id, u.ese_role IS NOT NULL, u.email FROM users u \
         WHERE u.active AND u.weekly_digest \
           AND NOT EXISTS (SELECT 1 FROM weekly_digests w WHERE w.user_id = u.id AND w.week_of = $1) \
         ORDER BY u.id",
    )
    .bind(week)
    .fetch_all(pool)
    .await?;
    let mut handled = 0;
    for (user_id, ese, email) in people {
        match send_one(pool, user_id, ese, &email, week, today, base_url).await {
            Ok(true) => handled += 1,
            Ok(false) => {}
            // One person's failure must not stop everyone else's digest; the next tick retries.
            Err(error) => tracing::error!(%user_id, %error, "weekly digest failed"),
        }
    }
    Ok(handled)
}

async fn send_one(
    pool: &PgPool,
    user_id: Uuid,
    ese: bool,
    email: &str,
    week: NaiveDate,
    today: NaiveDate,
    base_url: &str,
) -> anyhow::Result<bool> {
    // A background job: no request and no session, so no gate; the context names the one
    // person whose digest this is, as their own pages would.
    #[allow(clippy::disallowed_methods)]
    let mut tx = db::begin(
        pool,
        Context {
            user_id: Some(user_id),
            district_id: None,
            ese,
        },
    )
    .await?;
    let claimed: Option<i32> = sqlx::query_scalar(
        "INSERT INTO weekly_digests (user_id, week_of, items) VALUES ($1, $2, 0) \
         ON CONFLICT DO NOTHING RETURNING 1",
    )
    .bind(user_id)
    .bind(week)
    .fetch_optional(&mut *tx)
    .await?;
    if claimed.is_none() {
        return Ok(false);
    }
    let snapshot = Snapshot::read(&mut tx, user_id, ese, today).await?;
    if let Some((subject, body)) = compose(&sections(&snapshot), today, base_url) {
        sqlx::query(
            "INSERT INTO email_outbox (user_id, to_address, subject, body, link, dedupe_key) \
             VALUES ($1, $2, $3, $4, '/', $5) ON CONFLICT (dedupe_key) DO NOTHING",
        )
        .bind(user_id)
        .bind(email)
        .bind(&subject)
        .bind(&body)
        .bind(format!("digest:{user_id}:{week}"))
        .execute(&mut *tx)
        .await?;
        let count = body.lines().filter(|l| l.starts_with("- ")).count();
        sqlx::query("UPDATE weekly_digests SET items = $3 WHERE user_id = $1 AND week_of = $2")
            .bind(user_id)
            .bind(week)
            .bind(i32::try_from(count).unwrap_or(i32::MAX))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Runs for as long as the app does.
pub async fn run(pool: PgPool, base_url: String) {
    loop {
        let result = send_weekly(&pool, Utc::now(), &base_url).await;
        crate::metrics::job_ran("weekly_digest", result.is_ok());
        if let Err(error) = result {
            tracing::error!(%error, "weekly digests could not be sent");
        }
        tokio::time::sleep(TICK).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::test_date as d;
    use chrono::TimeZone;

    #[test]
    fn weeks_start_on_monday_at_six_local() {
        assert_eq!(week_of(d(2026, 11, 24)), d(2026, 11, 23));
        assert_eq!(week_of(d(2026, 11, 23)), d(2026, 11, 23));
        assert_eq!(week_of(d(2026, 11, 29)), d(2026, 11, 23));
        // 5:59 in Boston on Monday (10:59 UTC in winter) is still last week's run.
        let early = Utc.with_ymd_and_hms(2026, 11, 23, 10, 59, 0).unwrap();
        assert_eq!(sending_week(early), d(2026, 11, 16));
        let six = Utc.with_ymd_and_hms(2026, 11, 23, 11, 0, 0).unwrap();
        assert_eq!(sending_week(six), d(2026, 11, 23));
        // Sunday night UTC is still Sunday in Boston.
        let sunday = Utc.with_ymd_and_hms(2026, 11, 30, 3, 0, 0).unwrap();
        assert_eq!(sending_week(sunday), d(2026, 11, 23));
    }

    fn item(kind: Kind, due: Option<NaiveDate>, urgency: Urgency, what: &str) -> Item {
        Item {
            kind,
            due,
            urgency,
            district: "Randolph".into(),
            what: what.into(),
            link: format!("/districts/randolph/{what}"),
        }
    }

    #[test]
    fn the_digest_tells_overdue_stale_and_the_next_14_days_only() {
        let today = d(2026, 11, 24);
        let section = Section {
            title: "Plan manager — Randolph".into(),
            facts: Vec::new(),
            items: [
                (
                    Kind::ActivitiesOverdue,
                    Some(d(2026, 11, 1)),
                    Urgency::Overdue,
                    "late",
                ),
                (
                    Kind::MeasurementsDue,
                    Some(d(2026, 11, 20)),
                    Urgency::Stale,
                    "stale",
                ),
                (
                    Kind::ActivitiesDue,
                    Some(d(2026, 12, 8)),
                    Urgency::Due,
                    "day 14",
                ),
                (
                    Kind::ActivitiesDue,
                    Some(d(2026, 12, 9)),
                    Urgency::Due,
                    "day 15",
                ),
                (
                    Kind::Discussions,
                    Some(d(2026, 12, 3)),
                    Urgency::Info,
                    "meeting",
                ),
                (
                    Kind::BenchmarksBehind,
                    Some(d(2026, 12, 1)),
                    Urgency::Info,
                    "behind",
                ),
                (Kind::InitiativesLed, None, Urgency::Info, "led"),
            ]
            .into_iter()
            .map(|(kind, due, urgency, text)| item(kind, due, urgency, text))
            .collect(),
        };
        let (subject, body) = compose(&[section], today, "https://t.example").unwrap();
        assert_eq!(subject, "Your week in Throughline: 4 to look at, 1 overdue");
        for shown in ["late", "stale", "day 14", "meeting"] {
            assert!(
                body.contains(&format!("https://t.example/districts/randolph/{shown}")),
                "{shown}"
            );
        }
        for left_out in ["day 15", "behind", "/led"] {
            assert!(!body.contains(left_out), "{left_out}");
        }
        assert!(
            body.find("Overdue (1)").unwrap() < body.find("Due in the next 14 days (1)").unwrap()
        );
    }

    #[test]
    fn nothing_to_tell_sends_nothing() {
        let quiet = Section {
            title: "District leader — Randolph".into(),
            facts: Vec::new(),
            items: vec![item(Kind::InitiativesLed, None, Urgency::Info, "led")],
        };
        assert_eq!(compose(&[quiet], d(2026, 11, 24), ""), None);
    }
}
