//! Evidence requests: the three-week rule, who may ask and answer, answers with library evidence,
//! another district's evidence and requests not found, and open requests on the report's page.

use crate::support;
use crate::support::people::{MANAGER, MONITOR};

use support::{TestApp, location, unescape};

const LIST: &str = "/districts/randolph/evidence-requests";

async fn count(app: &TestApp, sql: &str) -> String {
    app.query_text(&format!("SELECT count(*)::text FROM {sql}"))
        .await
}

#[tokio::test]
async fn requests_are_due_at_least_three_weeks_ahead() {
    let app = TestApp::spawn().await;
    let monitor = app.signed_in(MONITOR).await;
    let html = monitor.get_status(LIST, 200).await;
    // The form proposes the earliest allowed date.
    let earliest = app.day_from_today(21).await;
    assert_eq!(support::input_value(&html, "due_on").unwrap(), earliest);

    let before = count(&app, "evidence_requests").await;
    let too_soon = app.day_from_today(20).await;
    let description = "Walkthrough schedules for November";
    let form = [
        ("kind", "documents"),
        ("description", description),
        ("due_on", too_soon.as_str()),
        ("qpr_id", ""),
    ];
    let html = monitor.post_status(LIST, &form, 422).await;
    let html = unescape(&html);
    assert!(html.contains("Requests must be due at least 3 weeks after they are made"));
    assert!(html.contains(description) && html.contains(&too_soon));
    assert_eq!(count(&app, "evidence_requests").await, before);

    let form = [
        ("kind", "visit"),
        ("description", description),
        ("due_on", earliest.as_str()),
        ("qpr_id", ""),
    ];
    let response = monitor.post(LIST, &form).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), LIST);
    let saved = app
        .query_text(&format!(
            "SELECT kind::text || ' ' || due_on::text FROM evidence_requests WHERE description = '{description}'"
        ))
        .await;
    assert_eq!(saved, format!("visit {earliest}"));
    let (_, html) = monitor.get_text(LIST).await;
    assert!(unescape(&html).contains(description));

    // Only the monitor asks.
    let manager = app.signed_in(MANAGER).await;
    manager.post_status(LIST, &form, 403).await;
    let (_, html) = manager.get_text(LIST).await;
    assert!(!html.contains("Send the request"));
}

/// A Randolph request due in four weeks, for a report when `qpr_id` is given.
async fn request(app: &TestApp, qpr_id: &str) -> String {
    let qpr = if qpr_id.is_empty() {
        "NULL".to_string()
    } else {
        format!("'{qpr_id}'")
    };
    app.query_text(&format!(
        "INSERT INTO evidence_requests (district_id, qpr_id, kind, description, requested_by, due_on) \
         SELECT d.id, {qpr}, 'documents', 'Coaching logs for October', \
                (SELECT id FROM users WHERE email = '{MONITOR}'), \
                (now() AT TIME ZONE 'America/New_York')::date + 28 \
         FROM districts d WHERE d.slug = 'randolph' RETURNING id::text"
    ))
    .await
}

/// A fresh app with one open request of Randolph's monitor (not tied to a report): the app, the
/// request's id and its address.
async fn with_a_request() -> (TestApp, String, String) {
    let app = TestApp::spawn().await;
    let rid = request(&app, "").await;
    let url = format!("{LIST}/{rid}");
    (app, rid, url)
}

async fn evidence_of(app: &TestApp, slug: &str) -> String {
    app.query_text(&format!(
        "SELECT v.id::text FROM evidence v JOIN districts d ON d.id = v.district_id \
         WHERE d.slug = '{slug}' ORDER BY v.uploaded_at DESC LIMIT 1"
    ))
    .await
}

