//! Signing in and out, sessions, forced password changes and cross-site form posts.

use crate::support;

use support::{
    Client, DEMO_PASSWORD, TestApp, assert_contains, assert_says, assert_status, fixtures, location,
};

const WRONG: &str = "That email and password do not match an active account";

#[tokio::test]
async fn sign_in_and_out() {
    let app = TestApp::spawn().await;
    let client = app.client();

    let page = client.get("/districts/randolph").await;
    assert_eq!(page.status(), 303);
    assert_eq!(location(&page), "/login?next=/districts/randolph");

    let response = client.login("supt.randolph@demo.test", DEMO_PASSWORD).await;
    assert_eq!(response.status(), 303);
    let cookie = response
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert_contains(&cookie, "HttpOnly");
    assert_contains(&cookie, "SameSite=Lax");
    assert!(
        !cookie.contains("Secure"),
        "plain http must not get a Secure cookie: {cookie}"
    );

    let body = client.get_status("/districts/randolph", 200).await;
    assert!(body.contains("Dr. Marguerite Osei"));

    let response = client.post("/logout", &[]).await;
    assert_eq!(location(&response), "/login?signed_out=1");
    let page = client.get("/districts/randolph").await;
    assert_eq!(
        page.status(),
        303,
        "signed out, the district page asks for sign-in again"
    );
}

#[tokio::test]
async fn wrong_email_and_wrong_password_get_the_same_message() {
    let app = TestApp::spawn().await;
    let client = app.client();

    let wrong_password = client
        .login("supt.randolph@demo.test", "not-the-password")
        .await;
    let wrong_password = assert_status(wrong_password, 422).await;
    let wrong_email = client.login("nobody@demo.test", DEMO_PASSWORD).await;
    let wrong_email = assert_status(wrong_email, 422).await;

    assert!(wrong_password.contains(WRONG));
    assert!(wrong_email.contains(WRONG));
    // The email typed is kept so the person only retypes the password.
    assert!(wrong_password.contains("value=\"supt.randolph@demo.test\""));
    assert!(client.get_code("/").await == 303, "still signed out");
}

#[tokio::test]
async fn email_is_matched_without_regard_to_case_or_spaces() {
    let app = TestApp::spawn().await;
    let response = app
        .client()
        .login("  Supt.Randolph@Demo.Test ", DEMO_PASSWORD)
        .await;
    assert_eq!(response.status(), 303);
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let response = client.login("ese.staff@demo.test", DEMO_PASSWORD).await;
    let set_cookie = response
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap();
    let cookie = set_cookie.split(';').next().unwrap().to_string();
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM tower_sessions.session")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored, 1, "the session is stored in PostgreSQL");
    client.post("/logout", &[]).await;

    // Replaying the old cookie from elsewhere must not work: the server forgot the session.
    let replayed = replay(&app, "/districts", &cookie).await;
    assert_eq!(replayed.status(), 303);
    assert!(location(&replayed).starts_with("/login"));
}

#[tokio::test]
async fn restarting_the_app_keeps_people_signed_in() {
    let app = TestApp::spawn().await;
    let client = app.signed_in("manager.newbedford@demo.test").await;
    client.get_status("/districts/new-bedford", 200).await;

    let app = app.restart().await;
    let (status, body) = client.get_text("/districts/new-bedford").await;
    assert_eq!(status, 200, "the session survived the restart");
    assert!(body.contains("Nadia Costa"));
    drop(app);
}

#[tokio::test]
async fn a_deactivated_person_cannot_sign_in_and_is_signed_out() {
    let app = TestApp::spawn().await;
    let leader = app.signed_in("leader.fallriver@demo.test").await;
    let admin = app.signed_in("ese.admin@demo.test").await;
    let id = fixtures::user_id(&app, "leader.fallriver@demo.test").await;
    let (_, page) = admin.get_text(&format!("/people/{id}")).await;
    let version = support::input_value(&page, "version").unwrap();
    assert_eq!(
        admin
            .post_code(
                &format!("/people/{id}"),
                &[
                    ("name", "Alicia Pacheco"),
                    ("email", "leader.fallriver@demo.test"),
                    ("title", "Assistant Superintendent"),
                    ("version", &version),
                ],
            )
            .await,
        303,
        "unticked 'active' saves as deactivated"
    );

    assert_eq!(
        leader.get_code("/districts/fall-river").await,
        303,
        "their open session ended"
    );
    let refused = app
        .client()
        .login("leader.fallriver@demo.test", DEMO_PASSWORD)
        .await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains(WRONG));
}

