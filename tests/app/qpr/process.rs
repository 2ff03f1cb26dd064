//! A report's workflow: each step with the role that may take it and the roles that may not,
//! the "every initiative rated with evidence" rule, factual corrections that hold publishing up,
//! the School Committee presentation, posting, corrections of published reports, and tenancy.

use crate::support;
use crate::support::people::{ESE, MANAGER, MONITOR, SUPT};

use support::{Client, TestApp, assert_contains, location, unescape};

/// A Randolph report for Sept–Nov 2020 in `status`, every initiative rated with evidence when
/// `rated` (the first initiative lacks its Performance rating otherwise).
async fn report(app: &TestApp, status: &str, rated: bool) -> String {
    let id = support::fixtures::rated_report(app, MONITOR, status).await;
    if !rated {
        app.execute(&format!(
            "UPDATE qpr_initiatives SET performance_rating = NULL WHERE qpr_id = '{id}' AND initiative_id = \
             (SELECT i.id FROM initiatives i JOIN objectives o ON o.id = i.objective_id \
              JOIN qprs q ON q.plan_id = o.plan_id WHERE q.id = '{id}' ORDER BY o.rank, i.rank LIMIT 1)"
        ))
        .await;
    }
    id
}

/// The report's monitor, ESE staff and the superintendent, each signed in.
async fn signed_in(app: &TestApp) -> (Client, Client, Client) {
    let monitor = app.signed_in(MONITOR).await;
    (monitor, app.signed_in(ESE).await, app.signed_in(SUPT).await)
}

fn path(id: &str) -> String {
    format!("/districts/randolph/qprs/{id}")
}

async fn post(client: &Client, url: &str, form: &[(&str, &str)]) -> (u16, String) {
    client.post_text(url, form).await
}

/// The step succeeds with a redirect to the process page.
async fn step_ok(client: &Client, id: &str, step: &str, form: &[(&str, &str)]) {
    let response = client.post(&format!("{}/{step}", path(id)), form).await;
    assert_eq!(response.status(), 303, "{step}");
    assert_eq!(location(&response), format!("{}/process", path(id)));
}

/// Takes `step` of report `id` as `client`; answers the status and page.
async fn step(client: &Client, id: &str, step: &str) -> (u16, String) {
    post(client, &format!("{}/{step}", path(id)), &[]).await
}

/// The step is forbidden (403) to each of `clients`.
async fn step_refused(clients: &[&Client], id: &str, name: &str) {
    for client in clients {
        assert_eq!(step(client, id, name).await.0, 403, "{name}");
    }
}

