//! End-to-end in a real Chromium: the plan manager schedules a reflection on the continuum from
//! the district page, the monitor records where the district stands on each criterion (a
//! forgotten stage is refused with what was written kept), and the district's progress toward
//! exit shows the positions.

use crate::support;

use fantoccini::Locator;
use serde_json::json;
use support::browser::Browser;
use throughline::calendar::today;

const LETTERS: [&str; 4] = ["B", "C", "D", "E"];

#[tokio::test]
async fn a_reflection_is_scheduled_and_recorded_and_shows_as_the_districts_position() {
    let Some((_app, browser, base)) = Browser::with_app().await else {
        return;
    };
    browser
        .sign_in_to_district(&base, "manager.randolph@demo.test", "Randolph", "randolph")
        .await;
    browser
        .click(Locator::LinkText("Progress toward exit"))
        .await;
    browser.wait_for_path("/districts/randolph/continuum").await;
    browser.wait_for_text("Not yet recorded").await;
    browser
        .click(Locator::LinkText("Schedule a reflection"))
        .await;
    browser
        .client
        .execute(
            "document.getElementById('held_on').value = arguments[0]",
            vec![json!(today().to_string())],
        )
        .await
        .unwrap();
    browser.fill("place", "Central office, room 204").await;
    browser.click(Locator::Id("ese_requested")).await;
    browser.button("Schedule").await;
    assert!(
        browser
            .text(Locator::Css(".flash"))
            .await
            .contains("was scheduled")
    );
    let reflection = browser.path().await;
    assert!(
        reflection.starts_with("/districts/randolph/continuum/reflections/"),
        "{reflection}"
    );
    browser.sign_out().await;

    browser.sign_in_home(&base, "monitor.east@demo.test").await;
    browser.goto(&format!("{base}{reflection}")).await;
    for letter in LETTERS {
        if letter != "C" {
            browser
                .click(Locator::Id(&format!("stage_{letter}-transitional")))
                .await;
        }
        browser
            .fill(
                &format!("evidence_{letter}"),
                &format!("DILT minutes show it for {letter}"),
            )
            .await;
        browser
            .fill(
                &format!("rationale_{letter}"),
                "The district leads, with support",
            )
            .await;
    }
    browser.button("Record the positions").await;
    browser
        .wait_for_text("Choose where the district stands on criterion C.")
        .await;
    assert_eq!(
        browser.value(Locator::Id("evidence_D")).await.as_deref(),
        Some("DILT minutes show it for D"),
        "what was written is kept"
    );
    browser.click(Locator::Id("stage_C-early")).await;
    browser.button("Record the positions").await;
    browser.wait_for_path("/districts/randolph/continuum").await;
    let overview = browser.main_text().await;
    assert!(overview.contains("was recorded"));
    assert!(overview.contains("Transitional Implementation"));
    assert!(overview.contains("Early Implementation"));
    assert!(overview.contains("DILT minutes show it for E"));
    assert!(!overview.contains("Not yet recorded"));
    browser.close().await;
}
