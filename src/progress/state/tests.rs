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

type Points<'a> = &'a [(NaiveDate, f64)];

/// A percentage that should go up, against [`series`].
fn up(measurements: Points, today: NaiveDate) -> Assessment {
    against(&series(), measurements, today)
}

/// One measurement against [`series`]: the state it gives on `today` and the target that decided it.
fn one(on: NaiveDate, value: f64, today: NaiveDate) -> (TargetState, Option<(NaiveDate, f64)>) {
    let a = up(&[(on, value)], today);
    (a.state, a.against)
}

/// A percentage that should go down (chronic absence), against `targets`.
fn down(targets: Points, measurements: Points, today: NaiveDate) -> Assessment {
    assess(TargetUnit::Percent, false, targets, measurements, today)
}

/// A percentage that should go up, against `targets`.
fn against(targets: Points, measurements: Points, today: NaiveDate) -> Assessment {
    assess(TargetUnit::Percent, true, targets, measurements, today)
}

/// A yes/no benchmark.
fn yes_no(targets: Points, measurements: Points, today: NaiveDate) -> Assessment {
    assess(TargetUnit::YesNo, true, targets, measurements, today)
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
    let falling = [(d(11, 30), 12.0)];
    let a = down(&falling, &[(d(9, 30), 20.0), (d(10, 31), 18.0)], d(11, 5));
    assert_eq!(a.state, Behind);
    let a = down(&falling, &[(d(9, 30), 20.0), (d(10, 31), 15.0)], d(11, 5));
    assert_eq!(a.state, OnTrack);
}

#[test]
fn between_targets() {
    let at = |value| one(d(12, 1), value, d(12, 10));
    assert_eq!(at(62.0), (OnTrack, Some((d(11, 30), 60.0))));
    assert_eq!(at(55.0), (Behind, Some((d(11, 30), 60.0))));
    assert_eq!(at(85.0), (Met, Some((d(1, 31), 80.0))));
}

#[test]
fn after_the_final_target() {
    let at = |value| one(d(6, 1), value, d(6, 15));
    assert_eq!(at(91.0), (Met, Some((d(5, 31), 90.0))));
    assert_eq!(at(89.0), (Behind, Some((d(5, 31), 90.0))));
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
    let falling = [(d(11, 30), 20.0)];
    let a = down(&falling, &[(d(11, 1), 20.0)], d(12, 1));
    assert_eq!(a.state, Met);
}

#[test]
fn lower_is_better_counts_going_down() {
    // Chronic absence: 20% by November, 15% by January, unsorted.
    let targets = [(d(1, 31), 15.0), (d(11, 30), 20.0)];
    let at = |value, today| down(&targets, &[(d(12, 1), value)], today).state;
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
    let a = against(&targets, &[(d(2, 1), 82.0)], d(2, 5));
    assert_eq!((a.state, a.against), (OnTrack, Some((d(1, 31), 80.0))));
}

#[test]
fn yes_no_compares_the_answer() {
    let targets = [(d(10, 31), 1.0)];
    let at = |value, today| yes_no(&targets, &[(d(10, 1), value)], today).state;
    assert_eq!(at(1.0, d(11, 5)), Met);
    assert_eq!(at(0.0, d(11, 5)), Behind);
    assert_eq!(at(0.0, d(10, 5)), OnTrack);
    assert_eq!(at(1.0, d(10, 5)), Met);
    // Direction does not matter: "no" is the answer a "no" target asks for.
    let no = [(d(10, 31), 0.0)];
    let a = yes_no(&no, &[(d(10, 1), 0.0)], d(11, 5));
    assert_eq!(a.state, Met);
    let a = yes_no(&no, &[(d(10, 1), 1.0)], d(11, 5));
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
    let a = yes_no(&[], &[(d(10, 1), 1.0)], d(10, 2));
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
