//! Benchmarks: final outcomes and each initiative's short-term outcomes, early evidence and
//! activity benchmarks, with their series of dated targets; who may change them.

use crate::support;

use support::fixtures::{DraftPlan, anchor_id};
use support::people::SUPT;
use support::{Client, TestApp, assert_conflict, assert_contains, location};

/// A draft plan for Randolph with Objective 1 and Initiative 1.1, made through the app's forms
/// as the superintendent. Returns the app, the superintendent, the plan's path and the
/// initiative's id.
async fn draft_plan() -> (TestApp, Client, String, String) {
    let draft = DraftPlan::randolph(SUPT, "Randolph Accelerated Improvement Plan")
        .await
        .with_objective("Strengthen core instruction", "Superintendent")
        .await;
    let initiative = draft.initiative("Align curriculum").await;
    (draft.app, draft.editor, draft.plan, initiative)
}

/// The fields of a benchmark form; `targets` are (date, value) rows, padded to the form's six.
fn fields<'a>(
    kind: &'a str,
    initiative: &'a str,
    statement: &'a str,
    unit: &'a str,
    targets: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("kind", kind),
        ("initiative_id", initiative),
        ("statement", statement),
        (
            "measure",
            "Share of students at benchmark on the district interim assessment",
        ),
        (
            "evidence_source",
            "Interim assessment reports to the assistant superintendent",
        ),
        ("frequency", "quarterly"),
        ("unit", unit),
    ];
    for row in 0..6 {
        let (date, value) = targets.get(row).copied().unwrap_or(("", ""));
        form.push(("target_date", date));
        form.push(("target_value", value));
    }
    form
}

/// Adds a benchmark through the form and returns its id.
async fn add(client: &Client, plan: &str, form: &[(&str, &str)]) -> String {
    let to = client.submit(&format!("{plan}/benchmarks"), form).await;
    anchor_id(&to, "benchmark")
}

const SERIES: [(&str, &str); 3] = [
    ("2027-01-31", "80"),
    ("2026-11-30", "60"),
    ("2027-05-31", "90"),
];

#[tokio::test]
async fn outcomes_with_a_target_series_show_on_the_plan() {
    let (app, supt, plan, initiative) = draft_plan().await;

    let form = supt
        .get_status(&format!("{plan}/benchmarks/new?kind=final_outcome"), 200)
        .await;
    assert!(form.contains("<h1>New final outcome</h1>"));
    assert!(
        form.contains("states the measure, the target(s), the date(s) and the evidence source")
    );
    assert!(
        form.contains("value=\"annually\""),
        "final outcomes are annual"
    );
    assert_eq!(form.matches("name=\"target_date\"").count(), 6);
    let form = supt
        .get_status(
            &format!("{plan}/benchmarks/new?kind=short_term_outcome&initiative={initiative}"),
            200,
        )
        .await;
    assert!(form.contains("<h1>New short-term outcome for Initiative 1.1</h1>"));
    assert!(
        form.contains("<option value=\"monthly\">"),
        "frequency suggestions"
    );
    assert!(form.contains(">Yes / no</option>"));

    // Unknown kinds, and initiative kinds without an initiative of this plan, are not found.
    for query in [
        "kind=goal".to_string(),
        "kind=short_term_outcome".to_string(),
        format!("kind=early_evidence&initiative={}", uuid::Uuid::new_v4()),
    ] {
        assert_eq!(
            supt.get_code(&format!("{plan}/benchmarks/new?{query}"))
                .await,
            404,
            "{query}"
        );
    }

    let final_id = add(
        &supt,
        &plan,
        &fields(
            "final_outcome",
            "",
            "Grade 3-8 ELA students meeting expectations rises to 45%.",
            "percent",
            &[("2027-06-30", "45")],
        ),
    )
    .await;
    let short_id = add(
        &supt,
        &plan,
        &fields(
            "short_term_outcome",
            &initiative,
            "Students at benchmark on the interim assessment: 60% by November, 80% by January, 90% by May.",
            "percent",
            &SERIES,
        ),
    )
    .await;

    let (_, edit) = supt
        .get_text(&format!("{plan}/benchmarks/{final_id}/edit"))
        .await;
    assert!(edit.contains("<h1>Edit final outcome</h1>"));
    let page = supt.get_status(&plan, 200).await;
    assert!(page.contains(&format!("id=\"benchmark-{final_id}\"")));
    assert!(page.contains(&format!("id=\"benchmark-{short_id}\"")));
    assert!(page.contains("45% by Jun 30, 2027"));
    assert!(
        page.contains("60% by Nov 30, 2026 · 80% by Jan 31, 2027 · 90% by May 31, 2027"),
        "targets in date order"
    );
    let finals = page.find("id=\"final-outcomes\"").unwrap();
    let sheet = page
        .find(&format!("id=\"initiative-{initiative}\""))
        .unwrap();
    let final_at = page.find("rises to 45%").unwrap();
    let short_at = page.find("Students at benchmark on the interim").unwrap();
    assert!(
        finals < final_at && final_at < sheet && sheet < short_at,
        "each benchmark under its owner"
    );

    let mut owner = app.owner_conn().await;
    let kinds: Vec<(String, Option<uuid::Uuid>, i64)> = sqlx::query_as(
        "SELECT b.kind::text, b.initiative_id, (SELECT count(*) FROM benchmark_targets t WHERE t.benchmark_id = b.id) \
         FROM benchmarks b WHERE b.district_id = (SELECT id FROM districts WHERE slug = 'randolph') ORDER BY b.kind",
    )
    .fetch_all(&mut owner)
    .await
    .unwrap();
    assert_eq!(kinds.len(), 2);
    assert_eq!(kinds[0].0, "short_term_outcome");
    assert_eq!(kinds[0].1.map(|i| i.to_string()), Some(initiative.clone()));
    assert_eq!(kinds[0].2, 3);
    assert_eq!(
        (kinds[1].0.as_str(), kinds[1].1, kinds[1].2),
        ("final_outcome", None, 1)
    );

    let (_, history) = supt.get_text(&format!("{plan}/changes")).await;
    assert!(history.contains("Short-term outcome of Initiative 1.1"));
    assert!(history.contains("Final outcome"));
    assert!(history.contains("60% by 2026-11-30, 80% by 2027-01-31, 90% by 2027-05-31"));
}

