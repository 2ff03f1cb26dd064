//! The table of districts: one row per district from the bulk-read facts, and the sorting and
//! filtering a person asks for in the query string. Pure, so the page and the CSV agree.

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::NaiveDate;
use uuid::Uuid;

use super::queries::Data;
use crate::calendar::{QprPeriod, deadlines::is_coverage_gap};
use crate::continuum::Stage;
use crate::continuum::criteria::REFLECTED;
use crate::highlights::model::{Review, steps};
use crate::plans::model::PlanStatus;
use crate::plans::staleness::{is_stale, measuring_began};
use crate::progress::state::{TargetState, assess};

/// The four levels' short names, for column headings and heat-map cells (the full names are in
/// [`crate::qpr::rating`]).
pub const PROCESS_SHORT: [&str; 4] = ["At risk", "Technical", "In place", "Embedded"];
pub const PERFORMANCE_SHORT: [&str; 4] = ["Not reached", "Partly reached", "Reached", "High"];

/// A monitor, for the filter and the monitor cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Monitor {
    pub id: Uuid,
    pub name: String,
}

/// One district's row.
#[derive(Debug, Clone)]
pub struct DistrictRow {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub level: i16,
    pub monitors: Vec<Monitor>,
    pub plan_id: Option<Uuid>,
    pub plan_status: Option<PlanStatus>,
    pub qpr_id: Option<Uuid>,
    pub qpr_period: Option<QprPeriod>,
    /// Initiatives at Process level 1 to 4 in the latest published report.
    pub process: [usize; 4],
    pub performance: [usize; 4],
    pub overdue_steps: usize,
    pub coverage_gaps: usize,
    pub behind: usize,
    pub stale: usize,
    /// Days since the last discussion held; `None` when none has been held.
    pub days_since: Option<i64>,
    /// Where the district stands on exit criteria B–E; `None` before its first reflection.
    pub continuum: [Option<Stage>; 4],
}

impl DistrictRow {
    pub fn href(&self) -> String {
        format!("/districts/{}", self.slug)
    }

    /// The current plan, or where one would be started.
    pub fn plan_href(&self) -> String {
        match self.plan_id {
            Some(id) => format!("/districts/{}/plans/{id}", self.slug),
            None => format!("/districts/{}/plan", self.slug),
        }
    }

    pub fn qpr_href(&self) -> String {
        match self.qpr_id {
            Some(id) => format!("/districts/{}/qprs/{id}", self.slug),
            None => format!("/districts/{}/qprs", self.slug),
        }
    }

    pub fn ratings_href(&self) -> String {
        format!("/districts/{}/ratings", self.slug)
    }

    pub fn discussions_href(&self) -> String {
        format!("/districts/{}/discussions", self.slug)
    }

    pub fn coverage_href(&self) -> String {
        format!("/districts/{}/coverage", self.slug)
    }

    pub fn monitor_names(&self) -> String {
        let names: Vec<&str> = self.monitors.iter().map(|m| m.name.as_str()).collect();
        names.join(", ")
    }

    pub fn status_label(&self) -> &'static str {
        self.plan_status.map_or("No plan", PlanStatus::label)
    }

    pub fn status_class(&self) -> &'static str {
        self.plan_status
            .map_or("status-archived", PlanStatus::css_class)
    }

    pub fn qpr_label(&self) -> String {
        self.qpr_period
            .map_or_else(|| "None published".into(), QprPeriod::label)
    }

    pub fn continuum_href(&self) -> String {
        format!("/districts/{}/continuum", self.slug)
    }

    /// "B Transitional · C Early · D Transitional · E Embedded"; empty before any reflection.
    pub fn continuum_label(&self) -> String {
        if self.continuum.iter().all(Option::is_none) {
            return String::new();
        }
        REFLECTED
            .iter()
            .zip(self.continuum)
            .map(|(letter, stage)| format!("{letter} {}", stage.map_or("–", Stage::short)))
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// For sorting: further along the continuum is more; none recorded is least.
    fn continuum_score(&self) -> usize {
        self.continuum
            .iter()
            .map(|s| s.map_or(0, |s| s.index() + 1))
            .sum()
    }

    pub fn days_label(&self) -> String {
        self.days_since
            .map_or_else(|| "None held".into(), |d| d.to_string())
    }
}

