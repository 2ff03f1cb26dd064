//! The district's ESE contacts: an Accountability contact and a Targeted Assistance contact,
//! chosen by an ESE administrator among active ESE staff. They are who "ESE" is when the seeds
//! say to tell or send something to ESE.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::access::{DistrictScope, Permission};
use crate::error::Result;
use crate::highlights::model::EseContactKind;
use crate::web::Layout;
use crate::web::forms::FieldErrors;

/// A named contact, as the district page and the discussion page show them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EseContact {
    pub kind: EseContactKind,
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
    pub title: String,
}

impl EseContact {
    /// "Accountability", "Targeted Assistance".
    pub fn short_label(&self) -> &'static str {
        match self.kind {
            EseContactKind::Accountability => "Accountability",
            EseContactKind::TargetedAssistance => "Targeted Assistance",
        }
    }
}

/// The district's named contacts, Accountability first. One statement.
pub async fn named(conn: &mut PgConnection, district_id: Uuid) -> sqlx::Result<Vec<EseContact>> {
    sqlx::query_as(
        "SELECT c.kind, c.user_id, u.name, u.email, u.title FROM district_ese_contacts c \
         JOIN users u ON u.id = c.user_id WHERE c.district_id = $1 ORDER BY c.kind",
    )
    .bind(district_id)
    .fetch_all(conn)
    .await
}

/// An active person with an ESE role, who may be named a contact.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EseStaff {
    pub id: Uuid,
    pub name: String,
    pub title: String,
}

async fn ese_staff(conn: &mut PgConnection) -> sqlx::Result<Vec<EseStaff>> {
    sqlx::query_as(
        "SELECT id, name, title FROM users WHERE active AND ese_role IS NOT NULL ORDER BY name, email",
    )
    .fetch_all(conn)
    .await
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ContactsForm {
    #[serde(default)]
    pub accountability: String,
    #[serde(default)]
    pub targeted_assistance: String,
}

impl ContactsForm {
    fn value(&self, kind: EseContactKind) -> &str {
        match kind {
            EseContactKind::Accountability => &self.accountability,
            EseContactKind::TargetedAssistance => &self.targeted_assistance,
        }
    }
}

/// One select of the form.
pub struct Choice {
    pub key: &'static str,
    pub label: &'static str,
    pub selected: String,
    pub error: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "highlights/contacts.html")]
pub struct ContactsPage {
    layout: Layout,
    slug: String,
    district_name: String,
    choices: Vec<Choice>,
    staff: Vec<EseStaff>,
    errors: FieldErrors,
}

async fn render(
    scope: &mut DistrictScope,
    form: &ContactsForm,
    errors: FieldErrors,
) -> Result<ContactsPage> {
    let staff = ese_staff(scope.conn()).await?;
    let choices = EseContactKind::ALL
        .into_iter()
        .map(|kind| Choice {
            key: kind.key(),
            label: kind.label(),
            selected: form.value(kind).to_string(),
            error: errors.of(kind.key()).to_string(),
        })
        .collect();
    Ok(ContactsPage {
        layout: Layout::new(
            &scope.user,
            format!("ESE contacts for {}", scope.district.name),
            "home",
        )
        .await,
        slug: scope.district.slug.clone(),
        district_name: scope.district.name.clone(),
        choices,
        staff,
        errors,
    })
}

pub async fn form_page(mut scope: DistrictScope) -> Result<ContactsPage> {
    scope.require(Permission::ManageEseContacts)?;
    let district_id = scope.district.id;
    let current = named(scope.conn(), district_id).await?;
    let chosen = |kind| {
        current
            .iter()
            .find(|c| c.kind == kind)
            .map(|c| c.user_id.to_string())
            .unwrap_or_default()
    };
    let form = ContactsForm {
        accountability: chosen(EseContactKind::Accountability),
        targeted_assistance: chosen(EseContactKind::TargetedAssistance),
    };
    render(&mut scope, &form, FieldErrors::default()).await
}

pub async fn save(mut scope: DistrictScope, Form(form): Form<ContactsForm>) -> Result<Response> {
    scope.require(Permission::ManageEseContacts)?;
    let staff = ese_staff(scope.conn()).await?;
    let mut errors = FieldErrors::default();
    let mut picks = Vec::new();
    for kind in EseContactKind::ALL {
        let value = form.value(kind).trim();
        if value.is_empty() {
            picks.push((kind, None));
            continue;
        }
        match value
            .parse::<Uuid>()
            .ok()
            .filter(|id| staff.iter().any(|s| s.id == *id))
        {
            Some(id) => picks.push((kind, Some(id))),
            None => errors.add(
                kind.key(),
                "Choose one of the active ESE staff listed, or None.",
            ),
        }
    }
    if !errors.is_empty() {
        let page = render(&mut scope, &form, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let district_id = scope.district.id;
    for (kind, pick) in picks {
        match pick {
            // The date stays when the same person is chosen again.
            Some(user_id) => sqlx::query(
                "INSERT INTO district_ese_contacts (district_id, kind, user_id) VALUES ($1, $2, $3) \
                 ON CONFLICT (district_id, kind) DO UPDATE SET user_id = EXCLUDED.user_id, assigned_at = now() \
                 WHERE district_ese_contacts.user_id <> EXCLUDED.user_id",
            )
            .bind(district_id)
            .bind(kind)
            .bind(user_id)
            .execute(scope.conn())
            .await?,
            None => sqlx::query("DELETE FROM district_ese_contacts WHERE district_id = $1 AND kind = $2")
                .bind(district_id)
                .bind(kind)
                .execute(scope.conn())
                .await?,
        };
    }
    let path = format!("/districts/{}#ese-contacts", scope.district.slug);
    let done = scope.done(&path, "The ESE contacts were saved.").await?;
    tracing::info!(%district_id, "ESE contacts saved");
    Ok(done)
}
