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
