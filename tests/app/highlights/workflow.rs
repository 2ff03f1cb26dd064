//! The minutes' deadlines: overdue steps are flagged in words, minutes are sent only after the
//! discussion, and finalising waits for both reviewers until their review time has ended. Also
//! corrections of final minutes, and saves from a stale page.

use crate::support;
use crate::support::people::{MANAGER, SUPT};

use support::{Client, TestApp, assert_contains, fixtures, section, unescape};

/// A Randolph discussion held `days_ago` days ago (negative: upcoming), ESE told in time.
async fn discussion(app: &TestApp, days_ago: i64) -> String {
    fixtures::discussion(app, "randolph", days_ago).await
}

fn minutes(id: &str) -> String {
    format!("/districts/randolph/discussions/{id}/minutes")
}

/// The minutes' edit form with one section written.
fn edit<'a>(version: &'a str, accomplishments: &'a str) -> [(&'a str, &'a str); 2] {
    [("version", version), ("accomplishments", accomplishments)]
}

async fn save(manager: &Client, path: &str, version: &str, accomplishments: &str) {
    manager
        .submit(&format!("{path}/edit"), &edit(version, accomplishments))
        .await;
}

async fn status(app: &TestApp, id: &str) -> String {
    let sql = format!("SELECT minutes_status::text FROM highlight_discussions WHERE id = '{id}'");
    app.query_text(&sql).await
}

/// The text of the process table's row for the step named `step`.
async fn step_row(client: &Client, id: &str, step: &str) -> String {
    let html = unescape(&client.get_status(&minutes(id), 200).await);
    section(&html, step, "</tr>").to_string()
}

async fn write_section_one(app: &TestApp, id: &str) {
    app.execute(&format!(
            "UPDATE highlight_discussions SET accomplishments = 'Walkthroughs in all schools.' WHERE id = '{id}'"
        ),
    )
    .await;
}

#[tokio::test]
async fn minutes_not_sent_five_days_after_the_discussion_are_overdue() {
    let app = TestApp::spawn().await;
    let late = discussion(&app, 5).await;
    let recent = discussion(&app, 1).await;
    let manager = app.signed_in(MANAGER).await;
    let send = "Send the draft minutes to the superintendent and monitor";

    let row = step_row(&manager, &late, send).await;
    assert_contains(&row, "Overdue");
    let row = step_row(&manager, &recent, send).await;
    assert!(row.contains("Due") && !row.contains("Overdue"), "{row}");
    // Told ESE in time: that step is done, not flagged.
    let row = step_row(&manager, &late, "Tell ESE").await;
    assert!(row.contains("Done") && !row.contains("Overdue"), "{row}");

    // The final minutes are due a week after the discussion: not yet overdue at five days.
    let row = step_row(&manager, &late, "Send the final minutes").await;
    assert!(!row.contains("Overdue"), "{row}");
    app.execute(&format!(
        "UPDATE highlight_discussions SET held_on = held_on - 3 WHERE id = '{late}'"
    ))
    .await;
    let row = step_row(&manager, &late, "Send the final minutes").await;
    assert_contains(&row, "Overdue");
}

#[tokio::test]
async fn the_previous_and_next_discussions_are_named_on_the_minutes() {
    let app = TestApp::spawn().await;
    // Only these three, whatever the demo data holds.
    app.execute("DELETE FROM highlight_discussions WHERE district_id = (SELECT id FROM districts WHERE slug = 'randolph')").await;
    let earlier = discussion(&app, 40).await;
    let this = discussion(&app, 10).await;
    let later = discussion(&app, -20).await;
    let label = |id: String| {
        let app = &app;
        async move {
            app.query_text(&format!(
                    "SELECT to_char(held_on, 'Mon FMDD, YYYY') FROM highlight_discussions WHERE id = '{id}'"
                ),
            )
            .await
        }
    };
    let (before, after) = (label(earlier).await, label(later).await);
    let manager = app.signed_in(MANAGER).await;
    let (_, html) = manager.get_text(&minutes(&this)).await;
    let previous = html.find("Date of previous Highlight Discussion").unwrap();
    let next = html.find("Date of next Highlight Discussion").unwrap();
    assert!(html[previous..next].contains(&before), "{before}");
    assert!(html[next..].contains(&after), "{after}");
}

#[tokio::test]
async fn minutes_are_sent_only_once_the_discussion_has_been_held() {
    let app = TestApp::spawn().await;
    let upcoming = discussion(&app, -3).await;
    write_section_one(&app, &upcoming).await;
    let manager = app.signed_in(MANAGER).await;
    // The manager may prepare the draft before the meeting.
    manager
        .get_status(&format!("{}/edit", minutes(&upcoming)), 200)
        .await;
    let html = manager
        .post_status(&format!("{}/send", minutes(&upcoming)), &[], 409)
        .await;
    assert_contains(&html, "once it has been held");
    let status =
        format!("SELECT minutes_status::text FROM highlight_discussions WHERE id = '{upcoming}'");
    assert_eq!(app.query_text(&status).await, "draft");
}

