//! Every discussion of a district: upcoming ones soonest first, past ones most recent first.

use askama::Template;
use askama_web::WebTemplate;

use super::{Row, upcoming_and_past};
use crate::access::{DistrictScope, Permission};
use crate::error::Result;
use crate::web::Layout;

#[derive(Template, WebTemplate)]
#[template(path = "highlights/list.html")]
pub struct ListPage {
    layout: Layout,
    slug: String,
    district_name: String,
    upcoming: Vec<Row>,
    past: Vec<Row>,
    can_schedule: bool,
}

pub async fn page(mut scope: DistrictScope) -> Result<ListPage> {
    scope.require(Permission::ViewPlan)?;
    let district_id = scope.district.id;
    let (upcoming, past) = upcoming_and_past(scope.conn(), district_id).await?;
    let page = ListPage {
        layout: Layout::new(&scope.user, "Highlight Discussions", "home").await,
        slug: scope.district.slug.clone(),
        district_name: scope.district.name.clone(),
        upcoming,
        past,
        can_schedule: scope.can(Permission::ScheduleDiscussions),
    };
    scope.commit().await?;
    Ok(page)
}
