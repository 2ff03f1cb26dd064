//! Each time a published report was presented (seed 002 §8, Appendix I): every report to the
//! School Committee, by the superintendent with ESE; the year's Summative Report also to the
//! Board, annually. Each presentation keeps its date, who presented and a note or link to the
//! meeting's minutes or video; it is dated on or after publication and not in the future.

mod page;

use axum::Router;
use axum::routing::get;
use chrono::NaiveDate;
use serde::Deserialize;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::access::Permission;
use crate::calendar::date_label;
use crate::db::scoped;
use crate::state::AppState;
use crate::web::forms::{FieldErrors, check_text};

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/districts/{district}/qprs/{id}/presentations",
        get(page::page).post(page::record),
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::Type)]
#[sqlx(type_name = "presentation_body", rename_all = "snake_case")]
pub enum Body {
    SchoolCommittee,
    Board,
}

impl Body {
    pub const ALL: [Self; 2] = [Self::SchoolCommittee, Self::Board];

    pub fn key(self) -> &'static str {
        match self {
            Self::SchoolCommittee => "school_committee",
            Self::Board => "board",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::SchoolCommittee => "the School Committee",
            Self::Board => "the Board of Elementary and Secondary Education",
        }
    }

    /// Who records it: the district (or its monitor, or ESE, who presents with the
    /// superintendent) for the School Committee; ESE for its Board.
    pub fn may_record(self, can: impl Fn(Permission) -> bool) -> bool {
        match self {
            Self::SchoolCommittee => {
                can(Permission::RecordPresentation) || can(Permission::PublishQpr)
            }
            Self::Board => can(Permission::PublishQpr),
        }
    }

    /// Which reports go there: every report to the School Committee, only the year's Summative
    /// Report to the Board.
    pub fn takes(self, summative: bool) -> bool {
        self == Self::SchoolCommittee || summative
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Presentation {
    pub qpr_id: Uuid,
    pub body: Body,
    pub presented_on: NaiveDate,
    pub presenters: String,
    pub note: String,
    pub revision: i32,
    pub recorded_by_name: Option<String>,
}

impl Presentation {
    /// "Presented to the School Committee on Oct 6, 2026 by Dr. Lee, with ESE".
    pub fn sentence(&self) -> String {
        let by = if self.presenters.is_empty() {
            String::new()
        } else {
            format!(" by {}", self.presenters)
        };
        format!(
            "Presented to {} on {}{by}",
            self.body.label(),
            date_label(self.presented_on)
        )
    }

    /// "Board, Oct 20, 2026", for a table of reports.
    pub fn short(&self) -> String {
        let body = match self.body {
            Body::SchoolCommittee => "School Committee",
            Body::Board => "Board",
        };
        format!("{body}, {}", date_label(self.presented_on))
    }

    /// The note, when it is a web address: the page links to it.
    pub fn link(&self) -> Option<&str> {
        let note = self.note.trim();
        let is_link = (note.starts_with("https://") || note.starts_with("http://"))
            && !note.contains(char::is_whitespace);
        is_link.then_some(note)
    }
}

const COLUMNS: &str = "p.qpr_id, p.body, p.presented_on, p.presenters, p.note, p.revision, \
     u.name AS recorded_by_name";

/// Every presentation of one report, oldest first.
pub async fn of_report(
    conn: &mut PgConnection,
    district_id: Uuid,
    qpr_id: Uuid,
) -> sqlx::Result<Vec<Presentation>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM report_presentations p LEFT JOIN users u ON u.id = p.recorded_by \
         WHERE p.district_id = $1 AND p.qpr_id = $2 ORDER BY p.presented_on, p.created_at"
    );
    scoped::all(conn, &sql, district_id, qpr_id).await
}

/// Every presentation of the given reports, for a page that lists several (one statement).
pub async fn of_reports(
    conn: &mut PgConnection,
    district_id: Uuid,
    qpr_ids: &[Uuid],
) -> sqlx::Result<Vec<Presentation>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM report_presentations p LEFT JOIN users u ON u.id = p.recorded_by \
         WHERE p.district_id = $1 AND p.qpr_id = ANY($2) ORDER BY p.presented_on, p.created_at"
    ))
    .bind(district_id)
    .bind(qpr_ids)
    .fetch_all(conn)
    .await
}

pub const PRESENTERS_MAX: usize = 300;
pub const NOTE_MAX: usize = 1_000;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct PresentationForm {
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub presented_on: String,
    #[serde(default)]
    pub presenters: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub form_token: String,
}

/// A presentation as it will be saved.
#[derive(Debug, Clone, PartialEq)]
pub struct Valid {
    pub body: Body,
    pub presented_on: NaiveDate,
    pub presenters: String,
    pub note: String,
}

