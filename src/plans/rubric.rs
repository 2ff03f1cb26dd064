//! The Level 4 District AIP Rubric (seed 002 Appendix D) and the guiding questions behind it
//! (Appendix E), as data: the one place the review form, the plan page and the review list read
//! the rubric's words from. The texts are the rubric's own; only the numbering of its lists, which
//! the seed lost ("1. … 1. … 1."), is restored.

use serde::{Deserialize, Serialize};

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

const PROVIDES_FOCUS: Criterion = Criterion {
    key: "provides_focus",
    name: "Provides Focus",
    letter: 'A',
    levels: [
        "The plan lacks a focus or coherency that is easily understood by district, teachers, \
         parents and community members. The plan does not succinctly describe three to five \
         overarching areas of focus and concrete initiatives under each focus area which are \
         specifically targeted to raising student achievement and improving the quality of \
         education. Areas of focus are not ranked in an appropriate order.",
        "The plan is generally clear and coherent and in the main makes clear to stakeholders what \
         will be done to bring about accelerated improvements. Some aspects of the plan need \
         further clarification or coherency. The three to five focus areas for improvement are \
         ranked in an appropriate order. Some focus areas and initiatives need greater clarity and \
         alignment to help secure expected outcomes.",
        "The plan is focused and coherent and written in a manner that is accessible and easy to \
         understand for all stakeholders. Some minor aspects of the plan need greater clarity. \
         Areas of focus are ranked in an appropriate order but together with identified \
         initiatives need further minor refinements and alignment to help ensure best possible \
         impact on student achievement and learning.",
        "The plan is well written because it is clear, concise and coherent and easily understood \
         by all stakeholders. It is clearly evident what the core issues are and what will be done \
         to address them. The objectives are ranked appropriately and there is strong alignment \
         between the objectives and initiatives with a clear focus on bringing about accelerated \
         and sustained improvements in student achievement and teaching and learning. The Plan \
         provides a strong focus on improvement efforts on the 3-5 objectives.",
    ],
    questions: &[
        Question {
            number: 1,
            text: "When you read this plan, do you understand what needs to be done differently in \
                   the district and why?",
            points: &[],
        },
        Question {
            number: 2,
            text: "What makes this plan likely to lead to rapid improvement in teaching, learning, \
                   and student achievement across the district this year?",
            points: &[],
        },
        Question {
            number: 3,
            text: "How does this plan help communicate to stakeholders that it is a new day in the \
                   district, and that they have a role in making it happen?",
            points: &[],
        },
        Question {
            number: 4,
            text: "Is this a plan that a district or school leader could easily articulate to \
                   others?",
            points: &[],
        },
        Question {
            number: 5,
            text: "From the perspective of a teacher or student, to what extent do these strategic \
                   objectives and initiatives feel like one coherent, coordinated way of \
                   approaching teaching and learning?",
            points: &[],
        },
    ],
};

const ROOT_CAUSES: Criterion = Criterion {
    key: "root_causes",
    name: "Addresses Systemic Root Causes",
    letter: 'C',
    levels: [
        "The plan fails to accurately identify the core issues, focus areas and challenges to \
         rapidly improve student outcomes. Outlined strategies to address weaknesses appear weak \
         and lack rigor. Areas of focus and challenges are not drawn from the district review \
         report, along with other quantitative and qualitative data and are not aligned to ESE \
         District Standards and Indicators. It is unclear why areas of focus in the plan have been \
         chosen. Plan does not address issues in the district review report that could seriously \
         hinder Plan implementation.",
        "The plan in general way identifies areas of weakness in student achievement and learning. \
         It is mostly clear why priorities are chosen because they are generally consistent with \
         the district review, other data and are aligned to ESE District Standards and \
         Indicators.",
        "The plan accurately identifies areas of weakness and it is clear why core issues and \
         objectives were selected. The plan makes appropriate reference to the district review, \
         other data and alignment to ESE District Standards and Indicators, to identify areas for \
         improvement. A small number of identified strategies for securing improvement and \
         addressing interdependencies and obstacles are in need of further consideration.",
        "The plan uses the district review, other quantitative and qualitative data and ESE \
         District Standards and Indicators well to accurately identify root causes of weakness. \
         Strategies to tackle identified weaknesses are rigorous and analytical and are systematic \
         in addressing interdependencies and barriers to success. The identified issues and \
         strategies are firmly focused on impacting on accelerating student learning and \
         achievement. Addresses key weaknesses in the district.",
    ],
    questions: &[
        Question {
            number: 8,
            text: "Are you doing the right work at the right level, and how do you know?",
            points: &[],
        },
        Question {
            number: 9,
            text: "Is it possible to do all this work and see no real and lasting change? If so, \
                   what else is needed to impact and dramatically shift adult skills, knowledge, \
                   beliefs, and practices related to teaching and learning?",
            points: &[],
        },
    ],
};

