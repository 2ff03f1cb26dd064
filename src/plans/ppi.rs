//! Final outcomes as the state's accountability targets: the Progress and Performance Index
//! (PPI) targets ESE sets for all students and for high-needs students (seed 003).

use serde::{Deserialize, Serialize};

/// The group a final outcome's Progress and Performance Index target is for (seed 003).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[sqlx(type_name = "ppi_group", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum PpiGroup {
    Aggregate,
    HighNeeds,
}

impl PpiGroup {
    pub const ALL: [Self; 2] = [Self::Aggregate, Self::HighNeeds];

    pub fn key(self) -> &'static str {
        match self {
            Self::Aggregate => "aggregate",
            Self::HighNeeds => "high_needs",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Aggregate => "PPI target, all students (aggregate)",
            Self::HighNeeds => "PPI target, high-needs students",
        }
    }
}
