//! A plan of the scope's district opened for someone who may read it: where every plan page and
//! every change to a plan starts. Another district's plan, or none, is not found.

use uuid::Uuid;

use super::model::{Plan, PlanTree};
use super::queries;
use crate::access::{DistrictScope, Permission};
use crate::error::{AppError, Result};

/// Plan `plan_id`, for someone who may view the district's plans.
pub async fn plan(scope: &mut DistrictScope, plan_id: Uuid) -> Result<Plan> {
    scope.require(Permission::ViewPlan)?;
    let district_id = scope.district.id;
    let plan = queries::plan(scope.conn(), district_id, plan_id).await?;
    plan.ok_or(AppError::NotFound)
}

/// Plan `plan_id` with every part of it (see [`queries::load_tree`]).
pub async fn tree(scope: &mut DistrictScope, plan_id: Uuid) -> Result<PlanTree> {
    scope.require(Permission::ViewPlan)?;
    let district_id = scope.district.id;
    let tree = queries::load_tree(scope.conn(), district_id, plan_id).await?;
    tree.ok_or(AppError::NotFound)
}
