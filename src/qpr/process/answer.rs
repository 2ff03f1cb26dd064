//! Answering an evidence request: the superintendent or the plan manager attaches evidence from
//! the library and/or writes a note. Evidence that is not the district's is not found.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use uuid::Uuid;

use super::load::{self, EvidenceItem, Request};
use super::requests_path;
use crate::access::{DistrictScope, Permission};
use crate::calendar;
use crate::error::{AppError, Result};
use crate::web::Layout;
use crate::web::forms::FieldErrors;
use crate::web::open::Ids;

const NOTE_MAX: usize = 4_000;

#[derive(Template, WebTemplate)]
#[template(path = "qpr/request_answer.html")]
pub struct AnswerPage {
    layout: Layout,
    list_path: String,
    path: String,
    upload_path: String,
    request: Request,
    answers: Vec<EvidenceItem>,
    library: Vec<EvidenceItem>,
    may_answer: bool,
    today: NaiveDate,
    chosen: Vec<String>,
    note: String,
    errors: FieldErrors,
}

impl AnswerPage {
    pub fn is_chosen(&self, id: &Uuid) -> bool {
        self.chosen.contains(&id.to_string())
    }
}

async fn render(
    mut scope: DistrictScope,
    request: Request,
    chosen: Vec<String>,
    note: String,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<Response> {
    let district_id = scope.district.id;
    let answers = load::answers(scope.conn(), district_id)
        .await?
        .into_iter()
        .filter(|a| a.request_id == Some(request.id))
        .collect();
    let library = load::library(scope.conn(), district_id).await?;
    let list_path = requests_path(&scope);
    let path = format!("{list_path}/{}", request.id);
    let page = AnswerPage {
        layout: Layout::new(&scope.user, "Evidence request", "home").await,
        upload_path: format!(
            "/districts/{}/evidence/new?back={path}",
            scope.district.slug
        ),
        list_path,
        path,
        request,
        answers,
        library,
        may_answer: scope.can(Permission::AnswerEvidenceRequests),
        today: calendar::today(),
        chosen,
        note,
        errors,
    };
    Ok((status, page).into_response())
}

async fn find(scope: &mut DistrictScope, rid: Uuid) -> Result<Request> {
    scope.require(Permission::ViewPlan)?;
    let district_id = scope.district.id;
    load::request(scope.conn(), district_id, rid).await
}

pub async fn answer_form(mut scope: DistrictScope, Path((_, rid)): Ids) -> Result<Response> {
    let request = find(&mut scope, rid).await?;
    let note = request.answer_note.clone();
    render(
        scope,
        request,
        Vec::new(),
        note,
        FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

pub async fn answer(
    mut scope: DistrictScope,
    Path((_, rid)): Ids,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let request = find(&mut scope, rid).await?;
    scope.require(Permission::AnswerEvidenceRequests)?;
    let chosen: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "evidence")
        .map(|(_, v)| v.clone())
        .collect();
    let note = pairs
        .iter()
        .find(|(k, _)| k == "note")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let mut ids = Vec::new();
    for value in &chosen {
        ids.push(Uuid::parse_str(value).map_err(|_| AppError::NotFound)?);
    }
    // Every chosen item must be the district's: another district's evidence is not found.
    let district_id = scope.district.id;
    let found: i64 =
        sqlx::query_scalar("SELECT count(*) FROM evidence WHERE district_id = $1 AND id = ANY($2)")
            .bind(district_id)
            .bind(&ids)
            .fetch_one(scope.conn())
            .await?;
    ids.sort();
    ids.dedup();
    if found != ids.len() as i64 {
        return Err(AppError::NotFound);
    }
    let mut errors = FieldErrors::default();
    let trimmed = note.trim().to_string();
    if ids.is_empty() && trimmed.is_empty() {
        errors.add(
            "evidence",
            "Attach at least one piece of evidence from the library, or write a note.",
        );
    } else if trimmed.chars().count() > NOTE_MAX {
        errors.add("note", "Keep the note to 4,000 characters.");
    }
    if !errors.is_empty() {
        return render(
            scope,
            request,
            chosen,
            note,
            errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    for evidence_id in &ids {
        sqlx::query(
            "INSERT INTO evidence_request_answers (district_id, request_id, evidence_id) \
             VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(district_id)
        .bind(rid)
        .bind(evidence_id)
        .execute(scope.conn())
        .await?;
    }
    sqlx::query(
        "UPDATE evidence_requests SET answered_at = now(), answered_by = $3, answer_note = $4 \
         WHERE district_id = $1 AND id = $2",
    )
    .bind(district_id)
    .bind(rid)
    .bind(scope.user.user.id)
    .bind(&trimmed)
    .execute(scope.conn())
    .await?;
    let path = requests_path(&scope);
    let message = "The request is answered; the monitor can see what you attached.";
    scope.done(&path, message).await
}
