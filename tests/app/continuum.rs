//! Progress toward exit: scheduling a reflection on the continuum, recording where the district
//! stands on criteria B–E, what the overview and history show, who may do what, what bad input
//! and a second person recording at once get, and another district's reflections.

use chrono::{NaiveDate, TimeDelta};
use throughline::calendar::today;

use crate::support::{Client, TestApp, assert_redirect, assert_status, input_value};

const MANAGER: &str = "manager.randolph@demo.test";
const MONITOR: &str = "monitor.east@demo.test";
const OVERVIEW: &str = "/districts/randolph/continuum";
const NEW: &str = "/districts/randolph/continuum/reflections";

fn day(offset: i64) -> String {
    (today() + TimeDelta::days(offset)).to_string()
}

async fn schedule(client: &Client, held_on: &str, pre: &str, ese: bool) -> reqwest::Response {
    let mut form = vec![
        ("held_on", held_on),
        ("starts_at", "15:30"),
        ("place", "Central office, room 204"),
        ("pre_meeting_on", pre),
    ];
    if ese {
        form.push(("ese_requested", "on"));
    }
    client.post(NEW, &form).await
}

/// A reflection of Randolph's scheduled `offset` days from today by the plan manager; its path.
async fn scheduled(app: &TestApp, offset: i64) -> String {
    let manager = app.signed_in(MANAGER).await;
    assert_redirect(&schedule(&manager, &day(offset), "", false).await)
}

/// The posted form of a full record: each criterion at `stage`, with evidence and a rationale.
fn full_record(version: &str, stage: &'static str) -> Vec<(String, String)> {
    let mut form = vec![("version".to_string(), version.to_string())];
    for letter in ["B", "C", "D", "E"] {
        form.push((format!("stage_{letter}"), stage.to_string()));
        form.push((
            format!("evidence_{letter}"),
            format!("Evidence for {letter}: DILT notes"),
        ));
        form.push((
            format!("rationale_{letter}"),
            format!("Why {letter} is there"),
        ));
    }
    form
}

async fn post_pairs(client: &Client, path: &str, form: &[(String, String)]) -> reqwest::Response {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    client.post(path, &pairs).await
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&mut app.owner_conn().await)
        .await
        .unwrap()
}

/// How many rows of `table` are Randolph's.
async fn randolphs(app: &TestApp, table: &str) -> i64 {
    count(
        app,
        &format!("SELECT count(*) FROM {table} WHERE district_id = (SELECT id FROM districts WHERE slug = 'randolph')"),
    )
    .await
}

