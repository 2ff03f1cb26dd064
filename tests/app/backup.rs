//! Backup and restore: the demo with evidence files backed up, restored into a fresh PostgreSQL
//! cluster and an empty store, and found the same; archives that are cut short, tampered with or
//! not backups at all, and targets that are not empty, refused with nothing changed.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use sha2::{Digest, Sha256};
use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection as _, Executor, PgConnection};
use throughline::backup::{self, Connection};
use throughline::db::embedded;
use throughline::storage::Storage;

use crate::evidence::{PDF, upload_pdf};
use crate::support::people::MANAGER;
use crate::support::{TestApp, admin_options, fresh_cluster, location};

/// Rows in every table, read as the owner with row-level security off: the test's own count,
/// not the manifest's.
async fn row_counts(owner: &PgConnectOptions) -> BTreeMap<String, i64> {
    let mut conn = PgConnection::connect_with(owner).await.unwrap();
    conn.execute("SET row_security = off").await.unwrap();
    let tables: Vec<(String,)> = sqlx::query_as(
        "SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables \
         WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let mut counts = BTreeMap::new();
    for (table,) in tables {
        let sql = format!("SELECT count(*) FROM {table}");
        let count: i64 = sqlx::query_scalar(&sql).fetch_one(&mut conn).await.unwrap();
        counts.insert(table, count);
    }
    counts
}

/// Every file under `dir` (by its path inside it) with its SHA-256.
fn checksums(dir: &Path) -> BTreeMap<String, String> {
    fn walk(root: &Path, dir: &Path, into: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, into);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                let name = path.strip_prefix(root).unwrap().display().to_string();
                into.insert(name, format!("{:x}", Sha256::digest(bytes)));
            }
        }
    }
    let mut sums = BTreeMap::new();
    walk(dir, dir, &mut sums);
    sums
}

/// A PostgreSQL cluster of the test's own, fresh from initdb: no role or table of the app's.
struct FreshCluster {
    cluster: Option<embedded::Cluster>,
    _dir: tempfile::TempDir,
}

impl FreshCluster {
    async fn start() -> Self {
        let (cluster, dir) = fresh_cluster("throughline-restore-pg-").await;
        Self {
            cluster: Some(cluster),
            _dir: dir,
        }
    }

    /// A new, empty database of this cluster.
    async fn database(&self, name: &str) -> PgConnectOptions {
        let cluster = self.cluster.as_ref().unwrap();
        embedded::ensure_database(&cluster.connect_options("postgres"), name)
            .await
            .unwrap();
        cluster.connect_options(name)
    }
}

impl Drop for FreshCluster {
    fn drop(&mut self) {
        // Stopped before its folder goes.
        drop(self.cluster.take());
    }
}

fn empty_store() -> (Arc<tempfile::TempDir>, Storage) {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let storage = Storage::local(dir.path()).unwrap();
    (dir, storage)
}

/// `app`'s database and evidence store backed up into a new folder: answers the folder, the
/// archive in it and its manifest.
async fn back_up(app: &TestApp) -> (tempfile::TempDir, std::path::PathBuf, backup::Manifest) {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("throughline.tar");
    let storage = Storage::local(app.evidence_dir.path()).unwrap();
    let manifest = backup::backup(
        &Connection::new(app.owner.clone(), None),
        &storage,
        &archive,
    )
    .await
    .unwrap();
    (dir, archive, manifest)
}

/// The demo with two evidence files, backed up; the archive is in the returned folder.
async fn backed_up() -> (TestApp, tempfile::TempDir, std::path::PathBuf) {
    let app = TestApp::spawn().await;
    let manager = app.signed_in(MANAGER).await;
    upload_pdf(&app, &manager, "Test: walkthrough summary").await;
    upload_pdf(&app, &manager, "Test: coaching log").await;
    let (dir, archive, manifest) = back_up(&app).await;
    assert_eq!(manifest.files.len(), 2, "{manifest:?}");
    (app, dir, archive)
}

