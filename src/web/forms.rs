//! Field-level error messages for forms that are re-rendered with what the person typed.

use std::collections::BTreeMap;

/// Messages keyed by field name; a form is valid when it has none.
#[derive(Debug, Default, Clone)]
pub struct FieldErrors(BTreeMap<&'static str, String>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.entry(field).or_insert_with(|| message.into());
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    /// For templates: the message for `field`, or an empty string.
    pub fn of(&self, field: &str) -> &str {
        self.get(field).unwrap_or("")
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }
}

/// The name of the unique constraint a database error violated, if that is what it was.
pub fn unique_violation(error: &sqlx::Error) -> Option<String> {
    match error {
        sqlx::Error::Database(db) if db.is_unique_violation() => db.constraint().map(str::to_owned),
        _ => None,
    }
}

/// Trims and collapses a one-line text field.
pub fn clean_line(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The reason for correcting something final or published: required, and kept with the text it
/// replaces (`replaced`: "final text", "published text").
pub fn correction_reason(typed: &str, replaced: &str) -> (String, FieldErrors) {
    let reason = typed.trim().to_string();
    let mut errors = FieldErrors::default();
    if reason.is_empty() {
        errors.add(
            "reason",
            format!(
                "Give the reason for the correction; it is kept with the {replaced} it replaces."
            ),
        );
    } else if reason.chars().count() > 2000 {
        errors.add("reason", "Keep the reason to 2,000 characters.");
    }
    (reason, errors)
}
