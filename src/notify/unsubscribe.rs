//! One-click unsubscribe (RFC 8058): every email names a link, signed for its person and kind
//! (notices or the weekly digest), that turns that kind off without signing in. A mail provider
//! POSTs to it (`List-Unsubscribe=One-Click`); a person who clicks the link in the email gets a
//! page with one button, since mail scanners open links and a GET must change nothing.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::PgPool;
use uuid::Uuid;

use crate::error::{AppError, Result};
use crate::state::AppState;
use crate::web::Layout;

/// Where unsubscribe links live; the CSRF layer lets providers' cross-site POSTs through here
/// (the signed token is the authority, and it can only turn email off).
pub const PREFIX: &str = "/unsubscribe/";

/// Which emails a link turns off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Notices,
    Digest,
}

impl Kind {
    fn key(self) -> &'static str {
        match self {
            Self::Notices => "notices",
            Self::Digest => "digest",
        }
    }

    fn from_key(key: &str) -> Option<Self> {
        [Self::Notices, Self::Digest]
            .into_iter()
            .find(|k| k.key() == key)
    }

    /// The outbox marks digests by their dedupe key; everything else is a notice.
    pub fn of_outbox(dedupe_key: Option<&str>) -> Self {
        if dedupe_key.is_some_and(|k| k.starts_with("digest:")) {
            Self::Digest
        } else {
            Self::Notices
        }
    }

    fn words(self) -> &'static str {
        match self {
            Self::Notices => "email copies of your notifications",
            Self::Digest => "the weekly digest email",
        }
    }

    fn column(self) -> &'static str {
        match self {
            Self::Notices => "email_notifications",
            Self::Digest => "weekly_digest",
        }
    }
}

/// The database's unsubscribe key (migration 0021).
pub async fn key(pool: &PgPool) -> Result<Vec<u8>, sqlx::Error> {
    sqlx::query_scalar("SELECT key FROM signing_keys WHERE purpose = 'unsubscribe'")
        .fetch_one(pool)
        .await
}

fn signature(key: &[u8], user: Uuid, kind: Kind) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(format!("{}.{}", user.simple(), kind.key()).as_bytes());
    let bytes = mac.finalize().into_bytes();
    bytes[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// The path of `user`'s link for `kind`.
pub fn path(key: &[u8], user: Uuid, kind: Kind) -> String {
    format!(
        "{PREFIX}{}.{}.{}",
        user.simple(),
        kind.key(),
        signature(key, user, kind)
    )
}

/// The person and kind a token names, if its signature holds.
fn verify(key: &[u8], token: &str) -> Option<(Uuid, Kind)> {
    let mut parts = token.split('.');
    let (user, kind, mac) = (parts.next()?, parts.next()?, parts.next()?);
    let (user, kind) = (Uuid::try_parse(user).ok()?, Kind::from_key(kind)?);
    let mut check = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    check.update(format!("{}.{}", user.simple(), kind.key()).as_bytes());
    let mac = (0..mac.len())
        .step_by(2)
        .map(|i| {
            mac.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect::<Option<Vec<u8>>>()?;
    check.verify_truncated_left(&mac).ok()?;
    (mac.len() == 16 && parts.next().is_none()).then_some((user, kind))
}

pub fn router() -> Router<AppState> {
    Router::new().route("/unsubscribe/{token}", get(ask).post(turn_off))
}

#[derive(Template, WebTemplate)]
#[template(path = "notify/unsubscribe.html")]
struct Page {
    layout: Layout,
    what: &'static str,
    done: bool,
}

async fn checked(pool: &PgPool, token: &str) -> Result<(Uuid, Kind)> {
    verify(&key(pool).await?, token).ok_or(AppError::NotFound)
}

async fn ask(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response> {
    let (_, kind) = checked(&state.db, &token).await?;
    Ok(Page {
        layout: Layout::anonymous("Stop these emails"),
        what: kind.words(),
        done: false,
    }
    .into_response())
}

async fn turn_off(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response> {
    let (user, kind) = checked(&state.db, &token).await?;
    // The same click twice, or the provider's POST and the person's, leave it off once.
    let sql = format!(
        "UPDATE users SET {0} = false WHERE id = $1 AND {0}",
        kind.column()
    );
    sqlx::query(&sql).bind(user).execute(&state.db).await?;
    Ok(Page {
        layout: Layout::anonymous("Emails turned off"),
        what: kind.words(),
        done: true,
    }
    .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_names_its_person_and_kind_and_nothing_else_verifies() {
        let (key, user) = ([7u8; 32], Uuid::new_v4());
        let link = path(&key, user, Kind::Digest);
        let token = link.strip_prefix(PREFIX).unwrap();
        assert_eq!(verify(&key, token), Some((user, Kind::Digest)));
        assert_eq!(verify(&[8u8; 32], token), None, "another database's key");
        let other_kind = token.replace(".digest.", ".notices.");
        assert_eq!(verify(&key, &other_kind), None);
        let other_user = token.replacen(
            &user.simple().to_string(),
            &Uuid::new_v4().simple().to_string(),
            1,
        );
        assert_eq!(verify(&key, &other_user), None);
        assert_eq!(verify(&key, &token[..token.len() - 2]), None, "cut short");
        assert_eq!(verify(&key, "nonsense"), None);
    }
}
