//! Highlight Discussions: agreeing the agenda in advance, comments on it, and the coverage of
//! the plan over 90 days (seed 002 §8).

use crate::support;
use crate::support::people::{LEADER, MANAGER, MONITOR, SUPT};

use chrono::{Datelike, NaiveDate, TimeDelta};
use support::{TestApp, assert_contains, location, section};
use throughline::calendar;

const DISCUSSIONS: &str = "/districts/randolph/discussions";
const COVERAGE: &str = "/districts/randolph/coverage";

fn days_from_today(days: i64) -> NaiveDate {
    calendar::today() + TimeDelta::days(days)
}

async fn strings(app: &TestApp, sql: &str) -> Vec<String> {
    sqlx::query_scalar(sql)
        .fetch_all(&mut app.owner_conn().await)
        .await
        .unwrap()
}

async fn count(app: &TestApp, sql: &str, id: &str) -> i64 {
    app.scalar_for(sql, id).await
}

/// A discussion of the district's current plan, with no agenda.
async fn discussion(app: &TestApp, slug: &str, held_on: NaiveDate, minutes: &str) -> String {
    sqlx::query_scalar(
        "INSERT INTO highlight_discussions (district_id, plan_id, held_on, minutes_status) \
         SELECT d.id, p.id, $2, $3::minutes_status FROM districts d JOIN plans p ON p.district_id = d.id \
         WHERE d.slug = $1 AND p.status IN ('approved', 'submitted') LIMIT 1 RETURNING id::text",
    )
    .bind(slug)
    .bind(held_on)
    .bind(minutes)
    .fetch_one(&mut app.owner_conn().await)
    .await
    .unwrap()
}

/// Puts an initiative, benchmark or evidence (`column`) on a discussion's agenda.
async fn on_agenda(app: &TestApp, discussion: &str, column: &str, id: &str) {
    sqlx::query(&format!(
        "INSERT INTO discussion_agenda_items (district_id, discussion_id, {column}) \
         SELECT district_id, id, $2::uuid FROM highlight_discussions WHERE id = $1::uuid"
    ))
    .bind(discussion)
    .bind(id)
    .execute(&mut app.owner_conn().await)
    .await
    .unwrap();
}

/// Randolph's approved plan: (objective, initiative, benchmark) ids in plan order. Demo
/// discussions are removed first, so only what a test sets up counts towards coverage.
async fn randolph_plan(app: &TestApp) -> Vec<(String, String, String)> {
    let mut conn = app.owner_conn().await;
    sqlx::query("DELETE FROM highlight_discussions")
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::query_as(
        "SELECT o.id::text, i.id::text, b.id::text FROM benchmarks b \
         JOIN initiatives i ON i.id = b.initiative_id JOIN objectives o ON o.id = i.objective_id \
         JOIN plans p ON p.id = o.plan_id JOIN districts d ON d.id = p.district_id \
         WHERE d.slug = 'randolph' AND p.status = 'approved' \
         ORDER BY o.rank, i.rank, i.created_at, b.rank, b.created_at",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap()
}

fn agenda_path(discussion: &str) -> String {
    format!("{DISCUSSIONS}/{discussion}/agenda")
}

/// The agenda rows of a discussion, as "initiative:<id>", "benchmark:<id>: <note>"…, sorted.
async fn agenda_rows(app: &TestApp, discussion: &str) -> Vec<String> {
    strings(
        app,
        &format!(
            "SELECT CASE WHEN initiative_id IS NOT NULL THEN 'initiative:' || initiative_id \
                         WHEN benchmark_id IS NOT NULL THEN 'benchmark:' || benchmark_id || ':' || minutes_note \
                         ELSE 'evidence:' || evidence_id END \
             FROM discussion_agenda_items WHERE discussion_id = '{discussion}' ORDER BY 1"
        ),
    )
    .await
}

/// The HTML of the checkbox for `id` on the agenda form.
fn checkbox<'a>(html: &'a str, id: &str) -> &'a str {
    section(html, &format!("value=\"{id}\""), ">")
}

