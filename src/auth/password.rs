//! Password hashing with argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane).

use std::sync::LazyLock;

use argon2::password_hash::PasswordHasher;
use argon2::{Algorithm, Argon2, Params, Version};
use rand::Rng;

pub use super::hashing::{Admission, Busy, RETRY_AFTER_SECONDS, admit};
use super::hashing::{hash_in_place, on_hasher, verify_in_place};

/// The shortest password a person may choose (NIST SP 800-63B asks for at least 8; we ask 12
/// because these accounts guard unpublished accountability data).
pub const MIN_LENGTH: usize = 12;
pub const MAX_LENGTH: usize = 128;

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("OWASP's argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes on a hashing thread: argon2 is deliberately slow and would stall the async workers.
pub async fn hash(password: String) -> anyhow::Result<String> {
    let admission = admit().await?;
    on_hasher(admission, move || {
        hash_in_place(&hasher(), password.as_bytes())
    })
    .await?
}

/// Checks `password` against `stored`; with no stored hash (unknown email) it still does the
/// same work against a dummy, so response time does not reveal which emails have accounts.
pub async fn verify(password: String, stored: Option<String>) -> anyhow::Result<bool> {
    let admission = admit().await?;
    verify_admitted(admission, password, stored).await
}

/// [`verify`] in a slot the caller already holds (sign-in takes it before counting the attempt,
/// so that a refusal for load does not count against the person).
pub async fn verify_admitted(
    admission: Admission,
    password: String,
    stored: Option<String>,
) -> anyhow::Result<bool> {
    on_hasher(admission, move || {
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.clone());
        verify_in_place(password.as_bytes(), &stored)
    })
    .await?
}

/// A hash of a random password nobody knows, made with our parameters on first use.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    hasher()
        .hash_password(temporary().as_bytes())
        .map(|h| h.to_string())
        .expect("hashing a random password cannot fail")
});

/// A temporary password an administrator hands to a person: 16 letters and digits without the
/// ones people confuse (0/O, 1/l/I), grouped for reading aloud.
pub fn temporary() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    let chars: Vec<char> = (0..16)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// Why a chosen password is not acceptable, if it is not.
pub fn weakness(password: &str, email: &str) -> Option<&'static str> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        Some("Use at least 12 characters. A short sentence is easy to remember and hard to guess.")
    } else if length > MAX_LENGTH {
        Some("Use at most 128 characters.")
    } else if password.eq_ignore_ascii_case(email) {
        Some("Do not use your email address as your password.")
    } else if password
        .chars()
        .all(|c| c == password.chars().next().unwrap_or(' '))
    {
        Some("Do not repeat one character; choose something harder to guess.")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_only_its_own_password() {
        let stored = hash("correct horse battery".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(
            verify("correct horse battery".into(), Some(stored.clone()))
                .await
                .unwrap()
        );
        assert!(
            !verify("wrong horse battery".into(), Some(stored))
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn an_unknown_account_never_verifies() {
        assert!(!verify("anything at all".into(), None).await.unwrap());
    }

    #[test]
    fn temporary_passwords_are_long_and_differ() {
        let a = temporary();
        assert_eq!(a.len(), 19);
        assert_ne!(a, temporary());
        assert!(weakness(&a, "x@example.org").is_none());
    }

    #[test]
    fn weak_passwords_are_named() {
        assert!(weakness("short", "a@b.c").is_some());
        assert!(weakness("aaaaaaaaaaaaaa", "a@b.c").is_some());
        assert!(weakness("someone@district.org", "someone@district.org").is_some());
        assert!(weakness("a long enough passphrase", "a@b.c").is_none());
    }
}
