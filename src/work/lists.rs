//! The work lists of each role, from a [`Snapshot`]. Pure: the same snapshot always gives the same
//! lists, which the home, the digest and the calendar feed share.

use chrono::{Datelike, Days, NaiveDate};
use uuid::Uuid;

use super::load::Snapshot;
use super::{Item, Kind, Section, Urgency, order};
use crate::access::DistrictRole;
use crate::calendar::{QprPeriod, date_label, local_date};
use crate::highlights::model::{MinutesStatus, StepState, steps};
use crate::plans::checks;
use crate::plans::model::{PlanStatus, PlanTree};
use crate::progress::model::{ActivityStatus, is_overdue};
use crate::progress::stale;
use crate::progress::state::{TargetState, assess};
use crate::qpr::model::QprStatus;

/// Activities and measurements show this many days ahead.
const AHEAD_DAYS: u64 = 30;

/// The person's sections: one per role they hold (across all their districts with that role), or
/// the ESE section for ESE staff.
pub fn sections(s: &Snapshot) -> Vec<Section> {
    if s.ese {
        return vec![ese(s)];
    }
    let mut sections = Vec::new();
    for role in DistrictRole::ALL {
        let ids = s.districts_as(role);
        if ids.is_empty() {
            continue;
        }
        let names: Vec<&str> = ids
            .iter()
            .filter_map(|id| s.district(*id).map(|d| d.name.as_str()))
            .collect();
        let mut section = match role {
            DistrictRole::Superintendent => superintendent(s, &ids),
            DistrictRole::PlanManager => plan_manager(s, &ids),
            DistrictRole::PlanMonitor => monitor(s, &ids),
            DistrictRole::DistrictLeader => leader(s, &ids),
        };
        section.title = format!("{} — {}", role.label(), names.join(", "));
        order(&mut section.items);
        sections.push(section);
    }
    sections
}

struct Ctx<'a> {
    s: &'a Snapshot,
    items: Vec<Item>,
}

impl<'a> Ctx<'a> {
    fn new(s: &'a Snapshot) -> Self {
        Self {
            s,
            items: Vec::new(),
        }
    }

    fn slug(&self, district_id: Uuid) -> &str {
        self.s.district(district_id).map_or("", |d| d.slug.as_str())
    }

