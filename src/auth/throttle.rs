//! Slows password guessing: after [`MAX_FAILURES`] failed sign-ins for one email within
//! [`WINDOW_MINUTES`], further attempts for that email are refused until the window passes.

use sqlx::PgPool;

pub const MAX_FAILURES: i64 = 10;
pub const WINDOW_MINUTES: i32 = 15;

pub async fn is_locked(pool: &PgPool, email: &str) -> sqlx::Result<bool> {
    let recent: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sign_in_failures WHERE email = $1 AND failed_at > now() - make_interval(mins => $2)",
    )
    .bind(email)
    .bind(WINDOW_MINUTES)
    .fetch_one(pool)
    .await?;
    Ok(recent >= MAX_FAILURES)
}

pub async fn record_failure(pool: &PgPool, email: &str) -> sqlx::Result<()> {
    sqlx::query(
        "WITH expired AS (DELETE FROM sign_in_failures WHERE failed_at < now() - interval '1 day') \
         INSERT INTO sign_in_failures (email) VALUES ($1)",
    )
    .bind(email)
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn clear(pool: &PgPool, email: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sign_in_failures WHERE email = $1")
        .bind(email)
        .execute(pool)
        .await?;
    Ok(())
}
