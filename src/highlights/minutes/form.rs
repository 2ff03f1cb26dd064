//! Writing the minutes: every section of the template, a note per benchmark on the agenda, and
//! the evidence inventory chosen from the district's library. Only the plan manager writes, only
//! while the minutes are a draft, and a save made from a stale page shows both texts instead of
//! overwriting the other person's.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use super::load::{self, EvidenceRow, LIBRARY_LIMIT};
use super::{Ids, SECTION_MAX, SECTIONS, closed, finish, minutes_path, section_text};
use crate::access::{DistrictScope, Permission};
use crate::calendar::date_label;
use crate::error::{AppError, Result};
use crate::evidence;
use crate::highlights::model::{Discussion, MinutesStatus};
use crate::highlights::queries::{self, AgendaItem};
use crate::web::Layout;
use crate::web::conflict::ConflictRow;
use crate::web::forms::{CONTROL_CHARACTER, FieldErrors, has_control_character};
use crate::web::open::Owned;

const CONFLICT_MESSAGE: &str = "Someone else saved these minutes while you were editing. Both \
     versions are shown below and your text is still in the form: compare them, then save again \
     to keep yours.";

/// What the form sent, as typed.
#[derive(Debug, Clone, Default)]
pub struct MinutesForm {
    sections: Vec<(&'static str, String)>,
    /// Agenda item → its note for section 1.
    notes: Vec<(Uuid, String)>,
    evidence: Vec<String>,
    version: Option<i32>,
}

impl MinutesForm {
    fn from_saved(discussion: &Discussion, agenda: &[AgendaItem], chosen: &[EvidenceRow]) -> Self {
        Self {
            sections: SECTIONS
                .iter()
                .map(|(key, _, _)| (*key, section_text(discussion, key).to_string()))
                .collect(),
            notes: agenda
                .iter()
                .filter(|a| a.benchmark_id.is_some())
                .map(|a| (a.id, a.minutes_note.clone()))
                .collect(),
            evidence: chosen.iter().map(|e| e.id.to_string()).collect(),
            version: Some(discussion.version),
        }
    }

    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut form = Self::default();
        for (key, value) in pairs {
            if let Some((name, _, _)) = SECTIONS.iter().find(|(name, _, _)| *name == key) {
                form.sections.push((name, value));
            } else if let Some(id) = key.strip_prefix("note-").and_then(|id| id.parse().ok()) {
                form.notes.push((id, value));
            } else if key == "evidence" {
                form.evidence.push(value);
            } else if key == "version" {
                form.version = value.parse().ok();
            }
        }
        form
    }

    fn section(&self, key: &str) -> &str {
        self.sections
            .iter()
            .find(|(k, _)| *k == key)
            .map_or("", |(_, v)| v.as_str())
    }

    fn note(&self, item: &AgendaItem) -> Option<&str> {
        self.notes
            .iter()
            .find(|(id, _)| *id == item.id)
            .map(|(_, v)| v.as_str())
    }

    /// The evidence ticked, or `None` when one is not an id at all.
    fn evidence_ids(&self) -> Option<Vec<Uuid>> {
        let mut ids: Vec<Uuid> = self
            .evidence
            .iter()
            .map(|e| e.parse().ok())
            .collect::<Option<_>>()?;
        ids.sort();
        ids.dedup();
        Some(ids)
    }
}

pub struct SectionField {
    pub key: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub value: String,
    pub error: String,
    pub rows: u32,
}

pub struct NoteField {
    pub name: String,
    pub statement: String,
    pub value: String,
    pub error: String,
}

pub struct EvidenceChoice {
    pub row: EvidenceRow,
    pub checked: bool,
    pub href: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "highlights/minutes_form.html")]
pub struct FormPage {
    layout: Layout,
    heading: String,
    minutes_path: String,
    upload_path: String,
    library_path: String,
    fields: Vec<SectionField>,
    notes: Vec<NoteField>,
    evidence: Vec<EvidenceChoice>,
    library_limit: i64,
    version: i32,
    errors: FieldErrors,
    conflict: Vec<ConflictRow>,
}

const NOTE_ERROR: &str = "Keep each benchmark's note to 10,000 characters.";

