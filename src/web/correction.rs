//! Correcting something final: minutes once final, a report once published. It stays
//! read-only, so a correction keeps the final text as it was with the reason given, and opens
//! the next revision as a draft that goes through review again. The steps are the same for both;
//! what is kept, and where, is each feature's own.

use std::future::Future;

use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get};
use serde::Deserialize;
use serde_json::Value;

use crate::access::{DistrictScope, Permission};
use crate::db::scoped;
use crate::error::{AppError, Result};
use crate::state::AppState;
use crate::web::forms::{FieldErrors, correction_reason};
use crate::web::open::{Ids, Owned};

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ReasonForm {
    #[serde(default)]
    pub reason: String,
}

/// Where a record stands, as far as a correction is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Final (minutes) or published (a report): the only stage a correction starts from.
    Final,
    /// Being written: after the first revision, a correction has reopened it.
    Draft,
    /// On its way from draft to final.
    InReview,
}

/// Something with final revisions that a correction reopens.
pub trait Correctable: Owned + Sync {
    /// Who may correct it.
    const PERMISSION: Permission;
    /// What the reason is kept with, in the reason's error: "final text".
    const KEPT: &'static str;
    /// What it is, in the messages: "minutes".
    const NOUN: &'static str;
    /// The table its final revisions are kept in, with the columns the correction fills: the
    /// district, the record, the revision, the reason, the text kept and who corrected it.
    const REVISIONS: &'static str;
    /// The statement that opens the next revision as a draft, with the district bound as `$1`
    /// and the record as `$2`; it changes nothing unless the record is still final.
    const REOPEN: &'static str;

    fn stage(&self) -> Stage;
    fn revision(&self) -> i32;
    /// The 409 for a correction tried in another stage.
    fn refusal(&self, scope: &DistrictScope) -> AppError;
    /// Where a correction leads: its workflow page.
    fn path(&self, scope: &DistrictScope) -> String;
    /// The correction form, with what was typed and what is wrong with it.
    fn page(
        &self,
        scope: &DistrictScope,
        reason: String,
        errors: FieldErrors,
    ) -> impl Future<Output = Result<Response>> + Send;
    /// The final revision as it stands, to keep with the reason.
    fn kept(&self, scope: &mut DistrictScope) -> impl Future<Output = Result<Value>> + Send;
    /// The message that says the next revision is open.
    fn reopened(&self) -> String;
}

/// The correction form of a record and its post, for the record's `…/correct`.
pub fn route<C: Correctable + 'static>() -> MethodRouter<AppState> {
    get(form::<C>).post(correct::<C>)
}

pub async fn form<C: Correctable>(
    mut scope: DistrictScope,
    Path((_, id)): Ids,
) -> Result<Response> {
    let item: C = scope.open(id, C::PERMISSION).await?;
    if item.stage() != Stage::Final {
        return Err(item.refusal(&scope));
    }
    item.page(&scope, String::new(), FieldErrors::default())
        .await
}

pub async fn correct<C: Correctable>(
    mut scope: DistrictScope,
    Path((_, id)): Ids,
    Form(form): Form<ReasonForm>,
) -> Result<Response> {
    let item: C = scope.open_locked(id, C::PERMISSION).await?;
    let path = item.path(&scope);
    if item.stage() == Stage::Draft && item.revision() > 1 {
        // The same correction sent twice: the first one opened the new revision.
        let message = format!(
            "Revision {} of the {} was already open as a draft.",
            item.revision(),
            C::NOUN
        );
        return scope.done(&path, message).await;
    }
    if item.stage() != Stage::Final {
        return Err(item.refusal(&scope));
    }
    let (reason, errors) = correction_reason(&form.reason, C::KEPT);
    if !errors.is_empty() {
        let page = item.page(&scope, form.reason, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let kept = item.kept(&mut scope).await?;
    let (district_id, user_id) = (scope.district.id, scope.user.user.id);
    let sql = format!(
        "INSERT INTO {} VALUES ($1, $2, $3, $4, $5, $6)",
        C::REVISIONS
    );
    sqlx::query(&sql)
        .bind(district_id)
        .bind(id)
        .bind(item.revision())
        .bind(&reason)
        .bind(sqlx::types::Json(&kept))
        .bind(user_id)
        .execute(scope.conn())
        .await?;
    scoped::execute(scope.conn(), C::REOPEN, district_id, id).await?;
    scope.done(&path, item.reopened()).await
}