#[tokio::test]
async fn a_password_set_by_an_admin_must_be_changed_at_first_sign_in() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("ese.admin@demo.test").await;
    admin
        .submit(
            "/people/new",
            &[
                ("name", "Rosa Delgado"),
                ("email", "rosa.delgado@newbedford.example"),
                ("title", "Data Coach"),
                ("temporary_password", "temporary-pass-123"),
                ("active", "on"),
            ],
        )
        .await;

    let rosa = app.client();
    let response = rosa
        .login("rosa.delgado@newbedford.example", "temporary-pass-123")
        .await;
    assert_eq!(location(&response), "/account/password");
    // Every other page sends her back until she has chosen a password.
    let response = rosa.get("/").await;
    assert_eq!(location(&response), "/account/password");

    for (new, confirm, refusal) in [
        ("short", "short", "at least 12 characters"),
        (
            "tide pools at low noon",
            "tide pools at low noone",
            "not the same",
        ),
    ] {
        let form = [
            ("current", "temporary-pass-123"),
            ("new", new),
            ("confirm", confirm),
        ];
        rosa.refused("/account/password", &form, refusal).await;
    }

    let response = rosa
        .post(
            "/account/password",
            &[
                ("current", "temporary-pass-123"),
                ("new", "tide pools at low noon"),
                ("confirm", "tide pools at low noon"),
            ],
        )
        .await;
    assert_eq!(location(&response), "/");
    let (status, body) = rosa.get_text("/").await;
    assert_eq!(status, 200, "she may now use the app");
    assert!(body.contains("Your new password is saved."));
    assert!(body.contains("do not have a role in any district yet"));

    let old = app
        .client()
        .login("rosa.delgado@newbedford.example", "temporary-pass-123")
        .await;
    assert_eq!(old.status(), 422, "the temporary password no longer works");
    let new = app
        .client()
        .login("rosa.delgado@newbedford.example", "tide pools at low noon")
        .await;
    assert_eq!(location(&new), "/");
}

#[tokio::test]
async fn changing_a_password_signs_out_other_sessions() {
    let app = TestApp::spawn().await;
    let laptop = app.signed_in("supt.fallriver@demo.test").await;
    let phone = app.signed_in("supt.fallriver@demo.test").await;
    laptop
        .submit(
            "/account/password",
            &[
                ("current", DEMO_PASSWORD),
                ("new", "a brand new passphrase"),
                ("confirm", "a brand new passphrase"),
            ],
        )
        .await;
    assert_eq!(
        laptop.get_code("/districts/fall-river").await,
        200,
        "this browser stays in"
    );
    assert_eq!(
        phone.get_code("/districts/fall-river").await,
        303,
        "the other one is out"
    );
}

#[tokio::test]
async fn a_cross_site_form_post_is_rejected_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("ese.admin@demo.test").await;
    let forged = admin
        .http
        .post(admin.url("/districts/new"))
        .header("origin", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .form(&[
            ("name", "Forged"),
            ("slug", "forged"),
            ("accountability_level", "4"),
        ])
        .send()
        .await
        .unwrap();
    assert_says(forged, 403, "sent from another website").await;
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM districts WHERE slug = 'forged'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(count, 0);

    // A forged sign-out is refused too: the session is still there.
    let forged_logout = admin
        .http
        .post(admin.url("/logout"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(forged_logout.status(), 403);
    admin.get_status("/districts", 200).await;

    // The same post from the app's own page goes through.
    admin
        .submit(
            "/districts/new",
            &[
                ("name", "Genuine"),
                ("slug", ""),
                ("accountability_level", "4"),
            ],
        )
        .await;
}

/// Where signing in as ESE staff through the form, asking to go on to `next`, lands.
async fn lands_after_sign_in(client: &Client, next: &str) -> String {
    let form = [
        ("email", "ese.staff@demo.test"),
        ("password", DEMO_PASSWORD),
        ("next", next),
    ];
    location(&client.post("/login", &form).await)
}

#[tokio::test]
async fn sign_in_never_redirects_off_site() {
    let app = TestApp::spawn().await;
    let client = app.client();
    assert_eq!(lands_after_sign_in(&client, "//evil.example/").await, "/");
    let response = client.get("/login?next=https://evil.example/").await;
    assert_eq!(location(&response), "/");

    // A tab or newline that browsers drop would make `/<TAB>/evil.example` read as
    // `//evil.example`: signed in, the redirect goes home; signed out, the form carries home.
    let anonymous = app.client();
    for next in [
        "/%09/evil.example",
        "/%0a/x",
        "/%0d%0a/x",
        "/%2F/evil.example",
        "/%5Cevil",
    ] {
        let response = client.get(&format!("/login?next={next}")).await;
        assert_eq!(response.status(), 303, "signed in, {next} redirects");
        assert_eq!(location(&response), "/", "{next}");
        let (status, page) = anonymous.get_text(&format!("/login?next={next}")).await;
        assert_eq!(status, 200, "{next} shows the sign-in form");
        assert_eq!(
            support::input_value(&page, "next").as_deref(),
            Some("/"),
            "{next}"
        );
    }
    assert_eq!(
        lands_after_sign_in(&anonymous, "/\t/evil.example").await,
        "/"
    );
    // A path of this site still comes back after sign-in.
    let (_, page) = app
        .client()
        .get_text("/login?next=/districts/randolph%3Fx%3D1")
        .await;
    assert_eq!(
        support::input_value(&page, "next").as_deref(),
        Some("/districts/randolph?x=1")
    );
}

/// Reads `path` from a client of its own (another machine, say) that sends only `cookie`.
async fn replay(app: &TestApp, path: &str, cookie: &str) -> reqwest::Response {
    crate::support::http_builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{}{path}", app.base))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
}

/// The session cookie's value in a response, if it sets one.
fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("throughline_session="))
        .map(|v| v.split(';').next().unwrap().to_string())
}

