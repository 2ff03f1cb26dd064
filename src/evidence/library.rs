//! The district's evidence library: every piece of evidence from every plan, newest first, with
//! what it is attached to, filtered by initiative, kind and date. Loaded in four statements.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Query;
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::content;
use super::model::{EVIDENCE_COLUMNS, Evidence, EvidenceKind};
use super::pages::{
    CONCERNS_INITIATIVE, CONCERNS_JOINS, NumberedInitiative, library_path, numbered_initiatives,
};
use crate::access::{DistrictScope, Permission};
use crate::calendar::DEFAULT_TIME_ZONE;
use crate::calendar::date_label;
use crate::error::Result;
use crate::plans::queries;
use crate::web::Layout;
use crate::web::forms::FieldErrors;

#[derive(Debug, Default, Deserialize)]
pub struct LibraryQuery {
    #[serde(default)]
    initiative: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

#[derive(Debug, Default, PartialEq)]
struct Filters {
    initiative: Option<Uuid>,
    kind: Option<EvidenceKind>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

impl Filters {
    fn any(&self) -> bool {
        *self != Self::default()
    }
}

/// The filters as asked; a date that cannot be read is reported and left out.
fn filters(query: &LibraryQuery) -> (Filters, FieldErrors) {
    let mut errors = FieldErrors::default();
    let mut date = |field: &'static str, text: &str| match text.trim() {
        "" => None,
        text => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .inspect_err(|_| errors.add(field, "Enter the date as YYYY-MM-DD, e.g. 2026-11-30."))
            .ok(),
    };
    let (from, to) = (date("from", &query.from), date("to", &query.to));
    let filters = Filters {
        initiative: query.initiative.trim().parse().ok(),
        kind: EvidenceKind::parse(query.kind.trim()),
        from,
        to,
    };
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        errors.add("to", "The end of the range is before its start.");
    }
    (filters, errors)
}

#[derive(sqlx::FromRow)]
struct Row {
    #[sqlx(flatten)]
    evidence: Evidence,
    uploaded_by: Option<Uuid>,
    concerns: Option<Uuid>,
    benchmark_statement: Option<String>,
    measured_on: Option<NaiveDate>,
    measured_statement: Option<String>,
}

/// One piece of evidence as the library lists it.
pub struct Item {
    title: String,
    href: String,
    is_link: bool,
    date: String,
    kind: &'static str,
    /// "PDF · 2.4 MB" for files, the site for links.
    detail: String,
    attached: String,
    added_by: String,
    added_on: String,
    note: String,
    remove_path: Option<String>,
}

pub struct Choice {
    id: String,
    label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "evidence/library.html")]
pub struct LibraryPage {
    layout: Layout,
    district_name: String,
    district_slug: String,
    library_path: String,
    add_path: Option<String>,
    items: Vec<Item>,
    count_label: String,
    filtered: bool,
    initiatives: Vec<Choice>,
    query: LibraryQuery,
    errors: FieldErrors,
}

/// "12 pieces of evidence", or "1 piece of evidence matches the filters".
fn count_label(n: usize, filtered: bool) -> String {
    match (n, filtered) {
        (1, false) => "1 piece of evidence".into(),
        (1, true) => "1 piece of evidence matches the filters".into(),
        (n, false) => format!("{n} pieces of evidence"),
        (n, true) => format!("{n} pieces of evidence match the filters"),
    }
}

