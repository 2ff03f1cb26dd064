//! The words of each notice: a subject that names the thing and the district, a sentence on what
//! to do, and the page to open. Kept here so the handlers that cause events add one call each.

use chrono::NaiveDate;
use uuid::Uuid;

use super::{Event, Notice};
use crate::access::District;
use crate::calendar::{QprPeriod, date_label};

/// The longest quotation of someone's comment in a notice; the page has the rest.
const QUOTE_MAX: usize = 300;

fn minutes_link(district: &District, discussion: Uuid) -> String {
    format!(
        "/districts/{}/discussions/{discussion}/minutes",
        district.slug
    )
}

fn qpr_process_link(district_slug: &str, qpr: Uuid) -> String {
    format!("/districts/{district_slug}/qprs/{qpr}/process")
}

fn quote(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= QUOTE_MAX {
        format!("“{text}”")
    } else {
        let cut: String = text.chars().take(QUOTE_MAX).collect();
        format!("“{}…”", cut.trim_end())
    }
}

/// "Nov 20": the discussion's day, as people name it.
fn day(date: NaiveDate) -> String {
    date.format("%b %-d").to_string()
}

pub fn minutes_sent(
    district: &District,
    discussion: Uuid,
    held_on: NaiveDate,
    answer_due: NaiveDate,
) -> Notice {
    Notice {
        event: Event::MinutesSent,
        district_id: district.id,
        subject: format!(
            "Draft minutes of the {} discussion are ready for your review — {}",
            day(held_on),
            district.name
        ),
        body: format!(
            "The plan manager sent the draft minutes of the Highlight Discussion held {} for \
             review. Answer “No discrepancies” or with your comments by {}.",
            date_label(held_on),
            date_label(answer_due)
        ),
        link: minutes_link(district, discussion),
    }
}

pub fn minutes_commented(
    district: &District,
    discussion: Uuid,
    held_on: NaiveDate,
    reviewer: &str,
    comments: &str,
) -> Notice {
    Notice {
        event: Event::MinutesCommented,
        district_id: district.id,
        subject: format!(
            "{reviewer} commented on the draft minutes of the {} discussion — {}",
            day(held_on),
            district.name
        ),
        body: format!(
            "{reviewer} answered the draft minutes with comments: {}",
            quote(comments)
        ),
        link: minutes_link(district, discussion),
    }
}

pub fn minutes_final(district: &District, discussion: Uuid, held_on: NaiveDate) -> Notice {
    Notice {
        event: Event::MinutesFinal,
        district_id: district.id,
        subject: format!(
            "Final minutes of the {} discussion — {}",
            day(held_on),
            district.name
        ),
        body: format!(
            "The minutes of the Highlight Discussion held {} are final.",
            date_label(held_on)
        ),
        link: minutes_link(district, discussion),
    }
}

pub fn evidence_requested(
    district: &District,
    kind_label: &str,
    description: &str,
    due: NaiveDate,
) -> Notice {
    Notice {
        event: Event::EvidenceRequested,
        district_id: district.id,
        subject: format!(
            "The monitor asks for {}, due {} — {}",
            kind_label.to_lowercase(),
            date_label(due),
            district.name
        ),
        body: format!("The request: {}", quote(description)),
        link: format!("/districts/{}/evidence-requests", district.slug),
    }
}

fn report_name(period_start: NaiveDate) -> String {
    QprPeriod::containing(period_start).title()
}

pub fn qpr_in_review(district: &District, qpr: Uuid, period_start: NaiveDate) -> Notice {
    Notice {
        event: Event::QprInReview,
        district_id: district.id,
        subject: format!(
            "{} is ready for ESE review — {}",
            report_name(period_start),
            district.name
        ),
        body: "The monitor sent the report to ESE Accountability and the other monitors. \
               Comment on its passages; the monitor accepts or answers each comment."
            .into(),
        link: qpr_process_link(&district.slug, qpr),
    }
}

/// A review comment, from the district's process page or the peer review pages (which know the
/// district only by id, name and slug).
pub fn qpr_review_comment(
    district_id: Uuid,
    district_name: &str,
    district_slug: &str,
    qpr: Uuid,
    period_start: NaiveDate,
    author: &str,
    body: &str,
) -> Notice {
    Notice {
        event: Event::QprReviewComment,
        district_id,
        subject: format!(
            "{author} commented on the {} — {district_name}",
            report_name(period_start)
        ),
        body: format!("A review comment to accept or answer: {}", quote(body)),
        link: qpr_process_link(district_slug, qpr),
    }
}

pub fn qpr_to_superintendent(district: &District, qpr: Uuid, period_start: NaiveDate) -> Notice {
    Notice {
        event: Event::QprToSuperintendent,
        district_id: district.id,
        subject: format!(
            "{} is ready for your factual corrections — {}",
            report_name(period_start),
            district.name
        ),
        body: "Check the report for factual errors and suggest corrections on the passages \
               concerned before ESE publishes it."
            .into(),
        link: qpr_process_link(&district.slug, qpr),
    }
}

pub fn qpr_correction_suggested(
    district: &District,
    qpr: Uuid,
    period_start: NaiveDate,
    body: &str,
) -> Notice {
    Notice {
        event: Event::QprCorrectionSuggested,
        district_id: district.id,
        subject: format!(
            "The superintendent suggested a factual correction to the {} — {}",
            report_name(period_start),
            district.name
        ),
        body: format!("Accept or answer it before ESE publishes: {}", quote(body)),
        link: qpr_process_link(&district.slug, qpr),
    }
}

