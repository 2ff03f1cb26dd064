//! What the query string asks of the table: `?sort=behind&dir=desc&level=4&monitor=<id>&status=approved`.
//! A value the dashboard does not know is ignored, so a hand-edited or stale link still shows the
//! table (with the default for that part), never an error.

use uuid::Uuid;

use super::table::{Column, DistrictRow, Monitor};
use crate::plans::model::PlanStatus;

/// The plan-status filter: a status, or "no plan".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    Plan(PlanStatus),
    NoPlan,
}

impl StatusFilter {
    pub const ALL: [Self; 4] = [
        Self::Plan(PlanStatus::Approved),
        Self::Plan(PlanStatus::Submitted),
        Self::Plan(PlanStatus::Draft),
        Self::NoPlan,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Self::Plan(PlanStatus::Approved) => "approved",
            Self::Plan(PlanStatus::Submitted) => "submitted",
            Self::Plan(PlanStatus::Draft) => "draft",
            Self::Plan(PlanStatus::Scheduled) => "scheduled",
            Self::Plan(PlanStatus::Archived) => "archived",
            Self::NoPlan => "none",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Plan(status) => status.label(),
            Self::NoPlan => "No plan",
        }
    }

    fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    fn matches(self, row: &DistrictRow) -> bool {
        match self {
            Self::Plan(status) => row.plan_status == Some(status),
            Self::NoPlan => row.plan_status.is_none(),
        }
    }
}

/// Accountability levels run from 1 to 5.
pub const LEVELS: [i16; 5] = [1, 2, 3, 4, 5];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub sort: Column,
    pub desc: bool,
    pub level: Option<i16>,
    pub monitor: Option<Uuid>,
    pub status: Option<StatusFilter>,
}

impl Default for Params {
    fn default() -> Self {
        Self {
            sort: Column::District,
            desc: false,
            level: None,
            monitor: None,
            status: None,
        }
    }
}

impl Params {
    /// Reads the query's pairs (the first of a repeated name wins). A monitor filter must name
    /// one of `monitors`; anything unknown falls back to the default.
    pub fn parse(pairs: &[(String, String)], monitors: &[Monitor]) -> Self {
        let get = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim());
        let sort = get("sort")
            .and_then(Column::parse)
            .unwrap_or(Column::District);
        Self {
            sort,
            desc: get("dir") == Some("desc"),
            level: get("level")
                .and_then(|v| v.parse::<i16>().ok())
                .filter(|l| LEVELS.contains(l)),
            monitor: get("monitor")
                .and_then(|v| Uuid::parse_str(v).ok())
                .filter(|id| monitors.iter().any(|m| m.id == *id)),
            status: get("status").and_then(StatusFilter::parse),
        }
    }

    pub fn is_filtered(&self) -> bool {
        self.level.is_some() || self.monitor.is_some() || self.status.is_some()
    }

    fn keeps(&self, row: &DistrictRow) -> bool {
        self.level.is_none_or(|l| row.level == l)
            && self
                .monitor
                .is_none_or(|id| row.monitors.iter().any(|m| m.id == id))
            && self.status.is_none_or(|s| s.matches(row))
    }

    /// The rows the filters keep, in the order asked for; ties stay in name order.
    pub fn apply(&self, mut rows: Vec<DistrictRow>) -> Vec<DistrictRow> {
        rows.retain(|r| self.keeps(r));
        rows.sort_by(|a, b| Column::District.compare(a, b));
        rows.sort_by(|a, b| {
            let order = self.sort.compare(a, b);
            if self.desc { order.reverse() } else { order }
        });
        rows
    }

    /// The filters as query pairs (without the sort).
    fn filter_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(level) = self.level {
            pairs.push(("level", level.to_string()));
        }
        if let Some(id) = self.monitor {
            pairs.push(("monitor", id.to_string()));
        }
        if let Some(status) = self.status {
            pairs.push(("status", status.key().to_string()));
        }
        pairs
    }

    /// The whole query string, "" for the defaults. Every value is one the dashboard wrote
    /// itself (a level, an id, a key), so none needs escaping.
    pub fn query(&self) -> String {
        let mut pairs = Vec::new();
        if self.sort != Column::District || self.desc {
            pairs.push(("sort", self.sort.key()));
            pairs.push(("dir", if self.desc { "desc" } else { "asc" }.to_string()));
        }
        pairs.extend(self.filter_pairs());
        if pairs.is_empty() {
            return String::new();
        }
        let joined: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        format!("?{}", joined.join("&"))
    }

    /// Where a column heading leads: sorted by it, ascending, or the other way round when it
    /// is already the sort.
    pub fn sort_href(&self, column: Column) -> String {
        let next = Self {
            sort: column,
            desc: self.sort == column && !self.desc,
            ..self.clone()
        };
        format!("/dashboard{}", next.query())
    }

    /// `aria-sort` for a heading.
    pub fn aria_sort(&self, column: Column) -> &'static str {
        match (self.sort == column, self.desc) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn unknown_values_fall_back_to_the_defaults() {
        let monitor = Monitor {
            id: Uuid::new_v4(),
            name: "M".into(),
        };
        let parsed = Params::parse(
            &pairs(&[
                ("sort", "nonsense"),
                ("dir", "sideways"),
                ("level", "9"),
                ("monitor", "not-a-uuid"),
                ("status", "maybe"),
            ]),
            std::slice::from_ref(&monitor),
        );
        assert_eq!(parsed, Params::default());
        let stranger = Uuid::new_v4().to_string();
        let parsed = Params::parse(
            &pairs(&[("monitor", &stranger)]),
            std::slice::from_ref(&monitor),
        );
        assert_eq!(parsed.monitor, None, "an id that is no monitor's");
        let id = monitor.id.to_string();
        let parsed = Params::parse(
            &pairs(&[
                ("sort", "process3"),
                ("dir", "desc"),
                ("level", "4"),
                ("monitor", &id),
            ]),
            std::slice::from_ref(&monitor),
        );
        assert_eq!(parsed.sort, Column::Process(2));
        assert!(parsed.desc);
        assert_eq!(parsed.level, Some(4));
        assert_eq!(parsed.monitor, Some(monitor.id));
    }

    #[test]
    fn a_heading_toggles_its_own_direction_and_keeps_the_filters() {
        let params = Params {
            sort: Column::Behind,
            desc: false,
            level: Some(4),
            monitor: None,
            status: Some(StatusFilter::Plan(PlanStatus::Approved)),
        };
        assert_eq!(
            params.sort_href(Column::Behind),
            "/dashboard?sort=behind&dir=desc&level=4&status=approved"
        );
        assert_eq!(
            params.sort_href(Column::Days),
            "/dashboard?sort=days&dir=asc&level=4&status=approved"
        );
        assert_eq!(Params::default().query(), "");
    }

    #[test]
    fn every_column_key_parses_back() {
        for column in Column::ALL {
            assert_eq!(Column::parse(&column.key()), Some(column));
        }
    }
}
