//! A plan as a spreadsheet: the workbook's sheets, header, filters, frozen header, dates as
//! dates, the CSV files, formulas written as text, and the same gate as the plan's page.
//! The tests open the workbook's XML, as a spreadsheet program would.

mod district;

use std::io::{Cursor, Read};

use chrono::NaiveDate;

use crate::support::{TestApp, assert_status};

const MANAGER: &str = "manager.randolph@demo.test";

async fn approved_plan(app: &TestApp) -> String {
    app.query_text(
        "SELECT p.id::text FROM plans p JOIN districts d ON d.id = p.district_id \
         WHERE d.slug = 'randolph' AND p.status = 'approved'",
    )
    .await
}

async fn count(app: &TestApp, sql: &str, plan: &str) -> usize {
    let n: i64 = sqlx::query_scalar(sql)
        .bind(uuid::Uuid::parse_str(plan).unwrap())
        .fetch_one(&mut app.owner_conn().await)
        .await
        .unwrap();
    usize::try_from(n).unwrap()
}

const ACTIVITIES: &str = "SELECT count(*) FROM activities a JOIN initiatives i ON i.id = a.initiative_id \
     JOIN objectives o ON o.id = i.objective_id WHERE o.plan_id = $1";

/// The named part of the workbook (a zip of XML files), as text.
fn part(xlsx: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(xlsx)).expect("an .xlsx is a zip");
    let mut file = archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} is in the workbook"));
    let mut text = String::new();
    file.read_to_string(&mut text).unwrap();
    text
}

/// Days since 1899-12-30: how a spreadsheet stores a date.
fn serial(date: NaiveDate) -> i64 {
    (date - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days()
}

#[tokio::test]
async fn the_workbook_has_a_sheet_per_kind_with_filters_a_frozen_header_and_real_dates() {
    let app = TestApp::spawn().await;
    let plan = approved_plan(&app).await;
    let manager = app.signed_in(MANAGER).await;
    let page = manager
        .get_status(&format!("/districts/randolph/plans/{plan}"), 200)
        .await;
    assert!(
        page.contains(&format!("/districts/randolph/plans/{plan}/export.xlsx")),
        "the plan page offers it"
    );
    let response = manager
        .get(&format!("/districts/randolph/plans/{plan}/export.xlsx"))
        .await;
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(
        headers["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"randolph-plan-"),
        "{disposition}"
    );
    let xlsx = response.bytes().await.unwrap();

    let book = part(&xlsx, "xl/workbook.xml");
    for (n, name) in ["Activities", "Benchmarks", "Targets", "Measurements"]
        .iter()
        .enumerate()
    {
        assert!(
            book.contains(&format!("name=\"{name}\"")),
            "sheet {n}: {name}"
        );
    }
    let strings = part(&xlsx, "xl/sharedStrings.xml");
    assert!(strings.contains("Who will lead") && strings.contains("Interim monitoring"));
    let (description, starts_on): (String, NaiveDate) = sqlx::query_as(
        "SELECT a.description, a.starts_on FROM activities a JOIN initiatives i ON i.id = a.initiative_id \
         JOIN objectives o ON o.id = i.objective_id WHERE o.plan_id = $1 AND a.starts_on IS NOT NULL \
         ORDER BY o.rank, i.rank, a.rank LIMIT 1",
    )
    .bind(uuid::Uuid::parse_str(&plan).unwrap())
    .fetch_one(&mut app.owner_conn().await)
    .await
    .unwrap();
    let escaped = description
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    assert!(
        strings.contains(&escaped),
        "the first activity is in the workbook"
    );

    let activities = part(&xlsx, "xl/worksheets/sheet1.xml");
    let rows = count(&app, ACTIVITIES, &plan).await;
    assert!(rows > 5, "Randolph's plan has activities");
    assert!(
        activities.contains(&format!("<autoFilter ref=\"A1:L{}\"", rows + 1)),
        "filters on the header, over every activity"
    );
    assert_eq!(
        activities.matches("<row ").count(),
        rows + 1,
        "a header and a row each"
    );
    assert!(
        activities.contains("state=\"frozen\""),
        "the header stays in view"
    );
    assert!(
        activities.contains(&format!("<v>{}</v>", serial(starts_on))),
        "the start date is a date, not text"
    );
    assert!(
        activities.contains("<cols>"),
        "columns are sized to their text"
    );

    let measurements = part(&xlsx, "xl/worksheets/sheet4.xml");
    let taken = count(
        &app,
        "SELECT count(*) FROM measurements m JOIN benchmarks b ON b.id = m.benchmark_id WHERE b.plan_id = $1",
        &plan,
    )
    .await;
    assert_eq!(
        measurements.matches("<row ").count(),
        taken + 1,
        "every measurement"
    );
}

#[tokio::test]
async fn formulas_in_the_plan_stay_text_in_the_workbook_and_the_csv() {
    let app = TestApp::spawn().await;
    let plan = approved_plan(&app).await;
    app.execute(&format!(
        "UPDATE activities SET description = '=HYPERLINK(\"http://evil.example\",\"Click\")' \
         WHERE id = (SELECT a.id FROM activities a JOIN initiatives i ON i.id = a.initiative_id \
                     JOIN objectives o ON o.id = i.objective_id WHERE o.plan_id = '{plan}' \
                     ORDER BY o.rank, i.rank, a.rank LIMIT 1)"
    ))
    .await;
    let manager = app.signed_in(MANAGER).await;
    let csv = manager
        .get_status(
            &format!("/districts/randolph/plans/{plan}/export/activities.csv"),
            200,
        )
        .await;
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("Objective,Initiative,Activity,Who will lead,Start")
    );
    assert!(
        csv.contains("\"'=HYPERLINK("),
        "a formula is written as text: {csv:.400}"
    );
    assert_eq!(
        csv.lines().count(),
        count(&app, ACTIVITIES, &plan).await + 1
    );

    let xlsx = manager
        .get(&format!("/districts/randolph/plans/{plan}/export.xlsx"))
        .await
        .bytes()
        .await
        .unwrap();
    let activities = part(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(!activities.contains("<f>"), "no cell is a formula");
    assert!(part(&xlsx, "xl/sharedStrings.xml").contains("=HYPERLINK("));

    for key in ["benchmarks", "targets", "measurements"] {
        let text = manager
            .get_status(
                &format!("/districts/randolph/plans/{plan}/export/{key}.csv"),
                200,
            )
            .await;
        assert!(text.lines().count() > 1, "{key}: a header and rows");
    }
}

#[tokio::test]
async fn another_districts_plan_is_not_found_and_anonymous_visitors_sign_in() {
    let app = TestApp::spawn().await;
    let plan = approved_plan(&app).await;
    let other = app.signed_in("manager.newbedford@demo.test").await;
    for path in [
        format!("/districts/randolph/plans/{plan}/export.xlsx"),
        format!("/districts/new-bedford/plans/{plan}/export.xlsx"),
        format!("/districts/new-bedford/plans/{plan}/export/activities.csv"),
    ] {
        assert_status(other.get(&path).await, 404).await;
    }
    let anonymous = app.client();
    let response = anonymous
        .get(&format!(
            "/districts/randolph/plans/{plan}/export/activities.csv"
        ))
        .await;
    assert_eq!(response.status(), 303, "sign in first");
}
