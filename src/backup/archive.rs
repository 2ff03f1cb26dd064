//! The backup archive: a plain tar of the database dump, every evidence file under `files/`, and
//! `manifest.json` last, with each part's SHA-256, so a restore can prove the archive whole before
//! it changes anything. Everything is streamed; nothing is held whole in memory.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;

use anyhow::{Context as _, Result, anyhow, bail};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio::runtime::Handle;
use tokio_util::io::{StreamReader, SyncIoBridge};

use crate::storage::Storage;

pub const FORMAT: &str = "throughline-backup";
pub const DUMP: &str = "database.dump";
pub const MANIFEST: &str = "manifest.json";
const FILES: &str = "files/";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`FORMAT`]: tells a Throughline backup from any other tar.
    pub format: String,
    pub format_version: u32,
    pub app_version: String,
    pub created_at: DateTime<Utc>,
    /// pg_dump's custom-format dump of the whole database.
    pub database: Part,
    /// Every evidence file the dumped rows name, by its key in the store.
    pub files: Vec<Part>,
    /// Rows per table at the moment of the dump; a restore checks it arrived at the same.
    pub tables: BTreeMap<String, i64>,
    /// Files the dumped rows name that were gone from the store when they were copied (removed
    /// by someone just after the dump's snapshot, or lost): their rows are in the dump.
    #[serde(default)]
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    pub name: String,
    pub sha256: String,
    pub bytes: u64,
}

/// A reader that hashes and counts what passes through it.
pub struct Hashing<R> {
    inner: R,
    hash: Sha256,
    bytes: u64,
}

impl<R: Read> Hashing<R> {
    pub fn new(inner: R) -> Self {
        Self {
            inner,
            hash: Sha256::new(),
            bytes: 0,
        }
    }

