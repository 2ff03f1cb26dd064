//! Measurements: recording one in the benchmark's unit with its evidence (a link or a file),
//! refusing wrong values and bad files without keeping anything, who may record, and removal.

use crate::support;
use crate::support::people::{MANAGER, SUPT};

use chrono::{NaiveDate, TimeDelta};
use reqwest::multipart::{Form, Part};
use sqlx::PgConnection;
use support::{
    Client, TestApp, assert_contains, assert_kept, assert_says, assert_status, input_value,
    location,
};
use throughline::calendar;
use uuid::Uuid;

/// A day `days` after Randolph's plan began (its first school year is this one), today at the
/// latest: measurements are dated within the plan's years.
fn day_in_plan(days: i64) -> String {
    let today = calendar::today();
    let start = calendar::school_year_start(calendar::school_year_of(today));
    (start + TimeDelta::days(days)).min(today).to_string()
}

fn label(day: &str) -> String {
    calendar::date_label(day.parse::<NaiveDate>().unwrap())
}

/// A fresh app, the owner's connection to its database and a percent benchmark of Randolph's
/// approved plan under an initiative not led by the leader.
async fn on_a_benchmark() -> (TestApp, PgConnection, Uuid) {
    let app = TestApp::spawn().await;
    let mut conn = app.owner_conn().await;
    let id = benchmark(&mut conn).await;
    (app, conn, id)
}

/// A percent benchmark of Randolph's approved plan under an initiative (not led by the leader).
async fn benchmark(conn: &mut PgConnection) -> Uuid {
    sqlx::query_scalar(
        "SELECT b.id FROM benchmarks b JOIN plans p ON p.id = b.plan_id \
         JOIN districts d ON d.id = p.district_id JOIN initiatives i ON i.id = b.initiative_id \
         WHERE d.slug = 'randolph' AND p.status = 'approved' AND b.unit = 'percent' \
           AND i.lead_user_id IS DISTINCT FROM (SELECT id FROM users WHERE email = 'leader.randolph@demo.test') \
         ORDER BY b.rank LIMIT 1",
    )
    .fetch_one(conn)
    .await
    .unwrap()
}

/// (measurements, evidence) rows of the district, and files in the evidence folder.
async fn kept(app: &TestApp, conn: &mut PgConnection) -> (i64, i64, usize) {
    let (measurements, evidence): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM measurements), (SELECT count(*) FROM evidence)",
    )
    .fetch_one(conn)
    .await
    .unwrap();
    (measurements, evidence, files(app.evidence_dir.path()).len())
}

fn files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[derive(Debug, PartialEq, sqlx::FromRow)]
struct Attached {
    kind: String,
    url: Option<String>,
    title: String,
    file_name: Option<String>,
    byte_size: Option<i64>,
}

/// The evidence attached to the benchmark's measurement of `value`.
async fn attached(conn: &mut PgConnection, benchmark: Uuid, value: f64) -> Attached {
    sqlx::query_as(
        "SELECT e.kind::text AS kind, e.url, e.title, e.file_name, e.byte_size FROM evidence e \
         JOIN measurements m ON m.id = e.measurement_id WHERE m.benchmark_id = $1 AND m.value = $2",
    )
    .bind(benchmark)
    .bind(value)
    .fetch_one(conn)
    .await
    .unwrap()
}

