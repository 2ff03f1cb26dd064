//! The dashboard's table sorted and filtered from the query string (links and a GET form, no
//! JavaScript), values it does not know ignored, and a number of statements that does not grow
//! with the number of districts.

use super::fixture;
use crate::support;
use crate::support::people::ESE;

use support::{Client, TestApp, contexts, statements_for};
use throughline::dashboard::DASHBOARD_STATEMENTS;
use throughline::db;

async fn page(client: &Client, path: &str) -> String {
    let (status, html) = client.get_text(path).await;
    assert_eq!(status, 200, "{path}");
    html
}

/// Slugs from SQL, for the expected order or set.
async fn slugs_where(app: &TestApp, sql: &str) -> Vec<String> {
    sqlx::query_scalar(sql)
        .fetch_all(&mut app.owner_conn().await)
        .await
        .unwrap()
}

/// Ties keep name order, as the page does (byte order of the lower-cased name).
const BY_NAME: &str = "lower(d.name) COLLATE \"C\"";

#[tokio::test]
async fn column_headings_sort_the_rows_both_ways() {
    let app = fixture::seeded().await;
    let ese = app.signed_in(ESE).await;

    for (path, order) in [
        ("/dashboard", BY_NAME.to_string()),
        (
            "/dashboard?sort=level&dir=desc",
            format!("d.accountability_level DESC, {BY_NAME}"),
        ),
    ] {
        let expected = slugs_where(
            &app,
            &format!("SELECT d.slug FROM districts d ORDER BY {order}"),
        )
        .await;
        assert_eq!(fixture::slugs(&page(&ese, path).await), expected, "{path}");
    }

    // Days since the last discussion held: most recent first; never held last.
    let by_days = slugs_where(
        &app,
        &format!(
            "SELECT d.slug FROM districts d LEFT JOIN (SELECT district_id, max(held_on) AS last \
               FROM highlight_discussions WHERE held_on <= '{}' GROUP BY district_id) h ON h.district_id = d.id \
             ORDER BY '{}'::date - h.last ASC NULLS LAST, {BY_NAME}",
            fixture::today(),
            fixture::today()
        ),
    )
    .await;
    let html = page(&ese, "/dashboard?sort=days").await;
    assert_eq!(fixture::slugs(&html), by_days);
    assert_eq!(fixture::cell(&html, "testville", "days"), "10");

    // Most benchmarks behind first; the other way round, fewest first.
    let behind = |html: &str| -> Vec<usize> {
        fixture::table(html)
            .iter()
            .map(|(slug, _)| fixture::cell(html, slug, "behind").parse().unwrap())
            .collect()
    };
    let desc = behind(&page(&ese, "/dashboard?sort=behind&dir=desc").await);
    assert!(desc.windows(2).all(|w| w[0] >= w[1]), "{desc:?}");
    let asc = behind(&page(&ese, "/dashboard?sort=behind&dir=asc").await);
    assert!(asc.windows(2).all(|w| w[0] <= w[1]), "{asc:?}");
    assert_eq!(desc.len(), 5);
    assert_ne!(desc, asc, "the fixture has districts with different counts");

    // The heading of the current sort turns it round and keeps the filters; another heading
    // starts ascending.
    let html = page(&ese, "/dashboard?sort=behind&dir=asc&level=3").await;
    let links = support::unescape(&html);
    assert!(links.contains("aria-sort=\"ascending\"><a href=\"/dashboard?sort=behind&dir=desc&level=3\">Benchmarks behind</a>"));
    assert!(links.contains("<a href=\"/dashboard?sort=gaps&dir=asc&level=3\">Coverage gaps</a>"));
    // The heat map follows the table's order.
    let heat = &html[html.find("class=\"heat-map\"").unwrap()..];
    let names = fixture::names(&html);
    let mut last = 0;
    for name in &names {
        let at = heat.find(&format!(">{name}</a>")).unwrap();
        assert!(at > last, "{name} in the table's order");
        last = at;
    }
}

