//! Quarterly Progress Reports, the monitor's part: starting a report for a period, writing and
//! rating every initiative on the rubric, the previous period's ratings beside the choice,
//! lost-edit protection, read-only published reports, who may do it, and tenancy.

use crate::support;
use crate::support::people::MONITOR;

use support::{TestApp, assert_says, location, unescape};
use throughline::calendar::{QprPeriod, today};
use throughline::qpr::rating::{PerformanceRating, ProcessRating};

fn due() -> QprPeriod {
    QprPeriod::last_ended(today())
}

/// Removes any report of `slug` (demo data may hold some) so each test chooses its own periods.
async fn clear(app: &TestApp, slug: &str) {
    app.execute(&format!(
        "DELETE FROM qprs WHERE district_id = (SELECT id FROM districts WHERE slug = '{slug}')"
    ))
    .await;
}

/// A report of `slug` on the period starting `start`, with a row per initiative, made with SQL.
async fn report(app: &TestApp, slug: &str, start: chrono::NaiveDate, status: &str) -> String {
    app.query_text(&format!(
        "WITH q AS (INSERT INTO qprs (district_id, plan_id, period_start, status) \
             SELECT d.id, p.id, '{start}', '{status}' FROM districts d \
             JOIN plans p ON p.district_id = d.id AND p.status = 'approved' WHERE d.slug = '{slug}' \
             RETURNING id, district_id, plan_id), \
         i AS (INSERT INTO qpr_initiatives (district_id, qpr_id, initiative_id) \
             SELECT q.district_id, q.id, ini.id FROM q JOIN objectives o ON o.plan_id = q.plan_id \
             JOIN initiatives ini ON ini.objective_id = o.id RETURNING 1) \
         SELECT q.id::text FROM q"
    ))
    .await
}

/// The first initiative of the district's approved plan: (id, description).
async fn first_initiative(app: &TestApp, slug: &str) -> (String, String) {
    let row = app
        .query_text(&format!(
            "SELECT i.id || '|' || i.description FROM initiatives i \
             JOIN objectives o ON o.id = i.objective_id JOIN plans p ON p.id = o.plan_id \
             JOIN districts d ON d.id = p.district_id \
             WHERE d.slug = '{slug}' AND p.status = 'approved' ORDER BY o.rank, i.rank LIMIT 1"
        ))
        .await;
    let (id, description) = row.split_once('|').unwrap();
    (id.to_string(), description.to_string())
}

#[tokio::test]
async fn the_monitor_starts_a_report_for_a_period_with_a_row_for_every_objective_and_initiative() {
    let app = TestApp::spawn().await;
    clear(&app, "randolph").await;
    let monitor = app.signed_in(MONITOR).await;
    let html = monitor.get_status("/districts/randolph/qprs", 200).await;
    assert!(html.contains(&due().label()), "the period due now is named");
    assert!(html.contains("has not been started yet"));
    let html = monitor
        .get_status("/districts/randolph/qprs/new", 200)
        .await;
    assert!(html.contains(&format!("published in {}", due().publication_label())));

    let start = due().start.to_string();
    let path = monitor
        .submit("/districts/randolph/qprs", &[("period", &start)])
        .await;
    let id = path.rsplit('/').next().unwrap().to_string();
    assert_eq!(path, format!("/districts/randolph/qprs/{id}"));
    let counts = app
        .query_text(&format!(
            "SELECT (SELECT count(*) FROM qpr_objectives WHERE qpr_id = '{id}') || '/' || \
                    (SELECT count(*) FROM objectives o JOIN plans p ON p.id = o.plan_id \
                     JOIN districts d ON d.id = p.district_id WHERE d.slug = 'randolph' AND p.status = 'approved') || ' ' || \
                    (SELECT count(*) FROM qpr_initiatives WHERE qpr_id = '{id}') || '/' || \
                    (SELECT count(*) FROM initiatives i JOIN objectives o ON o.id = i.objective_id \
                     JOIN plans p ON p.id = o.plan_id JOIN districts d ON d.id = p.district_id \
                     WHERE d.slug = 'randolph' AND p.status = 'approved') || ' ' || \
                    (SELECT u.email FROM qprs q JOIN users u ON u.id = q.monitor_id WHERE q.id = '{id}')"
        ))
        .await;
    let parts: Vec<&str> = counts.split(' ').collect();
    let [objectives, initiatives, email] = parts[..] else {
        panic!("{counts}")
    };
    let (o, ot) = objectives.split_once('/').unwrap();
    let (i, it) = initiatives.split_once('/').unwrap();
    assert!(o == ot && o != "0" && i == it && i != "0", "{counts}");
    assert_eq!(email, MONITOR);

    let html = monitor.get_status(&path, 200).await;
    assert!(html.contains(&due().label()) && html.contains(&due().publication_label()));
    assert!(html.contains("Not rated yet."));
    assert!(html.contains(&format!("{i} initiatives still need ratings or evidence")));
    assert!(html.contains(&format!("{path}/process")) && html.contains("Review and publication"));
    assert!(
        html.contains(&format!("{path}/edit")),
        "the monitor can edit"
    );
    let (_, list) = monitor.get_text("/districts/randolph/qprs").await;
    assert!(list.contains(&path) && list.contains("It has been started"));

    // The same period again is refused on the form.
    let response = monitor
        .post("/districts/randolph/qprs", &[("period", &start)])
        .await;
    assert_says(response, 422, "already has a report").await;
    let reports = app
        .query_text("SELECT count(*)::text FROM qprs q JOIN districts d ON d.id = q.district_id WHERE d.slug = 'randolph'")
        .await;
    assert_eq!(reports, "1");
}

