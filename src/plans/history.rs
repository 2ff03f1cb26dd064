//! The plan's history: every change, who made it, when, before and after, and why.

use askama::Template;
use askama_web::WebTemplate;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Value, json};
use sqlx::PgConnection;
use uuid::Uuid;

use super::model::Plan;
use super::viewing::Viewed;
use crate::error::Result;
use crate::web::Layout;

/// One change to record.
pub struct Change<'a> {
    pub subject: String,
    pub action: &'a str,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub reason: &'a str,
}

impl<'a> Change<'a> {
    /// The whole plan moving from one status to another (labels as the pages show them).
    pub fn status(action: &'a str, before: String, after: String) -> Self {
        Self {
            subject: "Plan".into(),
            action,
            before: Some(json!({ "status": before })),
            after: Some(json!({ "status": after })),
            reason: "",
        }
    }
}

pub async fn record(
    conn: &mut PgConnection,
    plan: &Plan,
    user_id: impl Into<Option<Uuid>>,
    change: Change<'_>,
) -> sqlx::Result<()> {
    // No one: a change the app made by itself (next year's plan taking over on July 1).
    let user_id: Option<Uuid> = user_id.into();
    sqlx::query(
        "INSERT INTO plan_changes (district_id, plan_id, changed_by, subject, action, before, after, reason) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(plan.district_id)
    .bind(plan.id)
    .bind(user_id)
    .bind(&change.subject)
    .bind(change.action)
    .bind(change.before)
    .bind(change.after)
    .bind(change.reason)
    .execute(conn)
    .await?;
    Ok(())
}

/// A stored row as the history keeps it.
pub fn json(value: &impl Serialize) -> Result<Option<Value>> {
    let value = serde_json::to_value(value).map_err(anyhow::Error::from)?;
    Ok(Some(value))
}

/// The positions before and after a move, as the history keeps them.
pub fn positions<T: Serialize>(before: T, after: T) -> [Option<Value>; 2] {
    [before, after].map(|p| Some(json!({ "position": p })))
}

#[derive(Debug, sqlx::FromRow)]
pub struct ChangeRow {
    pub changed_at: DateTime<Utc>,
    pub who: Option<String>,
    pub subject: String,
    pub action: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub reason: String,
}

/// One field that differs between before and after.
pub struct FieldDiff {
    pub field: String,
    pub before: String,
    pub after: String,
}

impl ChangeRow {
    pub fn when(&self) -> String {
        self.changed_at
            .with_timezone(&crate::calendar::DEFAULT_TIME_ZONE)
            .format("%b %-d, %Y %-I:%M %p")
            .to_string()
    }

    /// The fields that changed, in a readable form.
    pub fn diffs(&self) -> Vec<FieldDiff> {
        let empty = serde_json::Map::new();
        let before = self
            .before
            .as_ref()
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let after = self
            .after
            .as_ref()
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let mut fields: Vec<&String> = before.keys().chain(after.keys()).collect();
        fields.sort();
        fields.dedup();
        fields
            .into_iter()
            .filter(|f| {
                !matches!(
                    f.as_str(),
                    "id" | "version"
                        | "rank"
                        | "plan_id"
                        | "objective_id"
                        | "initiative_id"
                        | "lead_user_id"
                        | "district_id"
                )
            })
            .filter(|f| before.get(*f) != after.get(*f))
            .map(|f| FieldDiff {
                field: f.replace('_', " "),
                before: show(before.get(f)),
                after: show(after.get(f)),
            })
            .collect()
    }
}

fn show(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "—".into(),
        Some(Value::String(s)) if s.is_empty() => "—".into(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "plans/changes.html")]
pub struct ChangesPage {
    layout: Layout,
    district_slug: String,
    plan: Plan,
    changes: Vec<ChangeRow>,
}

pub async fn changes(Viewed { mut scope, plan }: Viewed) -> Result<ChangesPage> {
    let (district_id, plan_id) = (scope.district.id, plan.id);
    let changes = sqlx::query_as(
        "SELECT c.changed_at, u.name AS who, c.subject, c.action, c.before, c.after, c.reason \
         FROM plan_changes c LEFT JOIN users u ON u.id = c.changed_by \
         WHERE c.district_id = $1 AND c.plan_id = $2 ORDER BY c.changed_at DESC, c.id DESC LIMIT 1000",
    )
    .bind(district_id)
    .bind(plan_id)
    .fetch_all(scope.conn())
    .await?;
    Ok(ChangesPage {
        layout: Layout::new(&scope.user, format!("Changes to {}", plan.title), "plan").await,
        district_slug: scope.district.slug.clone(),
        plan,
        changes,
    })
}
