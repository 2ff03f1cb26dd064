//! The plan laid out for the agenda form and the coverage page: objectives, their initiatives
//! (numbered "1.2") and benchmarks, each with the last held discussion that addressed it. The
//! last-discussed dates come from one statement, aggregated in SQL.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use sqlx::PgConnection;
use uuid::Uuid;

use super::gaps::{Coverage, Summary, gaps_first};
use crate::calendar::date_label;
use crate::plans::model::{Benchmark, BenchmarkKind, PlanTree};

/// The last held discussion that addressed something.
#[derive(Debug, Clone, Copy)]
pub struct Last {
    pub discussion_id: Uuid,
    pub held_on: NaiveDate,
}

#[derive(sqlx::FromRow)]
struct LastRow {
    is_initiative: bool,
    item_id: Uuid,
    discussion_id: Uuid,
    held_on: NaiveDate,
}

/// For each initiative and benchmark of a plan, the last discussion held by `today` that had it
/// on its agenda. An initiative counts as addressed when it or any of its benchmarks was.
#[derive(Debug, Default)]
pub struct LastDiscussed {
    pub initiatives: HashMap<Uuid, Last>,
    pub benchmarks: HashMap<Uuid, Last>,
}

pub async fn last_discussed(
    conn: &mut PgConnection,
    district_id: Uuid,
    plan_id: Uuid,
    today: NaiveDate,
) -> sqlx::Result<LastDiscussed> {
    let rows: Vec<LastRow> = sqlx::query_as(
        "SELECT DISTINCT ON (x.is_initiative, x.item_id) x.is_initiative, x.item_id, \
                h.id AS discussion_id, h.held_on \
         FROM ( \
             SELECT a.discussion_id, false AS is_initiative, a.benchmark_id AS item_id \
             FROM discussion_agenda_items a WHERE a.district_id = $1 AND a.benchmark_id IS NOT NULL \
             UNION ALL \
             SELECT a.discussion_id, true, a.initiative_id \
             FROM discussion_agenda_items a WHERE a.district_id = $1 AND a.initiative_id IS NOT NULL \
             UNION ALL \
             SELECT a.discussion_id, true, b.initiative_id \
             FROM discussion_agenda_items a \
             JOIN benchmarks b ON b.district_id = a.district_id AND b.id = a.benchmark_id \
             WHERE a.district_id = $1 AND b.initiative_id IS NOT NULL \
         ) x \
         JOIN highlight_discussions h ON h.district_id = $1 AND h.id = x.discussion_id \
         WHERE h.plan_id = $2 AND h.held_on <= $3 \
         ORDER BY x.is_initiative, x.item_id, h.held_on DESC, h.starts_at DESC NULLS LAST",
    )
    .bind(district_id)
    .bind(plan_id)
    .bind(today)
    .fetch_all(conn)
    .await?;
    let mut last = LastDiscussed::default();
    for row in rows {
        let found = Last {
            discussion_id: row.discussion_id,
            held_on: row.held_on,
        };
        let map = if row.is_initiative {
            &mut last.initiatives
        } else {
            &mut last.benchmarks
        };
        map.insert(row.item_id, found);
    }
    Ok(last)
}

/// One initiative or benchmark as listed.
pub struct Row {
    pub id: Uuid,
    /// "Initiative 1.2", or the benchmark's kind ("Short-term outcome").
    pub label: String,
    /// The initiative's description or the benchmark's statement.
    pub text: String,
    pub coverage: Coverage,
    /// The last discussion that addressed it ("" when never).
    pub last_href: String,
    pub last_date: String,
    /// On the agenda being edited.
    pub ticked: bool,
}

pub struct InitiativeGroup {
    pub row: Row,
    pub benchmarks: Vec<Row>,
}

pub struct ObjectiveGroup {
    pub id: Uuid,
    /// "Objective 1: Strengthen core instruction".
    pub heading: String,
    pub initiatives: Vec<InitiativeGroup>,
}

pub struct Outline {
    pub objectives: Vec<ObjectiveGroup>,
    pub final_outcomes: Vec<Row>,
    pub summary: Summary,
}

/// How to lay the plan out.
pub struct Options<'a> {
    pub today: NaiveDate,
    /// Where discussions live: "/districts/randolph/discussions".
    pub discussions_path: String,
    /// What the agenda being edited has on it (empty on the coverage page).
    pub ticked: &'a HashSet<Uuid>,
    /// The agenda form suggests gaps first; the coverage page keeps plan order.
    pub gaps_first: bool,
}

pub fn outline(tree: &PlanTree, last: &LastDiscussed, options: &Options<'_>) -> Outline {
    let row = |id: Uuid, label: String, text: &str, found: Option<&Last>| Row {
        id,
        label,
        text: text.to_string(),
        coverage: Coverage::of(found.map(|l| l.held_on), options.today),
        last_href: found
            .map(|l| format!("{}/{}", options.discussions_path, l.discussion_id))
            .unwrap_or_default(),
        last_date: found.map(|l| date_label(l.held_on)).unwrap_or_default(),
        ticked: options.ticked.contains(&id),
    };
    let benchmark_row = |b: &Benchmark| {
        row(
            b.id,
            b.kind.label().into(),
            &b.statement,
            last.benchmarks.get(&b.id),
        )
    };
    let mut initiative_coverage = Vec::new();
    let mut benchmark_coverage = Vec::new();
    let objectives = tree
        .objectives
        .iter()
        .map(|objective| {
            let mut initiatives: Vec<InitiativeGroup> = tree
                .initiatives_of(objective.id)
                .map(|initiative| {
                    let mut benchmarks: Vec<Row> = BenchmarkKind::OF_INITIATIVE
                        .into_iter()
                        .flat_map(|kind| tree.benchmarks_of(initiative.id, kind))
                        .map(benchmark_row)
                        .collect();
                    if options.gaps_first {
                        gaps_first(&mut benchmarks, |r| r.coverage);
                    }
                    benchmark_coverage.extend(benchmarks.iter().map(|r| r.coverage));
                    let label = format!("Initiative {}", tree.initiative_number(initiative));
                    let found = last.initiatives.get(&initiative.id);
                    let row = row(initiative.id, label, &initiative.description, found);
                    initiative_coverage.push(row.coverage);
                    InitiativeGroup { row, benchmarks }
                })
                .collect();
            if options.gaps_first {
                gaps_first(&mut initiatives, |g| g.row.coverage);
            }
            ObjectiveGroup {
                id: objective.id,
                heading: format!(
                    "Objective {}: {}",
                    tree.objective_number(objective.id),
                    objective.title
                ),
                initiatives,
            }
        })
        .collect();
    let mut final_outcomes: Vec<Row> = tree.final_outcomes().map(benchmark_row).collect();
    if options.gaps_first {
        gaps_first(&mut final_outcomes, |r| r.coverage);
    }
    benchmark_coverage.extend(final_outcomes.iter().map(|r| r.coverage));
    Outline {
        objectives,
        final_outcomes,
        summary: Summary::of(initiative_coverage, benchmark_coverage),
    }
}
