//! Role rules that need more than the permission table: a lead's rights over their own
//! initiative, and which role someone answers draft minutes in. Features ask these questions of
//! the scope; none of them decides from roles by itself.

use uuid::Uuid;

use super::{DistrictRole, DistrictScope, Permission, Role};
use crate::error::AppError;

impl DistrictScope {
    /// Whether the person may change the plan: plan editors anywhere; the linked lead of
    /// initiative `lead_of` on that initiative's strategy sheet.
    pub async fn may_edit(&mut self, lead_of: Option<Uuid>) -> Result<bool, AppError> {
        if self.can(Permission::EditPlan) {
            return Ok(true);
        }
        let Some(initiative_id) = lead_of else {
            return Ok(false);
        };
        if !self.can(Permission::EditLedInitiatives) {
            return Ok(false);
        }
        let district_id = self.district.id;
        let user_id = self.user.user.id;
        let leads: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM initiatives WHERE district_id = $1 AND id = $2 AND lead_user_id = $3)",
        )
        .bind(district_id)
        .bind(initiative_id)
        .bind(user_id)
        .fetch_one(self.conn())
        .await?;
        Ok(leads)
    }

    /// Whether the person may record progress on a part of the plan whose initiative is led by
    /// `lead_user_id` (`None` for final outcomes, which belong to the whole plan).
    pub fn may_record(&self, lead_user_id: Option<Uuid>) -> bool {
        self.can(Permission::RecordProgress)
            || (self.can(Permission::RecordLedProgress)
                && lead_user_id.is_some_and(|lead| lead == self.user.user.id))
    }

    /// The role someone answers draft minutes in: superintendent if they hold it, else monitor.
    pub fn reviewer_role(&self) -> Option<DistrictRole> {
        if !self.can(Permission::ReviewMinutes) {
            None
        } else if self.roles.contains(&Role::Superintendent) {
            Some(DistrictRole::Superintendent)
        } else if self.roles.contains(&Role::PlanMonitor) {
            Some(DistrictRole::PlanMonitor)
        } else {
            None
        }
    }
}
