//! The minutes of a Highlight Discussion in the template's structure (seed 002 Appendix F, seed
//! 001 Appendix D), and their workflow: the plan manager drafts and sends them to the
//! superintendent and the monitor, each answers, the plan manager finalises and the final minutes
//! go to the superintendent, the monitor and the district's ESE contacts. Final minutes are
//! read-only; a correction opens a new revision and keeps the final text with its reason.

mod checks;
mod correct;
mod form;
mod load;
mod view;
mod workflow;

use axum::Router;
use axum::response::Response;
use axum::routing::{get, post};
use uuid::Uuid;

use super::model::{Discussion, MinutesStatus};
use crate::access::DistrictScope;
use crate::error::{AppError, Result};
use crate::state::AppState;
use crate::web::correction;
use crate::web::open::Ids;

pub fn routes() -> Router<AppState> {
    let base = "/districts/{district}/discussions/{id}/minutes";
    Router::new()
        .route(base, get(view::page))
        .route(
            &format!("{base}/edit"),
            get(form::edit_form).post(form::save),
        )
        .route(&format!("{base}/send"), post(workflow::send))
        .route(&format!("{base}/review"), post(workflow::review))
        .route(&format!("{base}/return"), post(workflow::return_to_draft))
        .route(&format!("{base}/finalise"), post(workflow::finalise))
        .route(
            &format!("{base}/correct"),
            correction::route::<Discussion>(),
        )
}

/// The free-text sections of the minutes, in the template's order: key, heading, hint.
pub(super) const SECTIONS: [(&str, &str, &str); 8] = [
    (
        "participants",
        "Meeting participants",
        "One per line, with their role, e.g. “Ana Ruiz, Principal”.",
    ),
    (
        "accomplishments",
        "1. Accomplishments and progress (process and performance)",
        "What was accomplished, based on the plan's benchmarks: activities, early evidence of \
         change and short-term outcomes. Please list the specific evidence referenced.",
    ),
    (
        "challenges",
        "2. Challenges to implementation and targeted assistance needed",
        "Challenges, if any, and any additional targeted assistance that may be needed.",
    ),
    (
        "risks",
        "3. Risks to successful implementation and the plan to mitigate them",
        "Risks in the coming months, if any, with an action plan for mitigating them.",
    ),
    (
        "next_steps",
        "4. Next steps for the coming month",
        "If not articulated above.",
    ),
    (
        "modifications",
        "5. Key modifications to the plan and the reasons for them",
        "If necessary.",
    ),
    (
        "team_next_steps",
        "6. Next steps for the district, Plan Manager and Monitor",
        "Benchmarks or evidence for the next meeting, when a benchmark will be achieved, the \
         Monitor's requests for evidence or visits.",
    ),
    (
        "debrief",
        "Debrief",
        "Key take-aways for everyone present, outstanding questions, suggestions for future \
         Highlight Discussions.",
    ),
];

/// Each section of the minutes holds at most this many characters.
pub(super) const SECTION_MAX: usize = 10_000;

/// The text of section `key` of `discussion`.
pub(super) fn section_text<'a>(discussion: &'a Discussion, key: &str) -> &'a str {
    match key {
        "participants" => &discussion.participants,
        "accomplishments" => &discussion.accomplishments,
        "challenges" => &discussion.challenges,
        "risks" => &discussion.risks,
        "next_steps" => &discussion.next_steps,
        "modifications" => &discussion.modifications,
        "team_next_steps" => &discussion.team_next_steps,
        _ => &discussion.debrief,
    }
}

pub(super) fn minutes_path(scope: &DistrictScope, id: Uuid) -> String {
    format!(
        "/districts/{}/discussions/{id}/minutes",
        scope.district.slug
    )
}

/// 409: what was tried does not fit the minutes' state; says what can be done instead.
pub(super) fn closed(scope: &DistrictScope, discussion: &Discussion, attempt: &str) -> AppError {
    let explanation = match discussion.minutes_status {
        MinutesStatus::Draft => {
            "These minutes are a draft: they have not been sent for review yet, so there is \
             nothing to answer or finalise. Nothing was saved."
        }
        MinutesStatus::InReview => {
            "These minutes are with the superintendent and the monitor for review, so they \
             cannot be changed now. The plan manager can return them to draft to make changes. \
             Nothing was saved."
        }
        MinutesStatus::Final => {
            "These minutes are final and read-only. The plan manager can correct them, giving a \
             reason: that opens a new revision and keeps the final text as it was. Nothing was \
             saved."
        }
    };
    AppError::conflict(
        format!("{attempt}: not possible now"),
        explanation,
        minutes_path(scope, discussion.id),
        "Go to the minutes",
    )
}

/// Commits, leaves `message` and returns to the minutes page.
pub(super) async fn finish(scope: DistrictScope, id: Uuid, message: String) -> Result<Response> {
    let path = minutes_path(&scope, id);
    scope.done(&path, message).await
}
