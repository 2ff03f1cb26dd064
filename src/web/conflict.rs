//! The lost-update view every versioned form shares: when someone else saved the same thing
//! first, the fields that differ, theirs beside what this person typed (which stays in the form).
//! `templates/macros.html` renders them with its `conflict` macro.

/// One field of a conflict: what the other person saved, and what this person typed.
pub struct ConflictRow {
    pub label: String,
    pub theirs: String,
    pub yours: String,
}

/// Rows for the `(label, theirs, yours)` fields that differ; whitespace at the ends does not
/// count as a difference.
pub fn differing<L: Into<String>>(
    fields: impl IntoIterator<Item = (L, String, String)>,
) -> Vec<ConflictRow> {
    fields
        .into_iter()
        .filter(|(_, theirs, yours)| theirs.trim() != yours.trim())
        .map(|(label, theirs, yours)| ConflictRow {
            label: label.into(),
            theirs,
            yours,
        })
        .collect()
}
