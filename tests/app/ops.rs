//! Running Throughline: the health check, error pages, headers, static files and the CLI.

use crate::support;

use sqlx::{Connection, Executor, PgConnection};
use support::{TestApp, admin_options, assert_contains, assert_content_type};

#[tokio::test]
async fn healthz_is_200_while_the_database_answers_and_503_when_it_does_not() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let body = client.get_json("/healthz", 200).await;
    assert_eq!(body["status"], "ok");

    let mut admin = PgConnection::connect_with(&admin_options()).await.unwrap();
    let database = app.owner.get_database().unwrap().to_string();
    admin
        .execute(format!("DROP DATABASE \"{database}\" WITH (FORCE)").as_str())
        .await
        .unwrap();
    let body = client.get_json("/healthz", 503).await;
    assert_eq!(body["status"], "unavailable");
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    for path in ["/login", "/healthz", "/static/css/app.css", "/no-such-page"] {
        let response = app.client().get(path).await;
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_string())
                .unwrap_or_default()
        };
        let csp = header("content-security-policy");
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header("referrer-policy"), "same-origin", "{path}");
        assert_eq!(header("x-request-id").len(), 10, "{path}");
    }
}

#[tokio::test]
async fn static_files_are_served_with_caching() {
    let app = TestApp::spawn().await;
    let response = app.client().get("/static/css/app.css").await;
    assert_content_type(&response, "text/css");
    assert_eq!(response.headers()["cache-control"], "public, max-age=3600");
    assert!(response.headers().contains_key("last-modified"));
}

#[tokio::test]
async fn an_unknown_page_is_a_404_in_the_layout() {
    let app = TestApp::spawn().await;
    let client = app.signed_in("ese.staff@demo.test").await;
    let body = client.get_status("/no/such/page", 404).await;
    assert!(body.contains("Page not found"));
    assert!(
        body.contains("class=\"brand\""),
        "the page keeps the site's frame"
    );
    assert!(body.contains("/static/css/app.css"));
}

#[tokio::test]
async fn a_failure_shows_a_500_page_with_a_reference_and_no_internals() {
    let app = TestApp::spawn().await;
    let client = app.signed_in("supt.randolph@demo.test").await;
    let mut owner = app.owner_conn().await;
    owner
        .execute("DROP TABLE district_roles CASCADE")
        .await
        .unwrap();

    let response = client.get("/districts/randolph").await;
    assert_eq!(response.status(), 500);
    let id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_string();
    let body = response.text().await.unwrap();
    assert!(body.contains("Something went wrong"));
    assert!(
        body.contains(&format!("<code>{id}</code>")),
        "the page shows the request id"
    );
    for internal in ["district_roles", "relation", "sqlx", "SELECT", "panicked"] {
        assert!(!body.contains(internal), "the page leaks {internal}");
    }
}

