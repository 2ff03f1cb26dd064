//! Backup and restore (issue 18 §2): one archive holds a consistent dump of the database (pg_dump,
//! from one snapshot) and every evidence file the dumped rows name, read in that same snapshot, so
//! the two always agree. A restore goes only into an empty database and an empty store, proves the
//! archive whole first, and leaves the app ready to start.

pub mod archive;
pub mod tools;

use std::collections::BTreeMap;
use std::io::{BufReader, BufWriter, Write as _};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use chrono::Utc;
use sqlx::{Connection as _, PgConnection};
use tokio::runtime::Handle;

pub use archive::Manifest;
pub use tools::Connection;

use crate::db::embedded::quote_ident;
use crate::storage::Storage;

/// The schemas the app's tables live in: everything but PostgreSQL's own.
const USER_SCHEMAS: &str = "n.nspname NOT IN ('pg_catalog', 'information_schema') \
                            AND n.nspname NOT LIKE 'pg\\_%'";

/// Writes the archive to `to` (first beside it under a temporary name, then renamed, so a backup
/// that fails never leaves a half archive under the name a schedule keeps).
pub async fn backup(db: &Connection, storage: &Storage, to: &Path) -> Result<Manifest> {
    let dir = folder_of(to);
    let dump = tempfile::Builder::new()
        .prefix(".throughline-dump-")
        .tempfile_in(&dir)
        .with_context(|| format!("could not write in {}", dir.display()))?;
    let mut conn = db.connect().await?;
    let mut tx = conn.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(&mut *tx)
        .await?;
    let snapshot: String = sqlx::query_scalar("SELECT pg_export_snapshot()")
        .fetch_one(&mut *tx)
        .await?;
    let keys = file_keys(&mut tx).await?;
    let tables = row_counts(&mut tx).await?;
    tools::dump(db, &snapshot, dump.reopen()?).await?;
    tx.commit().await?;
    conn.close().await?;

    let manifest = Manifest {
        format: archive::FORMAT.into(),
        format_version: 1,
        app_version: env!("CARGO_PKG_VERSION").into(),
        created_at: Utc::now(),
        database: archive::Part {
            name: archive::DUMP.into(),
            sha256: String::new(),
            bytes: 0,
        },
        files: Vec::new(),
        tables,
        missing: Vec::new(),
    };
    let out = tempfile::Builder::new()
        .prefix(".throughline-backup-")
        .tempfile_in(&dir)?;
    let (storage, handle, to) = (storage.clone(), Handle::current(), to.to_path_buf());
    tokio::task::spawn_blocking(move || {
        let mut writer = BufWriter::new(out.as_file());
        let manifest =
            archive::write(&mut writer, dump.path(), &keys, &storage, &handle, manifest)?;
        writer.flush()?;
        drop(writer);
        out.as_file().sync_all()?;
        out.persist(&to)
            .with_context(|| format!("could not write {}", to.display()))?;
        Ok(manifest)
    })
    .await?
}

/// Restores the archive at `from` into an empty database and store.
pub async fn restore(db: &Connection, storage: &Storage, from: &Path) -> Result<Manifest> {
    refuse_unless_empty(db, storage).await?;
    let file = open(from)?;
    let work = tempfile::Builder::new()
        .prefix("throughline-restore-")
        .tempdir()
        .context("could not make a temporary folder (set TMPDIR to one with room for the dump)")?;
    let dump = work.path().join(archive::DUMP);
    let dumped = dump.clone();
    let manifest =
        tokio::task::spawn_blocking(move || archive::verify(BufReader::new(file), &dumped))
            .await??;

    let mut conn = db.connect().await?;
    sqlx::query(SERVING_ROLE).execute(&mut conn).await?;
    tools::restore(db, &dump, work.path()).await?;
    sqlx::raw_sql(DEFAULT_PRIVILEGES).execute(&mut conn).await?;
    let mut tx = conn.begin().await?;
    let restored = row_counts(&mut tx).await?;
    tx.commit().await?;
    conn.close().await?;
    if restored != manifest.tables {
        bail!("the restored database's row counts differ from the backup's manifest");
    }
    // A backup from an older build comes up to this build's schema; the serving role signs in
    // with the restored secret.
    crate::db::migrate(&db.options).await?;
    crate::db::serving_options(&db.options).await?;

    let file = open(from)?;
    let (storage, handle, wanted) = (storage.clone(), Handle::current(), manifest.clone());
    tokio::task::spawn_blocking(move || {
        archive::put_files(BufReader::new(file), &wanted, &storage, &handle)
    })
    .await?
    .context("the database is restored, but copying the evidence files failed")?;
    Ok(manifest)
}

