//! Double clicks and races: twenty posts of one workflow step at once move it once and tell each
//! person once; twenty saves of one version keep one and show the others the conflict page with
//! their text; finalising racing a return to draft never reopens final minutes; a creating form
//! sent twice with its one-time token creates one row.

use crate::support;
use crate::support::people::{ESE, MANAGER, MONITOR};

use support::fixtures::rated_report;
use support::{Client, TestApp, input_value};

/// What one post answered: status, where it redirected, and its page.
struct Answer {
    status: u16,
    location: String,
    page: String,
}

/// Posts each form to `path` at the same moment, from the same signed-in browser (a double
/// click, or several tabs). The answers are in the order of `forms`.
async fn at_once(client: &Client, path: &str, forms: Vec<Vec<(String, String)>>) -> Vec<Answer> {
    let mut set = tokio::task::JoinSet::new();
    for (i, form) in forms.into_iter().enumerate() {
        let (http, url) = (client.http.clone(), client.url(path));
        set.spawn(async move {
            let response = http.post(url).form(&form).send().await.unwrap();
            let status = response.status().as_u16();
            let location = support::location(&response);
            let page = support::unescape(&response.text().await.unwrap());
            (
                i,
                Answer {
                    status,
                    location,
                    page,
                },
            )
        });
    }
    let mut answers: Vec<(usize, Answer)> = set.join_all().await;
    answers.sort_by_key(|(i, _)| *i);
    answers.into_iter().map(|(_, a)| a).collect()
}

fn same(n: usize, form: &[(&str, &str)]) -> Vec<Vec<(String, String)>> {
    let form: Vec<(String, String)> = form
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    vec![form; n]
}

fn statuses(answers: &[Answer]) -> Vec<u16> {
    answers.iter().map(|a| a.status).collect()
}

/// The notifications and queued emails that link to `id` (only this test's doing), and how many
/// of them are distinct per person and kind: a notice sent twice makes the counts differ.
async fn notices_about(app: &TestApp, id: &str) -> (i64, i64, i64, i64) {
    let count = |table: &str, distinct: &str| {
        format!(
            "SELECT count(*)::text || ' ' || count(DISTINCT ({distinct}))::text FROM {table} WHERE link LIKE '%{id}%'"
        )
    };
    let notices = app
        .query_text(&count("notifications", "user_id, kind"))
        .await;
    let emails = app
        .query_text(&count("email_outbox", "user_id, subject"))
        .await;
    let pair = |text: String| -> (i64, i64) {
        let (a, b) = text.split_once(' ').unwrap();
        (a.parse().unwrap(), b.parse().unwrap())
    };
    let ((n, nd), (e, ed)) = (pair(notices), pair(emails));
    (n, nd, e, ed)
}

/// A Randolph discussion held three days ago, ESE told, section 1 written.
async fn held_discussion(app: &TestApp) -> String {
    app.query_text(
        "INSERT INTO highlight_discussions (district_id, plan_id, held_on, scheduled_at, ese_notified_at, accomplishments) \
         SELECT d.id, p.id, (now() AT TIME ZONE 'America/New_York')::date - 3, now() - interval '60 days', \
                now() - interval '50 days', 'Walkthroughs in all schools.' \
         FROM districts d JOIN plans p ON p.district_id = d.id AND p.status = 'approved' \
         WHERE d.slug = 'randolph' RETURNING id::text",
    )
    .await
}

fn minutes(id: &str) -> String {
    format!("/districts/randolph/discussions/{id}/minutes")
}

#[tokio::test]
async fn twenty_clicks_on_send_send_the_minutes_once_and_tell_each_person_once() {
    let app = TestApp::spawn().await;
    let id = held_discussion(&app).await;
    let manager = app.signed_in(MANAGER).await;
    let answers = at_once(&manager, &format!("{}/send", minutes(&id)), same(20, &[])).await;
    assert_eq!(statuses(&answers), vec![303; 20]);
    assert!(answers.iter().all(|a| a.location == minutes(&id)));
    let moved = app
        .field(
            "highlight_discussions",
            &id,
            "minutes_status::text || ' ' || review_round || ' ' || version",
        )
        .await;
    assert_eq!(moved, "in_review 2 2", "one transition");
    let (notices, distinct, emails, distinct_emails) = notices_about(&app, &id).await;
    assert!(notices >= 2, "the superintendent and the monitor are told");
    assert_eq!(notices, distinct, "each person is told once");
    assert_eq!(emails, distinct_emails, "each person is emailed once");
    let (_, page) = manager.get_text(&minutes(&id)).await;
    assert!(page.contains("already sent") || page.contains("were sent"));
}

