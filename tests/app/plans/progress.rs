//! Progress on the plan page: activity statuses and overdue flags, benchmark states and charts,
//! each sheet's strip and the per-objective summary; still a fixed number of statements.

use crate::support;
use crate::support::people::PLAN_MANAGERS;

use sqlx::{Executor, PgConnection};
use support::{TestApp, assert_contains, section, statements_for};
use uuid::Uuid;

async fn randolph_plan(owner: &mut PgConnection) -> String {
    let id: Uuid = sqlx::query_scalar(
        "SELECT p.id FROM plans p JOIN districts d ON d.id = p.district_id \
         WHERE d.slug = 'randolph' AND p.status = 'approved'",
    )
    .fetch_one(owner)
    .await
    .unwrap();
    format!("/districts/randolph/plans/{id}")
}

/// Randolph's plan with no progress recorded and every activity due well in the future, so a
/// test controls exactly what is due, done and measured.
async fn blank_progress(owner: &mut PgConnection) {
    owner
        .execute(
            "DELETE FROM activity_updates; DELETE FROM measurements; \
             UPDATE activities SET completes_on = current_date + 200 \
             WHERE district_id = (SELECT id FROM districts WHERE slug = 'randolph');",
        )
        .await
        .unwrap();
}

/// The first two activities of Randolph's Objective 1 and the first benchmark with a target.
async fn objective_one(owner: &mut PgConnection) -> (Uuid, Uuid, Uuid) {
    let activities: Vec<Uuid> = sqlx::query_scalar(
        "SELECT a.id FROM activities a JOIN initiatives i ON i.id = a.initiative_id \
         JOIN objectives o ON o.id = i.objective_id JOIN plans p ON p.id = o.plan_id \
         JOIN districts d ON d.id = p.district_id \
         WHERE d.slug = 'randolph' AND p.status = 'approved' ORDER BY o.rank, i.rank, a.rank LIMIT 2",
    )
    .fetch_all(&mut *owner)
    .await
    .unwrap();
    let benchmark: Uuid = sqlx::query_scalar(
        "SELECT b.id FROM benchmarks b JOIN initiatives i ON i.id = b.initiative_id \
         JOIN objectives o ON o.id = i.objective_id JOIN plans p ON p.id = o.plan_id \
         JOIN districts d ON d.id = p.district_id \
         WHERE d.slug = 'randolph' AND p.status = 'approved' \
           AND EXISTS (SELECT 1 FROM benchmark_targets t WHERE t.benchmark_id = b.id) \
         ORDER BY o.rank, i.rank, b.rank LIMIT 1",
    )
    .fetch_one(&mut *owner)
    .await
    .unwrap();
    (activities[0], activities[1], benchmark)
}

#[tokio::test]
async fn statuses_overdue_flags_and_the_objective_summary_show_on_the_plan() {
    let app = TestApp::spawn().await;
    let mut owner = app.owner_conn().await;
    blank_progress(&mut owner).await;
    let plan = randolph_plan(&mut owner).await;
    let (done, late, _) = objective_one(&mut owner).await;
    sqlx::query("UPDATE activities SET completes_on = current_date - 10 WHERE id = ANY($1)")
        .bind(vec![done, late])
        .execute(&mut owner)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO activity_updates (district_id, activity_id, status, as_of, note) \
         SELECT district_id, id, 'complete'::activity_status, current_date - 11, 'Done' FROM activities WHERE id = $1 \
         UNION ALL SELECT district_id, id, 'at_risk'::activity_status, current_date - 20, 'Behind' FROM activities WHERE id = $2",
    )
    .bind(done)
    .bind(late)
    .execute(&mut owner)
    .await
    .unwrap();

    let manager = app.signed_in("manager.randolph@demo.test").await;
    let (status, page) = manager.get_text(&plan).await;
    assert_eq!(status, 200);
    let done_row = section(&page, &format!("id=\"activity-{done}\""), "</tr>");
    assert_contains(done_row, "Complete");
    assert!(!done_row.contains("Overdue"), "{done_row}");
    assert_contains(done_row, "Update status");
    let late_row = section(&page, &format!("id=\"activity-{late}\""), "</tr>");
    assert_contains(late_row, "At risk");
    assert_contains(late_row, "Overdue");

    let summary = section(&page, "id=\"progress-heading\"", "</table>");
    let first = section(summary, "Objective 1</a>", "</tr>");
    assert!(
        first.contains("1 of 2"),
        "activities complete of due: {first}"
    );
    assert_contains(first, "1 overdue");
    let second = section(summary, "Objective 2</a>", "</tr>");
    assert_contains(second, "0 of 0");
    assert_contains(second, "None");

    // Marking the late one complete clears its flag.
    sqlx::query(
        "INSERT INTO activity_updates (district_id, activity_id, status, as_of) \
         SELECT district_id, id, 'complete', current_date FROM activities WHERE id = $1",
    )
    .bind(late)
    .execute(&mut owner)
    .await
    .unwrap();
    let (_, page) = manager.get_text(&plan).await;
    let late_row = section(&page, &format!("id=\"activity-{late}\""), "</tr>");
    assert!(!late_row.contains("Overdue"), "{late_row}");
    let summary = section(&page, "id=\"progress-heading\"", "</table>");
    let first = section(summary, "Objective 1</a>", "</tr>");
    assert_contains(first, "2 of 2");
}

