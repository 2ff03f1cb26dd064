//! What a report says, loaded in a fixed number of statements: the plan it rates, the narratives,
//! the ratings with the library evidence chosen for them, and the previous period's published
//! ratings.

use chrono::NaiveDate;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::calendar::date_label;
use crate::db::scoped;
use crate::error::{AppError, Result};
use crate::evidence;
use crate::evidence::model::EvidenceKind;
use crate::plans::model::{Initiative, PlanTree};
use crate::plans::queries::load_tree;
use crate::qpr::model::{InitiativeRating, Qpr, rating_gaps, summative_gaps};
use crate::qpr::queries;
use crate::qpr::rating::{PerformanceRating, ProcessRating};
use crate::qpr::summative::{
    self, OutcomeData, OutcomeView, Readers, YearRating, YearRow, year_rows,
};

/// A piece of library evidence, as a report lists or offers it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EvidenceItem {
    /// For chosen evidence: the initiative it was chosen for; in the library: the one it concerns.
    pub initiative_id: Option<Uuid>,
    /// "process" or "performance" for chosen evidence; empty in the library.
    pub scale: String,
    pub id: Uuid,
    pub title: String,
    pub evidence_on: NaiveDate,
    pub kind: EvidenceKind,
    pub url: Option<String>,
}

impl EvidenceItem {
    pub fn date(&self) -> String {
        date_label(self.evidence_on)
    }

    pub fn href(&self, slug: &str) -> String {
        evidence::model::href(slug, self.id, self.kind, self.url.as_deref())
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PreviousRating {
    pub initiative_id: Uuid,
    pub process_rating: Option<ProcessRating>,
    pub performance_rating: Option<PerformanceRating>,
}

pub struct Content {
    pub tree: PlanTree,
    pub objective_narratives: Vec<(Uuid, String)>,
    pub ratings: Vec<InitiativeRating>,
    pub chosen: Vec<EvidenceItem>,
    /// The ratings of the report on the period before, when it is published.
    pub previous: Vec<PreviousRating>,
    /// What a Summative Report adds; `None` on a quarterly report.
    pub summative: Option<Summative>,
}

/// The Summative Report's year: its quarterly reports' ratings and its final outcomes' data.
pub struct Summative {
    pub quarterly: Vec<YearRating>,
    pub outcomes: OutcomeData,
}

impl Content {
    pub fn narrative_of(&self, objective_id: Uuid) -> &str {
        queries::narrative_in(&self.objective_narratives, objective_id)
    }

    pub fn rating_of(&self, initiative_id: Uuid) -> Option<&InitiativeRating> {
        self.ratings
            .iter()
            .find(|r| r.initiative_id == initiative_id)
    }

    pub fn previous_of(&self, initiative_id: Uuid) -> Option<&PreviousRating> {
        self.previous
            .iter()
            .find(|r| r.initiative_id == initiative_id)
    }

    /// The four ratings of an initiative's year, on a Summative Report; empty otherwise.
    pub fn year_of(&self, qpr: &Qpr, initiative_id: Uuid) -> Vec<YearRow> {
        self.summative.as_ref().map_or_else(Vec::new, |s| {
            year_rows(
                qpr.period(),
                &s.quarterly,
                self.rating_of(initiative_id),
                initiative_id,
            )
        })
    }

    /// The final outcomes against their targets, on a Summative Report; empty otherwise.
    pub fn outcomes(&self, qpr: &Qpr) -> Vec<OutcomeView> {
        self.summative.as_ref().map_or_else(Vec::new, |s| {
            summative::outcomes(&self.tree, &s.outcomes, qpr.period())
        })
    }

    pub fn chosen_for<'a>(
        &'a self,
        initiative_id: Uuid,
        scale: &'a str,
    ) -> impl Iterator<Item = &'a EvidenceItem> {
        self.chosen
            .iter()
            .filter(move |e| e.initiative_id == Some(initiative_id) && e.scale == scale)
    }

    /// Each initiative still keeping the report in review, with what it lacks:
    /// "1.2 Instructional coaching has no Process rating".
    pub fn gaps(&self, qpr: &Qpr) -> Gaps {
        let ids: Vec<Uuid> = self.tree.initiatives.iter().map(|i| i.id).collect();
        let gaps = rating_gaps(&ids, &self.ratings);
        let mut initiatives: Vec<Uuid> = gaps.iter().map(|g| g.initiative_id).collect();
        initiatives.dedup();
        Gaps {
            initiatives: initiatives.len(),
            report: summative_gaps(qpr),
            lines: gaps
                .iter()
                .filter_map(|g| {
                    let i = self.initiative(g.initiative_id)?;
                    Some(format!(
                        "{} {} {}",
                        self.tree.initiative_number(i),
                        i.description,
                        g.problem
                    ))
                })
                .collect(),
        }
    }

