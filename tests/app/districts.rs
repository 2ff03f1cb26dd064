//! Landing pages, the district page, and ESE administrators managing districts and people.

use crate::support;

use support::{
    DEMO_PASSWORD, TestApp, assert_conflict, assert_kept, fixtures, id_from_location, input_value,
    location,
};

#[tokio::test]
async fn each_role_lands_on_the_right_page() {
    let app = TestApp::spawn().await;
    // Everyone lands on their work list, which links to the districts they work in.
    let landings = [
        ("ese.admin@demo.test", "/dashboard"),
        ("ese.staff@demo.test", "/dashboard"),
        ("supt.randolph@demo.test", "/districts/randolph"),
        ("manager.newbedford@demo.test", "/districts/new-bedford"),
        ("leader.fallriver@demo.test", "/districts/fall-river"),
        ("monitor.south@demo.test", "/districts/fall-river"),
    ];
    for (email, expected) in landings {
        let client = app.signed_in(email).await;
        let (status, home) = client.get_text("/").await;
        assert_eq!(status, 200, "{email}");
        assert!(home.contains("<h1>Your work</h1>"), "{email}");
        assert!(home.contains(&format!("href=\"{expected}\"")), "{email}");
        assert_eq!(client.get_code(expected).await, 200, "{email}");
    }

    // A monitor of two districts chooses between them.
    let monitor = app.signed_in("monitor.east@demo.test").await;
    let body = monitor.get_status("/", 200).await;
    assert!(body.contains("href=\"/districts/randolph\""));
    assert!(body.contains("href=\"/districts/new-bedford\""));
    assert!(!body.contains("fall-river"));
    assert!(body.contains("Plan monitor"));
}

#[tokio::test]
async fn the_navigation_shows_only_what_the_person_may_use() {
    let app = TestApp::spawn().await;
    let admin = app.page_as("ese.admin@demo.test", "/districts").await;
    assert!(admin.contains("href=\"/people\""));
    assert!(admin.contains("Add a district"));

    let staff = app.page_as("ese.staff@demo.test", "/districts").await;
    assert!(staff.contains("href=\"/districts\""));
    assert!(!staff.contains("href=\"/people\""));
    assert!(!staff.contains("Add a district"));

    let supt = app.signed_in("supt.randolph@demo.test").await;
    let (_, page) = supt.get_text("/districts/randolph").await;
    assert!(!page.contains("href=\"/people\""));
    assert!(!page.contains("href=\"/districts\""));
    assert!(!page.contains("Edit district"));
    supt.get_status("/districts/randolph/edit", 403).await;
    supt.get_status("/people", 404).await;
    supt.get_status("/districts/new", 404).await;
    assert_eq!(
        app.signed_in("ese.staff@demo.test")
            .await
            .get_code("/people")
            .await,
        403
    );
}

#[tokio::test]
async fn the_district_page_shows_its_facts_and_people_by_role() {
    let app = TestApp::spawn().await;
    let (status, body) = app
        .signed_in("leader.randolph@demo.test")
        .await
        .get_text("/districts/randolph")
        .await;
    assert_eq!(status, 200);
    assert!(body.contains("<h1>Randolph</h1>"));
    assert!(body.contains("Level 3"));
    assert!(body.contains("2,650 students"));
    assert!(body.contains("instructional core"));
    let superintendent = body.find("<h3>Superintendent</h3>").unwrap();
    let manager = body.find("<h3>Plan manager</h3>").unwrap();
    let monitor = body.find("<h3>Plan monitor</h3>").unwrap();
    let osei = body.find("Dr. Marguerite Osei").unwrap();
    let marsh = body.find("Helen Marsh").unwrap();
    assert!(superintendent < osei && osei < manager);
    assert!(monitor < marsh);
}

