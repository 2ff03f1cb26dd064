//! Ratings over time: every initiative of the district's current plan against every published
//! period, so movement toward "Fully Embedded" shows at a glance. Unpublished reports never
//! appear. Loaded in a fixed number of statements: the plan tree and one query of the ratings.

use askama::Template;
use askama_web::WebTemplate;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::access::{DistrictScope, Permission};
use crate::calendar::QprPeriod;
use crate::db::scoped;
use crate::error::Result;
use crate::plans::queries::{current_plan_id, load_tree};
use crate::qpr::rating::{PerformanceRating, ProcessRating};
use crate::web::Layout;

/// One published report's rating of one initiative (`initiative_id` is `None` for a report
/// that rated nothing, which still gives its period a column).
#[derive(sqlx::FromRow)]
struct PublishedRating {
    qpr_id: Uuid,
    period_start: NaiveDate,
    initiative_id: Option<Uuid>,
    process_rating: Option<ProcessRating>,
    performance_rating: Option<PerformanceRating>,
}

/// A rating in a cell: its label, its level and how far along the four levels it is.
pub struct Mark {
    pub label: &'static str,
    pub level: u8,
}

impl Mark {
    /// The levels reached and not reached, for the bar (1 to 4 steps).
    pub fn steps(&self) -> Vec<bool> {
        (1..=4).map(|step| step <= self.level).collect()
    }
}

pub struct Cell {
    pub process: Option<Mark>,
    pub performance: Option<Mark>,
}

pub struct Row {
    pub number: String,
    pub description: String,
    pub cells: Vec<Cell>,
}

pub struct Column {
    pub qpr_id: Uuid,
    pub label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "qpr/ratings.html")]
pub struct RatingsPage {
    pub layout: Layout,
    pub district_name: String,
    pub district_slug: String,
    pub plan_title: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

pub async fn page(mut scope: DistrictScope) -> Result<RatingsPage> {
    scope.require(Permission::ViewPlan)?;
    let district_id = scope.district.id;
    let mut page = RatingsPage {
        layout: Layout::new(&scope.user, "Ratings over time", "districts").await,
        district_name: scope.district.name.clone(),
        district_slug: scope.district.slug.clone(),
        plan_title: None,
        columns: Vec::new(),
        rows: Vec::new(),
    };
    let Some(plan_id) = current_plan_id(scope.conn(), district_id).await? else {
        return Ok(page);
    };
    let Some(tree) = load_tree(scope.conn(), district_id, plan_id).await? else {
        return Ok(page);
    };
    // Reports rate the plan they were written on; a new plan version has new initiatives, so
    // only this plan's reports have cells in its rows.
    let published: Vec<PublishedRating> = scoped::all(
        scope.conn(),
        "SELECT q.id AS qpr_id, q.period_start, r.initiative_id, r.process_rating, r.performance_rating \
         FROM qprs q LEFT JOIN qpr_initiatives r ON r.district_id = q.district_id AND r.qpr_id = q.id \
         WHERE q.district_id = $1 AND q.plan_id = $2 AND q.status = 'published' \
         ORDER BY q.period_start",
        district_id,
        plan_id,
    )
    .await?;

    let mut columns: Vec<Column> = Vec::new();
    for rating in &published {
        if columns.last().is_none_or(|c| c.qpr_id != rating.qpr_id) {
            columns.push(Column {
                qpr_id: rating.qpr_id,
                label: QprPeriod::containing(rating.period_start).label(),
            });
        }
    }
    page.rows = tree
        .initiatives
        .iter()
        .map(|initiative| Row {
            number: tree.initiative_number(initiative),
            description: initiative.description.clone(),
            cells: columns
                .iter()
                .map(|column| {
                    let found = published.iter().find(|r| {
                        r.qpr_id == column.qpr_id && r.initiative_id == Some(initiative.id)
                    });
                    Cell {
                        process: found.and_then(|r| r.process_rating).map(|p| Mark {
                            label: p.label(),
                            level: p.level(),
                        }),
                        performance: found.and_then(|r| r.performance_rating).map(|p| Mark {
                            label: p.label(),
                            level: p.level(),
                        }),
                    }
                })
                .collect(),
        })
        .collect();
    page.columns = columns;
    page.plan_title = Some(tree.plan.title);
    Ok(page)
}
