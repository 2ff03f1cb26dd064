//! Bounds argon2's cost: a few hashing threads, a short queue for them, and the same memory
//! reused by each thread from one hash to the next.

use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex, mpsc};
use std::time::Duration;

use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use rand::Rng;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

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
    hashers: mpsc::Sender<Job>,
}

type Job = Box<dyn FnOnce() + Send>;

static GATE: LazyLock<Gate> = LazyLock::new(|| {
    let threads = concurrent_hashes();
    Gate {
        slots: Arc::new(Semaphore::new(threads)),
        waiting: AtomicUsize::new(0),
        hashers: start_hashers(threads),
    }
});

/// Hashes run on a few threads of their own, one per slot, each with its own argon2 memory
/// (see [`MEMORY`]).
fn start_hashers(threads: usize) -> mpsc::Sender<Job> {
    let (sender, receiver) = mpsc::channel::<Job>();
    let receiver = Arc::new(Mutex::new(receiver));
    for n in 0..threads {
        let receiver = receiver.clone();
        std::thread::Builder::new()
            .name(format!("password-hash-{n}"))
            .spawn(move || {
                loop {
                    let job = match receiver.lock() {
                        Ok(jobs) => jobs.recv(),
                        Err(_) => return,
                    };
                    let Ok(job) = job else { return };
                    // A failed hash must not take the thread with it.
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                }
            })
            .expect("could not start a password-hashing thread");
    }
    sender
}

/// Runs `work` on a hashing thread, in the slot `admission` holds until the work is done.
pub(super) async fn on_hasher<T: Send + 'static>(
    admission: Admission,
    work: impl FnOnce() -> T + Send + 'static,
) -> anyhow::Result<T> {
    let (done, result) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _slot = admission;
        let _ = done.send(work());
    });
    GATE.hashers
        .send(job)
        .map_err(|_| anyhow::anyhow!("the password-hashing threads have stopped"))?;
    result
        .await
        .map_err(|_| anyhow::anyhow!("a password hash did not finish"))
}

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

thread_local! {
    /// Each hashing thread's argon2 memory, kept between hashes. Left to the allocator, every
    /// hash took a fresh 19 MiB, and freed blocks were not handed back: resident memory grew by
    /// about 19 MiB every other hash, to hundreds of megabytes under a flood.
    static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

fn with_memory<T>(params: &Params, work: impl FnOnce(&mut [Block]) -> T) -> T {
    MEMORY.with_borrow_mut(|memory| {
        memory.resize(params.block_count(), Block::default());
        work(memory)
    })
}

/// A PHC string (`$argon2id$v=19$m=…`) for `password` with a new random salt.
pub(super) fn hash_in_place(hasher: &Argon2<'_>, password: &[u8]) -> anyhow::Result<String> {
    let fail = |e: &dyn std::fmt::Display| anyhow::anyhow!("could not hash a password: {e}");
    let mut salt = [0u8; 16];
    rand::rng().fill(&mut salt);
    let mut out = [0u8; 32];
    let params = hasher.params();
    with_memory(params, |memory| {
        hasher.hash_password_into_with_memory(password, &salt, &mut out, memory)
    })
    .map_err(|e| fail(&e))?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(params).map_err(|e| fail(&e))?,
        salt: Some(Salt::new(&salt).map_err(|e| fail(&e))?),
        hash: Some(Output::new(&out).map_err(|e| fail(&e))?),
    };
    Ok(hash.to_string())
}

/// Whether `password` matches the PHC string `stored`, with whatever parameters it was made.
pub(super) fn verify_in_place(password: &[u8], stored: &str) -> anyhow::Result<bool> {
    let malformed =
        |e: &dyn std::fmt::Display| anyhow::anyhow!("a stored password hash is malformed: {e}");
    let parsed = PasswordHash::new(stored).map_err(|e| malformed(&e))?;
    let algorithm = Algorithm::try_from(parsed.algorithm.as_str()).map_err(|e| malformed(&e))?;
    let version = match parsed.version {
        Some(v) => Version::try_from(v).map_err(|e| malformed(&e))?,
        None => Version::default(),
    };
    let params = Params::try_from(&parsed).map_err(|e| malformed(&e))?;
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return Err(anyhow::anyhow!(
            "a stored password hash has no salt or output"
        ));
    };
    let mut out = vec![0u8; expected.len()];
    let hasher = Argon2::new(algorithm, version, params.clone());
    with_memory(&params, |memory| {
        hasher.hash_password_into_with_memory(password, &salt, &mut out, memory)
    })
    .map_err(|e| malformed(&e))?;
    // Constant time: how much of the hash matched must not show in the timing.
    let difference = out
        .iter()
        .zip(expected.as_bytes())
        .fold(0u8, |acc, (a, b)| acc | (a ^ b));
    Ok(difference == 0)
}
