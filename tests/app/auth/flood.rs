//! Sign-in under attack: floods of bad sign-ins, guessing one person's password, spraying many
//! accounts from one address. Each test here runs alone (the password-hash slots are shared by
//! the whole process, so a flood would slow the others' sign-ins).

use crate::support;

use std::net::IpAddr;

use reqwest::header::{HeaderMap, HeaderValue};
use support::{Client, DEMO_PASSWORD, TestApp, assert_contains, input_value};

static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A browser-like client whose requests come from `address` (any of 127.0.0.0/8 reaches the app).
fn client_from(app: &TestApp, address: &str) -> Client {
    let mut headers = HeaderMap::new();
    headers.insert("origin", HeaderValue::from_str(&app.base).unwrap());
    let http = crate::support::http_builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .local_address(address.parse::<IpAddr>().unwrap())
        .build()
        .unwrap();
    Client {
        http,
        base: app.base.clone(),
    }
}

/// Status, Retry-After and page of a sign-in.
async fn sign_in(client: &Client, email: &str, password: &str) -> (u16, Option<String>, String) {
    let response = client.login(email, password).await;
    let status = response.status().as_u16();
    let retry = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_string());
    (status, retry, response.text().await.unwrap())
}

#[tokio::test]
async fn a_flood_of_bad_sign_ins_is_refused_politely_and_signed_in_pages_keep_answering() {
    let _alone = ONE_AT_A_TIME.lock().await;
    if std::env::var("PROBE").as_deref() == Ok("5") {
        for i in 0..30 {
            let _ = throughline::auth::password::verify("x".into(), None).await;
            eprintln!("HASH {i} {}", resident_mb());
        }
    }
    let app = TestApp::spawn().await;
    let reader = app.signed_in("manager.randolph@demo.test").await;

    // 100 attempts at once, each from its own address, so that only the hash slots hold them.
    let flood = (0..100).map(|n| {
        let client = client_from(&app, &format!("127.0.1.{}", n + 1));
        async move {
            if std::env::var("PROBE").as_deref() == Ok("1") {
                let r = client.get("/login").await;
                (r.status().as_u16(), None, r.text().await.unwrap())
            } else {
                sign_in(&client, &format!("nobody{n}@flood.example"), "guess").await
            }
        }
    });
    let reads = async {
        let mut slowest = std::time::Duration::ZERO;
        for _ in 0..20 {
            let started = std::time::Instant::now();
            reader.get_status("/districts/randolph", 200).await;
            slowest = slowest.max(started.elapsed());
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        slowest
    };
    // The app runs in this process, so its memory is this process's.
    let before = resident_mb();
    let done = std::sync::atomic::AtomicBool::new(false);
    let sample = async {
        let mut peak = 0;
        while !done.load(std::sync::atomic::Ordering::Relaxed) {
            peak = peak.max(resident_mb());
            if std::env::var("PROBE").is_ok() {
                eprintln!("RSS {}", resident_mb());
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        peak
    };
    let attack = async {
        let both = tokio::join!(futures_join_all(flood), reads);
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        both
    };
    let ((answers, slowest), peak) = tokio::join!(attack, sample);
    eprintln!(
        "PROBE {before} {peak} {}",
        std::fs::read_to_string("/proc/self/status")
            .unwrap()
            .lines()
            .find(|l| l.starts_with("Threads"))
            .unwrap()
    );

    let busy: Vec<_> = answers.iter().filter(|a| a.0 == 503).collect();
    let wrong = answers.iter().filter(|a| a.0 == 422).count();
    assert_eq!(
        busy.len() + wrong,
        100,
        "only 422 or 503, never a 500: {:?}",
        statuses(&answers)
    );
    for (_, retry, page) in &busy {
        assert!(retry.is_some(), "a 503 says when to retry");
        assert!(page.contains("Many people are signing in right now; try again in a few seconds."));
        assert!(page.contains("value=\"nobody"), "the email typed is kept");
    }
    println!(
        "flood of 100: {wrong} checked (422), {} asked to retry (503); slowest read {slowest:?}",
        busy.len()
    );
    assert!(
        slowest < std::time::Duration::from_secs(3),
        "signed-in pages kept answering"
    );
    // Unbounded, 100 hashes at 19 MiB each would take about 2 GB.
    println!("resident memory: {before} MB before, {peak} MB at the peak");
    assert!(
        peak < before + 150,
        "memory grew from {before} MB to {peak} MB"
    );
    // Once the flood is over, the real owner signs in.
    let (status, _, _) = sign_in(&app.client(), "supt.randolph@demo.test", DEMO_PASSWORD).await;
    assert_eq!(status, 303);
}

/// This process's resident memory (VmRSS), in megabytes.
fn resident_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace()
        .nth(1)
        .unwrap()
        .parse::<u64>()
        .unwrap()
        / 1024
}

fn statuses(answers: &[(u16, Option<String>, String)]) -> Vec<u16> {
    answers.iter().map(|a| a.0).collect()
}

/// Runs every future at once (tokio has no join_all of its own).
async fn futures_join_all<F, T>(futures: impl Iterator<Item = F>) -> Vec<T>
where
    F: std::future::Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for handle in handles {
        out.push(handle.await.unwrap());
    }
    out
}

#[tokio::test]
async fn concurrent_guesses_for_one_email_stay_within_the_limit_and_the_owner_still_gets_in() {
    let _alone = ONE_AT_A_TIME.lock().await;
    let app = TestApp::spawn().await;
    let guesses = (0..20).map(|n| {
        let client = client_from(&app, "127.0.2.1");
        async move { sign_in(&client, "supt.randolph@demo.test", &format!("guess {n}")).await }
    });
    let answers = futures_join_all(guesses).await;
    let checked = answers.iter().filter(|a| a.0 == 422).count();
    let held = answers.iter().filter(|a| a.0 == 429).count();
    assert_eq!(checked + held, 20, "{:?}", statuses(&answers));
    assert!(
        checked <= 5,
        "at most five guesses were checked, not {checked}"
    );
    let (_, retry, page) = answers.iter().find(|a| a.0 == 429).unwrap();
    assert!(retry.is_some());
    assert!(page.contains("Too many unsuccessful attempts for this email address. Wait"));
    assert!(
        page.contains("value=\"supt.randolph@demo.test\""),
        "the form is kept"
    );

    // The guesser's address waits, even with the right password...
    let guesser = client_from(&app, "127.0.2.1");
    let (status, _, _) = sign_in(&guesser, "supt.randolph@demo.test", DEMO_PASSWORD).await;
    assert_eq!(status, 429);
    // ...but the owner, from their own network, is not locked out.
    let owner = client_from(&app, "127.0.2.2");
    let (status, _, _) = sign_in(&owner, "supt.randolph@demo.test", DEMO_PASSWORD).await;
    assert_eq!(status, 303, "the right password signs the owner in");

    // Each further failure doubles the wait; once it has passed, the right password works from
    // the guesser's address too (someone who mistyped a few times on their own computer).
    app.execute("UPDATE sign_in_attempts SET next_attempt_at = now() WHERE address = '127.0.2.1'")
        .await;
    let (status, _, _) = sign_in(&guesser, "supt.randolph@demo.test", "guess again").await;
    assert_eq!(status, 422);
    let wait = app
        .query_text(
            "SELECT round(extract(epoch FROM next_attempt_at - now()))::text \
             FROM sign_in_attempts WHERE address = '127.0.2.1'",
        )
        .await;
    assert!(
        wait.parse::<i64>().unwrap() >= 2,
        "the wait grew to {wait} s"
    );
    app.execute("UPDATE sign_in_attempts SET next_attempt_at = now() WHERE address = '127.0.2.1'")
        .await;
    let (status, _, _) = sign_in(&guesser, "supt.randolph@demo.test", DEMO_PASSWORD).await;
    assert_eq!(status, 303);
}

#[tokio::test]
async fn spraying_many_accounts_from_one_address_hits_the_address_limit() {
    let _alone = ONE_AT_A_TIME.lock().await;
    let app = TestApp::spawn().await;
    let sprayer = client_from(&app, "127.0.3.1");
    for n in 0..30 {
        let (status, _, _) =
            sign_in(&sprayer, &format!("user{n}@spray.example"), "Spring2026!").await;
        assert_eq!(status, 422, "attempt {n} is within the address's allowance");
    }
    // The allowance refills by one every two seconds, so a slow machine may get a few more.
    let mut refused = None;
    for n in 30..60 {
        let email = format!("user{n}@spray.example");
        let (status, retry, page) = sign_in(&sprayer, &email, "Spring2026!").await;
        if status == 429 {
            refused = Some((email, retry, page));
            break;
        }
        assert_eq!(status, 422);
    }
    let (email, retry, page) = refused.expect("the address runs out of attempts");
    assert!(retry.is_some(), "the refusal says when to retry");
    assert_contains(&page, "Too many sign-in attempts from your network.");
    assert_eq!(input_value(&page, "email").as_deref(), Some(email.as_str()));
    // The limit belongs to that address only.
    let (status, _, _) = sign_in(&client_from(&app, "127.0.3.2"), &email, "x").await;
    assert_eq!(status, 422);
}
