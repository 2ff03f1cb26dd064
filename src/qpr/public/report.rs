//! A posted report as the public reads it: the narratives, both ratings of every initiative with
//! the rubric's words, and the evidence and rationale written for them; for the Summative Report
//! also the final outcomes against their targets, each initiative's ratings of the year (from the
//! posted reports) and the recommendations; and where it was presented. Comments, drafts, files
//! and the monitor's name stay inside the app.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::{POSTED, open};
use crate::access::District;
use crate::calendar::{QprPeriod, date_label, local_date};
use crate::error::{AppError, Result};
use crate::plans::model::{Initiative, Objective};
use crate::plans::queries::load_tree;
use crate::qpr::model::InitiativeRating;
use crate::qpr::presentations::{self, Presentation};
use crate::qpr::queries::{narrative_in, narratives, ratings};
use crate::qpr::report::view::RatingView;
use crate::qpr::summative::{self, OutcomeView, Readers, YearRow};
use crate::state::AppState;
use crate::web::Layout;

/// Only the public columns of a report: no monitor, no workflow dates but publication.
#[derive(sqlx::FromRow)]
struct PostedQpr {
    plan_id: Uuid,
    period_start: NaiveDate,
    summary: String,
    recommendations: String,
    published_at: Option<DateTime<Utc>>,
    revision: i32,
}

/// A library item backing a rating, by title only: the files are not public.
#[derive(sqlx::FromRow)]
struct LibraryItem {
    initiative_id: Uuid,
    scale: String,
    title: String,
}

pub struct InitiativePart {
    pub initiative: Initiative,
    pub number: String,
    pub narrative: String,
    pub ratings: [RatingView<String>; 2],
    /// On the Summative Report: the initiative's ratings in the year's posted reports.
    pub year: Vec<YearRow>,
}

pub struct ObjectivePart {
    pub objective: Objective,
    pub number: usize,
    pub narrative: String,
    pub initiatives: Vec<InitiativePart>,
}

#[derive(Template, WebTemplate)]
#[template(path = "qpr/public_report.html")]
pub struct ReportPage {
    pub layout: Layout,
    pub district: District,
    pub title: String,
    pub covers: String,
    pub summative: bool,
    pub publication_month: String,
    pub published: Option<String>,
    pub presentations: Vec<Presentation>,
    pub revision: i32,
    pub summary: String,
    pub recommendations: String,
    pub outcomes: Vec<OutcomeView>,
    pub objectives: Vec<ObjectivePart>,
}

fn parts(
    rating: Option<&InitiativeRating>,
    library: &[LibraryItem],
    initiative_id: Uuid,
) -> (String, [RatingView<String>; 2]) {
    let titles = |scale: &str| -> Vec<String> {
        library
            .iter()
            .filter(|l| l.initiative_id == initiative_id && l.scale == scale)
            .map(|l| l.title.clone())
            .collect()
    };
    let narrative = rating.map_or_else(String::new, |r| r.narrative.clone());
    (
        narrative,
        [
            RatingView::of(rating, "process", titles("process")),
            RatingView::of(rating, "performance", titles("performance")),
        ],
    )
}

/// A report that is not published and posted is "not found", exactly like one that does not
/// exist or belongs to another district.
pub async fn show(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
) -> Result<ReportPage> {
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let (district, mut tx) = open(&state, &slug).await?;
    let qpr: PostedQpr = sqlx::query_as(&format!(
        "SELECT plan_id, period_start, summary, recommendations, published_at, revision FROM qprs \
         WHERE district_id = $1 AND id = $2 AND {POSTED}"
    ))
    .bind(district.id)
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let tree = load_tree(&mut tx, district.id, qpr.plan_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let narratives = narratives(&mut tx, district.id, id).await?;
    let rated = ratings(&mut tx, district.id, id).await?;
    let library: Vec<LibraryItem> = sqlx::query_as(
        "SELECT x.initiative_id, x.scale::text AS scale, e.title FROM qpr_rating_evidence x \
         JOIN evidence e ON e.district_id = x.district_id AND e.id = x.evidence_id \
         WHERE x.district_id = $1 AND x.qpr_id = $2 ORDER BY e.title",
    )
    .bind(district.id)
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    let presentations = presentations::of_report(&mut tx, district.id, id).await?;
    let period = QprPeriod::containing(qpr.period_start);
    let (quarterly, outcomes) = if period.is_summative() {
        let quarterly =
            summative::quarterly_ratings(&mut tx, district.id, period, Readers::Public).await?;
        let data = summative::outcome_data(&mut tx, district.id, qpr.plan_id, id, period).await?;
        (Some(quarterly), summative::outcomes(&tree, &data, period))
    } else {
        (None, Vec::new())
    };

    let objectives = tree
        .objectives
        .iter()
        .map(|objective| ObjectivePart {
            number: tree.objective_number(objective.id),
            narrative: narrative_in(&narratives, objective.id).to_string(),
            initiatives: tree
                .initiatives_of(objective.id)
                .map(|initiative| {
                    let rating = rated.iter().find(|r| r.initiative_id == initiative.id);
                    let (narrative, ratings) = parts(rating, &library, initiative.id);
                    InitiativePart {
                        year: quarterly.as_deref().map_or_else(Vec::new, |q| {
                            summative::year_rows(period, q, rating, initiative.id)
                        }),
                        number: tree.initiative_number(initiative),
                        initiative: initiative.clone(),
                        narrative,
                        ratings,
                    }
                })
                .collect(),
            objective: objective.clone(),
        })
        .collect();
    Ok(ReportPage {
        layout: Layout::anonymous(format!("{}: {}", district.name, period.title())),
        title: period.title(),
        covers: period.covers(),
        summative: period.is_summative(),
        publication_month: period.publication_label(),
        published: qpr.published_at.map(|at| date_label(local_date(at))),
        presentations,
        revision: qpr.revision,
        summary: qpr.summary,
        recommendations: qpr.recommendations,
        outcomes,
        objectives,
        district,
    })
}
