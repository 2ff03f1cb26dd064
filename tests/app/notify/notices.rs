//! Who hears of what: each minutes and report event notifies exactly the people it concerns in its
//! district (never the person who did it, never another district's people), in the app and, for
//! those who keep email on, in the outbox.

use crate::support;
use crate::support::people::{ESE, MANAGER, MONITOR, SUPT};

use support::{Client, TestApp, location};

const PEER: &str = "monitor.south@demo.test";

/// A fresh start: no notifications or emails from the demo data.
async fn clean(app: &TestApp) {
    app.execute("DELETE FROM notifications").await;
    app.execute("DELETE FROM email_outbox").await;
}

/// The emails of the people notified of `kind`, sorted, comma-separated.
async fn notified(app: &TestApp, kind: &str) -> String {
    app.query_text(&format!(
        "SELECT coalesce(string_agg(u.email, ',' ORDER BY u.email), '') \
         FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.kind = '{kind}'"
    ))
    .await
}

/// The addresses queued for email with `subject` containing `needle`, sorted.
async fn mailed(app: &TestApp, needle: &str) -> String {
    app.query_text(&format!(
        "SELECT coalesce(string_agg(to_address, ',' ORDER BY to_address), '') \
         FROM email_outbox WHERE subject LIKE '%{needle}%'"
    ))
    .await
}

/// One text value of the single notification of `kind` received by `email`.
async fn field(app: &TestApp, kind: &str, email: &str, column: &str) -> String {
    app.query_text(&format!(
        "SELECT n.{column} FROM notifications n JOIN users u ON u.id = n.user_id \
         WHERE n.kind = '{kind}' AND u.email = '{email}'"
    ))
    .await
}

/// The other monitor's notice leads somewhere they may go.
async fn peer_can_open(app: &TestApp, path: &str) {
    app.signed_in(PEER).await.get_status(path, 200).await;
}

/// A Randolph discussion held two days ago with section 1 written, minutes in draft.
async fn held_discussion(app: &TestApp) -> String {
    app.query_text(
        "INSERT INTO highlight_discussions (district_id, plan_id, held_on, scheduled_at, ese_notified_at, \
             accomplishments) \
         SELECT d.id, p.id, (now() AT TIME ZONE 'America/New_York')::date - 2, now() - interval '30 days', \
                now() - interval '20 days', 'Data teams met weekly.' \
         FROM districts d JOIN plans p ON p.district_id = d.id \
         WHERE d.slug = 'randolph' ORDER BY p.created_at LIMIT 1 RETURNING id::text",
    )
    .await
}

async fn ok(client: &Client, path: &str, form: &[(&str, &str)]) -> String {
    let response = client.post(path, form).await;
    let status = response.status().as_u16();
    let target = location(&response);
    assert_eq!(status, 303, "{path}: {}", response.text().await.unwrap());
    target
}

