//! The plan rubric review: the form with the rubric's words, the rules for a complete review,
//! "revise" sending the plan back with the review attached, approval only after a review, and
//! who may review. Notifications, the demo reviews and stale benchmarks: plan_review_events.rs.

use crate::support;
use crate::support::people::ESE;

use support::{Client, TestApp, location, unescape};
use throughline::plans::rubric::CRITERIA;

/// New Bedford's submitted demo plan (not reviewed yet).
async fn new_bedford_plan(app: &TestApp) -> String {
    let id: uuid::Uuid = sqlx::query_scalar(
        "SELECT p.id FROM plans p JOIN districts d ON d.id = p.district_id \
         WHERE d.slug = 'new-bedford' AND p.status = 'submitted'",
    )
    .fetch_one(&mut app.owner_conn().await)
    .await
    .unwrap();
    format!("/districts/new-bedford/plans/{id}")
}

/// Every criterion rated `rating`, with a comment on each, and the decision.
fn complete(rating: &'static str, decision: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut form = Vec::new();
    for (c, comment) in CRITERIA.iter().zip([
        "provides_focus_comment",
        "root_causes_comment",
        "instructional_core_comment",
        "tracks_progress_comment",
        "long_term_capacity_comment",
    ]) {
        form.push((c.key, rating));
        form.push((comment, "Comment on this criterion."));
    }
    form.push(("decision", decision));
    form
}

async fn reviews_count(app: &TestApp) -> i64 {
    app.scalar(
        "SELECT count(*) FROM plan_reviews r JOIN plan_review_criteria c ON c.review_id = r.id",
    )
    .await
}

async fn status_of(app: &TestApp, plan: &str) -> String {
    let id: uuid::Uuid = plan.rsplit('/').next().unwrap().parse().unwrap();
    app.field("plans", &id.to_string(), "status").await
}

#[tokio::test]
async fn the_form_shows_each_criterion_with_its_four_levels_and_guiding_questions() {
    let app = TestApp::spawn().await;
    let plan = new_bedford_plan(&app).await;
    let ese = app.signed_in(ESE).await;
    let body = ese.get_status(&format!("{plan}/review"), 200).await;
    let body = unescape(&body);
    for c in &CRITERIA {
        assert!(body.contains(c.name), "{}", c.name);
        for level in c.levels {
            assert!(body.contains(level), "{}: {level}", c.key);
        }
        for q in c.questions {
            assert!(body.contains(q.text), "{}: {}", c.key, q.text);
        }
    }
    assert_eq!(body.matches("type=\"radio\"").count(), 5 * 4 + 4);
    // The rubric's own words (seed 002 Appendix D and E), not just whatever the data says.
    for words in [
        "The plan meets less than two of the specified standard benchmarks.",
        "Only one of the three elements of capacity building measures is adequately addressed",
        "Is it possible to do all this work and see no real and lasting change?",
        "Implement, but continue refining during implementation.",
        "Strengthen some key areas to maximize potential impact",
    ] {
        assert!(body.contains(words), "{words}");
    }
    // Appendix E letters go with the criteria by name: B is the instructional core.
    assert!(body.contains("Guiding questions (B. Quickly Targets the Instructional Core"));
    assert!(body.contains("Guiding questions (C. Addresses Systemic Root Causes"));
}

#[tokio::test]
async fn a_review_missing_a_rating_or_decision_is_refused_with_everything_typed_kept() {
    let app = TestApp::spawn().await;
    let plan = new_bedford_plan(&app).await;
    let ese = app.signed_in(ESE).await;
    let form: Vec<(&str, &str)> = vec![
        ("provides_focus", "strong"),
        ("root_causes", "emerging"),
        ("instructional_core", "ready_to_implement"),
        // tracks_progress not rated
        ("long_term_capacity", "developing"),
        (
            "tracks_progress_comment",
            "The early-evidence benchmarks lack dates.",
        ),
        (
            "summary",
            "A promising start in need of sharper benchmarks.",
        ),
    ];
    let body = ese.post_status(&format!("{plan}/review"), &form, 422).await;
    let body = unescape(&body);
    assert!(body.contains("Nothing was saved"));
    assert!(body.contains(
        "Rate “Useful For Tracking the Sufficiency of Progress” on one of the four levels."
    ));
    assert!(body.contains("Choose the overall decision"));
    assert!(body.contains("The early-evidence benchmarks lack dates."));
    assert!(body.contains("A promising start in need of sharper benchmarks."));
    for checked in [
        "id=\"provides_focus-strong\" name=\"provides_focus\" value=\"strong\" checked",
        "id=\"root_causes-emerging\" name=\"root_causes\" value=\"emerging\" checked",
        "id=\"long_term_capacity-developing\" name=\"long_term_capacity\" value=\"developing\" checked",
    ] {
        assert!(body.contains(checked), "{checked}");
    }
    for rating in ["developing", "emerging", "ready_to_implement", "strong"] {
        let unrated = format!("name=\"tracks_progress\" value=\"{rating}\" checked");
        assert!(
            !body.contains(&unrated),
            "nothing chosen for the unrated criterion"
        );
    }
    assert_eq!(reviews_count(&app).await, 10, "only the demo's two reviews");
    assert_eq!(status_of(&app, &plan).await, "submitted");
}

