//! The district's reports, and starting one for a period.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::reports_path;
use crate::access::{DistrictScope, Permission};
use crate::calendar::{QprPeriod, today};
use crate::error::Result;
use crate::plans::queries::current_plan_id;
use crate::qpr::model::Qpr;
use crate::qpr::queries;
use crate::web::forms::FieldErrors;
use crate::web::once::{self, Claim};
use crate::web::{Layout, flash};

pub struct ReportRow {
    pub qpr: Qpr,
    pub period: String,
    pub publication: String,
    pub href: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "qpr/report_list.html")]
pub struct ListPage {
    layout: Layout,
    district_name: String,
    district_path: String,
    reports_path: String,
    rows: Vec<ReportRow>,
    due_period: String,
    due_publication: String,
    /// The report for the period due now, if started.
    due_report: Option<String>,
    can_start: bool,
}

pub async fn page(mut scope: DistrictScope) -> Result<ListPage> {
    scope.require(Permission::ViewPlan)?;
    let district_id = scope.district.id;
    let reports = queries::qprs(scope.conn(), district_id).await?;
    let due = QprPeriod::last_ended(today());
    let path = reports_path(&scope);
    let due_report = reports
        .iter()
        .find(|q| q.period_start == due.start)
        .map(|q| format!("{path}/{}", q.id));
    Ok(ListPage {
        layout: Layout::new(&scope.user, "Progress reports", "home").await,
        district_name: scope.district.name.clone(),
        district_path: format!("/districts/{}", scope.district.slug),
        rows: reports
            .into_iter()
            .map(|qpr| ReportRow {
                period: qpr.period().label(),
                publication: qpr.period().publication_label(),
                href: format!("{path}/{}", qpr.id),
                qpr,
            })
            .collect(),
        due_period: due.label(),
        due_publication: due.publication_label(),
        due_report,
        can_start: scope.can(Permission::DraftQpr),
        reports_path: path,
    })
}

/// The periods a report can be started for: the current one, the last ended and the 3 before it.
fn offered_periods(today: NaiveDate) -> Vec<QprPeriod> {
    let mut periods = vec![QprPeriod::containing(today)];
    let mut period = QprPeriod::last_ended(today);
    for _ in 0..4 {
        periods.push(period);
        period = period.previous();
    }
    periods
}

pub struct PeriodChoice {
    pub value: String,
    pub label: String,
    pub selected: bool,
    pub reported: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "qpr/report_new.html")]
pub struct NewPage {
    layout: Layout,
    reports_path: String,
    choices: Vec<PeriodChoice>,
    errors: FieldErrors,
}

#[derive(Debug, Default, Deserialize)]
pub struct StartForm {
    #[serde(default)]
    period: String,
    #[serde(default)]
    form_token: String,
}

async fn new_page(
    scope: &mut DistrictScope,
    chosen: Option<NaiveDate>,
    errors: FieldErrors,
) -> Result<NewPage> {
    let district_id = scope.district.id;
    let reported: Vec<NaiveDate> = queries::qprs(scope.conn(), district_id)
        .await?
        .iter()
        .map(|q| q.period_start)
        .collect();
    let periods = offered_periods(today());
    let chosen = chosen.unwrap_or(periods[1].start);
    Ok(NewPage {
        layout: Layout::new(&scope.user, "Start a report", "home").await,
        reports_path: reports_path(scope),
        choices: periods
            .into_iter()
            .map(|p| PeriodChoice {
                value: p.start.to_string(),
                label: format!("{}, published in {}", p.label(), p.publication_label()),
                selected: p.start == chosen,
                reported: reported.contains(&p.start),
            })
            .collect(),
        errors,
    })
}

pub async fn new_form(mut scope: DistrictScope) -> Result<NewPage> {
    scope.require(Permission::DraftQpr)?;
    new_page(&mut scope, None, FieldErrors::default()).await
}

const ALREADY_REPORTED: &str =
    "This period already has a report: open it from the list of reports.";

pub async fn start(mut scope: DistrictScope, Form(form): Form<StartForm>) -> Result<Response> {
    scope.require(Permission::DraftQpr)?;
    let district_id = scope.district.id;
    let chosen = form.period.parse::<NaiveDate>().ok();
    let offered = offered_periods(today());
    let period = chosen.and_then(|start| offered.iter().find(|p| p.start == start).copied());
    let mut errors = FieldErrors::default();
    let Some(period) = period else {
        errors.add("period", "Choose one of the periods listed.");
        let page = new_page(&mut scope, chosen, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let Some(plan_id) = current_plan_id(scope.conn(), district_id).await? else {
        errors.add(
            "period",
            "The district has no plan yet: a report rates the initiatives of its plan.",
        );
        let page = new_page(&mut scope, chosen, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let user_id = scope.user.user.id;
    let session = scope.user.session.clone();
    // The same form sent twice (a double click) leads to the report it started, not an error.
    let token = match once::claim(scope.conn(), &session, user_id, &form.form_token).await? {
        Claim::First(token) => token,
        Claim::Repeat(first) => return Ok(first),
    };
    // Two monitors starting the same period at once: the second is told, not shown an error.
    let inserted: Option<Uuid> = sqlx::query_scalar(
        "INSERT INTO qprs (district_id, plan_id, period_start, monitor_id) VALUES ($1, $2, $3, $4) \
         ON CONFLICT ON CONSTRAINT qprs_one_per_period DO NOTHING RETURNING id",
    )
    .bind(district_id)
    .bind(plan_id)
    .bind(period.start)
    .bind(user_id)
    .fetch_optional(scope.conn())
    .await?;
    let Some(id) = inserted else {
        errors.add("period", ALREADY_REPORTED);
        let page = new_page(&mut scope, chosen, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    sqlx::query(
        "INSERT INTO qpr_objectives (district_id, qpr_id, objective_id) \
         SELECT $1, $2, o.id FROM objectives o WHERE o.district_id = $1 AND o.plan_id = $3",
    )
    .bind(district_id)
    .bind(id)
    .bind(plan_id)
    .execute(scope.conn())
    .await?;
    sqlx::query(
        "INSERT INTO qpr_initiatives (district_id, qpr_id, initiative_id) \
         SELECT $1, $2, i.id FROM initiatives i \
         JOIN objectives o ON o.district_id = i.district_id AND o.id = i.objective_id \
         WHERE i.district_id = $1 AND o.plan_id = $3",
    )
    .bind(district_id)
    .bind(id)
    .bind(plan_id)
    .execute(scope.conn())
    .await?;
    let path = format!("{}/{id}", reports_path(&scope));
    once::record(scope.conn(), token, &path).await?;
    scope.commit().await?;
    flash::set(
        &session,
        format!(
            "The {} was started. Write it from the record shown beside each initiative.",
            period.title()
        ),
    )
    .await;
    Ok(Redirect::to(&path).into_response())
}
