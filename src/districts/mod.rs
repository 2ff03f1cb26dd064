//! Districts: ESE's list of them, creating and editing one, and each district's own page.

mod form;
mod queries;

pub use form::{DistrictForm, slugify};
pub use queries::Member;

use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};

use crate::access::{District, DistrictRole, DistrictScope, Permission, UserScope};
use crate::error::Result;
use crate::state::AppState;
use crate::web::forms::{FieldErrors, unique_violation};
use crate::web::{Layout, flash};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/districts", get(list))
        .route("/districts/new", get(new_form).post(create))
        .route("/districts/{district}", get(show))
        .route("/districts/{district}/edit", get(edit_form).post(update))
}

#[derive(Template, WebTemplate)]
#[template(path = "districts/list.html")]
struct ListPage {
    layout: Layout,
    districts: Vec<District>,
    can_create: bool,
}

async fn list(mut scope: UserScope) -> Result<Response> {
    if !scope.can(Permission::ViewAllDistricts) {
        // District roles have their own landing page, which lists just their districts.
        return Ok(Redirect::to("/").into_response());
    }
    Ok(ListPage {
        can_create: scope.can(Permission::ManageDistricts),
        districts: queries::all(scope.conn()).await?,
        layout: Layout::new(&scope.user, "Districts", "districts").await,
    }
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "districts/form.html")]
struct FormPage {
    layout: Layout,
    /// `None` when creating.
    district: Option<District>,
    form: DistrictForm,
    errors: FieldErrors,
    /// What someone else saved while this person was editing.
    conflict: Option<District>,
}

impl FormPage {
    fn action(&self) -> String {
        match &self.district {
            Some(d) => format!("/districts/{}/edit", d.slug),
            None => "/districts/new".to_string(),
        }
    }
}

async fn new_form(scope: UserScope) -> Result<FormPage> {
    scope.require(Permission::ManageDistricts)?;
    let user = scope.user;
    Ok(FormPage {
        layout: Layout::new(&user, "New district", "districts").await,
        district: None,
        form: DistrictForm {
            accountability_level: "4".into(),
            ..Default::default()
        },
        errors: FieldErrors::default(),
        conflict: None,
    })
}

