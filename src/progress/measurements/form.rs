//! The measurement form: its fields as typed, their checks in the benchmark's unit, and the page.

use askama::Template;
use askama_web::WebTemplate;
use chrono::{NaiveDate, TimeDelta};

use super::super::activities::{NOTE_MAX, plan_date};
use super::super::queries::BenchmarkInPlan;
use crate::calendar::date_label;
use crate::evidence::content::{ACCEPT_ATTRIBUTE, ACCEPTED_HINT};
use crate::evidence::new::EvidenceFields;
use crate::evidence::upload::Posted;
use crate::plans::model::{Plan, TargetUnit};
use crate::web::Layout;
use crate::web::forms::{FieldErrors, clean_line};

const POPULATION_MAX: usize = 200;

/// The measurement's own fields as typed (the evidence part is read by `evidence::new`).
#[derive(Debug, Clone, Default)]
pub struct MeasurementFields {
    pub value: String,
    pub measured_on: String,
    pub population: String,
    pub note: String,
}

pub struct ValidMeasurement {
    pub value: f64,
    pub measured_on: NaiveDate,
    pub population: String,
    pub note: String,
}

impl MeasurementFields {
    pub fn dated(today: NaiveDate) -> Self {
        Self {
            measured_on: today.to_string(),
            ..Self::default()
        }
    }

    pub fn from_posted(posted: &Posted) -> Self {
        Self {
            value: posted.get("value").to_string(),
            measured_on: posted.get("measured_on").to_string(),
            population: posted.get("population").to_string(),
            note: posted.get("note").to_string(),
        }
    }

    /// Checks the fields against the benchmark's unit and the plan's years; problems go into
    /// `errors`.
    pub fn validate(
        &self,
        unit: TargetUnit,
        plan: &Plan,
        today: NaiveDate,
        errors: &mut FieldErrors,
    ) -> Option<ValidMeasurement> {
        let value = match self.value.trim() {
            "" => Err("Enter the value that was measured.".to_string()),
            text => unit
                .parse_value(text)
                .map_err(|problem| explain(unit, text, problem)),
        }
        .map_err(|message| errors.add("value", message))
        .ok();
        let measured_on = plan_date(&self.measured_on, today, |date| outside_plan(date, plan))
            .map_err(|message| errors.add("measured_on", message))
            .ok();
        let population = clean_line(&self.population);
        if population.chars().count() > POPULATION_MAX {
            errors.add(
                "population",
                "Keep the population or scope to 200 characters.",
            );
        }
        let note = self.note.trim().to_string();
        if note.chars().count() > NOTE_MAX {
            errors.add("note", "Keep the note to 2,000 characters.");
        }
        Some(ValidMeasurement {
            value: value?,
            measured_on: measured_on?,
            population,
            note,
        })
    }
}

/// How far outside the plan's school years a measurement may still be dated: a baseline taken
/// just before the plan began, a result that arrives just after it ended.
pub const SLACK_DAYS: i64 = 31;

/// A date within the plan's school years, give or take [`SLACK_DAYS`]: anything further out
/// belongs to another plan, or is a typo that would stretch the chart over years.
fn outside_plan(date: NaiveDate, plan: &Plan) -> Option<String> {
    let (start, end) = plan.span();
    let slack = TimeDelta::days(SLACK_DAYS);
    (date < start - slack || date > end + slack).then(|| {
        format!(
            "The date is outside this plan's school years, {} ({} to {}): check the year. \
             A measurement may be dated at most a month before or after them.",
            plan.years_label(),
            date_label(start),
            date_label(end)
        )
    })
}

/// The unit's message, with what the benchmark is measured in when the person clearly had
/// another unit in mind ("yes" for a percentage).
fn explain(unit: TargetUnit, text: &str, problem: &str) -> String {
    let yes_or_no = matches!(text.to_lowercase().as_str(), "yes" | "no" | "y" | "n");
    match unit {
        TargetUnit::Percent if yes_or_no => {
            "This benchmark is measured as a percentage, not yes or no: write a number from 0 to 100, e.g. 62.".into()
        }
        TargetUnit::Count | TargetUnit::Score if yes_or_no => format!(
            "This benchmark is measured as a {}, not yes or no: write a number.",
            unit.label().to_lowercase()
        ),
        _ => problem.to_string(),
    }
}