#[tokio::test]
async fn creating_a_district_validates_and_keeps_what_was_typed() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("ese.admin@demo.test").await;

    let body = admin
        .post_status(
            "/districts/new",
            &[
                ("name", ""),
                ("slug", ""),
                ("accountability_level", "7"),
                ("enrollment", "4,200"),
                ("profile", "Gateway city on the Merrimack."),
            ],
            422,
        )
        .await;
    assert!(
        body.contains("Enter the district&#39;s name.")
            || body.contains("Enter the district's name.")
    );
    assert!(body.contains("Choose an accountability level from 1 to 5."));
    assert_kept(
        &body,
        &[("accountability_level", "7"), ("enrollment", "4,200")],
    );
    assert!(body.contains("Gateway city on the Merrimack."));

    // A name or an address name another district has.
    for (name, slug, refusal) in [
        (
            "Randolph",
            "randolph-two",
            "A district with this name already exists.",
        ),
        (
            "Randolph North",
            "randolph",
            "Another district already uses this web address name.",
        ),
    ] {
        let form = [
            ("name", name),
            ("slug", slug),
            ("accountability_level", "3"),
        ];
        let body = admin.refused("/districts/new", &form, refusal).await;
        assert_kept(&body, &[("name", name)]);
    }

    let response = admin
        .post(
            "/districts/new",
            &[
                ("name", "Lawrence"),
                ("slug", ""),
                ("accountability_level", "5"),
                ("enrollment", "13,000"),
                ("profile", "Receivership district."),
            ],
        )
        .await;
    assert_eq!(location(&response), "/districts/lawrence");
    let (_, page) = admin.get_text("/districts/lawrence").await;
    assert!(page.contains("Lawrence was created."));
    assert!(page.contains("Level 5"));
    assert!(page.contains("13,000 students"));
    let (_, list) = admin.get_text("/districts").await;
    assert!(list.contains("href=\"/districts/lawrence\""));
}

#[tokio::test]
async fn editing_a_district_detects_a_concurrent_change() {
    let app = TestApp::spawn().await;
    let first = app.signed_in("ese.admin@demo.test").await;
    let second = app.signed_in("ese.admin@demo.test").await;
    let version = first.form_version("/districts/fall-river/edit").await;

    second
        .submit(
            "/districts/fall-river/edit",
            &[
                ("name", "Fall River"),
                ("slug", "fall-river"),
                ("accountability_level", "3"),
                ("enrollment", "10100"),
                ("version", &version),
            ],
        )
        .await;

    let body = assert_conflict(
        first
            .post(
                "/districts/fall-river/edit",
                &[
                    ("name", "Fall River"),
                    ("slug", "fall-river"),
                    ("accountability_level", "5"),
                    ("enrollment", "9,999"),
                    ("profile", "My careful rewrite."),
                    ("version", &version),
                ],
            )
            .await,
    )
    .await;
    assert!(body.contains("changed while you were editing"));
    assert!(
        body.contains("My careful rewrite."),
        "the loser's text is kept"
    );
    assert_kept(&body, &[("enrollment", "9,999")]);
    let level: i16 =
        sqlx::query_scalar("SELECT accountability_level FROM districts WHERE slug = 'fall-river'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        level, 3,
        "the first save stands until the second person saves again"
    );

    // Saving again from the conflict page means "mine wins".
    let new_version = input_value(&body, "version").unwrap();
    first
        .submit(
            "/districts/fall-river/edit",
            &[
                ("name", "Fall River"),
                ("slug", "fall-river"),
                ("accountability_level", "5"),
                ("version", &new_version),
            ],
        )
        .await;
}

