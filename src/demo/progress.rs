//! Demo progress: a school year of activity statuses, benchmark measurements and evidence links
//! for each demo district's plan, from the start of the school year to today. Benchmarks follow
//! four profiles in turn (ahead, on track, behind, not yet measured) so every state and chart
//! shows; activities past their dates are mostly complete, with a few overdue or cancelled.

use anyhow::Result;
use chrono::{Datelike, NaiveDate, TimeDelta};
use sqlx::PgConnection;
use uuid::Uuid;

use super::data::District;
use super::lookup;
use crate::access::DistrictRole;
use crate::calendar;
use crate::plans::model::{PlanTree, TargetUnit};
use crate::plans::queries;

pub async fn seed(conn: &mut PgConnection, districts: &[District]) -> Result<()> {
    let today = calendar::today();
    for demo in districts {
        let slug = demo.slug.as_str();
        let Some(district) = lookup::district(conn, slug).await? else {
            continue;
        };
        if lookup::seeded(conn, district, &["activity_updates", "measurements"]).await? {
            continue;
        }
        let Some(tree) = lookup::current_tree(conn, district).await? else {
            continue;
        };
        let plan_id = tree.plan.id;
        let manager: Option<Uuid> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
            .bind(demo.email_of(DistrictRole::PlanManager))
            .fetch_optional(&mut *conn)
            .await?;
        // Series that fall (chronic absence, referrals) are met by going down.
        sqlx::query(
            "UPDATE benchmarks b SET higher_is_better = false \
             WHERE b.district_id = $1 AND b.plan_id = $2 AND b.unit <> 'yes_no' \
               AND (SELECT (array_agg(t.value ORDER BY t.due_on DESC))[1] < (array_agg(t.value ORDER BY t.due_on))[1] \
                    FROM benchmark_targets t WHERE t.district_id = b.district_id AND t.benchmark_id = b.id)",
        )
        .bind(district)
        .bind(plan_id)
        .execute(&mut *conn)
        .await?;
        let tree = queries::load_tree(conn, district, plan_id)
            .await?
            .unwrap_or(tree);
        seed_activities(conn, district, &tree, manager, today).await?;
        seed_measurements(conn, district, slug, &tree, manager, today).await?;
    }
    Ok(())
}

