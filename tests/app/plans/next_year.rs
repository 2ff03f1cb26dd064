//! Next year's plan: approved before its year it waits, and the plan in force keeps its progress,
//! ratings and public page until July 1, when the switch job makes it current (once, whatever
//! runs it at the same time). Starting it can move last year's dates and leave finished work out.

use crate::support;

use chrono::NaiveDate;
use sqlx::PgConnection;
use support::fixtures::review_on_rubric;
use support::{Client, TestApp, assert_contains, location};
use throughline::calendar::{school_year_of, school_year_start, today};
use throughline::plans::switch::take_over_due;
use uuid::Uuid;

const PLAN: &str = "/districts/randolph/plan";

/// Every plan of a district: id, status and version, oldest year first.
async fn plans_of(owner: &mut PgConnection, slug: &str) -> Vec<(Uuid, String, i32)> {
    sqlx::query_as(
        "SELECT p.id, p.status::text, p.version FROM plans p JOIN districts d ON d.id = p.district_id \
         WHERE d.slug = $1 ORDER BY p.first_school_year, p.created_at",
    )
    .bind(slug)
    .fetch_all(owner)
    .await
    .unwrap()
}

fn statuses(plans: &[(Uuid, String, i32)]) -> Vec<&str> {
    plans.iter().map(|(_, s, _)| s.as_str()).collect()
}

/// Randolph's plan in force: its path and first school year.
async fn plan_in_force(app: &TestApp, client: &Client) -> (String, i32) {
    let path = location(&client.get(PLAN).await);
    let id: Uuid = path.rsplit('/').next().unwrap().parse().unwrap();
    let year: i16 = sqlx::query_scalar("SELECT first_school_year FROM plans WHERE id = $1")
        .bind(id)
        .fetch_one(&mut app.owner_conn().await)
        .await
        .unwrap();
    (path, year.into())
}

/// Next year's plan started (with `options`), submitted, reviewed and approved; its path.
async fn approve_next_year(app: &TestApp, plan: &str, options: &[(&str, &str)]) -> String {
    let manager = app.signed_in("manager.randolph@demo.test").await;
    let next = manager.submit(&format!("{plan}/next-year"), options).await;
    let supt = app.signed_in("supt.randolph@demo.test").await;
    assert_eq!(supt.post_code(&format!("{next}/submit"), &[]).await, 303);
    let ese = app.signed_in("ese.staff@demo.test").await;
    review_on_rubric(&ese, &next).await;
    assert_eq!(ese.post_code(&format!("{next}/approve"), &[]).await, 303);
    next
}

/// The page's own content, without the header (whose notice count changes with the approval).
fn main_of(page: &str) -> &str {
    let from = page.find("<main").unwrap_or(0);
    let to = page.rfind("</main>").unwrap_or(page.len());
    &page[from..to]
}

fn count(page: &str, needle: &str) -> usize {
    page.matches(needle).count()
}

