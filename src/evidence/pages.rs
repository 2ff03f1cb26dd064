//! The evidence pages: the district's library, the form that adds evidence, downloads and
//! removal. This module holds what they share: numbering initiatives, what a piece of evidence
//! is attached to, and where a person may be sent back to.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use chrono::NaiveDate;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::calendar::date_label;

use super::model::Attachment;
use super::{files, form, library};
use crate::access::DistrictScope;
use crate::db::scoped;
use crate::error::{AppError, Result};
use crate::plans::model::Plan;
use crate::state::AppState;
use crate::web::open::Owned;

pub fn routes() -> Router<AppState> {
    let base = "/districts/{district}/evidence";
    Router::new()
        .route(
            base,
            get(library::page)
                // Uploads are limited per file by the form itself, which drains and refuses an
                // over-size file with a message; the app-wide limit still caps the body.
                .post(form::create)
                .layer(DefaultBodyLimit::disable()),
        )
        .route(&format!("{base}/new"), get(form::new_form))
        .route(&format!("{base}/{{id}}/file"), get(files::download))
        .route(
            &format!("{base}/{{id}}/remove"),
            get(files::remove_form).post(files::remove),
        )
}

pub fn library_path(scope: &DistrictScope) -> String {
    format!("/districts/{}/evidence", scope.district.slug)
}

/// `back` when it is a page of this district (so a form cannot be made to send people to
/// another site, or to a header-breaking address), else `None`.
pub fn safe_back(slug: &str, back: &str) -> Option<String> {
    let prefix = format!("/districts/{slug}/");
    (back.starts_with(&prefix)
        && back.chars().all(|c| c.is_ascii_graphic())
        && !back.contains("//")
        && !back.contains('\\')
        && !back.contains(".."))
    .then(|| back.to_string())
}

/// An initiative numbered within its own plan ("1.2").
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NumberedInitiative {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub number: String,
    pub description: String,
    pub lead_user_id: Option<Uuid>,
}

impl NumberedInitiative {
    /// "Initiative 1.2: Implement a tiered system of support".
    pub fn label(&self) -> String {
        format!("Initiative {}: {}", self.number, self.description)
    }
}

/// Numbering follows rank order within each plan, as on the plan page.
const NUMBERED_INITIATIVES: &str = "SELECT i.id, o.plan_id, \
         concat(o.position, '.', row_number() OVER (PARTITION BY i.objective_id ORDER BY i.rank, i.created_at)) AS number, \
         i.description, i.lead_user_id, o.position AS objective_position, i.rank, i.created_at \
     FROM initiatives i \
     JOIN (SELECT id, plan_id, row_number() OVER (PARTITION BY plan_id ORDER BY rank, created_at) AS position \
           FROM objectives WHERE district_id = $1) o ON o.id = i.objective_id \
     WHERE i.district_id = $1";

/// Every initiative of the district (of `plan_id` only, when given), in plan order.
pub async fn numbered_initiatives(
    conn: &mut PgConnection,
    district_id: Uuid,
    plan_id: Option<Uuid>,
) -> sqlx::Result<Vec<NumberedInitiative>> {
    sqlx::query_as(&format!(
        "SELECT id, plan_id, number, description, lead_user_id FROM ({NUMBERED_INITIATIVES}) n \
         WHERE $2::uuid IS NULL OR plan_id = $2 ORDER BY plan_id, objective_position, rank, created_at"
    ))
    .bind(district_id)
    .bind(plan_id)
    .fetch_all(conn)
    .await
}

impl Owned for NumberedInitiative {
    const TABLE: &'static str = "initiatives";

    fn select() -> String {
        format!(
            "SELECT id, plan_id, number, description, lead_user_id FROM ({NUMBERED_INITIATIVES}) n \
             WHERE id = $2"
        )
    }
}

/// The part of the plan a new piece of evidence is for, as found in the district.
pub struct Attached {
    pub attachment: Attachment,
    /// "Initiative 1.2: …", "Benchmark: …", "Measurement of Nov 30, 2026 for …".
    pub label: String,
    /// The linked lead of the initiative concerned; decides who may record.
    pub lead_user_id: Option<Uuid>,
    pub plan: Plan,
}

/// Finds what `attachment` names in the district; not found when it belongs to another.
pub async fn attached(
    conn: &mut PgConnection,
    district_id: Uuid,
    attachment: Attachment,
) -> Result<Attached> {
    let (label, lead_user_id, plan) = match attachment {
        Attachment::Initiative(id) => {
            let initiative = NumberedInitiative::find(&mut *conn, district_id, id)
                .await?
                .ok_or(AppError::NotFound)?;
            let plan = crate::plans::queries::plan(&mut *conn, district_id, initiative.plan_id)
                .await?
                .ok_or(AppError::NotFound)?;
            (initiative.label(), initiative.lead_user_id, plan)
        }
        Attachment::Benchmark(id) => {
            let found = crate::progress::queries::benchmark_in_plan(&mut *conn, district_id, id)
                .await?
                .ok_or(AppError::NotFound)?;
            let label = format!("Benchmark: {}", found.benchmark.statement);
            (label, found.lead_user_id, found.plan)
        }
        Attachment::Measurement(id) => {
            let (benchmark_id, measured_on): (Uuid, NaiveDate) = scoped::optional(
                &mut *conn,
                "SELECT benchmark_id, measured_on FROM measurements WHERE district_id = $1 AND id = $2",
                district_id,
                id,
            )
            .await?
            .ok_or(AppError::NotFound)?;
            let found =
                crate::progress::queries::benchmark_in_plan(&mut *conn, district_id, benchmark_id)
                    .await?
                    .ok_or(AppError::NotFound)?;
            let label = format!(
                "Measurement of {} for {}",
                date_label(measured_on),
                found.benchmark.statement
            );
            (label, found.lead_user_id, found.plan)
        }
    };
    Ok(Attached {
        attachment,
        label,
        lead_user_id,
        plan,
    })
}

pub use super::model::{CONCERNS_INITIATIVE, CONCERNS_JOINS};

#[cfg(test)]
mod tests {
    use super::safe_back;
    use crate::calendar::date_label;
    use chrono::NaiveDate;

    #[test]
    fn people_are_sent_back_only_to_pages_of_their_district() {
        let back = "/districts/randolph/plans/1/benchmarks/2";
        assert_eq!(safe_back("randolph", back).as_deref(), Some(back));
        for bad in [
            "https://evil.example/districts/randolph/",
            "//evil.example/districts/randolph/x",
            "/districts/randolph//evil.example",
            "/districts/new-bedford/evidence",
            "/districts/randolph/../../login",
            "/districts/randolph/x\r\nSet-Cookie: a=b",
            "/districts/randolph/x y",
            "/districts/randolph",
            "",
        ] {
            assert_eq!(safe_back("randolph", bad), None, "{bad}");
        }
    }

    #[test]
    fn dates_read_like_the_plan_pages() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 3).unwrap();
        assert_eq!(date_label(date), "Nov 3, 2026");
    }
}
