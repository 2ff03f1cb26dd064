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
use super::{Ids, published, report_path};
use crate::access::{DistrictScope, Permission};
use crate::error::{AppError, Result};
use crate::evidence;
use crate::qpr::model::Qpr;
use crate::qpr::rating::{PerformanceRating, ProcessRating};
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
    period: String,
    version: i32,
    summary: String,
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
        let choices = ProcessRating::ALL.map(|r| Choice {
            value: r.key(),
            label: r.label(),
            description: r.description(),
            checked: typed == r.key(),
        });
        let previous = previous
            .and_then(|p| p.process_rating)
            .map(ProcessRating::label);
        ("process", ProcessRating::SCALE, choices, previous)
    } else {
        let choices = PerformanceRating::ALL.map(|r| Choice {
            value: r.key(),
            label: r.label(),
            description: r.description(),
            checked: typed == r.key(),
        });
        let previous = previous
            .and_then(|p| p.performance_rating)
            .map(PerformanceRating::label);
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
                    }
                })
                .collect(),
        })
        .collect();
    Ok(EditPage {
        layout: Layout::new(&scope.user, "Write the report", "home").await,
        report_path: report_path(scope, qpr.id),
        period: qpr.period().label(),
        version: form.version.unwrap_or(qpr.version),
        summary: form.summary.clone(),
        objectives,
        general: record.of(None, &slug),
        minutes: record.minutes,
        gaps: content.gaps(),
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
    let form = ReportForm::from_saved(&qpr.summary, qpr.version, &content);
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
        "UPDATE qprs SET summary = $4, version = version + 1, updated_at = now() \
         WHERE district_id = $1 AND id = $2 AND version = $3 AND status <> 'published' RETURNING id",
    )
    .bind(district_id)
    .bind(id)
    // A form without its version cannot show it was made from the report as it is: treated as
    // a stale page (versions start at 1), never as a licence to overwrite.
    .bind(form.version.unwrap_or(0))
    .bind(form.summary.trim())
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
        errors.add("version".into(), CONFLICT_MESSAGE.into());
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

/// The narratives, ratings and chosen evidence of the plan's objectives and initiatives that the
/// form carried (anything else in it is ignored).
async fn write_parts(
    scope: &mut DistrictScope,
    qpr: &Qpr,
    content: &Content,
    form: &ReportForm,
) -> Result<()> {
    let district_id = scope.district.id;
    let (objective_ids, narratives): (Vec<Uuid>, Vec<String>) = form
        .objectives
        .iter()
        .filter(|(id, _)| content.tree.objectives.iter().any(|o| o.id == *id))
        .map(|(id, n)| (*id, n.trim().to_string()))
        .unzip();
    sqlx::query(
        "INSERT INTO qpr_objectives (district_id, qpr_id, objective_id, narrative) \
         SELECT $1, $2, n.id, n.narrative FROM unnest($3::uuid[], $4::text[]) AS n(id, narrative) \
         ON CONFLICT (district_id, qpr_id, objective_id) DO UPDATE SET narrative = excluded.narrative",
    )
    .bind(district_id)
    .bind(qpr.id)
    .bind(&objective_ids)
    .bind(&narratives)
    .execute(scope.conn())
    .await?;
    let inputs: Vec<_> = form
        .initiatives
        .iter()
        .filter(|i| content.tree.initiatives.iter().any(|t| t.id == i.id))
        .collect();
    let column = |f: &dyn Fn(&super::form::InitiativeInput) -> String| -> Vec<String> {
        inputs.iter().map(|i| f(i).trim().to_string()).collect()
    };
    let ids: Vec<Uuid> = inputs.iter().map(|i| i.id).collect();
    sqlx::query(
        "INSERT INTO qpr_initiatives (district_id, qpr_id, initiative_id, narrative, process_rating, \
             process_evidence, process_rationale, performance_rating, performance_evidence, performance_rationale) \
         SELECT $1, $2, n.id, n.narrative, nullif(n.pr, '')::process_rating, n.pe, n.pn, \
                nullif(n.fr, '')::performance_rating, n.fe, n.fn \
         FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[]) \
             AS n(id, narrative, pr, pe, pn, fr, fe, fn) \
         ON CONFLICT (district_id, qpr_id, initiative_id) DO UPDATE SET narrative = excluded.narrative, \
             process_rating = excluded.process_rating, process_evidence = excluded.process_evidence, \
             process_rationale = excluded.process_rationale, performance_rating = excluded.performance_rating, \
             performance_evidence = excluded.performance_evidence, \
             performance_rationale = excluded.performance_rationale",
    )
    .bind(district_id)
    .bind(qpr.id)
    .bind(&ids)
    .bind(column(&|i| i.narrative.clone()))
    .bind(column(&|i| i.rating[0].clone()))
    .bind(column(&|i| i.evidence[0].clone()))
    .bind(column(&|i| i.rationale[0].clone()))
    .bind(column(&|i| i.rating[1].clone()))
    .bind(column(&|i| i.evidence[1].clone()))
    .bind(column(&|i| i.rationale[1].clone()))
    .execute(scope.conn())
    .await?;
    sqlx::query(
        "DELETE FROM qpr_rating_evidence WHERE district_id = $1 AND qpr_id = $2 AND initiative_id = ANY($3)",
    )
    .bind(district_id)
    .bind(qpr.id)
    .bind(&ids)
    .execute(scope.conn())
    .await?;
    let mut chosen: (Vec<Uuid>, Vec<String>, Vec<Uuid>) = Default::default();
    for i in &inputs {
        for (s, scale) in SCALES.iter().enumerate() {
            for item in &i.items[s] {
                if let Ok(evidence_id) = item.parse() {
                    chosen.0.push(i.id);
                    chosen.1.push(scale.to_string());
                    chosen.2.push(evidence_id);
                }
            }
        }
    }
    sqlx::query(
        "INSERT INTO qpr_rating_evidence (district_id, qpr_id, initiative_id, scale, evidence_id) \
         SELECT $1, $2, n.initiative_id, n.scale::rating_scale, n.evidence_id \
         FROM unnest($3::uuid[], $4::text[], $5::uuid[]) AS n(initiative_id, scale, evidence_id) \
         ON CONFLICT DO NOTHING",
    )
    .bind(district_id)
    .bind(qpr.id)
    .bind(&chosen.0)
    .bind(&chosen.1)
    .bind(&chosen.2)
    .execute(scope.conn())
    .await?;
    Ok(())
}

/// The narratives that differ between what was saved meanwhile and what was typed.
fn conflict_rows(qpr: &Qpr, content: &Content, form: &ReportForm) -> Vec<ConflictRow> {
    let tree = &content.tree;
    let mut rows = vec![ConflictRow {
        label: "Summary of overall progress".into(),
        theirs: qpr.summary.clone(),
        yours: form.summary.clone(),
    }];
    for o in &tree.objectives {
        if let Some(yours) = form.objective(o.id) {
            rows.push(ConflictRow {
                label: format!("Objective {}", tree.objective_number(o.id)),
                theirs: content.narrative_of(o.id).to_string(),
                yours: yours.to_string(),
            });
        }
    }
    for i in &tree.initiatives {
        if let Some(input) = form.initiative(i.id) {
            rows.push(ConflictRow {
                label: format!("Initiative {}", tree.initiative_number(i)),
                theirs: content
                    .rating_of(i.id)
                    .map(|r| r.narrative.clone())
                    .unwrap_or_default(),
                yours: input.narrative.clone(),
            });
        }
    }
    rows.retain(|r| r.theirs.trim() != r.yours.trim());
    rows
}
