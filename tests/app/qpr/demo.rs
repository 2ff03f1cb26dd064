//! The demo's Quarterly Progress Reports: two published and posted per district, one in review,
//! ratings that differ across initiatives and move over time, visible on the public page.

use crate::support;

use support::TestApp;

#[tokio::test]
async fn every_demo_district_has_published_reports_a_draft_in_review_and_a_ratings_grid() {
    let app = TestApp::spawn().await;
    let anonymous = app.client();
    for (slug, email) in [
        ("randolph", "supt.randolph@demo.test"),
        ("new-bedford", "supt.newbedford@demo.test"),
        ("fall-river", "supt.fallriver@demo.test"),
    ] {
        let client = app.signed_in(email).await;
        let list = client
            .get_status(&format!("/districts/{slug}/qprs"), 200)
            .await;
        assert_eq!(
            list.matches(">Published<").count(),
            2,
            "{slug}: two published"
        );
        assert_eq!(
            list.matches("In review by ESE and the other monitors")
                .count(),
            1,
            "{slug}: one in review"
        );
        let (_, grid) = client.get_text(&format!("/districts/{slug}/ratings")).await;
        for label in [
            "Problematic Implementation/At-Risk",
            "Technical Implementation Stage",
        ] {
            assert!(grid.contains(label), "{slug}: ratings differ ({label})");
        }
        let (_, district) = client.get_text(&format!("/districts/{slug}")).await;
        assert!(
            district.contains("1 open request"),
            "{slug}: the monitor's request is on the district page"
        );
        let public = anonymous
            .get_status(&format!("/public/districts/{slug}"), 200)
            .await;
        assert_eq!(
            public.matches("/qprs/").count(),
            2,
            "{slug}: two reports public"
        );
    }
}

/// The demo's June–August report, when the demo's three periods include one, is the Summative
/// Report of its year: recommendations written, presented only on days already past.
#[tokio::test]
async fn the_demos_june_report_reads_as_the_summative_report_of_its_year() {
    use throughline::calendar::{QprPeriod, today};
    let current = QprPeriod::containing(today());
    // The demo publishes the two periods before the current one, on the 20th of their month,
    // and presents them to the School Committee a week later.
    let published = [current.previous().previous(), current.previous()];
    let Some(summative) = published.into_iter().find(|p| {
        p.is_summative() && p.publication_month() + chrono::TimeDelta::days(26) <= today()
    }) else {
        return;
    };
    let app = TestApp::spawn().await;
    let anonymous = app.client();
    for slug in ["randolph", "new-bedford", "fall-river"] {
        let id = app
            .query_text(&format!(
                "SELECT q.id::text FROM qprs q JOIN districts d ON d.id = q.district_id \
                 WHERE d.slug = '{slug}' AND q.period_start = '{}' AND btrim(q.recommendations) <> ''",
                summative.start
            ))
            .await;
        let future = app
            .query_text(&format!(
                "SELECT count(*)::text FROM report_presentations WHERE qpr_id = '{id}' \
                 AND presented_on > (now() AT TIME ZONE 'America/New_York')::date"
            ))
            .await;
        assert_eq!(future, "0", "{slug}: no presentation in the future");
        let html = support::unescape(
            &anonymous
                .get_status(&format!("/public/districts/{slug}/qprs/{id}"), 200)
                .await,
        );
        assert!(
            html.contains(&format!("<h1>{}</h1>", summative.title())),
            "{slug}"
        );
        assert!(
            html.contains("Keep the coaching cycles"),
            "{slug}: its recommendations"
        );
        assert!(
            html.contains("Presented to the School Committee on"),
            "{slug}"
        );
    }
}