pub async fn page(
    mut scope: DistrictScope,
    Query(query): Query<LibraryQuery>,
) -> Result<LibraryPage> {
    scope.require(Permission::ViewPlan)?;
    let district_id = scope.district.id;
    let (filters, errors) = filters(&query);
    let current = queries::current_plan_id(scope.conn(), district_id).await?;
    let versions = queries::versions(scope.conn(), district_id).await?;
    let initiatives = numbered_initiatives(scope.conn(), district_id, None).await?;
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {EVIDENCE_COLUMNS}, e.uploaded_by, {CONCERNS_INITIATIVE} AS concerns, \
                b.statement AS benchmark_statement, m.measured_on, mb.statement AS measured_statement \
         FROM evidence e LEFT JOIN users p ON p.id = e.uploaded_by {CONCERNS_JOINS} \
         WHERE e.district_id = $1 AND ($2::uuid IS NULL OR {CONCERNS_INITIATIVE} = $2) \
           AND ($3::evidence_kind IS NULL OR e.kind = $3) \
           AND ($4::date IS NULL OR e.evidence_on >= $4) AND ($5::date IS NULL OR e.evidence_on <= $5) \
         ORDER BY e.evidence_on DESC, e.uploaded_at DESC"
    ))
    .bind(district_id)
    .bind(filters.initiative)
    .bind(filters.kind)
    .bind(filters.from)
    .bind(filters.to)
    .fetch_all(scope.conn())
    .await?;

    let by_id: HashMap<Uuid, &NumberedInitiative> = initiatives.iter().map(|i| (i.id, i)).collect();
    let years: HashMap<Uuid, String> = versions.iter().map(|v| (v.id, v.years_label())).collect();
    let initiative_label = |id: Uuid| match by_id.get(&id) {
        Some(i) if Some(i.plan_id) == current => i.label(),
        Some(i) => match years.get(&i.plan_id) {
            Some(years) => format!("{} (plan for {years})", i.label()),
            None => i.label(),
        },
        None => "Not attached".into(),
    };
    let library = library_path(&scope);
    let me = scope.user.user.id;
    let items: Vec<Item> = rows
        .into_iter()
        .map(|row| {
            let e = &row.evidence;
            let attached = if let Some(id) = e.initiative_id {
                initiative_label(id)
            } else if e.benchmark_id.is_some() {
                format!(
                    "Benchmark: {}",
                    row.benchmark_statement.clone().unwrap_or_default()
                )
            } else if let (Some(_), Some(on)) = (e.measurement_id, row.measured_on) {
                format!(
                    "Measurement of {} for {}",
                    date_label(on),
                    row.measured_statement.clone().unwrap_or_default()
                )
            } else {
                "Not attached".into()
            };
            let lead = row
                .concerns
                .and_then(|id| by_id.get(&id))
                .and_then(|i| i.lead_user_id);
            let may_remove = scope.can(Permission::RecordProgress)
                || (row.uploaded_by == Some(me) && scope.may_record(lead));
            let (href, detail) = match e.kind {
                EvidenceKind::File => (
                    format!("{library}/{}/file", e.id),
                    format!(
                        "{} · {}",
                        e.content_type
                            .as_deref()
                            .and_then(content::label_of)
                            .unwrap_or("File"),
                        e.size_label()
                    ),
                ),
                EvidenceKind::Link => {
                    let url = e.url.clone().unwrap_or_default();
                    let host = url::Url::parse(&url)
                        .ok()
                        .and_then(|u| u.host_str().map(str::to_string))
                        .unwrap_or_default();
                    (url, host)
                }
            };
            Item {
                title: e.title.clone(),
                href,
                is_link: e.kind == EvidenceKind::Link,
                date: date_label(e.evidence_on),
                kind: e.kind.label(),
                detail,
                attached,
                added_by: e.uploaded_by_name.clone(),
                added_on: date_label(e.uploaded_at.with_timezone(&DEFAULT_TIME_ZONE).date_naive()),
                note: e.note.clone(),
                remove_path: may_remove.then(|| format!("{library}/{}/remove", e.id)),
            }
        })
        .collect();

    let current_plan = versions.iter().find(|v| Some(v.id) == current);
    let current_initiatives: Vec<&NumberedInitiative> = initiatives
        .iter()
        .filter(|i| Some(i.plan_id) == current)
        .collect();
    let accepts_progress = current_plan.is_some_and(|p| {
        matches!(
            p.status,
            crate::plans::model::PlanStatus::Approved | crate::plans::model::PlanStatus::Submitted
        )
    });
    let may_add = scope.can(Permission::RecordProgress)
        || (accepts_progress
            && current_initiatives
                .iter()
                .any(|i| scope.may_record(i.lead_user_id)));
    Ok(LibraryPage {
        layout: Layout::new(&scope.user, "Evidence library", "plan").await,
        district_name: scope.district.name.clone(),
        district_slug: scope.district.slug.clone(),
        add_path: may_add.then(|| format!("{library}/new")),
        library_path: library,
        count_label: count_label(items.len(), filters.any()),
        items,
        filtered: filters.any(),
        initiatives: current_initiatives
            .into_iter()
            .map(|i| Choice {
                id: i.id.to_string(),
                label: i.label(),
            })
            .collect(),
        query,
        errors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(initiative: &str, kind: &str, from: &str, to: &str) -> LibraryQuery {
        LibraryQuery {
            initiative: initiative.into(),
            kind: kind.into(),
            from: from.into(),
            to: to.into(),
        }
    }

    #[test]
    fn filters_are_read_and_bad_dates_reported() {
        let (f, errors) = filters(&query("", "link", "2025-09-01", ""));
        assert!(errors.is_empty());
        assert_eq!(f.kind, Some(EvidenceKind::Link));
        assert_eq!(f.from, NaiveDate::from_ymd_opt(2025, 9, 1));
        assert!(f.any());
        let (f, errors) = filters(&query("", "", "", ""));
        assert!(!f.any() && errors.is_empty());
        let (f, errors) = filters(&query("", "", "1 Sept", "2025-01-01"));
        assert_eq!(f.from, None);
        assert!(errors.has("from"));
        let (_, errors) = filters(&query("", "", "2025-09-01", "2025-01-01"));
        assert!(errors.has("to"));
    }

    #[test]
    fn counts_read_naturally() {
        assert_eq!(count_label(1, false), "1 piece of evidence");
        assert_eq!(count_label(12, false), "12 pieces of evidence");
        assert_eq!(
            count_label(0, true),
            "0 pieces of evidence match the filters"
        );
        assert_eq!(
            count_label(1, true),
            "1 piece of evidence matches the filters"
        );
    }
}
