//! Demo data: ESE staff, the three sample districts of seed 001 Appendix B, and their people.
//! Safe to run on every start: whatever exists already is left as it is (a demo user who
//! changed their password keeps it).

use anyhow::Result;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::access::{DISTRICT_COLUMNS, District, DistrictRole, EseRole};
use crate::auth::password;
use crate::calendar::{self, deadlines};
use crate::db::{self, Context};
use crate::notify::{self, notices};
use crate::plans::{
    self,
    model::{PLAN_COLUMNS, Plan},
};

pub const DEMO_PASSWORD: &str = "throughline-demo";
pub const LOGINS_HINT: &str = "sign in with password throughline-demo as ese.admin@demo.test, \
     ese.staff@demo.test, {supt,manager,leader}.{randolph,newbedford,fallriver}@demo.test, \
     monitor.east@demo.test or monitor.south@demo.test";

struct DemoDistrict {
    name: &'static str,
    slug: &'static str,
    key: &'static str,
    level: i16,
    enrollment: i32,
    profile: &'static str,
    people: [(&'static str, &'static str); 3],
}

const DISTRICTS: [DemoDistrict; 3] = [
    DemoDistrict {
        name: "Randolph",
        slug: "randolph",
        key: "randolph",
        level: 3,
        enrollment: 2_650,
        profile: "A suburban district south of Boston. Literacy and numeracy results sit below state \
                  averages, and support for students with disabilities has not yet raised their results; \
                  the plan centres on the instructional core, embedded professional development and \
                  accountability for follow-through.",
        people: [
            ("Dr. Marguerite Osei", "Superintendent of Schools"),
            ("Colin Barrett", "Director of Curriculum and Accountability"),
            (
                "Yesenia Alvarado",
                "Principal, Randolph Community Middle School",
            ),
        ],
    },
    DemoDistrict {
        name: "New Bedford",
        slug: "new-bedford",
        key: "newbedford",
        level: 4,
        enrollment: 12_600,
        profile: "A coastal city district serving a large population of English learners. Its plan \
                  aligns curriculum to the state frameworks, builds a culture of using data to improve \
                  instruction, and expands teachers' capacity to deliver engaging instruction.",
        people: [
            ("Thomas Ferreira", "Superintendent"),
            ("Nadia Costa", "Accelerated Improvement Plan Manager"),
            ("Ronald Medeiros", "Chief Academic Officer"),
        ],
    },
    DemoDistrict {
        name: "Fall River",
        slug: "fall-river",
        key: "fallriver",
        level: 4,
        enrollment: 10_100,
        profile: "An urban district whose plan draws a clear through line from objectives to \
                  initiatives, benchmarks and activities: rigorous, standards-aligned teaching, \
                  collective engagement of staff, and feedback on educator practice.",
        people: [
            ("Janice Sousa", "Superintendent"),
            ("Paul Raposo", "Director of Strategic Planning"),
            (
                "Alicia Pacheco",
                "Assistant Superintendent for Teaching and Learning",
            ),
        ],
    },
];

const ROLE_PREFIXES: [(&str, DistrictRole); 3] = [
    ("supt", DistrictRole::Superintendent),
    ("manager", DistrictRole::PlanManager),
    ("leader", DistrictRole::DistrictLeader),
];

/// One demo account: email, name, title, global role.
type Account = (String, String, String, Option<EseRole>);

fn accounts() -> Vec<Account> {
    let mut all: Vec<Account> = vec![
        (
            "ese.admin@demo.test".into(),
            "Grace Whitfield".into(),
            "Accountability Office Administrator".into(),
            Some(EseRole::EseAdmin),
        ),
        (
            "ese.staff@demo.test".into(),
            "Daniel Okafor".into(),
            "Accountability Specialist".into(),
            Some(EseRole::EseStaff),
        ),
        (
            "monitor.east@demo.test".into(),
            "Helen Marsh".into(),
            "Plan Monitor".into(),
            None,
        ),
        (
            "monitor.south@demo.test".into(),
            "Victor Lindqvist".into(),
            "Plan Monitor".into(),
            None,
        ),
    ];
    for district in &DISTRICTS {
        for ((prefix, _), (name, title)) in ROLE_PREFIXES.iter().zip(district.people) {
            all.push((
                format!("{prefix}.{}@demo.test", district.key),
                name.into(),
                title.into(),
                None,
            ));
        }
    }
    all
}