#[tokio::test]
async fn only_the_monitor_starts_and_edits_reports() {
    let app = TestApp::spawn().await;
    clear(&app, "randolph").await;
    let id = report(&app, "randolph", due().start, "draft").await;
    let path = format!("/districts/randolph/qprs/{id}");
    let start = due().previous().start.to_string();
    for email in [
        "supt.randolph@demo.test",
        "manager.randolph@demo.test",
        "ese.staff@demo.test",
    ] {
        let client = app.signed_in(email).await;
        assert_eq!(
            client.get_code("/districts/randolph/qprs/new").await,
            403,
            "{email}"
        );
        assert_eq!(
            client
                .post_code("/districts/randolph/qprs", &[("period", &start)])
                .await,
            403,
            "{email}"
        );
        assert_eq!(
            client.get_code(&format!("{path}/edit")).await,
            403,
            "{email}"
        );
        assert_eq!(
            client
                .post_code(
                    &format!("{path}/edit"),
                    &[("version", "1"), ("summary", "Mine")],
                )
                .await,
            403,
            "{email}"
        );
        // Reading is open to them, without the edit link.
        let (code, html) = client.get_text(&path).await;
        assert_eq!(code, 200, "{email}");
        assert!(!html.contains(&format!("{path}/edit")), "{email}");
    }
    let summary = app
        .query_text(&format!(
            "SELECT summary || count(*) OVER () FROM qprs WHERE id = '{id}'"
        ))
        .await;
    assert_eq!(summary, "1", "nothing was saved or started");
}

#[tokio::test]
async fn the_monitor_rates_an_initiative_with_evidence_and_the_report_shows_it() {
    let app = TestApp::spawn().await;
    clear(&app, "randolph").await;
    let id = report(&app, "randolph", due().start, "draft").await;
    let path = format!("/districts/randolph/qprs/{id}");
    let (initiative, description) = first_initiative(&app, "randolph").await;
    // The previous period's published report rated this initiative.
    let previous = report(&app, "randolph", due().previous().start, "published").await;
    app.execute(&format!(
        "UPDATE qpr_initiatives SET process_rating = 'practices_in_place', performance_rating = 'reached_high' \
         WHERE qpr_id = '{previous}' AND initiative_id = '{initiative}'"
    ))
    .await;
    let evidence = app
        .query_text(&format!(
            "INSERT INTO evidence (district_id, title, evidence_on, kind, url, initiative_id) \
             SELECT district_id, 'Coaching log for the period', '{}', 'link', 'https://example.org/coaching-log', id \
             FROM initiatives WHERE id = '{initiative}' RETURNING id::text",
            due().start
        ))
        .await;
    let monitor = app.signed_in(MONITOR).await;
    let html = monitor.get_status(&format!("{path}/edit"), 200).await;
    let page = unescape(&html);
    for r in ProcessRating::ALL {
        assert!(
            page.contains(r.label()) && page.contains(r.description()),
            "{r:?}"
        );
    }
    for r in PerformanceRating::ALL {
        assert!(
            page.contains(r.label()) && page.contains(r.description()),
            "{r:?}"
        );
    }
    assert!(page.contains("Last period: Practices in Place Stage"));
    assert!(page.contains("Last period: Reached High Performance Goals Consistently"));
    assert!(
        page.contains("Coaching log for the period"),
        "library evidence is offered"
    );
    let version = support::input_value(&html, "version").unwrap();

    let f = |part: &str| format!("{part}-{initiative}");
    let form = [
        ("version".to_string(), version.clone()),
        ("summary".into(), "Steady progress on coaching.".into()),
        (
            f("narrative"),
            "Coaching cycles ran in every school.".into(),
        ),
        (f("process"), "technical".into()),
        (
            f("process_evidence"),
            "Walkthrough summaries of October".into(),
        ),
        (
            f("process_rationale"),
            "Activities done, quality uneven.".into(),
        ),
        (f("performance"), "partially_reached".into()),
        (f("performance_items"), evidence.clone()),
        (
            f("performance_rationale"),
            "Two of three benchmarks rose.".into(),
        ),
    ];
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let response = monitor.post(&format!("{path}/edit"), &pairs).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), path);
    let (_, html) = monitor.get_text(&path).await;
    let page = unescape(&html);
    assert!(page.contains("The report was saved."));
    assert!(
        page.contains("Steady progress on coaching.")
            && page.contains("Coaching cycles ran in every school.")
    );
    assert!(page.contains(&format!(": {description}")));
    assert!(
        page.contains("Technical Implementation Stage")
            && page.contains(ProcessRating::Technical.description())
    );
    assert!(page.contains("Partially Reached Performance Goals"));
    assert!(
        page.contains("Walkthrough summaries of October")
            && page.contains("Two of three benchmarks rose.")
    );
    assert!(page.contains("href=\"https://example.org/coaching-log\""));
    let total: usize = app
        .query_text(&format!(
            "SELECT count(*)::text FROM qpr_initiatives WHERE qpr_id = '{id}'"
        ))
        .await
        .parse()
        .unwrap();
    assert!(
        page.contains(&format!("{} initiative", total - 1)),
        "one fewer gap"
    );

    // A stale page: the save is refused with both texts, and nothing is saved.
    let stale = [
        ("version", version.as_str()),
        ("summary", "An older draft of the summary"),
    ];
    let response = monitor.post(&format!("{path}/edit"), &stale).await;
    assert_eq!(response.status(), 409);
    let html = unescape(&response.text().await.unwrap());
    assert!(html.contains("Someone else saved this report"));
    assert!(
        html.contains("An older draft of the summary")
            && html.contains("Steady progress on coaching.")
    );
    let summary = app.field("qprs", &id, "summary").await;
    assert_eq!(summary, "Steady progress on coaching.");
}