/// The rules of a presentation: a body the report goes to, a real date between the report's
/// publication and today, who presented, and a note or link of reasonable length.
pub fn check(
    form: &PresentationForm,
    summative: bool,
    published_on: NaiveDate,
    today: NaiveDate,
) -> Result<Valid, FieldErrors> {
    let mut errors = FieldErrors::default();
    let body = Body::parse(form.body.trim());
    match body {
        None => errors.add("body", "Choose where the report was presented."),
        Some(b) if !b.takes(summative) => errors.add(
            "body",
            "Only the year's Summative Report is presented to the Board; a Quarterly Progress \
             Report goes to the School Committee.",
        ),
        Some(_) => {}
    }
    let date = NaiveDate::parse_from_str(form.presented_on.trim(), "%Y-%m-%d").ok();
    match date {
        None => errors.add(
            "presented_on",
            "Enter the date of the meeting, e.g. 2027-01-14.",
        ),
        Some(d) if d > today => errors.add(
            "presented_on",
            format!(
                "The date cannot be in the future (today is {}): record it once the meeting has \
                 taken place.",
                date_label(today)
            ),
        ),
        Some(d) if d < published_on => errors.add(
            "presented_on",
            format!(
                "The report was published on {}: it can only have been presented on or after \
                 that day.",
                date_label(published_on)
            ),
        ),
        Some(_) => {}
    }
    let presenters = form.presenters.trim();
    if presenters.is_empty() {
        errors.add(
            "presenters",
            "Say who presented it, e.g. the superintendent with ESE's contact.",
        );
    } else if presenters.chars().count() > PRESENTERS_MAX {
        errors.add("presenters", "Keep this to 300 characters.");
    }
    let note = form.note.trim();
    if note.chars().count() > NOTE_MAX {
        errors.add("note", "Keep this to 1,000 characters.");
    }
    check_text(&mut errors, &[("presenters", presenters), ("note", note)]);
    match (body, date) {
        (Some(body), Some(presented_on)) if errors.is_empty() => Ok(Valid {
            body,
            presented_on,
            presenters: presenters.to_string(),
            note: note.to_string(),
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn form(body: &str, on: &str, presenters: &str) -> PresentationForm {
        PresentationForm {
            body: body.into(),
            presented_on: on.into(),
            presenters: presenters.into(),
            note: " https://example.org/minutes ".into(),
            form_token: String::new(),
        }
    }

    #[test]
    fn a_presentation_falls_between_publication_and_today() {
        let (published, today) = (d(9, 19), d(12, 7));
        let ok = check(
            &form("school_committee", "2026-09-19", "Dr. Lee"),
            false,
            published,
            today,
        );
        assert_eq!(
            ok.unwrap(),
            Valid {
                body: Body::SchoolCommittee,
                presented_on: published,
                presenters: "Dr. Lee".into(),
                note: "https://example.org/minutes".into(),
            }
        );
        let early = check(
            &form("school_committee", "2026-09-18", "Dr. Lee"),
            false,
            published,
            today,
        );
        assert!(
            early
                .unwrap_err()
                .of("presented_on")
                .contains("published on Sep 19, 2026")
        );
        let future = check(
            &form("school_committee", "2026-12-08", "Dr. Lee"),
            false,
            published,
            today,
        );
        assert!(future.unwrap_err().of("presented_on").contains("future"));
        assert!(
            check(
                &form("school_committee", "2026-12-07", "Dr. Lee"),
                false,
                published,
                today
            )
            .is_ok()
        );
        let errors = check(&form("", "soon", " "), false, published, today).unwrap_err();
        assert_eq!(errors.len(), 3);
    }

    #[test]
    fn only_the_summative_report_goes_to_the_board_and_only_ese_records_that() {
        let (published, today) = (d(9, 19), d(12, 7));
        let board = form("board", "2026-10-20", "ESE's commissioner");
        assert!(
            check(&board, false, published, today)
                .unwrap_err()
                .has("body")
        );
        assert!(check(&board, true, published, today).is_ok());
        let district = |p: Permission| p == Permission::RecordPresentation;
        let ese = |p: Permission| p == Permission::PublishQpr;
        assert!(Body::SchoolCommittee.may_record(district));
        assert!(!Body::Board.may_record(district));
        assert!(Body::Board.may_record(ese) && Body::SchoolCommittee.may_record(ese));
    }

    #[test]
    fn a_note_is_a_link_only_when_it_is_one_address() {
        let mut p = Presentation {
            qpr_id: Uuid::nil(),
            body: Body::Board,
            presented_on: d(10, 20),
            presenters: String::new(),
            note: "https://example.org/video".into(),
            revision: 1,
            recorded_by_name: None,
        };
        assert_eq!(p.link(), Some("https://example.org/video"));
        assert_eq!(
            p.sentence(),
            "Presented to the Board of Elementary and Secondary Education on Oct 20, 2026"
        );
        p.note = "Minutes at https://example.org, item 4".into();
        assert_eq!(p.link(), None);
        p.note = "javascript:alert(1)".into();
        assert_eq!(p.link(), None);
    }
}
