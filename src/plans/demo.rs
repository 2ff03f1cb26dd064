//! Demo plans: each demo district gets an Accelerated Improvement Plan built from the sample
//! plans in seed 001 Appendix B (Randolph, New Bedford, Fall River), moved to the current school
//! year. Where the seed shows only part of a plan, the rest is written in the same voice.
//!
//! Dates are month and day within the plan's first school year: July–December fall in its first
//! calendar year, January–June in the next. In texts, `{year}` stands for that first calendar year
//! and `{next}` for the one after (the spring MCAS year).

use anyhow::Result;
use chrono::{NaiveDate, TimeDelta, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::model::BenchmarkKind::{self, EarlyEvidence, FinalOutcome, ShortTermOutcome};
use super::model::PlanStatus;
use super::model::TargetUnit::{self, Percent, Score, YesNo};
use crate::calendar;

/// Month and day within a school year.
type Md = (u32, u32);

struct DemoPlan {
    slug: &'static str,
    /// The district part of its demo emails: supt.KEY@demo.test, leader.KEY@demo.test.
    key: &'static str,
    title: &'static str,
    /// School years after the first one.
    more_years: i32,
    status: PlanStatus,
    submitted_days_ago: i64,
    approved_days_ago: Option<i64>,
    key_issues: &'static [&'static str],
    theory_of_action: &'static str,
    focus_rationale: &'static str,
    final_outcomes: &'static [Bench],
    objectives: &'static [Objective],
}

struct Objective {
    title: &'static str,
    lead: &'static str,
    initiatives: &'static [Initiative],
}

struct Initiative {
    description: &'static str,
    lead: &'static str,
    /// The lead is the district's demo leader (leader.KEY@demo.test), linked as lead_user_id.
    led_by_leader: bool,
    key_resources: &'static str,
    benchmarks: &'static [Bench],
    activities: &'static [Activity],
}

struct Bench {
    kind: BenchmarkKind,
    statement: &'static str,
    measure: &'static str,
    evidence: &'static str,
    frequency: &'static str,
    unit: TargetUnit,
    targets: &'static [Target],
}

struct Target {
    /// School years after the plan's first (state results arrive the autumn after).
    later: i32,
    on: Md,
    value: f64,
}

/// A target in the plan's first school year.
const fn by(month: u32, day: u32, value: f64) -> Target {
    Target {
        later: 0,
        on: (month, day),
        value,
    }
}

/// A target on a date in the following school year, when state results come out.
const fn results(month: u32, day: u32, value: f64) -> Target {
    Target {
        later: 1,
        on: (month, day),
        value,
    }
}

struct Activity {
    description: &'static str,
    lead: &'static str,
    starts: Md,
    completes: Md,
    resources: &'static str,
    frequency: &'static str,
    interim_monitoring: &'static str,
}

const fn act(description: &'static str, lead: &'static str, starts: Md, completes: Md) -> Activity {
    Activity {
        description,
        lead,
        starts,
        completes,
        resources: "",
        frequency: "",
        interim_monitoring: "",
    }
}

impl Activity {
    const fn needs(self, resources: &'static str) -> Self {
        Self { resources, ..self }
    }

    const fn every(self, frequency: &'static str) -> Self {
        Self { frequency, ..self }
    }

    const fn monitored(self, interim_monitoring: &'static str) -> Self {
        Self {
            interim_monitoring,
            ..self
        }
    }
}

const RANDOLPH_LEADER: &str = "Yesenia Alvarado, Principal, Randolph Community Middle School";