fn form(fields: &[(&'static str, &str)]) -> Form {
    fields.iter().fold(Form::new(), |form, (name, value)| {
        form.text(*name, value.to_string())
    })
}

async fn record(client: &Client, benchmark: Uuid, form: Form) -> reqwest::Response {
    let path = format!("/districts/randolph/benchmarks/{benchmark}/measurements");
    client
        .http
        .post(client.url(&path))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

const SMALL_PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

#[tokio::test]
async fn a_measurement_is_saved_in_the_benchmarks_unit_and_goes_back_to_the_benchmark() {
    let (app, mut conn, id) = on_a_benchmark().await;
    let manager = app.signed_in(MANAGER).await;
    let new = format!("/districts/randolph/benchmarks/{id}/measurements/new");
    let page = manager.get_status(&new, 200).await;
    assert!(
        page.contains("enctype=\"multipart/form-data\"") && page.contains("Evidence (optional)")
    );
    assert!(page.contains("A percentage from 0 to 100"));
    let day = day_in_plan(136);
    let fields = [
        ("value", "62%"),
        ("measured_on", day.as_str()),
        ("population", "Grade 3, all elementary schools"),
        ("note", "Fall interim"),
    ];
    let saved = record(&manager, id, form(&fields)).await;
    assert_eq!(saved.status(), 303);
    assert_eq!(
        location(&saved),
        format!("/districts/randolph/benchmarks/{id}")
    );
    let row: (f64, String, String) = sqlx::query_as(
        "SELECT value, measured_on::text, population FROM measurements WHERE benchmark_id = $1 \
         ORDER BY recorded_at DESC LIMIT 1",
    )
    .bind(id)
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(
        row,
        (62.0, day.clone(), "Grade 3, all elementary schools".into())
    );
}

#[tokio::test]
async fn wrong_values_and_dates_are_refused_with_the_typed_text_kept_and_nothing_saved() {
    let (app, mut conn, id) = on_a_benchmark().await;
    // No demo benchmark is a count: make another benchmark of the plan one.
    let counted: Uuid = sqlx::query_scalar(
        "UPDATE benchmarks SET unit = 'count' WHERE id = (SELECT o.id FROM benchmarks o \
         JOIN benchmarks b ON b.plan_id = o.plan_id WHERE b.id = $1 AND o.id <> $1 LIMIT 1) RETURNING id",
    )
    .bind(id)
    .fetch_one(&mut conn)
    .await
    .unwrap();
    let before = kept(&app, &mut conn).await;
    let manager = app.signed_in(MANAGER).await;
    let day = day_in_plan(136);
    let cases = [
        (id, "140", day.as_str(), "between 0 and 100"),
        (
            id,
            "yes",
            day.as_str(),
            "measured as a percentage, not yes or no",
        ),
        (id, "60", "2999-11-14", "cannot be in the future"),
        (counted, "62%", day.as_str(), "not a percentage"),
        (id, "60", "2015-10-01", "The date is outside this plan"),
    ];
    for (benchmark, value, date, message) in cases {
        let fields = [
            ("value", value),
            ("measured_on", date),
            ("population", "Grade 5 students"),
            ("evidence_link", "https://example.org/report"),
        ];
        let refused = record(&manager, benchmark, form(&fields)).await;
        assert_eq!(refused.status(), 422, "{value} {date}");
        let page = refused.text().await.unwrap();
        assert!(page.contains(message), "{value} {date}: {message}");
        assert_eq!(input_value(&page, "value").as_deref(), Some(value));
        assert_kept(&page, &[("population", "Grade 5 students")]);
        let link = input_value(&page, "evidence_link");
        assert_eq!(link.as_deref(), Some("https://example.org/report"));
    }
    assert_eq!(kept(&app, &mut conn).await, before);
}

#[tokio::test]
async fn a_link_or_a_small_pdf_is_kept_as_evidence_attached_to_the_measurement() {
    let (app, mut conn, id) = on_a_benchmark().await;
    let supt = app.signed_in(SUPT).await;
    let (october, november) = (day_in_plan(92), day_in_plan(123));
    let linked = form(&[
        ("value", "55"),
        ("measured_on", october.as_str()),
        ("evidence_link", "https://example.org/interim-report"),
        ("evidence_title", "Interim report"),
    ]);
    assert_eq!(record(&supt, id, linked).await.status(), 303);
    assert_eq!(
        attached(&mut conn, id, 55.0).await,
        Attached {
            kind: "link".into(),
            url: Some("https://example.org/interim-report".into()),
            title: "Interim report".into(),
            file_name: None,
            byte_size: None,
        }
    );

    let before = files(app.evidence_dir.path()).len();
    let pdf = Part::bytes(SMALL_PDF.to_vec())
        .file_name("fall-interim.pdf")
        .mime_str("application/pdf")
        .unwrap();
    let upload =
        form(&[("value", "58"), ("measured_on", november.as_str())]).part("evidence_file", pdf);
    assert_eq!(record(&supt, id, upload).await.status(), 303);
    let file = attached(&mut conn, id, 58.0).await;
    assert_eq!(
        (file.kind.as_str(), file.file_name.as_deref()),
        ("file", Some("fall-interim.pdf"))
    );
    assert_eq!(file.byte_size, Some(SMALL_PDF.len() as i64));
    let stored = files(app.evidence_dir.path());
    assert_eq!(stored.len(), before + 1);
    assert!(
        stored
            .iter()
            .any(|f| std::fs::read(f).unwrap() == SMALL_PDF)
    );
}

#[tokio::test]
async fn an_empty_file_refuses_the_whole_form_and_asks_for_the_file_again() {
    let (app, mut conn, id) = on_a_benchmark().await;
    let before = kept(&app, &mut conn).await;
    let manager = app.signed_in(MANAGER).await;
    let empty = Part::bytes(Vec::new()).file_name("report.pdf");
    let day = day_in_plan(123);
    let fields = form(&[
        ("value", "61"),
        ("measured_on", day.as_str()),
        ("note", "Kept note"),
    ]);
    let refused = record(&manager, id, fields.part("evidence_file", empty)).await;
    let page = assert_status(refused, 422).await;
    assert!(page.contains("The file is empty"));
    assert!(page.contains("choose it again before you save"));
    assert!(page.contains("Kept note") && input_value(&page, "value").as_deref() == Some("61"));
    assert_eq!(kept(&app, &mut conn).await, before);
}

#[tokio::test]
async fn only_people_who_may_record_can_and_only_on_a_plan_that_takes_progress() {
    let (app, mut conn, id) = on_a_benchmark().await;
    let before = kept(&app, &mut conn).await;
    let new = format!("/districts/randolph/benchmarks/{id}/measurements/new");
    let day = day_in_plan(123);
    let fields = [("value", "60"), ("measured_on", day.as_str())];
    for (email, expected) in [
        ("monitor.east@demo.test", 403),
        ("ese.staff@demo.test", 403),
        ("leader.randolph@demo.test", 403),
        ("supt.newbedford@demo.test", 404),
    ] {
        let client = app.signed_in(email).await;
        assert_eq!(client.get_code(&new).await, expected, "{email}");
        assert_eq!(
            record(&client, id, form(&fields)).await.status(),
            expected,
            "{email}"
        );
    }
    app.execute(&format!("UPDATE plans SET status = 'draft' WHERE id = (SELECT plan_id FROM benchmarks WHERE id = '{id}')")).await;
    let manager = app.signed_in(MANAGER).await;
    manager.get_status(&new, 409).await;
    let refused = record(&manager, id, form(&fields)).await;
    assert_says(refused, 409, "This plan is a draft").await;
    assert_eq!(kept(&app, &mut conn).await, before);
}

#[tokio::test]
async fn removing_a_measurement_leaves_its_evidence_in_the_library_unattached() {
    let (app, mut conn, id) = on_a_benchmark().await;
    let manager = app.signed_in(MANAGER).await;
    let day = day_in_plan(91);
    let linked = form(&[
        ("value", "47"),
        ("measured_on", day.as_str()),
        ("evidence_link", "https://example.org/baseline"),
    ]);
    assert_eq!(record(&manager, id, linked).await.status(), 303);
    let (measurement, evidence): (Uuid, Uuid) = sqlx::query_as(
        "SELECT m.id, e.id FROM measurements m JOIN evidence e ON e.measurement_id = m.id \
         WHERE m.benchmark_id = $1 AND m.value = 47",
    )
    .bind(id)
    .fetch_one(&mut conn)
    .await
    .unwrap();
    let remove = format!("/districts/randolph/measurements/{measurement}/remove");
    let monitor = app.signed_in("monitor.east@demo.test").await;
    monitor.post_status(&remove, &[], 403).await;
    let page = manager.get_status(&remove, 200).await;
    assert!(page.contains("47%") && page.contains(&label(&day)));
    assert!(page.contains("stays in the evidence library, no longer attached"));
    let removed = manager.post(&remove, &[]).await;
    assert_eq!(removed.status(), 303);
    assert_eq!(
        location(&removed),
        format!("/districts/randolph/benchmarks/{id}")
    );
    let left: (i64, Option<Uuid>) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM measurements WHERE id = $1), \
                (SELECT measurement_id FROM evidence WHERE id = $2)",
    )
    .bind(measurement)
    .bind(evidence)
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(left, (0, None));
    let still_there: i64 = sqlx::query_scalar("SELECT count(*) FROM evidence WHERE id = $1")
        .bind(evidence)
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(still_there, 1);
    // The plan's history says what was removed and by whom.
    let plan: Uuid = sqlx::query_scalar("SELECT plan_id FROM benchmarks WHERE id = $1")
        .bind(id)
        .fetch_one(&mut conn)
        .await
        .unwrap();
    let (_, changes) = manager
        .get_text(&format!("/districts/randolph/plans/{plan}/changes"))
        .await;
    let measured = format!("Measurement of {}", label(&day));
    assert_contains(&changes, &measured);
    assert_contains(&changes, "47%");
}

#[tokio::test]
async fn a_measurement_dated_outside_the_plans_years_is_refused_with_what_was_typed_kept() {
    let (app, mut conn, id) = on_a_benchmark().await;
    let before = kept(&app, &mut conn).await;
    let manager = app.signed_in(MANAGER).await;
    let fields = [
        ("value", "64"),
        ("measured_on", "2015-11-14"),
        ("note", "Spring benchmark, typed from the old binder"),
    ];
    let refused = record(&manager, id, form(&fields)).await;
    let page = support::unescape(&assert_status(refused, 422).await);
    assert_contains(&page, "The date is outside this plan's school years");
    assert!(page.contains("A measurement may be dated at most a month before or after them"));
    assert_kept(&page, &[("measured_on", "2015-11-14"), ("value", "64")]);
    assert!(page.contains("Spring benchmark, typed from the old binder"));
    assert_eq!(kept(&app, &mut conn).await, before);
    // A month before the plan's first school year is still accepted (a baseline).
    let today = calendar::today();
    let start = calendar::school_year_start(calendar::school_year_of(today));
    let baseline = (start - TimeDelta::days(20)).to_string();
    let fields = [("value", "41"), ("measured_on", baseline.as_str())];
    assert_eq!(record(&manager, id, form(&fields)).await.status(), 303);
}

#[tokio::test]
async fn the_same_form_sent_twice_records_one_measurement_and_keeps_one_file() {
    let (app, mut conn, id) = on_a_benchmark().await;
    let before = kept(&app, &mut conn).await;
    let manager = app.signed_in(MANAGER).await;
    let new = format!("/districts/randolph/benchmarks/{id}/measurements/new");
    let (_, page) = manager.get_text(&new).await;
    let token = input_value(&page, "form_token").expect("the form carries a one-time token");
    let day = day_in_plan(123);
    let post = || {
        let pdf = Part::bytes(SMALL_PDF.to_vec())
            .file_name("interim.pdf")
            .mime_str("application/pdf")
            .unwrap();
        let fields = [
            ("value", "59"),
            ("measured_on", day.as_str()),
            ("form_token", token.as_str()),
        ];
        record(&manager, id, form(&fields).part("evidence_file", pdf))
    };
    let (first, second) = tokio::join!(post(), post());
    assert_eq!(
        (first.status().as_u16(), second.status().as_u16()),
        (303, 303)
    );
    assert_eq!(location(&first), location(&second));
    let (measurements, evidence, files) = kept(&app, &mut conn).await;
    assert_eq!(
        (measurements, evidence, files),
        (before.0 + 1, before.1 + 1, before.2 + 1)
    );
    // Sent again later (the back button and resend): still the one measurement.
    let again = post().await;
    assert_eq!(again.status(), 303);
    assert_eq!(kept(&app, &mut conn).await, (measurements, evidence, files));
    // A form from before tokens existed still records.
    let fields = [("value", "60"), ("measured_on", day.as_str())];
    assert_eq!(record(&manager, id, form(&fields)).await.status(), 303);
    assert_eq!(kept(&app, &mut conn).await.0, measurements + 1);
}
