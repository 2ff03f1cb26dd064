//! What the plan itself asks of people: a draft's guidance checks and its submission, and a
//! school month without a Highlight Discussion.

use chrono::{Datelike, Days, Months};
use uuid::Uuid;

use super::Ctx;
use crate::plans::checks;
use crate::plans::model::{PlanStatus, PlanTree};
use crate::work::Kind;
use crate::work::plural;

impl<'a> Ctx<'a> {
    pub(in crate::work) fn plan_checks(&mut self, ids: &[Uuid]) {
        for tree in self.open_drafts(ids) {
            let n = checks::check(tree).len();
            if n > 0 {
                let what = format!(
                    "{n} guidance check{} to fix on the draft plan for {}",
                    plural(n),
                    tree.plan.years_label()
                );
                let path = format!("/plans/{}", tree.plan.id);
                self.push(Kind::PlanChecks, tree.plan.district_id, None, what, path);
            }
        }
    }

    /// For the superintendent, who submits the plan (seed 002 §6): each draft to send to ESE,
    /// saying what is left to fix first.
    pub(in crate::work) fn plans_to_submit(&mut self, ids: &[Uuid]) {
        for tree in self.open_drafts(ids) {
            let n = checks::check(tree).len();
            let years = tree.plan.years_label();
            let what = if n == 0 {
                format!("Submit the draft plan for {years} to ESE: its guidance checks pass")
            } else {
                format!(
                    "Submit the draft plan for {years} to ESE once its {n} guidance check{} {} fixed",
                    plural(n),
                    if n == 1 { "is" } else { "are" }
                )
            };
            let path = format!("/plans/{}", tree.plan.id);
            self.push(Kind::PlanToSubmit, tree.plan.district_id, None, what, path);
        }
    }

    /// The districts' drafts: the current plan when it is one, and any draft beside the plan in
    /// force.
    pub(in crate::work) fn open_drafts(&self, ids: &[Uuid]) -> Vec<&'a PlanTree> {
        self.trees(ids)
            .chain(
                self.s
                    .drafts
                    .iter()
                    .filter(|t| ids.contains(&t.plan.district_id)),
            )
            .filter(|t| t.plan.status == PlanStatus::Draft)
            .collect()
    }

    /// A school month with no Highlight Discussion held or scheduled in it (seed 002 §8: the
    /// district meets monthly). Due a week before the month ends, the last day a discussion can
    /// still be set with a week's notice to ESE. July and August are not school months.
    pub(in crate::work) fn months_without_discussion(&mut self, ids: &[Uuid]) {
        let today = self.s.today;
        if matches!(today.month(), 7 | 8) {
            return;
        }
        let month_start = today.with_day(1).unwrap_or(today);
        let month_end = month_start
            .checked_add_months(Months::new(1))
            .and_then(|d| d.pred_opt())
            .unwrap_or(today);
        let districts: Vec<Uuid> = self
            .trees(ids)
            .filter(|t| t.plan.accepts_progress())
            .map(|t| t.plan.district_id)
            .collect();
        for district in districts {
            let met = self.s.discussions.iter().any(|d| {
                d.district_id == district && d.held_on >= month_start && d.held_on <= month_end
            });
            if met {
                continue;
            }
            let what = format!(
                "No Highlight Discussion in {} yet: schedule one, with a week's notice to ESE",
                month_start.format("%B %Y")
            );
            let due = month_end - Days::new(7);
            self.push(
                Kind::MonthWithoutDiscussion,
                district,
                Some(due),
                what,
                "/discussions/new".into(),
            );
        }
    }
}
