//! Field-level error messages for forms that are re-rendered with what the person typed.

use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Serialize};

/// Messages keyed by field name; a form is valid when it has none. The names are static unless a
/// form builds them at run time (one field per objective, say).
#[derive(Debug, Clone)]
pub struct FieldErrors<K = &'static str>(BTreeMap<K, String>);

impl<K> Default for FieldErrors<K> {
    fn default() -> Self {
        Self(BTreeMap::new())
    }
}

impl<K: Ord + Borrow<str>> FieldErrors<K> {
    pub fn add(&mut self, field: K, message: impl Into<String>) {
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

/// What a person is told when a field holds a character that cannot be kept.
pub const CONTROL_CHARACTER: &str = "This contains a character that cannot be saved (a control \
     character). Remove it and try again.";

/// Text typed into a form field. It reads any string, so a stray character never makes the whole
/// form unreadable; [`Text::check`] then names the field, and the form comes back with what was
/// typed. Control characters other than newline, carriage return and tab are refused: PostgreSQL
/// cannot store NUL at all, and the rest are invisible on the page and break exports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(transparent)]
pub struct Text(String);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }

    /// Adds the control-character message for `field` when the text holds one.
    pub fn check(&self, field: &'static str, errors: &mut FieldErrors) {
        if has_control_character(&self.0) {
            errors.add(field, CONTROL_CHARACTER);
        }
    }
}

/// Adds the control-character message to each of `fields` (name, text) that holds one: for forms
/// whose fields are plain strings.
pub fn check_text(errors: &mut FieldErrors, fields: &[(&'static str, &str)]) {
    for (field, text) in fields {
        if has_control_character(text) {
            errors.add(field, CONTROL_CHARACTER);
        }
    }
}

/// Whether `text` holds a control character other than newline, carriage return and tab.
pub fn has_control_character(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Self(text)
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Self(text.to_owned())
    }
}

impl From<Text> for String {
    fn from(text: Text) -> Self {
        text.0
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
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
    check_text(&mut errors, &[("reason", &reason)]);
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

/// For the tests of a set of choices that pages post and rows store by key: each one reads back
/// from its key.
#[cfg(test)]
pub fn assert_keys_round_trip<T: Copy + PartialEq + fmt::Debug>(
    all: &[T],
    key: impl Fn(T) -> &'static str,
    parse: impl Fn(&str) -> Option<T>,
) {
    for &choice in all {
        assert_eq!(parse(key(choice)), Some(choice), "{choice:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Comment {
        body: Text,
    }

    #[test]
    fn text_reads_any_string_and_refuses_control_characters_but_line_breaks_and_tabs() {
        let posted: Comment = serde_json::from_str(r#"{"body": "a\u0000b"}"#).unwrap();
        assert_eq!(posted.body, "a\u{0}b");
        let mut errors = FieldErrors::default();
        posted.body.check("body", &mut errors);
        assert_eq!(errors.of("body"), CONTROL_CHARACTER);

        for fine in ["two\r\nlines\tand a tab", "é ✓ 漢字", ""] {
            let mut errors = FieldErrors::default();
            Text::from(fine).check("body", &mut errors);
            assert!(errors.is_empty(), "{fine:?} is accepted");
        }
        for bad in [
            "\u{1}",
            "bell\u{7}",
            "esc\u{1b}[0m",
            "del\u{7f}",
            "c1\u{85}",
        ] {
            assert!(has_control_character(bad), "{bad:?} is refused");
        }
    }
}
