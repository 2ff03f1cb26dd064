//! A plan of the scope's district opened for someone who may read it: where every plan page and
//! every change to a plan starts. Another district's plan, or none, is not found.

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use super::model::{Plan, PlanTree};
use super::queries;
use crate::access::{DistrictScope, Permission};
use crate::error::{AppError, Result};
use crate::state::AppState;

/// A page of one plan as a handler receives it: the district of the address and its plan
/// `{plan}`, for someone who may view the district's plans.
pub struct Viewed {
    pub scope: DistrictScope,
    pub plan: Plan,
}

impl FromRequestParts<AppState> for Viewed {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> std::result::Result<Self, Response> {
        let mut scope = DistrictScope::from_request_parts(parts, state).await?;
        let Path((_, plan_id)) = Path::<(String, Uuid)>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let plan = plan(&mut scope, plan_id)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Self { scope, plan })
    }
}

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
