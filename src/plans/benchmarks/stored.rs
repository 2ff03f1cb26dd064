//! A benchmark as a plan item: loaded with its targets and what it belongs to, named, kept in
//! the history, edited, removed and moved within its list.

use axum::response::{IntoResponse, Response};
use serde::{Serialize, Serializer};
use uuid::Uuid;

use super::form::{BenchmarkForm, DatedTarget, FormPage, TargetRow, Valid, describe, form_page};
use super::{COLUMNS, Owner, lowercase_first, owner, save_targets, targets};
use crate::error::Result;
use crate::plans::edit::{ConflictRow, Editor, conflict_rows};
use crate::plans::item::{self, Naming, PlanItem};
use crate::plans::item_edit::{Checked, Editable, Shown};
use crate::plans::item_row;
use crate::plans::items::Kind;
use crate::plans::model::{Benchmark, PpiGroup};

/// A benchmark as stored, with its targets and what it belongs to.
pub struct Stored {
    pub(super) benchmark: Benchmark,
    pub(super) targets: Vec<DatedTarget>,
    pub(super) owner: Owner,
}

/// The history keeps a benchmark with its targets written out.
impl Serialize for Stored {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Snapshot<'a> {
            #[serde(flatten)]
            benchmark: &'a Benchmark,
            targets: String,
        }
        let targets = describe(self.benchmark.unit, &self.targets);
        let benchmark = &self.benchmark;
        Snapshot { benchmark, targets }.serialize(serializer)
    }
}

/// The edit form starts from what is stored.
impl From<&Stored> for BenchmarkForm {
    fn from(stored: &Stored) -> Self {
        let (b, targets) = (&stored.benchmark, &stored.targets);
        Self {
            kind: b.kind.key().into(),
            initiative_id: b.initiative_id.map(|i| i.to_string()).unwrap_or_default(),
            statement: b.statement.clone(),
            measure: b.measure.clone(),
            evidence_source: b.evidence_source.clone(),
            frequency: b.frequency.clone(),
            unit: b.unit.key().into(),
            direction: if b.higher_is_better { "up" } else { "down" }.into(),
            ppi_group: b.ppi_group.map(PpiGroup::key).unwrap_or_default().into(),
            population: b.population.clone(),
            rows: (targets.iter().enumerate())
                .map(|(i, t)| TargetRow {
                    number: i + 1,
                    date: t.due_on.to_string(),
                    value: b.unit.input(t.value),
                    error: String::new(),
                })
                .collect(),
            version: Some(b.version),
            reason: String::new(),
        }
    }
}

impl PlanItem for Stored {
    const KIND: Kind = Kind::Benchmark;

    fn id(&self) -> Uuid {
        self.benchmark.id
    }

    async fn load(editor: &mut Editor, id: Uuid) -> Result<Self> {
        let sql = format!(
            "SELECT {COLUMNS} FROM benchmarks WHERE district_id = $1 AND plan_id = $2 AND id = $3"
        );
        let benchmark: Benchmark = item::find(editor, &sql, id).await?;
        let targets = targets(editor, id).await?;
        let owner = owner(editor, benchmark.kind, benchmark.initiative_id).await?;
        Ok(Self {
            benchmark,
            targets,
            owner,
        })
    }

    async fn naming(&self, _: &mut Editor) -> Result<Naming> {
        let subject = self.owner.subject();
        let this = format!("this {}", lowercase_first(&subject));
        Ok(Naming {
            subject,
            removing: this.clone(),
            moving: this,
        })
    }

    fn parent_anchor(&self) -> String {
        self.owner.anchor()
    }

    async fn removal(&self, _: &mut Editor) -> Result<String> {
        Ok(format!(
            "“{}” will be removed from the plan with its targets. The history keeps a record of it.",
            self.benchmark.statement
        ))
    }

    fn moving(&self) -> String {
        format!("“{}” changes place in its list.", self.benchmark.statement)
    }
}

impl Editable for Stored {
    type Form = BenchmarkForm;
    type Valid = Valid;

    async fn check(&self, editor: &mut Editor, form: &BenchmarkForm) -> Checked<Valid> {
        Ok(form.validate(&editor.plan, &self.targets))
    }

    /// Saves the benchmark and, when it was still at `version`, replaces its targets.
    async fn save(&self, editor: &mut Editor, version: i32, valid: &Valid) -> Result<Option<Self>> {
        let id = self.benchmark.id;
        let sql = format!(
            "UPDATE benchmarks SET statement = $4, measure = $5, evidence_source = $6, frequency = $7, unit = $8, \
             higher_is_better = $9, ppi_group = $10, population = $11, version = version + 1, updated_at = now() WHERE district_id = $1 AND id = $2 AND version = $3 RETURNING {COLUMNS}"
        );
        let saved: Option<Benchmark> = item_row::update(editor, &sql, id, version, valid).await?;
        let Some(benchmark) = saved else {
            return Ok(None);
        };
        save_targets(editor, id, &valid.targets).await?;
        Ok(Some(Self {
            benchmark,
            targets: valid.targets.clone(),
            owner: self.owner.clone(),
        }))
    }

    fn conflict(&self, form: &BenchmarkForm, valid: &Valid) -> Vec<ConflictRow> {
        let b = &self.benchmark;
        conflict_rows(vec![
            ("Benchmark", b.statement.clone(), form.statement.clone()),
            ("Measure", b.measure.clone(), form.measure.clone()),
            (
                "Evidence source",
                b.evidence_source.clone(),
                form.evidence_source.clone(),
            ),
            ("Frequency", b.frequency.clone(), form.frequency.clone()),
            ("Unit", b.unit.label().into(), valid.unit.label().into()),
            (
                "Targets",
                describe(b.unit, &self.targets),
                describe(valid.unit, &valid.targets),
            ),
        ])
    }

    async fn page(&self, editor: &mut Editor, shown: Shown<BenchmarkForm>) -> Result<Response> {
        let Shown {
            form,
            errors,
            conflict,
        } = shown;
        let id = Some(self.benchmark.id);
        let mut page: FormPage = form_page(editor, &self.owner, id, form, errors).await;
        page.conflict = conflict;
        Ok(page.into_response())
    }
}
