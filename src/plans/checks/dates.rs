//! The plan's dates: who does what by when, and targets reached while the plan runs. Each date
//! is checked against the plan's school years themselves; the forms refuse only dates beyond a
//! month either side, so a summer date is accepted there and still pointed out here.

use super::{Finding, Rule, activity_name, benchmark_name, long_date};
use crate::calendar;
use crate::plans::model::PlanTree;

/// Seed 002 §6: "The evidence that will be used to document outcomes should be clear and apparent
/// in the plan, and the plan must clearly define who will do what and by when." So every activity
/// starts and completes, in that order, inside the plan's school years.
pub fn who_will_do_what_by_when(tree: &PlanTree) -> Vec<Finding> {
    let (first_day, last_day) = tree.plan.span();
    let first_year = calendar::school_year_label(tree.plan.first_school_year.into());
    let last_year = calendar::school_year_label(tree.plan.last_school_year.into());
    let mut out = vec![];
    for activity in &tree.activities {
        let name = activity_name(tree, activity);
        let mut messages = match (activity.starts_on, activity.completes_on) {
            (None, None) => vec![format!("{name} has no start or completion date.")],
            (None, Some(_)) => vec![format!("{name} has no start date.")],
            (Some(_), None) => vec![format!("{name} has no completion date.")],
            (Some(start), Some(end)) if end < start => vec![format!(
                "{name} is to be complete on {}, before it starts on {}.",
                long_date(end),
                long_date(start)
            )],
            _ => vec![],
        };
        for (verb, date) in [
            ("starts", activity.starts_on),
            ("completes", activity.completes_on),
        ] {
            match date {
                Some(d) if d < first_day => messages.push(format!(
                    "{name} {verb} on {}, before the plan's first school year ({first_year}) begins.",
                    long_date(d)
                )),
                Some(d) if d > last_day => messages.push(format!(
                    "{name} {verb} on {}, after the plan's last school year ({last_year}) ends.",
                    long_date(d)
                )),
                _ => {}
            }
        }
        out.extend(
            messages
                .into_iter()
                .map(|m| Rule::ActivityDates.on("activity", activity.id, m)),
        );
    }
    out
}

/// Seed 002 Appendix C, Section 1: "Describe the specific, measurable, final end-of-year outcomes
/// the district aims to achieve by implementing the Plan. Include dates for each outcome." So each
/// target, of a final outcome or of an initiative's benchmark, falls in the plan's school years:
/// a target of 2020 or 2040 is not reached by implementing a 2026–2029 plan.
pub fn targets_fall_in_the_plan_years(tree: &PlanTree) -> Vec<Finding> {
    let (first_day, last_day) = tree.plan.span();
    let first_year = calendar::school_year_label(tree.plan.first_school_year.into());
    let last_year = calendar::school_year_label(tree.plan.last_school_year.into());
    let mut out = vec![];
    for benchmark in &tree.benchmarks {
        for target in tree.targets_of(benchmark.id) {
            let name = benchmark_name(tree, benchmark);
            let day = long_date(target.due_on);
            let message = if target.due_on < first_day {
                format!(
                    "{name} has a target dated {day}, before the plan's first school year \
                     ({first_year}) begins."
                )
            } else if target.due_on > last_day {
                format!(
                    "{name} has a target dated {day}, after the plan's last school year \
                     ({last_year}) ends."
                )
            } else {
                continue;
            };
            out.push(Rule::TargetDates.on("benchmark", benchmark.id, message));
        }
    }
    out
}
