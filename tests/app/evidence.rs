//! Evidence: uploading files and recording links, what bad uploads get, downloads and who may
//! make them, the library's filters, and removal.

use crate::support;
use crate::support::people::{LEADER, MANAGER, MONITOR};

use reqwest::multipart::{Form, Part};
use support::{Client, TestApp, assert_contains, assert_status, location};

const LIBRARY: &str = "/districts/randolph/evidence";
pub(crate) const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// Posts the evidence form: text fields, and a file (name, bytes) when given.
async fn post_evidence(
    client: &Client,
    fields: &[(&str, &str)],
    file: Option<(&str, &[u8])>,
) -> reqwest::Response {
    let mut form = Form::new();
    for (name, value) in fields {
        form = form.text(name.to_string(), value.to_string());
    }
    if let Some((name, bytes)) = file {
        let part = Part::bytes(bytes.to_vec()).file_name(name.to_string());
        form = form.part("evidence_file", part);
    }
    let url = client.url(LIBRARY);
    client.http.post(url).multipart(form).send().await.unwrap()
}

async fn post_status(client: &Client, fields: &[(&str, &str)]) -> u16 {
    post_evidence(client, fields, None).await.status().as_u16()
}

async fn get_status(client: &Client, path: &str) -> u16 {
    client.get(path).await.status().as_u16()
}

async fn scalar<T>(app: &TestApp, sql: &str, bind: &str) -> T
where
    T: Send + Unpin + for<'r> sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>,
{
    sqlx::query_scalar(sql)
        .bind(bind)
        .fetch_one(&mut app.owner_conn().await)
        .await
        .unwrap()
}

async fn evidence_rows(app: &TestApp) -> i64 {
    let sql = "SELECT count(*) FROM evidence WHERE title LIKE $1";
    scalar(app, sql, "Test:%").await
}

/// How many files the app's evidence store holds.
fn stored_files(app: &TestApp) -> usize {
    fn walk(dir: &std::path::Path) -> usize {
        let entries = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path());
        entries.map(|p| if p.is_dir() { walk(&p) } else { 1 }).sum()
    }
    walk(app.evidence_dir.path())
}

/// An initiative of Randolph's approved plan whose linked lead is (or is not) the leader.
async fn randolph_initiative(app: &TestApp, led_by_leader: bool) -> String {
    let sql = format!(
        "SELECT i.id::text FROM initiatives i JOIN objectives o ON o.id = i.objective_id \
         JOIN plans p ON p.id = o.plan_id JOIN districts d ON d.id = p.district_id \
         WHERE d.slug = 'randolph' AND p.status = 'approved' AND i.lead_user_id {} \
           (SELECT id FROM users WHERE email = $1) ORDER BY o.rank, i.rank LIMIT 1",
        if led_by_leader {
            "="
        } else {
            "IS DISTINCT FROM"
        }
    );
    scalar(app, &sql, LEADER).await
}

/// Uploads the test PDF as the manager; returns the evidence id.
pub(crate) async fn upload_pdf(app: &TestApp, manager: &Client, title: &str) -> String {
    let initiative = randolph_initiative(app, true).await;
    let fields = [
        ("initiative", initiative.as_str()),
        ("evidence_title", title),
        ("evidence_date", "2026-10-15"),
    ];
    let file = Some(("Walkthrough – Nov.pdf", PDF));
    let response = post_evidence(manager, &fields, file).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), LIBRARY);
    scalar(app, "SELECT id::text FROM evidence WHERE title = $1", title).await
}

#[tokio::test]
async fn a_pdf_comes_back_byte_for_byte_as_an_attachment() {
    let app = TestApp::spawn().await;
    let manager = app.signed_in(MANAGER).await;
    let form = manager.get_status(&format!("{LIBRARY}/new"), 200).await;
    assert!(form.contains("at most 20 MB") && form.contains("PDF, Word"));
    let id = upload_pdf(&app, &manager, "Test: walkthrough summary").await;
    assert_eq!(stored_files(&app), 1);

    let (_, library) = manager.get_text(LIBRARY).await;
    assert!(library.contains("“Test: walkthrough summary” was added to the evidence library."));
    assert!(library.contains(&format!("{LIBRARY}/{id}/file")));
    assert!(library.contains("PDF · "), "the type and size are shown");
    assert!(library.contains("Initiative 1."), "what it is attached to");

    let response = manager.get(&format!("{LIBRARY}/{id}/file")).await;
    assert_eq!(response.status(), 200);
    let header = |name: &str| response.headers()[name].to_str().unwrap().to_string();
    assert_eq!(header("content-type"), "application/pdf");
    assert_eq!(
        header("content-disposition"),
        "attachment; filename=\"Walkthrough _ Nov.pdf\"; filename*=UTF-8''Walkthrough%20%E2%80%93%20Nov.pdf"
    );
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("cache-control"), "private, no-store");
    assert_eq!(response.bytes().await.unwrap().as_ref(), PDF);
}

