//! The plan as it is stored, and the whole plan loaded at once for its page and its checks.

pub use super::ppi::PpiGroup;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::calendar::{self, Quarter};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[sqlx(type_name = "plan_status", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    Draft,
    Submitted,
    Approved,
    /// Approved before its first school year began: it waits while the plan in force keeps
    /// running, and takes over on July 1 of that year.
    Scheduled,
    Archived,
}

impl PlanStatus {
    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Draft",
            Self::Submitted => "Submitted for review",
            Self::Approved => "Approved",
            Self::Scheduled => "Approved · waiting for its year",
            Self::Archived => "Archived",
        }
    }

    /// The label with the day a waiting plan takes over: "Approved · starts July 1, 2027".
    pub fn label_for(self, first_school_year: i16) -> String {
        match self {
            Self::Scheduled => format!(
                "Approved · starts {}",
                long_date(calendar::school_year_start(first_school_year.into()))
            ),
            _ => self.label().to_string(),
        }
    }

    /// The badge's style; the label carries the meaning, so colour is never the only signal.
    pub fn css_class(self) -> &'static str {
        match self {
            Self::Draft => "status-draft",
            Self::Submitted => "status-submitted",
            Self::Approved | Self::Scheduled => "status-approved",
            Self::Archived => "status-archived",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, sqlx::Type)]
#[sqlx(type_name = "benchmark_kind", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum BenchmarkKind {
    /// Process benchmarks: are the activities happening? (daily/weekly/monthly)
    Activity,
    /// Early evidence of change (monthly/quarterly).
    EarlyEvidence,
    /// Short-term outcomes (monthly/quarterly).
    ShortTermOutcome,
    /// Final outcomes (annual); these belong to the plan, not an initiative.
    FinalOutcome,
}

impl BenchmarkKind {
    pub const ALL: [Self; 4] = [
        Self::Activity,
        Self::EarlyEvidence,
        Self::ShortTermOutcome,
        Self::FinalOutcome,
    ];
    /// The kinds that belong to an initiative.
    pub const OF_INITIATIVE: [Self; 3] =
        [Self::ShortTermOutcome, Self::EarlyEvidence, Self::Activity];

