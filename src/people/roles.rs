//! Giving and removing roles, and resetting a person's password.

use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use super::queries::{self, Person};
use super::show_page;
use crate::access::{DistrictRole, EseRole, Permission, UserScope};
use crate::auth::{CurrentUser, TEMPORARY_PASSWORD_DAYS, password};
use crate::error::{AppError, Result};
use crate::web::flash;
use crate::web::forms::FieldErrors;

/// An administrator's change to person `id`: who makes it, in which transaction, and the person
/// as stored (not found when there is no such person).
struct Change {
    user: CurrentUser,
    tx: Transaction<'static, Postgres>,
    person: Person,
}

impl Change {
    async fn open(scope: UserScope, id: Uuid) -> Result<Self> {
        scope.require(Permission::ManagePeople)?;
        let UserScope { user, mut tx, .. } = scope;
        let person = queries::by_id(&mut tx, id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(Self { user, tx, person })
    }

    /// Commits and says `message` on the person's page.
    async fn done(self, message: String) -> Result<Redirect> {
        self.tx.commit().await?;
        flash::set(&self.user.session, message).await;
        Ok(Redirect::to(&format!("/people/{}", self.person.id)))
    }

    /// The person's page again with what is wrong with the role form.
    async fn refused(mut self, errors: FieldErrors) -> Result<Response> {
        let (user, id) = (&self.user, self.person.id);
        let page = show_page(&mut self.tx, user, id, None, FieldErrors::default(), errors).await?;
        Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
    }
}

#[derive(Deserialize)]
pub(super) struct GrantForm {
    #[serde(default)]
    district_id: String,
    #[serde(default)]
    role: String,
}

pub(super) async fn grant_role(
    scope: UserScope,
    Path(id): Path<Uuid>,
    Form(form): Form<GrantForm>,
) -> Result<Response> {
    let mut change = Change::open(scope, id).await?;
    let mut errors = FieldErrors::default();
    let district_id = form.district_id.parse::<Uuid>().ok();
    if district_id.is_none() {
        errors.add("district_id", "Choose a district.");
    }
    let role = DistrictRole::parse(&form.role);
    if role.is_none() {
        errors.add("role", "Choose a role.");
    }
    let (Some(district_id), Some(role)) = (district_id, role) else {
        return change.refused(errors).await;
    };
    let options = queries::district_options(&mut change.tx).await?;
    let Some(district) = options.iter().find(|d| d.id == district_id) else {
        return Err(AppError::NotFound);
    };
    let granted_by = change.user.user.id;
    let added = queries::grant(&mut change.tx, district_id, id, role, granted_by).await?;
    let (name, role_label) = (&change.person.name, role.label());
    let message = if added {
        tracing::info!(user_id = %id, %district_id, ?role, "role granted");
        format!("{name} is now {role_label} in {}.", district.name)
    } else {
        format!("{name} was already {role_label} in {}.", district.name)
    };
    Ok(change.done(message).await?.into_response())
}

#[derive(Deserialize)]
pub(super) struct RevokeForm {
    district_id: Uuid,
    role: String,
}

pub(super) async fn revoke_role(
    scope: UserScope,
    Path(id): Path<Uuid>,
    Form(form): Form<RevokeForm>,
) -> Result<Redirect> {
    scope.require(Permission::ManagePeople)?;
    let UserScope { user, mut tx, .. } = scope;
    let role = DistrictRole::parse(&form.role).ok_or(AppError::NotFound)?;
    if queries::revoke(&mut tx, form.district_id, id, role).await? {
        tx.commit().await?;
        tracing::info!(user_id = %id, district_id = %form.district_id, ?role, "role removed");
        flash::set(
            &user.session,
            format!("The {} role was removed.", role.label()),
        )
        .await;
    }
    Ok(Redirect::to(&format!("/people/{id}")))
}

#[derive(Deserialize)]
pub(super) struct EseRoleForm {
    #[serde(default)]
    ese_role: String,
}

pub(super) async fn set_ese_role(
    scope: UserScope,
    Path(id): Path<Uuid>,
    Form(form): Form<EseRoleForm>,
) -> Result<Response> {
    let mut change = Change::open(scope, id).await?;
    let role = EseRole::parse(&form.ese_role);
    if id == change.user.user.id && role != Some(EseRole::EseAdmin) {
        let mut errors = FieldErrors::default();
        errors.add(
            "ese_role",
            "You cannot remove your own administrator role; ask another ESE administrator.",
        );
        return change.refused(errors).await;
    }
    queries::set_ese_role(&mut change.tx, id, role).await?;
    tracing::info!(user_id = %id, ?role, "global role set");
    let name = &change.person.name;
    let message = match role {
        Some(role) => format!("{name} is now {}.", role.label()),
        None => format!("{name} no longer has an ESE role."),
    };
    Ok(change.done(message).await?.into_response())
}

pub(super) async fn reset_password(scope: UserScope, Path(id): Path<Uuid>) -> Result<Redirect> {
    let mut change = Change::open(scope, id).await?;
    let temporary = password::temporary();
    let hash = password::hash(temporary.clone()).await?;
    queries::set_password(&mut change.tx, id, &hash).await?;
    tracing::info!(user_id = %id, "password reset by an administrator");
    let message = format!(
        "{}'s new temporary password is {temporary} — give it to them privately; it works for \
         {TEMPORARY_PASSWORD_DAYS} days. Their other sessions have ended, and they will choose their own password at next sign-in.",
        change.person.name
    );
    change.done(message).await
}