const INSTRUCTIONAL_CORE: Criterion = Criterion {
    key: "instructional_core",
    name: "Quickly Targets the Instructional Core",
    letter: 'B',
    levels: [
        "The plan fails to make clear how the district it will bring about accelerated and \
         sustained improvements in teaching and learning. The plan does not clearly and \
         strategically identify how any of the three key elements are to be effectively met.",
        "The plan provides a strategic and achievable outline for meeting one of the three key \
         elements. Improvements and refinements are needed in the strategic planning for the other \
         two key elements.",
        "The plan provides a strategic and achievable outline for meeting two out of the three key \
         elements. Improvements and refinements are needed in the strategic planning for the other \
         key element.",
        "The plan has the potential to impact on and bring about accelerated improvement in \
         teaching and learning because it provides a strategic blueprint for tackling weaknesses \
         and disseminating good practice. The plan systematically addresses the three key elements \
         by ensuring:\n\
         1. There are “quick wins” planned for students and/or teachers.\n\
         2. It makes clear the direct “through-line” between improvement activities and \
         improvement in teaching.\n\
         3. It makes clear the direct “through-line” between improvement activities and learning \
         outcomes for students.",
    ],
    questions: &[
        Question {
            number: 6,
            text: "In what ways does this plan target and transform the core instructional \
                   practices that are used in every classroom across the district in order to \
                   accelerate improvement in teaching, learning, and student achievement?",
            points: &[],
        },
        Question {
            number: 7,
            text: "What is different about this set of district and school-level strategies that \
                   will accelerate learning beyond what is currently taking place?",
            points: &[
                "What exactly will be different for a student on a day-to-day basis a month (or \
                 two, four, six months) from now as a result of this work? Is it possible to do \
                 all this work and still have students doing what they have always been doing in \
                 class?",
                "What exactly will be different for a teacher on a day-to-day basis a month (or \
                 two, four, six months) from now as a result of this work? What exactly would be \
                 different about the work they do and the supports they receive? How will you \
                 know?",
            ],
        },
    ],
};

const TRACKS_PROGRESS: Criterion = Criterion {
    key: "tracks_progress",
    name: "Useful For Tracking the Sufficiency of Progress",
    letter: 'D',
    levels: [
        "To track the sufficiency of progress, benchmarks need to be strengthened. The plan meets \
         less than two of the specified standard benchmarks.",
        "The plan is in need of further refinement and modification to ensure its effectiveness in \
         tracking progress. Two of the four standard benchmarks are met but two are not.",
        "Additional refinement is needed in one of the criteria, as currently only three out of \
         the four benchmarks, including final outcomes, meet the standard.",
        "All types of benchmarks sufficiently clear, measurable, aligned, ambitious, realistic:\n\
         1. Process benchmarks (“Activities”) are clear, measurable (there will be sufficient \
         collectable data concerning the frequency/quantity and quality of activities), and likely \
         to result in the district’s ability to meet its “Early evidence of change benchmarks.”\n\
         2. Early evidence of change benchmarks are clear, measurable (there will be sufficient \
         collectable data concerning the frequency/quantity and quality of changes to adult \
         practice and behavior), and likely to result in the district’s ability to meet its \
         “interim outcomes”.\n\
         3. Interim outcomes are clear, measurable, and likely to result in the district’s ability \
         to meet its “final outcomes.”\n\
         4. Final outcomes are clear, measurable, ambitious, realistic.",
    ],
    questions: &[
        Question {
            number: 10,
            text: "Do the short-term outcomes and evidence of change:",
            points: &[
                "Leave little room for interpretation and provide clarity about how adult actions \
                 matter?",
                "Seem reasonable and meaningful to collect?",
                "Demonstrate that the district is likely to achieve the desired outcome?",
                "Seem focused and aligned, telling a clear, causal story leading to \
                 transformation?",
            ],
        },
        Question {
            number: 11,
            text: "Is it possible to complete all the activities and still not achieve the \
                   initiative or strategic objective? If so, what is needed to ensure the right \
                   activities are taken to have the desired impact?",
            points: &[],
        },
        Question {
            number: 12,
            text: "Is it possible to meet all the ‘early evidence of change’ and ‘short term \
                   outcomes’ outlined in the Plan and still not achieve the final outcomes for \
                   student learning for the year? If so, what else is needed to have a better \
                   understanding of the impact the activities and initiatives are having on \
                   teaching and learning?",
            points: &[
                "Are the measures rigorous enough to signal real changes in practice?",
                "Are there other measures of adult practice and/or student learning that would be \
                 better indicators of progress toward the final outcomes?",
            ],
        },
    ],
};

