//! The plan page, Section 1, objectives, the submit/approve/next-year workflow, history, and
//! who may see and change what.

use crate::support;

use support::fixtures::{DraftPlan, clear_plans, review_on_rubric, start_plan};
use support::people::MANAGER;

use sqlx::{Executor, Row};
use support::{
    Client, TestApp, assert_conflict, assert_contains, assert_kept, input_value, location,
    statements_for,
};

const TITLE: &str = "Randolph Accelerated Improvement Plan";

/// Randolph's only plan, started by the manager with the objective "Teaching and learning":
/// the app, the manager, the plan's path and the objective's id.
async fn plan_with_objective() -> (TestApp, Client, String, String) {
    let draft = DraftPlan::randolph(MANAGER, TITLE)
        .await
        .with_objective("Teaching and learning", "Superintendent")
        .await;
    let id = draft.objective_id().to_string();
    (draft.app, draft.editor, draft.plan, id)
}

async fn add_objective(client: &Client, plan: &str, title: &str, lead: &str) {
    client
        .submit(
            &format!("{plan}/objectives"),
            &[("title", title), ("lead", lead)],
        )
        .await;
}

async fn objective_id(app: &TestApp, title: &str) -> String {
    let mut owner = app.owner_conn().await;
    let id: uuid::Uuid = sqlx::query_scalar("SELECT id FROM objectives WHERE title = $1")
        .bind(title)
        .fetch_one(&mut owner)
        .await
        .unwrap();
    id.to_string()
}

#[tokio::test]
async fn the_demo_plan_reads_like_the_template() {
    let app = TestApp::spawn().await;
    let client = app.signed_in("leader.randolph@demo.test").await;
    let current = client.get("/districts/randolph/plan").await;
    assert_eq!(current.status(), 303);
    let (status, page) = client.get_text(&location(&current)).await;
    assert_eq!(status, 200);
    for expected in [
        "Section 1: Explanation of key issues",
        "Theory of action",
        "relentlessly focus on the instructional core",
        "Objective 1:",
        "Objective 3:",
        "Strategy Sheet — Initiative 1.1",
        "Strategy Sheet — Initiative 3.3",
        "A. District Strategic Objective 1",
        "D. Lead for this initiative",
        "E. Short-term outcomes",
        "F. Early evidence of change",
        "G. Key resources",
        "H–K. Activities",
        "Final outcomes",
        "Plan check",
        "Approved",
    ] {
        assert!(page.contains(expected), "the plan page shows {expected:?}");
    }
    assert!(page.contains("href=\"#section-1\""), "a table of contents");
    let sheets = page.matches("class=\"strategy-sheet\"").count();
    assert_eq!(sheets, 9, "one strategy sheet per initiative");
    // An approved plan is read-only: no editing links.
    assert!(!page.contains("/edit\""));

    // New Bedford's submitted plan has gaps the reviewer sees, each linking to its item.
    let ese = app.signed_in("ese.staff@demo.test").await;
    let submitted = location(&ese.get("/districts/new-bedford/plan").await);
    let (_, page) = ese.get_text(&submitted).await;
    assert!(page.contains("status-submitted"));
    assert!(
        page.contains("Review on the rubric"),
        "approval waits for a rubric review"
    );
    let check = &page[page.find("Plan check").unwrap()..page.find("toc-heading").unwrap()];
    assert_contains(check, "href=\"#activity-");
    assert_contains(check, "TBD");
    assert_contains(check, "monitor");
}

