//! The Summative Report's pages (in the app, its edit page, its presentations and its public
//! page) run the same statements whether its year holds no other report or three, and however
//! many measurements and presentations there are.

use crate::support;
use crate::support::people::MONITOR;

use super::summative::{growth_outcome, measure, path, rated, summative};
use support::{Client, TestApp, statements_for};

/// The statements `page` of report `id` runs for its reader (the public page read anonymously,
/// the others by the monitor), the edit page read with the report back in draft.
async fn statements_of(
    app: &TestApp,
    [monitor, anonymous]: [&Client; 2],
    id: &str,
    page: &str,
) -> Option<i64> {
    let client = if page.starts_with("/public") {
        anonymous
    } else {
        monitor
    };
    if page.ends_with("/edit") {
        app.execute(&format!(
            "UPDATE qprs SET status = 'draft' WHERE id = '{id}'"
        ))
        .await;
    }
    let count = statements_for(app, client, page).await;
    app.execute(&format!(
        "UPDATE qprs SET status = 'published' WHERE id = '{id}'"
    ))
    .await;
    count
}

#[tokio::test]
async fn the_summative_pages_run_the_same_statements_however_full_the_year() {
    let app = TestApp::spawn().await;
    let id = summative(&app).await;
    let monitor = app.signed_in(MONITOR).await;
    let anonymous = app.client();
    let public = format!("/public/districts/randolph/qprs/{id}");
    let pages = [
        path(&id),
        format!("{}/edit", path(&id)),
        format!("{}/presentations", path(&id)),
        public,
    ];
    let mut empty = Vec::new();
    for page in &pages {
        let Some(count) = statements_of(&app, [&monitor, &anonymous], &id, page).await else {
            return;
        };
        empty.push(count);
    }
    for start in ["2020-09-01", "2020-12-01", "2021-03-01"] {
        rated(&app, start, "published", ("technical", "reached"), true).await;
    }
    let outcome = growth_outcome(&app).await;
    for (n, on) in ["2020-10-01", "2021-01-15", "2021-05-14"]
        .into_iter()
        .enumerate()
    {
        measure(&app, &outcome, on, 50.0 + n as f64).await;
    }
    for days in [1, 2, 3] {
        app.execute(&format!(
            "INSERT INTO report_presentations (district_id, qpr_id, body, presented_on, presenters) \
             SELECT district_id, id, 'school_committee', (now() AT TIME ZONE 'America/New_York')::date - {days}, \
                    'Dr. Lee' FROM qprs WHERE id = '{id}'"
        ))
        .await;
    }
    for (page, before) in pages.iter().zip(empty) {
        let after = statements_of(&app, [&monitor, &anonymous], &id, page)
            .await
            .unwrap();
        assert_eq!(after, before, "{page}");
    }
}
