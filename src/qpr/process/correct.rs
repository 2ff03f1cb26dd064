//! Correcting a published report. Published reports are read-only, so a correction keeps the
//! published summary, narratives and ratings with the reason, takes the report off the public
//! page and returns it to the monitor as a draft that goes through review again.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{process_path, report_path, wrong_state};
use crate::access::{DistrictScope, Permission};
use crate::error::{AppError, Result};
use crate::qpr::model::{Qpr, QprStatus};
use crate::qpr::queries;
use crate::web::Layout;
use crate::web::correction::{Correctable, Stage};
use crate::web::forms::FieldErrors;

#[derive(Template, WebTemplate)]
#[template(path = "qpr/process_correct.html")]
pub struct CorrectPage {
    layout: Layout,
    path: String,
    report_path: String,
    period: String,
    revision: i32,
    reason: String,
    errors: FieldErrors,
}

impl Correctable for Qpr {
    const PERMISSION: Permission = Permission::PublishQpr;
    const KEPT: &'static str = "published text";
    const NOUN: &'static str = "report";
    const REVISIONS: &'static str =
        "qpr_revisions (district_id, qpr_id, revision, reason, published, created_by)";
    // Off the public page until it is published again: the corrected text goes through review.
    const REOPEN: &'static str = "UPDATE qprs SET status = 'draft', revision = revision + 1, \
             sent_to_ese_at = NULL, sent_to_superintendent_at = NULL, published_at = NULL, \
             published_by = NULL, posted_at = NULL, \
             version = version + 1, updated_at = now() \
         WHERE district_id = $1 AND id = $2 AND status = 'published'";

    fn stage(&self) -> Stage {
        match self.status {
            QprStatus::Draft => Stage::Draft,
            QprStatus::EseReview | QprStatus::FactualReview => Stage::InReview,
            QprStatus::Published => Stage::Final,
        }
    }

    fn revision(&self) -> i32 {
        self.revision
    }

    fn refusal(&self, scope: &DistrictScope) -> AppError {
        wrong_state(scope, self, "Correcting the published report")
    }

    fn path(&self, scope: &DistrictScope) -> String {
        process_path(scope, self.id)
    }

    async fn page(
        &self,
        scope: &DistrictScope,
        reason: String,
        errors: FieldErrors,
    ) -> Result<Response> {
        let page = CorrectPage {
            layout: Layout::new(&scope.user, "Correct the published report", "home").await,
            path: process_path(scope, self.id),
            report_path: report_path(scope, self.id),
            period: self.period().label(),
            revision: self.revision,
            reason,
            errors,
        };
        Ok(page.into_response())
    }

    /// The published summary, narratives and ratings, with the publication's dates.
    async fn kept(&self, scope: &mut DistrictScope) -> Result<Value> {
        let district_id = scope.district.id;
        let ratings = queries::ratings(scope.conn(), district_id, self.id).await?;
        let objectives = queries::narratives(scope.conn(), district_id, self.id).await?;
        Ok(json!({
            "summary": self.summary,
            "objectives": objectives
                .iter()
                .map(|(objective_id, narrative)| json!({ "objective_id": objective_id, "narrative": narrative }))
                .collect::<Vec<_>>(),
            "initiatives": ratings,
            "published_at": self.published_at,
            "recommendations": self.recommendations,
            "posted_at": self.posted_at,
        }))
    }

    fn reopened(&self) -> String {
        format!(
            "Revision {} of the report is open as a draft with the monitor and is off the public \
             page until it is published again. Revision {} is kept with your reason.",
            self.revision + 1,
            self.revision
        )
    }
}
