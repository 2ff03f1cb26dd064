//! Records several test files set up the same way: a draft plan built through the app's own
//! forms ([`DraftPlan`]), the ids of demo people and districts, an ESE rubric review before
//! approval, a rated report.

use uuid::Uuid;

use super::people::{ESE, MONITOR};
use super::{Client, TestApp};

/// Removes a district's plans, the demo's among them, so a test starts from none.
pub async fn clear_plans(app: &TestApp, slug: &str) {
    sqlx::query("DELETE FROM plans WHERE district_id = (SELECT id FROM districts WHERE slug = $1)")
        .bind(slug)
        .execute(&mut app.owner_conn().await)
        .await
        .unwrap();
}

/// Starts Randolph's 2026–2028 plan titled `title` through the form as `client`; answers its path.
pub async fn start_plan(client: &Client, title: &str) -> String {
    client
        .submit(
            "/districts/randolph/plans",
            &[
                ("title", title),
                ("first_school_year", "2026"),
                ("last_school_year", "2028"),
            ],
        )
        .await
}

/// The id of the account with `email`.
pub async fn user_id(app: &TestApp, email: &str) -> Uuid {
    app.scalar_for("SELECT id FROM users WHERE email = $1", email)
        .await
}

/// The id of the district whose address name is `slug`.
pub async fn district_id(app: &TestApp, slug: &str) -> Uuid {
    app.scalar_for("SELECT id FROM districts WHERE slug = $1", slug)
        .await
}

/// The id in a redirect to `…#kind-<id>`, where the forms send one back to what they saved.
pub fn anchor_id(location: &str, kind: &str) -> String {
    let marker = format!("#{kind}-");
    let at = location
        .find(&marker)
        .unwrap_or_else(|| panic!("no {marker} in {location}"));
    location[at + marker.len()..].to_string()
}

/// A draft plan of Randolph's made through the app's forms by one of its editors, with no demo
/// plan beside it; its items are added through the forms too, as the editor would.
pub struct DraftPlan {
    pub app: TestApp,
    /// The person who started the plan (a plan manager or the superintendent), signed in.
    pub editor: Client,
    /// The plan's path.
    pub plan: String,
    /// The objective [`DraftPlan::with_objective`] added, which new initiatives go under.
    objective: Option<String>,
}

impl DraftPlan {
    /// A fresh app in which `editor` starts Randolph's only plan, titled `title`.
    pub async fn randolph(editor: &str, title: &str) -> Self {
        let app = TestApp::spawn().await;
        clear_plans(&app, "randolph").await;
        let editor = app.signed_in(editor).await;
        let plan = start_plan(&editor, title).await;
        Self {
            app,
            editor,
            plan,
            objective: None,
        }
    }

    /// The plan with an objective added through the form, for initiatives to go under.
    pub async fn with_objective(mut self, title: &str, lead: &str) -> Self {
        self.objective = Some(self.objective(title, lead).await);
        self
    }

    /// The id of the objective [`DraftPlan::with_objective`] added.
    pub fn objective_id(&self) -> &str {
        self.objective
            .as_deref()
            .expect("the plan was built with_objective")
    }

    /// Adds an objective through the form; answers its id.
    pub async fn objective(&self, title: &str, lead: &str) -> String {
        let to = self
            .editor
            .submit(
                &format!("{}/objectives", self.plan),
                &[("title", title), ("lead", lead)],
            )
            .await;
        anchor_id(&to, "objective")
    }

    /// Adds an initiative under the plan's objective through the form; answers its id.
    pub async fn initiative(&self, description: &str) -> String {
        let path = format!(
            "{}/objectives/{}/initiatives",
            self.plan,
            self.objective_id()
        );
        let form = [
            ("description", description),
            ("lead", "Director of Curriculum"),
            ("key_resources", "Two coaches"),
        ];
        let to = self.editor.submit(&path, &form).await;
        anchor_id(&to, "initiative")
    }

    /// Adds an activity (September to June, weekly) to `initiative` as `client`; answers its id.
    pub async fn activity(&self, client: &Client, initiative: &str, description: &str) -> String {
        let path = format!("{}/initiatives/{initiative}/activities", self.plan);
        let form = [
            ("description", description),
            ("lead", "Math coach"),
            ("starts_on", "2026-09-08"),
            ("completes_on", "2027-06-15"),
            ("frequency", "Weekly"),
        ];
        let to = client.submit(&path, &form).await;
        anchor_id(&to, "activity")
    }

    /// The plan's page as its editor sees it.
    pub async fn page(&self) -> String {
        self.editor.get_status(&self.plan, 200).await
    }
}

