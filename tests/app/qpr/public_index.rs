//! The public index at /public: a member of the public finds every district with an approved
//! plan or a posted report, and from it the district's page, plan and latest report; a district
//! with nothing published is not listed, and nothing unpublished is linked.

use crate::support::TestApp;

#[tokio::test]
async fn the_index_lists_districts_with_something_published_and_links_their_documents() {
    let app = TestApp::spawn().await;
    // A district with only a draft plan has nothing public.
    app.query_text(
        "WITH d AS (INSERT INTO districts (name, slug, accountability_level) \
                    VALUES ('Quincy', 'quincy', 4) RETURNING id) \
         INSERT INTO plans (district_id, title, first_school_year, last_school_year) \
         SELECT id, 'Quincy draft plan', 2026, 2027 FROM d RETURNING id::text",
    )
    .await;
    let visitor = app.client();
    let page = visitor.get_status("/public", 200).await;
    for slug in ["randolph", "new-bedford", "fall-river"] {
        assert!(
            page.contains(&format!("href=\"/public/districts/{slug}\"")),
            "{slug} is listed"
        );
        let approved: i64 = app
            .scalar(&format!(
                "SELECT count(*) FROM plans p JOIN districts d ON d.id = p.district_id \
                 WHERE d.slug = '{slug}' AND p.status = 'approved'"
            ))
            .await;
        assert_eq!(
            page.contains(&format!("href=\"/public/districts/{slug}/plan\"")),
            approved > 0,
            "{slug}: the plan is linked once ESE has approved it"
        );
        // The latest posted report is linked, never the one still in review.
        let latest = app
            .query_text(&format!(
                "SELECT q.id::text FROM qprs q JOIN districts d ON d.id = q.district_id \
                 WHERE d.slug = '{slug}' AND q.status = 'published' AND q.posted_at IS NOT NULL \
                 ORDER BY q.period_start DESC LIMIT 1"
            ))
            .await;
        assert!(page.contains(&format!("/public/districts/{slug}/qprs/{latest}\"")));
        let unposted = app
            .query_text(&format!(
                "SELECT coalesce(string_agg(q.id::text, ' '), '') FROM qprs q JOIN districts d ON d.id = q.district_id \
                 WHERE d.slug = '{slug}' AND NOT (q.status = 'published' AND q.posted_at IS NOT NULL)"
            ))
            .await;
        for id in unposted.split_whitespace() {
            assert!(
                !page.contains(id),
                "{slug}: an unposted report is not linked"
            );
        }
    }
    assert!(page.contains("(latest of 2)"));
    assert!(
        page.contains("Not yet approved"),
        "New Bedford's plan is still in review"
    );
    assert!(page.contains("3 of 3 districts"));
    assert!(!page.contains("Quincy"), "nothing of Quincy is published");

    // Reached from the sign-in page and from every public page.
    assert!(
        visitor
            .get_status("/login", 200)
            .await
            .contains("href=\"/public\"")
    );
    assert!(
        visitor
            .get_status("/public/districts/randolph", 200)
            .await
            .contains("href=\"/public\"")
    );
}

#[tokio::test]
async fn the_index_finds_a_district_by_name_and_level() {
    let app = TestApp::spawn().await;
    let visitor = app.client();

    let found = visitor.get_status("/public?q=%20fall%20", 200).await;
    assert!(found.contains("/public/districts/fall-river\""));
    assert!(!found.contains("/public/districts/randolph\""));
    assert!(found.contains("value=\"fall\""), "the search is kept");
    assert!(found.contains("1 of 3 districts"));

    let none = visitor.get_status("/public?q=nowhere", 200).await;
    assert!(none.contains("No district matches"));
    assert!(none.contains("Show all 3 districts"));

    let level: i16 = app
        .scalar("SELECT accountability_level FROM districts WHERE slug = 'randolph'")
        .await;
    let same_level: i64 = app
        .scalar(&format!(
            "SELECT count(*) FROM districts WHERE accountability_level = {level}"
        ))
        .await;
    let by_level = visitor
        .get_status(&format!("/public?level={level}"), 200)
        .await;
    assert!(by_level.contains(&format!("<option value=\"{level}\" selected>")));
    assert!(by_level.contains(&format!("{same_level} of 3 districts")));
    // A level that is not a number shows every district rather than an error.
    let any = visitor.get_status("/public?level=high", 200).await;
    assert!(any.contains("3 of 3 districts"));
}
