//! The Level 4 District AIP Rubric (seed 002 Appendix D) and the guiding questions behind it
//! (Appendix E), as data: the one place the review form, the plan page and the review list read
//! the rubric's words from. The texts are the rubric's own; only the numbering of its lists, which
//! the seed lost ("1. … 1. … 1."), is restored.

use serde::{Deserialize, Serialize};

mod criteria;
use criteria::{
    INSTRUCTIONAL_CORE, LONG_TERM_CAPACITY, PROVIDES_FOCUS, ROOT_CAUSES, TRACKS_PROGRESS,
};

/// A criterion's rating, the rubric's four columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, sqlx::Type)]
#[sqlx(type_name = "rubric_rating", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    Developing,
    Emerging,
    ReadyToImplement,
    Strong,
}

impl Rating {
    pub const ALL: [Self; 4] = [
        Self::Developing,
        Self::Emerging,
        Self::ReadyToImplement,
        Self::Strong,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Self::Developing => "developing",
            Self::Emerging => "emerging",
            Self::ReadyToImplement => "ready_to_implement",
            Self::Strong => "strong",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Developing => "Developing",
            Self::Emerging => "Emerging",
            Self::ReadyToImplement => "Ready to implement",
            Self::Strong => "Strong",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.key() == key)
    }

    /// The column's place, left to right: the index into a criterion's `levels`.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The rubric's "Definition" row for the column.
    pub fn definition(self) -> &'static str {
        match self {
            Self::Developing => {
                "The plan does not closely follow criteria outlined in “Guidance for Districts” or \
                 key evaluation criteria. The plan lacks clarity, coherency and focus. The plan is \
                 unlikely to lead to accelerated and sustainable improvements in teaching, learning \
                 and student outcomes."
            }
            Self::Emerging => "Meets most basic criteria outlined in “Guidance for Districts.”",
            Self::ReadyToImplement => {
                "Meets basic criteria in “Guidance for Districts” and addresses key evaluation \
                 criteria. The plan may need further refinements during implementation to ensure \
                 intended improvements in teaching, learning and student outcomes are met and \
                 sustained."
            }
            Self::Strong => {
                "Fully meets the criteria outlined in “Guidance for Districts” and key evaluation \
                 criteria. Represents most promising plan given currently known data. The plan is \
                 coherent and focused and lays down a pathway for success that is likely to lead to \
                 accelerated improvements in teaching, learning and student achievement. Plan \
                 clearly identifies capacity building measures to promote sustainable improvement."
            }
        }
    }

    /// The rubric's "Next Step" row for the column.
    pub fn next_step(self) -> &'static str {
        match self {
            Self::Developing => "Revise",
            Self::Emerging => {
                "Strengthen some key areas to maximize potential impact on improving student \
                 outcomes and teaching and learning."
            }
            Self::ReadyToImplement => "Implement, but continue refining during implementation.",
            Self::Strong => "Implement. Refine as needed to make mid-course corrections.",
        }
    }

    /// The badge's style; the label always says the rating too.
    pub fn css_class(self) -> &'static str {
        match self {
            Self::Developing => "rubric-developing",
            Self::Emerging => "rubric-emerging",
            Self::ReadyToImplement => "rubric-ready",
            Self::Strong => "rubric-strong",
        }
    }
}

/// The overall decision on a plan: one of the rubric's next steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, sqlx::Type)]
#[sqlx(type_name = "rubric_decision", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Revise,
    Strengthen,
    ImplementAndRefine,
    Implement,
}

impl Decision {
    pub const ALL: [Self; 4] = [
        Self::Revise,
        Self::Strengthen,
        Self::ImplementAndRefine,
        Self::Implement,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Self::Revise => "revise",
            Self::Strengthen => "strengthen",
            Self::ImplementAndRefine => "implement_and_refine",
            Self::Implement => "implement",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.key() == key)
    }

    /// The rubric column whose "Next Step" this decision is.
    pub fn rating(self) -> Rating {
        match self {
            Self::Revise => Rating::Developing,
            Self::Strengthen => Rating::Emerging,
            Self::ImplementAndRefine => Rating::ReadyToImplement,
            Self::Implement => Rating::Strong,
        }
    }

    /// A few words for headings and subjects: "Implement and refine".
    pub fn short_label(self) -> &'static str {
        match self {
            Self::Revise => "Revise",
            Self::Strengthen => "Strengthen",
            Self::ImplementAndRefine => "Implement and refine",
            Self::Implement => "Implement",
        }
    }

    /// The rubric's own wording of the next step.
    pub fn label(self) -> &'static str {
        self.rating().next_step()
    }

    pub fn definition(self) -> &'static str {
        self.rating().definition()
    }

    /// "Revise" sends the plan back to the district as a draft; the others let ESE approve it.
    pub fn returns_plan(self) -> bool {
        self == Self::Revise
    }

    pub fn css_class(self) -> &'static str {
        self.rating().css_class()
    }
}

