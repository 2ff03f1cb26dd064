//! A real Chromium driven through chromedriver, for the end-to-end journeys.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them). Set
//! `THROUGHLINE_SKIP_BROWSER=1` to skip the journeys on a machine without them; CI never sets it.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

pub struct Browser {
    pub client: Client,
    driver: Child,
}

impl Browser {
    pub async fn start() -> Option<Self> {
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

    pub async fn sign_in(&self, base: &str, email: &str, password: &str) {
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

    /// Signs in as a district person and opens their district from the work list they land on.
    pub async fn sign_in_to_district(&self, base: &str, email: &str, district: &str, slug: &str) {
        self.sign_in(base, email, super::DEMO_PASSWORD).await;
        self.wait_for_path("/").await;
        assert_eq!(self.heading().await, "Your work");
        self.click(Locator::LinkText(district)).await;
        self.wait_for_path(&format!("/districts/{slug}")).await;
    }

    pub async fn sign_out(&self) {
        self.client
            .find(Locator::XPath("//button[normalize-space()='Sign out']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }

    pub async fn path(&self) -> String {
        self.client.current_url().await.unwrap().path().to_string()
    }

    /// Waits for the page after a click to load: clicks return before navigation finishes.
    pub async fn wait_for_path(&self, expected: &str) {
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

    pub async fn heading(&self) -> String {
        self.text(Locator::Css("h1")).await
    }

    pub async fn click(&self, locator: Locator<'_>) {
        self.client
            .wait()
            .for_element(locator)
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }

    pub async fn text(&self, locator: Locator<'_>) -> String {
        self.client
            .wait()
            .for_element(locator)
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    pub async fn value(&self, locator: Locator<'_>) -> Option<String> {
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
    pub async fn fill(&self, locator: Locator<'_>, text: &str) {
        let field = self.client.wait().for_element(locator).await.unwrap();
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
    }

    pub async fn close(mut self) {
        self.client.close().await.ok();
        self.driver.kill().ok();
        self.driver.wait().ok();
    }
}
