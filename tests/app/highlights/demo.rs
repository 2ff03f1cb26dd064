//! The demo's Highlight Discussions: monthly since September with final minutes, one in review,
//! one upcoming; a coverage gap and an overdue step visible.

use crate::support;
use crate::support::people::PLAN_MANAGERS;

use support::TestApp;

#[tokio::test]
async fn every_demo_district_has_a_year_of_discussions_to_show() {
    let app = TestApp::spawn().await;
    for (slug, email) in PLAN_MANAGERS {
        let client = app.signed_in(email).await;
        let list = client
            .get_status(&format!("/districts/{slug}/discussions"), 200)
            .await;
        let upcoming = &list[list.find("Upcoming").unwrap()..list.find("Past").unwrap()];
        assert_eq!(
            upcoming.matches("<tr").count() - 1,
            1,
            "{slug}: one upcoming"
        );
        let past = &list[list.find("Past").unwrap()..];
        assert!(
            past.matches(">Final<").count() >= 2,
            "{slug}: final minutes"
        );
        assert_eq!(
            past.matches("With the superintendent and monitor for review")
                .count(),
            1,
            "{slug}: one in review"
        );
        let (_, coverage) = client
            .get_text(&format!("/districts/{slug}/coverage"))
            .await;
        assert!(
            coverage.contains("Never discussed"),
            "{slug}: a coverage gap"
        );
        let (_, district) = client.get_text(&format!("/districts/{slug}")).await;
        assert!(district.contains("Highlight Discussions"), "{slug}");
    }
    let manager = app.signed_in("manager.randolph@demo.test").await;
    let (_, list) = manager.get_text("/districts/randolph/discussions").await;
    assert!(list.contains("steps overdue"), "Randolph's monitor is late");
}

#[tokio::test]
async fn final_demo_minutes_are_read_only_and_written_from_the_plan() {
    let app = TestApp::spawn().await;
    let mut owner = app.owner_conn().await;
    let id: uuid::Uuid = sqlx::query_scalar(
        "SELECT h.id FROM highlight_discussions h JOIN districts d ON d.id = h.district_id \
         WHERE d.slug = 'fall-river' AND h.minutes_status = 'final' ORDER BY h.held_on LIMIT 1",
    )
    .fetch_one(&mut owner)
    .await
    .unwrap();
    let manager = app.signed_in("manager.fallriver@demo.test").await;
    let minutes = format!("/districts/fall-river/discussions/{id}/minutes");
    let page = manager.get_status(&minutes, 200).await;
    assert!(
        page.contains("Objective 1:"),
        "section 1 names the objective"
    );
    assert!(
        page.contains("Sent to"),
        "final minutes say who received them"
    );
    let (status, _) = manager.get_text(&format!("{minutes}/edit")).await;
    assert_eq!(status, 409, "final minutes are read-only");
}
