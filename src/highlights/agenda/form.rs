//! The agenda form: the discussed plan's initiatives and benchmarks, the gaps in coverage
//! suggested first, and the district's evidence to be presented. Saving replaces the agenda's
//! set of items in one transaction; benchmarks that stay keep what the minutes say about them.

use std::collections::HashSet;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use sqlx::PgConnection;
use uuid::Uuid;

use super::outline::{self, Options, Outline};
use super::{discussion_path, discussions_path};
use crate::access::{DistrictScope, Permission};
use crate::calendar::{self, date_label};
use crate::db::scoped;
use crate::error::{AppError, Result};
use crate::highlights::model::{Discussion, MinutesStatus};
use crate::highlights::queries;
use crate::plans::model::PlanTree;
use crate::web::Layout;
use crate::web::open::Ids;

/// How much of the library the form lists (most recent first); evidence already on the agenda
/// is listed whatever its age.
const EVIDENCE_LIMIT: i64 = 100;

const FINAL_MESSAGE: &str = "The minutes of this discussion are final, so its agenda is kept as \
     it was agreed. A correction of the minutes does not change the agenda.";

#[derive(sqlx::FromRow)]
struct EvidenceRow {
    id: Uuid,
    title: String,
    evidence_on: NaiveDate,
    initiative_id: Option<Uuid>,
    initiative_description: Option<String>,
    benchmark_statement: Option<String>,
    measured_on: Option<NaiveDate>,
    measured_statement: Option<String>,
}

/// A piece of evidence that may be presented.
pub struct EvidenceChoice {
    id: Uuid,
    title: String,
    date: String,
    attached: String,
    ticked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "highlights/agenda_form.html")]
pub struct AgendaPage {
    layout: Layout,
    when: String,
    plan_title: String,
    discussion_path: String,
    action: String,
    coverage_path: String,
    month: String,
    themes: &'static [&'static str],
    outline: Outline,
    evidence: Vec<EvidenceChoice>,
    /// The minutes are final: the agenda is shown, not offered for change.
    read_only: bool,
    /// The 409 answer to a change posted once the minutes are final.
    refused: bool,
    final_message: &'static str,
}

/// The district's most recent evidence, and any already on this agenda, newest first.
async fn evidence(
    conn: &mut PgConnection,
    district_id: Uuid,
    discussion_id: Uuid,
) -> sqlx::Result<Vec<EvidenceRow>> {
    sqlx::query_as(
        "SELECT e.id, e.title, e.evidence_on, e.initiative_id, i.description AS initiative_description, \
                b.statement AS benchmark_statement, m.measured_on, mb.statement AS measured_statement \
         FROM (SELECT id, district_id, title, evidence_on, initiative_id, benchmark_id, measurement_id, \
                      row_number() OVER (ORDER BY evidence_on DESC, uploaded_at DESC) AS place \
               FROM evidence WHERE district_id = $1) e \
         LEFT JOIN initiatives i ON i.district_id = e.district_id AND i.id = e.initiative_id \
         LEFT JOIN benchmarks b ON b.district_id = e.district_id AND b.id = e.benchmark_id \
         LEFT JOIN measurements m ON m.district_id = e.district_id AND m.id = e.measurement_id \
         LEFT JOIN benchmarks mb ON mb.district_id = m.district_id AND mb.id = m.benchmark_id \
         WHERE e.place <= $3 OR e.id IN (SELECT evidence_id FROM discussion_agenda_items \
                                         WHERE district_id = $1 AND discussion_id = $2) \
         ORDER BY e.place",
    )
    .bind(district_id)
    .bind(discussion_id)
    .bind(EVIDENCE_LIMIT)
    .fetch_all(conn)
    .await
}

