//! How many sign-in attempts one client address may make, whichever emails it types: spraying one
//! password across many accounts costs nothing per email, so it is capped per address.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Attempts an address may make in a burst (a school's shared network signing in at 8 a.m.).
pub const BURST: u32 = 30;
/// After the burst, one more attempt per this interval.
pub const REFILL: Duration = Duration::from_secs(2);
/// Addresses remembered before idle ones are forgotten.
const SWEEP_AT: usize = 10_000;

/// The per-address allowance, shared by every request to the sign-in form.
#[derive(Clone)]
pub struct SignInLimits {
    limiter: Arc<DefaultKeyedRateLimiter<IpAddr>>,
}

impl Default for SignInLimits {
    fn default() -> Self {
        let burst = NonZeroU32::new(BURST).expect("the burst is not zero");
        let quota = Quota::with_period(REFILL)
            .expect("the refill interval is not zero")
            .allow_burst(burst);
        Self {
            limiter: Arc::new(RateLimiter::keyed(quota)),
        }
    }
}

impl SignInLimits {
    /// `None` if `client` may attempt now; otherwise the seconds to wait.
    pub fn check(&self, client: ClientAddress) -> Option<u64> {
        if self.limiter.len() > SWEEP_AT {
            self.limiter.retain_recent();
        }
        match self.limiter.check_key(&client.key()) {
            Ok(()) => None,
            Err(not_until) => {
                let wait = not_until.wait_time_from(DefaultClock::default().now());
                Some(wait.as_secs().max(1))
            }
        }
    }
}

/// The address a request came from, as the server saw it (no proxy headers are trusted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub Option<IpAddr>);

impl ClientAddress {
    /// The key attempts are counted under. One IPv6 host usually has a whole /64 to pick from,
    /// so the /64 counts as one address. Served without connection info (never by `serve`), every
    /// request shares one key rather than failing.
    pub fn key(self) -> IpAddr {
        match self.0 {
            Some(IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
                let segments = v6.segments();
                IpAddr::V6(Ipv6Addr::new(
                    segments[0],
                    segments[1],
                    segments[2],
                    segments[3],
                    0,
                    0,
                    0,
                    0,
                ))
            }
            Some(IpAddr::V6(v6)) => IpAddr::V4(v6.to_ipv4_mapped().expect("checked above")),
            Some(v4) => v4,
            None => IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|info| info.0.ip()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gets_its_burst_and_then_waits() {
        let limits = SignInLimits::default();
        let one = ClientAddress(Some("192.0.2.1".parse().unwrap()));
        let two = ClientAddress(Some("192.0.2.2".parse().unwrap()));
        for _ in 0..BURST {
            assert_eq!(limits.check(one), None);
        }
        assert!(limits.check(one).is_some_and(|s| s >= 1));
        assert_eq!(limits.check(two), None, "another address is not affected");
    }

    #[test]
    fn an_ipv6_host_counts_as_its_slash_64() {
        let a = ClientAddress(Some("2001:db8:1:2::1".parse().unwrap()));
        let b = ClientAddress(Some("2001:db8:1:2:ffff::9".parse().unwrap()));
        assert_eq!(a.key(), b.key());
        let mapped = ClientAddress(Some("::ffff:192.0.2.7".parse().unwrap()));
        assert_eq!(mapped.key(), "192.0.2.7".parse::<IpAddr>().unwrap());
        assert_eq!(ClientAddress(None).key(), IpAddr::from([0, 0, 0, 0]));
    }
}
