//! The heat map of the latest ratings (districts × their initiatives) and each district's trend
//! across published periods. Each cell carries its levels as numbers and words; the colour only
//! repeats them.

use std::collections::HashMap;

use uuid::Uuid;

use super::queries::{LatestRating, TrendPoint};
use super::table::{DistrictRow, PERFORMANCE_SHORT, PROCESS_SHORT};
use crate::calendar::QprPeriod;

/// One rating in a cell: "2 Technical".
pub struct Level {
    pub level: u8,
    pub short: &'static str,
    pub full: &'static str,
}

impl Level {
    pub fn css_class(&self) -> String {
        format!("heat-{}", self.level)
    }
}

pub struct HeatCell {
    pub number: String,
    pub description: String,
    pub process: Option<Level>,
    pub performance: Option<Level>,
}

impl HeatCell {
    /// What a screen reader hears for the cell (and the tooltip).
    pub fn title(&self) -> String {
        let say = |scale: &str, level: &Option<Level>| match level {
            Some(l) => format!("{scale} {} of 4, {}", l.level, l.full),
            None => format!("{scale} not rated"),
        };
        format!(
            "Initiative {}: {}. {}; {}.",
            self.number,
            self.description,
            say("Process", &self.process),
            say("Performance", &self.performance)
        )
    }
}

/// A district's average levels in one published period.
pub struct TrendStep {
    pub period: String,
    pub process: Option<f64>,
    pub performance: Option<f64>,
}

pub struct HeatRow {
    pub name: String,
    pub ratings_href: String,
    /// "September–November 2026", when a report has been published.
    pub period: Option<String>,
    pub cells: Vec<HeatCell>,
    pub trend: Vec<TrendStep>,
}

impl HeatRow {
    /// "1.5 → 2.0 → 2.3".
    pub fn process_trend(&self) -> String {
        values(self.trend.iter().map(|s| s.process))
    }

    pub fn performance_trend(&self) -> String {
        values(self.trend.iter().map(|s| s.performance))
    }

    /// The sparkline's description: each period with its two averages.
    pub fn trend_text(&self) -> String {
        let each: Vec<String> = self
            .trend
            .iter()
            .map(|s| {
                format!(
                    "{}: Process {}, Performance {}",
                    s.period,
                    one(s.process),
                    one(s.performance)
                )
            })
            .collect();
        format!("Average levels by period. {}.", each.join("; "))
    }

    /// `points` for the Process line of the sparkline (empty below two periods).
    pub fn process_points(&self) -> String {
        points(self.trend.iter().map(|s| s.process).collect())
    }

    pub fn performance_points(&self) -> String {
        points(self.trend.iter().map(|s| s.performance).collect())
    }
}

pub const SPARK_WIDTH: f64 = 120.0;
pub const SPARK_HEIGHT: f64 = 32.0;

fn one(value: Option<f64>) -> String {
    value.map_or_else(|| "–".into(), |v| format!("{v:.1}"))
}

fn values(list: impl Iterator<Item = Option<f64>>) -> String {
    list.map(one).collect::<Vec<_>>().join(" → ")
}

/// Level 4 at the top, level 1 at the bottom; unrated periods leave a gap in the points.
fn points(list: Vec<Option<f64>>) -> String {
    if list.len() < 2 {
        return String::new();
    }
    let step = SPARK_WIDTH / (list.len() - 1) as f64;
    list.iter()
        .enumerate()
        .filter_map(|(n, v)| {
            let v = (*v)?;
            let y = 2.0 + (4.0 - v) / 3.0 * (SPARK_HEIGHT - 4.0);
            Some(format!("{:.1},{y:.1}", n as f64 * step))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The heat map's rows, in the table's order.
pub fn rows(
    table: &[DistrictRow],
    ratings: &[LatestRating],
    trends: &[TrendPoint],
) -> Vec<HeatRow> {
    let mut cells: HashMap<Uuid, Vec<HeatCell>> = HashMap::new();
    for r in ratings {
        cells.entry(r.district_id).or_default().push(HeatCell {
            number: r.number.clone(),
            description: r.description.clone(),
            process: r.process_rating.map(|p| Level {
                level: p.level(),
                short: PROCESS_SHORT[usize::from(p.level() - 1)],
                full: p.label(),
            }),
            performance: r.performance_rating.map(|p| Level {
                level: p.level(),
                short: PERFORMANCE_SHORT[usize::from(p.level() - 1)],
                full: p.label(),
            }),
        });
    }
    let mut steps: HashMap<Uuid, Vec<TrendStep>> = HashMap::new();
    for t in trends {
        steps.entry(t.district_id).or_default().push(TrendStep {
            period: QprPeriod::containing(t.period_start).label(),
            process: t.process,
            performance: t.performance,
        });
    }
    table
        .iter()
        .map(|row| HeatRow {
            name: row.name.clone(),
            ratings_href: row.ratings_href(),
            period: row.qpr_period.map(QprPeriod::label),
            cells: cells.remove(&row.id).unwrap_or_default(),
            trend: steps.remove(&row.id).unwrap_or_default(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trend_reads_as_values_and_as_points() {
        let row = HeatRow {
            name: "X".into(),
            ratings_href: String::new(),
            period: None,
            cells: Vec::new(),
            trend: vec![
                TrendStep {
                    period: "A".into(),
                    process: Some(1.5),
                    performance: Some(1.0),
                },
                TrendStep {
                    period: "B".into(),
                    process: Some(4.0),
                    performance: None,
                },
            ],
        };
        assert_eq!(row.process_trend(), "1.5 → 4.0");
        assert_eq!(row.performance_trend(), "1.0 → –");
        assert_eq!(row.process_points(), "0.0,25.3 120.0,2.0");
        assert_eq!(row.performance_points(), "0.0,30.0");
        assert!(row.trend_text().contains("B: Process 4.0, Performance –"));
    }
}