const RANDOLPH: DemoPlan = DemoPlan {
    slug: "randolph",
    key: "randolph",
    title: "Randolph Public Schools Accelerated Improvement Plan",
    more_years: 2,
    status: PlanStatus::Approved,
    submitted_days_ago: 70,
    approved_days_ago: Some(60),
    key_issues: &[
        "Literacy and numeracy skills, as demonstrated on MCAS, are below state averages.",
        "Efforts to improve the performance of students receiving special education services \
         have not resulted in improved MCAS results.",
        "The development of 21st century skills (critical thinking and problem-solving, \
         creativity, communication and collaboration) has not received attention through \
         curriculum planning and implementation, and monitoring of classroom practice. \
         Instruction does not foster higher-order thinking skills.",
        "Professional development offerings have not been explicitly aligned to data regarding \
         student performance.",
        "Accountability systems have not been established to ensure the effective supervision \
         and evaluation of district actions.",
    ],
    theory_of_action: "If the district aligns resources, practices and policies to relentlessly \
        focus on the instructional core through student-centered learning, with each person in \
        the organization sharing responsibility for our work, then our students will reach 95% \
        proficiency in their academic performance.",
    focus_rationale: "Upon review of the key issues impacting student performance, we have \
        identified three strategic objectives to ensure that all of our students reach their \
        full potential. These strategic objectives provide a clear and targeted focus on high \
        quality teaching and learning, teacher development through embedded professional \
        development, student support through systematic interventions and improved \
        accountability.",
    final_outcomes: &[
        Bench {
            kind: FinalOutcome,
            statement: "The district will meet the gain target for the {next} MCAS of 5.0 in ELA \
                and 7.0 in mathematics.",
            measure: "Whether the district's CPI gain on the {next} MCAS reaches 5.0 points in \
                ELA and 7.0 points in mathematics",
            evidence: "{next} MCAS district accountability report",
            frequency: "Annually",
            unit: YesNo,
            targets: &[results(9, 30, 1.0)],
        },
        Bench {
            kind: FinalOutcome,
            statement: "Median student growth percentile will increase to 60 in grades 3-6 and \
                maintain at existing levels for grades 7, 8 and 10.",
            measure: "Median student growth percentile (SGP) in ELA and mathematics, grades 3-6",
            evidence: "{next} MCAS student growth reports",
            frequency: "Annually",
            unit: Score,
            targets: &[results(9, 30, 60.0)],
        },
    ],
    objectives: &[
        Objective {
            title: "Ensure success for all students through high quality teaching and learning",
            lead: "Superintendent",
            initiatives: &[
                Initiative {
                    description: "Align K-12 instructional materials (curriculum and assessments) \
                        to the 2011 MA Frameworks for math and English language arts (ELA)",
                    lead: "Curriculum directors (or assistant superintendent)",
                    led_by_leader: false,
                    key_resources: "Funds for printing documents, PD, staff time, school \
                        schedule and staff to provide coverage",
                    benchmarks: &[
                        Bench {
                            kind: ShortTermOutcome,
                            statement: "85% of agendas and minutes from common planning time \
                                (CPT) meetings show that teachers in grades K-12 are using \
                                formative and benchmark assessments to plan lessons",
                            measure: "Percent of K-12 CPT agendas and minutes showing formative \
                                or benchmark assessment results used to plan lessons",
                            evidence: "CPT agendas and minutes collected by principals",
                            frequency: "Monthly",
                            unit: Percent,
                            targets: &[by(11, 30, 50.0), by(2, 26, 70.0), by(5, 28, 85.0)],
                        },
                        Bench {
                            kind: ShortTermOutcome,
                            statement: "75% of quarterly assessments show an increase in student \
                                performance in math and ELA",
                            measure: "Percent of quarterly math and ELA assessments (by grade) on \
                                which the share of students scoring proficient rose from the \
                                previous quarter",
                            evidence: "Quarterly assessment results reports",
                            frequency: "Quarterly",
                            unit: Percent,
                            targets: &[by(2, 5, 60.0), by(4, 30, 70.0), by(6, 18, 75.0)],
                        },
                        Bench {
                            kind: EarlyEvidence,
                            statement: "100% of the District Instructional Leadership Team \
                                members have demonstrated a verbal commitment to participating \
                                in curriculum alignment activities",
                            measure: "Percent of District Instructional Leadership Team members \
                                committed to, and attending, curriculum alignment activities",
                            evidence: "District Instructional Leadership Team minutes and \
                                alignment team attendance",
                            frequency: "Monthly",
                            unit: Percent,
                            targets: &[by(8, 31, 90.0), by(9, 30, 100.0)],
                        },
                    ],
                    activities: &[
                        act(
                            "Create document outlining roles and responsibilities for district \
                             administrative staff in implementing curriculum alignment initiative",
                            "Superintendent",
                            (7, 1),
                            (8, 28),
                        ),
                        act(
                            "Establish and implement grade level and content teams for math and \
                             ELA in order to develop curriculum alignment documents",
                            "Curriculum directors",
                            (7, 13),
                            (6, 18),
                        )
                        .needs("Stipends for summer team work; substitute coverage")
                        .monitored(
                            "Curriculum directors report the alignment documents each team has \
                             completed at the monthly District Instructional Leadership Team \
                             meeting",
                        ),
                        act(
                            "Common planning time meetings begin (twice weekly focusing on math \
                             and ELA)",
                            "Principals",
                            (9, 8),
                            (6, 18),
                        )
                        .every("Twice weekly")
                        .monitored(
                            "Principals collect CPT agendas and minutes each month and review \
                             them at the district principals' meeting",
                        ),
                        act(
                            "Grade level teams review and reflect on quarterly assessment results \
                             and develop action plans to address identified strengths and areas \
                             of need",
                            "Principals",
                            (12, 1),
                            (6, 18),
                        )
                        .every("Quarterly, within two weeks of each assessment")
                        .monitored(
                            "Action plans are filed with the curriculum directors and reviewed at \
                             the next Highlight Discussion",
                        ),
                    ],
                },
                Initiative {
                    description: "Identify a set of effective teaching practices to improve \
                        learning for all students",
                    lead: "Principals",
                    led_by_leader: false,
                    key_resources: "Time: co-observation schedules for principals, common \
                        planning time and monthly early release days",
                    benchmarks: &[
                        Bench {
                            kind: ShortTermOutcome,
                            statement: "80% of principals are providing teachers with feedback \
                                that is specific and grounded in the district's expectations for \
                                effective teaching practices",
                            measure: "Percent of principals whose sampled written feedback is \
                                rated specific and grounded in the district's expectations",
                            evidence: "Monthly sample of written observation feedback reviewed by \
                                the Superintendent",
                            frequency: "Monthly",
                            unit: Percent,
                            targets: &[by(12, 18, 50.0), by(3, 19, 70.0), by(5, 28, 80.0)],
                        },
                        Bench {
                            kind: ShortTermOutcome,
                            statement: "Monthly district monitoring Learning Walkthrough data \
                                shows a 10% improvement rate in the implementation of targeted \
                                teaching behaviors and practices",
                            measure: "Percentage-point gain over the October baseline in \
                                classrooms showing the targeted teaching behaviors and practices",
                            evidence: "District Learning Walkthrough data",
                            frequency: "Monthly",
                            unit: Percent,
                            targets: &[by(12, 18, 3.0), by(3, 26, 7.0), by(5, 28, 10.0)],
                        },
                        Bench {
                            kind: EarlyEvidence,
                            statement: "100% of principals have conducted co-observations with \
                                the Superintendent, Plan Manager and/or mentors to calibrate \
                                district expectations for effective teaching practices",
                            measure: "Percent of principals who have completed at least one \
                                calibration co-observation",
                            evidence: "Co-observation log kept by the Plan Manager",
                            frequency: "Monthly",
                            unit: Percent,
                            targets: &[by(10, 30, 50.0), by(11, 25, 100.0)],
                        },
                    ],
                    activities: &[
                        act(
                            "Develop set of new expectations for supervision and evaluation of \
                             teaching staff (number of required weekly informal observations \
                             with feedback)",
                            "District leadership team",
                            (7, 6),
                            (8, 21),
                        ),
                        act(
                            "Opening day launch to introduce teaching staff to new expectations \
                             for learning and teaching",
                            "Superintendent",
                            (8, 27),
                            (8, 27),
                        ),
                        act(
                            "Common planning time facilitators use new expectations to guide \
                             work with teachers",
                            "Program directors and principals",
                            (9, 8),
                            (6, 18),
                        )
                        .every("Each common planning time meeting (twice weekly)")
                        .monitored("Facilitators' CPT notes reviewed monthly by principals"),
                        act(
                            "Monthly early release days are used to reinforce new teaching and \
                             learning expectations with all teaching staff",
                            "Program directors and principals",
                            (9, 16),
                            (6, 9),
                        )
                        .every("Monthly")
                        .monitored(
                            "Early release agendas and teacher exit slips reviewed by the \
                             District Instructional Leadership Team each month",
                        ),
                        act(
                            "District leadership review assessment results to inform future PD \
                             needs",
                            "Superintendent",
                            (11, 16),
                            (6, 18),
                        )
                        .every("After each quarterly assessment")
                        .monitored(
                            "A summary of PD needs is presented at each quarterly district \
                             leadership review",
                        ),
                    ],
                },
                Initiative {
                    description: "Develop systems and practices to ensure the academic growth of \
                        targeted subgroups of students",
                    lead: "Director of Pupil Personnel Services",
                    led_by_leader: false,
                    key_resources: "Special education and ELL staff time, screening and \
                        progress-monitoring tools, Tier II and Tier III intervention materials, \
                        student support team meeting time",
                    benchmarks: &[
                        Bench {
                            kind: ShortTermOutcome,
                            statement: "80% of students with disabilities and English language \
                                learners receiving Tier II or Tier III intervention meet their \
                                progress-monitoring growth goal in ELA or math",
                            measure: "Percent of students in tiered intervention meeting their \
                                growth goal for the period",
                            evidence: "Progress-monitoring reports compiled by the Director of \
                                Pupil Personnel Services",
                            frequency: "Quarterly",
                            unit: Percent,
                            targets: &[by(1, 29, 60.0), by(4, 30, 70.0), by(6, 11, 80.0)],
                        },
                        Bench {
                            kind: EarlyEvidence,
                            statement: "By October 31, every school has a student support team \
                                that meets at least every two weeks and uses the district \
                                protocol to identify students for intervention",
                            measure: "Percent of schools whose student support team meets every \
                                two weeks using the protocol",
                            evidence: "Student support team calendars and minutes",
                            frequency: "Monthly",
                            unit: Percent,
                            targets: &[by(9, 30, 50.0), by(10, 30, 100.0)],
                        },
                        Bench {
                            kind: EarlyEvidence,
                            statement: "Every IEP includes measurable ELA and math goals tied to \
                                grade-level standards",
                            measure: "Percent of reviewed IEPs with measurable ELA and math goals \
                                aligned to the 2011 MA Frameworks",
                            evidence: "IEP file review by special education team chairs",
                            frequency: "Quarterly",
                            unit: Percent,
                            targets: &[by(12, 18, 60.0), by(3, 19, 85.0), by(6, 4, 100.0)],
                        },
                    ],
                    activities: &[
                        act(
                            "Establish a student support team in each school and adopt a common \
                             protocol for identifying students for Tier II and Tier III \
                             intervention",
                            "Director of Pupil Personnel Services",
                            (9, 8),
                            (10, 30),
                        ),
                        act(
                            "Administer fall, winter and spring screening assessments in ELA and \
                             math and place targeted students in intervention groups",
                            "Principals",
                            (9, 21),
                            (5, 21),
                        )
                        .every("Three times a year (fall, winter, spring)")
                        .monitored(
                            "Screening results and group placements reported to the District \
                             Instructional Leadership Team after each window",
                        ),
                        act(
                            "Student support teams review progress-monitoring data and adjust \
                             each targeted student's intervention",
                            "Special education team chairs",
                            (10, 5),
                            (6, 11),
                        )
                        .every("Every two weeks")
                        .monitored(
                            "Team chairs send the Director of Pupil Personnel Services a monthly \
                             summary of students moved between tiers",
                        ),
                        act(
                            "Review IEP goals for alignment to grade-level standards in ELA and \
                             math, revising them at each annual review",
                            "Special education team chairs",
                            (11, 2),
                            (6, 4),
                        )
                        .monitored(
                            "Chairs report the number of IEPs reviewed and revised at the monthly \
                             special education leadership meeting",
                        ),
                    ],
                },
            ],
        },
        Objective {
            title: "Ensure success for all students through the provision of high quality \
                professional development to teachers",
            lead: "Assistant Superintendent",
            initiatives: &[
                Initiative {
                    description: "Provide training and support in the implementation of newly \
                        aligned curriculum materials",
                    lead: "Curriculum directors",
                    led_by_leader: false,
                    key_resources: "Title I and Title IIA professional development funds, \
                        stipends for the summer curriculum institute, substitute coverage for \
                        grade-level release days, printed curriculum guides",
                    benchmarks: &[
                        Bench {
                            kind: ShortTermOutcome,
                            statement: "90% of K-12 math and ELA lessons observed are taught from \
                                the newly aligned curriculum maps, on pace",
                            measure: "Percent of observed math and ELA lessons matching the \
                                aligned curriculum map for that point in the year",
                            evidence: "Learning Walkthrough data and CPT lesson plans",
                            frequency: "Quarterly",
                            unit: Percent,
                            targets: &[by(12, 18, 70.0), by(3, 19, 80.0), by(5, 28, 90.0)],
                        },
                        Bench {
                            kind: EarlyEvidence,
                            statement: "100% of K-12 math and ELA teachers have attended training \
                                on the newly aligned curriculum materials for their grade or \
                                course",
                            measure: "Percent of math and ELA teachers who have completed the \
                                training",
                            evidence: "Professional development attendance records",
                            frequency: "Monthly",
                            unit: Percent,
                            targets: &[by(9, 30, 80.0), by(10, 30, 100.0)],
                        },
                    ],
                    activities: &[
                        act(
                            "Summer curriculum institute: grade level and content teams introduce \
                             the aligned math and ELA units to teachers",
                            "Curriculum directors",
                            (8, 17),
                            (8, 21),
                        )
                        .needs("Teacher stipends; printed curriculum guides"),
                        act(
                            "Curriculum directors and coaches model lessons from the aligned \
                             units during common planning time",
                            "Curriculum directors",
                            (9, 14),
                            (6, 11),
                        )
                        .every("Weekly, rotating across schools")
                        .monitored(
                            "Coaches log modeled lessons and teacher follow-up; the Assistant \
                             Superintendent reviews the log monthly",
                        ),
                        act(
                            "Grade level release days to plan the next unit and calibrate scoring \
                             of common assessments",
                            "Curriculum directors",
                            (11, 4),
                            (5, 19),
                        )
                        .needs("Substitute coverage")
                        .every("Once a quarter for each grade level")
                        .monitored(
                            "Release-day agendas, calibrated scoring samples and unit plans are \
                             filed with the Assistant Superintendent after each day",
                        ),
                    ],
                },
                Initiative {
                    description: "Provide training and support in understanding and using the \
                        identified set of effective teaching practices",
                    lead: RANDOLPH_LEADER,
                    led_by_leader: true,
                    key_resources: "Monthly early release days, instructional mentors, Learning \
                        Walkthrough protocol and look-fors, books for the teaching practices \
                        study groups",
                    benchmarks: &[
                        Bench {
                            kind: ShortTermOutcome,
                            statement: "75% of classrooms observed during Learning Walkthroughs \
                                show at least two of the district's effective teaching practices \
                                (clear learning objective, higher-order questioning, student \
                                discourse)",
                            measure: "Percent of observed classrooms using at least two of the \
                                identified practices",
                            evidence: "District Learning Walkthrough data",
                            frequency: "Monthly",
                            unit: Percent,
                            targets: &[by(12, 18, 50.0), by(3, 26, 65.0), by(5, 28, 75.0)],
                        },
                        Bench {
                            kind: EarlyEvidence,
                            statement: "By October 31, 100% of teachers have set a professional \
                                practice goal tied to one of the district's effective teaching \
                                practices",
                            measure: "Percent of teachers with an approved practice goal",
                            evidence: "Educator evaluation goal-setting forms",
                            frequency: "Monthly until complete",
                            unit: Percent,
                            targets: &[by(10, 1, 75.0), by(10, 30, 100.0)],
                        },
                    ],
                    activities: &[
                        act(
                            "Introduce the effective teaching practices at the opening day launch \
                             and in a school-based follow-up workshop",
                            "Yesenia Alvarado, Principal",
                            (8, 27),
                            (9, 18),
                        ),
                        act(
                            "Monthly early release workshops on one effective teaching practice \
                             at a time, with classroom try-outs between sessions",
                            "Yesenia Alvarado, Principal",
                            (9, 16),
                            (6, 9),
                        )
                        .every("Monthly")
                        .monitored(
                            "Workshop exit slips and try-out reflections reviewed by the \
                             principals' team each month",
                        ),
                        act(
                            "Instructional mentors run coaching cycles with teachers whose \
                             walkthrough data show the practices are not yet in place",
                            "Program directors",
                            (10, 13),
                            (5, 28),
                        )
                        .every("Six-week coaching cycles")
                        .monitored(
                            "Mentors report their caseload and walkthrough change to principals \
                             monthly",
                        ),
                    ],
                },
                Initiative {
                    description: "Provide training and support to ensure academic growth of \
                        targeted student populations",
                    lead: "Director of Special Education",
                    led_by_leader: false,
                    key_resources: "Co-teaching consultant, on-site SEI endorsement course, \
                        substitute coverage for co-planning, Title I and IDEA grant funds",
                    benchmarks: &[
                        Bench {
                            kind: ShortTermOutcome,
                            statement: "70% of co-taught classrooms observed show both teachers \
                                actively instructing using a co-teaching model",
                            measure: "Percent of observed co-taught classrooms with both teachers \
                                delivering instruction",
                            evidence: "Learning Walkthrough data for co-taught classes",
                            frequency: "Quarterly",
                            unit: Percent,
                            targets: &[by(12, 18, 40.0), by(3, 19, 55.0), by(5, 28, 70.0)],
                        },
                        Bench {
                            kind: EarlyEvidence,
                            statement: "100% of co-teaching pairs have a weekly co-planning \
                                period and have completed co-teaching training",
                            measure: "Percent of co-teaching pairs with weekly co-planning \
                                scheduled and training completed",
                            evidence: "School master schedules and training attendance",
                            frequency: "Monthly",
                            unit: Percent,
                            targets: &[by(9, 30, 60.0), by(11, 25, 100.0)],
                        },
                        Bench {
                            kind: EarlyEvidence,
                            statement: "All core content teachers of English language learners \
                                hold, or are enrolled in, the SEI endorsement",
                            measure: "Percent of core teachers of ELLs holding or enrolled in the \
                                SEI endorsement",
                            evidence: "Licensure records kept by Human Resources",
                            frequency: "Quarterly",
                            unit: Percent,
                            targets: &[by(12, 18, 85.0), by(2, 26, 100.0)],
                        },
                    ],
                    activities: &[
                        act(
                            "Schedule a weekly co-planning period for every co-teaching pair",
                            "Principals",
                            (8, 3),
                            (9, 11),
                        ),
                        act(
                            "Co-teaching training for general and special education teacher \
                             pairs in grades 3-8",
                            "Director of Special Education",
                            (9, 22),
                            (11, 20),
                        )
                        .needs("Co-teaching consultant; substitute coverage"),
                        act(
                            "SEI endorsement course offered on site for core content teachers of \
                             English language learners",
                            "Director of English Language Learners",
                            (1, 12),
                            (5, 11),
                        )
                        .needs("Course instructor; after-school meeting space")
                        .every("Weekly sessions")
                        .monitored(
                            "The instructor reports attendance and assignment completion monthly",
                        ),
                        act(
                            "Special education and ELL staff join grade level common planning \
                             time to plan accommodations for upcoming units",
                            "Director of Special Education",
                            (10, 5),
                            (6, 11),
                        )
                        .every("Monthly")
                        .monitored(
                            "CPT minutes record the accommodations planned; reviewed quarterly",
                        ),
                    ],
                },
            ],
        },
        Objective {
            title: "Ensure success for all students through the use of high quality \
                accountability systems",
            lead: "Director of Curriculum and Accountability",
            initiatives: &[
                Initiative {
                    description: "K-12 implementation of quarterly assessments aligned to the 2011 \
                        MA Frameworks",
                    lead: "Director of Curriculum and Accountability",
                    led_by_leader: false,
                    key_resources: "Assessment data platform licence, data coordinator time, \
                        printing, testing windows built into the school calendar",
                    benchmarks: &[
                        Bench {
                            kind: EarlyEvidence,
                            statement: "100% of schools administer each quarterly math and ELA \
                                assessment within the district testing window",
                            measure: "Percent of schools completing the assessment within the \
                                window",
                            evidence: "Assessment platform completion reports",
                            frequency: "Quarterly",
                            unit: Percent,
                            targets: &[by(11, 20, 100.0), by(2, 5, 100.0), by(4, 16, 100.0)],
                        },
                        Bench {
                            kind: ShortTermOutcome,
                            statement: "90% of grade level teams submit a data-based action plan \
                                within two weeks of each quarterly assessment",
                            measure: "Percent of grade level teams submitting an action plan \
                                within two weeks",
                            evidence: "Action plans filed with the Director of Curriculum and \
                                Accountability",
                            frequency: "Quarterly",
                            unit: Percent,
                            targets: &[by(12, 4, 75.0), by(2, 19, 85.0), by(4, 30, 90.0)],
                        },
                    ],
                    activities: &[
                        act(
                            "Finalize the quarterly assessment calendar and publish it to all \
                             schools",
                            "Director of Curriculum and Accountability",
                            (7, 13),
                            (8, 14),
                        ),
                        act(
                            "Administer quarterly math and ELA assessments in grades K-12",
                            "Principals",
                            (11, 9),
                            (6, 4),
                        )
                        .every("Quarterly (November, January, April, June)")
                        .monitored("Completion reports checked at the close of each window"),
                        act(
                            "Return results to schools within one week of each window as school, \
                             class and student reports with item analysis",
                            "Data coordinator",
                            (11, 16),
                            (6, 11),
                        )
                        .every("Quarterly")
                        .monitored("Turnaround time logged for each window"),
                    ],
                },
                Initiative {
                    description: "Establish accountability for the use of teaching practices that \
                        meet the needs of all students",
                    lead: RANDOLPH_LEADER,
                    led_by_leader: true,
                    key_resources: "Learning Walkthrough protocol, protected observation time for \
                        principals, educator evaluation software, Plan Manager support",
                    benchmarks: &[
                        Bench {
                            kind: EarlyEvidence,
                            statement: "Principals and assistant principals complete the required \
                                weekly informal observations with written feedback",
                            measure: "Percent of required informal observations completed with \
                                written feedback",
                            evidence: "Educator evaluation software reports",
                            frequency: "Monthly",
                            unit: Percent,
                            targets: &[by(10, 30, 70.0), by(1, 29, 85.0), by(4, 30, 90.0)],
                        },
                        Bench {
                            kind: ShortTermOutcome,
                            statement: "80% of teachers who receive feedback on a targeted \
                                practice show that practice at their next observation",
                            measure: "Percent of follow-up observations in which the practice \
                                named in the earlier feedback is observed",
                            evidence: "Educator evaluation software reports of paired \
                                observations",
                            frequency: "Quarterly",
                            unit: Percent,
                            targets: &[by(12, 18, 60.0), by(3, 26, 70.0), by(5, 28, 80.0)],
                        },
                    ],
                    activities: &[
                        act(
                            "Set a weekly informal observation schedule for every principal and \
                             assistant principal",
                            "Yesenia Alvarado, Principal",
                            (8, 24),
                            (9, 11),
                        ),
                        act(
                            "Monthly district Learning Walkthroughs in each school, with a debrief \
                             of findings with the school's leadership team",
                            "Superintendent",
                            (10, 6),
                            (5, 28),
                        )
                        .every("Monthly")
                        .monitored(
                            "Walkthrough findings summarized for the District Instructional \
                             Leadership Team each month",
                        ),
                        act(
                            "Mid-year check-ins: each principal reviews observation and feedback \
                             data with the Superintendent",
                            "Superintendent",
                            (1, 11),
                            (2, 5),
                        ),
                    ],
                },
                Initiative {
                    description: "Accountability for implementing new systems and practices to \
                        ensure the growth of target student populations",
                    lead: "Director of Pupil Personnel Services",
                    led_by_leader: false,
                    key_resources: "Subgroup data reports, student support team minutes, IEP \
                        review checklist, time for quarterly school reviews",
                    benchmarks: &[
                        Bench {
                            kind: ShortTermOutcome,
                            statement: "The gap between students with disabilities and all \
                                students scoring proficient on quarterly math and ELA assessments \
                                narrows by 5 percentage points by June",
                            measure: "Percentage-point reduction in the proficiency gap since the \
                                first quarterly assessment",
                            evidence: "Quarterly assessment subgroup reports",
                            frequency: "Quarterly",
                            unit: Percent,
                            targets: &[by(2, 19, 2.0), by(4, 30, 4.0), by(6, 18, 5.0)],
                        },
                        Bench {
                            kind: EarlyEvidence,
                            statement: "Every school presents its targeted-student data and \
                                intervention results at a quarterly review with the Director of \
                                Pupil Personnel Services",
                            measure: "Percent of schools completing their quarterly \
                                targeted-student review",
                            evidence: "Quarterly review agendas and notes",
                            frequency: "Quarterly",
                            unit: Percent,
                            targets: &[by(12, 18, 100.0), by(3, 19, 100.0), by(6, 11, 100.0)],
                        },
                    ],
                    activities: &[
                        act(
                            "Build a targeted-student report (students with disabilities, English \
                             language learners, low income) from each quarterly assessment",
                            "Data coordinator",
                            (9, 14),
                            (11, 20),
                        ),
                        act(
                            "Quarterly targeted-student reviews: each principal presents subgroup \
                             results and intervention changes",
                            "Director of Pupil Personnel Services",
                            (12, 1),
                            (6, 11),
                        )
                        .every("Quarterly")
                        .monitored(
                            "Review notes and agreed changes tracked in the plan's evidence log",
                        ),
                        act(
                            "Report subgroup progress to the School Committee",
                            "Superintendent",
                            (1, 26),
                            (6, 8),
                        )
                        .every("Twice a year (January and June)")
                        .monitored(
                            "Follow-up questions from the January report tracked by the Plan \
                             Manager",
                        ),
                    ],
                },
            ],
        },
    ],
};

