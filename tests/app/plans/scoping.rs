//! Every route under a plan's address that names an item answers "not found" for an item of
//! another plan of the same district, and changes nothing: with next year's draft open beside
//! the approved plan, neither can be edited, reordered or removed through the other's address.

use crate::support;
use crate::support::people::{LEADER, MANAGER};

use support::fixtures::user_id;
use support::{Client, TestApp, location};
use throughline::plans::item_routes;
use throughline::plans::items::Kind;
use uuid::Uuid;

/// A form that would change any item if the route accepted it: every field the item forms read,
/// a reason (so a revision does not stop at its confirmation page) and no version (so no
/// conflict stops it either).
const HOSTILE_FORM: &[(&str, &str)] = &[
    ("title", "Moved in through the wrong plan"),
    ("description", "Moved in through the wrong plan"),
    ("statement", "Moved in through the wrong plan"),
    ("lead", "Someone else"),
    ("measure", "Anything"),
    ("evidence_source", "Anything"),
    ("frequency", "monthly"),
    ("unit", "percent"),
    ("direction", "up"),
    ("kind", "short_term_outcome"),
    ("target_date", "2027-06-01"),
    ("target_value", "50"),
    ("reason", "x"),
];

/// Randolph's approved plan and the draft started from it through the app.
struct Plans {
    app: TestApp,
    approved: Uuid,
    draft: Uuid,
}

impl Plans {
    async fn start() -> Self {
        let app = TestApp::spawn().await;
        let manager = app.signed_in(MANAGER).await;
        let approved = location(&manager.get("/districts/randolph/plan").await);
        let next = manager.post(&format!("{approved}/next-year"), &[]).await;
        assert_eq!(next.status(), 303, "next year's draft starts");
        let draft = location(&next);
        let id = |path: &str| path.rsplit('/').next().unwrap().parse().unwrap();
        Self {
            approved: id(&approved),
            draft: id(&draft),
            app,
        }
    }

    fn path(plan: Uuid) -> String {
        format!("/districts/randolph/plans/{plan}")
    }

    /// One item of each kind in `plan`, each last in its list (so "up" would move it), on a
    /// strategy sheet the demo leader leads (so their lead rights are walked too).
    async fn items(&self, plan: Uuid) -> Vec<(Kind, Uuid)> {
        let mut owner = self.app.owner_conn().await;
        let mut found = vec![];
        for kind in Kind::ALL {
            let sql = match kind {
                Kind::Objective => {
                    "SELECT o.id FROM objectives o WHERE o.plan_id = $1 ORDER BY o.rank DESC LIMIT 1"
                }
                Kind::Initiative => {
                    "SELECT i.id FROM initiatives i JOIN objectives o ON o.id = i.objective_id \
                     JOIN users u ON u.id = i.lead_user_id \
                     WHERE o.plan_id = $1 AND u.email = $2 ORDER BY i.rank DESC LIMIT 1"
                }
                Kind::Activity => {
                    "SELECT a.id FROM activities a JOIN initiatives i ON i.id = a.initiative_id \
                     JOIN objectives o ON o.id = i.objective_id JOIN users u ON u.id = i.lead_user_id \
                     WHERE o.plan_id = $1 AND u.email = $2 ORDER BY a.rank DESC LIMIT 1"
                }
                Kind::Benchmark => {
                    "SELECT b.id FROM benchmarks b JOIN initiatives i ON i.id = b.initiative_id \
                     JOIN users u ON u.id = i.lead_user_id \
                     WHERE b.plan_id = $1 AND u.email = $2 ORDER BY b.rank DESC LIMIT 1"
                }
            };
            let id: Uuid = sqlx::query_scalar(sql)
                .bind(plan)
                .bind(LEADER)
                .fetch_one(&mut owner)
                .await
                .unwrap_or_else(|e| panic!("no {kind:?} in plan {plan}: {e}"));
            found.push((kind, id));
        }
        found
    }

