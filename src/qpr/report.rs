//! The report itself: the district's list of reports, starting one for a period, the monitor's
//! edit page (pre-filled with the period's record, the rubric beside every choice) and the report
//! as readers see it. The workflow around it lives in `process`.

mod content;
mod edit;
mod form;
mod list;
mod prefill;
mod view;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use uuid::Uuid;

use super::model::Qpr;
use super::queries;
use crate::access::{DistrictScope, Permission};
use crate::error::{AppError, Result};
use crate::state::AppState;
use crate::web::Layout;

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

/// The district's report `id` for someone allowed `permission`. Another district's is not found,
/// whatever the person's role: the look-up comes before the permission check.
async fn open(scope: &mut DistrictScope, id: Uuid, permission: Permission) -> Result<Qpr> {
    let district_id = scope.district.id;
    let qpr = queries::qpr(scope.conn(), district_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    scope.require(permission)?;
    Ok(qpr)
}

#[derive(Template, WebTemplate)]
#[template(path = "qpr/report_closed.html")]
struct ClosedPage {
    layout: Layout,
    report_path: String,
    process_path: String,
}

/// A published report is read-only: 409 with the way to change it.
async fn published(scope: &DistrictScope, qpr: &Qpr) -> Response {
    let report_path = report_path(scope, qpr.id);
    let page = ClosedPage {
        layout: Layout::new(&scope.user, "This report is published", "home").await,
        process_path: format!("{report_path}/process"),
        report_path,
    };
    (StatusCode::CONFLICT, page).into_response()
}
