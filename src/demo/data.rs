//! The demo's data files, in `demo/` at the top of the repository: `people.toml` for the state's
//! accounts and one file per district (its people, its monitor, the timing of its Highlight
//! Discussions, its plan and ESE's rubric review of it). They are compiled into the binary, so an
//! installed build seeds the same demo as `cargo run`, and parsed when the demo is seeded.
//!
//! Dates in a plan are a month and day in the plan's first school year ("September 15"):
//! July–December fall in its first calendar year, January–June in the next. In texts, `{year}`
//! stands for that first calendar year and `{next}` for the one after (the spring MCAS year).

use std::fmt;

use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::access::{DistrictRole, EseRole};
use crate::plans::model::{BenchmarkKind, PlanStatus, TargetUnit};
use crate::plans::rubric::{Decision, Rating};

/// The files, in the order they are seeded. A new district is one more file and one more line here.
const PEOPLE: (&str, &str) = ("demo/people.toml", include_str!("../../demo/people.toml"));
const MONITORING: (&str, &str) = (
    "demo/monitoring.toml",
    include_str!("../../demo/monitoring.toml"),
);
const DISTRICTS: [(&str, &str); 3] = [
    (
        "demo/randolph.toml",
        include_str!("../../demo/randolph.toml"),
    ),
    (
        "demo/new-bedford.toml",
        include_str!("../../demo/new-bedford.toml"),
    ),
    (
        "demo/fall-river.toml",
        include_str!("../../demo/fall-river.toml"),
    ),
];

/// Everything the demo seeds from its files.
pub struct Demo {
    pub people: Vec<Person>,
    pub districts: Vec<District>,
    pub monitoring: Monitoring,
}

/// Reads every data file; an error names the file, the line and the column.
pub fn load() -> Result<Demo> {
    let people: PeopleFile = parse(PEOPLE)?;
    let districts = DISTRICTS.into_iter().map(parse).collect::<Result<_>>()?;
    Ok(Demo {
        people: people.people,
        districts,
        monitoring: parse(MONITORING)?,
    })
}