    pub fn part(self, name: &str) -> Part {
        Part {
            name: name.to_string(),
            sha256: format!("{:x}", self.hash.finalize()),
            bytes: self.bytes,
        }
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

fn header(size: u64) -> tar::Header {
    let mut header = tar::Header::new_gnu();
    header.set_size(size);
    header.set_mode(0o600);
    header.set_mtime(u64::try_from(Utc::now().timestamp()).unwrap_or(0));
    header.set_entry_type(tar::EntryType::Regular);
    header
}

/// Writes the archive into `out`: the dump, then each file read from the store as a stream,
/// then the manifest. Runs on a blocking thread; `handle` drives the store's reads.
pub fn write(
    out: impl Write,
    dump: &Path,
    keys: &[String],
    storage: &Storage,
    handle: &Handle,
    mut manifest: Manifest,
) -> Result<Manifest> {
    let mut tar = tar::Builder::new(out);
    let file = std::fs::File::open(dump).context("could not reopen the dump")?;
    let size = file.metadata()?.len();
    let mut reader = Hashing::new(file);
    tar.append_data(&mut header(size), DUMP, &mut reader)
        .context("could not write the dump into the archive")?;
    manifest.database = reader.part(DUMP);
    for key in keys {
        let (size, stream) = match handle.block_on(storage.get_stream(key)) {
            Ok(found) => found,
            Err(error) if is_not_found(&error) => {
                tracing::warn!(
                    key,
                    "an evidence file the database names is not in the store"
                );
                manifest.missing.push(key.clone());
                continue;
            }
            Err(error) => {
                return Err(error.context(format!(
                    "evidence file {key}, which the database names, could not be read"
                )));
            }
        };
        let mut reader = Hashing::new(SyncIoBridge::new_with_handle(
            StreamReader::new(stream),
            handle.clone(),
        ));
        tar.append_data(&mut header(size), format!("{FILES}{key}"), &mut reader)
            .with_context(|| format!("could not copy evidence file {key} into the archive"))?;
        manifest.files.push(reader.part(key));
    }
    let json = serde_json::to_vec_pretty(&manifest)?;
    tar.append_data(&mut header(json.len() as u64), MANIFEST, json.as_slice())?;
    tar.into_inner()?.flush()?;
    Ok(manifest)
}

fn is_not_found(error: &anyhow::Error) -> bool {
    error
        .downcast_ref::<object_store::Error>()
        .is_some_and(|e| matches!(e, object_store::Error::NotFound { .. }))
}

fn damaged(error: impl std::fmt::Display) -> anyhow::Error {
    anyhow!(
        "the archive is incomplete or damaged ({error}); nothing was restored. Use another backup, \
         or copy this one again if it was cut short on the way"
    )
}

/// Reads the whole archive once, checking every part against the manifest, and copies the dump
/// into `dump_to`. Anything that is not a whole Throughline backup is refused here, before a
/// restore changes anything.
pub fn verify(archive: impl Read, dump_to: &Path) -> Result<Manifest> {
    let mut found: BTreeMap<String, Part> = BTreeMap::new();
    let mut manifest: Option<Manifest> = None;
    let mut tar = tar::Archive::new(archive);
    let entries = tar.entries().map_err(not_a_backup)?;
    for (index, entry) in entries.enumerate() {
        let entry = match entry {
            Err(_) if index == 0 => return Err(not_a_backup("it is not a tar archive")),
            entry => entry.map_err(damaged)?,
        };
        let name = entry
            .path()
            .map_err(damaged)?
            .to_string_lossy()
            .into_owned();
        if index == 0 && name != DUMP {
            return Err(not_a_backup(format!("it begins with {name}")));
        }
        if name == MANIFEST {
            let mut text = Vec::new();
            entry
                .take(16 << 20)
                .read_to_end(&mut text)
                .map_err(damaged)?;
            manifest = Some(serde_json::from_slice(&text).map_err(damaged)?);
            continue;
        }
        let mut reader = Hashing::new(entry);
        if name == DUMP {
            let mut out = std::fs::File::create(dump_to).context("could not write the dump")?;
            std::io::copy(&mut reader, &mut out).map_err(damaged)?;
            out.sync_all()?;
            found.insert(name.clone(), reader.part(&name));
        } else if let Some(key) = name.strip_prefix(FILES) {
            std::io::copy(&mut reader, &mut std::io::sink()).map_err(damaged)?;
            found.insert(name.clone(), reader.part(key));
        } else {
            return Err(damaged(format!("it holds {name}, which no backup has")));
        }
    }
    if found.is_empty() {
        return Err(not_a_backup("it holds no database dump"));
    }
    let manifest = manifest.ok_or_else(|| damaged("its manifest is missing"))?;
    if manifest.format != FORMAT {
        return Err(not_a_backup("its manifest is of another kind"));
    }
    if manifest.format_version != 1 {
        bail!(
            "this backup was written by a newer Throughline ({}, archive format {}); nothing was \
             restored. Restore it with that version or a later one",
            manifest.app_version,
            manifest.format_version
        );
    }
    let expected = std::iter::once((DUMP.to_string(), manifest.database.clone())).chain(
        manifest
            .files
            .iter()
            .map(|part| (format!("{FILES}{}", part.name), part.clone())),
    );
    let expected: BTreeMap<String, Part> = expected.collect();
    for (name, part) in &expected {
        match found.get(name) {
            None => return Err(damaged(format!("{name} is missing"))),
            Some(got) if got != part => {
                return Err(damaged(format!("{name} does not match its checksum")));
            }
            Some(_) => {}
        }
    }
    if let Some(extra) = found.keys().find(|name| !expected.contains_key(*name)) {
        return Err(damaged(format!("{extra} is not in its manifest")));
    }
    for part in &manifest.files {
        check_key(&part.name)?;
    }
    Ok(manifest)
}

fn not_a_backup(error: impl std::fmt::Display) -> anyhow::Error {
    anyhow!(
        "this is not a Throughline backup ({error}); nothing was restored. Give the file \
         `throughline backup --to` wrote"
    )
}

/// A key as the app makes them (`<district>/<uuid>`): no empty, `.` or `..` part, so no archive
/// can place a file outside the store's own layout.
fn check_key(key: &str) -> Result<()> {
    let bad = key.is_empty()
        || key.starts_with('/')
        || key
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..");
    if bad {
        bail!("the archive names an evidence file {key:?}, which is not a key Throughline makes");
    }
    Ok(())
}

/// Copies every evidence file of a verified archive into the store, checking each again as it
/// goes (the file on disk could have changed since it was verified).
pub fn put_files(
    archive: impl Read,
    manifest: &Manifest,
    storage: &Storage,
    handle: &Handle,
) -> Result<usize> {
    let wanted: BTreeMap<&str, &Part> = manifest
        .files
        .iter()
        .map(|p| (p.name.as_str(), p))
        .collect();
    let mut tar = tar::Archive::new(archive);
    let mut count = 0;
    for entry in tar.entries()? {
        let entry = entry.map_err(damaged)?;
        let name = entry.path()?.to_string_lossy().into_owned();
        let Some(part) = name.strip_prefix(FILES).and_then(|key| wanted.get(key)) else {
            continue;
        };
        let mut reader = Hashing::new(entry);
        let mut writer = handle.block_on(storage.writer(&part.name))?;
        let mut chunk = vec![0u8; 256 * 1024];
        loop {
            let n = reader.read(&mut chunk).map_err(damaged)?;
            if n == 0 {
                break;
            }
            handle.block_on(writer.wait_for_capacity(4))?;
            writer.write(&chunk[..n]);
        }
        if reader.part(&part.name) != **part {
            handle.block_on(writer.abort())?;
            return Err(damaged(format!("{name} changed since it was checked")));
        }
        handle.block_on(writer.finish())?;
        count += 1;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_the_app_would_not_make_are_refused() {
        assert!(check_key("3f2a/9b1c").is_ok());
        for key in ["", "/etc/passwd", "a/../b", "a//b", "./a", ".."] {
            assert!(check_key(key).is_err(), "{key}");
        }
    }

    #[test]
    fn a_tar_of_something_else_is_not_a_backup() {
        let mut tar = tar::Builder::new(Vec::new());
        tar.append_data(&mut header(5), "notes.txt", &b"hello"[..])
            .unwrap();
        let bytes = tar.into_inner().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let error = verify(bytes.as_slice(), &dir.path().join("d")).unwrap_err();
        assert!(
            error.to_string().contains("not a Throughline backup"),
            "{error}"
        );
        let error = verify(&b"PK\x03\x04 a zip"[..], &dir.path().join("d")).unwrap_err();
        assert!(
            error.to_string().contains("not a Throughline backup"),
            "{error}"
        );
    }
}