#[tokio::test]
async fn twenty_clicks_on_each_report_step_move_it_once_and_tell_each_person_once() {
    let app = TestApp::spawn().await;
    let id = rated_report(&app, MONITOR, "draft").await;
    let base = format!("/districts/randolph/qprs/{id}");
    let status = format!("SELECT status::text || ' ' || version FROM qprs WHERE id = '{id}'");
    let monitor = app.signed_in(MONITOR).await;
    let ese = app.signed_in(ESE).await;

    let sent = at_once(&monitor, &format!("{base}/send-to-ese"), same(20, &[])).await;
    assert_eq!(statuses(&sent), vec![303; 20]);
    assert_eq!(app.query_text(&status).await, "ese_review 2");
    let told = notices_about(&app, &id).await;
    assert!(told.0 >= 1);
    assert_eq!((told.0, told.2), (told.1, told.3));

    let onward = at_once(
        &ese,
        &format!("{base}/send-to-superintendent"),
        same(20, &[]),
    )
    .await;
    assert_eq!(statuses(&onward), vec![303; 20]);
    assert_eq!(app.query_text(&status).await, "factual_review 3");

    let published = at_once(&ese, &format!("{base}/publish"), same(20, &[])).await;
    assert_eq!(statuses(&published), vec![303; 20]);
    assert_eq!(app.query_text(&status).await, "published 4");

    let posted = at_once(&ese, &format!("{base}/post"), same(20, &[])).await;
    assert_eq!(statuses(&posted), vec![303; 20]);
    assert_eq!(app.query_text(&status).await, "published 5");

    let (notices, distinct, emails, distinct_emails) = notices_about(&app, &id).await;
    assert!(notices > told.0, "each step told someone");
    assert_eq!(notices, distinct, "each step told each person once");
    assert_eq!(emails, distinct_emails);

    let reason = [("reason", "The attendance figure was wrong.")];
    let corrected = at_once(&ese, &format!("{base}/correct"), same(20, &reason)).await;
    assert_eq!(statuses(&corrected), vec![303; 20]);
    let kept = format!("SELECT count(*)::text FROM qpr_revisions WHERE qpr_id = '{id}'");
    assert_eq!(app.query_text(&kept).await, "1", "one correction");
    assert_eq!(app.query_text(&status).await, "draft 6");
}

/// Twenty tabs save the same version, each with its own text.
fn tabs(
    version: &str,
    field: &str,
    extra: impl Fn(usize) -> Vec<(String, String)>,
) -> Vec<Vec<(String, String)>> {
    (0..20)
        .map(|i| {
            let mut form = vec![
                ("version".to_string(), version.to_string()),
                (field.to_string(), format!("Text from tab {i}")),
            ];
            form.extend(extra(i));
            form
        })
        .collect()
}

/// Exactly one save was accepted; every other tab got the conflict page with its own text.
/// Returns the tab that won.
fn one_accepted(answers: &[Answer], conflict: &str) -> usize {
    let accepted: Vec<usize> = (0..answers.len())
        .filter(|i| answers[*i].status == 303)
        .collect();
    assert_eq!(accepted.len(), 1, "{:?}", statuses(answers));
    for (i, answer) in answers.iter().enumerate() {
        if i != accepted[0] {
            assert_eq!(answer.status, 409, "tab {i}");
            assert!(answer.page.contains(conflict), "tab {i}");
            assert!(
                answer.page.contains(&format!("Text from tab {i}")),
                "tab {i}"
            );
        }
    }
    accepted[0]
}

