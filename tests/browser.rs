//! End-to-end journeys in a real Chromium, driven through chromedriver.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them). Set
//! `THROUGHLINE_SKIP_BROWSER=1` to skip these on a machine without them; CI never sets it.

mod support;

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use support::{DEMO_PASSWORD, TestApp};

struct Browser {
    client: Client,
    driver: Child,
}

impl Browser {
    async fn start() -> Option<Self> {
        if std::env::var_os("THROUGHLINE_SKIP_BROWSER").is_some() {
            eprintln!("skipped: THROUGHLINE_SKIP_BROWSER is set");
            return None;
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver is missing: apt-get install chromium chromium-driver (or set THROUGHLINE_SKIP_BROWSER=1)");
        let profile = tempfile::tempdir().unwrap().keep();
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.display()),
                ]
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let mut last_error = None;
        // chromedriver takes a moment to listen.
        for _ in 0..50 {
            match ClientBuilder::new(connector.clone())
                .capabilities(capabilities.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(client) => return Some(Self { client, driver }),
                Err(error) => last_error = Some(error),
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!("could not start Chromium through chromedriver: {last_error:?}");
    }

    async fn sign_in(&self, base: &str, email: &str, password: &str) {
        let c = &self.client;
        c.goto(&format!("{base}/login")).await.unwrap();
        c.find(Locator::Id("email"))
            .await
            .unwrap()
            .send_keys(email)
            .await
            .unwrap();
        c.find(Locator::Id("password"))
            .await
            .unwrap()
            .send_keys(password)
            .await
            .unwrap();
        c.find(Locator::Css("button[type=submit]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }

    async fn sign_out(&self) {
        self.client
            .find(Locator::XPath("//button[normalize-space()='Sign out']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }

    async fn path(&self) -> String {
        self.client.current_url().await.unwrap().path().to_string()
    }

    /// Waits for the page after a click to load: clicks return before navigation finishes.
    async fn wait_for_path(&self, expected: &str) {
        for _ in 0..100 {
            if self.path().await == expected
                && self
                    .client
                    .execute("return document.readyState", vec![])
                    .await
                    .unwrap()
                    == "complete"
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(self.path().await, expected, "the browser did not arrive");
    }

    async fn heading(&self) -> String {
        self.client
            .find(Locator::Css("h1"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    async fn close(mut self) {
        self.client.close().await.ok();
        self.driver.kill().ok();
        self.driver.wait().ok();
    }
}

#[tokio::test]
async fn people_sign_in_land_on_their_page_and_an_admin_adds_a_district() {
    let app = TestApp::spawn().await;
    let Some(browser) = Browser::start().await else {
        return;
    };
    let base = app.base.clone();

    // A superintendent lands on their district and sees its people.
    browser
        .sign_in(&base, "supt.randolph@demo.test", DEMO_PASSWORD)
        .await;
    browser.wait_for_path("/districts/randolph").await;
    assert_eq!(browser.heading().await, "Randolph");
    let body = browser
        .client
        .find(Locator::Css("main"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.contains("Helen Marsh"));
    // Another district's address is a dead end.
    browser
        .client
        .goto(&format!("{base}/districts/fall-river"))
        .await
        .unwrap();
    assert_eq!(browser.heading().await, "Page not found");
    browser.client.goto(&format!("{base}/")).await.unwrap();
    browser.sign_out().await;
    browser.wait_for_path("/login").await;

    // A wrong password keeps the email and says so.
    browser
        .sign_in(&base, "ese.admin@demo.test", "not it")
        .await;
    browser.wait_for_path("/login").await;
    let alert = browser
        .client
        .wait()
        .for_element(Locator::Css("[role=alert]"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(alert.contains("do not match"));
    let kept = browser
        .client
        .find(Locator::Id("email"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("ese.admin@demo.test"));

    // The ESE administrator lands on the districts and adds one through the form, fixing a mistake.
    browser
        .sign_in(&base, "ese.admin@demo.test", DEMO_PASSWORD)
        .await;
    browser.wait_for_path("/districts").await;
    browser
        .client
        .find(Locator::LinkText("Add a district"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.wait_for_path("/districts/new").await;
    let c = &browser.client;
    c.find(Locator::Id("name"))
        .await
        .unwrap()
        .send_keys("Holyoke")
        .await
        .unwrap();
    let level = c.find(Locator::Id("accountability_level")).await.unwrap();
    level.clear().await.unwrap();
    level.send_keys("9").await.unwrap();
    // The browser's own range check would stop the post; the server's message is what we test.
    c.execute(
        "document.querySelector('form.stack').noValidate = true",
        vec![],
    )
    .await
    .unwrap();
    c.find(Locator::XPath(
        "//button[normalize-space()='Create district']",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    let message = c
        .wait()
        .for_element(Locator::Css(".error-message"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(message.contains("from 1 to 5"));
    let name = c
        .find(Locator::Id("name"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(name.as_deref(), Some("Holyoke"), "what was typed is kept");
    let level = c.find(Locator::Id("accountability_level")).await.unwrap();
    level.clear().await.unwrap();
    level.send_keys("5").await.unwrap();
    c.find(Locator::XPath(
        "//button[normalize-space()='Create district']",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    browser.wait_for_path("/districts/holyoke").await;
    let flash = c
        .find(Locator::Css(".flash"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(flash.contains("Holyoke was created."));

    browser.close().await;
}

#[tokio::test]
async fn a_plan_manager_starts_next_years_plan_and_revises_it_with_a_reason() {
    let app = TestApp::spawn().await;
    let Some(browser) = Browser::start().await else {
        return;
    };
    let base = app.base.clone();
    let c = &browser.client;
    browser
        .sign_in(&base, "manager.randolph@demo.test", DEMO_PASSWORD)
        .await;
    browser.wait_for_path("/districts/randolph").await;
    c.find(Locator::LinkText("Accelerated Improvement Plan"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Css(".status-approved"))
        .await
        .unwrap();
    assert!(c.find(Locator::Css("#section-1")).await.is_ok());
    let approved_path = browser.path().await;

    c.find(Locator::XPath(
        "//button[normalize-space()=\"Start next year's plan\"]",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    c.wait()
        .for_element(Locator::Css(".status-draft"))
        .await
        .unwrap();
    assert_ne!(browser.path().await, approved_path);
    let draft_path = browser.path().await;

    // Edit Objective 1: without a reason the form says so and keeps the new wording.
    c.find(Locator::XPath(
        "//a[starts-with(normalize-space(), 'Edit') and contains(., 'objective 1')]",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    let title = c.wait().for_element(Locator::Id("title")).await.unwrap();
    title.clear().await.unwrap();
    title
        .send_keys("Ensure success for every student through strong teaching and learning")
        .await
        .unwrap();
    c.find(Locator::XPath(
        "//button[normalize-space()='Save objective']",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    let message = c
        .wait()
        .for_element(Locator::Css("#reason-error"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(message.contains("Give the reason"));
    let kept = c
        .find(Locator::Id("title"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(
        kept.as_deref(),
        Some("Ensure success for every student through strong teaching and learning")
    );
    c.find(Locator::Id("reason"))
        .await
        .unwrap()
        .send_keys("The school committee asked that the objective name every student")
        .await
        .unwrap();
    c.find(Locator::XPath(
        "//button[normalize-space()='Save objective']",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    browser.wait_for_path(&draft_path).await;
    let flash = c
        .find(Locator::Css(".flash"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(flash.contains("Objective 1 was saved."));

    c.find(Locator::LinkText("Changes"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .wait_for_path(&format!("{draft_path}/changes"))
        .await;
    let history = c
        .find(Locator::Css("main"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(history.contains("The school committee asked that the objective name every student"));
    assert!(history.contains("Colin Barrett"));
    browser.close().await;
}