/// The role 0001 makes; roles belong to the cluster, so a fresh one lacks it.
const SERVING_ROLE: &str = "DO $$ BEGIN \
       CREATE ROLE throughline_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE; \
     EXCEPTION WHEN duplicate_object THEN NULL; END $$";

/// 0001's default privileges, made again for the restoring owner (the dumped ones name the
/// original owner): tables a later migration creates are the app's to use too.
const DEFAULT_PRIVILEGES: &str = "\
    ALTER DEFAULT PRIVILEGES IN SCHEMA public \
      GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO throughline_app; \
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO throughline_app;";

fn open(path: &Path) -> Result<std::fs::File> {
    std::fs::File::open(path).with_context(|| format!("could not open {}", path.display()))
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The tables `sql` lists as (schema, table), each as its name "schema.table" and quoted for a
/// query, with row-level security turned off for the rest of the transaction. It is forced even
/// on the owner: off, a role that cannot see every row fails instead of backing up part of the
/// files or counting part of the rows.
async fn tables_as_owner(conn: &mut PgConnection, sql: &str) -> Result<Vec<(String, String)>> {
    sqlx::query("SET LOCAL row_security = off")
        .execute(&mut *conn)
        .await?;
    let tables: Vec<(String, String)> = sqlx::query_as(sql).fetch_all(&mut *conn).await?;
    Ok(tables
        .into_iter()
        .map(|(schema, table)| {
            let quoted = format!("{}.{}", quote_ident(&schema), quote_ident(&table));
            (format!("{schema}.{table}"), quoted)
        })
        .collect())
}

/// Every key of every column named `storage_key` (evidence today; any table that keeps files in
/// the store tomorrow), read in the dump's snapshot.
async fn file_keys(conn: &mut PgConnection) -> Result<Vec<String>> {
    let tables = tables_as_owner(
        conn,
        "SELECT table_schema::text, table_name::text FROM information_schema.columns \
         WHERE column_name = 'storage_key' AND table_schema NOT IN ('pg_catalog', 'information_schema') \
         ORDER BY 1, 2",
    )
    .await?;
    let mut keys = Vec::new();
    for (_, table) in tables {
        let sql = format!(
            "SELECT DISTINCT storage_key FROM {table} WHERE storage_key IS NOT NULL ORDER BY 1"
        );
        keys.extend(
            sqlx::query_scalar::<_, String>(&sql)
                .fetch_all(&mut *conn)
                .await?,
        );
    }
    keys.sort();
    keys.dedup();
    Ok(keys)
}

/// Rows per table ("schema.table"), read as the owner with row-level security off.
async fn row_counts(conn: &mut PgConnection) -> Result<BTreeMap<String, i64>> {
    let sql = format!(
        "SELECT n.nspname::text, c.relname::text FROM pg_class c \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('r', 'p') AND {USER_SCHEMAS} ORDER BY 1, 2"
    );
    let tables = tables_as_owner(conn, &sql).await?;
    let mut counts = BTreeMap::new();
    for (name, table) in tables {
        let sql = format!("SELECT count(*) FROM {table}");
        let count: i64 = sqlx::query_scalar(&sql).fetch_one(&mut *conn).await?;
        counts.insert(name, count);
    }
    Ok(counts)
}

/// A restore never merges into data: the database must hold no table or function of its own,
/// and the store no file.
async fn refuse_unless_empty(db: &Connection, storage: &Storage) -> Result<()> {
    let mut conn = db.connect().await?;
    let (relations, functions): (i64, i64) = sqlx::query_as(&format!(
        "SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                 WHERE {USER_SCHEMAS}), \
                (SELECT count(*) FROM pg_proc c JOIN pg_namespace n ON n.oid = c.pronamespace \
                 WHERE {USER_SCHEMAS})"
    ))
    .fetch_one(&mut conn)
    .await?;
    conn.close().await?;
    if relations + functions > 0 {
        bail!(
            "the database {} is not empty ({relations} tables and other relations, {functions} \
             functions); nothing was restored. Restore into a new, empty database (createdb), \
             or drop this one first if it holds nothing you need",
            db.database()
        );
    }
    if let Some(key) = storage.any_key().await? {
        bail!(
            "the evidence store ({}) is not empty (it holds {key}, among others perhaps); \
             nothing was restored. Point EVIDENCE_STORE at an empty folder or bucket",
            storage.description
        );
    }
    Ok(())
}
