//! Fuzzed forms: every form the app offers (found by opening its pages as each kind of person)
//! and every POST route besides, sent generated hostile values with proptest — long text,
//! Unicode, control characters and NUL, SQL and HTML fragments, huge and negative numbers,
//! impossible dates, ratings off the scale, fields missing and repeated. No answer is a server
//! error, every rejection is one of the app's pages, and a rejected post changes nothing.

// Randolph's records, shared with the isolation matrix; its walk is not used here.
use crate::tenancy::isolation_matrix::cases;
mod crawl;
mod hostile;
use crate::support;

use std::collections::BTreeMap;

use proptest::test_runner::{Config, TestCaseError, TestRunner};
use support::{Client, TestApp};

/// Rejected posts whose database was compared before and after.
static REJECTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Posts per form. Small, so the whole walk stays well under a minute and a half.
const CASES: u32 = 16;

/// Forms that still fail, each with the item of issue 13 that fixes it: (route template, item).
const KNOWN: &[(&str, &str)] = &[];

const PEOPLE: &[&str] = &[
    "manager.randolph@demo.test",
    "supt.randolph@demo.test",
    "leader.randolph@demo.test",
    "monitor.east@demo.test",
    "ese.staff@demo.test",
    "ese.admin@demo.test",
];

/// Who posts to a route no page offered a form for: someone the step is for.
fn fallback_poster(template: &str) -> &'static str {
    let step = template.rsplit('/').next().unwrap_or_default();
    let plan = template.contains("/plans/{plan}");
    if template.starts_with("/people") || template == "/districts/new" {
        "ese.admin@demo.test"
    } else if template.starts_with("/reviews/")
        || (plan && ["approve", "return", "review"].contains(&step))
        || (!plan && ["publish", "post"].contains(&step))
    {
        "ese.staff@demo.test"
    } else if plan && ["submit", "withdraw"].contains(&step) {
        "supt.randolph@demo.test"
    } else if step == "send-to-ese" {
        "monitor.east@demo.test"
    } else {
        "manager.randolph@demo.test"
    }
}

/// Steps that move a record on (or away): fuzzed after every form that edits one, so those
/// still find their records as the pages offered them.
const STEPS: &[&str] = &[
    "approve",
    "correct",
    "finalise",
    "logout",
    "next-year",
    "notify-ese",
    "post",
    "presented",
    "publish",
    "remove",
    "return",
    "send",
    "send-to-ese",
    "send-to-superintendent",
    "submit",
    "withdraw",
];

