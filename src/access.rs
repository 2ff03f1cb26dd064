//! The authorization gate: roles, what each may do, and the [`DistrictScope`] every district page
//! goes through.
//!
//! A person with no role in a district gets "not found" for every page of it: the district's
//! existence and data stay invisible. ESE roles see every district. The database enforces the
//! same boundary a second time with row-level security, using the context the scope sets.

use axum::extract::{FromRef, FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use sqlx::{PgConnection, Postgres, Transaction};
use uuid::Uuid;

use crate::auth::CurrentUser;
use crate::db::{self, Context};
use crate::error::AppError;
use crate::state::AppState;

mod roles;
pub use roles::{DistrictRole, EseRole, Role};

/// Something a person may do. Add a variant here and a row in [`GRANTS`] for each new action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Open a district's pages.
    ViewDistrict,
    /// See the list of every district.
    ViewAllDistricts,
    /// Create districts and edit their name, level, enrollment and profile.
    ManageDistricts,
    /// Create accounts, reset passwords, grant and remove roles.
    ManagePeople,
    /// Read the district's plans, drafts included.
    ViewPlan,
    /// Edit every part of a draft plan.
    EditPlan,
    /// Edit the strategy sheets of the initiatives one is linked to as lead.
    EditLedInitiatives,
    /// Send a draft plan to ESE for review, or take it back.
    SubmitPlan,
    /// Approve a submitted plan, or return it to the district.
    ApprovePlan,
    /// Copy the approved plan into next year's draft.
    StartNextPlan,
    /// Set any activity's status, record any benchmark's measurements, add evidence anywhere.
    RecordProgress,
    /// The same, for the initiatives one is linked to as lead.
    RecordLedProgress,
    /// Schedule Highlight Discussions, tell ESE, set their agenda.
    ScheduleDiscussions,
    /// Comment on a discussion's agenda before the meeting.
    CommentOnAgenda,
    /// Write the minutes, send them for review, finalise and correct them.
    WriteMinutes,
    /// Answer draft minutes: no discrepancies, or comments.
    ReviewMinutes,
    /// Name a district's ESE contacts.
    ManageEseContacts,
    /// Start and write the district's Quarterly Progress Reports, rate initiatives, answer
    /// comments, ask for more evidence.
    DraftQpr,
    /// Comment on a report in ESE review.
    ReviewQpr,
    /// Suggest factual corrections to a report sent to the superintendent.
    CorrectQprFacts,
    /// Publish a report, post it publicly, correct a published one.
    PublishQpr,
    /// Record the date the report was discussed with the School Committee.
    RecordPresentation,
    /// Answer the monitor's evidence requests.
    AnswerEvidenceRequests,
}

use Permission::*;

/// The one table of who may do what.
const GRANTS: &[(Role, &[Permission])] = &[
    (
        Role::Superintendent,
        &[
            ViewDistrict,
            ViewPlan,
            EditPlan,
            SubmitPlan,
            StartNextPlan,
            RecordProgress,
            ScheduleDiscussions,
            CommentOnAgenda,
            ReviewMinutes,
            CorrectQprFacts,
            RecordPresentation,
            AnswerEvidenceRequests,
        ],
    ),
    (
        Role::PlanManager,
        &[
            ViewDistrict,
            ViewPlan,
            EditPlan,
            StartNextPlan,
            RecordProgress,
            ScheduleDiscussions,
            CommentOnAgenda,
            WriteMinutes,
            RecordPresentation,
            AnswerEvidenceRequests,
        ],
    ),
    (
        Role::PlanMonitor,
        &[
            ViewDistrict,
            ViewPlan,
            CommentOnAgenda,
            ReviewMinutes,
            DraftQpr,
            RecordPresentation,
        ],
    ),
    (
        Role::DistrictLeader,
        &[
            ViewDistrict,
            ViewPlan,
            EditLedInitiatives,
            RecordLedProgress,
        ],
    ),
    (
        Role::EseStaff,
        &[
            ViewDistrict,
            ViewAllDistricts,
            ViewPlan,
            ApprovePlan,
            CommentOnAgenda,
            ReviewQpr,
            PublishQpr,
        ],
    ),
    (
        Role::EseAdmin,
        &[
            ViewDistrict,
            ViewAllDistricts,
            ManageDistricts,
            ManagePeople,
            ViewPlan,
            ApprovePlan,
            CommentOnAgenda,
            ManageEseContacts,
            ReviewQpr,
            PublishQpr,
        ],
    ),
];

