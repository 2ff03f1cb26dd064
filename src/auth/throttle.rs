//! Slows password guessing without locking the owner out.
//!
//! OWASP's Authentication cheat sheet counts failures per account (so many addresses cannot each
//! take a fresh allowance), prefers an exponential delay to a fixed lockout, and warns that a
//! lockout anyone can trigger is a denial of service against the real owner. So: failures are
//! counted per typed email *and* client address. The first [`FREE_FAILURES`] cost nothing; after
//! that the address must wait a delay that doubles with each failure, up to [`MAX_DELAY_SECONDS`].
//! Failures for the same email from other addresses add a tenth each to the delay's step, so a
//! spread-out attack on one account slows every address that takes part. An address that has
//! not failed for this email is never held back, so the owner signing in from their own
//! network gets in with the right password whatever an attacker elsewhere does.
//!
//! Each attempt is counted *before* its password is checked, in one statement holding the row's
//! lock, so concurrent guesses cannot all slip under the limit; a correct password removes the
//! count again.

use sqlx::PgPool;

/// Failures from one address for one email that need no wait.
pub const FREE_FAILURES: i32 = 5;
/// The longest wait between attempts.
pub const MAX_DELAY_SECONDS: i32 = 15 * 60;
/// Failures older than this are forgotten (longer than the longest wait, so waiting it out does
/// not reset the count).
pub const WINDOW_MINUTES: i32 = 60;

/// Whether this attempt may go on to the password check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    Allowed,
    /// Try again after this many seconds.
    Wait(i64),
}

/// The delay after the `steps`-th counted failure, as SQL.
fn delay(steps: &str) -> String {
    format!(
        "CASE WHEN {steps} < {FREE_FAILURES} THEN interval '0' \
         ELSE make_interval(secs => least(power(2, least({steps} - {FREE_FAILURES}, 20)), {MAX_DELAY_SECONDS})) END"
    )
}

/// Counts an attempt for `email` from `address` if the address may try now.
pub async fn begin(pool: &PgPool, email: &str, address: &str) -> sqlx::Result<Attempt> {
    let others = "(SELECT n FROM others)";
    let fresh = format!("1 + {others} / 10");
    let counted = format!("a.failures + 1 + {others} / 10");
    let sql = format!(
        "WITH others AS ( \
             SELECT coalesce(sum(failures), 0)::int AS n FROM sign_in_attempts \
             WHERE email = $1 AND address <> $2 AND last_failed_at > now() - make_interval(mins => $3)) \
         INSERT INTO sign_in_attempts AS a (email, address, failures, last_failed_at, next_attempt_at) \
         SELECT $1, $2, 1, now(), now() + {fresh_delay} FROM others \
         ON CONFLICT (email, address) DO UPDATE SET \
             failures = CASE WHEN a.last_failed_at < now() - make_interval(mins => $3) THEN 1 ELSE a.failures + 1 END, \
             last_failed_at = now(), \
             next_attempt_at = now() + CASE WHEN a.last_failed_at < now() - make_interval(mins => $3) \
                 THEN {fresh_delay} ELSE {counted_delay} END \
         WHERE a.next_attempt_at <= now() OR a.last_failed_at < now() - make_interval(mins => $3) \
         RETURNING a.failures",
        fresh_delay = delay(&fresh),
        counted_delay = delay(&counted),
    );
    let counted: Option<i32> = sqlx::query_scalar(&sql)
        .bind(email)
        .bind(address)
        .bind(WINDOW_MINUTES)
        .fetch_optional(pool)
        .await?;
    if counted.is_some() {
        return Ok(Attempt::Allowed);
    }
    let wait: Option<i64> = sqlx::query_scalar(
        "SELECT ceil(extract(epoch FROM next_attempt_at - now()))::bigint FROM sign_in_attempts \
         WHERE email = $1 AND address = $2",
    )
    .bind(email)
    .bind(address)
    .fetch_optional(pool)
    .await?;
    Ok(Attempt::Wait(wait.unwrap_or(1).max(1)))
}

/// The attempt turned out to be this address's owner: forget its failures (and sweep old ones).
pub async fn succeeded(pool: &PgPool, email: &str, address: &str) -> sqlx::Result<()> {
    sqlx::query(
        "DELETE FROM sign_in_attempts WHERE (email = $1 AND address = $2) \
         OR last_failed_at < now() - interval '1 day'",
    )
    .bind(email)
    .bind(address)
    .execute(pool)
    .await?;
    Ok(())
}

/// The password check could not run (the server was too busy): this attempt does not count.
pub async fn not_checked(pool: &PgPool, email: &str, address: &str) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE sign_in_attempts SET failures = greatest(failures - 1, 0) \
         WHERE email = $1 AND address = $2",
    )
    .bind(email)
    .bind(address)
    .execute(pool)
    .await?;
    Ok(())
}

/// "15 seconds", "3 minutes": how long to wait, for the sign-in page.
pub fn describe_wait(seconds: i64) -> String {
    match seconds {
        s if s <= 1 => "a second".to_string(),
        s if s < 90 => format!("{s} seconds"),
        s => format!("{} minutes", (s + 59) / 60),
    }
}
