//! The district's progress toward exit: each criterion with where the district stands now and
//! how it got there, criterion A from the final outcomes, and the reflections held and to come.

use askama::Template;
use askama_web::WebTemplate;

use super::criteria::{CONTINUUM, Criterion, Stage};
use super::outcomes::{Outcome, final_outcomes};
use super::{Position, Reflection, positions, reflections};
use crate::access::{DistrictScope, Permission};
use crate::calendar::date_label;
use crate::error::Result;
use crate::plans::queries::current_plan_id;
use crate::web::Layout;

/// One criterion B–E: where the district stands now, and each recorded reflection's stage.
pub struct Standing {
    pub criterion: &'static Criterion,
    /// From the latest recorded reflection; none before the first.
    pub now: Option<Position>,
}

/// One recorded reflection in the history table: its date and a stage per criterion B–E.
pub struct HistoryRow {
    pub reflection_id: uuid::Uuid,
    pub held_on: String,
    pub stages: Vec<Option<Stage>>,
}

#[derive(Template, WebTemplate)]
#[template(path = "continuum/overview.html")]
pub struct OverviewPage {
    layout: Layout,
    slug: String,
    district_name: String,
    theory_of_action: &'static str,
    achievement: &'static Criterion,
    outcomes: Vec<Outcome>,
    has_plan: bool,
    standings: Vec<Standing>,
    history: Vec<HistoryRow>,
    upcoming: Vec<Reflection>,
    can_schedule: bool,
}

pub async fn show(mut scope: DistrictScope) -> Result<OverviewPage> {
    scope.require(Permission::ViewPlan)?;
    let district_id = scope.district.id;
    let plan_id = current_plan_id(scope.conn(), district_id).await?;
    let outcomes = match plan_id {
        Some(plan_id) => final_outcomes(scope.conn(), district_id, plan_id).await?,
        None => Vec::new(),
    };
    let all = reflections(scope.conn(), district_id).await?;
    let recorded_positions = positions(scope.conn(), district_id).await?;
    Ok(build(&scope, plan_id.is_some(), outcomes, all, recorded_positions).await)
}

async fn build(
    scope: &DistrictScope,
    has_plan: bool,
    outcomes: Vec<Outcome>,
    all: Vec<Reflection>,
    recorded_positions: Vec<Position>,
) -> OverviewPage {
    let (recorded, upcoming): (Vec<Reflection>, Vec<Reflection>) =
        all.into_iter().partition(|r| r.is_recorded());
    let history = recorded
        .iter()
        .map(|r| HistoryRow {
            reflection_id: r.id,
            held_on: date_label(r.held_on),
            stages: CONTINUUM
                .reflected()
                .map(|c| {
                    recorded_positions
                        .iter()
                        .find(|p| p.reflection_id == r.id && p.criterion == c.letter)
                        .map(|p| p.stage)
                })
                .collect(),
        })
        .collect();
    let latest = recorded.first().map(|r| r.id);
    let standings = CONTINUUM
        .reflected()
        .map(|criterion| Standing {
            criterion,
            now: recorded_positions
                .iter()
                .find(|p| Some(p.reflection_id) == latest && p.criterion == criterion.letter)
                .cloned(),
        })
        .collect();
    let mut upcoming = upcoming;
    upcoming.reverse();
    OverviewPage {
        layout: Layout::new(&scope.user, "Progress toward exit", "home").await,
        slug: scope.district.slug.clone(),
        district_name: scope.district.name.clone(),
        theory_of_action: &CONTINUUM.theory_of_action,
        achievement: CONTINUUM
            .criterion("A")
            .expect("criterion A is in the data"),
        outcomes,
        has_plan,
        standings,
        history,
        upcoming,
        can_schedule: scope.can(Permission::ScheduleDiscussions),
    }
}
