//! A required text with a length limit, as the plan, objective, benchmark, district and person
//! forms check their title or name: one message when it is left empty, another when it is too
//! long. Those forms' checks start the same way, so [`Required::start`] is that start.

use crate::web::forms::{FieldErrors, check_text};

/// A form's required text field, its limit and what the person is told.
pub struct Required {
    pub field: &'static str,
    /// Characters, counted after cleaning.
    pub max: usize,
    pub missing: &'static str,
    pub too_long: &'static str,
}

impl Required {
    /// A form's first checks: no control characters in the `typed` required text nor in the
    /// form's `other` text fields (name, text); then the required text as it will be stored,
    /// cleaned by `clean`, noted when it is empty or longer than the limit.
    pub fn start(
        &self,
        typed: &str,
        clean: fn(&str) -> String,
        other: &[(&'static str, &str)],
    ) -> (FieldErrors, String) {
        let mut errors = FieldErrors::default();
        check_text(&mut errors, &[(self.field, typed)]);
        check_text(&mut errors, other);
        let text = clean(typed);
        if text.is_empty() {
            errors.add(self.field, self.missing);
        } else if text.chars().count() > self.max {
            errors.add(self.field, self.too_long);
        }
        (errors, text)
    }
}

/// A paragraph as it is stored: without the blank space around it.
pub fn trimmed(text: &str) -> String {
    text.trim().to_string()
}
