#![allow(dead_code)]
//! A district whose every dashboard number is known by construction ("Testville"), a district
//! with a formula-looking name and no plan, and the page's table read back cell by cell.

use chrono::{Days, NaiveDate};
use throughline::calendar::{self, QprPeriod};

use crate::support::TestApp;

pub const TESTVILLE: &str = "10000000-0000-0000-0000-000000000001";
const PLAN: &str = "10000000-0000-0000-0000-000000000002";
const O1: &str = "10000000-0000-0000-0000-000000000011";
const O2: &str = "10000000-0000-0000-0000-000000000012";
pub const I1: &str = "10000000-0000-0000-0000-000000000021";
pub const I2: &str = "10000000-0000-0000-0000-000000000022";
pub const I3: &str = "10000000-0000-0000-0000-000000000023";
pub const EVIL_NAME: &str = "=1+2 Evil";

pub fn today() -> NaiveDate {
    calendar::today()
}

/// `n` days before today, as SQL reads a date.
pub fn ago(n: u64) -> String {
    (today() - Days::new(n)).to_string()
}

pub fn ahead(n: u64) -> String {
    (today() + Days::new(n)).to_string()
}

/// Local noon of a day `n` days ago, as a timestamp.
fn at(n: u64) -> String {
    format!("{} 12:00 America/New_York", ago(n))
}

/// What Testville's row must show, from how it was built:
/// - plan approved 100 days ago; monitor: monitor.south.
/// - benchmarks: B1 behind (60 due 10 days ago, 50 measured), B2 behind (80 due 5 days ago,
///   70 measured), B3 met but last measured 40 days ago on a monthly rhythm (stale), B4 never
///   measured, quarterly, 100 days since approval (stale), B5 a final outcome, annual, no targets.
/// - discussions: D0 held 120 days ago (final) on initiative 2.1; D1 held 10 days ago (final) on
///   initiative 1.1 and B1, B2; D2 held 20 days ago, draft, ESE never told (3 steps overdue:
///   ESE notice, draft, final); D3 in 20 days (none overdue); D4 held 30 days ago, in review,
///   the superintendent answered, the monitor not (2 overdue: monitor's review, final).
/// - coverage gaps: 1.2 (never), 2.1 (120 days), B3, B4, B5 → 5.
/// - QPRs: the last ended period published (1.1 Technical/Reached, 1.2 Technical/Not reached,
///   2.1 Fully embedded/unrated), the one before published (1.1 Problematic/Not reached,
///   1.2 Problematic/Partially), the current one a draft (ignored).
pub struct Expected {
    pub process: [usize; 4],
    pub performance: [usize; 4],
    pub overdue: usize,
    pub gaps: usize,
    pub behind: usize,
    pub stale: usize,
    pub days: i64,
}

pub const EXPECTED: Expected = Expected {
    process: [0, 2, 0, 1],
    performance: [1, 0, 1, 0],
    overdue: 5,
    gaps: 5,
    behind: 2,
    stale: 2,
    days: 10,
};

pub fn latest_period() -> QprPeriod {
    QprPeriod::last_ended(today())
}

/// A fresh app with Testville and the districts around it seeded.
pub async fn seeded() -> TestApp {
    let app = TestApp::spawn().await;
    seed(&app).await;
    app
}

