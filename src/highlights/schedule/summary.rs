//! The district page's view of Highlight Discussions: the next one, the last three, and the
//! district's ESE contacts.

use sqlx::PgConnection;
use uuid::Uuid;

use super::contacts::{EseContact, named};
use super::{Row, split};
use crate::calendar::today;
use crate::highlights::queries;

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
    let discussions = queries::discussions(&mut *conn, district_id).await?;
    let reviews = queries::all_reviews(&mut *conn, district_id).await?;
    let contacts = named(&mut *conn, district_id).await?;
    let today = today();
    let rows = discussions
        .iter()
        .rev()
        .map(|d| (d.held_on, Row::new(d, &reviews, today)))
        .collect();
    let (upcoming, mut past) = split(rows, today);
    let older = past.len().saturating_sub(3);
    past.truncate(3);
    Ok(DistrictSummary {
        next: upcoming.into_iter().next(),
        recent: past,
        older,
        contacts,
    })
}