#[tokio::test]
async fn twenty_saves_of_one_version_of_the_minutes_keep_one_and_show_the_rest_their_text() {
    let app = TestApp::spawn().await;
    let id = held_discussion(&app).await;
    let manager = app.signed_in(MANAGER).await;
    let edit = format!("{}/edit", minutes(&id));
    let version = manager.form_version(&edit).await;
    let answers = at_once(
        &manager,
        &edit,
        tabs(&version, "accomplishments", |_| vec![]),
    )
    .await;
    let winner = one_accepted(&answers, "Someone else saved these minutes");
    let saved = app
        .field("highlight_discussions", &id, "accomplishments")
        .await;
    assert_eq!(saved, format!("Text from tab {winner}"));

    // A post without its version cannot show it was made from the saved minutes.
    let page = manager
        .post_status(&edit, &[("accomplishments", "Typed with no version")], 409)
        .await;
    assert!(support::unescape(&page).contains("Typed with no version"));
    let after = app
        .field("highlight_discussions", &id, "accomplishments")
        .await;
    assert_eq!(after, saved);
}

#[tokio::test]
async fn twenty_saves_of_one_version_of_a_report_keep_one_and_show_the_rest_their_text() {
    let app = TestApp::spawn().await;
    let id = rated_report(&app, MONITOR, "draft").await;
    let initiative = app
        .query_text(&format!(
            "SELECT initiative_id::text FROM qpr_initiatives WHERE qpr_id = '{id}' ORDER BY initiative_id LIMIT 1"
        ))
        .await;
    let monitor = app.signed_in(MONITOR).await;
    let edit = format!("/districts/randolph/qprs/{id}/edit");
    let version = monitor.form_version(&edit).await;
    let ratings = ["problematic", "practices_in_place", "fully_embedded"];
    let rating = |i: usize| vec![(format!("process-{initiative}"), ratings[i % 3].to_string())];
    let answers = at_once(&monitor, &edit, tabs(&version, "summary", rating)).await;
    let winner = one_accepted(&answers, "Someone else saved this report");
    let saved = app
        .query_text(&format!(
            "SELECT q.summary || ' / ' || i.process_rating FROM qprs q JOIN qpr_initiatives i ON i.qpr_id = q.id \
             WHERE q.id = '{id}' AND i.initiative_id = '{initiative}'"
        ))
        .await;
    assert_eq!(
        saved,
        format!("Text from tab {winner} / {}", ratings[winner % 3])
    );

    let page = monitor
        .post_status(&edit, &[("summary", "Typed with no version")], 409)
        .await;
    assert!(support::unescape(&page).contains("Typed with no version"));
    let summary = format!("SELECT summary FROM qprs WHERE id = '{id}'");
    assert_eq!(
        app.query_text(&summary).await,
        format!("Text from tab {winner}")
    );
}

#[tokio::test]
async fn finalising_racing_a_return_to_draft_never_reopens_final_minutes() {
    let app = TestApp::spawn().await;
    let manager = app.signed_in(MANAGER).await;
    for _ in 0..4 {
        let id = held_discussion(&app).await;
        app.execute(&format!(
            "UPDATE highlight_discussions SET minutes_status = 'in_review', sent_for_review_at = now() - interval '1 day' \
             WHERE id = '{id}'"
        ))
        .await;
        app.execute(&format!(
            "INSERT INTO minutes_reviews (district_id, discussion_id, revision, reviewer_role, outcome) \
             SELECT district_id, id, 1, r::district_role, 'no_discrepancies' FROM highlight_discussions, \
                    unnest(ARRAY['superintendent', 'plan_monitor']) AS r WHERE id = '{id}'"
        ))
        .await;
        let path = minutes(&id);
        let (finalise, ret) = (format!("{path}/finalise"), format!("{path}/return"));
        let (finals, returns) = tokio::join!(
            at_once(&manager, &finalise, same(10, &[])),
            at_once(&manager, &ret, same(10, &[]))
        );
        let state = app
            .field(
                "highlight_discussions",
                &id,
                "minutes_status::text || ' ' || (finalised_at IS NOT NULL)",
            )
            .await;
        match state.as_str() {
            "final true" => assert!(statuses(&returns).iter().all(|s| *s == 409)),
            "draft false" => assert!(statuses(&finals).iter().all(|s| *s == 409)),
            other => panic!("final minutes were reopened, or half finalised: {other}"),
        }
        let (notices, distinct, emails, distinct_emails) = notices_about(&app, &id).await;
        assert_eq!((notices, emails), (distinct, distinct_emails));
    }
}

