//! Activity statuses, benchmark measurements and their progress.

mod benchmarks;
mod measurements;
mod statuses;
