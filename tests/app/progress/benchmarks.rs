//! The benchmark progress page: targets and measurements side by side, the state against the
//! targets, the chart for 0, 1 and many measurements, evidence links, who sees the record
//! buttons, and another district's benchmark.
//!
//! Each test makes its own benchmark on Randolph's approved plan, so demo measurements do not
//! change what it sees.

use crate::support;
use crate::support::people::{LEADER, MANAGER, MONITOR};

use chrono::{NaiveDate, TimeDelta};
use sqlx::PgConnection;
use support::{TestApp, statements_for, unescape as text};
use uuid::Uuid;

fn today() -> NaiveDate {
    throughline::calendar::today()
}

fn days(n: i64) -> NaiveDate {
    today() + TimeDelta::days(n)
}

/// An initiative of Randolph's approved plan led (or not) by leader.randolph.
async fn initiative(conn: &mut PgConnection, led_by_leader: bool) -> Uuid {
    sqlx::query_scalar(
        "SELECT i.id FROM initiatives i JOIN objectives o ON o.id = i.objective_id \
         JOIN plans p ON p.id = o.plan_id JOIN districts d ON d.id = p.district_id \
         WHERE d.slug = 'randolph' AND p.status = 'approved' \
           AND (i.lead_user_id IS NOT DISTINCT FROM (SELECT id FROM users WHERE email = 'leader.randolph@demo.test')) = $1 \
         ORDER BY o.rank, i.rank LIMIT 1",
    )
    .bind(led_by_leader)
    .fetch_one(conn)
    .await
    .unwrap()
}

/// A new percent benchmark under `initiative` with targets `(days from today, value)`.
async fn benchmark(
    conn: &mut PgConnection,
    initiative: Uuid,
    statement: &str,
    targets: &[(i64, f64)],
) -> Uuid {
    let id: Uuid = sqlx::query_scalar(
        "INSERT INTO benchmarks (district_id, plan_id, initiative_id, kind, rank, statement, measure, \
                                 evidence_source, frequency, unit) \
         SELECT o.district_id, o.plan_id, i.id, 'short_term_outcome', 99, $2, \
                'Share of grade 3 students at benchmark', 'DIBELS benchmark report', 'Three times a year', 'percent' \
         FROM initiatives i JOIN objectives o ON o.id = i.objective_id WHERE i.id = $1 RETURNING id",
    )
    .bind(initiative)
    .bind(statement)
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    for (offset, value) in targets {
        sqlx::query(
            "INSERT INTO benchmark_targets (district_id, benchmark_id, due_on, value) \
             SELECT district_id, id, $2, $3 FROM benchmarks WHERE id = $1",
        )
        .bind(id)
        .bind(days(*offset))
        .bind(value)
        .execute(&mut *conn)
        .await
        .unwrap();
    }
    id
}

/// A fresh app, the owner's connection to its database and, as [`benchmark`] makes it, a new
/// benchmark of Randolph's approved plan under an initiative the leader does not lead.
async fn on_a_benchmark(statement: &str, targets: &[(i64, f64)]) -> (TestApp, PgConnection, Uuid) {
    let app = TestApp::spawn().await;
    let mut conn = app.owner_conn().await;
    let initiative = initiative(&mut conn, false).await;
    let id = benchmark(&mut conn, initiative, statement, targets).await;
    (app, conn, id)
}

async fn measure(
    conn: &mut PgConnection,
    benchmark: Uuid,
    offset: i64,
    value: f64,
    note: &str,
) -> Uuid {
    sqlx::query_scalar(
        "INSERT INTO measurements (district_id, benchmark_id, value, measured_on, population, note, recorded_by) \
         SELECT district_id, id, $2, $3, 'Grade 3, all elementary schools', $4, \
                (SELECT id FROM users WHERE email = 'manager.randolph@demo.test') \
         FROM benchmarks WHERE id = $1 RETURNING id",
    )
    .bind(benchmark)
    .bind(value)
    .bind(days(offset))
    .bind(note)
    .fetch_one(conn)
    .await
    .unwrap()
}

fn page_path(id: Uuid) -> String {
    format!("/districts/randolph/benchmarks/{id}")
}

/// 60% was due two months ago; 80% is due in two months.
const SERIES: [(i64, f64); 2] = [(-60, 60.0), (60, 80.0)];

