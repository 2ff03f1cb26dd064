//! The period's record the monitor writes from (seed 002 §8: the report draws on the period's
//! Highlight Discussions and evidence): final minutes only — drafts and minutes in review may
//! still change — and only what happened between the period's first and last day. Read in
//! five statements for the whole plan, then grouped by initiative in memory.

use chrono::NaiveDate;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::calendar::{QprPeriod, date_label};
use crate::evidence;
use crate::evidence::model::{CONCERNS_INITIATIVE, CONCERNS_JOINS, EvidenceKind};
use crate::plans::model::TargetUnit;
use crate::progress::model::ActivityStatus;

/// Final minutes held in the period: the sections the report draws on.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FinalMinutes {
    pub held_on: NaiveDate,
    pub accomplishments: String,
    pub challenges: String,
    pub risks: String,
    pub modifications: String,
}

impl FinalMinutes {
    pub fn date(&self) -> String {
        date_label(self.held_on)
    }

    /// The non-empty sections, with the template's headings.
    pub fn sections(&self) -> Vec<(&'static str, &str)> {
        [
            ("Accomplishments and progress", &self.accomplishments),
            (
                "Challenges and targeted assistance needed",
                &self.challenges,
            ),
            ("Risks and mitigation", &self.risks),
            ("Key modifications to the plan", &self.modifications),
        ]
        .into_iter()
        .filter(|(_, text)| !text.trim().is_empty())
        .map(|(heading, text)| (heading, text.as_str()))
        .collect()
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct AgendaNote {
    initiative_id: Option<Uuid>,
    held_on: NaiveDate,
    statement: Option<String>,
    minutes_note: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct Inventoried {
    initiative_id: Option<Uuid>,
    id: Uuid,
    title: String,
    evidence_on: NaiveDate,
    kind: EvidenceKind,
    url: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct PeriodMeasurement {
    initiative_id: Option<Uuid>,
    statement: String,
    unit: TargetUnit,
    value: f64,
    measured_on: NaiveDate,
    population: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct StatusChange {
    initiative_id: Uuid,
    description: String,
    status: ActivityStatus,
    as_of: NaiveDate,
    note: String,
}

/// Everything the period left on record for the plan.
#[derive(Debug, Clone, Default)]
pub struct PeriodRecord {
    pub minutes: Vec<FinalMinutes>,
    notes: Vec<AgendaNote>,
    evidence: Vec<Inventoried>,
    measurements: Vec<PeriodMeasurement>,
    changes: Vec<StatusChange>,
}

/// A line of the record, with a link for evidence.
#[derive(Debug, Clone)]
pub struct RecordLine {
    pub text: String,
    pub href: Option<String>,
}

/// One initiative's part of the record (or the plan-wide part), ready to show.
#[derive(Debug, Clone, Default)]
pub struct InitiativeRecord {
    pub notes: Vec<RecordLine>,
    pub evidence: Vec<RecordLine>,
    pub measurements: Vec<RecordLine>,
    pub changes: Vec<RecordLine>,
}

impl InitiativeRecord {
    pub fn is_empty(&self) -> bool {
        self.notes.is_empty()
            && self.evidence.is_empty()
            && self.measurements.is_empty()
            && self.changes.is_empty()
    }
}

fn line(text: String) -> RecordLine {
    RecordLine { text, href: None }
}

impl PeriodRecord {
    /// What concerns `initiative` (`None`: the plan as a whole — final outcomes, evidence not
    /// attached to an initiative).
    pub fn of(&self, initiative: Option<Uuid>, slug: &str) -> InitiativeRecord {
        let mut seen = Vec::new();
        InitiativeRecord {
            notes: self
                .notes
                .iter()
                .filter(|n| initiative.is_some() && n.initiative_id == initiative)
                .map(|n| {
                    let at = date_label(n.held_on);
                    line(match (&n.statement, n.minutes_note.trim()) {
                        (Some(s), "") => format!("{at}: “{s}” was discussed (no note)."),
                        (Some(s), note) => format!("{at}: “{s}”: {note}"),
                        (None, "") => format!("{at}: the initiative was on the agenda."),
                        (None, note) => format!("{at}: {note}"),
                    })
                })
                .collect(),
            evidence: self
                .evidence
                .iter()
                .filter(|e| e.initiative_id == initiative)
                .filter(|e| {
                    let first = !seen.contains(&e.id);
                    seen.push(e.id);
                    first
                })
                .map(|e| RecordLine {
                    text: format!("{} ({})", e.title, date_label(e.evidence_on)),
                    href: Some(evidence::model::href(slug, e.id, e.kind, e.url.as_deref())),
                })
                .collect(),
            measurements: self
                .measurements
                .iter()
                .filter(|m| m.initiative_id == initiative)
                .map(|m| {
                    let population = if m.population.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", m.population)
                    };
                    line(format!(
                        "{} on {}{population}: {}",
                        m.unit.format(m.value),
                        date_label(m.measured_on),
                        m.statement
                    ))
                })
                .collect(),
            changes: self
                .changes
                .iter()
                .filter(|c| Some(c.initiative_id) == initiative)
                .map(|c| {
                    let note = if c.note.trim().is_empty() {
                        String::new()
                    } else {
                        format!(" — {}", c.note.trim())
                    };
                    line(format!(
                        "{}: {} on {}{note}",
                        c.description,
                        c.status.label(),
                        date_label(c.as_of)
                    ))
                })
                .collect(),
        }
    }
}

/// The record of `period` for the district's plan `plan_id`: its three months, or a Summative
/// Report's whole school year.
pub async fn load(
    conn: &mut PgConnection,
    district_id: Uuid,
    plan_id: Uuid,
    period: QprPeriod,
) -> sqlx::Result<PeriodRecord> {
    // Final minutes of discussions held in the period; `h` in every statement below.
    let final_in_period =
        "h.district_id = $1 AND h.minutes_status = 'final' AND h.held_on BETWEEN $2 AND $3";
    let minutes = in_period(
        &mut *conn,
        &format!(
            "SELECT h.held_on, h.accomplishments, h.challenges, h.risks, h.modifications \
             FROM highlight_discussions h WHERE {final_in_period} ORDER BY h.held_on"
        ),
        district_id,
        period,
        None,
    )
    .await?;
    let notes = in_period(
        &mut *conn,
        &format!(
            "SELECT coalesce(a.initiative_id, b.initiative_id) AS initiative_id, h.held_on, b.statement, a.minutes_note \
             FROM discussion_agenda_items a \
             JOIN highlight_discussions h ON h.district_id = a.district_id AND h.id = a.discussion_id \
             LEFT JOIN benchmarks b ON b.district_id = a.district_id AND b.id = a.benchmark_id \
             WHERE {final_in_period} AND a.evidence_id IS NULL ORDER BY h.held_on, b.rank"
        ),
        district_id,
        period,
        None,
    )
    .await?;
    let evidence = in_period(
        &mut *conn,
        &format!(
            "SELECT {CONCERNS_INITIATIVE} AS initiative_id, e.id, e.title, e.evidence_on, e.kind, e.url \
             FROM minutes_evidence me \
             JOIN highlight_discussions h ON h.district_id = me.district_id AND h.id = me.discussion_id \
             JOIN evidence e ON e.district_id = me.district_id AND e.id = me.evidence_id {CONCERNS_JOINS} \
             WHERE {final_in_period} ORDER BY e.evidence_on DESC, e.title"
        ),
        district_id,
        period,
        None,
    )
    .await?;
    let measurements = in_period(
        &mut *conn,
        "SELECT b.initiative_id, b.statement, b.unit, m.value, m.measured_on, m.population \
         FROM measurements m JOIN benchmarks b ON b.district_id = m.district_id AND b.id = m.benchmark_id \
         WHERE m.district_id = $1 AND b.plan_id = $4 AND m.measured_on BETWEEN $2 AND $3 \
         ORDER BY m.measured_on, b.rank",
        district_id,
        period,
        Some(plan_id),
    )
    .await?;
    let changes = in_period(
        &mut *conn,
        "SELECT a.initiative_id, a.description, u.status, u.as_of, u.note \
         FROM activity_updates u \
         JOIN activities a ON a.district_id = u.district_id AND a.id = u.activity_id \
         JOIN initiatives i ON i.district_id = a.district_id AND i.id = a.initiative_id \
         JOIN objectives o ON o.district_id = i.district_id AND o.id = i.objective_id \
         WHERE u.district_id = $1 AND o.plan_id = $4 AND u.as_of BETWEEN $2 AND $3 \
         ORDER BY u.as_of, u.recorded_at",
        district_id,
        period,
        Some(plan_id),
    )
    .await?;
    Ok(PeriodRecord {
        minutes,
        notes,
        evidence,
        measurements,
        changes,
    })
}

/// The rows `sql` selects for the district (`$1`) from the first day `period` covers (`$2`) to
/// its last (`$3`), and for `plan` (`$4`) when the statement names one.
async fn in_period<T>(
    conn: &mut PgConnection,
    sql: &str,
    district_id: Uuid,
    period: QprPeriod,
    plan: Option<Uuid>,
) -> sqlx::Result<Vec<T>>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> + Send + Unpin,
{
    let (first, last) = period.covered();
    let query = sqlx::query_as(sql).bind(district_id).bind(first).bind(last);
    match plan {
        Some(plan_id) => query.bind(plan_id).fetch_all(conn).await,
        None => query.fetch_all(conn).await,
    }
}