#[tokio::test]
async fn a_reflection_is_scheduled_recorded_and_shown_as_the_districts_position() {
    let app = TestApp::spawn().await;
    let manager = app.signed_in(MANAGER).await;
    let overview = manager.get_status(OVERVIEW, 200).await;
    assert!(
        overview.contains("Not yet recorded"),
        "no position before a reflection"
    );
    assert!(
        overview.contains("Meet targets for PPI"),
        "criterion A's exit benchmarks"
    );
    let path = assert_redirect(&schedule(&manager, &day(0), &day(-3), true).await);
    let page = manager.get_status(&path, 200).await;
    assert!(page.contains("was scheduled"), "flash");
    assert!(page.contains("with ESE (requested)"));
    let ese_told = count(
        &app,
        "SELECT count(*) FROM notifications WHERE kind = 'reflection_ese'",
    )
    .await;
    assert!(
        ese_told >= 1,
        "the district's ESE contacts hear of the request"
    );

    let monitor = app.signed_in(MONITOR).await;
    let form = monitor.get_status(&path, 200).await;
    assert!(
        form.contains("Plan Manager facilitates district leaders"),
        "Appendix M's words"
    );
    let version = input_value(&form, "version").unwrap();
    let mut record = full_record(&version, "transitional");
    record[1].1 = "early".into(); // criterion B
    let to = assert_redirect(&post_pairs(&monitor, &path, &record).await);
    assert_eq!(to, OVERVIEW);

    let overview = monitor.get_status(OVERVIEW, 200).await;
    assert!(overview.contains("was recorded"), "flash");
    assert!(overview.contains("Early Implementation"));
    assert!(overview.contains("Transitional Implementation"));
    assert!(overview.contains("Evidence for D: DILT notes"));
    assert!(!overview.contains("Not yet recorded"));
    let district = manager.get_status("/districts/randolph", 200).await;
    assert!(district.contains("B. Define a narrow set of strategic objectives to accelerate student learning: <strong>Early Implementation</strong>"));
    let ese = app.signed_in("ese.staff@demo.test").await;
    let seen = ese.get_status(OVERVIEW, 200).await;
    assert!(
        seen.contains("Why C is there"),
        "ESE reads the district's position"
    );
    let dashboard = ese.get_status("/dashboard", 200).await;
    assert!(
        dashboard.contains("B Early · C Transitional · D Transitional · E Transitional"),
        "the dashboard shows the district's position"
    );
    assert!(
        dashboard.contains("Not yet reflected"),
        "other districts have none yet"
    );
    let csv = ese.get_status("/dashboard.csv", 200).await;
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .ends_with("Continuum toward exit (B–E)")
    );
    assert!(csv.contains("B Early · C Transitional"));
    let recorded = ese.get_status(&path, 200).await;
    assert!(
        !recorded.contains("Record the positions"),
        "recorded once, read-only after"
    );
    let told = count(
        &app,
        "SELECT count(*) FROM notifications WHERE kind = 'reflection_recorded'",
    )
    .await;
    assert!(told >= 2, "the district's leaders and ESE hear of it");
}

#[tokio::test]
async fn the_history_keeps_each_reflection_and_the_latest_is_the_position() {
    let app = TestApp::spawn().await;
    let monitor = app.signed_in(MONITOR).await;
    for (offset, stage) in [(-40, "early"), (-2, "embedded")] {
        let path = scheduled(&app, offset).await;
        let form = monitor.get_status(&path, 200).await;
        let version = input_value(&form, "version").unwrap();
        assert_redirect(&post_pairs(&monitor, &path, &full_record(&version, stage)).await);
    }
    let overview = monitor.get_status(OVERVIEW, 200).await;
    let history = &overview[overview.find("id=\"history-heading\"").unwrap()..];
    assert_eq!(
        history.matches("Early Implementation").count(),
        4,
        "the first reflection"
    );
    assert_eq!(
        history.matches("Practices Embedded").count(),
        4,
        "the second"
    );
    let now = &overview[..overview.find("id=\"history-heading\"").unwrap()];
    assert!(
        now.contains("Practices Embedded"),
        "the latest is where the district stands"
    );
    assert!(!now.contains("badge stage-early"));
}

