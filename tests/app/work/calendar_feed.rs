//! The private calendar feed: a valid iCalendar file with the person's districts' discussions and
//! deadlines, fetched without signing in through a secret address that can be revoked.

use crate::support;

use icalendar::parser::{read_calendar, unfold};
use support::{TestApp, assert_content_type, unescape};

/// Makes the person's calendar address on the settings page and returns its path.
async fn make_address(client: &support::Client) -> String {
    client.submit("/account/calendar", &[]).await;
    let (_, page) = client.get_text("/account").await;
    let page = unescape(&page);
    let start = page
        .find("/calendar/")
        .expect("the new address is shown once");
    let end = start + page[start..].find(".ics").unwrap() + 4;
    page[start..end].to_string()
}

/// (SUMMARY, DTSTART) of every event.
fn events(ics: &str) -> Vec<(String, String)> {
    let unfolded = unfold(ics);
    let calendar = read_calendar(&unfolded).expect("a valid iCalendar file");
    calendar
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .map(|c| {
            let value = |key: &str| {
                c.find_prop(key)
                    .map(|p| p.val.as_str().to_string())
                    .unwrap_or_default()
            };
            assert!(!value("UID").is_empty(), "every event has a UID");
            if value("DTSTART").len() == 8 {
                assert!(
                    value("DTEND") > value("DTSTART"),
                    "an all-day event ends the next day"
                );
            }
            (value("SUMMARY"), value("DTSTART"))
        })
        .collect()
}

#[tokio::test]
async fn the_feed_parses_and_holds_the_districts_dates() {
    let app = TestApp::spawn().await;
    let manager = app.signed_in("manager.randolph@demo.test").await;
    let path = make_address(&manager).await;

    // Fetched by a calendar app: no session.
    let response = app.client().get(&path).await;
    assert_content_type(&response, "text/calendar");
    let ics = response.text().await.unwrap();
    let events = events(&ics);
    let discussions: Vec<_> = events
        .iter()
        .filter(|(summary, _)| summary == "Highlight Discussion — Randolph")
        .collect();
    let held: i64 = app
        .query_text(
            "SELECT count(*)::text FROM highlight_discussions h JOIN districts d ON d.id = h.district_id \
             WHERE d.slug = 'randolph' AND (h.minutes_status <> 'final' \
                OR h.held_on BETWEEN (now() AT TIME ZONE 'America/New_York')::date - 60 \
                                 AND (now() AT TIME ZONE 'America/New_York')::date + 60)",
        )
        .await
        .parse()
        .unwrap();
    assert_eq!(discussions.len() as i64, held);
    // A discussion with a start time is given in UTC, so every calendar shows the right hour.
    assert!(discussions.iter().any(|(_, start)| start.ends_with('Z')));
    assert!(
        events
            .iter()
            .any(|(s, _)| s.starts_with("Due: Answer the monitor's request"))
    );
    assert!(
        events
            .iter()
            .any(|(s, _)| s.starts_with("Quarterly Progress Report for")
                && s.contains("due — Randolph")),
        "the report's due month"
    );
    assert!(!ics.contains("Fall River") && !ics.contains("New Bedford"));
}

#[tokio::test]
async fn a_revoked_or_replaced_address_stops_working() {
    let app = TestApp::spawn().await;
    let monitor = app.signed_in("monitor.east@demo.test").await;
    let first = make_address(&monitor).await;
    assert_eq!(app.client().get(&first).await.status(), 200);
    let ics = app.client().get(&first).await.text().await.unwrap();
    assert!(ics.contains("Randolph") && ics.contains("New Bedford"));
    assert!(!ics.contains("Fall River"));

    let second = make_address(&monitor).await;
    assert_ne!(first, second);
    assert_eq!(app.client().get(&first).await.status(), 404, "replaced");
    assert_eq!(app.client().get(&second).await.status(), 200);

    monitor
        .post_status("/account/calendar/revoke", &[], 303)
        .await;
    assert_eq!(app.client().get(&second).await.status(), 404, "revoked");

    let nonsense = format!("/calendar/{}.ics", "0".repeat(64));
    assert_eq!(app.client().get(&nonsense).await.status(), 404);
    assert_eq!(app.client().get("/calendar/anything").await.status(), 404);
}
