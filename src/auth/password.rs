//! Password hashing with argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane).

use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::Rng;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The shortest password a person may choose (NIST SP 800-63B asks for at least 8; we ask 12
/// because these accounts guard unpublished accountability data).
pub const MIN_LENGTH: usize = 12;
pub const MAX_LENGTH: usize = 128;

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("OWASP's argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// At most this many password hashes run at once. Argon2 takes 19 MiB and a core for tens of
/// milliseconds per hash; unbounded, a burst of sign-ins with made-up emails ran hundreds at once
/// and took the server's memory from 60 MB to 14.7 GB. About one per core keeps the CPU busy
/// without queueing inside the blocking pool.
fn concurrent_hashes() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// Beyond this many requests waiting for a hash slot, a request is refused at once.
pub const MAX_WAITING: usize = 32;
/// How long a request waits for a hash slot before it is refused.
pub const MAX_WAIT: Duration = Duration::from_secs(2);
/// What a refused request is told to wait before trying again, in seconds.
pub const RETRY_AFTER_SECONDS: u32 = 3;

/// Too many password checks are running or waiting; the caller should answer 503.
#[derive(Debug, thiserror::Error)]
#[error("too many password checks at once; try again in a few seconds")]
pub struct Busy;

struct Gate {
    slots: Arc<Semaphore>,
    waiting: AtomicUsize,
}

static GATE: LazyLock<Gate> = LazyLock::new(|| Gate {
    slots: Arc::new(Semaphore::new(concurrent_hashes())),
    waiting: AtomicUsize::new(0),
});

/// A hash slot. It moves into the blocking task with the work, so a request abandoned by its
/// client cannot free the slot while its hash still runs.
pub struct Admission(#[allow(dead_code)] OwnedSemaphorePermit);

/// Waits briefly for a hash slot; refuses when the queue is full or the wait runs out.
pub async fn admit() -> Result<Admission, Busy> {
    if let Ok(permit) = GATE.slots.clone().try_acquire_owned() {
        return Ok(Admission(permit));
    }
    if GATE.waiting.fetch_add(1, Ordering::AcqRel) >= MAX_WAITING {
        GATE.waiting.fetch_sub(1, Ordering::AcqRel);
        return Err(Busy);
    }
    let waited = tokio::time::timeout(MAX_WAIT, GATE.slots.clone().acquire_owned()).await;
    GATE.waiting.fetch_sub(1, Ordering::AcqRel);
    match waited {
        Ok(Ok(permit)) => Ok(Admission(permit)),
        _ => Err(Busy),
    }
}

/// Hashes on a blocking thread: argon2 is deliberately slow and would stall the async workers.
pub async fn hash(password: String) -> anyhow::Result<String> {
    let admission = admit().await?;
    tokio::task::spawn_blocking(move || {
        let _slot = admission;
        hasher()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("could not hash a password: {e}"))
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
    tokio::task::spawn_blocking(move || {
        let _slot = admission;
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.clone());
        let parsed = PasswordHash::new(&stored)
            .map_err(|e| anyhow::anyhow!("a stored password hash is malformed: {e}"))?;
        Ok(hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok())
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
