//! The statement most queries are: the rows of one district that belong to one record of it (a
//! discussion's reviews, a report's ratings, the record itself), with the district bound as `$1`
//! and the record as `$2`. Row-level security is the second wall; `$1` in the `WHERE` is the first.

use sqlx::postgres::{PgArguments, PgRow};
use sqlx::query::QueryAs;
use sqlx::{Decode, FromRow, PgConnection, Postgres, Type};
use uuid::Uuid;

/// `sql` with the district and the id bound, to fetch one row or all.
pub fn by_id<'q, T>(
    sql: &'q str,
    district_id: Uuid,
    id: Uuid,
) -> QueryAs<'q, Postgres, T, PgArguments>
where
    T: for<'r> FromRow<'r, PgRow>,
{
    sqlx::query_as(sql).bind(district_id).bind(id)
}

/// Every row `sql` selects for record `id` of the district.
pub async fn all<T>(
    conn: &mut PgConnection,
    sql: &str,
    district_id: Uuid,
    id: Uuid,
) -> sqlx::Result<Vec<T>>
where
    T: for<'r> FromRow<'r, PgRow> + Send + Unpin,
{
    by_id(sql, district_id, id).fetch_all(conn).await
}

/// The row `sql` selects for record `id` of the district, if there is one.
pub async fn optional<T>(
    conn: &mut PgConnection,
    sql: &str,
    district_id: Uuid,
    id: Uuid,
) -> sqlx::Result<Option<T>>
where
    T: for<'r> FromRow<'r, PgRow> + Send + Unpin,
{
    by_id(sql, district_id, id).fetch_optional(conn).await
}

/// The one value `sql` selects for record `id` of the district (a status, a count).
pub async fn scalar<T>(
    conn: &mut PgConnection,
    sql: &str,
    district_id: Uuid,
    id: Uuid,
) -> sqlx::Result<T>
where
    T: for<'r> Decode<'r, Postgres> + Type<Postgres> + Send + Unpin,
{
    sqlx::query_scalar(sql)
        .bind(district_id)
        .bind(id)
        .fetch_one(conn)
        .await
}

/// Runs `sql` on record `id` of the district; how many rows it changed.
pub async fn execute(
    conn: &mut PgConnection,
    sql: &str,
    district_id: Uuid,
    id: Uuid,
) -> sqlx::Result<u64> {
    let done = sqlx::query(sql)
        .bind(district_id)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