#[tokio::test]
async fn next_years_plan_approved_early_waits_and_takes_over_on_july_first_once() {
    let app = TestApp::spawn().await;
    let manager = app.signed_in("manager.randolph@demo.test").await;
    let (plan, first_year) = plan_in_force(&app, &manager).await;
    assert_eq!(
        first_year,
        school_year_of(today()),
        "the demo's plan in force is this school year's"
    );
    let mut owner = app.owner_conn().await;
    let elsewhere = plans_of(&mut owner, "new-bedford").await;
    let (_, before) = manager.get_text(&plan).await;
    let (_, ratings_before) = manager.get_text("/districts/randolph/ratings").await;
    let (_, public_before) = app
        .client()
        .get_text("/public/districts/randolph/plan")
        .await;

    let next = approve_next_year(&app, &plan, &[]).await;
    let starts = school_year_start(first_year + 1);
    let starts_label = starts.format("%B %-d, %Y").to_string();
    assert_eq!(
        statuses(&plans_of(&mut owner, "randolph").await),
        ["approved", "scheduled"]
    );

    // The plan in force keeps its statuses, measurements, rating periods and public page.
    assert_eq!(location(&manager.get(PLAN).await), plan);
    let (_, after) = manager.get_text(&plan).await;
    for needle in ["progress-badge", "Not yet measured", "status-approved"] {
        assert_eq!(count(&before, needle), count(&after, needle), "{needle}");
    }
    assert!(after.contains(&format!("Approved · starts {starts_label}")));
    let (_, ratings_after) = manager.get_text("/districts/randolph/ratings").await;
    assert_eq!(main_of(&ratings_before), main_of(&ratings_after));
    let (_, public_after) = app
        .client()
        .get_text("/public/districts/randolph/plan")
        .await;
    assert_eq!(public_before, public_after);

    // The waiting plan says when it takes over, on its page, the district page and the notice.
    let (_, waiting) = manager.get_text(&next).await;
    assert_contains(&waiting, &format!("Approved · starts {starts_label}"));
    assert!(
        !waiting.contains("Update status"),
        "no progress on a waiting plan"
    );
    let (_, district) = manager.get_text("/districts/randolph").await;
    assert!(district.contains(&format!("Approved · starts {starts_label}")));
    let body: String = sqlx::query_scalar(
        "SELECT n.body FROM notifications n JOIN users u ON u.id = n.user_id \
         WHERE u.email = 'manager.randolph@demo.test' AND n.kind = 'plan_approved' \
         ORDER BY n.created_at DESC LIMIT 1",
    )
    .fetch_one(&mut owner)
    .await
    .unwrap();
    assert_contains(&body, &format!("takes over on {starts_label}"));
    let queued: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM email_outbox WHERE body LIKE '%takes over on ' || $1 || '%'",
    )
    .bind(&starts_label)
    .fetch_one(&mut owner)
    .await
    .unwrap();
    assert!(queued > 0, "the email says it too");

    // Nobody starts yet another plan while one waits.
    assert!(
        !after.contains("Start next year&#39;s plan") && !after.contains("Start next year's plan")
    );
    assert_eq!(
        manager.post_code(&format!("{plan}/next-year"), &[]).await,
        409
    );

    // Before July 1 the job changes nothing.
    let eve = starts.pred_opt().unwrap();
    assert_eq!(take_over_due(&app.pool, eve).await.unwrap(), 0);
    assert_eq!(
        statuses(&plans_of(&mut owner, "randolph").await),
        ["approved", "scheduled"]
    );

    // Two instances run the job on July 2 at once: one switch.
    let day = NaiveDate::from_ymd_opt(first_year + 1, 7, 2).unwrap();
    let (a, b) = tokio::join!(take_over_due(&app.pool, day), take_over_due(&app.pool, day));
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    assert_eq!(take_over_due(&app.pool, day).await.unwrap(), 0);
    assert_eq!(
        statuses(&plans_of(&mut owner, "randolph").await),
        ["archived", "approved"]
    );
    assert_eq!(location(&manager.get(PLAN).await), next);
    let took_over: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM plan_changes WHERE action = 'took over as its first school year began'",
    )
    .fetch_one(&mut owner)
    .await
    .unwrap();
    assert_eq!(took_over, 1);
    let (_, public) = app
        .client()
        .get_text("/public/districts/randolph/plan")
        .await;
    assert_ne!(
        public, public_before,
        "the public page follows the plan in force"
    );
    assert_eq!(plans_of(&mut owner, "new-bedford").await, elsewhere);
}

/// Randolph's plan in force, marked by [`mark_plan`], with its plan manager signed in.
struct Marked {
    _app: TestApp,
    manager: Client,
    plan: String,
    year: i32,
    owner: PgConnection,
    moved: String,
    finished: String,
    benchmark: String,
}

impl Marked {
    async fn randolph() -> Self {
        let app = TestApp::spawn().await;
        let manager = app.signed_in("manager.randolph@demo.test").await;
        let (plan, year) = plan_in_force(&app, &manager).await;
        let mut owner = app.owner_conn().await;
        let (moved, finished, benchmark) = mark_plan(&mut owner, &plan, year).await;
        Self {
            _app: app,
            manager,
            plan,
            year,
            owner,
            moved,
            finished,
            benchmark,
        }
    }
}

/// Dates fixed on one activity, one finished activity and one target of Randolph's plan in
/// force, so the copy's choices can be checked: (activity, finished activity, benchmark).
async fn mark_plan(owner: &mut PgConnection, plan: &str, year: i32) -> (String, String, String) {
    let plan_id: Uuid = plan.rsplit('/').next().unwrap().parse().unwrap();
    let ids: Vec<Uuid> = sqlx::query_scalar(
        "SELECT a.id FROM activities a JOIN initiatives i ON i.id = a.initiative_id \
         JOIN objectives o ON o.id = i.objective_id WHERE o.plan_id = $1 ORDER BY a.id LIMIT 2",
    )
    .bind(plan_id)
    .fetch_all(&mut *owner)
    .await
    .unwrap();
    let (moved, finished) = ("Moved-date walkthroughs", "Finished summer institute");
    let start = school_year_start(year);
    sqlx::query(
        "UPDATE activities SET description = $2, starts_on = $3, completes_on = $4 WHERE id = $1",
    )
    .bind(ids[0])
    .bind(moved)
    .bind(start + chrono::Days::new(76))
    .bind(start + chrono::Days::new(167))
    .execute(&mut *owner)
    .await
    .unwrap();
    sqlx::query("UPDATE activities SET description = $2 WHERE id = $1")
        .bind(ids[1])
        .bind(finished)
        .execute(&mut *owner)
        .await
        .unwrap();
    // Only the finished one's status says so, whatever the demo recorded.
    sqlx::query(
        "WITH gone AS (DELETE FROM activity_updates WHERE activity_id = ANY($2)) \
         INSERT INTO activity_updates (district_id, activity_id, status, as_of) \
         SELECT district_id, id, 'complete', current_date FROM activities WHERE id = $1",
    )
    .bind(ids[1])
    .bind(&ids)
    .execute(&mut *owner)
    .await
    .unwrap();
    let benchmark = "Benchmark with one target this year";
    sqlx::query(
        "WITH b AS (SELECT id FROM benchmarks WHERE plan_id = $1 ORDER BY id LIMIT 1), \
              gone AS (DELETE FROM benchmark_targets WHERE benchmark_id = (SELECT id FROM b)), \
              named AS (UPDATE benchmarks SET statement = $2 WHERE id = (SELECT id FROM b)) \
         INSERT INTO benchmark_targets (district_id, benchmark_id, due_on, value) \
         SELECT district_id, id, $3, 60 FROM benchmarks WHERE id = (SELECT id FROM b)",
    )
    .bind(plan_id)
    .bind(benchmark)
    .bind(start + chrono::Days::new(140))
    .execute(&mut *owner)
    .await
    .unwrap();
    (moved.into(), finished.into(), benchmark.into())
}