/// Charts are numbered by a counter of the process, not by the data: "chart-23" → "chart-".
fn without_chart_numbers(page: &str) -> String {
    let mut parts = page.split("chart-");
    let mut out = parts.next().unwrap_or_default().to_string();
    for part in parts {
        out.push_str("chart-");
        out.push_str(part.trim_start_matches(|c: char| c.is_ascii_digit()));
    }
    out
}

/// The current plan's page of Randolph as the manager sees it.
async fn randolph_plan(app: &TestApp) -> String {
    let manager = app.signed_in(MANAGER).await;
    let response = manager.get("/districts/randolph/plan").await;
    assert_eq!(response.status(), 303);
    manager.get_status(&location(&response), 200).await
}

#[tokio::test]
async fn a_backup_restored_into_a_fresh_cluster_is_the_same_app() {
    let (app, _dir, archive) = backed_up().await;
    let cluster = FreshCluster::start().await;
    let target = cluster.database("restored").await;
    let (store_dir, storage) = empty_store();

    let manifest = backup::restore(&Connection::new(target.clone(), None), &storage, &archive)
        .await
        .unwrap();
    assert_eq!(manifest.files.len(), 2);

    let before = row_counts(&app.owner).await;
    assert!(before["public.evidence"] > 2 && before["public.plans"] >= 3);
    assert_eq!(
        row_counts(&target).await,
        before,
        "every table, row for row"
    );
    let files = checksums(app.evidence_dir.path());
    assert_eq!(files.len(), 2);
    assert_eq!(
        checksums(store_dir.path()),
        files,
        "every file, byte for byte"
    );

    // The serving role signs in on the new cluster, and people see what they saw.
    let restored = TestApp::spawn_with_store(target.clone(), store_dir).await;
    let plan = without_chart_numbers(&randolph_plan(&restored).await);
    let original = without_chart_numbers(&randolph_plan(&app).await);
    let differs = plan.lines().zip(original.lines()).find(|(a, b)| a != b);
    assert_eq!(differs, None, "the plan's page is the same, line for line");
    assert_eq!(plan.len(), original.len());
    let evidence: String = restored
        .query_text("SELECT id::text FROM evidence WHERE title = 'Test: coaching log'")
        .await;
    let manager = restored.signed_in(MANAGER).await;
    let file = manager
        .get(&format!("/districts/randolph/evidence/{evidence}/file"))
        .await;
    assert_eq!(file.status(), 200);
    assert_eq!(file.bytes().await.unwrap().as_ref(), PDF);

    // Restoring once more would merge into data: refused, and nothing changed.
    let in_use = row_counts(&target).await;
    let (_other_dir, other_store) = empty_store();
    let error = backup::restore(
        &Connection::new(target.clone(), None),
        &other_store,
        &archive,
    )
    .await
    .unwrap_err()
    .to_string();
    assert!(
        error.contains("is not empty") && error.contains("nothing was restored"),
        "{error}"
    );
    assert_eq!(row_counts(&target).await, in_use);
}

/// A new, empty database on the shared test server.
async fn empty_database() -> PgConnectOptions {
    let name = format!("r_{}", uuid::Uuid::new_v4().simple());
    let mut admin = PgConnection::connect_with(&admin_options()).await.unwrap();
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    admin_options().database(&name)
}

