//! Demo rubric reviews: ESE reviewed the approved demo plans (Randolph, Fall River) on the AIP
//! rubric before approving them, with comments written about each plan's own content. New
//! Bedford's submitted plan has no review yet, so ESE can review it in the demo.

use anyhow::Result;
use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::rubric::{Decision, Rating};

struct DemoReview {
    slug: &'static str,
    decision: Decision,
    summary: &'static str,
    /// (criterion key, rating, comment), in the rubric's order.
    criteria: [(&'static str, Rating, &'static str); 5],
}

const RANDOLPH: DemoReview = DemoReview {
    slug: "randolph",
    decision: Decision::ImplementAndRefine,
    summary: "A focused plan the district can start on now. During the first quarter, sharpen the \
        wording of the three objectives and add interim measures of student learning so the \
        district can tell by winter whether the final outcomes are within reach.",
    criteria: [
        (
            "provides_focus",
            Rating::ReadyToImplement,
            "Three objectives with three initiatives each follow from the five key issues, and the \
             theory of action names the instructional core. All three objectives begin “Ensure \
             success for all students…”, so a parent reading Section 1 cannot tell them apart at a \
             glance: say what each one changes (materials, teachers' practice, accountability).",
        ),
        (
            "root_causes",
            Rating::ReadyToImplement,
            "The key issues rest on MCAS results and on special education outcomes that have not \
             improved, as the district review found. The 21st-century-skills issue has no \
             initiative of its own: say where higher-order thinking will be taught and how it \
             will be seen in classrooms.",
        ),
        (
            "instructional_core",
            Rating::Strong,
            "Aligning K-12 curriculum and assessments to the 2011 Frameworks, naming a set of \
             effective teaching practices and training every teacher in them puts classroom \
             practice at the centre. Common planning time agendas and minutes give teachers an \
             early, visible win.",
        ),
        (
            "tracks_progress",
            Rating::Emerging,
            "Early-evidence and short-term benchmarks are measurable (agendas and minutes, \
             walkthrough data) and say how often they are collected. The final outcomes are a \
             yes/no CPI gain and a growth percentile reported the autumn after the year; add the \
             quarterly assessment results as interim outcomes so progress is visible in-year.",
        ),
        (
            "long_term_capacity",
            Rating::ReadyToImplement,
            "The accountability objective builds systems that will outlast the plan: quarterly \
             assessments and observation of the identified practices. Growth for targeted \
             subgroups depends on one director; name who carries the training on when Title I \
             funds shift.",
        ),
    ],
};

const FALL_RIVER: DemoReview = DemoReview {
    slug: "fall-river",
    decision: Decision::Implement,
    summary: "A coherent plan whose three objectives follow its three-part theory of action. \
        Implement it, and use the School Review Visit cycles to make mid-course corrections.",
    criteria: [
        (
            "provides_focus",
            Rating::Strong,
            "The theory of action's three “if” clauses become the three objectives: rigorous \
             curriculum and the Common Core shifts, every staff member engaged through leadership \
             teams and coaching, and feedback through evaluation and School Review Visits. A \
             teacher can see one coordinated way of working.",
        ),
        (
            "root_causes",
            Rating::ReadyToImplement,
            "The key issues name uneven rigour from school to school, improvement efforts launched \
             one at a time and too little feedback to educators, and the objectives answer each. \
             Science and social studies alignment is still ahead; say how those vertical teams \
             will be staffed while the math and ELA maps are finished.",
        ),
        (
            "instructional_core",
            Rating::Strong,
            "Embedded coaching on text complexity, evidence-based discussion and coherence in \
             mathematics reaches every classroom, and the walkthrough look-fors (students citing \
             evidence, explaining their reasoning) draw the through-line from coaching to what \
             students do.",
        ),
        (
            "tracks_progress",
            Rating::ReadyToImplement,
            "Each initiative pairs an adult-practice indicator (lessons aligned to the maps, \
             unannounced observations with written feedback) with the district benchmark \
             assessments. The final outcome of a 10% increase in students scoring advanced needs \
             its baseline stated so it can be judged next autumn.",
        ),
        (
            "long_term_capacity",
            Rating::Strong,
            "Instructional leadership teams in every school, school improvement plans aligned to \
             the district plan, teacher leaders and evaluator calibration are systems that stay \
             when the plan ends. The plan accounts for the coaching time and stipends it needs.",
        ),
    ],
};

const REVIEWS: [&DemoReview; 2] = [&RANDOLPH, &FALL_RIVER];

/// Records the demo review of the plan of district `slug`, dated `at` (between its submission and
/// its approval), when the demo has one for it.
pub async fn seed(
    conn: &mut PgConnection,
    slug: &str,
    district: Uuid,
    plan_id: Uuid,
    at: DateTime<Utc>,
) -> Result<()> {
    let Some(review) = REVIEWS.iter().find(|r| r.slug == slug) else {
        return Ok(());
    };
    let reviewer: Option<Uuid> =
        sqlx::query_scalar("SELECT id FROM users WHERE email = 'ese.staff@demo.test'")
            .fetch_optional(&mut *conn)
            .await?;
    let review_id: Uuid = sqlx::query_scalar(
        "INSERT INTO plan_reviews (district_id, plan_id, reviewer_id, decision, summary, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(district)
    .bind(plan_id)
    .bind(reviewer)
    .bind(review.decision)
    .bind(review.summary)
    .bind(at)
    .fetch_one(&mut *conn)
    .await?;
    for (key, rating, comment) in review.criteria {
        sqlx::query(
            "INSERT INTO plan_review_criteria (district_id, review_id, criterion, rating, comment) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(district)
        .bind(review_id)
        .bind(key)
        .bind(rating)
        .bind(comment)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query(
        "INSERT INTO plan_changes (district_id, plan_id, changed_by, changed_at, subject, action, reason) \
         VALUES ($1, $2, $3, $4, 'Rubric review', 'reviewed on the AIP rubric', $5)",
    )
    .bind(district)
    .bind(plan_id)
    .bind(reviewer)
    .bind(at)
    .bind(review.summary)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plans::rubric::{CRITERIA, criterion};

    #[test]
    fn each_demo_review_rates_every_criterion_once_and_lets_the_plan_be_approved() {
        for review in REVIEWS {
            let keys: Vec<&str> = review.criteria.iter().map(|(k, _, _)| *k).collect();
            let expected: Vec<&str> = CRITERIA.iter().map(|c| c.key).collect();
            assert_eq!(keys, expected, "{}", review.slug);
            assert!(keys.iter().all(|k| criterion(k).is_some()));
            assert!(!review.decision.returns_plan());
        }
    }
}