#[tokio::test]
async fn a_benchmark_shows_its_state_and_chart_and_the_sheet_its_strip() {
    let app = TestApp::spawn().await;
    let mut owner = app.owner_conn().await;
    blank_progress(&mut owner).await;
    let plan = randolph_plan(&mut owner).await;
    let (_, _, benchmark) = objective_one(&mut owner).await;
    let monitor = app.signed_in("monitor.east@demo.test").await;
    let (_, page) = monitor.get_text(&plan).await;
    let item = section(&page, &format!("id=\"benchmark-{benchmark}\""), "</li>");
    assert_contains(item, "Not yet measured");
    assert!(item.contains(&format!("/districts/randolph/benchmarks/{benchmark}")));

    // A target of 50 that fell due yesterday, and a measurement of 20 below it: behind.
    sqlx::query("DELETE FROM benchmark_targets WHERE benchmark_id = $1")
        .bind(benchmark)
        .execute(&mut owner)
        .await
        .unwrap();
    sqlx::query("UPDATE benchmarks SET unit = 'percent', higher_is_better = true WHERE id = $1")
        .bind(benchmark)
        .execute(&mut owner)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO benchmark_targets (district_id, benchmark_id, due_on, value) \
         SELECT district_id, id, current_date - 1, 50 FROM benchmarks WHERE id = $1 \
         UNION ALL SELECT district_id, id, current_date + 60, 80 FROM benchmarks WHERE id = $1",
    )
    .bind(benchmark)
    .execute(&mut owner)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO measurements (district_id, benchmark_id, value, measured_on) \
         SELECT district_id, id, 20, current_date - 40 FROM benchmarks WHERE id = $1 \
         UNION ALL SELECT district_id, id, 35, current_date - 3 FROM benchmarks WHERE id = $1",
    )
    .bind(benchmark)
    .execute(&mut owner)
    .await
    .unwrap();
    let (_, page) = monitor.get_text(&plan).await;
    let item = section(&page, &format!("id=\"benchmark-{benchmark}\""), "</li>");
    assert_contains(item, "Behind");
    assert!(
        item.contains("35%"),
        "the latest value is in the sentence: {item}"
    );
    assert_contains(item, "<svg");
    assert!(
        item.contains("<table"),
        "the chart has a data table: {item}"
    );
    let initiative: Uuid = sqlx::query_scalar("SELECT initiative_id FROM benchmarks WHERE id = $1")
        .bind(benchmark)
        .fetch_one(&mut owner)
        .await
        .unwrap();
    let sheet = section(
        &page,
        &format!("id=\"initiative-{initiative}\""),
        "</article>",
    );
    let strip = section(sheet, "Benchmarks:", "</div>");
    assert_contains(strip, "1 behind");
    // A monitor reads progress but records nothing.
    assert!(!sheet.contains("Update status"), "{sheet}");
    assert_contains(sheet, "Status history");
    assert!(!sheet.contains("Add evidence"), "{sheet}");
}

#[tokio::test]
async fn a_district_leader_records_only_on_the_sheets_they_lead() {
    let app = TestApp::spawn().await;
    let mut owner = app.owner_conn().await;
    let plan = randolph_plan(&mut owner).await;
    let (led, other): (Uuid, Uuid) = sqlx::query_as(
        "SELECT (SELECT i.id FROM initiatives i JOIN users u ON u.id = i.lead_user_id \
                 JOIN objectives o ON o.id = i.objective_id \
                 WHERE u.email = 'leader.randolph@demo.test' AND o.plan_id = $1::uuid LIMIT 1), \
                (SELECT i.id FROM initiatives i JOIN objectives o ON o.id = i.objective_id \
                 WHERE i.lead_user_id IS NULL AND o.plan_id = $1::uuid \
                   AND EXISTS (SELECT 1 FROM activities a WHERE a.initiative_id = i.id) LIMIT 1)",
    )
    .bind(plan.rsplit('/').next().unwrap())
    .fetch_one(&mut owner)
    .await
    .unwrap();
    let leader = app.signed_in("leader.randolph@demo.test").await;
    let (_, page) = leader.get_text(&plan).await;
    let mine = section(&page, &format!("id=\"initiative-{led}\""), "</article>");
    assert_contains(mine, "Update status");
    assert_contains(mine, "Add evidence");
    let theirs = section(&page, &format!("id=\"initiative-{other}\""), "</article>");
    assert!(!theirs.contains("Update status"), "{theirs}");
    assert!(!theirs.contains("Add evidence"), "{theirs}");
}