#[tokio::test]
async fn bad_input_comes_back_with_what_was_typed_and_nothing_saved() {
    let app = TestApp::spawn().await;
    let manager = app.signed_in(MANAGER).await;
    let cases = [
        (
            String::new(),
            String::new(),
            "Enter the date of the reflection.",
        ),
        (
            day(10),
            day(12),
            "The pre-meeting comes before the reflection",
        ),
        (day(800), String::new(), "at most a year ahead"),
    ];
    for (held_on, pre, message) in cases {
        let html = assert_status(schedule(&manager, &held_on, &pre, true).await, 422).await;
        assert!(html.contains(message), "{message}");
        assert_eq!(
            input_value(&html, "place").as_deref(),
            Some("Central office, room 204")
        );
        assert_eq!(
            input_value(&html, "held_on").as_deref(),
            Some(held_on.as_str())
        );
    }
    assert_eq!(randolphs(&app, "continuum_reflections").await, 0);

    let path = scheduled(&app, 0).await;
    let form = manager.get_status(&path, 200).await;
    let version = input_value(&form, "version").unwrap();
    let mut record = full_record(&version, "early");
    record.retain(|(k, _)| k != "stage_C");
    for (k, v) in record.iter_mut() {
        if k == "evidence_E" {
            v.clear();
        }
        if k == "rationale_B" {
            *v = "kept\u{0}text".into();
        }
    }
    let html = assert_status(post_pairs(&manager, &path, &record).await, 422).await;
    assert!(html.contains("Choose where the district stands on criterion C."));
    assert!(html.contains("Give the evidence for criterion E."));
    assert!(html.contains("control character"));
    assert!(
        html.contains("Evidence for D: DILT notes"),
        "what was typed is kept"
    );
    assert_eq!(randolphs(&app, "continuum_positions").await, 0);
    let status = count(
        &app,
        "SELECT count(*) FROM continuum_reflections WHERE status = 'scheduled' AND district_id = (SELECT id FROM districts WHERE slug = 'randolph')",
    )
    .await;
    assert_eq!(status, 1, "still to record");
}

#[tokio::test]
async fn two_people_recording_at_once_record_once_and_the_second_keeps_their_text() {
    let app = TestApp::spawn().await;
    let path = scheduled(&app, -1).await;
    let (manager, monitor) = (app.signed_in(MANAGER).await, app.signed_in(MONITOR).await);
    let version = input_value(&manager.get_status(&path, 200).await, "version").unwrap();
    let first = full_record(&version, "early");
    let mut second = full_record(&version, "embedded");
    second[2].1 = "The monitor own words on B".into();
    let (a, b) = tokio::join!(
        post_pairs(&manager, &path, &first),
        post_pairs(&monitor, &path, &second)
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [303, 409]);
    let lost = if a.status() == 409 { a } else { b };
    let html = lost.text().await.unwrap();
    assert!(html.contains("Someone recorded this reflection while you were writing"));
    assert_eq!(randolphs(&app, "continuum_positions").await, 4);
    let told = count(
        &app,
        "SELECT count(DISTINCT created_at) FROM notifications WHERE kind = 'reflection_recorded'",
    )
    .await;
    assert_eq!(told, 1, "one recording, one round of notices");
    // The same form sent again later is refused the same way, with its words kept.
    let again = assert_status(post_pairs(&monitor, &path, &second).await, 409).await;
    assert!(
        again.contains("The monitor own words on B"),
        "their words are kept"
    );
}

#[tokio::test]
async fn a_reflection_is_recorded_once_held_and_cancelled_only_before() {
    let app = TestApp::spawn().await;
    let path = scheduled(&app, 5).await;
    let manager = app.signed_in(MANAGER).await;
    let page = manager.get_status(&path, 200).await;
    assert!(page.contains("Positions are recorded at the reflection itself"));
    assert!(!page.contains("Record the positions"));
    let record = full_record("1", "early");
    assert_status(post_pairs(&manager, &path, &record).await, 409).await;
    assert_eq!(randolphs(&app, "continuum_positions").await, 0);

    let cancelled = manager.submit(&format!("{path}/cancel"), &[]).await;
    assert_eq!(cancelled, OVERVIEW);
    assert_eq!(randolphs(&app, "continuum_reflections").await, 0);
    let told = count(
        &app,
        "SELECT count(*) FROM notifications WHERE kind = 'reflection_cancelled'",
    )
    .await;
    assert!(told >= 1, "those told of it hear it is off");

    let held = scheduled(&app, 0).await;
    let version = input_value(&manager.get_status(&held, 200).await, "version").unwrap();
    assert_redirect(&post_pairs(&manager, &held, &full_record(&version, "early")).await);
    assert_status(manager.post(&format!("{held}/cancel"), &[]).await, 409).await;
    assert_eq!(randolphs(&app, "continuum_reflections").await, 1);
}

