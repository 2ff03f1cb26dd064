//! Where each kind of plan item lives, and the list it is ranked in: its table, its addresses and
//! anchors, who besides plan editors may change it, and its rank among its siblings.

use sqlx::PgConnection;
use uuid::Uuid;

use super::items::Kind;

impl Kind {
    /// Its table, which is also its segment in the addresses: "/objectives/{id}/move".
    pub fn table(self) -> &'static str {
        match self {
            Self::Objective => "objectives",
            Self::Initiative => "initiatives",
            Self::Activity => "activities",
            Self::Benchmark => "benchmarks",
        }
    }

    /// Its place on the plan page: "objective" for "#objective-{id}".
    pub fn anchor(self) -> &'static str {
        match self {
            Self::Objective => "objective",
            Self::Initiative => "initiative",
            Self::Activity => "activity",
            Self::Benchmark => "benchmark",
        }
    }

    /// Whether an item of this kind sits on an initiative's strategy sheet, so that the
    /// initiative's linked lead may also remove and move it. An initiative's lead edits the
    /// initiative (see [`Kind::led_edit`]) but does not remove or move it.
    pub fn on_sheet(self) -> bool {
        matches!(self, Self::Activity | Self::Benchmark)
    }

    /// Whether the initiative's linked lead may edit an item of this kind.
    pub fn led_edit(self) -> bool {
        !matches!(self, Self::Objective)
    }

    /// The columns that define the list an item belongs to.
    fn parent(self) -> &'static str {
        match self {
            Self::Objective => "plan_id",
            Self::Initiative => "objective_id",
            Self::Activity => "initiative_id",
            Self::Benchmark => "plan_id, initiative_id, kind",
        }
    }

    /// The rank for a new last item under `parent` (a plan, objective or initiative; benchmarks
    /// rank by their own list).
    pub async fn next_rank(
        self,
        conn: &mut PgConnection,
        district_id: Uuid,
        parent: Uuid,
    ) -> sqlx::Result<i32> {
        let sql = format!(
            "SELECT coalesce(max(rank), 0) + 1 FROM {} WHERE district_id = $1 AND {} = $2",
            self.table(),
            self.parent()
        );
        let query = sqlx::query_scalar(&sql).bind(district_id).bind(parent);
        query.fetch_one(conn).await
    }

    /// Deletes item `id`; its children go with it.
    pub async fn remove(
        self,
        conn: &mut PgConnection,
        district_id: Uuid,
        id: Uuid,
    ) -> sqlx::Result<()> {
        let sql = format!(
            "DELETE FROM {} WHERE district_id = $1 AND id = $2",
            self.table()
        );
        sqlx::query(&sql)
            .bind(district_id)
            .bind(id)
            .execute(conn)
            .await?;
        Ok(())
    }

    /// Item `id` and its siblings in rank order.
    async fn siblings(
        self,
        conn: &mut PgConnection,
        district_id: Uuid,
        id: Uuid,
    ) -> sqlx::Result<Vec<Uuid>> {
        let (table, parent) = (self.table(), self.parent());
        let sql = format!(
            "SELECT s.id FROM {table} s JOIN {table} me ON me.district_id = s.district_id AND me.id = $2 \
             WHERE s.district_id = $1 AND ({parent_s}) IS NOT DISTINCT FROM ({parent_me}) \
             ORDER BY s.rank, s.created_at",
            parent_s = prefixed("s", parent),
            parent_me = prefixed("me", parent),
        );
        let query = sqlx::query_scalar(&sql).bind(district_id).bind(id);
        query.fetch_all(conn).await
    }

    /// Item `id`'s place among its siblings: 1, 2, 3… (0 when it is gone).
    pub async fn position(
        self,
        conn: &mut PgConnection,
        district_id: Uuid,
        id: Uuid,
    ) -> sqlx::Result<i64> {
        let ids = self.siblings(conn, district_id, id).await?;
        Ok(ids
            .iter()
            .position(|x| *x == id)
            .map_or(0, |at| at as i64 + 1))
    }

    /// Moves `id` one place up or down among its siblings and renumbers them 1, 2, 3…
    /// Returns false when it is already first (or last).
    pub async fn move_item(
        self,
        conn: &mut PgConnection,
        district_id: Uuid,
        id: Uuid,
        up: bool,
    ) -> sqlx::Result<bool> {
        let mut ids = self.siblings(&mut *conn, district_id, id).await?;
        let Some(at) = ids.iter().position(|x| *x == id) else {
            return Ok(false);
        };
        let other = if up {
            at.checked_sub(1)
        } else {
            Some(at + 1).filter(|o| *o < ids.len())
        };
        let Some(other) = other else {
            return Ok(false);
        };
        ids.swap(at, other);
        sqlx::query(&format!(
            "UPDATE {} t SET rank = x.position::int FROM unnest($2::uuid[]) WITH ORDINALITY AS x(id, position) \
             WHERE t.district_id = $1 AND t.id = x.id",
            self.table()
        ))
        .bind(district_id)
        .bind(&ids)
        .execute(conn)
        .await?;
        Ok(true)
    }
}

fn prefixed(alias: &str, columns: &str) -> String {
    columns
        .split(", ")
        .map(|c| format!("{alias}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}
