//! Plan items as one thing: objectives, initiatives, activities and benchmarks are each found in
//! the plan of the address, removed after a confirmation, and moved among their siblings the same
//! way, with the reason a revision gives and the history row. Each kind says only what is its own:
//! how it is loaded, named and kept in the history.

use std::future::Future;

use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;
use sqlx::FromRow;
use sqlx::postgres::PgRow;
use uuid::Uuid;

use super::confirm::{ConfirmPage, move_page, remove_page};
use super::edit::{Editor, Ids, MoveForm, ReasonForm, Target, finish, record};
use super::history::{json, positions};
use super::items::Kind;
use crate::access::DistrictScope;
use crate::error::{AppError, Result};

/// How the pages and the history name an item.
pub struct Naming {
    /// In the history and the messages: "Objective 2", "Activity in Initiative 1.2".
    pub subject: String,
    /// In the question before removing it: "Objective 2", "this activity of Initiative 1.2".
    pub removing: String,
    /// In the question before moving it: "Objective 2", "this activity".
    pub moving: String,
}

impl Naming {
    /// The same name everywhere.
    pub fn plain(subject: String) -> Self {
        Self {
            removing: subject.clone(),
            moving: subject.clone(),
            subject,
        }
    }
}

/// An item of a plan, as its routes under `/districts/{district}/plans/{plan}` name it. The
/// history keeps it as it serializes.
pub trait PlanItem: Serialize + Sized + Send + Sync + 'static {
    /// What the routes' `{id}` names.
    const KIND: Kind;
    /// Whether a move renumbers it ("Objective 2" becomes "Objective 1"): the history then
    /// records the numbers rather than the places in the list.
    const NUMBERED: bool = false;

    fn id(&self) -> Uuid;

    /// Item `id` of the editor's plan; not found when it belongs to another plan.
    fn load(editor: &mut Editor, id: Uuid) -> impl Future<Output = Result<Self>> + Send;

    fn naming(&self, editor: &mut Editor) -> impl Future<Output = Result<Naming>> + Send;

    /// Where the plan page opens once it is removed: the list it was in.
    fn parent_anchor(&self) -> String;

    /// What removing it takes with it, for the question before.
    fn removal(&self, editor: &mut Editor) -> impl Future<Output = Result<String>> + Send;

    /// What moving it changes, for the question a revision asks before.
    fn moving(&self) -> String;

    /// "#objective-{id}": the item on the plan page.
    fn anchor(&self) -> String {
        format!("#{}-{}", Self::KIND.anchor(), self.id())
    }
}

/// The row `sql` finds for item `id` of the editor's plan, given `$1` the district, `$2` the plan
/// and `$3` the item; not found when the item is not in that plan.
pub async fn find<T>(editor: &mut Editor, sql: &str, id: Uuid) -> Result<T>
where
    T: for<'r> FromRow<'r, PgRow> + Send + Unpin,
{
    let (district_id, plan_id) = (editor.district_id(), editor.plan.id);
    let query = sqlx::query_as(sql).bind(district_id).bind(plan_id).bind(id);
    query
        .fetch_optional(editor.conn())
        .await?
        .ok_or(AppError::NotFound)
}

/// Opens the plan for changing item `id`, and the item, found in that plan. `led`: the
/// initiative's linked lead may make this change too (see [`Kind::on_sheet`], [`Kind::led_edit`]).
pub async fn open<T: PlanItem>(
    scope: DistrictScope,
    plan_id: Uuid,
    id: Uuid,
    led: bool,
) -> Result<(Editor, T)> {
    let target = match led {
        true => Target::Sheet(T::KIND, id),
        false => Target::Item(T::KIND, id),
    };
    let mut editor = Editor::open(scope, plan_id, target).await?;
    let item = T::load(&mut editor, id).await?;
    Ok((editor, item))
}

fn action<T: PlanItem>(editor: &Editor, item: &T, action: &str) -> String {
    format!(
        "{}/{}/{}/{action}",
        editor.plan_path(),
        T::KIND.table(),
        item.id()
    )
}

async fn confirm_removal<T: PlanItem>(
    editor: &mut Editor,
    item: &T,
    reason_error: String,
) -> Result<ConfirmPage> {
    let naming = item.naming(editor).await?;
    let consequence = item.removal(editor).await?;
    let action = action(editor, item, "remove");
    let what = &naming.removing;
    Ok(remove_page(editor, action, what, consequence, reason_error).await)
}

pub async fn remove_form<T: PlanItem>(
    scope: DistrictScope,
    Path((_, plan_id, id)): Ids,
) -> Result<ConfirmPage> {
    let (mut editor, item) = open::<T>(scope, plan_id, id, T::KIND.on_sheet()).await?;
    confirm_removal(&mut editor, &item, String::new()).await
}

/// Deletes the item (its children go with it), records what it was, and returns to its list.
pub async fn remove<T: PlanItem>(
    scope: DistrictScope,
    Path((_, plan_id, id)): Ids,
    Form(form): Form<ReasonForm>,
) -> Result<Response> {
    let (mut editor, item) = open::<T>(scope, plan_id, id, T::KIND.on_sheet()).await?;
    if let Some(problem) = editor.reason_problem(&form.reason) {
        let page = confirm_removal(&mut editor, &item, problem.into()).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let subject = item.naming(&mut editor).await?.subject;
    let district_id = editor.district_id();
    T::KIND.remove(editor.conn(), district_id, id).await?;
    let change = [json(&item)?, None];
    record(&mut editor, &subject, "removed", change, &form.reason).await?;
    let message = format!("{subject} was removed.");
    finish(editor, message, &item.parent_anchor()).await
}

/// Moves the item one place up or down; a revision asks for the reason first.
pub async fn move_item<T: PlanItem>(
    scope: DistrictScope,
    Path((_, plan_id, id)): Ids,
    Form(form): Form<MoveForm>,
) -> Result<Response> {
    let (mut editor, item) = open::<T>(scope, plan_id, id, T::KIND.on_sheet()).await?;
    let naming = item.naming(&mut editor).await?;
    if editor.reason_problem(&form.reason).is_some() {
        let action = action(&editor, &item, "move");
        let (what, consequence) = (&naming.moving, item.moving());
        return Ok(move_page(&editor, action, what, &form, consequence).await);
    }
    let before = place(&mut editor, &item).await?;
    let (district_id, up) = (editor.district_id(), form.direction == "up");
    if T::KIND
        .move_item(editor.conn(), district_id, id, up)
        .await?
    {
        let after = place(&mut editor, &item).await?;
        let change = positions(before, after);
        record(&mut editor, &naming.subject, "moved", change, &form.reason).await?;
    }
    finish(editor, String::new(), &item.anchor()).await
}

/// The item's place as the history records a move: its number, or its place in its list.
async fn place<T: PlanItem>(editor: &mut Editor, item: &T) -> Result<Value> {
    if T::NUMBERED {
        return Ok(item.naming(editor).await?.subject.into());
    }
    let district_id = editor.district_id();
    let position = T::KIND.position(editor.conn(), district_id, item.id());
    Ok(position.await?.into())
}
