//! Reading single values back from the database, as the owner, for checks on what a step saved.

use super::TestApp;

impl TestApp {
    /// `expr` of the row of `table` whose id is `id`, as text ("" for NULL).
    pub async fn field(&self, table: &str, id: &str, expr: &str) -> String {
        self.query_text(&format!(
            "SELECT coalesce(({expr})::text, '') FROM {table} WHERE id = '{id}'"
        ))
        .await
    }

    /// `expr` of the account with `email`, as text ("" for NULL).
    pub async fn user_field(&self, email: &str, expr: &str) -> String {
        self.query_text(&format!(
            "SELECT coalesce(({expr})::text, '') FROM users WHERE email = '{email}'"
        ))
        .await
    }

    /// How many rows of `table` match `condition`, as text.
    pub async fn count_where(&self, table: &str, condition: &str) -> String {
        self.query_text(&format!(
            "SELECT count(*)::text FROM {table} WHERE {condition}"
        ))
        .await
    }

    /// The date `days` days from today in Massachusetts (negative: before today), as text.
    pub async fn day_from_today(&self, days: i64) -> String {
        self.query_text(&format!(
            "SELECT ((now() AT TIME ZONE 'America/New_York')::date + {days})::text"
        ))
        .await
    }
}
