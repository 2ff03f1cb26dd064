//! Records several test files set up the same way: an ESE rubric review before approval, a rated
//! report.

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
