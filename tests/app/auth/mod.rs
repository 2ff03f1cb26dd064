//! Signing in: throttling, redirects, sessions, and the bounded hashing under a flood.

mod flood;
mod sign_in;
