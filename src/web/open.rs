//! Opening the district's record that a request's path names (a discussion, a report): found in
//! the scope's district first, so another district's id is "not found" whatever the person's
//! role, and only then refused if the person may not do what they asked.

use std::future::Future;

use axum::extract::Path;
use sqlx::postgres::PgRow;
use sqlx::{FromRow, PgConnection};
use uuid::Uuid;

use crate::access::{DistrictScope, Permission};
use crate::db::scoped;
use crate::error::{AppError, Result};

/// The path parameters of a district's record: the district's slug and the record's id.
pub type Ids = Path<(String, Uuid)>;

/// A district-owned record that pages and workflow steps open by its id.
pub trait Owned: for<'r> FromRow<'r, PgRow> + Send + Unpin {
    /// Its table, whose `district_id` and `id` name the row.
    const TABLE: &'static str;

    /// The statement that reads it, with the district bound as `$1` and the record as `$2`.
    fn select() -> String;

    /// The district's record `id`, or `None` (another district's id is not found).
    fn find(
        conn: &mut PgConnection,
        district_id: Uuid,
        id: Uuid,
    ) -> impl Future<Output = sqlx::Result<Option<Self>>> + Send {
        async move { scoped::optional(conn, &Self::select(), district_id, id).await }
    }
}

impl DistrictScope {
    /// The district's record `id`, for someone who may read plans and do `permission`.
    pub async fn open<T: Owned>(&mut self, id: Uuid, permission: Permission) -> Result<T> {
        self.require(Permission::ViewPlan)?;
        let district_id = self.district.id;
        let found = T::find(self.conn(), district_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.require(permission)?;
        Ok(found)
    }

    /// As [`DistrictScope::open`], holding the record's row until the request's transaction
    /// ends: two posts of one step (a double click, two steps racing) take turns, and the second
    /// finds the record as the first one left it.
    pub async fn open_locked<T: Owned>(&mut self, id: Uuid, permission: Permission) -> Result<T> {
        self.require(Permission::ViewPlan)?;
        let district_id = self.district.id;
        let sql = format!(
            "SELECT id FROM {} WHERE district_id = $1 AND id = $2 FOR UPDATE",
            T::TABLE
        );
        let locked: Option<Uuid> = sqlx::query_scalar(&sql)
            .bind(district_id)
            .bind(id)
            .fetch_optional(self.conn())
            .await?;
        locked.ok_or(AppError::NotFound)?;
        self.open(id, permission).await
    }
}
