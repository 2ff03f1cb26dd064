//! The QPR rubric (seed 002 Appendix G): one enum per scale, each level with the seed's own name
//! and description. Forms, pages, checks and the ratings grid all read them from here.

use serde::{Deserialize, Serialize};

/// "Improvement Process Stages: rating describes the phase of implementation for the initiative."
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, sqlx::Type,
)]
#[sqlx(type_name = "process_rating", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum ProcessRating {
    Problematic,
    Technical,
    PracticesInPlace,
    FullyEmbedded,
}

/// "Performance Ratings: rating describes the results to date."
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, sqlx::Type,
)]
#[sqlx(type_name = "performance_rating", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum PerformanceRating {
    NotReached,
    PartiallyReached,
    Reached,
    ReachedHigh,
}

impl ProcessRating {
    /// From the earliest stage to "Fully Embedded".
    pub const ALL: [Self; 4] = [
        Self::Problematic,
        Self::Technical,
        Self::PracticesInPlace,
        Self::FullyEmbedded,
    ];
    pub const SCALE: &'static str = "Process (implementation stage)";

    pub fn key(self) -> &'static str {
        match self {
            Self::Problematic => "problematic",
            Self::Technical => "technical",
            Self::PracticesInPlace => "practices_in_place",
            Self::FullyEmbedded => "fully_embedded",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Problematic => "Problematic Implementation/At-Risk",
            Self::Technical => "Technical Implementation Stage",
            Self::PracticesInPlace => "Practices in Place Stage",
            Self::FullyEmbedded => "Fully Embedded Stage",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Self::Problematic => {
                "A number of activities have not yet begun or are in the early stages. Initiative is \
                 under-developed or inadequate steps have been taken to implement the initiative effectively."
            }
            Self::Technical => {
                "The stated activities have been completed. More work or time is needed for the initiative \
                 to be fully implemented with quality and consistency across the district."
            }
            Self::PracticesInPlace => {
                "Initiative is being fully and effectively implemented and practices and resources are in \
                 place for the initiative to be implemented with quality and consistency."
            }
            Self::FullyEmbedded => {
                "Initiative is fully embedded in the practice of professionals so that it is likely to \
                 continue being implemented effectively with quality and consistency."
            }
        }
    }

    /// 1 to 4, for grids and trends.
    pub fn level(self) -> u8 {
        self as u8 + 1
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.key() == key)
    }
}

impl PerformanceRating {
    /// From goals not reached to high goals reached consistently.
    pub const ALL: [Self; 4] = [
        Self::NotReached,
        Self::PartiallyReached,
        Self::Reached,
        Self::ReachedHigh,
    ];
    pub const SCALE: &'static str = "Performance (results to date)";

    pub fn key(self) -> &'static str {
        match self {
            Self::NotReached => "not_reached",
            Self::PartiallyReached => "partially_reached",
            Self::Reached => "reached",
            Self::ReachedHigh => "reached_high",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::NotReached => "Performance Goals Not Reached",
            Self::PartiallyReached => "Partially Reached Performance Goals",
            Self::Reached => "Reached Performance Goals",
            Self::ReachedHigh => "Reached High Performance Goals Consistently",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Self::NotReached => {
                "There is little evidence that there is early evidence of change or that outcomes are \
                 being met. The Plan's benchmarks for this initiative (early evidence of change \
                 benchmarks, short-term outcomes, and/or long-term outcomes) were not met in this \
                 monitoring period, and there was insufficient improvement in performance. This may be \
                 the case even when the process rating is further advanced."
            }
            Self::PartiallyReached => {
                "There is some evidence of an impact on outcomes. The Plan's benchmarks for this \
                 initiative (early evidence of change benchmarks, short-term outcomes, and/or long-term \
                 outcomes) may not have been met in this monitoring period, but there was progress."
            }
            Self::Reached => {
                "There is strong evidence that the outcomes are being met. The Plan's benchmarks for this \
                 initiative (early evidence of change benchmarks, short-term outcomes, and/or long-term \
                 outcomes) were met in this monitoring period. Or, there were high and improving levels \
                 of benchmark performance."
            }
            Self::ReachedHigh => {
                "There is strong evidence that the outcomes will continue to be met. The Plan's short and \
                 long term outcomes for this initiative were high. And, the outcomes were reached; or, \
                 substantial improvement and high levels of performance were consistent over time. There \
                 is strong evidence that there will be further improvement over time."
            }
        }
    }

    pub fn level(self) -> u8 {
        self as u8 + 1
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.key() == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::forms::assert_keys_round_trip;

    #[test]
    fn each_scale_runs_from_level_one_to_four_in_the_seed_order() {
        let levels: Vec<u8> = ProcessRating::ALL.iter().map(|r| r.level()).collect();
        assert_eq!(levels, [1, 2, 3, 4]);
        assert_eq!(ProcessRating::FullyEmbedded.label(), "Fully Embedded Stage");
        assert_eq!(PerformanceRating::ALL.map(|r| r.level()), [1, 2, 3, 4]);
        assert!(
            PerformanceRating::NotReached
                .description()
                .contains("process rating is further advanced")
        );
    }

    #[test]
    fn keys_round_trip() {
        assert_keys_round_trip(
            &ProcessRating::ALL,
            ProcessRating::key,
            ProcessRating::parse,
        );
        assert_keys_round_trip(
            &PerformanceRating::ALL,
            PerformanceRating::key,
            PerformanceRating::parse,
        );
        assert_eq!(ProcessRating::parse("embedded"), None);
    }
}
