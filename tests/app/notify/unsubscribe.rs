//! Email that passes bulk-sender rules: every email names itself machine-made (RFC 3834), carries
//! an HTML part beside the text, and a one-click unsubscribe (RFC 8058) that a mail provider can
//! POST without signing in, signed so that no other address works.

use crate::support;
use crate::support::people::MANAGER;

use support::{TestApp, assert_contains, assert_says, http_builder};
use throughline::notify::email::{Mailer, send_pending};

const BASE: &str = "https://throughline.example";

/// The digest and a notice queued for the plan manager, sent into a folder; the .eml texts.
async fn sent(app: &TestApp) -> Vec<String> {
    app.execute("DELETE FROM email_outbox").await;
    app.execute(
        "INSERT INTO email_outbox (user_id, to_address, subject, body, link, dedupe_key) \
         SELECT id, email, 'Your week', 'Two things are due.', '/', 'digest:2026-12-07:' || id \
         FROM users WHERE email = 'manager.randolph@demo.test' \
         UNION ALL SELECT id, email, 'Minutes to review', 'Answer by Friday.', '/districts/randolph', NULL \
         FROM users WHERE email = 'manager.randolph@demo.test'",
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        send_pending(&app.pool, &Mailer::to_folder(dir.path()), BASE)
            .await
            .unwrap(),
        2
    );
    let mut texts: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    texts.sort_by_key(|t| !t.contains("Subject: Your week"));
    texts
}

/// The path of an email's one-click link.
fn link(eml: &str) -> String {
    let header = eml
        .lines()
        .find_map(|l| l.strip_prefix("List-Unsubscribe: <"))
        .unwrap_or_else(|| panic!("no List-Unsubscribe in {eml}"));
    header
        .trim_end_matches('>')
        .strip_prefix(BASE)
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn every_email_has_the_bulk_sender_headers_an_html_part_and_a_one_click_unsubscribe() {
    let app = TestApp::spawn().await;
    let emails = sent(&app).await;
    for eml in &emails {
        assert_contains(eml, "Auto-Submitted: auto-generated");
        assert_contains(eml, "List-Unsubscribe-Post: List-Unsubscribe=One-Click");
        assert_contains(eml, "Message-ID: <outbox-");
        assert_contains(eml, "Content-Type: multipart/alternative");
        assert!(
            eml.contains("Content-Type: text/plain") && eml.contains("Content-Type: text/html")
        );
    }
    let (digest, notice) = (link(&emails[0]), link(&emails[1]));
    assert!(digest.contains(".digest.") && notice.contains(".notices."));

    // A mail provider's one-click POST: no session, no Origin of ours, the RFC's body.
    let provider = http_builder().build().unwrap();
    let post = |path: &str| {
        provider
            .post(format!("{}{path}", app.base))
            .header("origin", "https://mail.provider.example")
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
    };
    assert_eq!(app.user_field(MANAGER, "weekly_digest").await, "true");
    let done = post(&digest).await.unwrap();
    assert_says(
        done,
        200,
        "You will no longer receive the weekly digest email",
    )
    .await;
    assert_eq!(app.user_field(MANAGER, "weekly_digest").await, "false");
    assert_eq!(
        app.user_field(MANAGER, "email_notifications").await,
        "true",
        "only that kind"
    );
    assert_eq!(
        post(&digest).await.unwrap().status(),
        200,
        "twice is the same"
    );

    // Opening the link (a person, or a scanner) asks first and changes nothing.
    let page = provider
        .get(format!("{}{notice}", app.base))
        .send()
        .await
        .unwrap();
    assert_says(page, 200, "Turn off email copies of your notifications").await;
    assert_eq!(app.user_field(MANAGER, "email_notifications").await, "true");
    assert_eq!(post(&notice).await.unwrap().status(), 200);
    assert_eq!(
        app.user_field(MANAGER, "email_notifications").await,
        "false"
    );

    // Another person's id, or another kind, under this signature: not found, nothing changed.
    app.execute("UPDATE users SET weekly_digest = true, email_notifications = true")
        .await;
    let supt: String = app
        .query_text(
            "SELECT replace(id::text, '-', '') FROM users WHERE email = 'supt.randolph@demo.test'",
        )
        .await;
    let manager_hex = digest
        .split('/')
        .nth(2)
        .unwrap()
        .split('.')
        .next()
        .unwrap()
        .to_string();
    for forged in [
        digest.replace(&manager_hex, &supt),
        digest.replace(".digest.", ".notices."),
        format!("{}0", &digest[..digest.len() - 1]),
        "/unsubscribe/nonsense".to_string(),
    ] {
        assert_eq!(post(&forged).await.unwrap().status(), 404, "{forged}");
    }
    assert_eq!(
        app.query_text(
            "SELECT count(*)::text FROM users WHERE NOT weekly_digest OR NOT email_notifications"
        )
        .await,
        "0"
    );
}
