//! Highlight Discussions as stored, and the minutes' workflow steps with their deadlines.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::access::DistrictRole;
use crate::calendar::{deadlines, local_date};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[sqlx(type_name = "minutes_status", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum MinutesStatus {
    Draft,
    InReview,
    Final,
}

impl MinutesStatus {
    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Draft",
            Self::InReview => "With the superintendent and monitor for review",
            Self::Final => "Final",
        }
    }

    pub fn css_class(self) -> &'static str {
        match self {
            Self::Draft => "status-draft",
            Self::InReview => "status-submitted",
            Self::Final => "status-approved",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[sqlx(type_name = "review_outcome", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum ReviewOutcome {
    NoDiscrepancies,
    Comments,
}

impl ReviewOutcome {
    pub fn label(self) -> &'static str {
        match self {
            Self::NoDiscrepancies => "No discrepancies",
            Self::Comments => "Comments",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[sqlx(type_name = "ese_contact_kind", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum EseContactKind {
    Accountability,
    TargetedAssistance,
}

impl EseContactKind {
    pub const ALL: [Self; 2] = [Self::Accountability, Self::TargetedAssistance];

    pub fn key(self) -> &'static str {
        match self {
            Self::Accountability => "accountability",
            Self::TargetedAssistance => "targeted_assistance",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Accountability => "ESE Accountability contact",
            Self::TargetedAssistance => "ESE Targeted Assistance contact",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// One Highlight Discussion with its minutes.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Discussion {
    pub id: Uuid,
    pub district_id: Uuid,
    pub plan_id: Uuid,
    pub held_on: NaiveDate,
    pub starts_at: Option<NaiveTime>,
    pub place: String,
    pub invited: String,
    pub scheduled_at: DateTime<Utc>,
    pub ese_notified_at: Option<DateTime<Utc>>,
    pub minutes_status: MinutesStatus,
    pub participants: String,
    pub accomplishments: String,
    pub challenges: String,
    pub risks: String,
    pub next_steps: String,
    pub modifications: String,
    pub team_next_steps: String,
    pub debrief: String,
    pub revision: i32,
    /// Which sending for review the minutes are in: each one needs its own answers.
    pub review_round: i32,
    pub sent_for_review_at: Option<DateTime<Utc>>,
    /// Name of the person who sent the draft ("Submitted by" in the template).
    pub sent_for_review_by_name: Option<String>,
    pub finalised_at: Option<DateTime<Utc>>,
    pub distributed_to: sqlx::types::Json<Vec<Recipient>>,
    pub version: i32,
}

/// Columns for [`Discussion`] from `highlight_discussions h LEFT JOIN users s ON s.id = h.sent_for_review_by`.
pub const DISCUSSION_COLUMNS: &str = "h.id, h.district_id, h.plan_id, h.held_on, h.starts_at, h.place, h.invited, \
     h.scheduled_at, h.ese_notified_at, h.minutes_status, h.participants, h.accomplishments, h.challenges, h.risks, \
     h.next_steps, h.modifications, h.team_next_steps, h.debrief, h.revision, h.review_round, h.sent_for_review_at, \
     s.name AS sent_for_review_by_name, h.finalised_at, h.distributed_to, h.version";

/// Someone the final minutes went to.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Recipient {
    pub name: String,
    pub email: String,
    /// "Superintendent", "Plan monitor", "ESE Accountability contact"…
    pub role: String,
}

impl Discussion {
    /// Whether the meeting has taken place (its day has come).
    pub fn is_held(&self, today: NaiveDate) -> bool {
        self.held_on <= today
    }

    /// "Tue Nov 24, 2026 at 3:30 PM"
    pub fn when_label(&self) -> String {
        let day = self.held_on.format("%a %b %-d, %Y").to_string();
        match self.starts_at {
            Some(time) => format!("{day} at {}", time.format("%-I:%M %p")),
            None => day,
        }
    }

    /// Told ESE less than a week ahead, or not yet with the week already begun.
    pub fn ese_notice_late(&self, today: NaiveDate) -> bool {
        let due = deadlines::ese_notice(self.held_on);
        match self.ese_notified_at {
            Some(at) => local_date(at) > due,
            None => today > due,
        }
    }

    /// Scheduled less than seven days before it is held: ESE cannot have had a week's notice.
    pub fn scheduled_late(&self) -> bool {
        local_date(self.scheduled_at) > deadlines::ese_notice(self.held_on)
    }

    /// The minutes' sections as they read, for a correction's record of the final text.
    pub fn minutes_text(&self) -> serde_json::Value {
        serde_json::json!({
            "participants": self.participants,
            "accomplishments": self.accomplishments,
            "challenges": self.challenges,
            "risks": self.risks,
            "next_steps": self.next_steps,
            "modifications": self.modifications,
            "team_next_steps": self.team_next_steps,
            "debrief": self.debrief,
        })
    }
}

/// An answer to draft minutes.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Review {
    pub id: Uuid,
    pub discussion_id: Uuid,
    pub revision: i32,
    pub review_round: i32,
    pub reviewer_name: String,
    pub reviewer_role: DistrictRole,
    pub outcome: ReviewOutcome,
    pub comments: String,
    pub reviewed_at: DateTime<Utc>,
}

/// Columns for [`Review`] from `minutes_reviews r LEFT JOIN users u ON u.id = r.reviewer_id`.
pub const REVIEW_COLUMNS: &str = "r.id, r.discussion_id, r.revision, r.review_round, coalesce(u.name, '') AS reviewer_name, \
     r.reviewer_role, r.outcome, r.comments, r.reviewed_at";

impl Review {
    /// Whether this answer was given to the minutes as they now stand: their revision and the
    /// sending in review now. Answers to a round returned to draft stay recorded, not counted.
    pub fn answers(&self, discussion: &Discussion) -> bool {
        self.discussion_id == discussion.id
            && self.revision == discussion.revision
            && self.review_round == discussion.review_round
    }
}

/// Where one step of the process stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepState {
    /// Its deadline has not come, or it cannot start yet.
    Pending,
    Done {
        late: bool,
    },
    Overdue,
}

/// One step of a discussion's process, with who does it and by when.
#[derive(Debug, Clone)]
pub struct Step {
    pub name: &'static str,
    pub who: &'static str,
    /// None for corrections of final minutes, which the seeds give no deadline.
    pub due_on: Option<NaiveDate>,
    pub done_on: Option<NaiveDate>,
    pub state: StepState,
}

impl Step {
    fn new(
        name: &'static str,
        who: &'static str,
        due_on: Option<NaiveDate>,
        done_on: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Self {
        let state = match (done_on, due_on) {
            (Some(done), Some(due)) => StepState::Done { late: done > due },
            (Some(_), None) => StepState::Done { late: false },
            (None, Some(due)) if deadlines::is_overdue(due, None, today) => StepState::Overdue,
            (None, _) => StepState::Pending,
        };
        Self {
            name,
            who,
            due_on,
            done_on,
            state,
        }
    }

    pub fn is_overdue(&self) -> bool {
        self.state == StepState::Overdue
    }

    /// "Done Nov 23, 2026", "Done Nov 25, 2026 — late", "Overdue since…", "Due…".
    pub fn state_label(&self) -> String {
        let date = crate::calendar::date_label;
        match (self.state, self.done_on, self.due_on) {
            (StepState::Done { late: true }, Some(on), _) => format!("Done {} (late)", date(on)),
            (StepState::Done { .. }, Some(on), _) => format!("Done {}", date(on)),
            (StepState::Overdue, _, Some(due)) => format!("Overdue: was due {}", date(due)),
            (_, _, Some(due)) => format!("Due {}", date(due)),
            _ => "Not started".into(),
        }
    }

    pub fn css_class(&self) -> &'static str {
        match self.state {
            StepState::Done { late: false } => "step-done",
            StepState::Done { late: true } => "step-late",
            StepState::Overdue => "step-overdue",
            StepState::Pending => "step-pending",
        }
    }
}

/// The seeds' steps for a discussion: tell ESE a week ahead; draft to the superintendent and
/// monitor within 3 days; their answers within 3 days of receiving it; final minutes to
/// everyone within a week. `reviews` are this discussion's answers (any revision).
pub fn steps(discussion: &Discussion, reviews: &[Review], today: NaiveDate) -> Vec<Step> {
    let held = discussion.held_on;
    // Corrections of final minutes have no deadlines in the seeds; the first round does.
    let first = discussion.revision == 1;
    let when = |due: NaiveDate| first.then_some(due);
    let sent_on = discussion.sent_for_review_at.map(local_date);
    let answered = |role: DistrictRole| {
        reviews
            .iter()
            .filter(|r| r.answers(discussion) && r.reviewer_role == role)
            .map(|r| local_date(r.reviewed_at))
            .min()
    };
    let review_due = sent_on.map(deadlines::review).filter(|_| first);
    // Each step is late, due or done as of today.
    let step = |name, who, due_on, done_on| Step::new(name, who, due_on, done_on, today);
    vec![
        step(
            "Tell ESE the date, time and place",
            "Plan manager",
            Some(deadlines::ese_notice(held)),
            discussion.ese_notified_at.map(local_date),
        ),
        step(
            "Send the draft minutes to the superintendent and monitor",
            "Plan manager",
            when(deadlines::draft_minutes(held)),
            sent_on,
        ),
        step(
            "Superintendent's review",
            "Superintendent",
            review_due,
            answered(DistrictRole::Superintendent),
        ),
        step(
            "Monitor's review",
            "Plan monitor",
            review_due,
            answered(DistrictRole::PlanMonitor),
        ),
        step(
            "Send the final minutes to the superintendent, monitor and ESE contacts",
            "Plan manager",
            when(deadlines::final_minutes(held)),
            discussion.finalised_at.map(local_date),
        ),
    ]
}

#[cfg(test)]
mod tests;
