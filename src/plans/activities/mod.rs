//! Activities of an initiative (strategy sheet H–K): add, edit, reorder and remove. Plan editors
//! and the initiative's linked lead manage them.

mod form;

use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use uuid::Uuid;

use self::form::{ActivityForm, FormPage, Which, form_page};
use super::edit::{Editor, Ids, Target, with_reason};
use super::initiatives;
use super::item::{self, Naming, PlanItem};
use super::item_edit::{self, added, shown};
use super::items::{ItemRoute, Kind};
use super::model::{Activity, Initiative};
use crate::access::DistrictScope;
use crate::error::Result;
use crate::web::forms::FieldErrors;

const COLUMNS: &str = "a.id, a.initiative_id, a.rank, a.description, a.lead, a.starts_on, \
     a.completes_on, a.resources, a.frequency, a.interim_monitoring, a.version";

/// Routes under `/districts/{district}/plans/{plan}` that name an activity or its initiative.
pub fn routes() -> Vec<ItemRoute> {
    item_edit::routes_under::<Activity>(Kind::Initiative, get(new_form), post(create))
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

/// "Activity in Initiative 2.3".
async fn subject(editor: &mut Editor, initiative_id: Uuid) -> Result<String> {
    let number = initiatives::number(editor, initiative_id).await?;
    Ok(format!("Activity in {number}"))
}

pub async fn new_form(
    scope: DistrictScope,
    Path((_, plan_id, initiative)): Ids,
) -> Result<FormPage> {
    let mut editor =
        Editor::open(scope, plan_id, Target::Sheet(Kind::Initiative, initiative)).await?;
    let (form, errors) = (ActivityForm::default(), FieldErrors::default());
    form_page(&mut editor, Which::New { initiative }, shown(form, errors)).await
}

pub async fn create(
    scope: DistrictScope,
    Path((_, plan_id, initiative)): Ids,
    Form(form): Form<ActivityForm>,
) -> Result<Response> {
    let mut editor =
        Editor::open(scope, plan_id, Target::Sheet(Kind::Initiative, initiative)).await?;
    Initiative::load(&mut editor, initiative).await?;
    let valid = match with_reason(&editor, &form.reason, form.validate(&editor.plan, None)) {
        Ok(valid) => valid,
        Err(errors) => {
            let page = form_page(&mut editor, Which::New { initiative }, shown(form, errors));
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page.await?).into_response());
        }
    };
    let district_id = editor.district_id();
    let rank = Kind::Activity.next_rank(editor.conn(), district_id, initiative);
    let rank = rank.await?;
    let sql = format!(
        "INSERT INTO activities AS a (district_id, initiative_id, rank, description, lead, \
         starts_on, completes_on, resources, frequency, interim_monitoring) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING {COLUMNS}"
    );
    let query = sqlx::query_as(&sql)
        .bind(district_id)
        .bind(initiative)
        .bind(rank);
    let created: Activity = valid.bind(query).fetch_one(editor.conn()).await?;
    added(editor, &created, &form.reason).await
}
