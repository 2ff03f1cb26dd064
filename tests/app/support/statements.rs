//! The one statement counter (`pg_stat_statements`), for tests that prove a page or a read runs a
//! fixed number of statements whatever the data.
//!
//! Tests run side by side on one server, each in a database of its own, so counting starts by
//! clearing only this database's counts: a reset of the whole server would empty another
//! test's count halfway through.

use sqlx::{Executor, PgConnection};

use super::{Client, TestApp};

/// Statements the app's database role ran while serving `path`. Left out: the driver's look-ups
/// of type names and the `SET ROLE` (once per pooled connection: they depend on which connection
/// served), and the closing `ROLLBACK` of a read-only request, which may land after the response.
///
/// `None` only when statement counting is unavailable and `THROUGHLINE_SKIP_STATEMENT_COUNTS=1`
/// allows skipping; otherwise a missing `pg_stat_statements` fails the test.
pub async fn statements_for(app: &TestApp, client: &Client, path: &str) -> Option<i64> {
    let mut owner = app.owner_conn().await;
    if !start_counting_statements(&mut owner).await {
        return None;
    }
    assert_eq!(client.get(path).await.status(), 200);
    Some(counted(&mut owner, "query <> 'ROLLBACK'").await)
}

/// Statements the app's database role ran in this database since
/// [`start_counting_statements`], as [`statements_for`] counts them and without `BEGIN` and
/// `COMMIT`: what a piece of code called inside a transaction ran.
pub async fn app_statements(owner: &mut PgConnection) -> i64 {
    counted(owner, "query NOT IN ('BEGIN', 'COMMIT', 'ROLLBACK')").await
}

async fn counted(owner: &mut PgConnection, also: &str) -> i64 {
    sqlx::query_scalar(&format!(
        "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements \
         WHERE userid = 'throughline_app'::regrole \
           AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) \
           AND query NOT LIKE '%pg_catalog%' AND query NOT LIKE 'SELECT enumlabel%' \
           AND query NOT LIKE 'SET ROLE%' AND {also}"
    ))
    .fetch_one(owner)
    .await
    .unwrap_or_else(|error| panic!("{}", missing_statement_counts(&error)))
}

/// The variable that lets statement-count tests skip on a server without `pg_stat_statements`.
pub const SKIP_STATEMENT_COUNTS: &str = "THROUGHLINE_SKIP_STATEMENT_COUNTS";

/// Makes sure `pg_stat_statements` is there and clears the counts of `owner`'s database (only
/// this test's). A server without it fails the test with what to do, because a statement-count
/// test that quietly skips proves nothing; with `THROUGHLINE_SKIP_STATEMENT_COUNTS=1` it answers
/// `false` and the caller skips.
pub async fn start_counting_statements(owner: &mut PgConnection) -> bool {
    let ready = match owner
        .execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        .await
    {
        Ok(_) => owner
            .execute(
                "SELECT pg_stat_statements_reset(0::oid, \
                   (SELECT oid FROM pg_database WHERE datname = current_database()), 0::bigint)",
            )
            .await
            .map(|_| ()),
        Err(error) => Err(error),
    };
    match ready {
        Ok(()) => true,
        Err(_) if std::env::var(SKIP_STATEMENT_COUNTS).as_deref() == Ok("1") => {
            eprintln!("skipped: pg_stat_statements is not available ({SKIP_STATEMENT_COUNTS}=1)");
            false
        }
        Err(error) => panic!("{}", missing_statement_counts(&error)),
    }
}

/// Why a statement-count test cannot run, and how to run it or skip it.
pub fn missing_statement_counts(error: &sqlx::Error) -> String {
    format!(
        "statement counting needs PostgreSQL's pg_stat_statements ({error}). Install it (the \
         postgresql-contrib package; the test server preloads it when its library is present) \
         and load it with shared_preload_libraries = 'pg_stat_statements', or set \
         {SKIP_STATEMENT_COUNTS}=1 to skip the statement-count checks."
    )
}
