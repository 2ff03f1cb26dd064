//! Adding evidence on its own page: a file or a link with a title and a date, attached to the
//! initiative, benchmark or measurement the person came from, or to an initiative they choose.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::content::{ACCEPT_ATTRIBUTE, ACCEPTED_HINT};
use super::model::Attachment;
use super::new::{self, EvidenceFields};
use super::pages::{self, Attached, library_path, safe_back};
use super::upload::{self, Posted};
use crate::access::{DistrictScope, Permission};
use crate::error::{AppError, Result};
use crate::state::AppState;
use crate::web::Layout;
use crate::web::forms::FieldErrors;
use crate::web::once::{self, Claim};

/// The select offered when the page did not say what the evidence is for.
const CHOICE: &str = "initiative_choice";

#[derive(Debug, Default, Deserialize)]
pub struct NewQuery {
    #[serde(default)]
    initiative: String,
    #[serde(default)]
    benchmark: String,
    #[serde(default)]
    measurement: String,
    #[serde(default)]
    back: String,
}

/// What the evidence is for: fixed by the page the person came from, or chosen in the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Requested {
    Fixed(Attachment),
    Chosen(Option<Uuid>),
}

impl Requested {
    fn attachment(self) -> Option<Attachment> {
        match self {
            Self::Fixed(attachment) => Some(attachment),
            Self::Chosen(initiative) => initiative.map(Attachment::Initiative),
        }
    }
}

/// An id that is not one is a page that does not exist; two attachments at once is a made-up form.
fn requested(
    initiative: &str,
    benchmark: &str,
    measurement: &str,
    chosen: &str,
) -> Result<Requested, AppError> {
    let id = |text: &str| -> Result<Option<Uuid>, AppError> {
        match text.trim() {
            "" => Ok(None),
            text => text.parse().map(Some).map_err(|_| AppError::NotFound),
        }
    };
    let given: Vec<Attachment> = [
        id(initiative)?.map(Attachment::Initiative),
        id(benchmark)?.map(Attachment::Benchmark),
        id(measurement)?.map(Attachment::Measurement),
    ]
    .into_iter()
    .flatten()
    .collect();
    match given.as_slice() {
        [] => Ok(Requested::Chosen(id(chosen)?)),
        [one] => Ok(Requested::Fixed(*one)),
        _ => Err(AppError::BadRequest),
    }
}

/// A fixed attachment, carried through the form as a hidden field.
pub struct Fixed {
    field: &'static str,
    id: Uuid,
    label: String,
}

pub struct Choice {
    id: String,
    label: String,
}

/// What the form shows besides what was typed, once the person is known to be allowed.
struct Context {
    requested: Requested,
    attached: Option<Attached>,
    choices: Vec<Choice>,
    may_leave_unattached: bool,
}

