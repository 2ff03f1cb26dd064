//! Guidance checks: every place a plan departs from ESE's guidance (seeds 001–003), each pointing
//! at the item it concerns. Pure functions over a loaded [`PlanTree`], one per rule.

use std::collections::HashMap;

use chrono::NaiveDate;
use uuid::Uuid;

mod dates;
mod outcomes;

pub use self::dates::{targets_fall_in_the_plan_years, who_will_do_what_by_when};
pub use self::outcomes::{
    final_outcomes_with_dates, ppi_targets_for_aggregate_and_high_needs_students,
};

use super::model::{Activity, Benchmark, BenchmarkKind, PlanTree};
use crate::calendar;

/// Seed 002 §6 and Appendix C: Section 1 is at most 1,000 words.
pub const SECTION_ONE_MAX_WORDS: usize = 1000;
/// Activities running longer than this many whole months must say how they are monitored.
const LONG_ACTIVITY_MONTHS: i32 = 3;

/// One departure from the guidance, pointing at the item it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    /// Plain-language sentence for a superintendent, naming the item, e.g.
    /// "Initiative 2.3 has no early-evidence indicator." (PlanTree numbering).
    pub message: String,
    /// The HTML id of the item on the plan page, used as a link target "#anchor":
    /// "section-1", "objectives", "final-outcomes" or "{objective|initiative|benchmark|activity}-{uuid}".
    pub anchor: String,
}

/// One variant per rule, in the order `check` runs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    SectionOneLength,
    ObjectiveCount,
    FinalOutcomes,
    InitiativesPerObjective,
    ObjectiveLead,
    InitiativeLead,
    InitiativeIndicators,
    BenchmarkSpecifics,
    ActivityLead,
    ActivityDates,
    InterimMonitoring,
    TargetDates,
    PpiTargets,
}

/// The guidance sentences, indexed by `Rule as usize`.
const GUIDANCE: [&str; 13] = [
    "The summary statement should be a maximum of 1,000 words.",
    "The Objectives for improvement must succinctly describe three to five overarching areas of focus.",
    "Describe the specific, measurable, final end-of-year outcomes the district aims to achieve by implementing the Plan. Include dates for each outcome.",
    "There should be no more than five Initiatives for each objective.",
    "Overall Lead for this Objective (one person)",
    "Lead for this Initiative (one person)",
    "The plan should also describe the expected early evidence of change and the expected short-term outcomes that will serve as indicators and success criteria for each Initiative.",
    "All stakeholders should be able to read a given benchmark and have the same understanding of what the target is, when it is expected to be reached, and how we will know if it has been reached.",
    "Time frames should be specific, and it should be very clear who will lead each activity. Generalized notations like “All” or “To be determined” should be avoided.",
    "The plan must clearly define who will do what and by when.",
    "All Activities with a long timeframe (Sept – June) should include information regarding how and when the district will monitor progress in the interim.",
    "Describe the specific, measurable, final end-of-year outcomes the district aims to achieve by implementing the Plan. Include dates for each outcome.",
    "Final Outcomes include, at minimum, the district’s Progress and Performance Index (PPI) targets outlined by ESE for aggregate and high needs students.",
];

impl Rule {
    /// A finding about the item with the HTML id "{kind}-{id}".
    fn on(self, kind: &str, id: Uuid, message: String) -> Finding {
        at(self, anchor(kind, id), message)
    }

    /// The guidance sentence the rule enforces, quoted from the seed named on its check function.
    pub fn guidance(self) -> &'static str {
        GUIDANCE[self as usize]
    }
}

