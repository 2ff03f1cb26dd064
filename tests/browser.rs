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
        self.text(Locator::Css("h1")).await
    }

    async fn click(&self, locator: Locator<'_>) {
        self.client
            .wait()
            .for_element(locator)
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }

    async fn text(&self, locator: Locator<'_>) -> String {
        self.client
            .wait()
            .for_element(locator)
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    async fn value(&self, locator: Locator<'_>) -> Option<String> {
        self.client
            .wait()
            .for_element(locator)
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
    }

    /// Replaces a field's content, as a person selecting all and typing would.
    async fn fill(&self, locator: Locator<'_>, text: &str) {
        let field = self.client.wait().for_element(locator).await.unwrap();
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
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
    assert!(
        browser
            .text(Locator::Css("main"))
            .await
            .contains("Helen Marsh")
    );
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
    assert!(
        browser
            .text(Locator::Css("[role=alert]"))
            .await
            .contains("do not match")
    );
    assert_eq!(
        browser.value(Locator::Id("email")).await.as_deref(),
        Some("ese.admin@demo.test")
    );

    // The ESE administrator lands on the districts and adds one through the form, fixing a mistake.
    browser
        .sign_in(&base, "ese.admin@demo.test", DEMO_PASSWORD)
        .await;
    browser.wait_for_path("/districts").await;
    browser.click(Locator::LinkText("Add a district")).await;
    browser.wait_for_path("/districts/new").await;
    browser.fill(Locator::Id("name"), "Holyoke").await;
    browser.fill(Locator::Id("accountability_level"), "9").await;
    // The browser's own range check would stop the post; the server's message is what we test.
    let no_validation = "document.querySelector('form.stack').noValidate = true";
    browser.client.execute(no_validation, vec![]).await.unwrap();
    let create = "//button[normalize-space()='Create district']";
    browser.click(Locator::XPath(create)).await;
    assert!(
        browser
            .text(Locator::Css(".error-message"))
            .await
            .contains("from 1 to 5")
    );
    let name = browser.value(Locator::Id("name")).await;
    assert_eq!(name.as_deref(), Some("Holyoke"), "what was typed is kept");
    browser.fill(Locator::Id("accountability_level"), "5").await;
    browser.click(Locator::XPath(create)).await;
    browser.wait_for_path("/districts/holyoke").await;
    assert!(
        browser
            .text(Locator::Css(".flash"))
            .await
            .contains("Holyoke was created.")
    );

    browser.close().await;
}

#[tokio::test]
async fn a_plan_manager_starts_next_years_plan_and_revises_it_with_a_reason() {
    let app = TestApp::spawn().await;
    let Some(browser) = Browser::start().await else {
        return;
    };
    let base = app.base.clone();
    browser
        .sign_in(&base, "manager.randolph@demo.test", DEMO_PASSWORD)
        .await;
    browser.wait_for_path("/districts/randolph").await;
    browser
        .click(Locator::LinkText("Accelerated Improvement Plan"))
        .await;
    browser
        .text(Locator::Css(".plan-meta .status-approved"))
        .await;
    assert!(
        browser
            .client
            .find(Locator::Css("#section-1"))
            .await
            .is_ok()
    );
    let approved_path = browser.path().await;

    browser
        .click(Locator::XPath(
            "//button[normalize-space()=\"Start next year's plan\"]",
        ))
        .await;
    browser.text(Locator::Css(".plan-meta .status-draft")).await;
    let draft_path = browser.path().await;
    assert_ne!(draft_path, approved_path);

    // Edit Objective 1: without a reason the form says so and keeps the new wording.
    let wording = "Ensure success for every student through strong teaching and learning";
    browser
        .click(Locator::XPath(
            "//a[starts-with(normalize-space(), 'Edit') and contains(., 'objective 1')]",
        ))
        .await;
    browser.fill(Locator::Id("title"), wording).await;
    let save = "//button[normalize-space()='Save objective']";
    browser.click(Locator::XPath(save)).await;
    assert!(
        browser
            .text(Locator::Css("#reason-error"))
            .await
            .contains("Give the reason")
    );
    assert_eq!(
        browser.value(Locator::Id("title")).await.as_deref(),
        Some(wording)
    );
    let reason = "The school committee asked that the objective name every student";
    browser.fill(Locator::Id("reason"), reason).await;
    browser.click(Locator::XPath(save)).await;
    browser.wait_for_path(&draft_path).await;
    assert!(
        browser
            .text(Locator::Css(".flash"))
            .await
            .contains("Objective 1 was saved.")
    );

    browser.click(Locator::LinkText("Changes")).await;
    browser
        .wait_for_path(&format!("{draft_path}/changes"))
        .await;
    let history = browser.text(Locator::Css("main")).await;
    assert!(history.contains(reason));
    assert!(history.contains("Colin Barrett"));
    browser.close().await;
}
