//! A district's data to take away (issue 18 §3): its whole record as one ZIP — a JSON file per
//! table of the district's rows, README.txt and schema.json describing every file and column, and
//! the evidence files under files/ — for ESE's administrators and the district's superintendent.
//!
//! The ZIP is written as it is sent: rows are read one at a time through the district's own
//! row-level-security context and files stream from the store, on a blocking thread that hands
//! the bytes over a small bounded channel, so memory stays the same whatever the district's size.

use std::io::Write;
use std::sync::Arc;

use anyhow::Context as _;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::TryStreamExt as _;
use sqlx::PgConnection;
use tokio::runtime::Handle;
use tokio::sync::{Semaphore, mpsc};
use tokio_util::io::{StreamReader, SyncIoBridge};
use uuid::Uuid;
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

use super::district_tables::{self as tables, COLUMNS_SQL, Column, KEYS_SQL, TABLES};
use crate::access::{DistrictScope, Permission};
use crate::db::embedded::quote_ident;
use crate::error::{AppError, Result};
use crate::state::AppState;
use crate::storage::Storage;

/// Each export holds a pooled connection while it reads the tables and a blocking thread
/// throughout; two at a time leave the pool to the pages. One more is told to try again shortly
/// rather than queue while holding its own connection.
pub fn exports_at_once() -> Arc<Semaphore> {
    Arc::new(Semaphore::new(2))
}

/// Chunks in flight between the ZIP writer and the response: the whole of the export's buffer.
const CHUNKS: usize = 8;
const CHUNK_BYTES: usize = 64 * 1024;

/// Starts the export on its own thread and answers at once with the body it writes into.
pub fn export(
    State(state): State<AppState>,
    scope: DistrictScope,
    exports: Arc<Semaphore>,
) -> Result<Response> {
    scope.require(Permission::ExportDistrict)?;
    let permit = exports
        .try_acquire_owned()
        .map_err(|_| AppError::Unavailable)?;
    let today = crate::calendar::today();
    let name = format!("{}-record-{today}.zip", scope.district.slug);
    let (sender, receiver) = mpsc::channel::<std::io::Result<Bytes>>(CHUNKS);
    let handle = Handle::current();
    let storage = state.evidence.clone();
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let sink = Sink::new(sender.clone());
        if let Err(error) = write(scope, &storage, &handle, sink) {
            // The headers are gone: all that is left is to break the download, so the person
            // gets a failed transfer and not a ZIP that looks whole.
            tracing::error!("district export failed: {error:#}");
            let _ = sender.blocking_send(Err(std::io::Error::other("the export failed")));
        }
    });
    let body = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|chunk| (chunk, receiver))
    });
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        Body::from_stream(body),
    )
        .into_response())
}

/// The people the files name by id: the district's own, its ESE contacts, and ESE's staff.
const PEOPLE_SQL: &str = "\
    SELECT to_jsonb(p)::text FROM ( \
      SELECT u.id, u.name, u.email, u.title, u.ese_role FROM users u \
      WHERE u.ese_role IS NOT NULL \
         OR u.id IN (SELECT user_id FROM district_roles WHERE district_id = $1) \
         OR u.id IN (SELECT user_id FROM district_ese_contacts WHERE district_id = $1) \
      ORDER BY u.id) p";