/// Whether any of `roles` grants `permission`.
pub fn can(roles: &[Role], permission: Permission) -> bool {
    GRANTS
        .iter()
        .any(|(role, granted)| roles.contains(role) && granted.contains(&permission))
}

/// A district as the gate resolved it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct District {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub accountability_level: i16,
    pub enrollment: Option<i32>,
    pub profile: String,
    pub version: i32,
}

impl District {
    /// Enrollment with thousands separators ("12,600"), or `None` when not recorded.
    pub fn enrollment_label(&self) -> Option<String> {
        self.enrollment.map(|n| group_thousands(i64::from(n)))
    }
}

/// 12600 → "12,600".
pub fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

pub const DISTRICT_COLUMNS: &str =
    "id, name, slug, accountability_level, enrollment, profile, version";

/// A request inside one district: the district, the person's roles there, and a transaction
/// whose row-level-security context is that district. Every route under
/// `/districts/{district}/…` takes one; nothing else may read district-owned tables.
pub struct DistrictScope {
    pub user: CurrentUser,
    pub district: District,
    /// The person's roles here: their district roles plus any ESE role.
    pub roles: Vec<Role>,
    pub tx: Transaction<'static, Postgres>,
}

impl DistrictScope {
    pub fn can(&self, permission: Permission) -> bool {
        can(&self.roles, permission)
    }

    /// Refuses the request unless the person's roles here allow `permission`. They can see the
    /// district, so a refusal is "not allowed" rather than "not found".
    pub fn require(&self, permission: Permission) -> Result<(), AppError> {
        if self.can(permission) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    pub fn conn(&mut self) -> &mut PgConnection {
        &mut self.tx
    }

    pub async fn commit(self) -> Result<(), AppError> {
        self.tx.commit().await?;
        Ok(())
    }
}

/// The path segment that names the district in every district route.
pub const DISTRICT_PARAM: &str = "district";

impl<S> FromRequestParts<S> for DistrictScope
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let slug = params
            .iter()
            .find(|(key, _)| *key == DISTRICT_PARAM)
            .map(|(_, value)| value.to_string())
            .ok_or_else(|| AppError::NotFound.into_response())?;
        let state = AppState::from_ref(state);
        open(&state, user, &slug)
            .await
            .map_err(IntoResponse::into_response)
    }
}

async fn open(state: &AppState, user: CurrentUser, slug: &str) -> Result<DistrictScope, AppError> {
    let ese_role = user.user.ese_role;
    let mut tx = db::begin(
        &state.db,
        Context {
            user_id: Some(user.user.id),
            district_id: None,
            ese: ese_role.is_some(),
        },
    )
    .await?;
    let district: District = sqlx::query_as(&format!(
        "SELECT {DISTRICT_COLUMNS} FROM districts WHERE slug = $1"
    ))
    .bind(slug)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let district_roles: Vec<DistrictRole> = sqlx::query_scalar(
        "SELECT role FROM district_roles WHERE district_id = $1 AND user_id = $2 ORDER BY role",
    )
    .bind(district.id)
    .bind(user.user.id)
    .fetch_all(&mut *tx)
    .await?;
    let mut roles: Vec<Role> = district_roles.into_iter().map(Role::from).collect();
    roles.extend(ese_role.map(Role::from));
    if !can(&roles, Permission::ViewDistrict) {
        return Err(AppError::NotFound);
    }
    // Even for ESE staff, who may open any district, the rest of the request sees only this one:
    // a query that forgets its district filter returns this district's rows, not every district's.
    db::set_context(
        &mut tx,
        Context {
            user_id: Some(user.user.id),
            district_id: Some(district.id),
            ese: false,
        },
    )
    .await?;
    Ok(DistrictScope {
        user,
        district,
        roles,
        tx,
    })
}

#[cfg(test)]
mod tests;
