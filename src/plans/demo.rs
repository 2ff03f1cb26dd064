//! Demo plans (being written).
