//! The [`UserScope`]: a signed-in request that belongs to no one district (the dashboard, people,
//! the work lists, notifications, peer review). It owns the request's database context and the
//! check of a global permission, as [`DistrictScope`](super::DistrictScope) does for one district.

// The gate: one of the two places (with `district`) that set a request's database context.
#![allow(clippy::disallowed_methods)]

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::Response;
use sqlx::{PgConnection, PgPool, Postgres, Transaction};
use uuid::Uuid;

use super::{DistrictRole, Permission, Role, can};
use crate::auth::CurrentUser;
use crate::db::{self, Context};
use crate::error::AppError;
use crate::state::AppState;

/// The signed-in person and a transaction in their own context: their own rows, their
/// districts' rows where a policy allows members to read them, and every district for ESE
/// staff.
pub struct UserScope {
    pub user: CurrentUser,
    /// The person's global (ESE) role, if any: outside a district no district role counts.
    pub roles: Vec<Role>,
    pub tx: Transaction<'static, Postgres>,
    pool: PgPool,
}

impl UserScope {
    pub fn can(&self, permission: Permission) -> bool {
        can(&self.roles, permission)
    }

    pub fn is_ese(&self) -> bool {
        !self.roles.is_empty()
    }

    /// Refuses the request unless the person's global role allows `permission`. ESE people know
    /// these pages exist, so they are told "not allowed"; to anyone else they do not exist.
    pub fn require(&self, permission: Permission) -> Result<(), AppError> {
        match (self.can(permission), self.is_ese()) {
            (true, _) => Ok(()),
            (false, true) => Err(AppError::Forbidden),
            (false, false) => Err(AppError::NotFound),
        }
    }

    /// Refuses the request unless the global role, or a role the person holds in any district,
    /// allows `permission` (plan monitors review other districts' reports). Anyone refused finds
    /// nothing here.
    pub async fn require_somewhere(&mut self, permission: Permission) -> Result<(), AppError> {
        if self.can(permission) {
            return Ok(());
        }
        // district_roles' policy shows a person their own roles in every district.
        let held: Vec<DistrictRole> =
            sqlx::query_scalar("SELECT DISTINCT role FROM district_roles WHERE user_id = $1")
                .bind(self.user.user.id)
                .fetch_all(&mut *self.tx)
                .await?;
        let held: Vec<Role> = held.into_iter().map(Role::from).collect();
        if can(&held, permission) {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    /// Narrows the transaction to one district and nothing more, for a page that shows a single
    /// record of a district the person has no role in (a report in peer review). The caller has
    /// already established, from the record, that the person may see it.
    pub async fn narrow_to(&mut self, district_id: Uuid) -> Result<(), AppError> {
        db::set_context(
            &mut self.tx,
            Context::in_district(self.user.user.id, district_id),
        )
        .await?;
        Ok(())
    }

    /// Rolls the transaction back and opens a fresh one in the same context: a refused
    /// statement (a duplicate email) aborts a transaction, and the page is then read anew.
    pub async fn begin_again(&mut self) -> Result<(), AppError> {
        let fresh = db::begin(&self.pool, self.context()).await?;
        let aborted = std::mem::replace(&mut self.tx, fresh);
        // Dropping an aborted transaction rolls it back; there is nothing in it to keep.
        drop(aborted);
        Ok(())
    }

    fn context(&self) -> Context {
        Context::person(self.user.user.id, self.is_ese())
    }

    pub fn conn(&mut self) -> &mut PgConnection {
        &mut self.tx
    }

    pub async fn commit(self) -> Result<(), AppError> {
        self.tx.commit().await?;
        Ok(())
    }
}

impl FromRequestParts<AppState> for UserScope {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        use axum::response::IntoResponse;
        let user = CurrentUser::from_request_parts(parts, state).await?;
        let pool = state.db.clone();
        let roles: Vec<Role> = user.user.ese_role.map(Role::from).into_iter().collect();
        let context = Context::person(user.user.id, !roles.is_empty());
        let tx = db::begin(&pool, context)
            .await
            .map_err(|e| AppError::from(e).into_response())?;
        Ok(Self {
            user,
            roles,
            tx,
            pool,
        })
    }
}
