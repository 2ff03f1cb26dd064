//! Minutes of Highlight Discussions: the full workflow with each role, who may do which step,
//! read-only final minutes and their corrections, lost-edit protection, and tenancy.

use crate::support;
use crate::support::people::{LEADER, MANAGER, MONITOR, SUPT};

use support::{Client, TestApp, assert_contains, fixtures, location, section, unescape};

/// A discussion of `slug` held `days_ago` days ago (negative: upcoming), ESE told in time.
async fn discussion(app: &TestApp, slug: &str, days_ago: i64) -> String {
    fixtures::discussion(app, slug, days_ago).await
}

fn minutes(slug: &str, id: &str) -> String {
    format!("/districts/{slug}/discussions/{id}/minutes")
}

async fn status(app: &TestApp, id: &str) -> String {
    app.field("highlight_discussions", id, "minutes_status")
        .await
}

#[tokio::test]
async fn the_minutes_go_from_draft_through_review_to_final_with_each_role_doing_its_part() {
    let app = TestApp::spawn().await;
    let id = discussion(&app, "randolph", 2).await;
    let path = minutes("randolph", &id);
    let benchmark = app
        .query_text(
            "SELECT b.id::text FROM benchmarks b JOIN districts d ON d.id = b.district_id \
         WHERE d.slug = 'randolph' AND b.initiative_id IS NOT NULL ORDER BY b.statement LIMIT 1",
        )
        .await;
    let statement = app.field("benchmarks", &benchmark, "statement").await;
    let item = app
        .query_text(&format!(
            "INSERT INTO discussion_agenda_items (district_id, discussion_id, benchmark_id) \
         SELECT district_id, '{id}', id FROM benchmarks WHERE id = '{benchmark}' RETURNING id::text"
        ))
        .await;
    let row = app.query_text("SELECT e.id || '|' || e.title || '|' || i.description || '|' || \
             CASE WHEN e.kind = 'link' THEN e.url ELSE '/districts/randolph/evidence/' || e.id || '/file' END \
         FROM evidence e JOIN initiatives i ON i.id = e.initiative_id JOIN districts d ON d.id = e.district_id \
         WHERE d.slug = 'randolph' ORDER BY e.title LIMIT 1").await;
    let [evidence, evidence_title, initiative, href]: [&str; 4] =
        row.split('|').collect::<Vec<_>>().try_into().unwrap();
    app.execute(
        "INSERT INTO district_ese_contacts (district_id, kind, user_id) \
         SELECT d.id, 'accountability', u.id FROM districts d, users u \
         WHERE d.slug = 'randolph' AND u.email = 'ese.staff@demo.test' \
         ON CONFLICT (district_id, kind) DO UPDATE SET user_id = excluded.user_id",
    )
    .await;

    let manager = app.signed_in(MANAGER).await;
    let supt = app.signed_in(SUPT).await;
    let monitor = app.signed_in(MONITOR).await;
    let leader = app.signed_in(LEADER).await;

    // The monitor reads but never writes the district's minutes.
    monitor.get_status(&path, 200).await;
    monitor.get_status(&format!("{path}/edit"), 403).await;
    monitor
        .post_status(&format!("{path}/edit"), &[("accomplishments", "mine")], 403)
        .await;
    monitor.post_status(&format!("{path}/send"), &[], 403).await;

    // An empty section 1 cannot be sent.
    let html = manager.post_status(&format!("{path}/send"), &[], 409).await;
    assert_contains(&html, "Section 1, accomplishments and progress, is empty");
    assert_eq!(status(&app, &id).await, "draft");

    let v = manager.edit_version(&path).await;
    let note_field = format!("note-{item}");
    let response = manager
        .post(
            &format!("{path}/edit"),
            &[
                ("version", v.as_str()),
                ("participants", "Ana Ruiz, Principal"),
                ("accomplishments", "Data teams met weekly in every school."),
                ("challenges", "Substitute coverage for release time."),
                (
                    "risks",
                    "Budget cuts in spring; the mitigation plan moves funds early.",
                ),
                ("next_steps", "Schedule the winter benchmark window."),
                ("modifications", "None this month."),
                (
                    "team_next_steps",
                    "Monitor asks for the December walkthrough data.",
                ),
                ("debrief", "Shorter agenda next time."),
                (note_field.as_str(), "Reached 64% against a target of 60%."),
                ("evidence", evidence),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), path);
    let (_, page) = manager.get_text(&path).await;
    let page = unescape(&page);
    for expected in [
        "The minutes were saved.",
        "Randolph",
        "Ana Ruiz, Principal",
        "Data teams met weekly",
        "Reached 64% against a target of 60%.",
        statement.as_str(),
        evidence_title,
        "Substitute coverage",
        "Budget cuts in spring",
        "Shorter agenda next time",
    ] {
        assert!(page.contains(expected), "missing {expected}");
    }
    // Section 1a lists the evidence under its initiative, linked to its file or URL.
    let inventory = &page[page.find("1a. Inventory").unwrap()..];
    let group = inventory
        .find(&format!(": {initiative}</h3>"))
        .expect("initiative heading");
    let listed = inventory
        .find(&format!("<a href=\"{href}\">{evidence_title}</a>"))
        .expect("evidence link");
    assert!(group < listed);

    manager.submit(&format!("{path}/send"), &[]).await;
    assert_eq!(status(&app, &id).await, "in_review");
    let (_, page) = manager.get_text(&path).await;
    assert!(page.contains("Submitted by"));
    assert!(
        page.contains(
            &app.query_text("SELECT name FROM users WHERE email = 'manager.randolph@demo.test'")
                .await
        )
    );

    // In review, nobody edits; the leader cannot answer; the superintendent cannot finalise.
    manager.get_status(&format!("{path}/edit"), 409).await;
    manager
        .post_status(
            &format!("{path}/edit"),
            &[("version", "99"), ("accomplishments", "x")],
            409,
        )
        .await;
    let answer = [("outcome", "no_discrepancies")];
    for not_a_reviewer in [&leader, &manager] {
        not_a_reviewer
            .post_status(&format!("{path}/review"), &answer, 403)
            .await;
    }
    supt.post_status(&format!("{path}/finalise"), &[], 403)
        .await;

    // A bad answer is refused with what was typed kept.
    let blank_comments = [("outcome", "comments"), ("comments", " ")];
    let review = format!("{path}/review");
    monitor
        .refused(&review, &blank_comments, "Write your comments")
        .await;
    let no_choice = [("comments", "Typed but no choice")];
    monitor
        .refused(&review, &no_choice, "Typed but no choice")
        .await;

    supt.post_status(
        &format!("{path}/review"),
        &[("outcome", "no_discrepancies")],
        303,
    )
    .await;
    // Answering again replaces the earlier answer.
    supt.post_status(
        &format!("{path}/review"),
        &[("outcome", "no_discrepancies"), ("comments", "Fine.")],
        303,
    )
    .await;
    let answers = app.query_text(&format!("SELECT count(*)::text FROM minutes_reviews WHERE discussion_id = '{id}' AND reviewer_role = 'superintendent'")).await;
    assert_eq!(answers, "1");
    monitor
        .post_status(
            &format!("{path}/review"),
            &[
                ("outcome", "comments"),
                ("comments", "The 64% was grade 3 only."),
            ],
            303,
        )
        .await;
    let (_, page) = manager.get_text(&path).await;
    assert!(page.contains("The 64% was grade 3 only."));
    assert!(page.contains("Plan monitor") && page.contains("No discrepancies"));

    // The manager takes the comments back into the draft, then sends again and finalises.
    manager
        .post_status(&format!("{path}/return"), &[], 303)
        .await;
    assert_eq!(status(&app, &id).await, "draft");
    manager.get_status(&format!("{path}/edit"), 200).await;
    manager.post_status(&format!("{path}/send"), &[], 303).await;
    // Sent again, the minutes need new answers from both.
    for reviewer in [&supt, &monitor] {
        let answer = [("outcome", "no_discrepancies")];
        assert_eq!(
            reviewer.post_code(&format!("{path}/review"), &answer).await,
            303
        );
    }
    manager.submit(&format!("{path}/finalise"), &[]).await;
    assert_eq!(status(&app, &id).await, "final");
    let sent_to = app
        .field("highlight_discussions", &id, "distributed_to")
        .await;
    for email in [
        "supt.randolph@demo.test",
        "monitor.east@demo.test",
        "ese.staff@demo.test",
    ] {
        assert!(sent_to.contains(email), "{email} not in {sent_to}");
    }
    assert!(!sent_to.contains("manager.randolph") && !sent_to.contains("leader.randolph"));
    let (_, page) = supt.get_text(&path).await;
    assert!(page.contains("Sent to:"));
    assert!(page.contains("ESE Accountability contact"));

    // Final minutes are read-only.
    manager.get_status(&format!("{path}/edit"), 409).await;
    let html = manager
        .post_status(
            &format!("{path}/edit"),
            &[("version", "99"), ("accomplishments", "Changed")],
            409,
        )
        .await;
    assert!(html.contains("final and read-only"));
    manager.post_status(&format!("{path}/send"), &[], 409).await;
    supt.post_status(
        &format!("{path}/review"),
        &[("outcome", "no_discrepancies")],
        409,
    )
    .await;
    let kept = app
        .field("highlight_discussions", &id, "accomplishments")
        .await;
    assert_eq!(kept, "Data teams met weekly in every school.");
}

