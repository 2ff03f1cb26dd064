//! What follows the plan's workflow: notifications to the people concerned, the demo's reviews
//! of the approved plans, and the "stale" flag on benchmarks measured less often than they say.

use crate::support;
use crate::support::people::ESE;

use chrono::{DateTime, NaiveDate, Utc};
use reqwest::multipart::Form;
use support::{TestApp, assert_contains, location, section, unescape};
use uuid::Uuid;

async fn current_plan(app: &TestApp, slug: &str) -> String {
    let id: Uuid = sqlx::query_scalar(
        "SELECT p.id FROM plans p JOIN districts d ON d.id = p.district_id \
         WHERE d.slug = $1 AND p.status IN ('submitted', 'approved')",
    )
    .bind(slug)
    .fetch_one(&mut app.owner_conn().await)
    .await
    .unwrap();
    format!("/districts/{slug}/plans/{id}")
}

/// Now, by the database's clock: notifications made by the test come after it (the demo has
/// its own).
async fn mark(app: &TestApp) -> DateTime<Utc> {
    app.scalar("SELECT clock_timestamp()").await
}

/// Who got a notification of `kind` since `mark`, by email, with the subjects and links they got.
async fn notified(app: &TestApp, kind: &str, mark: DateTime<Utc>) -> Vec<(String, String, String)> {
    sqlx::query_as(
        "SELECT u.email, n.subject, n.link FROM notifications n JOIN users u ON u.id = n.user_id \
         WHERE n.kind = $1 AND n.created_at > $2 ORDER BY u.email",
    )
    .bind(kind)
    .bind(mark)
    .fetch_all(&mut app.owner_conn().await)
    .await
    .unwrap()
}

fn emails(rows: &[(String, String, String)]) -> Vec<&str> {
    rows.iter().map(|(e, _, _)| e.as_str()).collect()
}

fn complete(rating: &'static str, decision: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut form: Vec<(&str, &str)> = [
        "provides_focus",
        "root_causes",
        "instructional_core",
        "tracks_progress",
        "long_term_capacity",
    ]
    .into_iter()
    .map(|k| (k, rating))
    .collect();
    form.push(("decision", decision));
    form
}

const NEW_BEDFORD_DISTRICT: [&str; 3] = [
    "manager.newbedford@demo.test",
    "monitor.east@demo.test",
    "supt.newbedford@demo.test",
];

#[tokio::test]
async fn a_revise_review_tells_the_district_and_nobody_else() {
    let app = TestApp::spawn().await;
    let plan = current_plan(&app, "new-bedford").await;
    let ese = app.signed_in(ESE).await;
    let start = mark(&app).await;
    ese.submit(&format!("{plan}/review"), &complete("developing", "revise"))
        .await;
    let rows = notified(&app, "plan_returned", start).await;
    assert_eq!(emails(&rows), NEW_BEDFORD_DISTRICT);
    for (_, subject, link) in &rows {
        assert_eq!(subject, "Plan returned for revision — New Bedford");
        assert_eq!(link, &plan);
    }
    assert!(
        notified(&app, "plan_reviewed", start).await.is_empty(),
        "returned, not reviewed-for-approval"
    );
}

#[tokio::test]
async fn submitted_reaches_the_ese_contacts_and_reviewed_and_approved_reach_the_district() {
    let app = TestApp::spawn().await;
    let plan = current_plan(&app, "new-bedford").await;
    // ESE staff is New Bedford's one contact; ESE admin is not one.
    sqlx::query(
        "DELETE FROM district_ese_contacts WHERE district_id = (SELECT id FROM districts WHERE slug = 'new-bedford')",
    )
    .execute(&mut app.owner_conn().await)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO district_ese_contacts (district_id, kind, user_id) \
         SELECT d.id, 'accountability', u.id FROM districts d, users u \
         WHERE d.slug = 'new-bedford' AND u.email = $1",
    )
    .bind(ESE)
    .execute(&mut app.owner_conn().await)
    .await
    .unwrap();
    let ese = app.signed_in(ESE).await;
    let admin = app.signed_in("ese.admin@demo.test").await;
    let start = mark(&app).await;
    // The Return step (no review) tells the district too.
    admin.post_status(&format!("{plan}/return"), &[], 303).await;
    assert_eq!(
        emails(&notified(&app, "plan_returned", start).await),
        NEW_BEDFORD_DISTRICT
    );
    let supt = app.signed_in("supt.newbedford@demo.test").await;
    supt.post_status(&format!("{plan}/submit"), &[], 303).await;
    let submitted = notified(&app, "plan_submitted", start).await;
    assert_eq!(
        emails(&submitted),
        [ESE],
        "the named contact, not every ESE account"
    );
    assert_eq!(submitted[0].1, "Plan submitted for review — New Bedford");
    assert_eq!(submitted[0].2, plan);

    ese.submit(
        &format!("{plan}/review"),
        &complete("ready_to_implement", "implement_and_refine"),
    )
    .await;
    let reviewed = notified(&app, "plan_reviewed", start).await;
    assert_eq!(emails(&reviewed), NEW_BEDFORD_DISTRICT);
    assert!(reviewed[0].1.contains("Implement and refine"));
    ese.post_status(&format!("{plan}/approve"), &[], 303).await;
    let approved = notified(&app, "plan_approved", start).await;
    assert_eq!(emails(&approved), NEW_BEDFORD_DISTRICT);
    assert_eq!(approved[0].1, "Plan approved — New Bedford");
    // Email goes out for them too (email is on by default).
    let queued: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM email_outbox WHERE subject = 'Plan approved — New Bedford' \
         AND created_at > $1",
    )
    .bind(start)
    .fetch_one(&mut app.owner_conn().await)
    .await
    .unwrap();
    assert_eq!(queued, 3);
}

