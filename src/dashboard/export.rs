//! The table as CSV, for a spreadsheet: the same rows, filters and order as the page.

use super::table::{Column, DistrictRow};

/// A cell a spreadsheet would run as a formula ("=HYPERLINK(…)" as a district's name) is
/// written as text by a leading quote (OWASP's advice for CSV injection).
pub fn guard(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

pub fn render(rows: &[DistrictRow]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(Column::ALL.iter().map(|c| c.name()))?;
    for row in rows {
        writer.write_record(Column::ALL.iter().map(|c| guard(&c.text(row))))?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

/// "throughline-districts-2026-11-24.csv".
pub fn file_name(today: chrono::NaiveDate) -> String {
    format!("throughline-districts-{}.csv", today.format("%Y-%m-%d"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_looking_cells_become_text() {
        assert_eq!(guard("=1+2"), "'=1+2");
        assert_eq!(guard("+1"), "'+1");
        assert_eq!(guard("-1"), "'-1");
        assert_eq!(guard("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(guard("Randolph"), "Randolph");
        assert_eq!(guard(""), "");
    }
}