#[tokio::test]
async fn an_unknown_rating_or_another_districts_evidence_saves_nothing() {
    let app = TestApp::spawn().await;
    clear(&app, "randolph").await;
    let id = report(&app, "randolph", due().start, "draft").await;
    let path = format!("/districts/randolph/qprs/{id}");
    let (initiative, _) = first_initiative(&app, "randolph").await;
    let monitor = app.signed_in(MONITOR).await;
    let version = monitor.edit_version(&path).await;
    let (narrative, process) = (
        format!("narrative-{initiative}"),
        format!("process-{initiative}"),
    );
    let form = [
        ("version", version.as_str()),
        ("summary", "Kept summary text"),
        (narrative.as_str(), "Kept narrative text"),
        (process.as_str(), "embedded"),
    ];
    let response = monitor.post(&format!("{path}/edit"), &form).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("Choose one of the four levels"));
    assert!(html.contains("Kept summary text") && html.contains("Kept narrative text"));

    let other = app
        .query_text("SELECT e.id::text FROM evidence e JOIN districts d ON d.id = e.district_id WHERE d.slug = 'fall-river' LIMIT 1")
        .await;
    let items = format!("process_items-{initiative}");
    let form = [
        ("version", version.as_str()),
        ("summary", "Kept summary text"),
        (process.as_str(), "technical"),
        (items.as_str(), other.as_str()),
    ];
    monitor
        .post_status(&format!("{path}/edit"), &form, 404)
        .await;
    let saved = app
        .query_text(&format!(
            "SELECT q.summary || '|' || coalesce(r.process_rating::text, '') || '|' || q.version \
             FROM qprs q JOIN qpr_initiatives r ON r.qpr_id = q.id \
             WHERE q.id = '{id}' AND r.initiative_id = '{initiative}'"
        ))
        .await;
    assert_eq!(saved, "||1");
}

#[tokio::test]
async fn a_published_report_is_read_only_and_another_districts_reports_are_not_found() {
    let app = TestApp::spawn().await;
    clear(&app, "randolph").await;
    clear(&app, "fall-river").await;
    let id = report(&app, "randolph", due().start, "published").await;
    let path = format!("/districts/randolph/qprs/{id}");
    let monitor = app.signed_in(MONITOR).await;
    let html = monitor.get_status(&format!("{path}/edit"), 409).await;
    assert!(html.contains("Published reports change through a correction"));
    assert_eq!(
        monitor
            .post_code(
                &format!("{path}/edit"),
                &[("version", "1"), ("summary", "Changed")],
            )
            .await,
        409
    );
    let html = monitor.get_status(&path, 200).await;
    assert!(
        !html.contains(&format!("{path}/edit")),
        "no edit link on a published report"
    );

    let theirs = report(&app, "fall-river", due().start, "draft").await;
    for p in [
        format!("/districts/randolph/qprs/{theirs}"),
        format!("/districts/randolph/qprs/{theirs}/edit"),
        format!("/districts/fall-river/qprs/{theirs}"),
        format!("/districts/fall-river/qprs/{theirs}/edit"),
    ] {
        assert_eq!(monitor.get_code(&p).await, 404, "{p}");
    }
    assert_eq!(
        monitor
            .post_code(
                &format!("/districts/randolph/qprs/{theirs}/edit"),
                &[("version", "1"), ("summary", "Changed")],
            )
            .await,
        404
    );
    let summary = app.field("qprs", &theirs, "summary || version").await;
    assert_eq!(summary, "1");
}
