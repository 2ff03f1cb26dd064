//! Assertions on the app's answers, each failing with the page it got, so a failing test says
//! what the person would have seen.

use super::{Client, location};

/// Checks `response` has `status` and answers its body.
pub async fn assert_status(response: reqwest::Response, status: u16) -> String {
    let got = response.status().as_u16();
    let url = response.url().path().to_string();
    let body = response.text().await.unwrap();
    assert_eq!(got, status, "{url} answered {got}: {}", excerpt(&body));
    body
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

    /// Reads `path`, checks the answer has `status` and answers the page.
    pub async fn get_status(&self, path: &str, status: u16) -> String {
        assert_status(self.get(path).await, status).await
    }
}