async fn seed_activities(
    conn: &mut PgConnection,
    district: Uuid,
    tree: &PlanTree,
    recorder: Option<Uuid>,
    today: NaiveDate,
) -> Result<()> {
    // Counts the activities already past their completion date, so every district gets a few
    // overdue and one cancelled among them, however its dates fall.
    let mut past = 0;
    for (k, activity) in tree.activities.iter().enumerate() {
        let Some(start) = activity.starts_on.filter(|s| *s <= today) else {
            continue;
        };
        let mut updates: Vec<(&str, NaiveDate, &str)> = vec![(
            "on_track",
            (start + TimeDelta::days(7)).min(today),
            "Under way as planned.",
        )];
        match activity.completes_on {
            Some(end) if end < today => {
                past += 1;
                match past % 6 {
                    2 | 5 => updates.push((
                        "at_risk",
                        (end - TimeDelta::days(10)).max(start + TimeDelta::days(8)),
                        "Two sessions were lost to substitute shortages; catching up next month.",
                    )),
                    4 => updates.push((
                        "cancelled",
                        (end - TimeDelta::days(5)).max(start + TimeDelta::days(8)),
                        "Replaced by the coaching cycle agreed at the Highlight Discussion.",
                    )),
                    _ => updates.push((
                        "complete",
                        end,
                        "Completed; materials are in the evidence library.",
                    )),
                }
            }
            _ if k % 5 == 2 => updates.push((
                "at_risk",
                (today - TimeDelta::days(12)).max(start),
                "Scheduling conflicts with assessment windows; the plan manager is re-sequencing.",
            )),
            _ => {}
        }
        for (status, as_of, note) in updates {
            sqlx::query(
                "INSERT INTO activity_updates (district_id, activity_id, status, as_of, note, recorded_by, recorded_at) \
                 VALUES ($1, $2, $3::activity_status, $4, $5, $6, ($4::date + time '16:00') AT TIME ZONE 'America/New_York')",
            )
            .bind(district)
            .bind(activity.id)
            .bind(status)
            .bind(as_of)
            .bind(note)
            .bind(recorder)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

#[derive(Clone, Copy, PartialEq)]
enum Profile {
    Ahead,
    OnTrack,
    Behind,
    NotMeasured,
}

async fn seed_measurements(
    conn: &mut PgConnection,
    district: Uuid,
    slug: &str,
    tree: &PlanTree,
    recorder: Option<Uuid>,
    today: NaiveDate,
) -> Result<()> {
    let year_start = calendar::school_year_start(calendar::school_year_of(today));
    let profiles = [
        Profile::OnTrack,
        Profile::Ahead,
        Profile::Behind,
        Profile::OnTrack,
        Profile::NotMeasured,
    ];
    let mut links = 0;
    for (j, benchmark) in tree.benchmarks.iter().enumerate() {
        let targets: Vec<(NaiveDate, f64)> = tree
            .targets_of(benchmark.id)
            .map(|t| (t.due_on, t.value))
            .collect();
        let profile = profiles[j % profiles.len()];
        if targets.is_empty() || profile == Profile::NotMeasured {
            continue;
        }
        let dates = measurement_dates(benchmark.unit, &targets, year_start, today);
        let sign = if benchmark.higher_is_better {
            1.0
        } else {
            -1.0
        };
        for (n, on) in dates.iter().enumerate() {
            let planned = trajectory(benchmark.unit, &targets, year_start, *on, sign);
            let value = shape(benchmark.unit, planned, profile, sign, n);
            let population = if benchmark.unit == TargetUnit::Percent && j % 2 == 0 {
                "All schools"
            } else {
                ""
            };
            let measurement: Uuid = sqlx::query_scalar(
                "INSERT INTO measurements (district_id, benchmark_id, value, measured_on, population, note, recorded_by, recorded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, ($4::date + time '17:00') AT TIME ZONE 'America/New_York') RETURNING id",
            )
            .bind(district)
            .bind(benchmark.id)
            .bind(value)
            .bind(on)
            .bind(population)
            .bind(match profile {
                Profile::Behind if n > 0 => "Below the planned pace; discussed at the Highlight Discussion.",
                _ => "",
            })
            .bind(recorder)
            .fetch_one(&mut *conn)
            .await?;
            if (j + n) % 3 == 0 {
                links += 1;
                let source = benchmark
                    .evidence_source
                    .split(['.', ';', '('])
                    .next()
                    .unwrap_or("");
                let title = if source.trim().is_empty() {
                    format!("Results for {}", on.format("%B %Y"))
                } else {
                    format!("{} — {}", source.trim(), on.format("%B %Y"))
                };
                sqlx::query(
                    "INSERT INTO evidence (district_id, title, evidence_on, kind, url, measurement_id, uploaded_by, uploaded_at) \
                     VALUES ($1, $2, $3, 'link', $4, $5, $6, ($3::date + time '17:30') AT TIME ZONE 'America/New_York')",
                )
                .bind(district)
                .bind(title.chars().take(200).collect::<String>())
                .bind(on)
                .bind(format!("https://{slug}.example.org/aip/evidence/{links}"))
                .bind(measurement)
                .bind(recorder)
                .execute(&mut *conn)
                .await?;
            }
        }
    }
    for (n, initiative) in tree.initiatives.iter().enumerate() {
        let on = (year_start + TimeDelta::days(75 + 9 * n as i64)).min(today);
        sqlx::query(
            "INSERT INTO evidence (district_id, title, evidence_on, kind, url, initiative_id, uploaded_by, uploaded_at) \
             VALUES ($1, $2, $3, 'link', $4, $5, $6, ($3::date + time '15:00') AT TIME ZONE 'America/New_York')",
        )
        .bind(district)
        .bind(format!("Walkthrough summary, {}", on.format("%B %Y")))
        .bind(on)
        .bind(format!("https://{slug}.example.org/aip/initiatives/{}", n + 1))
        .bind(initiative.id)
        .bind(recorder)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Yes / no benchmarks are measured when a target falls due; the others monthly on the 18th
/// from September, and on each target date that has passed.
fn measurement_dates(
    unit: TargetUnit,
    targets: &[(NaiveDate, f64)],
    year_start: NaiveDate,
    today: NaiveDate,
) -> Vec<NaiveDate> {
    let mut dates: Vec<NaiveDate> = targets
        .iter()
        .map(|(due, _)| *due - TimeDelta::days(2))
        .filter(|d| *d <= today && *d >= year_start)
        .collect();
    if unit != TargetUnit::YesNo {
        let mut month = NaiveDate::from_ymd_opt(year_start.year(), 9, 18).expect("a real date");
        while month <= today {
            dates.push(month);
            month = month
                .checked_add_months(chrono::Months::new(1))
                .expect("a real date");
        }
    }
    dates.sort();
    dates.dedup();
    dates
}

/// Where the plan expects the value to be on `on`: a straight line from a starting point below
/// the first target through each target in turn.
fn trajectory(
    unit: TargetUnit,
    targets: &[(NaiveDate, f64)],
    year_start: NaiveDate,
    on: NaiveDate,
    sign: f64,
) -> f64 {
    let first = targets[0].1;
    let gap = match unit {
        TargetUnit::Percent => 15.0,
        TargetUnit::Count => (first * 0.4).max(2.0),
        TargetUnit::Score => (first * 0.2).max(0.5),
        TargetUnit::YesNo => 0.0,
    };
    let mut points = vec![(year_start + TimeDelta::days(60), first - sign * gap)];
    points.extend(targets.iter().copied());
    let mut previous = points[0];
    if on <= previous.0 {
        return previous.1;
    }
    for point in &points[1..] {
        if on <= point.0 {
            let span = (point.0 - previous.0).num_days().max(1) as f64;
            let along = (on - previous.0).num_days() as f64 / span;
            return previous.1 + (point.1 - previous.1) * along;
        }
        previous = *point;
    }
    previous.1
}

/// The measured value for a profile: ahead of the line, just on it, or falling behind.
fn shape(unit: TargetUnit, planned: f64, profile: Profile, sign: f64, n: usize) -> f64 {
    let (ahead, on, behind) = match unit {
        TargetUnit::Percent => (6.0, 1.0, -4.0 - 2.0 * n as f64),
        TargetUnit::Count => (2.0, 0.0, -1.0 - n as f64),
        TargetUnit::Score => (0.3, 0.05, -0.2 - 0.1 * n as f64),
        TargetUnit::YesNo => {
            return if profile == Profile::Behind { 0.0 } else { 1.0 };
        }
    };
    let offset = match profile {
        Profile::Ahead => ahead,
        Profile::OnTrack => on,
        _ => behind,
    };
    let value = planned + sign * offset;
    match unit {
        TargetUnit::Percent => value.clamp(0.0, 100.0).round(),
        TargetUnit::Count => value.max(0.0).round(),
        _ => (value.max(0.0) * 10.0).round() / 10.0,
    }
}
