//! Highlight Discussions, scheduling: who may schedule, what bad input gets, the process steps'
//! overdue flags, edits that meet someone else's, the lists, and another district's discussions.
//! Telling ESE and the ESE contacts are in `highlights_schedule_ese.rs`.

use super::schedule_helpers as helpers;
use crate::support;

use helpers::*;
use support::{assert_kept, input_value, location, statements_for};
use throughline::calendar::date_label;

#[tokio::test]
async fn the_plan_manager_schedules_a_discussion_of_the_current_plan() {
    let app = spawn().await;
    let manager = app.signed_in(MANAGER).await;
    let form = page(&manager, &format!("{LIST}/new")).await;
    assert!(
        form.contains("at least one week before"),
        "the one-week rule is shown by the date"
    );
    let held_on = day(20).to_string();
    let response = schedule(&manager, &held_on, "15:30", "Central office, room 204").await;
    assert_eq!(response.status(), 303);
    let path = location(&response);
    assert!(path.starts_with(&format!("{LIST}/")), "{path}");
    let on_current_plan = "SELECT count(*) FROM highlight_discussions h JOIN plans p ON p.id = h.plan_id \
         JOIN districts d ON d.id = h.district_id WHERE d.slug = $1 AND p.status = 'approved' \
         AND h.invited = E'Ana Ruiz, Principal\\nBen Cho, Data coach'";
    assert_eq!(count(&app, on_current_plan, "randolph").await, 1);
    let html = page(&manager, &path).await;
    assert!(html.contains("was scheduled"), "flash");
    assert!(html.contains("Central office, room 204"));
    assert!(html.contains("at 3:30 PM"));
    assert!(html.contains("Ben Cho, Data coach"));
    assert!(html.contains("ESE has not been told yet"));
    assert!(!html.contains("less than a week away"));
    let list = page(&manager, LIST).await;
    assert!(list.contains("Central office, room 204"));
}

#[tokio::test]
async fn bad_input_is_refused_with_what_was_typed_kept() {
    let app = spawn().await;
    let manager = app.signed_in(MANAGER).await;
    let two_years = day(730).to_string();
    let tomorrow = day(1).to_string();
    let cases = [
        ("", "15:30", "Enter the date of the discussion."),
        (
            tomorrow.as_str(),
            "3pm",
            "Enter the time as hours and minutes",
        ),
        (two_years.as_str(), "", "at most a year ahead"),
    ];
    for (held_on, starts_at, message) in cases {
        let response = schedule(&manager, held_on, starts_at, "Room kept 9").await;
        assert_eq!(response.status(), 422, "{held_on} {starts_at}");
        let html = response.text().await.unwrap();
        assert!(html.contains(message), "{message}");
        assert_kept(&html, &[("place", "Room kept 9")]);
        assert_eq!(input_value(&html, "held_on").as_deref(), Some(held_on));
        assert!(
            html.contains("Ben Cho, Data coach"),
            "the invitations are kept"
        );
    }
    assert_eq!(discussions_of(&app, "randolph").await, 0, "nothing saved");
}

#[tokio::test]
async fn only_the_superintendent_and_plan_manager_schedule() {
    let app = spawn().await;
    let held_on = day(20).to_string();
    for email in [
        "monitor.east@demo.test",
        "leader.randolph@demo.test",
        "ese.staff@demo.test",
    ] {
        let client = app.signed_in(email).await;
        assert_eq!(
            client.get_code(&format!("{LIST}/new")).await,
            403,
            "{email}"
        );
        assert_eq!(
            schedule(&client, &held_on, "", "Room").await.status(),
            403,
            "{email}"
        );
        // They still see the discussions, without the link to schedule one.
        let list = page(&client, LIST).await;
        assert!(!list.contains("Schedule a discussion"), "{email}");
    }
    assert_eq!(discussions_of(&app, "randolph").await, 0);
    // Reading a discussion: the monitor and ESE may comment on its agenda, the leader may not.
    let path = insert(&app, "randolph", 20, "Room").await;
    for (email, comments) in [
        ("monitor.east@demo.test", true),
        ("ese.staff@demo.test", true),
        ("leader.randolph@demo.test", false),
    ] {
        let html = page(&app.signed_in(email).await, &path).await;
        assert_eq!(
            html.contains("Your comment on the agenda"),
            comments,
            "{email}"
        );
        assert!(!html.contains("Tell ESE</button>"), "{email}");
        assert!(!html.contains("Set the agenda"), "{email}");
    }
    let superintendent = app.signed_in("supt.randolph@demo.test").await;
    assert_eq!(
        schedule(&superintendent, &held_on, "", "Room")
            .await
            .status(),
        303
    );
}

#[tokio::test]
async fn another_districts_discussion_is_not_found() {
    let app = spawn().await;
    let theirs = insert(&app, "new-bedford", 20, "New Bedford hall").await;
    let id = theirs.rsplit('/').next().unwrap();
    let manager = app.signed_in(MANAGER).await;
    let ours = format!("{LIST}/{id}");
    manager.get_status(&ours, 404).await;
    manager.get_status(&format!("{ours}/edit"), 404).await;
    let edit = [
        ("held_on", "2030-01-01"),
        ("place", "Moved"),
        ("version", "1"),
    ];
    manager
        .post_status(&format!("{ours}/edit"), &edit, 404)
        .await;
    manager
        .post_status(&format!("{ours}/notify-ese"), &[], 404)
        .await;
    assert_eq!(
        manager.get_code(&theirs).await,
        404,
        "no role in New Bedford"
    );
    // Someone who may not schedule learns nothing more: not found, not "not allowed".
    let monitor = app.signed_in("monitor.east@demo.test").await;
    monitor.get_status(&format!("{ours}/edit"), 404).await;
    let notify = format!("{ours}/notify-ese");
    monitor.post_status(&notify, &[], 404).await;
    let untouched =
        "SELECT count(*) FROM highlight_discussions WHERE place = $1 AND ese_notified_at IS NULL";
    assert_eq!(count(&app, untouched, "New Bedford hall").await, 1);
}

