//! Quarterly Progress Reports and the year's Summative Report as stored, and the rules that keep
//! a report in review: every initiative rated with evidence, and a summative report's
//! recommendations for next year written.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::rating::{PerformanceRating, ProcessRating};
use crate::calendar::QprPeriod;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[sqlx(type_name = "qpr_status", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum QprStatus {
    Draft,
    EseReview,
    FactualReview,
    Published,
}

impl QprStatus {
    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Draft (monitor)",
            Self::EseReview => "In review by ESE and the other monitors",
            Self::FactualReview => "With the superintendent for factual corrections",
            Self::Published => "Published",
        }
    }

    pub fn css_class(self) -> &'static str {
        match self {
            Self::Draft => "status-draft",
            Self::EseReview | Self::FactualReview => "status-submitted",
            Self::Published => "status-approved",
        }
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Qpr {
    pub id: Uuid,
    pub district_id: Uuid,
    pub plan_id: Uuid,
    pub period_start: NaiveDate,
    pub status: QprStatus,
    pub summary: String,
    pub monitor_id: Option<Uuid>,
    pub monitor_name: Option<String>,
    pub sent_to_ese_at: Option<DateTime<Utc>>,
    pub sent_to_superintendent_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
    /// The Summative Report's recommendations for the district's priorities and actions next
    /// year; always empty on a quarterly report.
    pub recommendations: String,
    pub posted_at: Option<DateTime<Utc>>,
    pub revision: i32,
    pub version: i32,
}

/// Columns for [`Qpr`] from `qprs q LEFT JOIN users mu ON mu.id = q.monitor_id`.
pub const QPR_COLUMNS: &str = "q.id, q.district_id, q.plan_id, q.period_start, q.status, q.summary, q.monitor_id, \
     mu.name AS monitor_name, q.sent_to_ese_at, q.sent_to_superintendent_at, q.published_at, q.recommendations, \
     q.posted_at, q.revision, q.version";

impl Qpr {
    pub fn period(&self) -> QprPeriod {
        QprPeriod::containing(self.period_start)
    }

    /// The June–August slot's report: the year's Summative Report.
    pub fn is_summative(&self) -> bool {
        self.period().is_summative()
    }

    /// Published reports change only through a correction with a reason.
    pub fn is_editable(&self) -> bool {
        matches!(
            self.status,
            QprStatus::Draft | QprStatus::EseReview | QprStatus::FactualReview
        )
    }
}

/// One initiative's part of a report.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct InitiativeRating {
    pub initiative_id: Uuid,
    pub narrative: String,
    pub process_rating: Option<ProcessRating>,
    pub process_evidence: String,
    pub process_rationale: String,
    pub performance_rating: Option<PerformanceRating>,
    pub performance_evidence: String,
    pub performance_rationale: String,
    /// How many library items back each rating.
    pub process_evidence_items: i64,
    pub performance_evidence_items: i64,
}

/// Columns for [`InitiativeRating`] from `qpr_initiatives r` (with the evidence counts).
pub const RATING_COLUMNS: &str = "r.initiative_id, r.narrative, r.process_rating, r.process_evidence, \
     r.process_rationale, r.performance_rating, r.performance_evidence, r.performance_rationale, \
     (SELECT count(*) FROM qpr_rating_evidence x WHERE x.qpr_id = r.qpr_id AND x.initiative_id = r.initiative_id \
        AND x.scale = 'process') AS process_evidence_items, \
     (SELECT count(*) FROM qpr_rating_evidence x WHERE x.qpr_id = r.qpr_id AND x.initiative_id = r.initiative_id \
        AND x.scale = 'performance') AS performance_evidence_items";

/// What keeps a report in review: an initiative without a rating, or a rating without evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    pub initiative_id: Uuid,
    pub problem: &'static str,
}

