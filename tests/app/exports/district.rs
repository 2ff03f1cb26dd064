//! A district's data to take away: the ZIP holds every district table's rows and the evidence
//! files, documented; nothing of another district; only ESE's administrators and the district's
//! superintendent get it; a big district's export streams in bounded memory, two at a time.

use std::collections::{BTreeMap, HashSet};
use std::io::{Cursor, Read};

use sqlx::Executor;
use uuid::Uuid;

use crate::support::TestApp;
use crate::support::fixtures::district_id;
use crate::support::people::{ADMIN, ESE, LEADER, MANAGER, MONITOR, SUPT};

const EXPORT: &str = "/districts/randolph/export.zip";

/// An evidence file of `slug`'s, written the way an upload leaves it: a row and a stored file.
async fn stored_file(app: &TestApp, slug: &str, title: &str, bytes: &[u8]) -> Uuid {
    let district = district_id(app, slug).await;
    let key = format!("{district}/{}", Uuid::new_v4());
    let path = app.evidence_dir.path().join(&key);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    sqlx::query_scalar(
        "INSERT INTO evidence (district_id, title, evidence_on, kind, storage_key, file_name, \
                               content_type, byte_size) \
         VALUES ($1, $2, current_date, 'file', $3, $2 || '.pdf', 'application/pdf', $4) RETURNING id",
    )
    .bind(district)
    .bind(title)
    .bind(&key)
    .bind(bytes.len() as i64)
    .fetch_one(&mut app.owner_conn().await)
    .await
    .unwrap()
}

/// The ZIP's entries: name → bytes.
fn entries(zip: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(zip)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (entry.name().unwrap().to_string(), bytes)
        })
        .collect()
}

/// Every table with a `district_id` column, as the database has them today.
async fn district_tables(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.columns \
         WHERE table_schema = 'public' AND column_name = 'district_id' ORDER BY 1",
    )
    .fetch_all(&mut app.owner_conn().await)
    .await
    .unwrap()
}

/// Every UUID in `text`.
fn uuids(text: &str) -> HashSet<String> {
    text.split(|c: char| !(c.is_ascii_hexdigit() || c == '-'))
        .filter(|word| Uuid::parse_str(word).is_ok() && word.len() == 36)
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn the_superintendent_takes_away_every_table_and_file_of_the_district_and_nothing_else() {
    let app = TestApp::spawn().await;
    let ours = stored_file(
        &app,
        "randolph",
        "Test: Randolph walkthrough",
        b"%PDF-1.4 ours",
    )
    .await;
    let theirs = stored_file(
        &app,
        "new-bedford",
        "Test: New Bedford log",
        b"%PDF-1.4 theirs",
    )
    .await;
    let supt = app.signed_in(SUPT).await;
    let page = supt.get_status("/districts/randolph", 200).await;
    assert!(
        page.contains(&format!("href=\"{EXPORT}\"")),
        "the district page links it"
    );

    let response = supt.get(EXPORT).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/zip");
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        disposition.starts_with("attachment; filename=\"randolph-record-"),
        "{disposition}"
    );
    let files = entries(&response.bytes().await.unwrap());

    // Every district table is there, or named in the README as left out with its reason.
    let readme = String::from_utf8(files["README.txt"].clone()).unwrap();
    let left_out = readme.split("Left out:").nth(1).unwrap_or_default();
    let schema: serde_json::Value = serde_json::from_slice(&files["schema.json"]).unwrap();
    let randolph = district_id(&app, "randolph").await.to_string();
    let mut owner = app.owner_conn().await;
    owner.execute("SET row_security = off").await.unwrap();
    for table in district_tables(&app).await {
        let file = format!("{table}.json");
        let Some(bytes) = files.get(&file) else {
            assert!(
                left_out.contains(&format!("  {table}: ")),
                "{table} is neither exported nor left out"
            );
            continue;
        };
        let rows: Vec<serde_json::Value> = serde_json::from_slice(bytes).unwrap();
        assert!(
            rows.iter().all(|r| r["district_id"] == randolph.as_str()),
            "{table}"
        );
        let sql = format!("SELECT count(*) FROM {table} WHERE district_id = $1::uuid");
        let count: i64 = sqlx::query_scalar(&sql)
            .bind(&randolph)
            .fetch_one(&mut owner)
            .await
            .unwrap();
        assert_eq!(rows.len() as i64, count, "{table}: every row of Randolph's");
        // Documented: each column of the file is in schema.json and the README.
        let documented = schema
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["file"] == file.as_str())
            .unwrap_or_else(|| panic!("{file} is not in schema.json"));
        let columns: Vec<&str> = documented["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        for key in rows
            .first()
            .and_then(|r| r.as_object())
            .into_iter()
            .flat_map(|o| o.keys())
        {
            assert!(
                columns.contains(&key.as_str()),
                "{file}: {key} undocumented"
            );
        }
        assert!(
            readme.contains(&format!("{file}\n")),
            "{file} in the README"
        );
    }
    assert!(files["plans.json"].len() > 1000 && files["plan_changes.json"].len() > 10);
    assert_eq!(
        files[&format!("files/{ours}/Test_ Randolph walkthrough.pdf")],
        b"%PDF-1.4 ours"
    );

    // Nothing of New Bedford's or Fall River's: no id, no name, no file.
    let text: String = files
        .iter()
        .filter(|(name, _)| !name.starts_with("files/"))
        .map(|(name, bytes)| format!("{name}\n{}\n", String::from_utf8_lossy(bytes)))
        .collect();
    for name in ["New Bedford", "Fall River", "newbedford", "fallriver"] {
        assert!(!text.contains(name), "{name} is in Randolph's export");
    }
    let mut foreign = HashSet::new();
    for table in district_tables(&app).await {
        let sql = format!("SELECT to_jsonb(t)::text FROM {table} t WHERE district_id <> $1::uuid");
        let rows: Vec<String> = sqlx::query_scalar(&sql)
            .bind(&randolph)
            .fetch_all(&mut owner)
            .await
            .unwrap();
        for row in rows {
            let value: serde_json::Value = serde_json::from_str(&row).unwrap();
            foreign.extend(value["id"].as_str().map(str::to_string));
            foreign.extend(value["district_id"].as_str().map(str::to_string));
        }
    }
    assert!(foreign.contains(&theirs.to_string()) && foreign.len() > 100);
    let leaked: Vec<_> = uuids(&text).intersection(&foreign).cloned().collect();
    assert!(
        leaked.is_empty(),
        "other districts' ids in Randolph's export: {leaked:?}"
    );
    assert!(!files.keys().any(|name| name.contains(&theirs.to_string())));
}

