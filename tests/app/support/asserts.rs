//! Assertions on the app's answers, each failing with the page it got, so a failing test says
//! what the person would have seen.

use super::{Client, input_value, location};

/// Checks `response` has `status` and answers its body.
pub async fn assert_status(response: reqwest::Response, status: u16) -> String {
    let got = response.status().as_u16();
    let url = response.url().path().to_string();
    let body = response.text().await.unwrap();
    assert_eq!(got, status, "{url} answered {got}: {}", excerpt(&body));
    body
}

/// Checks `response` is a refused form (422) whose page explains `message`, and answers the page
/// (which keeps what was typed).
pub async fn assert_refused(response: reqwest::Response, message: &str) -> String {
    let page = assert_status(response, 422).await;
    assert!(
        page.contains(message),
        "the refusal does not say {message:?}: {}",
        excerpt(&page)
    );
    page
}

/// Checks `response` has `status` and its page says `text`.
pub async fn assert_says(response: reqwest::Response, status: u16, text: &str) {
    let page = assert_status(response, status).await;
    assert!(
        page.contains(text),
        "the page does not say {text:?}: {}",
        excerpt(&page)
    );
}

/// Checks `page` says `text`, failing with the whole page.
#[track_caller]
pub fn assert_contains(page: &str, text: &str) {
    assert!(page.contains(text), "{text:?} is not in: {page}");
}

/// Checks the form on `page` shows each `(field, value)` as typed.
pub fn assert_kept(page: &str, fields: &[(&str, &str)]) {
    for (name, value) in fields {
        assert_eq!(
            input_value(page, name).as_deref(),
            Some(*value),
            "the form keeps {name}"
        );
    }
}

/// Checks `response` is a 200 whose body is of `content_type`.
pub fn assert_content_type(response: &reqwest::Response, content_type: &str) {
    assert_eq!(response.status(), 200, "{}", response.url().path());
    let got = response.headers()["content-type"].to_str().unwrap();
    assert!(got.starts_with(content_type), "served as {got}");
}

/// Checks `response` is a redirect after a post (303) and answers where it points.
pub fn assert_redirect(response: &reqwest::Response) -> String {
    assert_eq!(
        response.status(),
        303,
        "{} did not redirect",
        response.url().path()
    );
    location(response)
}

/// Checks `response` is the lost-update conflict page (409: someone else saved first, their
/// version shown, one's own text kept) and answers the page.
pub async fn assert_conflict(response: reqwest::Response) -> String {
    let page = assert_status(response, 409).await;
    assert!(
        page.contains("while you were editing"),
        "the conflict page: {}",
        excerpt(&page)
    );
    page
}

fn excerpt(body: &str) -> &str {
    let end = body
        .char_indices()
        .nth(2000)
        .map_or(body.len(), |(at, _)| at);
    &body[..end]
}

impl Client {
    /// Posts `form` to `path`, checks the answer has `status` and answers the page.
    pub async fn post_status(&self, path: &str, form: &[(&str, &str)], status: u16) -> String {
        assert_status(self.post(path, form).await, status).await
    }

    /// Posts `form` to `path`, checks it went through (303) and answers where it redirects.
    pub async fn submit(&self, path: &str, form: &[(&str, &str)]) -> String {
        assert_redirect(&self.post(path, form).await)
    }

    /// Posts `form` to `path`, checks it is refused (422) explaining `message` and answers the
    /// page.
    pub async fn refused(&self, path: &str, form: &[(&str, &str)], message: &str) -> String {
        assert_refused(self.post(path, form).await, message).await
    }

    /// The status `path` answers, for checks that name why that status is right.
    pub async fn get_code(&self, path: &str) -> u16 {
        self.get(path).await.status().as_u16()
    }

    /// The status posting `form` to `path` answers.
    pub async fn post_code(&self, path: &str, form: &[(&str, &str)]) -> u16 {
        self.post(path, form).await.status().as_u16()
    }

    /// The version the form at `path` carries, for a save that is not stale.
    pub async fn form_version(&self, path: &str) -> String {
        let form = self.get_status(path, 200).await;
        input_value(&form, "version").expect("the form carries its version")
    }

    /// The version the edit form at `{path}/edit` carries.
    pub async fn edit_version(&self, path: &str) -> String {
        self.form_version(&format!("{path}/edit")).await
    }

    /// Reads `path`, checks the answer has `status` and answers its JSON body.
    pub async fn get_json(&self, path: &str, status: u16) -> serde_json::Value {
        let response = self.get(path).await;
        assert_eq!(response.status(), status, "{path}");
        response.json().await.unwrap()
    }

    /// Reads `path`, checks the answer has `status` and answers the page.
    pub async fn get_status(&self, path: &str, status: u16) -> String {
        assert_status(self.get(path).await, status).await
    }
}
