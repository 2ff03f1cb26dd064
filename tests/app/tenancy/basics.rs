//! Another district's data is invisible: the tenancy gate answers 404, and row-level security
//! hides the rows even from a query that forgets its WHERE.

use crate::support;

use sqlx::Row;
use support::fixtures::{district_id, user_id};
use support::people::SUPT;
use support::{TestApp, contexts};
use throughline::db::{self, Context};
use uuid::Uuid;

/// Every page under a district. Add each new district route here: the walk below then proves it
/// is closed to people of other districts.
const DISTRICT_PAGES: &[(&str, &str)] = &[("GET", ""), ("GET", "/edit"), ("POST", "/edit")];

/// One person of each district role, with the district they belong to.
const MEMBERS: &[(&str, &str)] = &[
    ("supt.randolph@demo.test", "randolph"),
    ("manager.randolph@demo.test", "randolph"),
    ("leader.randolph@demo.test", "randolph"),
    ("monitor.east@demo.test", "randolph"),
    ("supt.fallriver@demo.test", "fall-river"),
    ("manager.newbedford@demo.test", "new-bedford"),
    ("monitor.south@demo.test", "fall-river"),
];

const DISTRICTS: &[&str] = &["randolph", "new-bedford", "fall-river"];

#[tokio::test]
async fn members_get_404_on_every_page_of_other_districts() {
    let app = TestApp::spawn().await;
    for (email, _) in MEMBERS {
        let client = app.signed_in(email).await;
        let (_, home) = client.get_text("/").await;
        let own: Vec<&str> = DISTRICTS
            .iter()
            .copied()
            .filter(|slug| {
                let mine = MEMBERS.iter().any(|(e, d)| e == email && d == slug);
                // monitor.east also monitors New Bedford.
                mine || (*email == "monitor.east@demo.test" && *slug == "new-bedford")
            })
            .collect();
        for slug in DISTRICTS.iter().filter(|s| !own.contains(s)) {
            for (method, suffix) in DISTRICT_PAGES {
                let path = format!("/districts/{slug}{suffix}");
                let response = match *method {
                    "GET" => client.get(&path).await,
                    _ => {
                        client
                            .post(
                                &path,
                                &[("name", "Taken over"), ("accountability_level", "1")],
                            )
                            .await
                    }
                };
                assert_eq!(response.status(), 404, "{email} {method} {path}");
                let body = response.text().await.unwrap();
                assert!(
                    body.contains("Page not found"),
                    "{email} {path}: the 404 page is shown"
                );
                assert!(
                    !body.contains("students"),
                    "{email} {path}: nothing of the district leaks"
                );
            }
            assert!(
                !home.contains(&format!("/districts/{slug}\"")),
                "{email} is not offered {slug}"
            );
        }
    }
    let name: String = sqlx::query_scalar("SELECT name FROM districts WHERE slug = 'fall-river'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(name, "Fall River", "no forged edit went through");
}

#[tokio::test]
async fn an_unknown_district_and_a_foreign_one_look_the_same() {
    let app = TestApp::spawn().await;
    let client = app.signed_in("supt.randolph@demo.test").await;
    let (foreign_status, foreign) = client.get_text("/districts/fall-river").await;
    let (missing_status, missing) = client.get_text("/districts/no-such-place").await;
    assert_eq!((foreign_status, missing_status), (404, 404));
    let strip = |s: &str| s.replace("fall-river", "").replace("no-such-place", "");
    assert_eq!(strip(&foreign), strip(&missing));
}

#[tokio::test]
async fn ese_roles_see_every_district() {
    let app = TestApp::spawn().await;
    for email in ["ese.staff@demo.test", "ese.admin@demo.test"] {
        let client = app.signed_in(email).await;
        for slug in DISTRICTS {
            assert_eq!(
                client.get_code(&format!("/districts/{slug}")).await,
                200,
                "{email} {slug}"
            );
        }
    }
}

#[tokio::test]
async fn every_district_owned_table_has_forced_row_level_security_and_a_policy() {
    let app = TestApp::spawn().await;
    let mut owner = app.owner_conn().await;
    let tables = sqlx::query(
        "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, \
                EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid) AS has_policy \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'district_id' AND NOT a.attisdropped \
         WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')",
    )
    .fetch_all(&mut owner)
    .await
    .unwrap();
    assert!(!tables.is_empty(), "district-owned tables exist");
    for row in tables {
        let name: String = row.get("relname");
        assert!(row.get::<bool, _>("relrowsecurity"), "{name}: RLS enabled");
        assert!(
            row.get::<bool, _>("relforcerowsecurity"),
            "{name}: RLS forced"
        );
        assert!(row.get::<bool, _>("has_policy"), "{name}: has a policy");
    }
}

#[tokio::test]
async fn the_app_role_owns_nothing_and_cannot_bypass_row_level_security() {
    let app = TestApp::spawn().await;
    let row = sqlx::query(
        "SELECT current_user::text AS who, r.rolsuper, r.rolbypassrls, \
                (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid) AS owned \
         FROM pg_roles r WHERE r.rolname = current_user",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(row.get::<String, _>("who"), "throughline_app");
    assert!(!row.get::<bool, _>("rolsuper"));
    assert!(!row.get::<bool, _>("rolbypassrls"));
    assert_eq!(row.get::<i64, _>("owned"), 0);
}

#[tokio::test]
async fn an_unfiltered_select_sees_only_the_current_district() {
    let app = TestApp::spawn().await;
    let randolph = district_id(&app, "randolph").await;
    let user = user_id(&app, SUPT).await;

    let mut tx = db::begin(
        &app.pool,
        Context {
            user_id: Some(user),
            district_id: Some(randolph),
            ese: false,
        },
    )
    .await
    .unwrap();
    let seen: Vec<Uuid> = contexts::column(&mut tx, "SELECT district_id FROM district_roles").await;
    assert_eq!(seen.len(), 4, "Randolph's four role holders");
    assert!(seen.iter().all(|d| *d == randolph));
    // Writing into another district from Randolph's context is refused by the policy.
    let new_bedford = district_id(&app, "new-bedford").await;
    let forged = sqlx::query(
        "INSERT INTO district_roles (district_id, user_id, role) VALUES ($1, $2, 'superintendent')",
    )
    .bind(new_bedford)
    .bind(user)
    .execute(&mut *tx)
    .await;
    assert!(forged.is_err(), "RLS refuses a row for another district");
    drop(tx);

    // No context at all: nothing.
    let mut tx = db::begin(&app.pool, Context::default()).await.unwrap();
    let none: i64 = contexts::scalar(&mut tx, "SELECT count(*) FROM district_roles").await;
    assert_eq!(none, 0);
    drop(tx);

    // The context does not outlive its transaction on a pooled connection.
    let leaked: i64 = sqlx::query_scalar("SELECT count(*) FROM district_roles")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(leaked, 0);

    // ESE context sees all districts' rows.
    let mut tx = db::begin(&app.pool, contexts::ese()).await.unwrap();
    let all: i64 = contexts::scalar(
        &mut tx,
        "SELECT count(DISTINCT district_id) FROM district_roles",
    )
    .await;
    assert_eq!(all, 3);
    drop(tx);

    // The member context of a home page: the named districts can be read, no other, and nothing
    // can be written without the one-district context.
    let mut tx = db::begin(&app.pool, contexts::member(user)).await.unwrap();
    db::set_member_districts(&mut tx, &[randolph])
        .await
        .unwrap();
    let read: Vec<Uuid> = contexts::column(&mut tx, "SELECT DISTINCT district_id FROM plans").await;
    assert_eq!(read, vec![randolph]);
    let written = sqlx::query(
        "INSERT INTO evidence_requests (district_id, kind, description, due_on) \
         VALUES ($1, 'documents', 'forged', current_date + 30)",
    )
    .bind(randolph)
    .execute(&mut *tx)
    .await;
    let refusal = written.expect_err("reading districts does not open them to writes");
    assert!(
        refusal.to_string().contains("row-level security"),
        "{refusal}"
    );
}

/// Every plan page and action, with `{p}` the plan, `{o}` an objective, `{i}` an initiative,
/// `{b}` a benchmark and `{a}` an activity. Add each new plan route here.
const PLAN_ROUTES: &[(&str, &str)] = &[
    ("GET", "/plan"),
    ("GET", "/plans/{p}"),
    ("GET", "/plans/{p}/edit"),
    ("POST", "/plans/{p}/edit"),
    ("GET", "/plans/{p}/changes"),
    ("GET", "/plans/{p}/review"),
    ("POST", "/plans/{p}/review"),
    ("GET", "/plans/{p}/reviews"),
    ("POST", "/plans/{p}/submit"),
    ("POST", "/plans/{p}/withdraw"),
    ("POST", "/plans/{p}/approve"),
    ("POST", "/plans/{p}/return"),
    ("POST", "/plans/{p}/next-year"),
    ("GET", "/plans/{p}/objectives/new"),
    ("POST", "/plans/{p}/objectives"),
    ("GET", "/plans/{p}/objectives/{o}/edit"),
    ("POST", "/plans/{p}/objectives/{o}/edit"),
    ("GET", "/plans/{p}/objectives/{o}/remove"),
    ("POST", "/plans/{p}/objectives/{o}/remove"),
    ("POST", "/plans/{p}/objectives/{o}/move"),
    ("GET", "/plans/{p}/objectives/{o}/initiatives/new"),
    ("POST", "/plans/{p}/objectives/{o}/initiatives"),
    ("GET", "/plans/{p}/initiatives/{i}/edit"),
    ("POST", "/plans/{p}/initiatives/{i}/edit"),
    ("GET", "/plans/{p}/initiatives/{i}/remove"),
    ("POST", "/plans/{p}/initiatives/{i}/remove"),
    ("POST", "/plans/{p}/initiatives/{i}/move"),
    ("GET", "/plans/{p}/initiatives/{i}/activities/new"),
    ("POST", "/plans/{p}/initiatives/{i}/activities"),
    ("GET", "/plans/{p}/activities/{a}/edit"),
    ("POST", "/plans/{p}/activities/{a}/edit"),
    ("GET", "/plans/{p}/activities/{a}/remove"),
    ("POST", "/plans/{p}/activities/{a}/remove"),
    ("POST", "/plans/{p}/activities/{a}/move"),
    (
        "GET",
        "/plans/{p}/benchmarks/new?kind=early_evidence&initiative={i}",
    ),
    ("POST", "/plans/{p}/benchmarks"),
    ("GET", "/plans/{p}/benchmarks/{b}/edit"),
    ("POST", "/plans/{p}/benchmarks/{b}/edit"),
    ("GET", "/plans/{p}/benchmarks/{b}/remove"),
    ("POST", "/plans/{p}/benchmarks/{b}/remove"),
    ("POST", "/plans/{p}/benchmarks/{b}/move"),
];

#[tokio::test]
async fn every_plan_page_of_another_district_is_404_even_under_ones_own_district() {
    let app = TestApp::spawn().await;
    let row = sqlx::query(
        "SELECT p.id AS p, o.id AS o, i.id AS i, b.id AS b, a.id AS a \
         FROM plans p JOIN districts d ON d.id = p.district_id \
         JOIN objectives o ON o.plan_id = p.id JOIN initiatives i ON i.objective_id = o.id \
         JOIN benchmarks b ON b.initiative_id = i.id JOIN activities a ON a.initiative_id = i.id \
         WHERE d.slug = 'randolph' LIMIT 1",
    )
    .fetch_one(&mut app.owner_conn().await)
    .await
    .unwrap();
    let ids: Vec<(&str, Uuid)> = ["{p}", "{o}", "{i}", "{b}", "{a}"]
        .into_iter()
        .map(|key| (key, row.get::<Uuid, _>(&key[1..2])))
        .collect();
    let before: i64 = app.scalar("SELECT count(*) FROM plan_changes").await;
    for email in [
        "supt.fallriver@demo.test",
        "manager.newbedford@demo.test",
        "monitor.south@demo.test",
    ] {
        let client = app.signed_in(email).await;
        let own = if email.contains("newbedford") {
            "new-bedford"
        } else {
            "fall-river"
        };
        for (method, template) in PLAN_ROUTES {
            let mut path = template.to_string();
            for (key, id) in &ids {
                path = path.replace(key, &id.to_string());
            }
            for district in ["randolph", own] {
                if district == own && *template == "/plan" {
                    continue; // their own current plan is theirs to see
                }
                let url = format!("/districts/{district}{path}");
                let response = match *method {
                    "GET" => client.get(&url).await,
                    _ => {
                        client
                            .post(&url, &[("title", "Taken over"), ("direction", "up")])
                            .await
                    }
                };
                assert_eq!(response.status(), 404, "{email} {method} {url}");
            }
        }
    }
    let after: i64 = app.scalar("SELECT count(*) FROM plan_changes").await;
    assert_eq!(before, after, "nothing was changed");
}
