//! Records several test files set up the same way: an ESE rubric review before approval, a rated
//! report, and counting the statements a piece of code ran.

use sqlx::PgConnection;

use super::{Client, TestApp};

/// ESE's rubric review, which approval needs (every criterion "strong", decision "implement").
pub async fn review_on_rubric(ese: &Client, plan: &str) {
    let form = [
        ("provides_focus", "strong"),
        ("root_causes", "strong"),
        ("instructional_core", "strong"),
        ("tracks_progress", "strong"),
        ("long_term_capacity", "strong"),
        ("decision", "implement"),
    ];
    let saved = ese.post(&format!("{plan}/review"), &form).await;
    assert_eq!(saved.status(), 303, "the rubric review is saved");
}

/// A Randolph report for September–November 2020 by `monitor`, in `status`, every initiative
/// rated with written evidence. Returns its id.
pub async fn rated_report(app: &TestApp, monitor: &str, status: &str) -> String {
    let id = app
        .query_text(&format!(
            "INSERT INTO qprs (district_id, plan_id, period_start, monitor_id, status, summary) \
             SELECT d.id, p.id, DATE '2020-09-01', (SELECT id FROM users WHERE email = '{monitor}'), \
                    '{status}', 'Steady progress on walkthroughs.' \
             FROM districts d JOIN plans p ON p.district_id = d.id AND p.status = 'approved' \
             WHERE d.slug = 'randolph' RETURNING id::text"
        ))
        .await;
    app.execute(&format!(
        "INSERT INTO qpr_initiatives (district_id, qpr_id, initiative_id, narrative, process_rating, \
             process_evidence, performance_rating, performance_evidence) \
         SELECT i.district_id, q.id, i.id, 'Narrative', 'technical', 'Walkthrough summaries', \
                'partially_reached', 'Benchmark assessment results' \
         FROM qprs q JOIN objectives o ON o.plan_id = q.plan_id JOIN initiatives i ON i.objective_id = o.id \
         WHERE q.id = '{id}'"
    ))
    .await;
    id
}

/// Statements the app's database role ran since `pg_stat_statements_reset()`, without the
/// driver's type look-ups, `SET ROLE` and transaction control. Fails the test, saying what to
/// do, when `pg_stat_statements` is missing (see [`super::start_counting_statements`]).
pub async fn app_statements(owner: &mut PgConnection) -> i64 {
    sqlx::query_scalar(
        "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements \
         WHERE userid = 'throughline_app'::regrole AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) \
           AND query NOT LIKE '%pg_catalog%' AND query NOT LIKE 'SELECT enumlabel%' AND query NOT LIKE 'SET ROLE%' \
           AND query NOT IN ('BEGIN', 'COMMIT', 'ROLLBACK')",
    )
    .fetch_one(owner)
    .await
    .unwrap_or_else(|error| panic!("{}", super::missing_statement_counts(&error)))
}