#[tokio::test]
async fn revise_returns_the_plan_to_draft_with_the_review_on_top_for_the_district() {
    let app = TestApp::spawn().await;
    let plan = new_bedford_plan(&app).await;
    let ese = app.signed_in(ESE).await;
    let mut form = complete("emerging", "revise");
    form.retain(|(k, _)| *k != "provides_focus_comment");
    form.push((
        "provides_focus_comment",
        "Rank the four objectives and say which comes first this year.",
    ));
    let saved = ese.post(&format!("{plan}/review"), &form).await;
    assert_eq!(saved.status(), 303);
    assert_eq!(location(&saved), plan);
    assert_eq!(status_of(&app, &plan).await, "draft");

    let supt = app.signed_in("supt.newbedford@demo.test").await;
    let page = supt.get_status(&plan, 200).await;
    let page = unescape(&page);
    let returned = page
        .find("Returned for revision after ESE's rubric review")
        .expect("the review that returned the plan is shown");
    assert!(returned < page.find("Section 1:").unwrap(), "at the top");
    assert!(page.contains("Rank the four objectives and say which comes first this year."));
    assert!(page.contains("Decision: Revise"));
    assert!(page.contains("Reviewed by"));
    assert!(page.contains("Submit to ESE for review"), "it can go back");
    let manager = app.signed_in("manager.newbedford@demo.test").await;
    assert_eq!(
        manager.get_code(&format!("{plan}/objectives/new")).await,
        200,
        "a draft again"
    );
    let (_, changes) = supt.get_text(&format!("{plan}/changes")).await;
    assert!(changes.contains("returned to the district for revision after the rubric review"));
    assert!(changes.contains("reviewed on the AIP rubric"));
    let list = supt.get_status(&format!("{plan}/reviews"), 200).await;
    assert!(unescape(&list).contains("Rank the four objectives"));
    // A returned plan is not approvable, and not reviewable until it is submitted again.
    ese.post_status(&format!("{plan}/approve"), &[], 409).await;
    ese.get_status(&format!("{plan}/review"), 409).await;
}

#[tokio::test]
async fn approval_needs_a_review_made_since_the_plan_was_last_submitted() {
    let app = TestApp::spawn().await;
    let plan = new_bedford_plan(&app).await;
    let ese = app.signed_in(ESE).await;
    let (_, page) = ese.get_text(&plan).await;
    assert!(page.contains("Review on the rubric"));
    assert!(
        !page.contains("Approve the plan"),
        "no approve button before a review"
    );
    let body = ese.post_status(&format!("{plan}/approve"), &[], 409).await;
    assert!(body.contains("A rubric review is needed first"));
    assert_eq!(status_of(&app, &plan).await, "submitted");

    // A "strengthen" review, then the plan goes back and comes again: the old review no longer
    // counts.
    ese.submit(
        &format!("{plan}/review"),
        &complete("emerging", "strengthen"),
    )
    .await;
    assert_eq!(
        status_of(&app, &plan).await,
        "submitted",
        "still under review"
    );
    ese.post_status(&format!("{plan}/return"), &[], 303).await;
    let supt = app.signed_in("supt.newbedford@demo.test").await;
    supt.post_status(&format!("{plan}/submit"), &[], 303).await;
    assert_eq!(
        ese.post_code(&format!("{plan}/approve"), &[]).await,
        409,
        "the review came before this submission"
    );
    let (_, page) = ese.get_text(&plan).await;
    assert!(!page.contains("Approve the plan"));
    assert!(page.contains("the plan has not been reviewed since"));

    ese.submit(&format!("{plan}/review"), &complete("strong", "implement"))
        .await;
    let (_, page) = ese.get_text(&plan).await;
    assert!(page.contains("Approve the plan"));
    assert!(page.contains("Decision: Implement"));
    ese.post_status(&format!("{plan}/approve"), &[], 303).await;
    assert_eq!(status_of(&app, &plan).await, "approved");
    let (_, page) = supt.get_text(&plan).await;
    assert!(page.contains("ESE rubric review") && page.contains("Decision: Implement"));
}

/// What a person gets for the review form, posting a review and the list of reviews.
async fn codes(person: &Client, plan: &str, form: &[(&str, &str)]) -> (u16, u16, u16) {
    let review = format!("{plan}/review");
    (
        person.get_code(&review).await,
        person.post_code(&review, form).await,
        person.get_code(&format!("{plan}/reviews")).await,
    )
}

#[tokio::test]
async fn only_ese_reviews_and_other_districts_do_not_see_the_plan() {
    let app = TestApp::spawn().await;
    let plan = new_bedford_plan(&app).await;
    let form = complete("strong", "implement");
    for email in [
        "supt.newbedford@demo.test",
        "manager.newbedford@demo.test",
        "leader.newbedford@demo.test",
        "monitor.east@demo.test",
    ] {
        let person = app.signed_in(email).await;
        assert_eq!(
            codes(&person, &plan, &form).await,
            (403, 403, 200),
            "{email} reads the reviews but may not write one"
        );
    }
    assert_eq!(reviews_count(&app).await, 10, "nothing saved");
    for email in ["supt.randolph@demo.test", "monitor.south@demo.test"] {
        let outsider = app.signed_in(email).await;
        assert_eq!(
            codes(&outsider, &plan, &form).await,
            (404, 404, 404),
            "{email}"
        );
    }
    // ESE on an approved plan: nothing to review.
    let ese = app.signed_in(ESE).await;
    let randolph: String = location(&ese.get("/districts/randolph/plan").await);
    let body = ese.get_status(&format!("{randolph}/review"), 409).await;
    assert!(body.contains("This plan is not waiting for a review"));
    assert_eq!(
        ese.post_code(&format!("{randolph}/review"), &form).await,
        409
    );
    assert_eq!(reviews_count(&app).await, 10);
}
