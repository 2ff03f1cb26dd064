//! The items of a plan as its routes name them. Every route under a plan's address that names an
//! item finds it in that plan first, here, so an id from another plan of the district (next year's
//! draft beside the approved plan) is "not found" rather than changed through the wrong plan.

use axum::routing::MethodRouter;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::state::AppState;

/// What the `{id}` of an item route names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Objective,
    Initiative,
    Activity,
    Benchmark,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::Objective,
        Kind::Initiative,
        Kind::Activity,
        Kind::Benchmark,
    ];
}

/// A route under `/districts/{district}/plans/{plan}` whose `{id}` names an item of the plan
/// (the item itself, or the parent a new item goes under). The router is built from these, and
/// the scoping test walks the same list, so a new item route cannot be left out of either.
pub struct ItemRoute {
    /// Under the plan's address, e.g. "/objectives/{id}/move".
    pub path: String,
    pub names: Kind,
    pub(crate) handlers: MethodRouter<AppState>,
}

pub(crate) fn route(
    path: impl Into<String>,
    names: Kind,
    handlers: MethodRouter<AppState>,
) -> ItemRoute {
    ItemRoute {
        path: path.into(),
        names,
        handlers,
    }
}

/// Finds item `id` in plan `plan_id` of the district. `None` when it is not in that plan;
/// otherwise the initiative it belongs to (itself for an initiative; none for an objective or a
/// final outcome), whose linked lead may also change it.
pub async fn locate(
    conn: &mut PgConnection,
    district_id: Uuid,
    plan_id: Uuid,
    kind: Kind,
    id: Uuid,
) -> sqlx::Result<Option<Option<Uuid>>> {
    let sql = match kind {
        Kind::Objective => {
            "SELECT NULL::uuid FROM objectives WHERE district_id = $1 AND plan_id = $2 AND id = $3"
        }
        Kind::Initiative => {
            "SELECT i.id FROM initiatives i \
             JOIN objectives o ON o.district_id = i.district_id AND o.id = i.objective_id \
             WHERE i.district_id = $1 AND o.plan_id = $2 AND i.id = $3"
        }
        Kind::Activity => {
            "SELECT a.initiative_id FROM activities a \
             JOIN initiatives i ON i.district_id = a.district_id AND i.id = a.initiative_id \
             JOIN objectives o ON o.district_id = i.district_id AND o.id = i.objective_id \
             WHERE a.district_id = $1 AND o.plan_id = $2 AND a.id = $3"
        }
        // A benchmark names its plan and its initiative: both must be this plan.
        Kind::Benchmark => {
            "SELECT b.initiative_id FROM benchmarks b \
             WHERE b.district_id = $1 AND b.plan_id = $2 AND b.id = $3 \
             AND (b.initiative_id IS NULL OR EXISTS ( \
                 SELECT 1 FROM initiatives i \
                 JOIN objectives o ON o.district_id = i.district_id AND o.id = i.objective_id \
                 WHERE i.district_id = b.district_id AND i.id = b.initiative_id AND o.plan_id = b.plan_id))"
        }
    };
    sqlx::query_scalar(sql)
        .bind(district_id)
        .bind(plan_id)
        .bind(id)
        .fetch_optional(conn)
        .await
}
