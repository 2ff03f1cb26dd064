//! Where a benchmark stands against its targets (seed 002 §8: "Are early evidence of change
//! benchmarks being met? Are short-term outcomes being met?").

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::date_label;
use crate::plans::model::TargetUnit;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetState {
    NotYetMeasured,
    NoTargets,
    Behind,
    OnTrack,
    Met,
}

impl TargetState {
    /// The order summaries list states in: good news first, gaps last.
    pub const ALL: [Self; 5] = [
        Self::Met,
        Self::OnTrack,
        Self::Behind,
        Self::NotYetMeasured,
        Self::NoTargets,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Self::NotYetMeasured => "not_yet_measured",
            Self::NoTargets => "no_targets",
            Self::Behind => "behind",
            Self::OnTrack => "on_track",
            Self::Met => "met",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::NotYetMeasured => "Not yet measured",
            Self::NoTargets => "No target set",
            Self::Behind => "Behind",
            Self::OnTrack => "On track",
            Self::Met => "Met",
        }
    }

    /// The badge's style; the symbol and label are always shown with it, so colour is never the
    /// only signal.
    pub fn css_class(self) -> &'static str {
        match self {
            Self::NotYetMeasured => "target-unmeasured",
            Self::NoTargets => "target-none",
            Self::Behind => "target-behind",
            Self::OnTrack => "target-on-track",
            Self::Met => "target-met",
        }
    }

    /// A glyph that tells the states apart in black and white and for people who do not see
    /// the colours.
    pub fn symbol(self) -> &'static str {
        match self {
            Self::NotYetMeasured => "?",
            Self::NoTargets => "–",
            Self::Behind => "!",
            Self::OnTrack => "→",
            Self::Met => "✓",
        }
    }
}

/// A benchmark's state, with the values it was decided on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assessment {
    pub state: TargetState,
    /// The most recent measurement taken on or before today.
    pub latest: Option<(NaiveDate, f64)>,
    /// The target the state was decided on; for a benchmark not yet measured, the target it will
    /// first be held to (the coming one, else the last one due).
    pub against: Option<(NaiveDate, f64)>,
    /// Behind because the value is short of the pace the coming target needs, not because a
    /// target has passed.
    pub behind_pace: bool,
}

/// Whether `value` reaches `target`. Percent, count and score go by the benchmark's direction
/// (chronic absence is met by going down); yes/no goes by the answer itself.
pub fn reaches(unit: TargetUnit, higher_is_better: bool, value: f64, target: f64) -> bool {
    // Values come from people's typing and the database; a hair's difference is still equal.
    const EPSILON: f64 = 1e-9;
    match unit {
        TargetUnit::YesNo => (value >= 0.5) == (target >= 0.5),
        _ if higher_is_better => value >= target - EPSILON,
        _ => value <= target + EPSILON,
    }
}

