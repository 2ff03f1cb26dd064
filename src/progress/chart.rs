//! A benchmark's measurements against its targets as a picture (issue 4 §4). The geometry is
//! computed here and drawn as SVG by `templates/progress/chart_macros.html`, so every piece of
//! text goes through the template's escaping. Each chart carries a text alternative and its data
//! as a table, and every mark has a shape as well as a colour.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{NaiveDate, TimeDelta};

use super::state::TargetState;
use crate::calendar::date_label;
use crate::plans::model::TargetUnit;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartSize {
    /// Beside a benchmark on the plan page.
    Small,
    /// On the benchmark's own page.
    Large,
}

/// The drawing area of a size: (width, height, left, right, top, bottom margins, mark radius).
fn frame(size: ChartSize) -> [f64; 7] {
    match size {
        ChartSize::Small => [240.0, 90.0, 30.0, 8.0, 12.0, 14.0, 2.5],
        ChartSize::Large => [640.0, 260.0, 48.0, 16.0, 22.0, 24.0, 4.0],
    }
}

/// A measured value.
#[derive(Debug, Clone)]
pub struct Dot {
    pub x: f64,
    pub y: f64,
    /// "Nov 28, 2026: 62%"
    pub label: String,
}

/// A target, drawn as an open diamond.
#[derive(Debug, Clone)]
pub struct Marker {
    pub x: f64,
    pub y: f64,
    /// The diamond's corners, for `<polygon points>`.
    pub points: String,
    /// "Target 60% by Nov 30, 2026"
    pub label: String,
}

/// One date of the data table.
#[derive(Debug, Clone, PartialEq)]
pub struct DataRow {
    pub date: String,
    pub target: String,
    pub measured: String,
}

#[derive(Debug, Clone)]
pub struct Chart {
    /// Unique on the page, for `aria-labelledby`.
    pub id: String,
    pub large: bool,
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    pub radius: f64,
    /// False when there are neither targets nor measurements: the chart only says so.
    pub has_plot: bool,
    /// The measured values joined, for `<polyline points>`; empty with fewer than two.
    pub line: String,
    pub dots: Vec<Dot>,
    pub markers: Vec<Marker>,
    /// Where today's rule goes, when today is inside the dates drawn.
    pub today_x: Option<f64>,
    pub y_max_label: String,
    pub y_min_label: String,
    pub start_label: String,
    pub end_label: String,
    pub title: String,
    /// The text alternative: what the picture shows, in words.
    pub description: String,
    pub rows: Vec<DataRow>,
}

impl Chart {
    /// A title naming the benchmark, for pages with several charts.
    pub fn titled(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// A fixed element id instead of the generated one.
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = id.into();
        self
    }
}

/// Ids only need to differ within one page; a counter guarantees that without the caller's help.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

