//! The plan's dates: who does what by when, and targets reached while the plan runs. Each date
//! is checked against the plan's school years themselves; the forms refuse only dates beyond a
//! month either side, so a summer date is accepted there and still pointed out here.

use super::{Finding, Rule, activity_name, benchmark_name, long_date};
use crate::calendar;
use crate::plans::model::{Plan, PlanTree};
use chrono::NaiveDate;

/// Seed 002 §6: "The evidence that will be used to document outcomes should be clear and apparent
/// in the plan, and the plan must clearly define who will do what and by when." So every activity
/// starts and completes, in that order, inside the plan's school years.
pub fn who_will_do_what_by_when(tree: &PlanTree) -> Vec<Finding> {
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
            if let Some(date) = date
                && let Some(outside) = outside_the_years(&tree.plan, date)
            {
                messages.push(format!("{name} {verb} on {}, {outside}.", long_date(date)));
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
    let mut out = vec![];
    for benchmark in &tree.benchmarks {
        for target in tree.targets_of(benchmark.id) {
            let Some(outside) = outside_the_years(&tree.plan, target.due_on) else {
                continue;
            };
            let name = benchmark_name(tree, benchmark);
            let day = long_date(target.due_on);
            let message = format!("{name} has a target dated {day}, {outside}.");
            out.push(Rule::TargetDates.on("benchmark", benchmark.id, message));
        }
    }
    out
}

/// "before the plan's first school year (2025–2026) begins", or "after … ends", when `date` is
/// outside the plan's school years; none inside them.
fn outside_the_years(plan: &Plan, date: NaiveDate) -> Option<String> {
    let (first_day, last_day) = plan.span();
    if date < first_day {
        let year = calendar::school_year_label(plan.first_school_year.into());
        Some(format!(
            "before the plan's first school year ({year}) begins"
        ))
    } else if date > last_day {
        let year = calendar::school_year_label(plan.last_school_year.into());
        Some(format!("after the plan's last school year ({year}) ends"))
    } else {
        None
    }
}
