//! End-to-end in a real Chromium: a plan manager records a measurement with a file as evidence
//! (after a refused value), sees where the benchmark stands, and updates an activity's status.

use crate::support;

use fantoccini::Locator;
use support::browser::Browser;

#[tokio::test]
async fn a_plan_manager_records_a_measurement_with_a_file_and_updates_an_activity() {
    let Some((app, browser, base)) = Browser::on_randolph_plan("manager.randolph@demo.test").await
    else {
        return;
    };
    browser.text(Locator::Css("#progress-heading")).await;
    let plan_path = browser.path().await;

    // The first benchmark of the first strategy sheet: a percentage.
    browser
        .click(Locator::XPath(
            "(//article[contains(@class, 'strategy-sheet')]//a[starts-with(normalize-space(), 'Targets and measurements')])[1]",
        ))
        .await;
    let benchmark_path = browser.path().await;
    assert!(benchmark_path.starts_with("/districts/randolph/benchmarks/"));
    browser
        .click(Locator::LinkText("Record a measurement"))
        .await;
    browser
        .wait_for_path(&format!("{benchmark_path}/measurements/new"))
        .await;

    // An impossible percentage is refused on the same form, with what was typed kept.
    browser.fill("value", "140").await;
    browser
        .fill("population", "Grades 3-5, all elementary schools")
        .await;
    browser.button("Record measurement").await;
    browser
        .assert_says(Locator::Css("#value-error"), "between 0 and 100")
        .await;
    browser
        .assert_kept("population", "Grades 3-5, all elementary schools")
        .await;

    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("CPT agendas November.pdf");
    std::fs::write(
        &file,
        b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n",
    )
    .unwrap();
    browser.fill("value", "58").await;
    browser
        .client
        .find(Locator::Id("evidence_file"))
        .await
        .unwrap()
        .send_keys(&file.display().to_string())
        .await
        .unwrap();
    browser.button("Record measurement").await;
    browser.wait_for_path(&benchmark_path).await;
    browser
        .assert_says(Locator::Css(".flash"), "Measurement recorded")
        .await;
    let page = browser.main_text().await;
    assert!(page.contains("58%"), "{page}");
    assert!(page.contains("CPT agendas November"), "{page}");
    let stored = walk(app.evidence_dir.path());
    assert_eq!(stored, 1, "one file in the evidence store");

    // Back on the plan: put the first activity at risk.
    browser.goto(&format!("{base}{plan_path}")).await;
    browser
        .click(Locator::XPath(
            "(//a[starts-with(normalize-space(), 'Update status')])[1]",
        ))
        .await;
    browser
        .click(Locator::Css("input[name=status][value=at_risk]"))
        .await;
    browser
        .fill("note", "The consultant's visit moved to January")
        .await;
    browser.button("Record status").await;
    browser.wait_for_path(&plan_path).await;
    browser.assert_says(Locator::Css(".flash"), "At risk").await;
    browser.close().await;
}

/// How many files are under `dir`, at any depth.
fn walk(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            if path.is_dir() { walk(&path) } else { 1 }
        })
        .sum()
}
