//! A reflection's page: before it is recorded, the form on which the district, its plan manager
//! or its monitor records where the district stands on each criterion B–E, with the evidence and a
//! short rationale; after, what was recorded. Recording is one step, taken once: a second person
//! sending the form meanwhile is told it was recorded and keeps what they typed.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use super::criteria::{CONTINUUM, Criterion, REFLECTED, Stage};
use super::{Position, Reflection, continuum_path, reflection_path};
use crate::access::{DistrictScope, Permission};
use crate::calendar::{date_label, today};
use crate::error::{AppError, Result};
use crate::notify::{self, notices};
use crate::web::Layout;
use crate::web::forms::{CONTROL_CHARACTER, FieldErrors, has_control_character};
use crate::web::open::{Ids, Owned};

const TEXT_MAX: usize = 4000;

/// The form's field names per criterion; `FieldErrors` keys are static.
const FIELDS: [(&str, &str, &str, &str); 4] = [
    ("B", "stage_B", "evidence_B", "rationale_B"),
    ("C", "stage_C", "evidence_C", "rationale_C"),
    ("D", "stage_D", "evidence_D", "rationale_D"),
    ("E", "stage_E", "evidence_E", "rationale_E"),
];

/// What was typed for one criterion, kept when the form comes back.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    pub stage: String,
    pub evidence: String,
    pub rationale: String,
}

/// One criterion on the form or the recorded page.
pub struct Row {
    pub criterion: &'static Criterion,
    pub stage_field: &'static str,
    pub evidence_field: &'static str,
    pub rationale_field: &'static str,
    pub entry: Entry,
    /// What was recorded, once it was.
    pub recorded: Option<Stage>,
}