/// Where a benchmark stands today.
///
/// Seed 003 describes benchmark targets as a dated series of "proof points" ("60 percent by
/// November … January target = 80 percent; May = 90 percent") against which a district checks
/// "if progress is being made, and if mid-course corrections are necessary". So the latest
/// measurement is held to the series like this:
///
/// - Measurements dated after today are ignored (they cannot have been taken yet); `latest` is the
///   most recent of the rest by date. None → **not yet measured**. No targets → **no target set**.
/// - "Reaches" a target: percent, count and score compare by direction (higher is better:
///   value ≥ target; lower is better: value ≤ target); yes/no compares the answer (yes is a value
///   of 0.5 or more) with the target's.
/// - `due` is the latest target due on or before today, `next` the earliest due after today.
/// - Latest reaches `next` → **met**: the district is already where the coming proof point
///   asks it to be.
/// - Otherwise, with a target `due`: latest reaches it → **met** when it was the final target,
///   **on track** when more targets follow; latest falls short of it → **behind** (the proof
///   point has passed without being reached: time for a mid-course correction).
/// - Otherwise (nothing due yet, the first target not yet reached) → **on track**: there is still
///   time to reach it.
/// - Except that "on track" must be on pace: between the last target reached (or, before the first
///   target, the first measurement) and the coming one, the value should be at least on the
///   straight line between them on the day it was measured. A value short of that line is
///   **behind** the pace needed to reach the coming target, so the correction can start before
///   the proof point is missed. One measurement alone sets the starting point and is on track.
///
/// `against` is the target the state was decided on. Targets may come in any order.
pub fn assess(
    unit: TargetUnit,
    higher_is_better: bool,
    targets: &[(NaiveDate, f64)],
    measurements: &[(NaiveDate, f64)],
    today: NaiveDate,
) -> Assessment {
    // max_by_key keeps the last of equal dates: callers list measurements in the order recorded.
    let latest = measurements
        .iter()
        .filter(|(on, _)| *on <= today)
        .max_by_key(|(on, _)| *on)
        .copied();
    let due = targets
        .iter()
        .filter(|(on, _)| *on <= today)
        .max_by_key(|(on, _)| *on)
        .copied();
    let next = targets
        .iter()
        .filter(|(on, _)| *on > today)
        .min_by_key(|(on, _)| *on)
        .copied();
    let decided = |state, against| Assessment {
        state,
        latest,
        against,
        behind_pace: false,
    };
    let Some((_, value)) = latest else {
        let state = if targets.is_empty() {
            TargetState::NoTargets
        } else {
            TargetState::NotYetMeasured
        };
        return decided(state, next.or(due));
    };
    if targets.is_empty() {
        return decided(TargetState::NoTargets, None);
    }
    let reached = |target: (NaiveDate, f64)| reaches(unit, higher_is_better, value, target.1);
    let first_measured = measurements
        .iter()
        .filter(|(on, _)| *on <= today)
        .min_by_key(|(on, _)| *on)
        .copied();
    let on_pace = |from: Option<(NaiveDate, f64)>, to: (NaiveDate, f64)| {
        let (Some(from), Some((measured_on, _))) = (from, latest) else {
            return true;
        };
        if unit == TargetUnit::YesNo || measured_on <= from.0 || to.0 <= from.0 {
            return true;
        }
        let along = (measured_on - from.0).num_days() as f64 / (to.0 - from.0).num_days() as f64;
        let expected = from.1 + (to.1 - from.1) * along.min(1.0);
        reaches(unit, higher_is_better, value, expected)
    };
    let behind_pace = |against| Assessment {
        behind_pace: true,
        ..decided(TargetState::Behind, Some(against))
    };
    match (due, next) {
        (_, Some(next)) if reached(next) => decided(TargetState::Met, Some(next)),
        (Some(due), None) if reached(due) => decided(TargetState::Met, Some(due)),
        (Some(due), Some(next)) if reached(due) && !on_pace(Some(due), next) => behind_pace(next),
        (Some(due), Some(_)) if reached(due) => decided(TargetState::OnTrack, Some(due)),
        (Some(due), _) => decided(TargetState::Behind, Some(due)),
        (None, Some(next)) if !on_pace(first_measured, next) => behind_pace(next),
        (None, next) => decided(TargetState::OnTrack, next),
    }
}

