//! Writing the tables: one workbook with a sheet per table, or one CSV file per table.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::table::{Cell, Table};
use crate::dashboard::export::guard;

/// The widest a column grows to fit its text, in characters: long descriptions wrap instead.
const MAX_WIDTH: u32 = 60;

/// A workbook as people expect one: a bold header row that stays in view, filters on it, dates
/// as dates, numbers as numbers, columns as wide as their text (up to a limit). A cell that
/// begins with "=" is written as text, never as a formula: only `write_formula` makes one.
pub fn workbook(tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let wrap = Format::new().set_text_wrap();
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(table.name)?;
        for (col, heading) in (0u16..).zip(table.header) {
            sheet.write_string_with_format(0, col, *heading, &bold)?;
        }
        for (row, cells) in (1u32..).zip(&table.rows) {
            for (col, cell) in (0u16..).zip(cells) {
                match cell {
                    Cell::Text(text) if text.chars().count() > MAX_WIDTH as usize => {
                        sheet.write_string_with_format(row, col, text, &wrap)?
                    }
                    Cell::Text(text) => sheet.write_string(row, col, text)?,
                    Cell::Number(value) => sheet.write_number(row, col, *value)?,
                    Cell::Date(on) => sheet.write_datetime_with_format(row, col, on, &date)?,
                    Cell::Empty => sheet,
                };
            }
        }
        let last_row = u32::try_from(table.rows.len()).unwrap_or(u32::MAX);
        let last_col = u16::try_from(table.header.len().saturating_sub(1)).unwrap_or(0);
        sheet.autofilter(0, 0, last_row, last_col)?;
        sheet.set_freeze_panes(1, 0)?;
        sheet.set_autofit_max_width(MAX_WIDTH * 7).autofit();
    }
    workbook.save_to_buffer()
}

/// One table as CSV: the same columns, dates as year-month-day, and cells a spreadsheet would
/// run as a formula written as text.
pub fn csv(table: &Table) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(table.header)?;
    for cells in &table.rows {
        writer.write_record(cells.iter().map(|cell| match cell {
            Cell::Text(text) => guard(text),
            Cell::Number(value) if value.fract() == 0.0 => format!("{value:.0}"),
            Cell::Number(value) => value.to_string(),
            Cell::Date(on) => on.format("%Y-%m-%d").to_string(),
            Cell::Empty => String::new(),
        }))?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}
