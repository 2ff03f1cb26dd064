//! The monitor's edit page: the summary, a narrative per objective and per initiative, and both
//! ratings with the rubric's four levels and descriptions beside the choice, the previous
//! period's published rating, the library evidence concerning the initiative, and the period's
//! record. A save from a stale page shows both texts instead of overwriting.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

use super::content::{self, Content, EvidenceItem, Gaps, LIBRARY_PER_INITIATIVE};
use super::form::{Errors, ReportForm, SCALES};
use super::prefill::{self, FinalMinutes, InitiativeRecord};
use super::write::{conflict_rows, write_parts};
use super::{Ids, published, report_path};
use crate::access::{DistrictScope, Permission};
use crate::error::{AppError, Result};
use crate::evidence;
use crate::qpr::model::Qpr;
use crate::qpr::rating::{Level, PerformanceRating, ProcessRating};
use crate::qpr::summative::{OutcomeView, YearRow};
use crate::web::conflict::ConflictRow;
use crate::web::{Layout, flash};

const CONFLICT_MESSAGE: &str = "Someone else saved this report while you were editing. Both \
     versions are shown below and your text is still in the form: compare them, then save again \
     to keep yours.";

pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
    pub description: &'static str,
    pub checked: bool,
}

/// The scale's four levels as radio buttons, the `typed` one checked.
fn choices<R: Level>(typed: &str) -> [Choice; 4] {
    R::ALL.map(|r| Choice {
        value: r.key(),
        label: r.label(),
        description: r.description(),
        checked: typed == r.key(),
    })
}

pub struct LibraryChoice {
    pub id: Uuid,
    pub title: String,
    pub date: String,
    pub href: String,
    pub checked: bool,
}

pub struct ScaleField {
    pub key: &'static str,
    pub name: &'static str,
    pub choices: Vec<Choice>,
    /// The previous period's published rating: "Technical Implementation Stage".
    pub previous: Option<&'static str>,
    pub evidence: String,
    pub rationale: String,
    pub library: Vec<LibraryChoice>,
}

pub struct EditInitiative {
    pub id: Uuid,
    pub number: String,
    pub description: String,
    pub narrative: String,
    pub scales: Vec<ScaleField>,
    pub record: InitiativeRecord,
    /// On a Summative Report: the initiative's ratings in the year's reports.
    pub year: Vec<YearRow>,
}

pub struct EditObjective {
    pub id: Uuid,
    pub number: usize,
    pub title: String,
    pub narrative: String,
    pub initiatives: Vec<EditInitiative>,
}

#[derive(Template, WebTemplate)]
#[template(path = "qpr/report_edit.html")]
pub struct EditPage {
    layout: Layout,
    report_path: String,
    title: String,
    covers: String,
    summative: bool,
    version: i32,
    summary: String,
    recommendations: String,
    outcomes: Vec<OutcomeView>,
    objectives: Vec<EditObjective>,
    minutes: Vec<FinalMinutes>,
    general: InitiativeRecord,
    gaps: Gaps,
    library_limit: i64,
    errors: Errors,
    conflict: Vec<ConflictRow>,
}

fn scale_field(
    content: &Content,
    input: &super::form::InitiativeInput,
    library: &[EvidenceItem],
    slug: &str,
    s: usize,
) -> ScaleField {
    let id = input.id;
    let previous = content.previous_of(id);
    let chosen = &input.items[s];
    let typed = input.rating[s].as_str();
    let (key, name, choices, previous) = if s == 0 {
        let previous = previous
            .and_then(|p| p.process_rating)
            .map(ProcessRating::label);
        let choices = choices::<ProcessRating>(typed);
        ("process", ProcessRating::SCALE, choices, previous)
    } else {
        let previous = previous
            .and_then(|p| p.performance_rating)
            .map(PerformanceRating::label);
        let choices = choices::<PerformanceRating>(typed);
        ("performance", PerformanceRating::SCALE, choices, previous)
    };
    ScaleField {
        key,
        name,
        choices: choices.into(),
        previous,
        evidence: input.evidence[s].clone(),
        rationale: input.rationale[s].clone(),
        library: library
            .iter()
            .filter(|e| e.initiative_id == Some(id) || chosen.contains(&e.id.to_string()))
            .map(|e| LibraryChoice {
                id: e.id,
                title: e.title.clone(),
                date: e.date(),
                href: e.href(slug),
                checked: chosen.contains(&e.id.to_string()),
            })
            .collect(),
    }
}

