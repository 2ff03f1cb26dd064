//! One test per guidance rule, each breaking exactly that rule in an otherwise compliant plan.

use super::*;
use crate::calendar::test_date as d;
use crate::plans::model::{Initiative, Objective, Plan, PlanStatus, PpiGroup, Target, TargetUnit};

/// A benchmark with a measure, an evidence source and one dated target.
fn add_benchmark(tree: &mut PlanTree, initiative_id: Option<Uuid>, kind: BenchmarkKind) -> Uuid {
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
        higher_is_better: true,
        ppi_group: None,
        population: String::new(),
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
    // Seed 003: the PPI targets for aggregate and high-needs students, at minimum.
    for group in PpiGroup::ALL {
        add_benchmark(&mut tree, None, BenchmarkKind::FinalOutcome);
        tree.benchmarks.last_mut().unwrap().ppi_group = Some(group);
    }
    tree
}

/// The message of the plan's only finding, after checking its rule and anchor.
/// The message of the one finding on the item of `kind` with `id`, which breaks `rule`.
fn only_on(tree: &PlanTree, rule: Rule, kind: &str, id: Uuid) -> String {
    only(tree, rule, anchor(kind, id))
}

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
    let others = word_count(&tree.plan.theory_of_action) + word_count(&tree.plan.focus_rationale);
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
    let message = only_on(&tree, Rule::InitiativesPerObjective, "objective", objective);
    assert_eq!(
        message,
        "Objective 2 has 6 initiatives; there should be no more than five."
    );
}

#[test]
fn objective_and_initiative_leads_are_one_person() {
    for lead in "| |Ann and Bo|Ann & Bo|ELA/Math|Ann; Bo|All|TBD|tbd.|To be determined".split('|') {
        let mut tree = compliant();
        tree.objectives[2].lead = lead.into();
        let message = only_on(
            &tree,
            Rule::ObjectiveLead,
            "objective",
            tree.objectives[2].id,
        );
        assert!(
            message.starts_with("Objective 3 ") && message.ends_with("name one person."),
            "{message}"
        );
        let mut tree = compliant();
        tree.initiatives[0].lead = lead.into();
        let message = only_on(
            &tree,
            Rule::InitiativeLead,
            "initiative",
            tree.initiatives[0].id,
        );
        assert!(message.starts_with("Initiative 1.1 "), "{message}");
    }
    for one in [
        "Director of Teaching and Learning",
        "Alicia Pacheco, Assistant Superintendent for Teaching and Learning",
        "Yesenia Alvarado, Principal",
        "Superintendent",
    ] {
        let mut tree = compliant();
        tree.objectives[0].lead = one.into();
        assert!(check(&tree).is_empty(), "{one} is one person");
    }
    let mut tree = compliant();
    tree.objectives[0].lead = "Literacy Director & Special Services Director".into();
    let message = only_on(
        &tree,
        Rule::ObjectiveLead,
        "objective",
        tree.objectives[0].id,
    );
    let expected =
        "Objective 1 names more than one lead (“Literacy Director & Special Services Director”)";
    assert_eq!(message, format!("{expected}; name one person."));
    tree.objectives[0].lead = "TBD".into();
    assert_eq!(
        check(&tree)[0].message,
        "Objective 1 is led by “TBD”; name one person."
    );
}

#[test]
fn activity_leads_are_never_all_or_tbd() {
    for lead in "|All| all |TBD|tbd.|T.B.D.|To be determined|to be Determined.|All staff".split('|')
    {
        let mut tree = compliant();
        tree.activities[1].lead = lead.into();
        let message = only_on(&tree, Rule::ActivityLead, "activity", tree.activities[1].id);
        assert!(
            message.starts_with("Activity 1 of Initiative 2.1 "),
            "{message}"
        );
    }
    let mut tree = compliant();
    tree.activities[1].lead = "All".into();
    let message = only_on(&tree, Rule::ActivityLead, "activity", tree.activities[1].id);
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
        let message = only_on(
            &tree,
            Rule::ActivityDates,
            "activity",
            tree.activities[0].id,
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
fn targets_outside_the_plan_years_are_flagged() {
    let cases = [
        (
            d(2020, 6, 30),
            "dated June 30, 2020, before the plan's first school year (2025–2026) begins.",
        ),
        (
            d(2040, 6, 30),
            "dated June 30, 2040, after the plan's last school year (2026–2027) ends.",
        ),
    ];
    for (due_on, expected) in cases {
        let mut tree = compliant();
        tree.targets[0].due_on = due_on;
        let benchmark = tree.targets[0].benchmark_id;
        let message = only_on(&tree, Rule::TargetDates, "benchmark", benchmark);
        assert!(
            message.ends_with(&format!(
                "(“80% of classrooms by May”) has a target {expected}"
            )),
            "{message}"
        );
    }
    let mut tree = compliant();
    tree.targets[0].due_on = d(2027, 6, 30);
    assert_eq!(check(&tree), vec![], "the last day of the plan is in it");
}

#[test]
fn benchmarks_state_measure_dated_target_and_evidence_source() {
    let mut tree = compliant();
    let id = tree.benchmarks[0].id;
    tree.benchmarks[0].measure = " ".into();
    let message = only_on(&tree, Rule::BenchmarkSpecifics, "benchmark", id);
    assert_eq!(
        message,
        "Early-evidence indicator 1 of Initiative 1.1 (“80% of classrooms by May”) has no measure."
    );
    tree.targets.retain(|t| t.benchmark_id != id);
    (
        tree.benchmarks[0].evidence_source,
        tree.benchmarks[0].statement,
    ) = (String::new(), String::new());
    let message = only_on(&tree, Rule::BenchmarkSpecifics, "benchmark", id);
    let expected = "has no measure, no dated target and no evidence source.";
    assert_eq!(
        message,
        format!("Early-evidence indicator 1 of Initiative 1.1 {expected}")
    );
    let mut tree = compliant();
    let id = tree.final_outcomes().next().unwrap().id;
    tree.targets.retain(|t| t.benchmark_id != id);
    let message = only_on(&tree, Rule::BenchmarkSpecifics, "benchmark", id);
    assert_eq!(
        message,
        "Final outcome 1 (“80% of classrooms by May”) has no dated target."
    );
    let mut tree = compliant();
    tree.benchmarks[3].evidence_source = "\n".into();
    let message = only_on(
        &tree,
        Rule::BenchmarkSpecifics,
        "benchmark",
        tree.benchmarks[3].id,
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
        let message = only_on(&tree, Rule::InitiativeIndicators, "initiative", initiative);
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
    let message = only_on(
        &tree,
        Rule::InterimMonitoring,
        "activity",
        tree.activities[0].id,
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
fn final_outcomes_include_the_ppi_targets_for_aggregate_and_high_needs_students() {
    let mut tree = compliant();
    for b in &mut tree.benchmarks {
        if b.ppi_group == Some(PpiGroup::HighNeeds) {
            b.ppi_group = None;
        }
    }
    let message = only(&tree, Rule::PpiTargets, "final-outcomes".into());
    assert!(message.contains("high-needs students"), "{message}");
    for b in &mut tree.benchmarks {
        b.ppi_group = None;
    }
    let found: Vec<_> = check(&tree).into_iter().map(|f| f.rule).collect();
    assert_eq!(
        found,
        [Rule::PpiTargets, Rule::PpiTargets],
        "both groups missing"
    );
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
