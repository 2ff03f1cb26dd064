//! Demo Highlight Discussions: for each demo district, roughly monthly discussions from
//! September to now with final minutes written from its plan and its recorded progress, the
//! latest one's minutes in review, and one upcoming. Each discussion takes up one objective's
//! initiatives and their first benchmark, so some benchmarks are never discussed (coverage gaps),
//! and Randolph's monitor has not answered the minutes in time (an overdue step).

use anyhow::Result;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::data::{District, MinutesTexts, fill};
use super::lookup;
use crate::access::DistrictRole;
use crate::calendar::{self, DEFAULT_TIME_ZONE};
use crate::plans::model::{Benchmark, PlanTree};
use crate::progress::queries::for_plan;

struct People {
    supt: Option<Uuid>,
    manager: Option<Uuid>,
    monitor: Option<Uuid>,
    names: Vec<String>,
}

async fn people(conn: &mut PgConnection, demo: &District) -> Result<People> {
    let email = |role| demo.email_of(role).unwrap_or_default().to_string();
    let emails = [
        email(DistrictRole::Superintendent),
        email(DistrictRole::PlanManager),
        demo.monitor.clone(),
        email(DistrictRole::DistrictLeader),
    ];
    let rows: Vec<(String, Uuid, String, String)> =
        sqlx::query_as("SELECT email, id, name, title FROM users WHERE email = ANY($1)")
            .bind(&emails[..])
            .fetch_all(&mut *conn)
            .await?;
    let find = |email: &str| rows.iter().find(|r| r.0 == email);
    Ok(People {
        supt: find(&emails[0]).map(|r| r.1),
        manager: find(&emails[1]).map(|r| r.1),
        monitor: find(&emails[2]).map(|r| r.1),
        names: emails
            .iter()
            .filter_map(|e| find(e))
            .map(|r| format!("{}, {}", r.2, r.3))
            .collect(),
    })
}

/// 4 pm in Boston on `day`.
fn afternoon(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(16, 0, 0)
        .and_then(|t| t.and_local_timezone(DEFAULT_TIME_ZONE).single())
        .map_or_else(Utc::now, |t| t.with_timezone(&Utc))
}

