//! Renders the pages behind [`ErrorPage`] markers, with the request id people can quote.

use askama::Template;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use tower_http::csrf::ProtectionError;

use crate::error::{Conflict, ErrorPage, RETRY_AFTER_SECONDS};
use crate::web::Layout;

#[derive(Template)]
#[template(path = "errors/page.html")]
struct ErrorTemplate {
    layout: Layout,
    heading: &'static str,
    explanation: &'static str,
    request_id: String,
}

#[derive(Template)]
#[template(path = "errors/conflict.html")]
struct ConflictTemplate {
    layout: Layout,
    conflict: Conflict,
}

pub async fn render_error_pages(request: Request, next: Next) -> Response {
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let response = next.run(request).await;
    let marked = response
        .extensions()
        .get::<ErrorPage>()
        .copied()
        .or_else(|| {
            response
                .extensions()
                .get::<ProtectionError>()
                .map(|_| ErrorPage::CrossSite)
        });
    let (page, response) = match marked {
        Some(page) => (page, response),
        None => match unmarked_page(response).await {
            (Some(page), response) => (page, response),
            (None, response) => return response,
        },
    };
    let (heading, explanation) = match page {
        ErrorPage::NotFound => (
            "Page not found",
            "There is no page at this address, or you do not have access to it. Check the link, \
             or go back to your home page.",
        ),
        ErrorPage::Forbidden => (
            "Not allowed",
            "Your role does not allow this action. If you need it, ask the person who manages \
             your district's access at ESE.",
        ),
        ErrorPage::ReadOnly => (
            "This plan is read-only",
            "Only a draft plan can be changed. A plan under review changes after ESE returns it or \
             the superintendent withdraws it; an approved plan changes through next year's version, \
             started from the plan page. Nothing was saved.",
        ),
        ErrorPage::CrossSite => (
            "Form rejected",
            "This form was sent from another website, so it was not accepted. Open Throughline \
             directly and submit the form again.",
        ),
        ErrorPage::BadRequest => (
            "The form could not be read",
            "What the browser sent was incomplete, so nothing was saved. Go back, reload the page \
             and send the form again.",
        ),
        ErrorPage::TooLarge => (
            "Too much to send at once",
            "What was sent is far larger than Throughline accepts, so nothing was saved. Go back \
             and choose a smaller file: the upload form shows the largest size allowed.",
        ),
        ErrorPage::Unavailable => (
            "Briefly unavailable",
            "Throughline cannot take requests for a moment, so nothing was saved. Wait a few \
             seconds and try again; what you typed is still in the form if you go back.",
        ),
        ErrorPage::UnsavableText => (
            "Text that cannot be saved",
            "Your text contains a character that cannot be saved (a control character, often \
             pasted from another program), so nothing was saved. Go back, remove it and send the \
             form again.",
        ),
        // Only if a conflict lost its words on the way; every handler gives its own.
        ErrorPage::Conflict => (
            "Not possible now",
            "What was asked does not fit the state of what it was asked of, so nothing was saved. \
             Go back and reload the page to see where things stand.",
        ),
        ErrorPage::Internal => (
            "Something went wrong",
            "The request could not be completed and nothing was changed by the failed step. \
             Please try again in a moment. If it keeps happening, tell support the reference below.",
        ),
    };
    let template = ErrorTemplate {
        layout: Layout::anonymous(heading),
        heading,
        explanation,
        request_id: if page == ErrorPage::Internal {
            request_id
        } else {
            String::new()
        },
    };
    let rendered = match response.extensions().get::<Conflict>() {
        Some(conflict) if page == ErrorPage::Conflict => ConflictTemplate {
            layout: Layout::anonymous(conflict.heading.clone()),
            conflict: conflict.clone(),
        }
        .render(),
        _ => template.render(),
    };
    let body = match rendered {
        Ok(html) => html,
        Err(error) => {
            tracing::error!("could not render the error page: {error}");
            format!("<!doctype html><title>{heading}</title><h1>{heading}</h1><p>{explanation}</p>")
        }
    };
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    let mut rendered = (parts.status, Html(body)).into_response();
    rendered.headers_mut().extend(
        parts
            .headers
            .into_iter()
            .filter_map(|(name, value)| name.map(|n| (n, value)))
            .filter(|(name, _)| name != header::CONTENT_TYPE),
    );
    if page == ErrorPage::Unavailable {
        rendered
            .headers_mut()
            .entry(header::RETRY_AFTER)
            .or_insert(HeaderValue::from(RETRY_AFTER_SECONDS));
    }
    rendered
}

/// The page for a response no handler marked, and the response to take the status and headers
/// from.
///
/// Two kinds come unmarked. The session layers (tower-sessions and axum-login) answer an empty
/// 500 when the session store, which is PostgreSQL, cannot load or save a session: the database
/// is what is missing. Axum's own extractors answer a plain-text rejection: a path whose id does
/// not parse names no page (404), a form body that cannot be read is a 400, and anything else is
/// a fault of ours (500). No handler of ours answers plain text, so the content type tells them
/// apart from pages.
async fn unmarked_page(response: Response) -> (Option<ErrorPage>, Response) {
    let status = response.status();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        return (Some(ErrorPage::TooLarge), response);
    }
    let content_type = response.headers().get(header::CONTENT_TYPE);
    if status == StatusCode::INTERNAL_SERVER_ERROR && content_type.is_none() {
        tracing::warn!("the session store failed; answering as unavailable");
        let mut response = response;
        *response.status_mut() = ErrorPage::Unavailable.status();
        return (Some(ErrorPage::Unavailable), response);
    }
    let plain_text = content_type
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/plain"));
    if !plain_text || !(status.is_client_error() || status.is_server_error()) {
        return (None, response);
    }
    let (mut parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 64 * 1024)
        .await
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default();
    let page = if status.is_server_error() {
        tracing::error!(rejection = text, "a request could not be extracted");
        ErrorPage::Internal
    } else if text.starts_with("Invalid URL") {
        ErrorPage::NotFound
    } else {
        tracing::info!(rejection = text, "refused a request that could not be read");
        ErrorPage::BadRequest
    };
    parts.status = page.status();
    (
        Some(page),
        Response::from_parts(parts, axum::body::Body::empty()),
    )
}
