//! The roles people hold: in one district, or at ESE for every district.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A role inside one district.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, sqlx::Type,
)]
#[sqlx(type_name = "district_role", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum DistrictRole {
    Superintendent,
    PlanManager,
    PlanMonitor,
    DistrictLeader,
}

/// A role at the state agency, valid for every district.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, sqlx::Type)]
#[sqlx(type_name = "ese_role", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum EseRole {
    EseStaff,
    EseAdmin,
}

impl DistrictRole {
    pub const ALL: [Self; 4] = [
        Self::Superintendent,
        Self::PlanManager,
        Self::PlanMonitor,
        Self::DistrictLeader,
    ];

    pub fn label(self) -> &'static str {
        Role::from(self).label()
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Superintendent => "superintendent",
            Self::PlanManager => "plan_manager",
            Self::PlanMonitor => "plan_monitor",
            Self::DistrictLeader => "district_leader",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.key() == key)
    }
}

impl EseRole {
    pub const ALL: [Self; 2] = [Self::EseStaff, Self::EseAdmin];

    pub fn label(self) -> &'static str {
        Role::from(self).label()
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::EseStaff => "ese_staff",
            Self::EseAdmin => "ese_admin",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// Every role, district or global, for the permission table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Superintendent,
    PlanManager,
    PlanMonitor,
    DistrictLeader,
    EseStaff,
    EseAdmin,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Self::Superintendent => "Superintendent",
            Self::PlanManager => "Plan manager",
            Self::PlanMonitor => "Plan monitor",
            Self::DistrictLeader => "District leader",
            Self::EseStaff => "ESE staff",
            Self::EseAdmin => "ESE administrator",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl From<DistrictRole> for Role {
    fn from(role: DistrictRole) -> Self {
        match role {
            DistrictRole::Superintendent => Self::Superintendent,
            DistrictRole::PlanManager => Self::PlanManager,
            DistrictRole::PlanMonitor => Self::PlanMonitor,
            DistrictRole::DistrictLeader => Self::DistrictLeader,
        }
    }
}

impl From<EseRole> for Role {
    fn from(role: EseRole) -> Self {
        match role {
            EseRole::EseStaff => Self::EseStaff,
            EseRole::EseAdmin => Self::EseAdmin,
        }
    }
}
