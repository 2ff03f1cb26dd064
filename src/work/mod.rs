//! Each person's work: what is due, overdue or stale in the districts they work in, built once from
//! a [`load::Snapshot`] and shown on their home page, sent in the weekly digest and published in
//! their calendar feed.

pub mod digest;
pub mod feed;
mod lists;
pub mod load;
mod sources;

use chrono::NaiveDate;

use crate::calendar::date_label;

pub use lists::sections;

/// "" or "s", for counts in item texts.
fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// How pressing an item is. Text always says it too; colour is only a second signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Urgency {
    Overdue,
    Stale,
    Due,
    Info,
}

impl Urgency {
    pub fn label(self) -> &'static str {
        match self {
            Self::Overdue => "Overdue",
            Self::Stale => "Stale",
            Self::Due => "Due",
            Self::Info => "",
        }
    }

    pub fn css_class(self) -> &'static str {
        match self {
            Self::Overdue => "work-overdue",
            Self::Stale => "work-stale",
            Self::Due => "work-due",
            Self::Info => "work-info",
        }
    }
}

/// What kind of work an item is; the home counts items by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    PlansToReview,
    QprsInEseReview,
    PlanChecks,
    PlanToSubmit,
    MonthWithoutDiscussion,
    TellEse,
    MinutesToDraft,
    MinutesToFinalise,
    MinutesToReview,
    QprCorrections,
    QprsToDraft,
    EvidenceToAnswer,
    EvidenceRequested,
    EvidenceReceived,
    ActivitiesOverdue,
    ActivitiesDue,
    MeasurementsDue,
    BenchmarksBehind,
    Discussions,
    InitiativesLed,
    OverdueAcrossDistricts,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Self::PlansToReview => "Plans submitted for review",
            Self::QprsInEseReview => "Progress reports in ESE review",
            Self::PlanChecks => "Plan checks to fix",
            Self::PlanToSubmit => "Draft plans to submit to ESE",
            Self::MonthWithoutDiscussion => "Months without a Highlight Discussion",
            Self::TellEse => "Discussions to tell ESE about",
            Self::MinutesToDraft => "Minutes to draft and send",
            Self::MinutesToFinalise => "Minutes to finalise",
            Self::MinutesToReview => "Minutes waiting for your review",
            Self::QprCorrections => "Reports waiting for your factual corrections",
            Self::QprsToDraft => "Progress reports to draft",
            Self::EvidenceToAnswer => "Evidence requests to answer",
            Self::EvidenceRequested => "Evidence requested",
            Self::EvidenceReceived => "Evidence received",
            Self::ActivitiesOverdue => "Activities overdue",
            Self::ActivitiesDue => "Activities due",
            Self::MeasurementsDue => "Measurements due or stale",
            Self::BenchmarksBehind => "Benchmarks behind target",
            Self::Discussions => "Discussions",
            Self::InitiativesLed => "Initiatives you lead",
            Self::OverdueAcrossDistricts => "Overdue across districts",
        }
    }
}

/// One thing to do or know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub kind: Kind,
    /// The date it is due (or happens); undated items come last.
    pub due: Option<NaiveDate>,
    pub urgency: Urgency,
    pub district: String,
    /// "Review the draft minutes of the Nov 20, 2026 discussion".
    pub what: String,
    /// A path in the app.
    pub link: String,
}

impl Item {
    /// "Overdue: was due Nov 20, 2026", "Due Nov 26, 2026", "Stale since …", "Nov 30, 2026".
    pub fn when_label(&self) -> String {
        match (self.urgency, self.due) {
            (Urgency::Overdue, Some(due)) => format!("Overdue: was due {}", date_label(due)),
            (Urgency::Stale, Some(due)) => format!("Stale: was due {}", date_label(due)),
            (Urgency::Due, Some(due)) => format!("Due {}", date_label(due)),
            (_, Some(on)) => date_label(on),
            (_, None) => String::new(),
        }
    }
}

/// One role's work list: a heading, a few facts, counts by kind and the items by due date.
#[derive(Debug, Clone)]
pub struct Section {
    /// "Plan manager — Randolph".
    pub title: String,
    pub facts: Vec<String>,
    pub items: Vec<Item>,
}

impl Section {
    /// (kind label, how many), in the order kinds are declared, only kinds with items.
    pub fn counts(&self) -> Vec<(&'static str, usize)> {
        let mut kinds: Vec<Kind> = self.items.iter().map(|i| i.kind).collect();
        kinds.sort();
        kinds.dedup();
        kinds
            .into_iter()
            .map(|k| (k.label(), self.items.iter().filter(|i| i.kind == k).count()))
            .collect()
    }

    pub fn overdue(&self) -> usize {
        self.items
            .iter()
            .filter(|i| i.urgency == Urgency::Overdue)
            .count()
    }
}

/// Items by due date (undated last), then by urgency and district, so the list reads as a
/// calendar of what to do next.
pub fn order(items: &mut [Item]) {
    items.sort_by(|a, b| {
        (a.due.is_none(), a.due, a.urgency, &a.district, &a.what).cmp(&(
            b.due.is_none(),
            b.due,
            b.urgency,
            &b.district,
            &b.what,
        ))
    });
}
