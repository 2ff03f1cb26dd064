//! The passages of a report that reviewers comment on (the summary, each objective, each
//! initiative), and the one check of a comment, whether ESE's reviewers, the other monitors or
//! the superintendent write it.

use serde::Deserialize;
use sqlx::PgConnection;

use crate::error::{AppError, Result};
use crate::plans::model::PlanTree;
use crate::plans::queries::load_tree;
use crate::qpr::model::Qpr;
use crate::web::forms::{FieldErrors, Text};

/// A comment holds at most this many characters.
pub const BODY_MAX: usize = 4_000;

/// A passage one can comment on: "summary", "objective:<id>" or "initiative:<id>".
#[derive(Debug, Clone)]
pub struct Passage {
    pub key: String,
    pub label: String,
}

/// The plan the report is about, which numbers its passages.
pub async fn tree(conn: &mut PgConnection, qpr: &Qpr) -> Result<PlanTree> {
    load_tree(conn, qpr.district_id, qpr.plan_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// The summary, then each objective followed by its initiatives, numbered as in the plan.
pub fn passages(tree: &PlanTree) -> Vec<Passage> {
    let mut passages = vec![Passage {
        key: "summary".into(),
        label: "Summary of overall progress".into(),
    }];
    for objective in &tree.objectives {
        passages.push(Passage {
            key: format!("objective:{}", objective.id),
            label: format!(
                "Objective {}: {}",
                tree.objective_number(objective.id),
                objective.title
            ),
        });
        for initiative in tree.initiatives_of(objective.id) {
            passages.push(Passage {
                key: format!("initiative:{}", initiative.id),
                label: format!(
                    "Initiative {}: {}",
                    tree.initiative_number(initiative),
                    initiative.description
                ),
            });
        }
    }
    passages
}

/// A comment on a passage. The workflow page sends a one-time token with it; the peer review
/// page sends none.
#[derive(Debug, Default, Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    pub passage: String,
    #[serde(default)]
    pub body: Text,
    #[serde(default)]
    pub form_token: String,
}

impl CommentForm {
    /// The comment's text as kept, and what is wrong with it; its passage must be one of
    /// `passages`.
    pub fn check(&self, passages: &[Passage]) -> (String, FieldErrors) {
        let mut errors = FieldErrors::default();
        if !passages.iter().any(|p| p.key == self.passage) {
            errors.add("passage", "Choose the passage your comment is about.");
        }
        self.body.check("body", &mut errors);
        let body = self.body.trim().to_string();
        if body.is_empty() {
            errors.add("body", "Write the comment.");
        } else if body.chars().count() > BODY_MAX {
            errors.add(
                "body",
                "Keep a comment to 4,000 characters; add another comment for the rest.",
            );
        }
        (body, errors)
    }
}
