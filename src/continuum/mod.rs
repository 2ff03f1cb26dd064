//! Progress toward exit: the exit criteria of seed 002 Appendix N, where the district stands on
//! the continuum of shifting roles (Appendix M) for each of B–E, and the reflections at which the
//! district, its plan manager and its monitor record it, once or twice a year (§9). Criterion A,
//! student achievement, is read from the plan's final-outcome benchmarks, not reflected on.

pub mod criteria;
mod outcomes;
mod page;
mod record;
mod schedule;

use axum::Router;
use axum::routing::{get, post};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

pub use criteria::{CONTINUUM, Stage};

use crate::calendar::date_label;
use crate::state::AppState;
use crate::web::open::Owned;

pub fn router() -> Router<AppState> {
    let one = "/districts/{district}/continuum/reflections/{id}";
    Router::new()
        .route("/districts/{district}/continuum", get(page::show))
        .route(
            "/districts/{district}/continuum/reflections",
            post(schedule::create),
        )
        .route(
            "/districts/{district}/continuum/reflections/new",
            get(schedule::new_form),
        )
        .route(one, get(record::show).post(record::save))
        .route(&format!("{one}/cancel"), post(schedule::cancel))
}

pub fn continuum_path(slug: &str) -> String {
    format!("/districts/{slug}/continuum")
}

pub fn reflection_path(slug: &str, id: Uuid) -> String {
    format!("/districts/{slug}/continuum/reflections/{id}")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::Type)]
#[sqlx(type_name = "reflection_status", rename_all = "snake_case")]
pub enum Status {
    Scheduled,
    Recorded,
}

/// One reflection on the continuum: the meeting, and once recorded, who recorded it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Reflection {
    pub id: Uuid,
    pub held_on: NaiveDate,
    pub starts_at: Option<NaiveTime>,
    pub place: String,
    pub pre_meeting_on: Option<NaiveDate>,
    pub ese_requested: bool,
    pub status: Status,
    pub recorded_at: Option<DateTime<Utc>>,
    pub recorded_by_name: Option<String>,
    pub version: i32,
}

impl Reflection {
    /// "Dec 10, 2026 at 3:30 PM".
    pub fn when_label(&self) -> String {
        match self.starts_at {
            Some(t) => format!("{} at {}", date_label(self.held_on), t.format("%-I:%M %p")),
            None => date_label(self.held_on),
        }
    }

    pub fn is_recorded(&self) -> bool {
        self.status == Status::Recorded
    }

    pub fn pre_meeting_label(&self) -> String {
        match (self.pre_meeting_on, self.ese_requested) {
            (Some(on), true) => format!("{}, with ESE (requested)", date_label(on)),
            (Some(on), false) => date_label(on),
            (None, true) => "ESE asked to join a pre-meeting (date to be set)".into(),
            (None, false) => String::new(),
        }
    }
}

/// What a reflection recorded for one criterion.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Position {
    pub reflection_id: Uuid,
    pub criterion: String,
    pub stage: Stage,
    pub evidence: String,
    pub rationale: String,
}

const REFLECTION_COLUMNS: &str = "r.id, r.held_on, r.starts_at, r.place, r.pre_meeting_on, \
     r.ese_requested, r.status, r.recorded_at, u.name AS recorded_by_name, r.version";

/// The district's reflections, latest meeting first.
async fn reflections(conn: &mut PgConnection, district_id: Uuid) -> sqlx::Result<Vec<Reflection>> {
    sqlx::query_as(&format!(
        "SELECT {REFLECTION_COLUMNS} FROM continuum_reflections r \
         LEFT JOIN users u ON u.id = r.recorded_by \
         WHERE r.district_id = $1 ORDER BY r.held_on DESC, r.scheduled_at DESC"
    ))
    .bind(district_id)
    .fetch_all(conn)
    .await
}

impl Owned for Reflection {
    const TABLE: &'static str = "continuum_reflections";

    fn select() -> String {
        format!(
            "SELECT {REFLECTION_COLUMNS} FROM continuum_reflections r \
             LEFT JOIN users u ON u.id = r.recorded_by \
             WHERE r.district_id = $1 AND r.id = $2"
        )
    }
}

/// Every position the district's reflections recorded (all of them, for the history; one
/// statement however many reflections there are).
async fn positions(conn: &mut PgConnection, district_id: Uuid) -> sqlx::Result<Vec<Position>> {
    sqlx::query_as(
        "SELECT reflection_id, criterion::text AS criterion, stage, evidence, rationale \
         FROM continuum_positions WHERE district_id = $1 ORDER BY criterion",
    )
    .bind(district_id)
    .fetch_all(conn)
    .await
}

/// Where each district stands now, criterion by criterion, from its latest recorded reflection:
/// for the dashboard and the public page, one statement for any number of districts.
pub async fn current_stages(
    conn: &mut PgConnection,
    district_ids: &[Uuid],
) -> sqlx::Result<Vec<(Uuid, String, Stage)>> {
    sqlx::query_as(
        "SELECT DISTINCT ON (p.district_id, p.criterion) p.district_id, p.criterion::text, p.stage \
         FROM continuum_positions p \
         JOIN continuum_reflections r ON r.district_id = p.district_id AND r.id = p.reflection_id \
         WHERE p.district_id = ANY($1) AND r.status = 'recorded' \
         ORDER BY p.district_id, p.criterion, r.held_on DESC, r.recorded_at DESC",
    )
    .bind(district_ids)
    .fetch_all(conn)
    .await
}

/// One criterion B–E and where the district stands on it now, for the district's page.
pub struct Now {
    pub letter: &'static str,
    pub title: &'static str,
    pub stage: Option<Stage>,
}

/// Where district `district_id` stands on each criterion B–E; empty before any reflection is
/// recorded. One statement.
pub async fn standing_now(conn: &mut PgConnection, district_id: Uuid) -> sqlx::Result<Vec<Now>> {
    let stages = current_stages(conn, &[district_id]).await?;
    if stages.is_empty() {
        return Ok(Vec::new());
    }
    Ok(CONTINUUM
        .reflected()
        .map(|c| Now {
            letter: &c.letter,
            title: &c.title,
            stage: stages
                .iter()
                .find(|(_, letter, _)| *letter == c.letter)
                .map(|(_, _, stage)| *stage),
        })
        .collect())
}
