//! A person's side of notifications: the count in the header, the list, opening one and marking
//! all read, someone else's not found; the email outbox sent once by two senders at a time, with
//! retries; and the settings page with the calendar address.

use crate::support;
use crate::support::people::{MANAGER, MONITOR, SUPT};

use support::{Client, TestApp, assert_contains, location};
use throughline::notify::email::{MAX_ATTEMPTS, Mailer, send_pending};
use throughline::web::tokens::token_hash;

/// A notification for `email` about Randolph, unread; returns its id.
async fn notice(app: &TestApp, email: &str, subject: &str, link: &str) -> String {
    app.query_text(&format!(
        "INSERT INTO notifications (user_id, district_id, kind, subject, body, link) \
         SELECT u.id, d.id, 'minutes_sent', '{subject}', 'Answer by Friday.', '{link}' \
         FROM users u, districts d WHERE u.email = '{email}' AND d.slug = 'randolph' RETURNING id::text"
    ))
    .await
}

async fn header(client: &Client) -> String {
    let html = client.get_status("/", 200).await;
    let start = html
        .find("Notifications (")
        .expect("the header names notifications");
    html[start..].split(')').next().unwrap().to_string() + ")"
}

#[tokio::test]
async fn the_header_counts_unread_and_opening_one_marks_it_read_and_goes_to_its_page() {
    let app = TestApp::spawn().await;
    app.execute("DELETE FROM notifications").await;
    let supt = app.signed_in(SUPT).await;
    assert_eq!(header(&supt).await, "Notifications (0)");

    let first = notice(&app, SUPT, "Older minutes", "/districts/randolph").await;
    app.execute(&format!(
        "UPDATE notifications SET created_at = now() - interval '1 day' WHERE id = '{first}'"
    ))
    .await;
    let second = notice(&app, SUPT, "Newer minutes", "/districts/randolph/qprs").await;
    let theirs = notice(&app, MONITOR, "Only for the monitor", "/districts/randolph").await;
    assert_eq!(header(&supt).await, "Notifications (2)");

    let html = supt.get_status("/notifications", 200).await;
    assert_contains(&html, "2 unread notifications.");
    let (newer, older) = (
        html.find("Newer minutes").unwrap(),
        html.find("Older minutes").unwrap(),
    );
    assert!(newer < older, "newest first");
    assert!(html.contains("Randolph · ") && html.contains("Answer by Friday."));
    assert_eq!(html.matches(">Unread<").count(), 2);
    assert!(!html.contains("Only for the monitor"));

    let response = supt
        .post(&format!("/notifications/{second}/open"), &[])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/districts/randolph/qprs");
    assert_eq!(header(&supt).await, "Notifications (1)");
    let (_, html) = supt.get_text("/notifications").await;
    assert!(html.contains("1 unread notification."));

    // Someone else's notification is not found, and stays unread.
    assert_eq!(
        supt.post_code(&format!("/notifications/{theirs}/open"), &[])
            .await,
        404
    );
    let read = app
        .field("notifications", &theirs, "(read_at IS NULL)::text")
        .await;
    assert_eq!(read, "true");
    let monitor = app.signed_in(MONITOR).await;
    assert_eq!(header(&monitor).await, "Notifications (1)");

    let response = supt.post("/notifications/read", &[]).await;
    assert_eq!(location(&response), "/notifications");
    let (_, html) = supt.get_text("/notifications").await;
    assert_contains(&html, "1 notification marked as read.");
    assert!(html.contains("Nothing unread."));
    assert_eq!(header(&supt).await, "Notifications (0)");
    // Marking one's own all read leaves others' alone.
    assert_eq!(header(&monitor).await, "Notifications (1)");
}

#[tokio::test]
async fn the_dashboard_link_is_for_ese_only_and_the_name_opens_the_settings() {
    let app = TestApp::spawn().await;
    let ese = app.page_as("ese.staff@demo.test", "/").await;
    assert!(ese.contains("href=\"/dashboard\""));
    let (_, manager) = app.signed_in(MANAGER).await.get_text("/").await;
    assert!(!manager.contains("href=\"/dashboard\""));
    assert!(manager.contains("href=\"/account\""));
    assert!(manager.contains("href=\"/notifications\""));
}

/// `n` queued emails to the demo superintendent.
async fn queue(app: &TestApp, n: usize, to: &str) {
    app.execute(&format!(
        "INSERT INTO email_outbox (to_address, subject, body, link) \
         SELECT '{to}', 'Email ' || g, 'Body ' || g, '/districts/randolph' FROM generate_series(1, {n}) g"
    ))
    .await;
}

fn eml_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .collect()
}

#[tokio::test]
async fn two_senders_at_once_send_each_email_exactly_once() {
    let app = TestApp::spawn().await;
    app.execute("DELETE FROM email_outbox").await;
    queue(&app, 30, SUPT).await;
    let dir = tempfile::tempdir().unwrap();
    let mailer = Mailer::to_folder(dir.path());
    let base = "https://throughline.example";
    let (a, b) = tokio::join!(
        async {
            let mut sent = 0;
            while let n @ 1.. = send_pending(&app.pool, &mailer, base).await.unwrap() {
                sent += n;
            }
            sent
        },
        async {
            let mut sent = 0;
            while let n @ 1.. = send_pending(&app.pool, &mailer, base).await.unwrap() {
                sent += n;
            }
            sent
        },
    );
    assert_eq!(a + b, 30);
    let files = eml_files(dir.path());
    assert_eq!(files.len(), 30);
    assert_eq!(
        app.query_text("SELECT count(*)::text FROM email_outbox WHERE sent_at IS NULL")
            .await,
        "0"
    );
    // Nothing left: a third run sends nothing more.
    assert_eq!(send_pending(&app.pool, &mailer, base).await.unwrap(), 0);
    assert_eq!(eml_files(dir.path()).len(), 30);

    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert_contains(&text, &format!("To: {SUPT}"));
    assert_contains(
        &text,
        "Open it in Throughline: https://throughline.example/districts/randolph",
    );
    assert_contains(&text, "https://throughline.example/account");
}

