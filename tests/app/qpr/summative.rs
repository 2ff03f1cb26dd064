//! The year's Summative Report: the June–August slot, named for its school year; the final
//! outcomes' data up to the year's end with their charts; each initiative's four ratings of the
//! year; the recommendations, which hold review up and are offered to next year's plan; and its
//! public page. Its statement counts are in `summative_statements`.

use crate::support;
use crate::support::people::{MANAGER, MONITOR};

use support::fixtures::{published_report, rate_initiatives};
use support::{TestApp, assert_contains, location, unescape};

/// A Randolph report of the approved plan for the period starting `start`, every initiative rated
/// `process`/`performance` with evidence; published ten days ago (and posted when `posted`)
/// unless `status` says otherwise.
pub async fn rated(
    app: &TestApp,
    start: &str,
    status: &str,
    ratings: (&str, &str),
    posted: bool,
) -> String {
    let summary = format!("The year in the district, {start}");
    let id = published_report(app, "randolph", start, status, &summary, posted).await;
    let narrative = format!("Narrative {start}");
    let evidence = ("Walkthroughs", "Benchmark results");
    rate_initiatives(app, &id, &narrative, ratings, evidence).await;
    id
}

/// The year's Summative Report (June 2021), published and posted, its initiatives rated
/// technical and reached.
pub async fn summative(app: &TestApp) -> String {
    rated(
        app,
        "2021-06-01",
        "published",
        ("technical", "reached"),
        true,
    )
    .await
}

/// The approved plan's final outcome measured as a score (median SGP).
pub async fn growth_outcome(app: &TestApp) -> String {
    app.query_text(
        "SELECT b.id::text FROM benchmarks b JOIN plans p ON p.id = b.plan_id \
         JOIN districts d ON d.id = p.district_id \
         WHERE d.slug = 'randolph' AND p.status = 'approved' AND b.kind = 'final_outcome' \
           AND b.unit = 'score' ORDER BY b.rank LIMIT 1",
    )
    .await
}

pub async fn measure(app: &TestApp, benchmark: &str, on: &str, value: f64) {
    app.execute(&format!(
        "INSERT INTO measurements (district_id, benchmark_id, value, measured_on) \
         SELECT district_id, id, {value}, '{on}' FROM benchmarks WHERE id = '{benchmark}'"
    ))
    .await;
}

pub fn path(id: &str) -> String {
    format!("/districts/randolph/qprs/{id}")
}