async fn form_page(
    scope: &mut DistrictScope,
    discussion: &Discussion,
    agenda: &[AgendaItem],
    form: &MinutesForm,
    errors: FieldErrors,
    conflict: Vec<ConflictRow>,
) -> Result<FormPage> {
    let district_id = scope.district.id;
    let ticked = form.evidence_ids().unwrap_or_default();
    let slug = scope.district.slug.clone();
    let library = load::library(scope.conn(), district_id, discussion.id, &ticked).await?;
    let path = minutes_path(scope, discussion.id);
    let fields = SECTIONS
        .iter()
        .map(|(key, label, hint)| {
            let value = form.section(key).to_string();
            SectionField {
                key,
                label,
                hint,
                error: if has_control_character(&value) {
                    CONTROL_CHARACTER.into()
                } else if too_long(&value) {
                    format!(
                        "Keep this section to 10,000 characters (it has {}).",
                        value.chars().count()
                    )
                } else {
                    String::new()
                },
                value,
                rows: if *key == "participants" { 4 } else { 7 },
            }
        })
        .collect();
    let notes = agenda
        .iter()
        .filter(|a| a.benchmark_id.is_some())
        .map(|a| {
            let value = form.note(a).unwrap_or(&a.minutes_note).to_string();
            NoteField {
                name: format!("note-{}", a.id),
                statement: a.wording.clone(),
                error: if has_control_character(&value) {
                    CONTROL_CHARACTER.into()
                } else if too_long(&value) {
                    NOTE_ERROR.into()
                } else {
                    String::new()
                },
                value,
            }
        })
        .collect();
    Ok(FormPage {
        layout: Layout::new(&scope.user, "Write the minutes", "home").await,
        heading: format!(
            "Minutes of the Highlight Discussion of {}",
            date_label(discussion.held_on)
        ),
        upload_path: format!("/districts/{slug}/evidence/new?back={path}/edit"),
        library_path: format!("/districts/{slug}/evidence"),
        fields,
        notes,
        evidence: library
            .into_iter()
            .map(|row| EvidenceChoice {
                checked: ticked.contains(&row.id),
                href: row.href(&slug),
                row,
            })
            .collect(),
        library_limit: LIBRARY_LIMIT,
        version: form.version.unwrap_or(discussion.version),
        minutes_path: path,
        errors,
        conflict,
    })
}

fn too_long(text: &str) -> bool {
    text.chars().count() > SECTION_MAX
}

pub async fn edit_form(mut scope: DistrictScope, Path((_, id)): Ids) -> Result<Response> {
    let discussion: Discussion = scope.open(id, Permission::WriteMinutes).await?;
    if discussion.minutes_status != MinutesStatus::Draft {
        return Err(closed(&scope, &discussion, "Editing the minutes"));
    }
    let district_id = scope.district.id;
    let agenda = queries::agenda(scope.conn(), district_id, id).await?;
    let chosen = load::inventory(scope.conn(), district_id, id).await?;
    let form = MinutesForm::from_saved(&discussion, &agenda, &chosen);
    let page = form_page(
        &mut scope,
        &discussion,
        &agenda,
        &form,
        FieldErrors::default(),
        vec![],
    )
    .await?;
    Ok(page.into_response())
}