    /// Everything stored about `plan`'s items, in order, and its history: any change shows.
    async fn snapshot(&self, plan: Uuid) -> String {
        let mut owner = self.app.owner_conn().await;
        sqlx::query_scalar(
            "SELECT string_agg(r, E'\\n' ORDER BY r) FROM ( \
             SELECT concat_ws('|', 'objective', o.id, o.rank, o.title, o.lead, o.lead_user_id, o.version) r \
               FROM objectives o WHERE o.plan_id = $1 \
             UNION ALL SELECT concat_ws('|', 'initiative', i.id, i.objective_id, i.rank, i.description, \
                    i.lead, i.lead_user_id, i.key_resources, i.version) \
               FROM initiatives i JOIN objectives o ON o.id = i.objective_id WHERE o.plan_id = $1 \
             UNION ALL SELECT concat_ws('|', 'activity', a.id, a.initiative_id, a.rank, a.description, a.lead, \
                    a.starts_on, a.completes_on, a.version) \
               FROM activities a JOIN initiatives i ON i.id = a.initiative_id \
               JOIN objectives o ON o.id = i.objective_id WHERE o.plan_id = $1 \
             UNION ALL SELECT concat_ws('|', 'benchmark', b.id, b.initiative_id, b.kind, b.rank, b.statement, \
                    b.measure, b.version) FROM benchmarks b WHERE b.plan_id = $1 \
             UNION ALL SELECT concat_ws('|', 'target', t.benchmark_id, t.due_on, t.value) \
               FROM benchmark_targets t JOIN benchmarks b ON b.id = t.benchmark_id WHERE b.plan_id = $1 \
             UNION ALL SELECT concat_ws('|', 'changes', count(*)) FROM plan_changes WHERE plan_id = $1 \
             UNION ALL SELECT concat_ws('|', 'plan', p.status, p.version) FROM plans p WHERE p.id = $1) rows",
        )
        .bind(plan)
        .fetch_one(&mut owner)
        .await
        .unwrap()
    }

    async fn public_page(&self) -> String {
        let (status, page) = self
            .app
            .client()
            .get_text("/public/districts/randolph")
            .await;
        assert_eq!(status, 200);
        page
    }
}

/// Every item route under `plan`'s address, with `items` of another plan: each method the route
/// has answers 404 (one it lacks, 405). Returns the number of requests made.
async fn walk(client: &Client, who: &str, plan: Uuid, items: &[(Kind, Uuid)]) -> usize {
    let mut cases = 0;
    for route in item_routes() {
        let (_, id) = items.iter().find(|(kind, _)| *kind == route.names).unwrap();
        let url = format!(
            "{}{}",
            Plans::path(plan),
            route.path.replace("{id}", &id.to_string())
        );
        let get = client.get(&url).await.status().as_u16();
        let post = client.post(&url, HOSTILE_FORM).await.status().as_u16();
        cases += 2;
        for (method, status) in [("GET", get), ("POST", post)] {
            assert!(
                matches!(status, 404 | 405),
                "{who} {method} {url} answered {status}"
            );
        }
        assert!(get == 404 || post == 404, "{who}: {url} has neither method");
    }
    // New benchmarks name their initiative in the query or the form rather than the path.
    let (_, initiative) = items.iter().find(|(k, _)| *k == Kind::Initiative).unwrap();
    let initiative = initiative.to_string();
    let new = format!(
        "{}/benchmarks/new?kind=short_term_outcome&initiative={initiative}",
        Plans::path(plan)
    );
    assert_eq!(client.get_code(&new).await, 404, "{who} GET {new}");
    let create = format!("{}/benchmarks", Plans::path(plan));
    let mut form = HOSTILE_FORM.to_vec();
    form.push(("initiative_id", &initiative));
    assert_eq!(
        client.post_code(&create, &form).await,
        404,
        "{who} POST {create}"
    );
    cases + 2
}