#[tokio::test]
async fn managing_people_validates_and_roles_decide_access() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("ese.admin@demo.test").await;

    let body = admin
        .refused(
            "/people/new",
            &[
                ("name", "Kim Tran"),
                ("email", "supt.randolph@demo.test"),
                ("title", "Coach"),
                ("active", "on"),
            ],
            "Someone already has an account with this email address.",
        )
        .await;
    assert_kept(&body, &[("name", "Kim Tran"), ("title", "Coach")]);

    let body = admin
        .refused(
            "/people/new",
            &[("name", ""), ("email", "kim at example"), ("active", "on")],
            "Enter the person",
        )
        .await;
    assert!(body.contains("does not look like an email address"));
    assert_kept(&body, &[("email", "kim at example")]);

    let person = admin
        .submit(
            "/people/new",
            &[
                ("name", "Kim Tran"),
                ("email", "kim.tran@randolph.example"),
                ("title", "Coach"),
                ("active", "on"),
            ],
        )
        .await;
    let (_, page) = admin.get_text(&person).await;
    let temporary = page
        .split("temporary password ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .expect("the temporary password is shown once")
        .to_string();

    // Give her a role in Randolph: she lands there and sees nothing of New Bedford.
    let randolph: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM districts WHERE slug = 'randolph'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    admin
        .refused(
            &format!("{person}/roles"),
            &[("district_id", ""), ("role", "district_leader")],
            "Choose a district.",
        )
        .await;
    admin
        .submit(
            &format!("{person}/roles"),
            &[
                ("district_id", &randolph.to_string()),
                ("role", "district_leader"),
            ],
        )
        .await;

    let kim = app.client();
    assert_eq!(
        location(&kim.login("kim.tran@randolph.example", &temporary).await),
        "/account/password"
    );
    kim.post(
        "/account/password",
        &[
            ("current", &temporary),
            ("new", "harbour lights at dusk"),
            ("confirm", "harbour lights at dusk"),
        ],
    )
    .await;
    assert!(
        kim.get_text("/")
            .await
            .1
            .contains("href=\"/districts/randolph\"")
    );
    kim.get_status("/districts/new-bedford", 404).await;

    // Remove the role: Randolph disappears for her too.
    admin
        .submit(
            &format!("{person}/roles/remove"),
            &[
                ("district_id", &randolph.to_string()),
                ("role", "district_leader"),
            ],
        )
        .await;
    kim.get_status("/districts/randolph", 404).await;

    // A global role makes her ESE staff.
    let id = id_from_location(&person);
    admin
        .post(
            &format!("/people/{id}/ese-role"),
            &[("ese_role", "ese_staff")],
        )
        .await;
    assert!(
        kim.get_text("/")
            .await
            .1
            .contains("ESE staff — all districts")
    );
    kim.get_status("/districts/fall-river", 200).await;
}

#[tokio::test]
async fn an_admin_cannot_lock_themselves_out() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("ese.admin@demo.test").await;
    let id = fixtures::user_id(&app, "ese.admin@demo.test").await;
    admin
        .refused(
            &format!("/people/{id}/ese-role"),
            &[("ese_role", "")],
            "cannot remove your own administrator role",
        )
        .await;
    let version = admin.form_version(&format!("/people/{id}")).await;
    admin
        .refused(
            &format!("/people/{id}"),
            &[
                ("name", "Grace Whitfield"),
                ("email", "ese.admin@demo.test"),
                ("version", &version),
            ],
            "cannot deactivate your own account",
        )
        .await;
    assert_eq!(
        app.client()
            .login("ese.admin@demo.test", DEMO_PASSWORD)
            .await
            .status(),
        303
    );
}

#[tokio::test]
async fn resetting_a_password_hands_out_a_new_temporary_one() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("ese.admin@demo.test").await;
    let manager = app.signed_in("manager.randolph@demo.test").await;
    let id = fixtures::user_id(&app, "manager.randolph@demo.test").await;
    admin.submit(&format!("/people/{id}/password"), &[]).await;
    let (_, page) = admin.get_text(&format!("/people/{id}")).await;
    let temporary = page
        .split("new temporary password is ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .unwrap()
        .to_string();
    assert_eq!(
        manager.get_code("/districts/randolph").await,
        303,
        "their session ended"
    );
    assert_eq!(
        app.client()
            .login("manager.randolph@demo.test", DEMO_PASSWORD)
            .await
            .status(),
        422
    );
    let fresh = app.client();
    assert_eq!(
        location(&fresh.login("manager.randolph@demo.test", &temporary).await),
        "/account/password"
    );
}
