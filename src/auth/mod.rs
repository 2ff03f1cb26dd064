//! Who is signed in: accounts, password checks, sessions and the [`CurrentUser`] extractor.

mod backend;
mod hashing;
mod limits;
pub mod password;
pub mod roles;
pub mod routes;
mod session_errors;
mod sign_in;
mod throttle;

use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

pub use backend::{Backend, Credentials, User};

pub type AuthSession = axum_login::AuthSession<Backend>;

/// The signed-in person. Extracting it from a request that has no signed-in person redirects to
/// the sign-in page; a person who must still choose a password is sent to do that first.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user: User,
    pub session: Session,
}

/// Days a temporary password set by an administrator (or `create-user`) keeps working.
pub const TEMPORARY_PASSWORD_DAYS: i32 = 7;

impl CurrentUser {
    pub fn is_ese(&self) -> bool {
        self.user.ese_role.is_some()
    }
}

/// Where the change-password page lives; the only page open to someone who must change theirs.
pub const CHANGE_PASSWORD_PATH: &str = "/account/password";

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let auth = AuthSession::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let path = OriginalUri::from_request_parts(parts, state)
            .await
            .map(|uri| uri.0)
            .unwrap_or_else(|_| parts.uri.clone());
        let Some(user) = auth.user else {
            let target = path.path_and_query().map(|p| p.as_str()).unwrap_or("/");
            let login = if target == "/" {
                "/login".to_string()
            } else {
                format!("/login?next={}", urlencode(target))
            };
            return Err(Redirect::to(&login).into_response());
        };
        if user.must_change_password && path.path() != CHANGE_PASSWORD_PATH {
            return Err(Redirect::to(CHANGE_PASSWORD_PATH).into_response());
        }
        Ok(Self {
            user,
            session: auth.session,
        })
    }
}

/// Only a path on this site may follow sign-in; anything else (`//evil.example`, a full URL, a
/// path with a tab or newline that browsers drop, so that `/<TAB>/evil.example` reads as
/// `//evil.example`) would turn the sign-in page into an open redirect. So: visible ASCII only,
/// one leading `/`, and no `//` or `/\` at the start once percent-decoded either.
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(path) if is_local_path(path) => path,
        _ => "/",
    }
}

fn is_local_path(path: &str) -> bool {
    let starts_locally =
        |p: &[u8]| p.first() == Some(&b'/') && !matches!(p.get(1), Some(b'/') | Some(b'\\'));
    path.bytes().all(|b| (0x21..=0x7e).contains(&b))
        && !path.contains('\\')
        && starts_locally(path.as_bytes())
        && starts_locally(&percent_decoded(path.as_bytes()))
}

fn percent_decoded(text: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let pair = text
            .get(i + 1)
            .copied()
            .and_then(hex)
            .zip(text.get(i + 2).copied().and_then(hex));
        match (text[i], pair) {
            (b'%', Some((high, low))) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_accepts_only_local_paths() {
        assert_eq!(
            safe_next(Some("/districts/randolph")),
            "/districts/randolph"
        );
        assert_eq!(safe_next(Some("//evil.example/")), "/");
        assert_eq!(safe_next(Some("https://evil.example/")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
        assert_eq!(safe_next(Some("/\t/evil.example")), "/");
        assert_eq!(safe_next(Some("/\n/x")), "/");
        assert_eq!(safe_next(Some("/ /x")), "/");
        assert_eq!(safe_next(Some("/%2F/evil.example")), "/");
        assert_eq!(safe_next(Some("/%5cevil.example")), "/");
        assert_eq!(safe_next(Some("/caf\u{e9}")), "/");
        assert_eq!(safe_next(Some("")), "/");
        assert_eq!(
            safe_next(Some("/people?q=a%20b&x=%2F")),
            "/people?q=a%20b&x=%2F"
        );
    }

    #[test]
    fn next_is_encoded_for_the_query_string() {
        assert_eq!(
            urlencode("/people?q=a b&x=1"),
            "/people%3Fq%3Da%20b%26x%3D1"
        );
    }
}
