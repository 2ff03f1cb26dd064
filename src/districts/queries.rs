//! The SQL of the districts feature.

use sqlx::postgres::PgArguments;
use sqlx::query::QueryAs;
use sqlx::{PgConnection, Postgres};
use uuid::Uuid;

use super::form::DistrictInput;
use crate::access::{DISTRICT_COLUMNS, District, DistrictRole};

/// Every district, for ESE's list.
pub async fn all(conn: &mut PgConnection) -> sqlx::Result<Vec<District>> {
    sqlx::query_as(&format!(
        "SELECT {DISTRICT_COLUMNS} FROM districts ORDER BY name"
    ))
    .fetch_all(conn)
    .await
}

pub async fn insert(conn: &mut PgConnection, input: &DistrictInput) -> sqlx::Result<District> {
    let sql = format!(
        "INSERT INTO districts (name, slug, accountability_level, enrollment, profile) \
         VALUES ($1, $2, $3, $4, $5) RETURNING {DISTRICT_COLUMNS}"
    );
    bind(input, sqlx::query_as(&sql)).fetch_one(conn).await
}

/// Saves `input` only if nobody saved since `version`; `None` means someone did.
pub async fn update(
    conn: &mut PgConnection,
    id: Uuid,
    version: i32,
    input: &DistrictInput,
) -> sqlx::Result<Option<District>> {
    let sql = format!(
        "UPDATE districts SET name = $3, slug = $4, accountability_level = $5, enrollment = $6, \
         profile = $7, version = version + 1, updated_at = now() \
         WHERE id = $1 AND version = $2 RETURNING {DISTRICT_COLUMNS}"
    );
    let query = sqlx::query_as(&sql).bind(id).bind(version);
    bind(input, query).fetch_optional(conn).await
}

/// Binds the district's fields, in this order, after the query's other parameters.
fn bind<'q, O>(
    input: &'q DistrictInput,
    query: QueryAs<'q, Postgres, O, PgArguments>,
) -> QueryAs<'q, Postgres, O, PgArguments> {
    query
        .bind(&input.name)
        .bind(&input.slug)
        .bind(input.accountability_level)
        .bind(input.enrollment)
        .bind(&input.profile)
}

pub async fn by_id(conn: &mut PgConnection, id: Uuid) -> sqlx::Result<District> {
    sqlx::query_as(&format!(
        "SELECT {DISTRICT_COLUMNS} FROM districts WHERE id = $1"
    ))
    .bind(id)
    .fetch_one(conn)
    .await
}

/// One person holding one role in the district.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Member {
    pub user_id: Uuid,
    pub role: DistrictRole,
    pub name: String,
    pub title: String,
    pub email: String,
    pub active: bool,
}

/// The district's people, by role then name. Runs inside the district's scope.
pub async fn members(conn: &mut PgConnection, district_id: Uuid) -> sqlx::Result<Vec<Member>> {
    sqlx::query_as(
        "SELECT u.id AS user_id, r.role, u.name, u.title, u.email, u.active \
         FROM district_roles r JOIN users u ON u.id = r.user_id \
         WHERE r.district_id = $1 ORDER BY r.role, u.name",
    )
    .bind(district_id)
    .fetch_all(conn)
    .await
}