/// The text of the steps table's row for `step` on the minutes page.
async fn step_row(client: &Client, path: &str, step: &str) -> String {
    let html = unescape(&client.get_status(path, 200).await);
    section(&html, step, "</tr>").to_string()
}

#[tokio::test]
async fn minutes_sent_again_after_changes_need_new_answers_before_they_are_final() {
    let app = TestApp::spawn().await;
    let id = discussion(&app, "randolph", 2).await;
    let path = minutes("randolph", &id);
    let manager = app.signed_in(MANAGER).await;
    let supt = app.signed_in(SUPT).await;
    let monitor = app.signed_in(MONITOR).await;
    let save = |v: String, text: &'static str| {
        let manager = &manager;
        let path = &path;
        async move {
            let form = [("version", v.as_str()), ("accomplishments", text)];
            manager.post_code(&format!("{path}/edit"), &form).await
        }
    };
    let v = manager.edit_version(&path).await;
    assert_eq!(save(v, "Data teams met weekly.").await, 303);
    manager.post_status(&format!("{path}/send"), &[], 303).await;

    // The monitor answers with comments, the superintendent with none.
    let comments = [
        ("outcome", "comments"),
        ("comments", "Name the schools in section 1."),
    ];
    monitor
        .post_status(&format!("{path}/review"), &comments, 303)
        .await;
    let fine = [("outcome", "no_discrepancies")];
    supt.post_status(&format!("{path}/review"), &fine, 303)
        .await;
    assert!(
        step_row(&manager, &path, "Monitor's review")
            .await
            .contains("Done")
    );

    // The plan manager returns them to draft, edits and sends them again.
    manager
        .post_status(&format!("{path}/return"), &[], 303)
        .await;
    let v = manager.edit_version(&path).await;
    assert_eq!(
        save(v, "Data teams met weekly in all six schools.").await,
        303
    );
    manager.post_status(&format!("{path}/send"), &[], 303).await;

    // Neither review is done for the minutes as sent again, and finalising waits for them.
    for step in ["Superintendent's review", "Monitor's review"] {
        let row = step_row(&manager, &path, step).await;
        assert!(!row.contains("Done"), "{step}: {row}");
    }
    let page = manager
        .post_status(&format!("{path}/finalise"), &[], 409)
        .await;
    let page = unescape(&page);
    assert_contains(&page, "has not answered yet");
    // The earlier answers are kept for the record, apart from the current ones.
    assert!(page.contains("Answers before the minutes were returned to draft"));
    assert!(page.contains("Name the schools in section 1."));
    assert_eq!(status(&app, &id).await, "in_review");

    // Both answer the minutes as they are now; then they can be finalised.
    monitor
        .post_status(&format!("{path}/review"), &fine, 303)
        .await;
    let (code, _) = manager.post_text(&format!("{path}/finalise"), &[]).await;
    assert_eq!(
        code, 409,
        "the superintendent has not answered the new sending"
    );
    supt.post_status(&format!("{path}/review"), &fine, 303)
        .await;
    for step in ["Superintendent's review", "Monitor's review"] {
        assert!(step_row(&manager, &path, step).await.contains("Done"));
    }
    manager
        .post_status(&format!("{path}/finalise"), &[], 303)
        .await;
    assert_eq!(status(&app, &id).await, "final");
    let answers =
        format!("SELECT count(*)::text FROM minutes_reviews WHERE discussion_id = '{id}'");
    assert_eq!(app.query_text(&answers).await, "4");
}