#[tokio::test]
async fn the_june_slot_is_the_summative_report_of_its_whole_year() {
    let app = TestApp::spawn().await;
    // A quarterly report still in review does not count among the year's ratings.
    for (start, status, ratings, posted) in [
        (
            "2020-09-01",
            "published",
            ("problematic", "not_reached"),
            true,
        ),
        (
            "2020-12-01",
            "published",
            ("technical", "partially_reached"),
            true,
        ),
        (
            "2021-03-01",
            "ese_review",
            ("fully_embedded", "reached_high"),
            false,
        ),
    ] {
        rated(&app, start, status, ratings, posted).await;
    }
    let id = rated(
        &app,
        "2021-06-01",
        "draft",
        ("practices_in_place", "reached"),
        false,
    )
    .await;
    let outcome = growth_outcome(&app).await;
    measure(&app, &outcome, "2021-05-14", 57.3).await;
    // Measured after the year ended: not this year's data.
    measure(&app, &outcome, "2021-10-01", 81.9).await;

    let monitor = app.signed_in(MONITOR).await;
    let html = unescape(&monitor.get_status(&path(&id), 200).await);
    assert_contains(&html, "<h1>Summative Report 2020–2021</h1>");
    assert!(!html.contains("June–August"));
    assert!(html.contains("September 2020–August 2021"));
    assert!(html.contains("Final outcomes against their targets"));
    assert!(html.contains("57.3") && !html.contains("81.9"), "{html}");
    assert!(html.contains("<svg"), "each final outcome has its chart");
    // Beside each initiative: the year's three quarterly reports and this one.
    assert!(html.contains("Ratings of the year"));
    for label in [
        "Problematic Implementation/At-Risk",
        "Technical Implementation Stage",
        "Practices in Place",
    ] {
        assert!(html.contains(label), "{label}");
    }
    assert!(
        !html.contains("Fully Embedded Stage</td>"),
        "the report in review is not counted"
    );
    assert!(html.contains("This Summative Report"));
    assert!(html.contains("Recommendations for next year"));

    // The list and the monitor's edit page say so too; the year's record is the whole year.
    let list = unescape(&monitor.get_status("/districts/randolph/qprs", 200).await);
    assert!(list.contains("Summative Report 2020–2021"));
    let edit = unescape(
        &monitor
            .get_status(&format!("{}/edit", path(&id)), 200)
            .await,
    );
    assert!(edit.contains("Write the Summative Report 2020–2021"));
    assert!(edit.contains("held in September 2020–August 2021"));
    assert!(edit.contains(&format!("name=\"outcome-{outcome}\"")));
    assert!(edit.contains("name=\"recommendations\""));

    // A quarterly report has none of it.
    let fall = app
        .query_text("SELECT id::text FROM qprs WHERE period_start = '2020-09-01'")
        .await;
    let html = unescape(&monitor.get_status(&path(&fall), 200).await);
    assert!(html.contains("Quarterly Progress Report for September–November 2020"));
    assert!(
        !html.contains("Recommendations for next year") && !html.contains("Ratings of the year")
    );
}

#[tokio::test]
async fn the_monitor_writes_the_recommendations_and_the_report_waits_for_them() {
    let app = TestApp::spawn().await;
    let id = rated(&app, "2021-06-01", "draft", ("technical", "reached"), false).await;
    let outcome = growth_outcome(&app).await;
    let monitor = app.signed_in(MONITOR).await;
    let version = app.field("qprs", &id, "version").await;
    let save = |recommendations: &'static str| {
        vec![
            ("version".to_string(), version.clone()),
            ("summary".into(), "The year went well.".into()),
            ("recommendations".into(), recommendations.into()),
            (
                format!("outcome-{outcome}"),
                "Growth rose but stays short of 60.".into(),
            ),
        ]
    };
    let form = save("");
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        monitor
            .post(&format!("{}/edit", path(&id)), &pairs)
            .await
            .status(),
        303
    );
    let words = app
        .query_text(&format!(
            "SELECT narrative FROM qpr_outcomes WHERE qpr_id = '{id}'"
        ))
        .await;
    assert_eq!(words, "Growth rose but stays short of 60.");

    // In review, it cannot go to the superintendent without its recommendations.
    let send = |step: &str| format!("{}/{step}", path(&id));
    assert_eq!(monitor.post(&send("send-to-ese"), &[]).await.status(), 303);
    let (code, html) = monitor
        .post_text(&send("send-to-superintendent"), &[])
        .await;
    assert_eq!(code, 409);
    assert!(unescape(&html).contains("has no recommendations for the district's priorities"));
    let page = unescape(&monitor.get_status(&path(&id), 200).await);
    assert!(
        page.contains("has no recommendations"),
        "the report says what it lacks"
    );

    let version = app.field("qprs", &id, "version").await;
    let long = "x".repeat(10_001);
    let refused = [
        ("version", version.as_str()),
        ("summary", "The year went well."),
        ("recommendations", long.as_str()),
    ];
    let (code, html) = monitor
        .post_text(&format!("{}/edit", path(&id)), &refused)
        .await;
    assert_eq!(code, 422);
    assert!(html.contains(&long), "what was typed is kept");
    let written = [
        ("version", version.as_str()),
        ("summary", "The year went well."),
        ("recommendations", "Keep the coaching cycles."),
    ];
    assert_eq!(
        monitor
            .post(&format!("{}/edit", path(&id)), &written)
            .await
            .status(),
        303
    );
    let response = monitor.post(&send("send-to-superintendent"), &[]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), format!("{}/process", path(&id)));

    // A quarterly report keeps no recommendations, whatever the form carries.
    let fall = rated(&app, "2020-09-01", "draft", ("technical", "reached"), false).await;
    let form = [
        ("version", "1"),
        ("summary", "Autumn."),
        ("recommendations", "Smuggled in"),
    ];
    assert_eq!(
        monitor
            .post(&format!("{}/edit", path(&fall)), &form)
            .await
            .status(),
        303
    );
    let kept = app.field("qprs", &fall, "recommendations").await;
    assert_eq!(kept, "");
}