#[tokio::test]
async fn the_plan_page_runs_the_same_number_of_statements_whatever_the_plan_size() {
    let DraftPlan {
        app,
        editor: manager,
        plan,
        ..
    } = DraftPlan::randolph(MANAGER, TITLE)
        .await
        .with_objective("Ensure success for all students", "Superintendent")
        .await;
    manager.get(&plan).await; // shows and clears the flash message
    let Some(small) = statements_for(&app, &manager, &plan).await else {
        eprintln!("skipped: pg_stat_statements is not available on this server");
        return;
    };

    // Grow the plan tenfold behind the app's back.
    let mut owner = app.owner_conn().await;
    owner
        .execute(
            "INSERT INTO objectives (district_id, plan_id, rank, title, lead) \
             SELECT district_id, id, n + 1, 'Objective number ' || n, 'Lead' FROM plans, generate_series(1, 4) n;
             INSERT INTO initiatives (district_id, objective_id, rank, description, lead) \
             SELECT district_id, id, n, 'Initiative ' || n, 'Lead' FROM objectives, generate_series(1, 4) n;
             INSERT INTO activities (district_id, initiative_id, rank, description, lead, starts_on, completes_on) \
             SELECT district_id, id, n, 'Activity ' || n, 'Principal', '2026-09-01', '2026-11-30' FROM initiatives, generate_series(1, 5) n;
             INSERT INTO benchmarks (district_id, plan_id, initiative_id, kind, rank, statement, measure) \
             SELECT i.district_id, o.plan_id, i.id, 'early_evidence', 1, 'Indicator', 'Walkthroughs' \
             FROM initiatives i JOIN objectives o ON o.id = i.objective_id;
             INSERT INTO benchmark_targets (district_id, benchmark_id, due_on, value) \
             SELECT district_id, id, '2026-12-15', 60 FROM benchmarks;",
        )
        .await
        .unwrap();
    let (_, page) = manager.get_text(&plan).await;
    assert!(page.contains("Strategy Sheet — Initiative 5.4"));
    let large = statements_for(&app, &manager, &plan).await.unwrap();
    assert_eq!(
        small, large,
        "statements for a 1-objective plan vs a 5-objective, 20-initiative plan"
    );
}

#[tokio::test]
async fn section_one_and_the_plan_details_validate_and_keep_what_was_typed() {
    let app = TestApp::spawn().await;
    clear_plans(&app, "randolph").await;
    let supt = app.signed_in("supt.randolph@demo.test").await;
    let (_, empty) = supt.get_text("/districts/randolph/plan").await;
    assert!(empty.contains("has no Accelerated Improvement Plan yet"));
    let plan = start_plan(&supt, TITLE).await;

    let body = supt
        .refused(
            &format!("{plan}/edit"),
            &[
                ("title", ""),
                ("first_school_year", "2027"),
                ("last_school_year", "2026"),
                (
                    "key_issues",
                    "Literacy and numeracy are below state averages.",
                ),
                (
                    "theory_of_action",
                    "If we focus on the instructional core, then students will thrive.",
                ),
                ("focus_rationale", ""),
            ],
            "Give the plan a title",
        )
        .await;
    assert!(body.contains("cannot come before the first"));
    assert!(
        body.contains("Literacy and numeracy are below state averages."),
        "typed text is kept"
    );

    let long = "word ".repeat(1_001);
    let version = supt.form_version(&format!("{plan}/edit")).await;
    supt.submit(
        &format!("{plan}/edit"),
        &[
            ("title", "Randolph Accelerated Improvement Plan"),
            ("first_school_year", "2026"),
            ("last_school_year", "2028"),
            ("key_issues", &long),
            (
                "theory_of_action",
                "If we focus on the instructional core, then students will thrive.",
            ),
            ("focus_rationale", ""),
            ("version", &version),
        ],
    )
    .await;
    let (_, page) = supt.get_text(&plan).await;
    assert!(page.contains("1012 of 1000 words"));
    assert!(
        page.contains("Section 1 has 1,012 words"),
        "the plan check flags the length"
    );
    let (_, form) = supt.get_text(&format!("{plan}/edit")).await;
    assert!(
        form.contains("data-word-count>1012<"),
        "the form shows the word count"
    );
}

