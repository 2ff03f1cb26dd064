//! Notifications: the events that start someone's work reach the people concerned, in the app and
//! by email (unless they turned email off).
//!
//! [`notify`] runs inside the event's own transaction, so the notice and its email exist exactly
//! when the event does: a rolled-back change notifies nobody, and a committed one is never lost
//! (the email waits in `email_outbox` until a sender takes it).

pub mod email;
pub mod notices;
mod pages;
pub mod unsubscribe;

use sqlx::PgConnection;
use uuid::Uuid;

use crate::access::{DistrictRole, DistrictScope};

pub use email::{Mailer, run_outbox, send_pending};
/// The notification pages and the emails' one-click unsubscribe links.
pub fn router() -> axum::Router<crate::state::AppState> {
    pages::router().merge(unsubscribe::router())
}

/// An event someone else has to act on or know about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// Draft minutes sent to the superintendent and monitor for review.
    MinutesSent,
    /// A reviewer answered draft minutes with comments.
    MinutesCommented,
    /// Minutes finalised and distributed.
    MinutesFinal,
    /// The monitor asked the district for evidence.
    EvidenceRequested,
    /// A Quarterly Progress Report went to ESE for review.
    QprInReview,
    /// ESE or another monitor commented on a report in review.
    QprReviewComment,
    /// A report went to the superintendent for factual corrections.
    QprToSuperintendent,
    /// The superintendent suggested a factual correction.
    QprCorrectionSuggested,
    /// A report was published.
    QprPublished,
    /// A published report was presented to the School Committee or the Board.
    ReportPresented,
    /// A plan was submitted to ESE.
    PlanSubmitted,
    /// ESE reviewed a plan on the rubric.
    PlanReviewed,
    /// ESE approved a plan.
    PlanApproved,
    /// ESE returned a plan to the district.
    PlanReturned,
    /// A reflection on the continuum was scheduled.
    ReflectionScheduled,
    /// A reflection on the continuum was cancelled.
    ReflectionCancelled,
    /// What ESE is told of a reflection whose pre-meeting it was asked to join: the request, or
    /// that the reflection was cancelled.
    ReflectionEse,
    /// Positions on the continuum were recorded at a reflection.
    ReflectionRecorded,
}

/// Who an event concerns in its district.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Everyone holding this role in the district.
    Role(DistrictRole),
    /// The district's named ESE contacts; when none is named yet, every ESE account, so the event
    /// still reaches the agency.
    EseContacts,
}

use Audience::{EseContacts, Role};
use DistrictRole::{PlanManager, PlanMonitor, Superintendent};

impl Event {
    pub fn key(self) -> &'static str {
        match self {
            Self::MinutesSent => "minutes_sent",
            Self::MinutesCommented => "minutes_commented",
            Self::MinutesFinal => "minutes_final",
            Self::EvidenceRequested => "evidence_requested",
            Self::QprInReview => "qpr_in_review",
            Self::QprReviewComment => "qpr_review_comment",
            Self::QprToSuperintendent => "qpr_to_superintendent",
            Self::QprCorrectionSuggested => "qpr_correction_suggested",
            Self::QprPublished => "qpr_published",
            Self::ReportPresented => "report_presented",
            Self::PlanSubmitted => "plan_submitted",
            Self::PlanReviewed => "plan_reviewed",
            Self::PlanApproved => "plan_approved",
            Self::PlanReturned => "plan_returned",
            Self::ReflectionScheduled => "reflection_scheduled",
            Self::ReflectionCancelled => "reflection_cancelled",
            Self::ReflectionEse => "reflection_ese",
            Self::ReflectionRecorded => "reflection_recorded",
        }
    }

    /// The one table of who hears of what. The person who caused the event is never told of it.
    pub fn audience(self) -> &'static [Audience] {
        match self {
            Self::MinutesSent => &[Role(Superintendent), Role(PlanMonitor)],
            Self::MinutesCommented => &[Role(PlanManager)],
            Self::MinutesFinal => &[
                Role(Superintendent),
                Role(PlanManager),
                Role(PlanMonitor),
                EseContacts,
            ],
            Self::EvidenceRequested => &[Role(Superintendent), Role(PlanManager)],
            Self::QprInReview => &[EseContacts],
            Self::QprReviewComment | Self::QprCorrectionSuggested => &[Role(PlanMonitor)],
            Self::QprToSuperintendent => &[Role(Superintendent)],
            Self::QprPublished => &[Role(Superintendent), Role(PlanManager), Role(PlanMonitor)],
            Self::PlanSubmitted => &[EseContacts],
            Self::PlanReviewed
            | Self::PlanApproved
            | Self::PlanReturned
            | Self::ReflectionScheduled
            | Self::ReflectionCancelled => {
                &[Role(Superintendent), Role(PlanManager), Role(PlanMonitor)]
            }
            Self::ReflectionEse => &[EseContacts],
            Self::ReflectionRecorded | Self::ReportPresented => &[
                Role(Superintendent),
                Role(PlanManager),
                Role(PlanMonitor),
                EseContacts,
            ],
        }
    }
}