#[tokio::test]
async fn steps_past_their_deadline_are_overdue() {
    let app = spawn().await;
    let path = insert(&app, "randolph", -10, "Held room").await;
    let leader = app.signed_in("leader.randolph@demo.test").await;
    let html = page(&leader, &path).await;
    let draft_due = date_label(day(-7));
    assert!(
        html.contains(&format!("Overdue: was due {draft_due}")),
        "draft minutes"
    );
    assert!(html.contains("step-overdue"));
    let list = page(&leader, LIST).await;
    // Telling ESE, the draft and the final minutes; the reviews wait for the draft.
    assert!(list.contains("3 steps overdue"));
    let district = page(&leader, "/districts/randolph").await;
    assert!(district.contains("Highlight Discussions"));
    assert!(district.contains("3 steps overdue"));
}

#[tokio::test]
async fn an_edit_that_meets_someone_elses_saves_nothing() {
    let app = spawn().await;
    let path = insert(&app, "randolph", 20, "First room").await;
    let manager = app.signed_in(MANAGER).await;
    let form = page(&manager, &format!("{path}/edit")).await;
    let version = input_value(&form, "version").unwrap();
    let held_on = input_value(&form, "held_on").unwrap();
    sqlx::query("UPDATE highlight_discussions SET place = 'Their room', version = version + 1 WHERE place = 'First room'")
        .execute(&mut app.owner_conn().await)
        .await
        .unwrap();
    let mine = [
        ("held_on", held_on.as_str()),
        ("place", "My room"),
        ("version", version.as_str()),
    ];
    let html = manager
        .post_status(&format!("{path}/edit"), &mine, 409)
        .await;
    assert!(html.contains("Someone else saved this discussion"));
    assert!(html.contains("Their room"));
    assert_kept(&html, &[("place", "My room")]);
    let kept = "SELECT count(*) FROM highlight_discussions WHERE place = $1";
    assert_eq!(count(&app, kept, "Their room").await, 1);
    // Saving again, from the refreshed form, keeps theirs no longer.
    let again = [
        ("held_on", held_on.as_str()),
        ("place", "My room"),
        ("version", &input_value(&html, "version").unwrap()),
    ];
    manager
        .post_status(&format!("{path}/edit"), &again, 303)
        .await;
    assert_eq!(count(&app, kept, "My room").await, 1);
    // Final minutes fix the discussion as it was.
    sqlx::query("UPDATE highlight_discussions SET minutes_status = 'final'")
        .execute(&mut app.owner_conn().await)
        .await
        .unwrap();
    manager.get_status(&format!("{path}/edit"), 409).await;
    let late = [
        ("held_on", held_on.as_str()),
        ("place", "Too late"),
        ("version", "3"),
    ];
    manager
        .post_status(&format!("{path}/edit"), &late, 409)
        .await;
    assert_eq!(count(&app, kept, "Too late").await, 0);
}

#[tokio::test]
async fn the_list_puts_upcoming_soonest_first_and_past_most_recent_first() {
    let app = spawn().await;
    for (offset, place) in [
        (-40, "Past B"),
        (30, "Later U"),
        (-5, "Past A"),
        (5, "Soon U"),
    ] {
        insert(&app, "randolph", offset, place).await;
    }
    let manager = app.signed_in(MANAGER).await;
    let list = page(&manager, LIST).await;
    let at = |text: &str| list.find(text).unwrap_or_else(|| panic!("{text} missing"));
    let order = [
        at("<h2 id=\"upcoming-heading\">"),
        at("Soon U"),
        at("Later U"),
        at("<h2 id=\"past-heading\">"),
        at("Past A"),
        at("Past B"),
    ];
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(list.contains("/districts/randolph/coverage"));
    let district = page(&manager, "/districts/randolph").await;
    let next = district.find("Next discussion").unwrap();
    assert!(district[next..].find("Soon U").unwrap() < district[next..].find("Past A").unwrap());
    assert!(!district.contains("Later U"), "only the next upcoming one");
}

#[tokio::test]
async fn the_discussion_page_costs_the_same_statements_however_much_it_shows() {
    let app = spawn().await;
    let path = insert(&app, "randolph", -3, "Room").await;
    let manager = app.signed_in(MANAGER).await;
    let Some(few) = statements_for(&app, &manager, &path).await else {
        eprintln!("skipped: pg_stat_statements is not available on this server");
        return;
    };
    for offset in [-40, -20, 10] {
        insert(&app, "randolph", offset, "Other").await;
    }
    let id = path.rsplit('/').next().unwrap();
    sqlx::query(
        "INSERT INTO discussion_comments (district_id, discussion_id, body) \
         SELECT district_id, id, 'A comment ' || n FROM highlight_discussions, generate_series(1, 3) n \
         WHERE id = $1::uuid",
    )
    .bind(id)
    .execute(&mut app.owner_conn().await)
    .await
    .unwrap();
    let html = page(&manager, &path).await;
    assert!(html.contains("A comment 3"));
    assert_eq!(statements_for(&app, &manager, &path).await, Some(few));
}