async fn create(mut scope: UserScope, Form(form): Form<DistrictForm>) -> Result<Response> {
    scope.require(Permission::ManageDistricts)?;
    let mut errors = FieldErrors::default();
    match form.validate() {
        Ok(input) => match queries::insert(scope.conn(), &input).await {
            Ok(district) => {
                let session = scope.user.session.clone();
                scope.commit().await?;
                tracing::info!(district_id = %district.id, "district created");
                flash::set(&session, format!("{} was created.", district.name)).await;
                return Ok(Redirect::to(&format!("/districts/{}", district.slug)).into_response());
            }
            Err(error) => duplicate_to_field(error, &mut errors)?,
        },
        Err(found) => errors = found,
    }
    let page = FormPage {
        layout: Layout::new(&scope.user, "New district", "districts").await,
        district: None,
        form,
        errors,
        conflict: None,
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// Turns a duplicate name or slug into a message on its field; any other error is internal.
fn duplicate_to_field(error: sqlx::Error, errors: &mut FieldErrors) -> Result<()> {
    match unique_violation(&error).as_deref() {
        Some("districts_name_key") => {
            errors.add("name", "A district with this name already exists.")
        }
        Some("districts_slug_key") => errors.add(
            "slug",
            "Another district already uses this web address name.",
        ),
        _ => return Err(error.into()),
    }
    Ok(())
}

/// The district's people grouped under each role, in the order of [`DistrictRole::ALL`].
pub struct RoleGroup {
    pub role: DistrictRole,
    pub members: Vec<Member>,
}

#[derive(Template, WebTemplate)]
#[template(path = "districts/show.html")]
struct ShowPage {
    layout: Layout,
    district: District,
    /// The plan versions, newest first, when the person may read plans.
    plans: Vec<crate::plans::queries::PlanVersion>,
    groups: Vec<RoleGroup>,
    can_edit: bool,
    can_manage_people: bool,
    /// Highlight Discussions and ESE contacts, when the person may read the plan.
    discussions: Option<crate::highlights::schedule::summary::DistrictSummary>,
    /// Where the district stands on exit criteria B–E, when the person may read the plan.
    continuum: Option<Vec<crate::continuum::Now>>,
    can_schedule: bool,
    /// Monitors and ESE review other districts' reports in ESE review.
    can_peer_review: bool,
    can_manage_contacts: bool,
    /// ESE's administrators and the superintendent download the district's whole record.
    can_export: bool,
    /// The monitor's open evidence requests: how many, and the soonest due date.
    open_requests: Option<OpenRequests>,
}

#[derive(Debug, sqlx::FromRow)]
struct OpenRequests {
    count: i64,
    next_due: Option<chrono::NaiveDate>,
    overdue: i64,
}

impl OpenRequests {
    fn next_due_label(&self) -> String {
        self.next_due
            .map(crate::calendar::date_label)
            .unwrap_or_default()
    }
}

async fn show(mut scope: DistrictScope) -> Result<ShowPage> {
    let district_id = scope.district.id;
    let members = queries::members(scope.conn(), district_id).await?;
    let (plans, discussions, continuum) = if scope.can(Permission::ViewPlan) {
        let plans = crate::plans::queries::versions(scope.conn(), district_id).await?;
        let summary = crate::highlights::schedule::summary::load(scope.conn(), district_id).await?;
        let continuum = crate::continuum::standing_now(scope.conn(), district_id).await?;
        (plans, Some(summary), Some(continuum))
    } else {
        (Vec::new(), None, None)
    };
    let open_requests: Option<OpenRequests> = if scope.can(Permission::ViewPlan) {
        sqlx::query_as(
            "SELECT count(*) AS count, min(due_on) AS next_due, count(*) FILTER (WHERE due_on < $2) AS overdue \
             FROM evidence_requests WHERE district_id = $1 AND answered_at IS NULL",
        )
        .bind(district_id)
        .bind(crate::calendar::today())
        .fetch_optional(scope.conn())
        .await?
        .filter(|r: &OpenRequests| r.count > 0)
    } else {
        None
    };
    let groups = DistrictRole::ALL
        .into_iter()
        .map(|role| RoleGroup {
            role,
            members: members.iter().filter(|m| m.role == role).cloned().collect(),
        })
        .collect();
    let page = ShowPage {
        layout: Layout::new(&scope.user, scope.district.name.clone(), "home").await,
        can_edit: scope.can(Permission::ManageDistricts),
        can_manage_people: scope.can(Permission::ManagePeople),
        can_schedule: scope.can(Permission::ScheduleDiscussions),
        can_peer_review: scope.can(Permission::DraftQpr) || scope.can(Permission::ReviewQpr),
        can_manage_contacts: scope.can(Permission::ManageEseContacts),
        can_export: scope.can(Permission::ExportDistrict),
        discussions,
        continuum,
        open_requests,
        district: scope.district.clone(),
        plans,
        groups,
    };
    scope.commit().await?;
    Ok(page)
}

async fn edit_form(scope: DistrictScope) -> Result<FormPage> {
    scope.require(Permission::ManageDistricts)?;
    Ok(FormPage {
        layout: Layout::new(
            &scope.user,
            format!("Edit {}", scope.district.name),
            "districts",
        )
        .await,
        form: DistrictForm::from_district(&scope.district),
        district: Some(scope.district),
        errors: FieldErrors::default(),
        conflict: None,
    })
}

async fn update(mut scope: DistrictScope, Form(form): Form<DistrictForm>) -> Result<Response> {
    scope.require(Permission::ManageDistricts)?;
    let district = scope.district.clone();
    let mut errors = FieldErrors::default();
    let mut conflict = None;
    match form.validate() {
        Ok(input) => {
            let version = form.version.unwrap_or(district.version);
            match queries::update(scope.conn(), district.id, version, &input).await {
                Ok(Some(saved)) => {
                    let path = format!("/districts/{}", saved.slug);
                    let message = format!("{} was saved.", saved.name);
                    let response = scope.done(&path, message).await?;
                    tracing::info!(district_id = %saved.id, "district updated");
                    return Ok(response);
                }
                Ok(None) => {
                    errors.add(
                        "version",
                        "Someone else saved this district while you were editing. Their version is \
                         shown below; your changes are still in the form. Save again to keep yours.",
                    );
                    let current = queries::by_id(scope.conn(), district.id).await?;
                    conflict = Some(current);
                }
                Err(error) => duplicate_to_field(error, &mut errors)?,
            }
        }
        Err(found) => errors = found,
    }
    let status = if conflict.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut form = form;
    if let Some(current) = &conflict {
        // Saving again means "mine wins", so the form now carries the version it overrides.
        form.version = Some(current.version);
    }
    let page = FormPage {
        layout: Layout::new(&scope.user, format!("Edit {}", district.name), "districts").await,
        district: Some(district),
        form,
        errors,
        conflict,
    };
    Ok((status, page).into_response())
}
