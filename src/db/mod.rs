//! The database: where it is, its migrations, and the pool the app uses.
//!
//! Two identities: migrations run as the URL's own role (the owner of every table); the app serves
//! as [`APP_ROLE`], a LOGIN role that owns nothing, is no superuser and cannot bypass row-level
//! security, so no statement a request runs can step outside its district.

pub mod embedded;
pub mod scoped;

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
    /// `APP_DATABASE_URL`: a serving role of the operator's own making.
    pub serving: Option<PgConnectOptions>,
    pub cluster: Option<embedded::Cluster>,
}

impl Database {
    /// `DATABASE_URL` when set; otherwise the embedded cluster under the data folder, started.
    pub async fn open(args: &DbArgs) -> Result<Self> {
        let serving = args
            .app_database_url
            .as_deref()
            .map(PgConnectOptions::from_str)
            .transpose()
            .context("APP_DATABASE_URL is not a valid PostgreSQL URL")?;
        if let Some(url) = &args.database_url {
            let owner = PgConnectOptions::from_str(url)
                .context("DATABASE_URL is not a valid PostgreSQL URL")?;
            return Ok(Self {
                owner,
                serving,
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
            serving,
            cluster: Some(cluster),
        })
    }

    pub async fn migrate(&self) -> Result<()> {
        migrate(&self.owner).await
    }

    pub async fn pending(&self) -> Result<Vec<Pending>> {
        pending(&self.owner).await
    }

    /// The serving pool: `APP_DATABASE_URL`'s role when given, else [`APP_ROLE`] signed in
    /// with the database's own secret.
    pub async fn app_pool(&self) -> Result<PgPool> {
        match &self.serving {
            Some(serving) => serving_pool(serving.clone()).await,
            None => app_pool(self.owner.clone()).await,
        }
    }

    /// Stops the embedded server, if this process started one.
    pub async fn shutdown(mut self) -> Result<()> {
        if let Some(mut cluster) = self.cluster.take() {
            tokio::task::spawn_blocking(move || cluster.stop()).await??;
        }
        Ok(())
    }
}

/// Applies pending migrations as the owner role. sqlx holds a PostgreSQL advisory lock for the
/// whole run, so instances starting together apply each migration once; each migration runs in
/// its own transaction, so one that fails leaves the database as the one before it left it.
pub async fn migrate(owner: &PgConnectOptions) -> Result<()> {
    let mut conn = PgConnection::connect_with(owner)
        .await
        .context("could not connect to PostgreSQL to run the migrations")?;
    MIGRATOR.run(&mut conn).await.context(
        "the database migrations failed; the database is as the last migration that succeeded \
         left it, and Throughline will not start on it until they run",
    )?;
    conn.close().await?;
    Ok(())
}

/// A migration this build has that the database has not run (or ran in another form).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub version: i64,
    pub description: String,
    /// It ran, but its file has changed since: a landed migration was edited.
    pub modified: bool,
}

/// The migrations [`migrate`] would run, read without running any.
pub async fn pending(owner: &PgConnectOptions) -> Result<Vec<Pending>> {
    let mut conn = PgConnection::connect_with(owner)
        .await
        .context("could not connect to PostgreSQL to read its migrations")?;
    let exists: bool = sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations') IS NOT NULL")
        .fetch_one(&mut conn)
        .await?;
    let applied: Vec<(i64, Vec<u8>)> = if exists {
        sqlx::query_as("SELECT version, checksum FROM _sqlx_migrations WHERE success")
            .fetch_all(&mut conn)
            .await?
    } else {
        Vec::new()
    };
    conn.close().await?;
    Ok(MIGRATOR
        .iter()
        .filter(|m| m.migration_type.is_up_migration())
        .filter_map(|m| {
            let ran = applied.iter().find(|(version, _)| *version == m.version);
            let modified = ran.is_some_and(|(_, checksum)| *checksum != *m.checksum);
            (ran.is_none() || modified).then(|| Pending {
                version: m.version,
                description: m.description.to_string(),
                modified,
            })
        })
        .collect())
}

/// The versions of this build's migrations that `applied` (the database's) lacks.
pub fn missing(applied: &[i64]) -> Vec<i64> {
    MIGRATOR
        .iter()
        .filter(|m| m.migration_type.is_up_migration() && !applied.contains(&m.version))
        .map(|m| m.version)
        .collect()
}

/// The pool the web app uses, reached with the owner's URL: every connection signs in as
/// [`APP_ROLE`] itself (see [`serving_options`]).
pub async fn app_pool(owner: PgConnectOptions) -> Result<PgPool> {
    let serving = serving_options(&owner).await?;
    serving_pool(serving).await
}

