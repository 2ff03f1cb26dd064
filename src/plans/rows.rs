//! Reading the district's rows by one id, the shape most single-thing reads take: `$1` the
//! district (so the query keeps to the scope's district) and `$2` the id.

use sqlx::postgres::{PgArguments, PgRow};
use sqlx::query::QueryAs;
use sqlx::{FromRow, Postgres};
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