/// Runs every rule; findings come in plan order (Section 1, the objectives list, final outcomes,
/// then each strategy sheet: objective, initiative, its benchmarks, its activities).
pub fn check(tree: &PlanTree) -> Vec<Finding> {
    let rules: [fn(&PlanTree) -> Vec<Finding>; 13] = [
        summary_statement_maximum_1000_words,
        three_to_five_objectives,
        final_outcomes_with_dates,
        ppi_targets_for_aggregate_and_high_needs_students,
        no_more_than_five_initiatives_per_objective,
        one_overall_lead_per_objective,
        one_lead_per_initiative,
        early_evidence_and_short_term_outcomes_for_each_initiative,
        benchmark_states_target_date_and_evidence,
        clear_who_leads_each_activity,
        who_will_do_what_by_when,
        long_activities_monitored_in_the_interim,
        targets_fall_in_the_plan_years,
    ];
    let order = plan_order(tree);
    let mut findings: Vec<Finding> = rules.iter().flat_map(|rule| rule(tree)).collect();
    findings.sort_by_key(|f| order.get(&f.anchor).copied().unwrap_or(usize::MAX));
    findings
}

/// Whitespace-separated words.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Seed 002 §6: "The summary statement should be a maximum of 1,000 words."
pub fn summary_statement_maximum_1000_words(tree: &PlanTree) -> Vec<Finding> {
    let words = tree.plan.section_one_words();
    let message = format!(
        "Section 1 has {} words; the summary statement should be at most 1,000.",
        thousands(words)
    );
    let finding = at(Rule::SectionOneLength, "section-1".into(), message);
    if words > SECTION_ONE_MAX_WORDS {
        vec![finding]
    } else {
        vec![]
    }
}

/// Seed 002 §6: "The Objectives for improvement must succinctly describe three to five
/// overarching areas of focus."
pub fn three_to_five_objectives(tree: &PlanTree) -> Vec<Finding> {
    let message = match tree.objectives.len() {
        3..=5 => return vec![],
        0 => "The plan has no strategic objectives; it should have three to five.".to_string(),
        1 => "The plan has 1 strategic objective; it should have three to five.".to_string(),
        n => format!("The plan has {n} strategic objectives; it should have three to five."),
    };
    vec![at(Rule::ObjectiveCount, "objectives".into(), message)]
}

/// Seed 002 §6: "There should be no more than five Initiatives for each objective."
pub fn no_more_than_five_initiatives_per_objective(tree: &PlanTree) -> Vec<Finding> {
    let mut out = vec![];
    for objective in &tree.objectives {
        let n = tree.initiatives_of(objective.id).count();
        if n > 5 {
            let number = tree.objective_number(objective.id);
            let message = format!(
                "Objective {number} has {n} initiatives; there should be no more than five."
            );
            out.push(Rule::InitiativesPerObjective.on("objective", objective.id, message));
        }
    }
    out
}

/// Seed 002 Appendix C, Strategy Sheet B: "Overall Lead for this Objective (one person)".
pub fn one_overall_lead_per_objective(tree: &PlanTree) -> Vec<Finding> {
    let mut out = vec![];
    for objective in &tree.objectives {
        let item = format!("Objective {}", tree.objective_number(objective.id));
        if let Some(message) = lead_problem(&item, &objective.lead) {
            out.push(Rule::ObjectiveLead.on("objective", objective.id, message));
        }
    }
    out
}

/// Seed 002 Appendix C, Strategy Sheet D: "Lead for this Initiative (one person)".
pub fn one_lead_per_initiative(tree: &PlanTree) -> Vec<Finding> {
    let mut out = vec![];
    for initiative in &tree.initiatives {
        let item = format!("Initiative {}", tree.initiative_number(initiative));
        if let Some(message) = lead_problem(&item, &initiative.lead) {
            out.push(Rule::InitiativeLead.on("initiative", initiative.id, message));
        }
    }
    out
}

/// Seed 002 §6: "The plan should also describe the expected early evidence of change and the
/// expected short-term outcomes that will serve as indicators and success criteria for each
/// Initiative."
pub fn early_evidence_and_short_term_outcomes_for_each_initiative(tree: &PlanTree) -> Vec<Finding> {
    let mut out = vec![];
    let kinds = [
        (BenchmarkKind::EarlyEvidence, "early-evidence indicator"),
        (BenchmarkKind::ShortTermOutcome, "short-term outcome"),
    ];
    for initiative in &tree.initiatives {
        for (kind, noun) in kinds {
            if tree.benchmarks_of(initiative.id, kind).next().is_none() {
                let message = format!(
                    "Initiative {} has no {noun}.",
                    tree.initiative_number(initiative)
                );
                out.push(Rule::InitiativeIndicators.on("initiative", initiative.id, message));
            }
        }
    }
    out
}

