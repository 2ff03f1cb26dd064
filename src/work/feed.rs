//! Each person's private calendar feed: their districts' Highlight Discussions and their deadlines
//! (minutes steps, report due months, evidence requests), for Outlook or Google Calendar.
//!
//! Calendar apps fetch without a session, so the address carries a secret token; only its hash is
//! stored, and making a new address (or stopping it, on the settings page) revokes the old one.

use std::collections::BTreeSet;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use icalendar::{Calendar, Component, Event, EventLike};
use uuid::Uuid;

use super::load::Snapshot;
use super::{Kind, Section, sections};
use crate::access::DistrictRole;
use crate::calendar::{DEFAULT_TIME_ZONE, QprPeriod, today};
use crate::db::{self, Context};
use crate::error::{AppError, Result};
use crate::qpr::model::QprStatus;
use crate::state::AppState;
use crate::web::tokens::token_hash;

pub fn routes() -> Router<AppState> {
    Router::new().route("/calendar/{file}", get(feed))
}

/// How long a discussion's event lasts when only its start is known.
const DISCUSSION_MINUTES: i64 = 90;

async fn feed(State(state): State<AppState>, Path(file): Path<String>) -> Result<Response> {
    let token = file.strip_suffix(".ics").ok_or(AppError::NotFound)?;
    // The token is the credential: an unknown, revoked or malformed one is simply not found.
    let owner: Option<(Uuid, bool)> = sqlx::query_as(
        "SELECT id, ese_role IS NOT NULL FROM users WHERE calendar_token_hash = $1 AND active",
    )
    .bind(token_hash(token))
    .fetch_optional(&state.db)
    .await?;
    let (user_id, ese) = owner.ok_or(AppError::NotFound)?;
    // No session here: the feed's secret address is the credential, checked just above, so the
    // context is the owner's own, as their home page would have it.
    #[allow(clippy::disallowed_methods)]
    let mut tx = db::begin(
        &state.db,
        Context {
            user_id: Some(user_id),
            district_id: None,
            ese,
        },
    )
    .await?;
    let snapshot = Snapshot::read(&mut tx, user_id, ese, today()).await?;
    tx.commit().await?;
    let body = calendar(&snapshot, &sections(&snapshot), &state.config.base_url).to_string();
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "private, no-store"),
            (
                header::CONTENT_DISPOSITION,
                "inline; filename=\"throughline.ics\"",
            ),
        ],
        body,
    )
        .into_response())
}

/// The feed's calendar. Every event has a stable UID, so a calendar app updates an event in place
/// when its date moves instead of showing it twice.
pub fn calendar(snapshot: &Snapshot, sections: &[Section], base_url: &str) -> Calendar {
    let mut calendar = Calendar::new();
    calendar
        .name("Throughline")
        .description("Highlight Discussions and deadlines from Throughline")
        .ttl(&Duration::hours(1));
    let mut seen = BTreeSet::new();
    let mut add = |event: Event, uid: String| {
        if seen.insert(uid.clone()) {
            let mut event = event;
            calendar.push(event.uid(&format!("{uid}@throughline")).done());
        }
    };
    for d in snapshot
        .discussions
        .iter()
        .filter(|d| shows_discussions(snapshot, d.district_id))
    {
        let district = snapshot
            .district(d.district_id)
            .map_or("", |x| x.name.as_str());
        let mut event = Event::new();
        event
            .summary(&format!("Highlight Discussion — {district}"))
            .url(&format!(
                "{base_url}/districts/{}/discussions/{}",
                slug(snapshot, d.district_id),
                d.id
            ));
        if !d.place.is_empty() {
            event.location(&d.place);
        }
        if !d.invited.is_empty() {
            event.description(&format!("Invited: {}", d.invited));
        }
        match d
            .starts_at
            .and_then(|time| local_to_utc(d.held_on.and_time(time)))
        {
            Some(start) => {
                event
                    .starts(start)
                    .ends(start + Duration::minutes(DISCUSSION_MINUTES));
            }
            None => whole_day(&mut event, d.held_on),
        }
        add(event, format!("discussion-{}", d.id));
    }
    for item in sections.iter().flat_map(|s| s.items.iter()) {
        let Some(due) = item.due else { continue };
        if matches!(
            item.kind,
            Kind::Discussions | Kind::InitiativesLed | Kind::EvidenceReceived | Kind::QprsToDraft
        ) {
            continue;
        }
        let mut event = Event::new();
        event
            .summary(&format!("Due: {} — {}", item.what, item.district))
            .description(item.kind.label())
            .url(&format!("{base_url}{}", item.link));
        whole_day(&mut event, due);
        add(
            event,
            token_hash(&format!("{:?}|{}|{}", item.kind, item.link, item.what)),
        );
    }
    for (district_id, period, status) in report_deadlines(snapshot) {
        let district = snapshot
            .district(district_id)
            .map_or("", |x| x.name.as_str());
        let mut event = Event::new();
        let state = status.map_or(String::new(), |s| format!(" ({})", s.label()));
        event
            .summary(&format!("{} due — {district}{state}", period.title()))
            .description(&format!("Expected in {}.", period.publication_label()))
            .url(&format!(
                "{base_url}/districts/{}/qprs",
                slug(snapshot, district_id)
            ));
        whole_day(&mut event, period.due_by());
        add(event, format!("qpr-{district_id}-{}", period.start));
    }
    calendar.done()
}

/// An all-day event: its end is the next day (RFC 5545's end is exclusive; an end equal to the
/// start is a zero-length event to some calendar apps).
fn whole_day(event: &mut Event, date: NaiveDate) {
    event.starts(date).ends(date.succ_opt().unwrap_or(date));
}

fn slug(snapshot: &Snapshot, district_id: Uuid) -> &str {
    snapshot
        .district(district_id)
        .map_or("", |d| d.slug.as_str())
}

/// District people see their districts' discussions; ESE staff only those of the districts they
/// are a named contact for (every district's would flood their calendar).
fn shows_discussions(snapshot: &Snapshot, district_id: Uuid) -> bool {
    !snapshot.ese || snapshot.contact_districts.contains(&district_id)
}

/// The reports of the current and the coming period not yet published, per district where the
/// person writes, reviews or answers for them.
fn report_deadlines(snapshot: &Snapshot) -> Vec<(Uuid, QprPeriod, Option<QprStatus>)> {
    let current = QprPeriod::containing(snapshot.today);
    let mut out = Vec::new();
    for d in &snapshot.districts {
        let concerned = if snapshot.ese {
            snapshot.contact_districts.contains(&d.id)
        } else {
            d.roles.iter().any(|r| *r != DistrictRole::DistrictLeader)
        };
        if !concerned {
            continue;
        }
        for period in [current, current.next()] {
            let report = snapshot
                .qprs
                .iter()
                .find(|q| q.district_id == d.id && q.period() == period);
            let status = report.map(|q| q.status);
            if status != Some(QprStatus::Published) {
                out.push((d.id, period, status));
            }
        }
    }
    out
}

/// A wall-clock time in the state's time zone, as UTC (`None` in the hour skipped in spring).
fn local_to_utc(local: NaiveDateTime) -> Option<chrono::DateTime<Utc>> {
    DEFAULT_TIME_ZONE
        .from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}
