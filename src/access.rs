//! The authorization gate: what each role may do, the role rules that also look at the plan
//! (leads of an initiative, reviewers of minutes), and the two scopes every page goes through:
//! [`DistrictScope`] for a page inside one district, [`UserScope`] for a page that is not.
//!
//! A person with no role in a district gets "not found" for every page of it: the district's
//! existence and data stay invisible. ESE roles see every district. The database enforces the
//! same boundary a second time with row-level security, using the context the scope sets; only
//! this module and `db` set that context for a request.

use crate::auth::CurrentUser;

mod district;
mod rules;
mod user;

pub use district::{DISTRICT_COLUMNS, DISTRICT_PARAM, District, DistrictScope, group_thousands};
pub use user::UserScope;

// Roles are facts about a person, kept with who they are; what each role may do is decided here.
pub use crate::auth::roles::{DistrictRole, EseRole, Role};

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
    /// Read and comment on another district's report while it is in ESE review (seed 002 §8: ESE
    /// Accountability and the *other* plan monitors review the draft).
    PeerReviewQprs,
    /// Suggest factual corrections to a report sent to the superintendent.
    CorrectQprFacts,
    /// Publish a report, post it publicly, correct a published one.
    PublishQpr,
    /// Record the date the report was discussed with the School Committee.
    RecordPresentation,
    /// Answer the monitor's evidence requests.
    AnswerEvidenceRequests,
    /// Record where the district stands on the continuum toward exit at a reflection (seed 002
    /// §9: the district, its plan manager and its monitor reflect together).
    RecordReflections,
    /// Download the district's whole record (every table's rows and the evidence files) as a ZIP.
    ExportDistrict,
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
            RecordReflections,
            ExportDistrict,
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
            RecordReflections,
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
            PeerReviewQprs,
            RecordPresentation,
            RecordReflections,
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
            PeerReviewQprs,
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
            PeerReviewQprs,
            PublishQpr,
            ExportDistrict,
        ],
    ),
];

/// Whether any of `roles` grants `permission`.
pub fn can(roles: &[Role], permission: Permission) -> bool {
    GRANTS
        .iter()
        .any(|(role, granted)| roles.contains(role) && granted.contains(&permission))
}

/// Whether the person's global (ESE) role grants `permission` everywhere.
pub fn can_globally(user: &CurrentUser, permission: Permission) -> bool {
    user.user
        .ese_role
        .is_some_and(|role| can(&[Role::from(role)], permission))
}

#[cfg(test)]
mod tests;
