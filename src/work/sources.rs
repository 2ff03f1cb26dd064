//! Where work items come from: each source (minutes steps, evidence requests, plan checks,
//! activities, benchmarks, discussions) turns part of a [`Snapshot`] into items; the role lists
//! choose which sources each role gets.

use chrono::{Days, NaiveDate};
use uuid::Uuid;

mod plans;

use super::load::Snapshot;
use super::{Item, Kind, Section, Urgency};
use crate::highlights::model::{MinutesStatus, StepState, steps};
use crate::plans::model::PlanTree;
use crate::plans::staleness::{self, measuring_since};
use crate::progress::model::{ActivityStatus, is_overdue};
use crate::progress::state::{TargetState, assess};
use crate::qpr::model::{Qpr, QprStatus};

/// Activities, measurements and a monitor's discussions show this many days ahead.
pub(super) const AHEAD_DAYS: u64 = 30;

pub(super) struct Ctx<'a> {
    s: &'a Snapshot,
    items: Vec<Item>,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(s: &'a Snapshot) -> Self {
        Self {
            s,
            items: Vec::new(),
        }
    }

    pub(super) fn slug(&self, district_id: Uuid) -> &str {
        self.s.district(district_id).map_or("", |d| d.slug.as_str())
    }

    pub(super) fn push(
        &mut self,
        kind: Kind,
        district_id: Uuid,
        due: Option<NaiveDate>,
        what: String,
        path: String,
    ) {
        let today = self.s.today;
        let urgency = match due {
            Some(due) if due < today => Urgency::Overdue,
            Some(_) => Urgency::Due,
            None => Urgency::Info,
        };
        self.push_as(kind, district_id, due, urgency, what, path);
    }

    pub(super) fn push_as(
        &mut self,
        kind: Kind,
        district_id: Uuid,
        due: Option<NaiveDate>,
        urgency: Urgency,
        what: String,
        path: String,
    ) {
        let district = self
            .s
            .district(district_id)
            .map_or(String::new(), |d| d.name.clone());
        let link = format!("/districts/{}{path}", self.slug(district_id));
        self.items.push(Item {
            kind,
            due,
            urgency,
            district,
            what,
            link,
        });
    }

    /// An item for each report in `status` (of the districts `ids`, or of every district), due
    /// when the report is, opening its process page: "{what} September–November 2026".
    pub(super) fn reports_in(
        &mut self,
        ids: Option<&[Uuid]>,
        status: QprStatus,
        kind: Kind,
        what: &str,
    ) {
        let s = self.s;
        let of_ids = |q: &&Qpr| ids.is_none_or(|ids| ids.contains(&q.district_id));
        for q in s.qprs.iter().filter(|q| q.status == status).filter(of_ids) {
            let what = format!("{what} {}", q.period().title());
            let path = format!("/qprs/{}/process", q.id);
            self.push(kind, q.district_id, Some(q.period().due_by()), what, path);
        }
    }

    pub(super) fn section(self, facts: Vec<String>) -> Section {
        Section {
            title: String::new(),
            facts,
            items: self.items,
        }
    }

    pub(super) fn trees(&self, ids: &[Uuid]) -> impl Iterator<Item = &'a PlanTree> + use<'a> {
        let ids = ids.to_vec();
        self.s
            .trees
            .iter()
            .filter(move |t| ids.contains(&t.plan.district_id))
    }

    /// Steps of the districts' minutes that `who` has to do, with their deadlines.
    pub(super) fn minutes_steps(
        &mut self,
        ids: &[Uuid],
        who: &str,
        kind_of: impl Fn(&str) -> Option<Kind>,
    ) {
        let today = self.s.today;
        for d in self
            .s
            .discussions
            .iter()
            .filter(|d| ids.contains(&d.district_id))
        {
            let reviews = self.s.reviews_of(d.id);
            for step in steps(d, &reviews, today) {
                if step.who != who || matches!(step.state, StepState::Done { .. }) {
                    continue;
                }
                let Some(kind) = kind_of(step.name) else {
                    continue;
                };
                let ready = match kind {
                    Kind::TellEse => d.ese_notified_at.is_none() && d.held_on >= today,
                    Kind::MinutesToDraft => {
                        d.is_held(today) && d.minutes_status == MinutesStatus::Draft
                    }
                    Kind::MinutesToFinalise => d.minutes_status == MinutesStatus::InReview,
                    _ => d.minutes_status == MinutesStatus::InReview && step.due_on.is_some(),
                };
                if !ready {
                    continue;
                }
                let what = format!("{} — discussion of {}", step.name, d.when_label());
                let path = match kind {
                    Kind::TellEse => format!("/discussions/{}", d.id),
                    _ => format!("/discussions/{}/minutes", d.id),
                };
                self.push(kind, d.district_id, step.due_on, what, path);
            }
        }
    }

    pub(super) fn evidence_to_answer(&mut self, ids: &[Uuid]) {
        for r in self
            .s
            .requests
            .iter()
            .filter(|r| ids.contains(&r.district_id) && r.answered_at.is_none())
        {
            let what = format!("Answer the monitor's request: {}", r.description);
            self.push(
                Kind::EvidenceToAnswer,
                r.district_id,
                Some(r.due_on),
                what,
                "/evidence-requests".into(),
            );
        }
    }

    /// Activities overdue, and (with `ahead`) those due in the next 30 days; `lead` narrows them
    /// to the initiatives a person leads.
    pub(super) fn activities(&mut self, ids: &[Uuid], ahead: bool, lead: Option<Uuid>) {
        let today = self.s.today;
        let horizon = today + Days::new(AHEAD_DAYS);
        let mut found = Vec::new();
        for tree in self.trees(ids).filter(|t| t.plan.accepts_progress()) {
            for initiative in &tree.initiatives {
                if lead.is_some_and(|l| initiative.lead_user_id != Some(l)) {
                    continue;
                }
                let number = tree.initiative_number(initiative);
                for a in tree
                    .activities
                    .iter()
                    .filter(|a| a.initiative_id == initiative.id)
                {
                    let status = self.s.statuses.get(&a.id).copied();
                    let finished = matches!(
                        status,
                        Some(ActivityStatus::Complete | ActivityStatus::Cancelled)
                    );
                    let kind = if is_overdue(a.completes_on, status, today) {
                        Kind::ActivitiesOverdue
                    } else if ahead && !finished && a.completes_on.is_some_and(|due| due <= horizon)
                    {
                        Kind::ActivitiesDue
                    } else {
                        continue;
                    };
                    let what = format!("Initiative {number}: {}", a.description);
                    found.push((
                        kind,
                        tree.plan.district_id,
                        a.completes_on,
                        what,
                        format!("/activities/{}/status", a.id),
                    ));
                }
            }
        }
        for (kind, district, due, what, path) in found {
            self.push(kind, district, due, what, path);
        }
    }

    /// Benchmarks whose next measurement is due within 30 days or overdue (stale), and those
    /// behind target.
    pub(super) fn benchmarks(
        &mut self,
        ids: &[Uuid],
        measurements: bool,
        behind: bool,
        lead: Option<Uuid>,
    ) {
        let today = self.s.today;
        let horizon = today + Days::new(AHEAD_DAYS);
        let mut found = Vec::new();
        for tree in self.trees(ids) {
            // None for plans that take no progress: nothing is due on them.
            let Some(since) = measuring_since(&tree.plan) else {
                continue;
            };
            for b in &tree.benchmarks {
                let initiative = b
                    .initiative_id
                    .and_then(|id| tree.initiatives.iter().find(|i| i.id == id));
                if lead.is_some() && initiative.is_none_or(|i| i.lead_user_id != lead) {
                    continue;
                }
                let label = match initiative {
                    Some(i) => format!("Initiative {}: {}", tree.initiative_number(i), b.statement),
                    None => format!("Final outcome: {}", b.statement),
                };
                let values = self
                    .s
                    .measurements
                    .get(&b.id)
                    .map(Vec::as_slice)
                    .unwrap_or(&[]);
                let last = values
                    .iter()
                    .map(|(on, _)| *on)
                    .filter(|on| *on <= today)
                    .max();
                let path = format!("/benchmarks/{}", b.id);
                let targets: Vec<(NaiveDate, f64)> = tree
                    .targets
                    .iter()
                    .filter(|t| t.benchmark_id == b.id)
                    .map(|t| (t.due_on, t.value))
                    .collect();
                let a = assess(b.unit, b.higher_is_better, &targets, values, today);
                // A benchmark whose last target is met needs no more measuring.
                let done =
                    a.state == TargetState::Met && targets.iter().all(|(on, _)| *on <= today);
                if measurements
                    && !done
                    && let Some(due) = staleness::next_measurement_due(&b.frequency, last, since)
                    && due <= horizon
                {
                    let urgency = if due < today {
                        Urgency::Stale
                    } else {
                        Urgency::Due
                    };
                    let what = format!("Record a measurement ({}): {label}", b.frequency);
                    found.push((
                        Kind::MeasurementsDue,
                        tree.plan.district_id,
                        Some(due),
                        urgency,
                        what,
                        path.clone(),
                    ));
                }
                if behind && a.state == TargetState::Behind {
                    let against = a.against.map(|(on, _)| on);
                    found.push((
                        Kind::BenchmarksBehind,
                        tree.plan.district_id,
                        against,
                        Urgency::Info,
                        label,
                        path,
                    ));
                }
            }
        }
        for (kind, district, due, urgency, what, path) in found {
            self.push_as(kind, district, due, urgency, what, path);
        }
    }

    pub(super) fn discussions(&mut self, ids: &[Uuid], from: NaiveDate, to: NaiveDate) {
        let mut found = Vec::new();
        for d in self
            .s
            .discussions
            .iter()
            .filter(|d| ids.contains(&d.district_id))
        {
            if d.held_on < from || d.held_on > to {
                continue;
            }
            let place = if d.place.is_empty() {
                String::new()
            } else {
                format!(", {}", d.place)
            };
            let what = format!("Highlight Discussion {}{place}", d.when_label());
            found.push((
                d.district_id,
                d.held_on,
                what,
                format!("/discussions/{}", d.id),
            ));
        }
        for (district, on, what, path) in found {
            self.push_as(
                Kind::Discussions,
                district,
                Some(on),
                Urgency::Info,
                what,
                path,
            );
        }
    }
}
