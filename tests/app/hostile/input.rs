//! Hostile input a browser can send: control characters in text, ids that are not ids, bodies
//! that are not forms. Each one answers a page of the app (a form with its message, or an error
//! page in the app's layout), never "Something went wrong", and nothing is saved.

use crate::support;
use crate::support::people::{MANAGER, MONITOR};

use support::{Client, TestApp, assert_contains};

const DISCUSSIONS: &str = "/districts/randolph/discussions";
const CONTROL_MESSAGE: &str = "This contains a character that cannot be saved (a control \
     character). Remove it and try again.";

async fn count(app: &TestApp, sql: &str) -> i64 {
    app.scalar(sql).await
}

/// A Highlight Discussion of Randolph's current plan, minutes in draft, five days from now.
async fn discussion(app: &TestApp) -> String {
    app.query_text(
        "INSERT INTO highlight_discussions (district_id, plan_id, held_on, minutes_status) \
         SELECT d.id, p.id, current_date + 5, 'draft' FROM districts d \
         JOIN plans p ON p.district_id = d.id \
         WHERE d.slug = 'randolph' AND p.status IN ('approved', 'submitted') LIMIT 1 \
         RETURNING id::text",
    )
    .await
}

/// Next year's draft of Randolph's approved plan, opened by the plan manager: its path.
async fn draft_plan(app: &TestApp, manager: &Client) -> String {
    let approved = app
        .query_text(
            "SELECT '/districts/randolph/plans/' || p.id FROM plans p JOIN districts d \
             ON d.id = p.district_id WHERE d.slug = 'randolph' AND p.status = 'approved'",
        )
        .await;
    let next = manager.post(&format!("{approved}/next-year"), &[]).await;
    assert_eq!(next.status(), 303, "next year's draft is opened");
    support::location(&next)
}

/// The app's own page: its layout, not a bare text body.
fn assert_app_page(response_type: &str, html: &str) {
    assert!(response_type.starts_with("text/html"), "{response_type}");
    assert!(html.contains("<!doctype html>") || html.contains("<!DOCTYPE html>"));
    assert_contains(html, "Go to your home page");
}

async fn get_page(client: &Client, path: &str) -> (u16, String, String) {
    let response = client.get(path).await;
    page_of(response).await
}

async fn page_of(response: reqwest::Response) -> (u16, String, String) {
    let status = response.status().as_u16();
    let kind = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, kind, response.text().await.unwrap())
}

#[tokio::test]
async fn a_nul_in_a_discussion_comment_comes_back_in_the_form_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let d = discussion(&app).await;
    let monitor = app.signed_in(MONITOR).await;
    let comments = format!("{DISCUSSIONS}/{d}/comments");

    for typed in [
        "Bring the walkthrough a\0b data",
        "Bell\u{7} and escape\u{1b}[0m",
    ] {
        let (status, page) = monitor.post_text(&comments, &[("body", typed)]).await;
        assert_eq!(status, 422, "{page}");
        assert_contains(&page, "Comment on the agenda");
        assert_contains(&page, CONTROL_MESSAGE);
        assert!(page.contains(typed), "what was typed is kept: {page}");
    }
    let saved = format!("SELECT count(*) FROM discussion_comments WHERE discussion_id = '{d}'");
    assert_eq!(count(&app, &saved).await, 0);

    // Line breaks and tabs are text, not control characters to refuse.
    monitor
        .submit(&comments, &[("body", "First line\r\n\tthen the second")])
        .await;
    assert_eq!(count(&app, &saved).await, 1);
}

