//! Email: how it leaves the app ([`Mailer`]) and the sender that empties `email_outbox`.
//!
//! Emails are written to the outbox by the event's own transaction; [`send_pending`] claims a
//! batch with `FOR UPDATE SKIP LOCKED` and a lease, commits the claim, and only then sends, marking
//! each email sent on its own the moment its server took it. So several app instances can run it
//! at once, and a failure later in a batch never sends again what was already delivered. An
//! instance that dies mid-batch leaves its lease to expire; its unmarked emails go again, with the
//! same Message-ID, so receiving servers can tell the copy.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context as _;
use askama::Template;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::PgPool;

use super::unsubscribe;
use crate::config::MailArgs;

/// After this many failed attempts an email is given up (and the failure logged as an error).
pub const MAX_ATTEMPTS: i32 = 8;
/// How many emails one sender claims at a time.
const BATCH: i64 = 20;
/// How often [`run_outbox`] looks for new email.
const INTERVAL: Duration = Duration::from_secs(15);
/// How long a claimed batch is kept from other senders: well beyond a batch's worst case of
/// [`BATCH`] emails each allowed [`SMTP_TIMEOUT`].
const LEASE_MINUTES: i32 = 15;
/// A silent SMTP server must not hold the sender forever.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Clone)]
enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    File(AsyncFileTransport<Tokio1Executor>, PathBuf),
    Log,
}

/// Where email goes: an SMTP server, .eml files in a folder, or the log.
#[derive(Clone)]
pub struct Mailer {
    from: Mailbox,
    transport: Transport,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("from", &self.from.to_string())
            .field("transport", &self.description())
            .finish()
    }
}

impl Mailer {
    /// `SMTP_URL` when set; else `MAIL_DIR`; else the log.
    pub fn from_args(args: &MailArgs) -> anyhow::Result<Self> {
        let from: Mailbox = args
            .mail_from
            .parse()
            .with_context(|| format!("MAIL_FROM is not an email address: {}", args.mail_from))?;
        let transport = if let Some(url) = args.smtp_url.as_deref().filter(|u| !u.is_empty()) {
            let smtp = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .context("SMTP_URL is not a valid smtp:// or smtps:// address")?
                .timeout(Some(SMTP_TIMEOUT))
                .build();
            Transport::Smtp(smtp)
        } else if let Some(dir) = &args.mail_dir {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("could not create MAIL_DIR {}", dir.display()))?;
            Transport::File(AsyncFileTransport::new(dir), dir.clone())
        } else {
            Transport::Log
        };
        Ok(Self { from, transport })
    }

    /// Emails written as .eml files into `dir` (which must exist).
    pub fn to_folder(dir: impl Into<PathBuf>) -> Self {
        let dir = dir.into();
        Self {
            from: crate::config::DEFAULT_MAIL_FROM
                .parse()
                .expect("valid default sender"),
            transport: Transport::File(AsyncFileTransport::new(&dir), dir),
        }
    }

    /// Emails written to the log only.
    pub fn log_only() -> Self {
        Self::from_args(&MailArgs::default()).expect("the default sender is valid")
    }

    /// For the start-up log line (never the SMTP credentials).
    pub fn description(&self) -> String {
        match &self.transport {
            Transport::Smtp(_) => "SMTP (SMTP_URL)".into(),
            Transport::File(_, dir) => format!("files in {}", dir.display()),
            Transport::Log => "the log (set SMTP_URL to send email)".into(),
        }
    }

    /// Sends one email. Its `message_id` (e.g. from [`message_id`]) names it for good: a copy sent
    /// again after a crash carries the same one.
    pub async fn send(&self, email: &Outgoing) -> anyhow::Result<()> {
        let to_box: Mailbox = email
            .to
            .parse()
            .with_context(|| format!("not an email address: {}", email.to))?;
        let mut builder = Message::builder()
            .message_id(email.message_id.clone())
            .from(self.from.clone())
            .to(to_box)
            .subject(&email.subject)
            // RFC 3834: no vacation replies or bounces-to-sender loops for machine mail.
            .header(AutoSubmitted("auto-generated".into()));
        if let Some(url) = &email.unsubscribe {
            // RFC 2369 and RFC 8058: the large providers' bulk-sender rules ask for both.
            builder = builder
                .header(ListUnsubscribe(format!("<{url}>")))
                .header(ListUnsubscribePost("List-Unsubscribe=One-Click".into()));
        }
        let (to, subject, body) = (&email.to, &email.subject, &email.text);
        let message = match &email.html {
            Some(html) => builder.multipart(MultiPart::alternative_plain_html(
                email.text.clone(),
                html.clone(),
            ))?,
            None => builder
                .header(ContentType::TEXT_PLAIN)
                .body(email.text.clone())?,
        };
        match &self.transport {
            Transport::Smtp(smtp) => {
                smtp.send(message).await?;
            }
            Transport::File(file, _) => {
                file.send(message).await?;
            }
            Transport::Log => {
                tracing::info!(
                    to = %to,
                    subject = %subject,
                    body = %body,
                    "email (no SMTP_URL set: logged, not sent)"
                );
            }
        }
        Ok(())
    }
}