#[tokio::test]
async fn the_approved_demo_plans_carry_the_review_that_came_before_approval() {
    let app = TestApp::spawn().await;
    let rows: Vec<(String, String, bool)> = sqlx::query_as(
        "SELECT d.slug, r.decision::text, r.created_at < p.approved_at AND r.created_at > p.submitted_at \
         FROM plan_reviews r JOIN plans p ON p.id = r.plan_id JOIN districts d ON d.id = p.district_id \
         ORDER BY d.slug",
    )
    .fetch_all(&mut app.owner_conn().await)
    .await
    .unwrap();
    assert_eq!(
        rows,
        [
            ("fall-river".into(), "implement".into(), true),
            ("randolph".into(), "implement_and_refine".into(), true),
        ]
    );
    let leader = app.signed_in("leader.randolph@demo.test").await;
    let plan = current_plan(&app, "randolph").await;
    let (_, page) = leader.get_text(&plan).await;
    let page = unescape(&page);
    assert!(page.contains("ESE rubric review"));
    assert!(page.contains("Decision: Implement and refine"));
    assert!(page.contains("All three objectives begin “Ensure success for all students…”"));
    assert!(page.contains("Ready to implement") && page.contains("Strong"));
    let list = leader.get_status(&format!("{plan}/reviews"), 200).await;
    assert!(list.contains("(latest)"));
}

/// A benchmark of Randolph's approved plan, measured monthly and with measurements, or measured
/// monthly or quarterly and never yet.
async fn randolph_benchmark(app: &TestApp, measured: bool) -> Uuid {
    app.scalar(&format!(
        "SELECT b.id FROM benchmarks b JOIN plans p ON p.id = b.plan_id JOIN districts d ON d.id = p.district_id \
         WHERE d.slug = 'randolph' AND p.status = 'approved' AND b.initiative_id IS NOT NULL \
           AND {} \
         ORDER BY b.rank, b.id LIMIT 1",
        if measured {
            "b.unit = 'percent' AND b.frequency = 'Monthly' \
             AND EXISTS (SELECT 1 FROM measurements m WHERE m.benchmark_id = b.id)"
        } else {
            "b.frequency IN ('Monthly', 'Quarterly') \
             AND NOT EXISTS (SELECT 1 FROM measurements m WHERE m.benchmark_id = b.id)"
        }
    )).await
}

/// The benchmark's block on the plan page: from its item to its progress link.
fn block_of(page: &str, benchmark: Uuid) -> &str {
    section(
        page,
        &format!("id=\"benchmark-{benchmark}\""),
        "progress-link",
    )
}

#[tokio::test]
async fn a_benchmark_not_measured_for_longer_than_its_frequency_is_flagged_stale_until_measured() {
    let app = TestApp::spawn().await;
    let mut owner = app.owner_conn().await;
    // Measuring began long ago, whatever today's date: the plan started a year earlier.
    sqlx::query(
        "UPDATE plans SET first_school_year = first_school_year - 1, approved_at = now() - interval '400 days' \
         WHERE status = 'approved' AND district_id = (SELECT id FROM districts WHERE slug = 'randolph')",
    )
    .execute(&mut owner)
    .await
    .unwrap();
    let measured = randolph_benchmark(&app, true).await;
    let last: NaiveDate = sqlx::query_scalar(
        "WITH latest AS (SELECT max(measured_on) AS d FROM measurements WHERE benchmark_id = $1) \
         UPDATE measurements SET measured_on = measured_on - (SELECT d FROM latest) + (current_date - 45) \
         WHERE benchmark_id = $1 RETURNING measured_on",
    )
    .bind(measured)
    .fetch_all(&mut owner)
    .await
    .unwrap()
    .into_iter()
    .max()
    .unwrap();
    let label = last.format("%b %-d, %Y").to_string();
    let manager = app.signed_in("manager.randolph@demo.test").await;
    let plan = current_plan(&app, "randolph").await;
    let (_, page) = manager.get_text(&plan).await;
    let block = block_of(&page, measured).to_string();
    assert_contains(
        &block,
        &format!("Stale:</strong> last measured {label}, due again by"),
    );
    assert!(block.contains("(Monthly)"));
    assert!(
        page.contains(" stale</span>"),
        "the sheet's strip counts it"
    );
    let benchmark_page = format!("/districts/randolph/benchmarks/{measured}");
    let (_, page) = manager.get_text(&benchmark_page).await;
    assert!(page.contains(&format!("Stale:</strong> last measured {label}")));

    let never = randolph_benchmark(&app, false).await;
    let (_, page) = manager
        .get_text(&format!("/districts/randolph/benchmarks/{never}"))
        .await;
    assert!(page.contains("Stale:</strong> not measured yet; first measurement was due by"));

    let today = throughline::calendar::today().to_string();
    let form = Form::new()
        .text("value", "55")
        .text("measured_on", today)
        .text("population", "")
        .text("note", "");
    let recorded = manager
        .post_multipart(&format!("{benchmark_page}/measurements"), form)
        .await;
    assert_eq!(recorded.status(), 303, "{}", location(&recorded));
    let (_, page) = manager.get_text(&benchmark_page).await;
    assert!(!page.contains("Stale:"), "measured today");
    let (_, page) = manager.get_text(&plan).await;
    assert!(!block_of(&page, measured).contains("Stale:"));
}