fn parse<T: serde::de::DeserializeOwned>((file, text): (&str, &str)) -> Result<T> {
    // toml's message already says "at line L, column C" and quotes the line.
    toml::from_str(text).map_err(|e| anyhow!("demo data file {file}: {e}"))
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PeopleFile {
    people: Vec<Person>,
}

/// A state-wide account: ESE staff (with their global role) and the Plan Monitors.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub email: String,
    pub name: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ese_role: Option<EseRole>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct District {
    pub name: String,
    pub slug: String,
    pub accountability_level: i16,
    pub enrollment: i32,
    pub profile: String,
    /// The email of its Plan Monitor, one of the people in `people.toml`.
    pub monitor: String,
    pub highlights: Highlights,
    /// Its superintendent, plan manager and district leader, in that order.
    pub people: Vec<Member>,
    pub plan: Plan,
    /// ESE's rubric review, seeded when the plan is approved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
    /// Reflections on the continuum toward exit already recorded (seed 002 §9).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reflections: Vec<Reflection>,
}

/// A reflection the district held, and where it said it stands on each criterion B–E.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reflection {
    pub days_ago: i64,
    pub place: String,
    pub positions: Vec<Position>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Position {
    /// "B" to "E".
    pub criterion: String,
    pub stage: crate::continuum::Stage,
    pub evidence: String,
    pub rationale: String,
}

impl District {
    /// The email of the district's person in `role`, if it has one.
    pub fn email_of(&self, role: DistrictRole) -> Option<&str> {
        self.people
            .iter()
            .find(|m| m.role == role)
            .map(|m| m.email.as_str())
    }
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub role: DistrictRole,
    pub email: String,
    pub name: String,
    pub title: String,
}

/// When the district's latest Highlight Discussion was held and how far its minutes have got.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Highlights {
    pub latest_days_ago: i64,
    /// Days after the discussion the draft minutes went for review.
    pub minutes_sent_days_after: i64,
    pub monitor_answered: bool,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub title: String,
    /// School years after the first one.
    pub more_years: i32,
    pub status: PlanStatus,
    pub submitted_days_ago: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_days_ago: Option<i64>,
    pub key_issues: Vec<String>,
    pub theory_of_action: String,
    pub focus_rationale: String,
    pub final_outcomes: Vec<Benchmark>,
    pub objectives: Vec<Objective>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub title: String,
    pub lead: String,
    pub initiatives: Vec<Initiative>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Initiative {
    pub description: String,
    pub lead: String,
    /// The lead is the district's leader, linked as the initiative's lead user.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub led_by_leader: bool,
    pub key_resources: String,
    pub benchmarks: Vec<Benchmark>,
    pub activities: Vec<Activity>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Benchmark {
    pub kind: BenchmarkKind,
    pub statement: String,
    pub measure: String,
    pub evidence: String,
    pub frequency: String,
    pub unit: TargetUnit,
    /// A final outcome's PPI target group, when it is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ppi_group: Option<crate::plans::model::PpiGroup>,
    /// The students a final outcome concerns.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub population: String,
    pub targets: Vec<Target>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub on: MonthDay,
    /// School years after the plan's first (state results arrive the autumn after).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub years_later: i32,
    pub value: f64,
}

fn is_zero(n: &i32) -> bool {
    *n == 0
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    pub description: String,
    pub lead: String,
    pub starts: MonthDay,
    pub completes: MonthDay,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub resources: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub frequency: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub interim_monitoring: String,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    pub decision: Decision,
    pub summary: String,
    /// One per rubric criterion, in the rubric's order.
    pub criteria: Vec<Criterion>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub criterion: String,
    pub rating: Rating,
    pub comment: String,
}

/// The words of the year's monitoring, the same for every district (`monitoring.toml`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Monitoring {
    pub minutes: MinutesTexts,
    pub reports: ReportTexts,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MinutesTexts {
    pub places: Vec<String>,
    pub measured: String,
    pub not_measured: String,
    pub no_evidence_source: String,
    pub accomplishments: String,
    pub challenges: String,
    pub risks: String,
    pub next_steps: String,
    pub modification: String,
    pub no_modifications: String,
    pub team_next_steps: String,
    pub debrief: String,
    pub monitor_on_final: String,
    pub monitor_on_review: String,
    pub monitor_ahead: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportTexts {
    /// One per report of the year, as `paces`.
    pub summaries: [String; 3],
    pub objective: String,
    pub paces: [String; 3],
    pub initiative: String,
    pub process_evidence: String,
    pub performance_evidence: String,
    /// In the order of the rating scales, lowest first.
    pub process_rationales: [String; 4],
    pub performance_rationales: [String; 4],
    pub review_comment: String,
    pub evidence_request: String,
    /// The Summative Report's (the June–August slot's) narrative of the year, its
    /// recommendations, and who presented it to the School Committee and to the Board.
    pub summative_summary: String,
    pub recommendations: String,
    pub school_committee_presenters: String,
    pub board_presenters: String,
    pub presentation_note: String,
}

/// Fills the words in braces of a text from `monitoring.toml`.
pub fn fill(text: &str, words: &[(&str, &str)]) -> String {
    words.iter().fold(text.to_string(), |text, (word, value)| {
        text.replace(&format!("{{{word}}}"), value)
    })
}

/// A month and day within a school year, written "September 15".
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MonthDay {
    pub month: u32,
    pub day: u32,
}

impl MonthDay {
    /// The date in school year `year` (July–December in `year`, January–June in the next).
    pub fn in_school_year(self, year: i32) -> NaiveDate {
        let calendar_year = if self.month >= 7 { year } else { year + 1 };
        NaiveDate::from_ymd_opt(calendar_year, self.month, self.day)
            .expect("checked when the file was read")
    }
}

impl TryFrom<String> for MonthDay {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        // 2001 has no February 29, so a date accepted here exists in every school year.
        NaiveDate::parse_from_str(&format!("{text} 2001"), "%B %d %Y")
            .map(|d| {
                use chrono::Datelike;
                Self {
                    month: d.month(),
                    day: d.day(),
                }
            })
            .map_err(|_| format!("{text:?} is not a month and day such as \"September 15\""))
    }
}

impl From<MonthDay> for String {
    fn from(md: MonthDay) -> Self {
        md.to_string()
    }
}

impl fmt::Display for MonthDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let date = NaiveDate::from_ymd_opt(2001, self.month, self.day).ok_or(fmt::Error)?;
        write!(f, "{}", date.format("%B %-d"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plans::rubric::{CRITERIA, criterion};

    #[test]
    fn every_data_file_reads() {
        let demo = load().unwrap();
        assert_eq!(demo.districts.len(), DISTRICTS.len());
        for district in &demo.districts {
            assert!(demo.people.iter().any(|p| p.email == district.monitor));
            assert!(district.email_of(DistrictRole::Superintendent).is_some());
        }
    }

    #[test]
    fn each_demo_review_rates_every_criterion_once_and_lets_the_plan_be_approved() {
        for district in load().unwrap().districts {
            let Some(review) = district.review else {
                continue;
            };
            let keys: Vec<&str> = review
                .criteria
                .iter()
                .map(|c| c.criterion.as_str())
                .collect();
            let expected: Vec<&str> = CRITERIA.iter().map(|c| c.key).collect();
            assert_eq!(keys, expected, "{}", district.slug);
            assert!(keys.iter().all(|k| criterion(k).is_some()));
            assert!(!review.decision.returns_plan());
        }
    }

    #[test]
    fn a_mistake_in_a_file_names_the_file_and_the_line() {
        let text = "[[people]]\nemail = \"a@demo.test\"\nname = \"A\"\ntitle = \"T\"\nese_role = \"chief\"\n";
        let error = parse::<PeopleFile>(("demo/people.toml", text))
            .err()
            .unwrap();
        let message = error.to_string();
        assert!(message.contains("demo/people.toml"), "{message}");
        assert!(message.contains("line 5"), "{message}");
        let date = "April 31".to_string();
        assert!(MonthDay::try_from(date).is_err());
        assert_eq!(
            MonthDay::try_from("June 5".to_string())
                .unwrap()
                .to_string(),
            "June 5"
        );
    }
}
