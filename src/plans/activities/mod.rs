//! Activities of an initiative (strategy sheet H–K): add, edit, reorder and remove. Plan editors
//! and the initiative's linked lead manage them.

mod form;

use uuid::Uuid;

use super::edit::Editor;
use super::initiatives;
use super::item::{self, Naming, PlanItem};
use super::item_add;
use super::items::{ItemRoute, Kind};
use super::model::Activity;
use crate::error::Result;

const COLUMNS: &str = "a.id, a.initiative_id, a.rank, a.description, a.lead, a.starts_on, \
     a.completes_on, a.resources, a.frequency, a.interim_monitoring, a.version";

/// Routes under `/districts/{district}/plans/{plan}` that name an activity or its initiative.
pub fn routes() -> Vec<ItemRoute> {
    item_add::routes::<Activity>()
}

impl PlanItem for Activity {
    const KIND: Kind = Kind::Activity;

    fn id(&self) -> Uuid {
        self.id
    }

    async fn load(editor: &mut Editor, id: Uuid) -> Result<Self> {
        let sql = format!(
            "SELECT {COLUMNS} FROM activities a \
             JOIN initiatives i ON i.district_id = a.district_id AND i.id = a.initiative_id \
             JOIN objectives o ON o.district_id = i.district_id AND o.id = i.objective_id \
             WHERE a.district_id = $1 AND o.plan_id = $2 AND a.id = $3"
        );
        item::find(editor, &sql, id).await
    }

    async fn naming(&self, editor: &mut Editor) -> Result<Naming> {
        let number = initiatives::number(editor, self.initiative_id).await?;
        Ok(Naming {
            subject: format!("Activity in {number}"),
            removing: format!("this activity of {number}"),
            moving: "this activity".into(),
        })
    }

    fn parent_anchor(&self) -> String {
        format!("#initiative-{}", self.initiative_id)
    }

    async fn removal(&self, _: &mut Editor) -> Result<String> {
        Ok(format!(
            "“{}” will be removed from the strategy sheet. The history keeps a record of what was \
             removed.",
            self.description
        ))
    }

    fn moving(&self) -> String {
        format!("“{}” changes place in the plan's order.", self.description)
    }
}
