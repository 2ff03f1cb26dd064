//! The report as readers see it inside the app.

use askama::Template;
use askama_web::WebTemplate;

use super::content::{self, Content, Gaps};
use super::{Ids, report_path, reports_path};
use crate::access::{DistrictScope, Permission};
use crate::error::Result;
use crate::qpr::model::{InitiativeRating, Qpr};
use crate::qpr::rating::Level;
use crate::qpr::summative::{OutcomeView, YearRow};
use crate::web::Layout;

pub struct EvidenceLink {
    pub title: String,
    pub date: String,
    pub href: String,
}

/// One scale's rating with its evidence: links inside the app, bare titles for a peer reviewer
/// (the files stay inside the district).
pub struct RatingView<E = EvidenceLink> {
    pub scale: &'static str,
    pub label: Option<&'static str>,
    pub description: &'static str,
    /// 1 to 4; 0 when unrated.
    pub level: u8,
    pub evidence: String,
    pub items: Vec<E>,
    pub rationale: String,
}

pub struct InitiativeView<E = EvidenceLink> {
    pub number: String,
    pub description: String,
    pub narrative: String,
    pub ratings: Vec<RatingView<E>>,
    /// On a Summative Report: the four ratings of the initiative's year.
    pub year: Vec<YearRow>,
}

pub struct ObjectiveView<E = EvidenceLink> {
    pub number: usize,
    pub title: String,
    pub narrative: String,
    pub initiatives: Vec<InitiativeView<E>>,
}

#[derive(Template, WebTemplate)]
#[template(path = "qpr/report_page.html")]
pub struct ReportPage {
    layout: Layout,
    district_name: String,
    reports_path: String,
    report_path: String,
    qpr: Qpr,
    title: String,
    covers: String,
    publication: String,
    summative: bool,
    outcomes: Vec<OutcomeView>,
    objectives: Vec<ObjectiveView>,
    gaps: Gaps,
    can_edit: bool,
}

fn rating_view(
    content: &Content,
    slug: &str,
    initiative_id: uuid::Uuid,
    scale: &'static str,
) -> RatingView {
    let items = content
        .chosen_for(initiative_id, scale)
        .map(|e| EvidenceLink {
            title: e.title.clone(),
            date: e.date(),
            href: e.href(slug),
        })
        .collect();
    RatingView::of(content.rating_of(initiative_id), scale, items)
}

impl<E> RatingView<E> {
    /// The `scale` ("process" or "performance") of an initiative's rating `r`, with the evidence
    /// `items` chosen for it.
    pub fn of(r: Option<&InitiativeRating>, scale: &str, items: Vec<E>) -> Self {
        match scale {
            "process" => Self::rated(
                r.and_then(|r| r.process_rating),
                r.map(|r| &r.process_evidence),
                r.map(|r| &r.process_rationale),
                items,
            ),
            _ => Self::rated(
                r.and_then(|r| r.performance_rating),
                r.map(|r| &r.performance_evidence),
                r.map(|r| &r.performance_rationale),
                items,
            ),
        }
    }

    fn rated<R: Level>(
        rating: Option<R>,
        evidence: Option<&String>,
        rationale: Option<&String>,
        items: Vec<E>,
    ) -> Self {
        RatingView {
            scale: R::SCALE,
            label: rating.map(R::label),
            description: rating.map_or("", R::description),
            level: rating.map_or(0, R::level),
            evidence: evidence.cloned().unwrap_or_default(),
            items,
            rationale: rationale.cloned().unwrap_or_default(),
        }
    }
}

pub fn objective_views(content: &Content, qpr: &Qpr, slug: &str) -> Vec<ObjectiveView> {
    let tree = &content.tree;
    tree.objectives
        .iter()
        .map(|o| ObjectiveView {
            number: tree.objective_number(o.id),
            title: o.title.clone(),
            narrative: content.narrative_of(o.id).to_string(),
            initiatives: tree
                .initiatives_of(o.id)
                .map(|i| InitiativeView {
                    number: tree.initiative_number(i),
                    description: i.description.clone(),
                    narrative: content
                        .rating_of(i.id)
                        .map(|r| r.narrative.clone())
                        .unwrap_or_default(),
                    ratings: ["process", "performance"]
                        .into_iter()
                        .map(|scale| rating_view(content, slug, i.id, scale))
                        .collect(),
                    year: content.year_of(qpr, i.id),
                })
                .collect(),
        })
        .collect()
}

pub async fn page(
    mut scope: DistrictScope,
    axum::extract::Path((_, id)): Ids,
) -> Result<ReportPage> {
    let qpr: Qpr = scope.open(id, Permission::ViewPlan).await?;
    let content = content::load(scope.conn(), &qpr).await?;
    let slug = scope.district.slug.clone();
    Ok(ReportPage {
        layout: Layout::new(&scope.user, qpr.period().title(), "home").await,
        district_name: scope.district.name.clone(),
        reports_path: reports_path(&scope),
        report_path: report_path(&scope, qpr.id),
        title: qpr.period().title(),
        covers: qpr.period().covers(),
        publication: qpr.period().publication_label(),
        summative: qpr.is_summative(),
        outcomes: content.outcomes(&qpr),
        objectives: objective_views(&content, &qpr, &slug),
        gaps: content.gaps(&qpr),
        can_edit: scope.can(Permission::DraftQpr) && qpr.is_editable(),
        qpr,
    })
}
