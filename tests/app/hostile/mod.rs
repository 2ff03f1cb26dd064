//! Hostile input and races: control characters, fuzzed forms, double clicks and lost updates.

mod fuzz_forms;
mod input;
mod races;