pub async fn seed(app: &TestApp) {
    let first_year = calendar::school_year_of(today() - Days::new(100));
    let b = |n: u8| format!("10000000-0000-0000-0000-0000000000{}", 30 + n);
    let h = |n: u8| format!("10000000-0000-0000-0000-0000000000{}", 40 + n);
    let q = |n: u8| format!("10000000-0000-0000-0000-0000000000{}", 50 + n);
    let mut sql = vec![
        format!(
            "INSERT INTO districts (id, name, slug, accountability_level) VALUES ('{TESTVILLE}', 'Testville', 'testville', 3)"
        ),
        "INSERT INTO districts (name, slug, accountability_level) VALUES ('=1+2 Evil', 'evil', 5)"
            .into(),
        format!(
            "INSERT INTO district_roles (district_id, user_id, role) \
             SELECT '{TESTVILLE}', id, 'plan_monitor' FROM users WHERE email = 'monitor.south@demo.test'"
        ),
        format!(
            "INSERT INTO plans (id, district_id, title, first_school_year, last_school_year, status, approved_at) \
             VALUES ('{PLAN}', '{TESTVILLE}', 'Testville plan', {first_year}, {}, 'approved', '{}')",
            first_year + 2,
            at(100)
        ),
        // Created out of rank order: numbering follows rank.
        format!(
            "INSERT INTO objectives (id, district_id, plan_id, rank, title) VALUES \
             ('{O2}', '{TESTVILLE}', '{PLAN}', 20, 'Second'), ('{O1}', '{TESTVILLE}', '{PLAN}', 10, 'First')"
        ),
        format!(
            "INSERT INTO initiatives (id, district_id, objective_id, rank, description) VALUES \
             ('{I2}', '{TESTVILLE}', '{O1}', 9, 'Initiative one-two'), \
             ('{I1}', '{TESTVILLE}', '{O1}', 3, 'Initiative one-one'), \
             ('{I3}', '{TESTVILLE}', '{O2}', 1, 'Initiative two-one')"
        ),
    ];
    for (n, initiative, kind, frequency) in [
        (1, Some(I1), "short_term_outcome", "Monthly"),
        (2, Some(I1), "early_evidence", ""),
        (3, Some(I2), "short_term_outcome", "Monthly"),
        (4, Some(I3), "early_evidence", "Quarterly"),
        (5, None, "final_outcome", "Annually"),
    ] {
        let initiative = initiative.map_or("NULL".into(), |i| format!("'{i}'"));
        sql.push(format!(
            "INSERT INTO benchmarks (id, district_id, plan_id, initiative_id, kind, rank, statement, frequency) \
             VALUES ('{}', '{TESTVILLE}', '{PLAN}', {initiative}, '{kind}', {n}, 'Benchmark {n}', '{frequency}')",
            b(n)
        ));
    }
    let targets = [
        (1, ago(10), 60),
        (2, ago(5), 80),
        (3, ahead(30), 50),
        (4, ahead(60), 70),
    ];
    // B1's measurement dated after today has not been taken yet and must not count.
    let measurements = [
        (1, ago(12), 50),
        (1, ahead(5), 99),
        (2, ago(50), 90),
        (2, ago(6), 70),
        (3, ago(40), 55),
    ];
    // Both are a dated value of a benchmark.
    for (table, date, rows) in [
        ("benchmark_targets", "due_on", &targets[..]),
        ("measurements", "measured_on", &measurements[..]),
    ] {
        for (n, on, value) in rows {
            sql.push(format!(
                "INSERT INTO {table} (district_id, benchmark_id, {date}, value) \
                 VALUES ('{TESTVILLE}', '{}', '{on}', {value})",
                b(*n)
            ));
        }
    }
    let final_ = format!("'final', '{}', '{}', '{}'", at(125), at(118), at(115));
    for (n, held, state) in [
        (0, ago(120), final_),
        (
            1,
            ago(10),
            format!("'final', '{}', '{}', '{}'", at(20), at(9), at(8)),
        ),
        (2, ago(20), "'draft', NULL, NULL, NULL".into()),
        (3, ahead(20), "'draft', NULL, NULL, NULL".into()),
        (
            4,
            ago(30),
            format!("'in_review', '{}', '{}', NULL", at(40), at(28)),
        ),
    ] {
        sql.push(format!(
            "INSERT INTO highlight_discussions (id, district_id, plan_id, held_on, minutes_status, \
                 ese_notified_at, sent_for_review_at, finalised_at) \
             VALUES ('{}', '{TESTVILLE}', '{PLAN}', '{held}', {state})",
            h(n)
        ));
    }
    sql.push(format!(
        "INSERT INTO minutes_reviews (district_id, discussion_id, revision, reviewer_role, outcome, reviewed_at) \
         VALUES ('{TESTVILLE}', '{}', 1, 'superintendent', 'no_discrepancies', '{}')",
        h(4),
        at(27)
    ));
    for (n, column, item) in [
        (0, "initiative_id", I3.to_string()),
        (1, "initiative_id", I1.to_string()),
        (1, "benchmark_id", b(1)),
        (1, "benchmark_id", b(2)),
    ] {
        sql.push(format!(
            "INSERT INTO discussion_agenda_items (district_id, discussion_id, {column}) \
             VALUES ('{TESTVILLE}', '{}', '{item}')",
            h(n)
        ));
    }
    let latest = latest_period();
    for (n, period, status) in [
        (1, latest.previous().start, "published"),
        (2, latest.start, "published"),
        (3, latest.next().start, "draft"),
    ] {
        let published = if status == "published" {
            "now()"
        } else {
            "NULL"
        };
        sql.push(format!(
            "INSERT INTO qprs (id, district_id, plan_id, period_start, status, published_at) \
             VALUES ('{}', '{TESTVILLE}', '{PLAN}', '{period}', '{status}', {published})",
            q(n)
        ));
    }
    for (n, initiative, process, performance) in [
        (1, I1, "'problematic'", "'not_reached'"),
        (1, I2, "'problematic'", "'partially_reached'"),
        (2, I1, "'technical'", "'reached'"),
        (2, I2, "'technical'", "'not_reached'"),
        (2, I3, "'fully_embedded'", "NULL"),
        (3, I1, "'fully_embedded'", "'reached_high'"),
    ] {
        sql.push(format!(
            "INSERT INTO qpr_initiatives (district_id, qpr_id, initiative_id, process_rating, performance_rating) \
             VALUES ('{TESTVILLE}', '{}', '{initiative}', {process}, {performance})",
            q(n)
        ));
    }
    for statement in sql {
        app.execute(&statement).await;
    }
}