fn write(
    mut scope: DistrictScope,
    storage: &Storage,
    handle: &Handle,
    sink: Sink,
) -> anyhow::Result<()> {
    let district_id = scope.district.id;
    // The rows wait for the download between tables, while the transaction is idle; the pool's
    // 15 s limit would end a slow person's export halfway. The files come after the commit.
    handle.block_on(
        sqlx::query("SET LOCAL idle_in_transaction_session_timeout = '10min'")
            .execute(scope.conn()),
    )?;
    let names: Vec<String> = TABLES.iter().map(|(t, _)| (*t).to_string()).collect();
    let columns: Vec<Column> = handle.block_on(
        sqlx::query_as(COLUMNS_SQL)
            .bind(&names)
            .fetch_all(scope.conn()),
    )?;
    let keys: Vec<(String, String)> = handle.block_on(
        sqlx::query_as(KEYS_SQL)
            .bind(&names)
            .fetch_all(scope.conn()),
    )?;

    let mut zip = ZipWriter::new_stream(sink);
    let deflated = SimpleFileOptions::default().unix_permissions(0o644);
    let stored = deflated.compression_method(zip::CompressionMethod::Stored);
    let exported_at = chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string();
    zip.start_file("README.txt", deflated)?;
    zip.write_all(tables::readme(&scope.district.name, &exported_at, &columns).as_bytes())?;
    zip.start_file("schema.json", deflated)?;
    zip.write_all(&tables::schema(&columns)?)?;

    let district = "SELECT to_jsonb(d)::text FROM districts d WHERE d.id = $1";
    let mut rows = |zip: &mut ZipWriter<zip::write::StreamWriter<Sink>>, file: &str, sql: &str| {
        zip.start_file(file, deflated)?;
        json_array(zip, handle, scope.conn(), sql, district_id)
            .with_context(|| format!("writing {file}"))
    };
    rows(&mut zip, "district.json", district)?;
    rows(&mut zip, "people.json", PEOPLE_SQL)?;
    for (table, _) in TABLES {
        let key: Vec<String> = keys
            .iter()
            .filter(|(t, _)| t == table)
            .map(|(_, column)| format!("t.{}", quote_ident(column)))
            .collect();
        let order = if key.is_empty() {
            String::new()
        } else {
            format!(" ORDER BY {}", key.join(", "))
        };
        let sql = format!(
            "SELECT to_jsonb(t)::text FROM {} t WHERE t.district_id = $1{order}",
            quote_ident(table)
        );
        rows(&mut zip, &format!("{table}.json"), &sql)?;
    }
    let files: Vec<(Uuid, String, String)> = handle.block_on(
        sqlx::query_as(
            "SELECT id, storage_key, file_name FROM evidence \
             WHERE district_id = $1 AND storage_key IS NOT NULL ORDER BY id",
        )
        .bind(district_id)
        .fetch_all(scope.conn()),
    )?;
    // The rows are read: the connection goes back to the pool before the files, which may take long.
    handle.block_on(scope.commit())?;

    let mut missing = String::new();
    for (id, key, file_name) in files {
        match handle.block_on(storage.get_stream(&key)) {
            Ok((_, stream)) => {
                zip.start_file(format!("files/{id}/{}", safe_name(&file_name)), stored)?;
                let mut reader =
                    SyncIoBridge::new_with_handle(StreamReader::new(stream), handle.clone());
                std::io::copy(&mut reader, &mut zip)
                    .with_context(|| format!("copying evidence file {key}"))?;
            }
            Err(error) => {
                tracing::warn!("district export: evidence file missing: {error:#}");
                missing.push_str(&format!("{id} {file_name}\n"));
            }
        }
    }
    if !missing.is_empty() {
        zip.start_file("files/missing.txt", deflated)?;
        zip.write_all(missing.as_bytes())?;
    }
    zip.finish()?.into_inner().flush()?;
    Ok(())
}

/// The rows `sql` selects (one JSON object each, as text) as a JSON array, read one at a time.
fn json_array(
    zip: &mut impl Write,
    handle: &Handle,
    conn: &mut PgConnection,
    sql: &str,
    district_id: Uuid,
) -> anyhow::Result<()> {
    let mut rows = sqlx::query_scalar::<_, String>(sql)
        .bind(district_id)
        .fetch(conn);
    let mut separator: &[u8] = b"[\n";
    // Not inside one `block_on`: writing may wait for the channel, which must happen outside
    // the runtime.
    while let Some(row) = handle.block_on(rows.try_next())? {
        zip.write_all(separator)?;
        zip.write_all(row.as_bytes())?;
        separator = b",\n";
    }
    zip.write_all(if separator == b"[\n" {
        b"[]\n"
    } else {
        b"\n]\n"
    })?;
    Ok(())
}

/// The uploaded name as a ZIP entry name: no folders, no leading dot, nothing a program
/// unpacking it could take for a path.
fn safe_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ') {
                c
            } else {
                '_'
            }
        })
        .take(120)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() {
        "file".into()
    } else {
        cleaned
    }
}

/// The writing end of the response: bytes gather into chunks that wait for room in the channel,
/// so the writer runs no further ahead of the person's download than [`CHUNKS`] chunks.
struct Sink {
    sender: mpsc::Sender<std::io::Result<Bytes>>,
    buffer: Vec<u8>,
}

impl Sink {
    fn new(sender: mpsc::Sender<std::io::Result<Bytes>>) -> Self {
        Self {
            sender,
            buffer: Vec::with_capacity(CHUNK_BYTES),
        }
    }

    fn send(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(
            &mut self.buffer,
            Vec::with_capacity(CHUNK_BYTES),
        ));
        self.sender.blocking_send(Ok(chunk)).map_err(|_| {
            std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the download was abandoned")
        })
    }
}

impl Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= CHUNK_BYTES {
            self.send()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

#[cfg(test)]
mod tests {
    use super::safe_name;

    #[test]
    fn uploaded_names_cannot_become_paths() {
        assert_eq!(safe_name("Walkthrough – Nov.pdf"), "Walkthrough _ Nov.pdf");
        assert_eq!(safe_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(safe_name(".hidden"), "hidden");
        assert_eq!(safe_name("///"), "___");
        assert_eq!(safe_name(""), "file");
    }
}
