//! What the plan's workflow tells people: submitted (ESE), reviewed, returned, approved (the
//! district's superintendent, plan manager and monitor). The wording lives here so the workflow
//! steps and the rubric review say the same things.

use sqlx::PgConnection;
use uuid::Uuid;

use super::model::{Plan, long_date};
use super::rubric::Decision;
use crate::access::DistrictScope;
use crate::notify::{self, Event, Notice};

/// What happened to the plan, in the words of the notice.
#[derive(Debug, Clone, Copy)]
pub enum PlanEvent {
    Submitted,
    /// A rubric review that lets ESE approve the plan.
    Reviewed(Decision),
    /// Back to the district as a draft: after a "revise" review, or by the Return step.
    Returned {
        after_review: bool,
    },
    Approved,
    /// Approved before its year: it waits, and takes over when its first school year begins.
    Scheduled,
    /// The waiting plan became the plan in force on its first day.
    TookOver,
}

impl PlanEvent {
    fn event(self) -> Event {
        match self {
            Self::Submitted => Event::PlanSubmitted,
            Self::Reviewed(_) => Event::PlanReviewed,
            Self::Returned { .. } => Event::PlanReturned,
            Self::Approved | Self::Scheduled | Self::TookOver => Event::PlanApproved,
        }
    }

    pub fn subject(self, district: &str) -> String {
        match self {
            Self::Submitted => format!("Plan submitted for review — {district}"),
            Self::Reviewed(decision) => format!(
                "Plan reviewed on the rubric: {} — {district}",
                decision.short_label()
            ),
            Self::Returned { .. } => format!("Plan returned for revision — {district}"),
            Self::Approved => format!("Plan approved — {district}"),
            Self::Scheduled => format!("Next year's plan approved — {district}"),
            Self::TookOver => format!("Next year's plan is now in force — {district}"),
        }
    }

    pub fn body(self, plan: &Plan) -> String {
        let which = format!("{} ({})", plan.title, plan.years_label());
        match self {
            Self::Submitted => format!(
                "{which} was submitted to ESE. Review it on the AIP rubric; it can be approved \
                 once a review says it is ready."
            ),
            Self::Reviewed(decision) => format!(
                "ESE reviewed {which} on the AIP rubric. Next step: {} The ratings and comments \
                 are on the plan page.",
                decision.label()
            ),
            Self::Returned { after_review: true } => format!(
                "ESE returned {which} to the district as a draft after its rubric review. The \
                 review's ratings and comments on the plan page say what to revise before \
                 submitting it again."
            ),
            Self::Returned {
                after_review: false,
            } => format!(
                "ESE returned {which} to the district as a draft. It can be edited and submitted \
                 again."
            ),
            Self::Approved => format!(
                "ESE approved {which}. Progress is now recorded against it, and any earlier \
                 approved plan is archived."
            ),
            Self::Scheduled => format!(
                "ESE approved {which}. It takes over on {}, when its first school year begins; \
                 until then the plan in force stays the one progress, ratings and the public page \
                 follow.",
                long_date(plan.starts_on())
            ),
            Self::TookOver => format!(
                "{which} took over on {}, as its first school year began. Progress is now \
                 recorded against it; the earlier plan is archived with its history.",
                long_date(plan.starts_on())
            ),
        }
    }
}

/// Tells the people concerned, inside the change's transaction.
pub async fn send(
    conn: &mut PgConnection,
    scope_user: Uuid,
    district: (&str, &str),
    plan: &Plan,
    what: PlanEvent,
) -> sqlx::Result<()> {
    let (name, slug) = district;
    let notice = Notice {
        event: what.event(),
        district_id: plan.district_id,
        subject: what.subject(name),
        body: what.body(plan),
        link: format!("/districts/{slug}/plans/{}", plan.id),
    };
    notify::notify(conn, scope_user, &notice).await?;
    Ok(())
}

/// [`send`] for a handler holding the district's scope.
pub async fn send_in(scope: &mut DistrictScope, plan: &Plan, what: PlanEvent) -> sqlx::Result<()> {
    let user = scope.user.user.id;
    let (name, slug) = (scope.district.name.clone(), scope.district.slug.clone());
    send(scope.conn(), user, (&name, &slug), plan, what).await
}
