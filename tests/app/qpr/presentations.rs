//! Presentations of a published report: to the School Committee (the district, its monitor or
//! ESE records them), and for the Summative Report to the Board (ESE records those); each with its
//! date, presenters and minutes; told once to the people concerned; other districts find nothing.

use crate::support;
use crate::support::people::{ESE, LEADER, MANAGER, MONITOR, SUPT};

use super::summative::{rated, summative};
use support::{TestApp, assert_contains, location, unescape};

fn path(id: &str) -> String {
    format!("/districts/randolph/qprs/{id}/presentations")
}

async fn count(app: &TestApp, id: &str) -> String {
    app.count_where("report_presentations", &format!("qpr_id = '{id}'"))
        .await
}

#[tokio::test]
async fn each_presentation_keeps_its_date_presenters_and_minutes_and_is_told_once() {
    let app = TestApp::spawn().await;
    let id = summative(&app).await;
    app.execute("DELETE FROM notifications").await;
    app.execute("DELETE FROM email_outbox").await;
    let (supt, ese) = (app.signed_in(SUPT).await, app.signed_in(ESE).await);

    // The superintendent records the School Committee; only ESE records the Board.
    let page = supt.get_status(&path(&id), 200).await;
    assert!(page.contains("value=\"school_committee\"") && !page.contains("value=\"board\""));
    let yesterday = app.day_from_today(-1).await;
    let form = |body: &'static str, token: &'static str| {
        vec![
            ("body", body),
            ("presented_on", yesterday.as_str()),
            ("presenters", "Dr. Lee, superintendent, with ESE"),
            ("note", "https://example.org/sc-minutes"),
            ("form_token", token),
        ]
    };
    let token = "6f1c1f4e-8d7e-4b0e-9a51-2b8f0c1d2e3f";
    assert_eq!(
        supt.post(&path(&id), &form("board", token)).await.status(),
        403
    );
    let response = supt
        .post(&path(&id), &form("school_committee", token))
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), path(&id));
    assert_eq!(count(&app, &id).await, "1");
    let told = "SELECT coalesce(string_agg(u.email, ',' ORDER BY u.email), '') FROM notifications n \
                JOIN users u ON u.id = n.user_id WHERE n.kind = 'report_presented'";
    let notified = app.query_text(told).await;
    assert!(
        notified.contains(MANAGER) && notified.contains(MONITOR),
        "{notified}"
    );
    assert!(
        !notified.contains(SUPT),
        "the person who recorded it is not told"
    );
    let mailed = app
        .query_text(
            "SELECT count(*)::text FROM email_outbox WHERE subject LIKE \
             'Summative Report 2020–2021 was presented to the School Committee on %'",
        )
        .await;
    assert_ne!(mailed, "0");

    // The same form twice (a double click), or the same meeting again: one presentation, told once.
    let response = supt
        .post(&path(&id), &form("school_committee", token))
        .await;
    assert_eq!(response.status(), 303);
    let again = "7a2d2f5f-9e8f-4c1f-8b62-3c9f1d2e3f40";
    let response = supt
        .post(&path(&id), &form("school_committee", again))
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(count(&app, &id).await, "1");
    assert_eq!(app.query_text(told).await, notified);
    let html = unescape(&supt.get_status(&path(&id), 200).await);
    assert_contains(&html, "was already recorded");

    // ESE records the Board; a quarterly report does not go there.
    let board = "8b3e3a60-af90-4d2a-9c73-4d0a2e3f4051";
    assert_eq!(
        ese.post(&path(&id), &form("board", board)).await.status(),
        303
    );
    let fall = rated(
        &app,
        "2020-09-01",
        "published",
        ("technical", "reached"),
        true,
    )
    .await;
    let (code, html) = ese
        .post_text(
            &path(&fall),
            &form("board", "9c4f4b71-b0a1-4e3b-8d84-5e1b3f405162"),
        )
        .await;
    assert_eq!(code, 422);
    assert!(unescape(&html).contains("Only the year's Summative Report is presented to the Board"));
    assert_eq!(count(&app, &fall).await, "0");

    let html = unescape(&supt.get_status(&path(&id), 200).await);
    assert!(html.contains("Presented to the School Committee on"));
    assert!(html.contains("by Dr. Lee, superintendent, with ESE"));
    assert!(html.contains("Presented to the Board of Elementary and Secondary Education"));
    assert!(html.contains("href=\"https://example.org/sc-minutes\""));
    let process = unescape(
        &supt
            .get_status(&format!("/districts/randolph/qprs/{id}/process"), 200)
            .await,
    );
    assert_contains(&process, "<strong>Presented to the Board</strong>");
}

#[tokio::test]
async fn presentations_are_dated_between_publication_and_today() {
    let app = TestApp::spawn().await;
    let id = summative(&app).await;
    let manager = app.signed_in(MANAGER).await;
    let before = app.day_from_today(-11).await;
    let tomorrow = app.day_from_today(1).await;
    for (on, says) in [
        (before.as_str(), "on or after that day"),
        (tomorrow.as_str(), "cannot be in the future"),
    ] {
        let form = [
            ("body", "school_committee"),
            ("presented_on", on),
            ("presenters", "The superintendent"),
        ];
        let (code, html) = manager.post_text(&path(&id), &form).await;
        assert_eq!(code, 422);
        assert!(unescape(&html).contains(says), "{on}");
        assert!(
            html.contains(&format!("value=\"{on}\"")),
            "what was typed is kept"
        );
    }
    let (code, html) = manager
        .post_text(
            &path(&id),
            &[
                ("body", "school_committee"),
                ("presented_on", before.as_str()),
            ],
        )
        .await;
    assert_eq!(code, 422);
    assert!(html.contains("Say who presented it"));
    assert_eq!(count(&app, &id).await, "0");
}

#[tokio::test]
async fn other_districts_wrong_roles_and_unpublished_reports_record_nothing() {
    let app = TestApp::spawn().await;
    let id = summative(&app).await;
    let draft = rated(&app, "2020-09-01", "draft", ("technical", "reached"), false).await;
    let yesterday = app.day_from_today(-1).await;
    let form = [
        ("body", "school_committee"),
        ("presented_on", yesterday.as_str()),
        ("presenters", "Someone"),
    ];
    // Another district's monitor, and Randolph's report through Fall River's address.
    let south = app.signed_in("monitor.south@demo.test").await;
    south.get_status(&path(&id), 404).await;
    assert_eq!(south.post(&path(&id), &form).await.status(), 404);
    let ese = app.signed_in(ESE).await;
    let other = format!("/districts/fall-river/qprs/{id}/presentations");
    ese.get_status(&other, 404).await;
    assert_eq!(ese.post(&other, &form).await.status(), 404);
    // A district leader reads the page but records nothing.
    let leader = app.signed_in(LEADER).await;
    let page = leader.get_status(&path(&id), 200).await;
    assert!(!page.contains("Record the presentation"));
    assert_eq!(leader.post(&path(&id), &form).await.status(), 403);
    // Not published yet: nothing to present.
    let monitor = app.signed_in(MONITOR).await;
    let (code, html) = monitor.post_text(&path(&draft), &form).await;
    assert_eq!(code, 409);
    assert!(unescape(&html).contains("not been sent to ESE for review yet"));
    assert_eq!(count(&app, &id).await, "0");
    assert_eq!(count(&app, &draft).await, "0");
}