#[tokio::test]
async fn invalid_benchmarks_are_refused_with_what_was_typed() {
    let (app, supt, plan, initiative) = draft_plan().await;
    let form = fields(
        "early_evidence",
        &initiative,
        "   ",
        "percent",
        &[
            ("2026-11-30", "140"),
            ("2027-01-31", ""),
            ("2027-02-30", "70"),
            ("", "75"),
        ],
    );
    let body = supt
        .refused(
            &format!("{plan}/benchmarks"),
            &form,
            "<h1>New early evidence of change for Initiative 1.1</h1>",
        )
        .await;
    assert!(body.contains("Please correct the 5 highlighted fields"));
    assert!(body.contains("Write the benchmark: what will be seen"));
    assert!(body.contains("A percentage is between 0 and 100."));
    assert!(body.contains("value as well as its date"));
    assert!(body.contains("Enter the date as YYYY-MM-DD"));
    assert!(body.contains("Give the date by which this target is to be reached."));
    for kept in [
        "value=\"140\"",
        "value=\"2027-01-31\"",
        "value=\"2027-02-30\"",
        "value=\"75\"",
        "Interim assessment reports",
    ] {
        assert!(body.contains(kept), "keeps {kept}");
    }
    assert!(body.contains(&format!("name=\"initiative_id\" value=\"{initiative}\"")));

    // Yes / no targets take "yes" or "no"; counts are whole numbers.
    for (statement, unit, value, refusal) in [
        (
            "Every school posts its data wall.",
            "yes_no",
            "maybe",
            "write “yes” or “no”",
        ),
        (
            "Fewer chronically absent students.",
            "count",
            "-3",
            "A count is a whole number, 0 or more.",
        ),
    ] {
        let form = fields(
            "final_outcome",
            "",
            statement,
            unit,
            &[("2027-06-30", value)],
        );
        let body = supt
            .post_status(&format!("{plan}/benchmarks"), &form, 422)
            .await;
        assert!(body.contains(refusal), "{unit} {value}");
    }
    let form = fields(
        "final_outcome",
        "",
        "Every school posts its data wall.",
        "yes_no",
        &[("2027-06-30", "Yes")],
    );
    add(&supt, &plan, &form).await;
    let (_, page) = supt.get_text(&plan).await;
    assert!(page.contains("yes by Jun 30, 2027"));

    let mut owner = app.owner_conn().await;
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM benchmarks WHERE district_id = (SELECT id FROM districts WHERE slug = 'randolph')")
        .fetch_one(&mut owner)
        .await
        .unwrap();
    assert_eq!(count, 1, "only the valid benchmark was saved");
}