/// The districts' table of the dashboard page.
fn dashboard_table(html: &str) -> &str {
    crate::support::section(html, "<table class=\"data dashboard-table\"", "</table>")
}

/// The districts' names in page order.
pub fn names(html: &str) -> Vec<String> {
    dashboard_table(html)
        .split("<th scope=\"row\">")
        .skip(1)
        .map(|th| crate::support::unescape(&text(&th[..th.find("</th>").unwrap()])))
        .collect()
}

/// The table's rows as (slug, cells by `data-col`), in page order.
pub fn table(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    dashboard_table(html)
        .split("<tr data-district=\"")
        .skip(1)
        .map(|row| {
            let slug = row[..row.find('"').unwrap()].to_string();
            let cells = row
                .split("data-col=\"")
                .skip(1)
                .map(|cell| {
                    let name = cell[..cell.find('"').unwrap()].to_string();
                    let body = &cell[cell.find('>').unwrap() + 1..cell.find("</td>").unwrap()];
                    (name, crate::support::unescape(&text(body)))
                })
                .collect();
            (slug, cells)
        })
        .collect()
}

/// The text of some HTML, tags dropped and spaces squeezed.
pub fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn slugs(html: &str) -> Vec<String> {
    table(html).into_iter().map(|(slug, _)| slug).collect()
}

/// One cell of one district's row.
pub fn cell(html: &str, slug: &str, column: &str) -> String {
    let rows = table(html);
    let (_, cells) = rows
        .iter()
        .find(|(s, _)| s == slug)
        .unwrap_or_else(|| panic!("no row for {slug}"));
    cells
        .iter()
        .find(|(name, _)| name == column)
        .unwrap_or_else(|| panic!("no {column} cell"))
        .1
        .clone()
}
