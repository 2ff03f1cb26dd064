//! Writing a saved form: the narratives, ratings and chosen evidence, a Summative Report's words
//! on its final outcomes; and, for a save from a stale page, what differs from what was saved.

use uuid::Uuid;

use super::content::Content;
use super::form::{ReportForm, SCALES};
use crate::access::DistrictScope;
use crate::error::Result;
use crate::plans::model::BenchmarkKind;
use crate::qpr::model::Qpr;
use crate::web::conflict::ConflictRow;

/// The narratives, ratings and chosen evidence of the plan's objectives and initiatives that the
/// form carried (anything else in it is ignored).
pub async fn write_parts(
    scope: &mut DistrictScope,
    qpr: &Qpr,
    content: &Content,
    form: &ReportForm,
) -> Result<()> {
    let district_id = scope.district.id;
    let objectives = &content.tree.objectives;
    write_narratives(
        scope,
        qpr,
        "qpr_objectives",
        "objective_id",
        &form.objectives,
        |id| objectives.iter().any(|o| o.id == id),
    )
    .await?;
    if content.summative.is_some() {
        let benchmarks = &content.tree.benchmarks;
        write_narratives(
            scope,
            qpr,
            "qpr_outcomes",
            "benchmark_id",
            &form.outcomes,
            |id| {
                benchmarks
                    .iter()
                    .any(|b| b.id == id && b.kind == BenchmarkKind::FinalOutcome)
            },
        )
        .await?;
    }
    let inputs: Vec<_> = form
        .initiatives
        .iter()
        .filter(|i| content.tree.initiatives.iter().any(|t| t.id == i.id))
        .collect();
    let column = |f: &dyn Fn(&super::form::InitiativeInput) -> String| -> Vec<String> {
        inputs.iter().map(|i| f(i).trim().to_string()).collect()
    };
    let ids: Vec<Uuid> = inputs.iter().map(|i| i.id).collect();
    sqlx::query(
        "INSERT INTO qpr_initiatives (district_id, qpr_id, initiative_id, narrative, process_rating, \
             process_evidence, process_rationale, performance_rating, performance_evidence, performance_rationale) \
         SELECT $1, $2, n.id, n.narrative, nullif(n.pr, '')::process_rating, n.pe, n.pn, \
                nullif(n.fr, '')::performance_rating, n.fe, n.fn \
         FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[]) \
             AS n(id, narrative, pr, pe, pn, fr, fe, fn) \
         ON CONFLICT (district_id, qpr_id, initiative_id) DO UPDATE SET narrative = excluded.narrative, \
             process_rating = excluded.process_rating, process_evidence = excluded.process_evidence, \
             process_rationale = excluded.process_rationale, performance_rating = excluded.performance_rating, \
             performance_evidence = excluded.performance_evidence, \
             performance_rationale = excluded.performance_rationale",
    )
    .bind(district_id)
    .bind(qpr.id)
    .bind(&ids)
    .bind(column(&|i| i.narrative.clone()))
    .bind(column(&|i| i.rating[0].clone()))
    .bind(column(&|i| i.evidence[0].clone()))
    .bind(column(&|i| i.rationale[0].clone()))
    .bind(column(&|i| i.rating[1].clone()))
    .bind(column(&|i| i.evidence[1].clone()))
    .bind(column(&|i| i.rationale[1].clone()))
    .execute(scope.conn())
    .await?;
    sqlx::query(
        "DELETE FROM qpr_rating_evidence WHERE district_id = $1 AND qpr_id = $2 AND initiative_id = ANY($3)",
    )
    .bind(district_id)
    .bind(qpr.id)
    .bind(&ids)
    .execute(scope.conn())
    .await?;
    let mut chosen: (Vec<Uuid>, Vec<String>, Vec<Uuid>) = Default::default();
    for i in &inputs {
        for (s, scale) in SCALES.iter().enumerate() {
            for item in &i.items[s] {
                if let Ok(evidence_id) = item.parse() {
                    chosen.0.push(i.id);
                    chosen.1.push(scale.to_string());
                    chosen.2.push(evidence_id);
                }
            }
        }
    }
    sqlx::query(
        "INSERT INTO qpr_rating_evidence (district_id, qpr_id, initiative_id, scale, evidence_id) \
         SELECT $1, $2, n.initiative_id, n.scale::rating_scale, n.evidence_id \
         FROM unnest($3::uuid[], $4::text[], $5::uuid[]) AS n(initiative_id, scale, evidence_id) \
         ON CONFLICT DO NOTHING",
    )
    .bind(district_id)
    .bind(qpr.id)
    .bind(&chosen.0)
    .bind(&chosen.1)
    .bind(&chosen.2)
    .execute(scope.conn())
    .await?;
    Ok(())
}

/// The narrative typed per objective (or final outcome) in `table`, whose row is keyed by `key`,
/// for the ids the plan has (`keep`).
async fn write_narratives(
    scope: &mut DistrictScope,
    qpr: &Qpr,
    table: &str,
    key: &str,
    typed: &[(Uuid, String)],
    keep: impl Fn(Uuid) -> bool,
) -> Result<()> {
    let (ids, narratives): (Vec<Uuid>, Vec<String>) = typed
        .iter()
        .filter(|(id, _)| keep(*id))
        .map(|(id, n)| (*id, n.trim().to_string()))
        .unzip();
    sqlx::query(&format!(
        "INSERT INTO {table} (district_id, qpr_id, {key}, narrative) \
         SELECT $1, $2, n.id, n.narrative FROM unnest($3::uuid[], $4::text[]) AS n(id, narrative) \
         ON CONFLICT (district_id, qpr_id, {key}) DO UPDATE SET narrative = excluded.narrative"
    ))
    .bind(scope.district.id)
    .bind(qpr.id)
    .bind(&ids)
    .bind(&narratives)
    .execute(scope.conn())
    .await?;
    Ok(())
}

/// The narratives that differ between what was saved meanwhile and what was typed.
pub fn conflict_rows(qpr: &Qpr, content: &Content, form: &ReportForm) -> Vec<ConflictRow> {
    let tree = &content.tree;
    let mut rows = vec![
        ConflictRow {
            label: "Summary of overall progress".into(),
            theirs: qpr.summary.clone(),
            yours: form.summary.clone(),
        },
        ConflictRow {
            label: "Recommendations for next year".into(),
            theirs: qpr.recommendations.clone(),
            yours: form.recommendations.clone(),
        },
    ];
    for o in &tree.objectives {
        if let Some(yours) = form.objective(o.id) {
            rows.push(ConflictRow {
                label: format!("Objective {}", tree.objective_number(o.id)),
                theirs: content.narrative_of(o.id).to_string(),
                yours: yours.to_string(),
            });
        }
    }
    for i in &tree.initiatives {
        if let Some(input) = form.initiative(i.id) {
            rows.push(ConflictRow {
                label: format!("Initiative {}", tree.initiative_number(i)),
                theirs: content
                    .rating_of(i.id)
                    .map(|r| r.narrative.clone())
                    .unwrap_or_default(),
                yours: input.narrative.clone(),
            });
        }
    }
    rows.retain(|r| r.theirs.trim() != r.yours.trim());
    rows
}
