//! The QPR rubric (seed 002 Appendix G): one enum per scale, each level with the seed's own name
//! and description. Forms, pages, checks and the ratings grid all read them from here.

use serde::{Deserialize, Serialize};

/// A scale of the rubric: its four levels from the first to the last, each with the key it is
/// stored and posted as, the seed's name and the seed's description.
macro_rules! scale {
    (
        $(#[$doc:meta])*
        $name:ident as $type_name:literal, $scale:literal {
            $($level:ident => $key:literal, $label:literal, $description:literal;)+
        }
    ) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
            sqlx::Type,
        )]
        #[sqlx(type_name = $type_name, rename_all = "snake_case")]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($level),+
        }

        impl $name {
            pub const ALL: [Self; 4] = [$(Self::$level),+];
            pub const SCALE: &'static str = $scale;

            pub fn key(self) -> &'static str {
                match self {
                    $(Self::$level => $key),+
                }
            }

            pub fn label(self) -> &'static str {
                match self {
                    $(Self::$level => $label),+
                }
            }

            pub fn description(self) -> &'static str {
                match self {
                    $(Self::$level => $description),+
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

        impl Level for $name {
            const ALL: [Self; 4] = [$(Self::$level),+];
            const SCALE: &'static str = $scale;

            fn key(self) -> &'static str {
                $name::key(self)
            }

            fn label(self) -> &'static str {
                $name::label(self)
            }

            fn description(self) -> &'static str {
                $name::description(self)
            }

            fn level(self) -> u8 {
                $name::level(self)
            }
        }
    };
}

/// A level of either scale, for the forms and pages that show both scales the same way.
pub trait Level: Copy + 'static {
    const ALL: [Self; 4];
    const SCALE: &'static str;
    fn key(self) -> &'static str;
    fn label(self) -> &'static str;
    fn description(self) -> &'static str;
    fn level(self) -> u8;
}

scale! {
    /// "Improvement Process Stages: rating describes the phase of implementation for the
    /// initiative." From the earliest stage to "Fully Embedded".
    ProcessRating as "process_rating", "Process (implementation stage)" {
        Problematic => "problematic", "Problematic Implementation/At-Risk",
            "A number of activities have not yet begun or are in the early stages. Initiative is \
             under-developed or inadequate steps have been taken to implement the initiative effectively.";
        Technical => "technical", "Technical Implementation Stage",
            "The stated activities have been completed. More work or time is needed for the initiative \
             to be fully implemented with quality and consistency across the district.";
        PracticesInPlace => "practices_in_place", "Practices in Place Stage",
            "Initiative is being fully and effectively implemented and practices and resources are in \
             place for the initiative to be implemented with quality and consistency.";
        FullyEmbedded => "fully_embedded", "Fully Embedded Stage",
            "Initiative is fully embedded in the practice of professionals so that it is likely to \
             continue being implemented effectively with quality and consistency.";
    }
}

scale! {
    /// "Performance Ratings: rating describes the results to date." From goals not reached to
    /// high goals reached consistently.
    PerformanceRating as "performance_rating", "Performance (results to date)" {
        NotReached => "not_reached", "Performance Goals Not Reached",
            "There is little evidence that there is early evidence of change or that outcomes are \
             being met. The Plan's benchmarks for this initiative (early evidence of change \
             benchmarks, short-term outcomes, and/or long-term outcomes) were not met in this \
             monitoring period, and there was insufficient improvement in performance. This may be \
             the case even when the process rating is further advanced.";
        PartiallyReached => "partially_reached", "Partially Reached Performance Goals",
            "There is some evidence of an impact on outcomes. The Plan's benchmarks for this \
             initiative (early evidence of change benchmarks, short-term outcomes, and/or long-term \
             outcomes) may not have been met in this monitoring period, but there was progress.";
        Reached => "reached", "Reached Performance Goals",
            "There is strong evidence that the outcomes are being met. The Plan's benchmarks for this \
             initiative (early evidence of change benchmarks, short-term outcomes, and/or long-term \
             outcomes) were met in this monitoring period. Or, there were high and improving levels \
             of benchmark performance.";
        ReachedHigh => "reached_high", "Reached High Performance Goals Consistently",
            "There is strong evidence that the outcomes will continue to be met. The Plan's short and \
             long term outcomes for this initiative were high. And, the outcomes were reached; or, \
             substantial improvement and high levels of performance were consistent over time. There \
             is strong evidence that there will be further improvement over time.";
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
