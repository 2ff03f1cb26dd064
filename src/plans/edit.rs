//! What every change to a plan shares: who may make it, the draft-only rule, the reason a
//! revision must give, recording it in the history, reordering, the conflict view when two
//! people save the same item, and the return to the plan page.

use axum::extract::Path;
use axum::response::Response;
use serde::Deserialize;
use serde_json::Value;
use sqlx::PgConnection;
use uuid::Uuid;

use super::history::{self, Change};
use super::items::{self, Kind};
use super::model::Plan;
use super::queries;
use super::viewing::{self, Viewed};
use crate::access::DistrictScope;
use crate::error::{AppError, Result};
use crate::web::conflict;
pub use crate::web::conflict::ConflictRow;
use crate::web::forms::FieldErrors;

/// The path parameters of an item's routes: district, plan, and the item or its parent.
pub type Ids = Path<(String, Uuid, Uuid)>;

/// A draft plan opened for a change by someone allowed to make it.
pub struct Editor {
    pub scope: DistrictScope,
    pub plan: Plan,
}

/// What the change touches, which decides who may make it and which item must be in the plan.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// The plan itself (its details, a new objective or final outcome): superintendents and plan
    /// managers.
    Plan,
    /// One item of the plan, or the parent a new item goes under: superintendents and plan
    /// managers.
    Item(Kind, Uuid),
    /// One item of a strategy sheet, or the parent a new one goes under: also the linked lead of
    /// the initiative it belongs to.
    Sheet(Kind, Uuid),
}

impl Editor {
    /// Opens plan `plan_id` for a change to `target`. The item the route names is found in this
    /// plan before anything else: not found when it belongs to another plan, whoever asks and
    /// whatever the plan's status.
    pub async fn open(mut scope: DistrictScope, plan_id: Uuid, target: Target) -> Result<Self> {
        let plan = viewing::plan(&mut scope, plan_id).await?;
        Self::change(Viewed { scope, plan }, target).await
    }

    /// Opens the plan of the address, already found, for a change to `target`.
    pub async fn change(Viewed { mut scope, plan }: Viewed, target: Target) -> Result<Self> {
        let (district_id, plan_id) = (scope.district.id, plan.id);
        let lead_of = match target {
            Target::Plan => None,
            Target::Item(kind, id) | Target::Sheet(kind, id) => {
                let initiative = items::locate(scope.conn(), district_id, plan_id, kind, id)
                    .await?
                    .ok_or(AppError::NotFound)?;
                matches!(target, Target::Sheet(..))
                    .then_some(initiative)
                    .flatten()
            }
        };
        if !scope.may_edit(lead_of).await? {
            return Err(AppError::Forbidden);
        }
        if !plan.is_editable() {
            return Err(AppError::ReadOnly);
        }
        Ok(Self { scope, plan })
    }

    pub fn conn(&mut self) -> &mut PgConnection {
        self.scope.conn()
    }

    pub fn district_id(&self) -> Uuid {
        self.scope.district.id
    }

    pub fn user_id(&self) -> Uuid {
        self.scope.user.user.id
    }

    pub fn plan_path(&self) -> String {
        format!(
            "/districts/{}/plans/{}",
            self.scope.district.slug, self.plan.id
        )
    }

    /// A revision of an approved plan records why each change was made.
    pub fn reason_problem(&self, reason: &str) -> Option<&'static str> {
        (self.plan.is_revision() && reason.trim().is_empty())
            .then_some("Give the reason for this modification; it is kept in the plan's history.")
    }
}

/// `result`, plus a missing reason when the plan is a revision.
pub fn with_reason<T>(
    editor: &Editor,
    reason: &str,
    result: Result<T, FieldErrors>,
) -> Result<T, FieldErrors> {
    let Some(problem) = editor.reason_problem(reason) else {
        return result;
    };
    let mut errors = result.err().unwrap_or_default();
    errors.add("reason", problem);
    Err(errors)
}

