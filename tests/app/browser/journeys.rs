//! End-to-end journeys in a real Chromium, driven through chromedriver.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them). Set
//! `THROUGHLINE_SKIP_BROWSER=1` to skip these on a machine without them; CI never sets it.

use crate::support;

use fantoccini::Locator;
use support::browser::Browser;

#[tokio::test]
async fn people_sign_in_land_on_their_page_and_an_admin_adds_a_district() {
    let Some((_app, browser, base)) = Browser::with_app().await else {
        return;
    };

    // A superintendent opens their district from their work list and sees its people.
    // Everyone lands on their work list, which links to their district.
    browser
        .sign_in_to_district(&base, "supt.randolph@demo.test", "Randolph", "randolph")
        .await;
    assert_eq!(browser.heading().await, "Randolph");
    assert!(browser.main_text().await.contains("Helen Marsh"));
    // Another district's address is a dead end.
    browser.goto(&format!("{base}/districts/fall-river")).await;
    assert_eq!(browser.heading().await, "Page not found");
    browser.goto(&format!("{base}/")).await;
    browser.sign_out().await;
    browser.wait_for_path("/login").await;

    // A wrong password keeps the email and says so.
    browser
        .sign_in(&base, "ese.admin@demo.test", "not it")
        .await;
    browser.wait_for_path("/login").await;
    browser
        .assert_says(Locator::Css("[role=alert]"), "do not match")
        .await;
    browser.assert_kept("email", "ese.admin@demo.test").await;

    // The ESE administrator opens the districts from their work list and adds one through the
    // form, fixing a mistake.
    browser.sign_in_home(&base, "ese.admin@demo.test").await;
    browser.click(Locator::LinkText("Districts")).await;
    browser.wait_for_path("/districts").await;
    browser.click(Locator::LinkText("Add a district")).await;
    browser.wait_for_path("/districts/new").await;
    browser.fill("name", "Holyoke").await;
    browser.fill("accountability_level", "9").await;
    // The browser's own range check would stop the post; the server's message is what we test.
    let no_validation = "document.querySelector('form.stack').noValidate = true";
    browser.client.execute(no_validation, vec![]).await.unwrap();
    browser.button("Create district").await;
    browser
        .assert_says(Locator::Css(".error-message"), "from 1 to 5")
        .await;
    browser.assert_kept("name", "Holyoke").await;
    browser.fill("accountability_level", "5").await;
    browser.button("Create district").await;
    browser.wait_for_path("/districts/holyoke").await;
    browser
        .assert_says(Locator::Css(".flash"), "Holyoke was created.")
        .await;

    browser.close().await;
}

#[tokio::test]
async fn a_plan_manager_starts_next_years_plan_and_revises_it_with_a_reason() {
    let Some((_app, browser, _)) = Browser::on_randolph_plan("manager.randolph@demo.test").await
    else {
        return;
    };
    browser
        .text(Locator::Css(".plan-meta .status-approved"))
        .await;
    assert!(
        browser
            .client
            .find(Locator::Css("#section-1"))
            .await
            .is_ok()
    );
    let approved_path = browser.path().await;

    browser
        .click(Locator::XPath(
            "//button[normalize-space()=\"Start next year's plan\"]",
        ))
        .await;
    browser.text(Locator::Css(".plan-meta .status-draft")).await;
    let draft_path = browser.path().await;
    assert_ne!(draft_path, approved_path);

    // Edit Objective 1: without a reason the form says so and keeps the new wording.
    let wording = "Ensure success for every student through strong teaching and learning";
    browser
        .click(Locator::XPath(
            "//a[starts-with(normalize-space(), 'Edit') and contains(., 'objective 1')]",
        ))
        .await;
    browser.fill("title", wording).await;
    browser.button("Save objective").await;
    browser
        .assert_says(Locator::Css("#reason-error"), "Give the reason")
        .await;
    browser.assert_kept("title", wording).await;
    let reason = "The school committee asked that the objective name every student";
    browser.fill("reason", reason).await;
    browser.button("Save objective").await;
    browser.wait_for_path(&draft_path).await;
    browser
        .assert_says(Locator::Css(".flash"), "Objective 1 was saved.")
        .await;

    browser.click(Locator::LinkText("Changes")).await;
    browser
        .wait_for_path(&format!("{draft_path}/changes"))
        .await;
    let history = browser.main_text().await;
    assert!(history.contains(reason));
    assert!(history.contains("Colin Barrett"));
    browser.close().await;
}
