//! Test support: one throwaway PostgreSQL per test binary, a fresh database per test cloned from a
//! migrated and demo-seeded template, the real app on a random port, and a cookie-keeping client.
//!
//! With `DATABASE_URL` set, its server is used instead (the URL's role must be able to create
//! databases and roles).

#![allow(dead_code)]

mod asserts;
pub mod browser;
pub mod contexts;
pub mod fixtures;
mod own_server;
mod pages;
pub mod people;
mod rows;
mod statements;

#[allow(unused_imports)]
pub use asserts::{
    assert_conflict, assert_contains, assert_content_type, assert_kept, assert_redirect,
    assert_refused, assert_says, assert_status,
};
#[allow(unused_imports)]
pub use own_server::{OwnServer, fresh_cluster};
pub use pages::{id_from_location, input_value, location, section, unescape};
#[allow(unused_imports)]
pub use statements::{
    SKIP_STATEMENT_COUNTS, app_statements, missing_statement_counts, start_counting_statements,
    statements_for,
};

use std::net::SocketAddr;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::redirect::Policy;
use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, Executor, PgConnection, PgPool};
use throughline::app;
use throughline::config::WebConfig;
use throughline::db::{self, embedded};
use throughline::state::AppState;
use throughline::storage::Storage;
pub use throughline::web::routes::Route;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

pub const DEMO_PASSWORD: &str = "throughline-demo";
const TEMPLATE: &str = "throughline_template";

struct Server {
    /// Superuser access to the server's maintenance database.
    admin: PgConnectOptions,
}

static SERVER: OnceLock<Server> = OnceLock::new();
static TEMPLATE_LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn server() -> &'static Server {
    SERVER.get_or_init(|| {
        // Runs once, on whichever test thread gets here first; it owns no runtime of its own, so
        // the async setup runs on a private one in a plain thread.
        std::thread::spawn(|| {
            let runtime = tokio::runtime::Runtime::new().unwrap();
            runtime.block_on(start_server())
        })
        .join()
        .expect("the test database server could not start")
    })
}

async fn start_server() -> Server {
    let admin = match std::env::var("DATABASE_URL") {
        Ok(url) => PgConnectOptions::from_str(&url)
            .expect("DATABASE_URL is not a PostgreSQL URL")
            .database("postgres"),
        Err(_) => {
            let dir = tempfile::Builder::new()
                .prefix("throughline-test-pg-")
                .tempdir()
                .expect("no temp dir")
                .keep();
            let cluster =
                embedded::Cluster::prepare(&dir).expect("could not prepare a PostgreSQL cluster");
            cluster
                .start_throwaway()
                .expect("could not start PostgreSQL");
            let admin = cluster.connect_options("postgres");
            // The cluster stops and its folder goes when this test process exits.
            std::mem::forget(cluster);
            admin
        }
    };
    demo_database(&admin, TEMPLATE).await;
    Server { admin }
}

/// Creates (or recreates) database `name` on the server behind `admin`, migrated and seeded with
/// the demo data; answers how to reach it as its owner.
async fn demo_database(admin: &PgConnectOptions, name: &str) -> PgConnectOptions {
    let mut conn = PgConnection::connect_with(admin)
        .await
        .expect("cannot reach PostgreSQL");
    conn.execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
        .await
        .ok();
    conn.execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("cannot create the demo database");
    conn.close().await.ok();
    let owner = admin.clone().database(name);
    db::migrate(&owner).await.expect("migrations failed");
    let pool = db::app_pool(owner.clone()).await.unwrap();
    throughline::demo::seed(&pool)
        .await
        .expect("demo seed failed");
    pool.close().await;
    owner
}

/// Superuser access to the test server's maintenance database.
pub fn admin_options() -> PgConnectOptions {
    server().admin.clone()
}

/// A fresh database with the schema and the demo data.
pub async fn fresh_database() -> PgConnectOptions {
    let server = server();
    let name = format!("t_{}", uuid::Uuid::new_v4().simple());
    let mut conn = PgConnection::connect_with(&server.admin).await.unwrap();
    {
        // PostgreSQL refuses to copy a template while another copy of it is being made.
        let _guard = TEMPLATE_LOCK.lock().await;
        conn.execute(format!("CREATE DATABASE {name} TEMPLATE {TEMPLATE}").as_str())
            .await
            .expect("cannot create a test database");
    }
    conn.close().await.ok();
    server.admin.clone().database(&name)
}