fn tenth(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// The smallest of 1, 2, 2.5, 5 × a power of ten that is at least `value` (> 0).
fn round_up(value: f64) -> f64 {
    let magnitude = 10f64.powf(value.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|v| *v >= value)
        .unwrap_or(10.0 * magnitude)
}

/// The values the y axis spans: percent 0–100, yes/no 0–1, counts and scores from 0 (or a
/// negative minimum) to a round number with some headroom.
fn y_range(unit: TargetUnit, values: impl Iterator<Item = f64>) -> (f64, f64) {
    match unit {
        TargetUnit::Percent => (0.0, 100.0),
        TargetUnit::YesNo => (0.0, 1.0),
        TargetUnit::Count | TargetUnit::Score => {
            let (min, max) = values.fold((0f64, 0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
            let lo = min.floor();
            let headroom = max + (max - lo) * 0.1;
            let hi = if headroom > 0.0 {
                round_up(headroom)
            } else {
                0.0
            };
            (lo, if hi > lo { hi } else { lo + 1.0 })
        }
    }
}

/// The dates the x axis spans: every target and measurement, and today when it is near them
/// (an archived plan seen years later keeps its own span rather than a squashed line), padded so
/// marks at the ends are not cut.
fn x_range(dates: &[NaiveDate], today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let (mut lo, mut hi) = (dates[0], dates[0]);
    for date in dates {
        lo = lo.min(*date);
        hi = hi.max(*date);
    }
    let reach = (hi - lo).num_days().max(60);
    if today < lo && (lo - today).num_days() <= reach {
        lo = today;
    }
    if today > hi && (today - hi).num_days() <= reach {
        hi = today;
    }
    let pad = TimeDelta::days(((hi - lo).num_days() / 25).max(3));
    (lo - pad, hi + pad)
}

pub fn benchmark_chart(
    unit: TargetUnit,
    higher_is_better: bool,
    targets: &[(NaiveDate, f64)],
    measurements: &[(NaiveDate, f64)],
    today: NaiveDate,
    size: ChartSize,
) -> Chart {
    let [
        width,
        height,
        left_margin,
        right_margin,
        top,
        bottom_margin,
        radius,
    ] = frame(size);
    let (left, right, bottom) = (left_margin, width - right_margin, height - bottom_margin);
    let mut targets = targets.to_vec();
    targets.sort_by_key(|(on, _)| *on);
    let mut measured = measurements.to_vec();
    measured.sort_by_key(|(on, _)| *on);
    let mut chart = Chart {
        id: format!("chart-{}", NEXT_ID.fetch_add(1, Ordering::Relaxed)),
        large: size == ChartSize::Large,
        width,
        height,
        left,
        right,
        top,
        bottom,
        radius,
        has_plot: false,
        line: String::new(),
        dots: Vec::new(),
        markers: Vec::new(),
        today_x: None,
        y_max_label: String::new(),
        y_min_label: String::new(),
        start_label: String::new(),
        end_label: String::new(),
        title: "Measurements against targets".into(),
        description: describe(unit, higher_is_better, &targets, &measured),
        rows: rows(unit, &targets, &measured),
    };
    let dates: Vec<NaiveDate> = targets.iter().chain(&measured).map(|(on, _)| *on).collect();
    if dates.is_empty() {
        return chart;
    }
    let (start, end) = x_range(&dates, today);
    let (y_lo, y_hi) = y_range(unit, targets.iter().chain(&measured).map(|(_, v)| *v));
    let span = (end - start).num_days() as f64;
    let x = |on: NaiveDate| tenth(left + (on - start).num_days() as f64 / span * (right - left));
    let y = |value: f64| {
        let share = ((value - y_lo) / (y_hi - y_lo)).clamp(0.0, 1.0);
        tenth(bottom - share * (bottom - top))
    };
    chart.has_plot = true;
    chart.y_max_label = unit.format(y_hi);
    chart.y_min_label = unit.format(y_lo);
    chart.start_label = date_label(start);
    chart.end_label = date_label(end);
    chart.today_x = (start..=end).contains(&today).then(|| x(today));
    chart.markers = targets
        .iter()
        .map(|&(on, value)| {
            let (cx, cy, r) = (x(on), y(value), radius + 1.0);
            Marker {
                x: cx,
                y: cy,
                points: format!(
                    "{cx},{} {},{cy} {cx},{} {},{cy}",
                    tenth(cy - r),
                    tenth(cx + r),
                    tenth(cy + r),
                    tenth(cx - r)
                ),
                label: format!("Target {} by {}", unit.format(value), date_label(on)),
            }
        })
        .collect();
    chart.dots = measured
        .iter()
        .map(|&(on, value)| Dot {
            x: x(on),
            y: y(value),
            label: format!("{}: {}", date_label(on), unit.format(value)),
        })
        .collect();
    if chart.dots.len() >= 2 {
        let points: Vec<String> = chart
            .dots
            .iter()
            .map(|d| format!("{},{}", d.x, d.y))
            .collect();
        chart.line = points.join(" ");
    }
    chart
}

fn describe(
    unit: TargetUnit,
    higher_is_better: bool,
    targets: &[(NaiveDate, f64)],
    measured: &[(NaiveDate, f64)],
) -> String {
    if targets.is_empty() && measured.is_empty() {
        return "No targets or measurements yet.".into();
    }
    let value = |&(on, v): &(NaiveDate, f64)| format!("{} on {}", unit.format(v), date_label(on));
    let mut parts = vec![match measured {
        [] => "No measurements yet.".to_string(),
        [only] => format!("One measurement: {}.", value(only)),
        [first, .., last] => format!(
            "{} measurements from {} to {}; the latest is {}.",
            measured.len(),
            date_label(first.0),
            date_label(last.0),
            value(last)
        ),
    }];
    if targets.is_empty() {
        parts.push("No targets set.".into());
    } else {
        let listed: Vec<String> = targets
            .iter()
            .map(|&(on, v)| format!("{} by {}", unit.format(v), date_label(on)))
            .collect();
        parts.push(format!("Targets: {}.", listed.join("; ")));
    }
    if unit != TargetUnit::YesNo {
        parts.push(
            if higher_is_better {
                "Higher is better."
            } else {
                "Lower is better."
            }
            .into(),
        );
    }
    parts.join(" ")
}

fn rows(
    unit: TargetUnit,
    targets: &[(NaiveDate, f64)],
    measured: &[(NaiveDate, f64)],
) -> Vec<DataRow> {
    let mut by_date: BTreeMap<NaiveDate, (Vec<String>, Vec<String>)> = BTreeMap::new();
    for &(on, value) in targets {
        by_date.entry(on).or_default().0.push(unit.format(value));
    }
    for &(on, value) in measured {
        by_date.entry(on).or_default().1.push(unit.format(value));
    }
    by_date
        .into_iter()
        .map(|(on, (target, measured))| DataRow {
            date: date_label(on),
            target: target.join(", "),
            measured: measured.join(", "),
        })
        .collect()
}

/// The strip's words: "2 met, 1 on track, 1 behind, 1 not yet measured".
pub fn strip_summary<'a>(states: impl IntoIterator<Item = &'a TargetState>) -> String {
    let states: Vec<TargetState> = states.into_iter().copied().collect();
    let parts: Vec<String> = TargetState::ALL
        .into_iter()
        .filter_map(|state| {
            let n = states.iter().filter(|s| **s == state).count();
            let words = match state {
                TargetState::NoTargets => "without a target".to_string(),
                _ => state.label().to_lowercase(),
            };
            (n > 0).then(|| format!("{n} {words}"))
        })
        .collect();
    if parts.is_empty() {
        "No benchmarks yet".into()
    } else {
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests;