/// One email as it leaves: both bodies, its lasting Message-ID and its one-click unsubscribe link.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    pub message_id: Option<String>,
    pub unsubscribe: Option<String>,
}

macro_rules! header {
    ($name:ident, $field:literal) => {
        #[derive(Debug, Clone)]
        struct $name(String);
        impl Header for $name {
            fn name() -> HeaderName {
                HeaderName::new_from_ascii_str($field)
            }
            fn parse(text: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
                Ok(Self(text.into()))
            }
            fn display(&self) -> HeaderValue {
                HeaderValue::new(Self::name(), self.0.clone())
            }
        }
    };
}
header!(AutoSubmitted, "Auto-Submitted");
header!(ListUnsubscribe, "List-Unsubscribe");
header!(ListUnsubscribePost, "List-Unsubscribe-Post");

/// The email as sent: the notice, the address of the page to open, and how to stop these emails.
pub fn compose(body: &str, link: &str, base_url: &str, unsubscribe: Option<&str>) -> String {
    let base = base_url.trim_end_matches('/');
    let mut text = body.trim_end().to_string();
    if !link.is_empty() {
        text.push_str(&format!("\n\nOpen it in Throughline: {base}{link}"));
    }
    text.push_str(&format!(
        "\n\n--\nYou receive this email because of your role in Throughline. To turn these emails \
         off, or the weekly digest, go to {base}/account."
    ));
    if let Some(url) = unsubscribe {
        text.push_str(&format!(" To stop emails like this one at once: {url}"));
    }
    text
}

/// The same email as HTML, for mail programs that show it: the same words, no images.
#[derive(Template)]
#[template(path = "email/message.html")]
struct Html<'a> {
    subject: &'a str,
    paragraphs: Vec<&'a str>,
    link: Option<String>,
    account: String,
    unsubscribe: Option<&'a str>,
}

pub fn compose_html(
    subject: &str,
    body: &str,
    link: &str,
    base_url: &str,
    unsubscribe: Option<&str>,
) -> Option<String> {
    let base = base_url.trim_end_matches('/');
    Html {
        subject,
        paragraphs: body
            .trim_end()
            .split("\n\n")
            .filter(|p| !p.trim().is_empty())
            .collect(),
        link: (!link.is_empty()).then(|| format!("{base}{link}")),
        account: format!("{base}/account"),
        unsubscribe,
    }
    .render()
    .ok()
}

#[derive(sqlx::FromRow)]
struct Pending {
    id: i64,
    to_address: String,
    subject: String,
    body: String,
    link: String,
    attempts: i32,
    user_id: Option<uuid::Uuid>,
    dedupe_key: Option<String>,
}

/// The Message-ID of outbox email `id`: stable, so a resent copy is recognisably the same email.
pub fn message_id(id: i64, base_url: &str) -> String {
    let host = url::Url::parse(base_url)
        .ok()
        .and_then(|url| url.host_str().map(str::to_owned))
        .unwrap_or_else(|| "throughline.invalid".into());
    format!("<outbox-{id}@{host}>")
}