const NEW_BEDFORD_LEADER: &str = "Ronald Medeiros, Chief Academic Officer";

const NEW_BEDFORD: DemoPlan = DemoPlan {
    slug: "new-bedford",
    key: "newbedford",
    title: "New Bedford Public Schools Accelerated Improvement Plan",
    more_years: 1,
    status: PlanStatus::Submitted,
    submitted_days_ago: 5,
    approved_days_ago: None,
    key_issues: &[
        "Curriculum in ELA & Literacy and mathematics is not yet fully aligned to the 2011 MA \
         Curriculum Frameworks or to the WIDA standards for English language learners, and what \
         is taught varies from school to school.",
        "Expectations for student writing are low and inconsistent across content areas.",
        "Assessment data are collected but not yet used regularly by teachers and leaders to \
         adjust instruction and close gaps in student learning.",
        "English language learners and students with disabilities do not consistently have \
         access to challenging, engaging instruction.",
        "Chronic absence is high and the four-year graduation rate remains well below the state \
         average.",
    ],
    theory_of_action: "We believe that if there is a clear focus on the effective delivery of an \
        aligned curriculum by high quality teachers who employ the use of student data to drive \
        instruction, students will be engaged, learn at proficient and advanced levels, and \
        graduate college and career ready.",
    focus_rationale: "Our four strategic objectives follow from this theory of action. The first \
        two make sure that what is taught is aligned to rigorous standards and that teachers \
        and leaders use student data to decide what to teach next. The third builds the \
        capacity of teachers and instructional leaders to deliver that curriculum well to every \
        student. The fourth raises expectations and student ownership of learning, with \
        families and community organizations, so that students attend school every day and \
        graduate college and career ready.",
    final_outcomes: &[
        Bench {
            kind: FinalOutcome,
            statement: "The district will meet its {next} MCAS gain targets in ELA and \
                mathematics for all students and for English language learners.",
            measure: "Whether the district's CPI gains on the {next} MCAS meet the targets for \
                all students and for English language learners",
            evidence: "{next} MCAS district accountability report",
            frequency: "Annually",
            unit: YesNo,
            targets: &[results(9, 30, 1.0)],
        },
        Bench {
            kind: FinalOutcome,
            statement: "The district's average daily attendance rate will reach 94% for the \
                {year}–{next} school year.",
            measure: "Average daily attendance rate, all schools",
            evidence: "Student information system year-end attendance report",
            frequency: "Annually",
            unit: Percent,
            targets: &[by(6, 30, 94.0)],
        },
        Bench {
            kind: FinalOutcome,
            statement: "The four-year graduation rate for the class of {next} will rise by at \
                least 3 percentage points over the previous class.",
            measure: "Percentage-point change in the four-year cohort graduation rate",
            evidence: "ESE cohort graduation rate report",
            frequency: "Annually",
            unit: Percent,
            targets: &[results(12, 15, 3.0)],
        },
    ],
    objectives: &[
        Objective {
            title: "Prepare all students for college and career success by implementing \
                rigorous standards",
            lead: "Chief Academic Officer",
            initiatives: &[
                Initiative {
                    description: "Align curriculum to the 2011 MA Curriculum Frameworks in ELA & \
                        Literacy and Math and the 2012 WIDA standards in collaboration with \
                        principals, directors, and school level staff",
                    lead: NEW_BEDFORD_LEADER,
                    led_by_leader: true,
                    key_resources: "Curriculum writing teams (teacher stipends), ELA and math \
                        content directors, Director of English Language Learners, WIDA training \
                        materials, summer and after-school work time",
                    benchmarks: &[
                        Bench {
                            kind: EarlyEvidence,
                            statement: "K-12 unit plans for ELA & Literacy and math, each with \
                                WIDA-based language objectives, are posted for every grade",
                            measure: "Percent of K-12 ELA and math units with a completed, \
                                WIDA-aligned unit plan posted",
                            evidence: "District curriculum website",
                            frequency: "Monthly",
                            unit: Percent,
                            targets: &[by(10, 30, 50.0), by(1, 29, 75.0), by(4, 30, 100.0)],
                        },
                        Bench {
                            kind: ShortTermOutcome,
                            statement: "85% of ELA and math lessons observed follow the aligned \
                                unit plan and post a language objective",
                            measure: "Percent of observed ELA and math lessons following the \
                                aligned unit plan with a posted language objective",
                            evidence: "Instructional rounds and walkthrough data",
                            frequency: "Quarterly",
                            unit: Percent,
                            targets: &[by(12, 18, 60.0), by(3, 19, 75.0), by(5, 28, 85.0)],
                        },
                    ],
                    activities: &[
                        act(
                            "Convene K-12 curriculum writing teams of teachers, coaches, \
                             principals and directors to complete ELA & Literacy and math unit \
                             plans",
                            "Ronald Medeiros, Chief Academic Officer",
                            (7, 13),
                            (4, 30),
                        )
                        .needs("Stipends for writing teams; summer work time")
                        .monitored(
                            "Directors report units completed against the writing calendar at the \
                             monthly curriculum council",
                        ),
                        act(
                            "Train ELA, math and ESL teachers to write language objectives using \
                             the 2012 WIDA standards",
                            "Director of English Language Learners",
                            (9, 23),
                            (12, 16),
                        ),
                        act(
                            "Principals review unit plans with grade level and department teams \
                             before each unit launches",
                            "Principals",
                            (9, 8),
                            (6, 10),
                        )
                        .every("Before each unit (about every six weeks)")
                        .monitored(
                            "Principals' unit-launch checklists sent to the Chief Academic \
                             Officer monthly",
                        ),
                    ],
                },
                Initiative {
                    description: "Reinforce high expectations for all students in writing across \
                        curriculum in all content areas",
                    lead: "Director of English Language Arts and Literacy",
                    led_by_leader: false,
                    key_resources: "District writing rubrics and anchor papers, literacy coaches, \
                        common planning time, time for scoring calibration",
                    benchmarks: &[
                        Bench {
                            kind: EarlyEvidence,
                            statement: "Every content area teacher in grades 3-12 assigns at \
                                least one common writing task each quarter, scored with the \
                                district rubric",
                            measure: "Percent of grade 3-12 teachers submitting scored common \
                                writing tasks",
                            evidence: "Common writing task submissions to literacy coaches",
                            frequency: "Quarterly",
                            unit: Percent,
                            targets: &[by(11, 20, 70.0), by(2, 5, 85.0), by(4, 16, 95.0)],
                        },
                        Bench {
                            kind: ShortTermOutcome,
                            statement: "The percent of students scoring 3 or 4 on the district \
                                writing rubric rises by 10 points from the fall common writing \
                                task to the spring task",
                            measure: "Percentage-point gain in students scoring 3 or 4 on the \
                                district writing rubric since the fall task",
                            evidence: "Scored common writing tasks",
                            frequency: "Quarterly",
                            unit: Percent,
                            targets: &[by(2, 12, 5.0), by(5, 28, 10.0)],
                        },
                    ],
                    activities: &[
                        act(
                            "Publish grade level writing expectations, rubrics and anchor papers \
                             for argument, informational and narrative writing",
                            "Director of English Language Arts and Literacy",
                            (8, 3),
                            (9, 25),
                        ),
                        act(
                            "Literacy coaches lead scoring-calibration sessions with each school's \
                             content teams",
                            "Literacy coaches",
                            (10, 28),
                            (5, 26),
                        )
                        .every("Quarterly")
                        .monitored("Scoring agreement rates reported after each session"),
                        act(
                            "Writing across the curriculum workshops for science, social studies \
                             and elective teachers",
                            "Director of English Language Arts and Literacy",
                            (11, 4),
                            (3, 17),
                        )
                        .every("Monthly")
                        .monitored(
                            "Workshop attendance and submitted writing tasks reviewed monthly",
                        ),
                    ],
                },
                Initiative {
                    description: "Ensure an aligned high-quality core curriculum is taught to all \
                        students",
                    lead: NEW_BEDFORD_LEADER,
                    led_by_leader: true,
                    key_resources: "Master schedule review, ELL and special education staff, \
                        walkthrough tool, core program materials for sheltered and inclusion \
                        classes",
                    benchmarks: &[
                        Bench {
                            kind: EarlyEvidence,
                            statement: "Every school's master schedule gives English language \
                                learners and students with disabilities access to core ELA and \
                                math instruction",
                            measure: "Percent of schools whose master schedule gives every \
                                student core ELA and math instruction",
                            evidence: "School master schedules reviewed by the Chief Academic \
                                Officer",
                            frequency: "Twice a year",
                            unit: Percent,
                            targets: &[by(9, 30, 80.0), by(1, 29, 100.0)],
                        },
                        Bench {
                            kind: ShortTermOutcome,
                            statement: "90% of walkthroughs find the aligned core curriculum \
                                being taught in classes serving English language learners and \
                                students with disabilities",
                            measure: "Percent of walkthroughs in those classes where the aligned \
                                unit is being taught",
                            evidence: "Curriculum walkthrough data",
                            frequency: "Quarterly",
                            unit: Percent,
                            targets: &[by(12, 18, 75.0), by(3, 19, 85.0), by(6, 4, 90.0)],
                        },
                    ],
                    activities: &[
                        act(
                            "Review every school's master schedule for access to core ELA and \
                             math instruction and correct the gaps found",
                            "Ronald Medeiros, Chief Academic Officer",
                            (8, 3),
                            (9, 30),
                        ),
                        act(
                            "Purchase and distribute core program materials for sheltered English \
                             immersion and inclusion classes",
                            "Director of Special Education",
                            (8, 10),
                            (9, 30),
                        )
                        .needs("Title I and IDEA funds"),
                        act(
                            "Curriculum walkthroughs with principals focused on classes serving \
                             English language learners and students with disabilities",
                            "Ronald Medeiros, Chief Academic Officer",
                            (10, 6),
                            (5, 28),
                        )
                        .every("Monthly")
                        .monitored("Walkthrough results shared at the monthly principals' meeting"),
                    ],
                },
            ],
        },
        Objective {
            title: "Develop a collaborative culture of using data to improve instructional \
                practice and decision-making",
            lead: "Director of Accountability and Assessment",
            initiatives: &[
                Initiative {
                    description: "Expand the capacity of teachers to regularly embed on-going \
                        monitoring into instruction to close gaps in student learning",
                    lead: "Director of Professional Development",
                    led_by_leader: false,
                    key_resources: "Instructional coaches, formative assessment training, common \
                        planning time, data team protocol",
                    benchmarks: &[
                        Bench {
                            kind: EarlyEvidence,
                            statement: "80% of lessons observed include a formative check for \
                                understanding (exit tickets, hinge questions, white boards)",
                            measure: "Percent of observed lessons with a formative check for \
                                understanding",
                            evidence: "Walkthrough data",
                            frequency: "Monthly",
                            unit: Percent,
                            targets: &[by(11, 25, 50.0), by(2, 26, 70.0), by(4, 30, 80.0)],
                        },
                        Bench {
                            kind: ShortTermOutcome,
                            statement: "75% of teacher teams re-teach and re-assess standards \
                                that fewer than 70% of students mastered on common formative \
                                assessments",
                            measure: "Percent of teacher teams whose data team minutes show \
                                re-teaching and re-assessment of unmastered standards",
                            evidence: "Data team minutes",
                            frequency: "Quarterly",
                            unit: Percent,
                            targets: &[by(12, 18, 50.0), by(3, 19, 65.0), by(6, 4, 75.0)],
                        },
                    ],
                    activities: &[
                        act(
                            "Formative assessment training for all teachers on professional \
                             development days",
                            "Director of Professional Development",
                            (8, 27),
                            (11, 3),
                        ),
                        act(
                            "Instructional coaches facilitate data team meetings using the \
                             district protocol",
                            "Instructional coaches",
                            (9, 28),
                            (6, 11),
                        )
                        .every("Weekly")
                        .monitored("Coaches send data team minutes to principals monthly"),
                        act(
                            "Build a bank of common formative assessments for each ELA and math \
                             unit",
                            "Director of Accountability and Assessment",
                            (9, 14),
                            (2, 26),
                        )
                        .monitored(
                            "Assessments added to the bank counted at each monthly curriculum \
                             council",
                        ),
                    ],
                },
                Initiative {
                    description: "Expand the capacity of district and school leadership to use \
                        assessment data to guide improvements in teaching and learning",
                    lead: "Director of Accountability and Assessment",
                    led_by_leader: false,
                    key_resources: "Data warehouse dashboards, district benchmark assessments, \
                        leadership meeting time, external data coach",
                    benchmarks: &[
                        Bench {
                            kind: EarlyEvidence,
                            statement: "Every school leadership team holds a monthly data meeting \
                                using the district dashboard and records next steps",
                            measure: "Percent of school leadership teams with monthly data \
                                meeting minutes and next steps",
                            evidence: "Data meeting minutes posted to the district site",
                            frequency: "Monthly",
                            unit: Percent,
                            targets: &[by(10, 30, 70.0), by(12, 18, 100.0)],
                        },
                        Bench {
                            kind: ShortTermOutcome,
                            statement: "District benchmark assessments show a 10-point increase \
                                in students scoring proficient in ELA and math from fall to \
                                spring",
                            measure: "Percentage-point change in students scoring proficient on \
                                district benchmark assessments since fall",
                            evidence: "District benchmark assessment reports",
                            frequency: "Each benchmark window (fall, winter, spring)",
                            unit: Percent,
                            targets: &[by(2, 12, 5.0), by(5, 28, 10.0)],
                        },
                    ],
                    activities: &[
                        act(
                            "Train principals and school leadership teams on the data dashboard \
                             and the district data meeting protocol",
                            "Director of Accountability and Assessment",
                            (8, 18),
                            (10, 9),
                        ),
                        act(
                            "Administer fall, winter and spring district benchmark assessments in \
                             ELA and math",
                            "Director of Accountability and Assessment",
                            (9, 28),
                            (5, 21),
                        )
                        .every("Three times a year")
                        .monitored(
                            "Completion and results reported to principals after each window",
                        ),
                        act(
                            "Principals present benchmark results and action steps at the monthly \
                             leadership meeting with the Superintendent",
                            "Superintendent",
                            (11, 10),
                            (6, 8),
                        )
                        .every("Monthly")
                        .monitored("Action steps tracked on the leadership meeting agenda"),
                    ],
                },
            ],
        },
        Objective {
            title: "Expand school and staff capacity to deliver effective engaging instruction to \
                all students",
            lead: "Deputy Superintendent",
            initiatives: &[
                Initiative {
                    description: "Build instructional capacity of teachers to ensure all students \
                        can access and approach challenging curriculum",
                    lead: "Director of Professional Development",
                    led_by_leader: false,
                    key_resources: "Instructional coaches, sheltered instruction and \
                        differentiation training, release time for peer observation, Title IIA \
                        funds",
                    benchmarks: &[
                        Bench {
                            kind: EarlyEvidence,
                            statement: "70% of lessons observed include strategies that give \
                                English language learners and students with disabilities access \
                                to grade-level tasks (scaffolds, academic discussion, visuals)",
                            measure: "Percent of observed lessons using access strategies",
                            evidence: "Walkthrough data",
                            frequency: "Monthly",
                            unit: Percent,
                            targets: &[by(12, 18, 50.0), by(3, 19, 60.0), by(5, 28, 70.0)],
                        },
                        Bench {
                            kind: ShortTermOutcome,
                            statement: "The percent of English language learners and students \
                                with disabilities scoring proficient on district benchmark \
                                assessments rises 8 points from fall to spring",
                            measure: "Percentage-point gain for the two subgroups since the fall \
                                benchmark",
                            evidence: "District benchmark subgroup reports",
                            frequency: "Each benchmark window (fall, winter, spring)",
                            unit: Percent,
                            targets: &[by(2, 12, 4.0), by(5, 28, 8.0)],
                        },
                    ],
                    activities: &[
                        act(
                            "Coaching cycles with teachers in each school on scaffolding \
                             grade-level tasks",
                            "Instructional coaches",
                            (10, 5),
                            (5, 21),
                        )
                        .every("Six-week cycles")
                        .monitored("Coaching logs reviewed monthly with principals"),
                        act(
                            "Differentiation and sheltered instruction workshops for all core \
                             teachers",
                            "Director of Professional Development",
                            (10, 12),
                            (3, 12),
                        )
                        .every("Monthly")
                        .monitored(
                            "Workshop evaluations and follow-up walkthroughs reviewed monthly",
                        ),
                        // Left as the district typed it: the Plan check panel shows ESE's
                        // reviewer two gaps in this submitted plan (lead, interim monitoring).
                        act(
                            "Peer observation visits to lab classrooms in each school",
                            "TBD",
                            (11, 2),
                            (4, 16),
                        )
                        .every("Once a semester for each teacher"),
                    ],
                },
                Initiative {
                    description: "Improve the effectiveness of district and school instructional \
                        leaders",
                    lead: "Deputy Superintendent",
                    led_by_leader: false,
                    key_resources: "Leadership coach, monthly principal academy, educator \
                        evaluation system, time for calibrated learning walks",
                    benchmarks: &[
                        Bench {
                            kind: EarlyEvidence,
                            statement: "100% of principals and assistant principals take part in \
                                calibrated learning walks with district leaders each month",
                            measure: "Percent of school leaders taking part in the month's \
                                calibrated learning walk",
                            evidence: "Learning walk sign-in sheets and notes",
                            frequency: "Monthly",
                            unit: Percent,
                            targets: &[by(10, 30, 80.0), by(1, 29, 100.0)],
                        },
                        Bench {
                            kind: ShortTermOutcome,
                            statement: "85% of teachers receive at least two rounds of actionable \
                                written feedback from an evaluator by the end of March",
                            measure: "Percent of teachers with two or more feedback entries in the \
                                evaluation system",
                            evidence: "Educator evaluation system reports",
                            frequency: "Quarterly",
                            unit: Percent,
                            targets: &[by(12, 18, 40.0), by(3, 31, 85.0)],
                        },
                    ],
                    activities: &[
                        act(
                            "Principal academy on instructional leadership, feedback and the \
                             educator evaluation rubric",
                            "Deputy Superintendent",
                            (9, 17),
                            (6, 10),
                        )
                        .every("Monthly")
                        .monitored("Academy attendance and exit tickets reviewed by the cabinet"),
                        act(
                            "Calibrated learning walks pairing district leaders with each school's \
                             leadership team",
                            "Deputy Superintendent",
                            (10, 6),
                            (5, 26),
                        )
                        .every("Monthly")
                        .monitored("Calibration notes summarized for the cabinet each month"),
                        act(
                            "Mid-year review of each principal's progress on evaluation and \
                             feedback goals",
                            "Superintendent",
                            (1, 12),
                            (2, 12),
                        ),
                    ],
                },
            ],
        },
        Objective {
            title: "Raise expectations for student achievement and increase student ownership of \
                their learning in collaboration with families and community organizations",
            lead: "Superintendent",
            initiatives: &[
                Initiative {
                    description: "Raise student attendance by strengthening policies and \
                        practices, and deepening partnerships between schools, students, and \
                        families",
                    lead: "Executive Director of Student Services",
                    led_by_leader: false,
                    key_resources: "Attendance officers, Portuguese- and Spanish-speaking family \
                        liaisons, student information system attendance reports, community \
                        partner agreements",
                    benchmarks: &[
                        Bench {
                            kind: EarlyEvidence,
                            statement: "Every school has an attendance team that reviews \
                                chronically absent students every two weeks and contacts their \
                                families",
                            measure: "Percent of schools with attendance team minutes every two \
                                weeks",
                            evidence: "Attendance team minutes",
                            frequency: "Monthly",
                            unit: Percent,
                            targets: &[by(10, 30, 80.0), by(12, 18, 100.0)],
                        },
                        Bench {
                            kind: ShortTermOutcome,
                            statement: "Chronic absence (missing 10% or more of school days) \
                                falls by 3 percentage points compared with the same point last \
                                year",
                            measure: "Percentage-point reduction in chronic absence compared with \
                                the same month of the previous year",
                            evidence: "Student information system attendance reports",
                            frequency: "Monthly",
                            unit: Percent,
                            targets: &[by(12, 31, 1.0), by(3, 31, 2.0), by(6, 11, 3.0)],
                        },
                    ],
                    activities: &[
                        act(
                            "Revise the district attendance policy and publish it to families in \
                             English, Portuguese and Spanish",
                            "Executive Director of Student Services",
                            (7, 20),
                            (9, 4),
                        ),
                        act(
                            "School attendance teams review chronically absent students and hold \
                             family meetings",
                            "Principals",
                            (9, 21),
                            (6, 11),
                        )
                        .every("Every two weeks")
                        .monitored(
                            "Attendance officers report family contacts and meetings held to the \
                             Executive Director monthly",
                        ),
                        act(
                            "Attendance partnerships with community organizations (mentoring, \
                             after-school programs, health services) for the students with the \
                             most absences",
                            "Executive Director of Student Services",
                            (10, 15),
                            (2, 26),
                        )
                        .monitored(
                            "Partner referrals and the students' attendance tracked monthly",
                        ),
                    ],
                },
                Initiative {
                    description: "Raise the 4-year graduation rate by strengthening the core \
                        program and a systemic approach to providing academic support and \
                        providing alternative pathways to college and career readiness",
                    lead: "Principal, New Bedford High School",
                    led_by_leader: false,
                    key_resources: "Early warning indicator reports, credit recovery program, \
                        guidance counselors, alternative pathway program seats, dual enrollment \
                        partnership with the community college",
                    benchmarks: &[
                        Bench {
                            kind: EarlyEvidence,
                            statement: "100% of grade 9 students flagged by the early warning \
                                indicator have an individual success plan and an assigned adult \
                                mentor",
                            measure: "Percent of flagged grade 9 students with a success plan \
                                and mentor",
                            evidence: "Success plans recorded in the student information system",
                            frequency: "Monthly",
                            unit: Percent,
                            targets: &[by(10, 30, 60.0), by(12, 18, 100.0)],
                        },
                        Bench {
                            kind: ShortTermOutcome,
                            statement: "The share of grade 9 students failing one or more core \
                                courses falls to 15% or below by the third marking period",
                            measure: "Percent of grade 9 students failing one or more core \
                                courses",
                            evidence: "Marking period grade reports",
                            frequency: "Each marking period",
                            unit: Percent,
                            targets: &[by(11, 20, 20.0), by(2, 5, 17.0), by(4, 16, 15.0)],
                        },
                    ],
                    activities: &[
                        act(
                            "Run the early warning indicator report (attendance, behavior, course \
                             performance) for grades 8-12 and assign mentors",
                            "Director of Guidance",
                            (9, 14),
                            (10, 16),
                        ),
                        act(
                            "Credit recovery and after-school academic support for students \
                             failing core courses",
                            "Principal, New Bedford High School",
                            (11, 2),
                            (6, 11),
                        )
                        .every("Four afternoons a week")
                        .monitored("Enrollment and course pass rates reviewed each marking period"),
                        act(
                            "Expand alternative pathways (evening program, dual enrollment, \
                             career and technical course sequences) and place students for the \
                             next school year",
                            "Director of Alternative Education",
                            (1, 11),
                            (6, 11),
                        )
                        .monitored(
                            "Placements and program capacity reported to the cabinet monthly",
                        ),
                    ],
                },
            ],
        },
    ],
};

