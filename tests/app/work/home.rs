//! Role homes: each person's work list shows their items, from their districts only, by due date
//! with counts; and the page reads a fixed number of statements however many districts.

use crate::support;

use support::{TestApp, contexts, statements_for, unescape};
use throughline::db;
use throughline::work::load::{SNAPSHOT_STATEMENTS, Snapshot};

/// Adds, in each named district, work only that district's people should see: an overdue
/// activity, draft minutes sent for review two days ago and an open evidence request.
async fn markers(app: &TestApp, slug: &str) {
    let name = slug.replace('-', " ");
    app.execute(&format!(
        "INSERT INTO activities (district_id, initiative_id, rank, description, completes_on) \
         SELECT i.district_id, i.id, 99, 'Marker activity of {name}', (now() AT TIME ZONE 'America/New_York')::date - 10 \
         FROM initiatives i JOIN objectives o ON o.id = i.objective_id JOIN plans p ON p.id = o.plan_id \
         JOIN districts d ON d.id = p.district_id \
         WHERE d.slug = '{slug}' AND p.status IN ('approved', 'submitted') ORDER BY o.rank, i.rank LIMIT 1"
    ))
    .await;
    app.execute(&format!(
        "INSERT INTO highlight_discussions (district_id, plan_id, held_on, place, scheduled_at, ese_notified_at, \
                                            minutes_status, accomplishments, sent_for_review_at) \
         SELECT d.id, p.id, (now() AT TIME ZONE 'America/New_York')::date - 3, 'Marker room of {name}', \
                now() - interval '30 days', now() - interval '20 days', 'in_review', 'Progress.', now() - interval '1 day' \
         FROM districts d JOIN plans p ON p.district_id = d.id \
         WHERE d.slug = '{slug}' AND p.status IN ('approved', 'submitted')"
    ))
    .await;
    app.execute(&format!(
        "INSERT INTO evidence_requests (district_id, kind, description, due_on) \
         SELECT id, 'documents', 'Marker request of {name}', (now() AT TIME ZONE 'America/New_York')::date + 25 \
         FROM districts WHERE slug = '{slug}'"
    ))
    .await;
}

async fn home(app: &TestApp, email: &str) -> String {
    let (status, body) = app.signed_in(email).await.get_text("/").await;
    assert_eq!(status, 200, "{email}");
    unescape(&body)
}

#[tokio::test]
async fn each_role_sees_its_own_work_and_nothing_of_other_districts() {
    let app = TestApp::spawn().await;
    for slug in ["randolph", "new-bedford", "fall-river"] {
        markers(&app, slug).await;
    }

    // What each person must see, and the markers of districts they must not.
    let cases: [(&str, &[&str], &[&str]); 6] = [
        (
            "supt.randolph@demo.test",
            &[
                "Superintendent — Randolph",
                "Accelerated Improvement Plan — Approved · ",
                "Marker activity of randolph",
                "Superintendent's review — discussion of",
                "Answer the monitor's request: Marker request of randolph",
                "Benchmarks behind target",
            ],
            &["of new bedford", "of fall river", "Minutes to finalise"],
        ),
        (
            "manager.randolph@demo.test",
            &[
                "Plan manager — Randolph",
                "Marker activity of randolph",
                "Send the final minutes to the superintendent, monitor and ESE contacts",
                "Answer the monitor's request: Marker request of randolph",
                "Measurements due or stale",
            ],
            &[
                "of new bedford",
                "of fall river",
                "Superintendent's review — discussion",
            ],
        ),
        (
            "monitor.east@demo.test",
            &[
                "Plan monitor — New Bedford, Randolph",
                "Waiting for: Marker request of randolph",
                "Waiting for: Marker request of new bedford",
                "Monitor's review — discussion of",
            ],
            &[
                "of fall river",
                "Marker activity",
                "Answer the monitor's request",
            ],
        ),
        (
            "monitor.south@demo.test",
            &[
                "Plan monitor — Fall River",
                "Waiting for: Marker request of fall river",
            ],
            &["of randolph", "of new bedford", "Marker activity"],
        ),
        (
            "leader.randolph@demo.test",
            &["District leader — Randolph", "Initiatives you lead"],
            &[
                "of new bedford",
                "of fall river",
                "Marker request",
                "Minutes waiting",
            ],
        ),
        (
            "ese.staff@demo.test",
            &[
                "ESE staff — all districts",
                "Plans submitted for review",
                "Review New Bedford Public Schools Accelerated Improvement Plan on the rubric",
                "Progress reports in ESE review",
                "Overdue across districts",
            ],
            &["Marker activity", "Answer the monitor's request"],
        ),
    ];
    for (email, shown, hidden) in cases {
        let body = home(&app, email).await;
        for text in shown {
            assert!(body.contains(text), "{email} should see {text:?}");
        }
        for text in hidden {
            assert!(!body.contains(text), "{email} must not see {text:?}");
        }
    }

    // The superintendent's plan line counts the plan's guidance checks, as the plan page lists them.
    let supt = home(&app, "supt.randolph@demo.test").await;
    let (_, plan) = app
        .signed_in("supt.randolph@demo.test")
        .await
        .get_text(&format!(
            "/districts/randolph/plans/{}",
            app.query_text(
                "SELECT p.id::text FROM plans p JOIN districts d ON d.id = p.district_id \
                 WHERE d.slug = 'randolph' AND p.status = 'approved'"
            )
            .await
        ))
        .await;
    let places = unescape(&plan)
        .split(" place")
        .find(|before| before.ends_with(|c: char| c.is_ascii_digit()))
        .and_then(|before| before.rsplit(['>', ' ']).next().map(str::to_string))
        .unwrap_or_default();
    let n: usize = places
        .trim()
        .parse()
        .expect("the plan page counts its checks");
    let expected = format!("Approved · {n} plan check{}", if n == 1 { "" } else { "s" });
    assert!(supt.contains(&expected), "{expected}");

    // The leader of Randolph sees an overdue activity only on an initiative they lead.
    let leader = home(&app, "leader.randolph@demo.test").await;
    let led_marker: bool = app
        .query_text(
            "SELECT coalesce(i.lead_user_id = u.id, false)::text FROM activities a JOIN initiatives i ON i.id = a.initiative_id, users u \
             WHERE a.description = 'Marker activity of randolph' AND u.email = 'leader.randolph@demo.test'",
        )
        .await
        == "true";
    assert_eq!(leader.contains("Marker activity of randolph"), led_marker);
}

