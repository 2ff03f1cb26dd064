//! Correcting a published report. Published reports are read-only, so a correction keeps the
//! published summary, narratives and ratings with the reason, takes the report off the public
//! page and returns it to the monitor as a draft that goes through review again.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use uuid::Uuid;

use super::{open, open_locked, process_path, report_path, wrong_state};
use crate::access::{DistrictScope, Permission};
use crate::error::{AppError, Result};
use crate::qpr::model::{Qpr, QprStatus};
use crate::qpr::queries;
use crate::web::Layout;
use crate::web::correction::Correctable;
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
    const KEPT: &'static str = "published text";
    const NOUN: &'static str = "report";

    async fn open(scope: &mut DistrictScope, id: Uuid, locked: bool) -> Result<Self> {
        if locked {
            open_locked(scope, id, Permission::PublishQpr).await
        } else {
            open(scope, id, Permission::PublishQpr).await
        }
    }

    fn is_final(&self) -> bool {
        self.status == QprStatus::Published
    }

    fn reopened(&self) -> bool {
        self.status == QprStatus::Draft && self.revision > 1
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

    async fn keep(&self, scope: &mut DistrictScope, reason: &str) -> Result<String> {
        let (district_id, user_id, id) = (scope.district.id, scope.user.user.id, self.id);
        let ratings = queries::ratings(scope.conn(), district_id, id).await?;
        let objectives: Vec<(Uuid, String)> = sqlx::query_as(
            "SELECT objective_id, narrative FROM qpr_objectives WHERE district_id = $1 AND qpr_id = $2",
        )
        .bind(district_id)
        .bind(id)
        .fetch_all(scope.conn())
        .await?;
        let published = json!({
            "summary": self.summary,
            "objectives": objectives
                .iter()
                .map(|(objective_id, narrative)| json!({ "objective_id": objective_id, "narrative": narrative }))
                .collect::<Vec<_>>(),
            "initiatives": ratings,
            "published_at": self.published_at,
            "presented_on": self.presented_on,
            "posted_at": self.posted_at,
        });
        sqlx::query(
            "INSERT INTO qpr_revisions (district_id, qpr_id, revision, reason, published, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(district_id)
        .bind(id)
        .bind(self.revision)
        .bind(reason)
        .bind(sqlx::types::Json(&published))
        .bind(user_id)
        .execute(scope.conn())
        .await?;
        // Off the public page until it is published again: the corrected text goes through review.
        sqlx::query(
            "UPDATE qprs SET status = 'draft', revision = revision + 1, sent_to_ese_at = NULL, \
                 sent_to_superintendent_at = NULL, published_at = NULL, published_by = NULL, \
                 presented_on = NULL, posted_at = NULL, version = version + 1, updated_at = now() \
             WHERE district_id = $1 AND id = $2 AND status = 'published'",
        )
        .bind(district_id)
        .bind(id)
        .execute(scope.conn())
        .await?;
        Ok(format!(
            "Revision {} of the report is open as a draft with the monitor and is off the public \
             page until it is published again. Revision {} is kept with your reason.",
            self.revision + 1,
            self.revision
        ))
    }
}