#[tokio::test]
async fn only_the_district_plan_manager_and_monitor_record_and_other_districts_see_nothing() {
    let app = TestApp::spawn().await;
    let path = scheduled(&app, 0).await;
    let record = full_record("1", "early");
    for email in ["leader.randolph@demo.test", "ese.staff@demo.test"] {
        let client = app.signed_in(email).await;
        assert_status(post_pairs(&client, &path, &record).await, 403).await;
        let form = client.get_status(&path, 200).await;
        assert!(!form.contains("Record the positions"), "{email}: no form");
    }
    let leader = app.signed_in("leader.randolph@demo.test").await;
    assert_status(schedule(&leader, &day(3), "", false).await, 403).await;

    let other = app.signed_in("manager.newbedford@demo.test").await;
    other.get_status(&path, 404).await;
    other.get_status(OVERVIEW, 404).await;
    assert_status(post_pairs(&other, &path, &record).await, 404).await;
    assert_status(other.post(&format!("{path}/cancel"), &[]).await, 404).await;
    // Randolph's reflection under New Bedford's address is not found either.
    let id = path.rsplit('/').next().unwrap();
    let crossed = format!("/districts/new-bedford/continuum/reflections/{id}");
    other.get_status(&crossed, 404).await;
    assert_status(post_pairs(&other, &crossed, &record).await, 404).await;
    assert_eq!(randolphs(&app, "continuum_positions").await, 0);
}

#[tokio::test]
async fn criterion_a_shows_the_plans_final_outcomes_with_their_latest_measurement() {
    let app = TestApp::spawn().await;
    let manager = app.signed_in(MANAGER).await;
    let overview = manager.get_status(OVERVIEW, 200).await;
    let (statement, measured): (String, Option<NaiveDate>) = sqlx::query_as(
        "SELECT b.statement, (SELECT max(measured_on) FROM measurements m WHERE m.benchmark_id = b.id) \
         FROM benchmarks b JOIN plans p ON p.id = b.plan_id JOIN districts d ON d.id = b.district_id \
         WHERE d.slug = 'randolph' AND p.status = 'approved' AND b.kind = 'final_outcome' \
         ORDER BY b.rank LIMIT 1",
    )
    .fetch_one(&mut app.owner_conn().await)
    .await
    .unwrap();
    let escaped = statement.replace('\'', "&#x27;").replace('"', "&quot;");
    assert!(
        overview.contains(&statement) || overview.contains(&escaped),
        "the final outcome {statement} is listed"
    );
    match measured {
        Some(on) => assert!(overview.contains(&throughline::calendar::date_label(on))),
        None => assert!(overview.contains("Not yet measured")),
    }
}

#[tokio::test]
async fn the_demo_has_fall_rivers_reflection_on_its_page_and_the_dashboard() {
    let app = TestApp::spawn().await;
    let manager = app.signed_in("manager.fallriver@demo.test").await;
    let page = manager
        .get_status("/districts/fall-river/continuum", 200)
        .await;
    assert!(
        page.contains("The district led this year"),
        "the demo's evidence"
    );
    let district = manager.get_status("/districts/fall-river", 200).await;
    assert!(district.contains("<strong>Transitional Implementation</strong>"));
    let ese = app.signed_in("ese.staff@demo.test").await;
    let dashboard = ese.get_status("/dashboard", 200).await;
    assert!(dashboard.contains("B Transitional · C Early · D Transitional · E Early"));
    let public = app
        .client()
        .get_status("/public/districts/fall-river", 200)
        .await;
    assert!(
        public.contains("Progress toward exit"),
        "the public page shows it once recorded"
    );
    assert!(public.contains("<strong>Transitional Implementation</strong>"));
    assert!(
        !public.contains("The district led this year"),
        "stages only, not the working notes"
    );
    let none_yet = app
        .client()
        .get_status("/public/districts/randolph", 200)
        .await;
    assert!(!none_yet.contains("Progress toward exit"));
}
