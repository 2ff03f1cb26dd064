//! The authorization gate: roles, what each may do, and the [`DistrictScope`] every district page
//! goes through.
//!
//! A person with no role in a district gets "not found" for every page of it: the district's
//! existence and data stay invisible. ESE roles see every district. The database enforces the
//! same boundary a second time with row-level security, using the context the scope sets.

use std::fmt;

use axum::extract::{FromRef, FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use sqlx::{PgConnection, Postgres, Transaction};
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::db::{self, Context};
use crate::error::AppError;

/// A role inside one district.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, sqlx::Type,
)]
#[sqlx(type_name = "district_role", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum DistrictRole {
    Superintendent,
    PlanManager,
    PlanMonitor,
    DistrictLeader,
}

/// A role at the state agency, valid for every district.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, sqlx::Type)]
#[sqlx(type_name = "ese_role", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum EseRole {
    EseStaff,
    EseAdmin,
}

impl DistrictRole {
    pub const ALL: [Self; 4] = [
        Self::Superintendent,
        Self::PlanManager,
        Self::PlanMonitor,
        Self::DistrictLeader,
    ];

    pub fn label(self) -> &'static str {
        Role::from(self).label()
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Superintendent => "superintendent",
            Self::PlanManager => "plan_manager",
            Self::PlanMonitor => "plan_monitor",
            Self::DistrictLeader => "district_leader",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.key() == key)
    }
}

impl EseRole {
    pub const ALL: [Self; 2] = [Self::EseStaff, Self::EseAdmin];

    pub fn label(self) -> &'static str {
        Role::from(self).label()
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::EseStaff => "ese_staff",
            Self::EseAdmin => "ese_admin",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// Every role, district or global, for the permission table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Superintendent,
    PlanManager,
    PlanMonitor,
    DistrictLeader,
    EseStaff,
    EseAdmin,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Self::Superintendent => "Superintendent",
            Self::PlanManager => "Plan manager",
            Self::PlanMonitor => "Plan monitor",
            Self::DistrictLeader => "District leader",
            Self::EseStaff => "ESE staff",
            Self::EseAdmin => "ESE administrator",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl From<DistrictRole> for Role {
    fn from(role: DistrictRole) -> Self {
        match role {
            DistrictRole::Superintendent => Self::Superintendent,
            DistrictRole::PlanManager => Self::PlanManager,
            DistrictRole::PlanMonitor => Self::PlanMonitor,
            DistrictRole::DistrictLeader => Self::DistrictLeader,
        }
    }
}

impl From<EseRole> for Role {
    fn from(role: EseRole) -> Self {
        match role {
            EseRole::EseStaff => Self::EseStaff,
            EseRole::EseAdmin => Self::EseAdmin,
        }
    }
}

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
    db::set_context(
        &mut tx,
        Context {
            user_id: Some(user.user.id),
            district_id: Some(district.id),
            ese: ese_role.is_some(),
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
mod tests {
    use super::*;

    #[test]
    fn every_role_can_open_its_district() {
        for role in DistrictRole::ALL.map(Role::from) {
            assert!(can(&[role], ViewDistrict), "{role}");
            assert!(!can(&[role], ViewAllDistricts), "{role}");
        }
    }

    #[test]
    fn only_ese_admins_manage_people_and_districts() {
        assert!(can(&[Role::EseAdmin], ManagePeople));
        assert!(can(&[Role::EseAdmin], ManageDistricts));
        assert!(!can(&[Role::EseStaff], ManagePeople));
        assert!(!can(
            &[Role::Superintendent, Role::PlanManager],
            ManageDistricts
        ));
        assert!(!can(&[], ViewDistrict));
    }

    #[test]
    fn plans_are_written_by_the_district_and_approved_by_ese() {
        assert!(can(&[Role::PlanManager], EditPlan));
        assert!(!can(&[Role::PlanManager], SubmitPlan));
        assert!(can(&[Role::Superintendent], SubmitPlan));
        assert!(!can(&[Role::PlanMonitor], EditPlan));
        assert!(!can(&[Role::DistrictLeader], EditPlan));
        assert!(can(&[Role::DistrictLeader], EditLedInitiatives));
        assert!(can(&[Role::EseStaff], ApprovePlan));
        assert!(!can(&[Role::EseStaff], EditPlan));
        assert!(!can(&[Role::Superintendent], ApprovePlan));
    }

    #[test]
    fn progress_is_recorded_by_the_district_and_read_by_monitors_and_ese() {
        assert!(can(&[Role::Superintendent], RecordProgress));
        assert!(can(&[Role::PlanManager], RecordProgress));
        assert!(!can(&[Role::DistrictLeader], RecordProgress));
        assert!(can(&[Role::DistrictLeader], RecordLedProgress));
        for role in [Role::PlanMonitor, Role::EseStaff, Role::EseAdmin] {
            assert!(!can(&[role], RecordProgress), "{role}");
            assert!(!can(&[role], RecordLedProgress), "{role}");
        }
    }

    #[test]
    fn the_plan_manager_writes_the_minutes_and_the_superintendent_and_monitor_review_them() {
        assert!(can(&[Role::PlanManager], WriteMinutes));
        assert!(can(&[Role::PlanManager], ScheduleDiscussions));
        assert!(!can(&[Role::PlanManager], ReviewMinutes));
        for role in [Role::Superintendent, Role::PlanMonitor] {
            assert!(can(&[role], ReviewMinutes), "{role}");
            assert!(!can(&[role], WriteMinutes), "{role}");
        }
        assert!(!can(&[Role::PlanMonitor], ScheduleDiscussions));
        assert!(!can(&[Role::DistrictLeader], CommentOnAgenda));
        assert!(can(&[Role::EseAdmin], ManageEseContacts));
        assert!(!can(&[Role::EseStaff], ManageEseContacts));
    }

    #[test]
    fn the_monitor_writes_the_report_the_superintendent_corrects_facts_and_ese_publishes() {
        assert!(can(&[Role::PlanMonitor], DraftQpr));
        assert!(!can(&[Role::Superintendent], DraftQpr));
        assert!(can(&[Role::Superintendent], CorrectQprFacts));
        assert!(!can(&[Role::PlanMonitor], PublishQpr));
        assert!(can(&[Role::EseStaff], PublishQpr) && can(&[Role::EseStaff], ReviewQpr));
        assert!(can(&[Role::PlanManager], AnswerEvidenceRequests));
        assert!(!can(&[Role::DistrictLeader], AnswerEvidenceRequests));
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(950), "950");
        assert_eq!(group_thousands(2650), "2,650");
        assert_eq!(group_thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn role_keys_round_trip() {
        for role in DistrictRole::ALL {
            assert_eq!(DistrictRole::parse(role.key()), Some(role));
        }
        for role in EseRole::ALL {
            assert_eq!(EseRole::parse(role.key()), Some(role));
        }
        assert_eq!(DistrictRole::parse("admin"), None);
    }
}
