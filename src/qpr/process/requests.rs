//! The monitor's requests for additional evidence, an interview or a visit (seed 002 §8, Appendix
//! L): "requested or scheduled at least 3 weeks in advance". Listed for the district, open first.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::load::{self, EvidenceItem, Request};
use super::requests_path;
use crate::access::{DistrictScope, Permission};
use crate::calendar::{self, QprPeriod, date_label, earliest_evidence_due};
use crate::error::Result;
use crate::notify::{notices, notify_scope};
use crate::web::Layout;
use crate::web::forms::{FieldErrors, check_text};
use crate::web::once::{self, Claim};

pub const DESCRIPTION_MAX: usize = 4_000;

pub const KINDS: [(&str, &str); 3] = [
    ("documents", "Additional documents"),
    ("interview", "An interview"),
    ("visit", "A visit"),
];

#[derive(Debug, Default, Deserialize)]
pub struct RequestForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub due_on: String,
    #[serde(default)]
    pub qpr_id: String,
    #[serde(default)]
    pub form_token: String,
}

pub struct ReportChoice {
    pub id: String,
    pub label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "qpr/request_list.html")]
pub struct ListPage {
    layout: Layout,
    district_name: String,
    path: String,
    qprs_path: String,
    evidence_path: String,
    requests: Vec<Request>,
    answers: Vec<EvidenceItem>,
    today: NaiveDate,
    may_request: bool,
    may_answer: bool,
    kinds: [(&'static str, &'static str); 3],
    reports: Vec<ReportChoice>,
    due_hint: String,
    form: RequestForm,
    errors: FieldErrors,
}

impl ListPage {
    pub fn answers_of(&self, request: &Request) -> Vec<&EvidenceItem> {
        self.answers
            .iter()
            .filter(|a| a.request_id == Some(request.id))
            .collect()
    }
}

async fn render(
    mut scope: DistrictScope,
    form: RequestForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<Response> {
    let district_id = scope.district.id;
    let requests = load::requests(scope.conn(), district_id, None).await?;
    let answers = load::answers(scope.conn(), district_id).await?;
    let reports = unpublished_reports(&mut scope).await?;
    let today = calendar::today();
    let page = ListPage {
        layout: Layout::new(&scope.user, "Evidence requests", "home").await,
        district_name: scope.district.name.clone(),
        path: requests_path(&scope),
        qprs_path: format!("/districts/{}/qprs", scope.district.slug),
        evidence_path: format!("/districts/{}/evidence", scope.district.slug),
        requests,
        answers,
        today,
        may_request: scope.can(Permission::DraftQpr),
        may_answer: scope.can(Permission::AnswerEvidenceRequests),
        kinds: KINDS,
        reports,
        due_hint: format!(
            "At least 3 weeks after today: {} at the earliest.",
            date_label(earliest_evidence_due(today))
        ),
        form,
        errors,
    };
    Ok((status, page).into_response())
}

async fn unpublished_reports(scope: &mut DistrictScope) -> Result<Vec<ReportChoice>> {
    let rows: Vec<(Uuid, NaiveDate)> = sqlx::query_as(
        "SELECT id, period_start FROM qprs WHERE district_id = $1 AND status <> 'published' \
         ORDER BY period_start DESC",
    )
    .bind(scope.district.id)
    .fetch_all(scope.conn())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, start)| ReportChoice {
            id: id.to_string(),
            label: QprPeriod::containing(start).title(),
        })
        .collect())
}

pub async fn list(scope: DistrictScope) -> Result<Response> {
    scope.require(Permission::ViewPlan)?;
    let form = RequestForm {
        kind: "documents".into(),
        due_on: earliest_evidence_due(calendar::today()).to_string(),
        ..RequestForm::default()
    };
    render(scope, form, FieldErrors::default(), StatusCode::OK).await
}

pub async fn create(mut scope: DistrictScope, Form(form): Form<RequestForm>) -> Result<Response> {
    scope.require(Permission::ViewPlan)?;
    scope.require(Permission::DraftQpr)?;
    let today = calendar::today();
    let earliest = earliest_evidence_due(today);
    let mut errors = FieldErrors::default();
    check_text(&mut errors, &[("description", &form.description)]);
    if !KINDS.iter().any(|(k, _)| *k == form.kind) {
        errors.add(
            "kind",
            "Choose what you are asking for: documents, an interview or a visit.",
        );
    }
    let description = form.description.trim().to_string();
    if description.is_empty() {
        errors.add(
            "description",
            "Describe what you are asking the district for.",
        );
    } else if description.chars().count() > DESCRIPTION_MAX {
        errors.add("description", "Keep the description to 4,000 characters.");
    }
    let due = NaiveDate::parse_from_str(form.due_on.trim(), "%Y-%m-%d").ok();
    match due {
        None => errors.add("due_on", "Enter the date the request is due, e.g. 2027-02-15."),
        Some(d) if d < earliest => errors.add(
            "due_on",
            format!(
                "Requests must be due at least 3 weeks after they are made (the earliest due date for a request made today is {}).",
                date_label(earliest)
            ),
        ),
        Some(_) => {}
    }
    let qpr_id = if form.qpr_id.trim().is_empty() {
        None
    } else {
        let choices = unpublished_reports(&mut scope).await?;
        match choices.iter().find(|c| c.id == form.qpr_id.trim()) {
            Some(c) => Uuid::parse_str(&c.id).ok(),
            None => {
                errors.add(
                    "qpr_id",
                    "Choose one of the district's unpublished reports, or none.",
                );
                None
            }
        }
    };
    let Some(due) = due.filter(|_| errors.is_empty()) else {
        return render(scope, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    // The same request sent twice (a double click) is made, and the district told, once.
    let token = match scope.claim_once(&form.form_token).await? {
        Claim::First(token) => token,
        Claim::Repeat(first) => return Ok(first),
    };
    // The CHECK is a second wall; if it refuses, the page is shown again from before the insert.
    sqlx::query("SAVEPOINT new_request")
        .execute(scope.conn())
        .await?;
    let inserted = sqlx::query(
        "INSERT INTO evidence_requests (district_id, qpr_id, kind, description, requested_by, due_on) \
         VALUES ($1, $2, $3::evidence_request_kind, $4, $5, $6)",
    )
    .bind(scope.district.id)
    .bind(qpr_id)
    .bind(&form.kind)
    .bind(&description)
    .bind(scope.user.user.id)
    .bind(due)
    .execute(scope.conn())
    .await;
    if let Err(sqlx::Error::Database(db)) = &inserted
        && db.constraint() == Some("evidence_requests_three_weeks")
    {
        let mut errors = FieldErrors::default();
        errors.add(
            "due_on",
            format!(
                "Requests must be due at least 3 weeks after they are made (the earliest due date for a request made today is {}).",
                date_label(earliest_evidence_due(calendar::today()))
            ),
        );
        sqlx::query("ROLLBACK TO SAVEPOINT new_request")
            .execute(scope.conn())
            .await?;
        return render(scope, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    inserted?;
    let kind_label = KINDS
        .iter()
        .find(|(k, _)| *k == form.kind)
        .map_or("evidence", |(_, label)| label);
    let notice = notices::evidence_requested(&scope.district, kind_label, &description, due);
    notify_scope(&mut scope, &notice).await?;
    let path = requests_path(&scope);
    once::record(scope.conn(), token, &path).await?;
    let message = format!(
        "Your request was sent to the district, due {}.",
        date_label(due)
    );
    scope.done(&path, message).await
}
