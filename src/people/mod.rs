//! People: ESE administrators create accounts, reset passwords, and give or remove roles.

mod form;
mod queries;
mod roles;

pub use form::PersonForm;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use crate::access::{DistrictRole, EseRole, Permission, UserScope};
use crate::auth::{CurrentUser, TEMPORARY_PASSWORD_DAYS, password};
use crate::db::{self, Context};
use crate::error::{AppError, Result};
use crate::state::AppState;
use crate::web::forms::{FieldErrors, unique_violation};
use crate::web::{Layout, flash};
use queries::{Assignment, DistrictOption, Person};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/people", get(list))
        .route("/people/new", get(new_form).post(create))
        .route("/people/{id}", get(show).post(update))
        .route("/people/{id}/roles", post(roles::grant_role))
        .route("/people/{id}/roles/remove", post(roles::revoke_role))
        .route("/people/{id}/ese-role", post(roles::set_ese_role))
        .route("/people/{id}/password", post(roles::reset_password))
}

#[derive(Template, WebTemplate)]
#[template(path = "people/list.html")]
struct ListPage {
    layout: Layout,
    people: Vec<Person>,
    q: String,
}

#[derive(Deserialize)]
struct ListQuery {
    #[serde(default)]
    q: String,
}

async fn list(scope: UserScope, Query(query): Query<ListQuery>) -> Result<ListPage> {
    scope.require(Permission::ManagePeople)?;
    let UserScope { user, mut tx, .. } = scope;
    let q = query.q.trim().to_string();
    Ok(ListPage {
        people: queries::search(&mut tx, &q).await?,
        layout: Layout::new(&user, "People", "people").await,
        q,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "people/new.html")]
struct NewPage {
    layout: Layout,
    form: PersonForm,
    errors: FieldErrors,
}

async fn new_form(scope: UserScope) -> Result<NewPage> {
    scope.require(Permission::ManagePeople)?;
    let user = scope.user;
    Ok(NewPage {
        layout: Layout::new(&user, "New person", "people").await,
        form: PersonForm::default(),
        errors: FieldErrors::default(),
    })
}

async fn create(scope: UserScope, Form(form): Form<PersonForm>) -> Result<Response> {
    scope.require(Permission::ManagePeople)?;
    let UserScope { user, mut tx, .. } = scope;
    let checked = form
        .validate()
        .and_then(|input| form.temporary_password(&input.email).map(|pw| (input, pw)));
    let errors = match checked {
        Ok((input, temporary)) => {
            let hash = password::hash(temporary.clone()).await?;
            match queries::insert(&mut tx, &input, &hash, None).await {
                Ok(id) => {
                    tx.commit().await?;
                    tracing::info!(user_id = %id, "account created");
                    flash::set(
                        &user.session,
                        format!(
                            "{} can now sign in with the temporary password {temporary} — give it to them \
                             privately; it works for {TEMPORARY_PASSWORD_DAYS} days. They will choose their own at first \
                             sign-in. Now give them a role below.",
                            input.email
                        ),
                    )
                    .await;
                    return Ok(Redirect::to(&format!("/people/{id}")).into_response());
                }
                Err(error) => email_taken(error)?,
            }
        }
        Err(errors) => errors,
    };
    let page = NewPage {
        layout: Layout::new(&user, "New person", "people").await,
        form,
        errors,
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

fn email_taken(error: sqlx::Error) -> Result<FieldErrors> {
    if unique_violation(&error).as_deref() == Some("users_email_key") {
        let mut errors = FieldErrors::default();
        errors.add(
            "email",
            "Someone already has an account with this email address.",
        );
        Ok(errors)
    } else {
        Err(error.into())
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "people/show.html")]
pub(super) struct ShowPage {
    layout: Layout,
    person: Person,
    form: PersonForm,
    errors: FieldErrors,
    conflict: Option<Person>,
    assignments: Vec<Assignment>,
    districts: Vec<DistrictOption>,
    role_errors: FieldErrors,
    is_self: bool,
}

impl ShowPage {
    fn district_roles(&self) -> [DistrictRole; 4] {
        DistrictRole::ALL
    }

    fn ese_roles(&self) -> [EseRole; 2] {
        EseRole::ALL
    }
}

/// Loads everything the person page shows, around a form in whatever state it is.
pub(super) async fn show_page(
    tx: &mut Transaction<'static, Postgres>,
    user: &CurrentUser,
    id: Uuid,
    form: Option<PersonForm>,
    errors: FieldErrors,
    role_errors: FieldErrors,
) -> Result<ShowPage> {
    let person = queries::by_id(tx, id).await?.ok_or(AppError::NotFound)?;
    let form = form.unwrap_or_else(|| PersonForm {
        name: person.name.clone(),
        email: person.email.clone(),
        title: person.title.clone(),
        temporary_password: String::new(),
        active: person.active.then(|| "on".to_string()),
        version: Some(person.version),
    });
    Ok(ShowPage {
        layout: Layout::new(user, person.name.clone(), "people").await,
        assignments: queries::assignments(tx, id).await?,
        districts: queries::district_options(tx).await?,
        is_self: person.id == user.user.id,
        person,
        form,
        errors,
        conflict: None,
        role_errors,
    })
}

async fn show(scope: UserScope, Path(id): Path<Uuid>) -> Result<ShowPage> {
    scope.require(Permission::ManagePeople)?;
    let UserScope { user, mut tx, .. } = scope;
    show_page(
        &mut tx,
        &user,
        id,
        None,
        FieldErrors::default(),
        FieldErrors::default(),
    )
    .await
}

async fn update(
    mut scope: UserScope,
    Path(id): Path<Uuid>,
    Form(form): Form<PersonForm>,
) -> Result<Response> {
    scope.require(Permission::ManagePeople)?;
    let user = scope.user.clone();
    let current = queries::by_id(&mut scope.tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut errors = match form.validate() {
        Ok(input) if id == user.user.id && !input.active => {
            let mut errors = FieldErrors::default();
            errors.add("active", "You cannot deactivate your own account.");
            errors
        }
        Ok(input) => {
            let version = form.version.unwrap_or(current.version);
            match queries::update(&mut scope.tx, id, version, &input).await {
                Ok(Some(saved)) => {
                    scope.commit().await?;
                    tracing::info!(user_id = %id, active = saved.active, "account updated");
                    flash::set(&user.session, format!("{} was saved.", saved.name)).await;
                    return Ok(Redirect::to(&format!("/people/{id}")).into_response());
                }
                Ok(None) => {
                    let mut errors = FieldErrors::default();
                    errors.add(
                        "version",
                        "Someone else saved this person while you were editing. Their version is shown \
                         below; your changes are still in the form. Save again to keep yours.",
                    );
                    errors
                }
                Err(error) => email_taken(error)?,
            }
        }
        Err(errors) => errors,
    };
    let conflict = errors.has("version");
    // A refused statement (a duplicate email) aborts the transaction; read the page in a fresh one.
    scope.begin_again().await?;
    let mut form = form;
    if conflict {
        form.version = Some(current.version);
    }
    let mut page = show_page(
        &mut scope.tx,
        &user,
        id,
        Some(form),
        std::mem::take(&mut errors),
        FieldErrors::default(),
    )
    .await?;
    let status = if conflict {
        page.conflict = Some(current);
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, page).into_response())
}

/// `throughline create-user`: an account with a temporary password, returned for printing.
pub async fn create_from_cli(
    pool: &PgPool,
    email: &str,
    name: &str,
    title: &str,
    ese_role: Option<EseRole>,
) -> anyhow::Result<String> {
    let form = PersonForm {
        name: name.into(),
        email: email.into(),
        title: title.into(),
        active: Some("on".into()),
        ..Default::default()
    };
    let describe = |errors: FieldErrors| {
        let fields = ["name", "email", "title"];
        let messages: Vec<&str> = fields.iter().filter_map(|f| errors.get(f)).collect();
        anyhow::anyhow!("{}", messages.join(" "))
    };
    let input = form.validate().map_err(describe)?;
    let temporary = password::temporary();
    let hash = password::hash(temporary.clone()).await?;
    // The command line, run by whoever operates the server: there is no signed-in person.
    #[allow(clippy::disallowed_methods)]
    let mut tx = db::begin(pool, Context::default()).await?;
    match queries::insert(&mut tx, &input, &hash, ese_role).await {
        Ok(_) => {}
        Err(error) => return Err(describe(email_taken(error)?)),
    }
    tx.commit().await?;
    Ok(temporary)
}
