//! What a district's export holds, table by table, and the README.txt and schema.json that
//! document it inside the ZIP. A table with a `district_id` column that is in neither list fails
//! the export's test, so a new table is never silently left behind.

use serde::Serialize;

/// The tables exported, one JSON file each (`<table>.json`), with what a reader finds in them.
pub const TABLES: &[(&str, &str)] = &[
    (
        "plans",
        "Every version of the Accelerated Improvement Plan (drafts, submitted, approved, archived): Section 1 and the workflow's dates.",
    ),
    (
        "plan_changes",
        "The plan's history: each change, who made it and when, the text before and after, and the reason given.",
    ),
    (
        "plan_reviews",
        "ESE's rubric reviews of a plan: the decision and the summary.",
    ),
    (
        "plan_review_criteria",
        "Each rubric review's rating and comment on each of the five criteria.",
    ),
    (
        "objectives",
        "The plan's district strategic objectives, in order.",
    ),
    (
        "initiatives",
        "The initiatives of each objective (one strategy sheet each).",
    ),
    (
        "activities",
        "The activities of each initiative, with their dates and leads.",
    ),
    (
        "activity_updates",
        "Every status an activity was given, with its date and note.",
    ),
    (
        "benchmarks",
        "Early evidence, short-term and final outcome benchmarks, with their measures.",
    ),
    (
        "benchmark_targets",
        "Each benchmark's targets and their due dates.",
    ),
    ("measurements", "Every value measured for a benchmark."),
    (
        "evidence",
        "The evidence library: links, and files whose bytes are under files/<id>/.",
    ),
    (
        "highlight_discussions",
        "Highlight Discussions: the schedule, the minutes in the template's sections, and their review and finalisation.",
    ),
    (
        "discussion_agenda_items",
        "What each discussion's agenda takes up, with the minutes' note on it.",
    ),
    (
        "discussion_comments",
        "Comments on a discussion's agenda before the meeting.",
    ),
    (
        "minutes_evidence",
        "The evidence inventoried in each discussion's minutes.",
    ),
    (
        "minutes_reviews",
        "The superintendent's and monitor's answers to draft minutes.",
    ),
    (
        "minutes_revisions",
        "Corrections of final minutes: the reason and the text as it was.",
    ),
    (
        "qprs",
        "Quarterly Progress Reports and, for the June–August slot, the Annual Summative Report: period, status, summary, recommendations for next year and publication.",
    ),
    (
        "qpr_outcomes",
        "The Summative Report's words on each final outcome against its targets.",
    ),
    (
        "report_presentations",
        "Each presentation of a published report to the School Committee or the Board: date, presenters, minutes or video.",
    ),
    ("qpr_objectives", "Each report's narrative per objective."),
    (
        "qpr_initiatives",
        "Each report's narrative per initiative with its process and performance ratings, evidence and rationale.",
    ),
    (
        "qpr_rating_evidence",
        "Evidence from the library cited for a rating.",
    ),
    (
        "qpr_comments",
        "Comments on a report in review and the answers to them.",
    ),
    (
        "qpr_revisions",
        "Corrections of published reports: the reason and the text as published.",
    ),
    (
        "evidence_requests",
        "The monitor's requests for more evidence, an interview or a visit, and their answers.",
    ),
    (
        "evidence_request_answers",
        "The evidence given in answer to a request.",
    ),
    (
        "continuum_reflections",
        "Reflections on progress toward exit: when, where, who recorded them.",
    ),
    (
        "continuum_positions",
        "Where the district stood on each exit criterion at a reflection, with evidence and rationale.",
    ),
    (
        "district_roles",
        "Who holds which role in the district (names in people.json).",
    ),
    ("district_ese_contacts", "The district's ESE contacts."),
];

/// Tables with a `district_id` that are not the district's record, and why.
pub const LEFT_OUT: &[(&str, &str)] = &[(
    "notifications",
    "each person's own in-app notices, readable only by that person; the events they tell of are in the tables above",
)];