pub fn qpr_published(district: &District, qpr: Uuid, period_start: NaiveDate) -> Notice {
    Notice {
        event: Event::QprPublished,
        district_id: district.id,
        subject: format!(
            "{} is published — {}",
            report_name(period_start),
            district.name
        ),
        body: "ESE published the report. Record the date it is discussed with the School \
               Committee."
            .into(),
        link: format!("/districts/{}/qprs/{qpr}", district.slug),
    }
}

/// `body` is "the School Committee" or "the Board of Elementary and Secondary Education".
pub fn report_presented(
    district: &District,
    qpr: Uuid,
    period_start: NaiveDate,
    body: &str,
    on: NaiveDate,
) -> Notice {
    Notice {
        event: Event::ReportPresented,
        district_id: district.id,
        subject: format!(
            "{} was presented to {body} on {} — {}",
            report_name(period_start),
            date_label(on),
            district.name
        ),
        body: "The presentation is recorded with who presented and the meeting's minutes or                video."
            .into(),
        link: format!("/districts/{}/qprs/{qpr}/presentations", district.slug),
    }
}

fn reflection_link(district: &District, reflection: Uuid) -> String {
    format!(
        "/districts/{}/continuum/reflections/{reflection}",
        district.slug
    )
}

pub fn reflection_scheduled(district: &District, reflection: Uuid, held_on: NaiveDate) -> Notice {
    Notice {
        event: Event::ReflectionScheduled,
        district_id: district.id,
        subject: format!(
            "Reflection on the continuum on {} — {}",
            day(held_on),
            district.name
        ),
        body: format!(
            "A reflection on where the district stands on the continuum toward exit is scheduled \
             for {}.",
            date_label(held_on)
        ),
        link: reflection_link(district, reflection),
    }
}

pub fn reflection_cancelled(district: &District, held_on: NaiveDate) -> Notice {
    Notice {
        event: Event::ReflectionCancelled,
        district_id: district.id,
        subject: format!(
            "Reflection of {} cancelled — {}",
            day(held_on),
            district.name
        ),
        body: format!(
            "The reflection on the continuum planned for {} was cancelled.",
            date_label(held_on)
        ),
        link: format!("/districts/{}/continuum", district.slug),
    }
}

/// ESE asked to join the pre-meeting (seed 002 §9: "by request"); `cancelled` when the reflection
/// it was asked to is called off.
pub fn reflection_ese(
    district: &District,
    reflection: Uuid,
    held_on: NaiveDate,
    pre_meeting_on: Option<NaiveDate>,
    cancelled: bool,
) -> Notice {
    let (subject, body, link) = if cancelled {
        (
            format!(
                "Reflection of {} cancelled — {}",
                day(held_on),
                district.name
            ),
            format!(
                "The reflection on the continuum planned for {}, whose pre-meeting ESE was asked \
                 to join, was cancelled.",
                date_label(held_on)
            ),
            format!("/districts/{}/continuum", district.slug),
        )
    } else {
        let when = match pre_meeting_on {
            Some(on) => format!("The pre-meeting is on {}.", date_label(on)),
            None => "The pre-meeting's date is still to be set.".to_string(),
        };
        (
            format!("ESE asked to join a pre-meeting — {}", district.name),
            format!(
                "The district asks ESE to join the pre-meeting of its plan manager and monitor \
                 before its reflection on the continuum on {}. {when}",
                date_label(held_on)
            ),
            reflection_link(district, reflection),
        )
    };
    Notice {
        event: Event::ReflectionEse,
        district_id: district.id,
        subject,
        body,
        link,
    }
}

pub fn reflection_recorded(district: &District, reflection: Uuid, held_on: NaiveDate) -> Notice {
    Notice {
        event: Event::ReflectionRecorded,
        district_id: district.id,
        subject: format!("Positions on the continuum recorded — {}", district.name),
        body: format!(
            "Where the district stands on exit criteria B–E was recorded at the reflection of {}.",
            date_label(held_on)
        ),
        link: reflection_link(district, reflection),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn randolph() -> District {
        District {
            id: Uuid::nil(),
            name: "Randolph".into(),
            slug: "randolph".into(),
            accountability_level: 4,
            enrollment: None,
            profile: String::new(),
            version: 1,
        }
    }

    #[test]
    fn subjects_name_the_thing_and_the_district() {
        let held = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let due = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let n = minutes_sent(&randolph(), Uuid::nil(), held, due);
        assert_eq!(
            n.subject,
            "Draft minutes of the Nov 20 discussion are ready for your review — Randolph"
        );
        assert!(n.body.contains("Nov 23, 2026"));
        assert!(n.link.starts_with("/districts/randolph/discussions/"));
        let q = qpr_published(
            &randolph(),
            Uuid::nil(),
            NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
        );
        assert_eq!(
            q.subject,
            "Quarterly Progress Report for September–November 2026 is published — Randolph"
        );
    }

    #[test]
    fn long_comments_are_cut_with_an_ellipsis() {
        let long = "a".repeat(1000);
        let quoted = quote(&long);
        assert!(quoted.ends_with("…”"));
        assert_eq!(quoted.chars().count(), QUOTE_MAX + 3);
        assert_eq!(quote(" short "), "“short”");
    }
}
