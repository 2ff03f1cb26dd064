//! End-to-end journeys in a real Chromium.

mod continuum;
mod highlights;
mod journeys;
mod progress;
mod summative;
mod work;