#[tokio::test]
async fn the_public_reads_the_summative_report_with_its_year_and_presentations() {
    let app = TestApp::spawn().await;
    // Published but not posted: not public, so not in the public year either.
    for (start, ratings, posted) in [
        ("2020-09-01", ("problematic", "not_reached"), true),
        ("2020-12-01", ("fully_embedded", "reached_high"), false),
    ] {
        rated(&app, start, "published", ratings, posted).await;
    }
    let id = summative(&app).await;
    app.execute(&format!(
        "UPDATE qprs SET recommendations = 'Public recommendation ZULU' WHERE id = '{id}'"
    ))
    .await;
    app.execute(&format!(
        "INSERT INTO report_presentations (district_id, qpr_id, body, presented_on, presenters, note) \
         SELECT district_id, id, 'board', (now() AT TIME ZONE 'America/New_York')::date - 2, \
                'ESE commissioner', 'https://example.org/board-video' FROM qprs WHERE id = '{id}'"
    ))
    .await;
    let anonymous = app.client();
    let district = unescape(
        &anonymous
            .get_status("/public/districts/randolph", 200)
            .await,
    );
    assert!(district.contains("Summative Report 2020–2021"));
    let html = unescape(
        &anonymous
            .get_status(&format!("/public/districts/randolph/qprs/{id}"), 200)
            .await,
    );
    assert!(html.contains("<h1>Summative Report 2020–2021</h1>"));
    assert!(html.contains("Public recommendation ZULU"));
    assert!(html.contains("Final outcomes against their targets"));
    assert!(html.contains("Presented to the Board of Elementary and Secondary Education"));
    assert!(html.contains("href=\"https://example.org/board-video\""));
    assert!(html.contains("Problematic Implementation/At-Risk"));
    assert!(
        !html.contains("Fully Embedded Stage</td>"),
        "an unposted report's rating stays inside"
    );
}

#[tokio::test]
async fn the_recommendations_are_the_starting_point_of_next_years_plan() {
    let app = TestApp::spawn().await;
    // Only this test's report: the demo's own summative report is more recent.
    app.execute("DELETE FROM qprs WHERE period_start > '2021-06-01'")
        .await;
    let id = summative(&app).await;
    app.execute(&format!(
        "UPDATE qprs SET recommendations = 'Schedule coaching around assessments' WHERE id = '{id}'"
    ))
    .await;
    let plan = app
        .query_text(
            "SELECT p.id::text FROM plans p JOIN districts d ON d.id = p.district_id \
             WHERE d.slug = 'randolph' AND p.status = 'approved'",
        )
        .await;
    let manager = app.signed_in(MANAGER).await;
    let plan_path = format!("/districts/randolph/plans/{plan}");
    let page = unescape(&manager.get_status(&plan_path, 200).await);
    assert_contains(&page, "Recommendations of the Summative Report 2020–2021");
    assert!(page.contains("Schedule coaching around assessments"));
    let response = manager.post(&format!("{plan_path}/next-year"), &[]).await;
    assert_eq!(response.status(), 303);
    let draft = unescape(&manager.get_status(&location(&response), 200).await);
    assert_contains(&draft, "a starting point for this draft");
    assert!(draft.contains("Schedule coaching around assessments"));
}