    fn initiative(&self, id: Uuid) -> Option<&Initiative> {
        self.tree.initiatives.iter().find(|i| i.id == id)
    }
}

/// The "every initiative rated with evidence" rule, as the pages show it.
pub struct Gaps {
    pub initiatives: usize,
    /// What the report as a whole lacks (a Summative Report's recommendations).
    pub report: Vec<String>,
    pub lines: Vec<String>,
}

impl Gaps {
    /// "3 initiatives still need ratings or evidence".
    pub fn summary(&self) -> String {
        match self.initiatives {
            0 => "Every initiative has both ratings with evidence.".into(),
            1 => "1 initiative still needs ratings or evidence:".into(),
            n => format!("{n} initiatives still need ratings or evidence:"),
        }
    }
}

/// Columns for [`EvidenceItem`] from `evidence e`, given the initiative and scale expressions.
fn item_columns(initiative: &str, scale: &str) -> String {
    format!(
        "{initiative} AS initiative_id, {scale} AS scale, e.id, e.title, e.evidence_on, e.kind, e.url"
    )
}

pub async fn load(conn: &mut PgConnection, qpr: &Qpr) -> Result<Content> {
    let district_id = qpr.district_id;
    let tree = load_tree(&mut *conn, district_id, qpr.plan_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let objective_narratives = queries::narratives(&mut *conn, district_id, qpr.id).await?;
    let ratings = queries::ratings(&mut *conn, district_id, qpr.id).await?;
    let chosen = scoped::all(
        &mut *conn,
        &format!(
            "SELECT {} FROM qpr_rating_evidence x \
         JOIN evidence e ON e.district_id = x.district_id AND e.id = x.evidence_id \
         WHERE x.district_id = $1 AND x.qpr_id = $2 ORDER BY e.evidence_on DESC, e.title",
            item_columns("x.initiative_id", "x.scale::text")
        ),
        district_id,
        qpr.id,
    )
    .await?;
    // Matched by initiative id only: a new plan year's initiatives are new rows, so they
    // rightly show no previous rating.
    let previous = sqlx::query_as(
        "SELECT r.initiative_id, r.process_rating, r.performance_rating FROM qpr_initiatives r \
         JOIN qprs q ON q.district_id = r.district_id AND q.id = r.qpr_id \
         WHERE q.district_id = $1 AND q.period_start = $2 AND q.status = 'published'",
    )
    .bind(district_id)
    .bind(qpr.period().previous().start)
    .fetch_all(&mut *conn)
    .await?;
    let summative = if qpr.is_summative() {
        Some(Summative {
            quarterly: summative::quarterly_ratings(
                &mut *conn,
                district_id,
                qpr.period(),
                Readers::App,
            )
            .await?,
            outcomes: summative::outcome_data(
                &mut *conn,
                district_id,
                qpr.plan_id,
                qpr.id,
                qpr.period(),
            )
            .await?,
        })
    } else {
        None
    };
    Ok(Content {
        tree,
        objective_narratives,
        ratings,
        chosen,
        previous,
        summative,
    })
}

/// How many of the most recent pieces concerning each initiative the edit form offers.
pub const LIBRARY_PER_INITIATIVE: i64 = 30;

/// The library evidence concerning each of `initiatives`, most recent first (at most
/// [`LIBRARY_PER_INITIATIVE`] each), plus every piece in `also` (chosen or ticked) whatever its age.
pub async fn library(
    conn: &mut PgConnection,
    district_id: Uuid,
    initiatives: &[Uuid],
    also: &[Uuid],
) -> sqlx::Result<Vec<EvidenceItem>> {
    use crate::evidence::model::{CONCERNS_INITIATIVE, CONCERNS_JOINS};
    sqlx::query_as(&format!(
        "SELECT {} FROM ( \
             SELECT e.id, {CONCERNS_INITIATIVE} AS concerns, \
                    row_number() OVER (PARTITION BY {CONCERNS_INITIATIVE} \
                                       ORDER BY e.evidence_on DESC, e.uploaded_at DESC) AS place \
             FROM evidence e {CONCERNS_JOINS} WHERE e.district_id = $1) x \
         JOIN evidence e ON e.district_id = $1 AND e.id = x.id \
         WHERE (x.concerns = ANY($2) AND x.place <= $4) OR e.id = ANY($3) \
         ORDER BY e.evidence_on DESC, e.uploaded_at DESC",
        item_columns("x.concerns", "''")
    ))
    .bind(district_id)
    .bind(initiatives)
    .bind(also)
    .bind(LIBRARY_PER_INITIATIVE)
    .fetch_all(conn)
    .await
}