/// Records a change in the plan's history: `[before, after]`.
pub async fn record(
    editor: &mut Editor,
    subject: &str,
    action: &str,
    [before, after]: [Option<Value>; 2],
    reason: &str,
) -> Result<()> {
    let (plan, user_id) = (editor.plan.clone(), editor.user_id());
    let (subject, reason) = (subject.to_string(), reason.trim());
    let change = Change {
        subject,
        action,
        before,
        after,
        reason,
    };
    history::record(editor.conn(), &plan, user_id, change).await?;
    Ok(())
}

/// Commits, leaves a message, and returns to the plan page at `anchor`.
pub async fn finish(editor: Editor, message: String, anchor: &str) -> Result<Response> {
    let path = format!("{}{anchor}", editor.plan_path());
    editor.scope.done(&path, message).await
}

/// The `reason` field every change form carries (required only for revisions).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ReasonForm {
    #[serde(default)]
    pub reason: String,
}

/// `up` or `down` from a move button.
#[derive(Debug, Deserialize)]
pub struct MoveForm {
    pub direction: String,
    #[serde(default)]
    pub reason: String,
}

/// The message shown above a conflict.
pub const CONFLICT_MESSAGE: &str = "Someone else saved this while you were editing. Both versions are shown \
     below and your text is still in the form: compare them, then save again to keep yours.";

/// Rows for the fields that differ.
pub fn conflict_rows(fields: Vec<(&'static str, String, String)>) -> Vec<ConflictRow> {
    conflict::differing(fields)
}

/// The account a form links as lead ("" = none), or why it cannot be linked: only the district's
/// own people, the accounts its select offers, may lead there.
pub async fn linked_lead(
    editor: &mut Editor,
    text: &str,
) -> Result<std::result::Result<Option<Uuid>, &'static str>> {
    const NOT_OURS: &str = "Choose the linked account from the list: only people with a role in \
         this district can be linked as its lead.";
    if text.trim().is_empty() {
        return Ok(Ok(None));
    }
    let Ok(user_id) = text.trim().parse::<Uuid>() else {
        return Ok(Err(NOT_OURS));
    };
    let district_id = editor.district_id();
    let ours = queries::lead_accounts(editor.conn(), district_id)
        .await?
        .iter()
        .any(|account| account.id == user_id);
    Ok(if ours {
        Ok(Some(user_id))
    } else {
        Err(NOT_OURS)
    })
}

/// `result`, plus `problem` noted on `field` when there is one.
pub fn with_problem<T>(
    result: Result<T, FieldErrors>,
    field: &'static str,
    problem: Option<&str>,
) -> Result<T, FieldErrors> {
    let Some(problem) = problem else {
        return result;
    };
    let mut errors = result.err().unwrap_or_default();
    errors.add(field, problem.to_string());
    Err(errors)
}

/// Notes each `(field, text, most characters)` of a strategy sheet whose text is too long, or
/// holds a character that cannot be saved.
pub fn check_lengths(errors: &mut FieldErrors, fields: &[(&'static str, &str, usize)]) {
    for (field, text, max) in fields {
        crate::web::forms::check_text(errors, &[(*field, *text)]);
        if text.chars().count() > *max {
            let message = if *field == "lead" {
                format!("Keep the lead to {max} characters: one person or role.")
            } else {
                format!("Keep this to {max} characters; the strategy sheet is a summary.")
            };
            errors.add(field, message);
        }
    }
}

/// A district has one approved plan and one plan in progress at a time. When two people start or
/// approve a plan at the same moment, the database refuses the second; they get the read-only
/// page, not an error.
pub fn one_plan_at_a_time(error: sqlx::Error) -> AppError {
    match crate::web::forms::unique_violation(&error).as_deref() {
        Some("plans_one_open" | "plans_one_next" | "plans_one_approved") => AppError::ReadOnly,
        _ => error.into(),
    }
}
