//! The route walks of the later features: every progress, evidence, Highlight Discussion and
//! Quarterly Progress Report page and action of another district, as the app's router lists
//! them, is "not found", and nothing is changed by trying. (The plan and district walks are in
//! `basics.rs`; every route for every role is in `isolation_matrix.rs`.)

use crate::support;

use sqlx::Row;
use support::{Client, TestApp, contexts};
use uuid::Uuid;

/// One request of a walk: `path` is below `/districts/{district}`.
struct Step {
    method: &'static str,
    path: String,
    /// Whether the path names a record (beyond the district).
    names_record: bool,
}

/// The app's pages and actions under `/districts/{district}/` whose next segment is one of
/// `areas`, as `(method, path below the district)`, from its router: a new route of the area is
/// walked the day it is added. Each `{param}` is named by the segment before it, as `ids` are
/// (`("qprs", report)` fills `/qprs/{id}`); a parameter no id fills fails the walk, to be taught.
fn routes_of(app: &TestApp, areas: &[&str], ids: &[(&str, Uuid)]) -> Vec<Step> {
    let mut routes = Vec::new();
    for route in app.routes() {
        let Some(path) = route.template.strip_prefix("/districts/{district}") else {
            continue;
        };
        let area = path.split('/').nth(1).unwrap_or("");
        if !areas.contains(&area) {
            continue;
        }
        let mut filled = Vec::new();
        let mut before = "";
        for segment in path.split('/') {
            if segment.starts_with('{') {
                let (_, id) = ids
                    .iter()
                    .find(|(kind, _)| *kind == before)
                    .unwrap_or_else(|| panic!("{path}: no id fills {segment} after /{before}/"));
                filled.push(id.to_string());
            } else {
                filled.push(segment.to_string());
            }
            before = segment;
        }
        for method in ["GET", "POST"] {
            if route.allows(method) {
                routes.push(Step {
                    method,
                    path: filled.join("/"),
                    names_record: route.template.matches('{').count() > 1,
                });
            }
        }
    }
    assert!(!routes.is_empty(), "the app has routes under {areas:?}");
    routes
}

/// Fall River's people who try Randolph's pages: its superintendent, its monitor, its manager.
const FALL_RIVER: [&str; 3] = [
    "supt.fallriver@demo.test",
    "monitor.south@demo.test",
    "manager.fallriver@demo.test",
];

/// Walks `routes` as `client` (signed in as `who`, of Fall River): under Randolph's address, and
/// under Fall River's own address with Randolph's ids, every answer is 404 and never shows
/// `marker`. Fall River's own pages that name no record are only read, to check Randolph's records
/// are not listed on them.
async fn walk(client: &Client, who: &str, steps: &[Step], form: &[(&str, &str)], marker: &str) {
    for Step {
        method,
        path,
        names_record,
    } in steps
    {
        for district in ["randolph", "fall-river"] {
            let own_page = district == "fall-river" && !names_record;
            if own_page && *method != "GET" {
                continue;
            }
            let url = format!("/districts/{district}{path}");
            let response = match *method {
                "GET" => client.get(&url).await,
                _ => client.post(&url, form).await,
            };
            let status = response.status();
            let body = response.text().await.unwrap();
            assert!(!body.contains(marker), "{who} {url}");
            if !own_page {
                assert_eq!(status, 404, "{who} {method} {url}");
            }
        }
    }
}

/// As [`walk`] for each of Fall River's people, then checks that `counts` (a sum of all the walk
/// could have changed, read as the owner) is what it was.
async fn walk_changing_nothing(
    app: &TestApp,
    counts: &str,
    steps: &[Step],
    form: &[(&str, &str)],
    marker: &str,
) {
    let mut owner = app.owner_conn().await;
    let before: i64 = contexts::scalar(&mut owner, counts).await;
    for email in FALL_RIVER {
        let client = app.signed_in(email).await;
        walk(&client, email, steps, form, marker).await;
    }
    let after: i64 = contexts::scalar(&mut owner, counts).await;
    assert_eq!(before, after, "nothing was changed");
}