#[tokio::test]
async fn minutes_events_reach_the_reviewers_then_the_manager_then_everyone_and_the_ese_contact() {
    let app = TestApp::spawn().await;
    clean(&app).await;
    // Only the accountability contact, so "ESE contacts" is seen to mean the named contacts.
    app.execute(
        "DELETE FROM district_ese_contacts WHERE kind = 'targeted_assistance' \
         AND district_id = (SELECT id FROM districts WHERE slug = 'randolph')",
    )
    .await;
    let id = held_discussion(&app).await;
    let path = format!("/districts/randolph/discussions/{id}/minutes");
    let (manager, supt) = (app.signed_in(MANAGER).await, app.signed_in(SUPT).await);

    ok(&manager, &format!("{path}/send"), &[]).await;
    // The superintendent and the monitor; not the manager who sent, not the district leader,
    // not New Bedford's or Fall River's people, not ESE.
    assert_eq!(
        notified(&app, "minutes_sent").await,
        format!("{MONITOR},{SUPT}")
    );
    let subject = field(&app, "minutes_sent", SUPT, "subject").await;
    assert!(
        subject.starts_with("Draft minutes of the ")
            && subject.ends_with(" discussion are ready for your review — Randolph"),
        "{subject}"
    );
    assert_eq!(field(&app, "minutes_sent", SUPT, "link").await, path);
    assert_eq!(
        mailed(&app, "Draft minutes").await,
        format!("{MONITOR},{SUPT}")
    );

    ok(
        &supt,
        &format!("{path}/review"),
        &[
            ("outcome", "comments"),
            ("comments", "Add the coaching logs."),
        ],
    )
    .await;
    assert_eq!(notified(&app, "minutes_commented").await, MANAGER);
    assert!(
        field(&app, "minutes_commented", MANAGER, "body")
            .await
            .contains("Add the coaching logs.")
    );

    // "No discrepancies" starts no one's work: no notice.
    let monitor = app.signed_in(MONITOR).await;
    ok(
        &monitor,
        &format!("{path}/review"),
        &[("outcome", "no_discrepancies"), ("comments", "")],
    )
    .await;
    assert_eq!(notified(&app, "minutes_commented").await, MANAGER);

    ok(&manager, &format!("{path}/finalise"), &[]).await;
    assert_eq!(
        notified(&app, "minutes_final").await,
        format!("{ESE},{MONITOR},{SUPT}")
    );
    assert!(
        field(&app, "minutes_final", ESE, "subject")
            .await
            .ends_with("— Randolph")
    );
}

#[tokio::test]
async fn an_evidence_request_reaches_the_superintendent_and_the_plan_manager() {
    let app = TestApp::spawn().await;
    clean(&app).await;
    let monitor = app.signed_in(MONITOR).await;
    let due = app
        .query_text("SELECT ((now() AT TIME ZONE 'America/New_York')::date + 30)::text")
        .await;
    ok(
        &monitor,
        "/districts/randolph/evidence-requests",
        &[
            ("kind", "interview"),
            ("description", "Interview two coaches about the cycles."),
            ("due_on", &due),
            ("qpr_id", ""),
        ],
    )
    .await;
    assert_eq!(
        notified(&app, "evidence_requested").await,
        format!("{MANAGER},{SUPT}")
    );
    let subject = field(&app, "evidence_requested", MANAGER, "subject").await;
    assert!(
        subject.starts_with("The monitor asks for an interview, due")
            && subject.ends_with("— Randolph"),
        "{subject}"
    );
    assert_eq!(
        field(&app, "evidence_requested", SUPT, "link").await,
        "/districts/randolph/evidence-requests"
    );
    // A refused request (due too soon) notifies no one.
    monitor
        .post_status(
            "/districts/randolph/evidence-requests",
            &[
                ("kind", "visit"),
                ("description", "A visit."),
                ("due_on", "2000-01-01"),
            ],
            422,
        )
        .await;
    assert_eq!(
        app.query_text("SELECT count(*)::text FROM notifications")
            .await,
        "2"
    );
}

