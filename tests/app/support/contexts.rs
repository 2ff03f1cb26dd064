//! Database contexts opened by hand, from outside the app's gate, and one-value reads in them:
//! how the tenancy tests prove row-level security holds whoever asks.

use sqlx::PgConnection;
use sqlx::postgres::PgRow;
use throughline::db::Context;
use uuid::Uuid;

/// ESE's context: every district's rows.
pub fn ese() -> Context {
    Context {
        ese: true,
        ..Context::default()
    }
}

/// A signed-in person's context with no district chosen (a home page's).
pub fn member(user: Uuid) -> Context {
    Context {
        user_id: Some(user),
        ..Context::default()
    }
}

/// One district's context, with nobody signed in.
pub fn of_district(district_id: Uuid) -> Context {
    Context {
        user_id: None,
        district_id: Some(district_id),
        ese: false,
    }
}

/// The one value `sql` answers on `conn`.
pub async fn scalar<T>(conn: &mut PgConnection, sql: &str) -> T
where
    (T,): for<'r> sqlx::FromRow<'r, PgRow>,
    T: Send + Unpin,
{
    sqlx::query_scalar(sql).fetch_one(conn).await.unwrap()
}

/// Every value of the one column `sql` answers on `conn`.
pub async fn column<T>(conn: &mut PgConnection, sql: &str) -> Vec<T>
where
    (T,): for<'r> sqlx::FromRow<'r, PgRow>,
    T: Send + Unpin,
{
    sqlx::query_scalar(sql).fetch_all(conn).await.unwrap()
}
