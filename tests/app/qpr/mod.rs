//! Quarterly Progress Reports and the Summative Report: prefill, ratings, process, peer review,
//! presentations and the public page.

mod demo;
mod peer_review;
mod prefill;
mod presentations;
mod process;
mod public;
mod public_index;
mod ratings;
mod report;
mod requests;
mod summative;
mod summative_statements;
