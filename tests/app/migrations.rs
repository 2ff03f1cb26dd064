//! Upgrades without surprises: migrations under a lock when instances start together, a clear
//! refusal when a landed migration was edited, `migrate --check`, and `/readyz` that stays 503
//! until this build's migrations have run.

use std::process::Command;

use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, Executor, PgConnection};
use throughline::db;

use crate::support::{TestApp, admin_options, assert_contains};

/// A new database with nothing in it.
async fn empty_database() -> PgConnectOptions {
    let name = format!("empty_{}", uuid::Uuid::new_v4().simple());
    let mut admin = PgConnection::connect_with(&admin_options()).await.unwrap();
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    admin.close().await.ok();
    admin_options().database(&name)
}

/// `options` as the DATABASE_URL a person would give the binary.
fn url(options: &PgConnectOptions) -> String {
    let (host, socket) = match options.get_socket() {
        Some(dir) => ("localhost", format!("&host={}", dir.display())),
        None => (options.get_host(), String::new()),
    };
    format!(
        "postgres://{}@{host}:{}/{}?sslmode=disable{socket}",
        options.get_username(),
        options.get_port(),
        options.get_database().unwrap()
    )
}

fn check(options: &PgConnectOptions) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_throughline"))
        .args(["migrate", "--check"])
        .env("DATABASE_URL", url(options))
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

async fn applied(options: &PgConnectOptions) -> Vec<i64> {
    let mut conn = PgConnection::connect_with(options).await.unwrap();
    sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version")
        .fetch_all(&mut conn)
        .await
        .unwrap()
}

#[tokio::test]
async fn two_instances_migrating_together_apply_each_migration_once() {
    let options = empty_database().await;
    let all: Vec<i64> = db::MIGRATOR.iter().map(|m| m.version).collect();
    let pending = db::pending(&options).await.unwrap();
    assert_eq!(
        pending.iter().map(|p| p.version).collect::<Vec<_>>(),
        all,
        "an empty database lacks every migration"
    );
    let (listed, text) = check(&options);
    assert!(!listed, "pending migrations make --check fail: {text}");
    assert_contains(&text, "0001 roles and tenancy");
    assert!(
        applied_or_none(&options).await.is_empty(),
        "--check ran nothing"
    );

    let (a, b) = tokio::join!(db::migrate(&options), db::migrate(&options));
    a.unwrap();
    b.unwrap();
    assert_eq!(applied(&options).await, all, "each migration ran once");
    assert!(db::pending(&options).await.unwrap().is_empty());
    let (current, text) = check(&options);
    assert!(current, "{text}");
    assert_contains(&text, "up to date");
}

/// The versions run so far, or none before sqlx has made its table.
async fn applied_or_none(options: &PgConnectOptions) -> Vec<i64> {
    let mut conn = PgConnection::connect_with(options).await.unwrap();
    let exists: bool = sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations') IS NOT NULL")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    if exists {
        applied(options).await
    } else {
        Vec::new()
    }
}

#[tokio::test]
async fn an_edited_migration_is_named_and_the_app_refuses_to_migrate_past_it() {
    let options = empty_database().await;
    db::migrate(&options).await.unwrap();
    let mut conn = PgConnection::connect_with(&options).await.unwrap();
    conn.execute("UPDATE _sqlx_migrations SET checksum = '\\x00' WHERE version = 4")
        .await
        .unwrap();
    let pending = db::pending(&options).await.unwrap();
    assert_eq!(pending.len(), 1);
    assert!(pending[0].modified && pending[0].version == 4);
    let error = format!("{:#}", db::migrate(&options).await.unwrap_err());
    assert_contains(&error, "will not start");
    assert_contains(&error, "modified");
    let (current, text) = check(&options);
    assert!(!current);
    assert_contains(
        &text,
        "0004 plans — ran before, but its file has changed since",
    );
}

#[tokio::test]
async fn readyz_is_503_until_every_migration_of_this_build_has_run() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let body = client.get_json("/readyz", 200).await;
    assert_eq!(body["migrations"], "current");

    // As if this instance were newer than the database: its last migration has not run.
    let last = db::MIGRATOR.iter().map(|m| m.version).max().unwrap();
    let mut owner = app.owner_conn().await;
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version = $1")
        .bind(last)
        .execute(&mut owner)
        .await
        .unwrap();
    let body = client.get_json("/readyz", 503).await;
    assert_eq!(body["migrations"], "pending");
    assert_eq!(body["pending"], serde_json::json!([last]));
    // Alive all the same: the health check asks only for the database.
    assert_eq!(client.get("/healthz").await.status(), 200);
}
