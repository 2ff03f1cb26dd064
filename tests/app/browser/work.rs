//! End-to-end in a real Chromium: ESE staff find New Bedford's submitted plan on their work list,
//! review it on the rubric (a criterion left unrated is refused with what they wrote kept), approve
//! it, and the superintendent finds the approval among their notifications.

use crate::support;

use fantoccini::Locator;
use support::browser::Browser;

const CRITERIA: [&str; 5] = [
    "provides_focus",
    "root_causes",
    "instructional_core",
    "tracks_progress",
    "long_term_capacity",
];

#[tokio::test]
async fn ese_reviews_a_plan_from_its_work_list_and_the_district_hears_of_it() {
    let Some((_app, browser, base)) = Browser::home_of("ese.staff@demo.test").await else {
        return;
    };
    browser
        .click(Locator::XPath("//a[contains(., 'on the rubric')]"))
        .await;
    let plan = browser.path().await;
    assert!(plan.starts_with("/districts/new-bedford/plans/"), "{plan}");
    browser
        .click(Locator::LinkText("Review on the rubric"))
        .await;
    browser.wait_for_path(&format!("{plan}/review")).await;

    // Four of five criteria rated, a comment written, a decision chosen; the fifth is forgotten.
    for key in &CRITERIA[..4] {
        browser
            .click(Locator::Id(&format!("{key}-ready_to_implement")))
            .await;
    }
    let comment = "Objectives are ranked and each initiative names its lead.";
    browser.fill("provides_focus_comment", comment).await;
    browser
        .click(Locator::Id("decision-implement_and_refine"))
        .await;
    browser.button("Save the review").await;
    browser
        .assert_says(
            Locator::Id("long_term_capacity-error"),
            "Builds Long-Term Capacity",
        )
        .await;
    browser.assert_kept("provides_focus_comment", comment).await;
    browser
        .click(Locator::Id("long_term_capacity-emerging"))
        .await;
    browser.button("Save the review").await;
    browser.wait_for_path(&plan).await;
    assert!(browser.main_text().await.contains(comment));

    browser.button("Approve the plan").await;
    browser.wait_for_path(&plan).await;
    assert!(browser.main_text().await.contains("Approved"));
    browser.sign_out().await;

    browser
        .sign_in_home(&base, "supt.newbedford@demo.test")
        .await;
    browser
        .click(Locator::XPath(
            "//a[starts-with(normalize-space(), 'Notifications (')]",
        ))
        .await;
    browser.wait_for_path("/notifications").await;
    let inbox = browser.main_text().await;
    assert!(inbox.contains("New Bedford"), "{inbox}");
    assert!(inbox.to_lowercase().contains("approved"), "{inbox}");
    browser.close().await;
}
