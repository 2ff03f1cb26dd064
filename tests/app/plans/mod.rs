//! The plan: its page, items, sheets, benchmarks, review and scoping.

mod benchmarks;
mod next_year;
mod plan;
mod progress;
mod review;
mod review_events;
mod scoping;
mod sheets;
