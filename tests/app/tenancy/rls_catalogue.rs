//! Row-level security, checked from PostgreSQL's own catalogue rather than a list of tables: every
//! table with a `district_id` has RLS enabled, forced and a policy; the app's serving role, in one
//! district's context, counts exactly that district's rows with no WHERE at all and cannot write a
//! row of another district; and a pooled connection carries no context from one request to the
//! next, whether the request ended well or in an error.

use crate::support;

use sqlx::postgres::PgPoolOptions;
use sqlx::{PgConnection, PgPool, Row};
use support::TestApp;
use support::contexts::{self, of_district};
use support::fixtures::{self, district_id};
use throughline::db::{self, Context};
use uuid::Uuid;

/// Tables whose rows are read per person, not per district: a person's notifications follow them
/// into every district they work in. Checked against the person instead.
pub(crate) const PER_PERSON: &[&str] = &["notifications"];

/// Every table of the app's schema with a `district_id` column.
pub(crate) async fn district_tables(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'district_id' AND NOT a.attisdropped \
         WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') \
         ORDER BY 1",
    )
    .fetch_all(&mut app.owner_conn().await)
    .await
    .unwrap()
}

#[tokio::test]
async fn every_district_table_has_rls_enabled_forced_and_a_policy() {
    let app = TestApp::spawn().await;
    let rows = sqlx::query(
        "SELECT c.relname::text AS name, c.relrowsecurity, c.relforcerowsecurity, \
                (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) AS policies \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'district_id' AND NOT a.attisdropped \
         WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')",
    )
    .fetch_all(&mut app.owner_conn().await)
    .await
    .unwrap();
    assert!(
        rows.len() >= 20,
        "the district tables are found: {}",
        rows.len()
    );
    let mut wrong = Vec::new();
    for row in &rows {
        let name: String = row.get("name");
        if !row.get::<bool, _>("relrowsecurity") {
            wrong.push(format!("{name}: RLS not enabled"));
        }
        if !row.get::<bool, _>("relforcerowsecurity") {
            wrong.push(format!("{name}: RLS not forced"));
        }
        if row.get::<i64, _>("policies") == 0 {
            wrong.push(format!("{name}: no policy"));
        }
    }
    println!("RLS catalogue: {} district tables", rows.len());
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[tokio::test]
async fn the_serving_role_is_its_own_login_and_cannot_step_out_of_rls() {
    let app = TestApp::spawn().await;
    let mut conn = app.pool.acquire().await.unwrap();
    let row = sqlx::query(
        "SELECT session_user::text AS login, current_user::text AS who, r.rolsuper, r.rolbypassrls \
         FROM pg_roles r WHERE r.rolname = session_user",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    assert_eq!(row.get::<String, _>("who"), db::APP_ROLE);
    assert_eq!(
        row.get::<String, _>("login"),
        db::APP_ROLE,
        "signed in as the app role, not switched to it"
    );
    assert!(!row.get::<bool, _>("rolsuper") && !row.get::<bool, _>("rolbypassrls"));
    // What `SET ROLE` gives, `RESET ROLE` would take back; a login role has nothing to reset to.
    sqlx::query("RESET ROLE").execute(&mut *conn).await.unwrap();
    let seen: i64 = sqlx::query_scalar("SELECT count(*) FROM district_roles")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(seen, 0, "no context, no rows, even after RESET ROLE");
}

/// What the catalogue's walks start from: a fresh app, Randolph and New Bedford, a connection
/// as the database owner and every district-owned table.
async fn catalogue() -> (TestApp, Uuid, Uuid, PgConnection, Vec<String>) {
    let app = TestApp::spawn().await;
    let randolph = district_id(&app, "randolph").await;
    let new_bedford = district_id(&app, "new-bedford").await;
    let owner = app.owner_conn().await;
    let tables = district_tables(&app).await;
    (app, randolph, new_bedford, owner, tables)
}

#[tokio::test]
async fn in_one_districts_context_an_unfiltered_count_is_that_districts_count() {
    let (app, a, b, mut owner, tables) = catalogue().await;
    let mut wrong = Vec::new();
    let mut with_rows = 0;
    for table in &tables {
        let (own, total): (i64, i64) = sqlx::query_as(&format!(
            "SELECT count(*) FILTER (WHERE district_id = $1), count(*) FROM {table}"
        ))
        .bind(a)
        .fetch_one(&mut owner)
        .await
        .unwrap();
        let mut tx = db::begin(&app.pool, of_district(a)).await.unwrap();
        let seen: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
            .fetch_one(&mut *tx)
            .await
            .unwrap_or_else(|e| panic!("{table}: {e}"));
        drop(tx);
        let expected = if PER_PERSON.contains(&table.as_str()) {
            0
        } else {
            own
        };
        if seen != expected {
            wrong.push(format!(
                "{table}: sees {seen}, Randolph has {own} of {total}"
            ));
        }
        if own > 0 && own < total {
            with_rows += 1;
        }
    }
    println!(
        "RLS counts: {} tables, {with_rows} with rows of Randolph and of others",
        tables.len()
    );
    assert!(with_rows >= 15, "the demo fills most tables: {with_rows}");
    assert!(wrong.is_empty(), "{wrong:#?}");

    // A person's notifications: theirs, whichever district's context is open.
    let monitor = fixtures::user_id(&app, "monitor.east@demo.test").await;
    let theirs: i64 = sqlx::query_scalar("SELECT count(*) FROM notifications WHERE user_id = $1")
        .bind(monitor)
        .fetch_one(&mut owner)
        .await
        .unwrap();
    let mut tx = db::begin(
        &app.pool,
        Context {
            user_id: Some(monitor),
            district_id: Some(b),
            ese: false,
        },
    )
    .await
    .unwrap();
    let seen: i64 = contexts::scalar(&mut tx, "SELECT count(*) FROM notifications").await;
    assert_eq!(seen, theirs, "a person's own notifications only");
}

#[tokio::test]
async fn no_row_of_another_district_can_be_written_from_ones_own_context() {
    let (app, a, b, mut owner, tables) = catalogue().await;
    let mut wrong = Vec::new();
    let (mut by_rls, mut by_grant) = (0, 0);
    for table in &tables {
        // One of B's real rows when there is one (a bare `district_id` otherwise): RLS's check
        // comes before NOT NULL, CHECK and unique constraints, so either way it must be what
        // refuses the row.
        let row: serde_json::Value = sqlx::query_scalar(&format!(
            "SELECT coalesce((SELECT to_jsonb(t) FROM {table} t WHERE district_id = $1 LIMIT 1), \
                             jsonb_build_object('district_id', $1))"
        ))
        .bind(b)
        .fetch_one(&mut owner)
        .await
        .unwrap();
        let columns: Vec<String> = sqlx::query_scalar(
            "SELECT quote_ident(attname) FROM pg_attribute WHERE attrelid = $1::regclass \
             AND attnum > 0 AND NOT attisdropped AND attgenerated = '' AND attidentity = '' ORDER BY attnum",
        )
        .bind(table)
        .fetch_all(&mut owner)
        .await
        .unwrap();
        let columns = columns.join(", ");
        let insert = format!(
            "INSERT INTO {table} ({columns}) SELECT {columns} FROM jsonb_populate_record(NULL::{table}, $1)"
        );
        let mut tx = db::begin(&app.pool, of_district(a)).await.unwrap();
        match sqlx::query(&insert).bind(&row).execute(&mut *tx).await {
            Ok(_) => wrong.push(format!("{table}: a row of New Bedford was inserted")),
            Err(e) if e.to_string().contains("row-level security") => by_rls += 1,
            Err(e) if e.to_string().contains("permission denied") => by_grant += 1,
            Err(e) => wrong.push(format!("{table}: refused, but not by RLS: {e}")),
        }
        drop(tx);

        // Nor can one's own rows be moved into it, or its rows be changed or removed.
        let writes = [
            (
                format!("UPDATE {table} SET district_id = $2 WHERE district_id = $1"),
                "rows moved to New Bedford",
            ),
            (
                format!("DELETE FROM {table} WHERE district_id = $2 AND $1::uuid IS NOT NULL"),
                "of New Bedford's rows removed",
            ),
        ];
        for (write, what) in writes {
            let mut tx = db::begin(&app.pool, of_district(a)).await.unwrap();
            let done = sqlx::query(&write).bind(a).bind(b).execute(&mut *tx).await;
            if let Ok(done) = done
                && done.rows_affected() > 0
            {
                wrong.push(format!("{table}: {} {what}", done.rows_affected()));
            }
        }
    }
    println!(
        "RLS writes: {} tables; New Bedford's row refused by RLS in {by_rls}, by a missing grant in {by_grant}",
        tables.len()
    );
    assert!(by_rls + 3 >= tables.len(), "RLS is what refuses");
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// What a transaction on `pool` sees with no context of its own: the settings and the rows.
async fn leftover(pool: &PgPool) -> (String, i64, i32) {
    let mut tx = pool.begin().await.unwrap();
    let row = sqlx::query(
        "SELECT coalesce(current_setting('app.district_id', true), '') || '|' || \
                coalesce(current_setting('app.user_id', true), '') || '|' || \
                coalesce(current_setting('app.ese', true), '') AS settings, \
                (SELECT count(*) FROM district_roles) AS roles, pg_backend_pid() AS pid",
    )
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    (row.get("settings"), row.get("roles"), row.get("pid"))
}

#[tokio::test]
async fn a_pooled_connection_keeps_no_context_between_requests() {
    let app = TestApp::spawn().await;
    let (a, b) = (
        district_id(&app, "randolph").await,
        district_id(&app, "new-bedford").await,
    );
    let serving = db::serving_options(&app.owner).await.unwrap();
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .connect_with(serving)
        .await
        .unwrap();
    let count = |district_id| {
        let pool = pool.clone();
        async move {
            let mut tx = db::begin(&pool, of_district(district_id)).await.unwrap();
            let n: i64 = contexts::scalar(&mut tx, "SELECT count(*) FROM district_roles").await;
            tx.commit().await.unwrap();
            n
        }
    };
    let (_, _, pid) = leftover(&pool).await;
    let clean = |(settings, roles, at): (String, i64, i32), after: &str| {
        assert_eq!(at, pid, "one connection throughout");
        assert!(
            settings.chars().all(|c| c == '|' || c == 'o' || c == 'f'),
            "after {after}: settings {settings:?} left behind"
        );
        assert!(!settings.contains("on"), "after {after}: ESE left on");
        assert_eq!(roles, 0, "after {after}: rows seen with no context");
    };
    for round in 0..3 {
        assert_eq!(count(a).await, 4, "Randolph's four role holders");
        clean(leftover(&pool).await, "Randolph");
        assert_eq!(count(b).await, 4, "New Bedford's four role holders");
        clean(leftover(&pool).await, "New Bedford");
        // Signed out: no context at all.
        clean(leftover(&pool).await, "a signed-out request");
        // ESE sees everything, and must not stay that way.
        let mut tx = db::begin(&pool, contexts::ese()).await.unwrap();
        let all: i64 = contexts::scalar(&mut tx, "SELECT count(*) FROM district_roles").await;
        assert!(all > 8, "ESE sees every district");
        tx.commit().await.unwrap();
        clean(leftover(&pool).await, "ESE");
        // A request that fails half-way: its transaction errors and is dropped, not committed.
        let mut tx = db::begin(&pool, of_district(if round % 2 == 0 { a } else { b }))
            .await
            .unwrap();
        assert!(sqlx::query("SELECT 1 / 0").execute(&mut *tx).await.is_err());
        drop(tx);
        clean(leftover(&pool).await, "a failed request");
    }
}