#[tokio::test]
async fn a_link_is_recorded_and_listed() {
    let app = TestApp::spawn().await;
    let manager = app.signed_in(MANAGER).await;
    let fields = [
        ("initiative_choice", ""),
        ("evidence_title", "Test: district data dashboard"),
        ("evidence_date", "2026-09-30"),
        ("evidence_link", "https://randolph.example.org/dashboard"),
        ("evidence_note", "Fall benchmark results"),
    ];
    assert_eq!(post_status(&manager, &fields).await, 303);
    assert_eq!(evidence_rows(&app).await, 1);
    let (_, library) = manager.get_text(LIBRARY).await;
    let link = "<a href=\"https://randolph.example.org/dashboard\" rel=\"noopener noreferrer\"";
    assert_contains(&library, link);
    assert!(library.contains("Test: district data dashboard"));
    assert!(library.contains("Not attached"));
    assert!(library.contains("Fall benchmark results"));
    assert_eq!(stored_files(&app), 0, "a link stores no file");
}

#[tokio::test]
async fn bad_uploads_are_refused_with_a_message_and_store_nothing() {
    let app = TestApp::spawn_with_upload_limit(1).await;
    let manager = app.signed_in(MANAGER).await;
    let mut too_large = PDF.to_vec();
    too_large.resize(1024 * 1024 * 3 / 2, b' ');
    let tomorrow = (chrono::Utc::now().date_naive() + chrono::Days::new(2)).to_string();
    // (case, file name, content, message); no file name means no file.
    let cases: [(&str, &str, &[u8], &str); 8] = [
        ("too large", "big.pdf", &too_large, "larger than 1 MB"),
        (
            "executable",
            "report.pdf",
            b"MZ\x90\0\x03\0",
            "cannot be kept",
        ),
        (
            "script",
            "run.pdf",
            b"#!/bin/sh\nrm -rf /\n",
            "cannot be kept",
        ),
        ("renamed", "minutes.docx", PDF, "its content is a PDF"),
        ("empty", "empty.pdf", b"", "The file is empty"),
        ("path", "../../etc/passwd", PDF, "may not contain folders"),
        ("future", "", b"", "cannot be in the future"),
        ("nothing", "", b"", "Choose a file to upload"),
    ];
    for (case, name, bytes, message) in cases {
        let title = format!("Test: {case} upload");
        let (date, link) = match case {
            "future" => (tomorrow.as_str(), "https://randolph.example.org/x"),
            _ => ("2026-10-01", ""),
        };
        let fields = [
            ("evidence_title", title.as_str()),
            ("evidence_date", date),
            ("evidence_link", link),
        ];
        let file = (!name.is_empty()).then_some((name, bytes));
        let response = post_evidence(&manager, &fields, file).await;
        assert_eq!(response.status(), 422, "{case}");
        let page = response.text().await.unwrap();
        assert!(page.contains(message), "{case}: {page}");
        let kept = format!("value=\"{title}\"");
        assert!(page.contains(&kept), "{case}: the title is kept");
        assert_eq!(evidence_rows(&app).await, 0, "{case}: no row");
        assert_eq!(stored_files(&app), 0, "{case}: no file");
    }
}

#[tokio::test]
async fn another_districts_file_is_not_found() {
    let app = TestApp::spawn().await;
    let manager = app.signed_in(MANAGER).await;
    let id = upload_pdf(&app, &manager, "Test: Randolph only").await;
    let outsider = app.signed_in("supt.newbedford@demo.test").await;
    for path in [
        format!("{LIBRARY}/{id}/file"),
        format!("/districts/new-bedford/evidence/{id}/file"),
        format!("/districts/new-bedford/evidence/{id}/remove"),
    ] {
        let response = outsider.get(&path).await;
        assert_eq!(response.status(), 404, "{path}");
        let body = response.bytes().await.unwrap();
        assert!(!body.windows(8).any(|w| w == &PDF[..8]), "{path} leaked");
    }
    let (_, library) = outsider.get_text("/districts/new-bedford/evidence").await;
    assert!(!library.contains("Test: Randolph only"));
}

