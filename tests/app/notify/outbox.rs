//! The email outbox against a real SMTP conversation: each email is marked sent the moment its
//! server took it, so a failure later in the batch never sends a delivered email again.

use crate::support;

use std::sync::{Arc, Mutex};

use sqlx::{Connection, PgConnection};
use support::TestApp;
use throughline::config::MailArgs;
use throughline::notify::email::{Mailer, send_pending};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// What the fake SMTP server saw: the Message-ID of each message it accepted, and for each message
/// begun whether every earlier one was already marked (sent, or failed) in the database.
#[derive(Default)]
struct Seen {
    accepted: Vec<String>,
    earlier_marked_when_next_began: Vec<bool>,
}

/// A minimal SMTP server: it accepts every message but the `refuse`-th (1-based), which it answers
/// with a temporary failure, as a real server under load does.
async fn fake_smtp(
    owner: sqlx::postgres::PgConnectOptions,
    refuse: usize,
) -> (u16, Arc<Mutex<Seen>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Seen::default()));
    let shared = seen.clone();
    tokio::spawn(async move {
        let mut count = 0usize;
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let (read, mut write) = socket.into_split();
            let mut lines = BufReader::new(read).lines();
            write.write_all(b"220 fake ESMTP\r\n").await.unwrap();
            let mut message = String::new();
            let mut in_data = false;
            while let Ok(Some(line)) = lines.next_line().await {
                if in_data {
                    if line == "." {
                        in_data = false;
                        count += 1;
                        let id = message
                            .lines()
                            .find_map(|l| l.strip_prefix("Message-ID: "))
                            .unwrap_or("")
                            .to_string();
                        message.clear();
                        if count == refuse {
                            write.write_all(b"451 try again later\r\n").await.unwrap();
                        } else {
                            shared.lock().unwrap().accepted.push(id);
                            write.write_all(b"250 queued\r\n").await.unwrap();
                        }
                    } else {
                        message.push_str(&line);
                        message.push('\n');
                    }
                    continue;
                }
                let verb = line.split_whitespace().next().unwrap_or("").to_uppercase();
                let answer: &[u8] = match verb.as_str() {
                    "EHLO" | "HELO" => b"250 fake\r\n",
                    "MAIL" => {
                        // The email before this one must already be marked sent.
                        let mut conn = PgConnection::connect_with(&owner).await.unwrap();
                        let attempted: i64 = sqlx::query_scalar(
                            "SELECT count(*) FROM email_outbox \
                             WHERE to_address LIKE '%@outbox.test' \
                               AND (sent_at IS NOT NULL OR attempts > 0)",
                        )
                        .fetch_one(&mut conn)
                        .await
                        .unwrap();
                        shared
                            .lock()
                            .unwrap()
                            .earlier_marked_when_next_began
                            .push(attempted as usize == count);
                        b"250 ok\r\n"
                    }
                    "RCPT" | "RSET" | "NOOP" => b"250 ok\r\n",
                    "DATA" => {
                        in_data = true;
                        b"354 go ahead\r\n"
                    }
                    "QUIT" => {
                        write.write_all(b"221 bye\r\n").await.ok();
                        break;
                    }
                    _ => b"502 not implemented\r\n",
                };
                write.write_all(answer).await.unwrap();
            }
        }
    });
    (port, seen)
}

/// An app whose outbox waits to send only `emails` (address, subject, body): the demo's own are
/// set aside as sent. Answers it with a connection as the database owner.
async fn app_with_outbox(emails: &[(String, String, &str)]) -> (TestApp, PgConnection) {
    let app = TestApp::spawn().await;
    let mut owner = app.owner_conn().await;
    sqlx::query("UPDATE email_outbox SET sent_at = now() WHERE sent_at IS NULL")
        .execute(&mut owner)
        .await
        .unwrap();
    for (to, subject, body) in emails {
        sqlx::query("INSERT INTO email_outbox (to_address, subject, body) VALUES ($1, $2, $3)")
            .bind(to)
            .bind(subject)
            .bind(body)
            .execute(&mut owner)
            .await
            .unwrap();
    }
    (app, owner)
}

#[tokio::test]
async fn a_failure_mid_batch_sends_nothing_twice_and_each_email_is_marked_as_it_goes() {
    let emails: Vec<_> = (1..=5)
        .map(|n| {
            (
                format!("person{n}@outbox.test"),
                format!("Notice {n}"),
                "Hello",
            )
        })
        .collect();
    let (app, mut owner) = app_with_outbox(&emails).await;
    let (port, seen) = fake_smtp(app.owner.clone(), 3).await;
    let mailer = Mailer::from_args(&MailArgs {
        smtp_url: Some(format!("smtp://127.0.0.1:{port}")),
        ..MailArgs::default()
    })
    .unwrap();

    let sent = send_pending(&app.pool, &mailer, "https://aip.example.org")
        .await
        .unwrap();
    assert_eq!(sent, 4, "the third was refused, the rest went");
    {
        let seen = seen.lock().unwrap();
        assert_eq!(seen.accepted.len(), 4);
        assert!(
            seen.earlier_marked_when_next_began.iter().all(|m| *m),
            "an email was still unmarked when the next one was sent: {:?}",
            seen.earlier_marked_when_next_began
        );
        assert!(
            seen.accepted[0].starts_with("<outbox-")
                && seen.accepted[0].ends_with("@aip.example.org>")
        );
    }
    let (unsent, error): (i64, Option<String>) = sqlx::query_as(
        "SELECT count(*), max(last_error) FROM email_outbox \
         WHERE to_address LIKE '%@outbox.test' AND sent_at IS NULL",
    )
    .fetch_one(&mut owner)
    .await
    .unwrap();
    assert_eq!(unsent, 1);
    assert!(error.unwrap_or_default().contains("try again"));

    // The retry, once due, sends only the refused one.
    sqlx::query("UPDATE email_outbox SET next_attempt_at = now() WHERE sent_at IS NULL")
        .execute(&mut owner)
        .await
        .unwrap();
    assert_eq!(
        send_pending(&app.pool, &mailer, "https://aip.example.org")
            .await
            .unwrap(),
        1
    );
    let accepted = seen.lock().unwrap().accepted.clone();
    let mut ids = accepted.clone();
    ids.sort();
    ids.dedup();
    assert_eq!(
        ids.len(),
        5,
        "each email delivered exactly once: {accepted:?}"
    );
    owner.close().await.ok();
}

#[tokio::test]
async fn a_claimed_batch_is_not_sent_by_a_second_instance() {
    let one = [("a@outbox.test".to_string(), "One".to_string(), "Hi")];
    let (app, _owner) = app_with_outbox(&one).await;
    let dir = tempfile::tempdir().unwrap();
    let mailer = Mailer::to_folder(dir.path());
    let (a, b) = tokio::join!(
        send_pending(&app.pool, &mailer, "http://localhost"),
        send_pending(&app.pool, &mailer, "http://localhost")
    );
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}
