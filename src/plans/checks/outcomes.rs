//! The rules on a plan's final outcomes: that there are some, and that they include the state's
//! accountability targets.

use super::{Finding, Rule, at};
use crate::plans::model::{PlanTree, PpiGroup};

/// Seed 002 Appendix C, Section 1: "Describe the specific, measurable, final end-of-year outcomes
/// the district aims to achieve by implementing the Plan. Include dates for each outcome."
/// (Each final outcome's measure, target and date are checked with the other benchmarks.)
pub fn final_outcomes_with_dates(tree: &PlanTree) -> Vec<Finding> {
    if tree.final_outcomes().next().is_some() {
        return vec![];
    }
    let message =
        "The plan has no final outcomes; describe the end-of-year outcomes and their dates.";
    vec![at(
        Rule::FinalOutcomes,
        "final-outcomes".into(),
        message.into(),
    )]
}

/// Seed 003 (and seed 002 Appendix B): "Final Outcomes include, at minimum, the district's
/// Progress and Performance Index (PPI) targets outlined by ESE for aggregate and high needs
/// students." Only once the plan has final outcomes at all: before, the rule above says so.
pub fn ppi_targets_for_aggregate_and_high_needs_students(tree: &PlanTree) -> Vec<Finding> {
    if tree.final_outcomes().next().is_none() {
        return vec![];
    }
    PpiGroup::ALL
        .into_iter()
        .filter(|group| !tree.final_outcomes().any(|b| b.ppi_group == Some(*group)))
        .map(|group| {
            let students = match group {
                PpiGroup::Aggregate => "all students (aggregate)",
                PpiGroup::HighNeeds => "high-needs students",
            };
            let message = format!(
                "No final outcome is the PPI target for {students}; mark the one that is, or add it."
            );
            at(Rule::PpiTargets, "final-outcomes".into(), message)
        })
        .collect()
}
