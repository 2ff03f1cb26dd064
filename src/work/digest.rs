//! The weekly digest.
