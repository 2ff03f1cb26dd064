//! The coverage page: for every initiative and benchmark of the district's current plan, the
//! last held discussion that addressed it, with the gaps of the last 90 days flagged. The plan
//! tree and one aggregated statement, whatever the plan's size.

use std::collections::HashSet;

use askama::Template;
use askama_web::WebTemplate;

use super::discussions_path;
use super::outline::{self, Options, Outline};
use crate::access::{DistrictScope, Permission};
use crate::calendar::{self, deadlines::COVERAGE_DAYS};
use crate::error::Result;
use crate::plans::queries;
use crate::web::Layout;

#[derive(Template, WebTemplate)]
#[template(path = "highlights/coverage.html")]
pub struct CoveragePage {
    layout: Layout,
    district_name: String,
    discussions_path: String,
    /// `None` when the district has no plan yet.
    plan: Option<PlanCoverage>,
    days: i64,
}

pub struct PlanCoverage {
    title: String,
    years: String,
    plan_path: String,
    outline: Outline,
}

pub async fn page(mut scope: DistrictScope) -> Result<CoveragePage> {
    scope.require(Permission::ViewPlan)?;
    let district_id = scope.district.id;
    let today = calendar::today();
    let mut plan = None;
    if let Some(plan_id) = queries::current_plan_id(scope.conn(), district_id).await?
        && let Some(tree) = queries::load_tree(scope.conn(), district_id, plan_id).await?
    {
        let last = outline::last_discussed(scope.conn(), district_id, plan_id, today).await?;
        let nothing_ticked = HashSet::new();
        let options = Options {
            today,
            discussions_path: discussions_path(&scope),
            ticked: &nothing_ticked,
            gaps_first: false,
        };
        plan = Some(PlanCoverage {
            title: tree.plan.title.clone(),
            years: tree.plan.years_label(),
            plan_path: format!("/districts/{}/plans/{plan_id}", scope.district.slug),
            outline: outline::outline(&tree, &last, &options),
        });
    }
    Ok(CoveragePage {
        layout: Layout::new(&scope.user, "Coverage of the plan", "districts").await,
        district_name: scope.district.name.clone(),
        discussions_path: discussions_path(&scope),
        plan,
        days: COVERAGE_DAYS,
    })
}
