//! The weekly digest: what is due in the next 14 days, overdue and stale, sent once per person and
//! week however many app instances run, and never to someone who turned it off.

use crate::support;

use chrono::Utc;
use sqlx::PgPool;
use support::TestApp;
use throughline::calendar::today;
use throughline::work::digest::{self, send_all, send_weekly};

const BASE: &str = "https://throughline.example";

async fn instance(app: &TestApp) -> PgPool {
    throughline::db::app_pool(app.owner.clone()).await.unwrap()
}

async fn number(app: &TestApp, sql: &str) -> i64 {
    app.query_text(sql).await.parse().unwrap()
}

const DIGEST_EMAILS: &str =
    "SELECT count(*)::text FROM email_outbox WHERE dedupe_key LIKE 'digest:%'";
const RECEIVERS: &str = "SELECT count(*)::text FROM users WHERE active AND weekly_digest";

#[tokio::test]
async fn two_instances_send_each_persons_digest_once() {
    let app = TestApp::spawn().await;
    app.execute(
        "UPDATE users SET weekly_digest = false WHERE email = 'leader.fallriver@demo.test'",
    )
    .await;
    let (a, b) = (instance(&app).await, instance(&app).await);
    let week = digest::sending_week(Utc::now());

    // The claim alone, without the advisory lock: two instances walk the list side by side.
    let (x, y) = tokio::join!(
        send_all(&a, week, today(), BASE),
        send_all(&b, week, today(), BASE)
    );
    let handled = x.unwrap() + y.unwrap();
    let receivers = number(&app, RECEIVERS).await;
    assert_eq!(
        handled as i64, receivers,
        "every person handled by exactly one instance"
    );
    assert_eq!(
        number(&app, "SELECT count(*)::text FROM weekly_digests").await,
        receivers
    );
    let emails = number(&app, DIGEST_EMAILS).await;
    assert!(emails > 0);
    assert_eq!(
        emails,
        number(
            &app,
            "SELECT count(*)::text FROM weekly_digests WHERE items > 0"
        )
        .await,
        "an email for each digest with something to tell"
    );
    assert_eq!(
        number(
            &app,
            "SELECT coalesce(max(n), 0)::text FROM (SELECT count(*) n FROM email_outbox \
                      WHERE dedupe_key LIKE 'digest:%' GROUP BY user_id) per_person"
        )
        .await,
        1
    );
    assert_eq!(
        number(
            &app,
            "SELECT count(*)::text FROM email_outbox o JOIN users u ON u.id = o.user_id \
                      WHERE u.email = 'leader.fallriver@demo.test'"
        )
        .await,
        0,
        "turned off"
    );

    // The scheduled run (with its lock) in both instances later the same week sends nothing more.
    let now = Utc::now();
    let (x, y) = tokio::join!(send_weekly(&a, now, BASE), send_weekly(&b, now, BASE));
    assert_eq!(x.unwrap() + y.unwrap(), 0);
    assert_eq!(number(&app, DIGEST_EMAILS).await, emails);
}

async fn digest_of(app: &TestApp, email: &str) -> String {
    app.query_text(&format!(
        "SELECT o.body FROM email_outbox o JOIN users u ON u.id = o.user_id \
         WHERE u.email = '{email}' AND o.dedupe_key LIKE 'digest:%'"
    ))
    .await
}

#[tokio::test]
async fn the_digest_tells_what_is_overdue_stale_and_due_soon() {
    let app = TestApp::spawn().await;
    // A monthly benchmark of Randolph last measured 40 days ago is stale.
    let benchmark = app
        .query_text(
            "SELECT b.id::text FROM benchmarks b JOIN plans p ON p.id = b.plan_id JOIN districts d ON d.id = p.district_id \
             WHERE d.slug = 'randolph' AND p.status = 'approved' AND b.frequency = 'Monthly' \
             AND b.initiative_id IS NOT NULL ORDER BY b.rank LIMIT 1",
        )
        .await;
    app.execute(&format!(
        "DELETE FROM measurements WHERE benchmark_id = '{benchmark}'"
    ))
    .await;
    app.execute(&format!(
        "INSERT INTO measurements (district_id, benchmark_id, value, measured_on) \
         SELECT district_id, id, 1, (now() AT TIME ZONE 'America/New_York')::date - 40 FROM benchmarks WHERE id = '{benchmark}'"
    ))
    .await;
    let statement = app.field("benchmarks", &benchmark, "statement").await;
    let pool = instance(&app).await;
    send_all(&pool, digest::sending_week(Utc::now()), today(), BASE)
        .await
        .unwrap();
    let body = digest_of(&app, "manager.randolph@demo.test").await;
    assert!(body.contains("Overdue ("), "{body}");
    assert!(body.contains("Stale: measurements older than the plan's frequency allows"));
    assert!(body.contains(&statement), "the stale benchmark is named");
    assert!(body.contains(&format!("{BASE}/districts/randolph/benchmarks/{benchmark}")));
    assert!(
        body.contains(&format!("{BASE}/account")),
        "how to turn it off"
    );
    assert!(!body.contains("Fall River") && !body.contains("New Bedford"));

    // Recording the measurement clears the stale flag in the next week's digest.
    app.execute(&format!(
        "INSERT INTO measurements (district_id, benchmark_id, value, measured_on) \
         SELECT district_id, id, 1, (now() AT TIME ZONE 'America/New_York')::date FROM benchmarks WHERE id = '{benchmark}'"
    ))
    .await;
    app.execute("DELETE FROM weekly_digests").await;
    app.execute("DELETE FROM email_outbox").await;
    send_all(&pool, digest::sending_week(Utc::now()), today(), BASE)
        .await
        .unwrap();
    let body = digest_of(&app, "manager.randolph@demo.test").await;
    assert!(!body.contains(&format!("benchmarks/{benchmark}")), "{body}");
}
