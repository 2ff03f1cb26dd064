//! Randolph's records the matrix aims at, and how each route becomes cases: every `{param}` is
//! filled with a Randolph record of the kind the path segment before it names.

use std::collections::BTreeMap;

use sqlx::{Connection, Row};
use uuid::Uuid;

use crate::support::Route;
use crate::support::TestApp;

/// Text only Randolph's private records carry: none of it may reach anyone outside Randolph.
pub const MARKERS: &[&str] = &[
    "Randolph-only draft",
    "Randolph-only evidence",
    "Randolph-only minutes",
    "Randolph-only report",
    "Randolph-only notice",
];

/// What the segment before a parameter names, and so which record fills it.
const KINDS: &[&str] = &[
    "districts",
    "plans",
    "objectives",
    "initiatives",
    "activities",
    "benchmarks",
    "measurements",
    "evidence",
    "discussions",
    "qprs",
    "comments",
    "evidence-requests",
    "people",
    "notifications",
    "calendar",
    "reflections",
    "unsubscribe",
];

#[derive(Debug, Clone, Copy)]
pub enum Who {
    Anonymous,
    FallRiver(&'static str),
    Ese(&'static str),
}

impl Who {
    pub fn name(self) -> &'static str {
        match self {
            Who::Anonymous => "anonymous",
            Who::FallRiver(email) | Who::Ese(email) => email,
        }
    }
}

pub struct Case {
    pub method: &'static str,
    pub url: String,
    /// Names a Randolph record or Randolph itself: only "not found" or sign-in will do.
    pub foreign: bool,
    /// Randolph's data is meant to be shown here (see [`cases`]): only "no server error".
    pub by_design: bool,
}

/// Two sets of Randolph records: the approved plan with the published report and final minutes,
/// and next year's draft plan with the report in ESE review and minutes in review.
pub struct Ids {
    pub randolph: Uuid,
    pub published: BTreeMap<&'static str, String>,
    pub draft: BTreeMap<&'static str, String>,
    form: Vec<(String, String)>,
}

/// The `{param}`s of a template, each with its kind.
pub fn kinds(template: &str) -> Result<Vec<(String, &'static str)>, String> {
    let segments: Vec<&str> = template.split('/').collect();
    let mut out = Vec::new();
    for (n, segment) in segments.iter().enumerate() {
        if segment.starts_with('{') {
            let before = if n > 0 { segments[n - 1] } else { "" };
            let kind = KINDS.iter().find(|k| **k == before).ok_or_else(|| {
                format!("{template}: no Randolph record fills {segment} after /{before}/: add its kind to the isolation matrix")
            })?;
            out.push((segment.to_string(), *kind));
        }
    }
    Ok(out)
}

pub fn cases(route: &Route, who: Who, ids: &Ids) -> Vec<Case> {
    let params = kinds(&route.template).unwrap();
    let names_records = params.iter().any(|(_, kind)| *kind != "districts");
    let public = route.template.starts_with("/public/");
    let peer_review = route.template.starts_with("/reviews/qprs/{");
    let mut urls: Vec<(String, bool, bool)> = Vec::new();
    for slug in ["randolph", "fall-river"] {
        for (set, records) in [("published", &ids.published), ("draft", &ids.draft)] {
            let mut url = route.template.clone();
            for (param, kind) in &params {
                let value = if *kind == "districts" {
                    slug
                } else {
                    &records[kind]
                };
                url = url.replace(param.as_str(), value);
            }
            let randolph = slug == "randolph" && params.iter().any(|(_, k)| *k == "districts");
            // Public pages show Randolph's approved plan and posted reports to everyone.
            let foreign = if public {
                names_records && !(randolph && set == "published")
            } else {
                randolph || names_records
            };
            // Seed 002 §8: while a report is in ESE review the *other* monitors read it.
            let by_design = peer_review && set == "draft" && who.name().starts_with("monitor.");
            if !urls.iter().any(|(u, _, _)| *u == url) {
                urls.push((url, foreign, by_design));
            }
        }
    }
    let mut cases = Vec::new();
    for (url, foreign, by_design) in urls {
        if route.allows("GET") {
            if !foreign {
                // One's own page, with Randolph's ids where a page reads them from the query.
                cases.push(Case {
                    method: "GET",
                    url: format!("{url}?{}", ids.query()),
                    foreign,
                    by_design,
                });
            }
            cases.push(Case {
                method: "GET",
                url: url.clone(),
                foreign,
                by_design,
            });
        }
        // Posting to one's own pages is using the app, not crossing into Randolph; a by-design
        // peer review would add a real comment.
        if route.allows("POST") && foreign && !by_design {
            cases.push(Case {
                method: "POST",
                url,
                foreign,
                by_design,
            });
        }
    }
    cases
}

impl Ids {
    pub async fn of_randolph(app: &TestApp) -> Self {
        let mut owner = app.owner_conn().await;
        let plan_sql = |status: &str| {
            format!(
                "SELECT p.id::text AS plans, o.id::text AS objectives, i.id::text AS initiatives, \
                        b.id::text AS benchmarks, a.id::text AS activities \
                 FROM plans p JOIN districts d ON d.id = p.district_id \
                 JOIN objectives o ON o.plan_id = p.id JOIN initiatives i ON i.objective_id = o.id \
                 JOIN benchmarks b ON b.initiative_id = i.id JOIN activities a ON a.initiative_id = i.id \
                 WHERE d.slug = 'randolph' AND p.status = '{status}' ORDER BY o.rank, i.rank LIMIT 1"
            )
        };
        let approved: String = sqlx::query(&plan_sql("approved"))
            .fetch_one(&mut owner)
            .await
            .unwrap()
            .get("plans");
        let manager = app.signed_in("manager.randolph@demo.test").await;
        let next = manager
            .post(
                &format!("/districts/randolph/plans/{approved}/next-year"),
                &[],
            )
            .await;
        assert_eq!(
            next.status(),
            303,
            "Randolph's draft for next year is started"
        );

        let mut sets = Vec::new();
        for (plan, discussion, report) in [
            ("approved", "final", "published"),
            ("draft", "in_review", "ese_review"),
        ] {
            let row = sqlx::query(&plan_sql(plan))
                .fetch_one(&mut owner)
                .await
                .unwrap();
            let mut set: BTreeMap<&'static str, String> = BTreeMap::new();
            for kind in [
                "plans",
                "objectives",
                "initiatives",
                "benchmarks",
                "activities",
            ] {
                set.insert(kind, row.get(kind));
            }
            let one = |sql: String| {
                let options = app.owner.clone();
                async move {
                    let mut conn = sqlx::PgConnection::connect_with(&options).await.unwrap();
                    sqlx::query_scalar::<_, String>(&sql)
                        .fetch_one(&mut conn)
                        .await
                        .unwrap_or_else(|e| panic!("{sql}: {e}"))
                }
            };
            let randolph = "(SELECT id FROM districts WHERE slug = 'randolph')";
            set.insert(
                "discussions",
                one(format!(
                    "UPDATE highlight_discussions SET accomplishments = 'Randolph-only minutes' \
                 WHERE id = (SELECT id FROM highlight_discussions WHERE district_id = {randolph} \
                 AND minutes_status = '{discussion}' LIMIT 1) RETURNING id::text"
                ))
                .await,
            );
            set.insert("qprs", one(format!(
                "SELECT id::text FROM qprs WHERE district_id = {randolph} AND status = '{report}' LIMIT 1"
            )).await);
            sets.push(set);
        }
        let (mut published, mut draft) = (sets.remove(0), sets.remove(0));
        let run = |sql: &'static str| {
            let options = app.owner.clone();
            async move {
                let mut conn = sqlx::PgConnection::connect_with(&options).await.unwrap();
                sqlx::query_scalar::<_, String>(sql)
                    .fetch_one(&mut conn)
                    .await
                    .unwrap_or_else(|e| panic!("{sql}: {e}"))
            }
        };
        // The draft plan, report and minutes carry text only Randolph may read.
        let draft_plan = &draft["plans"];
        let objectives = format!("SELECT id FROM objectives WHERE plan_id = '{draft_plan}'");
        let initiatives =
            format!("SELECT id FROM initiatives WHERE objective_id IN ({objectives})");
        for (table, column, of_plan) in [
            ("objectives", "title", format!("id IN ({objectives})")),
            (
                "initiatives",
                "description",
                format!("id IN ({initiatives})"),
            ),
            (
                "benchmarks",
                "statement",
                format!("plan_id = '{draft_plan}'"),
            ),
            (
                "activities",
                "description",
                format!("initiative_id IN ({initiatives})"),
            ),
        ] {
            app.execute(&format!(
                "UPDATE {table} SET {column} = 'Randolph-only draft {table}' WHERE {of_plan}"
            ))
            .await;
        }
        app.execute(&format!(
            "UPDATE plans SET key_issues = 'Randolph-only draft key issues' WHERE id = '{draft_plan}'"
        ))
        .await;
        app.execute(&format!(
            "UPDATE qprs SET summary = 'Randolph-only report' WHERE id = '{}'",
            draft["qprs"]
        ))
        .await;
        let mut shared: BTreeMap<&'static str, String> = BTreeMap::new();
        shared.insert("measurements", run(
            "UPDATE measurements SET note = 'Randolph-only evidence of a measurement' WHERE id = \
             (SELECT m.id FROM measurements m JOIN districts d ON d.id = m.district_id \
              WHERE d.slug = 'randolph' LIMIT 1) RETURNING id::text",
        ).await);
        shared.insert("evidence", run(
            "INSERT INTO evidence (district_id, title, evidence_on, kind, storage_key, file_name, content_type, byte_size) \
             SELECT id, 'Randolph-only evidence', current_date, 'file', id || '/secret', 'walkthroughs.csv', 'text/csv', 23 \
             FROM districts WHERE slug = 'randolph' RETURNING id::text",
        ).await);
        shared.insert("comments", run(
            "SELECT c.id::text FROM qpr_comments c JOIN qprs q ON q.id = c.qpr_id JOIN districts d ON d.id = q.district_id \
             WHERE d.slug = 'randolph' AND q.status = 'ese_review' LIMIT 1",
        ).await);
        shared.insert("evidence-requests", run(
            "SELECT r.id::text FROM evidence_requests r JOIN districts d ON d.id = r.district_id \
             WHERE d.slug = 'randolph' LIMIT 1",
        ).await);
        shared.insert(
            "people",
            run("SELECT id::text FROM users WHERE email = 'supt.randolph@demo.test'").await,
        );
        shared.insert("notifications", run(
            "INSERT INTO notifications (user_id, district_id, kind, subject, link) \
             SELECT u.id, d.id, 'minutes_sent', 'Randolph-only notice', '/districts/randolph' \
             FROM users u, districts d WHERE u.email = 'manager.randolph@demo.test' AND d.slug = 'randolph' \
             RETURNING id::text",
        ).await);
        let randolph: Uuid = sqlx::query_scalar("SELECT id FROM districts WHERE slug = 'randolph'")
            .fetch_one(&mut owner)
            .await
            .unwrap();
        let stored = app.evidence_dir.path().join(randolph.to_string());
        std::fs::create_dir_all(&stored).unwrap();
        std::fs::write(stored.join("secret"), "Randolph-only evidence\n").unwrap();
        shared.insert("reflections", run(
            "WITH r AS (INSERT INTO continuum_reflections (district_id, held_on, place, status, recorded_at) \
               SELECT id, current_date - 1, 'Central office', 'recorded', now() FROM districts \
               WHERE slug = 'randolph' RETURNING id, district_id), \
             p AS (INSERT INTO continuum_positions (district_id, reflection_id, criterion, stage, evidence, rationale) \
               SELECT district_id, id, 'B', 'early', 'Randolph-only evidence of a reflection', 'Why' FROM r) \
             SELECT id::text FROM r",
        ).await);
        // A feed's address is its own secret, not an id; an unknown one must find nothing.
        shared.insert("calendar", "a-guessed-token.ics".to_string());
        // An unsubscribe link is signed for its person; one for a Randolph person with a guessed
        // signature must find nothing and change nothing.
        let supt = run(
            "SELECT replace(id::text, '-', '') FROM users WHERE email = 'supt.randolph@demo.test'",
        )
        .await;
        shared.insert("unsubscribe", format!("{supt}.digest.{}", "0".repeat(32)));
        for (kind, id) in shared {
            published.insert(kind, id.clone());
            draft.insert(kind, id);
        }
        let form = [
            ("title", "Taken over".to_string()),
            ("name", "Taken over".into()),
            ("body", "Taken over".into()),
            ("description", "Taken over".into()),
            ("statement", "Taken over".into()),
            ("reason", "Taken over".into()),
            ("direction", "up".into()),
            ("status", "complete".into()),
            ("value", "99".into()),
            ("measured_on", "2026-11-01".into()),
            ("held_on", "2026-12-01".into()),
            ("period_start", "2026-06-01".into()),
            ("outcome", "no_discrepancies".into()),
            ("resolution", "accepted".into()),
            ("kind", "documents".into()),
            ("due_on", "2027-06-01".into()),
            ("answer_note", "Taken over".into()),
            ("presented_on", "2026-11-01".into()),
            ("role", "superintendent".into()),
            ("email", "taken.over@example.org".into()),
            ("district", "randolph".into()),
            ("district_id", randolph.to_string()),
            ("user_id", published["people"].clone()),
            ("plan", draft["plans"].clone()),
            ("initiative", draft["initiatives"].clone()),
            ("benchmark", draft["benchmarks"].clone()),
            ("measurement", draft["measurements"].clone()),
            ("version", "1".into()),
        ];
        let form = form.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        Ids {
            randolph,
            published,
            draft,
            form,
        }
    }

    /// A generic post: a value for every field name the app's forms use, ids being Randolph's.
    pub fn form(&self) -> Vec<(&str, &str)> {
        self.form
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }

    pub fn query(&self) -> String {
        format!(
            "initiative={}&benchmark={}&measurement={}&kind=early_evidence",
            self.draft["initiatives"], self.draft["benchmarks"], self.draft["measurements"]
        )
    }

    /// Every Randolph row of every district table, as one fingerprint.
    pub async fn randolph_digest(&self, app: &TestApp) -> Vec<(String, String)> {
        let mut owner = app.owner_conn().await;
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'district_id' AND NOT a.attisdropped \
             WHERE c.relkind IN ('r', 'p') AND n.nspname = 'public' ORDER BY 1",
        )
        .fetch_all(&mut owner)
        .await
        .unwrap();
        let mut digest = Vec::new();
        for table in tables {
            let sum: String = sqlx::query_scalar(&format!(
                "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {table} t \
                 WHERE district_id = $1"
            ))
            .bind(self.randolph)
            .fetch_one(&mut owner)
            .await
            .unwrap();
            digest.push((table, sum));
        }
        digest
    }
}
