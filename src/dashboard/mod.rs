//! ESE's dashboard: every district at a glance (plan status, the latest ratings, overdue minutes,
//! coverage gaps, benchmarks behind or stale, how long since the last discussion), sortable and
//! filterable without JavaScript, a heat map of the latest ratings with each district's trend, and
//! the same table as CSV. Read in [`DASHBOARD_STATEMENTS`] statements, whatever the number of
//! districts.

pub mod export;
pub mod heatmap;
pub mod params;
pub mod queries;
pub mod table;

pub use queries::DASHBOARD_STATEMENTS;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::Query;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::access::{Permission, UserScope};
use crate::auth::CurrentUser;
use crate::calendar;
use crate::error::{AppError, Result};
use crate::state::AppState;
use crate::web::Layout;
use heatmap::HeatRow;
use params::{LEVELS, Params, StatusFilter};
use table::{Column, DistrictRow, Monitor, PERFORMANCE_SHORT, PROCESS_SHORT};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/dashboard", get(page))
        .route("/dashboard.csv", get(csv_file))
}

/// The query string as pairs: reading it this way never fails, whatever was typed.
type Pairs = Query<Vec<(String, String)>>;

/// The table's rows, filtered and sorted as asked, with everything the page needs around them.
struct Loaded {
    today: chrono::NaiveDate,
    params: Params,
    all: usize,
    monitors: Vec<Monitor>,
    rows: Vec<DistrictRow>,
    data: queries::Data,
}

/// Only ESE staff read across districts; anyone else learns nothing, not even that it exists.
/// Hands back the person for the page's frame.
async fn load(scope: UserScope, pairs: &[(String, String)]) -> Result<(CurrentUser, Loaded)> {
    scope.require(Permission::ViewAllDistricts)?;
    let UserScope { user, mut tx, .. } = scope;
    let today = calendar::today();
    let data = queries::read(&mut tx, today).await?;
    tx.commit().await?;
    let all_rows = table::rows(&data);
    let mut monitors: Vec<Monitor> = all_rows
        .iter()
        .flat_map(|r| r.monitors.iter().cloned())
        .collect();
    monitors.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    monitors.dedup();
    let params = Params::parse(pairs, &monitors);
    let loaded = Loaded {
        today,
        all: all_rows.len(),
        rows: params.apply(all_rows),
        params,
        monitors,
        data,
    };
    Ok((user, loaded))
}

/// A column heading: its words, where it sorts to and whether it is the sort.
pub struct Heading {
    pub label: String,
    /// Read after the label by screen readers ("Process level 2: Technical Implementation Stage").
    pub hidden: String,
    pub href: String,
    pub aria_sort: &'static str,
    pub numeric: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "dashboard/page.html")]
struct DashboardPage {
    layout: Layout,
    today: String,
    shown: usize,
    all: usize,
    filtered: bool,
    /// District, level, monitors, plan status, latest QPR.
    lead: Vec<Heading>,
    process: Vec<Heading>,
    performance: Vec<Heading>,
    /// Overdue steps, gaps, behind, stale, days.
    tail: Vec<Heading>,
    rows: Vec<DistrictRow>,
    heat: Vec<HeatRow>,
    levels: Vec<i16>,
    level: Option<i16>,
    monitors: Vec<Monitor>,
    monitor: Option<uuid::Uuid>,
    statuses: Vec<StatusFilter>,
    status: Option<StatusFilter>,
    sort: String,
    dir: &'static str,
    csv_href: String,
    spark_width: f64,
    spark_height: f64,
}

fn heading(params: &Params, column: Column) -> Heading {
    let (label, hidden) = match column {
        Column::Process(n) => (
            format!("{} {}", n + 1, PROCESS_SHORT[n]),
            format!(" initiatives at Process level {}", n + 1),
        ),
        Column::Performance(n) => (
            format!("{} {}", n + 1, PERFORMANCE_SHORT[n]),
            format!(" initiatives at Performance level {}", n + 1),
        ),
        Column::Days => ("Days since last discussion".into(), String::new()),
        Column::Qpr => ("Latest published QPR".into(), String::new()),
        other => (other.name(), String::new()),
    };
    Heading {
        label,
        hidden,
        href: params.sort_href(column),
        aria_sort: params.aria_sort(column),
        numeric: !matches!(
            column,
            Column::District | Column::Monitor | Column::Status | Column::Qpr | Column::Continuum
        ),
    }
}

async fn page(scope: UserScope, Query(pairs): Pairs) -> Result<Response> {
    let (user, loaded) = load(scope, &pairs).await?;
    let params = &loaded.params;
    let columns = |list: &[Column]| list.iter().map(|c| heading(params, *c)).collect();
    let heat = heatmap::rows(&loaded.rows, &loaded.data.ratings, &loaded.data.trends);
    Ok(DashboardPage {
        layout: Layout::new(&user, "Dashboard", "dashboard").await,
        today: calendar::date_label(loaded.today),
        shown: loaded.rows.len(),
        all: loaded.all,
        filtered: params.is_filtered(),
        lead: columns(&[
            Column::District,
            Column::Level,
            Column::Monitor,
            Column::Status,
            Column::Qpr,
        ]),
        process: columns(&(0..4).map(Column::Process).collect::<Vec<_>>()),
        performance: columns(&(0..4).map(Column::Performance).collect::<Vec<_>>()),
        tail: columns(&[
            Column::Overdue,
            Column::Gaps,
            Column::Behind,
            Column::Stale,
            Column::Days,
            Column::Continuum,
        ]),
        heat,
        levels: LEVELS.to_vec(),
        level: params.level,
        monitor: params.monitor,
        statuses: StatusFilter::ALL.to_vec(),
        status: params.status,
        sort: params.sort.key(),
        dir: if params.desc { "desc" } else { "asc" },
        csv_href: format!("/dashboard.csv{}", params.query()),
        spark_width: heatmap::SPARK_WIDTH,
        spark_height: heatmap::SPARK_HEIGHT,
        monitors: loaded.monitors,
        rows: loaded.rows,
    }
    .into_response())
}

async fn csv_file(scope: UserScope, Query(pairs): Pairs) -> Result<Response> {
    let (_, loaded) = load(scope, &pairs).await?;
    let body = export::render(&loaded.rows).map_err(|e| AppError::Internal(e.into()))?;
    let disposition = format!(
        "attachment; filename=\"{}\"",
        export::file_name(loaded.today)
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

impl DashboardPage {
    fn level_selected(&self, level: &i16) -> bool {
        self.level == Some(*level)
    }

    fn monitor_selected(&self, monitor: &Monitor) -> bool {
        self.monitor == Some(monitor.id)
    }

    fn status_selected(&self, status: &StatusFilter) -> bool {
        self.status == Some(*status)
    }
}
