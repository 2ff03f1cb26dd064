//! Chart geometry for 0, 1 and many points, and the macros that draw it.

use super::*;

fn d(month: u32, day: u32) -> NaiveDate {
    let year = if month >= 7 { 2026 } else { 2027 };
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

fn series() -> Vec<(NaiveDate, f64)> {
    vec![(d(11, 30), 60.0), (d(1, 31), 80.0), (d(5, 31), 90.0)]
}

/// A percentage that should go up, against [`series`].
fn on_series(measurements: &[(NaiveDate, f64)], today: NaiveDate, size: ChartSize) -> Chart {
    benchmark_chart(
        TargetUnit::Percent,
        true,
        &series(),
        measurements,
        today,
        size,
    )
}

/// A small chart of a benchmark that should go up.
fn rising(
    unit: TargetUnit,
    targets: &[(NaiveDate, f64)],
    measurements: &[(NaiveDate, f64)],
    today: NaiveDate,
) -> Chart {
    benchmark_chart(unit, true, targets, measurements, today, ChartSize::Small)
}

/// The labels at the bottom and the top of the value axis.
fn y_labels(chart: &Chart) -> (&str, &str) {
    (&chart.y_min_label, &chart.y_max_label)
}

/// No targets and no measurements yet, on Oct 1.
fn unmeasured(unit: TargetUnit, size: ChartSize) -> Chart {
    benchmark_chart(unit, true, &[], &[], d(10, 1), size)
}

fn inside(chart: &Chart) {
    for (x, y) in chart
        .dots
        .iter()
        .map(|p| (p.x, p.y))
        .chain(chart.markers.iter().map(|m| (m.x, m.y)))
        .chain(chart.today_x.map(|x| (x, chart.top)))
    {
        assert!(
            x >= chart.left && x <= chart.right,
            "x {x} outside the plot"
        );
        assert!(
            y >= chart.top && y <= chart.bottom,
            "y {y} outside the plot"
        );
    }
}

#[test]
fn no_measurements_shows_the_targets_only() {
    let c = on_series(&[], d(10, 1), ChartSize::Small);
    assert!(c.has_plot);
    assert_eq!((c.markers.len(), c.dots.len()), (3, 0));
    assert!(c.line.is_empty());
    assert!(c.description.starts_with("No measurements yet."));
    assert_eq!(c.rows.len(), 3);
    inside(&c);
}

#[test]
fn one_measurement_is_a_dot_without_a_line() {
    let m = [(d(10, 15), 45.0)];
    let c = on_series(&m, d(10, 20), ChartSize::Large);
    assert_eq!((c.markers.len(), c.dots.len()), (3, 1));
    assert!(c.line.is_empty());
    assert!(
        c.description
            .contains("One measurement: 45% on Oct 15, 2026.")
    );
    inside(&c);
}

#[test]
fn many_measurements_are_joined_by_a_line_in_date_order() {
    let m = [(d(12, 15), 64.0), (d(9, 30), 40.0), (d(11, 15), 58.0)];
    let c = on_series(&m, d(12, 20), ChartSize::Large);
    assert_eq!(c.dots.len(), 3);
    assert_eq!(c.line.split(' ').count(), 3);
    assert!(c.dots.windows(2).all(|w| w[0].x < w[1].x));
    assert!(
        c.description
            .contains("3 measurements from Sep 30, 2026 to Dec 15, 2026")
    );
    // Nov 30 has a target only; Nov 15 a measurement only.
    assert_eq!(c.rows.len(), 6);
    let nov_15 = c.rows.iter().find(|r| r.date == "Nov 15, 2026").unwrap();
    assert_eq!(
        (nov_15.target.as_str(), nov_15.measured.as_str()),
        ("", "58%")
    );
    inside(&c);
}

#[test]
fn percent_runs_from_0_to_100_and_higher_values_sit_higher() {
    let m = [(d(10, 1), 0.0), (d(11, 1), 100.0)];
    let c = rising(TargetUnit::Percent, &[], &m, d(11, 5));
    assert_eq!(y_labels(&c), ("0%", "100%"));
    assert_eq!((c.dots[0].y, c.dots[1].y), (c.bottom, c.top));
    inside(&c);
}

#[test]
fn decreasing_benchmarks_plot_their_values_where_they_are() {
    // Chronic absence going down: later, lower values sit lower on the chart.
    let targets = [(d(11, 30), 20.0), (d(5, 31), 12.0)];
    let m = [(d(9, 30), 24.0), (d(11, 30), 19.0), (d(1, 31), 16.0)];
    let c = benchmark_chart(
        TargetUnit::Percent,
        false,
        &targets,
        &m,
        d(2, 1),
        ChartSize::Large,
    );
    assert!(c.dots.windows(2).all(|w| w[0].y < w[1].y));
    assert!(c.markers[0].y < c.markers[1].y);
    assert!(c.description.ends_with("Lower is better."));
    inside(&c);
}

#[test]
fn counts_start_at_zero_with_a_round_top_and_yes_no_is_labelled() {
    let m = [(d(10, 1), 7.0), (d(11, 1), 43.0)];
    let c = rising(TargetUnit::Count, &[(d(12, 1), 40.0)], &m, d(11, 5));
    assert_eq!(y_labels(&c), ("0", "50"));
    inside(&c);
    let c = rising(
        TargetUnit::YesNo,
        &[(d(12, 1), 1.0)],
        &[(d(10, 1), 0.0)],
        d(11, 5),
    );
    assert_eq!(y_labels(&c), ("no", "yes"));
    assert_eq!(c.dots[0].y, c.bottom);
    assert_eq!(c.markers[0].y, c.top);
}

#[test]
fn today_is_drawn_only_inside_the_dates_shown() {
    let c = on_series(&[], d(12, 1), ChartSize::Small);
    let x = c.today_x.expect("today is between the targets");
    assert!(c.markers[0].x < x && x < c.markers[1].x);
    // Today a little before the first target: the range stretches to show it.
    let c = on_series(&[], d(9, 1), ChartSize::Small);
    assert!(c.today_x.is_some_and(|x| x < c.markers[0].x));
    inside(&c);
    // An old plan seen years later: its own dates, no rule.
    let later = NaiveDate::from_ymd_opt(2031, 3, 1).unwrap();
    let c = on_series(&[], later, ChartSize::Small);
    assert_eq!(c.today_x, None);
    assert_eq!(c.end_label, "Jun 7, 2027");
}

#[test]
fn nothing_to_draw_says_so() {
    let c = unmeasured(TargetUnit::Score, ChartSize::Large);
    assert!(!c.has_plot);
    assert!(c.dots.is_empty() && c.markers.is_empty() && c.rows.is_empty());
    assert_eq!(c.description, "No targets or measurements yet.");
}

#[test]
fn charts_on_one_page_get_their_own_ids() {
    let a = unmeasured(TargetUnit::Score, ChartSize::Small);
    let b = unmeasured(TargetUnit::Score, ChartSize::Small);
    assert_ne!(a.id, b.id);
    assert_eq!(b.with_id("chart-x").titled("Reading").title, "Reading");
}

#[test]
fn the_strip_counts_states_in_words() {
    use TargetState::*;
    let states = [Behind, Met, NotYetMeasured, OnTrack, Met, NoTargets];
    assert_eq!(
        strip_summary(&states),
        "2 met, 1 on track, 1 behind, 1 not yet measured, 1 without a target"
    );
    assert_eq!(strip_summary(&[]), "No benchmarks yet");
}

#[derive(askama::Template)]
#[template(
    source = "{% import \"progress/chart_macros.html\" as c %}{% call c::chart(chart) %}{% endcall %}\
              {% call c::strip(states) %}{% endcall %}",
    ext = "html"
)]
struct Drawn {
    chart: Chart,
    states: Vec<TargetState>,
}

#[test]
fn the_macros_draw_a_small_chart_with_its_hidden_table_and_a_strip() {
    use askama::Template;
    let m = [(d(9, 30), 40.0), (d(10, 31), 52.0)];
    let chart = on_series(&m, d(11, 2), ChartSize::Small).titled("Reading <growth>");
    let states = vec![TargetState::Met, TargetState::Behind];
    let html = Drawn { chart, states }.render().unwrap();
    assert_eq!(html.matches("<circle").count(), 2);
    assert_eq!(html.matches("<polyline").count(), 1);
    assert_eq!(html.matches("class=\"chart-target\"").count(), 3);
    assert!(html.contains("<div class=\"visually-hidden\">") && !html.contains("<details"));
    assert!(html.contains("Reading &#60;growth&#62;") && !html.contains("<growth>"));
    assert!(html.contains("1 met, 1 behind") && html.contains("title=\"Behind\""));
}