pub async fn save(
    mut scope: DistrictScope,
    Path((_, id)): Ids,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let discussion: Discussion = scope.open(id, Permission::WriteMinutes).await?;
    if discussion.minutes_status != MinutesStatus::Draft {
        return Err(closed(&scope, &discussion, "Saving the minutes"));
    }
    let mut form = MinutesForm::from_pairs(pairs);
    let district_id = scope.district.id;
    // Evidence of another district, or no evidence at all, is not found: nothing is saved.
    let evidence = form.evidence_ids().ok_or(AppError::NotFound)?;
    if !evidence::model::all_of_district(scope.conn(), district_id, &evidence).await? {
        return Err(AppError::NotFound);
    }
    let agenda = queries::agenda(scope.conn(), district_id, id).await?;
    let mut errors = FieldErrors::default();
    if SECTIONS
        .iter()
        .any(|(key, _, _)| too_long(form.section(key)))
    {
        errors.add("sections", "A section is over 10,000 characters.");
    }
    if form.notes.iter().any(|(_, note)| too_long(note)) {
        errors.add("notes", NOTE_ERROR);
    }
    let typed = SECTIONS.iter().map(|(key, _, _)| form.section(key));
    if typed
        .chain(form.notes.iter().map(|(_, note)| note.as_str()))
        .any(has_control_character)
    {
        errors.add("text", CONTROL_CHARACTER);
    }
    if !errors.is_empty() {
        let page = form_page(&mut scope, &discussion, &agenda, &form, errors, vec![]).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let text = |key: &str| form.section(key).trim().to_string();
    // A form without its version (an altered or truncated post) cannot show it was made from the
    // minutes as they are: it is treated as a stale page, never as a licence to overwrite.
    let version = form.version.unwrap_or(0);
    let saved: Option<Uuid> = sqlx::query_scalar(
        "UPDATE highlight_discussions SET participants = $4, accomplishments = $5, challenges = $6, \
             risks = $7, next_steps = $8, modifications = $9, team_next_steps = $10, debrief = $11, \
             version = version + 1, updated_at = now() \
         WHERE district_id = $1 AND id = $2 AND version = $3 AND minutes_status = 'draft' RETURNING id",
    )
    .bind(district_id)
    .bind(id)
    .bind(version)
    .bind(text("participants"))
    .bind(text("accomplishments"))
    .bind(text("challenges"))
    .bind(text("risks"))
    .bind(text("next_steps"))
    .bind(text("modifications"))
    .bind(text("team_next_steps"))
    .bind(text("debrief"))
    .fetch_optional(scope.conn())
    .await?;
    if saved.is_none() {
        // Compared with what is saved now, which may be a save that finished while this one waited.
        let discussion = Discussion::find(scope.conn(), district_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        if discussion.minutes_status != MinutesStatus::Draft {
            return Err(closed(&scope, &discussion, "Saving the minutes"));
        }
        let agenda = queries::agenda(scope.conn(), district_id, id).await?;
        let conflict = conflict_rows(&discussion, &agenda, &form);
        let mut errors = FieldErrors::default();
        errors.add("version", CONFLICT_MESSAGE);
        form.version = Some(discussion.version);
        let page = form_page(&mut scope, &discussion, &agenda, &form, errors, conflict).await?;
        return Ok((StatusCode::CONFLICT, page).into_response());
    }
    let (note_ids, note_texts): (Vec<Uuid>, Vec<String>) = form
        .notes
        .iter()
        .map(|(id, note)| (*id, note.trim().to_string()))
        .unzip();
    sqlx::query(
        "UPDATE discussion_agenda_items a SET minutes_note = n.note \
         FROM unnest($3::uuid[], $4::text[]) AS n(id, note) \
         WHERE a.district_id = $1 AND a.discussion_id = $2 AND a.id = n.id AND a.benchmark_id IS NOT NULL",
    )
    .bind(district_id)
    .bind(id)
    .bind(&note_ids)
    .bind(&note_texts)
    .execute(scope.conn())
    .await?;
    sqlx::query(
        "DELETE FROM minutes_evidence WHERE district_id = $1 AND discussion_id = $2 \
         AND NOT (evidence_id = ANY($3))",
    )
    .bind(district_id)
    .bind(id)
    .bind(&evidence)
    .execute(scope.conn())
    .await?;
    sqlx::query(
        "INSERT INTO minutes_evidence (district_id, discussion_id, evidence_id) \
         SELECT $1, $2, unnest($3::uuid[]) ON CONFLICT DO NOTHING",
    )
    .bind(district_id)
    .bind(id)
    .bind(&evidence)
    .execute(scope.conn())
    .await?;
    finish(scope, id, "The minutes were saved.".into()).await
}

/// The sections and notes that differ between what was saved meanwhile and what was typed.
fn conflict_rows(
    discussion: &Discussion,
    agenda: &[AgendaItem],
    form: &MinutesForm,
) -> Vec<ConflictRow> {
    let sections = SECTIONS.iter().map(|(key, label, _)| ConflictRow {
        label: label.to_string(),
        theirs: section_text(discussion, key).to_string(),
        yours: form.section(key).to_string(),
    });
    let notes = agenda.iter().filter_map(|a| {
        Some(ConflictRow {
            label: format!("Benchmark: {}", a.wording),
            theirs: a.minutes_note.clone(),
            yours: form.note(a)?.to_string(),
        })
    });
    sections
        .chain(notes)
        .filter(|r| r.theirs.trim() != r.yours.trim())
        .collect()
}