#[tokio::test]
async fn editing_replaces_the_targets() {
    let (app, supt, plan, initiative) = draft_plan().await;
    let statement = "Students at benchmark on the interim assessment.";
    let id = add(
        &supt,
        &plan,
        &fields(
            "short_term_outcome",
            &initiative,
            statement,
            "percent",
            &SERIES,
        ),
    )
    .await;

    let edit = format!("{plan}/benchmarks/{id}/edit");
    let form = supt.get_status(&edit, 200).await;
    assert!(form.contains("<h1>Edit short-term outcome of Initiative 1.1</h1>"));
    assert!(form.contains("value=\"2026-11-30\""));
    assert!(form.contains("value=\"60\""));
    assert!(form.contains("name=\"version\" value=\"1\""));

    let mut changed = fields(
        "short_term_outcome",
        &initiative,
        "Students at benchmark on the interim assessment, every six weeks.",
        "percent",
        &[("2026-12-15", "65"), ("2027-04-15", "85.5")],
    );
    changed.push(("version", "1"));
    let response = supt.post(&edit, &changed).await;
    assert_eq!(response.status(), 303);
    assert!(location(&response).ends_with(&format!("#benchmark-{id}")));

    let (_, page) = supt.get_text(&plan).await;
    assert!(page.contains("every six weeks"));
    assert!(page.contains("65% by Dec 15, 2026 · 85.5% by Apr 15, 2027"));
    assert!(!page.contains("60% by Nov 30, 2026"));
    let mut owner = app.owner_conn().await;
    let targets: i64 = sqlx::query_scalar("SELECT count(*) FROM benchmark_targets WHERE district_id = (SELECT id FROM districts WHERE slug = 'randolph')")
        .fetch_one(&mut owner)
        .await
        .unwrap();
    assert_eq!(targets, 2);
    let (_, history) = supt.get_text(&format!("{plan}/changes")).await;
    assert!(history.contains("65% by 2026-12-15, 85.5% by 2027-04-15"));
    assert!(
        history.contains("60% by 2026-11-30"),
        "the history keeps the old targets"
    );

    // Removing every target leaves a benchmark with none.
    let mut emptied = fields("short_term_outcome", &initiative, statement, "percent", &[]);
    emptied.push(("version", "2"));
    supt.post_status(&edit, &emptied, 303).await;
    let targets: i64 = sqlx::query_scalar("SELECT count(*) FROM benchmark_targets WHERE district_id = (SELECT id FROM districts WHERE slug = 'randolph')")
        .fetch_one(&mut owner)
        .await
        .unwrap();
    assert_eq!(targets, 0);
}

#[tokio::test]
async fn a_stale_edit_shows_both_versions_and_keeps_the_typed_text() {
    let (app, supt, plan, initiative) = draft_plan().await;
    let id = add(
        &supt,
        &plan,
        &fields(
            "early_evidence",
            &initiative,
            "Teachers use the new unit plans.",
            "percent",
            &SERIES,
        ),
    )
    .await;
    let edit = format!("{plan}/benchmarks/{id}/edit");
    let manager = app.signed_in("manager.randolph@demo.test").await;

    let mut theirs = fields(
        "early_evidence",
        &initiative,
        "Teachers use the new unit plans weekly.",
        "percent",
        &[("2026-10-31", "50")],
    );
    theirs.push(("version", "1"));
    manager.post_status(&edit, &theirs, 303).await;

    let mine = fields(
        "early_evidence",
        &initiative,
        "Most teachers teach from the unit plans.",
        "percent",
        &[("2026-12-31", "70")],
    );
    let body = assert_conflict(
        supt.post(&edit, &[mine.as_slice(), &[("version", "1")]].concat())
            .await,
    )
    .await;
    assert!(body.contains("This changed while you were editing"));
    assert!(
        body.contains("Teachers use the new unit plans weekly."),
        "their statement"
    );
    assert!(body.contains("50% by 2026-10-31"), "their targets");
    assert!(body.contains("70% by 2026-12-31"), "my targets");
    assert!(
        body.contains("Most teachers teach from the unit plans."),
        "my statement is kept"
    );
    assert!(body.contains("value=\"2026-12-31\""));
    assert!(
        body.contains("name=\"version\" value=\"2\""),
        "saving again keeps mine"
    );

    supt.post_status(&edit, &[mine.as_slice(), &[("version", "2")]].concat(), 303)
        .await;
    let (_, page) = supt.get_text(&plan).await;
    assert!(page.contains("Most teachers teach from the unit plans."));
    assert!(page.contains("70% by Dec 31, 2026"));
    assert!(!page.contains("50% by Oct 31, 2026"));
}

