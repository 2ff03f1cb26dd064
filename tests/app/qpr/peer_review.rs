//! Peer review of Quarterly Progress Reports: while a report is in ESE review, the *other*
//! monitors (and ESE) read it and comment on it from outside the district; nothing else of the
//! district opens for them, and the report closes to them as soon as it leaves review.

use crate::support;
use crate::support::people::MONITOR;

use support::{TestApp, assert_contains, fixtures, location, unescape};

/// Fall River's monitor: no role in Randolph.
const PEER: &str = "monitor.south@demo.test";
/// Randolph's own monitor.
const SUMMARY: &str = "Walkthrough cycles reached every school this fall.";
const EVIDENCE_TITLE: &str = "Peer-review walkthrough log, October";

/// A Randolph report on Sept–Nov 2020 in ESE review, every initiative rated, the first one's
/// Process rating backed by a library file. Returns (report id, evidence id).
async fn report_in_review(app: &TestApp) -> (String, String) {
    let id = fixtures::report(app, MONITOR, "ese_review", SUMMARY).await;
    app.execute(&format!(
        "INSERT INTO qpr_initiatives (district_id, qpr_id, initiative_id, narrative, process_rating, \
             process_evidence, process_rationale, performance_rating, performance_evidence) \
         SELECT i.district_id, q.id, i.id, 'Coaching narrative', 'practices_in_place', \
                'Coaching logs', 'Coaches meet every teacher monthly', 'partially_reached', 'Benchmark results' \
         FROM qprs q JOIN objectives o ON o.plan_id = q.plan_id JOIN initiatives i ON i.objective_id = o.id \
         WHERE q.id = '{id}'"
    ))
    .await;
    let evidence = app
        .query_text(&format!(
            "INSERT INTO evidence (district_id, title, evidence_on, kind, storage_key, file_name, \
                 content_type, byte_size) \
             SELECT district_id, '{EVIDENCE_TITLE}', DATE '2020-10-15', 'file', 'peer-test-key', \
                    'log.pdf', 'application/pdf', 10 FROM qprs WHERE id = '{id}' RETURNING id::text"
        ))
        .await;
    app.execute(&format!(
        "INSERT INTO qpr_rating_evidence (district_id, qpr_id, initiative_id, scale, evidence_id) \
         SELECT district_id, qpr_id, initiative_id, 'process', '{evidence}' FROM qpr_initiatives \
         WHERE qpr_id = '{id}' LIMIT 1"
    ))
    .await;
    (id, evidence)
}

async fn set_status(app: &TestApp, id: &str, status: &str) {
    app.execute(&format!(
        "UPDATE qprs SET status = '{status}' WHERE id = '{id}'"
    ))
    .await;
}

#[tokio::test]
async fn another_districts_monitor_reads_and_comments_while_in_review() {
    let app = TestApp::spawn().await;
    let (id, evidence) = report_in_review(&app).await;
    let peer = app.signed_in(PEER).await;

    let list = peer.get_status("/reviews/qprs", 200).await;
    assert_contains(&list, &format!("/reviews/qprs/{id}"));
    assert!(list.contains("Randolph") && list.contains("September–November 2020"));

    let html = peer.get_status(&format!("/reviews/qprs/{id}"), 200).await;
    let text = unescape(&html);
    assert!(text.contains(SUMMARY));
    assert!(text.contains("Coaches meet every teacher monthly"));
    assert!(text.contains("Practices in Place Stage"));
    // Library evidence by title, never a way to its file.
    assert!(text.contains(EVIDENCE_TITLE));
    assert!(
        !html.contains(&evidence),
        "evidence id leaked: no file links"
    );
    assert!(!html.contains("/districts/randolph"));

    // A bad comment is refused with what was typed kept, nothing saved.
    let long = "x".repeat(4_001);
    let html = peer
        .post_status(
            &format!("/reviews/qprs/{id}/comments"),
            &[("passage", "summary"), ("body", &long)],
            422,
        )
        .await;
    assert!(html.contains(&long) && html.contains("4,000 characters"));
    peer.post_status(
        &format!("/reviews/qprs/{id}/comments"),
        &[
            ("passage", "objective:00000000-0000-0000-0000-000000000000"),
            ("body", "Hm"),
        ],
        422,
    )
    .await;
    let count = format!("SELECT count(*)::text FROM qpr_comments WHERE qpr_id = '{id}'");
    assert_eq!(app.query_text(&count).await, "0");

    let body = "The summary could name which schools lag behind.";
    let response = peer
        .post(
            &format!("/reviews/qprs/{id}/comments"),
            &[("passage", "summary"), ("body", body)],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), format!("/reviews/qprs/{id}"));
    let saved = app
        .query_text(&format!(
            "SELECT c.kind || '|' || c.passage || '|' || u.email FROM qpr_comments c \
             JOIN users u ON u.id = c.author_id WHERE c.qpr_id = '{id}' AND c.body = '{body}'"
        ))
        .await;
    assert_eq!(saved, format!("review|summary|{PEER}"));
    let (_, html) = peer.get_text(&format!("/reviews/qprs/{id}")).await;
    assert!(unescape(&html).contains(body));
    assert!(html.contains("Your review comment was added"));

    // Randolph's monitor sees it on the report's process page, to accept or answer.
    let east = app.signed_in(MONITOR).await;
    let html = east
        .get_status(&format!("/districts/randolph/qprs/{id}/process"), 200)
        .await;
    let text = unescape(&html);
    assert!(text.contains(body) && text.contains("Review comment"));

    // ESE has the same queue and pages.
    let ese = app.signed_in("ese.staff@demo.test").await;
    let list = ese.get_status("/reviews/qprs", 200).await;
    assert!(list.contains(&format!("/reviews/qprs/{id}")));
    ese.get_status(&format!("/reviews/qprs/{id}"), 200).await;
}