/// One guiding question of Appendix E, with the points listed under it.
#[derive(Debug)]
pub struct Question {
    pub number: u8,
    pub text: &'static str,
    pub points: &'static [&'static str],
}

/// One of the rubric's five criteria.
#[derive(Debug)]
pub struct Criterion {
    /// As stored in `plan_review_criteria.criterion`.
    pub key: &'static str,
    pub name: &'static str,
    /// Its letter in Appendix E, whose order differs from Appendix D's.
    pub letter: char,
    /// The description in each column, in [`Rating::ALL`] order.
    pub levels: [&'static str; 4],
    pub questions: &'static [Question],
}

impl Criterion {
    pub fn level(&self, rating: Rating) -> &'static str {
        self.levels[rating.index()]
    }
}

/// The criteria in Appendix D's order.
pub const CRITERIA: [Criterion; 5] = [
    PROVIDES_FOCUS,
    ROOT_CAUSES,
    INSTRUCTIONAL_CORE,
    TRACKS_PROGRESS,
    LONG_TERM_CAPACITY,
];

pub fn criterion(key: &str) -> Option<&'static Criterion> {
    CRITERIA.iter().find(|c| c.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_five_criteria_in_appendix_d_order_with_the_stored_keys() {
        let keys: Vec<&str> = CRITERIA.iter().map(|c| c.key).collect();
        assert_eq!(
            keys,
            [
                "provides_focus",
                "root_causes",
                "instructional_core",
                "tracks_progress",
                "long_term_capacity"
            ]
        );
        assert_eq!(
            criterion("tracks_progress").map(|c| c.name),
            Some("Useful For Tracking the Sufficiency of Progress")
        );
        assert!(criterion("coherence").is_none());
    }

    #[test]
    fn appendix_e_letters_follow_the_criteria_by_name_not_position() {
        let letter = |key| criterion(key).map(|c| c.letter);
        assert_eq!(letter("provides_focus"), Some('A'));
        assert_eq!(letter("instructional_core"), Some('B'));
        assert_eq!(letter("root_causes"), Some('C'));
        assert_eq!(letter("tracks_progress"), Some('D'));
        assert_eq!(letter("long_term_capacity"), Some('E'));
        // The instructional-core questions are about classrooms; the root-cause ones are not.
        assert!(
            INSTRUCTIONAL_CORE.questions[0]
                .text
                .contains("core instructional")
        );
        assert!(ROOT_CAUSES.questions[0].text.contains("right work"));
    }

    #[test]
    fn the_fifteen_guiding_questions_each_appear_once() {
        let mut numbers: Vec<u8> = CRITERIA
            .iter()
            .flat_map(|c| c.questions.iter().map(|q| q.number))
            .collect();
        numbers.sort_unstable();
        assert_eq!(numbers, (1..=15).collect::<Vec<u8>>());
        let last = &LONG_TERM_CAPACITY.questions[2];
        assert!(
            last.text.contains("just one more fad"),
            "Appendix E's last question"
        );
    }

    #[test]
    fn each_level_has_its_own_description() {
        for c in &CRITERIA {
            for (i, text) in c.levels.iter().enumerate() {
                assert!(text.len() > 80, "{} level {i} is written out", c.key);
                assert!(
                    !c.levels[i + 1..].contains(text),
                    "{} repeats a description",
                    c.key
                );
            }
        }
        assert!(
            PROVIDES_FOCUS
                .level(Rating::Strong)
                .ends_with("on the 3-5 objectives.")
        );
        assert!(
            LONG_TERM_CAPACITY
                .level(Rating::Emerging)
                .contains("Only one of the three elements")
        );
    }

    #[test]
    fn keys_round_trip_and_decisions_are_the_next_steps() {
        for r in Rating::ALL {
            assert_eq!(Rating::parse(r.key()), Some(r));
        }
        for d in Decision::ALL {
            assert_eq!(Decision::parse(d.key()), Some(d));
        }
        assert_eq!(Rating::parse("Strong"), None);
        assert_eq!(Decision::Revise.label(), "Revise");
        assert_eq!(
            Decision::ImplementAndRefine.label(),
            "Implement, but continue refining during implementation."
        );
        assert!(
            Decision::Strengthen
                .label()
                .starts_with("Strengthen some key areas")
        );
        assert!(Decision::Revise.returns_plan());
        assert!(!Decision::Strengthen.returns_plan());
        assert_eq!(
            Rating::ReadyToImplement.index(),
            2,
            "levels are in the rubric's column order"
        );
    }
}