#[tokio::test]
async fn filters_keep_the_districts_asked_for() {
    let app = fixture::seeded().await;
    let ese = app.signed_in(ESE).await;
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };

    let level_four = slugs_where(
        &app,
        "SELECT slug FROM districts WHERE accountability_level = 4",
    )
    .await;
    let html = page(&ese, "/dashboard?level=4").await;
    assert_eq!(sorted(fixture::slugs(&html)), sorted(level_four.clone()));
    assert!(html.contains(&format!("{} of 5 districts", level_four.len())));
    assert!(
        html.contains("<option value=\"4\" selected>Level 4</option>"),
        "the form shows the choice"
    );

    let south = app
        .query_text("SELECT id::text FROM users WHERE email = 'monitor.south@demo.test'")
        .await;
    let html = page(&ese, &format!("/dashboard?monitor={south}")).await;
    assert_eq!(sorted(fixture::slugs(&html)), ["fall-river", "testville"]);

    // A district's plan status: approved if it has an approved plan, else submitted, else draft.
    let approved = slugs_where(
        &app,
        "SELECT d.slug FROM districts d WHERE EXISTS (SELECT 1 FROM plans p WHERE p.district_id = d.id AND p.status = 'approved')",
    )
    .await;
    assert_eq!(
        sorted(fixture::slugs(
            &page(&ese, "/dashboard?status=approved").await
        )),
        sorted(approved)
    );
    let submitted = slugs_where(
        &app,
        "SELECT d.slug FROM districts d WHERE EXISTS (SELECT 1 FROM plans p WHERE p.district_id = d.id AND p.status = 'submitted') \
           AND NOT EXISTS (SELECT 1 FROM plans p WHERE p.district_id = d.id AND p.status = 'approved')",
    )
    .await;
    assert_eq!(
        sorted(fixture::slugs(
            &page(&ese, "/dashboard?status=submitted").await
        )),
        sorted(submitted)
    );
    assert_eq!(
        fixture::slugs(&page(&ese, "/dashboard?status=none").await),
        ["evil"]
    );

    // Filters combine; a filter nothing matches says so.
    let html = page(
        &ese,
        &format!("/dashboard?monitor={south}&level=3&status=approved"),
    )
    .await;
    assert_eq!(fixture::slugs(&html), ["testville"]);
    assert!(html.contains("1 of 5 districts"));
    let html = page(&ese, &format!("/dashboard?monitor={south}&status=none")).await;
    assert!(!html.contains("dashboard-table"), "no empty table");
    assert!(html.contains("0 of 5 districts"));
    assert!(html.contains("No district matches these filters."));

    // The CSV link carries the same filters and sort.
    let html = support::unescape(&page(&ese, "/dashboard?sort=stale&dir=desc&level=4").await);
    assert!(html.contains("href=\"/dashboard.csv?sort=stale&dir=desc&level=4\""));
}

#[tokio::test]
async fn values_the_dashboard_does_not_know_are_ignored() {
    let app = fixture::seeded().await;
    let ese = app.signed_in(ESE).await;
    let all = fixture::slugs(&page(&ese, "/dashboard").await);
    let stranger = uuid::Uuid::new_v4();
    for query in [
        "?sort=bogus&dir=sideways",
        "?level=9",
        "?level=four",
        "?monitor=12345",
        &format!("?monitor={stranger}"),
        "?status=maybe",
        "?sort=%FF%FE&level=%00",
        "?level=&monitor=&status=",
        "?sort",
    ] {
        let html = page(&ese, &format!("/dashboard{query}")).await;
        assert_eq!(fixture::slugs(&html), all, "{query}");
        assert!(html.contains("5 of 5 districts"), "{query}");
        assert_eq!(
            ese.get_code(&format!("/dashboard.csv{query}")).await,
            200,
            "{query}"
        );
    }
    // A repeated name: the first value counts.
    let html = page(&ese, "/dashboard?level=3&level=4").await;
    assert!(fixture::slugs(&html).contains(&"testville".to_string()));
    assert!(!fixture::slugs(&html).contains(&"evil".to_string()));
}