/// Checks that the person may add evidence for what was requested, and gathers the choices.
async fn open(scope: &mut DistrictScope, requested: Requested) -> Result<Context> {
    scope.require(Permission::ViewPlan)?;
    let district_id = scope.district.id;
    let attached = match requested.attachment() {
        Some(attachment) => {
            let attached = pages::attached(scope.conn(), district_id, attachment).await?;
            if !scope.may_record(attached.lead_user_id) {
                return Err(AppError::Forbidden);
            }
            if !attached.plan.accepts_progress() {
                let explanation = format!(
                    "{} belongs to a plan whose status is “{}”. Evidence is attached to the plan \
                     the district works from: one submitted for review or approved. Nothing was \
                     saved.",
                    attached.label,
                    attached.plan.status.label().to_lowercase()
                );
                return Err(AppError::conflict(
                    "Evidence cannot be added here",
                    explanation,
                    library_path(scope),
                    "Go to the evidence library",
                ));
            }
            Some(attached)
        }
        None => None,
    };
    let mut choices = Vec::new();
    if let Requested::Chosen(_) = requested {
        let plan = match crate::plans::queries::current_plan_id(scope.conn(), district_id).await? {
            Some(id) => crate::plans::queries::plan(scope.conn(), district_id, id).await?,
            None => None,
        };
        if let Some(plan) = plan.filter(|p| p.accepts_progress()) {
            let initiatives =
                pages::numbered_initiatives(scope.conn(), district_id, Some(plan.id)).await?;
            choices = initiatives
                .into_iter()
                .filter(|i| scope.may_record(i.lead_user_id))
                .map(|i| Choice {
                    id: i.id.to_string(),
                    label: i.label(),
                })
                .collect();
        }
    }
    let may_leave_unattached = scope.can(Permission::RecordProgress);
    if requested == Requested::Chosen(None) && !may_leave_unattached && choices.is_empty() {
        return Err(AppError::Forbidden);
    }
    Ok(Context {
        requested,
        attached,
        choices,
        may_leave_unattached,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "evidence/form.html")]
pub struct FormPage {
    layout: Layout,
    library_path: String,
    cancel_path: String,
    back: String,
    fixed: Option<Fixed>,
    choices: Vec<Choice>,
    may_leave_unattached: bool,
    chosen: String,
    fields: EvidenceFields,
    errors: FieldErrors,
    accepted_hint: &'static str,
    accept_attribute: &'static str,
    limit_label: String,
    /// A file was chosen and the form is shown again: browsers do not keep it.
    choose_file_again: bool,
}

struct Typed {
    fields: EvidenceFields,
    errors: FieldErrors,
    back: Option<String>,
    choose_file_again: bool,
}

async fn form_page(scope: &DistrictScope, context: Context, typed: Typed, max: usize) -> FormPage {
    let fixed = match (context.requested, context.attached) {
        (Requested::Fixed(attachment), Some(attached)) => {
            let (field, id) = match attachment {
                Attachment::Initiative(id) => ("initiative", id),
                Attachment::Benchmark(id) => ("benchmark", id),
                Attachment::Measurement(id) => ("measurement", id),
            };
            Some(Fixed {
                field,
                id,
                label: attached.label,
            })
        }
        _ => None,
    };
    let chosen = match context.requested {
        Requested::Chosen(Some(id)) => id.to_string(),
        _ => String::new(),
    };
    let library = library_path(scope);
    FormPage {
        layout: Layout::new(&scope.user, "Add evidence", "plan").await,
        cancel_path: typed.back.clone().unwrap_or_else(|| library.clone()),
        library_path: library,
        back: typed.back.unwrap_or_default(),
        fixed,
        choices: context.choices,
        may_leave_unattached: context.may_leave_unattached,
        chosen,
        fields: typed.fields,
        errors: typed.errors,
        accepted_hint: ACCEPTED_HINT,
        accept_attribute: ACCEPT_ATTRIBUTE,
        limit_label: format!("at most {} MB", max / (1024 * 1024)),
        choose_file_again: typed.choose_file_again,
    }
}

pub async fn new_form(
    mut scope: DistrictScope,
    State(state): State<AppState>,
    Query(query): Query<NewQuery>,
) -> Result<FormPage> {
    let requested = requested(&query.initiative, &query.benchmark, &query.measurement, "")?;
    let context = open(&mut scope, requested).await?;
    let typed = Typed {
        fields: EvidenceFields::dated(crate::calendar::today()),
        errors: FieldErrors::default(),
        back: safe_back(&scope.district.slug, &query.back),
        choose_file_again: false,
    };
    Ok(form_page(&scope, context, typed, state.config.max_upload_bytes).await)
}

pub async fn create(
    mut scope: DistrictScope,
    State(state): State<AppState>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response> {
    scope.require(Permission::ViewPlan)?;
    let max = state.config.max_upload_bytes;
    let posted: Posted = upload::read(multipart, max).await?;
    let requested = requested(
        posted.get("initiative"),
        posted.get("benchmark"),
        posted.get("measurement"),
        posted.get(CHOICE),
    )?;
    let context = open(&mut scope, requested).await?;
    let back = safe_back(&scope.district.slug, posted.get("back"));
    let mut errors = FieldErrors::default();
    if requested == Requested::Chosen(None) && !context.may_leave_unattached {
        errors.add(CHOICE, "Choose the initiative this evidence is for.");
    }
    let input = new::validate(&posted, crate::calendar::today(), max, true, &mut errors);
    let input = match input {
        Some(input) if errors.is_empty() => input,
        _ => {
            let typed = Typed {
                fields: EvidenceFields::from_posted(&posted),
                errors,
                back,
                choose_file_again: posted.has_file(),
            };
            let page = form_page(&scope, context, typed, max).await;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let title = input.title.clone();
    let attachment = context.attached.as_ref().map(|a| a.attachment);
    let (district_id, user_id) = (scope.district.id, scope.user.user.id);
    // A double click adds the evidence (and stores its file) once: the token is claimed before
    // the file is written, and the repeat is sent where the first post led.
    let token = match scope.claim_once(posted.get(once::FIELD)).await? {
        Claim::First(token) => token,
        Claim::Repeat(first) => return Ok(first),
    };
    let saved = new::save(
        scope.conn(),
        &state.evidence,
        district_id,
        user_id,
        input,
        attachment,
    )
    .await
    .map_err(AppError::Internal)?;
    let library = library_path(&scope);
    let destination = back.unwrap_or(library);
    once::record(scope.conn(), token, &destination).await?;
    let message = format!("“{title}” was added to the evidence library.");
    new::done(scope, &state.evidence, Some(&saved), &destination, message).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_says_what_the_evidence_is_for_at_most_once() {
        let id = Uuid::new_v4();
        let text = id.to_string();
        assert_eq!(
            requested("", &text, "", "").unwrap(),
            Requested::Fixed(Attachment::Benchmark(id))
        );
        assert_eq!(
            requested("", "", "", &text).unwrap(),
            Requested::Chosen(Some(id))
        );
        assert_eq!(requested("", "", "", "").unwrap(), Requested::Chosen(None));
        assert!(matches!(
            requested(&text, &text, "", ""),
            Err(AppError::BadRequest)
        ));
        assert!(matches!(
            requested("../1", "", "", ""),
            Err(AppError::NotFound)
        ));
    }
}
