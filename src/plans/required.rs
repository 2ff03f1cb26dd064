//! A required line of text with a length limit, as the plan, district and person forms check
//! their title or name: one message when it is left empty, another when it is too long.

use crate::web::forms::FieldErrors;

/// `text` (already cleaned) as it will be stored; `missing` noted on `field` when it is empty,
/// `too_long` when it has more than `max` characters.
pub fn required(
    errors: &mut FieldErrors,
    field: &'static str,
    text: String,
    max: usize,
    missing: &str,
    too_long: &str,
) -> String {
    if text.is_empty() {
        errors.add(field, missing);
    } else if text.chars().count() > max {
        errors.add(field, too_long);
    }
    text
}