async fn edit_page(
    scope: &mut DistrictScope,
    qpr: &Qpr,
    content: &Content,
    form: &ReportForm,
    errors: Errors,
    conflict: Vec<ConflictRow>,
) -> Result<EditPage> {
    let district_id = scope.district.id;
    let slug = scope.district.slug.clone();
    let record = prefill::load(scope.conn(), district_id, qpr.plan_id, qpr.period()).await?;
    let initiative_ids: Vec<Uuid> = content.tree.initiatives.iter().map(|i| i.id).collect();
    let also = form.evidence_ids().unwrap_or_default();
    let library = content::library(scope.conn(), district_id, &initiative_ids, &also).await?;
    let tree = &content.tree;
    let objectives = tree
        .objectives
        .iter()
        .map(|o| EditObjective {
            id: o.id,
            number: tree.objective_number(o.id),
            title: o.title.clone(),
            narrative: form.objective(o.id).unwrap_or_default().to_string(),
            initiatives: tree
                .initiatives_of(o.id)
                .map(|i| {
                    let input = form.initiative(i.id).cloned().unwrap_or_else(|| {
                        super::form::InitiativeInput {
                            id: i.id,
                            ..Default::default()
                        }
                    });
                    EditInitiative {
                        id: i.id,
                        number: tree.initiative_number(i),
                        description: i.description.clone(),
                        narrative: input.narrative.clone(),
                        scales: (0..SCALES.len())
                            .map(|s| scale_field(content, &input, &library, &slug, s))
                            .collect(),
                        record: record.of(Some(i.id), &slug),
                        year: content.year_of(qpr, i.id),
                    }
                })
                .collect(),
        })
        .collect();
    Ok(EditPage {
        layout: Layout::new(&scope.user, "Write the report", "home").await,
        report_path: report_path(scope, qpr.id),
        title: qpr.period().title(),
        covers: qpr.period().covers(),
        summative: qpr.is_summative(),
        version: form.version.unwrap_or(qpr.version),
        summary: form.summary.clone(),
        recommendations: form.recommendations.clone(),
        // The data as saved, with the words as typed.
        outcomes: content
            .outcomes(qpr)
            .into_iter()
            .map(|mut o| {
                if let Some(typed) = form.outcome(o.benchmark_id) {
                    o.narrative = typed.to_string();
                }
                o
            })
            .collect(),
        objectives,
        general: record.of(None, &slug),
        minutes: record.minutes,
        gaps: content.gaps(qpr),
        library_limit: LIBRARY_PER_INITIATIVE,
        errors,
        conflict,
    })
}

pub async fn edit_form(
    mut scope: DistrictScope,
    axum::extract::Path((_, id)): Ids,
) -> Result<Response> {
    let qpr: Qpr = scope.open(id, Permission::DraftQpr).await?;
    if !qpr.is_editable() {
        return Err(published(&scope, &qpr));
    }
    let content = content::load(scope.conn(), &qpr).await?;
    let form = ReportForm::from_saved(&qpr, &content);
    let page = edit_page(&mut scope, &qpr, &content, &form, Errors::default(), vec![]).await?;
    Ok(page.into_response())
}

pub async fn save(
    mut scope: DistrictScope,
    axum::extract::Path((_, id)): Ids,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let qpr: Qpr = scope.open(id, Permission::DraftQpr).await?;
    if !qpr.is_editable() {
        return Err(published(&scope, &qpr));
    }
    let mut form = ReportForm::from_pairs(pairs);
    let district_id = scope.district.id;
    // Evidence of another district, or something that is not evidence at all, is not found:
    // nothing is saved.
    let evidence = form.evidence_ids().ok_or(AppError::NotFound)?;
    if !evidence::model::all_of_district(scope.conn(), district_id, &evidence).await? {
        return Err(AppError::NotFound);
    }
    let content = content::load(scope.conn(), &qpr).await?;
    let errors = form.validate();
    if !errors.is_empty() {
        let page = edit_page(&mut scope, &qpr, &content, &form, errors, vec![]).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let saved: Option<Uuid> = sqlx::query_scalar(
        "UPDATE qprs SET summary = $4, recommendations = $5, version = version + 1, updated_at = now() \
         WHERE district_id = $1 AND id = $2 AND version = $3 AND status <> 'published' RETURNING id",
    )
    .bind(district_id)
    .bind(id)
    // A form without its version cannot show it was made from the report as it is: treated as
    // a stale page (versions start at 1), never as a licence to overwrite.
    .bind(form.version.unwrap_or(0))
    .bind(form.summary.trim())
    // Only the Summative Report has recommendations: a quarterly report's stay empty.
    .bind(if qpr.is_summative() {
        form.recommendations.trim()
    } else {
        ""
    })
    .fetch_optional(scope.conn())
    .await?;
    if saved.is_none() {
        // Compared with what is saved now, which may be a save that finished while this one waited.
        let qpr = super::queries::qpr(scope.conn(), district_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        if !qpr.is_editable() {
            return Err(published(&scope, &qpr));
        }
        let content = content::load(scope.conn(), &qpr).await?;
        let conflict = conflict_rows(&qpr, &content, &form);
        let mut errors = Errors::default();
        errors.add("version".into(), CONFLICT_MESSAGE);
        form.version = Some(qpr.version);
        let page = edit_page(&mut scope, &qpr, &content, &form, errors, conflict).await?;
        return Ok((StatusCode::CONFLICT, page).into_response());
    }
    write_parts(&mut scope, &qpr, &content, &form).await?;
    let session = scope.user.session.clone();
    let path = report_path(&scope, id);
    scope.commit().await?;
    flash::set(&session, "The report was saved.").await;
    Ok(Redirect::to(&path).into_response())
}
