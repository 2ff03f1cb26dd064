//! The integration tests: one binary, so one PostgreSQL cluster and one link of the crate serve
//! every test. Modules mirror `src/`; `support` starts the cluster, the app and the clients.

// The tenancy tests open database contexts by hand, to prove row-level security from outside the
// gate; fixtures write rows the same way.
#![allow(clippy::disallowed_methods)]

mod auth;
mod backup;
mod bench;
mod browser;
mod cli;
mod continuum;
mod dashboard;
mod districts;
mod evidence;
mod exports;
mod highlights;
mod hostile;
mod migrations;
mod notify;
mod ops;
mod outage;
mod plans;
mod progress;
mod qpr;
mod scale_out;
mod support;
mod tenancy;
mod work;