const FALL_RIVER_LEADER: &str =
    "Alicia Pacheco, Assistant Superintendent for Teaching and Learning";
const FALL_RIVER_STO: &str = "District benchmarks that assess Common Core instructional \
    priorities for math and non-fiction show a 10-15% improvement in percentage of students \
    scoring proficient";
const FALL_RIVER_STO_MEASURE: &str = "Percentage-point improvement since the fall benchmark in \
    students scoring proficient on district math and non-fiction benchmarks";
const SRV: &str = "School Review Partners & Chief Academic Officer";

const FALL_RIVER: DemoPlan = DemoPlan {
    slug: "fall-river",
    key: "fallriver",
    title: "Fall River Public Schools Accelerated Improvement Plan",
    more_years: 1,
    status: PlanStatus::Approved,
    submitted_days_ago: 55,
    approved_days_ago: Some(45),
    key_issues: &[
        "MCAS results in math, ELA and science fall short of CPI growth targets, and few \
         students score advanced.",
        "Curriculum maps for math and ELA are nearly complete, but science and social studies \
         curricula and district assessments are not yet aligned to the 2011 MA Curriculum \
         Frameworks and the instructional shifts of the Common Core.",
        "The rigor of classroom lessons, and how closely they follow the curriculum maps, varies \
         from school to school.",
        "Improvement efforts have been launched one at a time rather than strategically aligned, \
         and staff do not yet share ownership of them.",
        "Educators receive too little timely, specific feedback on their practice, and the \
         district's communication networks are not yet used to monitor and support \
         implementation.",
    ],
    theory_of_action: "If all improvement efforts are strategically aligned to improve delivery \
        of effective, high quality, and rigorous instruction,\nand if we as a staff collectively \
        engage in the implementation of those efforts,\nand if we utilize our communication \
        networks to monitor, support, and provide feedback on educator performance,\nthen each \
        student will receive a high quality education that prepares them to be successful in \
        college and future careers.",
    focus_rationale: "The district's mission is to prepare all students for success in college \
        and careers. This can only be achieved through the teaching and learning of a rigorous \
        curriculum, aligned with 21st century skills (e.g., critical thinking, problem solving, \
        and real-world applications). Our first strategic objective defines such rigorous \
        learning expectations and provides teachers with the tools and knowledge they will need \
        to ensure that all students achieve those college and career readiness expectations; \
        these efforts are currently focused on implementing the instructional shifts of the \
        Common Core that emphasize improved focus, coherence, and rigor across content areas. \
        The second and third objectives make sure that every staff member takes part in that \
        work, and that our communication networks monitor, support and give feedback on \
        educator practice.",
    final_outcomes: &[
        Bench {
            kind: FinalOutcome,
            statement: "{next} MCAS scores meet CPI Growth Targets for math, literacy, and science \
                for all grade levels.",
            measure: "Whether the {next} MCAS CPI gains meet the growth targets in math, ELA and \
                science for every grade level",
            evidence: "{next} MCAS district and school accountability reports",
            frequency: "Annually",
            unit: YesNo,
            targets: &[results(9, 30, 1.0)],
        },
        Bench {
            kind: FinalOutcome,
            statement: "10% increase in students scoring advanced in math, ELA, and science on \
                the {next} MCAS.",
            measure: "Percent increase over the previous year in the number of students scoring \
                advanced in math, ELA and science",
            evidence: "{next} MCAS district results",
            frequency: "Annually",
            unit: Percent,
            targets: &[results(9, 30, 10.0)],
        },
    ],
    objectives: &[
        Objective {
            title: "Ensure success for all students through high quality, rigorous teaching and \
                learning leading to high academic achievement",
            lead: "Chief Academic Officer",
            initiatives: &[
                Initiative {
                    description: "Improve quality and consistency of curriculum through the \
                        alignment to 2011 MA Curriculum Frameworks and the establishment of \
                        cycle of continuous curriculum review and refinement",
                    lead: FALL_RIVER_LEADER,
                    led_by_leader: true,
                    key_resources: "Customized Core for grades 6-12; additional math texts and \
                        supplemental materials; stipends for the secondary ELA vertical team and \
                        the science and social studies vertical teams; literacy coaches and \
                        instructional coaching networks",
                    benchmarks: &[
                        Bench {
                            kind: EarlyEvidence,
                            statement: "90% of classroom observations indicate that classroom \
                                lessons are aligned with existing curriculum maps for all content \
                                areas: math, ELA, science, and social studies",
                            measure: "Percent of observed lessons aligned with the curriculum map",
                            evidence: "School Review Visit (SRV) reports: lesson plans, \
                                walkthrough data, formal and informal feedback to teachers",
                            frequency: "Each SRV cycle (December, March, June)",
                            unit: Percent,
                            targets: &[by(12, 18, 70.0), by(3, 26, 80.0), by(6, 11, 90.0)],
                        },
                        Bench {
                            kind: ShortTermOutcome,
                            statement: FALL_RIVER_STO,
                            measure: FALL_RIVER_STO_MEASURE,
                            evidence: "District benchmark assessment reports",
                            frequency: "Each benchmark window (fall, winter, spring)",
                            unit: Percent,
                            targets: &[by(1, 29, 5.0), by(3, 31, 10.0), by(6, 11, 15.0)],
                        },
                    ],
                    activities: &[
                        act(
                            "ELA maps for grades 6-12 Units 1 & 2 are complete. Elementary Math \
                             Maps are completed for review by the CAO. Curriculum resources are \
                             identified and ordered",
                            "Alicia Pacheco, Assistant Superintendent",
                            (7, 1),
                            (8, 28),
                        )
                        .needs(
                            "Customized Core for 6-12. Additional math texts and supplemental \
                                materials.",
                        ),
                        act(
                            "Principals provided PD on Instructional Shifts related to the Common \
                             Core during Principal Institute",
                            "Superintendent and Assistant Superintendent",
                            (7, 22),
                            (7, 24),
                        ),
                        act(
                            "Literacy coaches provide PD to teachers on PARCC's framework and how \
                             it was used to develop the writing units for grades 3-5",
                            "Literacy Director",
                            (8, 19),
                            (8, 19),
                        ),
                        act(
                            "District kick-off Session on Common Core: Instructional Shifts",
                            "Superintendent and Assistant Superintendent",
                            (9, 4),
                            (9, 4),
                        ),
                        act(
                            "Launch of ELA Units 1 & 2 for grades 6-12; Launch of writing units \
                             (argumentative, explanatory & narrative) for grades 3-5",
                            "ELA Lead Teacher and Literacy Director",
                            (9, 8),
                            (9, 30),
                        ),
                        act(
                            "Instructional Coaching Networks revise district benchmark \
                             assessments to be aligned with PARCC Model Content Frameworks",
                            "Alicia Pacheco, Assistant Superintendent, with the Literacy Director",
                            (9, 14),
                            (6, 11),
                        )
                        .monitored(
                            "Revised benchmark drafts reviewed at the monthly coaching network \
                             meeting",
                        ),
                        act(
                            "Secondary ELA vertical team begins the work on writing units and \
                             continues the work on the reading units 3 & 4 for grades 6-12",
                            "ELA Lead Teacher",
                            (10, 1),
                            (12, 18),
                        )
                        .needs(
                            "Stipends (for 10 members for 20 hours of work at a rate of $30 \
                                per hour for a total of $6,000)",
                        ),
                        act(
                            "Ad hoc science & social studies vertical teams grades K-12 begin \
                             redesign of curriculum maps and district assessments to reflect \
                             Standards for Informational Text and ELA Standards for social \
                             studies, science, and technical subjects",
                            "Literacy Director & Instructional Services Director",
                            (10, 1),
                            (6, 11),
                        )
                        .needs(
                            "Stipends for vertical teams (estimated at 15 members for 30 hours \
                                of work at a rate of $30 per hour for a total of $13,500)",
                        )
                        .monitored(
                            "Vertical team leaders report maps and assessments drafted at each \
                             SRV cycle",
                        ),
                        act(
                            "Literacy coaches provide embedded PD for teachers in grades 3-5 on \
                             the rubrics for the writing units",
                            "Literacy Director",
                            (10, 5),
                            (6, 11),
                        )
                        .every("Weekly coaching visits")
                        .monitored("Coaching logs reviewed monthly by the Literacy Director"),
                        act(
                            "SRV Cycle I Report is conducted and identifies status of early \
                             evidence of change of this initiative through examination of lesson \
                             plans, walkthrough observational data, formal and informal feedback \
                             to teachers and other sources",
                            SRV,
                            (12, 1),
                            (12, 18),
                        ),
                        act(
                            "Launch of ELA Units 3 & 4 for grades 6-12",
                            "ELA Lead Teacher",
                            (1, 5),
                            (1, 29),
                        ),
                        act(
                            "Launch Winter District Benchmark Assessments for science grades 4-8, \
                             and social studies, grades 4-8",
                            "Director of Student Assessment",
                            (1, 11),
                            (1, 29),
                        ),
                        act(
                            "Launch Spring District Benchmark Assessments for science grades 4-8, \
                             and social studies, grades 4-8",
                            "Director of Student Assessment",
                            (3, 8),
                            (3, 26),
                        ),
                        act(
                            "SRV Cycle II Report is conducted and identifies change in early \
                             evidence of change of this initiative through examination of lesson \
                             plans, walkthrough observational data, formal and informal feedback \
                             to teachers and other sources",
                            SRV,
                            (3, 1),
                            (3, 26),
                        ),
                        act(
                            "SRV Cycle III Report is conducted and identifies end of year status \
                             of early evidence of change of this initiative through examination \
                             of lesson plans, walkthrough observational data, formal and informal \
                             feedback to teachers and other sources",
                            SRV,
                            (6, 1),
                            (6, 11),
                        ),
                    ],
                },
                Initiative {
                    description: "Implement the instructional shifts of the Common Core in every \
                        classroom through embedded coaching, with a focus on text complexity, \
                        evidence-based discussion, and focus and coherence in mathematics",
                    lead: FALL_RIVER_LEADER,
                    led_by_leader: true,
                    key_resources: "Literacy and math coaches, instructional coaching networks, a \
                        look-for tool for the instructional shifts, release time for coaching \
                        cycles, Title I funds",
                    benchmarks: &[
                        Bench {
                            kind: EarlyEvidence,
                            statement: "80% of walkthroughs show students citing evidence from \
                                text or explaining their mathematical reasoning",
                            measure: "Percent of walkthroughs in which the look-fors for the \
                                instructional shifts are observed",
                            evidence: "Walkthrough data gathered with the instructional shifts \
                                look-for tool",
                            frequency: "Monthly",
                            unit: Percent,
                            targets: &[by(12, 18, 55.0), by(3, 26, 70.0), by(6, 11, 80.0)],
                        },
                        Bench {
                            kind: ShortTermOutcome,
                            statement: FALL_RIVER_STO,
                            measure: FALL_RIVER_STO_MEASURE,
                            evidence: "District benchmark assessment reports",
                            frequency: "Each benchmark window (fall, winter, spring)",
                            unit: Percent,
                            targets: &[by(1, 29, 5.0), by(3, 31, 10.0), by(6, 11, 15.0)],
                        },
                    ],
                    activities: &[
                        act(
                            "Develop a look-for tool for the Common Core instructional shifts and \
                             train principals to use it",
                            "Alicia Pacheco, Assistant Superintendent",
                            (8, 10),
                            (9, 25),
                        ),
                        act(
                            "Math and literacy coaches run coaching cycles on the instructional \
                             shifts with teachers in grades K-8",
                            "Literacy Director",
                            (9, 28),
                            (5, 28),
                        )
                        .every("Six-week cycles")
                        .monitored(
                            "The coaching network reviews cycle logs and walkthrough data monthly",
                        ),
                        act(
                            "Secondary departments adopt text-dependent questioning and \
                             evidence-based discussion routines in every core course",
                            "Instructional Services Director",
                            (10, 13),
                            (3, 31),
                        )
                        .monitored("Department heads submit sample lessons each month"),
                    ],
                },
            ],
        },
        Objective {
            title: "Engage all staff collectively in implementing the district's improvement \
                efforts through collaborative leadership and teams",
            lead: "Director of Strategic Planning",
            initiatives: &[
                Initiative {
                    description: "Establish instructional leadership teams in every school that \
                        align school improvement plans to the district plan and lead their \
                        implementation",
                    lead: "Director of Strategic Planning",
                    led_by_leader: false,
                    key_resources: "School improvement plan template aligned to the district \
                        plan, leadership team meeting time, stipends for teacher members",
                    benchmarks: &[
                        Bench {
                            kind: EarlyEvidence,
                            statement: "100% of school improvement plans are aligned to the \
                                district's strategic objectives and approved by October 31",
                            measure: "Percent of school improvement plans approved as aligned",
                            evidence: "Approved school improvement plans",
                            frequency: "Monthly until complete",
                            unit: Percent,
                            targets: &[by(9, 30, 50.0), by(10, 30, 100.0)],
                        },
                        Bench {
                            kind: ShortTermOutcome,
                            statement: "90% of school instructional leadership teams report \
                                progress on their school improvement plan benchmarks each month",
                            measure: "Percent of school instructional leadership teams \
                                submitting the month's progress report",
                            evidence: "Monthly instructional leadership team progress reports",
                            frequency: "Monthly",
                            unit: Percent,
                            targets: &[by(11, 25, 70.0), by(2, 26, 85.0), by(4, 30, 90.0)],
                        },
                    ],
                    activities: &[
                        act(
                            "Train school instructional leadership teams to align school \
                             improvement plans to the district plan",
                            "Director of Strategic Planning",
                            (8, 17),
                            (9, 18),
                        ),
                        act(
                            "Instructional leadership teams meet and report benchmark progress to \
                             the district",
                            "Principals",
                            (10, 1),
                            (6, 11),
                        )
                        .every("Twice monthly")
                        .monitored(
                            "The Director of Strategic Planning reviews the monthly progress \
                             reports with principals",
                        ),
                        act(
                            "Mid-year school improvement plan review with each school's team",
                            "Superintendent",
                            (1, 20),
                            (2, 12),
                        ),
                    ],
                },
                Initiative {
                    description: "Build teacher leadership through instructional coaching \
                        networks, vertical teams and common planning time",
                    lead: "Instructional Services Director",
                    led_by_leader: false,
                    key_resources: "Teacher leader stipends, coaching network meeting time, \
                        common planning time in every master schedule",
                    benchmarks: &[
                        Bench {
                            kind: EarlyEvidence,
                            statement: "85% of common planning time sessions follow the district \
                                protocol and record a next step for instruction",
                            measure: "Percent of sampled common planning time notes that follow \
                                the protocol",
                            evidence: "Common planning time agendas and notes",
                            frequency: "Monthly",
                            unit: Percent,
                            targets: &[by(11, 25, 60.0), by(2, 26, 75.0), by(5, 28, 85.0)],
                        },
                        Bench {
                            kind: ShortTermOutcome,
                            statement: "70% of teachers report on the staff survey that they \
                                share responsibility for their school's improvement efforts",
                            measure: "Percent of teachers agreeing with the shared responsibility \
                                survey items",
                            evidence: "District staff survey",
                            frequency: "Twice a year",
                            unit: Percent,
                            targets: &[by(1, 29, 60.0), by(5, 28, 70.0)],
                        },
                    ],
                    activities: &[
                        act(
                            "Adopt a common planning time protocol and train teachers to use it",
                            "Instructional Services Director",
                            (9, 8),
                            (10, 30),
                        ),
                        act(
                            "Teacher leaders from vertical teams and coaching networks lead \
                             professional development sessions in each school",
                            "Instructional Services Director",
                            (11, 3),
                            (5, 11),
                        )
                        .every("Monthly")
                        .monitored("Session agendas and attendance collected monthly"),
                        act(
                            "Administer the staff survey on shared responsibility and share the \
                             results with school teams",
                            "Director of Strategic Planning",
                            (1, 11),
                            (5, 21),
                        )
                        .every("Twice a year (January and May)")
                        .monitored("January results discussed with every school team in February"),
                    ],
                },
            ],
        },
        Objective {
            title: "Utilize the district's communication networks to monitor, support, and \
                provide feedback on educator performance",
            lead: "Superintendent",
            initiatives: &[
                Initiative {
                    description: "Implement the educator evaluation system with frequent, \
                        specific feedback to every teacher on the standards of effective practice",
                    lead: "Director of Human Resources",
                    led_by_leader: false,
                    key_resources: "Educator evaluation software, evaluator calibration training \
                        and video library, protected observation time",
                    benchmarks: &[
                        Bench {
                            kind: EarlyEvidence,
                            statement: "100% of evaluators complete calibration training and rate \
                                a common lesson video within one level of the expert rating",
                            measure: "Percent of evaluators calibrated",
                            evidence: "Evaluator training and calibration records",
                            frequency: "Monthly until complete",
                            unit: Percent,
                            targets: &[by(9, 30, 75.0), by(10, 30, 100.0)],
                        },
                        Bench {
                            kind: ShortTermOutcome,
                            statement: "90% of teachers receive at least one unannounced \
                                observation with written feedback each quarter",
                            measure: "Percent of teachers with an unannounced observation and \
                                written feedback in the quarter",
                            evidence: "Educator evaluation software reports",
                            frequency: "Quarterly",
                            unit: Percent,
                            targets: &[by(11, 25, 70.0), by(2, 26, 85.0), by(4, 30, 90.0)],
                        },
                    ],
                    activities: &[
                        act(
                            "Evaluator calibration training for principals, assistant principals \
                             and department heads",
                            "Director of Human Resources",
                            (8, 24),
                            (10, 23),
                        ),
                        act(
                            "Evaluators conduct unannounced observations and give written \
                             feedback within 48 hours",
                            "Principals",
                            (9, 28),
                            (6, 4),
                        )
                        .every("At least once a quarter for each teacher")
                        .monitored(
                            "The Director of Human Resources reviews observation counts by \
                             evaluator each month",
                        ),
                        act(
                            "Formative evaluation conferences for teachers on two-year plans",
                            "Principals",
                            (1, 19),
                            (3, 26),
                        ),
                    ],
                },
                Initiative {
                    description: "Use School Review Visits, learning walks and the district's \
                        communication networks to monitor implementation and share results with \
                        every school",
                    lead: "Chief Academic Officer",
                    led_by_leader: false,
                    key_resources: "School Review Partners, the SRV protocol, district newsletter \
                        and staff portal, principals' meeting time",
                    benchmarks: &[
                        Bench {
                            kind: EarlyEvidence,
                            statement: "Every school discusses its SRV report with its \
                                instructional leadership team within two weeks of each cycle",
                            measure: "Percent of schools with team minutes discussing the SRV \
                                report within two weeks",
                            evidence: "SRV reports and instructional leadership team minutes",
                            frequency: "Each SRV cycle",
                            unit: Percent,
                            targets: &[by(1, 8, 100.0), by(4, 9, 100.0), by(6, 25, 100.0)],
                        },
                        Bench {
                            kind: ShortTermOutcome,
                            statement: "Each SRV cycle shows more schools with practices in place \
                                for the district's instructional look-fors",
                            measure: "Percent of schools rated as having practices in place",
                            evidence: "SRV cycle reports",
                            frequency: "Each SRV cycle (December, March, June)",
                            unit: Percent,
                            targets: &[by(12, 18, 40.0), by(3, 26, 55.0), by(6, 11, 70.0)],
                        },
                    ],
                    activities: &[
                        act(
                            "Share each SRV cycle's findings and next steps at the principals' \
                             meeting and at faculty meetings",
                            "Chief Academic Officer",
                            (12, 21),
                            (6, 18),
                        )
                        .every("After each SRV cycle (December, March, June)")
                        .monitored("Faculty meeting agendas collected after each cycle"),
                        act(
                            "Publish an implementation update to all staff through the district \
                             newsletter and staff portal",
                            "Director of Strategic Planning",
                            (9, 30),
                            (6, 15),
                        )
                        .every("Monthly")
                        .monitored("Each update reviewed by the Superintendent's cabinet"),
                    ],
                },
            ],
        },
    ],
};

