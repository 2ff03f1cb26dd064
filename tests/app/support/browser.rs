//! A real Chromium driven through chromedriver, for the end-to-end journeys.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them). Set
//! `THROUGHLINE_SKIP_BROWSER=1` to skip the journeys on a machine without them; CI never sets it.

use std::future::Future;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::error::{CmdError, ErrorStatus};
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

    /// A fresh app and a browser for it, with the app's address; `None` when browsers are
    /// skipped.
    pub async fn with_app() -> Option<(super::TestApp, Self, String)> {
        let app = super::TestApp::spawn().await;
        let browser = Self::start().await?;
        let base = app.base.clone();
        Some((app, browser, base))
    }

    /// As [`Browser::with_app`], signed in as `email` on the work list they land on.
    pub async fn home_of(email: &str) -> Option<(super::TestApp, Self, String)> {
        let (app, browser, base) = Self::with_app().await?;
        browser.sign_in_home(&base, email).await;
        Some((app, browser, base))
    }

    /// As [`Browser::with_app`], on Randolph's plan as `email` (a Randolph person).
    pub async fn on_randolph_plan(email: &str) -> Option<(super::TestApp, Self, String)> {
        let (app, browser, base) = Self::with_app().await?;
        browser.open_randolph_plan(&base, email).await;
        Some((app, browser, base))
    }

    /// Opens `url` (absolute) and waits for it to load.
    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.unwrap();
    }

    pub async fn sign_in(&self, base: &str, email: &str, password: &str) {
        self.goto(&format!("{base}/login")).await;
        self.fill("email", email).await;
        self.fill("password", password).await;
        self.click(Locator::Css("button[type=submit]")).await;
    }

    /// Signs in with the demo password and waits for the work list one lands on (the next page
    /// asked for before that would race the sign-in).
    pub async fn sign_in_home(&self, base: &str, email: &str) {
        self.sign_in(base, email, super::DEMO_PASSWORD).await;
        self.wait_for_path("/").await;
        assert_eq!(self.heading().await, "Your work");
    }

    /// Signs in as a district person and opens their district from the work list they land on.
    pub async fn sign_in_to_district(&self, base: &str, email: &str, district: &str, slug: &str) {
        self.sign_in_home(base, email).await;
        self.click(Locator::LinkText(district)).await;
        self.wait_for_path(&format!("/districts/{slug}")).await;
    }

    /// Signs in as a Randolph person and follows the link to Randolph's plan on their
    /// district's page.
    pub async fn open_randolph_plan(&self, base: &str, email: &str) {
        self.sign_in_to_district(base, email, "Randolph", "randolph")
            .await;
        self.click(Locator::LinkText("Accelerated Improvement Plan"))
            .await;
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
        self.on_element(locator, |e| async move { e.click().await })
            .await
    }

    /// Clicks the button labelled `label`.
    pub async fn button(&self, label: &str) {
        let xpath = format!("//button[normalize-space()='{label}']");
        self.click(Locator::XPath(&xpath)).await;
    }

    pub async fn text(&self, locator: Locator<'_>) -> String {
        self.on_element(locator, |e| async move { e.text().await })
            .await
    }

    /// Checks the element `locator` finds says `expected` (an error beside a field, a flash).
    pub async fn assert_says(&self, locator: Locator<'_>, expected: &str) {
        let text = self.text(locator).await;
        assert!(
            text.contains(expected),
            "{locator:?} says {text:?}, not {expected:?}"
        );
    }

    /// Checks the field with id `id` still holds `typed` (a refused form keeps what was typed).
    pub async fn assert_kept(&self, id: &str, typed: &str) {
        let value = self.value(Locator::Id(id)).await;
        assert_eq!(
            value.as_deref(),
            Some(typed),
            "what was typed in {id} is kept"
        );
    }

    /// Waits (up to ten seconds) until the page's main landmark says `expected`: a click that
    /// posts a form returns before the next page has loaded.
    pub async fn wait_for_text(&self, expected: &str) {
        let mut text = String::new();
        for _ in 0..100 {
            text = self.main_text().await;
            if text.contains(expected) {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("the page never said {expected:?}; it says {text:?}");
    }

    /// The text of the page's main landmark.
    pub async fn main_text(&self) -> String {
        self.text(Locator::Css("main")).await
    }

    pub async fn value(&self, locator: Locator<'_>) -> Option<String> {
        self.on_element(locator, |e| async move { e.prop("value").await })
            .await
    }

    /// Waits for the element and does `step` with it, finding it again when the page replaced it
    /// in between (a navigation or an htmx swap landing just after the find).
    async fn on_element<T, F, Fut>(&self, locator: Locator<'_>, step: F) -> T
    where
        F: Fn(Element) -> Fut,
        Fut: Future<Output = Result<T, CmdError>>,
    {
        for _ in 0..20 {
            let element = self.client.wait().for_element(locator).await.unwrap();
            match step(element).await {
                Err(CmdError::Standard(e)) if e.error == ErrorStatus::StaleElementReference => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                done => return done.unwrap(),
            }
        }
        panic!("the element kept being replaced: {locator:?}");
    }

    /// Replaces the content of the field with id `id`, as a person selecting all and typing
    /// would.
    pub async fn fill(&self, id: &str, text: &str) {
        let field = self
            .client
            .wait()
            .for_element(Locator::Id(id))
            .await
            .unwrap();
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
    }

    pub async fn close(mut self) {
        self.client.close().await.ok();
        self.driver.kill().ok();
        self.driver.wait().ok();
    }
}
