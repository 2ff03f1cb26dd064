//! What every demo seeder asks first: which district a data file names, whether it was seeded
//! already (seeding again adds nothing), and the plan it works from.

use anyhow::Result;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::plans::model::PlanTree;
use crate::plans::queries;

/// The district of the data file's `slug`; none when the accounts step did not create it.
pub async fn district(conn: &mut PgConnection, slug: &str) -> Result<Option<Uuid>> {
    let query = sqlx::query_scalar("SELECT id FROM districts WHERE slug = $1").bind(slug);
    Ok(query.fetch_optional(conn).await?)
}

/// Whether any of `tables` already holds a row of the district.
pub async fn seeded(conn: &mut PgConnection, district: Uuid, tables: &[&str]) -> Result<bool> {
    let any: Vec<String> = tables
        .iter()
        .map(|table| format!("EXISTS (SELECT 1 FROM {table} WHERE district_id = $1)"))
        .collect();
    let sql = format!("SELECT {}", any.join(" OR "));
    let query = sqlx::query_scalar(&sql).bind(district);
    Ok(query.fetch_one(conn).await?)
}

/// The plan the district works from, with every part of it; none when it has no plan.
pub async fn current_tree(conn: &mut PgConnection, district: Uuid) -> Result<Option<PlanTree>> {
    let Some(plan_id) = queries::current_plan_id(conn, district).await? else {
        return Ok(None);
    };
    Ok(queries::load_tree(conn, district, plan_id).await?)
}
