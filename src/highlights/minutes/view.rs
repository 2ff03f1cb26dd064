//! The minutes page: the minutes laid out as the template, where they stand in the process with
//! the seeds' deadlines, the answers of the superintendent and the monitor, earlier revisions,
//! and what the person looking may do next.

use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::checks::{
    BenchmarkNote, FinaliseCheck, ReviewForm, benchmark_notes, finalise_check, send_problem,
};
use super::load::{self, EvidenceRow, RevisionRow};
use super::{Ids, SECTIONS, minutes_path, section_text};
use crate::access::{DistrictRole, DistrictScope, Permission};
use crate::calendar::{self, date_label, local_date};
use crate::error::Result;
use crate::highlights::model::{Discussion, MinutesStatus, Review, Step, steps};
use crate::highlights::queries;
use crate::web::Layout;
use crate::web::forms::FieldErrors;

/// "Nov 24, 2026, 3:05 PM", in the state's time zone.
pub fn moment_label(at: DateTime<Utc>) -> String {
    at.with_timezone(&calendar::DEFAULT_TIME_ZONE)
        .format("%b %-d, %Y, %-I:%M %p")
        .to_string()
}

pub struct Section {
    pub heading: &'static str,
    pub text: String,
}

pub struct InventoryGroup {
    pub label: String,
    pub items: Vec<EvidenceRow>,
}

pub struct ReviewRow {
    pub who: String,
    pub role: &'static str,
    pub outcome: &'static str,
    pub comments: String,
    pub when: String,
}

pub struct RevisionView {
    pub revision: i32,
    pub reason: String,
    pub who: String,
    pub when: String,
    pub sent_on: String,
    pub finalised_on: String,
    pub sections: Vec<Section>,
    pub notes: Vec<BenchmarkNote>,
}

#[derive(Template, WebTemplate)]
#[template(path = "highlights/minutes_page.html")]
pub struct MinutesPage {
    layout: Layout,
    slug: String,
    district_name: String,
    discussion: Discussion,
    status_label: &'static str,
    status_class: &'static str,
    path: String,
    discussion_path: String,
    previous: String,
    next: String,
    submitted_on: String,
    finalised_on: String,
    participants: String,
    accomplishments: String,
    benchmark_notes: Vec<BenchmarkNote>,
    inventory: Vec<InventoryGroup>,
    sections: Vec<Section>,
    steps: Vec<Step>,
    reviews: Vec<ReviewRow>,
    /// Answers to this revision's earlier sendings, before it was returned to draft: kept for
    /// the record, no longer counted.
    earlier: Vec<ReviewRow>,
    revisions: Vec<RevisionView>,
    may_write: bool,
    may_review: bool,
    is_draft: bool,
    in_review: bool,
    is_final: bool,
    send_problem: String,
    finalise: FinaliseCheck,
    /// The reviewer's own answer to this revision, if any, to show and to refill the form.
    review_form: ReviewForm,
    answered_as: String,
    errors: FieldErrors,
    /// Why the last action was refused (shown at the top, with its status).
    refusal: String,
}

/// What a refused action or an invalid answer brings back to the page.
#[derive(Default)]
pub struct Outcome {
    pub review_form: Option<ReviewForm>,
    pub errors: FieldErrors,
    pub refusal: String,
}

pub async fn page(mut scope: DistrictScope, axum::extract::Path((_, id)): Ids) -> Result<Response> {
    let discussion: Discussion = scope.open(id, Permission::ViewPlan).await?;
    render(&mut scope, discussion, Outcome::default(), StatusCode::OK).await
}

/// Section 1a grouped by initiative, in the plan's order; evidence about no initiative last.
async fn inventory(
    scope: &mut DistrictScope,
    discussion: &Discussion,
) -> Result<Vec<InventoryGroup>> {
    let district_id = scope.district.id;
    let rows = load::inventory(scope.conn(), district_id, discussion.id).await?;
    if rows.is_empty() {
        return Ok(vec![]);
    }
    let tree =
        crate::plans::queries::load_tree(scope.conn(), district_id, discussion.plan_id).await?;
    let mut order: Vec<(Option<Uuid>, String)> = Vec::new();
    if let Some(tree) = &tree {
        for objective in &tree.objectives {
            for initiative in tree.initiatives_of(objective.id) {
                let number = tree.initiative_number(initiative);
                order.push((
                    Some(initiative.id),
                    format!("Initiative {number}: {}", initiative.description),
                ));
            }
        }
    }
    for row in &rows {
        if !order.iter().any(|(id, _)| *id == row.initiative_id) {
            let label = match (&row.initiative_id, &row.initiative_description) {
                (Some(_), Some(description)) => format!("Initiative: {description}"),
                _ => "Not about one initiative".to_string(),
            };
            order.push((row.initiative_id, label));
        }
    }
    // Evidence about no initiative goes after every initiative.
    order.sort_by_key(|(id, _)| id.is_none());
    Ok(order
        .into_iter()
        .map(|(id, label)| InventoryGroup {
            label,
            items: rows
                .iter()
                .filter(|r| r.initiative_id == id)
                .cloned()
                .collect(),
        })
        .filter(|g| !g.items.is_empty())
        .collect())
}

