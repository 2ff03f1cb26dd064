//! The district page's view of Highlight Discussions: the next one, the last three, and the
//! district's ESE contacts.

use sqlx::PgConnection;
use uuid::Uuid;

use super::contacts::{EseContact, named};
use super::{Row, upcoming_and_past};

pub struct DistrictSummary {
    pub next: Option<Row>,
    /// The last three held, most recent first.
    pub recent: Vec<Row>,
    /// Held before the last three, not listed.
    pub older: usize,
    pub contacts: Vec<EseContact>,
}

/// Three statements, whatever the number of discussions.
pub async fn load(conn: &mut PgConnection, district_id: Uuid) -> sqlx::Result<DistrictSummary> {
    let (upcoming, mut past) = upcoming_and_past(&mut *conn, district_id).await?;
    let contacts = named(&mut *conn, district_id).await?;
    let older = past.len().saturating_sub(3);
    past.truncate(3);
    Ok(DistrictSummary {
        next: upcoming.into_iter().next(),
        recent: past,
        older,
        contacts,
    })
}
