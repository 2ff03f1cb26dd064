//! One discussion's page: when and where, the plan discussed, telling ESE, the process steps with
//! their deadlines, the agreed agenda and its comments, and where the minutes stand.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::response::Response;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::contacts::{self, EseContact};
use super::{discussion_path, fetch, flags};
use crate::access::{DistrictScope, Permission};
use crate::calendar::{DEFAULT_TIME_ZONE, date_label, deadlines, local_date, today};
use crate::db::scoped;
use crate::error::{AppError, Result};
use crate::highlights::model::{Discussion, MinutesStatus, steps};
use crate::highlights::queries::{self, AgendaItem};
use crate::plans::model::PlanTree;
use crate::web::Layout;
use crate::web::open::Ids;

/// "Nov 3, 2026 at 2:15 PM", local time.
fn moment_label(at: DateTime<Utc>) -> String {
    at.with_timezone(&DEFAULT_TIME_ZONE)
        .format("%b %-d, %Y at %-I:%M %p")
        .to_string()
}

pub struct StepRow {
    pub name: &'static str,
    pub who: &'static str,
    pub due: String,
    pub state: String,
    pub css_class: &'static str,
}

pub struct AgendaLine {
    /// "Initiative 1.2", "Final outcome".
    pub label: String,
    pub wording: String,
}

#[derive(sqlx::FromRow)]
pub struct Comment {
    pub author: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

impl Comment {
    pub fn at(&self) -> String {
        moment_label(self.created_at)
    }
}

/// Who told ESE and who scheduled it, by name.
#[derive(sqlx::FromRow)]
struct People {
    notified_by: Option<String>,
    scheduled_by: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "highlights/show.html")]
pub struct ShowPage {
    layout: Layout,
    slug: String,
    district_name: String,
    path: String,
    d: Discussion,
    when: String,
    plan_title: String,
    scheduled_by: String,
    /// The one-week warning, or empty.
    late_warning: String,
    /// "ESE told on Nov 3, 2026 by Ana Ruiz", or empty when not yet told.
    told: String,
    told_late: bool,
    /// When ESE should be told, while not yet told.
    tell_by: String,
    flags: Vec<String>,
    contacts: Vec<EseContact>,
    steps: Vec<StepRow>,
    initiatives: Vec<AgendaLine>,
    benchmarks: Vec<AgendaLine>,
    evidence: Vec<AgendaLine>,
    comments: Vec<Comment>,
    previous: String,
    next: String,
    minutes_label: String,
    minutes_class: &'static str,
    can_schedule: bool,
    can_edit: bool,
    can_comment: bool,
    can_manage_contacts: bool,
}

