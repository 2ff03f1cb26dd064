//! A plan as a spreadsheet (issue 16 §2; seed 001 Appendix A: "copy this template into an Excel
//! spreadsheet in order to sort and track activities"): its activities, benchmarks, targets and
//! measurements as one workbook with a sheet each, or as one CSV file each. Whoever may read the
//! plan's page may download it; another district's plan is not found.

mod district;
mod district_tables;
mod files;
pub mod table;

use std::sync::LazyLock;

use axum::Router;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::Semaphore;
use uuid::Uuid;

use crate::access::{DistrictScope, Permission};
use crate::error::{AppError, Result};
use crate::plans::model::PlanTree;
use crate::plans::queries::load_tree;
use crate::progress::queries::for_plan;
use crate::state::AppState;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub fn router() -> Router<AppState> {
    let plan = "/districts/{district}/plans/{plan}";
    let exports = district::exports_at_once();
    let mut router = Router::new()
        .route(&format!("{plan}/export.xlsx"), get(workbook))
        .route(
            "/districts/{district}/export.zip",
            get(move |state, scope| {
                let exports = exports.clone();
                async move { district::export(state, scope, exports) }
            }),
        );
    for key in table::KEYS {
        router = router.route(
            &format!("{plan}/export/{key}.csv"),
            get(move |scope, path| csv(scope, path, key)),
        );
    }
    router
}

/// Writing a workbook is CPU work off the async executor; a few at once is plenty, so a burst
/// of downloads queues here instead of taking every blocking thread.
static WRITERS: LazyLock<Semaphore> = LazyLock::new(|| {
    Semaphore::new(std::thread::available_parallelism().map_or(2, std::num::NonZero::get))
});

async fn off_the_executor<T: Send + 'static>(
    work: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> Result<T> {
    let _permit = WRITERS
        .acquire()
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(AppError::Internal)
}

/// The plan's tables and the files' name, through the same gate as the plan's page.
async fn load(scope: &mut DistrictScope, plan_id: Uuid) -> Result<(Vec<table::Table>, String)> {
    scope.require(Permission::ViewPlan)?;
    let district_id = scope.district.id;
    let tree = load_tree(scope.conn(), district_id, plan_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let progress = for_plan(scope.conn(), district_id, plan_id).await?;
    let stem = file_stem(&scope.district.slug, &tree);
    Ok((table::tables(&tree, &progress), stem))
}

/// "randolph-plan-2026-2028": the district and the plan's years, safe as a file name.
fn file_stem(slug: &str, tree: &PlanTree) -> String {
    let (first, last) = (tree.plan.first_school_year, tree.plan.last_school_year + 1);
    format!("{slug}-plan-{first}-{last}")
}

fn download(bytes: Vec<u8>, content_type: &str, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}

async fn workbook(
    mut scope: DistrictScope,
    Path((_, plan_id)): Path<(String, Uuid)>,
) -> Result<Response> {
    let (tables, stem) = load(&mut scope, plan_id).await?;
    let bytes = off_the_executor(move || Ok(files::workbook(&tables)?)).await?;
    Ok(download(bytes, XLSX, &format!("{stem}.xlsx")))
}

async fn csv(
    mut scope: DistrictScope,
    Path((_, plan_id)): Path<(String, Uuid)>,
    key: &'static str,
) -> Result<Response> {
    let (tables, stem) = load(&mut scope, plan_id).await?;
    let table = tables
        .into_iter()
        .find(|t| t.key == key)
        .ok_or(AppError::NotFound)?;
    let bytes = off_the_executor(move || Ok(files::csv(&table)?)).await?;
    Ok(download(
        bytes,
        "text/csv; charset=utf-8",
        &format!("{stem}-{key}.csv"),
    ))
}
