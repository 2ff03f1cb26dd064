//! The minutes' rules, apart from the pages and the steps that follow them: when draft minutes
//! may be sent for review, when minutes in review may be finalised, and what a reviewer's answer
//! must hold. The page (`view`) shows them; the steps (`workflow`) enforce them.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::access::DistrictRole;
use crate::calendar::{date_label, deadlines, local_date};
use crate::highlights::model::{Discussion, Review, ReviewOutcome};
use crate::highlights::queries::AgendaItem;
use crate::web::forms::FieldErrors;

pub struct BenchmarkNote {
    pub statement: String,
    pub note: String,
}

/// The benchmarks on the agenda with what the minutes say about each (section 1).
pub fn benchmark_notes(agenda: &[AgendaItem]) -> Vec<BenchmarkNote> {
    agenda
        .iter()
        .filter(|a| a.benchmark_id.is_some())
        .map(|a| BenchmarkNote {
            statement: a.wording.clone(),
            note: a.minutes_note.clone(),
        })
        .collect()
}

const COMMENTS_MAX: usize = 4_000;

/// Why draft minutes cannot be sent for review yet, or `None` when they can.
pub fn send_problem(
    discussion: &Discussion,
    notes: &[BenchmarkNote],
    today: NaiveDate,
) -> Option<String> {
    if !discussion.is_held(today) {
        Some(format!(
            "The discussion is on {}: the minutes can be sent for review once it has been held.",
            date_label(discussion.held_on)
        ))
    } else if discussion.accomplishments.trim().is_empty()
        && notes.iter().all(|n| n.note.trim().is_empty())
    {
        Some(
            "Section 1, accomplishments and progress, is empty: write it before sending the \
             minutes for review."
                .into(),
        )
    } else {
        None
    }
}

/// Whether minutes in review may be finalised, and what the page says about it.
#[derive(Debug, Default)]
pub struct FinaliseCheck {
    pub allowed: bool,
    /// Why not yet.
    pub problem: String,
    /// Reviewers who did not answer in time, and so do not hold the minutes up.
    pub notes: Vec<String>,
}

/// Both the superintendent and the monitor have answered this revision, or the one who has not
/// had their three days to do so.
pub fn finalise_check(
    discussion: &Discussion,
    reviews: &[Review],
    today: NaiveDate,
) -> FinaliseCheck {
    let mut check = FinaliseCheck {
        allowed: true,
        ..FinaliseCheck::default()
    };
    let due = discussion
        .sent_for_review_at
        .map(|at| deadlines::review(local_date(at)));
    for (role, name) in [
        (DistrictRole::Superintendent, "superintendent"),
        (DistrictRole::PlanMonitor, "monitor"),
    ] {
        let answered = reviews
            .iter()
            .any(|r| r.answers(discussion) && r.reviewer_role == role);
        if answered {
            continue;
        }
        match due {
            Some(due) if today > due => check.notes.push(format!(
                "The {name} has not answered; the review time ended on {}, so the minutes can be \
                 finalised.",
                date_label(due)
            )),
            Some(due) => {
                check.allowed = false;
                check.problem = format!(
                    "The {name} has not answered yet. The minutes can be finalised once they \
                     answer, or after their review time ends on {}.",
                    date_label(due)
                );
            }
            None => {
                check.allowed = false;
                check.problem = "The minutes have not been sent for review.".into();
            }
        }
    }
    check
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ReviewForm {
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub comments: String,
}

impl ReviewForm {
    pub fn from_review(review: &Review) -> Self {
        Self {
            outcome: match review.outcome {
                ReviewOutcome::NoDiscrepancies => "no_discrepancies",
                ReviewOutcome::Comments => "comments",
            }
            .into(),
            comments: review.comments.clone(),
        }
    }

    pub fn validate(&self) -> Result<(ReviewOutcome, String), FieldErrors> {
        let mut errors = FieldErrors::default();
        let outcome = match self.outcome.as_str() {
            "no_discrepancies" => Some(ReviewOutcome::NoDiscrepancies),
            "comments" => Some(ReviewOutcome::Comments),
            _ => {
                errors.add(
                    "outcome",
                    "Choose “No discrepancies” or “Comments” as your answer.",
                );
                None
            }
        };
        let comments = self.comments.trim().to_string();
        if outcome == Some(ReviewOutcome::Comments) && comments.is_empty() {
            errors.add(
                "comments",
                "Write your comments: the discrepancies or questions for the plan manager.",
            );
        } else if comments.chars().count() > COMMENTS_MAX {
            errors.add(
                "comments",
                "Keep the comments to 4,000 characters; the plan manager can follow up with you.",
            );
        }
        match outcome {
            Some(outcome) if errors.is_empty() => Ok((outcome, comments)),
            _ => Err(errors),
        }
    }
}