#[tokio::test]
async fn a_failed_email_waits_longer_each_time_and_is_given_up_after_the_last_attempt() {
    let app = TestApp::spawn().await;
    app.execute("DELETE FROM email_outbox").await;
    queue(&app, 1, "not an address").await;
    queue(&app, 1, "still not an address").await;
    app.execute(&format!(
        "UPDATE email_outbox SET attempts = {} WHERE to_address = 'still not an address'",
        MAX_ATTEMPTS - 1
    ))
    .await;
    let dir = tempfile::tempdir().unwrap();
    let mailer = Mailer::to_folder(dir.path());
    assert_eq!(
        send_pending(&app.pool, &mailer, "http://x").await.unwrap(),
        0
    );
    let first = app
        .query_text(
            "SELECT attempts || '|' || (last_error IS NOT NULL) || '|' || (sent_at IS NULL) || '|' || \
                    (next_attempt_at BETWEEN now() + interval '1 minute' AND now() + interval '3 minutes') \
             FROM email_outbox WHERE to_address = 'not an address'",
        )
        .await;
    assert_eq!(first, "1|true|true|true");
    let last = app
        .query_text(
            "SELECT attempts || '|' || (next_attempt_at = 'infinity') FROM email_outbox \
             WHERE to_address = 'still not an address'",
        )
        .await;
    assert_eq!(last, format!("{MAX_ATTEMPTS}|true"));
    // Not due again yet: nothing is tried.
    assert_eq!(
        send_pending(&app.pool, &mailer, "http://x").await.unwrap(),
        0
    );
    assert_eq!(
        app.query_text(
            "SELECT max(attempts)::text FROM email_outbox WHERE to_address = 'not an address'"
        )
        .await,
        "1"
    );
    assert!(eml_files(dir.path()).is_empty());
}

#[tokio::test]
async fn settings_save_for_oneself_only() {
    let app = TestApp::spawn().await;
    let manager = app.signed_in(MANAGER).await;
    let html = manager.get_status("/account", 200).await;
    assert!(html.contains("name=\"email_notifications\" value=\"on\" aria-describedby=\"email_notifications-hint\" checked"));

    let response = manager.post("/account", &[("weekly_digest", "on")]).await;
    assert_eq!(location(&response), "/account");
    let (_, html) = manager.get_text("/account").await;
    assert_contains(
        &html,
        "Your settings are saved. Notifications by email: off. Weekly digest: on.",
    );
    assert_eq!(
        app.user_field(MANAGER, "email_notifications || '|' || weekly_digest")
            .await,
        "false|true"
    );
    // Everyone else keeps theirs.
    assert_eq!(
        app.query_text("SELECT count(*)::text FROM users WHERE NOT email_notifications")
            .await,
        "1"
    );
    manager
        .post("/account", &[("email_notifications", "on")])
        .await;
    assert_eq!(
        app.user_field(MANAGER, "email_notifications || '|' || weekly_digest")
            .await,
        "true|false"
    );
}

/// The feed address on the page, if shown.
fn address(html: &str, base: &str) -> Option<String> {
    let start = html.find(&format!("{base}/calendar/"))?;
    let end = start + html[start..].find(".ics")? + 4;
    Some(html[start..end].to_string())
}

#[tokio::test]
async fn the_calendar_address_is_shown_once_replaced_by_a_new_one_and_stopped() {
    let app = TestApp::spawn().await;
    let supt = app.signed_in(SUPT).await;
    let (_, html) = supt.get_text("/account").await;
    assert!(html.contains("Create my calendar address"));
    assert_eq!(app.user_field(SUPT, "calendar_token_hash").await, "");

    let response = supt.post("/account/calendar", &[]).await;
    assert_eq!(location(&response), "/account");
    let (_, html) = supt.get_text("/account").await;
    let first = address(&html, &app.base).expect("the new address is shown");
    assert!(html.contains("shown only this once"));
    assert!(html.contains("Making a new address stops the old one"));
    let token = first
        .rsplit('/')
        .next()
        .unwrap()
        .trim_end_matches(".ics")
        .to_string();
    assert_eq!(token.len(), 64);
    // Only the hash is kept.
    assert_eq!(
        app.user_field(SUPT, "calendar_token_hash").await,
        token_hash(&token)
    );
    // Shown once: not on the next visit.
    let (_, again) = supt.get_text("/account").await;
    assert_eq!(address(&again, &app.base), None);
    assert!(again.contains("You have a calendar address"));

    supt.post("/account/calendar", &[]).await;
    let (_, html) = supt.get_text("/account").await;
    let second = address(&html, &app.base).unwrap();
    assert_ne!(first, second);
    let stored = app.user_field(SUPT, "calendar_token_hash").await;
    assert_ne!(
        stored,
        token_hash(&token),
        "the old address no longer works"
    );

    let response = supt.post("/account/calendar/revoke", &[]).await;
    assert_eq!(location(&response), "/account");
    assert_eq!(app.user_field(SUPT, "calendar_token_hash").await, "");
    let (_, html) = supt.get_text("/account").await;
    assert!(html.contains("Your calendar address is stopped"));
    assert!(html.contains("Create my calendar address"));
}