#[tokio::test]
async fn creating_forms_sent_twice_with_their_token_create_once() {
    let app = TestApp::spawn().await;
    let manager = app.signed_in(MANAGER).await;
    let monitor = app.signed_in(MONITOR).await;

    // Scheduling a discussion.
    let (_, page) = manager
        .get_text("/districts/randolph/discussions/new")
        .await;
    let token = input_value(&page, "form_token").expect("the schedule form carries a token");
    let held = (throughline::calendar::today() + chrono::TimeDelta::days(20)).to_string();
    let form = [
        ("held_on", held.as_str()),
        ("place", "Room 7, token test"),
        ("form_token", token.as_str()),
    ];
    let answers = at_once(&manager, "/districts/randolph/discussions", same(2, &form)).await;
    assert_eq!(statuses(&answers), [303, 303]);
    assert_eq!(answers[0].location, answers[1].location);
    let sql = "SELECT count(*)::text FROM highlight_discussions WHERE place = 'Room 7, token test'";
    assert_eq!(app.query_text(sql).await, "1");
    // A form from before tokens existed still schedules.
    let untokened = [("held_on", held.as_str()), ("place", "Room 7, token test")];
    manager
        .post_status("/districts/randolph/discussions", &untokened, 303)
        .await;
    assert_eq!(app.query_text(sql).await, "2");

    // A comment on its agenda.
    let discussion = &answers[0].location;
    let (_, page) = manager.get_text(discussion).await;
    let token = input_value(&page, "form_token").expect("the comment form carries a token");
    let form = [
        ("body", "Bring the walkthrough data"),
        ("form_token", token.as_str()),
    ];
    let answers = at_once(&manager, &format!("{discussion}/comments"), same(2, &form)).await;
    assert_eq!(statuses(&answers), [303, 303]);
    let sql =
        "SELECT count(*)::text FROM discussion_comments WHERE body = 'Bring the walkthrough data'";
    assert_eq!(app.query_text(sql).await, "1");

    // An evidence request, and the district is told once.
    let requests = "/districts/randolph/evidence-requests";
    let (_, page) = monitor.get_text(requests).await;
    let token = input_value(&page, "form_token").expect("the request form carries a token");
    let due = input_value(&page, "due_on").unwrap();
    let form = [
        ("kind", "documents"),
        ("description", "Walkthrough logs, token test"),
        ("due_on", due.as_str()),
        ("form_token", token.as_str()),
    ];
    let answers = at_once(&monitor, requests, same(2, &form)).await;
    assert_eq!(statuses(&answers), [303, 303]);
    let sql = "SELECT count(*)::text FROM evidence_requests WHERE description = 'Walkthrough logs, token test'";
    assert_eq!(app.query_text(sql).await, "1");
    let told = "SELECT (count(*) = count(DISTINCT user_id))::text FROM notifications WHERE body LIKE '%Walkthrough logs, token test%'";
    assert_eq!(app.query_text(told).await, "true");

    // A review comment on a report.
    let id = rated_report(&app, MONITOR, "ese_review").await;
    let process = format!("/districts/randolph/qprs/{id}/process");
    let ese = app.signed_in(ESE).await;
    let (_, page) = ese.get_text(&process).await;
    let token = input_value(&page, "form_token").expect("the comment form carries a token");
    let form = [
        ("passage", "summary"),
        ("body", "Name the schools, token test"),
        ("form_token", token.as_str()),
    ];
    let answers = at_once(
        &ese,
        &format!("/districts/randolph/qprs/{id}/comments"),
        same(2, &form),
    )
    .await;
    assert_eq!(statuses(&answers), [303, 303]);
    let sql = "SELECT count(*)::text FROM qpr_comments WHERE body = 'Name the schools, token test'";
    assert_eq!(app.query_text(sql).await, "1");

    // Someone else's token is refused, not reused.
    let (_, page) = manager
        .get_text("/districts/randolph/discussions/new")
        .await;
    let token = input_value(&page, "form_token").unwrap();
    let form = [
        ("held_on", held.as_str()),
        ("place", "Room 9"),
        ("form_token", token.as_str()),
    ];
    manager
        .post_status("/districts/randolph/discussions", &form, 303)
        .await;
    let supt = app.signed_in("supt.randolph@demo.test").await;
    assert_eq!(
        supt.post_code("/districts/randolph/discussions", &form)
            .await,
        400
    );
    assert_eq!(
        app.query_text("SELECT count(*)::text FROM highlight_discussions WHERE place = 'Room 9'")
            .await,
        "1"
    );
}
