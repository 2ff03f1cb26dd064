//! Coverage of the plan (seed 002 §8: "over the course of a three-month period, Highlight
//! Discussions should address all aspects of the plan"): from the day each part was last
//! discussed and today, which parts are gaps, and how much of the plan is covered. Pure.

use chrono::NaiveDate;

use crate::calendar::deadlines::{COVERAGE_DAYS, is_coverage_gap};

/// Where one initiative or benchmark stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage {
    /// Discussed within the last 90 days.
    Covered {
        days_ago: i64,
    },
    /// Discussed, but longer ago than 90 days.
    Stale {
        days_ago: i64,
    },
    Never,
}

impl Coverage {
    pub fn of(last: Option<NaiveDate>, today: NaiveDate) -> Self {
        // A discussion dated after today has not happened; callers pass held discussions only,
        // and a clock skew should not make "-1 days ago".
        let days_ago = |on: NaiveDate| (today - on).num_days().max(0);
        match last {
            None => Self::Never,
            Some(on) if is_coverage_gap(Some(on), today) => Self::Stale {
                days_ago: days_ago(on),
            },
            Some(on) => Self::Covered {
                days_ago: days_ago(on),
            },
        }
    }

    pub fn is_gap(self) -> bool {
        !matches!(self, Self::Covered { .. })
    }

    /// The flag in words for a gap, "" when covered (colour is never the only signal).
    pub fn flag(self) -> &'static str {
        match self {
            Self::Covered { .. } => "",
            Self::Stale { .. } => "Not discussed in the last 90 days",
            Self::Never => "Never discussed",
        }
    }

    /// "today", "1 day ago", "34 days ago"; "" when never discussed.
    pub fn ago(self) -> String {
        match self {
            Self::Never => String::new(),
            Self::Covered { days_ago } | Self::Stale { days_ago } => match days_ago {
                0 => "today".into(),
                1 => "1 day ago".into(),
                n => format!("{n} days ago"),
            },
        }
    }

    pub fn css_class(self) -> &'static str {
        match self {
            Self::Covered { .. } => "coverage-ok",
            Self::Stale { .. } => "coverage-stale",
            Self::Never => "coverage-never",
        }
    }
}

/// Gaps first, otherwise in the order given (plan order): what the agenda form suggests.
pub fn gaps_first<T>(items: &mut [T], coverage: impl Fn(&T) -> Coverage) {
    items.sort_by_key(|item| !coverage(item).is_gap());
}

/// How much of the plan was discussed in the last 90 days.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub initiatives: usize,
    pub initiatives_covered: usize,
    pub benchmarks: usize,
    pub benchmarks_covered: usize,
}

impl Summary {
    pub fn of(
        initiatives: impl IntoIterator<Item = Coverage>,
        benchmarks: impl IntoIterator<Item = Coverage>,
    ) -> Self {
        let count = |items: &mut dyn Iterator<Item = Coverage>| {
            items.fold((0, 0), |(all, covered), c| {
                (all + 1, covered + usize::from(!c.is_gap()))
            })
        };
        let (initiatives, initiatives_covered) = count(&mut initiatives.into_iter());
        let (benchmarks, benchmarks_covered) = count(&mut benchmarks.into_iter());
        Self {
            initiatives,
            initiatives_covered,
            benchmarks,
            benchmarks_covered,
        }
    }

    pub fn gaps(&self) -> usize {
        self.initiatives - self.initiatives_covered + self.benchmarks - self.benchmarks_covered
    }

    /// "5 of 9 initiatives and 12 of 30 benchmarks discussed in the last 90 days".
    pub fn sentence(&self) -> String {
        format!(
            "{} of {} and {} of {} discussed in the last {COVERAGE_DAYS} days",
            self.initiatives_covered,
            plural(self.initiatives, "initiative", "initiatives"),
            self.benchmarks_covered,
            plural(self.benchmarks, "benchmark", "benchmarks"),
        )
    }

    /// "3 initiatives and 1 benchmark have not been discussed in the last 90 days", or "" when
    /// everything has.
    pub fn gaps_sentence(&self) -> String {
        let initiatives = self.initiatives - self.initiatives_covered;
        let benchmarks = self.benchmarks - self.benchmarks_covered;
        let parts: Vec<String> = [
            (initiatives, "initiative", "initiatives"),
            (benchmarks, "benchmark", "benchmarks"),
        ]
        .into_iter()
        .filter(|(n, ..)| *n > 0)
        .map(|(n, one, many)| plural(n, one, many))
        .collect();
        match parts.as_slice() {
            [] => String::new(),
            [one] if one.starts_with("1 ") => {
                format!("{one} has not been discussed in the last {COVERAGE_DAYS} days")
            }
            _ => format!(
                "{} have not been discussed in the last {COVERAGE_DAYS} days",
                parts.join(" and ")
            ),
        }
    }
}

