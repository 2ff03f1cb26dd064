//! The edit form as typed: the summary, a narrative per objective, and per initiative its
//! narrative and both ratings with evidence and rationale; on a Summative Report also the words on
//! each final outcome and the recommendations for next year. Fields are named `<part>-<id>`.

use uuid::Uuid;

use super::content::Content;
use crate::plans::model::BenchmarkKind;
use crate::qpr::model::Qpr;
use crate::qpr::rating::{PerformanceRating, ProcessRating};
use crate::web::forms::{CONTROL_CHARACTER, FieldErrors, has_control_character};

/// The summary and each narrative.
pub const NARRATIVE_MAX: usize = 10_000;
/// Each rating's written evidence and rationale.
pub const SHORT_MAX: usize = 4_000;

/// The two scales as the form names them.
pub const SCALES: [&str; 2] = ["process", "performance"];

#[derive(Debug, Clone, Default)]
pub struct InitiativeInput {
    pub id: Uuid,
    pub narrative: String,
    /// Per scale, in [`SCALES`] order: the rating key, written evidence, rationale, library ids.
    pub rating: [String; 2],
    pub evidence: [String; 2],
    pub rationale: [String; 2],
    pub items: [Vec<String>; 2],
}

#[derive(Debug, Clone, Default)]
pub struct ReportForm {
    pub version: Option<i32>,
    pub summary: String,
    pub objectives: Vec<(Uuid, String)>,
    pub initiatives: Vec<InitiativeInput>,
    /// A Summative Report's parts: the recommendations, and the words on each final outcome.
    pub recommendations: String,
    pub outcomes: Vec<(Uuid, String)>,
}

