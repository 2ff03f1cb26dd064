//! The demo's people whom tests sign in as (password [`super::DEMO_PASSWORD`]).

pub const ADMIN: &str = "ese.admin@demo.test";
pub const ESE: &str = "ese.staff@demo.test";
pub const MANAGER: &str = "manager.randolph@demo.test";
pub const SUPT: &str = "supt.randolph@demo.test";
pub const LEADER: &str = "leader.randolph@demo.test";
/// Randolph's plan monitor.
pub const MONITOR: &str = "monitor.east@demo.test";

/// Each demo district (by address name) with its plan manager.
pub const PLAN_MANAGERS: [(&str, &str); 3] = [
    ("randolph", MANAGER),
    ("new-bedford", "manager.newbedford@demo.test"),
    ("fall-river", "manager.fallriver@demo.test"),
];