/// "1 initiative", "9 initiatives".
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn today() -> NaiveDate {
        d(2026, 11, 24)
    }

    #[test]
    fn ninety_days_is_covered_and_ninety_one_is_a_gap() {
        let covered = Coverage::of(Some(d(2026, 8, 26)), today());
        assert_eq!(covered, Coverage::Covered { days_ago: 90 });
        assert!(!covered.is_gap());
        assert_eq!(covered.flag(), "");
        assert_eq!(covered.ago(), "90 days ago");
        let stale = Coverage::of(Some(d(2026, 8, 25)), today());
        assert_eq!(stale, Coverage::Stale { days_ago: 91 });
        assert!(stale.is_gap());
        assert_eq!(stale.flag(), "Not discussed in the last 90 days");
        let never = Coverage::of(None, today());
        assert!(never.is_gap());
        assert_eq!(never.flag(), "Never discussed");
        assert_eq!(never.ago(), "");
    }

    #[test]
    fn days_ago_reads_naturally_and_never_goes_negative() {
        assert_eq!(Coverage::of(Some(today()), today()).ago(), "today");
        assert_eq!(
            Coverage::of(Some(d(2026, 11, 23)), today()).ago(),
            "1 day ago"
        );
        assert_eq!(Coverage::of(Some(d(2026, 11, 25)), today()).ago(), "today");
        // Across a year end.
        let january = d(2027, 1, 2);
        assert_eq!(
            Coverage::of(Some(d(2026, 12, 30)), january).ago(),
            "3 days ago"
        );
    }

    #[test]
    fn gaps_are_suggested_first_and_plan_order_is_kept_otherwise() {
        let mut items = vec![
            ("1.1", Coverage::Covered { days_ago: 10 }),
            ("1.2", Coverage::Never),
            ("1.3", Coverage::Covered { days_ago: 3 }),
            ("1.4", Coverage::Stale { days_ago: 120 }),
        ];
        gaps_first(&mut items, |(_, c)| *c);
        let order: Vec<&str> = items.iter().map(|(n, _)| *n).collect();
        assert_eq!(order, ["1.2", "1.4", "1.1", "1.3"]);
    }

    #[test]
    fn the_summary_counts_what_was_discussed_in_ninety_days() {
        let last = [Some(d(2026, 10, 25)), Some(d(2026, 8, 1)), None];
        let initiatives = last.map(|on| Coverage::of(on, today()));
        let benchmarks =
            [Some(d(2026, 11, 1)), Some(d(2026, 9, 1))].map(|on| Coverage::of(on, today()));
        let summary = Summary::of(initiatives, benchmarks);
        assert_eq!(
            summary,
            Summary {
                initiatives: 3,
                initiatives_covered: 1,
                benchmarks: 2,
                benchmarks_covered: 2,
            }
        );
        assert_eq!(summary.gaps(), 2);
        assert_eq!(
            summary.sentence(),
            "1 of 3 initiatives and 2 of 2 benchmarks discussed in the last 90 days"
        );
        assert_eq!(
            summary.gaps_sentence(),
            "2 initiatives have not been discussed in the last 90 days"
        );
    }

    #[test]
    fn sentences_use_singulars_and_say_nothing_when_all_is_covered() {
        let one = Summary {
            initiatives: 1,
            initiatives_covered: 0,
            benchmarks: 1,
            benchmarks_covered: 1,
        };
        assert_eq!(
            one.sentence(),
            "0 of 1 initiative and 1 of 1 benchmark discussed in the last 90 days"
        );
        assert_eq!(
            one.gaps_sentence(),
            "1 initiative has not been discussed in the last 90 days"
        );
        let mixed = Summary {
            benchmarks_covered: 0,
            ..one
        };
        assert_eq!(
            mixed.gaps_sentence(),
            "1 initiative and 1 benchmark have not been discussed in the last 90 days"
        );
        let all = Summary {
            initiatives_covered: 1,
            ..one
        };
        assert_eq!(all.gaps_sentence(), "");
        assert_eq!(Summary::default().gaps(), 0);
    }
}
