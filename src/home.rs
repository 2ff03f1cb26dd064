//! Where a person lands after signing in: their work, role by role, across every district they
//! work in (ESE staff: the agency's queue across all districts), and the districts themselves.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use uuid::Uuid;

use crate::access::{DistrictRole, Permission, UserScope};
use crate::calendar;
use crate::error::Result;
use crate::state::AppState;
use crate::web::Layout;
use crate::work::load::{DistrictOf, Snapshot};
use crate::work::{Section, sections};

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(home))
}

/// One of the person's districts and what they are there.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Membership {
    pub district_id: Uuid,
    pub name: String,
    pub slug: String,
    pub roles: Vec<DistrictRole>,
}

impl Membership {
    pub fn role_labels(&self) -> String {
        self.roles
            .iter()
            .map(|r| r.label())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    ese: bool,
    memberships: Vec<Membership>,
    /// Monitors review other districts' reports in ESE review.
    monitors: bool,
    sections: Vec<Section>,
    /// Show the district on each item: the person works in more than one.
    several: bool,
}

async fn home(scope: UserScope) -> Result<Response> {
    let ese = scope.can(Permission::ViewAllDistricts);
    let (user, snapshot) = Snapshot::load(scope, calendar::today()).await?;
    let memberships: Vec<Membership> = if ese {
        Vec::new()
    } else {
        snapshot.districts.iter().map(membership).collect()
    };
    Ok(HomePage {
        layout: Layout::new(&user, "Your work", "home").await,
        ese,
        monitors: memberships
            .iter()
            .any(|m| m.roles.contains(&DistrictRole::PlanMonitor)),
        several: ese || memberships.len() > 1,
        sections: sections(&snapshot),
        memberships,
    }
    .into_response())
}

fn membership(d: &DistrictOf) -> Membership {
    Membership {
        district_id: d.id,
        name: d.name.clone(),
        slug: d.slug.clone(),
        roles: d.roles.clone(),
    }
}
