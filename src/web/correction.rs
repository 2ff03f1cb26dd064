//! Correcting something final: minutes once final, a report once published. It stays
//! read-only, so a correction keeps the final text as it was with the reason given, and opens
//! the next revision as a draft that goes through review again. The steps are the same for both;
//! what is kept, and where, is each feature's own.

use std::future::Future;

use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use uuid::Uuid;

use crate::access::DistrictScope;
use crate::error::{AppError, Result};
use crate::web::forms::{FieldErrors, correction_reason};

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ReasonForm {
    #[serde(default)]
    pub reason: String,
}

/// Something with final revisions that a correction reopens.
pub trait Correctable: Sized + Send + Sync {
    /// What the reason is kept with, in the reason's error: "final text".
    const KEPT: &'static str;
    /// What it is, in the messages: "minutes".
    const NOUN: &'static str;

    /// The district's `id` for someone allowed to correct it; `locked` holds its row until the
    /// request's transaction ends, so a correction sent twice takes its turn.
    fn open(
        scope: &mut DistrictScope,
        id: Uuid,
        locked: bool,
    ) -> impl Future<Output = Result<Self>> + Send;
    /// Whether it is final, the only state a correction starts from.
    fn is_final(&self) -> bool;
    /// Whether a correction has already opened the revision it is at (a draft after the first).
    fn reopened(&self) -> bool;
    fn revision(&self) -> i32;
    /// The 409 for a correction tried in another state.
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
    /// Keeps the final revision with `reason` and opens the next one as a draft; the message
    /// that says so.
    fn keep(
        &self,
        scope: &mut DistrictScope,
        reason: &str,
    ) -> impl Future<Output = Result<String>> + Send;
}

pub async fn form<C: Correctable>(
    mut scope: DistrictScope,
    Path((_, id)): Path<(String, Uuid)>,
) -> Result<Response> {
    let item = C::open(&mut scope, id, false).await?;
    if !item.is_final() {
        return Err(item.refusal(&scope));
    }
    item.page(&scope, String::new(), FieldErrors::default())
        .await
}

pub async fn correct<C: Correctable>(
    mut scope: DistrictScope,
    Path((_, id)): Path<(String, Uuid)>,
    Form(form): Form<ReasonForm>,
) -> Result<Response> {
    let item = C::open(&mut scope, id, true).await?;
    let path = item.path(&scope);
    if item.reopened() {
        // The same correction sent twice: the first one opened the new revision.
        let message = format!(
            "Revision {} of the {} was already open as a draft.",
            item.revision(),
            C::NOUN
        );
        return scope.done(&path, message).await;
    }
    if !item.is_final() {
        return Err(item.refusal(&scope));
    }
    let (reason, errors) = correction_reason(&form.reason, C::KEPT);
    if !errors.is_empty() {
        let page = item.page(&scope, form.reason, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let message = item.keep(&mut scope, &reason).await?;
    scope.done(&path, message).await
}