/// Seed 002 §8: "Ratings for each initiative along with supporting evidence." Every initiative
/// of the plan needs both ratings, and each rating evidence: written, or chosen from the library.
pub fn rating_gaps(initiative_ids: &[Uuid], ratings: &[InitiativeRating]) -> Vec<Gap> {
    let mut gaps = Vec::new();
    for &initiative_id in initiative_ids {
        let rating = ratings.iter().find(|r| r.initiative_id == initiative_id);
        let mut gap = |problem| {
            gaps.push(Gap {
                initiative_id,
                problem,
            })
        };
        let Some(r) = rating else {
            gap("has no Process rating");
            gap("has no Performance rating");
            continue;
        };
        if r.process_rating.is_none() {
            gap("has no Process rating");
        } else if r.process_evidence.trim().is_empty() && r.process_evidence_items == 0 {
            gap("has a Process rating without evidence");
        }
        if r.performance_rating.is_none() {
            gap("has no Performance rating");
        } else if r.performance_evidence.trim().is_empty() && r.performance_evidence_items == 0 {
            gap("has a Performance rating without evidence");
        }
    }
    gaps
}

pub const NO_RECOMMENDATIONS: &str = "The Summative Report has no recommendations for the district's priorities and actions next year";

/// Seed 001 Phase 5: the Summative Report ends with recommendations for next year, which the
/// district's next plan starts from; it does not leave review without them.
pub fn summative_gaps(qpr: &Qpr) -> Vec<String> {
    if qpr.is_summative() && qpr.recommendations.trim().is_empty() {
        vec![NO_RECOMMENDATIONS.to_string()]
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(period_start: NaiveDate, recommendations: &str) -> Qpr {
        Qpr {
            id: Uuid::new_v4(),
            district_id: Uuid::new_v4(),
            plan_id: Uuid::new_v4(),
            period_start,
            status: QprStatus::Draft,
            summary: String::new(),
            monitor_id: None,
            monitor_name: None,
            sent_to_ese_at: None,
            sent_to_superintendent_at: None,
            published_at: None,
            recommendations: recommendations.into(),
            posted_at: None,
            revision: 1,
            version: 1,
        }
    }

    #[test]
    fn a_summative_report_needs_its_recommendations_and_a_quarterly_one_has_none() {
        let june = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        let september = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
        assert!(report(june, "").is_summative());
        assert_eq!(
            summative_gaps(&report(june, "  ")),
            vec![NO_RECOMMENDATIONS]
        );
        assert!(summative_gaps(&report(june, "Keep coaching cycles.")).is_empty());
        assert!(!report(september, "").is_summative());
        assert!(summative_gaps(&report(september, "")).is_empty());
    }

    fn rated(id: Uuid) -> InitiativeRating {
        InitiativeRating {
            initiative_id: id,
            narrative: String::new(),
            process_rating: Some(ProcessRating::Technical),
            process_evidence: "Walkthrough summaries, October".into(),
            process_rationale: String::new(),
            performance_rating: Some(PerformanceRating::PartiallyReached),
            performance_evidence: String::new(),
            performance_rationale: String::new(),
            process_evidence_items: 0,
            performance_evidence_items: 2,
        }
    }

    #[test]
    fn every_initiative_needs_both_ratings_with_evidence() {
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        assert!(rating_gaps(&[a], &[rated(a)]).is_empty());
        // An initiative with no row at all lacks both.
        assert_eq!(rating_gaps(&[a, b], &[rated(a)]).len(), 2);
        let mut no_evidence = rated(a);
        no_evidence.performance_evidence_items = 0;
        assert_eq!(
            rating_gaps(&[a], &[no_evidence]),
            vec![Gap {
                initiative_id: a,
                problem: "has a Performance rating without evidence"
            }]
        );
        let mut unrated = rated(a);
        unrated.process_rating = None;
        assert_eq!(
            rating_gaps(&[a], &[unrated])[0].problem,
            "has no Process rating"
        );
        // Whitespace is not evidence.
        let mut blank = rated(a);
        blank.process_evidence = "  ".into();
        assert_eq!(rating_gaps(&[a], &[blank]).len(), 1);
    }
}
