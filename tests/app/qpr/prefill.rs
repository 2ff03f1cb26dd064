//! The report's edit page is pre-filled from the period's record: only final minutes, only
//! what happened between the period's first and last day.

use crate::support;

use support::{TestApp, unescape};
use throughline::calendar::{QprPeriod, today};

#[tokio::test]
async fn the_edit_page_shows_only_the_periods_final_minutes_measurements_and_status_changes() {
    let app = TestApp::spawn().await;
    let period = QprPeriod::last_ended(today());
    let (inside, outside) = (
        period.start + chrono::TimeDelta::days(10),
        period.start - chrono::TimeDelta::days(10),
    );
    app.execute(
        "DELETE FROM qprs WHERE district_id = (SELECT id FROM districts WHERE slug = 'randolph')",
    )
    .await;
    let id = app
        .query_text(&format!(
            "WITH q AS (INSERT INTO qprs (district_id, plan_id, period_start) \
                 SELECT d.id, p.id, '{}' FROM districts d JOIN plans p ON p.district_id = d.id \
                 AND p.status = 'approved' WHERE d.slug = 'randolph' RETURNING id) \
             SELECT id::text FROM q",
            period.start
        ))
        .await;
    // A benchmark of an initiative of the approved plan, and an activity of that initiative.
    let row = app
        .query_text(
            "SELECT b.id || '|' || b.initiative_id || '|' || a.id FROM benchmarks b \
             JOIN plans p ON p.id = b.plan_id JOIN districts d ON d.id = p.district_id \
             JOIN activities a ON a.initiative_id = b.initiative_id \
             JOIN initiatives i ON i.id = b.initiative_id JOIN objectives o ON o.id = i.objective_id \
             WHERE d.slug = 'randolph' AND p.status = 'approved' AND b.unit = 'percent' \
             ORDER BY o.rank, i.rank, b.rank, a.rank LIMIT 1",
        )
        .await;
    let [benchmark, initiative, activity]: [&str; 3] =
        row.split('|').collect::<Vec<_>>().try_into().unwrap();
    let discussion = |held_on: chrono::NaiveDate, status: &str, text: &str| {
        format!(
            "INSERT INTO highlight_discussions (district_id, plan_id, held_on, minutes_status, accomplishments, risks) \
             SELECT district_id, plan_id, '{held_on}', '{status}', 'Accomplished {text}', 'Risk {text}' \
             FROM qprs WHERE id = '{id}' RETURNING id::text"
        )
    };
    for (held_on, status, text) in [
        (inside, "final", "FINAL-INSIDE"),
        (inside, "in_review", "REVIEW-INSIDE"),
        (outside, "final", "FINAL-OUTSIDE"),
    ] {
        let discussion_id = app.query_text(&discussion(held_on, status, text)).await;
        app.execute(&format!(
            "INSERT INTO discussion_agenda_items (district_id, discussion_id, benchmark_id, minutes_note) \
             SELECT district_id, '{discussion_id}', '{benchmark}', 'Note {text}' FROM benchmarks WHERE id = '{benchmark}'"
        ))
        .await;
        app.execute(&format!(
            "WITH e AS (INSERT INTO evidence (district_id, title, evidence_on, kind, url) \
                 SELECT district_id, 'Inventory {text}', '{held_on}', 'link', 'https://example.org/{text}' \
                 FROM benchmarks WHERE id = '{benchmark}' RETURNING district_id, id) \
             INSERT INTO minutes_evidence (district_id, discussion_id, evidence_id) \
             SELECT district_id, '{discussion_id}', id FROM e"
        ))
        .await;
    }
    for (day, text, value) in [(inside, "INSIDE", 61.0), (outside, "OUTSIDE", 11.5)] {
        app.execute(&format!(
            "INSERT INTO measurements (district_id, benchmark_id, value, measured_on, population) \
             SELECT district_id, id, {value}, '{day}', 'Population {text}' FROM benchmarks WHERE id = '{benchmark}'"
        ))
        .await;
        app.execute(&format!(
            "INSERT INTO activity_updates (district_id, activity_id, status, as_of, note) \
             SELECT district_id, id, 'at_risk', '{day}', 'Update {text}' FROM activities WHERE id = '{activity}'"
        ))
        .await;
    }
    // Evidence about the initiative, inventoried in the final minutes of the period.
    app.execute(&format!(
        "WITH e AS (INSERT INTO evidence (district_id, title, evidence_on, kind, url, initiative_id) \
             SELECT district_id, 'Initiative inventory FINAL-INSIDE', '{inside}', 'link', 'https://example.org/i', id \
             FROM initiatives WHERE id = '{initiative}' RETURNING district_id, id) \
         INSERT INTO minutes_evidence (district_id, discussion_id, evidence_id) \
         SELECT e.district_id, h.id, e.id FROM e JOIN highlight_discussions h ON h.district_id = e.district_id \
         WHERE h.accomplishments = 'Accomplished FINAL-INSIDE'"
    ))
    .await;

    let monitor = app.signed_in("monitor.east@demo.test").await;
    let html = monitor
        .get_status(&format!("/districts/randolph/qprs/{id}/edit"), 200)
        .await;
    let page = unescape(&html);
    assert!(page.contains("From the period's record"));
    for shown in [
        "Accomplished FINAL-INSIDE",
        "Risk FINAL-INSIDE",
        "Note FINAL-INSIDE",
        "Inventory FINAL-INSIDE",
        "Initiative inventory FINAL-INSIDE",
        "61% on ",
        "Population INSIDE",
        "At risk on ",
        "Update INSIDE",
    ] {
        assert!(page.contains(shown), "{shown} is shown");
    }
    for hidden in [
        "REVIEW-INSIDE",
        "FINAL-OUTSIDE",
        "Population OUTSIDE",
        "Update OUTSIDE",
        "11.5%",
    ] {
        assert!(!page.contains(hidden), "{hidden} is not shown");
    }
    // The initiative's part sits with the initiative, not only in the general block.
    let aside = page
        .split(&format!("id=\"initiative-{initiative}\""))
        .nth(1)
        .unwrap()
        .split("</article>")
        .next()
        .unwrap();
    assert!(aside.contains("Note FINAL-INSIDE") && aside.contains("Update INSIDE"));
    assert!(aside.contains("Initiative inventory FINAL-INSIDE"));
}