#[tokio::test]
async fn moving_changes_the_order_within_the_list() {
    let (_app, supt, plan, initiative) = draft_plan().await;
    let mut ids = Vec::new();
    for statement in ["Alpha outcome", "Bravo outcome", "Charlie outcome"] {
        ids.push(
            add(
                &supt,
                &plan,
                &fields("short_term_outcome", &initiative, statement, "percent", &[]),
            )
            .await,
        );
    }
    // A benchmark of another kind is in another list.
    add(
        &supt,
        &plan,
        &fields(
            "early_evidence",
            &initiative,
            "Delta evidence",
            "percent",
            &[],
        ),
    )
    .await;
    let order = |page: &str| {
        let mut found: Vec<(usize, &str)> = ["Alpha", "Bravo", "Charlie"]
            .iter()
            .map(|s| (page.find(&format!("{s} outcome")).unwrap(), *s))
            .collect();
        found.sort();
        found
            .into_iter()
            .map(|(_, s)| s)
            .collect::<Vec<_>>()
            .join(" ")
    };

    let moved = supt
        .post(
            &format!("{plan}/benchmarks/{}/move", ids[2]),
            &[("direction", "up")],
        )
        .await;
    assert_eq!(moved.status(), 303);
    assert!(location(&moved).ends_with(&format!("#benchmark-{}", ids[2])));
    assert_eq!(order(&supt.get_text(&plan).await.1), "Alpha Charlie Bravo");
    supt.post(
        &format!("{plan}/benchmarks/{}/move", ids[0]),
        &[("direction", "down")],
    )
    .await;
    assert_eq!(order(&supt.get_text(&plan).await.1), "Charlie Alpha Bravo");
    // Already first: nothing changes.
    supt.post(
        &format!("{plan}/benchmarks/{}/move", ids[2]),
        &[("direction", "up")],
    )
    .await;
    assert_eq!(order(&supt.get_text(&plan).await.1), "Charlie Alpha Bravo");
    let (_, history) = supt.get_text(&format!("{plan}/changes")).await;
    assert_eq!(history.matches("</strong> moved").count(), 2);
}

#[tokio::test]
async fn removing_a_benchmark_asks_first() {
    let (app, supt, plan, initiative) = draft_plan().await;
    let id = add(
        &supt,
        &plan,
        &fields(
            "activity",
            &initiative,
            "Grade-level teams meet weekly.",
            "yes_no",
            &[("2026-10-01", "yes")],
        ),
    )
    .await;
    let final_id = add(
        &supt,
        &plan,
        &fields(
            "final_outcome",
            "",
            "Chronic absence falls to 10%.",
            "percent",
            &[("2027-06-30", "10")],
        ),
    )
    .await;

    let remove = format!("{plan}/benchmarks/{id}/remove");
    let confirm = supt.get_status(&remove, 200).await;
    assert!(confirm.contains("Remove this activity (process) benchmark of Initiative 1.1?"));
    assert!(confirm.contains("Grade-level teams meet weekly."));
    assert!(confirm.contains("with its targets"));

    let removed = supt.post(&remove, &[]).await;
    assert_eq!(removed.status(), 303);
    assert!(location(&removed).ends_with(&format!("#initiative-{initiative}")));
    let removed = supt
        .post(&format!("{plan}/benchmarks/{final_id}/remove"), &[])
        .await;
    assert!(location(&removed).ends_with("#final-outcomes"));

    let (_, page) = supt.get_text(&plan).await;
    assert!(!page.contains("Grade-level teams meet weekly."));
    assert!(!page.contains("Chronic absence falls"));
    let mut owner = app.owner_conn().await;
    let left: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM benchmarks WHERE district_id = (SELECT id FROM districts WHERE slug = 'randolph')) \
         + (SELECT count(*) FROM benchmark_targets WHERE district_id = (SELECT id FROM districts WHERE slug = 'randolph'))",
    )
    .fetch_one(&mut owner)
    .await
    .unwrap();
    assert_eq!(left, 0);
    supt.get_status(&remove, 404).await;
    let (_, history) = supt.get_text(&format!("{plan}/changes")).await;
    assert_eq!(history.matches("</strong> removed").count(), 2);
}