#[tokio::test]
async fn the_plan_manager_sets_the_agenda_and_benchmarks_that_stay_keep_their_notes() {
    let app = TestApp::spawn().await;
    let plan = randolph_plan(&app).await;
    let held_on = days_from_today(10);
    let d = discussion(&app, "randolph", held_on, "draft").await;
    let (_, initiative, kept) = &plan[0];
    let (_, dropped_initiative, added) = &plan[plan.len() - 1];
    let evidence = &strings(
        &app,
        "SELECT e.id::text FROM evidence e JOIN districts d ON d.id = e.district_id \
         WHERE d.slug = 'randolph' ORDER BY e.evidence_on DESC LIMIT 1",
    )
    .await[0];
    on_agenda(&app, &d, "benchmark_id", kept).await;
    on_agenda(&app, &d, "initiative_id", dropped_initiative).await;
    sqlx::query("UPDATE discussion_agenda_items SET minutes_note = 'Walkthroughs up' WHERE benchmark_id = $1::uuid")
        .bind(kept)
        .execute(&mut app.owner_conn().await)
        .await
        .unwrap();

    let manager = app.signed_in(MANAGER).await;
    let form = manager.get_status(&agenda_path(&d), 200).await;
    if let Some(theme) = calendar::discussion_themes(held_on.month()).first() {
        assert!(form.contains(&format!("Suggested themes for {}", held_on.format("%B"))));
        assert!(support::unescape(&form).contains(theme));
    }
    assert!(checkbox(&form, dropped_initiative).contains("checked"));
    assert!(form.contains("Evidence to be presented"));

    let response = manager
        .post(
            &agenda_path(&d),
            &[
                ("initiative", initiative),
                ("benchmark", kept),
                ("benchmark", added),
                ("evidence", evidence),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), format!("{DISCUSSIONS}/{d}"));
    let mut expected = vec![
        format!("initiative:{initiative}"),
        format!("benchmark:{kept}:Walkthroughs up"),
        format!("benchmark:{added}:"),
        format!("evidence:{evidence}"),
    ];
    expected.sort();
    assert_eq!(agenda_rows(&app, &d).await, expected);

    let (_, form) = manager.get_text(&agenda_path(&d)).await;
    for id in [initiative, kept, added, evidence] {
        assert!(checkbox(&form, id).contains("checked"), "{id} not ticked");
    }
    assert!(!checkbox(&form, dropped_initiative).contains("checked"));
    // The superintendent may set it too.
    let superintendent = app.signed_in(SUPT).await;
    superintendent.submit(&agenda_path(&d), &[]).await;
    assert!(agenda_rows(&app, &d).await.is_empty());
}

#[tokio::test]
async fn ids_of_another_district_are_not_found_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let plan = randolph_plan(&app).await;
    let d = discussion(&app, "randolph", days_from_today(5), "draft").await;
    let foreign = &strings(
        &app,
        "SELECT b.id::text FROM benchmarks b JOIN districts d ON d.id = b.district_id \
         WHERE d.slug = 'new-bedford' LIMIT 1",
    )
    .await[0];
    let manager = app.signed_in(MANAGER).await;
    assert_eq!(
        manager
            .post_code(
                &agenda_path(&d),
                &[("benchmark", &plan[0].2), ("benchmark", foreign)],
            )
            .await,
        404
    );
    assert!(agenda_rows(&app, &d).await.is_empty());

    // Another district's discussion, through Randolph's address.
    let theirs = discussion(&app, "new-bedford", days_from_today(5), "draft").await;
    manager.get_status(&agenda_path(&theirs), 404).await;
    assert_eq!(manager.post_code(&agenda_path(&theirs), &[]).await, 404);
    let comment = format!("{DISCUSSIONS}/{theirs}/comments");
    assert_eq!(manager.post_code(&comment, &[("body", "Hello")]).await, 404);
    let sql = "SELECT count(*) FROM discussion_comments WHERE discussion_id = $1::uuid";
    assert_eq!(count(&app, sql, &theirs).await, 0);
    // Not found comes before "not allowed": a monitor elsewhere learns nothing of Randolph's.
    let south = app.signed_in("monitor.south@demo.test").await;
    let path = format!("/districts/fall-river/discussions/{d}/agenda");
    south.get_status(&path, 404).await;
}