/// What a piece of evidence is attached to, in the plan's numbering where it can be.
fn attached_label(row: &EvidenceRow, tree: &PlanTree) -> String {
    if let Some(id) = row.initiative_id {
        let description = row.initiative_description.clone().unwrap_or_default();
        match tree.initiatives.iter().find(|i| i.id == id) {
            Some(i) => format!("Initiative {}: {description}", tree.initiative_number(i)),
            None => format!("Initiative: {description}"),
        }
    } else if let Some(statement) = &row.benchmark_statement {
        format!("Benchmark: {statement}")
    } else if let (Some(on), Some(statement)) = (row.measured_on, &row.measured_statement) {
        format!("Measurement of {} for {statement}", date_label(on))
    } else {
        "Not attached to a part of the plan".into()
    }
}

async fn page(mut scope: DistrictScope, found: Discussion, refused: bool) -> Result<AgendaPage> {
    let district_id = scope.district.id;
    let today = calendar::today();
    let tree = crate::plans::queries::load_tree(scope.conn(), district_id, found.plan_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let last = outline::last_discussed(scope.conn(), district_id, tree.plan.id, today).await?;
    let agenda = queries::agenda(scope.conn(), district_id, found.id).await?;
    let rows = evidence(scope.conn(), district_id, found.id).await?;
    let ticked: HashSet<Uuid> = agenda
        .iter()
        .filter_map(|a| a.initiative_id.or(a.benchmark_id).or(a.evidence_id))
        .collect();
    let outline = outline::outline(
        &tree,
        &last,
        &Options {
            today,
            discussions_path: discussions_path(&scope),
            ticked: &ticked,
            gaps_first: true,
        },
    );
    let evidence = rows
        .iter()
        .map(|row| EvidenceChoice {
            id: row.id,
            title: row.title.clone(),
            date: date_label(row.evidence_on),
            attached: attached_label(row, &tree),
            ticked: ticked.contains(&row.id),
        })
        .collect();
    let path = discussion_path(&scope, found.id);
    Ok(AgendaPage {
        layout: Layout::new(&scope.user, "Agenda", "districts").await,
        when: found.when_label(),
        plan_title: tree.plan.title.clone(),
        action: format!("{path}/agenda"),
        discussion_path: path,
        coverage_path: format!("/districts/{}/coverage", scope.district.slug),
        month: found.held_on.format("%B").to_string(),
        themes: calendar::discussion_themes(found.held_on.month()),
        outline,
        evidence,
        read_only: found.minutes_status == MinutesStatus::Final,
        refused,
        final_message: FINAL_MESSAGE,
    })
}

pub async fn show(mut scope: DistrictScope, Path((_, id)): Ids) -> Result<AgendaPage> {
    let found: Discussion = scope.open(id, Permission::ScheduleDiscussions).await?;
    page(scope, found, false).await
}

/// The ids ticked on the form, by kind.
#[derive(Debug, Default, PartialEq)]
struct Chosen {
    initiatives: Vec<Uuid>,
    benchmarks: Vec<Uuid>,
    evidence: Vec<Uuid>,
}

impl Chosen {
    /// Reads the repeated `initiative`, `benchmark` and `evidence` fields; other fields are
    /// ignored, and an id that is not an id means the form was not ours.
    fn read(fields: &[(String, String)]) -> Result<Self> {
        let mut chosen = Self::default();
        for (name, value) in fields {
            let list = match name.as_str() {
                "initiative" => &mut chosen.initiatives,
                "benchmark" => &mut chosen.benchmarks,
                "evidence" => &mut chosen.evidence,
                _ => continue,
            };
            let id = value.trim().parse().map_err(|_| AppError::BadRequest)?;
            if !list.contains(&id) {
                list.push(id);
            }
        }
        Ok(chosen)
    }

    fn all(&self) -> Vec<Uuid> {
        [&self.initiatives, &self.benchmarks, &self.evidence]
            .into_iter()
            .flatten()
            .copied()
            .collect()
    }

    /// "2 initiatives, 3 benchmarks and 1 piece of evidence".
    fn summary(&self) -> String {
        let count =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        format!(
            "{}, {} and {}",
            count(self.initiatives.len(), "initiative", "initiatives"),
            count(self.benchmarks.len(), "benchmark", "benchmarks"),
            count(
                self.evidence.len(),
                "piece of evidence",
                "pieces of evidence"
            ),
        )
    }
}

pub async fn save(
    mut scope: DistrictScope,
    Path((_, id)): Ids,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let found: Discussion = scope.open(id, Permission::ScheduleDiscussions).await?;
    let chosen = Chosen::read(&fields)?;
    let district_id = scope.district.id;
    // Held until the commit, so the minutes cannot be finalised halfway through the change.
    let sql = "SELECT minutes_status FROM highlight_discussions WHERE district_id = $1 AND id = $2 FOR UPDATE";
    let status: MinutesStatus = scoped::scalar(scope.conn(), sql, district_id, id).await?;
    if status == MinutesStatus::Final {
        let page = page(scope, found, true).await?;
        return Ok((StatusCode::CONFLICT, page).into_response());
    }
    let tree = crate::plans::queries::load_tree(scope.conn(), district_id, found.plan_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let of_plan = chosen
        .initiatives
        .iter()
        .all(|id| tree.initiatives.iter().any(|i| i.id == *id))
        && chosen
            .benchmarks
            .iter()
            .all(|id| tree.benchmarks.iter().any(|b| b.id == *id));
    let known: i64 =
        sqlx::query_scalar("SELECT count(*) FROM evidence WHERE district_id = $1 AND id = ANY($2)")
            .bind(district_id)
            .bind(&chosen.evidence)
            .fetch_one(scope.conn())
            .await?;
    if !of_plan || known != chosen.evidence.len() as i64 {
        return Err(AppError::NotFound);
    }
    sqlx::query(
        "DELETE FROM discussion_agenda_items WHERE district_id = $1 AND discussion_id = $2 \
           AND NOT coalesce(initiative_id, benchmark_id, evidence_id) = ANY($3)",
    )
    .bind(district_id)
    .bind(id)
    .bind(chosen.all())
    .execute(scope.conn())
    .await?;
    for (column, ids) in [
        ("initiative_id", &chosen.initiatives),
        ("benchmark_id", &chosen.benchmarks),
        ("evidence_id", &chosen.evidence),
    ] {
        if ids.is_empty() {
            continue;
        }
        // Items already there are left as they are, minutes notes included.
        sqlx::query(&format!(
            "INSERT INTO discussion_agenda_items (district_id, discussion_id, {column}) \
             SELECT $1, $2, x FROM unnest($3::uuid[]) AS x \
             ON CONFLICT (district_id, discussion_id, coalesce(initiative_id, benchmark_id, evidence_id)) DO NOTHING"
        ))
        .bind(district_id)
        .bind(id)
        .bind(ids)
        .execute(scope.conn())
        .await?;
    }
    let path = discussion_path(&scope, id);
    let message = format!("Agenda saved: {}.", chosen.summary());
    scope.done(&path, message).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn ticked_ids_are_read_by_kind_once_each() {
        let a = Uuid::new_v4();
        let b = Uuid::new_v4();
        let chosen = Chosen::read(&fields(&[
            ("initiative", &a.to_string()),
            ("benchmark", &b.to_string()),
            ("benchmark", &b.to_string()),
            ("save", "Save the agenda"),
        ]))
        .unwrap();
        assert_eq!(chosen.initiatives, [a]);
        assert_eq!(chosen.benchmarks, [b]);
        assert!(chosen.evidence.is_empty());
        assert_eq!(chosen.all(), [a, b]);
        assert_eq!(
            chosen.summary(),
            "1 initiative, 1 benchmark and 0 pieces of evidence"
        );
        assert!(Chosen::read(&fields(&[("evidence", "12")])).is_err());
    }
}
