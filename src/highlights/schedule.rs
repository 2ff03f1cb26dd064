//! Scheduling Highlight Discussions and telling ESE a week ahead (seed 002 §8: the plan manager
//! "advis[es] ESE … of the date, time, and location of each Highlight Discussion at least one
//! week in advance"), the list of a district's discussions, each discussion's page, and the ESE
//! contacts an ESE administrator names for the district.

pub mod contacts;
mod form;
mod input;
mod list;
mod page;
pub mod summary;

use axum::Router;
use axum::routing::{get, post};
use chrono::NaiveDate;
use sqlx::PgConnection;
use uuid::Uuid;

use super::model::{Discussion, Review, steps};
use super::queries;
use crate::access::DistrictScope;
use crate::calendar::{date_label, deadlines, today};
use crate::error::{AppError, Result};
use crate::state::AppState;
use crate::web::open::Owned;

pub fn routes() -> Router<AppState> {
    let base = "/districts/{district}/discussions";
    let one = "/districts/{district}/discussions/{id}";
    Router::new()
        .route(base, get(list::page).post(form::create))
        .route(&format!("{base}/new"), get(form::new_form))
        .route(one, get(page::show))
        .route(
            &format!("{one}/edit"),
            get(form::edit_form).post(form::update),
        )
        .route(&format!("{one}/notify-ese"), post(page::notify_ese))
        .route(
            "/districts/{district}/contacts",
            get(contacts::form_page).post(contacts::save),
        )
}

pub fn discussions_path(slug: &str) -> String {
    format!("/districts/{slug}/discussions")
}

pub fn discussion_path(slug: &str, id: Uuid) -> String {
    format!("/districts/{slug}/discussions/{id}")
}

/// The district's discussion `id`; another district's id is not found.
async fn fetch(scope: &mut DistrictScope, id: Uuid) -> Result<Discussion> {
    let district_id = scope.district.id;
    Discussion::find(scope.conn(), district_id, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// One discussion as the list and the district page show it.
#[derive(Debug, Clone)]
pub struct Row {
    pub id: Uuid,
    pub when: String,
    pub place: String,
    pub held: bool,
    /// "Not held yet" before the day, else the minutes' status in words.
    pub minutes: String,
    pub minutes_class: &'static str,
    /// Whether ESE has been told of it.
    pub ese_told: bool,
    /// Problems in words ("ESE told late", "2 steps overdue").
    pub flags: Vec<String>,
    /// A note that is not a problem yet ("Tell ESE by Nov 3, 2026").
    pub note: String,
}

impl Row {
    /// `reviews` may hold every discussion's answers; only this one's count.
    pub fn new(d: &Discussion, reviews: &[Review], today: NaiveDate) -> Self {
        let own: Vec<Review> = reviews
            .iter()
            .filter(|r| r.discussion_id == d.id)
            .cloned()
            .collect();
        let held = d.is_held(today);
        let (minutes, minutes_class) = if held {
            (
                d.minutes_status.label().to_string(),
                d.minutes_status.css_class(),
            )
        } else {
            ("Not held yet".to_string(), "status-archived")
        };
        let ese_told = d.ese_notified_at.is_some();
        let note = if !ese_told && !d.ese_notice_late(today) {
            format!(
                "Tell ESE by {}",
                date_label(deadlines::ese_notice(d.held_on))
            )
        } else {
            String::new()
        };
        Self {
            id: d.id,
            when: d.when_label(),
            place: d.place.clone(),
            held,
            minutes,
            minutes_class,
            ese_told,
            flags: flags(d, &own, today),
            note,
        }
    }
}

/// What is wrong with a discussion, in words: late notice to ESE, a date set less than a week
/// ahead, and the process steps past their deadline.
pub fn flags(d: &Discussion, reviews: &[Review], today: NaiveDate) -> Vec<String> {
    let mut flags = Vec::new();
    if d.ese_notice_late(today) {
        flags.push(if d.ese_notified_at.is_some() {
            "ESE told late".to_string()
        } else {
            "ESE not yet told".to_string()
        });
    }
    if d.scheduled_late() {
        flags.push("Scheduled less than a week ahead".to_string());
    }
    let overdue = steps(d, reviews, today)
        .iter()
        .filter(|s| s.is_overdue())
        .count();
    if overdue > 0 {
        flags.push(overdue_label(overdue));
    }
    flags
}

pub fn overdue_label(n: usize) -> String {
    if n == 1 {
        "1 step overdue".to_string()
    } else {
        format!("{n} steps overdue")
    }
}

/// The district's discussions as rows, split as [`split`] does. Two statements, whatever the
/// number of discussions: every discussion's answers at once, so the overdue flags cost no
/// statement per row.
pub async fn upcoming_and_past(
    conn: &mut PgConnection,
    district_id: Uuid,
) -> sqlx::Result<(Vec<Row>, Vec<Row>)> {
    let discussions = queries::discussions(&mut *conn, district_id).await?;
    let reviews = queries::all_reviews(&mut *conn, district_id).await?;
    let today = today();
    let rows = discussions
        .iter()
        .rev()
        .map(|d| (d.held_on, Row::new(d, &reviews, today)))
        .collect();
    Ok(split(rows, today))
}

/// Upcoming discussions (today's included) soonest first, and past ones most recent first.
pub fn split(mut rows: Vec<(NaiveDate, Row)>, today: NaiveDate) -> (Vec<Row>, Vec<Row>) {
    rows.sort_by_key(|(on, _)| *on);
    let (upcoming, past): (Vec<_>, Vec<_>) = rows.into_iter().partition(|(on, _)| *on >= today);
    let upcoming = upcoming.into_iter().map(|(_, r)| r).collect();
    let past = past.into_iter().rev().map(|(_, r)| r).collect();
    (upcoming, past)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_step_is_singular() {
        assert_eq!(overdue_label(1), "1 step overdue");
        assert_eq!(overdue_label(3), "3 steps overdue");
    }
}