#[tokio::test]
async fn the_workflow_runs_from_draft_to_posted_with_who_and_when() {
    let app = TestApp::spawn().await;
    let id = report(&app, "draft", true).await;
    let (monitor, ese, supt) = signed_in(&app).await;
    let (code, html) = monitor.get_text(&format!("{}/process", path(&id))).await;
    assert_eq!(code, 200, "{html}");
    assert!(html.contains("Send to ESE for review"));
    assert!(html.contains(&format!("href=\"{}\"", path(&id))));

    // Only the monitor sends the draft to ESE.
    step_refused(&[&ese, &supt], &id, "send-to-ese").await;
    step_ok(&monitor, &id, "send-to-ese", &[]).await;
    assert_eq!(app.field("qprs", &id, "status").await, "ese_review");
    assert!(!app.field("qprs", &id, "sent_to_ese_at").await.is_empty());
    // Twice (a double click) is told it was done, and tells no one again.
    let told = format!("SELECT count(*)::text FROM notifications WHERE link LIKE '%{id}%'");
    let before = app.query_text(&told).await;
    step_ok(&monitor, &id, "send-to-ese", &[]).await;
    assert_eq!(app.query_text(&told).await, before);
    let (_, html) = monitor.get_text(&format!("{}/process", path(&id))).await;
    assert!(unescape(&html).contains("already sent to ESE"));

    // The superintendent cannot move the report on, nor publish it.
    step_refused(&[&supt], &id, "send-to-superintendent").await;
    step_ok(&ese, &id, "send-to-superintendent", &[]).await;
    assert_eq!(app.field("qprs", &id, "status").await, "factual_review");
    // The monitor cannot publish either.
    step_refused(&[&supt, &monitor], &id, "publish").await;
    // Not published yet: no presentation, no posting.
    let presented = [
        ("body", "school_committee"),
        ("presented_on", "2020-12-01"),
        ("presenters", "The superintendent"),
    ];
    let presentations = format!("{}/presentations", path(&id));
    assert_eq!(post(&supt, &presentations, &presented).await.0, 409);
    assert_eq!(step(&ese, &id, "post").await.0, 409);

    step_ok(&ese, &id, "publish", &[]).await;
    assert_eq!(app.field("qprs", &id, "status").await, "published");
    let publisher = app
        .field(
            "qprs",
            &id,
            "(SELECT email FROM users WHERE id = published_by)",
        )
        .await;
    assert_eq!(publisher, ESE);

    // The School Committee presentation: a real date, on or after publication (today here),
    // not in the future; who presented. What was typed comes back.
    let at = |on: &'static str| {
        [
            ("body", "school_committee"),
            ("presented_on", on),
            ("presenters", "Dr. Lee with ESE"),
        ]
    };
    let (code, html) = post(&supt, &presentations, &at("2999-01-01")).await;
    assert_eq!(code, 422);
    assert!(html.contains("cannot be in the future") && html.contains("2999-01-01"));
    assert!(html.contains("value=\"Dr. Lee with ESE\""));
    let (code, html) = post(&supt, &presentations, &at("2020-12-14")).await;
    assert_eq!(code, 422);
    assert!(unescape(&html).contains("it can only have been presented on or after"));
    assert_eq!(post(&supt, &presentations, &at("soon")).await.0, 422);
    let count = format!("SELECT count(*)::text FROM report_presentations WHERE qpr_id = '{id}'");
    assert_eq!(app.query_text(&count).await, "0");
    let today = app
        .query_text("SELECT ((now() AT TIME ZONE 'America/New_York')::date)::text")
        .await;
    let form = [
        ("body", "school_committee"),
        ("presented_on", today.as_str()),
        ("presenters", "Dr. Lee with ESE"),
    ];
    let response = monitor.post(&presentations, &form).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), presentations);
    assert_eq!(app.query_text(&count).await, "1");

    // Posting is ESE's.
    assert_eq!(step(&monitor, &id, "post").await.0, 403);
    step_ok(&ese, &id, "post", &[]).await;
    assert!(!app.field("qprs", &id, "posted_at").await.is_empty());

    let (_, html) = supt.get_text(&format!("{}/process", path(&id))).await;
    let html = unescape(&html);
    let name = app
        .query_text(&format!("SELECT name FROM users WHERE email = '{ESE}'"))
        .await;
    assert_contains(&html, &format!("Published by {name} on"));
    assert_contains(&html, "Presented to the School Committee on");
    assert!(html.contains("by Dr. Lee with ESE"));
    assert!(html.contains("On the district's public page since"));
}

