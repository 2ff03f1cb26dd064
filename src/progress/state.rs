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
mod tests;
