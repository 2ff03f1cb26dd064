//! The two statements an item form ends in, the same for every kind: the UPDATE that saves the
//! fields only while the item is still at the version the form was loaded at, and the INSERT of a
//! new item last in its list. Both take the district as `$1`, two more parameters, then the
//! item's fields in the order [`Fields::bind`] gives them.

use sqlx::postgres::{PgArguments, PgRow};
use sqlx::query::QueryAs;
use sqlx::{FromRow, Postgres};
use uuid::Uuid;

use super::edit::Editor;
use crate::error::Result;

pub type Query<'q, O> = QueryAs<'q, Postgres, O, PgArguments>;

/// An item's fields as a form stores them.
pub trait Fields: Sync {
    /// Binds the fields, in their order, after the query's other parameters.
    fn bind<'q, O>(&'q self, query: Query<'q, O>) -> Query<'q, O>;
}

/// Saves `fields` with `sql` (`$2` the item, `$3` the version the form was loaded at); `None`
/// when someone else saved the item first.
pub async fn update<T>(
    editor: &mut Editor,
    sql: &str,
    id: Uuid,
    version: i32,
    fields: &impl Fields,
) -> Result<Option<T>>
where
    T: for<'r> FromRow<'r, PgRow> + Send + Unpin,
{
    let district_id = editor.district_id();
    let query = sqlx::query_as(sql).bind(district_id).bind(id).bind(version);
    Ok(fields.bind(query).fetch_optional(editor.conn()).await?)
}

/// Adds an item with `sql` (`$2` what it is added under, `$3` its rank).
pub async fn insert<T>(
    editor: &mut Editor,
    sql: &str,
    parent: Uuid,
    rank: i32,
    fields: &impl Fields,
) -> Result<T>
where
    T: for<'r> FromRow<'r, PgRow> + Send + Unpin,
{
    let district_id = editor.district_id();
    let query = sqlx::query_as(sql)
        .bind(district_id)
        .bind(parent)
        .bind(rank);
    Ok(fields.bind(query).fetch_one(editor.conn()).await?)
}