/// Every district's row, in name order.
pub fn rows(data: &Data) -> Vec<DistrictRow> {
    let today = data.today;
    let mut rows: Vec<DistrictRow> = data
        .districts
        .iter()
        .map(|d| DistrictRow {
            id: d.id,
            name: d.name.clone(),
            slug: d.slug.clone(),
            level: d.accountability_level,
            monitors: d
                .monitor_ids
                .iter()
                .zip(&d.monitor_names)
                .map(|(id, name)| Monitor {
                    id: *id,
                    name: name.clone(),
                })
                .collect(),
            plan_id: d.plan_id,
            plan_status: d.plan_status,
            qpr_id: d.qpr_id,
            qpr_period: d.qpr_period_start.map(QprPeriod::containing),
            process: [0; 4],
            performance: [0; 4],
            overdue_steps: 0,
            coverage_gaps: 0,
            behind: 0,
            stale: 0,
            days_since: d.last_held_on.map(|on| (today - on).num_days()),
            continuum: [None; 4],
        })
        .collect();
    let place: HashMap<Uuid, usize> = rows.iter().enumerate().map(|(n, r)| (r.id, n)).collect();
    let row_of = |district: Uuid| place.get(&district).copied();

    for (district_id, letter, stage) in &data.continuum {
        let (Some(n), Some(at)) = (
            row_of(*district_id),
            REFLECTED.iter().position(|l| l == letter),
        ) else {
            continue;
        };
        rows[n].continuum[at] = Some(*stage);
    }

    for rating in &data.ratings {
        let Some(n) = row_of(rating.district_id) else {
            continue;
        };
        if let Some(p) = rating.process_rating {
            rows[n].process[usize::from(p.level() - 1)] += 1;
        }
        if let Some(p) = rating.performance_rating {
            rows[n].performance[usize::from(p.level() - 1)] += 1;
        }
    }

    let mut reviews: HashMap<Uuid, Vec<Review>> = HashMap::new();
    for review in &data.reviews {
        reviews
            .entry(review.discussion_id)
            .or_default()
            .push(review.clone());
    }
    for discussion in &data.discussions {
        let Some(n) = row_of(discussion.district_id) else {
            continue;
        };
        let answers = reviews.get(&discussion.id).map_or(&[][..], Vec::as_slice);
        rows[n].overdue_steps += steps(discussion, answers, today)
            .iter()
            .filter(|s| s.is_overdue())
            .count();
    }

    for item in &data.coverage {
        let Some(n) = row_of(item.district_id) else {
            continue;
        };
        rows[n].coverage_gaps += usize::from(is_coverage_gap(item.last_discussed, today));
    }

    let since: HashMap<Uuid, NaiveDate> = data
        .districts
        .iter()
        .filter_map(|d| {
            let first = d.plan_first_school_year?;
            Some((d.id, measuring_began(d.plan_approved_at, first)))
        })
        .collect();
    for b in &data.benchmarks {
        let Some(n) = row_of(b.district_id) else {
            continue;
        };
        let measured = b.measurements();
        let a = assess(b.unit, b.higher_is_better, &b.targets(), &measured, today);
        rows[n].behind += usize::from(a.state == TargetState::Behind);
        if let Some(&since) = since.get(&b.district_id) {
            rows[n].stale += usize::from(is_stale(&b.frequency, b.latest_on, since, today));
        }
    }
    rows
}

/// A column of the table: what it sorts by and what it is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    District,
    Level,
    Monitor,
    Status,
    Qpr,
    /// Initiatives at this Process level (0-based).
    Process(usize),
    Performance(usize),
    Overdue,
    Gaps,
    Behind,
    Stale,
    Days,
    Continuum,
}

impl Column {
    pub const ALL: [Self; 19] = [
        Self::District,
        Self::Level,
        Self::Monitor,
        Self::Status,
        Self::Qpr,
        Self::Process(0),
        Self::Process(1),
        Self::Process(2),
        Self::Process(3),
        Self::Performance(0),
        Self::Performance(1),
        Self::Performance(2),
        Self::Performance(3),
        Self::Overdue,
        Self::Gaps,
        Self::Behind,
        Self::Stale,
        Self::Days,
        Self::Continuum,
    ];

