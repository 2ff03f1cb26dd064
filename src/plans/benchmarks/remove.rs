//! A benchmark as a plan item: how it is named, kept in the history, removed and moved within
//! its list.

use serde_json::Value;
use uuid::Uuid;

use super::{SIBLINGS, Stored, lowercase_first, snapshot};
use crate::error::Result;
use crate::plans::edit::{Editor, Siblings};
use crate::plans::item::{Naming, PlanItem};
use crate::plans::items::Kind;

impl PlanItem for Stored {
    const KIND: Kind = Kind::Benchmark;
    const SIBLINGS: Siblings = Siblings::Benchmarks;
    const PATH: &'static str = "benchmarks";
    const ANCHOR: &'static str = "benchmark";
    /// Final outcomes are checked against the plan and the rest against their initiative, by
    /// the rule of the owner.
    const ON_SHEET: bool = true;

    fn id(&self) -> Uuid {
        self.benchmark.id
    }

    async fn load(editor: &mut Editor, id: Uuid) -> Result<Self> {
        Stored::load(editor, id).await
    }

    async fn naming(&self, _: &mut Editor) -> Result<Naming> {
        let subject = self.owner.subject();
        let this = format!("this {}", lowercase_first(&subject));
        Ok(Naming {
            subject,
            removing: this.clone(),
            moving: this,
        })
    }

    /// Its place in its list: 1, 2, 3…
    async fn place(&self, editor: &mut Editor) -> Result<Value> {
        let (district_id, b) = (editor.district_id(), &self.benchmark);
        let position: Option<i64> = sqlx::query_scalar(&format!(
            "SELECT position FROM (SELECT id, row_number() OVER (ORDER BY rank, created_at) AS position \
             FROM benchmarks WHERE {SIBLINGS}) b WHERE id = $5"
        ))
        .bind(district_id)
        .bind(b.plan_id)
        .bind(b.initiative_id)
        .bind(b.kind)
        .bind(b.id)
        .fetch_optional(editor.conn())
        .await?;
        Ok(position.unwrap_or(0).into())
    }

    fn snapshot(&self) -> Result<Option<Value>> {
        snapshot(&self.benchmark, &self.targets)
    }

    fn parent_anchor(&self) -> String {
        self.owner.anchor()
    }

    async fn removal(&self, _: &mut Editor) -> Result<String> {
        Ok(format!(
            "“{}” will be removed from the plan with its targets. The history keeps a record of it.",
            self.benchmark.statement
        ))
    }

    fn moving(&self) -> String {
        format!("“{}” changes place in its list.", self.benchmark.statement)
    }
}