#[tokio::test]
async fn the_page_shows_targets_and_measurements_and_where_the_benchmark_stands() {
    let (app, mut conn, id) = on_a_benchmark("Grade 3 reading at benchmark", &SERIES).await;
    let fall = measure(&mut conn, id, -70, 40.0, "Fall screening").await;
    let latest = measure(&mut conn, id, -30, 55.0, "Winter <i>screening</i>").await;
    let link: Uuid = sqlx::query_scalar(
        "INSERT INTO evidence (district_id, title, evidence_on, kind, url, measurement_id) \
         SELECT district_id, 'Winter DIBELS summary', $2, 'link', 'https://example.org/dibels', id \
         FROM measurements WHERE id = $1 RETURNING id",
    )
    .bind(latest)
    .bind(days(-29))
    .fetch_one(&mut conn)
    .await
    .unwrap();
    let file: Uuid = sqlx::query_scalar(
        "INSERT INTO evidence (district_id, title, evidence_on, kind, storage_key, file_name, content_type, byte_size, benchmark_id) \
         SELECT district_id, 'Screening calendar', $2, 'file', 'test/calendar', 'calendar.pdf', 'application/pdf', 2048, id \
         FROM benchmarks WHERE id = $1 RETURNING id",
    )
    .bind(id)
    .bind(days(-80))
    .fetch_one(&mut conn)
    .await
    .unwrap();

    let manager = app.signed_in(MANAGER).await;
    let page = manager.get_status(&page_path(id), 200).await;
    assert!(page.contains("Grade 3 reading at benchmark") && page.contains("Short-term outcome"));
    assert!(page.contains("DIBELS benchmark report") && page.contains("Success: higher is better"));
    assert!(
        page.contains(&format!("#benchmark-{id}\"")),
        "breadcrumb to the plan"
    );
    // 55% is short of the 60% that was due: behind, in words and with its symbol.
    assert!(page.contains("target-state target-behind"));
    assert!(page.contains("Latest 55% on") && page.contains("against a target of 60% by"));
    assert!(page.contains(">not reached<") && page.contains(">not yet due<"));
    assert!(page.contains("40%") && page.contains("Grade 3, all elementary schools"));
    assert!(!page.contains("<i>screening"), "notes are escaped");
    assert!(text(&page).contains("Winter <i>screening</i>"));
    assert!(page.contains("href=\"https://example.org/dibels\">Winter DIBELS summary</a>"));
    assert!(page.contains(&format!(
        "href=\"/districts/randolph/evidence/{file}/file\">Screening calendar</a>"
    )));
    assert!(page.contains(&format!(
        "/districts/randolph/benchmarks/{id}/measurements/new"
    )));
    assert!(page.contains(&format!("/districts/randolph/evidence/new?benchmark={id}")));
    assert!(page.contains(&format!("/districts/randolph/measurements/{latest}/remove")));
    assert_ne!(link, file);

    // Reaching the target that was due, with more to come: on track.
    sqlx::query("UPDATE measurements SET value = 65 WHERE id = $1")
        .bind(latest)
        .execute(&mut conn)
        .await
        .unwrap();
    let (_, page) = manager.get_text(&page_path(id)).await;
    assert!(page.contains("target-state target-on-track"));
    // Each target row goes by what had been measured when it fell due: still 40% then.
    assert!(page.contains(">not reached<") && !page.contains(">reached<"));
    sqlx::query("UPDATE measurements SET value = 61 WHERE id = $1")
        .bind(fall)
        .execute(&mut conn)
        .await
        .unwrap();
    let (_, page) = manager.get_text(&page_path(id)).await;
    assert!(page.contains(">reached<") && !page.contains(">not reached<"));
    // Already past the coming target: met.
    sqlx::query("UPDATE measurements SET value = 85 WHERE id = $1")
        .bind(latest)
        .execute(&mut conn)
        .await
        .unwrap();
    let (_, page) = manager.get_text(&page_path(id)).await;
    assert!(
        page.contains("target-state target-met") && page.contains("against a target of 80% by")
    );
}

#[tokio::test]
async fn lower_is_better_benchmarks_are_met_by_going_down() {
    let (app, mut conn, id) =
        on_a_benchmark("Chronic absence falls", &[(-30, 20.0), (90, 12.0)]).await;
    sqlx::query("UPDATE benchmarks SET higher_is_better = false WHERE id = $1")
        .bind(id)
        .execute(&mut conn)
        .await
        .unwrap();
    measure(&mut conn, id, -10, 18.0, "").await;
    let manager = app.signed_in(MANAGER).await;
    let (_, page) = manager.get_text(&page_path(id)).await;
    assert!(page.contains("Success: lower is better"));
    assert!(
        page.contains("target-state target-on-track"),
        "18% is under the 20% that was due"
    );
}

fn count(page: &str, needle: &str) -> usize {
    page.matches(needle).count()
}

#[tokio::test]
async fn the_chart_draws_no_one_or_many_measurements() {
    let (app, mut conn, id) = on_a_benchmark("Walkthroughs show the routines", &SERIES).await;
    let manager = app.signed_in(MANAGER).await;

    let (_, page) = manager.get_text(&page_path(id)).await;
    assert!(page.contains("<svg role=\"img\""));
    assert_eq!(count(&page, "<circle"), 0);
    assert_eq!(
        count(&page, "class=\"chart-target\""),
        2,
        "a marker per target"
    );
    assert!(page.contains(">No measurements yet</text>"));
    assert!(page.contains("target-state target-unmeasured"));
    assert!(page.contains(">Today</text>"));

    measure(&mut conn, id, -20, 50.0, "").await;
    let (_, page) = manager.get_text(&page_path(id)).await;
    assert_eq!(count(&page, "<circle"), 1);
    assert!(!page.contains("<polyline") && !page.contains("No measurements yet</text>"));

    measure(&mut conn, id, -50, 35.0, "").await;
    measure(&mut conn, id, -5, 58.0, "").await;
    let (_, page) = manager.get_text(&page_path(id)).await;
    assert_eq!(count(&page, "<circle"), 3);
    assert_eq!(count(&page, "<polyline"), 1);
    // The text alternative and the data table say the same in words.
    assert!(page.contains("3 measurements from"));
    assert!(page.contains("<details class=\"chart-data\">"));

    // Beside it, under the same initiative.
    let same_initiative = initiative(&mut conn, false).await;
    let bare = benchmark(
        &mut conn,
        same_initiative,
        "A benchmark still being written",
        &[],
    )
    .await;
    let (_, page) = manager.get_text(&page_path(bare)).await;
    assert!(page.contains("No targets or measurements yet.") && !page.contains("<svg"));
    assert!(page.contains("target-state target-none"));
}

