//! The command line: `serve`, `config`, `migrate`, `seed-demo`, `seed-bench`, `create-user`,
//! `backup`, `restore`.

mod settings;

use anyhow::{Context as _, Result, bail};
use clap::{Args, Parser, Subcommand};
use tokio::net::TcpListener;

use crate::access::EseRole;
use crate::app;
use crate::config::{DbArgs, ServeArgs, WebConfig};
use crate::db::Database;
use crate::notify::email::{self, Mailer};
use crate::state::AppState;
use crate::storage::Storage;
use crate::work::digest;
use crate::{backup, demo, people};

#[derive(Parser, Debug)]
#[command(
    name = "throughline",
    version,
    about = "Accelerated Improvement Planning for districts and the state"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the web app (starts its own PostgreSQL when DATABASE_URL is unset).
    Serve {
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        web: ServeArgs,
    },
    /// Print the settings `serve` would run with and where each came from (flag, environment or
    /// default); secrets show only whether they are set.
    Config {
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        web: ServeArgs,
    },
    /// Apply pending database migrations and exit.
    Migrate {
        #[command(flatten)]
        db: DbArgs,
        /// List the pending migrations without running any; exit with 1 when there are some.
        #[arg(long)]
        check: bool,
    },
    /// Load the demo districts and accounts (safe to repeat; nothing is added twice).
    SeedDemo {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Load the benchmark's state-sized dataset: districts bench-1 … bench-N with full plans and
    /// three school years of monitoring (safe to repeat; only missing districts are made).
    SeedBench {
        #[command(flatten)]
        db: DbArgs,
        /// How many districts (Massachusetts has about 400).
        #[arg(long, default_value_t = 400)]
        districts: u32,
    },
    /// Create an account with a temporary password, printed once (the person changes it at first
    /// sign-in). Use it to make the first ESE administrator on an empty database.
    CreateUser {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        title: String,
        /// Global role: ese-admin or ese-staff. District roles are given in the app.
        #[arg(long, value_parser = parse_ese_role)]
        role: Option<EseRole>,
    },
    /// Write one archive with a consistent dump of the database (pg_dump) and every evidence
    /// file, each with its SHA-256 in the archive's manifest. The app may keep serving meanwhile.
    Backup {
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        store: StoreArgs,
        /// The archive to write (a tar file); replaced whole only when the backup succeeds.
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Restore an archive `backup` wrote into an empty database and an empty evidence store,
    /// after checking every part against its checksum; then the app starts on it as before.
    Restore {
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        store: StoreArgs,
        /// The archive to restore.
        #[arg(long)]
        from: std::path::PathBuf,
    },
}

/// Where the evidence files are, for the commands that copy them.
#[derive(Args, Debug)]
pub struct StoreArgs {
    /// Where evidence files are kept, as `serve` takes it: unset, `<data-dir>/evidence`;
    /// `s3://bucket[/prefix]` for an S3-compatible bucket; else a local folder.
    #[arg(long, env = "EVIDENCE_STORE")]
    pub evidence_store: Option<String>,
}

fn parse_ese_role(text: &str) -> Result<EseRole, String> {
    EseRole::parse(&text.replace('-', "_")).ok_or_else(|| "use ese-admin or ese-staff".to_string())
}

pub async fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Serve { db, web } => serve(db, web).await,
        Command::Config { .. } => {
            // Parsed again to learn each value's source, which the derived struct does not keep.
            let command = <Cli as clap::CommandFactory>::command();
            let matches = command.clone().get_matches();
            if let Some((name, matches)) = matches.subcommand()
                && let Some(sub) = command.find_subcommand(name)
            {
                for line in settings::report(sub, matches) {
                    println!("{line}");
                }
            }
            Ok(())
        }
        Command::Migrate { db, check: false } => {
            let database = Database::open(&db).await?;
            database.migrate().await?;
            println!("Migrations applied.");
            database.shutdown().await
        }
        Command::Migrate { db, check: true } => {
            let database = Database::open(&db).await?;
            let pending = database.pending().await;
            database.shutdown().await?;
            check_migrations(&pending?)
        }
        Command::SeedDemo { db } => {
            let database = Database::open(&db).await?;
            database.migrate().await?;
            let pool = database.app_pool().await?;
            demo::seed(&pool).await?;
            pool.close().await;
            println!("Demo data loaded. {}", demo::LOGINS_HINT);
            database.shutdown().await
        }
        Command::SeedBench { db, districts } => {
            let database = Database::open(&db).await?;
            database.migrate().await?;
            let pool = database.app_pool().await?;
            let started = std::time::Instant::now();
            let made = crate::bench::seed(&pool, districts, crate::calendar::today()).await;
            pool.close().await;
            database.shutdown().await?;
            println!(
                "Benchmark dataset: {} districts made in {:.1} s ({districts} asked for; the rest were there).",
                made?,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::CreateUser {
            db,
            email,
            name,
            title,
            role,
        } => {
            let database = Database::open(&db).await?;
            database.migrate().await?;
            let pool = database.app_pool().await?;
            let result = people::create_from_cli(&pool, &email, &name, &title, role).await;
            pool.close().await;
            database.shutdown().await?;
            let password = result?;
            println!("Created {email}. Temporary password: {password}");
            println!(
                "It works for {} days; they will choose their own password at first sign-in.",
                crate::auth::TEMPORARY_PASSWORD_DAYS
            );
            Ok(())
        }
        Command::Backup { db, store, to } => copy(db, store, Copy::Backup(to)).await,
        Command::Restore { db, store, from } => copy(db, store, Copy::Restore(from)).await,
    }
}

enum Copy {
    Backup(std::path::PathBuf),
    Restore(std::path::PathBuf),
}

/// `backup` and `restore`: the owner's connection, the store, and a line saying what was done.
async fn copy(db: DbArgs, store: StoreArgs, what: Copy) -> Result<()> {
    let database = Database::open(&db).await?;
    let connection = backup::Connection::new(database.owner.clone(), db.database_url.as_deref());
    let outcome = async {
        let storage = Storage::from_setting(store.evidence_store.as_deref(), &db.data_dir)?;
        let started = std::time::Instant::now();
        let (manifest, done) = match &what {
            Copy::Backup(to) => (
                backup::backup(&connection, &storage, to).await?,
                format!("Backed up to {}", to.display()),
            ),
            Copy::Restore(from) => (
                backup::restore(&connection, &storage, from).await?,
                format!("Restored from {}", from.display()),
            ),
        };
        let rows: i64 = manifest.tables.values().sum();
        let bytes: u64 = manifest.files.iter().map(|f| f.bytes).sum();
        println!(
            "{done}: {} tables ({rows} rows, a dump of {} bytes) and {} evidence files ({bytes} \
             bytes) in {:.1} s.",
            manifest.tables.len(),
            manifest.database.bytes,
            manifest.files.len(),
            started.elapsed().as_secs_f64()
        );
        for key in &manifest.missing {
            eprintln!(
                "warning: evidence file {key} is named by the database but was not in the store"
            );
        }
        anyhow::Ok(())
    }
    .await;
    let stopped = database.shutdown().await;
    outcome.and(stopped)
}

/// Prints what `migrate` would do; pending migrations are an error so that a deploy script can
/// stop before starting an instance on an old schema.
fn check_migrations(pending: &[crate::db::Pending]) -> Result<()> {
    if pending.is_empty() {
        println!("The database is up to date: no migration is pending.");
        return Ok(());
    }
    println!("Pending migrations (run `throughline migrate` to apply them):");
    for m in pending {
        let note = if m.modified {
            " — ran before, but its file has changed since"
        } else {
            ""
        };
        println!("  {:04} {}{note}", m.version, m.description);
    }
    bail!("{} migration(s) pending", pending.len())
}

async fn serve(db: DbArgs, args: ServeArgs) -> Result<()> {
    exposure_check(&args)?;
    let listener = TcpListener::bind(args.bind).await.with_context(|| {
        format!(
            "could not listen on {} (set BIND or --bind to another address)",
            args.bind
        )
    })?;
    let bound = listener.local_addr()?;
    let database = Database::open(&db).await?;
    let outcome = run_server(&database, &args, &db.data_dir, listener, bound).await;
    // PostgreSQL stops after the web server, whatever happened to it.
    let stopped = database.shutdown().await;
    outcome.and(stopped)
}

async fn run_server(
    database: &Database,
    args: &ServeArgs,
    data_dir: &std::path::Path,
    listener: TcpListener,
    bound: std::net::SocketAddr,
) -> Result<()> {
    database.migrate().await?;
    let pool = database.app_pool().await?;
    if args.demo {
        demo::seed(&pool).await?;
    }
    let config = WebConfig::from_args(args, bound);
    if !config.static_dir.is_dir() {
        bail!(
            "The static files folder {} does not exist (set STATIC_DIR).",
            config.static_dir.display()
        );
    }
    let url = config.base_url.clone();
    let evidence = Storage::from_setting(args.evidence_store.as_deref(), data_dir)?;
    tracing::info!(store = %evidence.description, "evidence files");
    let router = app::router(AppState {
        db: pool.clone(),
        config: config.into(),
        evidence,
    })?;
    // Scheduled work runs in every instance; the outbox and the digest are safe to run side by
    // side (rows claimed with SKIP LOCKED, one digest row per person and week).
    let mailer = Mailer::from_args(&args.mail)?;
    tracing::info!(transport = %mailer.description(), "email");
    tokio::spawn(email::run_outbox(pool.clone(), mailer, url.clone()));
    tokio::spawn(digest::run(pool.clone(), url.clone()));
    tokio::spawn(crate::plans::switch::run(pool.clone()));
    if args.demo {
        println!("Throughline is running at {url} — {}", demo::LOGINS_HINT);
    } else {
        println!("Throughline is running at {url}");
    }
    app::serve(listener, router, app::shutdown_signal()).await?;
    pool.close().await;
    Ok(())
}

/// The demo's passwords are printed in the README: on an address other people can reach, anyone
/// could sign in as ESE. Refused there unless asked for by name (as in a container, whose
/// 0.0.0.0 is reachable only through the ports it publishes).
fn exposure_check(args: &ServeArgs) -> Result<()> {
    let loopback = args.bind.ip().is_loopback();
    if args.demo && !loopback && !args.demo_on_network {
        bail!(
            "--demo on {} would let anyone who can reach it sign in with the published demo \
             passwords. Bind to 127.0.0.1, or add --demo-on-network if this is really wanted.",
            args.bind
        );
    }
    let https = args
        .base_url
        .as_deref()
        .is_some_and(|url| url.starts_with("https://"));
    if !loopback && !https {
        tracing::warn!(
            bind = %args.bind,
            "BASE_URL is not https:// on a network address: passwords and session cookies would \
             cross the network in clear; serve behind TLS and set BASE_URL=https://…"
        );
    }
    Ok(())
}
