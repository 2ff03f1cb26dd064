//! The public index: every district with something published, so that a member of the public can
//! find a district's plan and reports without knowing its address (seed 002 §8: plans and
//! reports are posted on the state's website).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use crate::calendar::{QprPeriod, school_years_label};
use crate::error::Result;
use crate::state::AppState;
use crate::web::Layout;

/// A district as `public_districts()` returns it (see migration 0017).
#[derive(sqlx::FromRow)]
struct Listed {
    name: String,
    slug: String,
    accountability_level: i16,
    plan_title: Option<String>,
    plan_first_school_year: Option<i16>,
    plan_last_school_year: Option<i16>,
    posted_reports: i64,
    latest_report_id: Option<Uuid>,
    latest_period_start: Option<NaiveDate>,
}

pub struct PublicDistrict {
    pub name: String,
    pub slug: String,
    pub level: i16,
    /// The approved plan's title and its school years.
    pub plan: Option<(String, String)>,
    pub posted_reports: i64,
    /// The latest posted report's id and period.
    pub latest: Option<(Uuid, String)>,
}

impl From<Listed> for PublicDistrict {
    fn from(row: Listed) -> Self {
        let years = match (row.plan_first_school_year, row.plan_last_school_year) {
            (Some(first), Some(last)) => school_years_label(first.into(), last.into()),
            _ => String::new(),
        };
        Self {
            plan: row.plan_title.map(|title| (title, years)),
            latest: row
                .latest_report_id
                .zip(row.latest_period_start)
                .map(|(id, start)| (id, QprPeriod::containing(start).label())),
            name: row.name,
            slug: row.slug,
            level: row.accountability_level,
            posted_reports: row.posted_reports,
        }
    }
}

#[derive(Deserialize, Default)]
pub struct IndexQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    level: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "qpr/public_index.html")]
pub struct IndexPage {
    pub layout: Layout,
    pub districts: Vec<PublicDistrict>,
    /// How many districts have something published, before the search.
    pub total: usize,
    pub q: String,
    pub level: Option<i16>,
    pub levels: Vec<i16>,
}

pub async fn page(
    State(state): State<AppState>,
    Query(query): Query<IndexQuery>,
) -> Result<IndexPage> {
    let rows: Vec<Listed> = sqlx::query_as("SELECT * FROM public_districts()")
        .fetch_all(&state.db)
        .await?;
    let total = rows.len();
    let mut levels: Vec<i16> = rows.iter().map(|r| r.accountability_level).collect();
    levels.sort_unstable();
    levels.dedup();
    let q = query.q.trim().to_string();
    let needle = q.to_lowercase();
    // A level the list does not have, or not a number, shows every level.
    let level = query.level.parse().ok().filter(|l| levels.contains(l));
    let districts = rows
        .into_iter()
        .filter(|r| needle.is_empty() || r.name.to_lowercase().contains(&needle))
        .filter(|r| level.is_none_or(|l| r.accountability_level == l))
        .map(PublicDistrict::from)
        .collect();
    Ok(IndexPage {
        layout: Layout::anonymous("Districts' plans and reports"),
        districts,
        total,
        q,
        level,
        levels,
    })
}
