//! End-to-end in a real Chromium: the monitor starts the year's Summative Report, writes it from
//! the pre-filled year (a forgotten recommendation holds it in review), ESE sends it on, publishes
//! and posts it, and a visitor who has not signed in reads it on the district's public page.

use crate::support;

use fantoccini::Locator;
use serde_json::json;
use support::browser::Browser;
use throughline::calendar::{QprPeriod, today};

#[tokio::test]
async fn the_monitor_drafts_the_summative_report_ese_publishes_it_and_the_public_reads_it() {
    let Some((app, browser, base)) = Browser::with_app().await else {
        return;
    };
    // The summative slot among the periods a report can be started for, without the demo's report.
    let mut summative = QprPeriod::last_ended(today());
    while !summative.is_summative() {
        summative = summative.previous();
    }
    app.execute(&format!(
        "DELETE FROM qprs WHERE period_start = '{}' AND district_id = (SELECT id FROM districts WHERE slug = 'randolph')",
        summative.start
    ))
    .await;
    let title = summative.title();

    browser
        .sign_in_to_district(&base, "monitor.east@demo.test", "Randolph", "randolph")
        .await;
    browser.click(Locator::LinkText("Progress reports")).await;
    browser.wait_for_path("/districts/randolph/qprs").await;
    browser.click(Locator::LinkText("Start a report")).await;
    browser.wait_for_path("/districts/randolph/qprs/new").await;
    browser
        .client
        .execute(
            "document.getElementById('period').value = arguments[0]",
            vec![json!(summative.start.to_string())],
        )
        .await
        .unwrap();
    browser.button("Start the report").await;
    let mut report = browser.path().await;
    for _ in 0..50 {
        report = browser.path().await;
        if report.starts_with("/districts/randolph/qprs/") && !report.ends_with("/new") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    browser.wait_for_path(&report).await;
    assert_eq!(browser.heading().await, title);
    browser.click(Locator::LinkText("Edit")).await;
    browser.wait_for_path(&format!("{report}/edit")).await;
    let edit = browser.main_text().await;
    assert!(
        edit.contains("From the year's record"),
        "the whole year is pre-filled"
    );
    assert!(edit.contains("Final outcomes against their targets"));
    // Every initiative rated with written evidence, as the monitor would click and type.
    browser
        .client
        .execute(
            "document.querySelectorAll('input[type=radio][value=technical], input[type=radio][value=partially_reached]')\
               .forEach(r => r.checked = true);\
             document.querySelectorAll('textarea[name^=process_evidence-], textarea[name^=performance_evidence-]')\
               .forEach(t => t.value = 'Walkthrough summaries and benchmark results');",
            vec![],
        )
        .await
        .unwrap();
    browser
        .fill("summary", "The district put its plan in place this year.")
        .await;
    browser.button("Save the report").await;
    browser.wait_for_path(&report).await;
    browser
        .click(Locator::LinkText("Review and publication"))
        .await;
    browser.button("Send to ESE for review").await;
    // Without recommendations the report stays in review, and says why.
    browser
        .button("Send to the superintendent for factual corrections")
        .await;
    assert!(
        browser
            .main_text()
            .await
            .contains("has no recommendations for the district's priorities")
    );
    browser.goto(&format!("{base}{report}/edit")).await;
    browser
        .fill(
            "recommendations",
            "Schedule the coaching cycles around the assessment windows.",
        )
        .await;
    browser.button("Save the report").await;
    browser.wait_for_path(&report).await;
    browser.sign_out().await;

    browser.sign_in_home(&base, "ese.staff@demo.test").await;
    browser.goto(&format!("{base}{report}/process")).await;
    browser
        .button("Send to the superintendent for factual corrections")
        .await;
    browser.button("Publish the report").await;
    browser
        .click(Locator::Css("form[action$='/post'] button"))
        .await;
    browser
        .wait_for_text("posted on the district's public page")
        .await;
    browser.sign_out().await;

    browser
        .goto(&format!("{base}/public/districts/randolph"))
        .await;
    let listed = browser.main_text().await;
    assert!(listed.contains(&title), "{listed}");
    let id = report.rsplit('/').next().unwrap();
    let link = format!("a[href='/public/districts/randolph/qprs/{id}']");
    browser.click(Locator::Css(&link)).await;
    browser
        .wait_for_path(&format!("/public/districts/randolph/qprs/{id}"))
        .await;
    assert_eq!(browser.heading().await, title);
    let public = browser.main_text().await;
    assert!(public.contains("Schedule the coaching cycles around the assessment windows."));
    assert!(public.contains("Final outcomes against their targets"));
    assert!(public.contains("Ratings of the year"));
    browser.close().await;
}