/// The copy's activity dates of `description` and whether it exists, and the target dates of the
/// benchmark `statement`, in the district's draft.
async fn in_draft(
    owner: &mut PgConnection,
    description: &str,
    statement: &str,
) -> (Vec<(Option<NaiveDate>, Option<NaiveDate>)>, Vec<NaiveDate>) {
    let activities = sqlx::query_as(
        "SELECT a.starts_on, a.completes_on FROM activities a JOIN initiatives i ON i.id = a.initiative_id \
         JOIN objectives o ON o.id = i.objective_id JOIN plans p ON p.id = o.plan_id \
         WHERE p.status = 'draft' AND a.description = $1",
    )
    .bind(description)
    .fetch_all(&mut *owner)
    .await
    .unwrap();
    let targets = sqlx::query_scalar(
        "SELECT t.due_on FROM benchmark_targets t JOIN benchmarks b ON b.id = t.benchmark_id \
         JOIN plans p ON p.id = b.plan_id WHERE p.status = 'draft' AND b.statement = $1",
    )
    .bind(statement)
    .fetch_all(&mut *owner)
    .await
    .unwrap();
    (activities, targets)
}

async fn finished_copies(owner: &mut PgConnection, description: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM activities a JOIN initiatives i ON i.id = a.initiative_id \
         JOIN objectives o ON o.id = i.objective_id JOIN plans p ON p.id = o.plan_id \
         WHERE p.status = 'draft' AND a.description = $1",
    )
    .bind(description)
    .fetch_one(owner)
    .await
    .unwrap()
}

#[tokio::test]
async fn starting_next_year_moves_last_years_dates_and_leaves_finished_activities_out() {
    let mut m = Marked::randolph().await;

    // The form says what will happen, both choices ticked.
    let (_, page) = m.manager.get_text(&m.plan).await;
    assert!(page.contains(r#"name="move_dates" value="on" checked"#));
    assert!(page.contains(r#"name="leave_out_finished" value="on" checked"#));
    assert!(page.contains("move forward one year"));

    let options = [("move_dates", "on"), ("leave_out_finished", "on")];
    assert_eq!(
        m.manager
            .post_code(&format!("{}/next-year", m.plan), &options)
            .await,
        303
    );
    let start = school_year_start(m.year);
    let later = |d: NaiveDate| d.checked_add_months(chrono::Months::new(12)).unwrap();
    let (activities, targets) = in_draft(&mut m.owner, &m.moved, &m.benchmark).await;
    assert_eq!(
        activities,
        [(
            Some(later(start + chrono::Days::new(76))),
            Some(later(start + chrono::Days::new(167)))
        )]
    );
    assert_eq!(targets, [later(start + chrono::Days::new(140))]);
    assert_eq!(finished_copies(&mut m.owner, &m.finished).await, 0);
}

#[tokio::test]
async fn starting_next_year_without_the_choices_copies_everything_as_it_was() {
    let mut m = Marked::randolph().await;
    assert_eq!(
        m.manager
            .post_code(&format!("{}/next-year", m.plan), &[])
            .await,
        303
    );
    let start = school_year_start(m.year);
    let (activities, targets) = in_draft(&mut m.owner, &m.moved, &m.benchmark).await;
    assert_eq!(
        activities,
        [(
            Some(start + chrono::Days::new(76)),
            Some(start + chrono::Days::new(167))
        )]
    );
    assert_eq!(targets, [start + chrono::Days::new(140)]);
    assert_eq!(finished_copies(&mut m.owner, &m.finished).await, 1);
}