/// ESE's rubric review, which approval needs (every criterion "strong", decision "implement").
pub async fn review_on_rubric(ese: &Client, plan: &str) {
    let form = [
        ("provides_focus", "strong"),
        ("root_causes", "strong"),
        ("instructional_core", "strong"),
        ("tracks_progress", "strong"),
        ("long_term_capacity", "strong"),
        ("decision", "implement"),
    ];
    let saved = ese.post(&format!("{plan}/review"), &form).await;
    assert_eq!(saved.status(), 303, "the rubric review is saved");
}

/// A Highlight Discussion of `slug` held `days_ago` days ago (negative: upcoming), scheduled two
/// months ago and ESE told in time, its minutes not begun. Returns its id.
pub async fn discussion(app: &TestApp, slug: &str, days_ago: i64) -> String {
    app.query_text(&format!(
        "INSERT INTO highlight_discussions (district_id, plan_id, held_on, scheduled_at, ese_notified_at) \
         SELECT d.id, p.id, (now() AT TIME ZONE 'America/New_York')::date - {days_ago}, \
                now() - interval '60 days', now() - interval '50 days' \
         FROM districts d JOIN plans p ON p.district_id = d.id \
         WHERE d.slug = '{slug}' ORDER BY p.created_at LIMIT 1 RETURNING id::text"
    ))
    .await
}

/// A Randolph report for September–November 2020 by `monitor`, in `status`, summed up as
/// `summary`, nothing rated yet. Returns its id.
pub async fn report(app: &TestApp, monitor: &str, status: &str, summary: &str) -> String {
    app.query_text(&format!(
        "INSERT INTO qprs (district_id, plan_id, period_start, monitor_id, status, summary) \
         SELECT d.id, p.id, DATE '2020-09-01', (SELECT id FROM users WHERE email = '{monitor}'), \
                '{status}', '{summary}' \
         FROM districts d JOIN plans p ON p.district_id = d.id AND p.status = 'approved' \
         WHERE d.slug = 'randolph' RETURNING id::text"
    ))
    .await
}

/// As [`report`], every initiative rated with written evidence. Returns its id.
pub async fn rated_report(app: &TestApp, monitor: &str, status: &str) -> String {
    let id = report(app, monitor, status, "Steady progress on walkthroughs.").await;
    let evidence = ("Walkthrough summaries", "Benchmark assessment results");
    rate_initiatives(
        app,
        &id,
        "Narrative",
        ("technical", "partially_reached"),
        evidence,
    )
    .await;
    id
}

/// Rates every initiative of report `id` `(process, performance)` with `evidence` for each, under
/// `narrative`.
pub async fn rate_initiatives(
    app: &TestApp,
    id: &str,
    narrative: &str,
    (process, performance): (&str, &str),
    (process_evidence, performance_evidence): (&str, &str),
) {
    app.execute(&format!(
        "INSERT INTO qpr_initiatives (district_id, qpr_id, initiative_id, narrative, process_rating, \
             process_evidence, performance_rating, performance_evidence) \
         SELECT i.district_id, q.id, i.id, '{narrative}', '{process}', '{process_evidence}', \
                '{performance}', '{performance_evidence}' \
         FROM qprs q JOIN objectives o ON o.plan_id = q.plan_id JOIN initiatives i ON i.objective_id = o.id \
         WHERE q.id = '{id}'"
    ))
    .await;
}

/// A report of `slug`'s approved plan for the period starting `start` by Randolph's monitor, in
/// `status` (published ten days ago by ESE when "published"), posted when `posted`. Returns its id.
pub async fn published_report(
    app: &TestApp,
    slug: &str,
    start: &str,
    status: &str,
    summary: &str,
    posted: bool,
) -> String {
    let published = if status == "published" {
        "now() - interval '10 days'"
    } else {
        "NULL"
    };
    let posted = if posted { "now()" } else { "NULL" };
    app.query_text(&format!(
        "INSERT INTO qprs (district_id, plan_id, period_start, status, summary, published_at, posted_at, \
                           monitor_id, published_by) \
         SELECT d.id, p.id, '{start}', '{status}', '{summary}', {published}, {posted}, \
                (SELECT id FROM users WHERE email = '{MONITOR}'), \
                (SELECT id FROM users WHERE email = '{ESE}') \
         FROM districts d JOIN plans p ON p.district_id = d.id AND p.status = 'approved' \
         WHERE d.slug = '{slug}' RETURNING id::text"
    ))
    .await
}