#[derive(Template, WebTemplate)]
#[template(path = "continuum/reflection.html")]
pub struct ReflectionPage {
    layout: Layout,
    slug: String,
    reflection: Reflection,
    rows: Vec<Row>,
    errors: FieldErrors,
    stages: [Stage; 3],
    questions: &'static [String],
    /// The form is shown: not recorded, held, and the person may record.
    can_record: bool,
    /// Why there is no form yet ("on or after Dec 10").
    not_yet: String,
    can_cancel: bool,
    version: i32,
    /// Said above the page when this person's form lost the race to someone else's.
    notice: String,
    /// What this person typed, kept when the form could not be saved.
    typed: Vec<(&'static str, Entry)>,
}

fn rows(entries: &[Entry], recorded: &[Position]) -> Vec<Row> {
    FIELDS
        .iter()
        .zip(entries)
        .map(|(&(letter, stage, evidence, rationale), entry)| Row {
            criterion: CONTINUUM.criterion(letter).expect("B to E are in the data"),
            stage_field: stage,
            evidence_field: evidence,
            rationale_field: rationale,
            entry: entry.clone(),
            recorded: recorded
                .iter()
                .find(|p| p.criterion == letter)
                .map(|p| p.stage),
        })
        .collect()
}

async fn positions_of(scope: &mut DistrictScope, id: Uuid) -> Result<Vec<Position>> {
    let district_id = scope.district.id;
    Ok(sqlx::query_as(
        "SELECT reflection_id, criterion::text AS criterion, stage, evidence, rationale \
         FROM continuum_positions WHERE district_id = $1 AND reflection_id = $2 ORDER BY criterion",
    )
    .bind(district_id)
    .bind(id)
    .fetch_all(scope.conn())
    .await?)
}

async fn page(
    scope: &mut DistrictScope,
    reflection: Reflection,
    entries: Vec<Entry>,
    errors: FieldErrors,
) -> Result<ReflectionPage> {
    let recorded = positions_of(scope, reflection.id).await?;
    let entries = if reflection.is_recorded() {
        recorded
            .iter()
            .map(|p| Entry {
                stage: p.stage.key().into(),
                evidence: p.evidence.clone(),
                rationale: p.rationale.clone(),
            })
            .collect()
    } else if entries.is_empty() {
        vec![Entry::default(); FIELDS.len()]
    } else {
        entries
    };
    let held = reflection.held_on <= today();
    let not_yet = if reflection.is_recorded() || held {
        String::new()
    } else {
        format!(
            "Positions are recorded at the reflection itself: on or after {}.",
            date_label(reflection.held_on)
        )
    };
    let may_record = scope.can(Permission::RecordReflections);
    Ok(ReflectionPage {
        layout: Layout::new(
            &scope.user,
            format!("Reflection of {}", date_label(reflection.held_on)),
            "home",
        )
        .await,
        slug: scope.district.slug.clone(),
        rows: rows(&entries, &recorded),
        errors,
        stages: Stage::ALL,
        questions: &CONTINUUM.questions,
        can_record: !reflection.is_recorded() && held && may_record,
        not_yet,
        can_cancel: !reflection.is_recorded() && scope.can(Permission::ScheduleDiscussions),
        version: reflection.version,
        reflection,
        notice: String::new(),
        typed: Vec::new(),
    })
}

async fn fetch(scope: &mut DistrictScope, id: Uuid) -> Result<Reflection> {
    let district_id = scope.district.id;
    Reflection::find(scope.conn(), district_id, id)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn show(mut scope: DistrictScope, Path((_, id)): Ids) -> Result<ReflectionPage> {
    let found = fetch(&mut scope, id).await?;
    scope.require(Permission::ViewPlan)?;
    page(
        &mut scope,
        found,
        vec![Entry::default(); FIELDS.len()],
        FieldErrors::default(),
    )
    .await
}

/// Reads the posted pairs: a stage, evidence and rationale per criterion, and the version seen.
fn read(pairs: &[(String, String)]) -> (Vec<Entry>, Option<i32>) {
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let entries = FIELDS
        .iter()
        .map(|&(_, stage, evidence, rationale)| Entry {
            stage: value(stage),
            evidence: value(evidence),
            rationale: value(rationale),
        })
        .collect();
    (entries, value("version").trim().parse().ok())
}

fn check(entries: &[Entry]) -> std::result::Result<Vec<Stage>, FieldErrors> {
    let mut errors = FieldErrors::default();
    let mut stages = Vec::new();
    for (&(letter, stage, evidence, rationale), entry) in FIELDS.iter().zip(entries) {
        match Stage::parse(entry.stage.trim()) {
            Some(found) => stages.push(found),
            None => errors.add(
                stage,
                format!("Choose where the district stands on criterion {letter}."),
            ),
        }
        for (field, text, what) in [
            (evidence, &entry.evidence, "the evidence"),
            (rationale, &entry.rationale, "a short rationale"),
        ] {
            if has_control_character(text) {
                errors.add(field, CONTROL_CHARACTER);
            } else if text.trim().is_empty() {
                errors.add(field, format!("Give {what} for criterion {letter}."));
            } else if text.chars().count() > TEXT_MAX {
                errors.add(field, format!("Keep this to {TEXT_MAX} characters."));
            }
        }
    }
    if errors.is_empty() {
        Ok(stages)
    } else {
        Err(errors)
    }
}

pub async fn save(
    mut scope: DistrictScope,
    Path((_, id)): Ids,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let found = fetch(&mut scope, id).await?;
    scope.require(Permission::RecordReflections)?;
    let slug = scope.district.slug.clone();
    let (entries, version) = read(&pairs);
    if found.is_recorded() || version != Some(found.version) {
        return already_recorded(&mut scope, id, entries).await;
    }
    if found.held_on > today() {
        return Err(AppError::conflict(
            "This reflection has not been held yet",
            format!(
                "Positions are recorded at the reflection itself: on or after {}.",
                date_label(found.held_on)
            ),
            reflection_path(&slug, id),
            "Back to the reflection",
        ));
    }
    let stages = match check(&entries) {
        Ok(stages) => stages,
        Err(errors) => {
            let page = page(&mut scope, found, entries, errors).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let (district_id, user_id) = (scope.district.id, scope.user.user.id);
    // The step itself is the compare-and-set: of two people sending the form, one moves the row.
    let moved: Option<Uuid> = sqlx::query_scalar(
        "UPDATE continuum_reflections SET status = 'recorded', recorded_at = now(), \
                recorded_by = $3, version = version + 1 \
         WHERE district_id = $1 AND id = $2 AND status = 'scheduled' AND version = $4 RETURNING id",
    )
    .bind(district_id)
    .bind(id)
    .bind(user_id)
    .bind(found.version)
    .fetch_optional(scope.conn())
    .await?;
    if moved.is_none() {
        return already_recorded(&mut scope, id, entries).await;
    }
    let evidence: Vec<String> = entries
        .iter()
        .map(|e| e.evidence.trim().to_string())
        .collect();
    let rationale: Vec<String> = entries
        .iter()
        .map(|e| e.rationale.trim().to_string())
        .collect();
    sqlx::query(
        "INSERT INTO continuum_positions (district_id, reflection_id, criterion, stage, evidence, rationale) \
         SELECT $1, $2, c, s, e, r FROM unnest($3::text[], $4::continuum_stage[], $5::text[], $6::text[]) \
           AS t(c, s, e, r)",
    )
    .bind(district_id)
    .bind(id)
    .bind(REFLECTED)
    .bind(&stages)
    .bind(&evidence)
    .bind(&rationale)
    .execute(scope.conn())
    .await?;
    let district = scope.district.clone();
    notify::notify_scope(
        &mut scope,
        &notices::reflection_recorded(&district, id, found.held_on),
    )
    .await?;
    let message = format!(
        "Where the district stands on the continuum was recorded for the reflection of {}.",
        date_label(found.held_on)
    );
    scope.done(&continuum_path(&slug), message).await
}

/// Someone else recorded the reflection first: their positions, with what this person typed kept
/// below them, so nothing they wrote is lost.
async fn already_recorded(
    scope: &mut DistrictScope,
    id: Uuid,
    entries: Vec<Entry>,
) -> Result<Response> {
    let now = fetch(scope, id).await?;
    let typed = FIELDS.iter().map(|f| f.0).zip(entries).collect();
    let mut page = page(scope, now, Vec::new(), FieldErrors::default()).await?;
    page.notice = "Someone recorded this reflection while you were writing, so your form was not \
         saved. What they recorded is below, and what you typed is kept at the end of the page."
        .into();
    page.typed = typed;
    Ok((StatusCode::CONFLICT, page).into_response())
}