#[tokio::test]
async fn only_plan_editors_and_the_initiative_lead_manage_benchmarks() {
    let (app, supt, plan, initiative) = draft_plan().await;
    let id = add(
        &supt,
        &plan,
        &fields(
            "short_term_outcome",
            &initiative,
            "Students at benchmark.",
            "percent",
            &SERIES,
        ),
    )
    .await;
    let short_form = fields(
        "short_term_outcome",
        &initiative,
        "Leader's outcome.",
        "percent",
        &[("2026-12-01", "50")],
    );
    let final_form = fields(
        "final_outcome",
        "",
        "Leader's final outcome.",
        "percent",
        &[],
    );

    let monitor = app.signed_in("monitor.east@demo.test").await;
    monitor
        .get_status(&format!("{plan}/benchmarks/new?kind=final_outcome"), 403)
        .await;
    monitor
        .get_status(
            &format!("{plan}/benchmarks/new?kind=short_term_outcome&initiative={initiative}"),
            403,
        )
        .await;
    monitor
        .post_status(&format!("{plan}/benchmarks"), &short_form, 403)
        .await;
    monitor
        .get_status(&format!("{plan}/benchmarks/{id}/edit"), 403)
        .await;

    let stranger = app.signed_in("supt.fallriver@demo.test").await;
    for path in [
        format!("{plan}/benchmarks/new?kind=final_outcome"),
        format!("{plan}/benchmarks/{id}/edit"),
        format!("{plan}/benchmarks/{id}/remove"),
    ] {
        assert_eq!(stranger.get_code(&path).await, 404, "{path}");
    }
    let up = [("direction", "up")];
    for (path, form) in [
        (format!("{plan}/benchmarks"), &final_form[..]),
        (format!("{plan}/benchmarks/{id}/move"), &up[..]),
        (format!("{plan}/benchmarks/{id}/remove"), &[][..]),
    ] {
        stranger.post_status(&path, form, 404).await;
    }

    // A district leader manages the benchmarks of the initiative they are linked to lead, and
    // nothing else.
    let leader = app.signed_in("leader.randolph@demo.test").await;
    leader
        .post_status(&format!("{plan}/benchmarks"), &short_form, 403)
        .await;
    let mut owner = app.owner_conn().await;
    sqlx::query("UPDATE initiatives SET lead_user_id = (SELECT id FROM users WHERE email = 'leader.randolph@demo.test') WHERE id = $1::uuid")
        .bind(&initiative)
        .execute(&mut owner)
        .await
        .unwrap();
    leader
        .get_status(
            &format!("{plan}/benchmarks/new?kind=short_term_outcome&initiative={initiative}"),
            200,
        )
        .await;
    let added = add(&leader, &plan, &short_form).await;
    leader
        .get_status(&format!("{plan}/benchmarks/{added}/edit"), 200)
        .await;
    leader
        .get_status(&format!("{plan}/benchmarks/new?kind=final_outcome"), 403)
        .await;
    leader
        .post_status(&format!("{plan}/benchmarks"), &final_form, 403)
        .await;
    let (_, page) = leader.get_text(&plan).await;
    assert!(page.contains("Leader&#39;s outcome.") || page.contains("Leader's outcome."));
    assert!(page.contains("50% by Dec 1, 2026"));
}

