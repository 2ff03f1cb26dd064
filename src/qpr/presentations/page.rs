//! A report's presentations page: each presentation recorded, and the form to record one for the
//! bodies the person may record it for, once the report is published.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use super::{Body, Presentation, PresentationForm, check, of_report};
use crate::access::{DistrictScope, Permission};
use crate::calendar::{self, date_label, local_date};
use crate::error::{AppError, Result};
use crate::notify::{notices, notify_scope};
use crate::qpr::model::{Qpr, QprStatus};
use crate::qpr::refusal::wrong_state;
use crate::web::Layout;
use crate::web::forms::FieldErrors;
use crate::web::once::{self, Claim};

pub struct BodyChoice {
    pub key: &'static str,
    pub label: &'static str,
    pub checked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "qpr/presentations.html")]
pub struct PresentationsPage {
    layout: Layout,
    title: String,
    report_path: String,
    process_path: String,
    summative: bool,
    /// "Sep 19, 2026" once published.
    published_on: Option<String>,
    presentations: Vec<Presentation>,
    choices: Vec<BodyChoice>,
    form: PresentationForm,
    errors: FieldErrors,
}

/// The bodies this person may record this report's presentations for.
fn bodies(scope: &DistrictScope, qpr: &Qpr) -> Vec<Body> {
    Body::ALL
        .into_iter()
        .filter(|b| b.takes(qpr.is_summative()) && b.may_record(|p| scope.can(p)))
        .collect()
}

fn path(scope: &DistrictScope, id: Uuid) -> String {
    format!("/districts/{}/qprs/{id}", scope.district.slug)
}

async fn render(
    mut scope: DistrictScope,
    qpr: Qpr,
    form: PresentationForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<Response> {
    let district_id = scope.district.id;
    let presentations = of_report(scope.conn(), district_id, qpr.id).await?;
    let published = qpr.status == QprStatus::Published;
    let allowed = if published {
        bodies(&scope, &qpr)
    } else {
        Vec::new()
    };
    let only = allowed.len() == 1;
    let choices = allowed
        .into_iter()
        .map(|b| BodyChoice {
            key: b.key(),
            label: b.label(),
            checked: only || form.body == b.key(),
        })
        .collect();
    let title = qpr.period().title();
    let report_path = path(&scope, qpr.id);
    let page = PresentationsPage {
        layout: Layout::new(&scope.user, format!("Presentations: {title}"), "home").await,
        process_path: format!("{report_path}/process"),
        report_path,
        title,
        summative: qpr.is_summative(),
        published_on: qpr.published_at.map(|at| date_label(local_date(at))),
        presentations,
        choices,
        form,
        errors,
    };
    Ok((status, page).into_response())
}

pub async fn page(
    mut scope: DistrictScope,
    Path((_, id)): Path<(String, Uuid)>,
) -> Result<Response> {
    let qpr: Qpr = scope.open(id, Permission::ViewPlan).await?;
    let form = PresentationForm {
        form_token: once::new_token(),
        ..PresentationForm::default()
    };
    render(scope, qpr, form, FieldErrors::default(), StatusCode::OK).await
}

pub async fn record(
    mut scope: DistrictScope,
    Path((_, id)): Path<(String, Uuid)>,
    Form(form): Form<PresentationForm>,
) -> Result<Response> {
    let qpr: Qpr = scope.open_locked(id, Permission::ViewPlan).await?;
    let may = |b: Body| b.may_record(|p| scope.can(p));
    if !Body::ALL.into_iter().any(may) {
        return Err(AppError::Forbidden);
    }
    if qpr.status != QprStatus::Published {
        return Err(wrong_state(&scope, &qpr, "Recording a presentation"));
    }
    if Body::parse(form.body.trim()).is_some_and(|b| !may(b)) {
        return Err(AppError::Forbidden);
    }
    let published_on = local_date(qpr.published_at.ok_or(AppError::NotFound)?);
    let valid = match check(&form, qpr.is_summative(), published_on, calendar::today()) {
        Ok(valid) => valid,
        Err(errors) => {
            let form = PresentationForm {
                form_token: once::new_token(),
                ..form
            };
            return render(scope, qpr, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let (user_id, session) = (scope.user.user.id, scope.user.session.clone());
    let token = match once::claim(scope.conn(), &session, user_id, &form.form_token).await? {
        Claim::First(token) => token,
        Claim::Repeat(first) => return Ok(first),
    };
    let back = format!("{}/presentations", path(&scope, id));
    once::record(scope.conn(), token, &back).await?;
    // The same meeting recorded by two people at once is kept once, and told once.
    let inserted: Option<Uuid> = sqlx::query_scalar(
        "INSERT INTO report_presentations (district_id, qpr_id, body, presented_on, presenters, \
             note, revision, recorded_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(scope.district.id)
    .bind(id)
    .bind(valid.body)
    .bind(valid.presented_on)
    .bind(&valid.presenters)
    .bind(&valid.note)
    .bind(qpr.revision)
    .bind(user_id)
    .fetch_optional(scope.conn())
    .await?;
    let message = if inserted.is_some() {
        let notice = notices::report_presented(
            &scope.district,
            id,
            qpr.period_start,
            valid.body.label(),
            valid.presented_on,
        );
        notify_scope(&mut scope, &notice).await?;
        format!(
            "Recorded: the report was presented to {} on {}.",
            valid.body.label(),
            date_label(valid.presented_on)
        )
    } else {
        format!(
            "That presentation to {} on {} was already recorded.",
            valid.body.label(),
            date_label(valid.presented_on)
        )
    };
    scope.done(&back, message).await
}