/// Sends one batch of due email. Returns how many were sent. Safe to run from several app
/// instances at once: each claims rows the others do not hold (a lease in `next_attempt_at`).
pub async fn send_pending(pool: &PgPool, mailer: &Mailer, base_url: &str) -> anyhow::Result<usize> {
    let batch: Vec<Pending> = sqlx::query_as(
        "UPDATE email_outbox SET next_attempt_at = now() + make_interval(mins => $2) \
         WHERE id IN (SELECT id FROM email_outbox \
                      WHERE sent_at IS NULL AND next_attempt_at <= now() \
                      ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED) \
         RETURNING id, to_address, subject, body, link, attempts, user_id, dedupe_key",
    )
    .bind(BATCH)
    .bind(LEASE_MINUTES)
    .fetch_all(pool)
    .await?;
    let key = unsubscribe::key(pool).await?;
    let base = base_url.trim_end_matches('/');
    let mut sent = 0;
    for email in batch {
        let kind = unsubscribe::Kind::of_outbox(email.dedupe_key.as_deref());
        let unsubscribe = email
            .user_id
            .map(|user| format!("{base}{}", unsubscribe::path(&key, user, kind)));
        let outgoing = Outgoing {
            text: compose(&email.body, &email.link, base_url, unsubscribe.as_deref()),
            html: compose_html(
                &email.subject,
                &email.body,
                &email.link,
                base_url,
                unsubscribe.as_deref(),
            ),
            message_id: Some(message_id(email.id, base_url)),
            to: email.to_address.clone(),
            subject: email.subject.clone(),
            unsubscribe,
        };
        match mailer.send(&outgoing).await {
            Ok(()) => {
                sqlx::query(
                    "UPDATE email_outbox SET sent_at = now(), last_error = NULL WHERE id = $1",
                )
                .bind(email.id)
                .execute(pool)
                .await?;
                sent += 1;
            }
            Err(error) => {
                let attempts = email.attempts + 1;
                let message = format!("{error:#}");
                metrics::counter!("email_send_failures_total").increment(1);
                if attempts >= MAX_ATTEMPTS {
                    tracing::error!(
                        id = email.id,
                        to = %email.to_address,
                        subject = %email.subject,
                        attempts,
                        error = %message,
                        "email given up after repeated failures"
                    );
                } else {
                    tracing::warn!(id = email.id, attempts, error = %message, "email not sent; will retry");
                }
                // Waits 2, 4, 8 … minutes; after the last attempt the email stays unsent, with its
                // error, and is not tried again.
                sqlx::query(
                    "UPDATE email_outbox SET attempts = $2, last_error = $3, \
                         next_attempt_at = CASE WHEN $2 >= $4 THEN 'infinity'::timestamptz \
                                                ELSE now() + interval '1 minute' * power(2, $2) END \
                     WHERE id = $1",
                )
                .bind(email.id)
                .bind(attempts)
                .bind(&message)
                .bind(MAX_ATTEMPTS)
                .execute(pool)
                .await?;
            }
        }
    }
    Ok(sent)
}

/// Sends due email every 15 seconds, for as long as the app runs. Start it once per instance
/// (`tokio::spawn(run_outbox(pool, mailer, base_url))`); instances share the work safely.
pub async fn run_outbox(pool: PgPool, mailer: Mailer, base_url: String) {
    tracing::info!(transport = %mailer.description(), "email outbox sender started");
    let mut ticks = tokio::time::interval(INTERVAL);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        // A full batch may mean more is waiting: keep going until the outbox is drained.
        loop {
            let result = send_pending(&pool, &mailer, &base_url).await;
            crate::metrics::job_ran("email_outbox", result.is_ok());
            match result {
                Ok(n) if n as i64 >= BATCH => continue,
                Ok(_) => break,
                Err(error) => {
                    tracing::error!(error = %format!("{error:#}"), "email outbox: could not send");
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