fn evidence_dir() -> Arc<tempfile::TempDir> {
    Arc::new(
        tempfile::Builder::new()
            .prefix("throughline-test-evidence-")
            .tempdir()
            .expect("no temp dir"),
    )
}

/// What the test apps' `/metrics` asks for.
pub const METRICS_TOKEN: &str = "test-metrics-token";

/// A builder for an HTTP client of the app. reqwest sets up TLS even for http:// addresses, so
/// the process's crypto provider is put in place first, as the app's `main` does.
pub fn http_builder() -> reqwest::ClientBuilder {
    throughline::tls::install_crypto_provider();
    reqwest::Client::builder()
}

pub struct TestApp {
    pub addr: SocketAddr,
    pub base: String,
    /// The app's own pool: the runtime role, under row-level security.
    pub pool: PgPool,
    /// The owner of the test database (migrations' identity), for checks the app cannot make.
    pub owner: PgConnectOptions,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<()>>,
    pub max_upload_bytes: usize,
    /// Where this app keeps evidence files (removed when the last handle goes).
    pub evidence_dir: Arc<tempfile::TempDir>,
    /// The router being served, for its route table.
    router: axum::Router,
}

impl TestApp {
    pub async fn spawn() -> Self {
        let owner = fresh_database().await;
        Self::start(owner, "127.0.0.1:0".parse().unwrap(), None).await
    }

    /// As [`TestApp::spawn`], on the database `owner` names (an [`OwnServer`]'s, say).
    pub async fn spawn_on(owner: PgConnectOptions) -> Self {
        Self::start(owner, "127.0.0.1:0".parse().unwrap(), None).await
    }

    /// A second instance of `app` behind the same load balancer: the same database, evidence
    /// store and public address, its own port and pool.
    pub async fn beside(app: &TestApp) -> Self {
        let addr = "127.0.0.1:0".parse().unwrap();
        let (owner, base) = (app.owner.clone(), Some(app.base.clone()));
        Self::start_with(
            owner,
            addr,
            base,
            app.max_upload_bytes,
            app.evidence_dir.clone(),
        )
        .await
    }

    /// As [`TestApp::spawn_on`], keeping evidence files in `evidence_dir` (a restored store).
    pub async fn spawn_with_store(
        owner: PgConnectOptions,
        evidence_dir: Arc<tempfile::TempDir>,
    ) -> Self {
        let addr = "127.0.0.1:0".parse().unwrap();
        Self::start_with(owner, addr, None, 20 * 1024 * 1024, evidence_dir).await
    }

    /// As [`TestApp::spawn`], accepting evidence files up to `mb` megabytes.
    pub async fn spawn_with_upload_limit(mb: usize) -> Self {
        let owner = fresh_database().await;
        let addr = "127.0.0.1:0".parse().unwrap();
        Self::start_with(owner, addr, None, mb * 1024 * 1024, evidence_dir()).await
    }

    /// As [`TestApp::spawn`], with people reaching the app at `base_url` (behind a proxy, say).
    pub async fn spawn_behind(base_url: &str) -> Self {
        let owner = fresh_database().await;
        Self::start(
            owner,
            "127.0.0.1:0".parse().unwrap(),
            Some(base_url.to_string()),
        )
        .await
    }

    async fn start(owner: PgConnectOptions, addr: SocketAddr, base_url: Option<String>) -> Self {
        Self::start_with(owner, addr, base_url, 20 * 1024 * 1024, evidence_dir()).await
    }

    async fn start_with(
        owner: PgConnectOptions,
        addr: SocketAddr,
        base_url: Option<String>,
        max_upload_bytes: usize,
        evidence_dir: Arc<tempfile::TempDir>,
    ) -> Self {
        let pool = db::app_pool(owner.clone()).await.unwrap();
        let listener = TcpListener::bind(addr).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let base = format!("http://{addr}");
        let config = WebConfig {
            base_url: base_url.unwrap_or_else(|| base.clone()),
            static_dir: throughline::config::default_static_dir(),
            session_idle_hours: 12,
            max_upload_bytes,
            metrics_token: Some(METRICS_TOKEN.into()),
        };
        let router = app::router(AppState {
            db: pool.clone(),
            config: Arc::new(config),
            evidence: Storage::local(evidence_dir.path()).unwrap(),
        })
        .unwrap();
        let (tx, rx) = oneshot::channel::<()>();
        let served = router.clone();
        let server = tokio::spawn(async move {
            app::serve(listener, served, async {
                let _ = rx.await;
            })
            .await
            .unwrap();
        });
        Self {
            addr,
            base,
            pool,
            owner,
            shutdown: Some(tx),
            server: Some(server),
            max_upload_bytes,
            evidence_dir,
            router,
        }
    }

