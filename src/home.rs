//! Where a person lands after signing in: ESE staff on the list of districts, a district role on
//! its district, and someone with roles in several districts on a picker.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use uuid::Uuid;

use crate::access::{DistrictRole, Permission};
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::db::{self, Context};
use crate::error::Result;
use crate::web::Layout;

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
    memberships: Vec<Membership>,
    /// Monitors review other districts' reports in ESE review.
    monitors: bool,
}

async fn home(State(state): State<AppState>, user: CurrentUser) -> Result<Response> {
    if user.can_globally(Permission::ViewAllDistricts) {
        return Ok(Redirect::to("/districts").into_response());
    }
    let memberships = memberships(&state, &user).await?;
    if let [only] = memberships.as_slice() {
        return Ok(Redirect::to(&format!("/districts/{}", only.slug)).into_response());
    }
    Ok(HomePage {
        layout: Layout::new(&user, "Your districts", "home").await,
        monitors: memberships
            .iter()
            .any(|m| m.roles.contains(&DistrictRole::PlanMonitor)),
        memberships,
    }
    .into_response())
}

/// The districts the person holds a role in, read under their own row-level-security context.
pub async fn memberships(state: &AppState, user: &CurrentUser) -> Result<Vec<Membership>> {
    let mut tx = db::begin(
        &state.db,
        Context {
            user_id: Some(user.user.id),
            district_id: None,
            ese: false,
        },
    )
    .await?;
    let rows = sqlx::query_as(
        "SELECT d.id AS district_id, d.name, d.slug, array_agg(r.role ORDER BY r.role) AS roles \
         FROM district_roles r JOIN districts d ON d.id = r.district_id \
         WHERE r.user_id = $1 GROUP BY d.id ORDER BY d.name",
    )
    .bind(user.user.id)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(rows)
}
