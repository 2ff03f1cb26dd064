//! Activity status: who may set it, the history it keeps, the overdue flag, and the plans that
//! take no progress.

use crate::support;
use crate::support::people::{LEADER, MANAGER};

use sqlx::PgConnection;
use support::{Client, TestApp, assert_contains, assert_status, location};
use uuid::Uuid;

/// An activity of Randolph's approved plan whose initiative the leader leads (`led`) or not, with
/// its plan's id. Any demo statuses are cleared so the test starts from none.
async fn activity(conn: &mut PgConnection, led: bool) -> (Uuid, Uuid) {
    let (id, plan): (Uuid, Uuid) = sqlx::query_as(
        "SELECT a.id, o.plan_id FROM activities a \
         JOIN initiatives i ON i.id = a.initiative_id \
         JOIN objectives o ON o.id = i.objective_id \
         JOIN plans p ON p.id = o.plan_id JOIN districts d ON d.id = p.district_id \
         WHERE d.slug = 'randolph' AND p.status = 'approved' \
           AND (i.lead_user_id IS NOT DISTINCT FROM (SELECT id FROM users WHERE email = $1)) = $2 \
         ORDER BY o.rank, i.rank, a.rank LIMIT 1",
    )
    .bind(LEADER)
    .bind(led)
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    sqlx::query("DELETE FROM activity_updates WHERE activity_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .unwrap();
    // The statuses below are dated in 2024–2025: the plan's years must hold them.
    sqlx::query("UPDATE plans SET first_school_year = 2024, last_school_year = 2028 WHERE id = $1")
        .bind(plan)
        .execute(&mut *conn)
        .await
        .unwrap();
    (id, plan)
}

/// A fresh app, the owner's connection to its database and, as [`activity`] makes it, an
/// activity of Randolph's approved plan with its plan's id.
async fn on_an_activity(led: bool) -> (TestApp, PgConnection, Uuid, Uuid) {
    let app = TestApp::spawn().await;
    let mut conn = app.owner_conn().await;
    let (id, plan) = activity(&mut conn, led).await;
    (app, conn, id, plan)
}

/// The statuses recorded for the activity, oldest first, with their notes.
async fn statuses(conn: &mut PgConnection, id: Uuid) -> Vec<(String, String)> {
    sqlx::query_as(
        "SELECT status::text, note FROM activity_updates WHERE activity_id = $1 \
         ORDER BY as_of, recorded_at",
    )
    .bind(id)
    .fetch_all(conn)
    .await
    .unwrap()
}

fn path(id: Uuid) -> String {
    format!("/districts/randolph/activities/{id}/status")
}

async fn set(
    client: &Client,
    id: Uuid,
    status: &str,
    as_of: &str,
    note: &str,
) -> reqwest::Response {
    let form = [("status", status), ("as_of", as_of), ("note", note)];
    client.post(&path(id), &form).await
}

#[tokio::test]
async fn the_manager_and_superintendent_set_statuses_and_every_one_is_kept_in_order() {
    let (app, mut conn, id, plan) = on_an_activity(false).await;
    let manager = app.signed_in(MANAGER).await;
    let (status, page) = manager.get_text(&path(id)).await;
    assert_eq!(status, 200);
    assert_contains(&page, "no status recorded yet");
    assert!(page.contains("Record status"));

    let saved = set(&manager, id, "on_track", "2025-10-01", "Coaches hired").await;
    assert_eq!(saved.status(), 303);
    let plan_page = format!("/districts/randolph/plans/{plan}#activity-{id}");
    assert_eq!(location(&saved), plan_page);
    let (_, page) = manager.get_text(&path(id)).await;
    assert!(page.contains("Status of the activity recorded: On track"));

    let supt = app.signed_in("supt.randolph@demo.test").await;
    let saved = set(&supt, id, "at_risk", "2025-11-03", "Two coaches on leave").await;
    assert_eq!(saved.status(), 303);
    let saved = set(&manager, id, "on_track", "2025-12-01", "").await;
    assert_eq!(saved.status(), 303);

    let kept = statuses(&mut conn, id).await;
    let kept: Vec<(&str, &str)> = kept.iter().map(|(s, n)| (s.as_str(), n.as_str())).collect();
    assert_eq!(
        kept,
        [
            ("on_track", "Coaches hired"),
            ("at_risk", "Two coaches on leave"),
            ("on_track", "")
        ]
    );
    let (_, page) = supt.get_text(&path(id)).await;
    let page = support::unescape(&page);
    let history = &page[page.find("<h2>History</h2>").unwrap()..];
    let (dec, nov, oct) = (
        history.find("Dec 1, 2025").unwrap(),
        history.find("Nov 3, 2025").unwrap(),
        history.find("Oct 1, 2025").unwrap(),
    );
    assert!(dec < nov && nov < oct, "newest first: {history}");
    assert!(history.contains("Two coaches on leave"));
    // Who recorded each: the superintendent's and the manager's names from the demo.
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM users WHERE email IN ('supt.randolph@demo.test', 'manager.randolph@demo.test')",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    assert!(names.iter().all(|name| history.contains(name.as_str())));
}

#[tokio::test]
async fn a_wrong_status_or_date_is_refused_with_what_was_typed_kept() {
    let (app, mut conn, id, _) = on_an_activity(false).await;
    let manager = app.signed_in(MANAGER).await;
    let page = manager
        .refused(
            &path(id),
            &[
                ("status", "overdue"),
                ("as_of", "2999-01-01"),
                ("note", "Typed note"),
            ],
            "Choose one of the five statuses.",
        )
        .await;
    assert!(page.contains("The date cannot be in the future."));
    assert!(page.contains("Typed note") && page.contains("2999-01-01"));
    let long = "x".repeat(2001);
    let page = assert_status(
        set(&manager, id, "complete", "1999-12-31", &long).await,
        422,
    )
    .await;
    assert!(page.contains("before 2000") && page.contains("2,000 characters"));
    assert!(statuses(&mut conn, id).await.is_empty());
}

#[tokio::test]
async fn a_leader_sets_statuses_only_in_the_initiatives_they_lead() {
    let (app, mut conn, led, _) = on_an_activity(true).await;
    let (other, _) = activity(&mut conn, false).await;
    let leader = app.signed_in(LEADER).await;
    let (_, page) = leader.get_text(&path(led)).await;
    assert!(page.contains("Record status"));
    assert_eq!(
        set(&leader, led, "complete", "2025-10-15", "")
            .await
            .status(),
        303
    );
    assert_eq!(statuses(&mut conn, led).await.len(), 1);

    let (status, page) = leader.get_text(&path(other)).await;
    assert_eq!(status, 200);
    assert!(!page.contains("Record status"));
    let refused = set(&leader, other, "complete", "2025-10-15", "").await;
    assert_eq!(refused.status(), 403);
    assert!(statuses(&mut conn, other).await.is_empty());
}

#[tokio::test]
async fn monitors_and_ese_staff_read_statuses_but_may_not_set_them() {
    let (app, mut conn, id, _) = on_an_activity(false).await;
    for email in ["monitor.east@demo.test", "ese.staff@demo.test"] {
        let reader = app.signed_in(email).await;
        let (status, page) = reader.get_text(&path(id)).await;
        assert_eq!(status, 200, "{email}");
        assert!(!page.contains("Record status"), "{email} sees the form");
        let refused = set(&reader, id, "on_track", "2025-10-01", "").await;
        assert_eq!(refused.status(), 403, "{email}");
    }
    assert!(statuses(&mut conn, id).await.is_empty());
}

#[tokio::test]
async fn another_districts_activity_is_not_found() {
    let (app, mut conn, id, _) = on_an_activity(false).await;
    let outsider = app.signed_in("supt.newbedford@demo.test").await;
    let other_district = format!("/districts/new-bedford/activities/{id}/status");
    outsider.get_status(&other_district, 404).await;
    let form = [("status", "on_track"), ("as_of", "2025-10-01")];
    outsider.post_status(&other_district, &form, 404).await;
    outsider.get_status(&path(id), 404).await;
    assert!(statuses(&mut conn, id).await.is_empty());
}

#[tokio::test]
async fn a_draft_plan_takes_no_status() {
    let (app, mut conn, id, plan) = on_an_activity(false).await;
    app.execute(&format!(
        "UPDATE plans SET status = 'draft' WHERE id = '{plan}'"
    ))
    .await;
    let manager = app.signed_in(MANAGER).await;
    let (status, page) = manager.get_text(&path(id)).await;
    assert_eq!(status, 200);
    assert!(!page.contains("Record status"));
    assert!(page.contains("This plan is a draft"));
    let page = assert_status(set(&manager, id, "on_track", "2025-10-01", "").await, 409).await;
    assert!(page.contains("This plan is a draft") && page.contains("Nothing was saved"));
    assert!(statuses(&mut conn, id).await.is_empty());
}

#[tokio::test]
async fn an_activity_past_its_completion_date_is_overdue_until_marked_complete() {
    let (app, mut conn, id, _) = on_an_activity(false).await;
    sqlx::query(
        "UPDATE activities SET starts_on = '2024-09-01', completes_on = '2025-01-31' WHERE id = $1",
    )
    .bind(id)
    .execute(&mut conn)
    .await
    .unwrap();
    let manager = app.signed_in(MANAGER).await;
    let (_, page) = manager.get_text(&path(id)).await;
    assert!(page.contains("Overdue"), "no status and past due");
    set(&manager, id, "at_risk", "2025-02-10", "").await;
    let (_, page) = manager.get_text(&path(id)).await;
    assert!(page.contains("Overdue"), "at risk and past due");
    set(&manager, id, "complete", "2025-02-20", "").await;
    let (_, page) = manager.get_text(&path(id)).await;
    assert!(!page.contains("Overdue"), "complete is never overdue");

    sqlx::query("UPDATE activities SET completes_on = '2999-06-30' WHERE id = $1")
        .bind(id)
        .execute(&mut conn)
        .await
        .unwrap();
    set(&manager, id, "on_track", "2025-03-01", "").await;
    let (_, page) = manager.get_text(&path(id)).await;
    assert!(!page.contains("Overdue"), "not yet due");
}
