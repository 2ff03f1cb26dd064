//! Initiatives under an objective: add, edit (plan editors, or the initiative's linked lead),
//! reorder and remove. Also what the activities share with them: finding and numbering an
//! initiative.

mod form;

use uuid::Uuid;

use super::edit::Editor;
use super::item::{self, Naming, PlanItem};
use super::item_add;
use super::items::{ItemRoute, Kind};
use super::model::Initiative;
use crate::error::Result;

const COLUMNS: &str = "i.id, i.objective_id, i.rank, i.description, i.lead, i.lead_user_id, \
     i.key_resources, i.version";

/// Routes under `/districts/{district}/plans/{plan}` that name an initiative or its objective.
pub fn routes() -> Vec<ItemRoute> {
    item_add::routes::<Initiative>()
}

impl PlanItem for Initiative {
    const KIND: Kind = Kind::Initiative;
    const NUMBERED: bool = true;

    fn id(&self) -> Uuid {
        self.id
    }

    async fn load(editor: &mut Editor, id: Uuid) -> Result<Self> {
        let sql = format!(
            "SELECT {COLUMNS} FROM initiatives i \
             JOIN objectives o ON o.district_id = i.district_id AND o.id = i.objective_id \
             WHERE i.district_id = $1 AND o.plan_id = $2 AND i.id = $3"
        );
        item::find(editor, &sql, id).await
    }

    async fn naming(&self, editor: &mut Editor) -> Result<Naming> {
        Ok(Naming::plain(number(editor, self.id).await?))
    }

    fn parent_anchor(&self) -> String {
        format!("#objective-{}", self.objective_id)
    }

    async fn removal(&self, editor: &mut Editor) -> Result<String> {
        let district_id = editor.district_id();
        let (benchmarks, activities): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT count(*) FROM benchmarks WHERE district_id = $1 AND initiative_id = $2), \
                    (SELECT count(*) FROM activities WHERE district_id = $1 AND initiative_id = $2)",
        )
        .bind(district_id)
        .bind(self.id)
        .fetch_one(editor.conn())
        .await?;
        let activities = format!(
            "{activities} activit{}",
            if activities == 1 { "y" } else { "ies" }
        );
        Ok(format!(
            "“{}” will be removed from the plan together with its strategy sheet: {benchmarks} \
             benchmark(s) and {activities}. The history keeps a record of what was removed.",
            self.description,
        ))
    }

    fn moving(&self) -> String {
        format!("“{}” changes place in the plan's order.", self.description)
    }
}

/// "Initiative 2.3": the objective's place in the plan, then the initiative's under it.
pub(super) async fn number(editor: &mut Editor, id: Uuid) -> Result<String> {
    let (objective, initiative) = place(editor, id).await?.unwrap_or((0, 0));
    Ok(format!("Initiative {objective}.{initiative}"))
}

/// The objective's place in the plan and the initiative's under it; none when initiative `id` is
/// not in the editor's plan.
pub(super) async fn place(editor: &mut Editor, id: Uuid) -> Result<Option<(i64, i64)>> {
    let (district_id, plan_id) = (editor.district_id(), editor.plan.id);
    Ok(sqlx::query_as(
        "SELECT o.position, i.position FROM \
         (SELECT id, row_number() OVER (ORDER BY rank, created_at) AS position \
          FROM objectives WHERE district_id = $1 AND plan_id = $2) o \
         JOIN (SELECT id, objective_id, \
                      row_number() OVER (PARTITION BY objective_id ORDER BY rank, created_at) AS position \
          FROM initiatives WHERE district_id = $1) i ON i.objective_id = o.id \
         WHERE i.id = $3",
    )
    .bind(district_id)
    .bind(plan_id)
    .bind(id)
    .fetch_optional(editor.conn())
    .await?)
}