async fn relations(owner: &PgConnectOptions) -> i64 {
    let mut conn = PgConnection::connect_with(owner).await.unwrap();
    sqlx::query_scalar("SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace")
        .fetch_one(&mut conn)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_cut_tampered_or_foreign_archive_and_a_full_store_are_refused_changing_nothing() {
    let (_app, dir, archive) = backed_up().await;
    let target = empty_database().await;
    let db = Connection::new(target.clone(), None);
    let bytes = std::fs::read(&archive).unwrap();

    let cut = dir.path().join("cut.tar");
    std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let mut tampered = bytes.clone();
    let at = tampered
        .windows(PDF.len())
        .rposition(|w| w == PDF)
        .expect("the second file is in the archive as it is");
    tampered[at + 10] ^= 1;
    let changed = dir.path().join("tampered.tar");
    std::fs::write(&changed, tampered).unwrap();
    let foreign = dir.path().join("notes.tar");
    std::fs::write(
        &foreign,
        "not an archive at all, only some notes\n".repeat(40),
    )
    .unwrap();

    for (file, says) in [
        (&cut, "incomplete or damaged"),
        (&changed, "does not match its checksum"),
        (&foreign, "not a Throughline backup"),
    ] {
        let (store_dir, storage) = empty_store();
        let error = backup::restore(&db, &storage, file)
            .await
            .unwrap_err()
            .to_string();
        assert!(
            error.contains(says) && error.contains("nothing was restored"),
            "{error}"
        );
        assert_eq!(
            relations(&target).await,
            0,
            "{says}: the database is as it was"
        );
        assert!(
            checksums(store_dir.path()).is_empty(),
            "{says}: the store too"
        );
    }

    let (store_dir, storage) = empty_store();
    std::fs::write(store_dir.path().join("left-over"), b"x").unwrap();
    let error = backup::restore(&db, &storage, &archive)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("evidence store") && error.contains("not empty"),
        "{error}"
    );
    assert_eq!(relations(&target).await, 0);
}

/// A URL for the command line to reach `options` (the test server listens on a socket).
fn url_of(options: &PgConnectOptions) -> String {
    let database = options.get_database().unwrap();
    let user = options.get_username();
    match options.get_socket() {
        Some(socket) => format!(
            "postgresql://{user}@localhost:{}/{database}?host={}",
            options.get_port(),
            socket.display()
        ),
        None => format!(
            "postgresql://{user}@{}:{}/{database}",
            options.get_host(),
            options.get_port()
        ),
    }
}

fn throughline(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_throughline"))
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

#[tokio::test]
async fn the_commands_back_up_and_restore_and_say_what_they_did() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("nightly.tar");
    let (source, target) = (url_of(&app.owner), url_of(&empty_database().await));
    let store = app.evidence_dir.path().display().to_string();
    let archive_arg = archive.display().to_string();
    let out = throughline(&[
        "backup",
        "--database-url",
        &source,
        "--evidence-store",
        &store,
        "--to",
        &archive_arg,
    ]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.starts_with("Backed up to ") && said.contains("nightly.tar: "),
        "{said}"
    );

    let restored_store = dir.path().join("restored-evidence").display().to_string();
    let restore = |database: &str| {
        throughline(&[
            "restore",
            "--database-url",
            database,
            "--evidence-store",
            &restored_store,
            "--from",
            &archive_arg,
        ])
    };
    let out = restore(&target);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Restored from "));

    let out = restore(&source);
    let error = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        error.starts_with("throughline: the database") && error.contains("not empty"),
        "{error}"
    );
}

#[tokio::test]
async fn a_file_gone_from_the_store_is_named_and_the_rest_backed_up_and_restored() {
    let app = TestApp::spawn().await;
    let manager = app.signed_in(MANAGER).await;
    upload_pdf(&app, &manager, "Test: kept").await;
    upload_pdf(&app, &manager, "Test: lost").await;
    let lost: String = app
        .query_text("SELECT storage_key FROM evidence WHERE title = 'Test: lost'")
        .await;
    std::fs::remove_file(app.evidence_dir.path().join(&lost)).unwrap();
    let (_dir, archive, manifest) = back_up(&app).await;
    assert_eq!(manifest.missing, vec![lost]);
    assert_eq!(manifest.files.len(), 1);

    let target = empty_database().await;
    let (store_dir, storage) = empty_store();
    backup::restore(&Connection::new(target.clone(), None), &storage, &archive)
        .await
        .unwrap();
    assert_eq!(
        checksums(store_dir.path()),
        checksums(app.evidence_dir.path())
    );
    assert_eq!(row_counts(&target).await, row_counts(&app.owner).await);
}