#[tokio::test]
async fn the_monitor_comments_on_the_agenda_but_cannot_set_it_and_the_leader_cannot_comment() {
    let app = TestApp::spawn().await;
    let plan = randolph_plan(&app).await;
    let d = discussion(&app, "randolph", days_from_today(5), "draft").await;
    let comments = format!("{DISCUSSIONS}/{d}/comments");
    let sql = "SELECT count(*) FROM discussion_comments WHERE discussion_id = $1::uuid";

    let monitor = app.signed_in(MONITOR).await;
    monitor.get_status(&agenda_path(&d), 403).await;
    assert_eq!(
        monitor
            .post_code(&agenda_path(&d), &[("benchmark", &plan[0].2)])
            .await,
        403
    );
    assert!(agenda_rows(&app, &d).await.is_empty());

    let response = monitor
        .post(
            &comments,
            &[("body", "  Please bring the walkthrough data.  ")],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        location(&response),
        format!("{DISCUSSIONS}/{d}#agenda-comments")
    );
    let saved: Vec<String> = strings(
        &app,
        &format!(
            "SELECT u.email || ': ' || c.body FROM discussion_comments c JOIN users u ON u.id = c.author_id \
             WHERE c.discussion_id = '{d}'"
        ),
    )
    .await;
    assert_eq!(
        saved,
        [format!("{MONITOR}: Please bring the walkthrough data.")]
    );
    let (_, page) = monitor.get_text(&comments).await;
    assert!(page.contains("Please bring the walkthrough data."));

    // An empty comment: the message, nothing saved.
    let page = monitor
        .refused(&comments, &[("body", "  \n ")], "Comment on the agenda")
        .await;
    assert!(page.contains("Write the comment before sending it."));
    // Too long: the text comes back to be shortened.
    let long = format!("Marker-{}", "x".repeat(4000));
    let page = monitor
        .refused(
            &comments,
            &[("body", &long)],
            "Keep the comment to 4,000 characters.",
        )
        .await;
    assert!(page.contains(&long));
    assert_eq!(count(&app, sql, &d).await, 1);

    let leader = app.signed_in(LEADER).await;
    assert_eq!(
        leader.post_code(&comments, &[("body", "Me too")]).await,
        403
    );
    assert_eq!(count(&app, sql, &d).await, 1);
}

#[tokio::test]
async fn the_agenda_of_final_minutes_is_read_only() {
    let app = TestApp::spawn().await;
    let plan = randolph_plan(&app).await;
    let d = discussion(&app, "randolph", days_from_today(-20), "final").await;
    on_agenda(&app, &d, "benchmark_id", &plan[0].2).await;
    let manager = app.signed_in(MANAGER).await;

    let page = manager.get_status(&agenda_path(&d), 200).await;
    assert!(page.contains("minutes of this discussion are final"));
    assert!(!page.contains("Save the agenda"));
    assert!(checkbox(&page, &plan[0].2).contains("disabled"));

    let page = manager
        .post_status(&agenda_path(&d), &[("benchmark", &plan[1].2)], 409)
        .await;
    assert!(page.contains("The agenda cannot be changed"));
    assert!(page.contains("Nothing was saved."));
    assert_eq!(
        agenda_rows(&app, &d).await,
        [format!("benchmark:{}:", plan[0].2)]
    );
}

/// The coverage page's row for `id`.
fn coverage_row<'a>(html: &'a str, id: &str) -> &'a str {
    section(html, &format!("id=\"coverage-{id}\""), "</tr>")
}