#[tokio::test]
async fn the_plan_manager_answers_with_evidence_from_the_library() {
    let (app, rid, url) = with_a_request().await;
    let evidence = evidence_of(&app, "randolph").await;
    let manager = app.signed_in(MANAGER).await;
    let html = manager.get_status(&url, 200).await;
    assert!(html.contains(&format!("value=\"{evidence}\"")));
    assert!(html.contains(&format!(
        "/districts/randolph/evidence/new?back=/districts/randolph/evidence-requests/{rid}"
    )));

    // Neither evidence nor a note: refused.
    manager
        .refused(
            &url,
            &[("note", " ")],
            "Attach at least one piece of evidence",
        )
        .await;
    // The monitor cannot answer their own request.
    let monitor = app.signed_in(MONITOR).await;
    let code = monitor
        .post_code(&url, &[("evidence", evidence.as_str())])
        .await;
    assert_eq!(code, 403);

    manager
        .submit(
            &url,
            &[("evidence", evidence.as_str()), ("note", "Logs attached.")],
        )
        .await;
    let answered = app
        .query_text(&format!(
            "SELECT u.email || ' ' || e.answer_note FROM evidence_requests e JOIN users u ON u.id = e.answered_by \
             WHERE e.id = '{rid}'"
        ))
        .await;
    assert_eq!(answered, format!("{MANAGER} Logs attached."));
    let attached = format!("evidence_request_answers WHERE request_id = '{rid}'");
    assert_eq!(count(&app, &attached).await, "1");
    let title = app.field("evidence", &evidence, "title").await;
    let (_, html) = monitor.get_text(LIST).await;
    let html = unescape(&html);
    assert!(html.contains("Answered by") && html.contains(&title));
}

#[tokio::test]
async fn another_districts_evidence_or_monitor_finds_nothing() {
    let (app, rid, url) = with_a_request().await;
    let foreign = evidence_of(&app, "fall-river").await;
    let own = evidence_of(&app, "randolph").await;
    let manager = app.signed_in(MANAGER).await;
    assert_eq!(
        manager
            .post_code(
                &url,
                &[("evidence", own.as_str()), ("evidence", foreign.as_str())],
            )
            .await,
        404
    );
    assert_eq!(
        count(
            &app,
            &format!("evidence_request_answers WHERE request_id = '{rid}'")
        )
        .await,
        "0"
    );
    let open = format!("evidence_requests WHERE id = '{rid}' AND answered_at IS NULL");
    assert_eq!(count(&app, &open).await, "1");

    let south = app.signed_in("monitor.south@demo.test").await;
    south.get_status(LIST, 404).await;
    south.get_status(&url, 404).await;
    south.post_status(&url, &[("note", "x")], 404).await;
    let form = [
        ("kind", "documents"),
        ("description", "x"),
        ("due_on", "2999-01-01"),
    ];
    south.post_status(LIST, &form, 404).await;
    // Randolph's request through Fall River's address is not found.
    let fall_river = app.signed_in("manager.fallriver@demo.test").await;
    let other = format!("/districts/fall-river/evidence-requests/{rid}");
    fall_river.get_status(&other, 404).await;
    fall_river.post_status(&other, &[("note", "x")], 404).await;
}

#[tokio::test]
async fn open_requests_show_on_their_reports_process_page() {
    let app = TestApp::spawn().await;
    let qpr = app
        .query_text(
            "INSERT INTO qprs (district_id, plan_id, period_start, status) \
             SELECT d.id, p.id, DATE '2020-12-01', 'draft' FROM districts d \
             JOIN plans p ON p.district_id = d.id AND p.status = 'approved' \
             WHERE d.slug = 'randolph' RETURNING id::text",
        )
        .await;
    let rid = request(&app, &qpr).await;
    app.execute(&format!(
        "UPDATE evidence_requests SET due_on = (now() AT TIME ZONE 'America/New_York')::date - 2, \
             requested_at = now() - interval '30 days' WHERE id = '{rid}'"
    ))
    .await;
    let manager = app.signed_in(MANAGER).await;
    let html = manager
        .get_status(&format!("/districts/randolph/qprs/{qpr}/process"), 200)
        .await;
    assert!(html.contains(&format!("{LIST}/{rid}")) && html.contains("Coaching logs for October"));
    assert!(html.contains("Overdue") && html.contains("(open)"));
    let (_, list) = manager.get_text(LIST).await;
    assert!(list.contains("Overdue"));
    assert!(list.contains(&format!("/districts/randolph/qprs/{qpr}/process")));
}