/// The assessment in a sentence, for the page and for screen readers: "Latest 62% on Nov 28,
/// 2026 against a target of 60% by Nov 30, 2026: met."
pub fn describe(assessment: &Assessment, unit: TargetUnit) -> String {
    let target = assessment
        .against
        .map(|(on, value)| format!("a target of {} by {}", unit.format(value), date_label(on)));
    let latest = assessment
        .latest
        .map(|(on, value)| format!("Latest {} on {}", unit.format(value), date_label(on)));
    match (assessment.state, latest, target) {
        (TargetState::NoTargets, Some(latest), _) => format!("{latest}; no target set."),
        (TargetState::NoTargets, None, _) => "Not yet measured; no target set.".into(),
        (TargetState::NotYetMeasured, _, Some(target)) => {
            format!("Not yet measured against {target}.")
        }
        (TargetState::NotYetMeasured, _, None) => "Not yet measured.".into(),
        (TargetState::Behind, Some(latest), Some(target)) if assessment.behind_pace => {
            format!("{latest}: behind the pace needed to reach {target}.")
        }
        (state, Some(latest), Some(target)) => {
            format!(
                "{latest} against {target}: {}.",
                state.label().to_lowercase()
            )
        }
        (state, Some(latest), None) => format!("{latest}: {}.", state.label().to_lowercase()),
        (state, None, _) => format!("{}.", state.label()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TargetState::*;

    fn d(month: u32, day: u32) -> NaiveDate {
        let year = if month >= 7 { 2026 } else { 2027 };
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    /// Seed 003's series: 60% by November, 80% by January, 90% by May.
    fn series() -> Vec<(NaiveDate, f64)> {
        vec![(d(11, 30), 60.0), (d(1, 31), 80.0), (d(5, 31), 90.0)]
    }

    fn up(measurements: &[(NaiveDate, f64)], today: NaiveDate) -> Assessment {
        assess(TargetUnit::Percent, true, &series(), measurements, today)
    }

    #[test]
    fn nothing_measured_or_nothing_to_measure_against() {
        let a = up(&[], d(12, 15));
        assert_eq!(a.state, NotYetMeasured);
        assert_eq!(a.latest, None);
        assert_eq!(a.against, Some((d(1, 31), 80.0)));
        let a = assess(TargetUnit::Count, true, &[], &[(d(10, 1), 4.0)], d(12, 1));
        assert_eq!(
            (a.state, a.latest, a.against),
            (NoTargets, Some((d(10, 1), 4.0)), None)
        );
        assert_eq!(
            assess(TargetUnit::Count, true, &[], &[], d(12, 1)).state,
            NoTargets
        );
    }

    #[test]
    fn before_the_first_target_is_due() {
        // Short of the coming target with time left: on track towards it.
        let a = up(&[(d(10, 15), 45.0)], d(10, 20));
        assert_eq!((a.state, a.against), (OnTrack, Some((d(11, 30), 60.0))));
        // Already at the coming target: met.
        let a = up(&[(d(10, 15), 61.0)], d(10, 20));
        assert_eq!((a.state, a.against), (Met, Some((d(11, 30), 60.0))));
    }

    #[test]
    fn short_of_the_pace_to_the_coming_target_is_behind() {
        // From 30% on Sep 30 towards 60% by Nov 30, the line passes 45% at the end of October.
        let a = up(&[(d(9, 30), 30.0), (d(10, 31), 40.0)], d(11, 5));
        assert_eq!((a.state, a.against), (Behind, Some((d(11, 30), 60.0))));
        assert!(a.behind_pace);
        assert!(describe(&a, TargetUnit::Percent).contains("behind the pace needed to reach"));
        let a = up(&[(d(9, 30), 30.0), (d(10, 31), 46.0)], d(11, 5));
        assert_eq!(a.state, OnTrack);
        // After reaching November's 60%, January's 80% needs about 70% by the end of December.
        let a = up(&[(d(11, 28), 61.0), (d(12, 31), 64.0)], d(1, 5));
        assert_eq!((a.state, a.against), (Behind, Some((d(1, 31), 80.0))));
        let a = up(&[(d(11, 28), 61.0), (d(12, 31), 71.0)], d(1, 5));
        assert_eq!(a.state, OnTrack);
        // Going down: from 20% absent towards 12% by November, 18% at the end of October lags.
        let down = [(d(11, 30), 12.0)];
        let a = assess(
            TargetUnit::Percent,
            false,
            &down,
            &[(d(9, 30), 20.0), (d(10, 31), 18.0)],
            d(11, 5),
        );
        assert_eq!(a.state, Behind);
        let a = assess(
            TargetUnit::Percent,
            false,
            &down,
            &[(d(9, 30), 20.0), (d(10, 31), 15.0)],
            d(11, 5),
        );
        assert_eq!(a.state, OnTrack);
    }

    #[test]
    fn between_targets() {
        let today = d(12, 10);
        let a = up(&[(d(12, 1), 62.0)], today);
        assert_eq!((a.state, a.against), (OnTrack, Some((d(11, 30), 60.0))));
        let a = up(&[(d(12, 1), 55.0)], today);
        assert_eq!((a.state, a.against), (Behind, Some((d(11, 30), 60.0))));
        let a = up(&[(d(12, 1), 85.0)], today);
        assert_eq!((a.state, a.against), (Met, Some((d(1, 31), 80.0))));
    }

    #[test]
    fn after_the_final_target() {
        let today = d(6, 15);
        let a = up(&[(d(6, 1), 91.0)], today);
        assert_eq!((a.state, a.against), (Met, Some((d(5, 31), 90.0))));
        let a = up(&[(d(6, 1), 89.0)], today);
        assert_eq!((a.state, a.against), (Behind, Some((d(5, 31), 90.0))));
    }

    #[test]
    fn the_latest_measurement_decides_and_future_ones_are_ignored() {
        let measurements = [(d(12, 1), 62.0), (d(9, 30), 20.0), (d(12, 20), 99.0)];
        let a = up(&measurements, d(12, 10));
        assert_eq!(a.latest, Some((d(12, 1), 62.0)));
        assert_eq!(a.state, OnTrack);
        let a = up(&[(d(12, 20), 99.0)], d(12, 10));
        assert_eq!(a.state, NotYetMeasured);
    }

    #[test]
    fn equal_values_reach_and_today_on_a_target_date_makes_it_due() {
        // Today is the November target's date: it is due, and exactly 60% reaches it.
        let a = up(&[(d(11, 30), 60.0)], d(11, 30));
        assert_eq!((a.state, a.against), (OnTrack, Some((d(11, 30), 60.0))));
        let a = up(&[(d(11, 30), 59.9)], d(11, 30));
        assert_eq!(a.state, Behind);
        let down = [(d(11, 30), 20.0)];
        let a = assess(
            TargetUnit::Percent,
            false,
            &down,
            &[(d(11, 1), 20.0)],
            d(12, 1),
        );
        assert_eq!(a.state, Met);
    }

    #[test]
    fn lower_is_better_counts_going_down() {
        // Chronic absence: 20% by November, 15% by January, unsorted.
        let targets = [(d(1, 31), 15.0), (d(11, 30), 20.0)];
        let at = |value, today| {
            assess(
                TargetUnit::Percent,
                false,
                &targets,
                &[(d(12, 1), value)],
                today,
            )
            .state
        };
        assert_eq!(at(18.0, d(12, 10)), OnTrack);
        assert_eq!(at(22.0, d(12, 10)), Behind);
        assert_eq!(at(14.0, d(12, 10)), Met);
        assert_eq!(at(16.0, d(2, 10)), Behind);
        assert_eq!(at(15.0, d(2, 10)), Met);
        let a = assess(
            TargetUnit::Count,
            false,
            &targets,
            &[(d(10, 1), 30.0)],
            d(10, 5),
        );
        assert_eq!((a.state, a.against), (OnTrack, Some((d(11, 30), 20.0))));
    }

    #[test]
    fn unsorted_targets_give_the_same_answer() {
        let mut targets = series();
        targets.reverse();
        let a = assess(
            TargetUnit::Percent,
            true,
            &targets,
            &[(d(2, 1), 82.0)],
            d(2, 5),
        );
        assert_eq!((a.state, a.against), (OnTrack, Some((d(1, 31), 80.0))));
    }

    #[test]
    fn yes_no_compares_the_answer() {
        let targets = [(d(10, 31), 1.0)];
        let at = |value, today| {
            assess(
                TargetUnit::YesNo,
                true,
                &targets,
                &[(d(10, 1), value)],
                today,
            )
            .state
        };
        assert_eq!(at(1.0, d(11, 5)), Met);
        assert_eq!(at(0.0, d(11, 5)), Behind);
        assert_eq!(at(0.0, d(10, 5)), OnTrack);
        assert_eq!(at(1.0, d(10, 5)), Met);
        // Direction does not matter: "no" is the answer a "no" target asks for.
        let no = [(d(10, 31), 0.0)];
        let a = assess(TargetUnit::YesNo, true, &no, &[(d(10, 1), 0.0)], d(11, 5));
        assert_eq!(a.state, Met);
        let a = assess(TargetUnit::YesNo, true, &no, &[(d(10, 1), 1.0)], d(11, 5));
        assert_eq!(a.state, Behind);
    }

    #[test]
    fn sentences_say_what_was_compared() {
        let a = up(&[(d(11, 28), 62.0)], d(11, 29));
        assert_eq!(
            describe(&a, TargetUnit::Percent),
            "Latest 62% on Nov 28, 2026 against a target of 60% by Nov 30, 2026: met."
        );
        let a = up(&[(d(12, 1), 55.0)], d(12, 10));
        assert_eq!(
            describe(&a, TargetUnit::Percent),
            "Latest 55% on Dec 1, 2026 against a target of 60% by Nov 30, 2026: behind."
        );
        let a = up(&[], d(10, 1));
        assert_eq!(
            describe(&a, TargetUnit::Percent),
            "Not yet measured against a target of 60% by Nov 30, 2026."
        );
        let a = assess(TargetUnit::YesNo, true, &[], &[(d(10, 1), 1.0)], d(10, 2));
        assert_eq!(
            describe(&a, TargetUnit::YesNo),
            "Latest yes on Oct 1, 2026; no target set."
        );
    }

    #[test]
    fn every_state_has_its_own_symbol_and_class() {
        for (i, a) in TargetState::ALL.iter().enumerate() {
            for b in &TargetState::ALL[i + 1..] {
                assert_ne!(a.symbol(), b.symbol());
                assert_ne!(a.css_class(), b.css_class());
                assert_ne!(a.label(), b.label());
            }
        }
    }
}
