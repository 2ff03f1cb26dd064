use super::*;

#[test]
fn the_email_links_to_the_page_and_to_the_settings() {
    let text = compose(
        "Minutes are ready.",
        "/districts/randolph/x",
        "https://t.example/",
        Some("https://t.example/unsubscribe/x"),
    );
    assert!(text.starts_with(
        "Minutes are ready.\n\nOpen it in Throughline: https://t.example/districts/randolph/x"
    ));
    assert!(text.contains("go to https://t.example/account."));
    assert!(text.ends_with("at once: https://t.example/unsubscribe/x"));
    assert!(!compose("Hi", "", "https://t.example", None).contains("Open it"));
    let html = compose_html(
        "Ready",
        "A & B.\n\nSecond.",
        "/x",
        "https://t.example",
        None,
    )
    .unwrap();
    assert!(
        html.contains("<p>A &#38; B.</p>") && html.contains("<p>Second.</p>"),
        "{html}"
    );
    assert!(html.contains("href=\"https://t.example/x\""));
}

#[test]
fn an_outbox_email_keeps_one_message_id() {
    assert_eq!(
        message_id(42, "https://aip.example.org/"),
        "<outbox-42@aip.example.org>"
    );
    assert_eq!(
        message_id(42, "not a url"),
        "<outbox-42@throughline.invalid>"
    );
}

// The SMTP transport's connection pool starts a task, so this needs a runtime.
#[tokio::test]
async fn the_mailer_follows_the_settings() {
    assert!(Mailer::log_only().description().contains("log"));
    let bad = MailArgs {
        mail_from: "not an address".into(),
        ..MailArgs::default()
    };
    assert!(Mailer::from_args(&bad).is_err());
    let dir = tempfile::tempdir().unwrap();
    let files = MailArgs {
        mail_dir: Some(dir.path().to_path_buf()),
        ..MailArgs::default()
    };
    assert!(
        Mailer::from_args(&files)
            .unwrap()
            .description()
            .contains("files")
    );
    let smtp = MailArgs {
        smtp_url: Some("smtp://localhost:2525".into()),
        ..files
    };
    assert!(
        Mailer::from_args(&smtp)
            .unwrap()
            .description()
            .contains("SMTP")
    );
}