    /// Every page and action the app serves, read from its router, so a walk over them takes in
    /// a new route the day it is added. The static files (a service under `/static`) are not
    /// pages.
    pub fn routes(&self) -> Vec<Route> {
        throughline::web::routes::table(&self.router)
            .into_iter()
            .filter(|route| !route.methods.is_empty())
            .collect()
    }

    /// Stops the server gracefully and starts a new one on the same database and address, as a
    /// redeploy would.
    pub async fn restart(mut self) -> Self {
        let owner = self.owner.clone();
        let addr = self.addr;
        self.stop().await;
        let (limit, dir) = (self.max_upload_bytes, self.evidence_dir.clone());
        Self::start_with(owner, addr, None, limit, dir).await
    }

    pub async fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.unwrap();
        }
        self.pool.close().await;
    }

    /// A new browser-like client with its own cookie jar.
    pub fn client(&self) -> Client {
        let mut headers = HeaderMap::new();
        // What a browser sends with a same-origin form post.
        headers.insert("origin", HeaderValue::from_str(&self.base).unwrap());
        let http = http_builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .default_headers(headers)
            .build()
            .unwrap();
        Client {
            http,
            base: self.base.clone(),
        }
    }

    /// A client already signed in as `email` with the demo password.
    pub async fn signed_in(&self, email: &str) -> Client {
        let client = self.client();
        let response = client.login(email, DEMO_PASSWORD).await;
        assert_eq!(response.status(), 303, "sign-in as {email} failed");
        client
    }

    /// The page at `path` as `email` sees it, signed in afresh, checked to be there (200).
    pub async fn page_as(&self, email: &str, path: &str) -> String {
        self.signed_in(email).await.get_status(path, 200).await
    }

    /// Runs SQL as the database owner (setting up a case the app cannot reach by itself).
    pub async fn execute(&self, sql: &str) {
        sqlx::query(sql)
            .execute(&mut self.owner_conn().await)
            .await
            .unwrap();
    }

    /// One text value read as the database owner.
    pub async fn query_text(&self, sql: &str) -> String {
        sqlx::query_scalar(sql)
            .fetch_one(&mut self.owner_conn().await)
            .await
            .unwrap()
    }

    /// The one value `sql` answers as the database owner.
    pub async fn scalar<T>(&self, sql: &str) -> T
    where
        (T,): for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
        T: Send + Unpin,
    {
        contexts::scalar(&mut self.owner_conn().await, sql).await
    }

    /// The one value `sql` answers as the database owner, with `key` bound to `$1`.
    pub async fn scalar_for<T>(&self, sql: &str, key: &str) -> T
    where
        (T,): for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
        T: Send + Unpin,
    {
        sqlx::query_scalar(sql)
            .bind(key)
            .fetch_one(&mut self.owner_conn().await)
            .await
            .unwrap()
    }

    pub async fn owner_conn(&self) -> PgConnection {
        PgConnection::connect_with(&self.owner).await.unwrap()
    }
}

pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
}

impl Client {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }

    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        send(self.http.post(self.url(path)).form(form)).await
    }

    /// Posts a multipart form (as a browser does for forms that may carry a file).
    pub async fn post_multipart(
        &self,
        path: &str,
        form: reqwest::multipart::Form,
    ) -> reqwest::Response {
        send(self.http.post(self.url(path)).multipart(form)).await
    }

    pub async fn post_text(&self, path: &str, form: &[(&str, &str)]) -> (u16, String) {
        let response = self.post(path, form).await;
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }

    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.post(
            "/login",
            &[("email", email), ("password", password), ("next", "")],
        )
        .await
    }
}

/// Sends a request the test expects to reach the app (a connection error fails the test).
async fn send(request: reqwest::RequestBuilder) -> reqwest::Response {
    request.send().await.unwrap()
}