pub async fn seed(
    conn: &mut PgConnection,
    districts: &[District],
    texts: &MinutesTexts,
) -> Result<()> {
    let today = calendar::today();
    for demo in districts {
        let timing = &demo.highlights;
        let Some(district) = lookup::district(conn, &demo.slug).await? else {
            continue;
        };
        sqlx::query(
            "INSERT INTO district_ese_contacts (district_id, kind, user_id) \
             SELECT $1, k.kind::ese_contact_kind, u.id FROM users u \
             JOIN (VALUES ('accountability', 'ese.staff@demo.test'), ('targeted_assistance', 'ese.admin@demo.test')) \
                  AS k(kind, email) ON k.email = u.email \
             ON CONFLICT DO NOTHING",
        )
        .bind(district)
        .execute(&mut *conn)
        .await?;
        if lookup::seeded(conn, district, &["highlight_discussions"]).await? {
            continue;
        }
        let Some(tree) = lookup::current_tree(conn, district).await? else {
            continue;
        };
        let plan_id = tree.plan.id;
        let who = people(conn, demo).await?;
        let latest = today - TimeDelta::days(timing.latest_days_ago);
        let year_start = NaiveDate::from_ymd_opt(calendar::school_year_of(today), 9, 1)
            .expect("September 1 exists");
        let mut held: Vec<NaiveDate> = (0..12)
            .map(|k| latest - TimeDelta::days(28 * k))
            .filter(|d| *d >= year_start)
            .collect();
        held.reverse();
        let progress = for_plan(conn, district, plan_id).await?;
        let context = Context {
            district,
            plan_id,
            tree: &tree,
            who: &who,
            today,
            texts,
        };
        for (n, on) in held.iter().enumerate() {
            let stage = if *on == latest {
                Stage::InReview {
                    sent: (*on + TimeDelta::days(timing.minutes_sent_days_after)).min(today),
                    monitor_answered: timing.monitor_answered,
                }
            } else {
                Stage::Final
            };
            let id = context.insert(conn, *on, n, stage).await?;
            context.agenda_and_minutes(conn, id, n, &progress).await?;
        }
        // The next one, a month on: scheduled, ESE not yet told.
        let next = latest + TimeDelta::days(28);
        let id = context
            .insert(conn, next, held.len(), Stage::Upcoming)
            .await?;
        context
            .agenda_and_minutes(conn, id, held.len(), &progress)
            .await?;
        sqlx::query(
            "INSERT INTO discussion_comments (district_id, discussion_id, author_id, body, created_at) \
             VALUES ($1, $2, $3, $4, now() - interval '1 day')",
        )
        .bind(district)
        .bind(id)
        .bind(who.monitor)
        .bind(&texts.monitor_ahead)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Stage {
    Final,
    InReview {
        sent: NaiveDate,
        monitor_answered: bool,
    },
    Upcoming,
}

struct Context<'a> {
    district: Uuid,
    plan_id: Uuid,
    tree: &'a PlanTree,
    who: &'a People,
    today: NaiveDate,
    texts: &'a MinutesTexts,
}

impl Context<'_> {
    /// The objective a discussion takes up: they rotate.
    fn benchmarks_for(&self, n: usize) -> (usize, Vec<&Benchmark>) {
        let objectives = self.tree.objectives.len().max(1);
        let objective = self.tree.objectives.get(n % objectives);
        let benchmarks = objective
            .into_iter()
            .flat_map(|o| self.tree.initiatives_of(o.id))
            .filter_map(|i| {
                self.tree
                    .benchmarks
                    .iter()
                    .find(|b| b.initiative_id == Some(i.id))
            })
            .collect();
        (n % objectives + 1, benchmarks)
    }

    async fn agenda_and_minutes(
        &self,
        conn: &mut PgConnection,
        id: Uuid,
        n: usize,
        progress: &crate::progress::queries::PlanProgress,
    ) -> Result<()> {
        let (objective, benchmarks) = self.benchmarks_for(n);
        let texts = self.texts;
        for b in &benchmarks {
            let latest = progress.measurements_of(b.id).last();
            let note = match latest {
                Some(m) => fill(
                    &texts.measured,
                    &[
                        ("value", &b.unit.format(m.value)),
                        ("date", &calendar::date_label(m.measured_on)),
                        (
                            "evidence",
                            if b.evidence_source.is_empty() {
                                &texts.no_evidence_source
                            } else {
                                &b.evidence_source
                            },
                        ),
                    ],
                ),
                None => texts.not_measured.clone(),
            };
            sqlx::query(
                "INSERT INTO discussion_agenda_items (district_id, discussion_id, benchmark_id, minutes_note) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(self.district)
            .bind(id)
            .bind(b.id)
            .bind(note)
            .execute(&mut *conn)
            .await?;
        }
        let title = self
            .tree
            .objectives
            .get(objective - 1)
            .map_or(String::new(), |o| o.title.clone());
        sqlx::query(
            "UPDATE highlight_discussions SET \
                 participants = $3, \
                 accomplishments = $4, challenges = $5, risks = $6, next_steps = $7, \
                 modifications = $8, team_next_steps = $9, debrief = $10 \
             WHERE district_id = $1 AND id = $2 AND held_on <= $11",
        )
        .bind(self.district)
        .bind(id)
        .bind(self.who.names.join("\n"))
        .bind(fill(
            &texts.accomplishments,
            &[("objective", &objective.to_string()), ("title", &title)],
        ))
        .bind(&texts.challenges)
        .bind(&texts.risks)
        .bind(&texts.next_steps)
        .bind(if n % 3 == 1 {
            &texts.modification
        } else {
            &texts.no_modifications
        })
        .bind(&texts.team_next_steps)
        .bind(&texts.debrief)
        .bind(self.today)
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "INSERT INTO minutes_evidence (district_id, discussion_id, evidence_id) \
             SELECT e.district_id, h.id, e.id FROM highlight_discussions h \
             JOIN discussion_agenda_items a ON a.discussion_id = h.id \
             JOIN measurements m ON m.benchmark_id = a.benchmark_id \
             JOIN evidence e ON e.measurement_id = m.id \
             WHERE h.district_id = $1 AND h.id = $2 AND e.evidence_on <= h.held_on \
               AND e.evidence_on > h.held_on - 35 AND h.held_on <= $3 \
             ON CONFLICT DO NOTHING",
        )
        .bind(self.district)
        .bind(id)
        .bind(self.today)
        .execute(&mut *conn)
        .await?;
        Ok(())
    }
}

