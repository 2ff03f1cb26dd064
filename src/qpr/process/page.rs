//! The process page: the steps with who and when, the rating gaps, comments by passage with
//! their resolutions, the forms the person's role and the report's state allow, and the
//! report's evidence requests.

use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::load::{self, Comment, Request};
use super::{Ids, report_path, requests_path};
use crate::access::{DistrictScope, Permission};
use crate::calendar::{self, date_label, local_date};
use crate::error::Result;
use crate::qpr::model::{Qpr, QprStatus};
use crate::qpr::passages::{self, Passage};
use crate::qpr::presentations::{self, Body};
use crate::web::Layout;
use crate::web::forms::FieldErrors;

/// One step of the workflow, done or to come.
pub struct Step {
    pub name: &'static str,
    pub done: bool,
    pub detail: String,
}

pub struct PassageGroup {
    pub label: String,
    pub comments: Vec<Comment>,
}

/// What a refused form brings back to the page: what was typed and why it was refused.
#[derive(Default)]
pub struct Outcome {
    pub passage: String,
    pub body: String,
    /// The comment whose resolution form was refused, with what was typed.
    pub resolving: Option<Uuid>,
    pub resolution: String,
    pub response: String,
    pub errors: FieldErrors,
}

impl Outcome {
    pub fn is_resolving(&self, id: &Uuid) -> bool {
        self.resolving == Some(*id)
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "qpr/process_page.html")]
pub struct ProcessPage {
    layout: Layout,
    qpr: Qpr,
    period: String,
    status_label: &'static str,
    status_class: &'static str,
    report_path: String,
    requests_path: String,
    steps: Vec<Step>,
    gaps: Vec<String>,
    groups: Vec<PassageGroup>,
    passages: Vec<Passage>,
    comment_kind: &'static str,
    may_resolve: bool,
    may_send_to_ese: bool,
    may_send_on: bool,
    may_publish: bool,
    may_present: bool,
    may_post: bool,
    may_correct: bool,
    open_corrections: usize,
    requests: Vec<Request>,
    today: chrono::NaiveDate,
    outcome: Outcome,
}

fn on(at: Option<DateTime<Utc>>) -> Option<String> {
    at.map(|at| date_label(local_date(at)))
}

impl Step {
    /// A step done when `at` is set: `done` says how, given the day; `not_yet` says it is not.
    fn dated(
        name: &'static str,
        at: Option<DateTime<Utc>>,
        done: impl FnOnce(String) -> String,
        not_yet: &str,
    ) -> Self {
        Self {
            name,
            done: at.is_some(),
            detail: on(at).map_or_else(|| not_yet.into(), done),
        }
    }
}

pub async fn page(mut scope: DistrictScope, axum::extract::Path((_, id)): Ids) -> Result<Response> {
    let qpr: Qpr = scope.open(id, Permission::ViewPlan).await?;
    render(scope, qpr, Outcome::default(), StatusCode::OK).await
}