#[tokio::test]
async fn the_app_serves_as_its_own_login_role_not_the_owner_switching_roles() {
    let app = TestApp::spawn().await;
    let mut conn = app.pool.acquire().await.unwrap();
    // Were the pool the owner doing SET ROLE, RESET ROLE would give the owner back.
    conn.execute("RESET ROLE").await.unwrap();
    let (session_user, current_user, privileged): (String, String, bool) = sqlx::query_as(
        "SELECT session_user::text, current_user::text, \
         (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user)",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    assert_eq!(session_user, "throughline_app");
    assert_eq!(current_user, "throughline_app");
    assert!(!privileged);
    // The serving role's own password is the owner's secret, not the app's to read.
    let secret = sqlx::query("SELECT password FROM serving_credentials")
        .fetch_optional(&mut *conn)
        .await;
    assert!(secret.is_err(), "the serving role read its own password");
}

#[tokio::test]
async fn a_serving_role_that_could_bypass_row_level_security_is_refused() {
    let app = TestApp::spawn().await;
    // The owner itself as the serving role: it owns every table, so RLS would not hold.
    let refused = throughline::db::serving_pool(app.owner.clone()).await;
    let message = format!("{:#}", refused.expect_err("the owner was accepted"));
    assert_contains(&message, "bypass row-level security");
}

#[tokio::test]
async fn signed_in_pages_and_exports_are_never_cached_but_static_files_are() {
    let app = TestApp::spawn().await;
    let client = app.signed_in("ese.staff@demo.test").await;
    for path in ["/", "/districts/randolph", "/dashboard", "/dashboard.csv"] {
        let response = client.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
    }
    let css = client.get("/static/css/app.css").await;
    assert_eq!(css.headers()["cache-control"], "public, max-age=3600");
}

#[tokio::test]
async fn hsts_is_sent_only_when_people_arrive_over_https() {
    let plain = TestApp::spawn().await;
    let response = plain.client().get("/login").await;
    assert!(!response.headers().contains_key("strict-transport-security"));

    let behind_tls = TestApp::spawn_behind("https://aip.example.org").await;
    let response = behind_tls.client().get("/login").await;
    let hsts = response.headers()["strict-transport-security"]
        .to_str()
        .unwrap();
    assert!(hsts.starts_with("max-age=31536000"), "{hsts}");
}

#[tokio::test]
async fn a_request_id_sent_by_the_client_is_replaced_by_the_apps_own() {
    let app = TestApp::spawn().await;
    let response = crate::support::http_builder()
        .build()
        .unwrap()
        .get(format!("{}/login", app.base))
        .header("x-request-id", "forged-id-to-confuse-the-logs")
        .send()
        .await
        .unwrap();
    let id = response.headers()["x-request-id"].to_str().unwrap();
    assert_ne!(id, "forged-id-to-confuse-the-logs");
    assert_eq!(id.len(), 10);
}

/// The session cookie of a fresh sign-in as `email`, for requests written by hand.
async fn session_cookie(app: &TestApp, email: &str) -> String {
    let response = crate::support::http_builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("{}/login", app.base))
        .header("origin", &app.base)
        .form(&[("email", email), ("password", support::DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    cookie.split(';').next().unwrap().to_string()
}

#[tokio::test]
async fn slow_uploads_do_not_hold_the_database_from_everyone_else() {
    use tokio::io::AsyncWriteExt;
    let app = TestApp::spawn().await;
    let cookie = session_cookie(&app, "manager.randolph@demo.test").await;
    // More stalled uploads than the pool has connections, each sent a few bytes of a large body.
    let mut stalled = Vec::new();
    for _ in 0..14 {
        let mut socket = tokio::net::TcpStream::connect(app.addr).await.unwrap();
        let head = format!(
            "POST /districts/randolph/evidence HTTP/1.1\r\nHost: {}\r\nOrigin: {}\r\n\
             Cookie: {cookie}\r\nContent-Type: multipart/form-data; boundary=XyZ\r\n\
             Content-Length: 5000000\r\n\r\n--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nslow",
            app.addr, app.base
        );
        socket.write_all(head.as_bytes()).await.unwrap();
        stalled.push(socket);
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let client = app.signed_in("supt.randolph@demo.test").await;
    // Were the uploads holding connections, this would wait out the pool's timeout and fail.
    assert_eq!(client.get_code("/districts/randolph").await, 200);
    drop(stalled);
}

#[tokio::test]
async fn metrics_need_the_token_and_count_requests_by_route_template() {
    let app = TestApp::spawn().await;
    let client = app.signed_in(support::people::SUPT).await;
    client.get_status("/districts/randolph", 200).await;
    app.client().get_status("/login", 200).await;

    let scrape = |token: &'static str| {
        let http = support::http_builder().build().unwrap();
        let url = format!("{}/metrics", app.base);
        async move {
            http.get(url)
                .header("authorization", format!("Bearer {token}"))
                .send()
                .await
                .unwrap()
        }
    };
    let bare = app.client().get("/metrics").await;
    assert_eq!(bare.status(), 401, "{:?}", bare.text().await);
    let wrong = scrape("not-the-token").await;
    assert_eq!(wrong.status(), 401, "{:?}", wrong.text().await);
    let response = scrape(support::METRICS_TOKEN).await;
    assert_eq!(response.status(), 200);
    assert_content_type(&response, "text/plain");
    let text = response.text().await.unwrap();
    for series in [
        "http_requests_total{route=\"/districts/{district}\",method=\"GET\",status=\"200\"}",
        "http_requests_total{route=\"/login\",method=\"GET\",status=\"200\"}",
        "http_request_duration_seconds_bucket{route=\"/login\",method=\"GET\",status=\"200\",le=\"0.005\"}",
        "db_pool_connections{state=\"idle\"}",
        "email_outbox_waiting",
        "throughline_build_info{version=\"",
    ] {
        assert!(text.contains(series), "{series} in:\n{text}");
    }
    // Templates, never paths: no district's name reaches the metrics.
    assert!(!text.contains("randolph"));
}