#[tokio::test]
async fn progress_and_evidence_of_another_district_are_404_and_unchanged() {
    let app = TestApp::spawn().await;
    let mut owner = app.owner_conn().await;
    let row = sqlx::query(
        "SELECT a.id AS a, b.id AS b, m.id AS m, b.initiative_id AS i FROM districts d \
         JOIN benchmarks b ON b.district_id = d.id JOIN measurements m ON m.benchmark_id = b.id \
         JOIN activities a ON a.district_id = d.id \
         WHERE d.slug = 'randolph' AND b.initiative_id IS NOT NULL LIMIT 1",
    )
    .fetch_one(&mut owner)
    .await
    .unwrap();
    let file: Uuid = app.scalar(
        "INSERT INTO evidence (district_id, title, evidence_on, kind, storage_key, file_name, content_type, byte_size) \
         SELECT id, 'Randolph-only evidence', current_date, 'file', id || '/secret', 'walkthroughs.csv', 'text/csv', 10 \
         FROM districts WHERE slug = 'randolph' RETURNING id",
    )
    .await;
    let mut ids: Vec<(&str, Uuid)> = ["{a}", "{b}", "{m}", "{i}"]
        .into_iter()
        .map(|key| (key, row.get::<Uuid, _>(&key[1..2])))
        .collect();
    ids.push(("{e}", file));
    let id = |key: &str| ids.iter().find(|(k, _)| *k == key).unwrap().1;
    let areas = ["activities", "benchmarks", "measurements", "evidence"];
    let by_area = [
        ("activities", id("{a}")),
        ("benchmarks", id("{b}")),
        ("measurements", id("{m}")),
        ("evidence", file),
    ];
    let mut steps = routes_of(&app, &areas, &by_area);
    // The evidence form reads what it attaches to from its query.
    for (field, key) in [
        ("initiative", "{i}"),
        ("benchmark", "{b}"),
        ("measurement", "{m}"),
    ] {
        steps.push(Step {
            method: "GET",
            path: format!("/evidence/new?{field}={}", id(key)),
            names_record: true,
        });
    }
    let counts = "SELECT (SELECT count(*) FROM activity_updates) + (SELECT count(*) FROM measurements) \
                  + (SELECT count(*) FROM evidence)";
    let before: i64 = contexts::scalar(&mut owner, counts).await;
    for email in ["supt.fallriver@demo.test", "monitor.south@demo.test"] {
        let client = app.signed_in(email).await;
        let form = [("status", "complete"), ("value", "99")];
        walk(&client, email, &steps, &form, "Randolph-only evidence").await;
        // Uploads name what they attach to in the body: another district's ids are not found.
        for (field, id) in &ids[1..] {
            let field = match *field {
                "{b}" => "benchmark",
                "{m}" => "measurement",
                "{i}" => "initiative",
                _ => continue,
            };
            let form = reqwest::multipart::Form::new()
                .text(field, id.to_string())
                .text("evidence_title", "Taken over")
                .text("evidence_link", "https://example.org/x");
            let response = client
                .post_multipart("/districts/fall-river/evidence", form)
                .await;
            assert_eq!(
                response.status(),
                404,
                "{email} evidence on a Randolph {field}"
            );
        }
    }
    let after: i64 = contexts::scalar(&mut owner, counts).await;
    assert_eq!(before, after, "nothing was recorded");
}

#[tokio::test]
async fn highlight_discussions_of_another_district_are_404_and_unchanged() {
    let app = TestApp::spawn().await;
    let mut owner = app.owner_conn().await;
    let discussion: Uuid = app
        .scalar(
            "SELECT h.id FROM highlight_discussions h JOIN districts d ON d.id = h.district_id \
         WHERE d.slug = 'randolph' AND h.minutes_status = 'in_review' LIMIT 1",
        )
        .await;
    sqlx::query(
        "UPDATE highlight_discussions SET accomplishments = 'Randolph-only minutes' WHERE id = $1",
    )
    .bind(discussion)
    .execute(&mut owner)
    .await
    .unwrap();
    let counts = "SELECT (SELECT count(*) FROM highlight_discussions) + (SELECT count(*) FROM discussion_comments) \
                  + (SELECT count(*) FROM minutes_reviews) + (SELECT count(*) FROM discussion_agenda_items) \
                  + (SELECT count(*) FROM district_ese_contacts) \
                  + (SELECT count(*) FROM highlight_discussions WHERE ese_notified_at IS NOT NULL) \
                  + (SELECT sum(version) FROM highlight_discussions)";
    let areas = ["discussions", "coverage", "contacts"];
    let steps = routes_of(&app, &areas, &[("discussions", discussion)]);
    let form = [
        ("held_on", "2026-12-01"),
        ("body", "Taken over"),
        ("outcome", "no_discrepancies"),
        ("reason", "Taken over"),
    ];
    walk_changing_nothing(&app, counts, &steps, &form, "Randolph-only minutes").await;
}

#[tokio::test]
async fn quarterly_progress_reports_of_another_district_are_404_and_unchanged() {
    let app = TestApp::spawn().await;
    let mut owner = app.owner_conn().await;
    let row = sqlx::query(
        "SELECT q.id AS q, c.id AS c, r.id AS r FROM qprs q JOIN districts d ON d.id = q.district_id \
         JOIN qpr_comments c ON c.qpr_id = q.id JOIN evidence_requests r ON r.qpr_id = q.id \
         WHERE d.slug = 'randolph' AND q.status = 'ese_review' LIMIT 1",
    )
    .fetch_one(&mut owner)
    .await
    .unwrap();
    let ids: Vec<(&str, Uuid)> = ["{q}", "{c}", "{r}"]
        .into_iter()
        .map(|key| (key, row.get::<Uuid, _>(&key[1..2])))
        .collect();
    sqlx::query("UPDATE qprs SET summary = 'Randolph-only report' WHERE id = $1")
        .bind(ids[0].1)
        .execute(&mut owner)
        .await
        .unwrap();
    let counts = "SELECT (SELECT count(*) FROM qprs) + (SELECT count(*) FROM qpr_comments) \
                  + (SELECT count(*) FROM evidence_requests) + (SELECT sum(version) FROM qprs) \
                  + (SELECT count(*) FROM qpr_comments WHERE resolution IS NOT NULL) \
                  + (SELECT count(*) FROM evidence_requests WHERE answered_at IS NOT NULL) \
                  + (SELECT count(*) FROM report_presentations)";
    let areas = ["qprs", "evidence-requests", "ratings"];
    let by_area = [
        ("qprs", ids[0].1),
        ("comments", ids[1].1),
        ("evidence-requests", ids[2].1),
    ];
    let steps = routes_of(&app, &areas, &by_area);
    let form = [
        ("period_start", "2026-06-01"),
        ("body", "Taken over"),
        ("passage", "summary"),
        ("resolution", "accepted"),
        ("reason", "Taken over"),
        ("presented_on", "2026-11-01"),
        ("presenters", "Taken over"),
        ("kind", "documents"),
        ("description", "Taken over"),
        ("due_on", "2027-06-01"),
        ("answer_note", "Taken over"),
    ];
    walk_changing_nothing(&app, counts, &steps, &form, "Randolph-only report").await;
}
