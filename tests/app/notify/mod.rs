//! Notices, the inbox and the email outbox.

mod inbox;
mod notices;
mod outbox;
mod unsubscribe;
