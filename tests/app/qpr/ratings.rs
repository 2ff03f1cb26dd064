//! Ratings over time: published periods as columns, oldest first, each initiative's two ratings
//! in its row; unpublished reports absent; a flat number of statements; tenancy.

use crate::support;
use crate::support::people::MANAGER;

use support::{TestApp, statements_for, unescape};
use throughline::calendar::QprPeriod;
use throughline::qpr::rating::{PerformanceRating, ProcessRating};

const PAGE: &str = "/districts/randolph/ratings";

/// A report of Randolph's approved plan; `ratings` gives (initiative place in rank order,
/// process key, performance key).
async fn report(
    app: &TestApp,
    period_start: &str,
    status: &str,
    ratings: &[(i64, &str, &str)],
) -> String {
    let id = app
        .query_text(&format!(
            "INSERT INTO qprs (district_id, plan_id, period_start, status, summary, published_at, posted_at) \
             SELECT d.id, p.id, '{period_start}', '{status}', 'Summary', \
                    CASE WHEN '{status}' = 'published' THEN now() END, NULL \
             FROM districts d JOIN plans p ON p.district_id = d.id AND p.status = 'approved' \
             WHERE d.slug = 'randolph' RETURNING id::text"
        ))
        .await;
    for (place, process, performance) in ratings {
        app.execute(&format!(
            "INSERT INTO qpr_initiatives (district_id, qpr_id, initiative_id, process_rating, process_evidence, \
                 performance_rating, performance_evidence) \
             SELECT q.district_id, q.id, i.id, '{process}', 'Evidence', '{performance}', 'Evidence' \
             FROM qprs q JOIN objectives o ON o.plan_id = q.plan_id JOIN initiatives i ON i.objective_id = o.id \
             WHERE q.id = '{id}' ORDER BY o.rank, i.rank OFFSET {place} LIMIT 1"
        ))
        .await;
    }
    id
}

fn label(period_start: &str) -> String {
    QprPeriod::containing(period_start.parse().unwrap()).label()
}

/// The header cells and the cells of the row whose initiative number is `number`.
fn grid(html: &str, number: &str) -> (Vec<String>, Vec<String>) {
    let table = &html[html.find("<table class=\"ratings-grid\"").expect("a grid")..];
    let head = &table[..table.find("</thead>").unwrap()];
    let columns = head
        .split("<th scope=\"col\">")
        .skip(1)
        .map(|c| c[..c.find("</th>").unwrap()].to_string())
        .collect();
    let marker = format!("<span class=\"initiative-number\">{number}</span>");
    let row = &table[table.find(&marker).expect("the initiative's row")..];
    let row = &row[..row.find("</tr>").unwrap()];
    let cells = row
        .split("<td>")
        .skip(1)
        .map(|c| c[..c.find("</td>").unwrap()].to_string())
        .collect();
    (columns, cells)
}

#[tokio::test]
async fn published_periods_are_columns_in_order_with_each_initiatives_ratings() {
    let app = TestApp::spawn().await;
    // Inserted newest first: the order must come from the periods.
    report(
        &app,
        "2030-12-01",
        "published",
        &[
            (0, "practices_in_place", "reached"),
            (1, "technical", "not_reached"),
        ],
    )
    .await;
    report(
        &app,
        "2030-09-01",
        "published",
        &[(0, "technical", "partially_reached")],
    )
    .await;
    report(
        &app,
        "2031-03-01",
        "ese_review",
        &[(0, "fully_embedded", "reached_high")],
    )
    .await;
    let manager = app.signed_in(MANAGER).await;

    let (code, html) = manager.get_text(PAGE).await;
    assert_eq!(code, 200, "{html}");
    let html = unescape(&html);
    assert!(
        !html.contains(&label("2031-03-01")),
        "a report in review is not in the grid"
    );

    let (columns, first) = grid(&html, "1.1");
    let autumn = columns
        .iter()
        .position(|c| *c == label("2030-09-01"))
        .expect("Sept–Nov column");
    let winter = columns
        .iter()
        .position(|c| *c == label("2030-12-01"))
        .expect("Dec–Feb column");
    assert!(autumn < winter, "oldest period first: {columns:?}");
    // The first header is the initiative column.
    let (autumn, winter) = (autumn - 1, winter - 1);
    assert!(first[autumn].contains(ProcessRating::Technical.label()));
    assert!(first[autumn].contains(PerformanceRating::PartiallyReached.label()));
    assert!(
        first[autumn].contains("2/4"),
        "the level is written, not only drawn"
    );
    assert!(first[winter].contains(ProcessRating::PracticesInPlace.label()));
    assert!(first[winter].contains("3/4"));
    assert!(first[winter].contains(PerformanceRating::Reached.label()));
    for cell in &first {
        assert!(
            !cell.contains(ProcessRating::FullyEmbedded.label()),
            "the unpublished rating leaks: {cell}"
        );
    }

    let (_, second) = grid(&html, "1.2");
    assert!(
        second[autumn].contains("not rated"),
        "no rating that period: {}",
        second[autumn]
    );
    assert!(second[winter].contains(ProcessRating::Technical.label()));
    assert!(second[winter].contains(PerformanceRating::NotReached.label()));
}

#[tokio::test]
async fn the_grid_loads_in_a_fixed_number_of_statements() {
    let app = TestApp::spawn().await;
    report(
        &app,
        "2030-09-01",
        "published",
        &[(0, "technical", "partially_reached")],
    )
    .await;
    let manager = app.signed_in(MANAGER).await;
    manager.get(PAGE).await;
    let Some(few) = statements_for(&app, &manager, PAGE).await else {
        eprintln!("skipped: pg_stat_statements is not available on this server");
        return;
    };
    report(
        &app,
        "2030-12-01",
        "published",
        &[(0, "technical", "reached"), (1, "technical", "reached")],
    )
    .await;
    report(
        &app,
        "2031-03-01",
        "published",
        &[
            (0, "fully_embedded", "reached"),
            (2, "problematic", "reached"),
        ],
    )
    .await;
    let many = statements_for(&app, &manager, PAGE).await.unwrap();
    assert_eq!(few, many, "statements with one published period vs three");
}

#[tokio::test]
async fn another_districts_grid_is_not_found() {
    let app = TestApp::spawn().await;
    let manager = app.signed_in(MANAGER).await;
    manager.get_status(PAGE, 200).await;
    manager
        .get_status("/districts/fall-river/ratings", 404)
        .await;
    // Not a public page: without signing in it asks for the sign-in.
    let response = app.client().get(PAGE).await;
    assert_ne!(response.status(), 200);
}
