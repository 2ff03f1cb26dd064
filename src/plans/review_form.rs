//! ESE's plan rubric review form: a submitted plan is rated on the five criteria of the AIP
//! rubric, with a comment on each and an overall decision. "Revise" sends the plan back to the
//! district as a draft with the review attached; any other decision lets ESE approve it.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::history::{self, Change};
use super::model::{Plan, PlanStatus};
use super::notices::{self, PlanEvent};
use super::review::{insert_criteria, lock_status, plan_path, refused};
use super::rubric::{CRITERIA, Criterion, Decision, Rating};
use super::viewing::Viewed;
use crate::access::{DistrictScope, Permission};
use crate::error::Result;
use crate::web::Layout;
use crate::web::forms::FieldErrors;

const NOT_SUBMITTED: (&str, &str) = (
    "This plan is not waiting for a review",
    "Only a plan submitted to ESE is reviewed on the rubric. This one is not under review now: \
     it may have been returned, withdrawn or approved already. Nothing was saved.",
);

/// One level of a criterion as a radio choice.
pub struct LevelChoice {
    pub rating: Rating,
    pub description: &'static str,
    pub checked: bool,
}

/// A criterion's part of the form, with what was typed.
pub struct CriterionField {
    pub criterion: &'static Criterion,
    pub comment_field: &'static str,
    pub comment_label: String,
    pub levels: Vec<LevelChoice>,
    pub comment: String,
}

pub struct DecisionChoice {
    pub decision: Decision,
    pub checked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "plans/review_form.html")]
pub struct ReviewFormPage {
    layout: Layout,
    district_name: String,
    plan_path: String,
    plan: Plan,
    criteria: Vec<CriterionField>,
    decisions: Vec<DecisionChoice>,
    summary: String,
    errors: FieldErrors,
}

/// The comment fields' names, in [`CRITERIA`] order (field names in errors are static).
const COMMENT_FIELDS: [&str; 5] = [
    "provides_focus_comment",
    "root_causes_comment",
    "instructional_core_comment",
    "tracks_progress_comment",
    "long_term_capacity_comment",
];
const MAX_COMMENT: usize = 4000;
const MAX_SUMMARY: usize = 8000;

/// What the reviewer typed, as sent.
#[derive(Default)]
struct Typed {
    fields: Vec<(String, String)>,
}

