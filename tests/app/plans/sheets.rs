//! Strategy sheets: initiatives under an objective and their activities, edited through the forms
//! by plan editors and by a district leader linked as an initiative's lead.

use crate::support;
use crate::support::people::{LEADER, MANAGER, SUPT};

use support::fixtures::{DraftPlan, review_on_rubric, user_id};

use support::{Client, assert_contains, assert_kept, input_value, location};

/// A Randolph plan started by the manager through the app, with one objective.
async fn sheet() -> DraftPlan {
    DraftPlan::randolph(MANAGER, "Randolph Plan")
        .await
        .with_objective("Improve core instruction", "Superintendent")
        .await
}

fn edit_fields<'a>(page: &str, fields: &[(&'a str, &'a str)]) -> Vec<(&'a str, String)> {
    let version = input_value(page, "version").expect("the edit form carries the version");
    let mut form: Vec<(&str, String)> = fields.iter().map(|(k, v)| (*k, v.to_string())).collect();
    form.push(("version", version));
    form
}

async fn post_owned(client: &Client, path: &str, form: &[(&str, String)]) -> (u16, String) {
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    client.post_text(path, &form).await
}

#[tokio::test]
async fn initiatives_and_activities_added_through_the_forms_appear_on_the_plan() {
    let f = sheet().await;
    let (status, form) = f
        .editor
        .get_text(&format!(
            "{}/objectives/{}/initiatives/new",
            f.plan,
            f.objective_id()
        ))
        .await;
    assert_eq!(status, 200);
    assert!(form.contains("Objective 1: Improve core instruction"));
    assert!(form.contains("<datalist id=\"lead-suggestions\"><option value=\"Superintendent\">"));
    assert!(
        form.contains("name=\"lead_user_id\""),
        "plan editors link an account"
    );

    let initiative = f.initiative("Coach teachers in data use").await;
    let (status, form) = f
        .editor
        .get_text(&format!(
            "{}/initiatives/{initiative}/activities/new",
            f.plan
        ))
        .await;
    assert_eq!(status, 200);
    assert!(form.contains("named person or role, never “All” or “TBD”"));
    assert!(form.contains("type=\"date\""));
    f.activity(
        &f.editor,
        &initiative,
        "Weekly data meetings in every school",
    )
    .await;

    let page = f.page().await;
    assert!(page.contains("Initiative 1.1: Coach teachers in data use"));
    assert!(page.contains("Strategy Sheet — Initiative 1.1"));
    assert!(page.contains("Two coaches"));
    assert!(page.contains("Weekly data meetings in every school"));
    assert!(page.contains("Math coach"));
    assert!(
        page.contains("Sept–Dec"),
        "the quarter follows from the start date"
    );
    assert!(page.contains("Sep 8, 2026"));

    let edit = format!("{}/initiatives/{initiative}/edit", f.plan);
    let (_, form) = f.editor.get_text(&edit).await;
    assert!(form.contains(">Coach teachers in data use</textarea>"));
    let fields = edit_fields(
        &form,
        &[
            ("description", "Coach every teacher in data use"),
            ("lead", "Director of Curriculum"),
        ],
    );
    let (status, _) = post_owned(&f.editor, &edit, &fields).await;
    assert_eq!(status, 303);
    assert!(
        f.page()
            .await
            .contains("Initiative 1.1: Coach every teacher in data use")
    );

    let (status, changes) = f.editor.get_text(&format!("{}/changes", f.plan)).await;
    assert_eq!(status, 200);
    assert!(changes.contains("<strong>Initiative 1.1</strong> edited"));
    assert!(changes.contains("<strong>Initiative 1.1</strong> added"));
    assert!(changes.contains("<strong>Activity in Initiative 1.1</strong> added"));
    assert!(
        changes.contains("Coach every teacher in data use"),
        "the history shows what changed"
    );
}