/// What to type for each unit.
fn unit_hint(unit: TargetUnit, higher_is_better: bool) -> String {
    let direction = if higher_is_better {
        "Higher is better."
    } else {
        "Lower is better."
    };
    match unit {
        TargetUnit::Percent => format!("A percentage from 0 to 100, e.g. 62. {direction}"),
        TargetUnit::Count => format!("A whole number, 0 or more. {direction}"),
        TargetUnit::Score => format!("A number, e.g. 3.5. {direction}"),
        TargetUnit::YesNo => "Whether it happened: yes or no.".into(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "progress/measurement_form.html")]
pub struct FormPage {
    pub layout: Layout,
    pub found: BenchmarkInPlan,
    pub plan_path: String,
    pub benchmark_path: String,
    pub action: String,
    /// "60% by Nov 30, 2026", in date order.
    pub targets: Vec<String>,
    pub yes_no: bool,
    pub unit_hint: String,
    pub fields: MeasurementFields,
    pub evidence: EvidenceFields,
    pub errors: FieldErrors,
    /// A file had been chosen when the form came back with problems: it was not kept.
    pub file_dropped: bool,
    pub accepted_hint: &'static str,
    pub accept: &'static str,
    pub max_mb: usize,
}

impl FormPage {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        layout: Layout,
        slug: &str,
        found: BenchmarkInPlan,
        fields: MeasurementFields,
        evidence: EvidenceFields,
        errors: FieldErrors,
        file_dropped: bool,
        max_bytes: usize,
    ) -> Self {
        let benchmark = &found.benchmark;
        let unit = benchmark.unit;
        Self {
            layout,
            plan_path: format!("/districts/{slug}/plans/{}", found.plan.id),
            benchmark_path: format!("/districts/{slug}/benchmarks/{}", benchmark.id),
            action: format!("/districts/{slug}/benchmarks/{}/measurements", benchmark.id),
            targets: found
                .targets
                .iter()
                .map(|t| format!("{} by {}", unit.format(t.value), date_label(t.due_on)))
                .collect(),
            yes_no: unit == TargetUnit::YesNo,
            unit_hint: unit_hint(unit, benchmark.higher_is_better),
            fields,
            evidence,
            errors,
            file_dropped,
            accepted_hint: ACCEPTED_HINT,
            accept: ACCEPT_ATTRIBUTE,
            max_mb: max_bytes / (1024 * 1024),
            found,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A plan for the school years 2026–27 to 2028–29.
    fn plan() -> Plan {
        super::super::super::activities::approved_plan(2026)
    }

    fn check(unit: TargetUnit, value: &str, on: &str) -> (Option<ValidMeasurement>, FieldErrors) {
        let today = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let fields = MeasurementFields {
            value: value.into(),
            measured_on: on.into(),
            population: " Grade 3,   all elementary schools ".into(),
            note: String::new(),
        };
        let mut errors = FieldErrors::default();
        (fields.validate(unit, &plan(), today, &mut errors), errors)
    }

    #[test]
    fn values_are_read_in_the_benchmarks_unit() {
        let (valid, errors) = check(TargetUnit::Percent, "62%", "2026-11-20");
        let valid = valid.unwrap();
        assert!(errors.is_empty());
        assert_eq!(valid.value, 62.0);
        assert_eq!(valid.population, "Grade 3, all elementary schools");
        assert_eq!(
            check(TargetUnit::YesNo, "Yes", "2026-11-01")
                .0
                .unwrap()
                .value,
            1.0
        );
        let (_, errors) = check(TargetUnit::Percent, "140", "2026-11-20");
        assert!(errors.of("value").contains("between 0 and 100"));
        let (_, errors) = check(TargetUnit::Percent, "yes", "2026-11-20");
        assert!(errors.of("value").contains("percentage, not yes or no"));
        let (_, errors) = check(TargetUnit::Count, "62%", "2026-11-20");
        assert!(errors.of("value").contains("not a percentage"));
        let (_, errors) = check(TargetUnit::Count, "", "2026-11-20");
        assert!(errors.has("value"));
    }

    #[test]
    fn the_date_measured_has_happened_and_is_this_century() {
        let (valid, errors) = check(TargetUnit::Score, "3.5", "2026-11-21");
        assert!(valid.is_none());
        assert!(errors.of("measured_on").contains("future"));
        let (_, errors) = check(TargetUnit::Score, "3.5", "1999-12-31");
        assert!(errors.has("measured_on"));
        let (_, errors) = check(TargetUnit::Score, "3.5", "next week");
        assert!(errors.of("measured_on").contains("YYYY-MM-DD"));
    }

    #[test]
    fn the_date_measured_falls_within_the_plans_years_give_or_take_a_month() {
        let (_, errors) = check(TargetUnit::Score, "3.5", "2015-10-01");
        assert!(
            errors
                .of("measured_on")
                .contains("outside this plan's school years")
        );
        assert!(check(TargetUnit::Score, "3.5", "2026-06-01").0.is_some());
        let (_, errors) = check(TargetUnit::Score, "3.5", "2026-05-30");
        assert!(errors.has("measured_on"));
    }
}
