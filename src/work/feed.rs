//! The calendar feed.
