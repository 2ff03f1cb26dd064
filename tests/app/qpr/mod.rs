//! Quarterly Progress Reports: prefill, ratings, process, peer review and the public page.

mod demo;
mod peer_review;
mod prefill;
mod process;
mod public;
mod public_index;
mod ratings;
mod report;
mod requests;