#[tokio::test]
async fn objectives_are_added_edited_reordered_and_removed() {
    let DraftPlan {
        app,
        editor: manager,
        plan,
        ..
    } = DraftPlan::randolph(MANAGER, TITLE).await;

    let body = manager
        .refused(
            &format!("{plan}/objectives"),
            &[("title", "  "), ("lead", "Superintendent")],
            "Write the objective",
        )
        .await;
    assert_kept(&body, &[("lead", "Superintendent")]);

    add_objective(
        &manager,
        &plan,
        "High quality teaching and learning",
        "Superintendent",
    )
    .await;
    add_objective(
        &manager,
        &plan,
        "High quality professional development",
        "Assistant superintendent",
    )
    .await;
    let (_, page) = manager.get_text(&plan).await;
    assert!(page.contains("<strong>Objective 1:</strong> High quality teaching and learning"));
    assert!(
        page.contains("The plan has 2 strategic objectives"),
        "the check asks for 3 to 5"
    );

    let second = objective_id(&app, "High quality professional development").await;
    let moved = manager
        .post(
            &format!("{plan}/objectives/{second}/move"),
            &[("direction", "up")],
        )
        .await;
    assert_eq!(moved.status(), 303);
    let (_, page) = manager.get_text(&plan).await;
    assert!(page.contains("<strong>Objective 1:</strong> High quality professional development"));

    let (_, form) = manager
        .get_text(&format!("{plan}/objectives/{second}/edit"))
        .await;
    let version = input_value(&form, "version").unwrap();
    let edited = manager
        .post(
            &format!("{plan}/objectives/{second}/edit"),
            &[
                ("title", "Embedded professional development"),
                ("lead", "Assistant superintendent"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(edited.status(), 303);

    let confirm = manager
        .get_status(&format!("{plan}/objectives/{second}/remove"), 200)
        .await;
    assert!(confirm.contains("Remove Objective 1?"));
    let removed = manager
        .post(&format!("{plan}/objectives/{second}/remove"), &[])
        .await;
    assert_eq!(removed.status(), 303);
    let (_, page) = manager.get_text(&plan).await;
    assert!(!page.contains("Embedded professional development"));
    assert!(page.contains("<strong>Objective 1:</strong> High quality teaching and learning"));

    let (_, changes) = manager.get_text(&format!("{plan}/changes")).await;
    for expected in [
        "added",
        "moved",
        "edited",
        "removed",
        "Embedded professional development",
        "Colin Barrett",
    ] {
        assert!(changes.contains(expected), "history shows {expected:?}");
    }
}

#[tokio::test]
async fn a_second_save_of_the_same_objective_gets_a_conflict_page_that_keeps_its_text() {
    let (app, manager, plan, id) = plan_with_objective().await;
    let supt = app.signed_in("supt.randolph@demo.test").await;
    let edit = format!("{plan}/objectives/{id}/edit");
    let version = manager.form_version(&edit).await;

    supt.submit(
        &edit,
        &[
            ("title", "The superintendent's wording"),
            ("lead", "Superintendent"),
            ("version", &version),
        ],
    )
    .await;
    let body = assert_conflict(
        manager
            .post(
                &edit,
                &[
                    ("title", "The manager's wording"),
                    ("lead", "Superintendent"),
                    ("version", &version),
                ],
            )
            .await,
    )
    .await;
    assert!(body.contains("changed while you were editing"));
    assert!(
        body.contains("The superintendent&#39;s wording")
            || body.contains("The superintendent's wording")
    );
    assert!(body.contains("The manager&#39;s wording") || body.contains("The manager's wording"));
    let stored: String = sqlx::query_scalar("SELECT title FROM objectives WHERE id = $1::uuid")
        .bind(&id)
        .fetch_one(&mut app.owner_conn().await)
        .await
        .unwrap();
    assert_eq!(
        stored, "The superintendent's wording",
        "nothing was overwritten"
    );
}

#[tokio::test]
async fn submit_approve_archive_and_next_year_with_the_right_people() {
    let (app, manager, plan, id) = plan_with_objective().await;
    let supt = app.signed_in("supt.randolph@demo.test").await;
    let ese = app.signed_in("ese.staff@demo.test").await;

    assert_eq!(
        manager.post_code(&format!("{plan}/submit"), &[]).await,
        403,
        "only the superintendent submits"
    );
    supt.post_status(&format!("{plan}/submit"), &[], 303).await;
    assert_eq!(
        manager.get_code(&format!("{plan}/objectives/new")).await,
        409,
        "read-only under review"
    );
    assert_eq!(
        supt.post_code(&format!("{plan}/approve"), &[]).await,
        403,
        "the district cannot approve"
    );
    ese.post_status(&format!("{plan}/return"), &[], 303).await;
    assert_eq!(
        manager.get_code(&format!("{plan}/objectives/new")).await,
        200,
        "a draft again"
    );
    supt.post_status(&format!("{plan}/submit"), &[], 303).await;
    review_on_rubric(&ese, &plan).await;
    ese.post_status(&format!("{plan}/approve"), &[], 303).await;
    let (_, page) = supt.get_text(&plan).await;
    assert!(page.contains("status-approved"));
    assert!(page.contains("Start next year&#39;s plan") || page.contains("Start next year's plan"));
    assert_eq!(
        manager
            .post_code(
                &format!("{plan}/objectives/{id}/edit"),
                &[("title", "Changed"), ("lead", "Superintendent")],
            )
            .await,
        409,
        "an approved plan is read-only"
    );

    // Next year's version: a copy, as a draft that revises the approved plan.
    let next = manager.post(&format!("{plan}/next-year"), &[]).await;
    assert_eq!(next.status(), 303);
    let next_plan = location(&next);
    assert_ne!(next_plan, plan);
    let (_, page) = manager.get_text(&next_plan).await;
    assert!(page.contains("2027–2028 to 2028–2029"));
    assert!(
        page.contains("Teaching and learning"),
        "the objectives were copied"
    );
    assert_eq!(
        manager.post_code(&format!("{plan}/next-year"), &[]).await,
        409,
        "only one draft at a time"
    );

    let copied: uuid::Uuid = sqlx::query_scalar(
        "SELECT o.id FROM objectives o JOIN plans p ON p.id = o.plan_id \
         WHERE p.status = 'draft' AND p.district_id = o.district_id AND o.title = 'Teaching and learning'",
    )
        .fetch_one(&mut app.owner_conn().await)
        .await
        .unwrap();
    let edit = format!("{next_plan}/objectives/{copied}/edit");
    let (_, form) = manager.get_text(&edit).await;
    assert!(form.contains("Reason for this modification"));
    let version = input_value(&form, "version").unwrap();
    let (status, body) = manager
        .post_text(
            &edit,
            &[
                ("title", "Teaching, learning and belonging"),
                ("lead", "Superintendent"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("Give the reason for this modification"));
    assert!(body.contains("Teaching, learning and belonging"));
    manager
        .submit(
            &edit,
            &[
                ("title", "Teaching, learning and belonging"),
                ("lead", "Superintendent"),
                ("version", &version),
                (
                    "reason",
                    "Attendance data showed disengagement in the middle grades",
                ),
            ],
        )
        .await;
    let (_, changes) = manager.get_text(&format!("{next_plan}/changes")).await;
    assert!(changes.contains("Attendance data showed disengagement in the middle grades"));
    assert!(
        changes.contains("Teaching and learning")
            && changes.contains("Teaching, learning and belonging"),
        "before and after"
    );

    supt.post_status(&format!("{next_plan}/submit"), &[], 303)
        .await;
    review_on_rubric(&ese, &next_plan).await;
    ese.post_status(&format!("{next_plan}/approve"), &[], 303)
        .await;
    // Approved before its year, next year's plan takes over on July 1 of that year.
    let july = chrono::NaiveDate::from_ymd_opt(2027, 7, 1).unwrap();
    throughline::plans::switch::take_over_due(&app.pool, july)
        .await
        .unwrap();
    let statuses = sqlx::query(
        "SELECT status::text AS status FROM plans \
         WHERE district_id = (SELECT id FROM districts WHERE slug = 'randolph') ORDER BY first_school_year",
    )
        .fetch_all(&mut app.owner_conn().await)
        .await
        .unwrap();
    let statuses: Vec<String> = statuses.iter().map(|r| r.get("status")).collect();
    assert_eq!(
        statuses,
        ["archived", "approved"],
        "next year's plan, once its year begins, archives the old one"
    );
    let (_, page) = supt.get_text("/districts/randolph/plan").await;
    assert!(page.is_empty() || !page.contains("archived"));
    assert_eq!(
        location(&supt.get("/districts/randolph/plan").await),
        next_plan
    );
}

#[tokio::test]
async fn monitors_and_leaders_read_but_cannot_edit_and_other_districts_see_nothing() {
    let (app, _, plan, id) = plan_with_objective().await;

    let monitor = app.signed_in("monitor.east@demo.test").await;
    let page = monitor.get_status(&plan, 200).await;
    assert!(!page.contains("Add an objective"));
    monitor
        .get_status(&format!("{plan}/objectives/new"), 403)
        .await;
    monitor
        .post_status(
            &format!("{plan}/objectives"),
            &[("title", "Sneaky"), ("lead", "x")],
            403,
        )
        .await;
    let leader = app.signed_in("leader.randolph@demo.test").await;
    leader
        .get_status(&format!("{plan}/objectives/{id}/edit"), 403)
        .await;

    let outsider = app.signed_in("supt.fallriver@demo.test").await;
    let plan_id = plan.rsplit('/').next().unwrap();
    for path in [
        plan.clone(),
        format!("{plan}/edit"),
        format!("{plan}/changes"),
        format!("{plan}/objectives/{id}/edit"),
        format!("/districts/fall-river/plans/{plan_id}"),
        format!("/districts/fall-river/plans/{plan_id}/objectives/{id}/edit"),
    ] {
        assert_eq!(outsider.get_code(&path).await, 404, "{path}");
    }
    for path in [
        format!("{plan}/submit"),
        format!("/districts/fall-river/plans/{plan_id}/objectives/{id}/remove"),
    ] {
        assert_eq!(outsider.post_code(&path, &[]).await, 404, "{path}");
    }
    let fall_river_admin_view = app.signed_in("ese.staff@demo.test").await;
    assert_eq!(
        fall_river_admin_view.get_code(&plan).await,
        200,
        "ESE reads every district's plan"
    );
}

#[tokio::test]
async fn two_people_starting_next_years_plan_at_once_get_one_draft_and_no_error() {
    let app = TestApp::spawn().await;
    let manager = app.signed_in("manager.randolph@demo.test").await;
    let supt = app.signed_in("supt.randolph@demo.test").await;
    let approved = location(&manager.get("/districts/randolph/plan").await);
    let path = format!("{approved}/next-year");
    let (a, b) = tokio::join!(manager.post(&path, &[]), supt.post(&path, &[]));
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    assert_eq!(
        statuses,
        [303, 409],
        "one starts the draft, the other is told it exists"
    );
    let drafts: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM plans WHERE status = 'draft' \
         AND district_id = (SELECT id FROM districts WHERE slug = 'randolph')",
    )
    .fetch_one(&mut app.owner_conn().await)
    .await
    .unwrap();
    assert_eq!(drafts, 1);
}

#[tokio::test]
async fn twenty_saves_of_one_version_of_an_objective_accept_exactly_one() {
    let (app, manager, plan, id) = plan_with_objective().await;
    let edit = format!("{plan}/objectives/{id}/edit");
    let version = manager.form_version(&edit).await;

    // Twenty tabs saving the version they all loaded, at the same moment.
    let mut saves = tokio::task::JoinSet::new();
    for n in 0..20 {
        let (http, url, version) = (manager.http.clone(), manager.url(&edit), version.clone());
        saves.spawn(async move {
            let title = format!("Wording number {n}");
            let form = [
                ("title", title.as_str()),
                ("lead", "Superintendent"),
                ("version", version.as_str()),
            ];
            let response = http.post(url).form(&form).send().await.unwrap();
            let status = response.status().as_u16();
            let body = support::unescape(&response.text().await.unwrap());
            (status, body.contains(&title), title)
        });
    }
    let answers = saves.join_all().await;
    let accepted: Vec<_> = answers.iter().filter(|(s, _, _)| *s == 303).collect();
    assert_eq!(
        accepted.len(),
        1,
        "{:?}",
        answers.iter().map(|a| a.0).collect::<Vec<_>>()
    );
    for (status, kept, title) in &answers {
        if *status != 303 {
            assert_eq!(*status, 409, "{title}");
            assert!(kept, "the conflict page keeps {title}");
        }
    }
    let stored: String = sqlx::query_scalar("SELECT title FROM objectives WHERE id = $1::uuid")
        .bind(&id)
        .fetch_one(&mut app.owner_conn().await)
        .await
        .unwrap();
    assert_eq!(&stored, &accepted[0].2);
}
