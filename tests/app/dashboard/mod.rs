//! ESE's dashboard: its table, filters and sorting.

pub mod fixture;
mod page;
mod sorting;
