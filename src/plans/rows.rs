//! Reading the district's rows by one id, the shape most single-thing reads take: `$1` the
//! district (so the query keeps to the scope's district) and `$2` the id.

use sqlx::postgres::PgRow;
use sqlx::{FromRow, PgConnection};
use uuid::Uuid;

/// The row `sql` finds, if any.
pub async fn one<T>(
    conn: &mut PgConnection,
    sql: &str,
    district_id: Uuid,
    id: Uuid,
) -> sqlx::Result<Option<T>>
where
    T: for<'r> FromRow<'r, PgRow> + Send + Unpin,
{
    let query = sqlx::query_as(sql).bind(district_id).bind(id);
    query.fetch_optional(conn).await
}

/// Every row `sql` finds, in its order.
pub async fn all<T>(
    conn: &mut PgConnection,
    sql: &str,
    district_id: Uuid,
    id: Uuid,
) -> sqlx::Result<Vec<T>>
where
    T: for<'r> FromRow<'r, PgRow> + Send + Unpin,
{
    let query = sqlx::query_as(sql).bind(district_id).bind(id);
    query.fetch_all(conn).await
}
