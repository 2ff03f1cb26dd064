//! The work lists of each role, from a [`Snapshot`]: each role chooses its sources (`sources`)
//! and adds its own facts. Pure: the same snapshot always gives the same lists, which the home,
//! the digest and the calendar feed share. Sources never look back at the lists.

use chrono::{Datelike, Days};
use uuid::Uuid;

use super::load::Snapshot;
use super::sources::{AHEAD_DAYS, Ctx};
use super::{Kind, Section, Urgency, order, plural};
use crate::access::DistrictRole;
use crate::calendar::{QprPeriod, date_label, local_date};
use crate::highlights::model::steps;
use crate::plans::checks;
use crate::plans::model::PlanTree;
use crate::qpr::model::QprStatus;

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

/// A draft beside the plan in force, for the facts of those who write and submit it.
fn draft_fact(s: &Snapshot, district_id: Uuid, name: &str) -> Option<String> {
    let draft = s
        .drafts
        .iter()
        .find(|t| t.plan.district_id == district_id)?;
    let n = checks::check(draft).len();
    Some(format!(
        "{name}: draft plan for {} — {n} plan check{} to fix; the superintendent submits it to ESE",
        draft.plan.years_label(),
        plural(n)
    ))
}

fn plan_fact(tree: &PlanTree, name: &str) -> String {
    // The guidance applies to every version; only a draft can still be changed to meet it.
    let n = checks::check(tree).len();
    let checks = format!(" · {n} plan check{}", plural(n));
    // Plan titles usually name the district already.
    let of = if tree.plan.title.contains(name) {
        String::new()
    } else {
        format!("{name}: ")
    };
    format!(
        "{of}{} — {}{checks}",
        tree.plan.title,
        tree.plan.status_label()
    )
}

fn superintendent(s: &Snapshot, ids: &[Uuid]) -> Section {
    let mut c = Ctx::new(s);
    let facts = ids
        .iter()
        .flat_map(|id| {
            let name = s.district(*id).map_or("", |d| d.name.as_str());
            let current = s
                .tree_of(*id)
                .map_or(format!("{name}: no plan yet"), |t| plan_fact(t, name));
            std::iter::once(current).chain(draft_fact(s, *id, name))
        })
        .collect();
    let month_start = s.today.with_day0(0).unwrap_or(s.today);
    let month_end = month_start
        .checked_add_months(chrono::Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(s.today);
    c.discussions(ids, month_start, month_end);
    c.minutes_steps(ids, "Superintendent", |_| Some(Kind::MinutesToReview));
    let (status, kind) = (QprStatus::FactualReview, Kind::QprCorrections);
    c.reports_in(
        Some(ids),
        status,
        kind,
        "Suggest factual corrections to the",
    );
    c.evidence_to_answer(ids);
    c.plan_checks(ids);
    c.plans_to_submit(ids);
    c.months_without_discussion(ids);
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
        facts.extend(draft_fact(s, *id, name));
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
    c.months_without_discussion(ids);
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
            let what = format!("{verb} the {} — {days} days left", period.title());
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
    let (status, kind) = (QprStatus::EseReview, Kind::QprsInEseReview);
    c.reports_in(None, status, kind, "Review the");
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
            "{} not yet published ({})",
            q.period().title(),
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