#[tokio::test]
async fn a_monitor_reads_and_downloads_but_does_not_add() {
    let app = TestApp::spawn().await;
    let manager = app.signed_in(MANAGER).await;
    let id = upload_pdf(&app, &manager, "Test: for the monitor").await;
    let monitor = app.signed_in(MONITOR).await;
    let library = monitor.get_status(LIBRARY, 200).await;
    assert!(library.contains("Test: for the monitor"));
    assert!(!library.contains(&format!("{LIBRARY}/new")), "no Add link");
    assert!(!library.contains("/remove"), "no Remove link");
    let response = monitor.get(&format!("{LIBRARY}/{id}/file")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.bytes().await.unwrap().as_ref(), PDF);
    assert_eq!(get_status(&monitor, &format!("{LIBRARY}/new")).await, 403);
    let fields = [("evidence_link", "https://example.org/x")];
    assert_eq!(post_status(&monitor, &fields).await, 403);
    let remove = format!("{LIBRARY}/{id}/remove");
    assert_eq!(get_status(&monitor, &remove).await, 403);
    monitor.post_status(&remove, &[], 403).await;
    assert_eq!(evidence_rows(&app).await, 1);
}

#[tokio::test]
async fn a_leader_adds_evidence_only_to_initiatives_they_lead() {
    let app = TestApp::spawn().await;
    let leader = app.signed_in(LEADER).await;
    let (led, other) = (
        randolph_initiative(&app, true).await,
        randolph_initiative(&app, false).await,
    );
    let new = |id: &str| format!("{LIBRARY}/new?initiative={id}");
    let form = leader.get_status(&new(&led), 200).await;
    assert!(form.contains(&format!("name=\"initiative\" value=\"{led}\"")));
    let url = ("evidence_link", "https://example.org/walkthrough");
    let fields = [
        ("evidence_title", "Test: led"),
        url,
        ("initiative", led.as_str()),
    ];
    assert_eq!(post_status(&leader, &fields).await, 303);
    assert_eq!(get_status(&leader, &new(&other)).await, 403);
    let fields = [
        ("evidence_title", "Test: not led"),
        url,
        ("initiative", other.as_str()),
    ];
    assert_eq!(post_status(&leader, &fields).await, 403);
    // Without an initiative, a leader must choose one of theirs.
    let form = leader.get_status(&format!("{LIBRARY}/new"), 200).await;
    assert!(form.contains(&led) && !form.contains(&other));
    let fields = [("evidence_title", "Test: unattached"), url];
    let response = post_evidence(&leader, &fields, None).await;
    let page = assert_status(response, 422).await;
    assert!(page.contains("Choose the initiative this evidence is for"));
    assert_eq!(evidence_rows(&app).await, 1);

    // Another district's initiative is not found from Randolph's form.
    let manager = app.signed_in(MANAGER).await;
    let sql = "SELECT i.id::text FROM initiatives i JOIN districts d ON d.id = i.district_id \
               WHERE d.slug = $1 LIMIT 1";
    let foreign: String = scalar(&app, sql, "new-bedford").await;
    assert_eq!(get_status(&manager, &new(&foreign)).await, 404);
}