#[tokio::test]
async fn mistakes_are_explained_and_what_was_typed_is_kept() {
    let f = sheet().await;
    let path = format!("{}/objectives/{}/initiatives", f.plan, f.objective_id());
    let (status, page) = f
        .editor
        .post_text(
            &path,
            &[
                ("description", "   "),
                ("lead", "Principal of the Lincoln School"),
                ("key_resources", "A coach"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("Describe the initiative"));
    assert_kept(&page, &[("lead", "Principal of the Lincoln School")]);
    assert!(page.contains(">A coach</textarea>"));

    let initiative = f.initiative("Coach teachers").await;
    let path = format!("{}/initiatives/{initiative}/activities", f.plan);
    let (status, page) = f
        .editor
        .post_text(
            &path,
            &[
                ("description", "Train the coaches"),
                ("lead", "Math coach"),
                ("starts_on", "2027-03-01"),
                ("completes_on", "2026-10-01"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("The completion date is before the start"));
    assert!(page.contains(">Train the coaches</textarea>"));
    assert_kept(
        &page,
        &[("starts_on", "2027-03-01"), ("completes_on", "2026-10-01")],
    );
    assert!(
        page.contains("Jan–March"),
        "the form tells the quarter of the start date"
    );

    let (status, page) = f
        .editor
        .post_text(&path, &[("description", ""), ("starts_on", "next week")])
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("Describe the activity"));
    assert!(page.contains("Enter the date as year-month-day"));
    assert_kept(&page, &[("starts_on", "next week")]);

    // A date in the summer just after the plan's years is the plan check's business, not the
    // form's (a year beyond is refused: see the next tests).
    let (status, _) = f
        .editor
        .post_text(
            &path,
            &[
                ("description", "Plan the summer institute"),
                ("starts_on", "2029-07-20"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    assert!(
        !f.page().await.contains("Train the coaches"),
        "nothing was saved by the refused forms"
    );
}

#[tokio::test]
async fn a_second_save_of_the_same_item_shows_both_versions() {
    let f = sheet().await;
    let superintendent = f.app.signed_in(SUPT).await;
    let initiative = f.initiative("Coach teachers").await;
    let edit = format!("{}/initiatives/{initiative}/edit", f.plan);
    let (_, first) = f.editor.get_text(&edit).await;
    let (_, second) = superintendent.get_text(&edit).await;

    let mine = edit_fields(
        &first,
        &[
            ("description", "Coach teachers weekly"),
            ("lead", "Director of Curriculum"),
        ],
    );
    assert_eq!(post_owned(&f.editor, &edit, &mine).await.0, 303);
    let theirs = edit_fields(
        &second,
        &[
            ("description", "Coach teachers monthly"),
            ("lead", "Director of Curriculum"),
        ],
    );
    let (status, page) = post_owned(&superintendent, &edit, &theirs).await;
    assert_eq!(status, 409);
    assert!(page.contains("Someone else saved this while you were editing"));
    assert!(
        page.contains("Coach teachers weekly"),
        "the other person's version is shown"
    );
    assert!(
        page.contains(">Coach teachers monthly</textarea>"),
        "the typed text stays in the form"
    );
    // Saving again from the conflict page keeps the second person's text.
    let again = edit_fields(
        &page,
        &[
            ("description", "Coach teachers monthly"),
            ("lead", "Director of Curriculum"),
        ],
    );
    assert_eq!(post_owned(&superintendent, &edit, &again).await.0, 303);
    assert!(
        f.page()
            .await
            .contains("Initiative 1.1: Coach teachers monthly")
    );

    let activity = f.activity(&f.editor, &initiative, "Data meetings").await;
    let edit = format!("{}/activities/{activity}/edit", f.plan);
    let (_, first) = f.editor.get_text(&edit).await;
    let (_, second) = superintendent.get_text(&edit).await;
    assert_kept(&first, &[("starts_on", "2026-09-08")]);
    let mine = edit_fields(
        &first,
        &[
            ("description", "Data meetings every Monday"),
            ("lead", "Math coach"),
        ],
    );
    assert_eq!(post_owned(&f.editor, &edit, &mine).await.0, 303);
    let theirs = edit_fields(
        &second,
        &[
            ("description", "Data meetings every Friday"),
            ("lead", "Math coach"),
        ],
    );
    let (status, page) = post_owned(&superintendent, &edit, &theirs).await;
    assert_eq!(status, 409);
    assert!(page.contains("Data meetings every Monday"));
    assert!(page.contains(">Data meetings every Friday</textarea>"));
}

#[tokio::test]
async fn moving_changes_the_numbering_and_removing_asks_first() {
    let f = sheet().await;
    let first = f.initiative("Coach teachers").await;
    let second = f.initiative("Extend the school day").await;
    let page = f.page().await;
    assert!(page.contains("Initiative 1.1: Coach teachers"));
    assert!(page.contains("Initiative 1.2: Extend the school day"));

    let moved = f
        .editor
        .post(
            &format!("{}/initiatives/{second}/move", f.plan),
            &[("direction", "up")],
        )
        .await;
    assert_eq!(moved.status(), 303);
    assert!(location(&moved).ends_with(&format!("#initiative-{second}")));
    let page = f.page().await;
    assert!(page.contains("Initiative 1.1: Extend the school day"));
    assert!(page.contains("Initiative 1.2: Coach teachers"));
    let (_, changes) = f.editor.get_text(&format!("{}/changes", f.plan)).await;
    assert!(changes.contains("<strong>Initiative 1.2</strong> moved"));

    let a = f.activity(&f.editor, &first, "Alpha meetings").await;
    let b = f.activity(&f.editor, &first, "Beta walkthroughs").await;
    let page = f.page().await;
    assert!(page.find("Alpha meetings") < page.find("Beta walkthroughs"));
    let moved = f
        .editor
        .post(
            &format!("{}/activities/{b}/move", f.plan),
            &[("direction", "up")],
        )
        .await;
    assert_eq!(moved.status(), 303);
    let page = f.page().await;
    assert!(page.find("Beta walkthroughs") < page.find("Alpha meetings"));

    let remove = format!("{}/activities/{a}/remove", f.plan);
    let (status, confirm) = f.editor.get_text(&remove).await;
    assert_eq!(status, 200);
    assert!(confirm.contains("Remove this activity of Initiative 1.2?"));
    assert!(confirm.contains("Alpha meetings"));
    assert!(
        f.page().await.contains("Alpha meetings"),
        "asking removes nothing"
    );
    let removed = f.editor.post(&remove, &[]).await;
    assert_eq!(removed.status(), 303);
    assert!(location(&removed).ends_with(&format!("#initiative-{first}")));
    assert!(!f.page().await.contains("Alpha meetings"));

    let remove = format!("{}/initiatives/{first}/remove", f.plan);
    let (status, confirm) = f.editor.get_text(&remove).await;
    assert_eq!(status, 200);
    assert!(confirm.contains("Remove Initiative 1.2?"));
    assert!(confirm.contains("1 activity"));
    let removed = f.editor.post(&remove, &[]).await;
    assert_eq!(removed.status(), 303);
    assert!(location(&removed).ends_with(&format!("#objective-{}", f.objective_id())));
    let page = f.page().await;
    assert!(!page.contains("Coach teachers"));
    assert!(!page.contains("Beta walkthroughs"));
    assert!(page.contains("Initiative 1.1: Extend the school day"));
    let (_, changes) = f.editor.get_text(&format!("{}/changes", f.plan)).await;
    assert!(changes.contains("<strong>Initiative 1.2</strong> removed"));
}

#[tokio::test]
async fn a_linked_leader_manages_only_the_initiatives_they_lead() {
    let f = sheet().await;
    let led = f.initiative("Coach teachers").await;
    let other = f.initiative("Extend the school day").await;
    let leader_id = user_id(&f.app, LEADER).await.to_string();
    let manager_id = user_id(&f.app, MANAGER).await.to_string();

    // The manager links the leader's account to the first initiative.
    let edit = format!("{}/initiatives/{led}/edit", f.plan);
    let (_, form) = f.editor.get_text(&edit).await;
    let fields = edit_fields(
        &form,
        &[
            ("description", "Coach teachers"),
            ("lead", "Director of Curriculum"),
            ("lead_user_id", leader_id.as_str()),
        ],
    );
    assert_eq!(post_owned(&f.editor, &edit, &fields).await.0, 303);
    let (_, form) = f.editor.get_text(&edit).await;
    assert!(form.contains(&format!("<option value=\"{leader_id}\" selected>")));

    let leader = f.app.signed_in(LEADER).await;
    let form = leader.get_status(&edit, 200).await;
    assert!(
        !form.contains("name=\"lead_user_id\""),
        "a leader cannot hand the initiative on"
    );
    // Even a crafted form keeps the stored link.
    let fields = edit_fields(
        &form,
        &[
            ("description", "Coach teachers twice a week"),
            ("lead", "Director of Curriculum"),
            ("lead_user_id", manager_id.as_str()),
        ],
    );
    assert_eq!(post_owned(&leader, &edit, &fields).await.0, 303);
    let stored: Option<uuid::Uuid> =
        sqlx::query_scalar("SELECT lead_user_id FROM initiatives WHERE id = $1::uuid")
            .bind(&led)
            .fetch_one(&mut f.app.owner_conn().await)
            .await
            .unwrap();
    assert_eq!(stored.map(|u| u.to_string()), Some(leader_id.clone()));
    assert!(
        f.page()
            .await
            .contains("Initiative 1.1: Coach teachers twice a week")
    );

    let activity = f.activity(&leader, &led, "Coaching cycles").await;
    leader
        .get_status(&format!("{}/activities/{activity}/edit", f.plan), 200)
        .await;
    assert!(f.page().await.contains("Coaching cycles"));

    // Not the initiative they do not lead, nor the plan-wide changes.
    leader
        .get_status(&format!("{}/initiatives/{other}/edit", f.plan), 403)
        .await;
    leader
        .get_status(
            &format!("{}/initiatives/{other}/activities/new", f.plan),
            403,
        )
        .await;
    leader
        .get_status(&format!("{}/initiatives/{led}/remove", f.plan), 403)
        .await;
    assert_eq!(
        leader
            .post_code(
                &format!("{}/initiatives/{led}/move", f.plan),
                &[("direction", "down")],
            )
            .await,
        403
    );
    let new = format!("{}/objectives/{}/initiatives/new", f.plan, f.objective_id());
    leader.get_status(&new, 403).await;
    let other_activity = f.activity(&f.editor, &other, "Longer days").await;
    leader
        .get_status(&format!("{}/activities/{other_activity}/edit", f.plan), 403)
        .await;
}

#[tokio::test]
async fn monitors_outsiders_and_submitted_plans_cannot_change_the_sheets() {
    let f = sheet().await;
    let initiative = f.initiative("Coach teachers").await;
    let activity = f.activity(&f.editor, &initiative, "Coaching cycles").await;
    let urls = [
        format!("{}/objectives/{}/initiatives/new", f.plan, f.objective_id()),
        format!("{}/initiatives/{initiative}/edit", f.plan),
        format!("{}/initiatives/{initiative}/remove", f.plan),
        format!("{}/initiatives/{initiative}/activities/new", f.plan),
        format!("{}/activities/{activity}/edit", f.plan),
        format!("{}/activities/{activity}/remove", f.plan),
    ];

    let monitor = f.app.signed_in("monitor.east@demo.test").await;
    for url in &urls {
        assert_eq!(monitor.get_code(url).await, 403, "{url}");
    }
    assert_eq!(
        monitor
            .post_code(
                &format!("{}/initiatives/{initiative}/edit", f.plan),
                &[("description", "Mine now")],
            )
            .await,
        403
    );

    // Someone from another district does not learn that Randolph's plan exists.
    let outsider = f.app.signed_in("supt.fallriver@demo.test").await;
    for url in &urls {
        assert_eq!(outsider.get_code(url).await, 404, "{url}");
    }
    let fall_river = urls[1].replace("/districts/randolph/", "/districts/fall-river/");
    outsider.get_status(&fall_river, 404).await;

    // An unknown activity or one of another plan is not found, even for the manager.
    let unknown = format!("{}/activities/{}/edit", f.plan, uuid::Uuid::new_v4());
    f.editor.get_status(&unknown, 404).await;
    let elsewhere = format!(
        "{}/objectives/{}/initiatives/new",
        f.plan,
        uuid::Uuid::new_v4()
    );
    f.editor.get_status(&elsewhere, 404).await;

    let superintendent = f.app.signed_in(SUPT).await;
    superintendent
        .post_status(&format!("{}/submit", f.plan), &[], 303)
        .await;
    for url in &urls {
        assert_eq!(f.editor.get_code(url).await, 409, "{url}");
    }
    let path = format!("{}/initiatives/{initiative}/activities", f.plan);
    f.editor
        .post_status(&path, &[("description", "Too late")], 409)
        .await;
    assert!(!f.page().await.contains("Too late"));
}

#[tokio::test]
async fn a_revision_records_why_each_change_was_made() {
    let f = sheet().await;
    f.initiative("Coach teachers").await;
    f.initiative("Extend the school day").await;
    let superintendent = f.app.signed_in(SUPT).await;
    superintendent
        .post_status(&format!("{}/submit", f.plan), &[], 303)
        .await;
    let ese = f.app.signed_in("ese.staff@demo.test").await;
    review_on_rubric(&ese, &f.plan).await;
    ese.post_status(&format!("{}/approve", f.plan), &[], 303)
        .await;
    f.editor.submit(&format!("{}/next-year", f.plan), &[]).await;
    let revision: uuid::Uuid = sqlx::query_scalar(
        "SELECT p.id FROM plans p JOIN districts d ON d.id = p.district_id WHERE d.slug = 'randolph' AND p.status = 'draft'",
    )
    .fetch_one(&mut f.app.owner_conn().await)
    .await
    .unwrap();
    let plan = format!("/districts/randolph/plans/{revision}");
    let initiative: uuid::Uuid = sqlx::query_scalar(
        "SELECT i.id FROM initiatives i JOIN objectives o ON o.id = i.objective_id \
         WHERE o.plan_id = $1 AND i.description = 'Extend the school day'",
    )
    .bind(revision)
    .fetch_one(&mut f.app.owner_conn().await)
    .await
    .unwrap();

    let edit = format!("{plan}/initiatives/{initiative}/edit");
    let (status, form) = f.editor.get_text(&edit).await;
    assert_eq!(status, 200);
    assert!(form.contains("Reason for this modification"));
    let fields = edit_fields(&form, &[("description", "Extend the day by an hour")]);
    let (status, page) = post_owned(&f.editor, &edit, &fields).await;
    assert_eq!(status, 422);
    assert!(page.contains("Give the reason for this modification"));
    assert!(page.contains(">Extend the day by an hour</textarea>"));
    let fields = edit_fields(
        &page,
        &[
            ("description", "Extend the day by an hour"),
            ("reason", "Budget allows one hour"),
        ],
    );
    assert_eq!(post_owned(&f.editor, &edit, &fields).await.0, 303);

    // A move asks for its reason first.
    let path = format!("{plan}/initiatives/{initiative}/move");
    let (status, page) = f.editor.post_text(&path, &[("direction", "up")]).await;
    assert_eq!(status, 200);
    assert!(page.contains("Move Initiative 1.2 up?"));
    let moved = f
        .editor
        .post(&path, &[("direction", "up"), ("reason", "Most urgent")])
        .await;
    assert_eq!(moved.status(), 303);
    let (_, page) = f.editor.get_text(&plan).await;
    assert!(page.contains("Initiative 1.1: Extend the day by an hour"));

    let path = format!("{plan}/initiatives/{initiative}/activities");
    let (status, page) = f
        .editor
        .post_text(&path, &[("description", "Hire staff")])
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("Give the reason for this modification"));

    let (_, changes) = f.editor.get_text(&format!("{plan}/changes")).await;
    assert!(changes.contains("Budget allows one hour"));
    assert!(changes.contains("Most urgent"));
}

#[tokio::test]
async fn activity_dates_outside_the_plan_years_are_refused_and_stored_ones_flagged() {
    let f = sheet().await;
    let initiative = f.initiative("Coach teachers").await;
    let path = format!("{}/initiatives/{initiative}/activities", f.plan);
    for (starts_on, completes_on, field) in [
        ("2018-09-04", "2019-06-30", "2019"),
        ("2026-09-08", "2031-06-30", "2031"),
    ] {
        let form = [
            ("description", "Weekly coaching cycles"),
            ("lead", "Math coach"),
            ("starts_on", starts_on),
            ("completes_on", completes_on),
        ];
        let (status, page) = f.editor.post_text(&path, &form).await;
        assert_eq!(status, 422, "{starts_on} to {completes_on}");
        assert_contains(&page, &format!("{field} is outside the plan"));
        assert_eq!(
            input_value(&page, "completes_on").as_deref(),
            Some(completes_on)
        );
    }
    assert!(
        !f.page().await.contains("Weekly coaching cycles"),
        "nothing saved"
    );

    // The summer before the first school year is still the plan's.
    let form = [
        ("description", "Summer institute"),
        ("lead", "Math coach"),
        ("starts_on", "2026-06-22"),
        ("completes_on", "2026-08-28"),
    ];
    f.editor.post_status(&path, &form, 303).await;

    // A date stored out of range (before this check) is flagged on the plan, and an unrelated
    // edit that keeps it goes through.
    let activity = f.activity(&f.editor, &initiative, "Walkthroughs").await;
    let stored = "UPDATE activities SET starts_on = '2018-09-04', completes_on = '2019-06-30' \
                  WHERE id = $1::uuid";
    sqlx::query(stored)
        .bind(&activity)
        .execute(&mut f.app.owner_conn().await)
        .await
        .unwrap();
    assert!(
        f.page()
            .await
            .contains("completes on June 30, 2019, before the plan")
    );
    let edit = format!("{}/activities/{activity}/edit", f.plan);
    let (_, page) = f.editor.get_text(&edit).await;
    let fields = edit_fields(
        &page,
        &[
            ("description", "Walkthroughs with the principal"),
            ("lead", "Math coach"),
            ("starts_on", "2018-09-04"),
            ("completes_on", "2019-06-30"),
        ],
    );
    assert_eq!(post_owned(&f.editor, &edit, &fields).await.0, 303);
}