/// The page, with `outcome` filled into the refused form.
pub async fn render(
    mut scope: DistrictScope,
    qpr: Qpr,
    outcome: Outcome,
    status: StatusCode,
) -> Result<Response> {
    let tree = passages::tree(scope.conn(), &qpr).await?;
    let gaps = load::gaps(scope.conn(), &qpr, &tree).await?;
    let comments = load::comments(scope.conn(), &qpr).await?;
    let district_id = scope.district.id;
    let requests = load::requests(scope.conn(), district_id, Some(qpr.id)).await?;
    let published_by: Option<String> = sqlx::query_scalar(
        "SELECT u.name FROM qprs q JOIN users u ON u.id = q.published_by WHERE q.district_id = $1 AND q.id = $2",
    )
    .bind(district_id)
    .bind(qpr.id)
    .fetch_optional(scope.conn())
    .await?;
    let passages = passages::passages(&tree);
    let mut groups: Vec<PassageGroup> = Vec::new();
    for passage in &passages {
        let of: Vec<Comment> = comments
            .iter()
            .filter(|c| c.passage == passage.key)
            .cloned()
            .collect();
        if !of.is_empty() {
            groups.push(PassageGroup {
                label: passage.label.clone(),
                comments: of,
            });
        }
    }
    // Comments on a passage the plan no longer has still show, under their own heading.
    let orphans: Vec<Comment> = comments
        .iter()
        .filter(|c| !passages.iter().any(|p| p.key == c.passage))
        .cloned()
        .collect();
    if !orphans.is_empty() {
        groups.push(PassageGroup {
            label: "A passage no longer in the plan".into(),
            comments: orphans,
        });
    }
    let open_corrections = comments
        .iter()
        .filter(|c| c.kind == "factual_correction" && c.is_open())
        .count();
    let monitor = qpr
        .monitor_name
        .clone()
        .unwrap_or_else(|| "the monitor".into());
    let mut steps = vec![
        Step {
            name: "Draft",
            done: true,
            detail: format!("Written by {monitor} (plan monitor)"),
        },
        Step::dated(
            "Review by ESE Accountability and the other monitors",
            qpr.sent_to_ese_at,
            |d| format!("Sent to ESE by {monitor} on {d}"),
            "Not sent to ESE yet",
        ),
        Step::dated(
            "Factual corrections by the superintendent",
            qpr.sent_to_superintendent_at,
            |d| format!("Sent to the superintendent on {d}"),
            "Not sent to the superintendent yet",
        ),
        Step::dated(
            "Published by ESE",
            qpr.published_at,
            |d| match &published_by {
                Some(name) => format!("Published by {name} on {d}"),
                None => format!("Published on {d}"),
            },
            "Not published yet",
        ),
        Step::dated(
            "Posted publicly",
            qpr.posted_at,
            |d| format!("On the district's public page since {d}"),
            "Not on the public page",
        ),
    ];
    // After publishing and posting: where it was presented (the summative also to the Board).
    let presented = presentations::of_report(scope.conn(), district_id, qpr.id).await?;
    for body in Body::ALL
        .into_iter()
        .filter(|b| b.takes(qpr.is_summative()))
    {
        let held: Vec<String> = presented
            .iter()
            .filter(|p| p.body == body)
            .map(|p| p.sentence())
            .collect();
        steps.push(Step {
            name: if body == Body::Board {
                "Presented to the Board"
            } else {
                "Presented to the School Committee"
            },
            done: !held.is_empty(),
            detail: if held.is_empty() {
                "No presentation recorded yet".into()
            } else {
                held.join("; ")
            },
        });
    }
    let comment_kind = match qpr.status {
        QprStatus::EseReview if scope.can(Permission::ReviewQpr) => "review",
        QprStatus::FactualReview if scope.can(Permission::CorrectQprFacts) => "factual_correction",
        _ => "",
    };
    let is = |s: QprStatus| qpr.status == s;
    let published = is(QprStatus::Published);
    let page = ProcessPage {
        layout: Layout::new(&scope.user, "Report workflow", "home").await,
        period: qpr.period().title(),
        status_label: qpr.status.label(),
        status_class: qpr.status.css_class(),
        report_path: report_path(&scope, qpr.id),
        requests_path: requests_path(&scope),
        steps,
        gaps,
        groups,
        passages,
        comment_kind,
        may_resolve: scope.can(Permission::DraftQpr) && qpr.is_editable(),
        may_send_to_ese: scope.can(Permission::DraftQpr) && is(QprStatus::Draft),
        may_send_on: (scope.can(Permission::DraftQpr) || scope.can(Permission::PublishQpr))
            && is(QprStatus::EseReview),
        may_publish: scope.can(Permission::PublishQpr) && is(QprStatus::FactualReview),
        may_present: published
            && Body::ALL
                .into_iter()
                .any(|b| b.may_record(|p| scope.can(p))),
        may_post: scope.can(Permission::PublishQpr) && published && qpr.posted_at.is_none(),
        may_correct: scope.can(Permission::PublishQpr) && published,
        open_corrections,
        requests,
        today: calendar::today(),
        outcome,
        qpr,
    };
    Ok((status, page).into_response())
}