#[tokio::test]
async fn no_item_route_reaches_an_item_of_the_other_plan() {
    let plans = Plans::start().await;
    let (approved_items, draft_items) = (
        plans.items(plans.approved).await,
        plans.items(plans.draft).await,
    );
    let manager = plans.app.signed_in(MANAGER).await;
    let leader = plans.app.signed_in(LEADER).await;

    // The walk would prove nothing if its addresses were wrong: with the draft's own items,
    // every page the draft's routes show opens.
    for route in item_routes() {
        let (_, id) = draft_items.iter().find(|(k, _)| *k == route.names).unwrap();
        let url = format!(
            "{}{}",
            Plans::path(plans.draft),
            route.path.replace("{id}", &id.to_string())
        );
        let status = manager.get(&url).await.status().as_u16();
        assert!(matches!(status, 200 | 405), "GET {url} answered {status}");
    }

    let approved_before = plans.snapshot(plans.approved).await;
    let draft_before = plans.snapshot(plans.draft).await;
    let public_before = plans.public_page().await;

    let mut cases = 0;
    for (client, who) in [(&manager, MANAGER), (&leader, LEADER)] {
        // The approved plan's items under the draft's address, and the draft's under the
        // approved plan's.
        cases += walk(client, who, plans.draft, &approved_items).await;
        cases += walk(client, who, plans.approved, &draft_items).await;
    }
    println!(
        "{cases} requests over {} item routes: all not found",
        item_routes().len()
    );

    assert_eq!(plans.snapshot(plans.approved).await, approved_before);
    assert_eq!(plans.snapshot(plans.draft).await, draft_before);
    assert_eq!(plans.public_page().await, public_before);
}

#[tokio::test]
async fn the_approved_plans_objectives_cannot_be_reordered_through_the_draft() {
    let plans = Plans::start().await;
    let mut owner = plans.app.owner_conn().await;
    let second: Uuid = sqlx::query_scalar(
        "SELECT id FROM objectives WHERE plan_id = $1 ORDER BY rank OFFSET 1 LIMIT 1",
    )
    .bind(plans.approved)
    .fetch_one(&mut owner)
    .await
    .unwrap();
    let before = plans.snapshot(plans.approved).await;
    let public = plans.public_page().await;

    let manager = plans.app.signed_in(MANAGER).await;
    let path = format!("{}/objectives/{second}/move", Plans::path(plans.draft));
    assert_eq!(
        manager
            .post_code(&path, &[("direction", "up"), ("reason", "x")])
            .await,
        404
    );
    assert_eq!(plans.snapshot(plans.approved).await, before);
    assert_eq!(plans.public_page().await, public);
}

#[tokio::test]
async fn a_linked_lead_is_a_person_of_the_district() {
    let plans = Plans::start().await;
    let app = &plans.app;
    let manager = app.signed_in(MANAGER).await;
    let draft = Plans::path(plans.draft);
    let items = plans.items(plans.draft).await;
    let id_of = |kind: Kind| items.iter().find(|(k, _)| *k == kind).unwrap().1;
    let (objective, initiative) = (id_of(Kind::Objective), id_of(Kind::Initiative));
    let outsider = user_id(app, "manager.newbedford@demo.test")
        .await
        .to_string();
    let nobody = Uuid::new_v4().to_string();
    let before = plans.snapshot(plans.draft).await;

    let forms = [
        format!("{draft}/objectives"),
        format!("{draft}/objectives/{objective}/edit"),
        format!("{draft}/objectives/{objective}/initiatives"),
        format!("{draft}/initiatives/{initiative}/edit"),
    ];
    for path in &forms {
        for chosen in [outsider.as_str(), nobody.as_str(), "not-an-id"] {
            let form = [
                ("title", "Typed objective"),
                ("description", "Typed initiative"),
                ("lead", "Typed lead"),
                ("lead_user_id", chosen),
                ("reason", "A new lead"),
            ];
            let (status, page) = manager.post_text(path, &form).await;
            assert_eq!(status, 422, "{path} with lead {chosen}");
            assert!(
                page.contains("only people with a role in this district"),
                "{path}: {page}"
            );
            assert!(page.contains("Typed lead"), "what was typed is kept");
        }
    }
    assert_eq!(plans.snapshot(plans.draft).await, before, "nothing saved");

    // One of Randolph's own people is linked as before.
    let own = user_id(app, LEADER).await.to_string();
    let path = format!("{draft}/objectives/{objective}/edit");
    let form = [
        ("title", "Typed objective"),
        ("lead", "Typed lead"),
        ("lead_user_id", own.as_str()),
        ("reason", "A new lead"),
    ];
    manager.post_status(&path, &form, 303).await;
    let linked: Option<Uuid> =
        sqlx::query_scalar("SELECT lead_user_id FROM objectives WHERE id = $1")
            .bind(objective)
            .fetch_one(&mut app.owner_conn().await)
            .await
            .unwrap();
    assert_eq!(linked.map(|u| u.to_string()), Some(own));
}
