//! The benchmark's dataset (`throughline seed-bench`): made once, whole, and served by every
//! page the benchmark drives.

use crate::support;

use support::TestApp;
use throughline::calendar::today;

#[tokio::test]
async fn the_benchmark_dataset_is_made_once_and_every_page_it_drives_serves_it() {
    let app = TestApp::spawn().await;
    assert_eq!(
        throughline::bench::seed(&app.pool, 3, today())
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        throughline::bench::seed(&app.pool, 3, today())
            .await
            .unwrap(),
        0,
        "nothing is added twice"
    );
    let counts: String = app
        .query_text(
            "SELECT (SELECT count(*) FROM districts WHERE slug LIKE 'bench-%') || ' ' || \
                    (SELECT count(*) FROM initiatives i JOIN districts d ON d.id = i.district_id WHERE d.slug = 'bench-2') || ' ' || \
                    (SELECT count(*) FROM activities a JOIN districts d ON d.id = a.district_id WHERE d.slug = 'bench-2') || ' ' || \
                    (SELECT count(*) FROM qprs q JOIN districts d ON d.id = q.district_id WHERE d.slug = 'bench-2' AND q.status = 'published') || ' ' || \
                    (SELECT count(*) FROM users WHERE email LIKE 'bench-%@bench.test')",
        )
        .await;
    // 3 districts; 16 initiatives and 192 activities each; 8 published reports (the ninth is
    // being drafted); 6 people a district, one monitor for up to seven districts, 20 ESE staff.
    assert_eq!(counts, "3 16 192 8 39");

    let manager = app.signed_in("bench-2-manager@bench.test").await;
    let home = manager.get_status("/", 200).await;
    assert!(home.contains("Bench District 2"));
    let plan = support::location(&manager.get("/districts/bench-2/plan").await);
    let page = manager.get_status(&plan, 200).await;
    assert!(page.contains("Initiative 4.4"));
    manager.get_status("/districts/bench-2", 200).await;
    manager.get_status("/districts/bench-2/qprs", 200).await;

    let monitor = app.signed_in("bench-monitor-1@bench.test").await;
    let home = monitor.get_status("/", 200).await;
    assert!(home.contains("Bench District 1") && home.contains("Bench District 3"));

    let ese = app.signed_in("bench-ese-1@bench.test").await;
    let dashboard = ese.get_status("/dashboard", 200).await;
    assert!(dashboard.matches("href=\"/districts/bench-").count() >= 3);
    app.client()
        .get_status("/public/districts/bench-2", 200)
        .await;
}