    fn push(
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

    fn push_as(
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

    fn section(self, facts: Vec<String>) -> Section {
        Section {
            title: String::new(),
            facts,
            items: self.items,
        }
    }

    fn trees(&self, ids: &[Uuid]) -> impl Iterator<Item = &'a PlanTree> + use<'a> {
        let ids = ids.to_vec();
        self.s
            .trees
            .iter()
            .filter(move |t| ids.contains(&t.plan.district_id))
    }

    /// Steps of the districts' minutes that `who` has to do, with their deadlines.
    fn minutes_steps(&mut self, ids: &[Uuid], who: &str, kind_of: impl Fn(&str) -> Option<Kind>) {
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

    fn evidence_to_answer(&mut self, ids: &[Uuid]) {
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

    fn plan_checks(&mut self, ids: &[Uuid]) {
        for tree in self.trees(ids) {
            if tree.plan.status != PlanStatus::Draft {
                continue;
            }
            let n = checks::check(tree).len();
            if n > 0 {
                let what = format!("{n} guidance check{} to fix on the draft plan", plural(n));
                let path = format!("/plans/{}", tree.plan.id);
                self.push(Kind::PlanChecks, tree.plan.district_id, None, what, path);
            }
        }
    }

    /// Activities overdue, and (with `ahead`) those due in the next 30 days; `lead` narrows them
    /// to the initiatives a person leads.
    fn activities(&mut self, ids: &[Uuid], ahead: bool, lead: Option<Uuid>) {
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
    fn benchmarks(&mut self, ids: &[Uuid], measurements: bool, behind: bool, lead: Option<Uuid>) {
        let today = self.s.today;
        let horizon = today + Days::new(AHEAD_DAYS);
        let mut found = Vec::new();
        for tree in self.trees(ids).filter(|t| t.plan.accepts_progress()) {
            let since = measuring_since(tree);
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
                    && let Some(due) = stale::next_measurement_due(&b.frequency, last, since)
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

    fn discussions(&mut self, ids: &[Uuid], from: NaiveDate, to: NaiveDate) {
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

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The day measuring began on a plan: its approval, or its first school day if later.
pub fn measuring_since(tree: &PlanTree) -> NaiveDate {
    stale::measuring_since(
        tree.plan.approved_at.map(local_date),
        tree.plan.first_school_year,
    )
}

fn plan_fact(tree: &PlanTree, name: &str) -> String {
    let checks = match tree.plan.status {
        PlanStatus::Draft | PlanStatus::Submitted => {
            let n = checks::check(tree).len();
            format!(" · {n} plan check{}", plural(n))
        }
        _ => String::new(),
    };
    // Plan titles usually name the district already.
    let of = if tree.plan.title.contains(name) {
        String::new()
    } else {
        format!("{name}: ")
    };
    format!(
        "{of}{} — {}{checks}",
        tree.plan.title,
        tree.plan.status.label()
    )
}

fn superintendent(s: &Snapshot, ids: &[Uuid]) -> Section {
    let mut c = Ctx::new(s);
    let facts = ids
        .iter()
        .map(|id| {
            let name = s.district(*id).map_or("", |d| d.name.as_str());
            s.tree_of(*id)
                .map_or(format!("{name}: no plan yet"), |t| plan_fact(t, name))
        })
        .collect();
    let month_start = s.today.with_day0(0).unwrap_or(s.today);
    let month_end = month_start
        .checked_add_months(chrono::Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(s.today);
    c.discussions(ids, month_start, month_end);
    c.minutes_steps(ids, "Superintendent", |_| Some(Kind::MinutesToReview));
    for q in s
        .qprs
        .iter()
        .filter(|q| ids.contains(&q.district_id) && q.status == QprStatus::FactualReview)
    {
        let what = format!(
            "Suggest factual corrections to the report for {}",
            q.period().label()
        );
        c.push(
            Kind::QprCorrections,
            q.district_id,
            Some(q.period().due_by()),
            what,
            format!("/qprs/{}/process", q.id),
        );
    }
    c.evidence_to_answer(ids);
    c.plan_checks(ids);
    c.benchmarks(ids, false, true, None);
    c.activities(ids, false, None);
    c.section(facts)
}

fn plan_manager(s: &Snapshot, ids: &[Uuid]) -> Section {
    let mut c = Ctx::new(s);
    let mut facts = Vec::new();
    for id in ids {
        let name = s.district(*id).map_or("", |d| d.name.as_str());
        let next = s
            .discussions
            .iter()
            .find(|d| d.district_id == *id && d.held_on >= s.today);
        facts.push(match next {
            Some(d) => {
                let told = match d.ese_notified_at {
                    Some(at) => format!("ESE told on {}", date_label(local_date(at))),
                    None => "ESE not told yet".into(),
                };
                format!("{name}: next discussion {} — {told}", d.when_label())
            }
            None => format!("{name}: no discussion scheduled"),
        });
    }
    c.minutes_steps(ids, "Plan manager", |name| {
        Some(if name.starts_with("Tell ESE") {
            Kind::TellEse
        } else if name.starts_with("Send the draft") {
            Kind::MinutesToDraft
        } else {
            Kind::MinutesToFinalise
        })
    });
    c.evidence_to_answer(ids);
    c.activities(ids, true, None);
    c.benchmarks(ids, true, false, None);
    c.plan_checks(ids);
    c.section(facts)
}

fn monitor(s: &Snapshot, ids: &[Uuid]) -> Section {
    let mut c = Ctx::new(s);
    let today = s.today;
    c.discussions(ids, today, today + Days::new(AHEAD_DAYS));
    c.minutes_steps(ids, "Plan monitor", |_| Some(Kind::MinutesToReview));
    let mut periods = vec![QprPeriod::containing(today)];
    let last = QprPeriod::last_ended(today);
    if last.due_by() >= today {
        periods.insert(0, last);
    }
    let mut facts = Vec::new();
    for id in ids {
        for period in &periods {
            let report = s
                .qprs
                .iter()
                .find(|q| q.district_id == *id && q.period() == *period);
            if report.is_some_and(|q| q.status != QprStatus::Draft) {
                continue;
            }
            let due = period.due_by();
            let days = (due - today).num_days();
            let verb = if report.is_some() { "Finish" } else { "Start" };
            let what = format!(
                "{verb} the report for {} — {days} days left",
                period.label()
            );
            let path = report.map_or("/qprs".into(), |q| format!("/qprs/{}", q.id));
            c.push(Kind::QprsToDraft, *id, Some(due), what, path);
        }
        let open = s
            .requests
            .iter()
            .filter(|r| r.district_id == *id && r.answered_at.is_none())
            .count();
        if open > 0 {
            let name = s.district(*id).map_or("", |d| d.name.as_str());
            facts.push(format!(
                "{name}: {open} evidence request{} open",
                plural(open)
            ));
        }
    }
    for r in s.requests.iter().filter(|r| ids.contains(&r.district_id)) {
        let (kind, due, what) = match r.answered_at {
            None => (
                Kind::EvidenceRequested,
                Some(r.due_on),
                format!("Waiting for: {}", r.description),
            ),
            Some(at) => (
                Kind::EvidenceReceived,
                Some(local_date(at)),
                format!("Received: {}", r.description),
            ),
        };
        let urgency = match kind {
            Kind::EvidenceRequested if r.due_on < today => Urgency::Overdue,
            Kind::EvidenceRequested => Urgency::Due,
            _ => Urgency::Info,
        };
        c.push_as(
            kind,
            r.district_id,
            due,
            urgency,
            what,
            "/evidence-requests".into(),
        );
    }
    c.section(facts)
}

fn leader(s: &Snapshot, ids: &[Uuid]) -> Section {
    let mut c = Ctx::new(s);
    let me = Some(s.user_id);
    let mut led = Vec::new();
    for tree in c.trees(ids) {
        for i in tree.initiatives.iter().filter(|i| i.lead_user_id == me) {
            let what = format!(
                "Initiative {}: {}",
                tree.initiative_number(i),
                i.description
            );
            led.push((
                tree.plan.district_id,
                what,
                format!("/plans/{}#initiative-{}", tree.plan.id, i.id),
            ));
        }
    }
    for (district, what, path) in led {
        c.push_as(
            Kind::InitiativesLed,
            district,
            None,
            Urgency::Info,
            what,
            path,
        );
    }
    c.activities(ids, true, me);
    c.benchmarks(ids, true, true, me);
    c.section(Vec::new())
}

fn ese(s: &Snapshot) -> Section {
    let mut c = Ctx::new(s);
    let today = s.today;
    for p in &s.submitted_plans {
        let on = p.submitted_at.map(local_date);
        let what = format!("Review {} on the rubric", p.title);
        c.push_as(
            Kind::PlansToReview,
            p.district_id,
            on,
            Urgency::Info,
            what,
            format!("/plans/{}", p.id),
        );
    }
    for q in s.qprs.iter().filter(|q| q.status == QprStatus::EseReview) {
        let what = format!("Review the report for {}", q.period().label());
        c.push(
            Kind::QprsInEseReview,
            q.district_id,
            Some(q.period().due_by()),
            what,
            format!("/qprs/{}/process", q.id),
        );
    }
    let mut overdue = Vec::new();
    for d in &s.discussions {
        let reviews = s.reviews_of(d.id);
        for step in steps(d, &reviews, today)
            .into_iter()
            .filter(|st| st.is_overdue())
        {
            let what = format!(
                "{} ({}) — discussion of {}",
                step.name,
                step.who,
                d.when_label()
            );
            overdue.push((
                d.district_id,
                step.due_on,
                what,
                format!("/discussions/{}", d.id),
            ));
        }
    }
    for q in s
        .qprs
        .iter()
        .filter(|q| q.status != QprStatus::Published && q.period().due_by() < today)
    {
        let what = format!(
            "Report for {} not yet published ({})",
            q.period().label(),
            q.status.label()
        );
        overdue.push((
            q.district_id,
            Some(q.period().due_by()),
            what,
            format!("/qprs/{}", q.id),
        ));
    }
    for r in s
        .requests
        .iter()
        .filter(|r| r.answered_at.is_none() && r.due_on < today)
    {
        let what = format!("Evidence request not answered: {}", r.description);
        overdue.push((
            r.district_id,
            Some(r.due_on),
            what,
            "/evidence-requests".into(),
        ));
    }
    for (district, due, what, path) in overdue {
        c.push_as(
            Kind::OverdueAcrossDistricts,
            district,
            due,
            Urgency::Overdue,
            what,
            path,
        );
    }
    let mut section = c.section(vec![format!(
        "{} districts · {} plan{} waiting for review",
        s.districts.len(),
        s.submitted_plans.len(),
        plural(s.submitted_plans.len())
    )]);
    section.title = "ESE staff — all districts".into();
    order(&mut section.items);
    section
}
