//! The report itself: the district's list of reports, starting one for a period, the monitor's
//! edit page (pre-filled with the period's record, the rubric beside every choice) and the report
//! as readers see it. The workflow around it lives in `process`.

mod content;
mod edit;
mod form;
mod list;
mod prefill;
pub(super) mod view;
mod write;

use axum::Router;
use axum::extract::Path;
use axum::routing::get;
use uuid::Uuid;

use super::model::Qpr;
use super::queries;
use crate::access::DistrictScope;
use crate::error::AppError;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    let base = "/districts/{district}/qprs";
    Router::new()
        .route(base, get(list::page).post(list::start))
        .route(&format!("{base}/new"), get(list::new_form))
        .route(&format!("{base}/{{id}}"), get(view::page))
        .route(
            &format!("{base}/{{id}}/edit"),
            get(edit::edit_form).post(edit::save),
        )
}

/// The path parameters: district and report.
type Ids = Path<(String, Uuid)>;

/// "/districts/randolph/qprs".
fn reports_path(scope: &DistrictScope) -> String {
    format!("/districts/{}/qprs", scope.district.slug)
}

fn report_path(scope: &DistrictScope, id: Uuid) -> String {
    format!("{}/{id}", reports_path(scope))
}

/// A published report is read-only: 409 with the way to change it.
fn published(scope: &DistrictScope, qpr: &Qpr) -> AppError {
    AppError::conflict(
        "This report is published: it cannot be edited",
        "Published reports change through a correction: ESE opens a new revision and gives the \
         reason, and the published text is kept. Nothing was saved.",
        report_path(scope, qpr.id),
        "Go to the report",
    )
}