const LONG_TERM_CAPACITY: Criterion = Criterion {
    key: "long_term_capacity",
    name: "Builds Long-Term Capacity",
    letter: 'E',
    levels: [
        "The plan fails to clearly and strategically outline how identified and stated objectives \
         and initiatives will lead to sustainable improvements in student achievement and teaching \
         and learning. It is not clear how plan objectives and initiatives will lead to sustained \
         improvement in teaching and learning.",
        "The plan is in need of further refinement and modification to increase its potential to \
         bring about sustained improvements in student academic outcomes and teaching and \
         learning. Only one of the three elements of capacity building measures is adequately \
         addressed in the plan.",
        "Additional refinements and amendments are needed in one the three elements of capacity \
         building. The other two have been clearly met.",
        "The plan fully meets requirements and expectations. The Plan includes system changes and \
         capacity building measures that ensure that plan objectives and initiatives can be fully \
         implemented and lead to sustainable improvement of teaching and learning because\n\
         1. It is do-able given the current capacity and/or capacity-building activities written \
         in the Plan.\n\
         2. Plan sufficiently accounts for obstacles and interdependencies.\n\
         3. Plan is likely to lead to sustained change over time.",
    ],
    questions: &[
        Question {
            number: 13,
            text: "In what ways does the plan support the creation and/or modification of systems, \
                   processes, and policies to ensure the work can be fully implemented and \
                   sustained?",
            points: &[],
        },
        Question {
            number: 14,
            text: "In what ways does the Plan shift and/or strengthen:",
            points: &[
                "Central office responses to staffing, instructional, and operational needs of the \
                 schools",
                "Proactive structures for supporting and monitoring district leaders, principals, \
                 and teachers and for holding them accountable for achieving ambitious goals",
                "Decision-making processes",
                "Resource allocation, including effective use of human capital",
                "Operational and financial practices",
                "Staffing, schedules, and governance",
                "Identification of schools in need of support through a transparent process",
            ],
        },
    ],
};

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
        assert!(INSTRUCTIONAL_CORE.questions[0].text.contains("core instructional"));
        assert!(ROOT_CAUSES.questions[0].text.contains("right work"));
    }

    #[test]
    fn the_fourteen_guiding_questions_each_appear_once() {
        let mut numbers: Vec<u8> = CRITERIA
            .iter()
            .flat_map(|c| c.questions.iter().map(|q| q.number))
            .collect();
        numbers.sort_unstable();
        assert_eq!(numbers, (1..=14).collect::<Vec<u8>>());
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
        assert!(PROVIDES_FOCUS.level(Rating::Strong).ends_with("on the 3-5 objectives."));
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
        assert!(Decision::Strengthen.label().starts_with("Strengthen some key areas"));
        assert!(Decision::Revise.returns_plan());
        assert!(!Decision::Strengthen.returns_plan());
        assert_eq!(
            Rating::ReadyToImplement.index(),
            2,
            "levels are in the rubric's column order"
        );
    }
}