    pub fn key(self) -> String {
        match self {
            Self::District => "district".into(),
            Self::Level => "level".into(),
            Self::Monitor => "monitor".into(),
            Self::Status => "status".into(),
            Self::Qpr => "qpr".into(),
            Self::Process(n) => format!("process{}", n + 1),
            Self::Performance(n) => format!("performance{}", n + 1),
            Self::Overdue => "overdue".into(),
            Self::Gaps => "gaps".into(),
            Self::Behind => "behind".into(),
            Self::Stale => "stale".into(),
            Self::Days => "days".into(),
            Self::Continuum => "continuum".into(),
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == key)
    }

    /// The plain name, as the CSV's header row has it.
    pub fn name(self) -> String {
        match self {
            Self::District => "District".into(),
            Self::Level => "Accountability level".into(),
            Self::Monitor => "Plan monitors".into(),
            Self::Status => "Plan status".into(),
            Self::Qpr => "Latest published QPR".into(),
            Self::Process(n) => format!("Process {} ({})", n + 1, PROCESS_SHORT[n]),
            Self::Performance(n) => format!("Performance {} ({})", n + 1, PERFORMANCE_SHORT[n]),
            Self::Overdue => "Overdue minutes steps".into(),
            Self::Gaps => "Coverage gaps".into(),
            Self::Behind => "Benchmarks behind".into(),
            Self::Stale => "Stale benchmarks".into(),
            Self::Days => "Days since last discussion".into(),
            Self::Continuum => "Continuum toward exit (B–E)".into(),
        }
    }

    /// The cell as text (the CSV's, and the page's for the plain columns).
    pub fn text(self, row: &DistrictRow) -> String {
        match self {
            Self::District => row.name.clone(),
            Self::Level => row.level.to_string(),
            Self::Monitor => row.monitor_names(),
            Self::Status => row.status_label().into(),
            Self::Qpr => row.qpr_period.map(QprPeriod::label).unwrap_or_default(),
            Self::Process(n) => row.process[n].to_string(),
            Self::Performance(n) => row.performance[n].to_string(),
            Self::Overdue => row.overdue_steps.to_string(),
            Self::Gaps => row.coverage_gaps.to_string(),
            Self::Behind => row.behind.to_string(),
            Self::Stale => row.stale.to_string(),
            Self::Days => row.days_since.map(|d| d.to_string()).unwrap_or_default(),
            Self::Continuum => row.continuum_label(),
        }
    }

    pub(super) fn compare(self, a: &DistrictRow, b: &DistrictRow) -> Ordering {
        let status_rank = |r: &DistrictRow| match r.plan_status {
            Some(PlanStatus::Approved | PlanStatus::Scheduled) => 0,
            Some(PlanStatus::Submitted) => 1,
            Some(PlanStatus::Draft) => 2,
            Some(PlanStatus::Archived) => 3,
            None => 4,
        };
        match self {
            Self::District => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
            Self::Level => a.level.cmp(&b.level),
            Self::Monitor => a
                .monitor_names()
                .to_lowercase()
                .cmp(&b.monitor_names().to_lowercase()),
            Self::Status => status_rank(a).cmp(&status_rank(b)),
            Self::Qpr => a.qpr_period.cmp(&b.qpr_period),
            Self::Process(n) => a.process[n].cmp(&b.process[n]),
            Self::Performance(n) => a.performance[n].cmp(&b.performance[n]),
            Self::Overdue => a.overdue_steps.cmp(&b.overdue_steps),
            Self::Gaps => a.coverage_gaps.cmp(&b.coverage_gaps),
            Self::Behind => a.behind.cmp(&b.behind),
            Self::Stale => a.stale.cmp(&b.stale),
            // Never held is the longest wait of all.
            Self::Days => a
                .days_since
                .unwrap_or(i64::MAX)
                .cmp(&b.days_since.unwrap_or(i64::MAX)),
            Self::Continuum => a.continuum_score().cmp(&b.continuum_score()),
        }
    }
}
