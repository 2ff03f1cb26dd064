//! The exit criteria (seed 002 Appendix N) and the continuum of shifting roles (Appendix M) as
//! the seed writes them, read once from `criteria.toml` beside this file.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

/// Where a district stands on one criterion, in Appendix M's order.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, sqlx::Type,
)]
#[sqlx(type_name = "continuum_stage", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Early,
    Transitional,
    Embedded,
}

impl Stage {
    pub const ALL: [Self; 3] = [Self::Early, Self::Transitional, Self::Embedded];

    pub fn key(self) -> &'static str {
        match self {
            Self::Early => "early",
            Self::Transitional => "transitional",
            Self::Embedded => "embedded",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// "Early Implementation", as Appendix M names it.
    pub fn label(self) -> &'static str {
        &CONTINUUM.stages[self.index()]
    }

    /// "Transitional": for a table cell.
    pub fn short(self) -> &'static str {
        match self {
            Self::Early => "Early",
            Self::Transitional => "Transitional",
            Self::Embedded => "Embedded",
        }
    }

    /// 0 for Early Implementation, 2 for Practices Embedded.
    pub fn index(self) -> usize {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    pub fn css_class(self) -> &'static str {
        match self {
            Self::Early => "stage-early",
            Self::Transitional => "stage-transitional",
            Self::Embedded => "stage-embedded",
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct Continuum {
    pub theory_of_action: String,
    stages: Vec<String>,
    /// What the district may discuss at a reflection (seed 002 §9).
    pub questions: Vec<String>,
    #[serde(rename = "criterion")]
    pub criteria: Vec<Criterion>,
}

#[derive(Debug, Deserialize)]
pub struct Criterion {
    /// "A" to "E".
    pub letter: String,
    pub title: String,
    /// Appendix N's heading: "DEFINE a narrow set of …".
    pub exit: String,
    pub benchmarks: Vec<ExitBenchmark>,
    /// Appendix M's rows; none for A, which "does not involve shifting roles".
    pub practices: Vec<Practice>,
}

#[derive(Debug, Deserialize)]
pub struct ExitBenchmark {
    /// "Self-Assess"; empty for A's, which are alternatives rather than named practices.
    pub name: String,
    pub text: String,
}

#[derive(Debug, Deserialize)]
pub struct Practice {
    pub name: String,
    /// What the practice looks like at each stage, in [`Stage::ALL`]'s order.
    pub stages: Vec<String>,
}

impl Practice {
    pub fn at(&self, stage: Stage) -> &str {
        &self.stages[stage.index()]
    }
}

impl Stage {
    /// What `practice` looks like at this stage (for templates, which hold stages by reference).
    pub fn in_practice(self, practice: &Practice) -> &str {
        practice.at(self)
    }
}

impl Criterion {
    /// Whether a reflection records a stage for it: B–E do; A is read from the outcome data.
    pub fn is_reflected(&self) -> bool {
        !self.practices.is_empty()
    }
}

pub static CONTINUUM: LazyLock<Continuum> = LazyLock::new(|| {
    let continuum: Continuum = toml::from_str(include_str!("criteria.toml"))
        .unwrap_or_else(|error| panic!("src/continuum/criteria.toml does not read: {error}"));
    continuum.check();
    continuum
});

impl Continuum {
    /// B–E, the criteria a reflection records.
    pub fn reflected(&self) -> impl Iterator<Item = &Criterion> {
        self.criteria.iter().filter(|c| c.is_reflected())
    }

    pub fn criterion(&self, letter: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.letter == letter)
    }

    /// The file is compiled in, so a mistake in it must stop the first use loudly (and the unit
    /// test below, before anyone runs the app).
    fn check(&self) {
        assert_eq!(self.stages.len(), Stage::ALL.len(), "three stages");
        let letters: Vec<&str> = self.criteria.iter().map(|c| c.letter.as_str()).collect();
        assert_eq!(
            letters,
            ["A", "B", "C", "D", "E"],
            "criteria A to E, in order"
        );
        for criterion in &self.criteria {
            for practice in &criterion.practices {
                assert_eq!(
                    practice.stages.len(),
                    Stage::ALL.len(),
                    "{}: {} has a text per stage",
                    criterion.letter,
                    practice.name
                );
            }
        }
    }
}

/// The letters a reflection records, for SQL and forms.
pub const REFLECTED: [&str; 4] = ["B", "C", "D", "E"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::forms::assert_keys_round_trip;

    #[test]
    fn the_seeds_criteria_and_stages_read_in_order() {
        let continuum = &*CONTINUUM;
        let reflected: Vec<&str> = continuum.reflected().map(|c| c.letter.as_str()).collect();
        assert_eq!(reflected, REFLECTED);
        assert_eq!(Stage::Embedded.label(), "Practices Embedded");
        let define = continuum.criterion("B").unwrap();
        assert_eq!(define.benchmarks[0].name, "Self-Assess");
        assert!(
            define.practices[0]
                .at(Stage::Early)
                .starts_with("Plan Manager facilitates")
        );
        let achievement = continuum.criterion("A").unwrap();
        assert!(!achievement.is_reflected());
        assert_eq!(achievement.benchmarks.len(), 2);
        assert_eq!(continuum.questions.len(), 3);
    }

    #[test]
    fn stages_read_back_from_their_keys() {
        assert_keys_round_trip(&Stage::ALL, Stage::key, Stage::parse);
        assert_eq!(Stage::parse("finished"), None);
    }
}