pub async fn seed(pool: &PgPool) -> Result<()> {
    let mut tx = db::begin(
        pool,
        Context {
            ese: true,
            ..Context::default()
        },
    )
    .await?;
    let existing: Vec<String> =
        sqlx::query_scalar("SELECT email FROM users WHERE email LIKE '%@demo.test'")
            .fetch_all(&mut *tx)
            .await?;
    let missing: Vec<Account> = accounts()
        .into_iter()
        .filter(|a| !existing.contains(&a.0))
        .collect();
    // One hash for the batch: every demo account shares the published demo password anyway.
    let hash = if missing.is_empty() {
        String::new()
    } else {
        password::hash(DEMO_PASSWORD.into()).await?
    };
    for (email, name, title, role) in &missing {
        sqlx::query(
            "INSERT INTO users (email, name, title, password_hash, must_change_password, ese_role) \
             VALUES ($1, $2, $3, $4, false, $5) ON CONFLICT (email) DO NOTHING",
        )
        .bind(email)
        .bind(name)
        .bind(title)
        .bind(&hash)
        .bind(role)
        .execute(&mut *tx)
        .await?;
    }
    for district in &DISTRICTS {
        sqlx::query(
            "INSERT INTO districts (name, slug, accountability_level, enrollment, profile) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (slug) DO NOTHING",
        )
        .bind(district.name)
        .bind(district.slug)
        .bind(district.level)
        .bind(district.enrollment)
        .bind(
            district
                .profile
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        )
        .execute(&mut *tx)
        .await?;
        let monitor = if district.key == "fallriver" {
            "monitor.south"
        } else {
            "monitor.east"
        };
        let mut grants: Vec<(String, DistrictRole)> = ROLE_PREFIXES
            .iter()
            .map(|(prefix, role)| (format!("{prefix}.{}@demo.test", district.key), *role))
            .collect();
        grants.push((format!("{monitor}@demo.test"), DistrictRole::PlanMonitor));
        for (email, role) in grants {
            sqlx::query(
                "INSERT INTO district_roles (district_id, user_id, role) \
                 SELECT d.id, u.id, $3 FROM districts d, users u WHERE d.slug = $1 AND u.email = $2 \
                 ON CONFLICT DO NOTHING",
            )
            .bind(district.slug)
            .bind(email)
            .bind(role)
            .execute(&mut *tx)
            .await?;
        }
    }
    crate::plans::demo::seed(&mut tx).await?;
    crate::progress::demo::seed(&mut tx).await?;
    crate::highlights::demo::seed(&mut tx).await?;
    crate::qpr::demo::seed(&mut tx).await?;
    notifications(&mut tx).await?;
    tx.commit().await?;
    tracing::info!(added_accounts = missing.len(), "demo data ready");
    Ok(())
}

/// Minutes in review: id, day held, when sent and by whom.
type SentMinutes = (Uuid, NaiveDate, Option<DateTime<Utc>>, Option<Uuid>);

/// The notifications the demo's work in progress would have made: draft minutes in review, reports
/// in ESE review and the plan awaiting ESE. In the app only: the demo sends no email.
async fn notifications(conn: &mut PgConnection) -> Result<()> {
    let made: i64 = sqlx::query_scalar(
        "SELECT unread_notification_count(id)::bigint FROM users WHERE email = 'monitor.east@demo.test'",
    )
    .fetch_one(&mut *conn)
    .await?;
    if made > 0 {
        return Ok(());
    }
    let districts: Vec<District> = sqlx::query_as(&format!(
        "SELECT {DISTRICT_COLUMNS} FROM districts WHERE slug = ANY($1) ORDER BY name"
    ))
    .bind(DISTRICTS.iter().map(|d| d.slug).collect::<Vec<_>>())
    .fetch_all(&mut *conn)
    .await?;
    for district in &districts {
        let in_review: Vec<SentMinutes> = sqlx::query_as(
            "SELECT id, held_on, sent_for_review_at, sent_for_review_by FROM highlight_discussions \
             WHERE district_id = $1 AND minutes_status = 'in_review'",
        )
        .bind(district.id)
        .fetch_all(&mut *conn)
        .await?;
        for (id, held_on, sent_at, sent_by) in in_review {
            let sent_on = sent_at.map_or(held_on, calendar::local_date);
            let notice = notices::minutes_sent(district, id, held_on, deadlines::review(sent_on));
            notify::notify(&mut *conn, sent_by.unwrap_or_default(), &notice).await?;
        }
        let reports: Vec<(Uuid, NaiveDate, Option<Uuid>)> = sqlx::query_as(
            "SELECT id, period_start, monitor_id FROM qprs WHERE district_id = $1 AND status = 'ese_review'",
        )
        .bind(district.id)
        .fetch_all(&mut *conn)
        .await?;
        for (id, period_start, monitor) in reports {
            let notice = notices::qpr_in_review(district, id, period_start);
            notify::notify(&mut *conn, monitor.unwrap_or_default(), &notice).await?;
        }
        let submitted: Vec<Plan> = sqlx::query_as(&format!(
            "SELECT {PLAN_COLUMNS} FROM plans WHERE district_id = $1 AND status = 'submitted'"
        ))
        .bind(district.id)
        .fetch_all(&mut *conn)
        .await?;
        for plan in submitted {
            let by: Option<Uuid> =
                sqlx::query_scalar("SELECT submitted_by FROM plans WHERE id = $1")
                    .bind(plan.id)
                    .fetch_one(&mut *conn)
                    .await?;
            plans::notices::send(
                &mut *conn,
                by.unwrap_or_default(),
                (&district.name, &district.slug),
                &plan,
                plans::notices::PlanEvent::Submitted,
            )
            .await?;
        }
    }
    // Everything queued above was queued in this transaction (same now()).
    sqlx::query("DELETE FROM email_outbox WHERE created_at = now()")
        .execute(&mut *conn)
        .await?;
    Ok(())
}