#[tokio::test]
async fn counts_match_the_items_and_the_list_runs_by_due_date() {
    let app = TestApp::spawn().await;
    markers(&app, "randolph").await;
    let body = home(&app, "manager.randolph@demo.test").await;
    let overdue_activities: i64 = app
        .query_text(
            "SELECT count(*)::text FROM activities a JOIN initiatives i ON i.id = a.initiative_id \
             JOIN objectives o ON o.id = i.objective_id JOIN plans p ON p.id = o.plan_id \
             JOIN districts d ON d.id = p.district_id \
             LEFT JOIN LATERAL (SELECT status FROM activity_updates u WHERE u.activity_id = a.id \
                                ORDER BY as_of DESC, recorded_at DESC LIMIT 1) s ON true \
             WHERE d.slug = 'randolph' AND p.status = 'approved' \
               AND a.completes_on < (now() AT TIME ZONE 'America/New_York')::date \
               AND coalesce(s.status::text, 'not_started') NOT IN ('complete', 'cancelled')",
        )
        .await
        .parse()
        .unwrap();
    assert!(overdue_activities >= 1);
    assert!(
        body.contains(&format!(
            "<strong>{overdue_activities}</strong> Activities overdue"
        )),
        "count of {overdue_activities} overdue activities"
    );
    assert_eq!(
        body.matches("<td>Activities overdue</td>").count() as i64,
        overdue_activities
    );
    // Overdue items (the earliest due dates) come before what is due later.
    let first_overdue = body.find("Overdue: was due").unwrap();
    let first_due = body.find("<td>Due ").unwrap();
    assert!(first_overdue < first_due);
}

#[tokio::test]
async fn a_person_with_no_role_is_told_how_to_get_one() {
    let app = TestApp::spawn().await;
    app.execute("DELETE FROM district_roles WHERE user_id = (SELECT id FROM users WHERE email = 'leader.fallriver@demo.test')")
        .await;
    let body = home(&app, "leader.fallriver@demo.test").await;
    assert!(body.contains("do not have a role in any district yet"));
    assert!(!body.contains("Fall River"));
}

#[tokio::test]
async fn the_home_reads_the_same_number_of_statements_for_one_district_or_many() {
    let app = TestApp::spawn().await;
    let monitor = app.signed_in("monitor.south@demo.test").await;
    monitor.get("/").await;
    let Some(one) = statements_for(&app, &monitor, "/").await else {
        eprintln!("skipped: pg_stat_statements is not available on this server");
        return;
    };
    // Make them monitor of all three districts, each with markers.
    app.execute(
        "INSERT INTO district_roles (district_id, user_id, role) \
         SELECT d.id, u.id, 'plan_monitor' FROM districts d, users u \
         WHERE u.email = 'monitor.south@demo.test' ON CONFLICT DO NOTHING",
    )
    .await;
    for slug in ["randolph", "new-bedford", "fall-river"] {
        markers(&app, slug).await;
    }
    let three = statements_for(&app, &monitor, "/").await.unwrap();
    assert_eq!(one, three, "statements with one district vs three");
    eprintln!("statements for a monitor's home: {three}");
    let body = unescape(&monitor.get_text("/").await.1);
    assert!(body.contains("Plan monitor — Fall River, New Bedford, Randolph"));

    // Of those, the work lists' own reading is SNAPSHOT_STATEMENTS.
    let user: uuid::Uuid = app
        .query_text("SELECT id::text FROM users WHERE email = 'monitor.south@demo.test'")
        .await
        .parse()
        .unwrap();
    let mut owner = app.owner_conn().await;
    let mut tx = db::begin(&app.pool, contexts::member(user)).await.unwrap();
    assert!(support::start_counting_statements(&mut owner).await);
    let snapshot = Snapshot::read(&mut tx, user, false, throughline::calendar::today())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(snapshot.districts.len(), 3);
    assert_eq!(snapshot.trees.len(), 3);
    let calls = support::app_statements(&mut owner).await;
    assert_eq!(calls, SNAPSHOT_STATEMENTS as i64);

    // ESE staff: the same with 3 districts and with 23.
    let ese = app.signed_in("ese.staff@demo.test").await;
    ese.get("/").await;
    let few = statements_for(&app, &ese, "/").await.unwrap();
    app.execute(
        "INSERT INTO districts (name, slug, accountability_level) \
         SELECT 'Extra district ' || n, 'extra-' || n, 4 FROM generate_series(1, 20) n",
    )
    .await;
    let many = statements_for(&app, &ese, "/").await.unwrap();
    assert_eq!(few, many, "ESE home statements with 3 districts vs 23");
    eprintln!("statements for the ESE home: {many}");
}
