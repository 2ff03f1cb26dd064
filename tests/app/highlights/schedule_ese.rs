//! Highlight Discussions, telling ESE: the week's notice and its flags, recording who told ESE
//! and when, and the ESE contacts an ESE administrator names for a district.

use super::schedule_helpers as helpers;
use crate::support;

use helpers::*;
use support::location;
use throughline::calendar::{date_label, today};

#[tokio::test]
async fn a_discussion_less_than_a_week_away_is_flagged() {
    let app = spawn().await;
    let manager = app.signed_in(MANAGER).await;
    let response = schedule(&manager, &day(3).to_string(), "", "Soon room").await;
    assert_eq!(response.status(), 303, "saved all the same");
    let html = page(&manager, &location(&response)).await;
    assert!(
        html.contains(
            "ESE must be told at least one week before; this one is less than a week away"
        )
    );
    let list = page(&manager, LIST).await;
    assert!(list.contains("Scheduled less than a week ahead"));
}

#[tokio::test]
async fn telling_ese_records_when_and_by_whom() {
    let app = spawn().await;
    let in_time = insert(&app, "randolph", 20, "Far room").await;
    let late = insert(&app, "randolph", 3, "Near room").await;
    let manager = app.signed_in(MANAGER).await;
    let list = page(&manager, LIST).await;
    assert!(
        list.contains("ESE not yet told"),
        "the near one is already late"
    );
    assert!(list.contains(&format!("Tell ESE by {}", date_label(day(13)))));
    let monitor = app.signed_in("monitor.east@demo.test").await;
    let path = format!("{in_time}/notify-ese");
    monitor.post_status(&path, &[], 403).await;

    manager.submit(&path, &[]).await;
    let recorded = "SELECT count(*) FROM highlight_discussions h JOIN users u ON u.id = h.ese_notified_by \
         WHERE h.place = 'Far room' AND u.email = $1 AND h.ese_notified_at > now() - interval '1 minute'";
    assert_eq!(count(&app, recorded, MANAGER).await, 1);
    let html = page(&manager, &in_time).await;
    let told = format!("ESE told on {} by", date_label(today()));
    assert!(html.contains(&told));
    assert!(!html.contains("less than a week before the discussion"));
    assert!(
        !html.contains(&format!("action=\"{path}\"")),
        "no second button"
    );

    manager
        .post_status(&format!("{late}/notify-ese"), &[], 303)
        .await;
    let html = page(&manager, &late).await;
    assert!(html.contains(&told));
    assert!(html.contains("(less than a week before the discussion)"));
    let list = page(&manager, LIST).await;
    assert!(list.contains("ESE told late"));
    assert!(!list.contains("ESE not yet told"));
}

#[tokio::test]
async fn the_ese_admin_names_the_contacts_everyone_sees() {
    let app = spawn().await;
    let staff = user_id(&app, "ese.staff@demo.test").await;
    let admin_id = user_id(&app, "ese.admin@demo.test").await;
    let manager = app.signed_in(MANAGER).await;
    let contacts = "/districts/randolph/contacts";
    manager.get_status(contacts, 403).await;
    let form = [
        ("accountability", staff.as_str()),
        ("targeted_assistance", admin_id.as_str()),
    ];
    manager.post_status(contacts, &form, 403).await;

    let admin = app.signed_in("ese.admin@demo.test").await;
    assert!(page(&admin, contacts).await.contains("Daniel Okafor"));
    let not_ese = user_id(&app, MANAGER).await;
    let bogus = [
        ("accountability", not_ese.as_str()),
        ("targeted_assistance", ""),
    ];
    admin.post_status(contacts, &bogus, 422).await;
    admin.submit(contacts, &form).await;
    let district = page(&manager, "/districts/randolph").await;
    assert!(district.contains("Daniel Okafor (Accountability)"));
    assert!(district.contains("Grace Whitfield (Targeted Assistance)"));
    assert!(!district.contains("Change the ESE contacts"));
    assert!(
        page(&admin, "/districts/randolph")
            .await
            .contains("Change the ESE contacts")
    );
    let discussion = insert(&app, "randolph", 20, "Room").await;
    let html = page(&manager, &discussion).await;
    assert!(html.contains(
        "Tell ESE: Daniel Okafor (Accountability), Grace Whitfield (Targeted Assistance)"
    ));

    let one = [
        ("accountability", staff.as_str()),
        ("targeted_assistance", ""),
    ];
    admin.post_status(contacts, &one, 303).await;
    let rows = "SELECT count(*) FROM district_ese_contacts c JOIN districts d ON d.id = c.district_id WHERE d.slug = $1";
    assert_eq!(count(&app, rows, "randolph").await, 1);
}
