//! The public pages, read without signing in: only approved plans and published, posted
//! reports; no drafts, comments, evidence files or the monitor's name; unknown or unpublished
//! things are "not found".

use crate::support;

use support::fixtures::published_report as report;
use support::{TestApp, assert_contains, unescape};
use throughline::calendar::QprPeriod;
use throughline::qpr::rating::{PerformanceRating, ProcessRating};

const RANDOLPH: &str = "randolph";

async fn approved_plan(app: &TestApp, slug: &str) -> String {
    app.query_text(&format!(
        "SELECT p.id::text FROM plans p JOIN districts d ON d.id = p.district_id \
         WHERE d.slug = '{slug}' AND p.status = 'approved'"
    ))
    .await
}

/// The first initiative of the report's plan.
async fn first_initiative(app: &TestApp, qpr: &str) -> String {
    app.query_text(&format!(
        "SELECT i.id::text FROM initiatives i JOIN objectives o ON o.id = i.objective_id \
         JOIN qprs q ON q.plan_id = o.plan_id WHERE q.id = '{qpr}' ORDER BY o.rank, i.rank LIMIT 1"
    ))
    .await
}

/// A published report of `slug`'s, posted for the public.
async fn posted(app: &TestApp, slug: &str, start: &str, summary: &str) -> String {
    report(app, slug, start, "published", summary, true).await
}

fn public(slug: &str) -> String {
    format!("/public/districts/{slug}")
}

#[tokio::test]
async fn only_posted_published_reports_are_public() {
    let app = TestApp::spawn().await;
    let posted = posted(&app, RANDOLPH, "2030-09-01", "Posted summary ALPHA").await;
    let mut hidden = Vec::new();
    for (start, status, summary) in [
        ("2030-12-01", "draft", "Draft summary BRAVO"),
        ("2031-03-01", "ese_review", "Review summary CHARLIE"),
        ("2031-06-01", "published", "Unposted summary DELTA"),
    ] {
        hidden.push(report(&app, RANDOLPH, start, status, summary, false).await);
    }
    // No cookies: the public pages need no sign-in.
    let anyone = app.client();

    let (code, page) = anyone.get_text(&public(RANDOLPH)).await;
    assert_eq!(code, 200, "{page}");
    let page = unescape(&page);
    assert!(page.contains("Published by ESE. This page is public."));
    assert!(page.contains("Randolph"));
    assert!(
        !page.contains("Sign out"),
        "no signed-in frame on a public page"
    );
    let label = QprPeriod::containing("2030-09-01".parse().unwrap()).label();
    assert!(
        page.contains(&label),
        "the posted report's period is listed"
    );
    assert!(page.contains(&format!("/public/districts/{RANDOLPH}/qprs/{posted}")));
    for id in &hidden {
        assert!(
            !page.contains(id.as_str()),
            "an unposted report is not listed"
        );
    }
    for period in ["2030-12-01", "2031-03-01", "2031-06-01"] {
        let label = QprPeriod::containing(period.parse().unwrap()).label();
        assert!(!page.contains(&label), "{label} is not public");
    }

    let (code, report_page) = anyone
        .get_text(&format!("{}/qprs/{posted}", public(RANDOLPH)))
        .await;
    assert_eq!(code, 200, "{report_page}");
    assert!(report_page.contains("Posted summary ALPHA"));
    for (id, summary) in hidden.iter().zip(["BRAVO", "CHARLIE", "DELTA"]) {
        let (code, body) = anyone
            .get_text(&format!("{}/qprs/{id}", public(RANDOLPH)))
            .await;
        assert_eq!(code, 404, "report {summary} must not be reachable");
        assert!(!body.contains(summary));
        assert!(!report_page.contains(summary) && !page.contains(summary));
    }
    // A malformed id is as missing as any other.
    anyone
        .get_status(&format!("{}/qprs/not-an-id", public(RANDOLPH)), 404)
        .await;
}

#[tokio::test]
async fn another_districts_report_and_unknown_slugs_are_not_found() {
    let app = TestApp::spawn().await;
    let fall_river = posted(&app, "fall-river", "2030-09-01", "Fall River summary").await;
    let anyone = app.client();
    let (code, _) = anyone
        .get_text(&format!("{}/qprs/{fall_river}", public("fall-river")))
        .await;
    assert_eq!(code, 200, "under its own district it is public");
    let body = anyone
        .get_status(&format!("{}/qprs/{fall_river}", public(RANDOLPH)), 404)
        .await;
    assert!(!body.contains("Fall River summary"));
    for path in [
        "/public/districts/nowhere",
        "/public/districts/nowhere/plan",
        "/public/districts/nowhere/qprs/00000000-0000-0000-0000-000000000000",
    ] {
        assert_eq!(anyone.get_code(path).await, 404, "{path}");
    }
}

