//! The [`DistrictScope`]: a request inside one district, resolved from the path, checked for
//! membership, and handed a transaction whose row-level-security context is that district.

// The gate: one of the two places (with `user`) that set a request's database context.
#![allow(clippy::disallowed_methods)]

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use sqlx::{PgConnection, Postgres, Transaction};
use uuid::Uuid;

use super::{DistrictRole, Permission, Role, UserScope, can};
use crate::auth::CurrentUser;
use crate::db::{self, Context};
use crate::error::AppError;
use crate::state::AppState;

/// A district as the gate resolved it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct District {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub accountability_level: i16,
    pub enrollment: Option<i32>,
    pub profile: String,
    pub version: i32,
}

impl District {
    /// Enrollment with thousands separators ("12,600"), or `None` when not recorded.
    pub fn enrollment_label(&self) -> Option<String> {
        self.enrollment.map(|n| group_thousands(i64::from(n)))
    }
}

/// 12600 → "12,600".
pub fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

pub const DISTRICT_COLUMNS: &str =
    "id, name, slug, accountability_level, enrollment, profile, version";

/// A request inside one district: the district, the person's roles there, and a transaction
/// whose row-level-security context is that district. Every route under
/// `/districts/{district}/…` takes one; nothing else may read district-owned tables.
pub struct DistrictScope {
    pub user: CurrentUser,
    pub district: District,
    /// The person's roles here: their district roles plus any ESE role.
    pub roles: Vec<Role>,
    pub tx: Transaction<'static, Postgres>,
}

impl DistrictScope {
    pub fn can(&self, permission: Permission) -> bool {
        can(&self.roles, permission)
    }

    /// Refuses the request unless the person's roles here allow `permission`. They can see the
    /// district, so a refusal is "not allowed" rather than "not found".
    pub fn require(&self, permission: Permission) -> Result<(), AppError> {
        if self.can(permission) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    pub fn conn(&mut self) -> &mut PgConnection {
        &mut self.tx
    }

    pub async fn commit(self) -> Result<(), AppError> {
        self.tx.commit().await?;
        Ok(())
    }
}

/// The path segment that names the district in every district route.
pub const DISTRICT_PARAM: &str = "district";

impl FromRequestParts<AppState> for DistrictScope {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let slug = params
            .iter()
            .find(|(key, _)| *key == DISTRICT_PARAM)
            .map(|(_, value)| value.to_string())
            .ok_or_else(|| AppError::NotFound.into_response())?;
        let person = UserScope::from_request_parts(parts, state).await?;
        enter(person, &slug)
            .await
            .map_err(IntoResponse::into_response)
    }
}

/// Narrows the person's own scope to the district `slug`, if it is one they may see.
async fn enter(person: UserScope, slug: &str) -> Result<DistrictScope, AppError> {
    let UserScope {
        user,
        roles: ese_roles,
        mut tx,
        ..
    } = person;
    let district: District = sqlx::query_as(&format!(
        "SELECT {DISTRICT_COLUMNS} FROM districts WHERE slug = $1"
    ))
    .bind(slug)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let district_roles: Vec<DistrictRole> = sqlx::query_scalar(
        "SELECT role FROM district_roles WHERE district_id = $1 AND user_id = $2 ORDER BY role",
    )
    .bind(district.id)
    .bind(user.user.id)
    .fetch_all(&mut *tx)
    .await?;
    let mut roles: Vec<Role> = district_roles.into_iter().map(Role::from).collect();
    roles.extend(ese_roles);
    if !can(&roles, Permission::ViewDistrict) {
        return Err(AppError::NotFound);
    }
    // Even for ESE staff, who may open any district, the rest of the request sees only this one:
    // a query that forgets its district filter returns this district's rows, not every district's.
    db::set_context(&mut tx, Context::in_district(user.user.id, district.id)).await?;
    Ok(DistrictScope {
        user,
        district,
        roles,
        tx,
    })
}
