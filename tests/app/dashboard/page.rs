//! The ESE dashboard: a district's row matches what was recorded for it, the heat map and trend
//! show the latest published ratings, the CSV carries the same rows safely, and district roles
//! do not find the dashboard at all.

use super::fixture;
use crate::support;
use crate::support::people::ESE;

use fixture::{EVIL_NAME, EXPECTED, cell, latest_period};
use support::{TestApp, assert_contains, unescape};

async fn dashboard(app: &TestApp, path: &str) -> String {
    app.page_as(ESE, path).await
}

#[tokio::test]
async fn a_districts_row_shows_what_was_recorded_for_it() {
    let app = fixture::seeded().await;
    let html = dashboard(&app, "/dashboard").await;
    let monitor = app
        .query_text("SELECT name FROM users WHERE email = 'monitor.south@demo.test'")
        .await;

    let row = |column: &str| cell(&html, "testville", column);
    assert_eq!(row("level"), "3");
    assert_eq!(row("monitor"), monitor);
    assert_eq!(row("status"), "Approved");
    assert_eq!(row("qpr"), latest_period().label());
    for level in 0..4 {
        assert_eq!(
            row(&format!("process{}", level + 1)),
            EXPECTED.process[level].to_string(),
            "process level {}",
            level + 1
        );
        assert_eq!(
            row(&format!("performance{}", level + 1)),
            EXPECTED.performance[level].to_string(),
            "performance level {}",
            level + 1
        );
    }
    assert_eq!(row("overdue"), EXPECTED.overdue.to_string());
    assert_eq!(row("gaps"), EXPECTED.gaps.to_string());
    assert_eq!(row("behind"), EXPECTED.behind.to_string());
    assert_eq!(row("stale"), EXPECTED.stale.to_string());
    assert_eq!(row("days"), EXPECTED.days.to_string());

    // A district with nothing yet says so rather than showing zeros that look like good news.
    assert_eq!(cell(&html, "evil", "status"), "No plan");
    assert_eq!(cell(&html, "evil", "qpr"), "None published");
    assert_eq!(cell(&html, "evil", "days"), "None held");
    assert_eq!(cell(&html, "evil", "monitor"), "None assigned");

    let districts: i64 = app.scalar("SELECT count(*) FROM districts").await;
    assert_eq!(districts, 5);
    assert!(html.contains("5 of 5 districts"));
}

#[tokio::test]
async fn every_cell_links_to_the_district_page_behind_it() {
    let app = fixture::seeded().await;
    let html = dashboard(&app, "/dashboard").await;
    let plan = app
        .query_text(&format!(
            "SELECT id::text FROM plans WHERE district_id = '{}'",
            fixture::TESTVILLE
        ))
        .await;
    let qpr = app
        .query_text(&format!(
            "SELECT id::text FROM qprs WHERE district_id = '{}' AND period_start = '{}'",
            fixture::TESTVILLE,
            latest_period().start
        ))
        .await;
    let start = html.find("<tr data-district=\"testville\"").unwrap();
    let row = &html[start..start + html[start..].find("</tr>").unwrap()];
    for (column, href) in [
        ("level", "/districts/testville".to_string()),
        ("status", format!("/districts/testville/plans/{plan}")),
        ("qpr", format!("/districts/testville/qprs/{qpr}")),
        ("process2", "/districts/testville/ratings".into()),
        ("performance3", "/districts/testville/ratings".into()),
        ("overdue", "/districts/testville/discussions".into()),
        ("gaps", "/districts/testville/coverage".into()),
        ("behind", format!("/districts/testville/plans/{plan}")),
        ("stale", format!("/districts/testville/plans/{plan}")),
        ("days", "/districts/testville/discussions".into()),
    ] {
        let at = row.find(&format!("data-col=\"{column}\"")).unwrap();
        let link = format!("<a href=\"{href}\">");
        assert!(
            row[at..]
                .trim_start_matches(|c| c != '<')
                .starts_with(&link),
            "{column} links to {href}"
        );
    }
    assert!(row.contains("<th scope=\"row\"><a href=\"/districts/testville\">Testville</a>"));
    // Each link leads to a page ESE staff can open.
    let ese = app.signed_in(ESE).await;
    for path in [
        format!("/districts/testville/plans/{plan}"),
        format!("/districts/testville/qprs/{qpr}"),
        "/districts/testville/ratings".into(),
        "/districts/testville/discussions".into(),
        "/districts/testville/coverage".into(),
    ] {
        assert_eq!(ese.get_code(&path).await, 200, "{path}");
    }
}