#[tokio::test]
async fn coverage_flags_what_was_not_discussed_in_ninety_days() {
    let app = TestApp::spawn().await;
    let plan = randolph_plan(&app).await;
    let (_, first, recent) = &plan[0];
    let (_, _, old) = plan
        .iter()
        .filter(|(_, i, _)| i == first)
        .nth(1)
        .expect("the first initiative needs two benchmarks");
    let (_, second, _) = plan.iter().find(|(_, i, _)| i != first).unwrap();
    let (_, never_initiative, never) = plan.last().unwrap();
    assert!(never_initiative != first && never_initiative != second);

    let manager = app.signed_in(MANAGER).await;
    let before = support::statements_for(&app, &manager, COVERAGE).await;
    let thirty = discussion(&app, "randolph", days_from_today(-30), "final").await;
    on_agenda(&app, &thirty, "benchmark_id", recent).await;
    let hundred = discussion(&app, "randolph", days_from_today(-100), "final").await;
    on_agenda(&app, &hundred, "benchmark_id", old).await;
    on_agenda(&app, &hundred, "initiative_id", second).await;
    // Not held yet: does not count.
    let upcoming = discussion(&app, "randolph", days_from_today(3), "draft").await;
    on_agenda(&app, &upcoming, "benchmark_id", never).await;

    let page = manager.get_status(COVERAGE, 200).await;
    let row = coverage_row(&page, recent);
    assert_contains(row, &format!("{DISCUSSIONS}/{thirty}"));
    assert!(row.contains("30 days ago") && row.contains("Discussed in the last 90 days"));
    let row = coverage_row(&page, old);
    assert!(row.contains("100 days ago") && row.contains("Not discussed in the last 90 days"));
    let row = coverage_row(&page, never);
    assert!(row.contains("Never discussed") && !row.contains(&upcoming));
    // The first initiative is covered through its benchmark; the second only long ago.
    let row = coverage_row(&page, first);
    assert!(
        row.contains("30 days ago") && !row.contains("Not discussed"),
        "{row}"
    );
    let row = coverage_row(&page, second);
    assert!(row.contains("Not discussed in the last 90 days"));
    assert!(coverage_row(&page, never_initiative).contains("Never discussed"));

    let initiatives = count(&app, "SELECT count(DISTINCT i.id) FROM initiatives i JOIN objectives o ON o.id = i.objective_id WHERE o.plan_id = (SELECT plan_id FROM highlight_discussions WHERE id = $1::uuid)", &thirty).await;
    let benchmarks = count(&app, "SELECT count(*) FROM benchmarks WHERE plan_id = (SELECT plan_id FROM highlight_discussions WHERE id = $1::uuid)", &thirty).await;
    assert!(page.contains(&format!(
        "1 of {initiatives} initiatives and 1 of {benchmarks} benchmarks discussed in the last 90 days"
    )));
    // However many discussions, the page reads the same number of statements.
    let after = support::statements_for(&app, &manager, COVERAGE).await;
    assert_eq!(before, after);
    // Everyone who reads the plan may see it.
    let leader = app.signed_in(LEADER).await;
    leader.get_status(COVERAGE, 200).await;
}

#[tokio::test]
async fn the_agenda_form_suggests_what_was_not_covered_first_and_ticks_nothing() {
    let app = TestApp::spawn().await;
    let plan = randolph_plan(&app).await;
    let (objective, first, _) = &plan[0];
    let (_, second, _) = plan
        .iter()
        .find(|(o, i, _)| o == objective && i != first)
        .expect("the first objective needs two initiatives");
    let earlier = discussion(&app, "randolph", days_from_today(-10), "final").await;
    on_agenda(&app, &earlier, "initiative_id", first).await;
    let d = discussion(&app, "randolph", days_from_today(7), "draft").await;

    let manager = app.signed_in(MANAGER).await;
    let form = manager.get_status(&agenda_path(&d), 200).await;
    let at = |id: &str| form.find(&format!("value=\"{id}\"")).unwrap();
    // Plan order puts the first initiative first; the gap comes before it here.
    assert!(at(second) < at(first));
    let between = &form[at(second)..at(first)];
    assert!(between.contains("Never discussed"));
    let after_first = &form[at(first)..];
    let first_note = &after_first[..after_first.find("</div>").unwrap()];
    assert!(first_note.contains("Last discussed") && first_note.contains("10 days ago"));
    assert!(!first_note.contains("Never discussed"));
    assert!(!form.contains(" checked"), "nothing is ticked for people");
}