impl ReportForm {
    pub fn from_saved(qpr: &Qpr, content: &Content) -> Self {
        Self {
            version: Some(qpr.version),
            summary: qpr.summary.clone(),
            recommendations: qpr.recommendations.clone(),
            outcomes: content
                .summative
                .as_ref()
                .map(|s| {
                    content
                        .tree
                        .benchmarks
                        .iter()
                        .filter(|b| b.kind == BenchmarkKind::FinalOutcome)
                        .map(|b| (b.id, s.outcomes.narrative_of(b.id).to_string()))
                        .collect()
                })
                .unwrap_or_default(),
            objectives: content
                .tree
                .objectives
                .iter()
                .map(|o| (o.id, content.narrative_of(o.id).to_string()))
                .collect(),
            initiatives: content
                .tree
                .initiatives
                .iter()
                .map(|i| {
                    let r = content.rating_of(i.id);
                    let text = |f: fn(&crate::qpr::model::InitiativeRating) -> &String| {
                        r.map(|r| f(r).clone()).unwrap_or_default()
                    };
                    let items = |scale| {
                        content
                            .chosen_for(i.id, scale)
                            .map(|e| e.id.to_string())
                            .collect()
                    };
                    InitiativeInput {
                        id: i.id,
                        narrative: text(|r| &r.narrative),
                        rating: [
                            r.and_then(|r| r.process_rating)
                                .map_or("", ProcessRating::key)
                                .into(),
                            r.and_then(|r| r.performance_rating)
                                .map_or("", PerformanceRating::key)
                                .into(),
                        ],
                        evidence: [
                            text(|r| &r.process_evidence),
                            text(|r| &r.performance_evidence),
                        ],
                        rationale: [
                            text(|r| &r.process_rationale),
                            text(|r| &r.performance_rationale),
                        ],
                        items: [items("process"), items("performance")],
                    }
                })
                .collect(),
        }
    }

    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut form = Self::default();
        for (key, value) in pairs {
            match key.as_str() {
                "version" => form.version = value.parse().ok(),
                "summary" => form.summary = value,
                "recommendations" => form.recommendations = value,
                _ => {
                    let Some((part, id)) = key.split_once('-') else {
                        continue;
                    };
                    let Ok(id) = id.parse::<Uuid>() else {
                        continue;
                    };
                    if part == "objective" {
                        form.objectives.push((id, value));
                        continue;
                    }
                    if part == "outcome" {
                        form.outcomes.push((id, value));
                        continue;
                    }
                    let input = form.initiative_mut(id);
                    match part {
                        "narrative" => input.narrative = value,
                        "process" => input.rating[0] = value,
                        "performance" => input.rating[1] = value,
                        "process_evidence" => input.evidence[0] = value,
                        "performance_evidence" => input.evidence[1] = value,
                        "process_rationale" => input.rationale[0] = value,
                        "performance_rationale" => input.rationale[1] = value,
                        "process_items" => input.items[0].push(value),
                        "performance_items" => input.items[1].push(value),
                        _ => {}
                    }
                }
            }
        }
        form
    }

    fn initiative_mut(&mut self, id: Uuid) -> &mut InitiativeInput {
        let at = match self.initiatives.iter().position(|i| i.id == id) {
            Some(at) => at,
            None => {
                self.initiatives.push(InitiativeInput {
                    id,
                    ..Default::default()
                });
                self.initiatives.len() - 1
            }
        };
        &mut self.initiatives[at]
    }

    pub fn objective(&self, id: Uuid) -> Option<&str> {
        self.objectives
            .iter()
            .find(|(o, _)| *o == id)
            .map(|(_, n)| n.as_str())
    }

    pub fn outcome(&self, id: Uuid) -> Option<&str> {
        self.outcomes
            .iter()
            .find(|(o, _)| *o == id)
            .map(|(_, n)| n.as_str())
    }

    pub fn initiative(&self, id: Uuid) -> Option<&InitiativeInput> {
        self.initiatives.iter().find(|i| i.id == id)
    }

    /// Every library id ticked, or `None` when one is not an id at all.
    pub fn evidence_ids(&self) -> Option<Vec<Uuid>> {
        let mut ids: Vec<Uuid> = self
            .initiatives
            .iter()
            .flat_map(|i| i.items.iter().flatten())
            .map(|e| e.parse().ok())
            .collect::<Option<_>>()?;
        ids.sort();
        ids.dedup();
        Some(ids)
    }

    /// Every text typed, by field name.
    fn texts(&self) -> Vec<(String, &str)> {
        let mut texts = vec![
            ("summary".to_string(), self.summary.as_str()),
            ("recommendations".to_string(), self.recommendations.as_str()),
        ];
        for (id, narrative) in &self.objectives {
            texts.push((format!("objective-{id}"), narrative));
        }
        for (id, narrative) in &self.outcomes {
            texts.push((format!("outcome-{id}"), narrative));
        }
        for i in &self.initiatives {
            texts.push((format!("narrative-{}", i.id), &i.narrative));
            for (s, scale) in SCALES.iter().enumerate() {
                texts.push((format!("{scale}_evidence-{}", i.id), &i.evidence[s]));
                texts.push((format!("{scale}_rationale-{}", i.id), &i.rationale[s]));
            }
        }
        texts
    }

    /// What is wrong, by field name.
    pub fn validate(&self) -> Errors {
        let mut errors = Errors::default();
        for (field, text) in self.texts() {
            if has_control_character(text) {
                errors.add(field, CONTROL_CHARACTER);
            }
        }
        let long = |text: &str, max: usize| text.chars().count() > max;
        if long(&self.summary, NARRATIVE_MAX) {
            errors.add("summary".into(), narrative_error(&self.summary));
        }
        if long(&self.recommendations, NARRATIVE_MAX) {
            errors.add(
                "recommendations".into(),
                narrative_error(&self.recommendations),
            );
        }
        for (part, list) in [("objective", &self.objectives), ("outcome", &self.outcomes)] {
            for (id, narrative) in list {
                if long(narrative, NARRATIVE_MAX) {
                    errors.add(format!("{part}-{id}"), narrative_error(narrative));
                }
            }
        }
        for i in &self.initiatives {
            if long(&i.narrative, NARRATIVE_MAX) {
                errors.add(format!("narrative-{}", i.id), narrative_error(&i.narrative));
            }
            for (s, scale) in SCALES.iter().enumerate() {
                let key = i.rating[s].as_str();
                let known = key.is_empty()
                    || match s {
                        0 => ProcessRating::parse(key).is_some(),
                        _ => PerformanceRating::parse(key).is_some(),
                    };
                if !known {
                    errors.add(
                        format!("{scale}-{}", i.id),
                        "Choose one of the four levels of the scale.",
                    );
                }
                for (part, text) in [("evidence", &i.evidence[s]), ("rationale", &i.rationale[s])] {
                    if long(text, SHORT_MAX) {
                        errors.add(
                            format!("{scale}_{part}-{}", i.id),
                            format!(
                                "Keep this to 4,000 characters (it has {}).",
                                text.chars().count()
                            ),
                        );
                    }
                }
            }
        }
        errors
    }
}

fn narrative_error(text: &str) -> String {
    format!(
        "Keep this to 10,000 characters (it has {}).",
        text.chars().count()
    )
}

/// Messages keyed by field name; the fields are per objective and initiative, so the names are
/// built at run time.
pub type Errors = FieldErrors<String>;