#[tokio::test]
async fn the_heat_map_shows_the_latest_ratings_numbered_as_on_the_plan_and_the_trend() {
    let app = fixture::seeded().await;
    let html = dashboard(&app, "/dashboard").await;
    let start = html.find("<table class=\"heat-map\"").expect("a heat map");
    let map = &html[start..];
    let row = &map[map
        .find("<a href=\"/districts/testville/ratings\">Testville</a>")
        .unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    let cells: Vec<String> = row
        .split("<li>")
        .skip(1)
        .map(|c| unescape(&fixture::text(&c[..c.find("</li>").unwrap()])))
        .collect();
    assert_eq!(cells.len(), 3, "one cell per initiative of the rated plan");
    // Numbers follow rank, not the order the rows were created in; each level has its number
    // and its words, not just a colour.
    assert!(
        cells[0].starts_with("1.1 Process 2 Technical Performance 3 Reached"),
        "{}",
        cells[0]
    );
    assert!(
        cells[1].starts_with("1.2 Process 2 Technical Performance 1 Not reached"),
        "{}",
        cells[1]
    );
    assert!(
        cells[2].starts_with("2.1 Process 4 Embedded Performance –"),
        "{}",
        cells[2]
    );
    // Screen readers hear the whole names.
    let labels = unescape(row);
    assert!(labels.contains("href=\"/districts/testville/ratings\" aria-label=\"Initiative 1.1: Initiative one-one. Process 2 of 4, Technical Implementation Stage; Performance 3 of 4, Reached Performance Goals.\""));
    assert!(labels.contains("aria-label=\"Initiative 2.1: Initiative two-one. Process 4 of 4, Fully Embedded Stage; Performance not rated.\""));
    // The earlier report averaged Process 1.0 and Performance 1.5; the latest 8/3 and 4/2. The
    // draft of the current period is not in it.
    let trend = fixture::text(row);
    assert_contains(&trend, "Process 1.0 → 2.7");
    assert_contains(&trend, "Performance 1.5 → 2.0");
    assert!(row.contains("<svg class=\"sparkline\""));
    assert!(row.contains(&format!(
        "{}: Process 2.7, Performance 2.0",
        latest_period().label()
    )));
    let evil = &map[map.find(EVIL_NAME).unwrap()..];
    assert!(fixture::text(&evil[..evil.find("</tr>").unwrap()]).contains("No published ratings"));
}

#[tokio::test]
async fn the_csv_has_the_same_rows_and_defuses_formulas() {
    let app = fixture::seeded().await;
    let query = "?sort=behind&dir=desc&level=3";
    let html = dashboard(&app, &format!("/dashboard{query}")).await;
    let ese = app.signed_in(ESE).await;
    let response = ese.get(&format!("/dashboard.csv{query}")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"].to_str().unwrap(),
        "text/csv; charset=utf-8"
    );
    let today = fixture::today().format("%Y-%m-%d");
    assert_eq!(
        response.headers()["content-disposition"].to_str().unwrap(),
        format!("attachment; filename=\"throughline-districts-{today}.csv\"")
    );
    let body = response.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[0], "District");
    assert!(header.contains(&"Benchmarks behind".to_string()));
    assert!(header.contains(&"Process 2 (Technical)".to_string()));
    let records: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let names: Vec<String> = records.iter().map(|r| r[0].clone()).collect();
    assert_eq!(
        names,
        fixture::names(&html),
        "the page's rows in the page's order"
    );
    assert!(names.contains(&"Testville".to_string()));
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let testville = records.iter().find(|r| r[0] == "Testville").unwrap();
    for (name, expected) in [
        ("Benchmarks behind", EXPECTED.behind.to_string()),
        ("Coverage gaps", EXPECTED.gaps.to_string()),
        ("Overdue minutes steps", EXPECTED.overdue.to_string()),
        ("Days since last discussion", EXPECTED.days.to_string()),
        ("Latest published QPR", latest_period().label()),
    ] {
        assert_eq!(testville[column(name)], expected, "{name}");
    }

    let all = ese.get("/dashboard.csv").await.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(all.as_bytes());
    let names: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[0].to_string())
        .collect();
    assert_eq!(names.len(), 5);
    assert!(names.contains(&format!("'{EVIL_NAME}")), "{names:?}");
    assert!(!names.iter().any(|n| n.starts_with('=')));
}

#[tokio::test]
async fn district_roles_do_not_find_the_dashboard() {
    let app = TestApp::spawn().await;
    for email in [
        "supt.randolph@demo.test",
        "monitor.east@demo.test",
        "manager.fallriver@demo.test",
    ] {
        let client = app.signed_in(email).await;
        for path in ["/dashboard", "/dashboard.csv", "/dashboard?sort=behind"] {
            let (status, body) = client.get_text(path).await;
            assert_eq!(status, 404, "{email} {path}");
            assert!(
                !body.contains("data-district"),
                "{email} {path} learns nothing"
            );
        }
    }
    let anonymous = app.client();
    let response = anonymous.get("/dashboard.csv").await;
    assert_ne!(response.status(), 200);
    let admin = app.signed_in("ese.admin@demo.test").await;
    admin.get_status("/dashboard", 200).await;
}