#[tokio::test]
async fn the_public_plan_is_the_approved_one_never_a_draft() {
    let app = TestApp::spawn().await;
    let plan_id = approved_plan(&app, RANDOLPH).await;
    let title = app.field("plans", &plan_id, "title").await;
    let activity = app
        .query_text(&format!(
            "SELECT a.description FROM activities a JOIN initiatives i ON i.id = a.initiative_id \
             JOIN objectives o ON o.id = i.objective_id WHERE o.plan_id = '{plan_id}' ORDER BY o.rank, i.rank, a.rank LIMIT 1"
        ))
        .await;
    app.execute(&format!(
        "INSERT INTO plans (district_id, title, first_school_year, last_school_year, status, previous_plan_id, key_issues) \
         SELECT district_id, 'Draft plan ECHO', first_school_year + 1, last_school_year + 1, 'draft', id, 'Draft key issues FOXTROT' \
         FROM plans WHERE id = '{plan_id}'"
    ))
    .await;
    let anyone = app.client();

    let (code, page) = anyone.get_text(&format!("{}/plan", public(RANDOLPH))).await;
    assert_eq!(code, 200, "{page}");
    let page = unescape(&page);
    assert!(page.contains(&title));
    assert!(
        page.contains(&activity),
        "activities are part of the public plan"
    );
    assert!(page.contains("Published by ESE. This page is public."));
    assert!(!page.contains("ECHO") && !page.contains("FOXTROT"));
    let (_, district_page) = anyone.get_text(&public(RANDOLPH)).await;
    assert!(unescape(&district_page).contains(&title));
    assert!(!district_page.contains("ECHO"));

    // New Bedford's plan is only submitted: nothing to show, and the district page says so.
    anyone
        .get_status(&format!("{}/plan", public("new-bedford")), 404)
        .await;
    let page = anyone.get_status(&public("new-bedford"), 200).await;
    assert_contains(&page, "has no approved plan yet");
}

#[tokio::test]
async fn a_public_report_has_ratings_but_no_comments_files_or_monitor() {
    let app = TestApp::spawn().await;
    let qpr = posted(&app, RANDOLPH, "2030-09-01", "Posted summary").await;
    let initiative = first_initiative(&app, &qpr).await;
    app.execute(&format!(
        "INSERT INTO qpr_initiatives (district_id, qpr_id, initiative_id, narrative, process_rating, process_evidence, \
             process_rationale, performance_rating, performance_evidence, performance_rationale) \
         SELECT district_id, id, '{initiative}', 'Initiative narrative KILO', 'practices_in_place', 'Observed in 9 of 10 rooms', \
             'Rationale LIMA', 'partially_reached', 'Interim scores MIKE', 'Rationale NOVEMBER' FROM qprs WHERE id = '{qpr}'"
    ))
    .await;
    app.execute(&format!(
        "INSERT INTO qpr_comments (district_id, qpr_id, kind, passage, body, response, resolution, author_id) \
         SELECT district_id, id, 'factual_correction', 'summary', 'Comment body GOLF', 'Response HOTEL', 'answered', \
                (SELECT id FROM users WHERE email = 'supt.randolph@demo.test') FROM qprs WHERE id = '{qpr}'"
    ))
    .await;
    let evidence = app
        .query_text(&format!(
            "INSERT INTO evidence (district_id, title, evidence_on, kind, storage_key, file_name, content_type, byte_size) \
             SELECT district_id, 'Walkthrough summary INDIA', '2030-10-01', 'file', 'k/abc', 'walkthrough.pdf', 'application/pdf', 10 \
             FROM qprs WHERE id = '{qpr}' RETURNING id::text"
        ))
        .await;
    app.execute(&format!(
        "INSERT INTO qpr_rating_evidence (district_id, qpr_id, initiative_id, scale, evidence_id) \
         SELECT district_id, id, '{initiative}', 'process', '{evidence}' FROM qprs WHERE id = '{qpr}'"
    ))
    .await;
    let monitor = app
        .query_text("SELECT name FROM users WHERE email = 'monitor.east@demo.test'")
        .await;
    let staff = app
        .query_text("SELECT name FROM users WHERE email = 'ese.staff@demo.test'")
        .await;
    let superintendent = app
        .query_text("SELECT name FROM users WHERE email = 'supt.randolph@demo.test'")
        .await;

    let (code, page) = app
        .client()
        .get_text(&format!("{}/qprs/{qpr}", public(RANDOLPH)))
        .await;
    assert_eq!(code, 200, "{page}");
    let page = unescape(&page);
    for shown in [
        "Initiative narrative KILO",
        "Observed in 9 of 10 rooms",
        "Rationale LIMA",
        "Interim scores MIKE",
        "Rationale NOVEMBER",
        ProcessRating::PracticesInPlace.label(),
        ProcessRating::PracticesInPlace.description(),
        PerformanceRating::PartiallyReached.label(),
        PerformanceRating::PartiallyReached.description(),
        "Plan Monitor",
    ] {
        assert!(page.contains(shown), "{shown} missing");
    }
    assert!(
        page.contains("Walkthrough summary INDIA"),
        "library evidence is listed by title"
    );
    assert!(
        !page.contains(&evidence)
            && !page.contains("walkthrough.pdf")
            && !page.contains("/evidence/"),
        "no link to the file"
    );
    for secret in [
        "GOLF",
        "HOTEL",
        monitor.as_str(),
        staff.as_str(),
        superintendent.as_str(),
    ] {
        assert!(!page.contains(secret), "{secret} must not be public");
    }
}