impl Context<'_> {
    /// The discussion held (or to be held) on `on`, with its process as far as `stage`.
    async fn insert(
        &self,
        conn: &mut PgConnection,
        on: NaiveDate,
        n: usize,
        stage: Stage,
    ) -> Result<Uuid> {
        let (c, who) = (self, self.who);
        let places = &self.texts.places;
        let told = match stage {
            Stage::Upcoming => None,
            // One discussion in four was announced to ESE a few days late.
            _ if n % 4 == 2 => Some(afternoon(on - TimeDelta::days(4))),
            _ => Some(afternoon(on - TimeDelta::days(10))),
        };
        let (status, sent, finalised) = match stage {
            Stage::Final => (
                "final",
                Some(afternoon(on + TimeDelta::days(2))),
                Some(afternoon(on + TimeDelta::days(6))),
            ),
            Stage::InReview { sent, .. } => ("in_review", Some(afternoon(sent)), None),
            Stage::Upcoming => ("draft", None, None),
        };
        let id: Uuid = sqlx::query_scalar(
            "INSERT INTO highlight_discussions (district_id, plan_id, held_on, starts_at, place, invited, \
                 scheduled_by, scheduled_at, ese_notified_at, ese_notified_by, minutes_status, \
                 sent_for_review_at, sent_for_review_by, finalised_at, finalised_by, distributed_to) \
             VALUES ($1, $2, $3, time '15:30', $4, $5, $6, $7, $8, $6, $9::minutes_status, $10, $6, $11, $6, \
                 CASE WHEN $11::timestamptz IS NULL THEN '[]'::jsonb ELSE ( \
                     SELECT coalesce(jsonb_agg(jsonb_build_object('name', u.name, 'email', u.email, 'role', r.role_label)), '[]') \
                     FROM (SELECT user_id, CASE role WHEN 'superintendent' THEN 'Superintendent' ELSE 'Plan monitor' END AS role_label \
                           FROM district_roles WHERE district_id = $1 AND role IN ('superintendent', 'plan_monitor') \
                           UNION ALL SELECT user_id, CASE kind WHEN 'accountability' THEN 'ESE Accountability contact' \
                                                     ELSE 'ESE Targeted Assistance contact' END \
                           FROM district_ese_contacts WHERE district_id = $1) r \
                     JOIN users u ON u.id = r.user_id) END) \
             RETURNING id",
        )
        .bind(c.district)
        .bind(c.plan_id)
        .bind(on)
        .bind(&places[n % places.len()])
        .bind(who.names.join("\n"))
        .bind(who.manager)
        .bind(afternoon(on - TimeDelta::days(21)))
        .bind(told)
        .bind(status)
        .bind(sent)
        .bind(finalised)
        .fetch_one(&mut *conn)
        .await?;
        let mut answers: Vec<(Option<Uuid>, &str, &str, &str, NaiveDate)> = Vec::new();
        match stage {
            Stage::Final => {
                answers.push((
                    who.supt,
                    "superintendent",
                    "no_discrepancies",
                    "",
                    on + TimeDelta::days(3),
                ));
                answers.push((
                    who.monitor,
                    "plan_monitor",
                    "comments",
                    c.texts.monitor_on_final.as_str(),
                    on + TimeDelta::days(4),
                ));
            }
            Stage::InReview {
                sent,
                monitor_answered,
            } => {
                answers.push((
                    who.supt,
                    "superintendent",
                    "no_discrepancies",
                    "",
                    (sent + TimeDelta::days(1)).min(c.today),
                ));
                if monitor_answered {
                    answers.push((
                        who.monitor,
                        "plan_monitor",
                        "comments",
                        c.texts.monitor_on_review.as_str(),
                        (sent + TimeDelta::days(1)).min(c.today),
                    ));
                }
            }
            Stage::Upcoming => {}
        }
        for (reviewer, role, outcome, comments, on) in answers {
            sqlx::query(
                "INSERT INTO minutes_reviews (district_id, discussion_id, revision, reviewer_id, reviewer_role, \
                     outcome, comments, reviewed_at) \
                 VALUES ($1, $2, 1, $3, $4::district_role, $5::review_outcome, $6, $7)",
            )
            .bind(c.district)
            .bind(id)
            .bind(reviewer)
            .bind(role)
            .bind(outcome)
            .bind(comments)
            .bind(afternoon(on))
            .execute(&mut *conn)
            .await?;
        }
        Ok(id)
    }
}
