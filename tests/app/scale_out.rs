//! Scale-out: instances behind one load balancer share everything through PostgreSQL (sessions,
//! data, the jobs' claims) and the evidence store, so a person can land on any of them; and the
//! schema can be distributed by district, because every key of a district's table starts with
//! `district_id`.

use crate::support;
use crate::tenancy::rls_catalogue::{PER_PERSON, district_tables};

use sqlx::Row;
use support::{Client, TestApp, location};

#[tokio::test]
async fn every_key_and_foreign_key_of_a_district_table_starts_with_district_id() {
    let app = TestApp::spawn().await;
    let tables = district_tables(&app).await;
    assert!(
        tables.len() >= 30,
        "the district tables are found: {tables:?}"
    );
    // Primary keys, unique constraints and unique indexes alike, by their first column.
    let keys = sqlx::query(
        "SELECT c.relname::text AS table_name, i.relname::text AS key_name, x.indisprimary, \
                a.attname::text AS first_column \
         FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = x.indkey[0] \
         WHERE x.indisunique AND n.nspname = 'public'",
    )
    .fetch_all(&mut app.owner_conn().await)
    .await
    .unwrap();
    let mut wrong = Vec::new();
    for table in tables.iter().filter(|t| !PER_PERSON.contains(&t.as_str())) {
        let of_table: Vec<_> = keys
            .iter()
            .filter(|k| k.get::<String, _>("table_name") == *table)
            .collect();
        if !of_table.iter().any(|k| k.get::<bool, _>("indisprimary")) {
            wrong.push(format!("{table}: no primary key"));
        }
        for key in of_table {
            let first: Option<String> = key.get("first_column");
            if first.as_deref() != Some("district_id") {
                wrong.push(format!(
                    "{table}: {} starts with {first:?}",
                    key.get::<String, _>("key_name")
                ));
            }
        }
    }
    // A foreign key between two district tables joins on district_id first, so both rows
    // live on the same node.
    let foreign = sqlx::query(
        "SELECT con.conname::text AS name, \
                (SELECT attname::text FROM pg_attribute WHERE attrelid = con.conrelid AND attnum = con.conkey[1]) AS own, \
                (SELECT attname::text FROM pg_attribute WHERE attrelid = con.confrelid AND attnum = con.confkey[1]) AS other \
         FROM pg_constraint con JOIN pg_class r ON r.oid = con.confrelid \
         WHERE con.contype = 'f' AND r.relname::text = ANY($1) AND NOT r.relname::text = ANY($2)",
    )
    .bind(&tables)
    .bind(PER_PERSON)
    .fetch_all(&mut app.owner_conn().await)
    .await
    .unwrap();
    assert!(foreign.len() >= 30, "the foreign keys are found");
    for fk in foreign {
        let (own, other): (String, String) = (fk.get("own"), fk.get("other"));
        if own != "district_id" || other != "district_id" {
            wrong.push(format!(
                "{}: joins on {own} = {other}",
                fk.get::<String, _>("name")
            ));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// The same person's cookie jar, pointed at another instance (the load balancer's next pick).
fn at(client: &Client, instance: &TestApp) -> Client {
    Client {
        http: client.http.clone(),
        base: instance.base.clone(),
    }
}

#[tokio::test]
async fn two_instances_share_sign_ins_edits_and_sign_outs() {
    let a = TestApp::spawn().await;
    let b = TestApp::beside(&a).await;
    let on_a = a.signed_in("ese.admin@demo.test").await;
    let on_b = at(&on_a, &b);

    // Signed in on one, signed in on the other.
    on_b.get_status("/districts/fall-river", 200).await;
    // An edit on one shows on the other's next read.
    let version = on_b.form_version("/districts/fall-river/edit").await;
    on_b.submit(
        "/districts/fall-river/edit",
        &[
            ("name", "Fall River Public Schools"),
            ("slug", "fall-river"),
            ("accountability_level", "4"),
            ("enrollment", "10100"),
            ("version", &version),
        ],
    )
    .await;
    let page = on_a.get_status("/districts/fall-river", 200).await;
    assert!(page.contains("Fall River Public Schools"));
    // The next edit from the first instance with the version the second one saved goes through;
    // with the old one it is a conflict, whichever instance answers.
    let stale = on_a
        .post(
            "/districts/fall-river/edit",
            &[
                ("name", "Fall River"),
                ("slug", "fall-river"),
                ("accountability_level", "4"),
                ("enrollment", "10100"),
                ("version", &version),
            ],
        )
        .await;
    support::assert_conflict(stale).await;

    // Signed out on one, signed out everywhere.
    on_b.post_status("/logout", &[], 303).await;
    let page = on_a.get("/districts/fall-river").await;
    assert_eq!(page.status(), 303);
    assert!(location(&page).starts_with("/login"));
}
