//! The database: where it is, its migrations, and the pool the app uses.
//!
//! Two identities share one connection URL. Migrations run as the URL's own role (the owner of
//! every table); the app's pool switches each connection to [`APP_ROLE`], which owns nothing and
//! is subject to row-level security, before handing it out.

pub mod embedded;

use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context as _, Result};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, Executor, PgConnection, PgPool, Postgres, Transaction};
use uuid::Uuid;

use crate::config::DbArgs;

/// The role the web app runs as (created by the first migration).
pub const APP_ROLE: &str = "throughline_app";
/// The database the embedded cluster keeps Throughline's data in.
pub const EMBEDDED_DATABASE: &str = "throughline";

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// A database ready for use, and the embedded server behind it when there is one (dropping it
/// stops that server).
pub struct Database {
    pub owner: PgConnectOptions,
    pub cluster: Option<embedded::Cluster>,
}

impl Database {
    /// `DATABASE_URL` when set; otherwise the embedded cluster under the data folder, started.
    pub async fn open(args: &DbArgs) -> Result<Self> {
        if let Some(url) = &args.database_url {
            let owner = PgConnectOptions::from_str(url)
                .context("DATABASE_URL is not a valid PostgreSQL URL")?;
            return Ok(Self {
                owner,
                cluster: None,
            });
        }
        let data_dir = args.data_dir.clone();
        // initdb and pg_ctl block for seconds; keep them off the async workers.
        let cluster = tokio::task::spawn_blocking(move || -> Result<embedded::Cluster> {
            let mut cluster = embedded::Cluster::prepare(&data_dir)?;
            cluster.start()?;
            Ok(cluster)
        })
        .await??;
        embedded::ensure_database(&cluster.connect_options("postgres"), EMBEDDED_DATABASE).await?;
        let owner = cluster.connect_options(EMBEDDED_DATABASE);
        Ok(Self {
            owner,
            cluster: Some(cluster),
        })
    }

    pub async fn migrate(&self) -> Result<()> {
        migrate(&self.owner).await
    }

    pub async fn app_pool(&self) -> Result<PgPool> {
        app_pool(self.owner.clone()).await
    }

    /// Stops the embedded server, if this process started one.
    pub async fn shutdown(mut self) -> Result<()> {
        if let Some(mut cluster) = self.cluster.take() {
            tokio::task::spawn_blocking(move || cluster.stop()).await??;
        }
        Ok(())
    }
}

/// Applies pending migrations as the owner role.
pub async fn migrate(owner: &PgConnectOptions) -> Result<()> {
    let mut conn = PgConnection::connect_with(owner)
        .await
        .context("could not connect to PostgreSQL to run the migrations")?;
    MIGRATOR
        .run(&mut conn)
        .await
        .context("the database migrations failed")?;
    conn.close().await?;
    Ok(())
}

/// The pool the web app uses: every connection runs as [`APP_ROLE`].
pub async fn app_pool(owner: PgConnectOptions) -> Result<PgPool> {
    PgPoolOptions::new()
        .max_connections(10)
        .acquire_timeout(Duration::from_secs(5))
        .after_connect(|conn, _meta| {
            Box::pin(async move {
                conn.execute(format!("SET ROLE {APP_ROLE}").as_str())
                    .await?;
                Ok(())
            })
        })
        .connect_with(owner)
        .await
        .context("could not connect to PostgreSQL")
}

/// Who is asking, as row-level security sees it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context {
    pub user_id: Option<Uuid>,
    pub district_id: Option<Uuid>,
    pub ese: bool,
}

/// Opens a transaction whose row-level-security context is `context`. The settings are local to
/// the transaction, so a pooled connection never carries them into the next request.
pub async fn begin(
    pool: &PgPool,
    context: Context,
) -> Result<Transaction<'static, Postgres>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    set_context(&mut tx, context).await?;
    Ok(tx)
}

/// Replaces the context of an open transaction (the tenancy gate narrows it to one district).
pub async fn set_context(conn: &mut PgConnection, context: Context) -> Result<(), sqlx::Error> {
    let text = |id: Option<Uuid>| id.map(|id| id.to_string()).unwrap_or_default();
    sqlx::query(
        "SELECT set_config('app.user_id', $1, true), set_config('app.district_id', $2, true), \
         set_config('app.ese', $3, true)",
    )
    .bind(text(context.user_id))
    .bind(text(context.district_id))
    .bind(if context.ese { "on" } else { "off" })
    .execute(conn)
    .await?;
    Ok(())
}

/// Widens a transaction's reading to every district in `districts` (a person's own districts, for
/// their home, digest and calendar feed). Writes still need the one-district context.
pub async fn set_member_districts(
    conn: &mut PgConnection,
    districts: &[Uuid],
) -> Result<(), sqlx::Error> {
    let list = districts
        .iter()
        .map(Uuid::to_string)
        .collect::<Vec<_>>()
        .join(",");
    sqlx::query("SELECT set_config('app.member_districts', $1, true)")
        .bind(list)
        .execute(conn)
        .await?;
    Ok(())
}
