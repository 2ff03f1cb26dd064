//! Another district's data stays invisible: basics, route walks, the isolation matrix and the RLS catalogue.

mod basics;
pub mod isolation_matrix;
pub(crate) mod rls_catalogue;
mod walks;