const PLANS: [&DemoPlan; 3] = [&RANDOLPH, &NEW_BEDFORD, &FALL_RIVER];

/// Gives each demo district a plan built from seed 001's sample plans, unless it already has one.
pub async fn seed(conn: &mut sqlx::PgConnection) -> anyhow::Result<()> {
    let year = calendar::school_year_of(calendar::today());
    for plan in PLANS {
        let district: Option<Uuid> = sqlx::query_scalar("SELECT id FROM districts WHERE slug = $1")
            .bind(plan.slug)
            .fetch_optional(&mut *conn)
            .await?;
        let Some(district) = district else { continue };
        let has_plan: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM plans WHERE district_id = $1)")
                .bind(district)
                .fetch_one(&mut *conn)
                .await?;
        if !has_plan {
            insert_plan(conn, district, plan, year).await?;
        }
    }
    Ok(())
}

async fn insert_plan(
    conn: &mut PgConnection,
    district: Uuid,
    plan: &DemoPlan,
    year: i32,
) -> Result<()> {
    let supt = user_id(conn, &format!("supt.{}@demo.test", plan.key)).await?;
    let leader = user_id(conn, &format!("leader.{}@demo.test", plan.key)).await?;
    let approver = match plan.approved_days_ago {
        Some(_) => user_id(conn, "ese.staff@demo.test").await?,
        None => None,
    };
    let now = Utc::now();
    let key_issues: Vec<String> = plan
        .key_issues
        .iter()
        .map(|k| format!("• {}", fill(k, year)))
        .collect();
    let plan_id: Uuid = sqlx::query_scalar(
        "INSERT INTO plans (district_id, title, first_school_year, last_school_year, status, \
         key_issues, theory_of_action, focus_rationale, submitted_at, submitted_by, approved_at, \
         approved_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(district)
    .bind(plan.title)
    .bind(year as i16)
    .bind((year + plan.more_years) as i16)
    .bind(plan.status)
    .bind(key_issues.join("\n"))
    .bind(fill(plan.theory_of_action, year))
    .bind(fill(plan.focus_rationale, year))
    .bind(now - TimeDelta::days(plan.submitted_days_ago))
    .bind(supt)
    .bind(
        plan.approved_days_ago
            .map(|days| now - TimeDelta::days(days)),
    )
    .bind(approver)
    .fetch_one(&mut *conn)
    .await?;
    for (rank, objective) in (1_i32..).zip(plan.objectives) {
        let objective_id: Uuid = sqlx::query_scalar(
            "INSERT INTO objectives (district_id, plan_id, rank, title, lead) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(district)
        .bind(plan_id)
        .bind(rank)
        .bind(objective.title)
        .bind(objective.lead)
        .fetch_one(&mut *conn)
        .await?;
        for (rank, initiative) in (1_i32..).zip(objective.initiatives) {
            let initiative_id: Uuid = sqlx::query_scalar(
                "INSERT INTO initiatives (district_id, objective_id, rank, description, lead, \
                 lead_user_id, key_resources) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(district)
            .bind(objective_id)
            .bind(rank)
            .bind(initiative.description)
            .bind(initiative.lead)
            .bind(if initiative.led_by_leader {
                leader
            } else {
                None
            })
            .bind(initiative.key_resources)
            .fetch_one(&mut *conn)
            .await?;
            insert_benchmarks(
                conn,
                district,
                plan_id,
                Some(initiative_id),
                initiative.benchmarks,
                year,
            )
            .await?;
            for (rank, activity) in (1_i32..).zip(initiative.activities) {
                sqlx::query(
                    "INSERT INTO activities (district_id, initiative_id, rank, description, lead, \
                     starts_on, completes_on, resources, frequency, interim_monitoring) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(district)
                .bind(initiative_id)
                .bind(rank)
                .bind(fill(activity.description, year))
                .bind(activity.lead)
                .bind(date(year, activity.starts))
                .bind(date(year, activity.completes))
                .bind(activity.resources)
                .bind(activity.frequency)
                .bind(activity.interim_monitoring)
                .execute(&mut *conn)
                .await?;
            }
        }
    }
    insert_benchmarks(conn, district, plan_id, None, plan.final_outcomes, year).await?;
    sqlx::query(
        "INSERT INTO plan_changes (district_id, plan_id, changed_by, subject, action, reason) \
         VALUES ($1, $2, $3, 'Plan', 'created', 'Entered from the district''s submitted plan document')",
    )
    .bind(district)
    .bind(plan_id)
    .bind(supt)
    .execute(&mut *conn)
    .await?;
    if let Some(days) = plan.approved_days_ago {
        // ESE reviewed the plan on the rubric two days before approving it.
        let reviewed_at = now - TimeDelta::days(days + 2);
        super::demo_reviews::seed(conn, plan.slug, district, plan_id, reviewed_at).await?;
    }
    Ok(())
}

/// The benchmarks of one initiative, or the plan's final outcomes when `initiative` is None.
async fn insert_benchmarks(
    conn: &mut PgConnection,
    district: Uuid,
    plan_id: Uuid,
    initiative: Option<Uuid>,
    benchmarks: &[Bench],
    year: i32,
) -> Result<()> {
    for (rank, bench) in (1_i32..).zip(benchmarks) {
        let benchmark_id: Uuid = sqlx::query_scalar(
            "INSERT INTO benchmarks (district_id, plan_id, initiative_id, kind, rank, statement, \
             measure, evidence_source, frequency, unit) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(district)
        .bind(plan_id)
        .bind(initiative)
        .bind(bench.kind)
        .bind(rank)
        .bind(fill(bench.statement, year))
        .bind(fill(bench.measure, year))
        .bind(fill(bench.evidence, year))
        .bind(bench.frequency)
        .bind(bench.unit)
        .fetch_one(&mut *conn)
        .await?;
        for target in bench.targets {
            sqlx::query(
                "INSERT INTO benchmark_targets (district_id, benchmark_id, due_on, value) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(district)
            .bind(benchmark_id)
            .bind(date(year + target.later, target.on))
            .bind(target.value)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

async fn user_id(conn: &mut PgConnection, email: &str) -> Result<Option<Uuid>> {
    Ok(sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(&mut *conn)
        .await?)
}

/// A month and day in school year `year` (July–December in `year`, January–June in the next).
fn date(year: i32, (month, day): Md) -> NaiveDate {
    let calendar_year = if month >= 7 { year } else { year + 1 };
    NaiveDate::from_ymd_opt(calendar_year, month, day).expect("demo dates are real dates")
}

/// Puts the plan's years into a text: `{year}` is the first school year's autumn, `{next}` its spring.
fn fill(text: &str, year: i32) -> String {
    text.replace("{year}", &year.to_string())
        .replace("{next}", &(year + 1).to_string())
}
