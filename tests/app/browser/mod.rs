//! End-to-end journeys in a real Chromium.

mod highlights;
mod journeys;
mod progress;
mod work;
