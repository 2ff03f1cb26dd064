//! The benchmark's state-sized dataset (`throughline seed-bench`): districts `bench-1` …
//! `bench-N` with full plans and three school years of monitoring, made in PostgreSQL by one
//! script (`seed.sql`), so 400 districts take seconds rather than the hours a row-by-row seeder
//! would. The people sign in with the demo password: `bench-{n}-supt@bench.test`,
//! `bench-{n}-manager@bench.test`, `bench-{n}-leader1@bench.test`, `bench-monitor-{k}@bench.test`
//! (monitor 1: districts 1–10; then seven each) and `bench-ese-1@bench.test`.

use anyhow::{Context as _, Result};
use sqlx::{PgPool, Row};

use crate::auth::password;
use crate::db::{self, Context};
use crate::demo::DEMO_PASSWORD;

const SEED: &str = include_str!("seed.sql");

/// Makes the districts of `1..=districts` that do not exist yet, with everything they hold, in
/// one transaction; returns how many it made.
// A command-line job before anyone signs in: no gate stands in front of it, so it opens ESE's
// database context itself, as the demo seeder does.
#[allow(clippy::disallowed_methods)]
pub async fn seed(pool: &PgPool, districts: u32, today: chrono::NaiveDate) -> Result<i64> {
    let hash = password::hash(DEMO_PASSWORD.into()).await?;
    let mut tx = db::begin(
        pool,
        Context {
            ese: true,
            ..Context::default()
        },
    )
    .await?;
    sqlx::query(
        "SELECT set_config('bench.districts', $1, true), set_config('bench.today', $2, true), \
         set_config('bench.hash', $3, true)",
    )
    .bind(districts.to_string())
    .bind(today.to_string())
    .bind(hash)
    .execute(&mut *tx)
    .await?;
    let results = sqlx::raw_sql(SEED)
        .fetch_all(&mut *tx)
        .await
        .context("the benchmark dataset could not be made")?;
    let made: i64 = results
        .last()
        .context("the seed script ends with its count")?
        .try_get(0)?;
    tx.commit().await?;
    Ok(made)
}