#[tokio::test]
async fn a_draft_shows_no_progress_columns() {
    let app = TestApp::spawn().await;
    let mut owner = app.owner_conn().await;
    let plan = randolph_plan(&mut owner).await;
    let manager = app.signed_in("manager.randolph@demo.test").await;
    let started = manager.post(&format!("{plan}/next-year"), &[]).await;
    assert_eq!(started.status(), 303);
    let draft = support::location(&started);
    let (_, page) = manager.get_text(&draft).await;
    assert!(page.contains("Strategy Sheet"));
    assert!(!page.contains("Progress at a glance"));
    assert!(!page.contains("Update status"));
    // The approved plan keeps its progress.
    let (_, page) = manager.get_text(&plan).await;
    assert!(page.contains("Progress at a glance"));
}

#[tokio::test]
async fn the_plan_page_runs_the_same_statements_however_much_progress_is_recorded() {
    let app = TestApp::spawn().await;
    let mut owner = app.owner_conn().await;
    blank_progress(&mut owner).await;
    owner.execute("DELETE FROM evidence").await.unwrap();
    let plan = randolph_plan(&mut owner).await;
    let manager = app.signed_in("manager.randolph@demo.test").await;
    manager.get(&plan).await;
    let Some(empty) = statements_for(&app, &manager, &plan).await else {
        eprintln!("skipped: pg_stat_statements is not available on this server");
        return;
    };
    owner
        .execute(
            "INSERT INTO activity_updates (district_id, activity_id, status, as_of) \
             SELECT district_id, id, s, current_date - n::int FROM activities, \
                    unnest(ARRAY['on_track', 'at_risk', 'complete']::activity_status[]) WITH ORDINALITY AS x(s, n); \
             INSERT INTO measurements (district_id, benchmark_id, value, measured_on) \
             SELECT district_id, id, n, current_date - n FROM benchmarks, generate_series(1, 12) n; \
             INSERT INTO evidence (district_id, title, evidence_on, kind, url, initiative_id) \
             SELECT district_id, 'Walkthrough ' || n, current_date, 'link', 'https://example.org/' || n, id \
             FROM initiatives, generate_series(1, 3) n;",
        )
        .await
        .unwrap();
    let (_, page) = manager.get_text(&plan).await;
    assert!(page.contains("Complete"));
    let full = statements_for(&app, &manager, &plan).await.unwrap();
    assert_eq!(empty, full, "statements with no progress vs a year of it");
}

#[tokio::test]
async fn every_demo_plan_shows_every_state_and_an_overdue_activity() {
    let app = TestApp::spawn().await;
    for (slug, email) in PLAN_MANAGERS {
        let client = app.signed_in(email).await;
        let current = client.get(&format!("/districts/{slug}/plan")).await;
        let page = client.get_status(&support::location(&current), 200).await;
        for class in [
            "target-state target-met",
            "target-state target-on-track",
            "target-state target-behind",
            "target-state target-unmeasured",
            "progress-badge overdue",
            "progress-badge progress-done",
            "progress-badge progress-warn",
        ] {
            assert!(page.contains(class), "{slug} shows no {class}");
        }
        assert!(page.contains("<polyline"), "{slug} draws measurement lines");
        let (_, library) = client
            .get_text(&format!("/districts/{slug}/evidence"))
            .await;
        assert!(library.contains("pieces of evidence"), "{slug}");
    }
}

#[tokio::test]
async fn a_status_dated_long_before_the_plan_is_refused() {
    let app = TestApp::spawn().await;
    let mut owner = app.owner_conn().await;
    let (activity, _, _) = objective_one(&mut owner).await;
    let count = "SELECT count(*) FROM activity_updates WHERE activity_id = $1";
    let before: i64 = sqlx::query_scalar(count)
        .bind(activity)
        .fetch_one(&mut owner)
        .await
        .unwrap();
    let manager = app.signed_in("manager.randolph@demo.test").await;
    let path = format!("/districts/randolph/activities/{activity}/status");
    let form = [
        ("status", "complete"),
        ("as_of", "2019-06-30"),
        ("note", "Done long ago"),
    ];
    let page = manager.post_status(&path, &form, 422).await;
    assert_contains(&page, "Jun 30, 2019 is outside the plan");
    assert!(page.contains("2019-06-30"), "what was typed is kept");
    let after: i64 = sqlx::query_scalar(count)
        .bind(activity)
        .fetch_one(&mut owner)
        .await
        .unwrap();
    assert_eq!(after, before, "nothing recorded");
}
