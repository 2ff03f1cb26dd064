//! Throughline: Accelerated Improvement Planning for districts and the state education agency.
//!
//! Features live in their own folders (`districts/`, `people/`, …) with their routes, SQL and forms;
//! the cross-cutting parts are the tenancy gate (`access`), sign-in (`auth`), the database (`db`),
//! errors (`error`) and the shared web helpers (`web`).

pub mod access;
pub mod account;
pub mod app;
pub mod auth;
pub mod backup;
pub mod bench;
pub mod calendar;
pub mod cli;
pub mod config;
pub mod continuum;
pub mod dashboard;
pub mod db;
pub mod demo;
pub mod districts;
pub mod error;
pub mod evidence;
pub mod exports;
pub mod highlights;
pub mod home;
pub mod metrics;
pub mod notify;
pub mod ops;
pub mod people;
pub mod plans;
pub mod progress;
pub mod qpr;
pub mod state;
pub mod storage;
pub mod telemetry;
pub mod tls;
pub mod web;
pub mod work;
