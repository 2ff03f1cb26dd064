//! Correcting final minutes: they stay read-only, so a correction keeps the final text as it was
//! sent, with its dates and the reason, and opens the next revision as a draft that goes through
//! review again. The steps are the shared correction flow's (`web::correction`); what is kept is
//! the minutes' own.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::checks::benchmark_notes;
use super::{closed, load, minutes_path};
use crate::access::{DistrictScope, Permission};
use crate::calendar::date_label;
use crate::error::{AppError, Result};
use crate::highlights::model::{Discussion, MinutesStatus};
use crate::highlights::queries;
use crate::web::Layout;
use crate::web::correction::{Correctable, Stage};
use crate::web::forms::FieldErrors;

#[derive(Template, WebTemplate)]
#[template(path = "highlights/minutes_correct.html")]
pub struct CorrectPage {
    layout: Layout,
    minutes_path: String,
    held_on: String,
    revision: i32,
    reason: String,
    errors: FieldErrors,
}

impl Correctable for Discussion {
    const PERMISSION: Permission = Permission::WriteMinutes;
    const KEPT: &'static str = "final text";
    const NOUN: &'static str = "minutes";
    const REVISIONS: &'static str = "minutes_revisions \
        (district_id, discussion_id, revision, reason, final_text, created_by)";
    const REOPEN: &'static str = "UPDATE highlight_discussions SET minutes_status = 'draft', \
             revision = revision + 1, sent_for_review_at = NULL, sent_for_review_by = NULL, \
             finalised_at = NULL, finalised_by = NULL, distributed_to = '[]', \
             version = version + 1, updated_at = now() \
         WHERE district_id = $1 AND id = $2 AND minutes_status = 'final'";

    fn stage(&self) -> Stage {
        match self.minutes_status {
            MinutesStatus::Draft => Stage::Draft,
            MinutesStatus::InReview => Stage::InReview,
            MinutesStatus::Final => Stage::Final,
        }
    }

    fn revision(&self) -> i32 {
        self.revision
    }

    fn refusal(&self, scope: &DistrictScope) -> AppError {
        closed(scope, self, "Correcting final minutes")
    }

    fn path(&self, scope: &DistrictScope) -> String {
        minutes_path(scope, self.id)
    }

    async fn page(
        &self,
        scope: &DistrictScope,
        reason: String,
        errors: FieldErrors,
    ) -> Result<Response> {
        let page = CorrectPage {
            layout: Layout::new(&scope.user, "Correct the final minutes", "home").await,
            minutes_path: minutes_path(scope, self.id),
            held_on: date_label(self.held_on),
            revision: self.revision,
            reason,
            errors,
        };
        Ok(page.into_response())
    }

    /// The final minutes as they were sent, with their dates: the new round clears them.
    async fn kept(&self, scope: &mut DistrictScope) -> Result<Value> {
        let district_id = scope.district.id;
        let agenda = queries::agenda(scope.conn(), district_id, self.id).await?;
        let inventory = load::inventory(scope.conn(), district_id, self.id).await?;
        let mut text = self.minutes_text();
        text["benchmark_notes"] = benchmark_notes(&agenda)
            .iter()
            .map(|n| json!({ "statement": n.statement, "note": n.note }))
            .collect();
        text["evidence"] = inventory.iter().map(|e| e.title.clone()).collect();
        text["sent_for_review_at"] = json!(self.sent_for_review_at);
        text["sent_for_review_by"] = json!(self.sent_for_review_by_name);
        text["finalised_at"] = json!(self.finalised_at);
        text["distributed_to"] = json!(self.distributed_to.0);
        Ok(text)
    }

    fn reopened(&self) -> String {
        format!(
            "Revision {} of the minutes is open as a draft. Revision {} is kept with your reason.",
            self.revision + 1,
            self.revision
        )
    }
}
