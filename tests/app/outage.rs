//! The database going away under load, as the Rust registry's server tests its unhealthy
//! database: steady reads, writes and sign-ins; PostgreSQL stopped for 10 s and started again.
//! While it is down every answer is the 503 "briefly unavailable" page within 5 s, never a 500;
//! within 5 s of its return everything succeeds; and every write the app acknowledged is in the
//! database afterwards.

use crate::support;
use crate::support::people::{MANAGER, MONITOR};

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use support::{Client, OwnServer, TestApp};
use tokio::sync::Mutex;

const OUTAGE: Duration = Duration::from_secs(10);
/// What "within 5 s" allows: the pool's 5 s wait for a connection, plus the page.
const ANSWER_WITHIN: Duration = Duration::from_millis(5_500);
const RECOVERED_WITHIN: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Read,
    Write,
    SignIn,
}

#[derive(Debug)]
struct Answer {
    kind: Kind,
    sent: Instant,
    took: Duration,
    status: u16,
    /// For a write: the comment it posted.
    marker: Option<String>,
    retry_after: bool,
    unavailable_page: bool,
}

type Log = Arc<Mutex<Vec<Answer>>>;

async fn record(
    log: &Log,
    kind: Kind,
    marker: Option<String>,
    send: impl Future<Output = reqwest::Response>,
) {
    let sent = Instant::now();
    let response = send.await;
    let took = sent.elapsed();
    let status = response.status().as_u16();
    let retry_after = response.headers().contains_key("retry-after");
    let body = response.text().await.unwrap_or_default();
    log.lock().await.push(Answer {
        kind,
        sent,
        took,
        status,
        marker,
        retry_after,
        unavailable_page: body.contains("Briefly unavailable")
            && body.contains("nothing was saved"),
    });
}