fn revision_view(row: RevisionRow) -> RevisionView {
    let text = &row.final_text.0;
    let field = |key: &str| {
        text.get(key)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    let day = |key: &str| {
        text.get(key)
            .and_then(|v| serde_json::from_value::<DateTime<Utc>>(v.clone()).ok())
            .map(|at| date_label(local_date(at)))
            .unwrap_or_default()
    };
    let notes = text
        .get("benchmark_notes")
        .and_then(|v| v.as_array())
        .map(|notes| {
            notes
                .iter()
                .map(|n| BenchmarkNote {
                    statement: n["statement"].as_str().unwrap_or("").to_string(),
                    note: n["note"].as_str().unwrap_or("").to_string(),
                })
                .collect()
        })
        .unwrap_or_default();
    RevisionView {
        revision: row.revision,
        sent_on: day("sent_for_review_at"),
        finalised_on: day("finalised_at"),
        sections: SECTIONS
            .iter()
            .map(|(key, heading, _)| Section {
                heading,
                text: field(key),
            })
            .collect(),
        notes,
        reason: row.reason,
        who: row.created_by_name,
        when: moment_label(row.created_at),
    }
}

fn review_row(review: &Review) -> ReviewRow {
    ReviewRow {
        who: review.reviewer_name.clone(),
        role: review.reviewer_role.label(),
        outcome: review.outcome.label(),
        comments: review.comments.clone(),
        when: moment_label(review.reviewed_at),
    }
}

pub async fn render(
    scope: &mut DistrictScope,
    discussion: Discussion,
    outcome: Outcome,
    code: StatusCode,
) -> Result<Response> {
    let district_id = scope.district.id;
    let today = calendar::today();
    let all_reviews = queries::reviews(scope.conn(), district_id, discussion.id).await?;
    let agenda = queries::agenda(scope.conn(), district_id, discussion.id).await?;
    let (previous, next) =
        load::neighbours(scope.conn(), district_id, discussion.id, discussion.held_on).await?;
    let revisions = load::revisions(scope.conn(), district_id, discussion.id).await?;
    let inventory = inventory(scope, &discussion).await?;
    let (current, earlier): (Vec<&Review>, Vec<&Review>) = all_reviews
        .iter()
        .filter(|r| r.revision == discussion.revision)
        .partition(|r| r.answers(&discussion));
    let my_role = scope.reviewer_role();
    let mine = my_role.and_then(|role| current.iter().find(|r| r.reviewer_role == role));
    let review_form = outcome.review_form.unwrap_or_else(|| match mine {
        Some(r) => ReviewForm::from_review(r),
        None => ReviewForm::default(),
    });
    let benchmark_notes = benchmark_notes(&agenda);
    let none = || "None".to_string();
    let status = discussion.minutes_status;
    let page = MinutesPage {
        layout: Layout::new(
            &scope.user,
            format!(
                "Minutes of the Highlight Discussion of {}",
                date_label(discussion.held_on)
            ),
            "home",
        )
        .await,
        slug: scope.district.slug.clone(),
        district_name: scope.district.name.clone(),
        status_label: status.label(),
        status_class: status.css_class(),
        path: minutes_path(scope, discussion.id),
        discussion_path: format!(
            "/districts/{}/discussions/{}",
            scope.district.slug, discussion.id
        ),
        previous: previous.map(date_label).unwrap_or_else(none),
        next: next
            .map(date_label)
            .unwrap_or_else(|| "Not scheduled yet".into()),
        submitted_on: discussion
            .sent_for_review_at
            .map(|at| date_label(local_date(at)))
            .unwrap_or_default(),
        finalised_on: discussion
            .finalised_at
            .map(|at| date_label(local_date(at)))
            .unwrap_or_default(),
        participants: discussion.participants.clone(),
        accomplishments: discussion.accomplishments.clone(),
        sections: SECTIONS
            .iter()
            .skip(2)
            .map(|(key, heading, _)| Section {
                heading,
                text: section_text(&discussion, key).to_string(),
            })
            .collect(),
        steps: steps(&discussion, &all_reviews, today),
        reviews: current.iter().map(|r| review_row(r)).collect(),
        earlier: earlier.iter().map(|r| review_row(r)).collect(),
        revisions: revisions.into_iter().map(revision_view).collect(),
        may_write: scope.can(Permission::WriteMinutes),
        may_review: my_role.is_some(),
        is_draft: status == MinutesStatus::Draft,
        in_review: status == MinutesStatus::InReview,
        is_final: status == MinutesStatus::Final,
        send_problem: send_problem(&discussion, &benchmark_notes, today)
            .unwrap_or_default()
            .to_string(),
        finalise: finalise_check(&discussion, &all_reviews, today),
        review_form,
        answered_as: mine
            .map(|r| match r.reviewer_role {
                DistrictRole::Superintendent => "superintendent",
                _ => "monitor",
            })
            .unwrap_or_default()
            .to_string(),
        errors: outcome.errors,
        refusal: outcome.refusal,
        benchmark_notes,
        inventory,
        discussion,
    };
    Ok((code, page).into_response())
}
