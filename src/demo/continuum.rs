//! Demo reflections on the continuum toward exit: those a district's data file lists, recorded
//! by its monitor on the day, so its page, the dashboard and the history have something to show.

use anyhow::{Result, bail};
use chrono::TimeDelta;
use sqlx::PgConnection;
use uuid::Uuid;

use super::data::District;
use super::lookup;
use crate::calendar;
use crate::continuum::criteria::REFLECTED;

pub async fn seed(conn: &mut PgConnection, districts: &[District]) -> Result<()> {
    for demo in districts.iter().filter(|d| !d.reflections.is_empty()) {
        let Some(district) = lookup::district(conn, &demo.slug).await? else {
            continue;
        };
        if lookup::seeded(conn, district, &["continuum_reflections"]).await? {
            continue;
        }
        let monitor: Option<Uuid> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
            .bind(&demo.monitor)
            .fetch_optional(&mut *conn)
            .await?;
        for reflection in &demo.reflections {
            let letters: Vec<&str> = reflection
                .positions
                .iter()
                .map(|p| p.criterion.as_str())
                .collect();
            if letters != REFLECTED {
                bail!(
                    "{}: a demo reflection records B, C, D and E, in order",
                    demo.slug
                );
            }
            let held_on = calendar::today() - TimeDelta::days(reflection.days_ago);
            let id: Uuid = sqlx::query_scalar(
                "INSERT INTO continuum_reflections \
                   (district_id, held_on, starts_at, place, status, scheduled_at, recorded_by, recorded_at) \
                 VALUES ($1, $2, '15:30', $3, 'recorded', ($2 - 21)::timestamptz, $4, $2::timestamptz + interval '17 hours') \
                 RETURNING id",
            )
            .bind(district)
            .bind(held_on)
            .bind(&reflection.place)
            .bind(monitor)
            .fetch_one(&mut *conn)
            .await?;
            for position in &reflection.positions {
                sqlx::query(
                    "INSERT INTO continuum_positions \
                       (district_id, reflection_id, criterion, stage, evidence, rationale) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(district)
                .bind(id)
                .bind(&position.criterion)
                .bind(position.stage)
                .bind(&position.evidence)
                .bind(&position.rationale)
                .execute(&mut *conn)
                .await?;
            }
        }
    }
    Ok(())
}