impl Typed {
    fn get(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// A complete review, ready to save.
struct Valid {
    ratings: Vec<(&'static Criterion, Rating, String)>,
    decision: Decision,
    summary: String,
}

fn validate(typed: &Typed) -> std::result::Result<Valid, FieldErrors> {
    let mut errors = FieldErrors::default();
    let mut ratings = Vec::new();
    for (criterion, comment_field) in CRITERIA.iter().zip(COMMENT_FIELDS) {
        let comment = typed.get(comment_field).trim().to_string();
        if comment.chars().count() > MAX_COMMENT {
            errors.add(comment_field, "Keep the comment to 4,000 characters.");
        }
        match Rating::parse(typed.get(criterion.key)) {
            Some(rating) => ratings.push((criterion, rating, comment)),
            None => errors.add(
                criterion.key,
                format!("Rate “{}” on one of the four levels.", criterion.name),
            ),
        }
    }
    let decision = Decision::parse(typed.get("decision"));
    if decision.is_none() {
        errors.add(
            "decision",
            "Choose the overall decision: the next step for the plan.",
        );
    }
    let summary = typed.get("summary").trim().to_string();
    if summary.chars().count() > MAX_SUMMARY {
        errors.add("summary", "Keep the summary to 8,000 characters.");
    }
    match decision {
        Some(decision) if errors.is_empty() => Ok(Valid {
            ratings,
            decision,
            summary,
        }),
        _ => Err(errors),
    }
}

async fn form_page(
    scope: &DistrictScope,
    plan: Plan,
    typed: &Typed,
    errors: FieldErrors,
) -> ReviewFormPage {
    let criteria = CRITERIA
        .iter()
        .zip(COMMENT_FIELDS)
        .map(|(criterion, comment_field)| CriterionField {
            levels: Rating::ALL
                .into_iter()
                .map(|rating| LevelChoice {
                    rating,
                    description: criterion.level(rating),
                    checked: typed.get(criterion.key) == rating.key(),
                })
                .collect(),
            comment: typed.get(comment_field).to_string(),
            comment_label: format!("Comment on “{}”", criterion.name),
            comment_field,
            criterion,
        })
        .collect();
    let decisions = Decision::ALL
        .into_iter()
        .map(|decision| DecisionChoice {
            decision,
            checked: typed.get("decision") == decision.key(),
        })
        .collect();
    ReviewFormPage {
        layout: Layout::new(&scope.user, "Review the plan on the AIP rubric", "plan").await,
        district_name: scope.district.name.clone(),
        plan_path: plan_path(scope, plan.id),
        plan,
        criteria,
        decisions,
        summary: typed.get("summary").to_string(),
        errors,
    }
}

/// The rubric form, for ESE: a plan outside the district is not found (404) before the reviewer's
/// right is asked for (403), here and on saving.
pub async fn form(Viewed { scope, plan }: Viewed) -> Result<Response> {
    scope.require(Permission::ApprovePlan)?;
    if plan.status != PlanStatus::Submitted {
        return Ok(refused(&scope, &plan, NOT_SUBMITTED, None).await);
    }
    let page = form_page(&scope, plan, &Typed::default(), FieldErrors::default()).await;
    Ok(page.into_response())
}

pub async fn save(
    Viewed { mut scope, plan }: Viewed,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response> {
    scope.require(Permission::ApprovePlan)?;
    let (district_id, plan_id) = (scope.district.id, plan.id);
    let status = lock_status(scope.conn(), district_id, plan_id).await?;
    if status != Some(PlanStatus::Submitted) {
        return Ok(refused(&scope, &plan, NOT_SUBMITTED, None).await);
    }
    let typed = Typed { fields };
    let valid = match validate(&typed) {
        Ok(valid) => valid,
        Err(errors) => {
            let page = form_page(&scope, plan, &typed, errors).await;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let user_id = scope.user.user.id;
    let review_id: Uuid = sqlx::query_scalar(
        "INSERT INTO plan_reviews (district_id, plan_id, reviewer_id, decision, summary) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(district_id)
    .bind(plan_id)
    .bind(user_id)
    .bind(valid.decision)
    .bind(&valid.summary)
    .fetch_one(scope.conn())
    .await?;
    let ratings: Vec<(&str, Rating, &str)> = valid
        .ratings
        .iter()
        .map(|(criterion, rating, comment)| (criterion.key, *rating, comment.as_str()))
        .collect();
    insert_criteria(scope.conn(), district_id, review_id, &ratings).await?;
    let mut after = Map::new();
    after.insert("decision".into(), valid.decision.short_label().into());
    for (criterion, rating, _) in &valid.ratings {
        after.insert(criterion.name.into(), rating.label().into());
    }
    let change = Change {
        subject: "Rubric review".into(),
        action: "reviewed on the AIP rubric",
        before: None,
        after: Some(Value::Object(after)),
        reason: &valid.summary,
    };
    history::record(scope.conn(), &plan, user_id, change).await?;
    let message = if valid.decision.returns_plan() {
        return_for_revision(&mut scope, &plan).await?;
        "The review is saved and the plan was returned to the district as a draft to revise."
    } else {
        notices::send_in(&mut scope, &plan, PlanEvent::Reviewed(valid.decision)).await?;
        "The review is saved. The plan can now be approved."
    };
    tracing::info!(%plan_id, %review_id, decision = valid.decision.key(), "plan reviewed on the rubric");
    let path = plan_path(&scope, plan_id);
    scope.done(&path, message).await
}

/// "Revise": back to draft in the review's own transaction, like the Return step.
async fn return_for_revision(scope: &mut DistrictScope, plan: &Plan) -> Result<()> {
    sqlx::query(
        "UPDATE plans SET status = 'draft', version = version + 1, updated_at = now() \
         WHERE district_id = $1 AND id = $2",
    )
    .bind(plan.district_id)
    .bind(plan.id)
    .execute(scope.conn())
    .await?;
    let user_id = scope.user.user.id;
    let change = Change::status(
        "returned to the district for revision after the rubric review",
        plan.status.label().into(),
        PlanStatus::Draft.label().into(),
    );
    history::record(scope.conn(), plan, user_id, change).await?;
    notices::send_in(scope, plan, PlanEvent::Returned { after_review: true }).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(pairs: &[(&str, &str)]) -> Typed {
        Typed {
            fields: pairs
                .iter()
                .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
                .collect(),
        }
    }

    #[test]
    fn every_criterion_needs_a_rating_and_the_review_a_decision() {
        let errors = validate(&typed(&[("provides_focus", "strong")]))
            .err()
            .unwrap();
        assert!(!errors.has("provides_focus"));
        for key in [
            "root_causes",
            "instructional_core",
            "tracks_progress",
            "long_term_capacity",
            "decision",
        ] {
            assert!(errors.has(key), "{key}");
        }
        let mut all: Vec<(&str, &str)> = CRITERIA.iter().map(|c| (c.key, "emerging")).collect();
        all.push(("decision", "strengthen"));
        all.push(("root_causes_comment", "  Cite the district review.  "));
        let valid = validate(&typed(&all)).ok().unwrap();
        assert_eq!(valid.decision, Decision::Strengthen);
        assert_eq!(valid.ratings[1].2, "Cite the district review.");
        assert_eq!(valid.ratings.len(), 5);
    }

    #[test]
    fn an_unknown_level_is_not_a_rating() {
        let mut all: Vec<(&str, &str)> = CRITERIA.iter().map(|c| (c.key, "strong")).collect();
        all[0].1 = "excellent";
        all.push(("decision", "approve"));
        let errors = validate(&typed(&all)).err().unwrap();
        assert!(errors.has("provides_focus") && errors.has("decision"));
        assert_eq!(errors.len(), 2);
    }

    #[test]
    fn comment_fields_line_up_with_the_criteria() {
        for (criterion, field) in CRITERIA.iter().zip(COMMENT_FIELDS) {
            assert_eq!(field, format!("{}_comment", criterion.key));
        }
    }
}