/// Seed 003, Criteria for an Effective Benchmark, 2: "All stakeholders should be able to read a
/// given benchmark and have the same understanding of what the target is, when it is expected to
/// be reached, and how we will know if it has been reached." So each benchmark states its
/// measure, a dated target and its evidence source.
pub fn benchmark_states_target_date_and_evidence(tree: &PlanTree) -> Vec<Finding> {
    let mut out = vec![];
    for b in &tree.benchmarks {
        let missing: Vec<&str> = [
            (b.measure.trim().is_empty(), "no measure"),
            (tree.targets_of(b.id).next().is_none(), "no dated target"),
            (b.evidence_source.trim().is_empty(), "no evidence source"),
        ]
        .into_iter()
        .filter_map(|(is_missing, what)| is_missing.then_some(what))
        .collect();
        let list = match missing.split_last() {
            None => continue,
            Some((last, [])) => last.to_string(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        };
        let message = format!("{} has {list}.", benchmark_name(tree, b));
        out.push(Rule::BenchmarkSpecifics.on("benchmark", b.id, message));
    }
    out
}

/// Seed 001 Phase 4: "Time frames should be specific, and it should be very clear who will lead
/// each activity. Generalized notations like “All” or “To be determined” should be avoided."
pub fn clear_who_leads_each_activity(tree: &PlanTree) -> Vec<Finding> {
    let mut out = vec![];
    for activity in tree.activities.iter().filter(|a| is_placeholder(&a.lead)) {
        let lead = match activity.lead.trim() {
            "" => "has no lead".to_string(),
            lead => format!("is led by “{lead}”"),
        };
        let message = format!(
            "{} {lead}; name the person or role who will lead it.",
            activity_name(tree, activity)
        );
        out.push(Rule::ActivityLead.on("activity", activity.id, message));
    }
    out
}

/// Seed 002 Appendix B: "All Activities with a long timeframe (Sept – June) should include
/// information regarding how and when the district will monitor progress in the interim."
/// Long means more than three whole months from start to completion.
pub fn long_activities_monitored_in_the_interim(tree: &PlanTree) -> Vec<Finding> {
    let mut out = vec![];
    for activity in tree
        .activities
        .iter()
        .filter(|a| a.interim_monitoring.trim().is_empty())
    {
        let (Some(start), Some(end)) = (activity.starts_on, activity.completes_on) else {
            continue;
        };
        let months = calendar::months_between(start, end);
        if months > LONG_ACTIVITY_MONTHS {
            let message = format!(
                "{} runs {months} months ({} to {}) but does not say how progress will be \
                 monitored in between.",
                activity_name(tree, activity),
                start.format("%B %Y"),
                end.format("%B %Y")
            );
            out.push(Rule::InterimMonitoring.on("activity", activity.id, message));
        }
    }
    out
}

fn at(rule: Rule, anchor: String, message: String) -> Finding {
    Finding {
        rule,
        message,
        anchor,
    }
}

fn anchor(kind: &str, id: Uuid) -> String {
    format!("{kind}-{id}")
}

/// Each anchor's place on the plan page.
fn plan_order(tree: &PlanTree) -> HashMap<String, usize> {
    let mut anchors: Vec<String> = vec![
        "section-1".into(),
        "objectives".into(),
        "final-outcomes".into(),
    ];
    anchors.extend(tree.final_outcomes().map(|b| anchor("benchmark", b.id)));
    for objective in &tree.objectives {
        anchors.push(anchor("objective", objective.id));
        for initiative in tree.initiatives_of(objective.id) {
            anchors.push(anchor("initiative", initiative.id));
            for kind in BenchmarkKind::OF_INITIATIVE {
                anchors.extend(
                    tree.benchmarks_of(initiative.id, kind)
                        .map(|b| anchor("benchmark", b.id)),
                );
            }
            anchors.extend(
                tree.activities_of(initiative.id)
                    .map(|a| anchor("activity", a.id)),
            );
        }
    }
    anchors
        .into_iter()
        .enumerate()
        .map(|(place, a)| (a, place))
        .collect()
}

/// " of Initiative 2.3", or nothing for an item outside any initiative.
fn of_initiative(tree: &PlanTree, initiative_id: Option<Uuid>) -> String {
    let initiative = initiative_id.and_then(|id| tree.initiatives.iter().find(|i| i.id == id));
    initiative
        .map(|i| format!(" of Initiative {}", tree.initiative_number(i)))
        .unwrap_or_default()
}

/// "Activity 2 of Initiative 1.3".
fn activity_name(tree: &PlanTree, activity: &Activity) -> String {
    let mut siblings = tree.activities_of(activity.initiative_id);
    let place = siblings
        .position(|a| a.id == activity.id)
        .map_or(0, |p| p + 1);
    format!(
        "Activity {place}{}",
        of_initiative(tree, Some(activity.initiative_id))
    )
}

/// "Short-term outcome 1 of Initiative 2.3 (“80% of grade 3 students read…”)".
fn benchmark_name(tree: &PlanTree, benchmark: &Benchmark) -> String {
    let noun = match benchmark.kind {
        BenchmarkKind::Activity => "Process benchmark",
        BenchmarkKind::EarlyEvidence => "Early-evidence indicator",
        BenchmarkKind::ShortTermOutcome => "Short-term outcome",
        BenchmarkKind::FinalOutcome => "Final outcome",
    };
    let same =
        |b: &&Benchmark| b.initiative_id == benchmark.initiative_id && b.kind == benchmark.kind;
    let place = tree
        .benchmarks
        .iter()
        .filter(same)
        .position(|b| b.id == benchmark.id)
        .map_or(0, |p| p + 1);
    let words: Vec<&str> = benchmark.statement.split_whitespace().collect();
    let quote = match words.len() {
        0 => String::new(),
        1..=8 => format!(" (“{}”)", words.join(" ")),
        _ => format!(" (“{}…”)", words[..8].join(" ")),
    };
    format!(
        "{noun} {place}{}{quote}",
        of_initiative(tree, benchmark.initiative_id)
    )
}

/// What is wrong with an objective's or initiative's lead, which must be one named person.
fn lead_problem(item: &str, lead: &str) -> Option<String> {
    let lead = lead.trim();
    let several = names_several(lead);
    if normalized(lead).is_empty() {
        Some(format!("{item} has no lead; name one person."))
    } else if is_placeholder(lead) {
        Some(format!("{item} is led by “{lead}”; name one person."))
    } else if several {
        Some(format!(
            "{item} names more than one lead (“{lead}”); name one person."
        ))
    } else {
        None
    }
}

/// "Ann and Bo", "ELA/Math", "Ann; Bo", "Literacy & Math directors" name several people; a
/// title such as "Director of Teaching and Learning", or "Ana Ruiz, Principal", names one.
fn names_several(lead: &str) -> bool {
    if lead.contains(['&', '/', ';']) {
        return true;
    }
    let lower = lead.to_lowercase();
    match lower.find(" and ") {
        // "Director of Teaching and Learning", "Assistant Superintendent for Teaching and Learning".
        Some(at) => ![" of ", " for ", " in "]
            .iter()
            .any(|word| lower[..at].contains(word)),
        None => false,
    }
}

/// Empty, "All", "All staff", "TBD.", "T.B.D.", "To be determined", "N/A": no one in particular.
fn is_placeholder(lead: &str) -> bool {
    let lead = normalized(lead);
    let placeholders = "|all|everyone|tbd|tba|tbc|to be determined|to be decided|n/a|na|none";
    placeholders.split('|').any(|p| p == lead) || lead.starts_with("all ")
}

/// Lower case, single spaces, no dots, no punctuation at either end: " T.B.D. " → "tbd".
fn normalized(lead: &str) -> String {
    let words = lead
        .trim_matches(|c: char| !c.is_alphanumeric())
        .replace('.', "");
    words
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// "September 1, 2025".
fn long_date(date: NaiveDate) -> String {
    date.format("%B %-d, %Y").to_string()
}

/// 1234 → "1,234".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests;