#[tokio::test]
async fn a_report_with_rating_gaps_does_not_leave_review() {
    let app = TestApp::spawn().await;
    let id = report(&app, "ese_review", false).await;
    let monitor = app.signed_in(MONITOR).await;
    let (_, page) = monitor.get_text(&format!("{}/process", path(&id))).await;
    assert_contains(&page, "Initiative 1.1 has no Performance rating");

    let (code, html) = step(&monitor, &id, "send-to-superintendent").await;
    assert_eq!(code, 409);
    let html = unescape(&html);
    assert!(html.contains(
        "A report cannot leave review while any initiative lacks either rating or its evidence"
    ));
    assert!(html.contains("Initiative 1.1 has no Performance rating"));
    assert_eq!(app.field("qprs", &id, "status").await, "ese_review");

    // A rating whose evidence is blank is a gap too.
    app.execute(&format!(
        "UPDATE qpr_initiatives SET performance_rating = 'reached', performance_evidence = ' ' WHERE qpr_id = '{id}'"
    ))
    .await;
    let (code, html) = step(&monitor, &id, "send-to-superintendent").await;
    assert_eq!(code, 409);
    assert!(unescape(&html).contains("has a Performance rating without evidence"));

    app.execute(&format!(
        "UPDATE qpr_initiatives SET performance_evidence = 'Grade 3 benchmark results' WHERE qpr_id = '{id}'"
    ))
    .await;
    step_ok(&monitor, &id, "send-to-superintendent", &[]).await;
    assert_eq!(app.field("qprs", &id, "status").await, "factual_review");
    assert!(
        !app.field("qprs", &id, "sent_to_superintendent_at")
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn comments_by_passage_and_their_resolutions_hold_publishing_until_answered() {
    let app = TestApp::spawn().await;
    let id = report(&app, "ese_review", true).await;
    let (monitor, ese, supt) = signed_in(&app).await;
    let comments = format!("{}/comments", path(&id));
    let initiative = app
        .query_text(&format!(
            "SELECT 'initiative:' || i.id FROM initiatives i JOIN objectives o ON o.id = i.objective_id \
             JOIN qprs q ON q.plan_id = o.plan_id WHERE q.id = '{id}' ORDER BY o.rank, i.rank LIMIT 1"
        ))
        .await;
    // In ESE review only ESE comments; the superintendent waits for their turn.
    let form = [("passage", "summary"), ("body", "Say which schools.")];
    assert_eq!(post(&supt, &comments, &form).await.0, 403);
    // An empty comment is refused with the passage kept; nothing saved.
    let (code, html) = post(
        &ese,
        &comments,
        &[("passage", initiative.as_str()), ("body", "  ")],
    )
    .await;
    assert_eq!(code, 422);
    assert!(html.contains("Write the comment."));
    assert!(html.contains(&format!("value=\"{initiative}\" selected")));
    let (code, html) = post(
        &ese,
        &comments,
        &[("passage", "summary"), ("body", &"x".repeat(4_001))],
    )
    .await;
    assert_eq!(code, 422);
    assert!(html.contains(&"x".repeat(4_001)));
    let count = format!("SELECT count(*)::text FROM qpr_comments WHERE qpr_id = '{id}'");
    assert_eq!(app.query_text(&count).await, "0");
    step_ok(&ese, &id, "comments", &form).await;

    step_ok(&ese, &id, "send-to-superintendent", &[]).await;
    // Now ESE's comment window is closed and the superintendent corrects facts.
    assert_eq!(post(&ese, &comments, &form).await.0, 403);
    let fact = [
        ("passage", initiative.as_str()),
        (
            "body",
            "The coaching cycle began in October, not September.",
        ),
    ];
    step_ok(&supt, &id, "comments", &fact).await;
    let (_, page) = monitor.get_text(&format!("{}/process", path(&id))).await;
    let page = unescape(&page);
    assert!(page.contains("Initiative 1.1:") && page.contains("Factual correction"));
    assert!(page.contains("Summary of overall progress") && page.contains("Review comment"));

    // Publishing waits for the factual correction.
    let (code, html) = step(&ese, &id, "publish").await;
    assert_eq!(code, 409);
    assert!(
        unescape(&html)
            .contains("1 factual correction from the superintendent is not yet accepted"),
        "{html}"
    );

    let cid = app
        .query_text(&format!("SELECT id::text FROM qpr_comments WHERE qpr_id = '{id}' AND kind = 'factual_correction'"))
        .await;
    let resolve = format!("{}/comments/{cid}/resolve", path(&id));
    // Only the monitor resolves; answering needs a response.
    assert_eq!(
        post(&supt, &resolve, &[("resolution", "accepted")]).await.0,
        403
    );
    let (code, html) = post(
        &monitor,
        &resolve,
        &[("resolution", "answered"), ("response", "")],
    )
    .await;
    assert_eq!(code, 422);
    assert!(html.contains("Write your answer"));
    assert_eq!(
        post(&monitor, &resolve, &[("resolution", "maybe")]).await.0,
        422
    );
    step_ok(
        &monitor,
        &id,
        &format!("comments/{cid}/resolve"),
        &[
            ("resolution", "answered"),
            ("response", "The district's calendar shows October 3."),
        ],
    )
    .await;
    let (_, page) = ese.get_text(&format!("{}/process", path(&id))).await;
    let page = unescape(&page);
    assert!(
        page.contains("<strong>Answered</strong>")
            && page.contains("The district's calendar shows October 3.")
    );

    step_ok(&ese, &id, "publish", &[]).await;
    assert_eq!(app.field("qprs", &id, "status").await, "published");
}

#[tokio::test]
async fn a_correction_needs_a_reason_keeps_the_published_text_and_unpublishes() {
    let app = TestApp::spawn().await;
    let id = report(&app, "published", true).await;
    app.execute(&format!(
        "UPDATE qprs SET published_at = now(), posted_at = now() WHERE id = '{id}'"
    ))
    .await;
    let (ese, monitor) = (app.signed_in(ESE).await, app.signed_in(MONITOR).await);
    let correct = format!("{}/correct", path(&id));
    monitor.get_status(&correct, 403).await;
    assert_eq!(post(&monitor, &correct, &[("reason", "Typo")]).await.0, 403);
    let html = ese.get_status(&correct, 200).await;
    assert!(unescape(&html).contains("taken off the district's public page"));
    let (code, html) = post(&ese, &correct, &[("reason", "   ")]).await;
    assert_eq!(code, 422);
    assert!(html.contains("Give the reason"));
    assert_eq!(app.field("qprs", &id, "status").await, "published");

    step_ok(
        &ese,
        &id,
        "correct",
        &[("reason", "The Grade 3 figure was 62%, not 26%.")],
    )
    .await;
    assert_eq!(app.field("qprs", &id, "status").await, "draft");
    assert_eq!(app.field("qprs", &id, "revision").await, "2");
    assert_eq!(app.field("qprs", &id, "posted_at").await, "");
    assert_eq!(app.field("qprs", &id, "published_at").await, "");
    let kept = app
        .query_text(&format!(
            "SELECT reason || ' | ' || (published->>'summary') || ' | ' || \
                    (published->'initiatives'->0->>'process_rating') \
             FROM qpr_revisions WHERE qpr_id = '{id}' AND revision = 1"
        ))
        .await;
    assert_eq!(
        kept,
        "The Grade 3 figure was 62%, not 26%. | Steady progress on walkthroughs. | technical"
    );
    // The correction sent again (a double click) opens nothing more; a draft cannot be posted.
    step_ok(&ese, &id, "correct", &[("reason", "Again")]).await;
    let revisions = format!("SELECT count(*)::text FROM qpr_revisions WHERE qpr_id = '{id}'");
    assert_eq!(app.query_text(&revisions).await, "1");
    assert_eq!(app.field("qprs", &id, "revision").await, "2");
    assert_eq!(step(&ese, &id, "post").await.0, 409);
}

#[tokio::test]
async fn another_districts_monitor_finds_nothing() {
    let app = TestApp::spawn().await;
    let id = report(&app, "ese_review", true).await;
    let south = app.signed_in("monitor.south@demo.test").await;
    south
        .get_status(&format!("{}/process", path(&id)), 404)
        .await;
    south
        .get_status(&format!("{}/correct", path(&id)), 404)
        .await;
    for step in [
        "send-to-ese",
        "comments",
        "send-to-superintendent",
        "publish",
        "presentations",
        "post",
        "correct",
    ] {
        let code = post(
            &south,
            &format!("{}/{step}", path(&id)),
            &[("body", "x"), ("passage", "summary")],
        )
        .await
        .0;
        assert_eq!(code, 404, "{step}");
    }
    // Randolph's report through Fall River's address is not found either, even for ESE.
    let ese = app.signed_in(ESE).await;
    let other = format!("/districts/fall-river/qprs/{id}");
    ese.get_status(&format!("{other}/process"), 404).await;
    assert_eq!(post(&ese, &format!("{other}/publish"), &[]).await.0, 404);
    let manager = app.signed_in(MANAGER).await;
    manager
        .get_status(&format!("{}/process", path(&id)), 200)
        .await;
    assert_eq!(app.field("qprs", &id, "status").await, "ese_review");
}