/// Adds `n` districts, each with an approved plan of two objectives and four initiatives, a
/// benchmark per initiative with a target and measurements, a discussion in review with an answer
/// and an agenda, and two published reports with ratings.
async fn add_districts(app: &TestApp, n: u32) {
    let today = fixture::today();
    let extra = "d.slug LIKE 'extra-%'";
    for sql in [
        format!(
            "INSERT INTO districts (name, slug, accountability_level) \
             SELECT 'Extra ' || n, 'extra-' || n, 1 + n % 5 FROM generate_series(1, {n}) n"
        ),
        format!(
            "INSERT INTO district_roles (district_id, user_id, role) SELECT d.id, u.id, 'plan_monitor' \
             FROM districts d, users u WHERE {extra} AND u.email = 'monitor.east@demo.test'"
        ),
        format!(
            "INSERT INTO plans (district_id, title, first_school_year, last_school_year, status, approved_at) \
             SELECT d.id, 'Plan', 2025, 2027, 'approved', now() - interval '100 days' FROM districts d WHERE {extra}"
        ),
        format!(
            "INSERT INTO objectives (district_id, plan_id, rank, title) SELECT p.district_id, p.id, r, 'Objective' \
             FROM plans p JOIN districts d ON d.id = p.district_id, generate_series(1, 2) r WHERE {extra}"
        ),
        format!(
            "INSERT INTO initiatives (district_id, objective_id, rank, description) SELECT o.district_id, o.id, r, 'Initiative' \
             FROM objectives o JOIN districts d ON d.id = o.district_id, generate_series(1, 2) r WHERE {extra}"
        ),
        format!(
            "INSERT INTO benchmarks (district_id, plan_id, initiative_id, kind, rank, statement, frequency) \
             SELECT i.district_id, o.plan_id, i.id, 'short_term_outcome', 1, 'Benchmark', 'Monthly' \
             FROM initiatives i JOIN objectives o ON o.id = i.objective_id JOIN districts d ON d.id = i.district_id WHERE {extra}"
        ),
        format!(
            "INSERT INTO benchmark_targets (district_id, benchmark_id, due_on, value) \
             SELECT b.district_id, b.id, DATE '{today}' - 10, 60 FROM benchmarks b JOIN districts d ON d.id = b.district_id WHERE {extra}"
        ),
        format!(
            "INSERT INTO measurements (district_id, benchmark_id, measured_on, value) \
             SELECT b.district_id, b.id, DATE '{today}' - 12 - k, 50 + k \
             FROM benchmarks b JOIN districts d ON d.id = b.district_id, generate_series(0, 3) k WHERE {extra}"
        ),
        format!(
            "INSERT INTO highlight_discussions (district_id, plan_id, held_on, minutes_status, sent_for_review_at) \
             SELECT p.district_id, p.id, DATE '{today}' - 20, 'in_review', now() - interval '18 days' \
             FROM plans p JOIN districts d ON d.id = p.district_id WHERE {extra}"
        ),
        format!(
            "INSERT INTO minutes_reviews (district_id, discussion_id, revision, reviewer_role, outcome) \
             SELECT h.district_id, h.id, 1, 'superintendent', 'comments' \
             FROM highlight_discussions h JOIN districts d ON d.id = h.district_id WHERE {extra}"
        ),
        format!(
            "INSERT INTO discussion_agenda_items (district_id, discussion_id, initiative_id) \
             SELECT h.district_id, h.id, i.id FROM highlight_discussions h \
             JOIN initiatives i ON i.district_id = h.district_id JOIN districts d ON d.id = h.district_id WHERE {extra}"
        ),
        format!(
            "INSERT INTO qprs (district_id, plan_id, period_start, status, published_at) \
             SELECT p.district_id, p.id, s, 'published', now() FROM plans p JOIN districts d ON d.id = p.district_id, \
             (VALUES (DATE '2025-09-01'), (DATE '2025-12-01')) v(s) WHERE {extra}"
        ),
        format!(
            "INSERT INTO qpr_initiatives (district_id, qpr_id, initiative_id, process_rating, performance_rating) \
             SELECT q.district_id, q.id, i.id, 'technical', 'reached' FROM qprs q \
             JOIN objectives o ON o.plan_id = q.plan_id JOIN initiatives i ON i.objective_id = o.id \
             JOIN districts d ON d.id = q.district_id WHERE {extra}"
        ),
    ] {
        app.execute(&sql).await;
    }
}

#[tokio::test]
async fn the_statements_do_not_grow_with_the_districts() {
    let app = TestApp::spawn().await;
    let ese = app.signed_in(ESE).await;
    page(&ese, "/dashboard").await;
    let Some(few) = statements_for(&app, &ese, "/dashboard").await else {
        eprintln!("skipped: pg_stat_statements is not available on this server");
        return;
    };
    let csv_few = statements_for(&app, &ese, "/dashboard.csv").await.unwrap();
    add_districts(&app, 20).await;
    let html = page(&ese, "/dashboard").await;
    assert!(html.contains("23 of 23 districts"));
    assert_eq!(
        fixture::cell(&html, "extra-7", "process2"),
        "4",
        "the extra districts are read"
    );
    assert_eq!(
        fixture::cell(&html, "extra-7", "overdue"),
        "3",
        "ESE notice, monitor's review and final minutes"
    );
    let many = statements_for(&app, &ese, "/dashboard").await.unwrap();
    assert_eq!(few, many, "statements with 3 districts vs 23");
    assert_eq!(
        csv_few,
        statements_for(&app, &ese, "/dashboard.csv").await.unwrap()
    );

    // The dashboard's own reading is DASHBOARD_STATEMENTS statements.
    let mut owner = app.owner_conn().await;
    let mut tx = db::begin(&app.pool, contexts::ese()).await.unwrap();
    assert!(support::start_counting_statements(&mut owner).await);
    let data = throughline::dashboard::queries::read(&mut tx, fixture::today())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(data.districts.len(), 23);
    let calls = support::app_statements(&mut owner).await;
    assert_eq!(calls, DASHBOARD_STATEMENTS as i64);
}
