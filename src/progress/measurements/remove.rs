//! Removing a measurement taken by mistake. Its evidence stays in the district's library,
//! unattached, because minutes and reports may cite it.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use super::super::activities::closed_reason;
use super::super::model::{MEASUREMENT_COLUMNS, Measurement};
use super::super::queries::BenchmarkInPlan;
use super::{Ids, benchmark_path, closed, open};
use crate::access::{DistrictScope, Permission};
use crate::calendar::date_label;
use crate::db::scoped;
use crate::error::{AppError, Result};
use crate::plans::history;
use crate::web::Layout;

#[derive(Template, WebTemplate)]
#[template(path = "progress/measurement_remove.html")]
pub struct RemovePage {
    layout: Layout,
    action: String,
    benchmark_path: String,
    statement: String,
    value: String,
    measured_on: String,
    population: String,
    evidence_count: i64,
}

/// The measurement `id` and its benchmark, for someone who may record against that benchmark on
/// a plan still open to progress. `sent` is whether the removal itself was posted, for the
/// refusal's words.
async fn load(
    scope: &mut DistrictScope,
    id: Uuid,
    sent: bool,
) -> Result<(Measurement, BenchmarkInPlan)> {
    scope.require(Permission::ViewPlan)?;
    let district_id = scope.district.id;
    let sql = format!(
        "SELECT {MEASUREMENT_COLUMNS} FROM measurements m LEFT JOIN users p ON p.id = m.recorded_by \
         WHERE m.district_id = $1 AND m.id = $2"
    );
    let measurement: Measurement = scoped::optional(scope.conn(), &sql, district_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let found = open(scope, measurement.benchmark_id).await?;
    if let Some(reason) = closed_reason(&found.plan) {
        return Err(closed(scope, &found, reason, sent));
    }
    Ok((measurement, found))
}

pub async fn confirm(mut scope: DistrictScope, Path((_, id)): Ids) -> Result<Response> {
    let (measurement, found) = load(&mut scope, id, false).await?;
    let district_id = scope.district.id;
    let sql = "SELECT count(*) FROM evidence WHERE district_id = $1 AND measurement_id = $2";
    let evidence_count: i64 = scoped::scalar(scope.conn(), sql, district_id, id).await?;
    let unit = found.benchmark.unit;
    let page = RemovePage {
        layout: Layout::new(&scope.user, "Remove a measurement", "plan").await,
        action: format!(
            "/districts/{}/measurements/{id}/remove",
            scope.district.slug
        ),
        benchmark_path: benchmark_path(&scope, found.benchmark.id),
        statement: found.benchmark.statement,
        value: unit.format(measurement.value),
        measured_on: date_label(measurement.measured_on),
        population: measurement.population,
        evidence_count,
    };
    Ok(page.into_response())
}

pub async fn remove(mut scope: DistrictScope, Path((_, id)): Ids) -> Result<Response> {
    let (measurement, found) = load(&mut scope, id, true).await?;
    let district_id = scope.district.id;
    // The evidence's foreign key sets its measurement to null: it stays, unattached.
    let sql = "DELETE FROM measurements WHERE district_id = $1 AND id = $2";
    scoped::execute(scope.conn(), sql, district_id, id).await?;
    // The plan's history keeps what was removed and by whom, so a mistaken removal can be undone
    // by hand and nothing disappears without trace.
    let removed = serde_json::json!({
        "benchmark": found.benchmark.statement,
        "value": found.benchmark.unit.format(measurement.value),
        "measured_on": measurement.measured_on,
        "population": measurement.population,
        "note": measurement.note,
        "recorded_by": measurement.recorded_by_name,
    });
    let change = history::Change {
        subject: format!("Measurement of {}", date_label(measurement.measured_on)),
        action: "removed",
        before: Some(removed),
        after: None,
        reason: "",
    };
    let user_id = scope.user.user.id;
    history::record(scope.conn(), &found.plan, user_id, change).await?;
    let path = benchmark_path(&scope, found.benchmark.id);
    let message = format!(
        "Measurement of {} removed. Any evidence attached to it stays in the evidence library.",
        date_label(measurement.measured_on)
    );
    scope.done(&path, message).await
}