#[tokio::test]
async fn the_library_filters_by_initiative_kind_and_date() {
    let app = TestApp::spawn().await;
    sqlx::query("DELETE FROM evidence WHERE district_id = (SELECT id FROM districts WHERE slug = 'randolph')")
        .execute(&mut app.owner_conn().await)
        .await
        .unwrap();
    let manager = app.signed_in(MANAGER).await;
    let empty = manager.get_status(LIBRARY, 200).await;
    assert!(empty.contains("No evidence has been added yet"));
    let (x, y) = (
        randolph_initiative(&app, true).await,
        randolph_initiative(&app, false).await,
    );
    let benchmark_of_y: String = scalar(
        &app,
        "SELECT id::text FROM benchmarks WHERE initiative_id = $1::uuid LIMIT 1",
        &y,
    )
    .await;
    let measurement_of_x: String = scalar(
        &app,
        "INSERT INTO measurements (district_id, benchmark_id, value, measured_on) \
         SELECT district_id, id, 55, '2025-12-01' FROM benchmarks WHERE initiative_id = $1::uuid LIMIT 1 \
         RETURNING id::text",
        &x,
    )
    .await;
    // A: a link on X; B: a file on a benchmark of Y; C: a link on a measurement for X.
    let link = ("evidence_link", "https://example.org/evidence");
    for fields in [
        [
            ("initiative", x.as_str()),
            ("evidence_title", "Test: A"),
            ("evidence_date", "2025-10-01"),
            link,
        ],
        [
            ("benchmark", &benchmark_of_y),
            ("evidence_title", "Test: B"),
            ("evidence_date", "2025-12-01"),
            ("evidence_link", ""),
        ],
        [
            ("measurement", &measurement_of_x),
            ("evidence_title", "Test: C"),
            ("evidence_date", "2026-01-15"),
            link,
        ],
    ] {
        let file = fields[3].1.is_empty().then_some(("b.pdf", PDF));
        assert_eq!(post_evidence(&manager, &fields, file).await.status(), 303);
    }
    let listed = |page: &str| -> Vec<&str> {
        ["Test: A", "Test: B", "Test: C"]
            .into_iter()
            .filter(|t| page.contains(t))
            .collect()
    };
    let (_, all) = manager.get_text(LIBRARY).await;
    assert_eq!(listed(&all), ["Test: A", "Test: B", "Test: C"]);
    assert!(all.contains("3 pieces of evidence"));
    assert!(
        all.find("Test: C").unwrap() < all.find("Test: A").unwrap(),
        "newest first"
    );
    assert!(all.contains("Measurement of Dec 1, 2025 for "));
    assert!(all.contains("Benchmark: "));
    for (query, expected) in [
        (format!("initiative={x}"), vec!["Test: A", "Test: C"]),
        (format!("initiative={y}"), vec!["Test: B"]),
        ("kind=file".to_string(), vec!["Test: B"]),
        ("kind=link".to_string(), vec!["Test: A", "Test: C"]),
        ("from=2025-11-01&to=2025-12-31".to_string(), vec!["Test: B"]),
        ("from=2026-01-01".to_string(), vec!["Test: C"]),
    ] {
        let page = manager.get_status(&format!("{LIBRARY}?{query}"), 200).await;
        assert_eq!(listed(&page), expected, "{query}");
        let count = match expected.len() {
            1 => "1 piece of evidence matches the filters".to_string(),
            n => format!("{n} pieces of evidence match the filters"),
        };
        assert!(page.contains(&count), "{query}: {count}");
    }
    let kept = format!("{LIBRARY}?kind=link&from=2025-11-01");
    let (_, kept) = manager.get_text(&kept).await;
    assert!(kept.contains("<option value=\"link\" selected>"));
    assert!(kept.contains("value=\"2025-11-01\""));
}

#[tokio::test]
async fn removing_evidence_deletes_its_file() {
    let app = TestApp::spawn().await;
    let manager = app.signed_in(MANAGER).await;
    let id = upload_pdf(&app, &manager, "Test: to remove").await;
    assert_eq!(stored_files(&app), 1);
    let path = format!("{LIBRARY}/{id}/remove");
    let page = manager.get_status(&path, 200).await;
    assert!(page.contains("Remove “Test: to remove”?"));
    let response = manager.post(&path, &[]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), LIBRARY);
    assert_eq!(evidence_rows(&app).await, 0);
    assert_eq!(stored_files(&app), 0, "the file is gone from the store");
    assert_eq!(
        get_status(&manager, &format!("{LIBRARY}/{id}/file")).await,
        404
    );
}

#[tokio::test]
async fn a_file_whose_name_gives_no_title_asks_for_one() {
    let app = TestApp::spawn().await;
    let manager = app.signed_in(MANAGER).await;
    let fields = [
        ("evidence_title", ""),
        ("evidence_date", "2026-10-01"),
        ("evidence_link", ""),
    ];
    let response = post_evidence(&manager, &fields, Some((".pdf", PDF))).await;
    let page = assert_status(response, 422).await;
    assert_contains(&page, "its file name does not give one");
    assert_eq!(evidence_rows(&app).await, 0);
    assert_eq!(stored_files(&app), 0);
}

#[tokio::test]
async fn the_same_upload_sent_twice_adds_one_evidence_and_keeps_one_file() {
    let app = TestApp::spawn().await;
    let manager = app.signed_in(MANAGER).await;
    let initiative = randolph_initiative(&app, true).await;
    let (_, page) = manager
        .get_text(&format!("{LIBRARY}/new?initiative={initiative}"))
        .await;
    let token = support::input_value(&page, "form_token").expect("the form carries a token");
    let fields = [
        ("initiative", initiative.as_str()),
        ("evidence_title", "Test: walkthrough notes"),
        ("evidence_date", "2026-10-15"),
        ("form_token", token.as_str()),
    ];
    let file = Some(("notes.pdf", PDF));
    let (first, second) = tokio::join!(
        post_evidence(&manager, &fields, file),
        post_evidence(&manager, &fields, file)
    );
    assert_eq!(
        (first.status().as_u16(), second.status().as_u16()),
        (303, 303)
    );
    assert_eq!(location(&first), location(&second));
    assert_eq!((evidence_rows(&app).await, stored_files(&app)), (1, 1));
    // Resent later with the back button: still the one.
    assert_eq!(post_evidence(&manager, &fields, file).await.status(), 303);
    assert_eq!((evidence_rows(&app).await, stored_files(&app)), (1, 1));
}
