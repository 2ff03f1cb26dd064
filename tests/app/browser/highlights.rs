//! End-to-end in a real Chromium: the monitor answers the draft minutes of Randolph's latest
//! Highlight Discussion, and the plan manager finalises them.

use crate::support;

use fantoccini::Locator;
use support::browser::Browser;

#[tokio::test]
async fn the_monitor_answers_the_draft_minutes_and_the_plan_manager_finalises_them() {
    let Some((_app, browser, base)) = Browser::home_of("monitor.east@demo.test").await else {
        return;
    };
    browser
        .goto(&format!("{base}/districts/randolph/discussions"))
        .await;
    browser
        .click(Locator::XPath(
            "//tr[.//*[contains(., 'for review')]]//a[contains(@href, '/discussions/')]",
        ))
        .await;
    let discussion = browser.path().await;
    browser.click(Locator::LinkText("Open the minutes")).await;
    browser
        .wait_for_path(&format!("{discussion}/minutes"))
        .await;
    let minutes = browser.path().await;
    assert!(
        browser.main_text().await.contains("Overdue"),
        "the monitor's answer is late"
    );

    // Choosing "Comments" without writing any is refused on the same page.
    browser.click(Locator::Id("outcome-comments")).await;
    browser.button("Send my answer").await;
    browser
        .assert_says(Locator::Css("#comments-error"), "omment")
        .await;
    browser.click(Locator::Id("outcome-no_discrepancies")).await;
    browser.button("Send my answer").await;
    browser.wait_for_path(&minutes).await;
    assert!(browser.text(Locator::Css(".flash")).await.len() > 5);
    browser.sign_out().await;

    // Everyone lands on their work list, which links to their district.
    browser
        .sign_in_to_district(&base, "manager.randolph@demo.test", "Randolph", "randolph")
        .await;
    browser.goto(&format!("{base}{minutes}")).await;
    browser
        .click(Locator::XPath(
            "//button[starts-with(normalize-space(), 'Finalise and send')]",
        ))
        .await;
    browser.wait_for_path(&minutes).await;
    let page = browser.main_text().await;
    assert!(page.contains("Final"), "{page}");
    assert!(page.contains("Sent to"), "{page}");
    assert!(
        page.contains("Helen Marsh"),
        "the monitor received them: {page}"
    );
    browser.close().await;
}
