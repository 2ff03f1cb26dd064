//! The route walks of the later features: every progress, evidence, Highlight Discussion and
//! Quarterly Progress Report page and action of another district is "not found", and nothing is
//! changed by trying. (The plan and district walks are in `tenancy.rs`.)

use crate::support;

use sqlx::Row;
use support::{Client, TestApp};
use uuid::Uuid;

/// Walks `routes` as `client` (signed in as `who`, of Fall River): under Randolph's address, and
/// under Fall River's own address with Randolph's ids, every answer is 404 and never shows
/// `marker`. Fall River's own pages that name no record are only read, to check Randolph's records
/// are not listed on them.
async fn walk(
    client: &Client,
    who: &str,
    routes: &[(&str, &str)],
    ids: &[(&str, Uuid)],
    form: &[(&str, &str)],
    marker: &str,
) {
    for (method, template) in routes {
        let mut path = template.to_string();
        for (key, id) in ids {
            path = path.replace(key, &id.to_string());
        }
        for district in ["randolph", "fall-river"] {
            let own_page = district == "fall-river" && !template.contains('{');
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

/// Every progress and evidence page and action, with `{a}` an activity, `{b}` a benchmark, `{m}`
/// a measurement and `{e}` a stored file. Add each new progress route here.
const PROGRESS_ROUTES: &[(&str, &str)] = &[
    ("GET", "/activities/{a}/status"),
    ("POST", "/activities/{a}/status"),
    ("GET", "/benchmarks/{b}"),
    ("GET", "/benchmarks/{b}/measurements/new"),
    ("POST", "/benchmarks/{b}/measurements"),
    ("GET", "/measurements/{m}/remove"),
    ("POST", "/measurements/{m}/remove"),
    ("GET", "/evidence"),
    ("GET", "/evidence/new?initiative={i}"),
    ("GET", "/evidence/new?benchmark={b}"),
    ("GET", "/evidence/new?measurement={m}"),
    ("GET", "/evidence/{e}/file"),
    ("GET", "/evidence/{e}/remove"),
    ("POST", "/evidence/{e}/remove"),
];

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
    let file: Uuid = sqlx::query_scalar(
        "INSERT INTO evidence (district_id, title, evidence_on, kind, storage_key, file_name, content_type, byte_size) \
         SELECT id, 'Randolph-only evidence', current_date, 'file', id || '/secret', 'walkthroughs.csv', 'text/csv', 10 \
         FROM districts WHERE slug = 'randolph' RETURNING id",
    )
    .fetch_one(&mut owner)
    .await
    .unwrap();
    let mut ids: Vec<(&str, Uuid)> = ["{a}", "{b}", "{m}", "{i}"]
        .into_iter()
        .map(|key| (key, row.get::<Uuid, _>(&key[1..2])))
        .collect();
    ids.push(("{e}", file));
    let counts = "SELECT (SELECT count(*) FROM activity_updates) + (SELECT count(*) FROM measurements) \
                  + (SELECT count(*) FROM evidence)";
    let before: i64 = sqlx::query_scalar(counts)
        .fetch_one(&mut owner)
        .await
        .unwrap();
    for email in ["supt.fallriver@demo.test", "monitor.south@demo.test"] {
        let client = app.signed_in(email).await;
        let form = [("status", "complete"), ("value", "99")];
        walk(
            &client,
            email,
            PROGRESS_ROUTES,
            &ids,
            &form,
            "Randolph-only evidence",
        )
        .await;
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
    let after: i64 = sqlx::query_scalar(counts)
        .fetch_one(&mut owner)
        .await
        .unwrap();
    assert_eq!(before, after, "nothing was recorded");
}

/// Every Highlight Discussion page and action, with `{h}` a discussion. Pages that list the
/// district's own discussions are checked under the other district only.
const HIGHLIGHT_ROUTES: &[(&str, &str)] = &[
    ("GET", "/discussions"),
    ("GET", "/discussions/new"),
    ("POST", "/discussions"),
    ("GET", "/coverage"),
    ("GET", "/contacts"),
    ("POST", "/contacts"),
    ("GET", "/discussions/{h}"),
    ("GET", "/discussions/{h}/edit"),
    ("POST", "/discussions/{h}/edit"),
    ("POST", "/discussions/{h}/notify-ese"),
    ("GET", "/discussions/{h}/agenda"),
    ("POST", "/discussions/{h}/agenda"),
    ("GET", "/discussions/{h}/comments"),
    ("POST", "/discussions/{h}/comments"),
    ("GET", "/discussions/{h}/minutes"),
    ("GET", "/discussions/{h}/minutes/edit"),
    ("POST", "/discussions/{h}/minutes/edit"),
    ("POST", "/discussions/{h}/minutes/send"),
    ("POST", "/discussions/{h}/minutes/review"),
    ("POST", "/discussions/{h}/minutes/return"),
    ("POST", "/discussions/{h}/minutes/finalise"),
    ("GET", "/discussions/{h}/minutes/correct"),
    ("POST", "/discussions/{h}/minutes/correct"),
];

#[tokio::test]
async fn highlight_discussions_of_another_district_are_404_and_unchanged() {
    let app = TestApp::spawn().await;
    let mut owner = app.owner_conn().await;
    let discussion: Uuid = sqlx::query_scalar(
        "SELECT h.id FROM highlight_discussions h JOIN districts d ON d.id = h.district_id \
         WHERE d.slug = 'randolph' AND h.minutes_status = 'in_review' LIMIT 1",
    )
    .fetch_one(&mut owner)
    .await
    .unwrap();
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
    let before: i64 = sqlx::query_scalar(counts)
        .fetch_one(&mut owner)
        .await
        .unwrap();
    for email in [
        "supt.fallriver@demo.test",
        "monitor.south@demo.test",
        "manager.fallriver@demo.test",
    ] {
        let client = app.signed_in(email).await;
        let form = [
            ("held_on", "2026-12-01"),
            ("body", "Taken over"),
            ("outcome", "no_discrepancies"),
            ("reason", "Taken over"),
        ];
        let ids = [("{h}", discussion)];
        walk(
            &client,
            email,
            HIGHLIGHT_ROUTES,
            &ids,
            &form,
            "Randolph-only minutes",
        )
        .await;
    }
    let after: i64 = sqlx::query_scalar(counts)
        .fetch_one(&mut owner)
        .await
        .unwrap();
    assert_eq!(before, after, "nothing was changed");
}

/// Every Quarterly Progress Report page and action, with `{q}` a report, `{c}` a comment on it and
/// `{r}` an evidence request. Pages that list the district's own reports are checked under the
/// other district only.
const QPR_ROUTES: &[(&str, &str)] = &[
    ("GET", "/qprs"),
    ("GET", "/qprs/new"),
    ("POST", "/qprs"),
    ("GET", "/evidence-requests"),
    ("POST", "/evidence-requests"),
    ("GET", "/ratings"),
    ("GET", "/qprs/{q}"),
    ("GET", "/qprs/{q}/edit"),
    ("POST", "/qprs/{q}/edit"),
    ("GET", "/qprs/{q}/process"),
    ("POST", "/qprs/{q}/send-to-ese"),
    ("POST", "/qprs/{q}/comments"),
    ("POST", "/qprs/{q}/comments/{c}/resolve"),
    ("POST", "/qprs/{q}/send-to-superintendent"),
    ("POST", "/qprs/{q}/publish"),
    ("POST", "/qprs/{q}/presented"),
    ("POST", "/qprs/{q}/post"),
    ("GET", "/qprs/{q}/correct"),
    ("POST", "/qprs/{q}/correct"),
    ("GET", "/evidence-requests/{r}"),
    ("POST", "/evidence-requests/{r}"),
];

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
                  + (SELECT count(*) FROM evidence_requests WHERE answered_at IS NOT NULL)";
    let before: i64 = sqlx::query_scalar(counts)
        .fetch_one(&mut owner)
        .await
        .unwrap();
    for email in [
        "supt.fallriver@demo.test",
        "monitor.south@demo.test",
        "manager.fallriver@demo.test",
    ] {
        let client = app.signed_in(email).await;
        let form = [
            ("period_start", "2026-06-01"),
            ("body", "Taken over"),
            ("passage", "summary"),
            ("resolution", "accepted"),
            ("reason", "Taken over"),
            ("presented_on", "2026-11-01"),
            ("kind", "documents"),
            ("description", "Taken over"),
            ("due_on", "2027-06-01"),
            ("answer_note", "Taken over"),
        ];
        walk(
            &client,
            email,
            QPR_ROUTES,
            &ids,
            &form,
            "Randolph-only report",
        )
        .await;
    }
    let after: i64 = sqlx::query_scalar(counts)
        .fetch_one(&mut owner)
        .await
        .unwrap();
    assert_eq!(before, after, "nothing was changed");
}