/// A column as schema.json describes it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Column {
    #[serde(skip)]
    pub table_name: String,
    pub name: String,
    #[serde(rename = "type")]
    pub data_type: String,
    pub nullable: bool,
}

/// The columns of every exported table, as the database has them now.
pub const COLUMNS_SQL: &str = "\
    SELECT table_name::text, column_name::text AS name, data_type::text, \
           is_nullable = 'YES' AS nullable \
    FROM information_schema.columns \
    WHERE table_schema = 'public' AND table_name = ANY($1) \
    ORDER BY table_name, ordinal_position";

/// Each exported table's primary key columns, so rows come in a stable order.
pub const KEYS_SQL: &str = "\
    SELECT c.relname::text, a.attname::text FROM pg_index i \
    JOIN pg_class c ON c.oid = i.indrelid \
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY (i.indkey::int2[]) \
    WHERE i.indisprimary AND c.relnamespace = 'public'::regnamespace AND c.relname = ANY($1) \
    ORDER BY c.relname, array_position(i.indkey::int2[], a.attnum)";

#[derive(Serialize)]
struct FileDoc<'a> {
    file: String,
    holds: &'a str,
    columns: Vec<&'a Column>,
}

const EXTRA: &[(&str, &str)] = &[
    (
        "district.json",
        "The district itself: name, address name (slug), accountability level, enrollment, profile.",
    ),
    (
        "people.json",
        "The people whose ids the other files name: the district's people, its ESE contacts and ESE's staff (id, name, email, title, ESE role).",
    ),
];

/// schema.json: every file of the ZIP with what it holds and its columns.
pub fn schema(columns: &[Column]) -> serde_json::Result<Vec<u8>> {
    let tables = TABLES.iter().map(|(table, holds)| FileDoc {
        file: format!("{table}.json"),
        holds,
        columns: columns.iter().filter(|c| c.table_name == *table).collect(),
    });
    let extra = EXTRA.iter().map(|(file, holds)| FileDoc {
        file: (*file).to_string(),
        holds,
        columns: Vec::new(),
    });
    serde_json::to_vec_pretty(&extra.chain(tables).collect::<Vec<_>>())
}

/// README.txt: how the ZIP is laid out, file by file and column by column.
pub fn readme(district: &str, exported_at: &str, columns: &[Column]) -> String {
    let mut text = format!(
        "Throughline: the whole record of {district}, exported {exported_at}.\n\n\
         Every .json file is a JSON array with one object per row, the object's keys being the\n\
         table's columns (listed below and in schema.json, with their PostgreSQL types). Ids are\n\
         UUIDs; a column ending in _id names a row of another file (user ids: people.json).\n\
         Dates are YYYY-MM-DD; times are ISO 8601 with their offset. Each table was read in turn\n\
         while the app was in use, so a change made during the export may show in one file and\n\
         not yet in another.\n\n\
         files/<evidence id>/<file name>: the bytes of each evidence file, as uploaded; its row\n\
         is in evidence.json. files/missing.txt lists any the store no longer had.\n\
         Generated documents (PDFs of plans and reports) are not part of Throughline yet, so\n\
         none are here; the reports' and minutes' text is in their tables.\n\n"
    );
    for (file, holds) in EXTRA {
        text.push_str(&format!("{file}\n  {holds}\n\n"));
    }
    for (table, holds) in TABLES {
        text.push_str(&format!("{table}.json\n  {holds}\n"));
        for column in columns.iter().filter(|c| c.table_name == *table) {
            let null = if column.nullable {
                ", may be empty"
            } else {
                ""
            };
            text.push_str(&format!(
                "    {}: {}{null}\n",
                column.name, column.data_type
            ));
        }
        text.push('\n');
    }
    text.push_str("Left out:\n");
    for (table, why) in LEFT_OUT {
        text.push_str(&format!("  {table}: {why}.\n"));
    }
    text
}
