//! `/districts/{d}/plan`: the plan the district works from, or a way to start one.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::{IntoResponse, Redirect, Response};

use super::queries;
use crate::access::{DistrictScope, Permission};
use crate::error::Result;
use crate::web::Layout;

#[derive(Template, WebTemplate)]
#[template(path = "plans/none.html")]
struct NoPlanPage {
    layout: Layout,
    district_name: String,
    district_slug: String,
    can_create: bool,
    first_year: i32,
}

pub async fn current(mut scope: DistrictScope) -> Result<Response> {
    scope.require(Permission::ViewPlan)?;
    let district_id = scope.district.id;
    if let Some(id) = queries::current_plan_id(scope.conn(), district_id).await? {
        return Ok(
            Redirect::to(&format!("/districts/{}/plans/{id}", scope.district.slug)).into_response(),
        );
    }
    Ok(NoPlanPage {
        layout: Layout::new(&scope.user, "Plan", "plan").await,
        district_name: scope.district.name.clone(),
        district_slug: scope.district.slug.clone(),
        can_create: scope.can(Permission::EditPlan),
        first_year: crate::calendar::school_year_of(crate::calendar::today()),
    }
    .into_response())
}