/// What to tell them: a subject line ("Minutes of Nov 20 are ready for your review — Randolph"),
/// a sentence or two, and the page to open (a path in the app).
#[derive(Debug, Clone)]
pub struct Notice {
    pub event: Event,
    pub district_id: Uuid,
    pub subject: String,
    pub body: String,
    pub link: String,
}

/// Records `notice` for everyone its event concerns in the district, except `actor`, and queues
/// an email for those who have email on. Returns who was notified. One statement.
///
/// The inserts return nothing: `RETURNING` would have to pass the notifications' read policy (a
/// person reads only their own), which the recipients' rows do not for the actor. The
/// data-modifying parts of a `WITH` run to completion whether or not they are read.
pub async fn notify(
    conn: &mut PgConnection,
    actor: Uuid,
    notice: &Notice,
) -> Result<Vec<Uuid>, sqlx::Error> {
    let audience = notice.event.audience();
    let roles: Vec<DistrictRole> = audience
        .iter()
        .filter_map(|a| match a {
            Role(role) => Some(*role),
            EseContacts => None,
        })
        .collect();
    let ese = audience.contains(&EseContacts);
    let sql = delivery(
        "SELECT u.id, u.email, u.email_notifications FROM users u \
         WHERE u.active AND u.id <> $1 AND ( \
           u.id IN (SELECT r.user_id FROM district_roles r WHERE r.district_id = $2 AND r.role = ANY($7)) \
           OR ($8 AND u.id IN (SELECT c.user_id FROM district_ese_contacts c WHERE c.district_id = $2)) \
           OR ($8 AND u.ese_role IS NOT NULL \
               AND NOT EXISTS (SELECT 1 FROM district_ese_contacts c WHERE c.district_id = $2)))",
    );
    delivered(&sql, actor, notice, &notice.link)
        .bind(&roles)
        .bind(ese)
        .fetch_all(conn)
        .await
}

/// The other districts' monitors, told of a report of this district now in ESE review, with a
/// link to its peer review page (they cannot open the district's own pages). Returns who was
/// told. One statement; the recipients come from `qpr_peer_reviewers` (migration 0023).
pub async fn notify_peer_reviewers(
    conn: &mut PgConnection,
    actor: Uuid,
    qpr: Uuid,
    notice: &Notice,
) -> Result<Vec<Uuid>, sqlx::Error> {
    let sql = delivery(
        "SELECT p.user_id AS id, p.email, p.email_notifications FROM qpr_peer_reviewers($7) p \
         WHERE p.user_id <> $1",
    );
    let link = format!("/reviews/qprs/{qpr}");
    delivered(&sql, actor, notice, &link)
        .bind(qpr)
        .fetch_all(conn)
        .await
}

/// One statement that gives each of `recipients` (id, email, email_notifications) a notification
/// and, if they have email on, an email, and returns who they were. `recipients` may use $1 (the
/// actor, never told), $2 (the district) and its own parameters from $7.
fn delivery(recipients: &str) -> String {
    format!(
        "WITH recipients AS ({recipients}), \
         made AS ( \
           INSERT INTO notifications (user_id, district_id, kind, subject, body, link) \
           SELECT id, $2, $3, $4, $5, $6 FROM recipients), \
         mailed AS ( \
           INSERT INTO email_outbox (user_id, to_address, subject, body, link) \
           SELECT id, email, $4, $5, $6 FROM recipients WHERE email_notifications) \
         SELECT id FROM recipients ORDER BY id"
    )
}

/// [`delivery`]'s statement with its first six parameters bound.
fn delivered<'q>(
    sql: &'q str,
    actor: Uuid,
    notice: &'q Notice,
    link: &'q str,
) -> sqlx::query::QueryScalar<'q, sqlx::Postgres, Uuid, sqlx::postgres::PgArguments> {
    sqlx::query_scalar(sql)
        .bind(actor)
        .bind(notice.district_id)
        .bind(notice.event.key())
        .bind(&notice.subject)
        .bind(&notice.body)
        .bind(link)
}

/// [`notify`] from a district handler: the signed-in person is the one who caused the event.
pub async fn notify_scope(
    scope: &mut DistrictScope,
    notice: &Notice,
) -> Result<Vec<Uuid>, sqlx::Error> {
    let actor = scope.user.user.id;
    notify(scope.conn(), actor, notice).await
}