#[tokio::test]
async fn the_report_closes_to_peers_once_it_leaves_review() {
    let app = TestApp::spawn().await;
    let (id, _) = report_in_review(&app).await;
    let peer = app.signed_in(PEER).await;
    for status in ["draft", "factual_review", "published"] {
        set_status(&app, &id, status).await;
        assert_eq!(
            peer.get_code(&format!("/reviews/qprs/{id}")).await,
            404,
            "{status}"
        );
        assert_eq!(
            peer.post_code(
                &format!("/reviews/qprs/{id}/comments"),
                &[("passage", "summary"), ("body", "Late comment")],
            )
            .await,
            404,
            "{status}"
        );
        let (_, list) = peer.get_text("/reviews/qprs").await;
        assert!(!list.contains(&format!("/reviews/qprs/{id}")), "{status}");
    }
    let count = "SELECT count(*)::text FROM qpr_comments WHERE body = 'Late comment'";
    assert_eq!(app.query_text(count).await, "0");
    // An id that is no report at all.
    assert_eq!(
        peer.get_code("/reviews/qprs/00000000-0000-0000-0000-000000000000")
            .await,
        404
    );
}

#[tokio::test]
async fn only_monitors_and_ese_review_and_nothing_else_of_the_district_opens() {
    let app = TestApp::spawn().await;
    let (id, evidence) = report_in_review(&app).await;

    for email in ["supt.fallriver@demo.test", "leader.fallriver@demo.test"] {
        let other = app.signed_in(email).await;
        assert_eq!(other.get_code("/reviews/qprs").await, 404, "{email}");
        assert_eq!(
            other.get_code(&format!("/reviews/qprs/{id}")).await,
            404,
            "{email}"
        );
        assert_eq!(
            other
                .post_code(
                    &format!("/reviews/qprs/{id}/comments"),
                    &[("passage", "summary"), ("body", "Not mine to say")],
                )
                .await,
            404,
            "{email}"
        );
    }
    let count = format!("SELECT count(*)::text FROM qpr_comments WHERE qpr_id = '{id}'");
    assert_eq!(app.query_text(&count).await, "0");

    // The peer review opens this one report, not the district.
    let peer = app.signed_in(PEER).await;
    peer.get_status(&format!("/reviews/qprs/{id}"), 200).await;
    for path in [
        format!("/districts/randolph/qprs/{id}"),
        format!("/districts/randolph/qprs/{id}/process"),
        "/districts/randolph/qprs".to_string(),
        "/districts/randolph".to_string(),
        format!("/districts/randolph/evidence/{evidence}/file"),
    ] {
        assert_eq!(peer.get_code(&path).await, 404, "{path}");
    }
    assert_eq!(
        peer.post_code(
            &format!("/districts/randolph/qprs/{id}/comments"),
            &[("passage", "summary"), ("body", "Through the district")],
        )
        .await,
        404
    );
}