#[tokio::test]
async fn only_ese_administrators_and_the_superintendent_may_take_it_away() {
    let app = TestApp::spawn().await;
    for (who, status) in [
        (MANAGER, 403),
        (LEADER, 403),
        (MONITOR, 403),
        (ESE, 403),
        ("supt.newbedford@demo.test", 404),
        ("supt.fallriver@demo.test", 404),
        (ADMIN, 200),
    ] {
        let client = app.signed_in(who).await;
        let response = client.get(EXPORT).await;
        assert_eq!(response.status(), status, "{who}");
        if status == 403 {
            let page = client.get_status("/districts/randolph", 200).await;
            assert!(!page.contains(EXPORT), "{who} is not offered the link");
        }
    }
    let anonymous = app.client().get(EXPORT).await;
    assert_eq!(anonymous.status(), 303, "anonymous people sign in first");
    let superintendent = app.signed_in("supt.newbedford@demo.test").await;
    let own = superintendent
        .get("/districts/new-bedford/export.zip")
        .await;
    assert_eq!(own.status(), 200, "each superintendent their own district");
    let own = entries(&own.bytes().await.unwrap());
    assert!(!String::from_utf8_lossy(&own["district.json"]).contains("Randolph"));
}

/// The process's resident memory, in bytes.
fn resident() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    let kb: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kb * 1024
}

#[tokio::test]
async fn a_big_districts_export_streams_in_bounded_memory_two_at_a_time() {
    let app = TestApp::spawn().await;
    // 160 MB of evidence (incompressible, as PDFs are) and 12,000 more rows.
    let mut block = vec![0u8; 4 * 1024 * 1024];
    let mut seed = 0x2545_f491_u32;
    for byte in &mut block {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        *byte = seed as u8;
    }
    for n in 0..40 {
        block[0] = n;
        stored_file(&app, "randolph", &format!("Test: scan {n}"), &block).await;
    }
    app.execute(
        "INSERT INTO activity_updates (district_id, activity_id, status, as_of, note) \
         SELECT a.district_id, a.id, 'on_track', current_date, repeat('progress ', 60) \
         FROM activities a CROSS JOIN generate_series(1, 400) \
         WHERE a.district_id = (SELECT id FROM districts WHERE slug = 'randolph')",
    )
    .await;
    let admin = app.signed_in(ADMIN).await;

    // Two exports at once, neither read yet: a third is told to come back shortly.
    let first = admin.get(EXPORT).await;
    let second = admin.get(EXPORT).await;
    assert_eq!(
        (first.status().as_u16(), second.status().as_u16()),
        (200, 200)
    );
    let third = admin.get(EXPORT).await;
    assert_eq!(third.status(), 503, "bounded: two exports at a time");
    drop((first, second, third));

    // Abandoned downloads give their places back.
    let mut response = None;
    for _ in 0..100 {
        let tried = admin.get(EXPORT).await;
        if tried.status() == 200 {
            response = Some(tried);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let mut response = response.expect("an export starts once the others are abandoned");
    assert!(
        response.headers().get("content-length").is_none(),
        "streamed, not sized first"
    );
    let before = resident();
    let (mut total, mut peak) = (0u64, before);
    while let Some(chunk) = response.chunk().await.unwrap() {
        total += chunk.len() as u64;
        peak = peak.max(resident());
    }
    assert!(total > 160 * 1024 * 1024, "{total} bytes");
    let growth = peak.saturating_sub(before);
    assert!(
        growth < 96 * 1024 * 1024,
        "memory grew {growth} bytes while {total} bytes streamed"
    );
}