#[tokio::test]
async fn every_sign_in_gets_a_new_session_id_even_over_a_signed_in_one() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let first = session_cookie(&client.login("supt.randolph@demo.test", DEMO_PASSWORD).await)
        .expect("signing in sets the session cookie");
    // Someone else signs in on the same browser without signing out first.
    let again = client.login("ese.staff@demo.test", DEMO_PASSWORD).await;
    assert_eq!(again.status(), 303);
    let second = session_cookie(&again).expect("a new session id at the second sign-in");
    assert_ne!(first, second);
    assert_eq!(
        client.get_code("/districts").await,
        200,
        "the new person is in"
    );
    let replayed = replay(&app, "/districts/randolph", &first).await;
    assert_eq!(replayed.status(), 303, "the old session id no longer works");
}

#[tokio::test]
async fn the_session_store_never_holds_the_password_hash() {
    let app = TestApp::spawn().await;
    app.signed_in("supt.randolph@demo.test").await;
    let leaked: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM tower_sessions.session s, users u \
         WHERE u.email = 'supt.randolph@demo.test' \
           AND position(convert_to(u.password_hash, 'UTF8') IN s.data) > 0",
    )
    .fetch_one(&mut app.owner_conn().await)
    .await
    .unwrap();
    assert_eq!(leaked, 0, "a session row must not carry the argon2 hash");
}

#[tokio::test]
async fn a_temporary_password_expires() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("ese.admin@demo.test").await;
    let person = [
        ("name", "Rosa Delgado"),
        ("email", "rosa.delgado@newbedford.example"),
        ("title", "Data Coach"),
        ("temporary_password", "temporary-pass-123"),
        ("active", "on"),
    ];
    let created = admin.post("/people/new", &person).await;
    let (_, page) = admin.get_text(&location(&created)).await;
    assert!(
        page.contains("it works for 7 days"),
        "the administrator is told"
    );
    let expires = app
        .query_text(
            "SELECT (temporary_password_expires_at - now() BETWEEN interval '6 days 23 hours' \
             AND interval '7 days')::text FROM users WHERE email = 'rosa.delgado@newbedford.example'",
        )
        .await;
    assert_eq!(expires, "true");

    app.execute(
        "UPDATE users SET temporary_password_expires_at = now() - interval '1 minute' \
         WHERE email = 'rosa.delgado@newbedford.example'",
    )
    .await;
    let rosa = app.client();
    let page = rosa
        .post_status(
            "/login",
            &[
                ("email", "rosa.delgado@newbedford.example"),
                ("password", "temporary-pass-123"),
            ],
            422,
        )
        .await;
    assert_contains(&page, "This temporary password has expired");
    assert!(page.contains("Ask your ESE administrator for a new one."));
    assert_eq!(rosa.get_code("/").await, 303, "she is not signed in");
    // A wrong password says nothing about expiry.
    let wrong = rosa
        .login("rosa.delgado@newbedford.example", "not her password")
        .await;
    let wrong = wrong.text().await.unwrap();
    assert!(wrong.contains(WRONG) && !wrong.contains("expired"));

    // The administrator issues a new one, which works.
    let id = support::id_from_location(&location(&created));
    admin
        .post_status(&format!("/people/{id}/password"), &[], 303)
        .await;
    let (_, page) = admin.get_text(&format!("/people/{id}")).await;
    let fresh = page
        .split("new temporary password is ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .unwrap()
        .to_string();
    let response = rosa.login("rosa.delgado@newbedford.example", &fresh).await;
    assert_eq!(location(&response), "/account/password");
}

#[tokio::test]
async fn the_session_cookie_is_secure_when_people_reach_the_app_over_https() {
    let app = TestApp::spawn_behind("https://throughline.example").await;
    let response = app
        .client()
        .login("ese.staff@demo.test", DEMO_PASSWORD)
        .await;
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    assert_contains(&cookie, "Secure");
    assert_contains(&cookie, "HttpOnly");
}
