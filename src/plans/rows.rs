//! Reading the district's rows by one id, the shape most single-thing reads take: `$1` the
//! district (so the query keeps to the scope's district) and `$2` the id.

pub use crate::db::scoped::by_id;
