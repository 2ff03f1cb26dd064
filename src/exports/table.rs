//! A plan's activities and benchmarks as tables, one per kind of row, in the plan's order and
//! numbering: what both the workbook and the CSV files are written from.

use chrono::NaiveDate;

use crate::plans::model::{Benchmark, BenchmarkKind, Initiative, PlanTree};
use crate::progress::queries::PlanProgress;

/// One cell, typed, so the workbook writes dates as dates and numbers as numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Empty,
}

impl Cell {
    fn text(value: &str) -> Self {
        if value.trim().is_empty() {
            Self::Empty
        } else {
            Self::Text(value.to_string())
        }
    }

    fn date(value: Option<NaiveDate>) -> Self {
        value.map_or(Self::Empty, Self::Date)
    }
}

/// One sheet of the workbook, or one CSV file.
#[derive(Debug, Clone)]
pub struct Table {
    /// The sheet's name: "Activities".
    pub name: &'static str,
    /// The CSV file's part of the name and the address: "activities".
    pub key: &'static str,
    pub header: &'static [&'static str],
    pub rows: Vec<Vec<Cell>>,
}

pub const KEYS: [&str; 4] = ["activities", "benchmarks", "targets", "measurements"];

/// "1. Improve literacy" and "1.2 Launch coaching": the plan page's numbering, so a row in the
/// spreadsheet names the same thing the page does.
struct Place {
    objective: String,
    initiative: String,
}

fn place_of(tree: &PlanTree, initiative: &Initiative) -> Place {
    let objective = tree
        .objectives
        .iter()
        .find(|o| o.id == initiative.objective_id)
        .map(|o| format!("{}. {}", tree.objective_number(o.id), o.title))
        .unwrap_or_default();
    Place {
        objective,
        initiative: format!(
            "{} {}",
            tree.initiative_number(initiative),
            initiative.description
        ),
    }
}

/// Final outcomes belong to the plan, not an initiative: their place says so.
fn place_of_benchmark(tree: &PlanTree, benchmark: &Benchmark) -> Place {
    match benchmark
        .initiative_id
        .and_then(|id| tree.initiatives.iter().find(|i| i.id == id))
    {
        Some(initiative) => place_of(tree, initiative),
        None => Place {
            objective: "Whole plan".into(),
            initiative: String::new(),
        },
    }
}

/// The plan's benchmarks in the page's order: initiatives' in plan order, then final outcomes.
fn benchmarks_in_order(tree: &PlanTree) -> Vec<&Benchmark> {
    let mut ordered = Vec::new();
    for objective in &tree.objectives {
        for initiative in tree.initiatives_of(objective.id) {
            for kind in BenchmarkKind::ALL {
                ordered.extend(tree.benchmarks_of(initiative.id, kind));
            }
        }
    }
    ordered.extend(tree.final_outcomes());
    ordered
}

pub fn tables(tree: &PlanTree, progress: &PlanProgress) -> Vec<Table> {
    vec![
        activities(tree, progress),
        benchmarks(tree, progress),
        targets(tree),
        measurements(tree, progress),
    ]
}

fn activities(tree: &PlanTree, progress: &PlanProgress) -> Table {
    let mut rows = Vec::new();
    for objective in &tree.objectives {
        for initiative in tree.initiatives_of(objective.id) {
            let place = place_of(tree, initiative);
            for activity in tree.activities_of(initiative.id) {
                let status = progress.status_of(activity.id);
                rows.push(vec![
                    Cell::text(&place.objective),
                    Cell::text(&place.initiative),
                    Cell::text(&activity.description),
                    Cell::text(&activity.lead),
                    Cell::date(activity.starts_on),
                    Cell::date(activity.completes_on),
                    activity
                        .quarter()
                        .map_or(Cell::Empty, |q| Cell::text(q.label())),
                    Cell::text(&activity.resources),
                    Cell::text(&activity.frequency),
                    Cell::text(&activity.interim_monitoring),
                    status.map_or(Cell::Empty, |s| Cell::text(s.status.label())),
                    Cell::date(status.map(|s| s.as_of)),
                ]);
            }
        }
    }
    Table {
        name: "Activities",
        key: "activities",
        header: &[
            "Objective",
            "Initiative",
            "Activity",
            "Who will lead",
            "Start",
            "Complete",
            "Quarter",
            "Resources",
            "Frequency",
            "Interim monitoring",
            "Status",
            "Status as of",
        ],
        rows,
    }
}

fn benchmarks(tree: &PlanTree, progress: &PlanProgress) -> Table {
    let rows = benchmarks_in_order(tree)
        .into_iter()
        .map(|b| {
            let place = place_of_benchmark(tree, b);
            let latest = progress
                .measurements
                .iter()
                .filter(|m| m.benchmark_id == b.id)
                .max_by_key(|m| (m.measured_on, m.recorded_at));
            vec![
                Cell::text(&place.objective),
                Cell::text(&place.initiative),
                Cell::text(b.kind.label()),
                Cell::text(&b.statement),
                Cell::text(&b.measure),
                Cell::text(&b.evidence_source),
                Cell::text(&b.frequency),
                Cell::text(b.unit.label()),
                Cell::text(if b.higher_is_better {
                    "Higher"
                } else {
                    "Lower"
                }),
                b.ppi_group.map_or(Cell::Empty, |g| Cell::text(g.label())),
                Cell::text(&b.population),
                latest.map_or(Cell::Empty, |m| Cell::Number(m.value)),
                Cell::date(latest.map(|m| m.measured_on)),
            ]
        })
        .collect();
    Table {
        name: "Benchmarks",
        key: "benchmarks",
        header: &[
            "Objective",
            "Initiative",
            "Kind",
            "Benchmark",
            "Measure",
            "Evidence source",
            "Frequency",
            "Unit",
            "Better when",
            "Accountability target",
            "Students",
            "Latest measurement",
            "Measured on",
        ],
        rows,
    }
}

/// The columns a target and a measurement begin with: where the benchmark is, what it says, the
/// date, the value and its unit.
fn dated_value(place: &Place, b: &Benchmark, on: NaiveDate, value: f64) -> Vec<Cell> {
    vec![
        Cell::text(&place.initiative),
        Cell::text(&b.statement),
        Cell::Date(on),
        Cell::Number(value),
        Cell::text(b.unit.label()),
    ]
}

fn targets(tree: &PlanTree) -> Table {
    let mut rows = Vec::new();
    for b in benchmarks_in_order(tree) {
        let place = place_of_benchmark(tree, b);
        for target in tree.targets_of(b.id) {
            rows.push(dated_value(&place, b, target.due_on, target.value));
        }
    }
    Table {
        name: "Targets",
        key: "targets",
        header: &["Initiative", "Benchmark", "Due", "Target", "Unit"],
        rows,
    }
}

fn measurements(tree: &PlanTree, progress: &PlanProgress) -> Table {
    let mut rows = Vec::new();
    for b in benchmarks_in_order(tree) {
        let place = place_of_benchmark(tree, b);
        for m in progress.measurements_of(b.id) {
            let mut row = dated_value(&place, b, m.measured_on, m.value);
            row.extend([
                Cell::text(&m.population),
                Cell::text(&m.note),
                Cell::text(&m.recorded_by_name),
            ]);
            rows.push(row);
        }
    }
    Table {
        name: "Measurements",
        key: "measurements",
        header: &[
            "Initiative",
            "Benchmark",
            "Measured on",
            "Value",
            "Unit",
            "Population",
            "Note",
            "Recorded by",
        ],
        rows,
    }
}
