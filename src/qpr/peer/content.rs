//! What a peer reviewer reads: the report's own text and ratings, the titles of the library
//! evidence behind them (never links: the files stay inside the district), and the review
//! comments so far. Every statement is filtered by the report's district and id.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::calendar::{date_label, local_date};
use crate::db::scoped;
use crate::error::Result;
use crate::qpr::model::{InitiativeRating, Qpr};
use crate::qpr::passages::{Passage, passages, tree};
use crate::qpr::queries;
use crate::qpr::report::view::{InitiativeView, RatingView};

/// The report's objectives with the titles of the evidence behind each rating.
pub type ObjectiveView = crate::qpr::report::view::ObjectiveView<String>;

pub struct CommentView {
    pub passage: String,
    pub body: String,
    pub author: String,
    pub written_on: String,
    pub resolution: Option<String>,
    pub response: String,
}

pub struct Loaded {
    pub objectives: Vec<ObjectiveView>,
    pub comments: Vec<CommentView>,
    pub passages: Vec<Passage>,
}

#[derive(sqlx::FromRow)]
struct Chosen {
    initiative_id: Uuid,
    scale: String,
    title: String,
}

#[derive(sqlx::FromRow)]
struct Comment {
    passage: String,
    body: String,
    author_name: Option<String>,
    created_at: DateTime<Utc>,
    resolution: Option<String>,
    response: String,
}

fn rating_views(
    r: Option<&InitiativeRating>,
    chosen: &[Chosen],
    id: Uuid,
) -> Vec<RatingView<String>> {
    let titles = |scale: &str| {
        chosen
            .iter()
            .filter(|c| c.initiative_id == id && c.scale == scale)
            .map(|c| c.title.clone())
            .collect()
    };
    vec![
        RatingView::of(r, "process", titles("process")),
        RatingView::of(r, "performance", titles("performance")),
    ]
}

pub async fn load(conn: &mut PgConnection, qpr: &Qpr) -> Result<Loaded> {
    let (district_id, qpr_id) = (qpr.district_id, qpr.id);
    let tree = tree(&mut *conn, qpr).await?;
    let narratives = queries::narratives(&mut *conn, district_id, qpr_id).await?;
    let ratings = queries::ratings(&mut *conn, district_id, qpr_id).await?;
    let chosen: Vec<Chosen> = scoped::all(
        &mut *conn,
        "SELECT x.initiative_id, x.scale::text AS scale, e.title FROM qpr_rating_evidence x \
         JOIN evidence e ON e.district_id = x.district_id AND e.id = x.evidence_id \
         WHERE x.district_id = $1 AND x.qpr_id = $2 ORDER BY e.evidence_on DESC, e.title",
        district_id,
        qpr_id,
    )
    .await?;
    let comments: Vec<Comment> = scoped::all(
        &mut *conn,
        "SELECT c.passage, c.body, a.name AS author_name, c.created_at, \
                c.resolution::text AS resolution, c.response \
         FROM qpr_comments c LEFT JOIN users a ON a.id = c.author_id \
         WHERE c.district_id = $1 AND c.qpr_id = $2 AND c.kind = 'review' \
         ORDER BY c.created_at, c.id",
        district_id,
        qpr_id,
    )
    .await?;
    let passages = passages(&tree);
    let objectives = tree
        .objectives
        .iter()
        .map(|o| ObjectiveView {
            number: tree.objective_number(o.id),
            title: o.title.clone(),
            narrative: queries::narrative_in(&narratives, o.id).to_string(),
            initiatives: tree
                .initiatives_of(o.id)
                .map(|i| {
                    let r = ratings.iter().find(|r| r.initiative_id == i.id);
                    InitiativeView {
                        number: tree.initiative_number(i),
                        description: i.description.clone(),
                        narrative: r.map(|r| r.narrative.clone()).unwrap_or_default(),
                        ratings: rating_views(r, &chosen, i.id),
                        year: Vec::new(),
                    }
                })
                .collect(),
        })
        .collect();
    let comments = comments
        .into_iter()
        .map(|c| CommentView {
            passage: passages.iter().find(|p| p.key == c.passage).map_or_else(
                || "A passage no longer in the plan".into(),
                |p| p.label.clone(),
            ),
            body: c.body,
            author: c.author_name.unwrap_or_else(|| "A former user".into()),
            written_on: date_label(local_date(c.created_at)),
            resolution: c.resolution.map(|r| {
                if r == "accepted" {
                    "Accepted by the monitor".into()
                } else {
                    "Answered by the monitor".into()
                }
            }),
            response: c.response,
        })
        .collect();
    Ok(Loaded {
        objectives,
        comments,
        passages,
    })
}
