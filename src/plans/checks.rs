//! Guidance checks: every place a plan departs from ESE's guidance (seeds 001–003), each pointing
//! at the item it concerns. Pure functions over a loaded [`PlanTree`], one per rule.

use std::collections::HashMap;

use chrono::NaiveDate;
use uuid::Uuid;

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
}

/// The guidance sentences, indexed by `Rule as usize`.
const GUIDANCE: [&str; 11] = [
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
    let rules: [fn(&PlanTree) -> Vec<Finding>; 11] = [
        summary_statement_maximum_1000_words,
        three_to_five_objectives,
        final_outcomes_with_dates,
        no_more_than_five_initiatives_per_objective,
        one_overall_lead_per_objective,
        one_lead_per_initiative,
        early_evidence_and_short_term_outcomes_for_each_initiative,
        benchmark_states_target_date_and_evidence,
        clear_who_leads_each_activity,
        who_will_do_what_by_when,
        long_activities_monitored_in_the_interim,
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
    let several = lead.to_lowercase().contains(" and ") || lead.contains(['&', ',', '/', ';']);
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
mod tests {
    use super::*;
    use crate::plans::model::{Initiative, Objective, Plan, PlanStatus, Target, TargetUnit};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// A benchmark with a measure, an evidence source and one dated target.
    fn add_benchmark(
        tree: &mut PlanTree,
        initiative_id: Option<Uuid>,
        kind: BenchmarkKind,
    ) -> Uuid {
        let (id, plan_id) = (Uuid::new_v4(), tree.plan.id);
        tree.benchmarks.push(Benchmark {
            id,
            plan_id,
            initiative_id,
            kind,
            rank: 1,
            statement: "80% of classrooms by May".into(),
            measure: "Percent of classrooms observed".into(),
            evidence_source: "Learning walks".into(),
            frequency: "Monthly".into(),
            unit: TargetUnit::Percent,
            version: 1,
        });
        tree.targets.push(Target {
            id: Uuid::new_v4(),
            benchmark_id: id,
            due_on: d(2026, 5, 31),
            value: 80.0,
        });
        id
    }

    /// An initiative with one early-evidence and one short-term benchmark and a 3-month activity.
    fn add_initiative(tree: &mut PlanTree, objective_id: Uuid) {
        let id = Uuid::new_v4();
        tree.initiatives.push(Initiative {
            id,
            objective_id,
            rank: 1,
            description: "Coaching cycles".into(),
            lead: "Principal Ortiz".into(),
            lead_user_id: None,
            key_resources: String::new(),
            version: 1,
        });
        add_benchmark(tree, Some(id), BenchmarkKind::EarlyEvidence);
        add_benchmark(tree, Some(id), BenchmarkKind::ShortTermOutcome);
        tree.activities.push(Activity {
            id: Uuid::new_v4(),
            initiative_id: id,
            rank: 1,
            description: "Train coaches".into(),
            lead: "Literacy Director".into(),
            starts_on: Some(d(2025, 9, 1)),
            completes_on: Some(d(2025, 12, 1)),
            resources: String::new(),
            frequency: String::new(),
            interim_monitoring: String::new(),
            version: 1,
        });
    }

    fn add_objective(tree: &mut PlanTree) {
        let id = Uuid::new_v4();
        tree.objectives.push(Objective {
            id,
            plan_id: tree.plan.id,
            rank: 1,
            title: "Instruction".into(),
            lead: "Superintendent".into(),
            lead_user_id: None,
            version: 1,
        });
        add_initiative(tree, id);
    }

    /// Follows every rule: school years 2025–2026 and 2026–2027, three objectives, a final outcome.
    fn compliant() -> PlanTree {
        let plan = Plan {
            id: Uuid::new_v4(),
            district_id: Uuid::new_v4(),
            title: "AIP".into(),
            first_school_year: 2025,
            last_school_year: 2026,
            status: PlanStatus::Draft,
            previous_plan_id: None,
            key_issues: "Reading lags.".into(),
            theory_of_action: "If we coach, then reading rises.".into(),
            focus_rationale: "Reading first.".into(),
            submitted_at: None,
            approved_at: None,
            archived_at: None,
            version: 1,
        };
        let (objectives, initiatives, benchmarks, targets, activities) =
            (vec![], vec![], vec![], vec![], vec![]);
        let mut tree = PlanTree {
            plan,
            objectives,
            initiatives,
            benchmarks,
            targets,
            activities,
        };
        (0..3).for_each(|_| add_objective(&mut tree));
        add_benchmark(&mut tree, None, BenchmarkKind::FinalOutcome);
        tree
    }

    /// The message of the plan's only finding, after checking its rule and anchor.
    fn only(tree: &PlanTree, rule: Rule, anchor: String) -> String {
        let findings = check(tree);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert_eq!(
            (findings[0].rule, &findings[0].anchor),
            (rule, &anchor),
            "{findings:#?}"
        );
        findings[0].message.clone()
    }

    #[test]
    fn a_compliant_plan_has_no_findings() {
        assert_eq!(check(&compliant()), vec![]);
        assert!(
            Rule::InterimMonitoring
                .guidance()
                .contains("monitor progress in the interim")
        );
        assert_eq!(word_count("  two\twords\n"), 2);
        assert_eq!(
            [thousands(999), thousands(1000), thousands(1_234_567)],
            ["999", "1,000", "1,234,567"]
        );
    }

    #[test]
    fn section_one_may_have_1000_words_not_1001() {
        let mut tree = compliant();
        let others =
            word_count(&tree.plan.theory_of_action) + word_count(&tree.plan.focus_rationale);
        tree.plan.key_issues = vec!["word"; SECTION_ONE_MAX_WORDS - others].join(" ");
        assert_eq!(check(&tree), vec![]);
        tree.plan.key_issues.push_str(" more");
        let message = only(&tree, Rule::SectionOneLength, "section-1".into());
        assert_eq!(
            message,
            "Section 1 has 1,001 words; the summary statement should be at most 1,000."
        );
    }

    #[test]
    fn three_to_five_objectives_pass_two_and_six_fail() {
        let mut tree = compliant();
        tree.objectives.pop();
        let message = only(&tree, Rule::ObjectiveCount, "objectives".into());
        assert_eq!(
            message,
            "The plan has 2 strategic objectives; it should have three to five."
        );
        let mut tree = compliant();
        (0..2).for_each(|_| add_objective(&mut tree));
        assert_eq!(check(&tree), vec![]);
        add_objective(&mut tree);
        only(&tree, Rule::ObjectiveCount, "objectives".into());
    }

    #[test]
    fn five_initiatives_pass_six_fail() {
        let mut tree = compliant();
        let objective = tree.objectives[1].id;
        (0..4).for_each(|_| add_initiative(&mut tree, objective));
        assert_eq!(check(&tree), vec![]);
        add_initiative(&mut tree, objective);
        let message = only(
            &tree,
            Rule::InitiativesPerObjective,
            anchor("objective", objective),
        );
        assert_eq!(
            message,
            "Objective 2 has 6 initiatives; there should be no more than five."
        );
    }

    #[test]
    fn objective_and_initiative_leads_are_one_person() {
        for lead in "| |Ann and Bo|Ann & Bo|Ann, Bo|ELA/Math|Ann; Bo|All|TBD|tbd.|To be determined"
            .split('|')
        {
            let mut tree = compliant();
            tree.objectives[2].lead = lead.into();
            let message = only(
                &tree,
                Rule::ObjectiveLead,
                anchor("objective", tree.objectives[2].id),
            );
            assert!(
                message.starts_with("Objective 3 ") && message.ends_with("name one person."),
                "{message}"
            );
            let mut tree = compliant();
            tree.initiatives[0].lead = lead.into();
            let message = only(
                &tree,
                Rule::InitiativeLead,
                anchor("initiative", tree.initiatives[0].id),
            );
            assert!(message.starts_with("Initiative 1.1 "), "{message}");
        }
        let mut tree = compliant();
        tree.objectives[0].lead = "Literacy Director & Special Services Director".into();
        let message = only(
            &tree,
            Rule::ObjectiveLead,
            anchor("objective", tree.objectives[0].id),
        );
        let expected = "Objective 1 names more than one lead (“Literacy Director & Special Services Director”)";
        assert_eq!(message, format!("{expected}; name one person."));
        tree.objectives[0].lead = "TBD".into();
        assert_eq!(
            check(&tree)[0].message,
            "Objective 1 is led by “TBD”; name one person."
        );
    }

    #[test]
    fn activity_leads_are_never_all_or_tbd() {
        for lead in
            "|All| all |TBD|tbd.|T.B.D.|To be determined|to be Determined.|All staff".split('|')
        {
            let mut tree = compliant();
            tree.activities[1].lead = lead.into();
            let message = only(
                &tree,
                Rule::ActivityLead,
                anchor("activity", tree.activities[1].id),
            );
            assert!(
                message.starts_with("Activity 1 of Initiative 2.1 "),
                "{message}"
            );
        }
        let mut tree = compliant();
        tree.activities[1].lead = "All".into();
        let message = only(
            &tree,
            Rule::ActivityLead,
            anchor("activity", tree.activities[1].id),
        );
        assert_eq!(
            message,
            "Activity 1 of Initiative 2.1 is led by “All”; name the person or role who will lead it."
        );
        tree.activities[1].lead = "Allison Park, coach".into();
        assert_eq!(check(&tree), vec![]);
    }

    #[test]
    fn activities_start_and_complete_in_order_inside_the_plan_years() {
        let (sep, dec) = (Some(d(2025, 9, 1)), Some(d(2025, 12, 1)));
        let cases = [
            (None, dec, "has no start date."),
            (sep, None, "has no completion date."),
            (None, None, "has no start or completion date."),
            (
                sep,
                Some(d(2025, 8, 1)),
                "is to be complete on August 1, 2025, before it starts on September 1, 2025.",
            ),
            (
                Some(d(2025, 6, 30)),
                sep,
                "starts on June 30, 2025, before the plan's first school year (2025–2026) begins.",
            ),
            (
                Some(d(2027, 4, 1)),
                Some(d(2027, 7, 1)),
                "completes on July 1, 2027, after the plan's last school year (2026–2027) ends.",
            ),
        ];
        for (starts_on, completes_on, expected) in cases {
            let mut tree = compliant();
            (
                tree.activities[0].starts_on,
                tree.activities[0].completes_on,
            ) = (starts_on, completes_on);
            let message = only(
                &tree,
                Rule::ActivityDates,
                anchor("activity", tree.activities[0].id),
            );
            assert_eq!(message, format!("Activity 1 of Initiative 1.1 {expected}"));
        }
        let mut tree = compliant();
        (
            tree.activities[0].starts_on,
            tree.activities[0].completes_on,
        ) = (Some(d(2025, 7, 1)), Some(d(2025, 7, 1)));
        (
            tree.activities[1].starts_on,
            tree.activities[1].completes_on,
        ) = (Some(d(2027, 6, 1)), Some(d(2027, 6, 30)));
        assert_eq!(check(&tree), vec![]);
    }

    #[test]
    fn benchmarks_state_measure_dated_target_and_evidence_source() {
        let mut tree = compliant();
        let id = tree.benchmarks[0].id;
        tree.benchmarks[0].measure = " ".into();
        let message = only(&tree, Rule::BenchmarkSpecifics, anchor("benchmark", id));
        assert_eq!(
            message,
            "Early-evidence indicator 1 of Initiative 1.1 (“80% of classrooms by May”) has no measure."
        );
        tree.targets.retain(|t| t.benchmark_id != id);
        (
            tree.benchmarks[0].evidence_source,
            tree.benchmarks[0].statement,
        ) = (String::new(), String::new());
        let message = only(&tree, Rule::BenchmarkSpecifics, anchor("benchmark", id));
        let expected = "has no measure, no dated target and no evidence source.";
        assert_eq!(
            message,
            format!("Early-evidence indicator 1 of Initiative 1.1 {expected}")
        );
        let mut tree = compliant();
        let id = tree.final_outcomes().next().unwrap().id;
        tree.targets.retain(|t| t.benchmark_id != id);
        let message = only(&tree, Rule::BenchmarkSpecifics, anchor("benchmark", id));
        assert_eq!(
            message,
            "Final outcome 1 (“80% of classrooms by May”) has no dated target."
        );
        let mut tree = compliant();
        tree.benchmarks[3].evidence_source = "\n".into();
        let message = only(
            &tree,
            Rule::BenchmarkSpecifics,
            anchor("benchmark", tree.benchmarks[3].id),
        );
        assert!(
            message.starts_with("Short-term outcome 1 of Initiative 2.1 ")
                && message.ends_with(" has no evidence source.")
        );
    }

    #[test]
    fn initiatives_have_early_evidence_and_short_term_outcomes() {
        for (kind, missing) in [
            (BenchmarkKind::EarlyEvidence, "early-evidence indicator"),
            (BenchmarkKind::ShortTermOutcome, "short-term outcome"),
        ] {
            let mut tree = compliant();
            let initiative = tree.initiatives[2].id;
            tree.benchmarks
                .retain(|b| !(b.initiative_id == Some(initiative) && b.kind == kind));
            let message = only(
                &tree,
                Rule::InitiativeIndicators,
                anchor("initiative", initiative),
            );
            assert_eq!(message, format!("Initiative 3.1 has no {missing}."));
        }
    }

    #[test]
    fn a_three_month_activity_needs_no_interim_monitoring_a_four_month_one_does() {
        let mut tree = compliant();
        tree.activities[0].completes_on = Some(d(2025, 12, 31));
        assert_eq!(calendar::months_between(d(2025, 9, 1), d(2025, 12, 31)), 3);
        assert_eq!(check(&tree), vec![]);
        tree.activities[0].completes_on = Some(d(2026, 1, 1));
        let message = only(
            &tree,
            Rule::InterimMonitoring,
            anchor("activity", tree.activities[0].id),
        );
        let expected = "runs 4 months (September 2025 to January 2026) but does not say how progress will be monitored in between.";
        assert_eq!(message, format!("Activity 1 of Initiative 1.1 {expected}"));
        tree.activities[0].interim_monitoring =
            "Monthly walkthrough data at leadership meetings".into();
        assert_eq!(check(&tree), vec![]);
    }

    #[test]
    fn a_plan_without_final_outcomes_is_flagged() {
        let mut tree = compliant();
        tree.benchmarks
            .retain(|b| b.kind != BenchmarkKind::FinalOutcome);
        only(&tree, Rule::FinalOutcomes, "final-outcomes".into());
    }

    #[test]
    fn findings_come_in_plan_order() {
        let mut tree = compliant();
        tree.initiatives[2].lead = String::new();
        tree.objectives[1].lead = "All".into();
        tree.activities[0].lead = "TBD".into();
        tree.benchmarks
            .retain(|b| b.kind != BenchmarkKind::FinalOutcome);
        tree.plan.focus_rationale = vec!["word"; 1200].join(" ");
        (0..3).for_each(|_| add_objective(&mut tree));
        let found: Vec<_> = check(&tree)
            .into_iter()
            .map(|f| (f.rule, f.anchor))
            .collect();
        let expected = vec![
            (Rule::SectionOneLength, "section-1".to_string()),
            (Rule::ObjectiveCount, "objectives".into()),
            (Rule::FinalOutcomes, "final-outcomes".into()),
            (
                Rule::ActivityLead,
                anchor("activity", tree.activities[0].id),
            ),
            (
                Rule::ObjectiveLead,
                anchor("objective", tree.objectives[1].id),
            ),
            (
                Rule::InitiativeLead,
                anchor("initiative", tree.initiatives[2].id),
            ),
        ];
        assert_eq!(found, expected);
    }
}
