//! The SQL of the people feature. Role rows are district-owned, so they are read and written in
//! a transaction with the administrator's ESE context.

use sqlx::PgConnection;
use uuid::Uuid;

use super::form::PersonInput;
use crate::access::{DistrictRole, EseRole};
use crate::auth::TEMPORARY_PASSWORD_DAYS;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Person {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub title: String,
    pub ese_role: Option<EseRole>,
    pub active: bool,
    pub must_change_password: bool,
    pub version: i32,
}

const PERSON_COLUMNS: &str =
    "id, name, email, title, ese_role, active, must_change_password, version";

/// Everyone, or those whose name, email or title contains `search`.
pub async fn search(conn: &mut PgConnection, search: &str) -> sqlx::Result<Vec<Person>> {
    sqlx::query_as(&format!(
        "SELECT {PERSON_COLUMNS} FROM users \
         WHERE $1 = '' OR name ILIKE '%' || $1 || '%' OR email ILIKE '%' || $1 || '%' OR title ILIKE '%' || $1 || '%' \
         ORDER BY name LIMIT 500"
    ))
    .bind(search)
    .fetch_all(conn)
    .await
}

pub async fn by_id(conn: &mut PgConnection, id: Uuid) -> sqlx::Result<Option<Person>> {
    sqlx::query_as(&format!("SELECT {PERSON_COLUMNS} FROM users WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn insert(
    conn: &mut PgConnection,
    input: &PersonInput,
    password_hash: &str,
    ese_role: Option<EseRole>,
) -> sqlx::Result<Uuid> {
    sqlx::query_scalar(
        "INSERT INTO users (name, email, title, password_hash, must_change_password, ese_role, active, \
             temporary_password_expires_at) \
         VALUES ($1, $2, $3, $4, true, $5, true, now() + make_interval(days => $6)) RETURNING id",
    )
    .bind(&input.name)
    .bind(&input.email)
    .bind(&input.title)
    .bind(password_hash)
    .bind(ese_role)
    .bind(TEMPORARY_PASSWORD_DAYS)
    .fetch_one(conn)
    .await
}

/// Saves the details only if nobody saved since `version`; `None` means someone did.
pub async fn update(
    conn: &mut PgConnection,
    id: Uuid,
    version: i32,
    input: &PersonInput,
) -> sqlx::Result<Option<Person>> {
    sqlx::query_as(&format!(
        "UPDATE users SET name = $3, email = $4, title = $5, active = $6, version = version + 1, updated_at = now() \
         WHERE id = $1 AND version = $2 RETURNING {PERSON_COLUMNS}"
    ))
    .bind(id)
    .bind(version)
    .bind(&input.name)
    .bind(&input.email)
    .bind(&input.title)
    .bind(input.active)
    .fetch_optional(conn)
    .await
}

pub async fn set_password(
    conn: &mut PgConnection,
    id: Uuid,
    password_hash: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE users SET password_hash = $2, must_change_password = true, \
             temporary_password_expires_at = now() + make_interval(days => $3), \
             version = version + 1, updated_at = now() \
         WHERE id = $1",
    )
    .bind(id)
    .bind(password_hash)
    .bind(TEMPORARY_PASSWORD_DAYS)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_ese_role(
    conn: &mut PgConnection,
    id: Uuid,
    role: Option<EseRole>,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE users SET ese_role = $2, version = version + 1, updated_at = now() WHERE id = $1",
    )
    .bind(id)
    .bind(role)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Assignment {
    pub district_id: Uuid,
    pub district_name: String,
    pub district_slug: String,
    pub role: DistrictRole,
}

pub async fn assignments(conn: &mut PgConnection, user_id: Uuid) -> sqlx::Result<Vec<Assignment>> {
    sqlx::query_as(
        "SELECT r.district_id, d.name AS district_name, d.slug AS district_slug, r.role \
         FROM district_roles r JOIN districts d ON d.id = r.district_id \
         WHERE r.user_id = $1 ORDER BY d.name, r.role",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await
}

/// Gives the role; giving a role the person already holds changes nothing.
pub async fn grant(
    conn: &mut PgConnection,
    district_id: Uuid,
    user_id: Uuid,
    role: DistrictRole,
    by: Uuid,
) -> sqlx::Result<bool> {
    let inserted = sqlx::query(
        "INSERT INTO district_roles (district_id, user_id, role, granted_by) VALUES ($1, $2, $3, $4) \
         ON CONFLICT DO NOTHING",
    )
    .bind(district_id)
    .bind(user_id)
    .bind(role)
    .bind(by)
    .execute(conn)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

pub async fn revoke(
    conn: &mut PgConnection,
    district_id: Uuid,
    user_id: Uuid,
    role: DistrictRole,
) -> sqlx::Result<bool> {
    let deleted = sqlx::query(
        "DELETE FROM district_roles WHERE district_id = $1 AND user_id = $2 AND role = $3",
    )
    .bind(district_id)
    .bind(user_id)
    .bind(role)
    .execute(conn)
    .await?;
    Ok(deleted.rows_affected() == 1)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DistrictOption {
    pub id: Uuid,
    pub name: String,
}

pub async fn district_options(conn: &mut PgConnection) -> sqlx::Result<Vec<DistrictOption>> {
    sqlx::query_as("SELECT id, name FROM districts ORDER BY name")
        .fetch_all(conn)
        .await
}
