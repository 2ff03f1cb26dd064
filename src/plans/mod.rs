//! Accelerated Improvement Plans: the plan page, editing every part, guidance checks, the
//! submit/approve workflow and the history of changes.

pub mod checks;
pub mod demo;
pub mod model;