pub async fn show(mut scope: DistrictScope, Path((_, id)): Ids) -> Result<ShowPage> {
    scope.require(Permission::ViewPlan)?;
    let district_id = scope.district.id;
    // Every discussion at once: this one, and the dates either side of it.
    let all = queries::discussions(scope.conn(), district_id).await?;
    let at = all
        .iter()
        .position(|d| d.id == id)
        .ok_or(AppError::NotFound)?;
    let d = all[at].clone();
    // Most recent first: the next discussion comes before this one in the list.
    let next = at.checked_sub(1).map(|i| all[i].when_label());
    let previous = all.get(at + 1).map(Discussion::when_label);
    let reviews = queries::reviews(scope.conn(), district_id, id).await?;
    let agenda = queries::agenda(scope.conn(), district_id, id).await?;
    let tree = crate::plans::queries::load_tree(scope.conn(), district_id, d.plan_id).await?;
    let comments: Vec<Comment> = scoped::all(
        scope.conn(),
        "SELECT coalesce(u.name, 'Former user') AS author, c.body, c.created_at FROM discussion_comments c \
         LEFT JOIN users u ON u.id = c.author_id WHERE c.district_id = $1 AND c.discussion_id = $2 \
         ORDER BY c.created_at",
        district_id,
        id,
    )
    .await?;
    let contacts = contacts::named(scope.conn(), district_id).await?;
    let people: People = sqlx::query_as(
        "SELECT n.name AS notified_by, s.name AS scheduled_by FROM highlight_discussions h \
         LEFT JOIN users n ON n.id = h.ese_notified_by LEFT JOIN users s ON s.id = h.scheduled_by \
         WHERE h.district_id = $1 AND h.id = $2",
    )
    .bind(district_id)
    .bind(id)
    .fetch_one(scope.conn())
    .await?;

    let today = today();
    let held = d.is_held(today);
    let late_warning = match (d.scheduled_late(), held) {
        (false, _) => String::new(),
        (true, false) => "ESE must be told at least one week before; this one is less than a week away.".into(),
        (true, true) => "ESE must be told at least one week before; this one was scheduled less than a week ahead.".into(),
    };
    let notice_due = deadlines::ese_notice(d.held_on);
    let (told, told_late) = match d.ese_notified_at {
        Some(at) => (
            format!(
                "ESE told on {} by {}",
                date_label(local_date(at)),
                people.notified_by.as_deref().unwrap_or("a former user")
            ),
            local_date(at) > notice_due,
        ),
        None => (String::new(), false),
    };
    let steps = steps(&d, &reviews, today)
        .into_iter()
        .map(|s| StepRow {
            name: s.name,
            who: s.who,
            due: s
                .due_on
                .map(date_label)
                .unwrap_or_else(|| "No deadline".into()),
            state: s.state_label(),
            css_class: s.css_class(),
        })
        .collect();
    let (initiatives, benchmarks, evidence) = agenda_lines(&agenda, tree.as_ref());
    let (minutes_label, minutes_class) = if held || d.minutes_status != MinutesStatus::Draft {
        (
            d.minutes_status.label().to_string(),
            d.minutes_status.css_class(),
        )
    } else {
        ("Not held yet".to_string(), "status-archived")
    };
    let page = ShowPage {
        layout: Layout::new(
            &scope.user,
            format!("Highlight Discussion, {}", d.when_label()),
            "home",
        )
        .await,
        slug: scope.district.slug.clone(),
        district_name: scope.district.name.clone(),
        path: discussion_path(&scope.district.slug, id),
        when: d.when_label(),
        plan_title: tree.map(|t| t.plan.title).unwrap_or_default(),
        scheduled_by: people.scheduled_by.unwrap_or_default(),
        late_warning,
        told,
        told_late,
        tell_by: date_label(notice_due),
        flags: flags(&d, &reviews, today),
        contacts,
        steps,
        initiatives,
        benchmarks,
        evidence,
        comments,
        previous: previous.unwrap_or_default(),
        next: next.unwrap_or_default(),
        minutes_label,
        minutes_class,
        can_schedule: scope.can(Permission::ScheduleDiscussions),
        can_edit: scope.can(Permission::ScheduleDiscussions)
            && d.minutes_status != MinutesStatus::Final,
        can_comment: scope.can(Permission::CommentOnAgenda),
        can_manage_contacts: scope.can(Permission::ManageEseContacts),
        d,
    };
    scope.commit().await?;
    Ok(page)
}

/// The agenda's initiatives, benchmarks and evidence, numbered as in the plan.
fn agenda_lines(
    agenda: &[AgendaItem],
    tree: Option<&PlanTree>,
) -> (Vec<AgendaLine>, Vec<AgendaLine>, Vec<AgendaLine>) {
    let number = |initiative: Option<Uuid>| match initiative {
        None => "Final outcome".to_string(),
        Some(id) => tree
            .and_then(|t| {
                let i = t.initiatives.iter().find(|i| i.id == id)?;
                Some(format!("Initiative {}", t.initiative_number(i)))
            })
            .unwrap_or_else(|| "Initiative".into()),
    };
    let (mut initiatives, mut benchmarks, mut evidence) = (Vec::new(), Vec::new(), Vec::new());
    for item in agenda {
        let line = |label: String| AgendaLine {
            label,
            wording: item.wording.clone(),
        };
        if item.initiative_id.is_some() {
            initiatives.push(line(number(item.concerns_initiative)));
        } else if item.benchmark_id.is_some() {
            benchmarks.push(line(number(item.concerns_initiative)));
        } else {
            evidence.push(line("Evidence".into()));
        }
    }
    // In the plan's order, as the numbers read.
    initiatives.sort_by(|a, b| a.label.cmp(&b.label));
    benchmarks.sort_by(|a, b| a.label.cmp(&b.label));
    (initiatives, benchmarks, evidence)
}

pub async fn notify_ese(mut scope: DistrictScope, Path((_, id)): Ids) -> Result<Response> {
    fetch(&mut scope, id).await?;
    scope.require(Permission::ScheduleDiscussions)?;
    let (district_id, user_id) = (scope.district.id, scope.user.user.id);
    // Telling ESE twice keeps the first time: that is when they learnt of it.
    let told = sqlx::query(
        "UPDATE highlight_discussions SET ese_notified_at = now(), ese_notified_by = $3 \
         WHERE district_id = $1 AND id = $2 AND ese_notified_at IS NULL",
    )
    .bind(district_id)
    .bind(id)
    .bind(user_id)
    .execute(scope.conn())
    .await?
    .rows_affected();
    let path = format!("{}#ese-notice", discussion_path(&scope.district.slug, id));
    let message = if told == 1 {
        "ESE was told of the discussion today."
    } else {
        "ESE had already been told of this discussion."
    };
    let done = scope.done(&path, message).await?;
    if told == 1 {
        tracing::info!(discussion_id = %id, "ESE told of a highlight discussion");
    }
    Ok(done)
}