#[tokio::test]
async fn another_districts_minutes_are_not_found_and_its_evidence_cannot_be_listed() {
    let app = TestApp::spawn().await;
    let theirs = discussion(&app, "new-bedford", 3).await;
    let ours = discussion(&app, "randolph", 3).await;
    let manager = app.signed_in(MANAGER).await;
    let supt = app.signed_in(SUPT).await;
    for path in [
        minutes("randolph", &theirs),
        minutes("new-bedford", &theirs),
    ] {
        assert_eq!(manager.get_code(&path).await, 404, "{path}");
        manager.get_status(&format!("{path}/edit"), 404).await;
        manager.get_status(&format!("{path}/correct"), 404).await;
        for action in ["edit", "send", "return", "finalise", "correct"] {
            let code = manager
                .post_code(
                    &format!("{path}/{action}"),
                    &[("accomplishments", "x"), ("reason", "x")],
                )
                .await;
            assert_eq!(code, 404, "{action}");
        }
        supt.post_status(
            &format!("{path}/review"),
            &[("outcome", "no_discrepancies")],
            404,
        )
        .await;
    }
    assert_eq!(status(&app, &theirs).await, "draft");

    let foreign = app
        .query_text(
            "SELECT e.id::text FROM evidence e JOIN districts d ON d.id = e.district_id \
         WHERE d.slug = 'new-bedford' LIMIT 1",
        )
        .await;
    let path = minutes("randolph", &ours);
    let v = manager.edit_version(&path).await;
    for bad in [foreign.as_str(), "not-an-id"] {
        let code = manager
            .post_code(
                &format!("{path}/edit"),
                &[
                    ("version", v.as_str()),
                    ("accomplishments", "Saved?"),
                    ("evidence", bad),
                ],
            )
            .await;
        assert_eq!(code, 404);
    }
    let saved = app.query_text(&format!("SELECT accomplishments || count(me.*) FROM highlight_discussions h \
         LEFT JOIN minutes_evidence me ON me.discussion_id = h.id WHERE h.id = '{ours}' GROUP BY h.district_id, h.id")).await;
    assert_eq!(saved, "0");
}
