//! Editing a plan item, the same for every kind: the form filled from what is stored, the checks
//! plus the reason a revision gives, the save that refuses when someone else saved in between
//! (409, with both versions and the person's text kept in the form), and the history row. Adding
//! one ends the same way too.

use std::future::Future;

use axum::Form;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::edit::{CONFLICT_MESSAGE, Editor, Ids, finish, record, with_reason};
use super::history::json;
use super::item::{self, PlanItem, move_item, remove, remove_form};
use super::items::{ItemRoute, route};
use super::model::Plan;
use crate::access::DistrictScope;
use crate::error::Result;
use crate::web::Layout;
use crate::web::conflict::ConflictRow;
use crate::web::forms::FieldErrors;

/// The version and reason every item form carries.
pub trait Carried {
    /// The version the form was loaded at.
    fn version(&self) -> Option<i32>;
    fn reason(&self) -> &str;
    /// Makes the form carry `version`, so saving it again overwrites what is now stored.
    fn keep_version(&mut self, version: i32);
}

/// Implements [`Carried`] for forms with `version` and `reason` fields.
macro_rules! carried {
    ($form:ty) => {
        impl $crate::plans::item_edit::Carried for $form {
            fn version(&self) -> Option<i32> {
                self.version
            }
            fn reason(&self) -> &str {
                &self.reason
            }
            fn keep_version(&mut self, version: i32) {
                self.version = Some(version);
            }
        }
    };
}
pub(crate) use carried;

/// An edit form as shown: what was typed (or stored), what is wrong with it, and what someone
/// else saved meanwhile.
pub struct Shown<F> {
    pub form: F,
    pub errors: FieldErrors,
    pub conflict: Vec<ConflictRow>,
}

/// What every item form shows around its fields: the plan it belongs to, its heading, and where
/// it posts.
pub struct FormHead {
    pub plan: Plan,
    pub plan_path: String,
    pub action: String,
    pub heading: String,
}

impl FormHead {
    /// The page's layout, titled by the heading, and the head.
    pub async fn new(editor: &Editor, heading: String, action: String) -> (Layout, Self) {
        let layout = Layout::new(&editor.scope.user, heading.clone(), "plan").await;
        let head = Self {
            plan: editor.plan.clone(),
            plan_path: editor.plan_path(),
            action,
            heading,
        };
        (layout, head)
    }
}

/// What a form's checks give: its fields as they are stored, or what is wrong with them.
pub type Checked<V> = Result<Result<V, FieldErrors>>;

/// A plan item with an edit form.
pub trait Editable: PlanItem {
    /// The form as it is posted and shown; filled from the item as stored.
    type Form: DeserializeOwned + Default + for<'a> From<&'a Self> + Carried + Send + 'static;
    /// Its fields once they pass the checks.
    type Valid: Send + Sync;

    /// The form's fields, checked against what is stored (the reason is checked apart).
    fn check(
        &self,
        editor: &mut Editor,
        form: &Self::Form,
    ) -> impl Future<Output = Checked<Self::Valid>> + Send;

    /// Saves `valid` over the item if it is still at `version`; `None` when someone else saved
    /// it first.
    fn save(
        &self,
        editor: &mut Editor,
        version: i32,
        valid: &Self::Valid,
    ) -> impl Future<Output = Result<Option<Self>>> + Send;

    /// The fields that differ between what is stored now and what was typed.
    fn conflict(&self, form: &Self::Form, valid: &Self::Valid) -> Vec<ConflictRow>;

    /// The item's edit form.
    fn page(
        &self,
        editor: &mut Editor,
        shown: Shown<Self::Form>,
    ) -> impl Future<Output = Result<Response>> + Send;
}

/// The routes of item kind `T` that name it: its edit form, its removal and its move.
pub fn routes<T: Editable>() -> Vec<ItemRoute> {
    let path = |action: &str| format!("/{}/{{id}}/{action}", T::KIND.table());
    let (edit, remove) = (
        get(edit_form::<T>).post(update::<T>),
        get(remove_form::<T>).post(remove::<T>),
    );
    vec![
        route(path("edit"), T::KIND, edit),
        route(path("remove"), T::KIND, remove),
        route(path("move"), T::KIND, post(move_item::<T>)),
    ]
}

/// Opens the plan for editing item `id`, and the item, found in that plan.
async fn open<T: Editable>(scope: DistrictScope, plan_id: Uuid, id: Uuid) -> Result<(Editor, T)> {
    item::open(scope, plan_id, id, T::KIND.led_edit()).await
}

pub async fn edit_form<T: Editable>(
    scope: DistrictScope,
    axum::extract::Path((_, plan_id, id)): Ids,
) -> Result<Response> {
    let (mut editor, item) = open::<T>(scope, plan_id, id).await?;
    let form = T::Form::from(&item);
    item.page(&mut editor, shown(form, FieldErrors::default()))
        .await
}

pub async fn update<T: Editable>(
    scope: DistrictScope,
    axum::extract::Path((_, plan_id, id)): Ids,
    Form(mut form): Form<T::Form>,
) -> Result<Response> {
    let (mut editor, before) = open::<T>(scope, plan_id, id).await?;
    let stored = T::Form::from(&before).version().unwrap_or_default();
    let (version, reason) = (form.version().unwrap_or(stored), form.reason().to_string());
    let checked = before.check(&mut editor, &form).await?;
    let valid = match with_reason(&editor, &reason, checked) {
        Ok(valid) => valid,
        Err(errors) => {
            let page = before.page(&mut editor, shown(form, errors)).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let Some(saved) = before.save(&mut editor, version, &valid).await? else {
        let conflict = before.conflict(&form, &valid);
        form.keep_version(stored);
        let mut errors = FieldErrors::default();
        errors.add("version", CONFLICT_MESSAGE);
        let shown = Shown {
            form,
            errors,
            conflict,
        };
        let page = before.page(&mut editor, shown).await?;
        return Ok((StatusCode::CONFLICT, page).into_response());
    };
    let subject = saved.naming(&mut editor).await?.subject;
    let change = [json(&before)?, json(&saved)?];
    record(&mut editor, &subject, "edited", change, &reason).await?;
    finish(editor, format!("{subject} was saved."), &saved.anchor()).await
}

/// Records a new item in the history and returns to it on the plan page.
pub async fn added<T: PlanItem>(mut editor: Editor, created: &T, reason: &str) -> Result<Response> {
    let subject = created.naming(&mut editor).await?.subject;
    let change = [None, json(created)?];
    record(&mut editor, &subject, "added", change, reason).await?;
    finish(editor, format!("{subject} was added."), &created.anchor()).await
}

/// A form as typed (or stored) with what is wrong with it.
pub fn shown<F>(form: F, errors: FieldErrors) -> Shown<F> {
    let conflict = vec![];
    Shown {
        form,
        errors,
        conflict,
    }
}