#[tokio::test]
async fn a_report_notifies_ese_then_the_monitor_then_the_superintendent_then_the_district() {
    let app = TestApp::spawn().await;
    clean(&app).await;
    let id = support::fixtures::rated_report(&app, MONITOR, "draft").await;
    let base = format!("/districts/randolph/qprs/{id}");
    let process = format!("{base}/process");
    let (monitor, ese, supt) = (
        app.signed_in(MONITOR).await,
        app.signed_in(ESE).await,
        app.signed_in(SUPT).await,
    );

    ok(&monitor, &format!("{base}/send-to-ese"), &[]).await;
    // Randolph's two ESE contacts (demo: ESE staff and ESE admin) and the other districts'
    // monitor (seed 002 §8: "ESE Accountability and the other monitors"); no one in the district.
    assert_eq!(
        notified(&app, "qpr_in_review").await,
        format!("ese.admin@demo.test,{ESE},{PEER}")
    );
    // The other monitor cannot open Randolph's pages: their notice opens the peer review.
    assert_eq!(
        field(&app, "qpr_in_review", PEER, "link").await,
        format!("/reviews/qprs/{id}")
    );
    assert!(mailed(&app, "is ready for ESE review").await.contains(PEER));
    peer_can_open(&app, &format!("/reviews/qprs/{id}")).await;
    assert_eq!(
        field(&app, "qpr_in_review", ESE, "subject").await,
        "Quarterly Progress Report for September–November 2020 is ready for ESE review — Randolph"
    );
    assert_eq!(field(&app, "qpr_in_review", ESE, "link").await, process);

    // ESE comments from the district's pages, another district's monitor from peer review: the
    // report's monitor hears of both, and the commenters of neither.
    ok(
        &ese,
        &format!("{base}/comments"),
        &[("passage", "summary"), ("body", "Say which schools.")],
    )
    .await;
    let peer = app.signed_in(PEER).await;
    ok(
        &peer,
        &format!("/reviews/qprs/{id}/comments"),
        &[("passage", "summary"), ("body", "Which walkthrough tool?")],
    )
    .await;
    assert_eq!(
        notified(&app, "qpr_review_comment").await,
        format!("{MONITOR},{MONITOR}")
    );
    let bodies = app
        .query_text(
            "SELECT string_agg(body, ' | ' ORDER BY created_at) FROM notifications \
             WHERE kind = 'qpr_review_comment'",
        )
        .await;
    assert!(bodies.contains("Say which schools.") && bodies.contains("Which walkthrough tool?"));
    let peer_link = app
        .query_text(
            "SELECT string_agg(DISTINCT link, ',') FROM notifications WHERE kind = 'qpr_review_comment'",
        )
        .await;
    assert_eq!(peer_link, process);

    ok(&monitor, &format!("{base}/send-to-superintendent"), &[]).await;
    assert_eq!(notified(&app, "qpr_to_superintendent").await, SUPT);

    ok(
        &supt,
        &format!("{base}/comments"),
        &[
            ("passage", "summary"),
            ("body", "It was three schools, not four."),
        ],
    )
    .await;
    assert_eq!(notified(&app, "qpr_correction_suggested").await, MONITOR);

    let correction = app
        .query_text(&format!(
            "SELECT id::text FROM qpr_comments WHERE qpr_id = '{id}' AND kind = 'factual_correction'"
        ))
        .await;
    ok(
        &monitor,
        &format!("{base}/comments/{correction}/resolve"),
        &[("resolution", "accepted"), ("response", "")],
    )
    .await;
    ok(&ese, &format!("{base}/publish"), &[]).await;
    assert_eq!(
        notified(&app, "qpr_published").await,
        format!("{MANAGER},{MONITOR},{SUPT}")
    );
    assert_eq!(field(&app, "qpr_published", MANAGER, "link").await, base);
    // No district leader and no one from another district heard of any of it, but the other
    // monitor of the review, once.
    assert_eq!(
        app.query_text(
            "SELECT count(*)::text FROM notifications n JOIN users u ON u.id = n.user_id \
             WHERE u.email LIKE 'leader.%' OR u.email LIKE '%newbedford%' OR u.email LIKE '%fallriver%' \
                OR (u.email = 'monitor.south@demo.test' AND n.kind <> 'qpr_in_review')"
        )
        .await,
        "0"
    );
}

#[tokio::test]
async fn a_person_with_email_off_is_notified_in_the_app_but_gets_no_email() {
    let app = TestApp::spawn().await;
    clean(&app).await;
    let supt = app.signed_in(SUPT).await;
    // The superintendent turns email off on their settings page (the digest stays on).
    ok(&supt, "/account", &[("weekly_digest", "on")]).await;
    let id = held_discussion(&app).await;
    let manager = app.signed_in(MANAGER).await;
    ok(
        &manager,
        &format!("/districts/randolph/discussions/{id}/minutes/send"),
        &[],
    )
    .await;
    assert_eq!(
        notified(&app, "minutes_sent").await,
        format!("{MONITOR},{SUPT}")
    );
    assert_eq!(mailed(&app, "Draft minutes").await, MONITOR);
}
