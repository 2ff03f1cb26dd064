//! Giving and removing roles, and resetting a person's password.

use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::{queries, show_page};
use crate::access::{DistrictRole, EseRole, Permission, UserScope};
use crate::auth::{TEMPORARY_PASSWORD_DAYS, password};
use crate::error::{AppError, Result};
use crate::web::flash;
use crate::web::forms::FieldErrors;

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
    scope.require(Permission::ManagePeople)?;
    let UserScope { user, mut tx, .. } = scope;
    let person = queries::by_id(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut errors = FieldErrors::default();
    let district_id = form.district_id.parse::<Uuid>().ok();
    if district_id.is_none() {
        errors.add("district_id", "Choose a district.");
    }
    let role = DistrictRole::parse(&form.role);
    if role.is_none() {
        errors.add("role", "Choose a role.");
    }
    if let (Some(district_id), Some(role)) = (district_id, role) {
        let options = queries::district_options(&mut tx).await?;
        let Some(district) = options.iter().find(|d| d.id == district_id) else {
            return Err(AppError::NotFound);
        };
        let added = queries::grant(&mut tx, district_id, id, role, user.user.id).await?;
        tx.commit().await?;
        let message = if added {
            tracing::info!(user_id = %id, %district_id, ?role, "role granted");
            format!(
                "{} is now {} in {}.",
                person.name,
                role.label(),
                district.name
            )
        } else {
            format!(
                "{} was already {} in {}.",
                person.name,
                role.label(),
                district.name
            )
        };
        flash::set(&user.session, message).await;
        return Ok(Redirect::to(&format!("/people/{id}")).into_response());
    }
    let page = show_page(&mut tx, &user, id, None, FieldErrors::default(), errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
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
    scope.require(Permission::ManagePeople)?;
    let UserScope { user, mut tx, .. } = scope;
    let person = queries::by_id(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let role = EseRole::parse(&form.ese_role);
    if id == user.user.id && role != Some(EseRole::EseAdmin) {
        let mut errors = FieldErrors::default();
        errors.add(
            "ese_role",
            "You cannot remove your own administrator role; ask another ESE administrator.",
        );
        let page = show_page(&mut tx, &user, id, None, FieldErrors::default(), errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    queries::set_ese_role(&mut tx, id, role).await?;
    tx.commit().await?;
    tracing::info!(user_id = %id, ?role, "global role set");
    let message = match role {
        Some(role) => format!("{} is now {}.", person.name, role.label()),
        None => format!("{} no longer has an ESE role.", person.name),
    };
    flash::set(&user.session, message).await;
    Ok(Redirect::to(&format!("/people/{id}")).into_response())
}

pub(super) async fn reset_password(scope: UserScope, Path(id): Path<Uuid>) -> Result<Redirect> {
    scope.require(Permission::ManagePeople)?;
    let UserScope { user, mut tx, .. } = scope;
    let person = queries::by_id(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let temporary = password::temporary();
    queries::set_password(&mut tx, id, &password::hash(temporary.clone()).await?).await?;
    tx.commit().await?;
    tracing::info!(user_id = %id, "password reset by an administrator");
    flash::set(
        &user.session,
        format!(
            "{}'s new temporary password is {temporary} — give it to them privately; it works for \
             {TEMPORARY_PASSWORD_DAYS} days. Their other sessions have ended, and they will choose their own password at next sign-in.",
            person.name
        ),
    )
    .await;
    Ok(Redirect::to(&format!("/people/{id}")))
}