#[tokio::test]
async fn a_nul_in_the_minutes_or_an_objective_comes_back_in_the_form() {
    let app = TestApp::spawn().await;
    let d = discussion(&app).await;
    let manager = app.signed_in(MANAGER).await;
    let minutes = format!("{DISCUSSIONS}/{d}/minutes/edit");
    let version = manager.form_version(&minutes).await;
    let (status, page) = manager
        .post_text(
            &minutes,
            &[
                ("version", version.as_str()),
                ("participants", "Ana Ruiz"),
                ("accomplishments", "Data teams\0 met weekly."),
            ],
        )
        .await;
    assert_eq!(status, 422, "{page}");
    assert_contains(&page, CONTROL_MESSAGE);
    assert_contains(&page, "Data teams\0 met weekly.");
    let unchanged = format!(
        "SELECT count(*) FROM highlight_discussions WHERE id = '{d}' AND participants = ''"
    );
    assert_eq!(
        count(&app, &unchanged).await,
        1,
        "the minutes are not saved"
    );

    let plan = draft_plan(&app, &manager).await;
    let objectives = "SELECT count(*) FROM objectives";
    let before = count(&app, objectives).await;
    let (status, page) = manager
        .post_text(
            &format!("{plan}/objectives"),
            &[
                ("title", "Teaching\0 and learning"),
                ("lead", "Superintendent"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{page}");
    assert_contains(&page, CONTROL_MESSAGE);
    assert_contains(&page, "Teaching\0 and learning");
    assert_eq!(count(&app, objectives).await, before);
}

#[tokio::test]
async fn a_control_character_in_a_report_narrative_comes_back_in_the_form() {
    let app = TestApp::spawn().await;
    let id = support::fixtures::rated_report(&app, MONITOR, "draft").await;
    let edit = format!("/districts/randolph/qprs/{id}/edit");
    let monitor = app.signed_in(MONITOR).await;
    let version = monitor.form_version(&edit).await;
    let (status, page) = monitor
        .post_text(
            &edit,
            &[
                ("version", version.as_str()),
                ("summary", "Coaching\0 ran in every school."),
            ],
        )
        .await;
    assert_eq!(status, 422, "{page}");
    assert_contains(&page, CONTROL_MESSAGE);
    assert_contains(&page, "Coaching\0 ran in every school.");
    let summary = app.field("qprs", &id, "summary").await;
    assert_eq!(summary, "Steady progress on walkthroughs.", "nothing saved");
}

/// What every refusal of unsavable text looks like: a 422 page that says so, never a failure.
fn assert_refused_text(status: u16, kind: &str, page: &str) {
    assert_eq!(status, 422, "{page}");
    assert!(kind.starts_with("text/html"), "{kind}");
    assert_contains(page, "character that cannot be saved");
    assert!(!page.contains("Something went wrong"), "{page}");
}

#[tokio::test]
async fn a_nul_in_any_other_form_is_refused_with_a_page_not_a_failure() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("ese.admin@demo.test").await;
    let people = "SELECT count(*) FROM users";
    let before = count(&app, people).await;
    let response = admin
        .post(
            "/people/new",
            &[
                ("name", "Ana\0 Ruiz"),
                ("email", "ana.ruiz@example.org"),
                ("title", "Principal"),
            ],
        )
        .await;
    let (status, kind, page) = page_of(response).await;
    assert_refused_text(status, &kind, &page);
    assert_eq!(count(&app, people).await, before);

    // A multipart form (the evidence library's), with a file.
    let manager = app.signed_in(MANAGER).await;
    let initiative = app
        .query_text(
            "SELECT i.id::text FROM initiatives i JOIN objectives o ON o.id = i.objective_id JOIN plans p ON p.id = o.plan_id \
             JOIN districts d ON d.id = p.district_id \
             WHERE d.slug = 'randolph' AND p.status = 'approved' LIMIT 1",
        )
        .await;
    let evidence = "SELECT count(*) FROM evidence";
    let before = count(&app, evidence).await;
    let form = reqwest::multipart::Form::new()
        .text("initiative", initiative)
        .text("evidence_title", "Walkthrough\0 summary")
        .text("evidence_date", "2026-10-15")
        .part(
            "evidence_file",
            reqwest::multipart::Part::bytes(
                b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
                    .to_vec(),
            )
            .file_name("walkthrough.pdf"),
        );
    let response = manager
        .post_multipart("/districts/randolph/evidence", form)
        .await;
    let (status, kind, page) = page_of(response).await;
    assert_refused_text(status, &kind, &page);
    assert_eq!(count(&app, evidence).await, before);
}

/// Forms that do not check their text themselves still refuse a NUL with a page: the database
/// refuses it, the request's transaction rolls back, and the app says why.
#[tokio::test]
async fn a_nul_that_reaches_the_database_is_the_cannot_be_saved_page() {
    let app = TestApp::spawn().await;
    let manager = app.signed_in(MANAGER).await;
    // A slug is never checked as text: it is looked up, and PostgreSQL refuses the NUL.
    let (status, kind, page) = get_page(&manager, "/districts/rand%00olph/discussions").await;
    assert_eq!(status, 422, "{page}");
    assert_app_page(&kind, &page);
    assert!(!page.contains("Something went wrong"), "{page}");
}

#[tokio::test]
async fn an_id_that_is_not_an_id_is_the_apps_not_found_page() {
    let app = TestApp::spawn().await;
    let manager = app.signed_in(MANAGER).await;
    for path in [
        "/people/not-a-uuid".to_string(),
        format!("{DISCUSSIONS}/12345"),
        format!("{DISCUSSIONS}/%00/minutes"),
    ] {
        let (status, kind, page) = get_page(&manager, &path).await;
        assert_eq!(status, 404, "{path}: {page}");
        assert_app_page(&kind, &page);
        assert!(page.contains("Page not found"), "{path}: {page}");
        assert!(!page.contains("Invalid URL"), "{page}");
    }
    let response = manager
        .post(
            &format!("{DISCUSSIONS}/not-a-uuid/comments"),
            &[("body", "x")],
        )
        .await;
    let (status, kind, page) = page_of(response).await;
    assert_eq!(status, 404);
    assert_app_page(&kind, &page);
}

#[tokio::test]
async fn a_body_that_is_not_the_form_is_the_apps_could_not_be_read_page() {
    let app = TestApp::spawn().await;
    let d = discussion(&app).await;
    let monitor = app.signed_in(MONITOR).await;
    let comments = format!("{DISCUSSIONS}/{d}/comments");

    // Not a form at all: JSON, and plain text.
    for kind in ["application/json", "text/plain"] {
        let response = monitor
            .http
            .post(monitor.url(&comments))
            .header("content-type", kind)
            .body(r#"{"body": "hello"}"#)
            .send()
            .await
            .unwrap();
        let (status, page_kind, page) = page_of(response).await;
        assert_eq!(status, 400, "{kind}: {page}");
        assert_app_page(&page_kind, &page);
        assert_contains(&page, "The form could not be read");
    }
    // A form whose number is not a number.
    let manager = app.signed_in(MANAGER).await;
    let plan = draft_plan(&app, &manager).await;
    let response = manager
        .post(
            &format!("{plan}/objectives"),
            &[("title", "Reading"), ("version", "many")],
        )
        .await;
    let (status, page_kind, page) = page_of(response).await;
    assert_eq!(status, 400, "{page}");
    assert_app_page(&page_kind, &page);
    assert_contains(&page, "The form could not be read");
    let saved = format!("SELECT count(*) FROM discussion_comments WHERE discussion_id = '{d}'");
    assert_eq!(count(&app, &saved).await, 0);
}

/// A statement-count test on a server that does not let it count must fail, not pass quietly:
/// here the connection runs as the app's role, which may not reset the counts.
#[tokio::test]
#[should_panic(expected = "THROUGHLINE_SKIP_STATEMENT_COUNTS=1")]
async fn statement_counts_that_cannot_be_read_fail_the_test() {
    let app = TestApp::spawn().await;
    let mut conn = app.owner_conn().await;
    sqlx::Executor::execute(&mut conn, "SET ROLE throughline_app")
        .await
        .unwrap();
    if std::env::var(support::SKIP_STATEMENT_COUNTS).as_deref() == Ok("1") {
        panic!("skipping allowed: THROUGHLINE_SKIP_STATEMENT_COUNTS=1");
    }
    support::start_counting_statements(&mut conn).await;
}