/// Every row of every district table and of `users`, table by table, as the owner sees them.
const DIGEST: &str = "CREATE FUNCTION fuzz_digest() RETURNS TABLE (name text, digest text) LANGUAGE plpgsql AS $$
DECLARE t text;
BEGIN
  FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relkind = 'r' AND n.nspname = 'public'
             AND (c.relname = 'users' OR EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
                  AND a.attname = 'district_id' AND NOT a.attisdropped))
           ORDER BY 1 LOOP
    name := t;
    EXECUTE format('SELECT md5(coalesce(string_agg(x::text, ''|'' ORDER BY x::text), '''')) FROM %I x', t)
      INTO digest;
    RETURN NEXT;
  END LOOP;
END $$";

struct Target {
    template: String,
    form: crawl::Form,
    /// Found on a page, or made up from the route alone.
    offered: bool,
}

#[test]
fn every_form_survives_hostile_posts() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (app, targets, clients) = runtime.block_on(setup());
    let ledger = runtime.block_on(Ledger::new(&app));
    let started = std::time::Instant::now();
    let mut failures = Vec::new();
    let posts = std::cell::Cell::new(0);
    for target in &targets {
        let client = &clients[target.form.who];
        let fields = &target.form.fields;
        let mut runner = TestRunner::new(Config {
            cases: CASES,
            failure_persistence: None,
            ..Config::default()
        });
        let outcome = runner.run(
            &hostile::post(fields, &target.form.kept),
            |(sent, extra)| {
                posts.set(posts.get() + 1);
                let pairs = hostile::pairs(fields, &sent, &extra);
                runtime.block_on(post_once(&ledger, client, &target.form, &pairs))
            },
        );
        if let Err(failure) = outcome {
            failures.push((target.template.clone(), failure.to_string()));
        }
    }
    let offered = targets.iter().filter(|t| t.offered).count();
    println!(
        "fuzzed forms: {} POST routes ({offered} forms found on pages, the rest posted bare), \
         {} posts in {:.1} s ({} rejected, each leaving the database as it was), {} failing",
        targets.len(),
        posts.get(),
        started.elapsed().as_secs_f64(),
        REJECTED.load(std::sync::atomic::Ordering::Relaxed),
        failures.len()
    );
    for target in targets.iter().filter(|t| !t.offered) {
        println!("  no page offered a form for {}", target.template);
    }
    let mut unknown = Vec::new();
    for (template, failure) in failures {
        let short: String = failure.chars().take(600).collect();
        match KNOWN.iter().find(|(t, _)| *t == template) {
            Some((_, item)) => println!("known ({item}): {template}: {short}"),
            None => unknown.push(format!("{template}: {short}")),
        }
    }
    assert!(unknown.is_empty(), "{}", unknown.join("\n\n"));
}

async fn setup() -> (TestApp, Vec<Target>, BTreeMap<&'static str, Client>) {
    let app = TestApp::spawn().await;
    app.execute(DIGEST).await;
    let ids = cases::Ids::of_randolph(&app).await;
    let routes = app.routes();
    let mut people = Vec::new();
    for who in PEOPLE {
        people.push((*who, app.signed_in(who).await));
    }
    people.push(("anonymous", app.client()));
    let found = crawl::forms(&people, &routes, &ids).await;
    let mut clients: BTreeMap<&'static str, Client> = people.into_iter().collect();
    // Signing out ends a session: it gets one of its own.
    clients.insert("leaving", app.signed_in("leader.randolph@demo.test").await);
    let mut targets = Vec::new();
    for route in routes.iter().filter(|r| r.allows("POST")) {
        let template = route.template.clone();
        let (mut form, offered) = match found.get(&template) {
            Some(form) => (form.clone(), true),
            None => {
                let action = crawl::fill(&template, &ids).pop().unwrap();
                let fields = ids
                    .form()
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()));
                let who = fallback_poster(&template);
                let form = crawl::Form {
                    who,
                    action,
                    multipart: false,
                    fields: fields.collect(),
                    kept: vec!["version".to_string()],
                };
                (form, false)
            }
        };
        match template.as_str() {
            "/login" => form.who = "anonymous",
            "/logout" => form.who = "leaving",
            _ => {}
        }
        targets.push(Target {
            template,
            form,
            offered,
        });
    }
    // Resetting passwords and roles comes last of all: it may sign people out.
    targets.sort_by_key(|t| {
        let step = t.template.rsplit('/').next().unwrap_or_default();
        (t.template.starts_with("/people"), STEPS.contains(&step))
    });
    (app, targets, clients)
}

/// The database as the last post left it, to compare the next one's effect with.
struct Ledger {
    owner: tokio::sync::Mutex<sqlx::PgConnection>,
    last: std::sync::Mutex<Vec<(String, String)>>,
}

impl Ledger {
    async fn new(app: &TestApp) -> Self {
        let ledger = Ledger {
            owner: tokio::sync::Mutex::new(app.owner_conn().await),
            last: std::sync::Mutex::new(Vec::new()),
        };
        let now = ledger.digest().await;
        *ledger.last.lock().unwrap() = now;
        ledger
    }

    async fn digest(&self) -> Vec<(String, String)> {
        sqlx::query_as("SELECT name, digest FROM fuzz_digest()")
            .fetch_all(&mut *self.owner.lock().await)
            .await
            .unwrap()
    }

    /// The tables the last post changed.
    async fn changed(&self) -> Vec<String> {
        let now = self.digest().await;
        let before = std::mem::replace(&mut *self.last.lock().unwrap(), now.clone());
        before
            .into_iter()
            .zip(now)
            .filter(|(b, a)| b != a)
            .map(|(b, _)| b.0)
            .collect()
    }
}

async fn post_once(
    ledger: &Ledger,
    client: &Client,
    form: &crawl::Form,
    pairs: &[(String, String)],
) -> Result<(), TestCaseError> {
    let request = client.http.post(client.url(&form.action));
    let request = if form.multipart {
        let mut parts = reqwest::multipart::Form::new();
        for (name, value) in pairs {
            parts = if name.contains("file") {
                let part = reqwest::multipart::Part::bytes(value.clone().into_bytes())
                    .file_name("walkthroughs.csv");
                parts.part(name.clone(), part)
            } else {
                parts.text(name.clone(), value.clone())
            };
        }
        request.multipart(parts)
    } else {
        request.form(pairs)
    };
    let response = request
        .send()
        .await
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let status = response.status().as_u16();
    // FUZZ_TRACE=1 lists every answer, to see which checks the posts reach.
    if std::env::var("FUZZ_TRACE").is_ok() {
        println!("trace {status} {}", form.action);
    }
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = response.text().await.unwrap_or_default();
    let shown: String = body.chars().take(200).collect();
    if status >= 500 {
        return Err(TestCaseError::fail(format!("answered {status}: {shown}")));
    }
    if (400..500).contains(&status) && !kind.starts_with("text/html") {
        return Err(TestCaseError::fail(format!(
            "a {status} rejection that is not a page ({kind}): {shown}"
        )));
    }
    let changed = ledger.changed().await;
    if !(300..400).contains(&status) {
        REJECTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
    if !(300..400).contains(&status) && !changed.is_empty() {
        return Err(TestCaseError::fail(format!(
            "a rejected post ({status}) changed {changed:?}"
        )));
    }
    Ok(())
}