fn succeeded(answer: &Answer) -> bool {
    match answer.kind {
        Kind::Read => answer.status == 200,
        Kind::Write | Kind::SignIn => answer.status == 303,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_database_stopped_under_load_is_a_503_and_no_acknowledged_write_is_lost() {
    let mut server = OwnServer::start().await;
    let app = TestApp::spawn_on(server.owner.clone()).await;
    let discussion = app
        .query_text(
            "INSERT INTO highlight_discussions (district_id, plan_id, held_on, minutes_status) \
             SELECT d.id, p.id, current_date + 5, 'draft' FROM districts d \
             JOIN plans p ON p.district_id = d.id \
             WHERE d.slug = 'randolph' AND p.status = 'approved' RETURNING id::text",
        )
        .await;
    let page = format!("/districts/randolph/discussions/{discussion}");
    let comments = format!("{page}/comments");

    let log: Log = Arc::default();
    let running = Arc::new(AtomicBool::new(true));
    let mut workers = Vec::new();
    // Readers: signed-in pages (the session is loaded from PostgreSQL on every one).
    for (n, email) in [MONITOR, MANAGER, MONITOR, MANAGER].into_iter().enumerate() {
        let client = app.signed_in(email).await;
        let path = if n % 2 == 0 {
            page.clone()
        } else {
            "/".to_string()
        };
        let (log, running) = (log.clone(), running.clone());
        workers.push(tokio::spawn(async move {
            while running.load(Ordering::Relaxed) {
                record(&log, Kind::Read, None, client.get(&path)).await;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }));
    }
    // Writers: comments on the agenda, each with its own text so it can be found afterwards.
    for writer in 0..2 {
        let client = app.signed_in(MONITOR).await;
        let (log, running, comments) = (log.clone(), running.clone(), comments.clone());
        workers.push(tokio::spawn(async move {
            let mut n = 0;
            while running.load(Ordering::Relaxed) {
                n += 1;
                let marker = format!("outage-write-{writer}-{n}");
                let form = [("body", marker.as_str())];
                let send = client.post(&comments, &form);
                record(&log, Kind::Write, Some(marker.clone()), send).await;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }));
    }
    // Sign-ins, at a pace the per-address allowance lets through.
    {
        let base = app.base.clone();
        let (log, running) = (log.clone(), running.clone());
        workers.push(tokio::spawn(async move {
            while running.load(Ordering::Relaxed) {
                let client = fresh_client(&base);
                let send = client.login(MANAGER, support::DEMO_PASSWORD);
                record(&log, Kind::SignIn, None, send).await;
                tokio::time::sleep(Duration::from_millis(2_500)).await;
            }
        }));
    }

    tokio::time::sleep(Duration::from_secs(3)).await;
    let stopping = Instant::now();
    server.stop().await;
    let stopped = Instant::now();
    tokio::time::sleep(OUTAGE).await;
    let starting = Instant::now();
    server.start_again().await;
    let back = Instant::now();
    tokio::time::sleep(Duration::from_secs(8)).await;
    running.store(false, Ordering::Relaxed);
    for worker in workers {
        worker.await.unwrap();
    }

    let log = log.lock().await;
    let outage: Vec<&Answer> = log
        .iter()
        .filter(|a| a.sent >= stopped && a.sent + a.took <= starting)
        .collect();
    let failures: Vec<&Answer> = log
        .iter()
        .filter(|a| a.status >= 500 && a.status != 503)
        .collect();
    assert!(failures.is_empty(), "never a 500: {failures:#?}");
    assert!(
        outage.len() > 20,
        "load was kept up during the outage: {}",
        outage.len()
    );
    for answer in &outage {
        assert_eq!(answer.status, 503, "during the outage: {answer:?}");
        assert!(answer.retry_after, "503 with Retry-After: {answer:?}");
        assert!(
            answer.unavailable_page,
            "the briefly-unavailable page: {answer:?}"
        );
    }
    let around_outage = log
        .iter()
        .filter(|a| a.sent + a.took >= stopping && a.sent <= back);
    let max_latency = around_outage
        .clone()
        .map(|a| a.took)
        .max()
        .unwrap_or_default();
    assert!(
        max_latency <= ANSWER_WITHIN,
        "every answer while the database was down came within 5 s: {max_latency:?}"
    );
    let after: Vec<&Answer> = log
        .iter()
        .filter(|a| a.sent >= back + RECOVERED_WITHIN)
        .collect();
    assert!(after.len() > 10, "load after the restart: {}", after.len());
    let not_recovered: Vec<&&Answer> = after.iter().filter(|a| !succeeded(a)).collect();
    assert!(
        not_recovered.is_empty(),
        "5 s after the restart all succeed: {not_recovered:#?}"
    );
    let first_success_after = log
        .iter()
        .filter(|a| a.sent >= back && succeeded(a))
        .map(|a| a.sent + a.took - back)
        .min()
        .unwrap_or_default();

    let acknowledged: Vec<&str> = log
        .iter()
        .filter(|a| a.kind == Kind::Write && a.status == 303)
        .filter_map(|a| a.marker.as_deref())
        .collect();
    let refused: Vec<&str> = log
        .iter()
        .filter(|a| a.kind == Kind::Write && a.status == 503)
        .filter_map(|a| a.marker.as_deref())
        .collect();
    let saved: Vec<String> = sqlx::query_scalar(
        "SELECT body FROM discussion_comments WHERE discussion_id = $1::uuid AND body LIKE 'outage-write-%'",
    )
    .bind(&discussion)
    .fetch_all(&mut app.owner_conn().await)
    .await
    .unwrap();
    let found = acknowledged
        .iter()
        .filter(|m| saved.iter().any(|s| s == *m))
        .count();
    let refused_but_saved = refused
        .iter()
        .filter(|m| saved.iter().any(|s| s == *m))
        .count();

    println!("outage figures:");
    println!("  requests answered in all: {}", log.len());
    println!(
        "  PostgreSQL stopped in {:?}, down {:?}, back (accepting) {:?} after start",
        stopped - stopping,
        starting - stopped,
        back - starting
    );
    println!(
        "  requests during the outage: {} (reads {}, writes {}, sign-ins {}), all 503 with Retry-After",
        outage.len(),
        outage.iter().filter(|a| a.kind == Kind::Read).count(),
        outage.iter().filter(|a| a.kind == Kind::Write).count(),
        outage.iter().filter(|a| a.kind == Kind::SignIn).count(),
    );
    println!("  max latency while stopping, down and starting: {max_latency:?}");
    println!("  first success after PostgreSQL was back: {first_success_after:?}");
    println!(
        "  requests from 5 s after the restart: {}, all succeeded",
        after.len()
    );
    println!(
        "  acknowledged writes: {}, found in the database: {found}; refused writes (503): {}, of them saved anyway: {refused_but_saved}",
        acknowledged.len(),
        refused.len()
    );
    assert_eq!(
        found,
        acknowledged.len(),
        "every acknowledged write is in the database"
    );
    drop(log);
    let mut app = app;
    app.stop().await;
}

fn fresh_client(base: &str) -> Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "origin",
        reqwest::header::HeaderValue::from_str(base).unwrap(),
    );
    Client {
        http: crate::support::http_builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .build()
            .unwrap(),
        base: base.to_string(),
    }
}