    pub fn label(self) -> &'static str {
        match self {
            Self::Activity => "Activity (process) benchmark",
            Self::EarlyEvidence => "Early evidence of change",
            Self::ShortTermOutcome => "Short-term outcome",
            Self::FinalOutcome => "Final outcome",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Activity => "activity",
            Self::EarlyEvidence => "early_evidence",
            Self::ShortTermOutcome => "short_term_outcome",
            Self::FinalOutcome => "final_outcome",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[sqlx(type_name = "target_unit", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum TargetUnit {
    Percent,
    Count,
    Score,
    YesNo,
}

impl TargetUnit {
    pub const ALL: [Self; 4] = [Self::Percent, Self::Count, Self::Score, Self::YesNo];

    pub fn key(self) -> &'static str {
        match self {
            Self::Percent => "percent",
            Self::Count => "count",
            Self::Score => "score",
            Self::YesNo => "yes_no",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Percent => "Percent",
            Self::Count => "Count",
            Self::Score => "Score",
            Self::YesNo => "Yes / no",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|u| u.key() == key)
    }

    /// A value in this unit as people type it: "60" or "60%", "1,200", "3.5", "yes".
    pub fn parse_value(self, text: &str) -> Result<f64, &'static str> {
        let text = text.trim();
        if self == Self::YesNo {
            return match text.to_lowercase().as_str() {
                "yes" | "y" => Ok(1.0),
                "no" | "n" => Ok(0.0),
                _ => Err("This one is yes or no: write “yes” or “no”."),
            };
        }
        if text.ends_with('%') && self != Self::Percent {
            return Err("This is not a percentage: write the number without “%”.");
        }
        let number = text.strip_suffix('%').unwrap_or(text);
        let number: f64 = (number.trim().replace(',', "").parse().ok())
            .filter(|n: &f64| n.is_finite())
            .ok_or("Write a number, e.g. 60.")?;
        match self {
            Self::Percent if !(0.0..=100.0).contains(&number) => {
                Err("A percentage is between 0 and 100.")
            }
            Self::Count if number < 0.0 || number.fract() != 0.0 => {
                Err("A count is a whole number, 0 or more.")
            }
            _ => Ok(number),
        }
    }

    /// A value written back into a form field: "60", "3.5", "yes".
    pub fn input(self, value: f64) -> String {
        match self {
            Self::YesNo => self.format(value),
            _ if value.fract() == 0.0 => format!("{value:.0}"),
            _ => value.to_string(),
        }
    }

    /// A target value as people write it: "60%", "12", "3.5", "yes".
    pub fn format(self, value: f64) -> String {
        let number = if value.fract() == 0.0 {
            format!("{value:.0}")
        } else {
            format!("{value}")
        };
        match self {
            Self::Percent => format!("{number}%"),
            Self::Count | Self::Score => number,
            Self::YesNo => {
                if value >= 0.5 {
                    "yes".into()
                } else {
                    "no".into()
                }
            }
        }
    }
}

/// "July 1, 2027": the day a waiting plan takes over, as notices and badges say it.
pub fn long_date(date: NaiveDate) -> String {
    date.format("%B %-d, %Y").to_string()
}

/// How far before its first school year and after its last a plan's dates may still fall: the
/// summer's preparation and wrap-up belong to the plan, another year does not.
pub const DATE_SLACK_DAYS: i64 = 31;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Plan {
    pub id: Uuid,
    pub district_id: Uuid,
    pub title: String,
    pub first_school_year: i16,
    pub last_school_year: i16,
    pub status: PlanStatus,
    pub previous_plan_id: Option<Uuid>,
    pub key_issues: String,
    pub theory_of_action: String,
    pub focus_rationale: String,
    pub submitted_at: Option<DateTime<Utc>>,
    pub approved_at: Option<DateTime<Utc>>,
    pub archived_at: Option<DateTime<Utc>>,
    pub version: i32,
}

impl Plan {
    pub fn years_label(&self) -> String {
        calendar::school_years_label(self.first_school_year.into(), self.last_school_year.into())
    }

    /// The status as the plan's pages show it, with the day a waiting plan takes over.
    pub fn status_label(&self) -> String {
        self.status.label_for(self.first_school_year)
    }

    /// The day the plan's first school year begins, when it would take over from the plan in
    /// force on approval.
    pub fn starts_on(&self) -> NaiveDate {
        calendar::school_year_start(self.first_school_year.into())
    }

    /// The first day of the plan's first school year and the last of its last.
    pub fn span(&self) -> (NaiveDate, NaiveDate) {
        (
            calendar::school_year_start(self.first_school_year.into()),
            calendar::school_year_end(self.last_school_year.into()),
        )
    }

    /// The dates the plan's activities, targets and progress may carry: its school years and a
    /// month either side.
    pub fn date_window(&self) -> (NaiveDate, NaiveDate) {
        let (first, last) = self.span();
        let slack = TimeDelta::days(DATE_SLACK_DAYS);
        (first - slack, last + slack)
    }

    /// Why `date` cannot be one of the plan's dates (a typo such as 2019 or 2040 for 2027), or
    /// `None` when it can.
    pub fn date_problem(&self, date: NaiveDate) -> Option<String> {
        let (from, to) = self.date_window();
        let label = calendar::date_label;
        (date < from || date > to).then(|| {
            format!(
                "{} is outside the plan's years ({}): give a date from {} to {}.",
                label(date),
                self.years_label(),
                label(from),
                label(to)
            )
        })
    }

    /// Only a draft can be changed; approved plans change through a new version.
    pub fn is_editable(&self) -> bool {
        self.status == PlanStatus::Draft
    }

    /// Progress (statuses, measurements) is recorded on the plan the district is working from:
    /// an approved plan, or one under review. Drafts may still lose benchmarks; archived plans are
    /// history.
    pub fn accepts_progress(&self) -> bool {
        matches!(self.status, PlanStatus::Approved | PlanStatus::Submitted)
    }

    /// A draft that revises an approved plan: every change needs its reason.
    pub fn is_revision(&self) -> bool {
        self.previous_plan_id.is_some()
    }

    /// The words of Section 1 (key issues, theory of action, the focus and why), which the
    /// guidance caps at 1,000.
    pub fn section_one_words(&self) -> usize {
        [
            &self.key_issues,
            &self.theory_of_action,
            &self.focus_rationale,
        ]
        .iter()
        .map(|text| text.split_whitespace().count())
        .sum()
    }
}

pub const PLAN_COLUMNS: &str = "id, district_id, title, first_school_year, last_school_year, status, previous_plan_id, \
     key_issues, theory_of_action, focus_rationale, submitted_at, approved_at, archived_at, version";

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Objective {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub rank: i32,
    pub title: String,
    pub lead: String,
    pub lead_user_id: Option<Uuid>,
    pub version: i32,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Initiative {
    pub id: Uuid,
    pub objective_id: Uuid,
    pub rank: i32,
    pub description: String,
    pub lead: String,
    pub lead_user_id: Option<Uuid>,
    pub key_resources: String,
    pub version: i32,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Benchmark {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub initiative_id: Option<Uuid>,
    pub kind: BenchmarkKind,
    pub rank: i32,
    pub statement: String,
    pub measure: String,
    pub evidence_source: String,
    pub frequency: String,
    pub unit: TargetUnit,
    /// Success means the value goes up (proficiency) rather than down (chronic absence).
    pub higher_is_better: bool,
    /// For a final outcome: whether it is a PPI target, and for which group.
    #[sqlx(default)]
    pub ppi_group: Option<PpiGroup>,
    /// For a final outcome: the students it concerns ("Grade 3, all elementary schools").
    #[sqlx(default)]
    pub population: String,
    pub version: i32,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Target {
    pub id: Uuid,
    pub benchmark_id: Uuid,
    pub due_on: NaiveDate,
    pub value: f64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Activity {
    pub id: Uuid,
    pub initiative_id: Uuid,
    pub rank: i32,
    pub description: String,
    pub lead: String,
    pub starts_on: Option<NaiveDate>,
    pub completes_on: Option<NaiveDate>,
    pub resources: String,
    pub frequency: String,
    pub interim_monitoring: String,
    pub version: i32,
}

impl Activity {
    /// The template's quarter column, from the start date.
    pub fn quarter(&self) -> Option<Quarter> {
        self.starts_on.map(Quarter::of)
    }
}

/// A whole plan, every part in rank order, as loaded for its page (a fixed number of queries).
#[derive(Debug, Clone)]
pub struct PlanTree {
    pub plan: Plan,
    pub objectives: Vec<Objective>,
    pub initiatives: Vec<Initiative>,
    pub benchmarks: Vec<Benchmark>,
    pub targets: Vec<Target>,
    pub activities: Vec<Activity>,
}

impl PlanTree {
    pub fn initiatives_of(&self, objective_id: Uuid) -> impl Iterator<Item = &Initiative> {
        self.initiatives
            .iter()
            .filter(move |i| i.objective_id == objective_id)
    }

    pub fn benchmarks_of(
        &self,
        initiative_id: Uuid,
        kind: BenchmarkKind,
    ) -> impl Iterator<Item = &Benchmark> {
        self.benchmarks
            .iter()
            .filter(move |b| b.initiative_id == Some(initiative_id) && b.kind == kind)
    }

    pub fn final_outcomes(&self) -> impl Iterator<Item = &Benchmark> {
        self.benchmarks
            .iter()
            .filter(|b| b.kind == BenchmarkKind::FinalOutcome)
    }

    pub fn targets_of(&self, benchmark_id: Uuid) -> impl Iterator<Item = &Target> {
        self.targets
            .iter()
            .filter(move |t| t.benchmark_id == benchmark_id)
    }

    pub fn activities_of(&self, initiative_id: Uuid) -> impl Iterator<Item = &Activity> {
        self.activities
            .iter()
            .filter(move |a| a.initiative_id == initiative_id)
    }

    /// "Objective 2": numbering follows rank order, not the stored rank values.
    pub fn objective_number(&self, objective_id: Uuid) -> usize {
        self.objectives
            .iter()
            .position(|o| o.id == objective_id)
            .map_or(0, |p| p + 1)
    }

    /// "2.3": the objective's number, then the initiative's place under it.
    pub fn initiative_number(&self, initiative: &Initiative) -> String {
        let place = self
            .initiatives_of(initiative.objective_id)
            .position(|i| i.id == initiative.id)
            .map_or(0, |p| p + 1);
        format!("{}.{place}", self.objective_number(initiative.objective_id))
    }
}