#[tokio::test]
async fn the_page_runs_the_same_statements_however_much_is_recorded() {
    let app = TestApp::spawn().await;
    let mut conn = app.owner_conn().await;
    let initiative = initiative(&mut conn, false).await;
    let empty = benchmark(&mut conn, initiative, "Nothing yet", &SERIES).await;
    let full = benchmark(&mut conn, initiative, "Measured often", &SERIES).await;
    for offset in [-90, -60, -30, -10, -1] {
        let m = measure(&mut conn, full, offset, 50.0, "").await;
        sqlx::query(
            "INSERT INTO evidence (district_id, title, evidence_on, kind, url, measurement_id) \
             SELECT district_id, 'Report', measured_on, 'link', 'https://example.org/r', id FROM measurements WHERE id = $1",
        )
        .bind(m)
        .execute(&mut conn)
        .await
        .unwrap();
    }
    let manager = app.signed_in(MANAGER).await;
    // The first page after signing in also updates the session.
    manager.get(&page_path(empty)).await;
    let Some(few) = statements_for(&app, &manager, &page_path(empty)).await else {
        eprintln!("skipped: pg_stat_statements is not available on this server");
        return;
    };
    let many = statements_for(&app, &manager, &page_path(full))
        .await
        .unwrap();
    assert_eq!(
        few, many,
        "statements with no measurements vs five with evidence"
    );
}

#[tokio::test]
async fn another_districts_benchmark_is_not_found() {
    let app = TestApp::spawn().await;
    let fall_river: Uuid = app
        .scalar(
            "SELECT b.id FROM benchmarks b JOIN districts d ON d.id = b.district_id \
         WHERE d.slug = 'fall-river' LIMIT 1",
        )
        .await;
    let manager = app.signed_in(MANAGER).await;
    manager.get_status(&page_path(fall_river), 404).await;
    let there = format!("/districts/fall-river/benchmarks/{fall_river}");
    manager.get_status(&there, 404).await;
    manager.get_status(&page_path(Uuid::new_v4()), 404).await;
    let own = app.signed_in("manager.fallriver@demo.test").await;
    own.get_status(&there, 200).await;
}

#[tokio::test]
async fn the_monitor_reads_the_page_without_recording() {
    let (app, mut conn, id) = on_a_benchmark("Coaching cycles completed", &SERIES).await;
    let m = measure(&mut conn, id, -3, 70.0, "").await;
    let monitor = app.signed_in(MONITOR).await;
    let page = monitor.get_status(&page_path(id), 200).await;
    assert!(page.contains("Coaching cycles completed") && page.contains("70%"));
    assert!(!page.contains("Record a measurement") && !page.contains("Add evidence"));
    assert!(!page.contains(&format!("/measurements/{m}/remove")));
    assert!(
        text(&page)
            .contains("recorded by the initiative's lead, the plan manager and the superintendent")
    );
}

#[tokio::test]
async fn a_leader_records_only_on_the_initiatives_they_lead() {
    let app = TestApp::spawn().await;
    let mut conn = app.owner_conn().await;
    let led = initiative(&mut conn, true).await;
    let other = initiative(&mut conn, false).await;
    let theirs = benchmark(&mut conn, led, "Led benchmark", &SERIES).await;
    let not_theirs = benchmark(&mut conn, other, "Someone else's benchmark", &SERIES).await;
    let leader = app.signed_in(LEADER).await;
    let page = leader.get_status(&page_path(theirs), 200).await;
    assert!(page.contains("Record a measurement"));
    let page = leader.get_status(&page_path(not_theirs), 200).await;
    assert!(!page.contains("Record a measurement"));
}

#[tokio::test]
async fn nothing_is_recorded_on_an_archived_plan() {
    let (app, _, id) = on_a_benchmark("Last year's benchmark", &SERIES).await;
    app.execute(&format!(
        "UPDATE plans SET status = 'archived', archived_at = now() \
         WHERE id = (SELECT plan_id FROM benchmarks WHERE id = '{id}')"
    ))
    .await;
    let manager = app.signed_in(MANAGER).await;
    let page = manager.get_status(&page_path(id), 200).await;
    assert!(!page.contains("Record a measurement"));
    assert!(page.contains("This plan version is archived"));
}