#[tokio::test]
async fn targets_outside_the_plan_years_are_refused_and_stored_ones_flagged() {
    let (app, supt, plan, initiative) = draft_plan().await;
    let statement = "Students at benchmark on the interim assessment.";
    let typo = [("2026-11-30", "60"), ("2040-06-30", "90")];
    let form = fields(
        "short_term_outcome",
        &initiative,
        statement,
        "percent",
        &typo,
    );
    let (status, page) = supt.post_text(&format!("{plan}/benchmarks"), &form).await;
    assert_eq!(status, 422, "a target of 2040 in a 2026–2029 plan");
    assert_contains(&page, "Jun 30, 2040 is outside the plan");
    assert!(
        page.contains("value=\"2040-06-30\""),
        "what was typed is kept"
    );
    let count: i64 = app.scalar("SELECT count(*) FROM benchmarks").await;
    let before = count;

    // The summer before the first school year is still the plan's.
    let summer = [("2026-06-15", "50")];
    let form = fields(
        "short_term_outcome",
        &initiative,
        statement,
        "percent",
        &summer,
    );
    let id = add(&supt, &plan, &form).await;

    // A target stored out of range (before this check) is flagged on the plan, and an unrelated
    // edit that keeps it goes through.
    sqlx::query("UPDATE benchmark_targets SET due_on = '2020-06-30' WHERE benchmark_id = $1::uuid")
        .bind(&id)
        .execute(&mut app.owner_conn().await)
        .await
        .unwrap();
    let (_, page) = supt.get_text(&plan).await;
    assert!(
        page.contains("has a target dated June 30, 2020, before the plan"),
        "the plan check flags it"
    );
    let mut edit = fields(
        "short_term_outcome",
        &initiative,
        "Students at benchmark, every six weeks.",
        "percent",
        &[("2020-06-30", "50")],
    );
    edit.push(("version", "1"));
    supt.submit(&format!("{plan}/benchmarks/{id}/edit"), &edit)
        .await;
    let count: i64 = app.scalar("SELECT count(*) FROM benchmarks").await;
    assert_eq!(count, before + 1, "only the accepted benchmark was saved");
}

#[tokio::test]
async fn a_final_outcome_is_marked_as_a_ppi_target_and_the_plan_check_follows() {
    let (app, supt, plan, initiative) = draft_plan().await;
    let check = "No final outcome is the PPI target for high-needs students";
    let mut form = fields(
        "final_outcome",
        "",
        "High-needs CPI gain of 4 points.",
        "count",
        &[("2027-06-30", "4")],
    );
    form.push(("ppi_group", "high_needs"));
    form.push(("population", "High-needs students, grades 3–8"));
    let id = add(&supt, &plan, &form).await;
    let page = supt.get_status(&plan, 200).await;
    assert!(page.contains("PPI target, high-needs students"));
    assert!(page.contains("High-needs students, grades 3–8"));
    assert!(!page.contains(check), "the high-needs target is there");
    assert!(page.contains("No final outcome is the PPI target for all students"));
    let stored: (Option<String>, String) =
        sqlx::query_as("SELECT ppi_group::text, population FROM benchmarks WHERE id = $1::uuid")
            .bind(&id)
            .fetch_one(&mut app.owner_conn().await)
            .await
            .unwrap();
    assert_eq!(
        stored,
        (
            Some("high_needs".into()),
            "High-needs students, grades 3–8".into()
        )
    );

    let edit = supt
        .get_status(&format!("{plan}/benchmarks/{id}/edit"), 200)
        .await;
    assert!(
        edit.contains("<option value=\"high_needs\" selected>"),
        "the edit form keeps it"
    );
    let mut bad = fields(
        "final_outcome",
        "",
        "High-needs CPI gain of 4 points.",
        "count",
        &[("2027-06-30", "4")],
    );
    bad.push(("ppi_group", "everyone"));
    let refused = supt
        .post_status(&format!("{plan}/benchmarks"), &bad, 422)
        .await;
    assert!(refused.contains("Choose whether this is a PPI target, and for whom."));

    // An initiative's benchmark is never an accountability target, whatever is posted.
    let initiative_form = supt
        .get_status(
            &format!("{plan}/benchmarks/new?kind=early_evidence&initiative={initiative}"),
            200,
        )
        .await;
    assert!(!initiative_form.contains("name=\"ppi_group\""));
}
