//! What every page shares: the layout, flash messages, form helpers and the error pages.

pub mod conflict;
pub mod correction;
pub mod done;
pub mod errors;
pub mod flash;
pub mod forms;
pub mod layout;
pub mod meeting;
pub mod once;
pub mod open;
pub mod routes;
pub mod tokens;

pub use layout::Layout;