#[tokio::test]
async fn finalising_waits_for_both_reviewers_until_their_review_time_has_ended() {
    let app = TestApp::spawn().await;
    let id = discussion(&app, 2).await;
    write_section_one(&app, &id).await;
    let path = minutes(&id);
    let manager = app.signed_in(MANAGER).await;
    let supt = app.signed_in(SUPT).await;
    manager.post_status(&format!("{path}/send"), &[], 303).await;
    let answer = [("outcome", "no_discrepancies")];
    supt.post_status(&format!("{path}/review"), &answer, 303)
        .await;

    let html = manager
        .post_status(&format!("{path}/finalise"), &[], 409)
        .await;
    assert_contains(&html, "The monitor has not answered yet");
    let status =
        format!("SELECT minutes_status::text FROM highlight_discussions WHERE id = '{id}'");
    assert_eq!(app.query_text(&status).await, "in_review");

    // Sent five days ago: the monitor's three days are over.
    app.execute(&format!(
            "UPDATE highlight_discussions SET sent_for_review_at = now() - interval '5 days' WHERE id = '{id}'"
        ),
    )
    .await;
    let (_, html) = manager.get_text(&path).await;
    assert_contains(
        &html,
        "The monitor has not answered; the review time ended on",
    );
    assert!(html.contains("can be finalised"));
    // The monitor's review is flagged as overdue.
    let row = step_row(&manager, &id, "Monitor's review").await;
    assert_contains(&row, "Overdue");
    manager
        .post_status(&format!("{path}/finalise"), &[], 303)
        .await;
    assert_eq!(app.query_text(&status).await, "final");
    let finalised = format!(
        "SELECT (finalised_at IS NOT NULL AND finalised_by IS NOT NULL)::text FROM highlight_discussions WHERE id = '{id}'"
    );
    assert_eq!(app.query_text(&finalised).await, "true");
}

#[tokio::test]
async fn a_correction_needs_a_reason_and_keeps_the_final_text_as_a_revision() {
    let app = TestApp::spawn().await;
    let id = discussion(&app, 20).await;
    app.execute(&format!(
        "UPDATE highlight_discussions SET minutes_status = 'final', accomplishments = 'Old figure 26%.', \
         sent_for_review_at = now() - interval '18 days', finalised_at = now() - interval '14 days' WHERE id = '{id}'")).await;
    let path = minutes(&id);
    let manager = app.signed_in(MANAGER).await;
    let supt = app.signed_in(SUPT).await;
    supt.get_status(&format!("{path}/correct"), 403).await;
    manager.get_status(&format!("{path}/correct"), 200).await;

    manager
        .refused(
            &format!("{path}/correct"),
            &[("reason", "  ")],
            "Give the reason for the correction",
        )
        .await;
    let revisions =
        format!("SELECT count(*)::text FROM minutes_revisions WHERE discussion_id = '{id}'");
    assert_eq!(app.query_text(&revisions).await, "0");
    assert_eq!(status(&app, &id).await, "final");

    manager
        .submit(
            &format!("{path}/correct"),
            &[("reason", "The figure was 62%, not 26%.")],
        )
        .await;
    assert_eq!(app.query_text(&revisions).await, "1");
    assert_eq!(status(&app, &id).await, "draft");
    let row = app.query_text(&format!(
        "SELECT revision || ' ' || (final_text->>'accomplishments') || ' ' || (final_text ? 'finalised_at') \
         FROM minutes_revisions WHERE discussion_id = '{id}'")).await;
    assert_eq!(row, "1 Old figure 26%. true");
    let current =
        "revision || ' ' || (finalised_at IS NULL) || ' ' || (sent_for_review_at IS NULL)";
    let current = app.field("highlight_discussions", &id, current).await;
    assert_eq!(current, "2 true true");

    let (_, page) = manager.get_text(&path).await;
    assert!(page.contains("The figure was 62%, not 26%."));
    assert!(page.contains("<details"));
    assert!(page.contains("Old figure 26%."));
    // The corrected draft can be edited again.
    manager.get_status(&format!("{path}/edit"), 200).await;
    // The same correction sent again (a double click) opens nothing more.
    let again = manager
        .post(&format!("{path}/correct"), &[("reason", "again")])
        .await;
    assert_eq!(again.status(), 303);
    assert_eq!(app.query_text(&revisions).await, "1");
    assert_eq!(status(&app, &id).await, "draft");
    let (_, page) = manager.get_text(&path).await;
    assert!(page.contains("Revision 2 of the minutes was already open as a draft."));
    // A correction on minutes in review is refused.
    app.execute(&format!(
        "UPDATE highlight_discussions SET minutes_status = 'in_review' WHERE id = '{id}'"
    ))
    .await;
    manager
        .post_status(&format!("{path}/correct"), &[("reason", "again")], 409)
        .await;
}

#[tokio::test]
async fn a_save_from_a_stale_page_shows_both_texts_and_saves_nothing() {
    let app = TestApp::spawn().await;
    let id = discussion(&app, 1).await;
    let path = minutes(&id);
    let manager = app.signed_in(MANAGER).await;
    let stale = manager.edit_version(&path).await;
    save(&manager, &path, &stale, "First save by a colleague.").await;
    let html = manager
        .post_status(&format!("{path}/edit"), &edit(&stale, "My late text."), 409)
        .await;
    assert!(html.contains("Someone else saved these minutes"));
    assert!(html.contains("First save by a colleague."));
    assert!(html.contains("My late text."));
    let saved = app
        .field("highlight_discussions", &id, "accomplishments")
        .await;
    assert_eq!(saved, "First save by a colleague.");
    // The refilled form carries the current version, so saving again keeps the person's text.
    let fresh = support::input_value(&html, "version").unwrap();
    assert_ne!(fresh, stale);
    save(&manager, &path, &fresh, "My late text.").await;
}
