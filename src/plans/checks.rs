//! Guidance checks (being written).