/// Lets [`APP_ROLE`] sign in with the database's own random secret and returns how to reach it
/// as that role. Every instance reads the same secret, so they agree on the password.
pub async fn serving_options(owner: &PgConnectOptions) -> Result<PgConnectOptions> {
    let mut conn = PgConnection::connect_with(owner)
        .await
        .context("could not connect to PostgreSQL")?;
    let password: String = sqlx::query_scalar("SELECT password FROM serving_credentials")
        .fetch_one(&mut conn)
        .await
        .context("the serving role's secret is missing (run the migrations first)")?;
    let serving = owner.clone().username(APP_ROLE).password(&password);
    // Already able to sign in (the usual case after the first start): change nothing, since
    // instances starting together would otherwise race on the role's one catalogue row.
    if let Ok(probe) = PgConnection::connect_with(&serving).await {
        probe.close().await.ok();
        conn.close().await?;
        return Ok(serving);
    }
    // Quoted by PostgreSQL itself; ALTER ROLE takes no bind parameters.
    let statement: String = sqlx::query_scalar(&format!(
        "SELECT format('ALTER ROLE {APP_ROLE} LOGIN PASSWORD %L', $1::text)"
    ))
    .bind(&password)
    .fetch_one(&mut conn)
    .await?;
    let mut tries = 0;
    while let Err(error) = conn.execute(statement.as_str()).await {
        // Another instance altering the role at the same moment: PostgreSQL says "tuple
        // concurrently updated"; the other's change is the same one, so trying again is safe.
        tries += 1;
        if tries >= 5 || !error.to_string().contains("concurrently") {
            return Err(anyhow::Error::new(error).context(
                "the database owner may not let the app's role sign in (it needs CREATEROLE); \
                 set APP_DATABASE_URL to a role made for serving instead",
            ));
        }
        tokio::time::sleep(Duration::from_millis(50 * tries)).await;
    }
    conn.close().await?;
    Ok(serving)
}

/// A pool for the serving role at `serving`. Refuses a role that could see past row-level
/// security: a superuser, a BYPASSRLS role, or the owner of any table.
pub async fn serving_pool(serving: PgConnectOptions) -> Result<PgPool> {
    // A transaction left open (a crashed handler, a stuck client) would hold its locks and its
    // connection; PostgreSQL ends it instead.
    let serving = serving.options([("idle_in_transaction_session_timeout", "15s")]);
    let pool = PgPoolOptions::new()
        .max_connections(10)
        .acquire_timeout(Duration::from_secs(5))
        .connect_with(serving)
        .await
        .context("could not connect to PostgreSQL as the app's serving role")?;
    let (privileged, owned): (bool, i64) = sqlx::query_as(
        "SELECT r.rolsuper OR r.rolbypassrls, \
                (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid \
                   AND c.relnamespace = 'public'::regnamespace) \
         FROM pg_roles r WHERE r.rolname = current_user",
    )
    .fetch_one(&pool)
    .await?;
    if privileged || owned > 0 {
        anyhow::bail!(
            "the serving role may bypass row-level security (it is a superuser, has BYPASSRLS or \
             owns tables); serve with a role that is NOSUPERUSER NOBYPASSRLS and owns nothing"
        );
    }
    Ok(pool)
}

/// Who is asking, as row-level security sees it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context {
    pub user_id: Option<Uuid>,
    pub district_id: Option<Uuid>,
    pub ese: bool,
}

impl Context {
    /// A signed-in person's own context, in no district yet: their own rows, their districts'
    /// rows where a policy lets members read them, and every district for ESE staff.
    pub fn person(user_id: Uuid, ese: bool) -> Self {
        Self {
            user_id: Some(user_id),
            district_id: None,
            ese,
        }
    }

    /// The person inside one district and nothing more, whatever their role elsewhere.
    pub fn in_district(user_id: Uuid, district_id: Uuid) -> Self {
        Self {
            user_id: Some(user_id),
            district_id: Some(district_id),
            ese: false,
        }
    }

    /// No person, every district: for work that runs without a request (seeding, scheduled
    /// jobs) and reads or writes across districts.
    pub fn every_district() -> Self {
        Self {
            ese: true,
            ..Self::default()
        }
    }
}

/// Opens a transaction whose row-level-security context is `context`. The settings are local to
/// the transaction, so a pooled connection never carries them into the next request.
// The definition itself: everyone else reaches it through the gate in `access`.
#[allow(clippy::disallowed_methods)]
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
