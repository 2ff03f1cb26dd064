//! Measurements of a benchmark (seed 003: a benchmark states its measure, targets, dates and
//! evidence source): recording one in the benchmark's unit, with its evidence, and removing one.
//! A measurement and its evidence are saved together or not at all.

mod form;
mod remove;

use axum::Router;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use uuid::Uuid;

use self::form::{FormPage, MeasurementFields};
use super::activities::closed_reason;
use super::queries::{self, BenchmarkInPlan};
use crate::access::{DistrictScope, Permission};
use crate::calendar;
use crate::error::{AppError, Result};
use crate::evidence::model::Attachment;
use crate::evidence::new::{self, EvidenceFields};
use crate::evidence::upload;
use crate::state::AppState;
use crate::web::Layout;
use crate::web::forms::FieldErrors;
use crate::web::once::{self, Claim};
use crate::web::open::Ids;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/districts/{district}/benchmarks/{id}/measurements/new",
            get(new_form),
        )
        .route(
            "/districts/{district}/benchmarks/{id}/measurements",
            // The app-wide limit already allows twice the upload limit; the form reader enforces
            // the upload limit itself so the person gets a message instead of a reset connection.
            post(create).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/districts/{district}/measurements/{id}/remove",
            get(remove::confirm).post(remove::remove),
        )
}

/// The benchmark `id`, for someone who may record against it. Not found outside the district;
/// not allowed for people who only read the plan or lead other initiatives.
async fn open(scope: &mut DistrictScope, id: Uuid) -> Result<BenchmarkInPlan> {
    scope.require(Permission::ViewPlan)?;
    let district_id = scope.district.id;
    let found = queries::benchmark_in_plan(scope.conn(), district_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !scope.may_record(found.lead_user_id) {
        return Err(AppError::Forbidden);
    }
    Ok(found)
}

fn benchmark_path(scope: &DistrictScope, benchmark_id: Uuid) -> String {
    format!(
        "/districts/{}/benchmarks/{benchmark_id}",
        scope.district.slug
    )
}

/// The 409 answer when the benchmark's plan takes no progress (a draft, or an archived version).
/// `sent`: the answer to a form that was sent, so it says that nothing was saved.
fn closed(scope: &DistrictScope, found: &BenchmarkInPlan, reason: &str, sent: bool) -> AppError {
    let saved = if sent { " Nothing was saved." } else { "" };
    AppError::conflict(
        "Progress cannot be recorded on this plan",
        format!("{reason}{saved}"),
        benchmark_path(scope, found.benchmark.id),
        format!("Back to “{}”", found.benchmark.statement),
    )
}

async fn form_page(
    scope: &DistrictScope,
    state: &AppState,
    found: BenchmarkInPlan,
    (fields, evidence): (MeasurementFields, EvidenceFields),
    errors: FieldErrors,
    file_dropped: bool,
) -> FormPage {
    let layout = Layout::new(&scope.user, "Record a measurement", "plan").await;
    let max_bytes = state.config.max_upload_bytes;
    let slug = &scope.district.slug;
    FormPage::new(
        layout,
        slug,
        found,
        fields,
        evidence,
        errors,
        file_dropped,
        max_bytes,
    )
}

pub async fn new_form(
    State(state): State<AppState>,
    mut scope: DistrictScope,
    Path((_, id)): Ids,
) -> Result<Response> {
    let found = open(&mut scope, id).await?;
    if let Some(reason) = closed_reason(&found.plan) {
        return Err(closed(&scope, &found, reason, false));
    }
    let today = calendar::today();
    let blank = (
        MeasurementFields::dated(today),
        EvidenceFields::dated(today),
    );
    let page = form_page(&scope, &state, found, blank, FieldErrors::default(), false);
    Ok(page.await.into_response())
}

pub async fn create(
    State(state): State<AppState>,
    mut scope: DistrictScope,
    Path((_, id)): Ids,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response> {
    let found = open(&mut scope, id).await?;
    if let Some(reason) = closed_reason(&found.plan) {
        return Err(closed(&scope, &found, reason, true));
    }
    let max_bytes = state.config.max_upload_bytes;
    let posted = upload::read(multipart, max_bytes).await?;
    let today = calendar::today();
    let fields = MeasurementFields::from_posted(&posted);
    let mut errors = FieldErrors::default();
    let measurement = fields.validate(found.benchmark.unit, &found.plan, today, &mut errors);
    let evidence = new::validate(&posted, today, max_bytes, false, &mut errors);
    let Some(measurement) = measurement.filter(|_| errors.is_empty()) else {
        let typed = (fields, EvidenceFields::from_posted(&posted));
        let page = form_page(&scope, &state, found, typed, errors, posted.has_file()).await;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let (district_id, user_id) = (scope.district.id, scope.user.user.id);
    // The same form sent twice (a double click) records one measurement and stores its file once:
    // the token is claimed before the file is written.
    let token = match scope.claim_once(posted.get(once::FIELD)).await? {
        Claim::First(token) => token,
        Claim::Repeat(first) => return Ok(first),
    };
    let measurement_id: Uuid = sqlx::query_scalar(
        "INSERT INTO measurements (district_id, benchmark_id, value, measured_on, population, note, recorded_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(district_id)
    .bind(id)
    .bind(measurement.value)
    .bind(measurement.measured_on)
    .bind(&measurement.population)
    .bind(&measurement.note)
    .bind(user_id)
    .fetch_one(scope.conn())
    .await?;
    let path = benchmark_path(&scope, id);
    once::record(scope.conn(), token, &path).await?;
    let mut saved = None;
    if let Some(input) = evidence {
        let attached = Some(Attachment::Measurement(measurement_id));
        let storage = &state.evidence;
        let kept = new::save(scope.conn(), storage, district_id, user_id, input, attached)
            .await
            .map_err(AppError::Internal)?;
        saved = Some(kept);
    }
    new::done(
        scope,
        &state.evidence,
        saved.as_ref(),
        &path,
        "Measurement recorded",
    )
    .await
}
