//! Highlight Discussions: scheduling, agenda, minutes and their workflow.

mod agenda;
mod demo;
mod minutes;
mod schedule;
mod schedule_ese;
pub mod schedule_helpers;
mod workflow;
