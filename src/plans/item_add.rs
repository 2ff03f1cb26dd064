//! Adding a plan item under another: an initiative under its objective, an activity under its
//! initiative. Whoever may edit the parent may add to it; the parent is found in the plan of the
//! address, the form is checked with the reason a revision gives, the new item goes last in its
//! list, and the history records it.

use std::future::Future;

use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use uuid::Uuid;

use super::edit::{Editor, Ids, with_reason};
use super::item::{self, PlanItem};
use super::item_edit::{self, Carried, Checked, Editable, Shown, added, shown};
use super::items::{ItemRoute, route};
use crate::access::DistrictScope;
use crate::error::Result;

/// A plan item that is added under an item of kind [`AddedUnder::Parent`].
pub trait AddedUnder: Editable {
    type Parent: PlanItem;
    /// The new item's form heading: "New initiative".
    const NEW_HEADING: &'static str;

    /// The item it was added under.
    fn parent(&self) -> Uuid;

    /// A new item's fields, checked (the reason is checked apart).
    fn check_new(
        editor: &mut Editor,
        form: &Self::Form,
    ) -> impl Future<Output = Checked<Self::Valid>> + Send;

    /// Stores the new item under `parent` at `rank`.
    fn insert(
        editor: &mut Editor,
        parent: Uuid,
        rank: i32,
        valid: &Self::Valid,
    ) -> impl Future<Output = Result<Self>> + Send;

    /// The form for a new item or for an existing one.
    fn form_page(
        editor: &mut Editor,
        which: Which<'_, Self>,
        shown: Shown<Self::Form>,
    ) -> impl Future<Output = Result<Response>> + Send;
}

/// Which form: a new item under `parent`, or an existing item.
pub enum Which<'a, T> {
    New { parent: Uuid },
    Edit(&'a T),
}

impl<T> Clone for Which<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Which<'_, T> {}

impl<T: AddedUnder> Which<'_, T> {
    /// The item the form's item is (or will be) under.
    pub fn parent(self) -> Uuid {
        match self {
            Self::New { parent } => parent,
            Self::Edit(item) => item.parent(),
        }
    }

    /// The form's heading and where it posts: "New activity" to
    /// ".../initiatives/{parent}/activities", or "Edit Activity in Initiative 1.2" to
    /// ".../activities/{id}/edit".
    pub async fn heading_and_action(self, editor: &mut Editor) -> Result<(String, String)> {
        let plan_path = editor.plan_path();
        let (table, parent_table) = (T::KIND.table(), T::Parent::KIND.table());
        Ok(match self {
            Self::New { parent } => (
                T::NEW_HEADING.to_string(),
                format!("{plan_path}/{parent_table}/{parent}/{table}"),
            ),
            Self::Edit(item) => (
                format!("Edit {}", item.naming(editor).await?.subject),
                format!("{plan_path}/{table}/{}/edit", item.id()),
            ),
        })
    }
}

/// The routes of item kind `T` that name it, and those that add one under its parent
/// ("/initiatives/{id}/activities/new").
pub fn routes<T: AddedUnder>() -> Vec<ItemRoute> {
    let parent = T::Parent::KIND;
    let under = format!("/{}/{{id}}/{}", parent.table(), T::KIND.table());
    let added = [
        route(format!("{under}/new"), parent, get(new_form::<T>)),
        route(under, parent, post(create::<T>)),
    ];
    item_edit::routes::<T>().into_iter().chain(added).collect()
}

/// Opens the plan for adding under `parent`, found in that plan, as for editing the parent.
async fn open_parent<T: AddedUnder>(
    scope: DistrictScope,
    plan_id: Uuid,
    parent: Uuid,
) -> Result<Editor> {
    let led = T::Parent::KIND.led_edit();
    let (editor, _) = item::open::<T::Parent>(scope, plan_id, parent, led).await?;
    Ok(editor)
}

pub async fn new_form<T: AddedUnder>(
    scope: DistrictScope,
    Path((_, plan_id, parent)): Ids,
) -> Result<Response> {
    let mut editor = open_parent::<T>(scope, plan_id, parent).await?;
    let empty = shown(T::Form::default(), Default::default());
    T::form_page(&mut editor, Which::New { parent }, empty).await
}

pub async fn create<T: AddedUnder>(
    scope: DistrictScope,
    Path((_, plan_id, parent)): Ids,
    Form(form): Form<T::Form>,
) -> Result<Response> {
    let mut editor = open_parent::<T>(scope, plan_id, parent).await?;
    let reason = form.reason().to_string();
    let checked = T::check_new(&mut editor, &form).await?;
    let valid = match with_reason(&editor, &reason, checked) {
        Ok(valid) => valid,
        Err(errors) => {
            let page = T::form_page(&mut editor, Which::New { parent }, shown(form, errors));
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page.await?).into_response());
        }
    };
    let district_id = editor.district_id();
    let rank = T::KIND
        .next_rank(editor.conn(), district_id, parent)
        .await?;
    let created = T::insert(&mut editor, parent, rank, &valid).await?;
    added(editor, &created, &reason).await
}
