//! A draft beside the plan in force (next year's plan being written) is on the work lists: its
//! guidance checks for those who write it, and who submits it for the superintendent.

use crate::support::{TestApp, location, unescape};

const MANAGER: &str = "manager.randolph@demo.test";
const SUPERINTENDENT: &str = "supt.randolph@demo.test";

#[tokio::test]
async fn next_years_draft_shows_its_checks_and_who_submits_it() {
    let app = TestApp::spawn().await;
    let manager = app.signed_in(MANAGER).await;
    let before = unescape(&manager.get_status("/", 200).await);
    assert!(!before.contains("draft plan for"), "no draft yet");

    let plan = location(&manager.get("/districts/randolph/plan").await);
    let draft = manager.submit(&format!("{plan}/next-year"), &[]).await;
    let draft_id = draft.rsplit('/').next().unwrap();

    let home = unescape(&manager.get_status("/", 200).await);
    assert!(
        home.contains("the superintendent submits it to ESE"),
        "the plan manager is told who submits"
    );
    assert!(
        home.contains("to fix on the draft plan for"),
        "the draft's checks are on the plan manager's list"
    );
    assert!(
        home.contains(&format!("/plans/{draft_id}")),
        "linked to the draft"
    );

    let supt = app.signed_in(SUPERINTENDENT).await;
    let home = unescape(&supt.get_status("/", 200).await);
    assert!(home.contains("Draft plans to submit to ESE"));
    assert!(home.contains("Submit the draft plan for"));
    assert!(
        home.contains("Approved"),
        "the plan in force is still the approved one"
    );

    // Once submitted, it leaves both lists.
    assert_eq!(supt.post_code(&format!("{draft}/submit"), &[]).await, 303);
    let after = unescape(&supt.get_status("/", 200).await);
    assert!(!after.contains("Submit the draft plan for"));
    let after = unescape(&manager.get_status("/", 200).await);
    assert!(!after.contains("to fix on the draft plan for"));
}

#[tokio::test]
async fn a_school_month_without_a_discussion_is_on_the_list_until_one_is_scheduled() {
    use chrono::{Datelike, Months};
    use throughline::calendar::today;

    let app = TestApp::spawn().await;
    let month_start = today().with_day(1).unwrap();
    let month_end = month_start
        .checked_add_months(Months::new(1))
        .unwrap()
        .pred_opt()
        .unwrap();
    // Randolph's discussions of this month are gone.
    sqlx::query(
        "DELETE FROM highlight_discussions WHERE district_id = (SELECT id FROM districts WHERE slug = 'randolph') \
         AND held_on BETWEEN $1 AND $2",
    )
    .bind(month_start)
    .bind(month_end)
    .execute(&mut app.owner_conn().await)
    .await
    .unwrap();
    let manager = app.signed_in(MANAGER).await;
    let month = month_start.format("%B %Y").to_string();
    let expected = format!("No Highlight Discussion in {month} yet");
    let home = unescape(&manager.get_status("/", 200).await);
    if matches!(today().month(), 7 | 8) {
        assert!(
            !home.contains(&expected),
            "summer months are not school months"
        );
        return;
    }
    assert!(home.contains(&expected), "the plan manager is told");
    assert!(home.contains("/districts/randolph/discussions/new"));
    let supt = app.signed_in(SUPERINTENDENT).await;
    assert!(unescape(&supt.get_status("/", 200).await).contains(&expected));

    let day = month_end.to_string();
    let form = [
        ("held_on", day.as_str()),
        ("starts_at", "15:30"),
        ("place", "Room 1"),
    ];
    let scheduled = manager.post("/districts/randolph/discussions", &form).await;
    assert_eq!(scheduled.status(), 303);
    let home = unescape(&manager.get_status("/", 200).await);
    assert!(!home.contains(&expected), "scheduled: off the list");
}
