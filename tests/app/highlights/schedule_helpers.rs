//! Shared by the schedule tests: dates from today, discussions inserted directly, and a fresh app
//! without the demo discussions.

#![allow(dead_code)]

use chrono::{NaiveDate, TimeDelta};
use throughline::calendar::today;

use crate::support::{Client, TestApp, fixtures};

pub use crate::support::people::MANAGER;
pub const LIST: &str = "/districts/randolph/discussions";

pub fn day(offset: i64) -> NaiveDate {
    today() + TimeDelta::days(offset)
}

pub async fn count(app: &TestApp, sql: &str, slug: &str) -> i64 {
    app.scalar_for(sql, slug).await
}

pub async fn discussions_of(app: &TestApp, slug: &str) -> i64 {
    let sql = "SELECT count(*) FROM highlight_discussions h JOIN districts d ON d.id = h.district_id \
               WHERE d.slug = $1";
    count(app, sql, slug).await
}

/// A discussion of the district's approved plan held `offset` days from today, scheduled a month
/// before it (so only the notice to ESE can be late). Returns its page's path.
pub async fn insert(app: &TestApp, slug: &str, offset: i64, place: &str) -> String {
    let id: uuid::Uuid = sqlx::query_scalar(
        "INSERT INTO highlight_discussions (district_id, plan_id, held_on, place, scheduled_at) \
         SELECT d.id, (SELECT p.id FROM plans p WHERE p.district_id = d.id \
                       ORDER BY p.status = 'approved' DESC, p.created_at DESC LIMIT 1), \
                $2, $3, ($2 - 30)::timestamptz \
         FROM districts d WHERE d.slug = $1 RETURNING id",
    )
    .bind(slug)
    .bind(day(offset))
    .bind(place)
    .fetch_one(&mut app.owner_conn().await)
    .await
    .unwrap();
    format!("/districts/{slug}/discussions/{id}")
}

/// The app on a fresh database whose demo discussions are gone, so lists show only the test's.
pub async fn spawn() -> TestApp {
    let app = TestApp::spawn().await;
    sqlx::query("DELETE FROM highlight_discussions")
        .execute(&mut app.owner_conn().await)
        .await
        .unwrap();
    app
}

pub async fn schedule(
    client: &Client,
    held_on: &str,
    starts_at: &str,
    place: &str,
) -> reqwest::Response {
    let invited = "Ana Ruiz, Principal\nBen Cho, Data coach";
    let form = [
        ("held_on", held_on),
        ("starts_at", starts_at),
        ("place", place),
        ("invited", invited),
    ];
    client.post(LIST, &form).await
}

pub async fn page(client: &Client, path: &str) -> String {
    let (status, html) = client.get_text(path).await;
    assert_eq!(status, 200, "{path}");
    html
}

pub async fn user_id(app: &TestApp, email: &str) -> String {
    fixtures::user_id(app, email).await.to_string()
}
