//! One configuration, read from flags and the environment, with defaults that run on a laptop.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;

/// Settings shared by every command that touches the database.
#[derive(Args, Debug, Clone)]
pub struct DbArgs {
    /// PostgreSQL server to use. Unset: Throughline starts its own under `<data-dir>/postgres`.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,

    /// The role the web app serves as, if not the `throughline_app` role the migrations make (its
    /// password then comes from the database). It must own nothing and not bypass row-level security.
    #[arg(long, env = "APP_DATABASE_URL", hide_env_values = true)]
    pub app_database_url: Option<String>,

    /// Folder for the embedded PostgreSQL cluster and other local data.
    #[arg(long, env = "DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
}

/// Settings of the web server.
#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// The address people use to reach the app (for secure cookies and the cross-site check).
    /// Defaults to http://<bind>.
    #[arg(long, env = "BASE_URL")]
    pub base_url: Option<String>,

    /// Folder of static files (CSS, icons).
    #[arg(long, env = "STATIC_DIR")]
    pub static_dir: Option<PathBuf>,

    /// Hours of inactivity after which a person must sign in again.
    #[arg(long, env = "SESSION_IDLE_HOURS", default_value_t = 12)]
    pub session_idle_hours: i64,

    /// Load the demo districts and accounts before serving (safe to repeat).
    #[arg(long)]
    pub demo: bool,

    /// Allow `--demo` on an address other than loopback (its passwords are public).
    #[arg(long, env = "DEMO_ON_NETWORK")]
    pub demo_on_network: bool,

    /// Where evidence files are kept. Unset: `<data-dir>/evidence`. `s3://bucket[/prefix]`: an
    /// S3-compatible bucket configured by the usual AWS_* variables (AWS_ENDPOINT for MinIO).
    /// Anything else: a local folder.
    #[arg(long, env = "EVIDENCE_STORE")]
    pub evidence_store: Option<String>,

    /// The largest evidence file people may upload, in megabytes.
    #[arg(long, env = "MAX_UPLOAD_MB", default_value_t = 20)]
    pub max_upload_mb: usize,

    /// The bearer token `/metrics` asks for; without one `/metrics` does not exist.
    #[arg(long, env = "METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,

    #[command(flatten)]
    pub mail: MailArgs,
}

/// How notification and digest emails leave the app. With neither `SMTP_URL` nor `MAIL_DIR`, each
/// email is written to the log, so nothing is silently dropped.
#[derive(Args, Debug, Clone)]
pub struct MailArgs {
    /// SMTP server, e.g. `smtps://user:password@smtp.example.org` or
    /// `smtp://relay.internal:25?tls=required`.
    #[arg(long, env = "SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// Without SMTP: a folder to write each email into as an .eml file (for trying things out).
    #[arg(long, env = "MAIL_DIR")]
    pub mail_dir: Option<PathBuf>,

    /// The sender of every email.
    #[arg(long, env = "MAIL_FROM", default_value = DEFAULT_MAIL_FROM)]
    pub mail_from: String,
}

pub const DEFAULT_MAIL_FROM: &str = "Throughline <no-reply@throughline.invalid>";

impl Default for MailArgs {
    /// Emails to the log, from the default sender.
    fn default() -> Self {
        Self {
            smtp_url: None,
            mail_dir: None,
            mail_from: DEFAULT_MAIL_FROM.into(),
        }
    }
}

/// What the running web app needs to know, resolved from [`ServeArgs`].
#[derive(Debug, Clone)]
pub struct WebConfig {
    pub base_url: String,
    pub static_dir: PathBuf,
    pub session_idle_hours: i64,
    /// The largest evidence file accepted, in bytes.
    pub max_upload_bytes: usize,
    /// What `/metrics` asks for as `Authorization: Bearer …`; `None` hides it.
    pub metrics_token: Option<String>,
}

impl WebConfig {
    pub fn from_args(args: &ServeArgs, bound: SocketAddr) -> Self {
        let base_url = args
            .base_url
            .clone()
            .unwrap_or_else(|| format!("http://{bound}"))
            .trim_end_matches('/')
            .to_string();
        Self {
            base_url,
            static_dir: args.static_dir.clone().unwrap_or_else(default_static_dir),
            session_idle_hours: args.session_idle_hours.max(1),
            max_upload_bytes: args.max_upload_mb.max(1) * 1024 * 1024,
            metrics_token: args
                .metrics_token
                .clone()
                .filter(|token| !token.trim().is_empty()),
        }
    }

    /// The most a request body may carry. Twice the upload limit, so that a file somewhat too
    /// large still reaches its form and gets a message there instead of a bare refusal.
    pub fn body_limit(&self) -> usize {
        self.max_upload_bytes * 2 + 1024 * 1024
    }

    /// Cookies are marked Secure only when people reach the app over https; over plain http a
    /// browser would refuse to send them back.
    pub fn secure_cookies(&self) -> bool {
        self.base_url.starts_with("https://")
    }
}

/// `./static` when run from a checkout or the container; otherwise the crate's own folder.
pub fn default_static_dir() -> PathBuf {
    let local = PathBuf::from("static");
    if local.is_dir() {
        local
    } else {
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/static"))
    }
}
